#!/usr/bin/env bash
# Installs the Debian packages the test suite runs for real (idempotent: installs only what is missing, and runs
# `apt-get update` once, only if something is missing).
#   prometheus         -> /usr/bin/prometheus and promtool (PrometheusIT: real scrape, PromQL, promtool checks)
#   mosquitto-clients  -> mosquitto_pub / mosquitto_sub (manual and scripted MQTT checks)
set -euo pipefail

packages=(prometheus mosquitto-clients)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: all present (${packages[*]})"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "install-test-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
# the Debian prometheus package would start a service on :9090; tests start their own on a free port
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

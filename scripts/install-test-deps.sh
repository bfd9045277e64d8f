#!/usr/bin/env bash
# Installs what the test suite needs beyond Maven and Java, on a fresh Debian machine; idempotent.
#   Debian: mosquitto + mosquitto-clients (a real outside broker and CLI clients), prometheus (real Prometheus and
#           promtool), prometheus-alertmanager (amtool: checks alertmanager/alertmanager.yml), chromium (the real browser
#           for the web page tests), openssl (a certificate for the TLS broker test),
#           postgresql (the quarantine store's PostgreSQL tests start their own server with initdb/pg_ctl),
#           kubectl (checks the Kubernetes manifests in deploy/kubernetes offline: kustomize build, typed decoding).
#   npm:    the Flux parser for the Grafana dashboards and @asyncapi/parser for the AsyncAPI export (scripts/),
#           playwright-core for the browser tests (web/tests/).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v mosquitto >/dev/null || need+=(mosquitto)
command -v mosquitto_pub >/dev/null || need+=(mosquitto-clients)
command -v prometheus >/dev/null || need+=(prometheus)
command -v promtool >/dev/null || need+=(prometheus)
command -v amtool >/dev/null || need+=(prometheus-alertmanager)
command -v chromium >/dev/null || need+=(chromium)
command -v openssl >/dev/null || need+=(openssl)
command -v node >/dev/null || need+=(nodejs npm)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v kubectl >/dev/null || need+=(kubectl)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u)
fi
# Debian starts the packaged services; the tests start their own instances on free ports.
for svc in mosquitto prometheus prometheus-alertmanager postgresql; do
  if command -v systemctl >/dev/null && systemctl is-active --quiet "$svc" 2>/dev/null; then systemctl stop "$svc" || true; fi
done

if [ ! -d scripts/node_modules/@influxdata/flux-lsp-node ] || [ ! -d scripts/node_modules/@asyncapi/parser ]; then
  npm --prefix scripts install --no-audit --no-fund
fi
if [ -f web/tests/package.json ] && [ ! -d web/tests/node_modules/playwright-core ]; then
  npm --prefix web/tests install --no-audit --no-fund
fi
echo "Test dependencies are in place."

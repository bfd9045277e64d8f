#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what the tests need, then unit tests (Surefire),
# integration tests (Failsafe) and the static stack checks, all through Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
mvn -B -ntp verify "$@"

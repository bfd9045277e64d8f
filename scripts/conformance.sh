#!/usr/bin/env bash
# Runs the official JSON-Schema-Test-Suite through the gateway's dry-run code path (ContractCompiler + PayloadValidator)
# and prints right / wrong / refused per draft and per file.
#
#   git clone https://github.com/json-schema-org/JSON-Schema-Test-Suite /tmp/JSON-Schema-Test-Suite
#   bash scripts/conformance.sh /tmp/JSON-Schema-Test-Suite [--markdown target/conformance.md] [--verbose]
#
# Exit status 0 when every verdict is right or refused by design, 1 otherwise. MVN_FLAGS (e.g. "-o") go to Maven.
set -euo pipefail
if [[ $# -lt 1 || ! -d "$1/tests" ]]; then
  echo "usage: $0 <path to a JSON-Schema-Test-Suite checkout> [--markdown FILE] [--verbose]" >&2
  exit 2
fi
suite=$(cd "$1" && pwd); shift
cd "$(dirname "$0")/.."
mvn -B -q ${MVN_FLAGS:-} test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >&2
commit=$(git -C "$suite" rev-parse HEAD 2>/dev/null || echo "unknown (not a git checkout)")
echo "JSON-Schema-Test-Suite commit: $commit"
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    io.contractgate.conformance.SuiteRunner "$suite" "$@"

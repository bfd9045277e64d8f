#!/usr/bin/env bash
# JMH microbenchmarks of the hot path (validation, report building; camel-json-validator, wireTap/aggregate and
# micrometer: steps against the gateway's processors). Extra arguments go to JMH, e.g. a regex:
#   bench/jmh.sh Validation.validateValid -f 1 -wi 2 -i 3
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main "${@:-io.contractgate.bench}"

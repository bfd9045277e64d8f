#!/usr/bin/env bash
# Starts the gateway as users and the benchmark do: builds the jar when it is missing or older than the sources,
# then runs it with the JVM settings the published figures were measured with. Arguments go to the gateway
# (e.g. --simulate, --mqtt.broker.url=tcp://host:1883). Override the JVM settings with JAVA_OPTS.
#   JAVA_OPTS default: -Xms128m -Xmx128m -XX:+UseSerialGC (a fixed small heap; Serial GC costs the least CPU per
#   message on 2 cores and keeps RSS near 260 MB; see docs/performance.md)
#   MALLOC_ARENA_MAX=2: two malloc arenas instead of one per busy thread (glibc default), fewer untracked native pages
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="${GATEWAY_JAR:-target/contract-gateway.jar}"
if [ ! -f "$JAR" ] || [ -n "$(find pom.xml src -newer "$JAR" -type f -print -quit 2>/dev/null)" ]; then
  mvn -q -B -DskipTests package
fi
if [ -z "${GATEWAY_JAR:-}" ]; then
  # run a copy: the next build rewrites target/contract-gateway.jar in place, which would pull classes from under a
  # gateway still running from it (NoClassDefFoundError when it stops); a new copy replaces the old one by rename, so
  # a running gateway keeps the file it opened
  RUN_JAR=target/run/contract-gateway.jar
  if ! cmp -s "$JAR" "$RUN_JAR"; then
    mkdir -p target/run
    cp "$JAR" "$RUN_JAR.$$" && mv -f "$RUN_JAR.$$" "$RUN_JAR"
  fi
  JAR="$RUN_JAR"
fi
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# Class data sharing (docs/performance.md, "Start-up"): the classes a start loads are archived once per jar, next to
# it (target/run/contract-gateway.jsa, written when the first run after a build ends, e.g. on Ctrl-C), and later starts map
# them instead of loading and verifying them again. A stale or unusable archive is ignored (and replaced after the next
# build); GATEWAY_CDS=off leaves it out. The JVM's CDS messages are off: they are not the gateway's log.
CDS=()
if [ "${GATEWAY_CDS:-on}" != off ]; then
  JSA="${JAR%.jar}.jsa"
  if [ -s "$JSA" ] && [ "$JSA" -nt "$JAR" ]; then
    CDS=("-XX:SharedArchiveFile=$JSA")
  else
    rm -f "$JSA"
    CDS=("-XX:ArchiveClassesAtExit=$JSA")
  fi
  CDS+=("-Xlog:cds=off" "-Xlog:cds+dynamic=off")
fi
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
exec java ${JAVA_OPTS:--Xms128m -Xmx128m -XX:+UseSerialGC} "${CDS[@]}" -jar "$JAR" "$@"

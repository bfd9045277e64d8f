# syntax=docker/dockerfile:1
# Two stages so the runtime image carries a JRE and the fat jar only, not Maven,
# the JDK or the local repository.

# ---- build ------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# pom.xml first: the dependency download layer is reused while only sources change.
COPY pom.xml .
# The cache mount keeps ~/.m2 between builds without baking it into a layer.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline || true
COPY src ./src
# packed into the jar as the list of known settings (startup.KnownSettings)
COPY application.properties .
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package

# ---- runtime ----------------------------------------------------------------
# Temurin publishes no "-slim" tag; the JRE variant is the small one (no JDK tools).
# Not the Alpine variant: the healthcheck below needs bash for /dev/tcp.
FROM eclipse-temurin:17-jre

# A fixed, unprivileged account: nothing in the app needs root, and a fixed uid
# keeps bind-mounted files predictable.
RUN groupadd --system --gid 10001 gateway \
 && useradd --system --uid 10001 --gid gateway --home-dir /app --shell /usr/sbin/nologin gateway

# The app resolves routes/, schemas/, web/ and application.properties against
# its working directory, so they sit next to the jar.
WORKDIR /app
COPY --from=build --chown=gateway:gateway /build/target/contract-gateway.jar ./contract-gateway.jar
COPY --chown=gateway:gateway routes/ ./routes/
COPY --chown=gateway:gateway schemas/ ./schemas/
COPY --chown=gateway:gateway web/ ./web/
# the contract editor the build unpacked from its webjar (pom.xml, vendor-contract-editor)
COPY --from=build --chown=gateway:gateway /build/web/assets/vendor/ ./web/assets/vendor/
COPY --chown=gateway:gateway application.properties ./application.properties
# config/ holds what the admin API writes (broker settings, audit log); owned by the app user so the named volume
# compose mounts there starts writable. data/ holds the embedded broker's sessions (mqtt.embedded.data-dir) and the H2
# quarantine (quarantine.data-dir) when no MQTT_BROKER_URL / QUARANTINE_JDBC_URL is given (`docker run` alone): WORKDIR
# made /app root's, so without this the unprivileged user could not create it and the start failed.
RUN mkdir -p /app/config /app/data && chown gateway:gateway /app/config /app/data

USER gateway

# 8000: HTTP (API, admin, dashboard, /metrics, /observe/health)
# 1883: embedded MQTT broker, only used when MQTT_BROKER_URL is empty
# 9010: JMX remote, only when enabled through JAVA_OPTS (see below)
EXPOSE 8000 1883 9010

# JVM flags: the same defaults as scripts/gateway.sh (a fixed 128 MB heap, Serial GC; docs/performance.md), so the
# image runs as measured; raise -Xmx here for a larger influx.buffer-limit. To enable JMX remote add:
#   -Dcom.sun.management.jmxremote
#   -Dcom.sun.management.jmxremote.port=9010
#   -Dcom.sun.management.jmxremote.rmi.port=9010
#   -Dcom.sun.management.jmxremote.authenticate=false
#   -Dcom.sun.management.jmxremote.ssl=false
#   -Djava.rmi.server.hostname=localhost
# (rmi.port equal to port so one published port is enough; authenticate=false
# only on a trusted network, and publish 9010 in docker-compose.yml.)
ENV JAVA_OPTS="-Xms128m -Xmx128m -XX:+UseSerialGC" MALLOC_ARENA_MAX=2
# The gateway binds 127.0.0.1 unless told otherwise; inside a container that would be unreachable through a
# published port, so the image listens on the container's interfaces (what reaches them is decided by -p / ports:).
ENV CAMEL_SERVER_HOST=0.0.0.0

# The JRE image is not guaranteed to ship curl or wget, and installing one adds
# an apt layer and attack surface for a single probe. A `java` probe would start
# a second JVM every interval (slow, memory-hungry). bash is always there and its
# /dev/tcp pseudo-device is enough for a plain HTTP/1.0 GET: healthy only when the
# status line says 200. --timeout kills a probe that hangs on a stuck server.
HEALTHCHECK --interval=10s --timeout=5s --start-period=40s --retries=5 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8000 && printf 'GET /observe/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# sh -c so $JAVA_OPTS is word-split; exec so java is PID 1 and gets SIGTERM.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/contract-gateway.jar"]

#!/bin/sh
# The Spring Boot row of the benchmark: examples/spring-boot-notes (Jetty) restarted by relaunch's starter under
# `relaunch start -- java -jar …`, beside the same app restarted in place by Actuator (spring-cloud-context's
# POST /actuator/restart), in one run: restart latency, failed requests per restart, memory after N restarts.
# Usage: bench/spring/run.sh [--restarts N] [--no-build]        writes bench/results/spring-boot.json
#        bench/spring/run.sh --tomcat [--restarts N]              the relaunch column only, on the Tomcat build of the
#                                                                 example; writes bench/results/spring-boot-tomcat.json
# Loopback only; every process it starts is stopped again (relaunch stop; SIGTERM for the Actuator app).
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
CLASSES="$ROOT/bench/work/spring-classes"

build=1
restarts=10
extra=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --restarts) restarts="$2"; shift ;;
    --tomcat) extra="--app-jar $ROOT/examples/spring-boot-notes/tomcat/target/spring-boot-notes-tomcat.jar --relaunch-only true --out $ROOT/bench/results/spring-boot-tomcat.json" ;;
    --help|-h) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "bench/spring: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$build" = 1 ]; then
  echo "bench/spring: building relaunch.jar, the example and the Actuator baseline..." >&2
  # relaunch-cli depends on both builds of the example (for its tests), so -am builds them too
  (cd "$ROOT" && mvn -B -q -DskipTests package -pl relaunch-cli -am) >&2
  (cd "$ROOT/bench/spring/actuator-app" && mvn -B -q -DskipTests package) >&2
fi

mkdir -p "$CLASSES"
"$JAVAC" -nowarn --release 17 -d "$CLASSES" "$ROOT/bench/spring/SpringBench.java"
# shellcheck disable=SC2086
exec "$JAVA" -XX:+UseSerialGC -Xmx128m -cp "$CLASSES" SpringBench --root "$ROOT" --restarts "$restarts" $extra

#!/bin/sh
# relaunch benchmark: restart latency and requests lost under load (blue-green beside stop-start), start-up time
# beside a bare JVM, idle memory, supervisor growth. Prints a table and writes bench/results/latest.json.
# Usage: bench/run.sh [--quick | --smoke] [--restarts N] [--cold-starts N] [--soak N] [--no-netns] [--no-build] ...
#        bench/run.sh --help
# Loopback only; bounded in count and time (--max-minutes, default 45); every process it starts is stopped again.
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/relaunch-cli/target/relaunch.jar"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
CLASSES="$ROOT/bench/work/classes"

build=1
jar_next=0
for a in "$@"; do
  if [ "$jar_next" = 1 ]; then
    JAR=$a                         # the bench is compiled and run against the same jar it measures
    jar_next=0
  fi
  case "$a" in
    --no-build) build=0 ;;
    --jar) build=0; jar_next=1 ;;  # an explicit jar is used as it is
    --help|-h) build=0 ;;
  esac
done

needs_build() {
  [ ! -f "$JAR" ] && return 0
  [ -n "$(find "$ROOT"/relaunch-*/src/main "$ROOT"/pom.xml "$ROOT"/relaunch-*/pom.xml -newer "$JAR" -type f 2>/dev/null | head -n 1)" ]
}

if [ "$build" = 1 ] && needs_build; then
  echo "bench: building $JAR (missing or older than the sources)..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package) >&2 || { echo "bench: build failed" >&2; exit 1; }
fi

command -v "$JAVAC" >/dev/null 2>&1 || { echo "bench: javac not found (a JDK 17+ is needed)" >&2; exit 1; }
# the bench uses the product's constants (op statuses, strategy names, the CLI's main class), so it needs the jar
[ -f "$JAR" ] || { echo "bench: $JAR is missing; build it with \`mvn -B -q -DskipTests package\` (bench/run.sh does this unless --no-build)" >&2; exit 2; }
# package bench lives in bench/, so the repository's root is its source path
# compiled again when a source or the jar (whose constants it compiles in) is newer than the classes
if [ ! -f "$CLASSES/bench/Bench.class" ] || [ "$JAR" -nt "$CLASSES/bench/Bench.class" ] \
   || [ -n "$(find "$ROOT/bench" -maxdepth 1 -name '*.java' -newer "$CLASSES/bench/Bench.class")" ]; then
  mkdir -p "$CLASSES"
  "$JAVAC" -nowarn --release 17 -d "$CLASSES" -cp "$JAR" -sourcepath "$ROOT" "$ROOT/bench/Bench.java"
fi

exec "$JAVA" -XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 -cp "$CLASSES:$JAR" bench.Bench --root "$ROOT" "$@"

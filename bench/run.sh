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
devloop=1
devloop_next=0
for a in "$@"; do
  if [ "$jar_next" = 1 ]; then
    JAR=$a                         # the bench is compiled and run against the same jar it measures
    jar_next=0
  fi
  if [ "$devloop_next" = 1 ]; then
    [ "$a" = 0 ] && devloop=0
    devloop_next=0
  fi
  case "$a" in
    --smoke) devloop=0 ;;
    --dev-loop) devloop_next=1 ;;
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

# the dev-loop phase runs the examples from their exploded class path: Maven lists their jars, and fetches DevTools
DEVTOOLS_VERSION=4.0.7             # the Spring Boot version of examples/spring-boot-notes
DEVTOOLS_JAR="$HOME/.m2/repository/org/springframework/boot/spring-boot-devtools/$DEVTOOLS_VERSION/spring-boot-devtools-$DEVTOOLS_VERSION.jar"
extra=""
if [ "$devloop" = 1 ]; then
  for m in examples/javalin-notes examples/spring-boot-notes/tomcat; do
    if [ ! -f "$ROOT/$m/target/runtime.classpath" ] || [ "$ROOT/$m/pom.xml" -nt "$ROOT/$m/target/runtime.classpath" ] \
       || [ ! -d "$ROOT/$m/target/classes" ]; then
      echo "bench: listing the examples' class paths for the dev-loop phase (mvn dependency:build-classpath)..." >&2
      (cd "$ROOT" && mvn -B -q -DskipTests package dependency:build-classpath -pl examples/javalin-notes,examples/spring-boot-notes/tomcat -am \
        -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime) >&2 || { echo "bench: the examples' build failed" >&2; exit 1; }
      break
    fi
  done
  if [ ! -f "$DEVTOOLS_JAR" ]; then
    (cd "$ROOT" && mvn -B -q dependency:get -Dartifact=org.springframework.boot:spring-boot-devtools:$DEVTOOLS_VERSION -Dtransitive=false) >&2 \
      || echo "bench: could not fetch spring-boot-devtools; the DevTools column is skipped" >&2
  fi
  if [ -f "$DEVTOOLS_JAR" ]; then
    extra="--devtools-jar $DEVTOOLS_JAR"
  fi
  # `mvn relaunch:run` columns: the plugin and relaunch's artifacts in an isolated local repository, as the plugin's
  # own tests have them (invoker:install; every other repository mirrored to ~/.m2): never installed into ~/.m2
  REPO="$ROOT/bench/work/m2"
  PLUGIN_JAR="$REPO/dev/relaunch/relaunch-maven-plugin/0.1.0/relaunch-maven-plugin-0.1.0.jar"
  if [ ! -f "$PLUGIN_JAR" ] || [ -n "$(find "$ROOT"/relaunch-*/src/main "$ROOT"/pom.xml "$ROOT"/relaunch-*/pom.xml -newer "$PLUGIN_JAR" -type f 2>/dev/null | head -n 1)" ]; then
    echo "bench: installing relaunch's plugin and libraries into $REPO for the relaunch:run columns..." >&2
    (cd "$ROOT" && mvn -B -q -DskipTests -Dit.repo="$REPO" -Dinvoker.localRepositoryPath="$REPO" \
      -pl relaunch-maven-plugin,relaunch-javalin,relaunch-spring-boot-starter -am package org.apache.maven.plugins:maven-invoker-plugin:3.10.1:install) >&2 \
      || echo "bench: could not install the plugin into $REPO; the relaunch:run columns are skipped" >&2
  fi
  if [ -f "$PLUGIN_JAR" ]; then
    extra="$extra --maven-repo $REPO"
  fi
  for j in /usr/lib/jvm/*-25-*/bin/java /usr/lib/jvm/*25*/bin/java; do
    if [ -x "$j" ]; then
      extra="$extra --java25 $j"
      break
    fi
  done
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

# shellcheck disable=SC2086
exec "$JAVA" -XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 -cp "$CLASSES:$JAR" bench.Bench --root "$ROOT" $extra "$@"

#!/bin/sh
# What a real build's bursts of class files look like to the supervisor's watcher (issue 17): `javac` over each
# example's sources, and `mvn compile` of a copy of each example, 5 runs each, watched with the JDK's WatchService.
# Prints per run the gaps between batches of file events; the largest gap inside a build is what the watcher's quiet
# period (--watch-quiet-ms) must outlast for one build to give one restart. Needs what bench/run.sh --dev-loop builds
# (the examples' target/runtime.classpath) and its isolated repository bench/work/m2 (relaunch's artifacts).
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK="$ROOT/bench/work/bursts"
REPO="$ROOT/bench/work/m2"
RUNS=${RUNS:-5}
rm -rf "$WORK" && mkdir -p "$WORK"
printf '<settings><mirrors><mirror><id>user-local-repository</id><mirrorOf>*</mirrorOf><url>file://%s/.m2/repository/</url></mirror></mirrors></settings>\n' "$HOME" > "$WORK/settings.xml"
for ex in javalin-notes spring-boot-notes; do
  cp -r "$ROOT/examples/$ex" "$WORK/$ex"
  rm -rf "$WORK/$ex/instance" "$WORK/$ex/.env" "$WORK/$ex/tomcat/instance" "$WORK/$ex/tomcat/.env"
done
cd "$WORK"
echo "== javac, javalin-notes"
java "$ROOT/bench/bursts/BuildBursts.java" --runs "$RUNS" --watch javalin-notes/target/classes -- \
  javac -nowarn -proc:none --release 17 -d javalin-notes/target/classes -cp "$(cat javalin-notes/target/runtime.classpath)" \
  $(find javalin-notes/src/main/java -name '*.java')
echo "== javac, spring-boot-notes (Tomcat)"
java "$ROOT/bench/bursts/BuildBursts.java" --runs "$RUNS" --watch spring-boot-notes/tomcat/target/classes -- \
  javac -nowarn -proc:none --release 17 -d spring-boot-notes/tomcat/target/classes \
  -cp "$(cat spring-boot-notes/tomcat/target/runtime.classpath)" $(find spring-boot-notes/src/main/java -name '*.java')
echo "== javac, relaunch-cli's own sources (a larger module: $(find "$ROOT/relaunch-cli/src/main/java" -name '*.java' | wc -l) files)"
mkdir -p cli-classes
java "$ROOT/bench/bursts/BuildBursts.java" --runs "$RUNS" --watch cli-classes -- \
  javac -nowarn -proc:none --release 17 -d cli-classes -cp "$ROOT/relaunch-cli/target/relaunch.jar" \
  $(find "$ROOT/relaunch-cli/src/main/java" -name '*.java')
echo "== mvn compile, javalin-notes (one source touched)"
(cd javalin-notes && java "$ROOT/bench/bursts/BuildBursts.java" --runs "$RUNS" --watch target/classes \
  --touch src/main/java/dev/relaunch/examples/notes/NotesApp.java -- \
  mvn -B -q -s "$WORK/settings.xml" -Dmaven.repo.local="$REPO" compile)
echo "== mvn compile, spring-boot-notes (Tomcat; one source touched)"
(cd spring-boot-notes/tomcat && java "$ROOT/bench/bursts/BuildBursts.java" --runs "$RUNS" --watch target/classes \
  --touch ../src/main/java/dev/relaunch/examples/springnotes/NotesController.java -- \
  mvn -B -q -s "$WORK/settings.xml" -Dmaven.repo.local="$REPO" compile)

@echo off
rem relaunch launcher for Windows: builds the jar with Maven when it is missing, then runs it.
setlocal
set "ROOT=%~dp0"
set "JAR=%ROOT%relaunch-cli\target\relaunch.jar"
if not exist "%JAR%" (
  echo relaunch: building %JAR% ... 1>&2
  pushd "%ROOT%"
  call mvn -B -q -DskipTests package || (popd & echo relaunch: build failed 1>&2 & exit /b 1)
  popd
)
java -Xms8m -Xmx32m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto --add-exports=java.base/sun.nio.ch=ALL-UNNAMED %RELAUNCH_CLI_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%

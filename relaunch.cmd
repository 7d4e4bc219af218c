@echo off
rem relaunch launcher for Windows, the twin of ./relaunch (change both together: LauncherScriptsTest compares them):
rem builds the jar with Maven when it is missing or older than the sources, prepares the class-data archives once
rem per build, then runs it. The JVM options are the one list in supervisor-jvm.options.
rem Usage: relaunch.cmd start | stop | status | restart | check | serve   (relaunch.cmd --help)
setlocal EnableDelayedExpansion
set "ROOT=%~dp0"
set "ROOT=%ROOT:~0,-1%"
set "JAR=%ROOT%\relaunch-cli\target\relaunch.jar"
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
rem The JVM that runs the CLI is also the supervisor for `start`: its options, one list for every launcher.
set "JVM_OPTS="
for /f "usebackq eol=# tokens=* delims=" %%o in ("%ROOT%\relaunch-cli\src\main\resources\dev\relaunch\cli\supervisor-jvm.options") do set "JVM_OPTS=!JVM_OPTS! %%o"
rem The CLI/supervisor JVM's own class-data archive (the servers have theirs in the same folder).
set "CLI_CDS=%ROOT%\relaunch-cli\target\cds\cli.jsa"

rem needs_build, as in ./relaunch: the jar is missing, or a main source or a POM is newer than it
set "STALE=1"
if exist "%JAR%" (
  powershell -NoProfile -ExecutionPolicy Bypass -Command "$jar = (Get-Item -LiteralPath $env:JAR).LastWriteTimeUtc; $src = @(Get-ChildItem -Path (Join-Path $env:ROOT 'relaunch-*\src\main') -Recurse -File -ErrorAction SilentlyContinue) + @(Get-Item -Path (Join-Path $env:ROOT 'pom.xml'), (Join-Path $env:ROOT 'relaunch-*\pom.xml') -ErrorAction SilentlyContinue); if ($src | Where-Object { $_.LastWriteTimeUtc -gt $jar } | Select-Object -First 1) { exit 1 } else { exit 0 }"
  if not errorlevel 1 set "STALE=0"
)
if "%STALE%"=="1" (
  echo relaunch: building %JAR% ^(first run or sources changed^)... 1>&2
  pushd "%ROOT%"
  call mvn -B -q -DskipTests package 1>&2
  if errorlevel 1 (
    popd
    echo relaunch: build failed 1>&2
    exit /b 1
  )
  popd
)

rem Once per build: the servers' archive, then a supervised round trip that the CLI's archive is made from. A failed
rem training leaves an empty file, so it is not tried again on every command.
set "TRAIN=1"
if exist "%CLI_CDS%" (
  powershell -NoProfile -ExecutionPolicy Bypass -Command "if ((Get-Item -LiteralPath $env:JAR).LastWriteTimeUtc -gt (Get-Item -LiteralPath $env:CLI_CDS).LastWriteTimeUtc) { exit 1 } else { exit 0 }"
  if not errorlevel 1 set "TRAIN=0"
)
if "%TRAIN%"=="1" (
  echo relaunch: preparing the class-data archives for fast starts... 1>&2
  if not exist "%ROOT%\relaunch-cli\target\cds" mkdir "%ROOT%\relaunch-cli\target\cds"
  del /q "%CLI_CDS%" 2>nul
  "%JAVA%" !JVM_OPTS! -XX:ArchiveClassesAtExit="%CLI_CDS%" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "%JAR%" prepare --train-cli 1>&2
  if not exist "%CLI_CDS%" type nul > "%CLI_CDS%"
)

if /i "%~1"=="bench" (
  echo relaunch: the benchmark needs a POSIX shell and Linux; run bench/run.sh there 1>&2
  exit /b 2
)

rem A stale archive (a jar rebuilt outside this script) is ignored by the JVM; its warning would end up in --json output.
for %%f in ("%CLI_CDS%") do if %%~zf gtr 0 (
  set "JVM_OPTS=!JVM_OPTS! -XX:SharedArchiveFile=%CLI_CDS% -Xlog:cds=off -Xlog:cds+dynamic=off"
  set "RELAUNCH_CLI_CDS=%CLI_CDS%"
)
"%JAVA%" !JVM_OPTS! %RELAUNCH_CLI_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%

// the build failed (invoker.buildResult) for the right reason, and said where a main class can be named
def log = new File(basedir, 'build.log').text
assert log.contains('relaunch cannot tell which class to run')
assert log.contains('<mainClass>')
assert log.contains('-Drelaunch.mainClass')
assert log.contains('<start-class>')
assert log.contains('spring-boot-maven-plugin')

// the test ran against the app, and relaunch:stop left no process of it behind
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0')
assert log.contains('answers http://127.0.0.1:')
def alive = { pid -> new File("/proc/${pid}").exists() && !new File("/proc/${pid}/stat").text.split(' ')[2].equals('Z') }
def appPid = new File(basedir, 'target/app.pid').text.trim()
assert !alive(appPid): "the app (PID ${appPid}) still runs after relaunch:stop"
def supervisorPid = new File(basedir, 'instance/supervisor.pid')
assert !supervisorPid.exists() || !alive(supervisorPid.text.trim()): "the supervisor still runs after relaunch:stop"
return true

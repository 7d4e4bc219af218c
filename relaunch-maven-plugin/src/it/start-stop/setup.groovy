// the app binds PORT itself: take a free ephemeral port for this run
def socket = new ServerSocket(0)
def port = socket.localPort
socket.close()
new File(basedir, '.env').text = "PORT=${port}\n"
return true

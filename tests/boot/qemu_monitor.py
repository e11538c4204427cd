"""qemu_monitor.py - one command to QEMU's human monitor on a UNIX socket
(-monitor unix:PATH,server,nowait), for the screen tests: returns what the
monitor printed, up to its next prompt."""
import socket
import time


def monitor(sock_path, command):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock_path)
    s.settimeout(5)
    out = b""
    s.sendall(command.encode() + b"\n")
    end = time.time() + 5
    while time.time() < end:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        out += chunk
        # the greeting's prompt, then the one after the command's output
        if out.count(b"(qemu)") >= 2:
            break
    s.close()
    return out.decode(errors="replace")

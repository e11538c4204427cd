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


def halt_and_ask(iso, log, sock, command, timeout, fw=()):
    """Boot ISO in QEMU without KVM (serial to LOG, monitor on SOCK, extra
    firmware arguments FW) until thinvisor's serial log says it halted,
    then send COMMAND to the monitor and end QEMU. Returns the serial text
    and the monitor's answer, or None for the answer when thinvisor did
    not halt within TIMEOUT seconds. ISO may also be a raw disk image
    (a name not ending in .iso), booted as the first hard disk."""
    import os
    import subprocess

    for p in (log, sock):
        if os.path.exists(p):
            os.unlink(p)
    if iso.endswith(".iso"):
        media = ["-cdrom", iso, "-boot", "d"]
    else:
        media = ["-drive", "file=%s,format=raw,if=ide" % iso]
    qemu = subprocess.Popen(
        ["qemu-system-x86_64"] + list(fw) + ["-m", "512"] + media +
        ["-display", "none", "-serial", "file:" + log, "-no-reboot",
         "-monitor", "unix:%s,server,nowait" % sock],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    text, answer = "", None
    try:
        end = time.time() + timeout
        while time.time() < end:
            text = open(log, errors="replace").read() if os.path.exists(log) else ""
            if "thinvisor: halted" in text:
                answer = monitor(sock, command)
                monitor(sock, "quit")
                break
            time.sleep(0.5)
    finally:
        try:
            qemu.wait(timeout=10)
        except subprocess.TimeoutExpired:
            qemu.kill()
    return text, answer

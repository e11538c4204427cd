#!/usr/bin/env python3
"""interactive_shell.py RUN_ISO LOG - the `make run` path as a user sees it.

Starts tools/run.sh on a pseudo-terminal (so it takes its interactive path:
the serial console is the terminal), waits for the Linux guest's busybox
prompt, types a command and expects its output, then powers the guest off
and expects thinvisor's exit table.  Prints one PASS/FAIL line; exit 1 on
failure, with the end of the session shown.
"""
import os
import pty
import re
import select
import signal
import sys
import time

PROMPT = rb"thinvisor-guest:/# "


def main():
    iso, log = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    run_sh = os.path.join(here, "..", "..", "tools", "run.sh")
    start = time.time()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "dumb"
        os.execv(run_sh, [run_sh, iso])
    buf = b""

    def wait_for(pattern, seconds):
        nonlocal buf
        end = time.time() + seconds
        while time.time() < end:
            ready, _, _ = select.select([fd], [], [], 1)
            if not ready:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:
                return False
            if not data:
                return False
            buf += data
            if re.search(pattern, buf):
                return True
        return False

    steps = [
        (None, PROMPT, 300, "no shell prompt"),
        (b"echo typed-$((6*7))\r", rb"typed-42", 60, "typed command gave no output"),
        (b"poweroff -f\r", rb"thinvisor: exits by reason", 120, "no power-off report"),
    ]
    failure = None
    for send, pattern, seconds, why in steps:
        if send:
            time.sleep(1)
            os.write(fd, send)
        if not wait_for(pattern, seconds):
            failure = why
            break
    wait_for(rb"ending the emulator", 10)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    with open(log, "wb") as f:
        f.write(buf)
    secs = int(time.time() - start)
    if failure:
        print(f"FAIL make-run-interactive-shell: {failure} ({secs}s)")
        tail = buf.decode(errors="replace").replace("\r", "").splitlines()[-20:]
        print("\n".join("    " + line for line in tail))
        return 1
    print(f"PASS make-run-interactive-shell ({secs}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

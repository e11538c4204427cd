#!/usr/bin/env python3
"""interactive_shell.py RUN_ISO LOG - the `make run` path as a user sees it.

Starts tools/run.sh on a pseudo-terminal (so it takes its interactive path:
the serial console is the terminal), waits for the Linux guest's busybox
prompt, types a command and expects its output, then powers the guest off
and expects thinvisor's exit table.  Then, as a user's shell would see it
after `make run`: run.sh must exit 0, and the terminal must be usable again
(`stty -a` run on it afterwards shows echo, icanon, opost and onlcr; Bochs'
term display leaves it raw, where the next lines staircase).  Prints one
PASS/FAIL line; exit 1 on failure, with the end of the session shown.
"""
import os
import pty
import re
import select
import signal
import sys
import time

PROMPT = rb"thinvisor-guest:/# "


def kill_tree(pid):
    """SIGKILL pid and every process descended from it."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    todo, tree = [pid], []
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    for p in tree:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass


def main():
    iso, log = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    run_sh = os.path.join(here, "..", "..", "tools", "run.sh")
    start = time.time()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "dumb"
        # what the user's shell does after it: report the status, show the
        # terminal's settings
        os.execv("/bin/sh", ["/bin/sh", "-c",
                             '"$0" "$1"; st=$?; echo "run-status: $st"; '
                             'stty -a; exit $st', run_sh, iso])
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
    status = None
    if not failure:
        # run.sh ends by itself; then stty -a, then the end of the session
        if not wait_for(rb"run-status: \d+", 60):
            failure = "run.sh did not end after the power-off"
        else:
            wait_for(rb"(?!)", 10)
            st = int(re.search(rb"run-status: (\d+)", buf).group(1))
            after = buf[buf.rfind(b"run-status: "):].decode(errors="replace")
            flags = set(re.split(r"[\s;]+", after))
            bad = [f for f in ("echo", "icanon", "opost", "onlcr", "icrnl", "isig")
                   if f not in flags or "-" + f in flags]
            if st != 0:
                failure = f"run.sh exited with status {st} after the guest powered off, not 0"
            elif bad:
                failure = "terminal left unusable after run.sh: stty -a shows " + \
                    " ".join("-" + f for f in bad)
    # the shell has ended by now if all went well; else end it and what it
    # started (script(1) puts Bochs in a session of its own)
    for _ in range(100):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done or failure:
            break
        time.sleep(0.1)
    if not done:
        kill_tree(pid)
        _, status = os.waitpid(pid, 0)
    if not failure and os.waitstatus_to_exitcode(status) != 0:
        failure = f"exit status {os.waitstatus_to_exitcode(status)}, not 0"
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

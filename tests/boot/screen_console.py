#!/usr/bin/env python3
"""screen_console.py ELF WORKDIR - a FATAL line must be readable on the screen.

Boots thinvisor from a BIOS GRUB ISO in QEMU without KVM (no VMX there, so
thinvisor stops at once with its no-VMX FATAL line and halts, as on a real
machine: no exit=emulator), with no serial console wanted by the user. Once
the serial log says it halted, the VGA text buffer (0xB8000, 80 x 25 cells
of character and attribute) is read through QEMU's monitor ("xp"), and the
screen must show the FATAL line in white on red. Then console=serial must
leave the screen without it. Prints PASS/FAIL lines; exit status 0 or 1.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu_monitor import halt_and_ask  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FATAL = "thinvisor: FATAL: CPU has no VMX"


def grub_cfg(words):
    return "\n".join([
        "set timeout=0", "set default=0",
        "serial --unit=0 --speed=115200",
        "terminal_input serial console", "terminal_output serial console",
        'menuentry "screen" {',
        "\tmultiboot2 /boot/thinvisor.elf " + words,
        "\tboot", "}", ""])


def screen(elf, work, name, words):
    """Returns the 25 lines of text and their first cell's attribute."""
    iso = os.path.join(work, name + ".iso")
    cfg = os.path.join(work, name + ".grub.cfg")
    log = os.path.join(work, name + ".serial.log")
    sock = os.path.join(work, name + ".monitor")
    with open(cfg, "w") as f:
        f.write(grub_cfg(words))
    subprocess.run([os.path.join(ROOT, "tools", "mkiso.sh"), iso, elf, cfg], check=True)
    _, dump = halt_and_ask(iso, log, sock, "xp /2000hx 0xb8000", 60)
    if dump is None:
        return None
    # only the dump's own lines ("00000000000b8000: 0x0774 0x0768 ..."), not
    # the echoed command, whose address would read as a cell
    cells = []
    for line in dump.splitlines():
        m = re.match(r"^\s*[0-9a-f]{8,16}: ((?:0x[0-9a-f]{4}\s*)+)", line)
        if m:
            cells += [int(v, 16) for v in m.group(1).split()]
    if len(cells) < 2000:
        return None
    rows = []
    for r in range(25):
        row = cells[r * 80:(r + 1) * 80]
        rows.append(("".join(chr(c & 0xFF) if 32 <= (c & 0xFF) < 127 else " "
                             for c in row).rstrip(), row[0] >> 8))
    return rows


def main():
    elf, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    ok = True
    rows = screen(elf, work, "screen-both", "")
    if rows is None:
        print("FAIL screen-console: no screen dump (QEMU did not halt or the monitor gave nothing)")
        return 1
    hit = [(t, a) for t, a in rows if t.startswith(FATAL)]
    if not hit:
        print("FAIL screen-console: the FATAL line is not on the screen; it shows:")
        for t, _ in rows:
            print("    |" + t)
        ok = False
    elif hit[0][1] != 0x4F:
        print("FAIL screen-console: the FATAL line is on the screen but not white on red "
              "(attribute %#x)" % hit[0][1])
        ok = False
    rows = screen(elf, work, "screen-serial", "console=serial")
    if rows is None or any(t.startswith(FATAL) for t, _ in rows):
        print("FAIL screen-console: console=serial still wrote the screen (or no dump)")
        ok = False
    if ok:
        print("PASS screen-console (FATAL line on the VGA text screen, white on red; "
              "console=serial keeps it off)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

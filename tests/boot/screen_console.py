#!/usr/bin/env python3
"""screen_console.py ELF WORKDIR - a FATAL line must be readable on the screen.

Boots thinvisor from a BIOS GRUB ISO in QEMU without KVM (no VMX there, so
thinvisor stops at once with its no-VMX FATAL line and halts, as on a real
machine: no exit=emulator), with no serial console wanted by the user, by
the self-test entry of the user ISO's own iso/grub.cfg (tests/boot/
iso_grub_cfg.py). thinvisor's multiboot2 header asks for a framebuffer, so
GRUB's multiboot2 command sets gfxpayload=auto, a VBE graphics mode on
BIOS; the entry's pc-only "set gfxpayload=text" must keep VGA text mode.
Once the serial log says it halted, the VGA text buffer (0xB8000, 80 x 25
cells of character and attribute) is read through QEMU's monitor ("xp"),
and the screen must show the FATAL line in white on red. Then
console=serial must leave the screen without it. Prints PASS/FAIL lines;
exit status 0 or 1.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu_monitor import halt_and_ask  # noqa: E402
from iso_grub_cfg import selftest_entry  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FATAL = "thinvisor: FATAL: CPU has no VMX"


def screen(elf, work, name, words):
    """Returns the 25 lines of text and their first cell's attribute, and
    the mode GRUB passed (the serial log's framebuffer line, loglevel=debug)."""
    iso = os.path.join(work, name + ".iso")
    cfg = os.path.join(work, name + ".grub.cfg")
    log = os.path.join(work, name + ".serial.log")
    sock = os.path.join(work, name + ".monitor")
    with open(cfg, "w") as f:
        f.write(selftest_entry("loglevel=debug " + words))
    subprocess.run([os.path.join(ROOT, "tools", "mkiso.sh"), iso, elf, cfg], check=True)
    text, dump = halt_and_ask(iso, log, sock, "xp /2000hx 0xb8000", 60)
    fb = re.findall(r"framebuffer: [^\r\n]*", text)
    mode = fb[0] if fb else "no framebuffer tag"
    if dump is None:
        return None, mode
    # only the dump's own lines ("00000000000b8000: 0x0774 0x0768 ..."), not
    # the echoed command, whose address would read as a cell
    cells = []
    for line in dump.splitlines():
        m = re.match(r"^\s*[0-9a-f]{8,16}: ((?:0x[0-9a-f]{4}\s*)+)", line)
        if m:
            cells += [int(v, 16) for v in m.group(1).split()]
    if len(cells) < 2000:
        return None, mode
    rows = []
    for r in range(25):
        row = cells[r * 80:(r + 1) * 80]
        rows.append(("".join(chr(c & 0xFF) if 32 <= (c & 0xFF) < 127 else " "
                             for c in row).rstrip(), row[0] >> 8))
    return rows, mode


def main():
    elf, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    ok = True
    rows, mode = screen(elf, work, "screen-both", "")
    if rows is None:
        print("FAIL screen-console: no screen dump (QEMU did not halt or the monitor gave nothing)")
        return 1
    if not mode.startswith("framebuffer: 80x25, 16 bpp"):
        print("FAIL screen-console: GRUB did not leave VGA text mode (%s): is the pc-only "
              "'set gfxpayload=text' after multiboot2 in iso/grub.cfg?" % mode)
        ok = False
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
    rows, _ = screen(elf, work, "screen-serial", "console=serial")
    if rows is None or any(t.startswith(FATAL) for t, _ in rows):
        print("FAIL screen-console: console=serial still wrote the screen (or no dump)")
        ok = False
    if ok:
        print("PASS screen-console (iso/grub.cfg's entry keeps VGA text mode on BIOS; "
              "FATAL line on it, white on red; console=serial keeps it off)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""iso_grub_cfg.py - the user ISO's own grub.cfg (iso/grub.cfg) cut down to
one entry for the screen tests: its preamble (serial terminal, the UEFI
video drivers) with no menu delay, and its self-test entry with extra words
on the multiboot2 line, every other line of the entry (the pc-only
gfxpayload=text) as it is. The tests then boot what a user boots."""
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ENTRY = "thinvisor: self-test guest"


def selftest_entry(words):
    src = open(os.path.join(ROOT, "iso", "grub.cfg")).read()
    head = src[:src.index("\nmenuentry ") + 1]
    m = re.search(r'^menuentry "%s" \{\n(.*?)^\}\n' % re.escape(ENTRY), src, re.M | re.S)
    if not m:
        raise SystemExit("FAIL: iso/grub.cfg has no menuentry \"%s\"" % ENTRY)
    body = re.sub(r"^(\s*multiboot2 /boot/thinvisor\.elf.*)$", lambda l: l.group(1) + " " + words,
                  m.group(1), count=1, flags=re.M)
    head = re.sub(r"^set timeout=\d+$", "set timeout=0", head, flags=re.M)
    return head + 'menuentry "%s" {\n%s}\n' % (ENTRY, body)

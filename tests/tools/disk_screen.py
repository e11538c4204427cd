#!/usr/bin/env python3
"""disk_screen.py DISK WORKDIR - the UEFI half of tests/tools/disk_boot.sh:
a user's UEFI machine without a serial port, booting the installed system's
"with thinvisor" entry that update-grub generated.

Boots DISK (GPT, EFI system partition with GRUB's BOOTX64.EFI, root with the
generated grub.cfg) in QEMU without KVM under OVMF, a fresh variable store
in WORKDIR, until thinvisor halts: QEMU has no VMX, so thinvisor stops with
its no-VMX FATAL line, which is what a user must be able to read. Checked:
GRUB ran the generated entry from the disk and said nothing of 'no console
will be available to OS' (the entry's load_video and the multiboot2
header's framebuffer tag); then, on QEMU's screendump, what
tests/boot/screen_fb.py checks for the ISO: GRUB passed a 24/32-bpp mode,
the FATAL line in white on red pixel for pixel, 'halted' below it, the
first line above. Prints ok/FAIL lines; exit 0 when all hold, else 1.
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "boot"))
from qemu_monitor import halt_and_ask  # noqa: E402
import screen_fb  # noqa: E402


def main():
    disk, work = sys.argv[1], os.path.abspath(sys.argv[2])
    name = "disk-uefi"
    log = os.path.join(work, name + ".serial.log")
    sock = os.path.join(work, name + ".monitor")
    ppm = os.path.join(work, name + ".ppm")
    variables = os.path.join(work, name + ".OVMF_VARS.fd")
    shutil.copy(screen_fb.OVMF_VARS, variables)
    fw = ["-drive", "if=pflash,format=raw,readonly=on,file=" + screen_fb.OVMF_CODE,
          "-drive", "if=pflash,format=raw,file=" + variables]
    text, answer = halt_and_ask(disk, log, sock, "screendump " + ppm, 180, fw)
    ok = True
    if "Loading thinvisor ..." in text:
        print("ok GRUB ran the generated entry from the disk (its echo)")
    else:
        print("FAIL GRUB did not run the generated entry: no 'Loading thinvisor ...' on serial")
        ok = False
    if "no console will be available" in text:
        print("FAIL GRUB warned 'no console will be available to OS'")
        ok = False
    else:
        print("ok no 'no console will be available to OS' from GRUB")
    img = screen_fb.read_ppm(ppm) if answer is not None and os.path.exists(ppm) else None
    if not screen_fb.check_screen(name, text, img, screen_fb.font()):
        ok = False
    if not ok:
        print("    last lines of the serial log:")
        for line in text.splitlines()[-25:]:
            print("    | " + line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

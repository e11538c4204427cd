#!/usr/bin/env python3
"""screen_fb.py WORKDIR - a FATAL line must be readable on a graphical framebuffer.

Builds thinvisor with the multiboot2 header's framebuffer tag
(make MB2_FRAMEBUFFER=1, into WORKDIR/build): without it GRUB's multiboot2
command sets gfxpayload=text and a BIOS boot never gets a graphics mode,
whatever grub.cfg says. Boots it from a BIOS GRUB ISO in QEMU without KVM
(no VMX there, so thinvisor stops at once with its no-VMX FATAL line and
halts), and from UEFI (OVMF, the EFI GOP framebuffer) where OVMF is installed, with `set gfxpayload=WxHxD` after the multiboot2 command (the
command itself resets gfxpayload from the header tag), at loglevel=debug
so that the serial log shows the framebuffer tag that arrived. Once halted,
QEMU's monitor `screendump` gives the screen as a PPM, and the FATAL line
must be in it, drawn white on red with the font of arch/x86_64/fbcon_font.c
(read from the C source) pixel for pixel. Then console=serial must leave
the screen without it. Prints ok/FAIL lines and a last PASS/FAIL/SKIP line;
exit status 0, 1 or 77.
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu_monitor import halt_and_ask  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FATAL = "thinvisor: FATAL: CPU has no VMX"
GLYPH_W, GLYPH_H = 8, 16
WHITE, RED, GREY, BLACK = (255, 255, 255), (0xAA, 0, 0), (0xAA, 0xAA, 0xAA), (0, 0, 0)
MODES = [(1024, 768, 32), (800, 600, 24)]
OVMF_CODE = os.environ.get("OVMF_CODE", "/usr/share/OVMF/OVMF_CODE.fd")
OVMF_VARS = os.environ.get("OVMF_VARS", "/usr/share/OVMF/OVMF_VARS.fd")


def font():
    """{character: 16 row bytes} from the C table."""
    src = open(os.path.join(ROOT, "arch", "x86_64", "fbcon_font.c")).read()
    rows = re.findall(r"\{((?:\s*0x[0-9a-f]{2},?){16})\s*\}", src)
    if len(rows) != 0x7F - 0x20:
        raise SystemExit("FAIL screen-fb: %d glyphs in fbcon_font.c, not 95" % len(rows))
    return {chr(0x20 + i): [int(v, 16) for v in r.replace(",", " ").split()]
            for i, r in enumerate(rows)}


def grub_cfg(words, mode):
    return "\n".join([
        "set timeout=0", "set default=0",
        "serial --unit=0 --speed=115200",
        "terminal_input serial console", "terminal_output serial console",
        "insmod all_video",
        "set gfxmode=%dx%dx%d" % mode,
        'menuentry "screen-fb" {',
        "\tmultiboot2 /boot/thinvisor.elf loglevel=debug " + words,
        "\tset gfxpayload=%dx%dx%d" % mode,
        "\tboot", "}", ""])


def read_ppm(path):
    """(width, height, bytes of RGB) of a binary PPM (P6, maxval 255)."""
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError("not a P6 PPM of maxval 255")
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h * 3]


def boot(elf, work, name, words, mode, uefi=False):
    """(serial log, (w, h, pixels)) or (serial log, None)."""
    iso = os.path.join(work, name + ".iso")
    cfg = os.path.join(work, name + ".grub.cfg")
    log = os.path.join(work, name + ".serial.log")
    sock = os.path.join(work, name + ".monitor")
    ppm = os.path.join(work, name + ".ppm")
    with open(cfg, "w") as f:
        f.write(grub_cfg(words, mode))
    subprocess.run([os.path.join(ROOT, "tools", "mkiso.sh"), iso, elf, cfg], check=True)
    for p in (log, sock, ppm):
        if os.path.exists(p):
            os.unlink(p)
    fw = []
    if uefi:
        # a fresh variable store per run, as tests/boot/run_case.sh does
        shutil.copy(OVMF_VARS, os.path.join(work, name + ".OVMF_VARS.fd"))
        fw = ["-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
              "-drive", "if=pflash,format=raw,file=" + os.path.join(work, name + ".OVMF_VARS.fd")]
    text, answer = halt_and_ask(iso, log, sock, "screendump " + ppm, 90, fw)
    if answer is None or not os.path.exists(ppm):
        return text, None
    return text, read_ppm(ppm)


def cell_matches(img, glyphs, cx, cy, ch, fg, bg):
    w, _, px = img
    for y in range(GLYPH_H):
        bits = glyphs[ch][y]
        for x in range(GLYPH_W):
            o = ((cy * GLYPH_H + y) * w + cx * GLYPH_W + x) * 3
            want = fg if bits & (0x80 >> x) else bg
            if tuple(px[o:o + 3]) != want:
                return False
    return True


def find_line(img, glyphs, text, fg, bg):
    """The text row whose first cells show text in fg on bg, or None."""
    w, h, _ = img
    for cy in range(h // GLYPH_H):
        if all(cell_matches(img, glyphs, i, cy, c, fg, bg) for i, c in enumerate(text)):
            return cy
    return None


def red_pixels(img):
    px = img[2]
    return sum(1 for o in range(0, len(px), 3) if tuple(px[o:o + 3]) == RED)


def main():
    work = os.path.abspath(sys.argv[1])
    os.makedirs(work, exist_ok=True)
    for tool in ("qemu-system-x86_64", "grub-mkrescue"):
        if subprocess.run(["sh", "-c", "command -v " + tool], stdout=subprocess.DEVNULL).returncode:
            print("SKIP screen-fb: %s is not installed" % tool)
            return 77
    build = os.path.join(work, "build")
    r = subprocess.run(["make", "-C", ROOT, "--no-print-directory", "BUILD=" + build,
                        "MB2_FRAMEBUFFER=1", "all"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    if r.returncode:
        print(r.stdout[-3000:])
        print("FAIL screen-fb: make MB2_FRAMEBUFFER=1 failed")
        return 1
    elf = os.path.join(build, "thinvisor.elf")
    glyphs = font()
    ok = True
    runs = [(mode, False) for mode in MODES]
    if os.path.exists(OVMF_CODE) and os.path.exists(OVMF_VARS):
        runs.append((MODES[0], True))  # EFI GOP
    else:
        print("ok (no UEFI case: %s or %s is missing)" % (OVMF_CODE, OVMF_VARS))
    for mode, uefi in runs:
        name = "fb-%dx%dx%d" % mode + ("-uefi" if uefi else "")
        log, img = boot(elf, work, name, "", mode, uefi)
        tag = "framebuffer: %dx%d, %d bpp" % mode
        if tag not in log:
            got = re.findall(r"framebuffer: [^\n]*", log)
            print("FAIL screen-fb %s: the serial log has no '%s' line (GRUB passed: %s)"
                  % (name, tag, got[0] if got else "no framebuffer tag"))
            ok = False
            continue
        print("ok %s: GRUB passed the mode (%s)" % (name, re.search(r"framebuffer: [^\n]*", log).group(0)))
        if img is None:
            print("FAIL screen-fb %s: no screen dump (QEMU did not halt or screendump failed)" % name)
            ok = False
            continue
        if img[:2] != mode[:2]:
            print("FAIL screen-fb %s: the screen dump is %dx%d" % (name, img[0], img[1]))
            ok = False
            continue
        cy = find_line(img, glyphs, FATAL, WHITE, RED)
        if cy is None:
            print("FAIL screen-fb %s: the FATAL line '%s' is not on the screen in white on red "
                  "(%d red pixels); see %s" % (name, FATAL, red_pixels(img),
                                                os.path.join(work, name + ".ppm")))
            ok = False
            continue
        print("ok %s: '%s' drawn white on red in text row %d" % (name, FATAL, cy))
        halted = find_line(img, glyphs, "thinvisor: halted", GREY, BLACK)
        if halted != cy + 2:  # the FATAL line wraps onto a second row
            print("FAIL screen-fb %s: 'thinvisor: halted' is not two rows below it (row %s)"
                  % (name, halted))
            ok = False
        else:
            print("ok %s: 'thinvisor: halted' below it in grey on black" % name)
    mode = MODES[0]
    log, img = boot(elf, work, "fb-serial", "console=serial", mode)
    if img is None or "framebuffer: %dx%d" % mode[:2] not in log:
        print("FAIL screen-fb: console=serial: no screen dump or no framebuffer")
        ok = False
    elif red_pixels(img) or find_line(img, glyphs, "thinvisor: ", GREY, BLACK) is not None:
        print("FAIL screen-fb: console=serial still drew the log on the framebuffer")
        ok = False
    else:
        print("ok console=serial keeps the log off the framebuffer")
    if ok:
        print("PASS screen-fb (FATAL line white on red, pixel for pixel, on %s; "
              "console=serial keeps it off)"
              % ", ".join("%dx%dx%d" % m + (" UEFI GOP" if u else " BIOS VBE") for m, u in runs))
    else:
        print("FAIL screen-fb")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

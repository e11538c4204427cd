#!/usr/bin/env python3
"""screen_fb.py ELF WORKDIR - a FATAL line must be readable on a graphical framebuffer.

thinvisor as built by default (its multiboot2 header asks for a
framebuffer), booted in QEMU without KVM (no VMX there, so thinvisor stops
at once with its no-VMX FATAL line and halts), at loglevel=debug so that
the serial log shows the framebuffer tag that arrived:
  - UEFI (OVMF, the EFI GOP framebuffer), by the self-test entry of the
    user ISO's own iso/grub.cfg (tests/boot/iso_grub_cfg.py), nothing
    added: GRUB must keep the GOP mode, not warn "no console will be
    available to OS" (what it says for a header without the tag), and the
    log must be drawn there;
  - BIOS VBE at 1024x768x32 and 800x600x24, with `set gfxpayload=WxHxD`
    after the multiboot2 command (the command itself resets gfxpayload from
    the header tag), as a BIOS user asks for graphics.
Once halted, QEMU's monitor `screendump` gives the screen as a PPM, and the
FATAL line must be in it, drawn white on red with the font of
arch/x86_64/fbcon_font.c (read from the C source) pixel for pixel, and
"thinvisor: halted" below it. Then console=serial must leave the screen
without it. Prints ok/FAIL lines and a last PASS/FAIL/SKIP line (SKIP when
OVMF is missing: `make deps` installs the ovmf package); exit status 0, 1
or 77.
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu_monitor import halt_and_ask  # noqa: E402
from iso_grub_cfg import selftest_entry  # noqa: E402

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
    """(serial log, (w, h, pixels)) or (serial log, None). mode None: the
    ISO's own entry."""
    iso = os.path.join(work, name + ".iso")
    cfg = os.path.join(work, name + ".grub.cfg")
    log = os.path.join(work, name + ".serial.log")
    sock = os.path.join(work, name + ".monitor")
    ppm = os.path.join(work, name + ".ppm")
    with open(cfg, "w") as f:
        f.write(selftest_entry("loglevel=debug " + words) if mode is None
                else grub_cfg(words, mode))
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


def check_screen(name, log, img, glyphs, want=None):
    """ok/FAIL lines for one boot; True when all is well. want: the
    (w, h, bpp) GRUB must have passed, or None for any 24/32-bpp mode."""
    fb = re.search(r"framebuffer: (\d+)x(\d+), (\d+) bpp[^\r\n]*", log)
    if not fb:
        print("FAIL screen-fb %s: the serial log has no framebuffer line (GRUB passed no "
              "framebuffer tag)" % name)
        return False
    mode = tuple(int(v) for v in fb.groups())
    if (want and mode != want) or mode[2] not in (24, 32):
        print("FAIL screen-fb %s: GRUB passed %s, not %s" % (name, fb.group(0),
                                                           "%dx%d, %d bpp" % want if want
                                                           else "a 24/32-bpp RGB mode"))
        return False
    print("ok %s: GRUB passed the mode (%s)" % (name, fb.group(0)))
    if img is None:
        print("FAIL screen-fb %s: no screen dump (QEMU did not halt or screendump failed)" % name)
        return False
    if img[:2] != mode[:2]:
        print("FAIL screen-fb %s: the screen dump is %dx%d" % (name, img[0], img[1]))
        return False
    cy = find_line(img, glyphs, FATAL, WHITE, RED)
    if cy is None:
        print("FAIL screen-fb %s: the FATAL line '%s' is not on the screen in white on red "
              "(%d red pixels); see %s.ppm" % (name, FATAL, red_pixels(img), name))
        return False
    print("ok %s: '%s' drawn white on red in text row %d" % (name, FATAL, cy))
    # the whole FATAL line wraps at the screen's width
    line = re.search(r"^%s[^\r\n]*" % re.escape(FATAL), log, re.M).group(0)
    below = cy + -(-len(line) // (img[0] // GLYPH_W))
    halted = find_line(img, glyphs, "thinvisor: halted", GREY, BLACK)
    if halted != below:
        print("FAIL screen-fb %s: 'thinvisor: halted' is not in row %d, below it (row %s)"
              % (name, below, halted))
        return False
    print("ok %s: 'thinvisor: halted' below it in grey on black" % name)
    # the first line, written before the screen's sink existed, is there too,
    # unless the log from it to the end is longer than the screen
    banner = re.search(r"^thinvisor \S+ - a thin type-1 hypervisor for x86-64", log, re.M)
    if banner:
        cols, rows = img[0] // GLYPH_W, img[1] // GLYPH_H
        shown = log[banner.start():].rstrip().splitlines()
        need = sum(max(1, -(-len(t.rstrip("\r")) // cols)) for t in shown)
        if need > rows:
            print("ok %s: the first line scrolled off (%d rows of log, %d on the screen)"
                  % (name, need, rows))
            return True
    top = banner and find_line(img, glyphs, banner.group(0), GREY, BLACK)
    if top is None or top >= cy:
        print("FAIL screen-fb %s: the first line '%s' is not on the screen above the FATAL "
              "line (row %s)" % (name, banner.group(0) if banner else "thinvisor ...", top))
        return False
    print("ok %s: the first line '%s' in row %d" % (name, banner.group(0), top))
    return True


def main():
    elf, work = sys.argv[1], os.path.abspath(sys.argv[2])
    os.makedirs(work, exist_ok=True)
    for tool in ("qemu-system-x86_64", "grub-mkrescue"):
        if subprocess.run(["sh", "-c", "command -v " + tool], stdout=subprocess.DEVNULL).returncode:
            print("SKIP screen-fb: %s is not installed" % tool)
            return 77
    glyphs = font()
    ok = True
    done = []
    no_ovmf = [f for f in (OVMF_CODE, OVMF_VARS) if not os.path.exists(f)]
    if no_ovmf:
        print("skip fb-uefi-iso: %s missing (Debian package ovmf; make deps)"
              % " and ".join(no_ovmf))
    else:
        name = "fb-uefi-iso"
        log, img = boot(elf, work, name, "", None, uefi=True)
        if "no console will be available" in log:
            print("FAIL screen-fb %s: GRUB warned 'no console will be available to OS': "
                  "the multiboot2 header has no framebuffer tag (make MB2_FRAMEBUFFER=0?)" % name)
            ok = False
        else:
            print("ok %s: no 'no console will be available to OS' from GRUB" % name)
        if check_screen(name, log, img, glyphs):
            done.append("UEFI GOP %dx%d (iso/grub.cfg)" % img[:2])
        else:
            ok = False
    for mode in MODES:
        name = "fb-%dx%dx%d" % mode
        log, img = boot(elf, work, name, "", mode)
        if check_screen(name, log, img, glyphs, mode):
            done.append("BIOS VBE %dx%dx%d" % mode)
        else:
            ok = False
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
    if not ok:
        print("FAIL screen-fb")
        return 1
    if no_ovmf:
        print("SKIP screen-fb: the UEFI GOP part did not run (%s missing; make deps installs "
              "ovmf); passed: %s" % (" and ".join(no_ovmf), ", ".join(done)))
        return 77
    print("PASS screen-fb (FATAL line white on red, pixel for pixel, on %s; "
          "console=serial keeps it off)" % ", ".join(done))
    return 0


if __name__ == "__main__":
    sys.exit(main())

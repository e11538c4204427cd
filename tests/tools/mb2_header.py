#!/usr/bin/env python3
"""mb2_header.py ELF - the multiboot2 header GRUB reads from thinvisor.elf.

Finds the header as GRUB does (multiboot2 spec 3.1.1-3.1.2: within the first
32768 bytes of the file, 8-byte aligned, magic 0xE85250D6, architecture 0,
and magic + architecture + header_length + checksum == 0 mod 2^32) and
walks its tags (3.1.3: 8-byte aligned, type 0 size 8 ends them). Checks:
  - the tags thinvisor needs: entry address (3), relocatable (10) and the
    information request (1) for the memory map (6) and load base (21),
    none of them optional;
  - console flags (4) with EGA text not required (bit 1 clear);
  - the framebuffer tag (5, spec 3.1.10), in the default build
    (make MB2_FRAMEBUFFER=1): optional (flags bit 0: a machine without
    graphics still boots), 20 bytes, no preferred width, height or depth
    (0, 0, 0: GRUB keeps the firmware's mode, "auto"). Without it GRUB
    warns "no console will be available to OS" and a BIOS boot cannot
    have a graphics mode.
Prints one line per check and ends with "PASS mb2-header (N checks)" or
"FAIL mb2-header: N of M checks failed"; exit status 0 or 1.
"""
import struct
import sys

MAGIC = 0xE85250D6
SEARCH = 32768


def find_header(data):
    for off in range(0, min(len(data), SEARCH) - 16 + 1, 8):
        magic, arch, length, csum = struct.unpack_from("<IIII", data, off)
        if magic == MAGIC and arch == 0 and (magic + arch + length + csum) & 0xFFFFFFFF == 0:
            return off, length
    return None, None


def tags(data, off, length):
    """[(type, flags, size, payload bytes)] up to the end tag."""
    out, pos, end = [], off + 16, off + length
    while pos + 8 <= end:
        typ, flags, size = struct.unpack_from("<HHI", data, pos)
        if size < 8 or pos + size > end:
            raise ValueError("tag %d at +%#x has size %d past the header" % (typ, pos - off, size))
        out.append((typ, flags, size, data[pos + 8:pos + size]))
        if typ == 0:
            return out
        pos += (size + 7) & ~7
    raise ValueError("no end tag within header_length %d" % length)


def main():
    data = open(sys.argv[1], "rb").read()
    checks = failures = 0

    def check(name, ok, detail=""):
        nonlocal checks, failures
        checks += 1
        if ok:
            print("ok " + name)
        else:
            failures += 1
            print("FAIL %s%s" % (name, ": " + detail if detail else ""))

    off, length = find_header(data)
    check("header-found", off is not None, "no multiboot2 header in the first 32 KiB")
    if off is None:
        print("FAIL mb2-header: 1 of 1 checks failed")
        return 1
    try:
        t = tags(data, off, length)
    except ValueError as e:
        print("FAIL mb2-header: %s" % e)
        return 1
    by_type = {}
    for typ, flags, size, payload in t:
        by_type.setdefault(typ, []).append((flags, size, payload))
    for typ, what in ((3, "entry-address"), (10, "relocatable"), (1, "information-request")):
        check(what + "-tag", typ in by_type and not by_type[typ][0][0] & 1,
              "missing or optional")
    if 1 in by_type:
        req = struct.unpack("<%dI" % (len(by_type[1][0][2]) // 4), by_type[1][0][2])
        check("requests-mmap-and-load-base", 6 in req and 21 in req, "requests %s" % (req,))
    con = by_type.get(4)
    check("console-flags-no-ega-text-required",
          con is not None and not struct.unpack("<I", con[0][2][:4])[0] & 2,
          "missing or EGA text required")
    fb = by_type.get(5)
    check("framebuffer-tag", fb is not None,
          "missing (built with make MB2_FRAMEBUFFER=0?)")
    if fb:
        flags, size, payload = fb[0]
        check("framebuffer-tag-optional", flags & 1, "flags %#x" % flags)
        check("framebuffer-tag-size-20", size == 20, "size %d" % size)
        check("framebuffer-tag-no-preference", payload[:12] == bytes(12),
              "width, height, depth %s" % (struct.unpack("<III", payload[:12]),))
    if failures:
        print("FAIL mb2-header: %d of %d checks failed" % (failures, checks))
        return 1
    print("PASS mb2-header (%d checks)" % checks)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""make_bad_modules.py GUEST_DIR - write the broken guest modules the
bad-input boot cases give thinvisor, derived from the real bzImage, into
GUEST_DIR/bad/.  Each breaks exactly one rule of the Linux boot protocol
(Documentation/arch/x86/boot.rst) or is not a kernel at all."""
import os
import random
import struct
import sys


def main():
    guest = sys.argv[1]
    elf = sys.argv[2]
    out = os.path.join(guest, "bad")
    os.makedirs(out, exist_ok=True)
    kernel = open(os.path.join(guest, "bzImage"), "rb").read()

    def write(name, data):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)

    def patched(offset, fmt, value):
        b = bytearray(kernel)
        struct.pack_into(fmt, b, offset, value)
        return bytes(b)

    rng = random.Random(1234)  # the same bytes on every run
    write("random.bin", bytes(rng.getrandbits(8) for _ in range(256 * 1024)))
    write("elf.bin", open(elf, "rb").read())                 # an ELF program, no kernel
    write("truncated.bin", kernel[: 100 * 1024])             # cut short
    write("bad-magic.bin", patched(0x202, "<4s", b"HdrX"))   # header magic
    write("old-protocol.bin", patched(0x206, "<H", 0x0209))  # 2.09: no 64-bit entry flag
    xlf = struct.unpack_from("<H", kernel, 0x236)[0]
    write("no-64bit.bin", patched(0x236, "<H", xlf & ~1))    # XLF_KERNEL_64 cleared


if __name__ == "__main__":
    main()

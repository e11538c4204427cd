#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make_seeds.py - write the fuzzers' seed corpora into tests/fuzz/corpus/.

    tests/fuzz/make_seeds.py [CORPUS_DIR]

Every seed is a small, valid input (<= 4 KiB) built from the formats'
specifications, so the fuzzers start past the first checks:
  multiboot2/  boot information structures (Multiboot2 Specification 3.6)
  bzimage/     synthetic bzImage setup headers (Documentation/x86/boot.rst)
               followed by the scenario bytes fuzz_bzimage.c reads from 0x290
  qual/        an exit qualification, an RSDP and fake physical memory with
               RSDT/XSDT, FADT and MADT (ACPI 6.x, 5.2), as fuzz_qual.c reads
The output is deterministic: rerunning rewrites identical files.
"""
import os
import struct
import sys

MAX_SEED = 4096


def u8(v):
    return struct.pack("<B", v)


def u16(v):
    return struct.pack("<H", v)


def u32(v):
    return struct.pack("<I", v)


def u64(v):
    return struct.pack("<Q", v)


def pad8(b):
    return b + b"\0" * (-len(b) % 8)


# ------------------------------------------------------------ multiboot2


def mb2_tag(typ, payload):
    """Spec 3.6.1: u32 type, u32 size (header included, padding not)."""
    return pad8(u32(typ) + u32(8 + len(payload)) + payload)


def mb2(tags):
    body = b"".join(tags) + mb2_tag(0, b"")  # end tag: type 0, size 8
    return u32(8 + len(body)) + u32(0) + body


def rsdp_v1(rsdt):
    r = bytearray(b"RSD PTR " + b"\0" + b"THINV " + u8(0) + u32(rsdt))
    r[8] = -sum(r) & 0xFF
    return bytes(r)


def rsdp_v2(rsdt, xsdt):
    r = bytearray(b"RSD PTR " + b"\0" + b"THINV " + u8(2) + u32(rsdt) + u32(36) +
                  u64(xsdt) + b"\0" * 4)
    r[8] = -sum(r[:20]) & 0xFF
    r[32] = -sum(r) & 0xFF
    return bytes(r)


def mb2_bios_mmap(entries):
    return mb2_tag(6, u32(24) + u32(0) +
                   b"".join(u64(a) + u64(l) + u32(t) + u32(0) for a, l, t in entries))


def mb2_efi_mmap(descs):
    # EFI_MEMORY_DESCRIPTOR, DescriptorSize 48 as real firmware reports it
    return mb2_tag(17, u32(48) + u32(1) + b"".join(
        u32(t) + u32(0) + u64(a) + u64(0) + u64(pages) + u64(0xF) + u64(0)
        for t, a, pages in descs))


def mb2_module(start, end, s):
    return mb2_tag(3, u32(start) + u32(end) + s.encode() + b"\0")


PC_MAP = [(0, 0x9FC00, 1), (0x9FC00, 0x400, 2), (0xF0000, 0x10000, 2),
          (0x100000, 0x1FEE0000, 1), (0x1FFE0000, 0x20000, 3),
          (0xFFFC0000, 0x40000, 2)]


def multiboot2_seeds():
    return {
        "minimal.bin": mb2([]),
        "grub_bios.bin": mb2([
            mb2_tag(1, b"loglevel=debug exit=emulator\0"),
            mb2_tag(2, b"GRUB 2.06\0"),
            mb2_tag(4, u32(639) + u32(523264)),
            mb2_bios_mmap(PC_MAP),
            mb2_module(0x2000000, 0x2400000, "/boot/bzImage console=ttyS0"),
            mb2_module(0x2400000, 0x2480000, "/boot/initramfs.cpio.gz"),
            mb2_tag(14, rsdp_v1(0x1FFE0000)),
            mb2_tag(21, u32(0x1FE00000)),
        ]),
        "grub_efi.bin": mb2([
            mb2_tag(1, b"guest=selftest\0"),
            mb2_tag(18, b""),  # boot services not exited
            mb2_efi_mmap([(7, 0, 0x9F), (3, 0x100000, 0x100), (4, 0x200000, 0x100),
                          (7, 0x300000, 0x1FD00), (9, 0x20000000, 0x10),
                          (5, 0x20010000, 0x20), (0, 0xFEC00000, 0x1)]),
            mb2_tag(15, rsdp_v2(0x20000000, 0x20000040)),
            mb2_tag(8, b"\0" * 24),  # framebuffer: unknown to the parser
        ]),
    }


# --------------------------------------------------------------- bzimage

SETUP_SECTS = 1  # real-mode part = (1 + 1) * 512 bytes
FILE_SIZE = 2048


def addr(v):
    """fuzz_bzimage.c take_addr(): mode 0 page number, 2 u32, 3 raw u64."""
    if v % 4096 == 0 and v >> 12 < 1 << 32:
        return u8(0) + u32(v >> 12)
    if v < 1 << 32:
        return u8(2) + u32(v)
    return u8(3) + u64(v)


def span(start, end):
    return addr(start) + addr(end - start)


def bz_header(version, relocatable, xloadflags, pref=0x1000000, init_size=0x1800000):
    img = bytearray(FILE_SIZE)
    hdr_end = 0x26C if version >= 0x020F else 0x268

    def put(off, b):
        img[off:off + len(b)] = b

    put(0x1F1, u8(SETUP_SECTS))
    put(0x1F4, u32((FILE_SIZE - (SETUP_SECTS + 1) * 512) // 16))  # syssize
    put(0x1FE, u16(0xAA55))
    put(0x200, u8(0xEB) + u8(hdr_end - 0x202))  # jmp over the header
    put(0x202, b"HdrS")
    put(0x206, u16(version))
    put(0x211, u8(0x81))  # LOADED_HIGH | CAN_USE_HEAP
    put(0x22C, u32(0x7FFFFFFF))  # initrd_addr_max
    put(0x230, u32(0x200000))  # kernel_alignment
    put(0x234, u8(relocatable) + u8(21))  # relocatable_kernel, min_alignment
    put(0x236, u16(xloadflags))
    put(0x238, u32(2047))  # cmdline_size
    put(0x258, u64(pref))
    put(0x260, u32(init_size))
    return img


def bz_seed(img, flags, floor, fw, reserve, busy, raw_free, extra=0, initrd=0x400000,
            cmdline=0x20000, cmdline_len=40, rsdp=0xF6A10):
    s = u8(flags)
    if flags & 1:
        s += u32(extra)
    s += addr(floor)
    s += u8(len(fw)) + b"".join(addr(a) + addr(l) + u8(t) for a, l, t in fw)
    s += u8(len(reserve)) + b"".join(span(a, e) for a, e in reserve)
    s += u8(len(busy)) + b"".join(span(a, e) for a, e in busy)
    s += u8(3)  # max_out: small, so e820_build() runs out of room
    s += u8(len(raw_free)) + b"".join(addr(a) + addr(e) for a, e in raw_free)
    s += addr(initrd) + addr(cmdline) + u32(cmdline_len) + u64(rsdp)
    img[0x290:0x290 + len(s)] = s
    return bytes(img)


def bzimage_seeds():
    hv = [(0x1F000000, 0x1FE00000)]
    mods = [(0x2000000, 0x2400000), (0x2400000, 0x2480000)]
    return {
        # relocatable, may live above 4 GiB, placed from e820_free_spans()
        "reloc_e820.bin": bz_seed(bz_header(0x020F, 1, 0x3), 2, 0x100000, PC_MAP, hv, mods,
                                  []),
        # fixed at pref_address, below 4 GiB, raw unsorted free list
        "fixed_raw.bin": bz_seed(bz_header(0x020C, 0, 0x1), 0, 0x100000, PC_MAP, hv, mods,
                                 [(0x3000000, 0x1F000000), (0x800000, 0x1F000000)]),
        # module longer than its head; RAM above 4 GiB
        "long_module.bin": bz_seed(bz_header(0x020D, 1, 0x1, init_size=0x2000000), 3,
                                   0x1000000, PC_MAP + [(0x100000000, 0x40000000, 1)],
                                   hv, mods, [], extra=0x40000),
    }


# ------------------------------------------------------------ qual / ACPI


def acpi_table(sig, rev, body):
    t = bytearray(sig + u32(36 + len(body)) + u8(rev) + b"\0" + b"THINV " +
                  b"TESTTABL" + u32(1) + b"TVSR" + u32(1) + body)
    t[9] = -sum(t) & 0xFF
    return bytes(t)


def gas(space, width, address):
    return u8(space) + u8(width) + u8(0) + u8(1) + u64(address)


def fadt(rev, length, pm1a, flags, reset=None, x_pm1a=None):
    b = bytearray(length - 36)

    def put(off, v):
        b[off - 36:off - 36 + len(v)] = v

    put(64, u32(pm1a))
    put(89, u8(2))  # PM1_CNT_LEN
    put(112, u32(flags))
    if reset:
        put(116, gas(1, 8, reset[0]))
        put(128, u8(reset[1]))
    if x_pm1a:
        put(172, gas(1, 16, x_pm1a))
    return acpi_table(b"FACP", rev, bytes(b))


def madt(entries):
    return acpi_table(b"APIC", 4, u32(0xFEE00000) + u32(1) + b"".join(entries))


def lapic(uid, apic_id, flags):
    return u8(0) + u8(8) + u8(uid) + u8(apic_id) + u32(flags)


def x2apic(apic_id, uid, flags):
    return u8(9) + u8(16) + u16(0) + u32(apic_id) + u32(flags) + u32(uid)


def memory(tables):
    """Fake physical memory from address 0: {address: bytes}."""
    size = max(a + len(t) for a, t in tables.items())
    m = bytearray(size)
    for a, t in tables.items():
        m[a:a + len(t)] = t
    return bytes(m)


def qual_seed(q, bsz, rsdp, flags, port, value, size, mem):
    return (u64(q) + u8(bsz) + u8(len(rsdp)) + u8(flags) + u16(port) + u32(value) +
            u8(size) + rsdp + mem)


def qual_seeds():
    ioapic = u8(1) + u8(12) + u8(2) + u8(0) + u32(0xFEC00000) + u32(0)
    v1_mem = memory({
        0x40: acpi_table(b"RSDT", 1, u32(0x100) + u32(0x200)),
        0x100: fadt(1, 116, 0x404, 0),
        0x200: madt([lapic(0, 0, 1), lapic(1, 1, 1), ioapic]),
    })
    v2_mem = memory({
        0x40: acpi_table(b"XSDT", 1, u64(0x240) + u64(0x100)),
        0x100: fadt(6, 276, 0x404, 1 << 10, reset=(0xCF9, 6), x_pm1a=0x1804),
        0x240: madt([x2apic(0, 0, 1), x2apic(0x100, 1, 2),
                     u8(5) + u8(12) + u16(0) + u64(0xFEE00000)]),
    })
    # EPT violation: write (1), entry readable (3) and executable (5),
    # linear address valid (7) and a translation (8)
    ept_write = 0x2 | 0x8 | 0x20 | 0x80 | 0x100
    # I/O: OUT byte to DX = 0xCF9;  CR: MOV to CR4 from RBX
    io_out = 0xCF9 << 16
    cr_mov = 4 | (0 << 4) | (3 << 8)
    return {
        "ept_rsdt.bin": qual_seed(ept_write, 40, rsdp_v1(0x40), 1, 0x405, 0x20, 1, v1_mem),
        "io_xsdt.bin": qual_seed(io_out, 12, rsdp_v2(0, 0x40), 0, 0xCF9, 6, 1, v2_mem),
        "cr_no_acpi.bin": qual_seed(cr_mov, 0, b"", 0, 0, 0, 0, b""),
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus")
    for name, seeds in (("multiboot2", multiboot2_seeds()), ("bzimage", bzimage_seeds()),
                        ("qual", qual_seeds())):
        d = os.path.join(root, name)
        os.makedirs(d, exist_ok=True)
        for fname, data in sorted(seeds.items()):
            assert len(data) <= MAX_SEED, (name, fname, len(data))
            with open(os.path.join(d, fname), "wb") as f:
                f.write(data)
            print(f"{name}/{fname}: {len(data)} bytes")


if __name__ == "__main__":
    main()

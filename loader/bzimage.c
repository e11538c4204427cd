// SPDX-License-Identifier: MIT
/*
 * bzimage.c - bzImage header parsing and validation for the Linux 64-bit
 * boot protocol: the setup header decoded with the defaults older protocol
 * versions imply, then checked against what thinvisor needs.  Facts come
 * from Documentation/x86/boot.rst (cited as "boot.rst" with the section or
 * field name).  See include/loader/bzimage.h for the contract.
 *
 * Where the kernel and initrd go is bzimage_place.c, the zero page they
 * are given bzimage_zero_page.c: both work from the struct bzimage_info
 * this file fills, never from the image's bytes again (but for the copy
 * of the setup header into the zero page).
 *
 * The image is read byte by byte with explicit little-endian assembly, so
 * no alignment of `img` is assumed and nothing beyond the header is read.
 */
#include "loader/bzimage.h"

#define SECTOR_SIZE 512
/* boot.rst, initrd_addr_max: "For boot protocols 2.02 or earlier, this
 * field is not present, and the maximum address is 0x37FFFFFF." */
#define OLD_INITRD_ADDR_MAX 0x37FFFFFFU
/* boot.rst, cmdline_size: "With protocol version 2.05 and earlier, the
 * maximum size was 255." */
#define OLD_CMDLINE_SIZE 255
/* boot.rst, "Memory Layout": a bzImage's protected-mode code is loaded at
 * 0x100000 when nothing else is known (pref_address absent or zero). */
#define OLD_PREF_ADDRESS 0x100000ULL
#define SHORT_JMP_OPCODE 0xEB

static u64 rd(const u8 *p, u32 off, u32 len)
{
	u64 v = 0;

	while (len--)
		v = (v << 8) | p[off + len];
	return v;
}

#define RD8(p, f)  ((u8)rd(p, HDR_OFF(f), 1))
#define RD16(p, f) ((u16)rd(p, HDR_OFF(f), 2))
#define RD32(p, f) ((u32)rd(p, HDR_OFF(f), 4))
#define RD64(p, f) rd(p, HDR_OFF(f), 8)

/* Decode the header with the defaults boot.rst gives for fields older
 * protocol versions lack.  Needs only bytes below 0x290 (size >= 1 KiB). */
static void decode(const u8 *p, u64 size, struct bzimage_info *bi)
{
	u16 v = RD16(p, version);
	u32 sects, kv;

	*bi = (struct bzimage_info){0};
	bi->version = v;
	bi->setup_sects = RD8(p, setup_sects);
	bi->loadflags = RD8(p, loadflags);
	/* boot.rst note (1): setup_sects 0 really means 4; the boot sector
	 * itself precedes the setup sectors. */
	sects = bi->setup_sects ? bi->setup_sects : 4;
	bi->setup_size = (sects + 1) * SECTOR_SIZE;
	bi->header_end = SETUP_HEADER_END_BASE + p[SETUP_HEADER_JUMP_OFFSET + 1];
	bi->pm_offset = bi->setup_size;
	bi->pm_size = size > bi->setup_size ? size - bi->setup_size : 0;
	/* boot.rst note (2): syssize is only 2 bytes wide before 2.04. */
	bi->syssize = v >= 0x0204 ? RD32(p, syssize) : RD16(p, syssize);
	bi->initrd_addr_max = v >= 0x0203 ? RD32(p, initrd_addr_max) : OLD_INITRD_ADDR_MAX;
	if (v >= 0x0205) {
		bi->relocatable = RD8(p, relocatable_kernel) != 0;
		bi->kernel_alignment = RD32(p, kernel_alignment);
	}
	bi->cmdline_size = v >= 0x0206 ? RD32(p, cmdline_size) : OLD_CMDLINE_SIZE;
	if (v >= 0x020A) {
		bi->min_alignment = RD8(p, min_alignment);
		bi->pref_address = RD64(p, pref_address);
		bi->init_size = RD32(p, init_size);
	}
	/* boot.rst, pref_address: meaningful only "if nonzero". */
	if (!bi->pref_address)
		bi->pref_address = OLD_PREF_ADDRESS;
	if (v >= 0x020B)
		bi->handover_offset = RD32(p, handover_offset);
	if (v >= 0x020C)
		bi->xloadflags = RD16(p, xloadflags);
	if (v >= 0x020F)
		bi->kernel_info_offset = RD32(p, kernel_info_offset);
	/* boot.rst, kernel_version: the string is at value + 0x200 and the
	 * value "should be less than (0x200*setup_sects)". */
	kv = RD16(p, kernel_version);
	if (kv && kv + 0x200U < bi->setup_size && kv + 0x200U < size)
		bi->kernel_version_str = kv + 0x200;
}

/* The header must reach at least the last field this protocol version
 * defines that thinvisor reads, and must fit the zero-page hole. */
static u32 required_header_end(u16 version)
{
	if (version >= 0x020F)
		return HDR_OFF(kernel_info_offset) + 4;
	return HDR_OFF(handover_offset) + 4;
}

static int fail(int err, const char **field, u64 *value, const char *f, u64 v)
{
	*field = f;
	*value = v;
	return err;
}

int bzimage_parse(const void *img, u64 size, struct bzimage_info *out, const char **field,
		  u64 *value)
{
	const u8 *p = img;
	const char *dummy_field;
	u64 dummy_value;
	u16 jump;

	if (!field)
		field = &dummy_field;
	if (!value)
		value = &dummy_value;
	*field = NULL;
	*value = 0;
	*out = (struct bzimage_info){0};

	if (size < BZIMAGE_MIN_SIZE)
		return fail(BZ_ERR_TOO_SMALL, field, value, "size", size);
	if (RD16(p, boot_flag) != BOOT_FLAG_MAGIC)
		return fail(BZ_ERR_BOOT_FLAG, field, value, "boot_flag", RD16(p, boot_flag));
	/* boot.rst: without "HdrS" the protocol is "old" (zImage only). */
	if (RD32(p, header) != HDRS_MAGIC)
		return fail(BZ_ERR_MAGIC, field, value, "header", RD32(p, header));

	decode(p, size, out);

	/* xloadflags, the only way to learn of the 64-bit entry, is 2.12+. */
	if (out->version < BZIMAGE_MIN_VERSION)
		return fail(BZ_ERR_VERSION, field, value, "version", out->version);
	if (!(out->loadflags & LOADED_HIGH))
		return fail(BZ_ERR_NOT_LOADED_HIGH, field, value, "loadflags", out->loadflags);
	if (!(out->xloadflags & XLF_KERNEL_64))
		return fail(BZ_ERR_NO_64BIT_ENTRY, field, value, "xloadflags", out->xloadflags);

	/* boot.rst, jump: "0xEB followed by a signed offset relative to byte
	 * 0x202. This can be used to determine the size of the header." */
	jump = RD16(p, jump);
	if ((jump & 0xFF) != SHORT_JMP_OPCODE)
		return fail(BZ_ERR_HEADER_LEN, field, value, "jump", jump);
	if (out->header_end < required_header_end(out->version) ||
	    out->header_end > SETUP_HEADER_HOLE_END)
		return fail(BZ_ERR_HEADER_LEN, field, value, "jump", jump);

	if (out->setup_size > BZIMAGE_MAX_SETUP_SIZE || out->setup_size >= size)
		return fail(BZ_ERR_SETUP_SIZE, field, value, "setup_sects", out->setup_sects);
	/* syssize counts 16-byte paragraphs, rounded up: a module shorter
	 * than that was cut off (e.g. a truncated file on the boot medium). */
	if ((u64)out->syssize * 16 > out->pm_size + 15)
		return fail(BZ_ERR_TRUNCATED, field, value, "syssize", out->syssize);
	if (!IS_POW2(out->kernel_alignment) || out->kernel_alignment < PAGE_SIZE)
		return fail(BZ_ERR_ALIGNMENT, field, value, "kernel_alignment",
			    out->kernel_alignment);
	/* boot.rst, init_size: the memory needed from the runtime start; it
	 * must at least hold the protected-mode code being copied there. */
	if (out->init_size < out->pm_size)
		return fail(BZ_ERR_INIT_SIZE, field, value, "init_size", out->init_size);
	return BZ_OK;
}

static const char *const bz_errors[BZ_ERR_COUNT] = {
	[BZ_OK] = "ok",
	[BZ_ERR_TOO_SMALL] = "module too small to hold a bzImage header",
	[BZ_ERR_BOOT_FLAG] = "no 0xAA55 boot flag at 0x1FE",
	[BZ_ERR_MAGIC] = "no \"HdrS\" signature at 0x202 (not a bzImage)",
	[BZ_ERR_VERSION] = "boot protocol older than 2.12 (no 64-bit entry flag)",
	[BZ_ERR_NOT_LOADED_HIGH] = "zImage (LOADED_HIGH clear), only bzImage is supported",
	[BZ_ERR_NO_64BIT_ENTRY] = "kernel has no 64-bit entry point (XLF_KERNEL_64 clear)",
	[BZ_ERR_HEADER_LEN] = "setup header length (jump at 0x200) is invalid",
	[BZ_ERR_SETUP_SIZE] = "real-mode setup larger than 32 KiB or than the file",
	[BZ_ERR_TRUNCATED] = "file shorter than its header says (truncated)",
	[BZ_ERR_ALIGNMENT] = "kernel_alignment is not a power of two >= 4 KiB",
	[BZ_ERR_INIT_SIZE] = "init_size smaller than the protected-mode kernel",
	[BZ_ERR_NO_ROOM] = "no free RAM range can hold the kernel",
	[BZ_ERR_INITRD_NO_ROOM] = "no free RAM range can hold the initrd",
	[BZ_ERR_CMDLINE_TOO_LONG] = "command line longer than the kernel's cmdline_size",
	[BZ_ERR_ABOVE_4G] = "address above 4 GiB but kernel lacks XLF_CAN_BE_LOADED_ABOVE_4G",
	[BZ_ERR_NO_ACPI_PATH] = "protocol before 2.14 on UEFI without EFI system table: no ACPI",
};

const char *bzimage_strerror(int err)
{
	if (err < 0 || err >= BZ_ERR_COUNT)
		return "unknown error";
	return bz_errors[err];
}

// SPDX-License-Identifier: MIT
/*
 * bzimage.c - bzImage header validation, kernel/initrd placement and zero
 * page construction for the Linux 64-bit boot protocol.  Facts come from
 * Documentation/x86/boot.rst (cited as "boot.rst" with the section or
 * field name) and Documentation/x86/zero-page.rst.
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
#define FOUR_GIB	 (4 * GiB)

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

static bool is_pow2(u64 x)
{
	return x && !(x & (x - 1));
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
	if (!is_pow2(out->kernel_alignment) || out->kernel_alignment < PAGE_SIZE)
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

/* Does [addr, addr + len) lie inside s, and end at or below limit? */
static bool span_holds(const struct mem_span *s, u64 addr, u64 len, u64 limit)
{
	return addr >= s->start && addr < s->end && len <= s->end - addr && addr <= limit &&
	       len <= limit - addr;
}

static u64 kernel_limit(const struct bzimage_info *bi)
{
	return (bi->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G) ? ~0ULL : FOUR_GIB;
}

/* Lowest `align`-aligned address >= lo whose [a, a + len) fits a span. */
static bool lowest_fit(const struct mem_span *free, u32 nr_free, u64 lo, u64 align, u64 len,
		       u64 limit, u64 *best)
{
	bool found = false;
	u32 i;

	for (i = 0; i < nr_free; i++) {
		u64 from = MAX(free[i].start, lo);
		u64 a;

		if (from > ~0ULL - (align - 1))
			continue;
		a = ALIGN_UP(from, align);
		if (span_holds(&free[i], a, len, limit) && (!found || a < *best)) {
			*best = a;
			found = true;
		}
	}
	return found;
}

int bzimage_place(const struct bzimage_info *bi, const struct mem_span *free, u32 nr_free,
		  u64 floor, u64 *load_addr)
{
	/* boot.rst, 64-bit Boot Protocol: "The range with
	 * setup_header.init_size from start address of loaded kernel" is
	 * what the kernel uses before it reads the memory map. */
	u64 need = MAX((u64)bi->init_size, bi->pm_size);
	u64 limit = kernel_limit(bi);

	if (!bi->relocatable) {
		/* boot.rst, pref_address: "A non-relocatable kernel will
		 * unconditionally move itself and to run at this address." */
		*load_addr = bi->pref_address;
		if (bi->pref_address < floor)
			return BZ_ERR_NO_ROOM;
		for (u32 i = 0; i < nr_free; i++) {
			if (span_holds(&free[i], bi->pref_address, need, limit))
				return BZ_OK;
		}
		return BZ_ERR_NO_ROOM;
	}

	/* boot.rst, init_size: runtime_start = align_up(load_address,
	 * kernel_alignment), so load at an aligned address and the span the
	 * kernel uses is exactly [load, load + init_size). */
	if (!is_pow2(bi->kernel_alignment))
		return BZ_ERR_ALIGNMENT;
	if (lowest_fit(free, nr_free, MAX(floor, BZIMAGE_DEFAULT_LOAD_ADDR), bi->kernel_alignment,
		       need, limit, load_addr))
		return BZ_OK;
	if (lowest_fit(free, nr_free, floor, bi->kernel_alignment, need, limit, load_addr))
		return BZ_OK;
	*load_addr = 0;
	return BZ_ERR_NO_ROOM;
}

/* Highest page-aligned a with [a, a + size) inside [s, e) and below top. */
static void highest_in(u64 s, u64 e, u64 size, u64 top, u64 *best, bool *found)
{
	u64 a;

	e = MIN(e, top);
	if (e <= s || e - s < size)
		return;
	a = ALIGN_DOWN(e - size, PAGE_SIZE);
	if (a >= s && (!*found || a > *best)) {
		*best = a;
		*found = true;
	}
}

int bzimage_place_initrd(const struct bzimage_info *bi, u64 size, const struct mem_span *free,
			 u32 nr_free, u64 avoid_start, u64 avoid_end, u64 *addr)
{
	/* initrd_addr_max is "the address of the highest safe byte". */
	u64 top = (u64)bi->initrd_addr_max + 1;
	bool found = false;
	u32 i;

	*addr = 0;
	if (!size)
		return BZ_OK;
	for (i = 0; i < nr_free; i++) {
		u64 s = free[i].start, e = free[i].end;

		if (avoid_start >= avoid_end || avoid_end <= s || avoid_start >= e) {
			highest_in(s, e, size, top, addr, &found);
			continue;
		}
		/* The kernel span cuts this free span into a low and a high
		 * piece (either may be empty). */
		if (avoid_start > s)
			highest_in(s, avoid_start, size, top, addr, &found);
		if (avoid_end < e)
			highest_in(avoid_end, e, size, top, addr, &found);
	}
	return found ? BZ_OK : BZ_ERR_INITRD_NO_ROOM;
}

static bool ends_above_4g(u64 addr, u64 len)
{
	return addr > FOUR_GIB || len > FOUR_GIB - addr;
}

int bzimage_fill_boot_params(const void *img, const struct bzimage_info *bi, struct boot_params *bp,
			     u64 load_addr, u64 cmdline_addr, u64 cmdline_len, u64 initrd_addr,
			     u64 initrd_size, u64 acpi_rsdp)
{
	const u8 *src = img;
	u8 *dst = (u8 *)bp;
	u32 end = MIN(bi->header_end, (u32)SETUP_HEADER_HOLE_END);
	u32 i;

	/* boot.rst, cmdline_size: "the command line can contain at most
	 * cmdline_size characters" (not counting the terminating zero). */
	if (cmdline_len > bi->cmdline_size)
		return BZ_ERR_CMDLINE_TOO_LONG;
	if (!(bi->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G) &&
	    (ends_above_4g(cmdline_addr, cmdline_len + 1) ||
	     (initrd_size && ends_above_4g(initrd_addr, initrd_size)) ||
	     ends_above_4g(load_addr, MAX((u64)bi->init_size, bi->pm_size))))
		return BZ_ERR_ABOVE_4G;

	/* boot.rst, 64-bit Boot Protocol: the zero page is "initialized to
	 * all zero", then the setup header from 0x1F1 up to "0x0202 + byte
	 * value at offset 0x0201" is loaded into it.  Copying no more keeps
	 * the sentinel at 0x1EF zero, telling the kernel the rest is clean. */
	for (i = 0; i < sizeof(*bp); i++)
		dst[i] = 0;
	for (i = SETUP_HEADER_OFFSET; i < end; i++)
		dst[i] = src[i];

	bp->hdr.type_of_loader = LOADER_TYPE_UNDEFINED;
	/* setup_data is a physical pointer the kernel follows (boot.rst,
	 * "64-bit pointer to linked list of struct setup_data"): a loader that
	 * passes none must leave 0, whatever the image file says. */
	bp->hdr.setup_data = 0;
	bp->hdr.vid_mode = VID_MODE_NORMAL;
	/* code32_start: "if a bootloader ... loads a relocatable kernel at a
	 * nonstandard address it will have to modify this field".  The 64-bit
	 * entry does not use it, but keep the header truthful. */
	bp->hdr.code32_start = (u32)load_addr;
	/* zero-page.rst: ext_* hold the high 32 bits of these fields. */
	bp->hdr.cmd_line_ptr = (u32)cmdline_addr;
	bp->ext_cmd_line_ptr = (u32)(cmdline_addr >> 32);
	/* boot.rst, ramdisk_image/ramdisk_size: "write (obligatory)", "Leave
	 * at zero if there is no initial ramdisk": the image's own values,
	 * copied with the header above, must never survive. */
	if (!initrd_size)
		initrd_addr = 0;
	bp->hdr.ramdisk_image = (u32)initrd_addr;
	bp->ext_ramdisk_image = (u32)(initrd_addr >> 32);
	bp->hdr.ramdisk_size = (u32)initrd_size;
	bp->ext_ramdisk_size = (u32)(initrd_size >> 32);
	bp->acpi_rsdp_addr = acpi_rsdp;
	return BZ_OK;
}

void bzimage_firmware_from(const struct machine *m, u64 memmap_pa, struct bzimage_firmware *fw)
{
	*fw = (struct bzimage_firmware){ .efi_boot = m->efi.booted, .fb = m->fb };
	if (!m->efi.booted || m->efi.boot_services_alive || !m->efi.systab || !memmap_pa)
		return;
	fw->efi_systab = m->efi.systab;
	fw->efi_64 = m->efi.systab_64;
	fw->efi_memmap = memmap_pa;
	fw->efi_memmap_size = m->efi.memmap_size;
	fw->efi_memdesc_size = m->efi.desc_size;
	fw->efi_memdesc_version = m->efi.desc_version;
}

static void fill_efi_info(struct efi_info *ei, const struct bzimage_firmware *fw)
{
	/* bootparam.h struct efi_info; the kernel's EFI stub fills it the
	 * same way (the signature tells it the firmware's word size). */
	ei->efi_loader_signature = fw->efi_64 ? EFI64_LOADER_SIGNATURE : EFI32_LOADER_SIGNATURE;
	ei->efi_systab = (u32)fw->efi_systab;
	ei->efi_systab_hi = (u32)(fw->efi_systab >> 32);
	ei->efi_memdesc_size = fw->efi_memdesc_size;
	ei->efi_memdesc_version = fw->efi_memdesc_version;
	ei->efi_memmap = (u32)fw->efi_memmap;
	ei->efi_memmap_hi = (u32)(fw->efi_memmap >> 32);
	ei->efi_memmap_size = fw->efi_memmap_size;
}

/*
 * The reserved (padding) field of a direct-colour pixel, which multiboot2
 * does not describe: the bits above the highest colour field, else those
 * below the lowest (x8r8g8b8 gives 8 bits at 24, r8g8b8x8 8 bits at 0).
 */
static void rsvd_field(const struct machine_framebuffer *fb, u8 *size, u8 *pos)
{
	u32 top = MAX(MAX(fb->red_pos + fb->red_size, fb->green_pos + fb->green_size),
		      fb->blue_pos + fb->blue_size);
	u32 low = MIN(MIN(fb->red_pos, fb->green_pos), fb->blue_pos);

	*size = 0;
	*pos = 0;
	if (top < fb->bpp) {
		*size = (u8)(fb->bpp - top);
		*pos = (u8)top;
	} else if (low > 0) {
		*size = (u8)low;
	}
}

static void fill_screen_info(struct screen_info *si, const struct machine_framebuffer *fb,
			     bool efi)
{
	u64 bytes = (u64)fb->pitch * fb->height;

	if (fb->type != FB_RGB || !fb->bpp || fb->width > 0xFFFF || fb->height > 0xFFFF ||
	    fb->pitch > 0xFFFF || bytes > 0xFFFFFFFFULL)
		return;
	/* screen_info.h: efifb takes lfb_size in bytes, vesafb (and sysfb
	 * for VIDEO_TYPE_VLFB) in 64 KiB units. */
	si->orig_video_isVGA = efi ? VIDEO_TYPE_EFI : VIDEO_TYPE_VLFB;
	si->lfb_size = efi ? (u32)bytes : (u32)(ALIGN_UP(bytes, 64 * KiB) / (64 * KiB));
	si->lfb_width = (u16)fb->width;
	si->lfb_height = (u16)fb->height;
	si->lfb_depth = fb->bpp;
	si->lfb_linelength = (u16)fb->pitch;
	si->lfb_base = (u32)fb->addr;
	si->ext_lfb_base = (u32)(fb->addr >> 32);
	if (fb->addr >> 32)
		si->capabilities |= VIDEO_CAPABILITY_64BIT_BASE;
	si->red_size = fb->red_size;
	si->red_pos = fb->red_pos;
	si->green_size = fb->green_size;
	si->green_pos = fb->green_pos;
	si->blue_size = fb->blue_size;
	si->blue_pos = fb->blue_pos;
	rsvd_field(fb, &si->rsvd_size, &si->rsvd_pos);
	si->pages = 1;
}

int bzimage_fill_firmware(const struct bzimage_info *bi, struct boot_params *bp,
			  const struct bzimage_firmware *fw)
{
	bool efi_info = fw->efi_systab && fw->efi_memmap && fw->efi_memmap_size &&
			fw->efi_memdesc_size;

	/*
	 * boot.rst, acpi_rsdp_addr (protocol 2.14): "If this field is zero,
	 * the kernel will search for the RSDP in the EBDA and the BIOS
	 * ROM".  A UEFI machine need not put it there; with efi_info the
	 * kernel finds it in the EFI configuration table instead.
	 */
	if (fw->efi_boot && !efi_info && bi->version < BZIMAGE_RSDP_VERSION)
		return BZ_ERR_NO_ACPI_PATH;
	if (efi_info)
		fill_efi_info(&bp->efi_info, fw);
	fill_screen_info(&bp->screen_info, &fw->fb, fw->efi_boot);
	return BZ_OK;
}

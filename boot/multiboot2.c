// SPDX-License-Identifier: MIT
/*
 * multiboot2.c - validating parser for the multiboot2 boot information
 * structure.  See include/multiboot2.h for the contract.
 *
 * Layout (Multiboot2 Specification 3.6.1 "Basic tags structure"): an 8-byte
 * aligned block starting with u32 total_size, u32 reserved, followed by tags
 * {u32 type, u32 size, payload}; size counts the 8-byte tag header but not
 * the padding that makes the next tag start 8-byte aligned; a tag of type 0
 * and size 8 ends the list.
 *
 * Everything is read byte-wise through rd32()/rd64(): a corrupted
 * descriptor size can leave fields unaligned, and byte loads are never
 * undefined behaviour whatever the offsets turn out to be.
 */
#include "multiboot2.h"

#define MB2_HDR_SIZE	 8u  /* total_size + reserved */
#define MB2_TAG_HDR_SIZE 8u  /* type + size */
#define MB2_TAG_ALIGN	 8u  /* spec 3.6.1: every tag starts 8-byte aligned */
#define MB2_MIN_TOTAL	 16u /* header + end tag */

/* spec 3.6.8: base_addr, length, type, reserved */
#define MB2_MMAP_ENTRY_MIN 24u
/* UEFI 2.x, EFI_BOOT_SERVICES.GetMemoryMap(): EFI_MEMORY_DESCRIPTOR is
 * Type, pad, PhysicalStart, VirtualStart, NumberOfPages, Attribute. */
#define EFI_DESC_MIN	40u
#define EFI_DESC_TYPE	0u
#define EFI_DESC_PSTART 8u
#define EFI_DESC_PAGES	24u
#define EFI_PAGE_SHIFT	12u /* NumberOfPages counts 4 KiB pages */

/* ACPI 6.x, 5.2.5.3 "Root System Description Pointer (RSDP) Structure":
 * the ACPI 1.0 part is 20 bytes, the 2.0+ structure at least 36. */
#define RSDP_V1_LEN 20u
#define RSDP_V2_LEN 36u

/*
 * Tag 8, "Framebuffer info" (spec 3.6.12): u64 framebuffer_addr, u32 pitch,
 * u32 width, u32 height, u8 bpp, u8 framebuffer_type, then reserved bytes
 * up to color_info.  The spec's own multiboot2.h (struct
 * multiboot_tag_framebuffer_common), which GRUB uses, makes the reserved
 * field a u16, so color_info starts 32 bytes into the tag.  For type 1
 * (direct RGB) color_info is six u8: red field position and mask size,
 * then green, then blue.
 */
#define FB_ADDR	      8u
#define FB_PITCH      16u
#define FB_WIDTH      20u
#define FB_HEIGHT     24u
#define FB_BPP	      28u
#define FB_TYPE	      29u
#define FB_COLOR_INFO 32u
#define FB_RGB_LEN    6u

/* EFI_MEMORY_TYPE values (UEFI spec, GetMemoryMap()) */
enum efi_mem_type {
	EFI_RESERVED = 0,
	EFI_LOADER_CODE = 1,
	EFI_LOADER_DATA = 2,
	EFI_BS_CODE = 3,
	EFI_BS_DATA = 4,
	EFI_RT_CODE = 5,
	EFI_RT_DATA = 6,
	EFI_CONVENTIONAL = 7,
	EFI_UNUSABLE = 8,
	EFI_ACPI_RECLAIM = 9,
	EFI_ACPI_NVS = 10,
};

/* Tags that describe one thing; a second copy would be ambiguous. */
#define MB2_UNIQUE_TAGS                                                                            \
	(BIT(MB2_TAG_CMDLINE) | BIT(MB2_TAG_BOOTLOADER_NAME) | BIT(MB2_TAG_BASIC_MEMINFO) |        \
	 BIT(MB2_TAG_MMAP) | BIT(MB2_TAG_ACPI_OLD) | BIT(MB2_TAG_ACPI_NEW) |                       \
	 BIT(MB2_TAG_EFI_MMAP) | BIT(MB2_TAG_LOAD_BASE_ADDR) | BIT(MB2_TAG_FRAMEBUFFER) |        \
	 BIT(MB2_TAG_EFI32) | BIT(MB2_TAG_EFI64))

static u32 rd32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64 rd64(const u8 *p)
{
	return (u64)rd32(p) | (u64)rd32(p + 4) << 32;
}

/* The string must end with a NUL inside [start, end) of its own tag. */
static const char *tag_string(const u8 *mbi, u32 start, u32 end)
{
	for (u32 i = start; i < end; i++)
		if (mbi[i] == '\0')
			return (const char *)(mbi + start);
	return NULL;
}

/* [addr, addr + len) must not wrap; ending exactly at 2^64 is allowed. */
static bool range_ok(u64 addr, u64 len)
{
	return len == 0 || addr <= ~0ULL - (len - 1);
}

/*
 * First pass: check the framing of every tag up to the end tag, so that the
 * second pass may trust each tag's size, and note tag 18, on which the
 * meaning of tag 17 depends wherever it appears.
 */
static int walk_frames(const u8 *mbi, u32 total, u32 *bad, bool *efi_bs)
{
	u32 off = MB2_HDR_SIZE, last = off;

	/* total and off are multiples of 8, so a tag header always fits. */
	while (off < total) {
		u32 type = rd32(mbi + off);
		u32 size = rd32(mbi + off + 4);

		*bad = off;
		if (!IS_ALIGNED(off, MB2_TAG_ALIGN))
			return MB2_ERR_TAG_MISALIGNED;
		if (size < MB2_TAG_HDR_SIZE)
			return MB2_ERR_TAG_SIZE;
		if (size > total - off)
			return MB2_ERR_TAG_OVERRUN;
		if (type == MB2_TAG_END)
			return size == MB2_TAG_HDR_SIZE ? MB2_OK : MB2_ERR_TAG_SIZE;
		if (type == MB2_TAG_EFI_BS)
			*efi_bs = true;
		last = off;
		/* size <= total - off and both ends are 8-aligned: no overflow */
		off += (u32)ALIGN_UP(size, MB2_TAG_ALIGN);
	}
	*bad = last;
	return MB2_ERR_NO_END_TAG;
}

static int parse_module(const u8 *mbi, u32 off, u32 size, struct mb2_info *out)
{
	struct mb2_module *m;
	const char *s;

	/* spec 3.6.6: mod_start, mod_end, then the NUL-terminated string */
	if (size < MB2_TAG_HDR_SIZE + 8)
		return MB2_ERR_TAG_SIZE;
	if (out->nr_modules >= MB2_MAX_MODULES)
		return MB2_ERR_TOO_MANY_MODULES;
	m = &out->modules[out->nr_modules];
	m->start = rd32(mbi + off + 8);
	m->end = rd32(mbi + off + 12);
	if (m->end < m->start)
		return MB2_ERR_MODULE_RANGE;
	s = tag_string(mbi, off + 16, off + size);
	if (!s)
		return MB2_ERR_STRING;
	m->string = s;
	out->nr_modules++;
	return MB2_OK;
}

static u32 bios_type(u32 type)
{
	/* spec 3.6.8: other values are reserved area */
	return type >= MB2_MEM_AVAILABLE && type <= MB2_MEM_BADRAM ? type : MB2_MEM_RESERVED;
}

static int parse_bios_mmap(const u8 *mbi, u32 off, u32 size, struct mb2_info *out)
{
	u32 esz, body;

	/* spec 3.6.8: entry_size, entry_version, then entries */
	if (size < MB2_TAG_HDR_SIZE + 8)
		return MB2_ERR_TAG_SIZE;
	esz = rd32(mbi + off + 8);
	body = size - 16;
	/* entry_size is "guaranteed to be a multiple of 8" */
	if (esz < MB2_MMAP_ENTRY_MIN || !IS_ALIGNED(esz, 8) || body % esz)
		return MB2_ERR_MMAP_ENTRY_SIZE;
	for (u32 e = off + 16; e < off + size; e += esz) {
		u64 addr = rd64(mbi + e), len = rd64(mbi + e + 8);
		struct mb2_mmap_entry *m;

		if (!range_ok(addr, len))
			return MB2_ERR_MMAP_RANGE;
		if (len == 0)
			continue;
		if (out->nr_bios_mmap >= MB2_MAX_MMAP)
			return MB2_ERR_TOO_MANY_MMAP;
		m = &out->bios_mmap[out->nr_bios_mmap++];
		m->addr = addr;
		m->len = len;
		m->type = bios_type(rd32(mbi + e + 16));
	}
	out->has_bios_mmap = true;
	return MB2_OK;
}

/*
 * Loader and boot-services memory is free once ExitBootServices() has run,
 * which GRUB does unless it passes tag 18 (spec 3.6.13/3.6.17; UEFI spec
 * "Memory Type Usage after ExitBootServices()").
 */
static u32 efi_type(u32 type, bool bs_alive)
{
	switch (type) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BS_CODE:
	case EFI_BS_DATA:
		return bs_alive ? MB2_MEM_RESERVED : MB2_MEM_AVAILABLE;
	case EFI_CONVENTIONAL:
		return MB2_MEM_AVAILABLE;
	case EFI_UNUSABLE:
		return MB2_MEM_BADRAM;
	case EFI_ACPI_RECLAIM:
		return MB2_MEM_ACPI_RECLAIMABLE;
	case EFI_ACPI_NVS:
		return MB2_MEM_NVS;
	default: /* reserved, runtime services, MMIO, PAL code, persistent, ... */
		return MB2_MEM_RESERVED;
	}
}

/* [a, a + alen) ends exactly where b starts, without wrapping past 2^64. */
static bool touches(u64 a, u64 alen, u64 b)
{
	return b != 0 && a + alen == b;
}

/* Grow an existing entry of the same type that [addr, addr+len) touches. */
static bool efi_merge(struct mb2_info *out, u64 addr, u64 len, u32 type)
{
	for (u32 i = 0; i < out->nr_efi_mmap; i++) {
		struct mb2_mmap_entry *m = &out->efi_mmap[i];

		/* a merged length of 2^64 would not fit in u64 */
		if (m->type != type || m->len + len < m->len)
			continue;
		if (touches(m->addr, m->len, addr)) {
			m->len += len;
			return true;
		}
		if (touches(addr, len, m->addr)) {
			m->addr = addr;
			m->len += len;
			return true;
		}
	}
	return false;
}

static int parse_efi_mmap(const u8 *mbi, u32 off, u32 size, struct mb2_info *out)
{
	u32 dsz, body;

	/* spec 3.6.17: descr_size, descr_vers, then the EFI memory map */
	if (size < MB2_TAG_HDR_SIZE + 8)
		return MB2_ERR_TAG_SIZE;
	dsz = rd32(mbi + off + 8);
	body = size - 16;
	/* UEFI: step by DescriptorSize, which may exceed the struct we know */
	if (dsz < EFI_DESC_MIN || body % dsz)
		return MB2_ERR_MMAP_ENTRY_SIZE;
	out->efi_descr_version = rd32(mbi + off + 12);
	/* Kept as given too: Linux's efi_info wants the firmware's own map. */
	out->efi_descr_size = dsz;
	out->efi_mmap_raw = mbi + off + 16;
	out->efi_mmap_raw_size = body;
	for (u32 d = off + 16; d < off + size; d += dsz) {
		u64 addr = rd64(mbi + d + EFI_DESC_PSTART);
		u64 pages = rd64(mbi + d + EFI_DESC_PAGES);
		u32 type =
			efi_type(rd32(mbi + d + EFI_DESC_TYPE), out->efi_boot_services_not_exited);
		u64 len;
		struct mb2_mmap_entry *m;

		if (pages > (~0ULL >> EFI_PAGE_SHIFT))
			return MB2_ERR_MMAP_RANGE;
		len = pages << EFI_PAGE_SHIFT;
		if (!range_ok(addr, len))
			return MB2_ERR_MMAP_RANGE;
		if (len == 0 || efi_merge(out, addr, len, type))
			continue;
		if (out->nr_efi_mmap >= MB2_MAX_MMAP)
			return MB2_ERR_TOO_MANY_MMAP;
		m = &out->efi_mmap[out->nr_efi_mmap++];
		m->addr = addr;
		m->len = len;
		m->type = type;
	}
	out->has_efi_mmap = true;
	return MB2_OK;
}

static int parse_rsdp(const u8 *mbi, u32 off, u32 size, bool v2, struct mb2_info *out)
{
	/* spec 3.6.14/3.6.15: a copy of the RSDP follows the tag header */
	if (size - MB2_TAG_HDR_SIZE < (v2 ? RSDP_V2_LEN : RSDP_V1_LEN))
		return MB2_ERR_TAG_SIZE;
	if (!v2 && out->rsdp_is_v2)
		return MB2_OK; /* prefer the new one, whatever the order */
	out->rsdp = mbi + off + MB2_TAG_HDR_SIZE;
	out->rsdp_len = size - MB2_TAG_HDR_SIZE;
	out->rsdp_is_v2 = v2;
	return MB2_OK;
}

static int parse_framebuffer(const u8 *mbi, u32 off, u32 size, struct mb2_info *out)
{
	struct mb2_framebuffer *fb = &out->fb;
	const u8 *ci = mbi + off + FB_COLOR_INFO;

	if (size < FB_COLOR_INFO)
		return MB2_ERR_TAG_SIZE;
	*fb = (struct mb2_framebuffer){
		.addr = rd64(mbi + off + FB_ADDR),
		.pitch = rd32(mbi + off + FB_PITCH),
		.width = rd32(mbi + off + FB_WIDTH),
		.height = rd32(mbi + off + FB_HEIGHT),
		.bpp = mbi[off + FB_BPP],
		.type = mbi[off + FB_TYPE],
	};
	if (fb->type == MB2_FB_RGB) {
		if (size < FB_COLOR_INFO + FB_RGB_LEN)
			return MB2_ERR_TAG_SIZE;
		fb->red_pos = ci[0];
		fb->red_size = ci[1];
		fb->green_pos = ci[2];
		fb->green_size = ci[3];
		fb->blue_pos = ci[4];
		fb->blue_size = ci[5];
	}
	/* EGA text counts characters of two bytes, not pixels of bpp bits. */
	if (fb->type != MB2_FB_EGA_TEXT && (u64)fb->width * fb->bpp > (u64)fb->pitch * 8)
		return MB2_ERR_FRAMEBUFFER;
	if (!range_ok(fb->addr, (u64)fb->pitch * fb->height))
		return MB2_ERR_FRAMEBUFFER;
	out->has_framebuffer = true;
	return MB2_OK;
}

/*
 * Tags 11 and 12, "EFI 32-bit/64-bit system table pointer": a u32 or u64
 * physical address after the header.  The 64-bit one wins when both are
 * there, whatever their order; a null pointer is no pointer.
 */
static int parse_efi_systab(const u8 *mbi, u32 off, u32 size, bool is64, struct mb2_info *out)
{
	u64 p;

	if (size < MB2_TAG_HDR_SIZE + (is64 ? 8 : 4))
		return MB2_ERR_TAG_SIZE;
	if (!is64 && out->efi_systab_is_64)
		return MB2_OK;
	p = is64 ? rd64(mbi + off + 8) : rd32(mbi + off + 8);
	if (!p)
		return MB2_OK;
	out->efi_systab = p;
	out->efi_systab_is_64 = is64;
	out->has_efi_systab = true;
	return MB2_OK;
}

static int parse_tag(const u8 *mbi, u32 off, u32 type, u32 size, struct mb2_info *out)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
		out->cmdline = tag_string(mbi, off + 8, off + size);
		return out->cmdline ? MB2_OK : MB2_ERR_STRING;
	case MB2_TAG_BOOTLOADER_NAME:
		out->bootloader_name = tag_string(mbi, off + 8, off + size);
		return out->bootloader_name ? MB2_OK : MB2_ERR_STRING;
	case MB2_TAG_MODULE:
		return parse_module(mbi, off, size, out);
	case MB2_TAG_BASIC_MEMINFO:
		/* spec 3.6.3: mem_lower, mem_upper in KiB */
		if (size < MB2_TAG_HDR_SIZE + 8)
			return MB2_ERR_TAG_SIZE;
		out->mem_lower_kib = rd32(mbi + off + 8);
		out->mem_upper_kib = rd32(mbi + off + 12);
		out->has_basic_meminfo = true;
		return MB2_OK;
	case MB2_TAG_MMAP:
		return parse_bios_mmap(mbi, off, size, out);
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		return parse_rsdp(mbi, off, size, type == MB2_TAG_ACPI_NEW, out);
	case MB2_TAG_EFI_MMAP:
		return parse_efi_mmap(mbi, off, size, out);
	case MB2_TAG_FRAMEBUFFER:
		return parse_framebuffer(mbi, off, size, out);
	case MB2_TAG_EFI32:
	case MB2_TAG_EFI64:
		return parse_efi_systab(mbi, off, size, type == MB2_TAG_EFI64, out);
	case MB2_TAG_LOAD_BASE_ADDR:
		/* spec 3.6.18: u32 load_base_addr */
		if (size < MB2_TAG_HDR_SIZE + 4)
			return MB2_ERR_TAG_SIZE;
		out->load_base = rd32(mbi + off + 8);
		out->has_load_base = true;
		return MB2_OK;
	default: /* tag 18 was noted by walk_frames(); others: forward compat */
		return MB2_OK;
	}
}

static void reset_info(struct mb2_info *out, u64 info_addr, u32 total)
{
	/* Field by field: zeroing the ~6 KiB of arrays would buy nothing. */
	out->info_addr = info_addr;
	out->total_size = total;
	out->cmdline = NULL;
	out->bootloader_name = NULL;
	out->nr_modules = 0;
	out->nr_bios_mmap = 0;
	out->has_bios_mmap = false;
	out->nr_efi_mmap = 0;
	out->has_efi_mmap = false;
	out->efi_descr_version = 0;
	out->efi_mmap_raw = NULL;
	out->efi_mmap_raw_size = 0;
	out->efi_descr_size = 0;
	out->has_efi_systab = false;
	out->efi_systab_is_64 = false;
	out->efi_systab = 0;
	out->has_framebuffer = false;
	out->fb = (struct mb2_framebuffer){0};
	out->rsdp = NULL;
	out->rsdp_len = 0;
	out->rsdp_is_v2 = false;
	out->has_load_base = false;
	out->load_base = 0;
	out->has_basic_meminfo = false;
	out->mem_lower_kib = 0;
	out->mem_upper_kib = 0;
	out->efi_boot_services_not_exited = false;
}

int mb2_parse(u32 magic, const void *info, u64 info_addr, u32 max_len, struct mb2_info *out,
	      u32 *bad_offset)
{
	const u8 *mbi = info;
	u32 dummy, total, off, seen = 0;
	bool efi_bs = false;
	int err;

	if (!bad_offset)
		bad_offset = &dummy;
	*bad_offset = 0;
	if (magic != MB2_BOOTLOADER_MAGIC)
		return MB2_ERR_BAD_MAGIC;
	if (!info || !out)
		return MB2_ERR_NULL;
	/* spec 3.6.1: "the boot information ... must be 64-bit aligned" */
	if (!IS_ALIGNED((uintptr_t)info, 8) || !IS_ALIGNED(info_addr, 8))
		return MB2_ERR_MISALIGNED;
	/* Not even a header and an end tag fit: do not read total_size. */
	if (max_len < MB2_MIN_TOTAL)
		return MB2_ERR_TOTAL_SIZE;
	total = rd32(mbi);
	if (total < MB2_MIN_TOTAL || total > max_len || !IS_ALIGNED(total, MB2_TAG_ALIGN))
		return MB2_ERR_TOTAL_SIZE;

	err = walk_frames(mbi, total, bad_offset, &efi_bs);
	if (err)
		return err;

	reset_info(out, info_addr, total);
	out->efi_boot_services_not_exited = efi_bs;
	for (off = MB2_HDR_SIZE;; off += (u32)ALIGN_UP(rd32(mbi + off + 4), MB2_TAG_ALIGN)) {
		u32 type = rd32(mbi + off), size = rd32(mbi + off + 4);

		if (type == MB2_TAG_END)
			break;
		*bad_offset = off;
		if (type < 32 && (BIT(type) & MB2_UNIQUE_TAGS)) {
			if (seen & BIT(type))
				return MB2_ERR_DUPLICATE_TAG;
			seen |= BIT(type);
		}
		err = parse_tag(mbi, off, type, size, out);
		if (err)
			return err;
	}
	*bad_offset = 0;
	return MB2_OK;
}

static const char *const mb2_messages[MB2_ERR_COUNT] = {
	[MB2_OK] = "no error",
	[MB2_ERR_BAD_MAGIC] = "boot loader magic in EAX is not the multiboot2 magic",
	[MB2_ERR_MISALIGNED] = "boot information is not 8-byte aligned",
	[MB2_ERR_TOTAL_SIZE] = "total_size is under 16, over max_len, or not a multiple of 8",
	[MB2_ERR_TAG_MISALIGNED] = "tag does not start 8-byte aligned",
	[MB2_ERR_TAG_SIZE] = "tag size is too small for its type",
	[MB2_ERR_TAG_OVERRUN] = "tag runs past total_size",
	[MB2_ERR_NO_END_TAG] = "no end tag before total_size",
	[MB2_ERR_STRING] = "string is not NUL-terminated within its tag",
	[MB2_ERR_TOO_MANY_MODULES] = "more boot modules than thinvisor supports",
	[MB2_ERR_TOO_MANY_MMAP] = "more memory map entries than thinvisor supports",
	[MB2_ERR_MMAP_ENTRY_SIZE] = "memory map entry size is invalid or does not divide the tag",
	[MB2_ERR_MODULE_RANGE] = "boot module ends before it starts",
	[MB2_ERR_NULL] = "boot information or output pointer is NULL",
	[MB2_ERR_DUPLICATE_TAG] = "a tag that must be unique appears twice",
	[MB2_ERR_MMAP_RANGE] = "memory map entry wraps past the top of the address space",
	[MB2_ERR_FRAMEBUFFER] = "framebuffer lines are wider than its pitch, or it wraps past 2^64",
};

const char *mb2_strerror(int err)
{
	if (err < 0 || err >= MB2_ERR_COUNT || !mb2_messages[err])
		return "unknown multiboot2 error";
	return mb2_messages[err];
}

const struct mb2_mmap_entry *mb2_memory_map(const struct mb2_info *mi, u32 *count,
					    const char **source)
{
	const struct mb2_mmap_entry *map = NULL;
	const char *src = NULL;
	u32 n = 0;

	/* UEFI's map is the authoritative one when GRUB passed it (spec 3.6.17) */
	if (mi && mi->has_efi_mmap && mi->nr_efi_mmap) {
		map = mi->efi_mmap;
		n = mi->nr_efi_mmap;
		src = "EFI";
	} else if (mi && mi->has_bios_mmap && mi->nr_bios_mmap) {
		map = mi->bios_mmap;
		n = mi->nr_bios_mmap;
		src = "BIOS";
	}
	if (count)
		*count = n;
	if (source)
		*source = src;
	return map;
}

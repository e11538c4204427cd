// SPDX-License-Identifier: MIT
/*
 * mb2_tags.c - decoding of one multiboot2 information tag: its payload
 * checked against the size the tag declares and copied into struct
 * mb2_info (Multiboot2 Specification 3.6.2 - 3.6.18).  See
 * include/boot/mb2_tags.h for the contract.
 *
 * Separate from multiboot2.c, which checks the structure as a whole (the
 * header, every tag's framing, unique tags) before any tag gets here: this
 * file only has to know what each tag type holds.  Two kinds of tag need
 * more than a copy: the memory maps (tag 6, and tag 17 whose UEFI types
 * are normalised to the e820 numbering and merged) and the framebuffer
 * (tag 8, whose geometry must fit its pitch and the address space).
 */
#include "multiboot2.h"
#include "boot/mb2_tags.h"

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
	m->start = mb2_rd32(mbi + off + 8);
	m->end = mb2_rd32(mbi + off + 12);
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
	esz = mb2_rd32(mbi + off + 8);
	body = size - 16;
	/* entry_size is "guaranteed to be a multiple of 8" */
	if (esz < MB2_MMAP_ENTRY_MIN || !IS_ALIGNED(esz, 8) || body % esz)
		return MB2_ERR_MMAP_ENTRY_SIZE;
	for (u32 e = off + 16; e < off + size; e += esz) {
		u64 addr = mb2_rd64(mbi + e), len = mb2_rd64(mbi + e + 8);
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
		m->type = bios_type(mb2_rd32(mbi + e + 16));
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
	dsz = mb2_rd32(mbi + off + 8);
	body = size - 16;
	/* UEFI: step by DescriptorSize, which may exceed the struct we know */
	if (dsz < EFI_DESC_MIN || body % dsz)
		return MB2_ERR_MMAP_ENTRY_SIZE;
	out->efi_descr_version = mb2_rd32(mbi + off + 12);
	/* Kept as given too: Linux's efi_info wants the firmware's own map. */
	out->efi_descr_size = dsz;
	out->efi_mmap_raw = mbi + off + 16;
	out->efi_mmap_raw_size = body;
	for (u32 d = off + 16; d < off + size; d += dsz) {
		u64 addr = mb2_rd64(mbi + d + EFI_DESC_PSTART);
		u64 pages = mb2_rd64(mbi + d + EFI_DESC_PAGES);
		u32 type = efi_type(mb2_rd32(mbi + d + EFI_DESC_TYPE),
				    out->efi_boot_services_not_exited);
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
		.addr = mb2_rd64(mbi + off + FB_ADDR),
		.pitch = mb2_rd32(mbi + off + FB_PITCH),
		.width = mb2_rd32(mbi + off + FB_WIDTH),
		.height = mb2_rd32(mbi + off + FB_HEIGHT),
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
	p = is64 ? mb2_rd64(mbi + off + 8) : mb2_rd32(mbi + off + 8);
	if (!p)
		return MB2_OK;
	out->efi_systab = p;
	out->efi_systab_is_64 = is64;
	out->has_efi_systab = true;
	return MB2_OK;
}

int mb2_parse_tag(const u8 *mbi, u32 off, u32 type, u32 size, struct mb2_info *out)
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
		out->mem_lower_kib = mb2_rd32(mbi + off + 8);
		out->mem_upper_kib = mb2_rd32(mbi + off + 12);
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
		out->load_base = mb2_rd32(mbi + off + 8);
		out->has_load_base = true;
		return MB2_OK;
	default: /* tag 18: noted by multiboot2.c's framing walk; others: forward compat */
		return MB2_OK;
	}
}

// SPDX-License-Identifier: MIT
/*
 * mbguest.c - multiboot1/multiboot2 guest kernels: format detection and
 * the multiboot header, read into a load plan (what the kernel requires
 * and asks for, and which of the address fields or the ELF program headers
 * give its segments).  See include/loader/mbguest.h.
 *
 * The segments themselves are loader/mbsegments.c and the boot
 * information structures loader/mbinfo.c: this file knows the two header
 * formats, they know neither.
 *
 * All image fields are read byte-wise (mb_rd32(), include/loader/
 * mbsegments.h): headers sit at any 4/8-aligned file offset of a buffer
 * that need not itself be aligned.
 */
#include "loader/mbguest.h"
#include "loader/mbsegments.h"

/* mb1 spec 3.1.2 "The magic fields of Multiboot header": flags bits 0-15
 * are requirements a boot loader must refuse when it cannot honour them;
 * thinvisor honours 0 (page-aligned modules) and 1 (memory information)
 * and ignores 2 (video mode: no VBE/framebuffer fields are given). */
#define MB1_F_ALIGN_MODS BIT(0)
#define MB1_F_MEMINFO	 BIT(1)
#define MB1_F_VIDEO	 BIT(2)
#define MB1_F_ADDRESS	 BIT(16)
#define MB1_F_REQUIRED	 0xFFFFu

/* mb2 spec 3.1.3-3.1.13: header tag types; flags bit 0 = optional. */
enum mb2_htag {
	HT_END = 0,
	HT_INFO_REQ = 1,
	HT_ADDRESS = 2,
	HT_ENTRY = 3,
	HT_CONSOLE = 4,
	HT_FRAMEBUFFER = 5,
	HT_MODULE_ALIGN = 6,
	HT_EFI_BS = 7,
	HT_EFI32_ENTRY = 8,
	HT_EFI64_ENTRY = 9,
	HT_RELOCATABLE = 10,
};
#define HT_OPTIONAL	 BIT(0)
#define MB2_ARCH_I386	 0
#define MB2_CONSOLE_REQD BIT(0) /* spec 3.1.9: a console must be described */
/* Information tags mb2_info_build() can emit (modules: "none" is valid). */
#define MB2_CAN_GIVE                                                                               \
	(BIT(MB2_TAG_CMDLINE) | BIT(MB2_TAG_BOOTLOADER_NAME) | BIT(MB2_TAG_MODULE) |               \
	 BIT(MB2_TAG_BASIC_MEMINFO) | BIT(MB2_TAG_MMAP) | BIT(MB2_TAG_ACPI_OLD) |                  \
	 BIT(MB2_TAG_ACPI_NEW) | BIT(MB2_TAG_LOAD_BASE_ADDR))

/* ---------------------------------------------------------- detection */

/* mb1 spec 3.1.1: 4-aligned, magic + flags + checksum == 0 (mod 2^32). */
static bool find_mb1(const u8 *b, u64 size, u64 *at)
{
	for (u64 off = 0; off + 12 <= MIN(size, MB1_SEARCH_LEN); off += 4)
		if (mb_rd32(b + off) == MB1_HEADER_MAGIC &&
		    (u32)(MB1_HEADER_MAGIC + mb_rd32(b + off + 4) + mb_rd32(b + off + 8)) == 0) {
			*at = off;
			return true;
		}
	return false;
}

/* mb2 spec 3.1.1: 8-aligned, magic + arch + header_length + checksum == 0. */
static bool find_mb2(const u8 *b, u64 size, u64 *at)
{
	for (u64 off = 0; off + 16 <= MIN(size, MB2_SEARCH_LEN); off += 8)
		if (mb_rd32(b + off) == MB2_HEADER_MAGIC &&
		    (u32)(MB2_HEADER_MAGIC + mb_rd32(b + off + 4) + mb_rd32(b + off + 8) +
			  mb_rd32(b + off + 12)) == 0) {
			*at = off;
			return true;
		}
	return false;
}

enum guest_format guest_detect(const void *img, u64 size)
{
	const u8 *b = img;
	u64 off;

	if (!b)
		return GUEST_FMT_UNKNOWN;
	/* Linux boot.rst: boot_flag 0xAA55 at 0x1FE, "HdrS" at 0x202. */
	if (size >= HDR_OFF(header) + 4 && mb_rd16(b + HDR_OFF(boot_flag)) == BOOT_FLAG_MAGIC &&
	    mb_rd32(b + HDR_OFF(header)) == HDRS_MAGIC)
		return GUEST_FMT_BZIMAGE;
	if (find_mb2(b, size, &off))
		return GUEST_FMT_MULTIBOOT2;
	if (find_mb1(b, size, &off))
		return GUEST_FMT_MULTIBOOT1;
	return GUEST_FMT_UNKNOWN;
}

const char *guest_format_name(enum guest_format fmt)
{
	switch (fmt) {
	case GUEST_FMT_BZIMAGE:
		return "bzImage";
	case GUEST_FMT_MULTIBOOT1:
		return "multiboot1";
	case GUEST_FMT_MULTIBOOT2:
		return "multiboot2";
	default:
		return "unknown";
	}
}

u32 mb_boot_magic(int version)
{
	return version == 1 ? MB1_BOOTLOADER_MAGIC : version == 2 ? MB2_BOOTLOADER_MAGIC : 0;
}
/* ------------------------------------------------------------ the plan */

static int plan_mb1(struct mb_plan *p, const u8 *b, u64 size, const char **why)
{
	u64 h = p->header_offset;
	u32 flags = mb_rd32(b + h + 4);

	p->mb1_flags = flags;
	if (flags & MB1_F_REQUIRED & ~(MB1_F_ALIGN_MODS | MB1_F_MEMINFO | MB1_F_VIDEO))
		return mb_plan_fail(
			p, why, MB_ERR_UNSUPPORTED,
			"the multiboot1 header sets a required flag (bits 3-15) thinvisor does "
			"not know",
			flags);
	p->wants_modules_aligned = flags & MB1_F_ALIGN_MODS;
	p->wants_mmap = flags & MB1_F_MEMINFO;
	p->video_requested = flags & MB1_F_VIDEO;
	if (!(flags & MB1_F_ADDRESS))
		return mb_plan_elf(p, b, size, true, why);
	if (size - h < 32)
		return mb_plan_fail(p, why, MB_ERR_HEADER,
				    "the header's address fields are truncated", h);
	p->entry = mb_rd32(b + h + 28);
	return mb_plan_address(p, size, mb_rd32(b + h + 12), mb_rd32(b + h + 16),
			       mb_rd32(b + h + 20), mb_rd32(b + h + 24), why);
}

/* Smallest size of each header tag type (mb2 spec 3.1.3-3.1.13); 8 for unknown ones. */
static u32 htag_min_size(u32 type)
{
	static const u8 min[] = {8, 8, 24, 12, 12, 20, 8, 8, 12, 12, 24};

	return type < ARRAY_SIZE(min) ? min[type] : 8;
}

static int mb2_info_request(struct mb_plan *p, const u8 *t, u32 tsz, bool optional,
			    const char **why)
{
	for (u32 i = 8; i + 4 <= tsz; i += 4) {
		u32 type = mb_rd32(t + i);

		if (type == MB2_TAG_END)
			continue;
		if (type < 32)
			p->mb2_requested |= (u32)BIT(type);
		if (optional)
			continue;
		if (type >= 32 || !(MB2_CAN_GIVE & BIT(type)))
			return mb_plan_fail(
				p, why, MB_ERR_UNSUPPORTED,
				"the kernel requires an information tag thinvisor cannot give",
				type);
		p->mb2_required |= (u32)BIT(type);
	}
	return MB_OK;
}

static int plan_mb2(struct mb_plan *p, const u8 *b, u64 size, const char **why)
{
	u64 h = p->header_offset, end, off;
	u32 addr[4] = {0}, seen = 0;
	int err;

	if (mb_rd32(b + h + 4) != MB2_ARCH_I386)
		return mb_plan_fail(p, why, MB_ERR_UNSUPPORTED,
				    "the header's architecture is not i386", mb_rd32(b + h + 4));
	if (mb_rd32(b + h + 8) < 24 || mb_rd32(b + h + 8) > size - h)
		return mb_plan_fail(p, why, MB_ERR_HEADER,
				    "header_length is too small or past the image",
				    mb_rd32(b + h + 8));
	end = h + mb_rd32(b + h + 8);
	for (off = h + 16;; off += ALIGN_UP(mb_rd32(b + off + 4), 8)) {
		u32 type, tsz;
		bool optional;

		if (off + 8 > end)
			return mb_plan_fail(p, why, MB_ERR_HEADER, "the header has no end tag",
					    off);
		type = mb_rd16(b + off);
		optional = mb_rd16(b + off + 2) & HT_OPTIONAL;
		tsz = mb_rd32(b + off + 4);
		if (tsz < htag_min_size(type) || tsz > end - off)
			return mb_plan_fail(p, why, MB_ERR_HEADER, "a header tag's size is wrong",
					    off);
		if (type == HT_END)
			break;
		if (type <= HT_RELOCATABLE) {
			if (seen & BIT(type))
				return mb_plan_fail(p, why, MB_ERR_HEADER,
						    "a header tag appears twice", type);
			seen |= (u32)BIT(type);
		}
		switch (type) {
		case HT_INFO_REQ:
			err = mb2_info_request(p, b + off, tsz, optional, why);
			if (err)
				return err;
			break;
		case HT_ADDRESS:
			for (int i = 0; i < 4; i++)
				addr[i] = mb_rd32(b + off + 8 + 4 * i);
			break;
		case HT_ENTRY:
			p->entry = mb_rd32(b + off + 8);
			break;
		case HT_CONSOLE:
			if ((mb_rd32(b + off + 8) & MB2_CONSOLE_REQD) && !optional)
				return mb_plan_fail(p, why, MB_ERR_UNSUPPORTED,
						    "the kernel requires a console description",
						    mb_rd32(b + off + 8));
			break;
		case HT_FRAMEBUFFER: /* spec 3.1.10: only a preference */
			p->video_requested = true;
			break;
		case HT_MODULE_ALIGN:
			p->wants_modules_aligned = true;
			break;
		case HT_RELOCATABLE:
			p->relocatable = true;
			p->reloc_min = mb_rd32(b + off + 8);
			p->reloc_max = mb_rd32(b + off + 12);
			p->reloc_align = mb_rd32(b + off + 16);
			p->reloc_preference = mb_rd32(b + off + 20);
			break;
		default: /* EFI tags (7-9: no EFI here) and unknown ones */
			if (!optional)
				return mb_plan_fail(
					p, why, MB_ERR_UNSUPPORTED,
					"the kernel requires a header tag thinvisor cannot "
					"honour (EFI or unknown)",
					type);
		}
	}
	p->wants_mmap = true;
	if (!(seen & BIT(HT_ADDRESS)))
		return mb_plan_elf(p, b, size, !(seen & BIT(HT_ENTRY)), why);
	if (!(seen & BIT(HT_ENTRY)))
		return mb_plan_fail(p, why, MB_ERR_ADDRESS,
				    "an address tag without an entry address tag", 0);
	return mb_plan_address(p, size, addr[0], addr[1], addr[2], addr[3], why);
}

int mb_plan_build(const void *img, u64 size, enum guest_format fmt, struct mb_plan *out,
		  const char **why)
{
	const u8 *b = img;
	u64 h = 0;
	int err;

	*out = (struct mb_plan){0};
	if (fmt == GUEST_FMT_MULTIBOOT1 && b && find_mb1(b, size, &h)) {
		out->version = 1;
		out->header_offset = h;
		err = plan_mb1(out, b, size, why);
	} else if (fmt == GUEST_FMT_MULTIBOOT2 && b && find_mb2(b, size, &h)) {
		out->version = 2;
		out->header_offset = h;
		err = plan_mb2(out, b, size, why);
	} else {
		return mb_plan_fail(out, why, MB_ERR_NO_HEADER,
				    "no valid multiboot header of that version", fmt);
	}
	if (err)
		return err;
	if (!out->nr_seg)
		return mb_plan_fail(out, why, MB_ERR_NO_SEGMENTS, "the kernel has nothing to load",
				    0);
	out->load_start = ~0ULL;
	for (u32 i = 0; i < out->nr_seg; i++) {
		out->load_start = MIN(out->load_start, out->seg[i].load_addr);
		out->load_end = MAX(out->load_end, out->seg[i].load_addr + out->seg[i].mem_size);
	}
	for (u32 i = 0; i < out->nr_seg; i++)
		if (out->entry >= out->seg[i].load_addr &&
		    out->entry - out->seg[i].load_addr < out->seg[i].mem_size)
			return MB_OK;
	return mb_plan_fail(out, why, MB_ERR_ENTRY, "the entry point lies in no loaded segment",
			    out->entry);
}

static const char *const mb_errors[MB_ERR_COUNT] = {
	[MB_OK] = "no error",
	[MB_ERR_NO_HEADER] = "no valid multiboot header",
	[MB_ERR_HEADER] = "the multiboot header is malformed",
	[MB_ERR_UNSUPPORTED] = "the kernel requires a feature thinvisor does not provide",
	[MB_ERR_ADDRESS] = "the header's address fields are inconsistent",
	[MB_ERR_ELF] = "not a usable ELF executable",
	[MB_ERR_SEGMENT_RANGE] = "a segment lies outside the image",
	[MB_ERR_ABOVE_4G] = "a segment lies above 4 GiB",
	[MB_ERR_OVERLAP] = "two segments overlap",
	[MB_ERR_TOO_MANY_SEGMENTS] = "too many segments",
	[MB_ERR_NO_SEGMENTS] = "nothing to load",
	[MB_ERR_ENTRY] = "the entry point is not in a loaded segment below 4 GiB",
	[MB_ERR_NO_ROOM] = "a segment's memory is not free RAM",
};

const char *mb_strerror(int err)
{
	if (err < 0 || err >= MB_ERR_COUNT || !mb_errors[err])
		return "unknown multiboot loader error";
	return mb_errors[err];
}

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
 * This file checks the structure as a whole: the header, the framing of
 * every tag, tags that may appear only once; then it hands each tag to
 * mb2_parse_tag() (boot/mb2_tags.c), which decodes one tag's payload.
 * Everything is read byte-wise through mb2_rd32() (include/boot/mb2_tags.h):
 * a corrupted size can leave fields unaligned, and byte loads are never
 * undefined behaviour whatever the offsets turn out to be.
 */
#include "multiboot2.h"
#include "boot/mb2_tags.h"

#define MB2_HDR_SIZE  8u  /* total_size + reserved */
#define MB2_TAG_ALIGN 8u  /* spec 3.6.1: every tag starts 8-byte aligned */
#define MB2_MIN_TOTAL 16u /* header + end tag */

/* Tags that describe one thing; a second copy would be ambiguous. */
#define MB2_UNIQUE_TAGS                                                                            \
	(BIT(MB2_TAG_CMDLINE) | BIT(MB2_TAG_BOOTLOADER_NAME) | BIT(MB2_TAG_BASIC_MEMINFO) |        \
	 BIT(MB2_TAG_MMAP) | BIT(MB2_TAG_ACPI_OLD) | BIT(MB2_TAG_ACPI_NEW) |                       \
	 BIT(MB2_TAG_EFI_MMAP) | BIT(MB2_TAG_LOAD_BASE_ADDR) | BIT(MB2_TAG_FRAMEBUFFER) |          \
	 BIT(MB2_TAG_EFI32) | BIT(MB2_TAG_EFI64))

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
		u32 type = mb2_rd32(mbi + off);
		u32 size = mb2_rd32(mbi + off + 4);

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
	total = mb2_rd32(mbi);
	if (total < MB2_MIN_TOTAL || total > max_len || !IS_ALIGNED(total, MB2_TAG_ALIGN))
		return MB2_ERR_TOTAL_SIZE;

	err = walk_frames(mbi, total, bad_offset, &efi_bs);
	if (err)
		return err;

	reset_info(out, info_addr, total);
	out->efi_boot_services_not_exited = efi_bs;
	for (off = MB2_HDR_SIZE;; off += (u32)ALIGN_UP(mb2_rd32(mbi + off + 4), MB2_TAG_ALIGN)) {
		u32 type = mb2_rd32(mbi + off), size = mb2_rd32(mbi + off + 4);

		if (type == MB2_TAG_END)
			break;
		*bad_offset = off;
		if (type < 32 && (BIT(type) & MB2_UNIQUE_TAGS)) {
			if (seen & BIT(type))
				return MB2_ERR_DUPLICATE_TAG;
			seen |= BIT(type);
		}
		err = mb2_parse_tag(mbi, off, type, size, out);
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

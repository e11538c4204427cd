/* SPDX-License-Identifier: MIT */
/*
 * multiboot2.h - validating parser for the multiboot2 boot information
 * structure (MBI) that GRUB hands to thinvisor in EBX, with EAX holding
 * MB2_BOOTLOADER_MAGIC (Multiboot2 Specification, 3.3 "I386 machine state"
 * and 3.6 "Boot information format").
 *
 * Contract:
 *  - mb2_parse() is pure: it never logs, allocates or writes anything but
 *    *out and *bad_offset, and never reads outside
 *    [info, info + min(total_size, max_len)).
 *  - Everything is checked before use: a malformed structure yields an
 *    mb2_error code plus the byte offset of the offending tag (0 for errors
 *    in the 8-byte header, including a bad magic or pointer).  Framing errors
 *    (tag sizes, overruns, a missing end tag) are found by a first walk over
 *    all tags, so they are reported before any error inside a tag's payload.
 *  - Limits are reported, never silently truncated (MB2_ERR_TOO_MANY_*).
 *  - Strings, the RSDP pointer and the raw EFI memory map (efi_mmap_raw)
 *    point INTO the caller's structure: keep it mapped and unmodified for as
 *    long as *out is used.
 *  - On error the contents of *out are unspecified.  On success array slots
 *    at or beyond the matching nr_* count are unspecified.
 *  - Memory map entries of length 0 are dropped.  EFI entries are normalised
 *    to the e820 numbering and adjacent entries of the same normalised type
 *    are merged (into the earlier entry they touch; no sorting).
 */
#ifndef THINVISOR_MULTIBOOT2_H
#define THINVISOR_MULTIBOOT2_H

#include "types.h"

#define MB2_BOOTLOADER_MAGIC 0x36d76289u /* EAX at entry, multiboot2 spec 3.3 */
#define MB2_MAX_MODULES	     16
/*
 * Memory-map entries kept (after merging): UEFI machines with many devices
 * and NUMA nodes pass maps of several hundred descriptors, far above the
 * 128 of the BIOS zero page.
 */
#define MB2_MAX_MMAP 512

/* Tag types we understand (multiboot2 spec 3.6.x). Others are skipped. */
enum mb2_tag_type {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_BOOTLOADER_NAME = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_BASIC_MEMINFO = 4,
	MB2_TAG_MMAP = 6,
	MB2_TAG_FRAMEBUFFER = 8,
	MB2_TAG_EFI32 = 11,
	MB2_TAG_EFI64 = 12,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
	MB2_TAG_EFI_MMAP = 17,
	MB2_TAG_EFI_BS = 18,
	MB2_TAG_LOAD_BASE_ADDR = 21,
};

/* memory types, normalised to the multiboot2/e820 numbering */
enum mb2_mem_type {
	MB2_MEM_AVAILABLE = 1,
	MB2_MEM_RESERVED = 2,
	MB2_MEM_ACPI_RECLAIMABLE = 3,
	MB2_MEM_NVS = 4,
	MB2_MEM_BADRAM = 5
};

struct mb2_module {
	u64 start, end; /* [start, end) per spec */
	const char *string;
};

struct mb2_mmap_entry {
	u64 addr, len;
	u32 type; /* enum mb2_mem_type */
};

/* framebuffer_type of tag 8 (spec 3.6.12 "Framebuffer info") */
enum mb2_fb_type {
	MB2_FB_INDEXED = 0,
	MB2_FB_RGB = 1,
	MB2_FB_EGA_TEXT = 2,
};

struct mb2_framebuffer {
	u64 addr;
	u32 pitch, width, height; /* pitch in bytes; width, height in pixels (chars for text) */
	u8 bpp, type;		  /* type: enum mb2_fb_type */
	/* MB2_FB_RGB only (zero otherwise): field positions and mask sizes */
	u8 red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct mb2_info {
	u64 info_addr; /* where the structure itself is (to reserve it) */
	u32 total_size;
	const char *cmdline;	     /* tag 1, NULL when absent */
	const char *bootloader_name; /* tag 2, NULL when absent */
	struct mb2_module modules[MB2_MAX_MODULES];
	u32 nr_modules; /* tag 3 */
	struct mb2_mmap_entry bios_mmap[MB2_MAX_MMAP];
	u32 nr_bios_mmap; /* tag 6 */
	bool has_bios_mmap;
	struct mb2_mmap_entry efi_mmap[MB2_MAX_MMAP];
	u32 nr_efi_mmap; /* tag 17, EFI types normalised */
	bool has_efi_mmap;
	u32 efi_descr_version; /* descr_version field of tag 17 */
	/* tag 17 as the firmware gave it: the raw EFI_MEMORY_DESCRIPTORs */
	const void *efi_mmap_raw;
	u32 efi_mmap_raw_size; /* bytes, a multiple of efi_descr_size */
	u32 efi_descr_size;
	/* tag 12 (EFI 64-bit system table pointer), else tag 11 (32-bit) */
	bool has_efi_systab;
	bool efi_systab_is_64;
	u64 efi_systab;
	bool has_framebuffer; /* tag 8 */
	struct mb2_framebuffer fb;
	/* tag 14 (old, RSDPv1) / 15 (new, v2+); 15 wins when both are present */
	const void *rsdp;
	u32 rsdp_len;
	bool rsdp_is_v2;
	bool has_load_base; /* tag 21, image load base physical address */
	u64 load_base;
	bool has_basic_meminfo; /* tag 4 */
	u32 mem_lower_kib, mem_upper_kib;
	bool efi_boot_services_not_exited; /* tag 18 present */
};

enum mb2_error {
	MB2_OK = 0,
	MB2_ERR_BAD_MAGIC,	  /* EAX was not MB2_BOOTLOADER_MAGIC */
	MB2_ERR_MISALIGNED,	  /* info pointer or info_addr not 8-aligned */
	MB2_ERR_TOTAL_SIZE,	  /* < 16, > max_len, or not a multiple of 8 */
	MB2_ERR_TAG_MISALIGNED,	  /* defensive: the walk rounds offsets up, so unreachable */
	MB2_ERR_TAG_SIZE,	  /* < 8, or too small for the tag's type */
	MB2_ERR_TAG_OVERRUN,	  /* tag runs past total_size */
	MB2_ERR_NO_END_TAG,	  /* offset = last tag before total_size */
	MB2_ERR_STRING,		  /* string not NUL-terminated within its tag */
	MB2_ERR_TOO_MANY_MODULES, /* more than MB2_MAX_MODULES */
	MB2_ERR_TOO_MANY_MMAP,	  /* more than MB2_MAX_MMAP (after merging) */
	MB2_ERR_MMAP_ENTRY_SIZE,  /* bad entry/descriptor size, or partial last entry */
	MB2_ERR_MODULE_RANGE,	  /* module end < start */
	MB2_ERR_NULL,		  /* NULL info or out */
	MB2_ERR_DUPLICATE_TAG,	  /* a tag that must be unique appears twice */
	MB2_ERR_MMAP_RANGE,	  /* entry wraps past 2^64 */
	MB2_ERR_FRAMEBUFFER,	  /* framebuffer lines wider than the pitch, or wrapping */
	MB2_ERR_COUNT
};

/*
 * Parse the structure at `info` (a pointer the caller may dereference for
 * max_len bytes; max_len bounds total_size: a total_size larger than max_len
 * is MB2_ERR_TOTAL_SIZE).  `info_addr` is its physical address (recorded in
 * out->info_addr).  On error returns the code and sets *bad_offset (when not
 * NULL) to the byte offset of the offending tag (0 for header errors).
 */
int mb2_parse(u32 magic, const void *info, u64 info_addr, u32 max_len, struct mb2_info *out,
	      u32 *bad_offset);

/* One human sentence per code; never NULL. */
const char *mb2_strerror(int err);

/*
 * The memory map the hypervisor should trust: the EFI map (tag 17) when it
 * has entries, else the BIOS map (tag 6).  Returns the entries and their
 * count; *source is "EFI", "BIOS", or NULL (and NULL returned, *count 0)
 * when there is neither.  count and source may be NULL.
 */
const struct mb2_mmap_entry *mb2_memory_map(const struct mb2_info *mi, u32 *count,
					    const char **source);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * mbguest.h - boot a multiboot1 or multiboot2 kernel as the guest: tell the
 * guest module's format from its content, plan where its segments go, and
 * build the boot information structure it receives in EBX
 * (loader/mbguest.c: detection and the header; mbsegments.c: the
 * segments; mbinfo.c: the information structures).
 *
 * Specifications: "Multiboot Specification version 0.6.96" (multiboot1,
 * sections 3.1 "OS image format", 3.2 "Machine state", 3.3 "Boot
 * information format") and "Multiboot2 Specification version 2.0"
 * (sections 3.1, 3.3 "I386 machine state", 3.6 "Boot information format").
 *
 * Contract:
 *  - Pure functions.  They read only the buffers passed in (never past
 *    `size`), write only their outputs, never print or allocate.  Every
 *    multi-byte field is read byte-wise (images need not be aligned).
 *  - The format is detected from content only (guest_detect), never from a
 *    file name.  Precedence is fixed: bzImage, then multiboot2, then
 *    multiboot1 (a kernel carrying both multiboot headers boots as mb2).
 *  - mb_plan_build() checks every offset and size against the image, every
 *    segment against 4 GiB and against the others, and refuses any header
 *    request thinvisor cannot honour (enum mb_error, plus a static sentence
 *    in *why and the offending number in out->bad_value).  Requests that
 *    may be ignored (multiboot1 video mode, flags bit 2; multiboot2
 *    framebuffer tag and optional tags) are noted in the plan for a
 *    warning, and the information structure then carries no video fields.
 *  - Segments: header address fields (mb1 flags bit 16, mb2 tag 2) win over
 *    ELF; else ELF32 (EM_386) or ELF64 (EM_X86_64) ET_EXEC PT_LOAD
 *    segments at p_paddr.  The entry is the mb1 entry_addr / mb2 tag 3,
 *    else e_entry translated (as GRUB does) through the segment whose
 *    virtual range holds it, so higher-half kernels start at the physical
 *    copy; it must lie in a loaded segment, below 4 GiB.
 *  - The caller loads: for each segment copy file_size bytes from
 *    img + file_offset to load_addr and zero up to mem_size; then starts the
 *    vCPU at `entry` in 32-bit protected mode, paging off, flat 4 GiB
 *    CS (execute/read) and DS/ES/FS/GS/SS (read/write), A20 on, IF = 0,
 *    EAX = mb_boot_magic(version), EBX = the info structure (mb1 spec 3.2,
 *    mb2 spec 3.3).  ESP is undefined for the kernel.
 *  - Segments are loaded at their physical (link) address; a multiboot2
 *    relocatable kernel is loaded at its link address too (the relocatable
 *    fields are recorded, not used).  mb_plan_fits() says whether that
 *    memory is free; the caller must also keep the image itself, its
 *    modules and the info structure out of the segments.
 *  - When the plan says wants_modules_aligned, the caller must give
 *    modules that start on a 4 KiB boundary (moving them if needed).
 */
#ifndef THINVISOR_LOADER_MBGUEST_H
#define THINVISOR_LOADER_MBGUEST_H

#include "types.h"
#include "loader/bootparam.h"
#include "loader/e820.h"
#include "multiboot2.h"

/* Header magics (mb1 spec 3.1.1; mb2 spec 3.1.1) and the value a
 * multiboot1 kernel finds in EAX (mb1 spec 3.2; multiboot2's is
 * MB2_BOOTLOADER_MAGIC of multiboot2.h). */
#define MB1_HEADER_MAGIC     0x1BADB002u
#define MB1_BOOTLOADER_MAGIC 0x2BADB002u
#define MB2_HEADER_MAGIC     0xE85250D6u
/* The header starts in the first N bytes: 4-aligned (mb1), 8-aligned (mb2). */
#define MB1_SEARCH_LEN 8192u
#define MB2_SEARCH_LEN 32768u

#define MB_MAX_SEGMENTS 16
/* The name multiboot2 tag 2 and multiboot1 boot_loader_name carry. */
/* Everything a multiboot guest gets lies below 4 GiB (32-bit entry). */
#define LIMIT_4G       (4 * GiB)
#define MB_LOADER_NAME "thinvisor"

enum guest_format {
	GUEST_FMT_UNKNOWN = 0,
	GUEST_FMT_BZIMAGE,
	GUEST_FMT_MULTIBOOT1,
	GUEST_FMT_MULTIBOOT2,
};

enum mb_error {
	MB_OK = 0,
	MB_ERR_NO_HEADER,	  /* no valid header of the asked version */
	MB_ERR_HEADER,		  /* header or one of its tags is malformed or truncated */
	MB_ERR_UNSUPPORTED,	  /* a required flag, tag or information request */
	MB_ERR_ADDRESS,		  /* a.out kludge / address tag fields inconsistent */
	MB_ERR_ELF,		  /* no address fields and not a usable ELF executable */
	MB_ERR_SEGMENT_RANGE,	  /* file bytes outside the image, or file_size > mem_size */
	MB_ERR_ABOVE_4G,	  /* a segment ends above 4 GiB */
	MB_ERR_OVERLAP,		  /* two segments overlap */
	MB_ERR_TOO_MANY_SEGMENTS, /* more than MB_MAX_SEGMENTS non-empty PT_LOAD */
	MB_ERR_NO_SEGMENTS,	  /* nothing to load */
	MB_ERR_ENTRY,		  /* entry in no segment, or at or above 4 GiB */
	MB_ERR_NO_ROOM,		  /* a segment is not inside free RAM (mb_plan_fits) */
	MB_ERR_COUNT
};

struct mb_segment {
	u64 file_offset, file_size; /* bytes of the image to copy */
	u64 load_addr, mem_size;    /* [load_addr, load_addr + mem_size); zero past file_size */
};

struct mb_plan {
	int version; /* 1 or 2 */
	u32 entry;   /* physical entry point */
	struct mb_segment seg[MB_MAX_SEGMENTS];
	u32 nr_seg;
	u64 load_start, load_end;   /* lowest segment start, highest segment end */
	u64 header_offset;	    /* where the header magic is in the file */
	bool from_elf;		    /* segments from ELF program headers, else address fields */
	bool wants_mmap;	    /* mb1 flags bit 1 (thinvisor always gives it) */
	bool wants_modules_aligned; /* mb1 flags bit 0, mb2 tag 6 */
	bool video_requested;	    /* mb1 flags bit 2 / mb2 tag 5: ignored, say so */
	u32 mb1_flags;		    /* mb1 header flags */
	/* mb2 tag 1: information tag types asked for, and those not optional
	 * (bit n = tag type n; types >= 32 are refused if required) */
	u32 mb2_requested, mb2_required;
	/* mb2 tag 10 (spec 3.1.13), recorded only: the kernel is loaded at
	 * its link address */
	bool relocatable;
	u32 reloc_min, reloc_max, reloc_align, reloc_preference;
	u64 bad_value; /* on error: the offending number (offset, flag, tag type...) */
};

/* A module the guest receives, [start, end), string NULL for "". */
struct mb_guest_module {
	u64 start, end;
	const char *string;
};

/*
 * Inputs of the multiboot2 structure that multiboot1 has no place for.
 * From a plan p: has_load_base = p.relocatable || (p.mb2_requested &
 * BIT(21)), load_base = p.load_start (spec 3.6.18: given to relocatable
 * images), required = p.mb2_required.  rsdp: thinvisor's RSDP copy (the
 * one loader/linux.c gives Linux), so a guest on a UEFI machine finds ACPI.
 */
struct mb2_info_extra {
	const void *rsdp; /* ACPI RSDP for tags 14/15, NULL for none */
	u32 rsdp_len;	  /* >= 20; tag 15 needs revision >= 2 and >= 36 */
	bool has_load_base;
	u32 load_base;
	u32 required; /* each must be emitted, else MB_INFO_MISSING */
};

/* Negative results of mb1_info_build()/mb2_info_build(). */
#define MB_INFO_NO_SPACE  (-1) /* buf is too small */
#define MB_INFO_ABOVE_4G  (-2) /* info_pa + size, or a module, passes 4 GiB */
#define MB_INFO_MISSING	  (-3) /* a required multiboot2 information tag cannot be given */
#define MB_INFO_MISALIGN  (-4) /* info_pa is not 8-byte aligned */
#define MB_INFO_BAD_INPUT (-5) /* NULL buffer, or e820/modules NULL with a count */

/* Detect by content; img holds the module's first MIN(size, 32 KiB) bytes at least. */
enum guest_format guest_detect(const void *img, u64 size);

/* Static, never NULL: "bzImage", "multiboot1", "multiboot2", "unknown". */
const char *guest_format_name(enum guest_format fmt);

/*
 * Validate the image as a kernel of `fmt` (GUEST_FMT_MULTIBOOT1 or
 * _MULTIBOOT2; anything else is MB_ERR_NO_HEADER) and fill *out.  img
 * holds the whole image of `size` bytes.  On error, returns the enum,
 * sets *why (when not NULL) to a static sentence and out->bad_value.
 */
int mb_plan_build(const void *img, u64 size, enum guest_format fmt, struct mb_plan *out,
		  const char **why);

/*
 * MB_OK when every segment lies inside one of free[] ([start, end) spans,
 * any order), else MB_ERR_NO_ROOM with *bad_seg (when not NULL) set to the
 * index of the first segment that does not.
 */
int mb_plan_fits(const struct mb_plan *p, const struct mem_span *free, u32 nr_free, u32 *bad_seg);

/* EAX for the kernel: MB1_BOOTLOADER_MAGIC or MB2_BOOTLOADER_MAGIC (0 for other versions). */
u32 mb_boot_magic(int version);

/*
 * Build the multiboot1 information structure (mb1 spec 3.3) in buf, which
 * the guest will find at guest-physical info_pa: flags bits 0 (mem_lower,
 * mem_upper from the e820 table), 2 (cmdline, when not NULL), 3 (modules),
 * 6 (memory map: {size = 20, base, length, type}), 9 (boot loader name).
 * Strings and arrays follow the fixed part inside buf.  Returns the bytes
 * used, or a negative MB_INFO_* code.
 */
int mb1_info_build(u8 *buf, u32 size, u64 info_pa, const struct boot_e820_entry *e820, u32 nr,
		   const char *cmdline, const struct mb_guest_module *mods, u32 nr_mods);

/*
 * Build the multiboot2 information structure (mb2 spec 3.6) in buf (8-byte
 * aligned info_pa): total_size, reserved, then 8-byte aligned tags cmdline
 * (1, when not NULL), boot loader name (2), one module tag (3) each, basic
 * meminfo (4), memory map (6, entry_size 24, version 0), ACPI old RSDP
 * (14: its first 20 bytes) and, for revision >= 2, new RSDP (15) when
 * x->rsdp is set, load base (21) when x->has_load_base, end (0).  x may be
 * NULL.  Returns the bytes used (= total_size) or a negative MB_INFO_* code.
 */
int mb2_info_build(u8 *buf, u32 size, u64 info_pa, const struct boot_e820_entry *e820, u32 nr,
		   const char *cmdline, const struct mb_guest_module *mods, u32 nr_mods,
		   const struct mb2_info_extra *x);

/* One sentence per code; never NULL. */
const char *mb_strerror(int err);

#endif

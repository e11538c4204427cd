/* SPDX-License-Identifier: MIT */
/*
 * mbsegments.h - the segments of a multiboot kernel's load plan
 * (loader/mbsegments.c), for the header reader loader/mbguest.c, which
 * decides from the multiboot1 flags or the multiboot2 tags which of the
 * two sources below gives them.  The loader's callers use mbguest.h.
 *
 * Contract (pure, as include/loader/mbguest.h):
 *  - mb_plan_address() takes the header's address fields (mb1 spec 3.1.3,
 *    offsets 12-24; mb2 spec 3.1.5, tag 2) and p->header_offset, p->version;
 *    load_addr 0xFFFFFFFF ("from the file's start") is multiboot2 only.
 *  - mb_plan_elf() takes the PT_LOAD segments of an ELF32 (EM_386) or
 *    ELF64 (EM_X86_64) ET_EXEC image at p_paddr and, when need_entry, sets
 *    p->entry to e_entry translated through the segment whose virtual
 *    range holds it.
 *  - Both append to p->seg[] and set p->from_elf; every segment lies in
 *    the image, ends below 4 GiB and overlaps no other.  On error they
 *    return an enum mb_error and report through mb_plan_fail().
 */
#ifndef THINVISOR_LOADER_MBSEGMENTS_H
#define THINVISOR_LOADER_MBSEGMENTS_H

#include "loader/mbguest.h"

/* Little-endian image fields at any alignment. */
static inline u16 mb_rd16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static inline u32 mb_rd32(const u8 *p)
{
	return (u32)mb_rd16(p) | (u32)mb_rd16(p + 2) << 16;
}

static inline u64 mb_rd64(const u8 *p)
{
	return (u64)mb_rd32(p) | (u64)mb_rd32(p + 4) << 32;
}

/* Record a refusal: the offending number in p->bad_value, the static
 * sentence msg in *why (when why is not NULL); returns err. */
static inline int mb_plan_fail(struct mb_plan *p, const char **why, int err, const char *msg,
			       u64 value)
{
	p->bad_value = value;
	if (why)
		*why = msg;
	return err;
}

int mb_plan_address(struct mb_plan *p, u64 size, u32 header_addr, u32 load_addr, u32 load_end,
		    u32 bss_end, const char **why);
int mb_plan_elf(struct mb_plan *p, const u8 *b, u64 size, bool need_entry, const char **why);

#endif

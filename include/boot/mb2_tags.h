/* SPDX-License-Identifier: MIT */
/*
 * mb2_tags.h - decoding of one tag of the multiboot2 boot information
 * (boot/mb2_tags.c), for the parser of include/multiboot2.h
 * (boot/multiboot2.c), which walks the structure and checks every tag's
 * framing first.  Nothing outside boot/ includes this header: the rest of
 * thinvisor reads struct mb2_info, or struct machine (boot/machine.h).
 *
 * Contract of mb2_parse_tag():
 *  - The caller has framed the tag (Multiboot2 Specification 3.6.1): it
 *    lies at [mbi + off, mbi + off + size) inside total_size, size >=
 *    MB2_TAG_HDR_SIZE, and type is its type field.  Nothing outside the tag
 *    is read.
 *  - Pure: writes only *out, and there only what the tag's type describes
 *    (with the nr_* count it appends to).  Returns MB2_OK or the enum
 *    mb2_error of a payload too small for its type or out of range; unknown
 *    types, and tag 18 (which the framing walk notes), are MB2_OK.
 *  - *out was reset before the first tag, and efi_boot_services_not_exited
 *    set from the whole structure: tag 17's types depend on tag 18
 *    wherever it appears, and tags 11/12 and 14/15 look at what the other
 *    of their pair already gave.
 *  - Duplicates of tags that must be unique are the caller's to refuse.
 *  - Strings and the RSDP point into mbi, as include/multiboot2.h says.
 */
#ifndef THINVISOR_BOOT_MB2_TAGS_H
#define THINVISOR_BOOT_MB2_TAGS_H

#include "multiboot2.h"

#define MB2_TAG_HDR_SIZE 8u /* type + size */

/*
 * Little-endian fields read byte by byte: a corrupted size can leave
 * fields unaligned, and byte loads are never undefined behaviour.
 */
static inline u32 mb2_rd32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static inline u64 mb2_rd64(const u8 *p)
{
	return (u64)mb2_rd32(p) | (u64)mb2_rd32(p + 4) << 32;
}

int mb2_parse_tag(const u8 *mbi, u32 off, u32 type, u32 size, struct mb2_info *out);

#endif

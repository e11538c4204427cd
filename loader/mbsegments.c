// SPDX-License-Identifier: MIT
/*
 * mbsegments.c - the segments of a multiboot kernel's load plan: from the
 * header's address fields or from the ELF program headers, each checked
 * against the image, 4 GiB and the other segments; and whether they fit
 * the guest's free RAM.  See include/loader/mbsegments.h.
 *
 * Separate from mbguest.c, which reads the multiboot1 and multiboot2
 * headers and decides which source of segments applies: the rules here
 * are the same for both versions (ELF: System V gABI "Program Header").
 */
#include "loader/mbguest.h"
#include "loader/mbsegments.h"

/* System V ABI, ELF header and program header (gABI "ELF Header"). */
#define ET_EXEC	  2
#define EM_386	  3
#define EM_X86_64 62
#define PT_LOAD	  1

static int add_segment(struct mb_plan *p, u64 size, u64 foff, u64 fsz, u64 addr, u64 msz,
		       const char **why)
{
	if (fsz > msz)
		return mb_plan_fail(p, why, MB_ERR_SEGMENT_RANGE,
				    "a segment has more file bytes than memory bytes", fsz);
	if (foff > size || fsz > size - foff)
		return mb_plan_fail(p, why, MB_ERR_SEGMENT_RANGE,
				    "a segment's file bytes run past the end of the image", foff);
	if (!msz) /* nothing to load or clear */
		return MB_OK;
	if (addr >= LIMIT_4G || msz > LIMIT_4G - addr)
		return mb_plan_fail(p, why, MB_ERR_ABOVE_4G,
				    "a segment does not end below 4 GiB (paging is off at entry)",
				    addr);
	for (u32 i = 0; i < p->nr_seg; i++)
		if (addr < p->seg[i].load_addr + p->seg[i].mem_size &&
		    p->seg[i].load_addr < addr + msz)
			return mb_plan_fail(p, why, MB_ERR_OVERLAP, "two segments overlap", addr);
	if (p->nr_seg == MB_MAX_SEGMENTS)
		return mb_plan_fail(p, why, MB_ERR_TOO_MANY_SEGMENTS,
				    "more loadable segments than 16", p->nr_seg + 1);
	p->seg[p->nr_seg++] = (struct mb_segment){foff, fsz, addr, msz};
	return MB_OK;
}

/* Address fields: mb1 spec 3.1.3 (header offsets 12-28), mb2 spec 3.1.5.
 * load_addr == 0xFFFFFFFF ("load from the file's beginning") is mb2 only. */
int mb_plan_address(struct mb_plan *p, u64 size, u32 header_addr, u32 load_addr, u32 load_end,
		    u32 bss_end, const char **why)
{
	u64 hoff = p->header_offset, foff, start, fsz, msz;

	if (p->version == 2 && load_addr == 0xFFFFFFFFu) {
		if (header_addr < hoff)
			return mb_plan_fail(p, why, MB_ERR_ADDRESS,
					    "header_addr would put the image start below address 0",
					    header_addr);
		foff = 0;
		start = header_addr - hoff;
	} else {
		if (load_addr > header_addr || header_addr - load_addr > hoff)
			return mb_plan_fail(
				p, why, MB_ERR_ADDRESS,
				"load_addr is above header_addr or before the file's start",
				load_addr);
		foff = hoff - (header_addr - load_addr);
		start = load_addr;
	}
	if (!load_end) { /* text and data are the rest of the file */
		fsz = size - foff;
	} else {
		if (load_end < start)
			return mb_plan_fail(p, why, MB_ERR_ADDRESS,
					    "load_end_addr is below load_addr", load_end);
		fsz = load_end - start;
	}
	msz = fsz;
	if (bss_end) {
		if (bss_end < start + fsz)
			return mb_plan_fail(p, why, MB_ERR_ADDRESS,
					    "bss_end_addr is below load_end_addr", bss_end);
		msz = bss_end - start;
	}
	p->from_elf = false;
	return add_segment(p, size, foff, fsz, start, msz, why);
}

/*
 * ELF32/ELF64 executables: PT_LOAD segments at p_paddr.  The entry point
 * e_entry is a virtual address; like GRUB, translate it through the
 * segment whose [p_vaddr, p_vaddr + p_memsz) holds it, so higher-half
 * kernels (vaddr != paddr) start at the physical copy.
 */
int mb_plan_elf(struct mb_plan *p, const u8 *b, u64 size, bool need_entry, const char **why)
{
	u64 vaddr[MB_MAX_SEGMENTS], entry, phoff;
	u32 ehsize, phmin, phent, phnum;
	bool is64;
	int err;

	if (size < 16 || mb_rd32(b) != 0x464C457Fu) /* "\x7fELF" */
		return mb_plan_fail(p, why, MB_ERR_ELF,
				    "no address fields in the header and the image is not ELF", 0);
	is64 = b[4] == 2;
	if ((b[4] != 1 && !is64) || b[5] != 1)
		return mb_plan_fail(p, why, MB_ERR_ELF,
				    "ELF class or byte order is not ELF32/ELF64 LSB", b[4]);
	ehsize = is64 ? 64 : 52;
	phmin = is64 ? 56 : 32;
	if (size < ehsize)
		return mb_plan_fail(p, why, MB_ERR_ELF, "the ELF header is truncated", size);
	if (mb_rd16(b + 16) != ET_EXEC)
		return mb_plan_fail(p, why, MB_ERR_ELF, "e_type is not ET_EXEC", mb_rd16(b + 16));
	if (mb_rd16(b + 18) != (is64 ? EM_X86_64 : EM_386))
		return mb_plan_fail(p, why, MB_ERR_ELF,
				    "e_machine is not EM_386 (ELF32)/EM_X86_64 (ELF64)",
				    mb_rd16(b + 18));
	entry = is64 ? mb_rd64(b + 24) : mb_rd32(b + 24);
	phoff = is64 ? mb_rd64(b + 32) : mb_rd32(b + 28);
	phent = mb_rd16(b + (is64 ? 54 : 42));
	phnum = mb_rd16(b + (is64 ? 56 : 44));
	if (phent < phmin)
		return mb_plan_fail(p, why, MB_ERR_ELF, "e_phentsize is too small", phent);
	if (phoff > size || (u64)phnum * phent > size - phoff)
		return mb_plan_fail(p, why, MB_ERR_ELF,
				    "the program headers run past the end of the image", phoff);
	for (u32 i = 0; i < phnum; i++) {
		const u8 *ph = b + phoff + (u64)i * phent;
		u64 off, va, pa, fsz, msz;

		if (mb_rd32(ph) != PT_LOAD)
			continue;
		off = is64 ? mb_rd64(ph + 8) : mb_rd32(ph + 4);
		va = is64 ? mb_rd64(ph + 16) : mb_rd32(ph + 8);
		pa = is64 ? mb_rd64(ph + 24) : mb_rd32(ph + 12);
		fsz = is64 ? mb_rd64(ph + 32) : mb_rd32(ph + 16);
		msz = is64 ? mb_rd64(ph + 40) : mb_rd32(ph + 20);
		if (!msz)
			continue;
		err = add_segment(p, size, off, fsz, pa, msz, why);
		if (err)
			return err;
		vaddr[p->nr_seg - 1] = va;
	}
	p->from_elf = true;
	if (!p->nr_seg)
		return mb_plan_fail(p, why, MB_ERR_NO_SEGMENTS,
				    "the ELF file has no PT_LOAD segment", 0);
	if (!need_entry)
		return MB_OK;
	for (u32 i = 0; i < p->nr_seg; i++)
		if (entry >= vaddr[i] && entry - vaddr[i] < p->seg[i].mem_size) {
			/* the segment ends below 4 GiB (add_segment), so this fits */
			p->entry = (u32)(p->seg[i].load_addr + (entry - vaddr[i]));
			return MB_OK;
		}
	return mb_plan_fail(p, why, MB_ERR_ENTRY, "e_entry lies in no PT_LOAD segment", entry);
}
int mb_plan_fits(const struct mb_plan *p, const struct mem_span *free, u32 nr_free, u32 *bad_seg)
{
	for (u32 i = 0; i < p->nr_seg; i++) {
		const struct mb_segment *s = &p->seg[i];
		bool ok = false;

		for (u32 j = 0; j < nr_free && !ok; j++)
			ok = s->load_addr >= free[j].start && s->load_addr <= free[j].end &&
			     s->mem_size <= free[j].end - s->load_addr;
		if (!ok) {
			if (bad_seg)
				*bad_seg = i;
			return MB_ERR_NO_ROOM;
		}
	}
	return MB_OK;
}

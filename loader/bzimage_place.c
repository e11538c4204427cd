// SPDX-License-Identifier: MIT
/*
 * bzimage_place.c - where a parsed bzImage's kernel and its initrd go in
 * the guest's free RAM, by the rules of Documentation/x86/boot.rst
 * ("boot.rst": pref_address, kernel_alignment, init_size, initrd_addr_max,
 * xloadflags).  See include/loader/bzimage.h for the contract.
 *
 * Separate from the header parser (bzimage.c): placement reads only the
 * struct bzimage_info it produced and the caller's free spans, so the
 * search over free memory can change without touching the validation.
 */
#include "loader/bzimage.h"

/* Does [addr, addr + len) lie inside s, and end at or below limit? */
static bool span_holds(const struct mem_span *s, u64 addr, u64 len, u64 limit)
{
	return addr >= s->start && addr < s->end && len <= s->end - addr && addr <= limit &&
	       len <= limit - addr;
}

static u64 kernel_limit(const struct bzimage_info *bi)
{
	return (bi->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G) ? ~0ULL : 4 * GiB;
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
	/* (bzimage_parse() checked it; a caller's own bzimage_info may not) */
	if (!IS_POW2(bi->kernel_alignment))
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

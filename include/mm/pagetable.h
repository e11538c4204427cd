/* SPDX-License-Identifier: MIT */
/*
 * pagetable.h - one engine for every 4-level table thinvisor builds: the
 * host's own paging and the guest's EPT.
 *
 * Both formats share the geometry (SDM Vol. 3A 4.5 and Vol. 3C "EPT
 * Translation Mechanism"): 512 eight-byte entries per 4 KiB table, indices
 * from linear/guest-physical bits 47:39, 38:30, 29:21, 20:12, and the next
 * table's or the page's physical address in bits 51:12.  What differs is
 * which bits make an entry present and what a non-leaf entry carries; a
 * table type passes those in a struct pt_format.  Leaf flags come from the
 * caller of pt_map() for every range, so the memory type, RWX or NX of each
 * mapping is chosen where the mapping is made.
 *
 * pt_map() makes 4 KiB leaves only.  pt_map_pages() may also make 2 MiB
 * and 1 GiB leaves (the format's leaf_large_bit set at level 2 or 3, SDM
 * Vol. 3A 4.5 and Vol. 3C 29.3.2) where the caller allows that size and
 * alignment permits; 4 KiB pages fill the edges.  Mapping or unmapping
 * part of a large leaf splits it first, so any mix stays consistent.
 * The guest's RAM is always mapped with pt_map() (4 KiB EPT leaves).
 * Memory for tables comes from the caller (struct pt_env), so the same
 * code runs on the host in unit tests over a plain buffer.
 */
#ifndef THINVISOR_MM_PAGETABLE_H
#define THINVISOR_MM_PAGETABLE_H

#include "types.h"

#define PT_ENTRIES   512
#define PT_LEVELS    4
#define PT_ADDR_MASK 0x000FFFFFFFFFF000ULL /* bits 51:12 */

struct pt_format {
	const char *name;
	u64 table_flags;    /* bits of an entry that points at a next-level table */
	u64 present_mask;   /* entry present iff (entry & present_mask) != 0 */
	u64 leaf_large_bit; /* PS bit of a 2 MiB or 1 GiB leaf */
};

struct pt_env {
	/* physical address -> pointer the code can dereference */
	void *(*phys_to_virt)(u64 pa, void *ctx);
	/* a zeroed 4 KiB table; returns its physical address, 0 when out of memory */
	u64 (*alloc_table)(void *ctx);
	void *ctx;
};

struct page_table {
	u64 root_pa;
	const struct pt_format *fmt;
	const struct pt_env *env;
	u64 nr_tables; /* tables allocated, the root included */
};

enum pt_error {
	PT_OK = 0,
	PT_ERR_NOMEM = -1, /* alloc_table returned 0 */
	PT_ERR_ALIGN = -2, /* address or size not 4 KiB aligned */
	PT_ERR_FLAGS = -3, /* leaf flags overlap the address bits or the PS bit */
	PT_ERR_RANGE = -4, /* beyond the 48-bit space / not canonical */
};

/* Page sizes pt_map_pages() may use: PT_PAGES(level), level 1 to 3. */
#define PT_PAGES(level) (1u << (level))
#define PT_PAGES_4K	PT_PAGES(1)
#define PT_PAGES_2M	PT_PAGES(2)
#define PT_PAGES_1G	PT_PAGES(3)

int pt_init(struct page_table *pt, const struct pt_format *fmt, const struct pt_env *env);

/*
 * Map [va, va + size) to [pa, pa + size) with 4 KiB leaves carrying
 * leaf_flags.  An existing mapping in the range is replaced (this is how
 * attributes are changed).  On PT_ERR_NOMEM the range may be half-mapped.
 */
int pt_map(struct page_table *pt, u64 va, u64 pa, u64 size, u64 leaf_flags);

/* The same with the page sizes of `sizes` (PT_PAGES_*; 4 KiB is always
 * allowed) where the range's alignment permits. */
int pt_map_pages(struct page_table *pt, u64 va, u64 pa, u64 size, u64 leaf_flags, u32 sizes);

/* Clear the leaves of [va, va + size); tables stay allocated. */
int pt_unmap(struct page_table *pt, u64 va, u64 size);

/* Walk va; true and *pa, *leaf set when a leaf maps it. */
bool pt_translate(const struct page_table *pt, u64 va, u64 *pa, u64 *leaf);

/* Bytes of table memory in use. */
static inline u64 pt_bytes(const struct page_table *pt)
{
	return pt->nr_tables * 4096;
}

#endif

// SPDX-License-Identifier: MIT
/*
 * pagetable.c - build and walk 4-level tables for any table format (host
 * paging, EPT), with 4 KiB pages and, where the caller allows, 2 MiB and
 * 1 GiB ones.  See include/mm/pagetable.h for the contract.
 */
#include "mm/pagetable.h"

/* Index of va in the table at `level` (4 = PML4 ... 1 = PT). */
static unsigned pt_index(u64 va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

static u64 *pt_table(const struct page_table *pt, u64 pa)
{
	return pt->env->phys_to_virt(pa, pt->env->ctx);
}

static bool pt_present(const struct page_table *pt, u64 e)
{
	return (e & pt->fmt->present_mask) != 0;
}

/* A canonical 48-bit address: bits 63:47 all equal (SDM Vol. 1 3.3.7.1). */
static bool pt_canonical(u64 va)
{
	u64 top = va >> 47;

	return top == 0 || top == 0x1FFFF;
}

int pt_init(struct page_table *pt, const struct pt_format *fmt, const struct pt_env *env)
{
	pt->fmt = fmt;
	pt->env = env;
	pt->nr_tables = 0;
	pt->root_pa = env->alloc_table(env->ctx);
	if (!pt->root_pa)
		return PT_ERR_NOMEM;
	pt->nr_tables = 1;
	return PT_OK;
}

/* Bytes one entry maps at `level` (1: 4 KiB, 2: 2 MiB, 3: 1 GiB, 4: 512 GiB). */
static u64 pt_level_size(int level)
{
	return PAGE_SIZE << (9 * (level - 1));
}

static bool pt_is_large(const struct page_table *pt, u64 e, int level)
{
	return level > 1 && (e & pt->fmt->leaf_large_bit);
}

/*
 * Replace the large leaf *e of `level` by a table of 512 leaves one size
 * down with the same flags and addresses, so that part of it can change
 * (SDM Vol. 3A 4.5: a PS entry maps the whole 2 MiB or 1 GiB region).  The
 * caller flushes the TLB (or INVEPT) after its change, as for any change.
 */
static int pt_split(struct page_table *pt, u64 *e, int level)
{
	u64 size = pt_level_size(level - 1);
	u64 base = *e & PT_ADDR_MASK & ~(pt_level_size(level) - 1);
	u64 flags = *e & ~PT_ADDR_MASK;
	u64 pa = pt->env->alloc_table(pt->env->ctx);
	u64 *t;

	if (!pa)
		return PT_ERR_NOMEM;
	if (level - 1 == 1)
		flags &= ~pt->fmt->leaf_large_bit;
	t = pt_table(pt, pa);
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		t[i] = (base + i * size) | flags;
	pt->nr_tables++;
	*e = pa | pt->fmt->table_flags;
	return PT_OK;
}

/*
 * The table at `level` that holds va's entry (PT_LEVELS: the root).  With
 * `create`, missing tables on the way are allocated and large leaves on the
 * way are split; without it, NULL is returned where the path ends early
 * (nothing mapped, or a large leaf above `level`: *large_level says which).
 */
static u64 *pt_walk(struct page_table *pt, u64 va, int level, bool create, int *err,
		    int *large_level)
{
	u64 *table = pt_table(pt, pt->root_pa);

	for (int l = PT_LEVELS; l > level; l--) {
		u64 *e = &table[pt_index(va, l)];

		if (!pt_present(pt, *e)) {
			u64 pa;

			if (!create)
				return NULL;
			pa = pt->env->alloc_table(pt->env->ctx);
			if (!pa) {
				*err = PT_ERR_NOMEM;
				return NULL;
			}
			pt->nr_tables++;
			*e = pa | pt->fmt->table_flags;
		} else if (pt_is_large(pt, *e, l)) {
			if (!create) {
				if (large_level)
					*large_level = l;
				return NULL;
			}
			*err = pt_split(pt, e, l);
			if (*err)
				return NULL;
		}
		table = pt_table(pt, *e & PT_ADDR_MASK);
	}
	return table;
}

static int pt_check_range(u64 va, u64 size)
{
	if (!IS_ALIGNED(va, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE))
		return PT_ERR_ALIGN;
	if (!pt_canonical(va) || (size && !pt_canonical(va + size - 1)))
		return PT_ERR_RANGE;
	if (va + size < va && va + size != 0)
		return PT_ERR_RANGE;
	return PT_OK;
}

/* The largest page of `sizes` that [va, va + size) -> pa can use here. */
static int pt_pick_level(u64 va, u64 pa, u64 size, u32 sizes)
{
	for (int l = 3; l > 1; l--) {
		u64 ls = pt_level_size(l);

		if ((sizes & PT_PAGES(l)) && IS_ALIGNED(va, ls) && IS_ALIGNED(pa, ls) && size >= ls)
			return l;
	}
	return 1;
}

int pt_map_pages(struct page_table *pt, u64 va, u64 pa, u64 size, u64 leaf_flags, u32 sizes)
{
	int err = pt_check_range(va, size);

	if (err)
		return err;
	if (!IS_ALIGNED(pa, PAGE_SIZE))
		return PT_ERR_ALIGN;
	if ((leaf_flags & PT_ADDR_MASK) || (leaf_flags & pt->fmt->leaf_large_bit))
		return PT_ERR_FLAGS;
	if (pa + size < pa || ((pa + size - 1) & ~PT_ADDR_MASK & ~(PAGE_SIZE - 1)))
		return PT_ERR_RANGE;

	while (size) {
		int level = pt_pick_level(va, pa, size, sizes);
		u64 *table;
		unsigned i;

		for (;;) {
			table = pt_walk(pt, va, level, true, &err, NULL);
			if (!table)
				return err;
			i = pt_index(va, level);
			if (level == 1 || !pt_present(pt, table[i]) ||
			    pt_is_large(pt, table[i], level))
				break;
			/* A table already hangs here: keep it and its finer
			 * mappings, and fill it with smaller pages instead. */
			do
				level--;
			while (level > 1 && !(sizes & PT_PAGES(level)));
		}
		if (level > 1) {
			table[i] = pa | leaf_flags | pt->fmt->leaf_large_bit;
			va += pt_level_size(level);
			pa += pt_level_size(level);
			size -= pt_level_size(level);
			continue;
		}
		/* 4 KiB leaves: fill this PT as far as the range goes, stopping
		 * where a larger page could start.  With 4 KiB pages only (all
		 * of the EPT's RAM) the loop is a store and three adds. */
		if (!(sizes & ~PT_PAGES_4K)) {
			u64 n = MIN((u64)(PT_ENTRIES - i), size / PAGE_SIZE);
			u64 e = pa | leaf_flags;

			for (u64 k = 0; k < n; k++, e += PAGE_SIZE)
				table[i + k] = e;
			va += n * PAGE_SIZE;
			pa += n * PAGE_SIZE;
			size -= n * PAGE_SIZE;
			continue;
		}
		for (; i < PT_ENTRIES && size; i++) {
			table[i] = pa | leaf_flags;
			va += PAGE_SIZE;
			pa += PAGE_SIZE;
			size -= PAGE_SIZE;
			if (pt_pick_level(va, pa, size, sizes) > 1)
				break;
		}
	}
	return PT_OK;
}

int pt_map(struct page_table *pt, u64 va, u64 pa, u64 size, u64 leaf_flags)
{
	return pt_map_pages(pt, va, pa, size, leaf_flags, PT_PAGES_4K);
}

int pt_unmap(struct page_table *pt, u64 va, u64 size)
{
	int err = pt_check_range(va, size);

	if (err)
		return err;
	while (size) {
		int large = 0;
		u64 *table = pt_walk(pt, va, 1, false, &err, &large);
		unsigned i = pt_index(va, 1);
		u64 span;

		if (large) {
			u64 ls = pt_level_size(large);

			/* A large leaf wholly inside the range goes at once;
			 * one the range only cuts is split first. */
			if (IS_ALIGNED(va, ls) && size >= ls) {
				pt_walk(pt, va, large, false, &err, NULL)[pt_index(va, large)] = 0;
				va += ls;
				size -= ls;
				continue;
			}
			table = pt_walk(pt, va, 1, true, &err, NULL);
			if (!table)
				return err;
		}
		span = (PT_ENTRIES - i) * PAGE_SIZE;
		if (span > size)
			span = size;
		if (table)
			for (u64 n = 0; n < span / PAGE_SIZE; n++)
				table[i + n] = 0;
		va += span;
		size -= span;
	}
	return PT_OK;
}

bool pt_translate(const struct page_table *pt, u64 va, u64 *pa, u64 *leaf)
{
	struct page_table *w = (struct page_table *)pt;
	int err = PT_OK, level = 1, large = 0;
	u64 *table;
	u64 e;

	if (!pt_canonical(va))
		return false;
	table = pt_walk(w, va, 1, false, &err, &large);
	if (!table && large) {
		level = large;
		table = pt_walk(w, va, large, false, &err, NULL);
	}
	if (!table)
		return false;
	e = table[pt_index(va, level)];
	if (!pt_present(pt, e))
		return false;
	if (pa)
		*pa = (e & PT_ADDR_MASK & ~(pt_level_size(level) - 1)) |
		      (va & (pt_level_size(level) - 1));
	if (leaf)
		*leaf = e;
	return true;
}

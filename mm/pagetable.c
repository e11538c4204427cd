// SPDX-License-Identifier: MIT
/*
 * pagetable.c - build and walk 4-level tables of 4 KiB pages for any table
 * format (host paging, EPT).  See include/mm/pagetable.h for the contract.
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

/*
 * The level-1 table (PT) that holds va's leaf, allocating the path down to
 * it when `create`; NULL when absent (or out of memory, *err says which).
 */
static u64 *pt_leaf_table(struct page_table *pt, u64 va, bool create, int *err)
{
	u64 *table = pt_table(pt, pt->root_pa);

	for (int level = PT_LEVELS; level > 1; level--) {
		u64 *e = &table[pt_index(va, level)];

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
		} else if (*e & pt->fmt->leaf_large_bit) {
			*err = PT_ERR_LARGE;
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

int pt_map(struct page_table *pt, u64 va, u64 pa, u64 size, u64 leaf_flags)
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
		u64 *table = pt_leaf_table(pt, va, true, &err);
		unsigned i = pt_index(va, 1);

		if (!table)
			return err;
		/* fill this PT as far as the range goes: one walk per 2 MiB */
		for (; i < PT_ENTRIES && size; i++) {
			table[i] = pa | leaf_flags;
			va += PAGE_SIZE;
			pa += PAGE_SIZE;
			size -= PAGE_SIZE;
		}
	}
	return PT_OK;
}

int pt_unmap(struct page_table *pt, u64 va, u64 size)
{
	int err = pt_check_range(va, size);

	if (err)
		return err;
	while (size) {
		u64 *table = pt_leaf_table(pt, va, false, &err);
		unsigned i = pt_index(va, 1);
		u64 span = (PT_ENTRIES - i) * PAGE_SIZE;

		if (err)
			return err;
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
	int err = PT_OK;
	u64 *table;
	u64 e;

	if (!pt_canonical(va))
		return false;
	table = pt_leaf_table((struct page_table *)pt, va, false, &err);
	if (!table)
		return false;
	e = table[pt_index(va, 1)];
	if (!pt_present(pt, e))
		return false;
	if (pa)
		*pa = (e & PT_ADDR_MASK) | (va & (PAGE_SIZE - 1));
	if (leaf)
		*leaf = e;
	return true;
}

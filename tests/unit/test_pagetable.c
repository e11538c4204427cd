// SPDX-License-Identifier: MIT
/*
 * Unit tests for mm/pagetable.c over a host buffer: the same engine with
 * the host-paging and the EPT formats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mm/pagetable.h"
#include "hw/x86.h"

#define FAKE_BASE  0x40000000ULL /* "physical" address of table 0 */
#define MAX_TABLES 64

struct arena {
	u64 (*tables)[512];
	unsigned used, limit;
};

static void *fake_p2v(u64 pa, void *ctx)
{
	struct arena *a = ctx;

	assert_true(pa >= FAKE_BASE && pa < FAKE_BASE + (u64)a->used * 4096);
	return a->tables[(pa - FAKE_BASE) / 4096];
}

static u64 fake_alloc(void *ctx)
{
	struct arena *a = ctx;

	if (a->used == a->limit)
		return 0;
	memset(a->tables[a->used], 0, 4096);
	return FAKE_BASE + (u64)a->used++ * 4096;
}

static const struct pt_format host_fmt = {
	.name = "host",
	.table_flags = X86_PTE_P | X86_PTE_RW,
	.present_mask = X86_PTE_P,
	.leaf_large_bit = X86_PTE_PS,
};
/* EPT: bits 0-2 R/W/X, memory type 5:3, ignore-PAT 6, large page 7 */
static const struct pt_format ept_fmt = {
	.name = "ept",
	.table_flags = 7,
	.present_mask = 7,
	.leaf_large_bit = BIT(7),
};

static struct arena arena;
static struct pt_env env = {fake_p2v, fake_alloc, &arena};

static int setup(void **state)
{
	(void)state;
	arena.tables = calloc(MAX_TABLES, 4096);
	arena.used = 0;
	arena.limit = MAX_TABLES;
	return arena.tables ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(arena.tables);
	return 0;
}

static void test_map_translate_host(void **state)
{
	struct page_table pt;
	u64 pa, leaf;

	(void)state;
	assert_int_equal(pt_init(&pt, &host_fmt, &env), PT_OK);
	assert_int_equal(pt_map(&pt, 0x200000, 0x1234000, 3 * 4096, X86_PTE_P | X86_PTE_RW), PT_OK);
	assert_true(pt_translate(&pt, 0x200000, &pa, &leaf));
	assert_int_equal(pa, 0x1234000);
	assert_true(pt_translate(&pt, 0x202abc, &pa, &leaf));
	assert_int_equal(pa, 0x1236abc);
	assert_int_equal(leaf, 0x1236000 | X86_PTE_P | X86_PTE_RW);
	assert_false(pt_translate(&pt, 0x203000, &pa, &leaf));
	assert_false(pt_translate(&pt, 0x1ff000, &pa, &leaf));
	/* root + PDPT + PD + PT */
	assert_int_equal(pt.nr_tables, 4);
	assert_int_equal(pt_bytes(&pt), 4 * 4096);
}

static void test_high_half_and_noncanonical(void **state)
{
	struct page_table pt;
	u64 pa;

	(void)state;
	pt_init(&pt, &host_fmt, &env);
	assert_int_equal(pt_map(&pt, 0xFFFFFFFF80000000ULL, 0x1E000000, 4096, X86_PTE_P), PT_OK);
	assert_true(pt_translate(&pt, 0xFFFFFFFF80000010ULL, &pa, NULL));
	assert_int_equal(pa, 0x1E000010);
	/* slot 511 of the PML4 holds it */
	u64 *root = fake_p2v(pt.root_pa, &arena);

	assert_true(root[511] & X86_PTE_P);
	assert_int_equal(pt_map(&pt, 0x0000800000000000ULL, 0, 4096, X86_PTE_P), PT_ERR_RANGE);
	assert_false(pt_translate(&pt, 0x0000800000000000ULL, &pa, NULL));
}

static void test_only_4k_leaves_across_2m_boundaries(void **state)
{
	struct page_table pt;

	(void)state;
	pt_init(&pt, &ept_fmt, &env);
	/* 4 MiB + 8 KiB across two PTs and a 1 GiB boundary */
	u64 base = 0x40000000ULL - 0x200000;
	u64 flags = 7 | (6 << 3) | BIT(6); /* RWX, WB, ignore PAT */

	assert_int_equal(pt_map(&pt, base, base, 0x402000, flags), PT_OK);
	for (u64 a = base; a < base + 0x402000; a += 4096) {
		u64 pa, leaf;

		assert_true(pt_translate(&pt, a, &pa, &leaf));
		assert_int_equal(pa, a);
		assert_int_equal(leaf & ~PT_ADDR_MASK, flags);
		assert_int_equal(leaf & BIT(7), 0); /* never a large page */
	}
	/* root, one PDPT, a PD for each GiB, a PT for each 2 MiB touched (3) */
	assert_int_equal(pt.nr_tables, 1 + 1 + 2 + 3);
}

static void test_flags_validated(void **state)
{
	struct page_table pt;

	(void)state;
	pt_init(&pt, &host_fmt, &env);
	assert_int_equal(pt_map(&pt, 0x1000, 0x1000, 4096, X86_PTE_P | X86_PTE_PS), PT_ERR_FLAGS);
	assert_int_equal(pt_map(&pt, 0x1000, 0x1000, 4096, 0x5000 | X86_PTE_P), PT_ERR_FLAGS);
	assert_int_equal(pt_map(&pt, 0x1001, 0x1000, 4096, X86_PTE_P), PT_ERR_ALIGN);
	assert_int_equal(pt_map(&pt, 0x1000, 0x1800, 4096, X86_PTE_P), PT_ERR_ALIGN);
	assert_int_equal(pt_map(&pt, 0x1000, 0x1000, 100, X86_PTE_P), PT_ERR_ALIGN);
}

static void test_remap_changes_flags_and_unmap_leaves_hole(void **state)
{
	struct page_table pt;
	u64 leaf, pa;

	(void)state;
	pt_init(&pt, &ept_fmt, &env);
	assert_int_equal(pt_map(&pt, 0, 0, 16 * 4096, 7 | (6 << 3)), PT_OK);
	assert_int_equal(pt_map(&pt, 4 * 4096, 4 * 4096, 4096, 1 /* read only, UC */), PT_OK);
	assert_true(pt_translate(&pt, 4 * 4096, &pa, &leaf));
	assert_int_equal(leaf, 4 * 4096 | 1);
	assert_int_equal(pt_unmap(&pt, 8 * 4096, 2 * 4096), PT_OK);
	assert_false(pt_translate(&pt, 8 * 4096, NULL, NULL));
	assert_false(pt_translate(&pt, 9 * 4096, NULL, NULL));
	assert_true(pt_translate(&pt, 10 * 4096, &pa, NULL));
	assert_true(pt_translate(&pt, 7 * 4096, &pa, NULL));
	/* unmapping where nothing was ever mapped is harmless */
	assert_int_equal(pt_unmap(&pt, 0x7f0000000000ULL, 4096), PT_OK);
}

static void test_out_of_memory(void **state)
{
	struct page_table pt;

	(void)state;
	arena.limit = 3; /* root, PDPT, PD: no room for a PT */
	pt_init(&pt, &host_fmt, &env);
	assert_int_equal(pt_map(&pt, 0, 0, 4096, X86_PTE_P), PT_ERR_NOMEM);
	arena.limit = MAX_TABLES;
}

/* A firmware-made large leaf is honoured: translated, and split when a
 * 4 KiB page inside it changes, the rest keeping its mapping. */
static void test_foreign_large_entry_split(void **state)
{
	struct page_table pt;
	u64 *root, *pdpt, pa, leaf;

	(void)state;
	pt_init(&pt, &host_fmt, &env);
	pt_map(&pt, 0, 0, 4096, X86_PTE_P);
	root = fake_p2v(pt.root_pa, &arena);
	pdpt = fake_p2v(root[0] & PT_ADDR_MASK, &arena);
	pdpt[1] = 0x40000000 | X86_PTE_P | X86_PTE_PS;
	assert_true(pt_translate(&pt, 0x40123456, &pa, NULL));
	assert_int_equal(pa, 0x40123456);
	assert_int_equal(pt_map(&pt, 0x40200000, 0x7000, 4096, X86_PTE_P | X86_PTE_RW), PT_OK);
	assert_true(pt_translate(&pt, 0x40200010, &pa, &leaf));
	assert_int_equal(pa, 0x7010);
	assert_true(pt_translate(&pt, 0x40201000, &pa, &leaf));
	assert_int_equal(pa, 0x40201000);
	assert_true(pt_translate(&pt, 0x7FFFF000, &pa, &leaf));
	assert_int_equal(pa, 0x7FFFF000);
	assert_true(leaf & X86_PTE_PS); /* the other 2 MiB pieces stay large */
}

/* pt_map_pages: 1 GiB and 2 MiB leaves where alignment and the caller
 * allow, 4 KiB at the edges; the tables needed stay few. */
static void test_large_pages_where_allowed(void **state)
{
	struct page_table pt;
	u64 pa, leaf;

	(void)state;
	pt_init(&pt, &ept_fmt, &env);
	/* 4 KiB .. 4 GiB + 8 KiB, everything allowed */
	assert_int_equal(pt_map_pages(&pt, 0x1000, 0x1000, 0x100001000ULL, 7,
				      PT_PAGES_4K | PT_PAGES_2M | PT_PAGES_1G),
			 PT_OK);
	assert_true(pt_translate(&pt, 0x1000, &pa, &leaf));
	assert_false(leaf & BIT(7)); /* first 2 MiB: 4 KiB pages */
	assert_true(pt_translate(&pt, 0x300000, &pa, &leaf));
	assert_true(leaf & BIT(7)); /* a 2 MiB page up to 1 GiB */
	assert_int_equal(pa, 0x300000);
	assert_true(pt_translate(&pt, 0xC0000123ULL, &pa, &leaf));
	assert_true(leaf & BIT(7));
	assert_int_equal(pa, 0xC0000123ULL);
	assert_true(pt_translate(&pt, 0x100001000ULL, &pa, &leaf));
	assert_false(leaf & BIT(7)); /* the 4 KiB tail */
	assert_false(pt_translate(&pt, 0x100002000ULL, NULL, NULL));
	/* root, PDPT, PD for the first GiB, PT for its first 2 MiB, PD + PT
	 * for the tail: 6 tables for 4 GiB */
	assert_int_equal(pt.nr_tables, 6);
	/* 2 MiB only: no 1 GiB leaf */
	pt_init(&pt, &ept_fmt, &env);
	assert_int_equal(pt_map_pages(&pt, 0, 0, 0x40000000, 7, PT_PAGES_2M), PT_OK);
	assert_int_equal(pt.nr_tables, 3);
}

/* Unmapping part of a large leaf splits it; the rest stays mapped. */
static void test_unmap_inside_large_page(void **state)
{
	struct page_table pt;
	u64 pa;

	(void)state;
	pt_init(&pt, &ept_fmt, &env);
	assert_int_equal(pt_map_pages(&pt, 0, 0, 0x40000000, 7, PT_PAGES_1G), PT_OK);
	assert_int_equal(pt_unmap(&pt, 0x12345000, 0x2000), PT_OK);
	assert_false(pt_translate(&pt, 0x12345000, NULL, NULL));
	assert_false(pt_translate(&pt, 0x12346FFF, NULL, NULL));
	assert_true(pt_translate(&pt, 0x12347000, &pa, NULL));
	assert_int_equal(pa, 0x12347000);
	assert_true(pt_translate(&pt, 0x12344FFF, &pa, NULL));
	assert_true(pt_translate(&pt, 0x3FFFF000, &pa, NULL));
	/* A whole large leaf goes at once. */
	assert_int_equal(pt_map_pages(&pt, 0x40000000, 0x40000000, 0x40000000, 7, PT_PAGES_1G),
			 PT_OK);
	assert_int_equal(pt_unmap(&pt, 0x40000000, 0x40000000), PT_OK);
	assert_false(pt_translate(&pt, 0x40000000, NULL, NULL));
}

/* A range mapped with large pages over a place that already has a page
 * table keeps that table and fills it with 4 KiB leaves (the range's
 * mapping replaces the old one, as pt_map() does), so that a later 4 KiB
 * change there needs no split; elsewhere it uses large leaves. */
static void test_large_keeps_existing_tables(void **state)
{
	struct page_table pt;
	u64 pa, leaf;

	(void)state;
	pt_init(&pt, &ept_fmt, &env);
	assert_int_equal(pt_map(&pt, 0x200000, 0x200000, 0x1000, 0x37), PT_OK);
	assert_int_equal(pt_map_pages(&pt, 0, 0, 0x40000000, 0x7, PT_PAGES_2M | PT_PAGES_1G),
			 PT_OK);
	assert_true(pt_translate(&pt, 0x200000, &pa, &leaf));
	assert_int_equal(leaf & 0xFF, 0x7); /* replaced, still a 4 KiB leaf */
	assert_true(pt_translate(&pt, 0x3FF000, &pa, &leaf));
	assert_int_equal(leaf & 0xFF, 0x7); /* its PT filled with the new range */
	assert_true(pt_translate(&pt, 0x400000, &pa, &leaf));
	assert_true(leaf & BIT(7));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_map_translate_host, setup, teardown),
		cmocka_unit_test_setup_teardown(test_high_half_and_noncanonical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_4k_leaves_across_2m_boundaries, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_flags_validated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remap_changes_flags_and_unmap_leaves_hole,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_large_entry_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_pages_where_allowed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_inside_large_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_keeps_existing_tables, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

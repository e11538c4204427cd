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

#define FAKE_BASE 0x40000000ULL /* "physical" address of table 0 */
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
	.name = "host", .table_flags = X86_PTE_P | X86_PTE_RW,
	.present_mask = X86_PTE_P, .leaf_large_bit = X86_PTE_PS,
};
/* EPT: bits 0-2 R/W/X, memory type 5:3, ignore-PAT 6, large page 7 */
static const struct pt_format ept_fmt = {
	.name = "ept", .table_flags = 7, .present_mask = 7, .leaf_large_bit = BIT(7),
};

static struct arena arena;
static struct pt_env env = { fake_p2v, fake_alloc, &arena };

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

static void test_large_entry_refused(void **state)
{
	struct page_table pt;
	u64 *root, *pdpt;

	(void)state;
	pt_init(&pt, &host_fmt, &env);
	pt_map(&pt, 0, 0, 4096, X86_PTE_P);
	root = fake_p2v(pt.root_pa, &arena);
	pdpt = fake_p2v(root[0] & PT_ADDR_MASK, &arena);
	pdpt[1] = 0x40000000 | X86_PTE_P | X86_PTE_PS; /* a 1 GiB page we never make */
	assert_int_equal(pt_map(&pt, 0x40000000, 0, 4096, X86_PTE_P), PT_ERR_LARGE);
	assert_false(pt_translate(&pt, 0x40000000, NULL, NULL));
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
		cmocka_unit_test_setup_teardown(test_large_entry_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

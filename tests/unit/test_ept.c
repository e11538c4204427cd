// SPDX-License-Identifier: MIT
/*
 * EPT entry encoding: the hypervisor's EPT format and leaf flags driven
 * through the shared page-table engine over a host buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ept/ept.h"
#include "boot/machine.h"

#define FAKE_BASE  0x80000000ULL
#define MAX_TABLES 64

static u64 (*tables)[512];
static unsigned used;

static void *p2v(u64 pa, void *ctx)
{
	(void)ctx;
	return tables[(pa - FAKE_BASE) / 4096];
}

static u64 alloc_table(void *ctx)
{
	(void)ctx;
	if (used == MAX_TABLES)
		return 0;
	memset(tables[used], 0, 4096);
	return FAKE_BASE + (u64)used++ * 4096;
}

static const struct pt_env env = {p2v, alloc_table, NULL};

static int setup(void **state)
{
	(void)state;
	tables = calloc(MAX_TABLES, 4096);
	used = 0;
	return tables ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(tables);
	return 0;
}

static void test_leaf_encodings(void **state)
{
	(void)state;
	/* SDM Vol. 3C Table 29-6: R W X bits 0-2, memory type 5:3, ignore PAT 6.
	 * RAM is WB with the guest's PAT honoured (ignore-PAT clear): a UC or
	 * WC mapping the guest makes of RAM must stay UC or WC. */
	assert_int_equal(EPT_LEAF_RAM, 0x7 | (6 << 3));
	assert_int_equal(EPT_LEAF_RAM & EPT_IGNORE_PAT, 0);
	assert_int_equal(EPT_LEAF_DEVICE, 0x7 | (0 << 3));
	assert_int_equal(ept_format.present_mask, 0x7);
	assert_int_equal(ept_format.leaf_large_bit, 1 << 7);
}

static void test_identity_ram_device_and_hole(void **state)
{
	struct page_table pt;
	u64 pa, leaf;
	/* 64 MiB of "RAM", the hypervisor at [48 MiB, 50 MiB) cut out, a
	 * device page at 0xFEE00000 */
	u64 hv_start = 48 * MiB, hv_end = 50 * MiB;

	(void)state;
	assert_int_equal(pt_init(&pt, &ept_format, &env), PT_OK);
	assert_int_equal(pt_map(&pt, 0, 0, 64 * MiB, EPT_LEAF_RAM), PT_OK);
	assert_int_equal(pt_unmap(&pt, hv_start, hv_end - hv_start), PT_OK);
	assert_int_equal(pt_map(&pt, 0xFEE00000, 0xFEE00000, 4096, EPT_LEAF_DEVICE), PT_OK);

	for (u64 a = 0; a < 64 * MiB; a += 4096) {
		bool mapped = pt_translate(&pt, a, &pa, &leaf);

		if (a >= hv_start && a < hv_end) {
			assert_false(mapped);
			continue;
		}
		assert_true(mapped);
		assert_int_equal(pa, a); /* identity */
		assert_int_equal(leaf & 0xFFF, EPT_LEAF_RAM);
		assert_int_equal(leaf & EPT_LARGE_PAGE, 0);
	}
	assert_true(pt_translate(&pt, 0xFEE00030, &pa, &leaf));
	assert_int_equal(pa, 0xFEE00030);
	assert_int_equal((leaf >> 3) & 7, VMX_MEMTYPE_UC);
	assert_int_equal(leaf & EPT_IGNORE_PAT, 0);
	assert_false(pt_translate(&pt, 0xFEE01000, &pa, &leaf));
	/* 4K only: 64 MiB = 32 PTs, 1 + 1 PD for the low GiB, 1 PD + 1 PT for the APIC, root, PDPT */
	assert_int_equal(pt.nr_tables, 1 + 1 + 1 + 32 + 1 + 1);
	/* non-leaf entries grant RWX and carry no memory type */
	u64 *root = p2v(pt.root_pa, NULL);

	assert_int_equal(root[0] & 0xFFF, EPT_RWX);
}

/* Device space: all of MAXPHYADDR with 1 GiB pages; with 2 MiB pages only
 * up to 64 GiB or the map's end; never beyond the 48 bits a 4-level EPT
 * translates. */
static void test_device_plan(void **state)
{
	struct ept_device_plan p;

	(void)state;
	p = ept_device_plan(VMX_EPT_2MB_PAGES | VMX_EPT_1GB_PAGES, 39, 0x20000000);
	assert_int_equal(p.top, 1ULL << 39);
	assert_int_equal(p.sizes, PT_PAGES_2M | PT_PAGES_1G);
	p = ept_device_plan(VMX_EPT_2MB_PAGES | VMX_EPT_1GB_PAGES, 52, 0);
	assert_int_equal(p.top, 1ULL << 48);
	p = ept_device_plan(VMX_EPT_2MB_PAGES, 46, 0x20000000);
	assert_int_equal(p.top, 64 * GiB);
	assert_int_equal(p.sizes, PT_PAGES_2M);
	p = ept_device_plan(VMX_EPT_2MB_PAGES, 46, 100 * GiB + 1);
	assert_int_equal(p.top, 101 * GiB);
	p = ept_device_plan(0, 36, 0);
	assert_int_equal(p.top, 64 * GiB);
	assert_int_equal(p.sizes, 0);
}

/* The gaps between RAM ranges, whatever their order and overlaps; reserved
 * ranges are gaps (device space) too. */
static void test_next_gap(void **state)
{
	static const struct mem_range map[] = {
		{0x100000, 0x1FF00000, MEM_RAM},
		{0xFEC00000, 0xFEC01000, MEM_RESERVED},
		{0x1FF00000, 0x20000000, MEM_ACPI},
		{0x100000000ULL, 0x140000000ULL, MEM_RAM},
		{0x110000000ULL, 0x120000000ULL, MEM_RAM}, /* inside the one above */
	};
	u64 end = 0, g;

	(void)state;
	g = ept_next_gap(map, 5, 0x100000, 1ULL << 36, &end);
	assert_int_equal(g, 0x20000000);
	assert_int_equal(end, 0x100000000ULL);
	g = ept_next_gap(map, 5, end, 1ULL << 36, &end);
	assert_int_equal(g, 0x140000000ULL);
	assert_int_equal(end, 1ULL << 36);
	assert_int_equal(ept_next_gap(map, 5, end, 1ULL << 36, &end), 1ULL << 36);
	/* a gap that starts below the first RAM range */
	g = ept_next_gap(map, 5, 0, 1ULL << 36, &end);
	assert_int_equal(g, 0);
	assert_int_equal(end, 0x100000);
}

/* The first 1 MiB from the fixed MTRRs: 64 KiB, 16 KiB and 4 KiB
 * granules, one byte each; types EPT cannot carry become UC. */
static void test_mtrr_fixed_types(void **state)
{
	u64 fix[MTRR_FIXED_MSRS];
	u8 t[MTRR_LOW_PAGES];

	(void)state;
	fix[0] = 0x0606060606060606ULL; /* 0-512 KiB WB */
	fix[1] = 0x0606060606060606ULL; /* 512-640 KiB WB */
	fix[2] = 0x0000000001010101ULL; /* A0000-AFFFF WC, B0000-BFFFF UC */
	for (int i = 3; i < MTRR_FIXED_MSRS; i++)
		fix[i] = 0x0505050505050505ULL; /* ROMs WP */
	fix[3] = 0x0202020202020505ULL;		/* C2000 on: type 2, reserved */
	mtrr_fixed_types(fix, t);
	assert_int_equal(t[0], 6);
	assert_int_equal(t[0x9F], 6);
	assert_int_equal(t[0xA0], 1);
	assert_int_equal(t[0xAF], 1);
	assert_int_equal(t[0xB0], 0);
	assert_int_equal(t[0xC0], 5);
	assert_int_equal(t[0xC1], 5);
	assert_int_equal(t[0xC2], 0); /* reserved type 2 -> UC */
	assert_int_equal(t[0xFF], 5);
	/* the 16 KiB granule boundary inside FIX16K_80000 */
	fix[1] = 0x0000000000000600ULL;
	mtrr_fixed_types(fix, t);
	assert_int_equal(t[0x80], 0);
	assert_int_equal(t[0x83], 0);
	assert_int_equal(t[0x84], 6);
	assert_int_equal(t[0x88], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_device_plan),
		cmocka_unit_test(test_next_gap),
		cmocka_unit_test(test_mtrr_fixed_types),
		cmocka_unit_test(test_leaf_encodings),
		cmocka_unit_test_setup_teardown(test_identity_ram_device_and_hole, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

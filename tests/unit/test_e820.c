// SPDX-License-Identifier: MIT
/* Unit tests for loader/e820.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "loader/e820.h"

#define E(a, s, t)                                                                                 \
	{                                                                                          \
		.addr = (a), .size = (s), .type = (t)                                              \
	}
#define RAM  E820_TYPE_RAM
#define RES  E820_TYPE_RESERVED
#define ACPI E820_TYPE_ACPI
#define NVS  E820_TYPE_NVS
#define BAD  E820_TYPE_UNUSABLE

static void expect_entry(const struct boot_e820_entry *e, u64 addr, u64 size, u32 type)
{
	assert_int_equal(e->addr, addr);
	assert_int_equal(e->size, size);
	assert_int_equal(e->type, type);
}

/* Output invariants: sorted, non-empty, non-overlapping, merged. */
static void check_table(const struct boot_e820_entry *t, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		assert_true(t[i].size > 0);
		if (i == 0)
			continue;
		assert_true(t[i - 1].addr + t[i - 1].size <= t[i].addr);
		if (t[i - 1].addr + t[i - 1].size == t[i].addr)
			assert_int_not_equal(t[i - 1].type, t[i].type);
	}
}

static void test_empty(void **state)
{
	struct boot_e820_entry out[4];
	struct boot_e820_entry zero = E(0x1000, 0, RAM);

	(void)state;
	assert_int_equal(e820_build(NULL, 0, NULL, 0, out, 4), 0);
	assert_int_equal(e820_build(&zero, 1, NULL, 0, out, 4), 0);
}

static void test_unsorted_with_holes_and_merge(void **state)
{
	/* A typical BIOS map, shuffled, with the low RAM split in two
	 * touching pieces that must merge back. */
	const struct boot_e820_entry fw[] = {
		E(0x100000, 0x7FF00000 - 0x100000, RAM),
		E(0xF0000, 0x10000, RES),
		E(0x0, 0x50000, RAM),
		E(0x7FF00000, 0x80000, ACPI),
		E(0x50000, 0x9FC00 - 0x50000, RAM),
		E(0xFEC00000, 0x1000, RES),
	};
	struct boot_e820_entry out[16];
	int n;

	(void)state;
	n = e820_build(fw, ARRAY_SIZE(fw), NULL, 0, out, 16);
	assert_int_equal(n, 5);
	check_table(out, n);
	expect_entry(&out[0], 0, 0x9FC00, RAM);
	expect_entry(&out[1], 0xF0000, 0x10000, RES);
	expect_entry(&out[2], 0x100000, 0x7FF00000 - 0x100000, RAM);
	expect_entry(&out[3], 0x7FF00000, 0x80000, ACPI);
	expect_entry(&out[4], 0xFEC00000, 0x1000, RES);
}

static void test_overlap_priorities(void **state)
{
	/* RAM 0..16M overlapped by ACPI 1M..3M, NVS 2M..4M, reserved
	 * 3.5M..5M and unusable 4.5M..6M. */
	const struct boot_e820_entry fw[] = {
		E(0, 16 * MiB, RAM),
		E(1 * MiB, 2 * MiB, ACPI),
		E(2 * MiB, 2 * MiB, NVS),
		E(3 * MiB + MiB / 2, 3 * MiB / 2, RES),
		E(4 * MiB + MiB / 2, 3 * MiB / 2, BAD),
	};
	struct boot_e820_entry out[16];
	int n;

	(void)state;
	n = e820_build(fw, ARRAY_SIZE(fw), NULL, 0, out, 16);
	check_table(out, n);
	assert_int_equal(n, 6);
	expect_entry(&out[0], 0, 1 * MiB, RAM);
	expect_entry(&out[1], 1 * MiB, 1 * MiB, ACPI);		    /* ACPI > RAM */
	expect_entry(&out[2], 2 * MiB, 3 * MiB / 2, NVS);	    /* NVS > ACPI */
	expect_entry(&out[3], 3 * MiB + MiB / 2, 1 * MiB, RES);	    /* reserved > NVS */
	expect_entry(&out[4], 4 * MiB + MiB / 2, 3 * MiB / 2, BAD); /* unusable > reserved */
	expect_entry(&out[5], 6 * MiB, 10 * MiB, RAM);
}

static void test_duplicate_and_contained_entries(void **state)
{
	const struct boot_e820_entry fw[] = {
		E(0x1000, 0x9000, RAM), E(0x1000, 0x9000, RAM), E(0x2000, 0x1000, RAM),
		E(0x4000, 0x1000, NVS), E(0x4000, 0x1000, RAM),
	};
	struct boot_e820_entry out[8];
	int n;

	(void)state;
	n = e820_build(fw, ARRAY_SIZE(fw), NULL, 0, out, 8);
	assert_int_equal(n, 3);
	expect_entry(&out[0], 0x1000, 0x3000, RAM);
	expect_entry(&out[1], 0x4000, 0x1000, NVS);
	expect_entry(&out[2], 0x5000, 0x5000, RAM);
}

static void test_unknown_type_is_reserved(void **state)
{
	const struct boot_e820_entry fw[] = {
		E(0, 0x10000, RAM),
		E(0x10000, 0x10000, 7),	  /* persistent memory: unknown here */
		E(0x20000, 0x10000, RES), /* merges with the previous */
		E(0x30000, 0x10000, 0),
	};
	struct boot_e820_entry out[8];
	int n;

	(void)state;
	n = e820_build(fw, ARRAY_SIZE(fw), NULL, 0, out, 8);
	assert_int_equal(n, 2);
	expect_entry(&out[0], 0, 0x10000, RAM);
	expect_entry(&out[1], 0x10000, 0x30000, RES);
}

static void test_hypervisor_range_splits_ram(void **state)
{
	const struct boot_e820_entry fw[] = {
		E(0x100000, 0x3FF00000, RAM),
		E(0x40000000, 0x100000, ACPI),
	};
	/* Hypervisor image in the middle of RAM, its heap touching the
	 * image (must merge), and one span over the ACPI tail + a hole. */
	const struct mem_span hv[] = {
		{0x2000000, 0x2400000},
		{0x2400000, 0x2600000},
		{0x400F0000, 0x40200000},
	};
	struct boot_e820_entry out[8];
	int n;

	(void)state;
	n = e820_build(fw, ARRAY_SIZE(fw), hv, ARRAY_SIZE(hv), out, 8);
	check_table(out, n);
	assert_int_equal(n, 5);
	expect_entry(&out[0], 0x100000, 0x2000000 - 0x100000, RAM);
	expect_entry(&out[1], 0x2000000, 0x600000, RES);
	expect_entry(&out[2], 0x2600000, 0x40000000 - 0x2600000, RAM);
	expect_entry(&out[3], 0x40000000, 0xF0000, ACPI);
	expect_entry(&out[4], 0x400F0000, 0x40200000 - 0x400F0000, RES);
}

static void test_too_many_entries(void **state)
{
	struct boot_e820_entry fw[10], out[10];
	u32 i;

	(void)state;
	/* Alternating types cannot merge: 10 entries needed. */
	for (i = 0; i < 10; i++) {
		fw[i].addr = i * 0x1000;
		fw[i].size = 0x1000;
		fw[i].type = (i & 1) ? RES : RAM;
	}
	assert_int_equal(e820_build(fw, 10, NULL, 0, out, 10), 10);
	assert_int_equal(e820_build(fw, 10, NULL, 0, out, 9), -1);
	/* The same pieces, all RAM, merge into one entry. */
	for (i = 0; i < 10; i++)
		fw[i].type = RAM;
	assert_int_equal(e820_build(fw, 10, NULL, 0, out, 1), 1);
	expect_entry(&out[0], 0, 0xA000, RAM);
}

static void test_range_at_top_of_address_space(void **state)
{
	const struct boot_e820_entry fw[] = {
		E(0xFFFFFFFFFFFFF000ULL, 0x2000, RES), /* wraps: clipped */
		E(0, 0x1000, RAM),
	};
	struct boot_e820_entry out[4];
	int n;

	(void)state;
	n = e820_build(fw, ARRAY_SIZE(fw), NULL, 0, out, 4);
	assert_int_equal(n, 2);
	expect_entry(&out[0], 0, 0x1000, RAM);
	expect_entry(&out[1], 0xFFFFFFFFFFFFF000ULL, 0xFFF, RES);
}

/* Brute force: the type a point should get. */
static u32 model_type(const struct boot_e820_entry *fw, u32 n, const struct mem_span *rs, u32 nr,
		      u64 x)
{
	static const int rank[] = {0, 1, 4, 2, 3, 5};
	u32 t = 0, i;

	for (i = 0; i < n; i++) {
		u32 ti = fw[i].type;

		if (x >= fw[i].addr && x < fw[i].addr + fw[i].size && (!t || rank[ti] > rank[t]))
			t = ti;
	}
	for (i = 0; i < nr; i++) {
		if (x >= rs[i].start && x < rs[i].end)
			t = RES;
	}
	return t;
}

static u32 table_type(const struct boot_e820_entry *t, int n, u64 x)
{
	int i;

	for (i = 0; i < n; i++) {
		if (x >= t[i].addr && x < t[i].addr + t[i].size)
			return t[i].type;
	}
	return 0;
}

static u32 lcg(u32 *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static void test_random_maps_match_model(void **state)
{
	u32 seed = 42, round;

	(void)state;
	for (round = 0; round < 300; round++) {
		struct boot_e820_entry fw[12], out[64];
		struct mem_span rs[3];
		u32 nfw = 1 + lcg(&seed) % 12, nr = lcg(&seed) % 4, i;
		u64 x;
		int n;

		for (i = 0; i < nfw; i++) {
			fw[i].addr = (lcg(&seed) % 64) * 0x100;
			fw[i].size = (lcg(&seed) % 16) * 0x100;
			fw[i].type = 1 + lcg(&seed) % 5;
		}
		for (i = 0; i < nr; i++) {
			rs[i].start = (lcg(&seed) % 80) * 0x100;
			rs[i].end = rs[i].start + (lcg(&seed) % 8) * 0x100;
		}
		n = e820_build(fw, nfw, rs, nr, out, 64);
		assert_true(n >= 0);
		check_table(out, n);
		for (x = 0; x < 0x6000; x += 0x80)
			assert_int_equal(table_type(out, n, x), model_type(fw, nfw, rs, nr, x));
	}
}

static void test_free_spans(void **state)
{
	/* Unsorted table input on purpose. */
	const struct boot_e820_entry tab[] = {
		E(0x100000, 0x3FF00000, RAM),
		E(0, 0x9F000, RAM),
		E(0x9F000, 0x61000, RES),
		E(0x40000000, 0x100000, ACPI),
	};
	const struct mem_span busy[] = {
		{0x3000000, 0x3800000},	  /* initrd module */
		{0x800000, 0x1000000},	  /* bzImage module */
		{0x7000, 0x8000},	  /* zero page */
		{0x8000, 0x9000},	  /* stub, touching the zero page */
		{0x3FF00000, 0x40080000}, /* straddles RAM end and ACPI */
		{0xA0000, 0xB0000},	  /* not RAM at all */
	};
	struct mem_span out[8];
	int n;

	(void)state;
	n = e820_free_spans(tab, ARRAY_SIZE(tab), busy, ARRAY_SIZE(busy), out, 8);
	assert_int_equal(n, 5);
	assert_int_equal(out[0].start, 0);
	assert_int_equal(out[0].end, 0x7000);
	assert_int_equal(out[1].start, 0x9000);
	assert_int_equal(out[1].end, 0x9F000);
	assert_int_equal(out[2].start, 0x100000);
	assert_int_equal(out[2].end, 0x800000);
	assert_int_equal(out[3].start, 0x1000000);
	assert_int_equal(out[3].end, 0x3000000);
	assert_int_equal(out[4].start, 0x3800000);
	assert_int_equal(out[4].end, 0x3FF00000);
	assert_int_equal(e820_free_spans(tab, ARRAY_SIZE(tab), busy, ARRAY_SIZE(busy), out, 4), -1);
	/* No RAM at all: nothing free. */
	assert_int_equal(e820_free_spans(&tab[2], 2, NULL, 0, out, 8), 0);
}

static void test_free_spans_merge_touching_ram(void **state)
{
	const struct boot_e820_entry tab[] = {
		E(0x200000, 0x100000, RAM),
		E(0x100000, 0x100000, RAM),
	};
	struct mem_span out[2];

	(void)state;
	assert_int_equal(e820_free_spans(tab, 2, NULL, 0, out, 2), 1);
	assert_int_equal(out[0].start, 0x100000);
	assert_int_equal(out[0].end, 0x300000);
}

/* The recorded bochs-bzimage-fixed run after GRUB's data was moved
 * (loader/make_room.c): the copies sit at 0x1fea5000-0x1fff0000, above
 * the hypervisor's image and the block its pool handed out, set aside
 * from the pool but not the hypervisor's memory.  The guest's map still
 * reserves the hypervisor and shows the copies as the RAM they were. */
static void test_after_boot_data_moved(void **state)
{
	/* clang-format off */
	const struct boot_e820_entry fw[] = {
		E(0x0, 0x9F000, RAM),
		E(0x9F000, 0x1000, RES),
		E(0xE8000, 0x18000, RES),
		E(0x100000, 0x1FFF0000 - 0x100000, RAM),
		E(0x1FFF0000, 0x10000, ACPI),
		E(0xFFFC0000, 0x40000, RES),
	};
	/* clang-format on */
	/* image, the pool's block below the copies */
	const struct mem_span hv[] = {{0x1FC00000, 0x1FCCF000}, {0x1FD50000, 0x1FEA5000}};
	struct boot_e820_entry out[16];
	int n;

	(void)state;
	n = e820_build(fw, ARRAY_SIZE(fw), hv, ARRAY_SIZE(hv), out, 16);
	assert_int_equal(n, 10);
	check_table(out, n);
	expect_entry(&out[3], 0x100000, 0x1FC00000 - 0x100000, RAM);
	expect_entry(&out[4], 0x1FC00000, 0xCF000, RES);
	expect_entry(&out[5], 0x1FCCF000, 0x1FD50000 - 0x1FCCF000, RAM);
	expect_entry(&out[6], 0x1FD50000, 0x1FEA5000 - 0x1FD50000, RES);
	/* the copies: the initrd the zero page names, readable RAM */
	expect_entry(&out[7], 0x1FEA5000, 0x1FFF0000 - 0x1FEA5000, RAM);
	expect_entry(&out[8], 0x1FFF0000, 0x10000, ACPI);
}

/* KASLR reads the EFI map: conventional entries over the hypervisor's
 * memory become loader data; others and non-overlapping ones stay. */
static void test_efi_map_hide(void **state)
{
	u8 map[4 * 48];
	const struct mem_span hv[] = {{0x1FC00000, 0x20000000}};
	struct {
		u32 type;
		u64 start, pages;
	} d[4] = {{7, 0x100000, 0x100},
		  {7, 0x1F000000, 0x1000},
		  {4, 0x1FF00000, 0x10},
		  {7, 0x20000000, 0x100}};
	u32 t;

	(void)state;
	memset(map, 0, sizeof(map));
	for (int i = 0; i < 4; i++) {
		memcpy(map + 48 * i, &d[i].type, 4);
		memcpy(map + 48 * i + 8, &d[i].start, 8);
		memcpy(map + 48 * i + 24, &d[i].pages, 8);
	}
	assert_int_equal(efi_map_hide(map, sizeof(map), 48, hv, 1), 1);
	memcpy(&t, map + 0, 4);
	assert_int_equal(t, 7);
	memcpy(&t, map + 48, 4);
	assert_int_equal(t, EFI_LOADER_DATA);
	memcpy(&t, map + 96, 4);
	assert_int_equal(t, 4); /* boot services data: not conventional, left */
	memcpy(&t, map + 144, 4);
	assert_int_equal(t, 7); /* starts where the hypervisor ends */
	assert_int_equal(efi_map_hide(map, sizeof(map), 16, hv, 1), 0); /* bad size */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_efi_map_hide),
		cmocka_unit_test(test_after_boot_data_moved),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_unsorted_with_holes_and_merge),
		cmocka_unit_test(test_overlap_priorities),
		cmocka_unit_test(test_duplicate_and_contained_entries),
		cmocka_unit_test(test_unknown_type_is_reserved),
		cmocka_unit_test(test_hypervisor_range_splits_ram),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_range_at_top_of_address_space),
		cmocka_unit_test(test_random_maps_match_model),
		cmocka_unit_test(test_free_spans),
		cmocka_unit_test(test_free_spans_merge_touching_ram),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

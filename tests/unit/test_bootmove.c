// SPDX-License-Identifier: MIT
/*
 * test_bootmove.c - where GRUB's boot data goes when it lies on the
 * guest's load range (loader/bootmove.c), over layouts recorded from GRUB
 * 2.06 in Bochs (512 MiB, thinvisor's boot log at loglevel=debug).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "loader/bootmove.h"

#define LIMIT (4 * GiB)

/* The frame pool's free memory before its first allocation in those runs:
 * usable RAM from 16 MiB to 0x1fff0000 without the hypervisor's image at
 * 0x1fc00000-0x1fccf000. */
static const struct mem_span pool_free[] = {
	{0x1000000, 0x1fc00000},
	{0x1fccf000, 0x1fff0000},
};

/* Every copy: page aligned, in free memory, off every wanted range and
 * every other copy; items that stay are exactly those on no wanted range. */
static void check_plan(const struct mem_span *items, u32 n, const struct mem_span *wanted, u32 nw,
		       const struct mem_span *free, u32 nf, const u64 *dest)
{
	for (u32 i = 0; i < n; i++) {
		u64 len = items[i].end - items[i].start;
		bool in_free = false;

		if (boot_move_conflict(items[i].start, items[i].end, wanted, nw) < 0 || !len) {
			assert_int_equal(dest[i], items[i].start);
			continue;
		}
		assert_int_not_equal(dest[i], items[i].start);
		assert_true(IS_ALIGNED(dest[i], PAGE_SIZE));
		assert_int_equal(boot_move_conflict(dest[i], dest[i] + len, wanted, nw), -1);
		for (u32 f = 0; f < nf; f++)
			in_free |= dest[i] >= free[f].start && dest[i] + len <= free[f].end;
		assert_true(in_free);
		assert_true(dest[i] + len <= LIMIT);
		for (u32 j = 0; j < n; j++) {
			u64 lj = items[j].end - items[j].start;

			if (j == i || dest[j] == items[j].start)
				continue;
			assert_true(dest[i] + len <= dest[j] || dest[j] + lj <= dest[i]);
		}
	}
}

/* bochs-bzimage-fixed: a bzImage that must sit at 1 MiB (init_size 4 MiB);
 * GRUB put its information, the kernel and the initrd all inside that. */
static void test_recorded_bzimage_fixed(void **state)
{
	const struct mem_span items[] = {
		{0x2d18e0, 0x2d1f00}, /* boot information */
		{0x188000, 0x1899e0}, /* module 0: the bzImage */
		{0x18a000, 0x2d18da}, /* module 1: the initrd */
	};
	const struct mem_span wanted[] = {{0, 0x100000}, {0x100000, 0x500000}};
	u64 dest[3];
	u32 bad = 99;

	(void)state;
	assert_int_equal(boot_move_plan(items, 3, wanted, 2, pool_free, 2, LIMIT, dest, &bad), 3);
	/* top-down from the end of RAM, in order, as the boot log showed */
	assert_int_equal(dest[0], 0x1ffef000);
	assert_int_equal(dest[1], 0x1ffed000);
	assert_int_equal(dest[2], 0x1fea5000);
	check_plan(items, 3, wanted, 2, pool_free, 2, dest);
	assert_int_equal(bad, 99);
}

/* bochs-multiboot1-low: a multiboot1 kernel linked at 1 MiB, two
 * segments, the second (with its bss) over GRUB's data. */
static void test_recorded_multiboot_low(void **state)
{
	const struct mem_span items[] = {
		{0x2d28e0, 0x2d2f10},
		{0x188000, 0x18aeb4},
		{0x18b000, 0x2d28da},
	};
	const struct mem_span wanted[] = {
		{0, 0x100000}, {0x100000, 0x100366}, {0x101000, 0x4032bc}};
	u64 dest[3];

	(void)state;
	assert_int_equal(boot_move_plan(items, 3, wanted, 3, pool_free, 2, LIMIT, dest, NULL), 3);
	check_plan(items, 3, wanted, 3, pool_free, 2, dest);
	assert_true(dest[2] >= 0x1fccf000);
}

/* The same GRUB layout with a relocatable guest: only the low 1 MiB is
 * wanted, so nothing moves (today's Linux guest boots unchanged). */
static void test_recorded_nothing_in_the_way(void **state)
{
	const struct mem_span items[] = {
		{0x421e00, 0x422420},
		{0x100000, 0x2c5000},
		{0x2c5000, 0x40c400},
	};
	const struct mem_span wanted[] = {{0, 0x100000}};
	u64 dest[3];

	(void)state;
	assert_int_equal(boot_move_plan(items, 3, wanted, 1, pool_free, 2, LIMIT, dest, NULL), 0);
	check_plan(items, 3, wanted, 1, pool_free, 2, dest);
}

/* GRUB's information block on the guest's low pages (the zero page at
 * 0x10000): it moves; an empty module never does. */
static void test_low_info_and_empty_module(void **state)
{
	const struct mem_span items[] = {{0x10800, 0x11200}, {0x100000, 0x100000}};
	const struct mem_span wanted[] = {{0, 0x100000}, {0x100000, 0x200000}};
	u64 dest[2];

	(void)state;
	assert_int_equal(boot_move_plan(items, 2, wanted, 2, pool_free, 2, LIMIT, dest, NULL), 1);
	assert_int_equal(dest[0], 0x1ffef000);
	assert_int_equal(dest[1], 0x100000);
}

/* A wanted range at the top of free memory (a kernel linked high) is
 * stepped over, and the limit is kept. */
static void test_steps_over_wanted_and_limit(void **state)
{
	const struct mem_span items[] = {{0x100000, 0x180000}, {0x180000, 0x190000}};
	const struct mem_span wanted[] = {{0x100000, 0x200000}, {0x1f000000, 0x1fff0000}};
	const struct mem_span free[] = {{0x1000000, 0x1fff0000}};
	u64 dest[2];

	(void)state;
	assert_int_equal(boot_move_plan(items, 2, wanted, 2, free, 1, LIMIT, dest, NULL), 2);
	assert_int_equal(dest[0], 0x1f000000 - 0x80000);
	assert_int_equal(dest[1], 0x1f000000 - 0x80000 - 0x10000);
	check_plan(items, 2, wanted, 2, free, 1, dest);
	assert_int_equal(boot_move_plan(items, 2, wanted, 2, free, 1, 0x2000000, dest, NULL), 2);
	assert_int_equal(dest[0], 0x2000000 - 0x80000);
}

/* No room: the index of the item that found none. */
static void test_no_room(void **state)
{
	const struct mem_span items[] = {{0x100000, 0x101000}, {0x101000, 0x300000}};
	const struct mem_span wanted[] = {{0x100000, 0x400000}};
	const struct mem_span free[] = {{0x1000000, 0x1100000}};
	u64 dest[2];
	u32 bad = 99;

	(void)state;
	assert_int_equal(boot_move_plan(items, 2, wanted, 1, free, 1, LIMIT, dest, &bad),
			 BOOTMOVE_NO_ROOM);
	assert_int_equal(bad, 1);
	assert_int_equal(boot_move_plan(items, 2, wanted, 1, NULL, 0, LIMIT, dest, &bad),
			 BOOTMOVE_NO_ROOM);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorded_bzimage_fixed),
		cmocka_unit_test(test_recorded_multiboot_low),
		cmocka_unit_test(test_recorded_nothing_in_the_way),
		cmocka_unit_test(test_low_info_and_empty_module),
		cmocka_unit_test(test_steps_over_wanted_and_limit),
		cmocka_unit_test(test_no_room),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

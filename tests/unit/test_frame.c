// SPDX-License-Identifier: MIT
/* Unit tests for mm/frame.c: ranges, reservations, top-down allocation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mm/frame.h"

static struct frame_pool pool;

static void test_add_clips_and_merges(void **state)
{
	(void)state;
	frame_pool_init(&pool, 16 * MiB, 4 * GiB);
	frame_pool_add(&pool, 0, 640 * KiB);		/* below floor: dropped */
	frame_pool_add(&pool, 1 * MiB, 64 * MiB);	/* clipped to 16 MiB */
	frame_pool_add(&pool, 64 * MiB, 128 * MiB);	/* touches: merged */
	frame_pool_add(&pool, 32 * MiB, 40 * MiB);	/* already inside: no change */
	frame_pool_add(&pool, 4 * GiB - 4096, 5 * GiB); /* clipped to ceiling */
	assert_int_equal(pool.nr, 2);
	assert_int_equal(pool.r[0].start, 16 * MiB);
	assert_int_equal(pool.r[0].end, 128 * MiB);
	assert_int_equal(pool.r[1].start, 4 * GiB - 4096);
	assert_int_equal(pool.r[1].end, 4 * GiB);
	assert_int_equal(frame_pool_free_bytes(&pool), 112 * MiB + 4096);
}

static void test_unaligned_ranges_round_inward(void **state)
{
	(void)state;
	frame_pool_init(&pool, 16 * MiB, 4 * GiB);
	frame_pool_add(&pool, 20 * MiB + 1, 21 * MiB - 1);
	assert_int_equal(pool.nr, 1);
	assert_int_equal(pool.r[0].start, 20 * MiB + 4096);
	assert_int_equal(pool.r[0].end, 21 * MiB - 4096);
}

static void test_reserve_splits_and_allocations_avoid_it(void **state)
{
	u64 img = 100 * MiB, img_end = 102 * MiB + 123;
	u64 mbi = 50 * MiB + 8, mbi_end = 50 * MiB + 2000;

	(void)state;
	frame_pool_init(&pool, 16 * MiB, 4 * GiB);
	frame_pool_add(&pool, 1 * MiB, 128 * MiB);
	frame_pool_reserve(&pool, img, img_end);
	frame_pool_reserve(&pool, mbi, mbi_end);
	assert_int_equal(pool.nr, 3);
	/* Exhaust the pool one frame at a time: no frame touches a reservation. */
	u64 count = 0, last = ~0ULL, pa;

	while ((pa = frame_pool_alloc(&pool, 1)) != 0) {
		assert_true(pa < last); /* strictly top-down */
		last = pa;
		assert_true(pa >= 16 * MiB);
		assert_false(pa + 4096 > ALIGN_DOWN(img, 4096) && pa < ALIGN_UP(img_end, 4096));
		assert_false(pa + 4096 > ALIGN_DOWN(mbi, 4096) && pa < ALIGN_UP(mbi_end, 4096));
		count++;
	}
	u64 expect = (128 - 16) * MiB - (ALIGN_UP(img_end, 4096) - img) - 4096;

	assert_int_equal(count * 4096, expect);
	assert_int_equal(frame_pool_free_bytes(&pool), 0);
	assert_int_equal(pool.allocated, expect);
}

static void test_first_frames_come_from_the_top(void **state)
{
	(void)state;
	frame_pool_init(&pool, 16 * MiB, 4 * GiB);
	frame_pool_add(&pool, 16 * MiB, 512 * MiB - 64 * KiB);
	assert_int_equal(frame_pool_alloc(&pool, 1), 512 * MiB - 64 * KiB - 4096);
	assert_int_equal(frame_pool_alloc(&pool, 2), 512 * MiB - 64 * KiB - 3 * 4096);
	assert_int_equal(frame_pool_lowest_used(&pool), 512 * MiB - 64 * KiB - 3 * 4096);
	assert_true(frame_pool_is_used(&pool, 512 * MiB - 64 * KiB - 1));
	assert_true(frame_pool_is_used(&pool, 512 * MiB - 64 * KiB - 3 * 4096));
	assert_false(frame_pool_is_used(&pool, 512 * MiB - 64 * KiB - 3 * 4096 - 1));
	assert_false(frame_pool_is_used(&pool, 512 * MiB - 64 * KiB));
}

static void test_contiguous_skips_small_ranges(void **state)
{
	(void)state;
	frame_pool_init(&pool, 16 * MiB, 4 * GiB);
	frame_pool_add(&pool, 16 * MiB, 32 * MiB);
	frame_pool_add(&pool, 64 * MiB, 64 * MiB + 8192);
	assert_int_equal(frame_pool_alloc(&pool, 4), 32 * MiB - 4 * 4096);
	assert_int_equal(frame_pool_alloc(&pool, 2), 64 * MiB);
	assert_int_equal(frame_pool_alloc(&pool, 0), 0);
}

static void test_exhaustion_reported(void **state)
{
	(void)state;
	frame_pool_init(&pool, 16 * MiB, 4 * GiB);
	frame_pool_add(&pool, 16 * MiB, 16 * MiB + 3 * 4096);
	assert_int_not_equal(frame_pool_alloc(&pool, 2), 0);
	assert_int_equal(frame_pool_alloc(&pool, 2), 0); /* only one left */
	assert_int_not_equal(frame_pool_alloc(&pool, 1), 0);
	assert_int_equal(frame_pool_alloc(&pool, 1), 0);
}

static void test_reserve_whole_and_edges(void **state)
{
	(void)state;
	frame_pool_init(&pool, 16 * MiB, 4 * GiB);
	frame_pool_add(&pool, 16 * MiB, 20 * MiB);
	frame_pool_add(&pool, 30 * MiB, 40 * MiB);
	frame_pool_reserve(&pool, 15 * MiB, 21 * MiB); /* whole first range */
	frame_pool_reserve(&pool, 30 * MiB, 31 * MiB); /* low edge */
	frame_pool_reserve(&pool, 39 * MiB, 41 * MiB); /* high edge */
	assert_int_equal(pool.nr, 1);
	assert_int_equal(pool.r[0].start, 31 * MiB);
	assert_int_equal(pool.r[0].end, 39 * MiB);
}

static void test_too_many_ranges_flagged(void **state)
{
	(void)state;
	frame_pool_init(&pool, 16 * MiB, 4 * GiB);
	for (u64 i = 0; i < FRAME_MAX_RANGES + 5; i++)
		frame_pool_add(&pool, 16 * MiB + i * 2 * 4096, 16 * MiB + i * 2 * 4096 + 4096);
	assert_int_equal(pool.nr, FRAME_MAX_RANGES);
	assert_true(pool.overflow);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_clips_and_merges),
		cmocka_unit_test(test_unaligned_ranges_round_inward),
		cmocka_unit_test(test_reserve_splits_and_allocations_avoid_it),
		cmocka_unit_test(test_first_frames_come_from_the_top),
		cmocka_unit_test(test_contiguous_skips_small_ranges),
		cmocka_unit_test(test_exhaustion_reported),
		cmocka_unit_test(test_reserve_whole_and_edges),
		cmocka_unit_test(test_too_many_ranges_flagged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

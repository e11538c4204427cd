// SPDX-License-Identifier: MIT
/*
 * bootmove.c - plan the copies of GRUB's boot data out of the guest's
 * way (see include/loader/bootmove.h).  Pure: addresses only.
 */
#include "loader/bootmove.h"

static bool overlaps(u64 a, u64 b, u64 c, u64 d)
{
	return a < d && c < b;
}

int boot_move_conflict(u64 start, u64 end, const struct mem_span *wanted, u32 nr_wanted)
{
	for (u32 i = 0; i < nr_wanted; i++)
		if (overlaps(start, end, wanted[i].start, wanted[i].end))
			return (int)i;
	return -1;
}

/*
 * The span [start, end) of what is in the way of a copy at `at` of `len`
 * bytes: a wanted range or a copy already planned; false when none is.
 */
static bool in_the_way(u64 at, u64 len, const struct mem_span *wanted, u32 nr_wanted,
		       const struct mem_span *taken, u32 nr_taken, u64 *below)
{
	int w = boot_move_conflict(at, at + len, wanted, nr_wanted);

	if (w >= 0) {
		*below = wanted[w].start;
		return true;
	}
	w = boot_move_conflict(at, at + len, taken, nr_taken);
	if (w >= 0) {
		*below = taken[w].start;
		return true;
	}
	return false;
}

/* Highest page-aligned place for `len` bytes in [s, e), or false. */
static bool highest_in(u64 s, u64 e, u64 len, const struct mem_span *wanted, u32 nr_wanted,
		       const struct mem_span *taken, u32 nr_taken, u64 *out)
{
	u64 top = e, below;

	for (;;) {
		u64 at;

		if (top < s || top - s < len)
			return false;
		at = ALIGN_DOWN(top - len, PAGE_SIZE);
		if (at < s)
			return false;
		if (!in_the_way(at, len, wanted, nr_wanted, taken, nr_taken, &below)) {
			*out = at;
			return true;
		}
		/* Strictly lower each round: what is in the way starts below
		 * at + len, so the next try ends at or below its start. */
		top = below;
	}
}

int boot_move_plan(const struct mem_span *items, u32 nr_items, const struct mem_span *wanted,
		   u32 nr_wanted, const struct mem_span *free, u32 nr_free, u64 limit, u64 *dest,
		   u32 *bad)
{
	/* the copies planned so far: at most one per item */
	struct mem_span taken[BOOTMOVE_MAX_ITEMS];
	u32 nr_taken = 0;
	int moved = 0;

	if (nr_items > BOOTMOVE_MAX_ITEMS) {
		if (bad)
			*bad = BOOTMOVE_MAX_ITEMS;
		return BOOTMOVE_NO_ROOM;
	}
	for (u32 i = 0; i < nr_items; i++) {
		u64 len = items[i].end - items[i].start, best = 0;
		bool found = false;

		dest[i] = items[i].start;
		if (!len || boot_move_conflict(items[i].start, items[i].end, wanted, nr_wanted) < 0)
			continue;
		for (u32 f = 0; f < nr_free; f++) {
			u64 at, s = ALIGN_UP(free[f].start, PAGE_SIZE), e = MIN(free[f].end, limit);

			if (highest_in(s, e, len, wanted, nr_wanted, taken, nr_taken, &at) &&
			    (!found || at > best)) {
				best = at;
				found = true;
			}
		}
		if (!found) {
			if (bad)
				*bad = i;
			return BOOTMOVE_NO_ROOM;
		}
		dest[i] = best;
		taken[nr_taken++] = (struct mem_span){best, ALIGN_UP(best + len, PAGE_SIZE)};
		moved++;
	}
	return moved;
}

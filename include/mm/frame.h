/* SPDX-License-Identifier: MIT */
/*
 * frame.h - the physical frame allocator.
 *
 * A pool is a sorted list of free RAM ranges.  The boot code adds every
 * usable range of the firmware memory map, then reserves what is already
 * taken (the image, the multiboot2 information, the modules); only then does
 * it allocate.  Allocation is top-down and never below the pool's floor, so
 * the hypervisor lives high and the first 16 MiB stay the guest's (its
 * real-mode area, the 1 MiB load address of non-relocatable kernels, AP
 * start-up trampolines).  Frames are never freed: everything the hypervisor
 * allocates lives as long as it does, which keeps the used memory of each
 * range one contiguous block at its top - easy to report, to hide from the
 * guest's EPT and to mark reserved in its e820.
 *
 * Pure arithmetic on addresses: the pool never touches the memory itself.
 */
#ifndef THINVISOR_MM_FRAME_H
#define THINVISOR_MM_FRAME_H

#include "types.h"

#define FRAME_MAX_RANGES 64

struct frame_range {
	u64 start; /* first byte of the range */
	u64 top;   /* [start, top) is free, [top, end) has been handed out */
	u64 end;
};

struct frame_pool {
	struct frame_range r[FRAME_MAX_RANGES];
	u32 nr;
	u64 floor, ceiling; /* only [floor, ceiling) is ever used */
	u64 allocated;	    /* bytes handed out */
	bool overflow;	    /* a range was dropped: FRAME_MAX_RANGES too small */
};

void frame_pool_init(struct frame_pool *p, u64 floor, u64 ceiling);

/* Add usable RAM [start, end); clipped to floor/ceiling, rounded inward to pages. */
void frame_pool_add(struct frame_pool *p, u64 start, u64 end);

/* Take [start, end) out of the free ranges (rounded outward to pages). */
void frame_pool_reserve(struct frame_pool *p, u64 start, u64 end);

/* n contiguous frames from the highest range that has room; 0 when none. */
u64 frame_pool_alloc(struct frame_pool *p, u64 nr_frames);

/* Bytes still free. */
u64 frame_pool_free_bytes(const struct frame_pool *p);

/* true if pa lies in memory the pool has handed out */
bool frame_pool_is_used(const struct frame_pool *p, u64 pa);

/* Lowest address the allocator has handed out (ceiling if nothing yet). */
u64 frame_pool_lowest_used(const struct frame_pool *p);

#endif

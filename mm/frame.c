// SPDX-License-Identifier: MIT
/*
 * frame.c - top-down physical frame allocator over a sorted range list.
 * See include/mm/frame.h for the contract.
 */
#include "mm/frame.h"

void frame_pool_init(struct frame_pool *p, u64 floor, u64 ceiling)
{
	p->nr = 0;
	p->floor = ALIGN_UP(floor, PAGE_SIZE);
	p->ceiling = ALIGN_DOWN(ceiling, PAGE_SIZE);
	p->allocated = 0;
	p->overflow = false;
}

static void frame_remove_at(struct frame_pool *p, u32 i)
{
	for (u32 j = i; j + 1 < p->nr; j++)
		p->r[j] = p->r[j + 1];
	p->nr--;
}

static bool frame_insert_at(struct frame_pool *p, u32 i, u64 start, u64 end)
{
	if (p->nr == FRAME_MAX_RANGES) {
		p->overflow = true;
		return false;
	}
	for (u32 j = p->nr; j > i; j--)
		p->r[j] = p->r[j - 1];
	p->r[i] = (struct frame_range){.start = start, .top = end, .end = end};
	p->nr++;
	return true;
}

void frame_pool_add(struct frame_pool *p, u64 start, u64 end)
{
	u32 i;

	start = ALIGN_UP(MAX(start, p->floor), PAGE_SIZE);
	end = ALIGN_DOWN(MIN(end, p->ceiling), PAGE_SIZE);
	if (end <= start)
		return;
	/* Overlapping input (firmware maps do overlap) is cut to what is new. */
	for (i = 0; i < p->nr && start < end; i++) {
		if (end <= p->r[i].start)
			break;
		if (start < p->r[i].end) {
			if (start < p->r[i].start) {
				if (frame_insert_at(p, i, start, p->r[i].start))
					i++;
			}
			start = MAX(start, p->r[i].end);
		}
	}
	if (start < end)
		frame_insert_at(p, i, start, end);
	/* merge neighbours that touch */
	for (i = 0; i + 1 < p->nr;) {
		if (p->r[i].end == p->r[i + 1].start && p->r[i].top == p->r[i].end &&
		    p->r[i + 1].top == p->r[i + 1].end) {
			p->r[i].end = p->r[i].top = p->r[i + 1].end;
			frame_remove_at(p, i + 1);
		} else {
			i++;
		}
	}
}

void frame_pool_reserve(struct frame_pool *p, u64 start, u64 end)
{
	start = ALIGN_DOWN(start, PAGE_SIZE);
	end = ALIGN_UP(end, PAGE_SIZE);
	for (u32 i = 0; i < p->nr;) {
		struct frame_range *r = &p->r[i];

		if (end <= r->start || start >= r->end) {
			i++;
			continue;
		}
		if (start <= r->start && end >= r->end) {
			frame_remove_at(p, i);
			continue;
		}
		if (start > r->start && end < r->end) {
			/* split: keep the lower part here, insert the upper part */
			u64 hi_start = end, hi_end = r->end;

			r->end = r->top = start;
			frame_insert_at(p, i + 1, hi_start, hi_end);
			i += 2;
			continue;
		}
		if (start <= r->start)
			r->start = end;
		else
			r->end = r->top = start;
		i++;
	}
}

u64 frame_pool_alloc(struct frame_pool *p, u64 nr_frames)
{
	u64 bytes = nr_frames * PAGE_SIZE;

	if (!nr_frames)
		return 0;
	for (u32 i = p->nr; i-- > 0;) {
		struct frame_range *r = &p->r[i];

		if (r->top - r->start >= bytes) {
			r->top -= bytes;
			p->allocated += bytes;
			return r->top;
		}
	}
	return 0;
}

u64 frame_pool_free_bytes(const struct frame_pool *p)
{
	u64 sum = 0;

	for (u32 i = 0; i < p->nr; i++)
		sum += p->r[i].top - p->r[i].start;
	return sum;
}

u64 frame_pool_lowest_used(const struct frame_pool *p)
{
	for (u32 i = 0; i < p->nr; i++)
		if (p->r[i].top < p->r[i].end)
			return p->r[i].top;
	return p->ceiling;
}

bool frame_pool_is_used(const struct frame_pool *p, u64 pa)
{
	for (u32 i = 0; i < p->nr; i++)
		if (pa >= p->r[i].top && pa < p->r[i].end)
			return true;
	return false;
}

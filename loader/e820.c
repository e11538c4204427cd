// SPDX-License-Identifier: MIT
/*
 * e820.c - guest e820 table construction and free-RAM computation.
 *
 * Both functions are a sweep over the boundaries of all input ranges: from
 * the lowest start, step to the next boundary above the current position,
 * decide what the elementary piece [pos, next) is (its type, or "hole"),
 * and append it to the output, merging with the previous piece when they
 * touch and agree.  Every elementary piece lies wholly inside or wholly
 * outside each input range, so testing coverage at `pos` is enough.
 * Without an allocator this costs O(n) per step, O(n^2) in total, which is
 * nothing for firmware maps of a few dozen entries.
 */
#include "loader/e820.h"
#include "lib/string.h"

#define TYPE_NONE 0

static u64 range_end(u64 addr, u64 size)
{
	/* Clip ranges that would wrap past 2^64. */
	return addr + size < addr ? ~0ULL : addr + size;
}

static u64 fw_end(const struct boot_e820_entry *e)
{
	return range_end(e->addr, e->size);
}

/*
 * Restrictiveness of a type: overlapping firmware claims resolve to the
 * highest rank.  Types 1-5 are those of the ACPI spec's "System Address
 * Map Interfaces" chapter; anything else is treated as reserved, as the
 * multiboot2 spec says of its memory map ("all other values indicate
 * reserved area") and ACPI says of undefined types.
 */
static u32 normalise(u32 type)
{
	return (type >= E820_TYPE_RAM && type <= E820_TYPE_UNUSABLE) ? type : E820_TYPE_RESERVED;
}

static int rank(u32 type)
{
	switch (type) {
	case E820_TYPE_RAM:
		return 1;
	case E820_TYPE_ACPI:
		return 2;
	case E820_TYPE_NVS:
		return 3;
	case E820_TYPE_RESERVED:
		return 4;
	default: /* E820_TYPE_UNUSABLE */
		return 5;
	}
}

/* Lowest boundary strictly above pos among [start, end) ranges; *found is
 * set when one exists.  Keeps the running minimum in *best. */
static void consider(u64 start, u64 end, u64 pos, u64 *best, bool *found)
{
	if (start >= end)
		return;
	if (start > pos && (!*found || start < *best)) {
		*best = start;
		*found = true;
	}
	if (end > pos && (!*found || end < *best)) {
		*best = end;
		*found = true;
	}
}

/* Append [start, end) of the given type, merging with a touching equal
 * predecessor.  Returns false when out[] is full. */
static bool emit_entry(struct boot_e820_entry *out, u32 *n, u32 max_out, u64 start, u64 end,
		       u32 type)
{
	if (*n > 0) {
		struct boot_e820_entry *last = &out[*n - 1];

		if (last->type == type && fw_end(last) == start) {
			last->size = end - last->addr;
			return true;
		}
	}
	if (*n >= max_out)
		return false;
	out[*n].addr = start;
	out[*n].size = end - start;
	out[*n].type = type;
	(*n)++;
	return true;
}

int e820_build(const struct boot_e820_entry *fw, u32 nr_fw, const struct mem_span *reserve,
	       u32 nr_reserve, struct boot_e820_entry *out, u32 max_out)
{
	u64 pos = 0, next;
	bool found;
	u32 n = 0, i;

	/* Start at the lowest start of any range: consider(pos = 0) would
	 * miss a range starting at 0, so look for the minimum explicitly. */
	found = false;
	for (i = 0; i < nr_fw; i++) {
		if (fw[i].size && (!found || fw[i].addr < pos)) {
			pos = fw[i].addr;
			found = true;
		}
	}
	for (i = 0; i < nr_reserve; i++) {
		if (reserve[i].start < reserve[i].end && (!found || reserve[i].start < pos)) {
			pos = reserve[i].start;
			found = true;
		}
	}
	if (!found)
		return 0;

	for (;;) {
		u32 type = TYPE_NONE;

		found = false;
		next = 0;
		for (i = 0; i < nr_fw; i++)
			consider(fw[i].addr, fw_end(&fw[i]), pos, &next, &found);
		for (i = 0; i < nr_reserve; i++)
			consider(reserve[i].start, reserve[i].end, pos, &next, &found);
		if (!found)
			break;

		for (i = 0; i < nr_fw; i++) {
			u32 t = normalise(fw[i].type);

			if (fw[i].addr <= pos && pos < fw_end(&fw[i]) &&
			    (type == TYPE_NONE || rank(t) > rank(type)))
				type = t;
		}
		/* Hypervisor memory is hidden from the guest whatever the
		 * firmware said about it. */
		for (i = 0; i < nr_reserve; i++) {
			if (reserve[i].start <= pos && pos < reserve[i].end)
				type = E820_TYPE_RESERVED;
		}
		if (type != TYPE_NONE && !emit_entry(out, &n, max_out, pos, next, type))
			return -1;
		pos = next;
	}
	return (int)n;
}

static bool emit_span(struct mem_span *out, u32 *n, u32 max_out, u64 start, u64 end)
{
	if (*n > 0 && out[*n - 1].end == start) {
		out[*n - 1].end = end;
		return true;
	}
	if (*n >= max_out)
		return false;
	out[*n].start = start;
	out[*n].end = end;
	(*n)++;
	return true;
}

int e820_free_spans(const struct boot_e820_entry *tab, u32 n, const struct mem_span *busy,
		    u32 nr_busy, struct mem_span *out, u32 max_out)
{
	u64 pos = 0, next;
	bool found = false;
	u32 count = 0, i;

	/* Only RAM can be free, so the sweep starts at the lowest RAM start. */
	for (i = 0; i < n; i++) {
		if (tab[i].type == E820_TYPE_RAM && tab[i].size && (!found || tab[i].addr < pos)) {
			pos = tab[i].addr;
			found = true;
		}
	}
	if (!found)
		return 0;

	for (;;) {
		bool ram = false, taken = false;

		found = false;
		next = 0;
		for (i = 0; i < n; i++) {
			if (tab[i].type == E820_TYPE_RAM)
				consider(tab[i].addr, fw_end(&tab[i]), pos, &next, &found);
		}
		for (i = 0; i < nr_busy; i++)
			consider(busy[i].start, busy[i].end, pos, &next, &found);
		if (!found)
			break;

		for (i = 0; i < n && !ram; i++) {
			ram = tab[i].type == E820_TYPE_RAM && tab[i].addr <= pos &&
			      pos < fw_end(&tab[i]);
		}
		for (i = 0; i < nr_busy && !taken; i++)
			taken = busy[i].start <= pos && pos < busy[i].end;
		if (ram && !taken && !emit_span(out, &count, max_out, pos, next))
			return -1;
		pos = next;
	}
	return (int)count;
}

u32 efi_map_hide(u8 *map, u32 size, u32 desc_size, const struct mem_span *hv, u32 nr_hv)
{
	u32 changed = 0;

	if (desc_size < 32)
		return 0;
	for (u32 off = 0; off + desc_size <= size; off += desc_size) {
		u8 *d = map + off;
		u32 type;
		u64 start, pages;

		memcpy(&type, d, 4);
		memcpy(&start, d + 8, 8);
		memcpy(&pages, d + 24, 8);
		if (type != EFI_CONVENTIONAL_MEMORY)
			continue;
		for (u32 i = 0; i < nr_hv; i++) {
			if (hv[i].start < start + pages * PAGE_SIZE && start < hv[i].end) {
				type = EFI_LOADER_DATA;
				memcpy(d, &type, 4);
				changed++;
				break;
			}
		}
	}
	return changed;
}

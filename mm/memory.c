// SPDX-License-Identifier: MIT
/*
 * memory.c - the hypervisor's view of physical memory: the frame pool built
 * from the firmware map, and image address translation.
 */
#include "mm/memory.h"
#include "boot/machine.h"
#include "lib/log.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "lib/spinlock.h"

extern char __image_start[], __image_end[];

struct hv_memory hv_mem;

u64 virt_to_phys(const void *p)
{
	u64 va = (u64)p;

	if (va >= KERNEL_VMA)
		return va - KERNEL_VMA + hv_mem.image_start;
	return va;
}

void memory_init(const struct machine *m, u64 load_base)
{
	u32 n = m->nr_map;

	hv_mem.image_start = load_base;
	// cppcheck-suppress comparePointers ; linker.ld puts both symbols around the image
	hv_mem.image_end = load_base + ALIGN_UP((u64)(__image_end - __image_start), PAGE_SIZE);

	hv_mem.map_source = m->map_source;
	if (!n)
		fatal(HV_EXIT_BAD_BOOT_INFO,
		      "the boot loader passed no memory map; boot thinvisor with GRUB 2's "
		      "multiboot2 command");

	frame_pool_init(&hv_mem.pool, HV_MEMORY_FLOOR, HV_MEMORY_CEILING);
	pr_debug("memory map (%s): %u entries", hv_mem.map_source, n);
	for (u32 i = 0; i < n; i++) {
		const struct mem_range *r = &m->map[i];

		pr_debug("  %#014llx-%#014llx type %u", (unsigned long long)r->start,
			 (unsigned long long)r->end, r->type);
		if (r->end > hv_mem.max_phys)
			hv_mem.max_phys = r->end;
		if (r->type != MEM_RAM)
			continue;
		hv_mem.ram_bytes += r->end - r->start;
		frame_pool_add(&hv_mem.pool, r->start, r->end);
	}
	if (hv_mem.ram_bytes < HV_MIN_RAM)
		fatal(HV_EXIT_NO_MEMORY,
		      "too little memory: %llu MiB of usable RAM; thinvisor and a guest need at "
		      "least %llu MiB: give the machine more RAM",
		      (unsigned long long)(hv_mem.ram_bytes / MiB),
		      (unsigned long long)(HV_MIN_RAM / MiB));
	frame_pool_reserve(&hv_mem.pool, hv_mem.image_start, hv_mem.image_end);
	frame_pool_reserve(&hv_mem.pool, m->boot_info.start, m->boot_info.end);
	for (u32 i = 0; i < m->nr_modules; i++)
		frame_pool_reserve(&hv_mem.pool, m->modules[i].start, m->modules[i].end);
	if (hv_mem.pool.overflow)
		pr_warn("memory map has more than %d usable ranges; some RAM is left unused",
			FRAME_MAX_RANGES);

	pr_info("memory: %llu MiB usable RAM (%s map, %u entries); hypervisor image at "
		"%#llx-%#llx (%llu KiB), allocating top-down (below 4 GiB until host paging is up), never under %llu MiB",
		(unsigned long long)(hv_mem.ram_bytes / MiB), hv_mem.map_source, n,
		(unsigned long long)hv_mem.image_start, (unsigned long long)hv_mem.image_end,
		(unsigned long long)((hv_mem.image_end - hv_mem.image_start) / KiB),
		(unsigned long long)(HV_MEMORY_FLOOR / MiB));
}

void memory_lift_ceiling(const struct machine *m)
{
	struct frame_pool *p = &hv_mem.pool;
	u64 old = p->ceiling, top = MIN(hv_mem.max_phys, HV_MEMORY_LIMIT);

	// cppcheck-suppress knownConditionTrueFalse ; max_phys is set by memory_init at run time
	if (top <= old)
		return;
	p->ceiling = top;
	for (u32 i = 0; i < m->nr_map; i++)
		if (m->map[i].type == MEM_RAM && m->map[i].end > old)
			frame_pool_add(p, MAX(m->map[i].start, old), m->map[i].end);
	/* Only what lies above the old ceiling: below it they are cut out
	 * already, and frames there have been handed out since. */
	if (m->boot_info.end > old)
		frame_pool_reserve(p, MAX(m->boot_info.start, old), m->boot_info.end);
	for (u32 i = 0; i < m->nr_modules; i++)
		if (m->modules[i].end > old)
			frame_pool_reserve(p, MAX(m->modules[i].start, old), m->modules[i].end);
	pr_debug("memory: frames now come from all RAM up to %#llx", (unsigned long long)top);
}

u32 memory_free_spans(struct mem_span *out, u32 max)
{
	const struct frame_pool *p = &hv_mem.pool;
	u32 n = 0;

	for (u32 i = 0; i < p->nr && n < max; i++)
		if (p->r[i].start < p->r[i].top)
			out[n++] = (struct mem_span){p->r[i].start, p->r[i].top};
	return n;
}

void memory_set_aside(u64 start, u64 end)
{
	/* frame_pool_reserve() cuts ranges as if nothing had been handed
	 * out yet: after an allocation it could free what is in use. */
	if (hv_mem.pool.allocated || hv_mem.frozen)
		fatal(HV_EXIT_NO_MEMORY,
		      "cannot set %#llx-%#llx aside after the first "
		      "allocation; this is a thinvisor bug",
		      (unsigned long long)start, (unsigned long long)end);
	frame_pool_reserve(&hv_mem.pool, start, end);
}

void memory_claim(u64 start, u64 end)
{
	if (hv_mem.frozen || hv_mem.nr_claimed == ARRAY_SIZE(hv_mem.claimed))
		fatal(HV_EXIT_NO_MEMORY,
		      "cannot claim %#llx-%#llx for the hypervisor %s; this is "
		      "a thinvisor bug",
		      (unsigned long long)start, (unsigned long long)end,
		      hv_mem.frozen ? "after memory_freeze" : "(too many claims)");
	hv_mem.claimed[hv_mem.nr_claimed++] =
		(struct mem_span){ALIGN_DOWN(start, PAGE_SIZE), ALIGN_UP(end, PAGE_SIZE)};
}

/* The one list of what the hypervisor owns: its image, what the pool
 * handed out (one block at the top of each range), and the claims. */
static void collect_owned(void)
{
	const struct frame_pool *p = &hv_mem.pool;

	hv_mem.owned[hv_mem.nr_owned++] = (struct mem_span){hv_mem.image_start, hv_mem.image_end};
	for (u32 i = 0; i < p->nr; i++)
		if (p->r[i].top < p->r[i].end)
			hv_mem.owned[hv_mem.nr_owned++] =
				(struct mem_span){p->r[i].top, p->r[i].end};
	for (u32 i = 0; i < hv_mem.nr_claimed; i++)
		hv_mem.owned[hv_mem.nr_owned++] = hv_mem.claimed[i];
}

void memory_freeze(u64 reserve_bytes)
{
	u64 n = ALIGN_UP(reserve_bytes, PAGE_SIZE) / PAGE_SIZE;
	u64 base = frame_alloc_zeroed(n, "the run-time reserve");

	frame_pool_init(&hv_mem.runtime, base, base + n * PAGE_SIZE);
	frame_pool_add(&hv_mem.runtime, base, base + n * PAGE_SIZE);
	hv_mem.frozen = true;
	collect_owned();
	pr_info("memory: hypervisor uses %llu KiB beyond its image (%llu KiB of it a run-time "
		"reserve), lowest at %#llx",
		(unsigned long long)(hv_mem.pool.allocated / KiB),
		(unsigned long long)(n * PAGE_SIZE / KiB),
		(unsigned long long)frame_pool_lowest_used(&hv_mem.pool));
}

const struct mem_span *hv_memory_ranges(u32 *n)
{
	*n = hv_mem.nr_owned;
	return hv_mem.owned;
}

bool hv_memory_owns(u64 pa)
{
	for (u32 i = 0; i < hv_mem.nr_owned; i++)
		if (pa >= hv_mem.owned[i].start && pa < hv_mem.owned[i].end)
			return true;
	return false;
}

u64 frame_try_alloc_zeroed(u64 nr_frames)
{
	static spinlock_t lock;
	struct frame_pool *pool = hv_mem.frozen ? &hv_mem.runtime : &hv_mem.pool;
	u64 pa;

	spin_lock(&lock);
	pa = frame_pool_alloc(pool, nr_frames);
	spin_unlock(&lock);
	if (pa)
		memset(phys_to_virt(pa), 0, nr_frames * PAGE_SIZE);
	return pa;
}

u64 frame_alloc_zeroed(u64 nr_frames, const char *what)
{
	u64 pa = frame_try_alloc_zeroed(nr_frames);

	if (!pa)
		fatal(HV_EXIT_NO_MEMORY,
		      "out of memory allocating %llu KiB for %s (%llu KiB left%s); give the "
		      "machine more RAM",
		      (unsigned long long)(nr_frames * 4), what,
		      (unsigned long long)(frame_pool_free_bytes(hv_mem.frozen ? &hv_mem.runtime
									       : &hv_mem.pool) /
					   KiB),
		      hv_mem.frozen ? " in the run-time reserve" : "");
	return pa;
}

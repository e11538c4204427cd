// SPDX-License-Identifier: MIT
/*
 * make_room.c - move GRUB's modules and information block off the
 * addresses the guest must be loaded at (see include/loader/make_room.h).
 */
#include "loader/make_room.h"
#include "loader/bootmove.h"
#include "loader/bzimage.h"
#include "loader/mbguest.h"
#include "boot/machine.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "mm/memory.h"

#define MAX_WANTED (MB_MAX_SEGMENTS + 1)

/*
 * The guest kernel's fixed load range(s): a bzImage that is not
 * relocatable "will unconditionally move itself and to run at" its
 * pref_address (boot.rst, pref_address) and uses init_size bytes from
 * there (boot.rst, 64-bit Boot Protocol); a multiboot kernel's segments
 * go to their physical addresses (mb1 spec 3.1.3, mb2 spec 3.1.5).  A
 * kernel that does not parse adds nothing: guest_load() says what is wrong.
 */
static u32 kernel_ranges(const struct boot_module *k, struct mem_span *out)
{
	static struct mb_plan plan;
	const void *img = phys_to_virt(k->start);
	u64 size = k->end - k->start;
	enum guest_format fmt = guest_detect(img, size);
	struct bzimage_info bi;
	u32 n = 0;

	if (fmt == GUEST_FMT_BZIMAGE) {
		if (bzimage_parse(img, size, &bi, NULL, NULL) || bi.relocatable)
			return 0;
		out[0] = (struct mem_span){bi.pref_address,
					   bi.pref_address + MAX((u64)bi.init_size, bi.pm_size)};
		return 1;
	}
	if (fmt != GUEST_FMT_MULTIBOOT1 && fmt != GUEST_FMT_MULTIBOOT2)
		return 0;
	if (mb_plan_build(img, size, fmt, &plan, NULL))
		return 0;
	for (u32 i = 0; i < plan.nr_seg; i++)
		out[n++] = (struct mem_span){plan.seg[i].load_addr,
					     plan.seg[i].load_addr + plan.seg[i].mem_size};
	return n;
}

void guest_make_room(struct machine *m, bool kernel_from_module)
{
	static struct mem_span free[FRAME_MAX_RANGES];
	struct mem_span items[BOOTMOVE_MAX_ITEMS], wanted[MAX_WANTED];
	u64 dest[BOOTMOVE_MAX_ITEMS];
	u32 nr_items = 0, nr_wanted = 0, nr_free, bad = 0;
	int moved;

	pr_debug("boot: information block at %#llx-%#llx", (unsigned long long)m->boot_info.start,
		 (unsigned long long)m->boot_info.end);
	items[nr_items++] = m->boot_info;
	for (u32 i = 0; i < m->nr_modules; i++) {
		pr_debug("boot: module %u at %#llx-%#llx '%s'", i,
			 (unsigned long long)m->modules[i].start,
			 (unsigned long long)m->modules[i].end, m->modules[i].string);
		items[nr_items++] = (struct mem_span){m->modules[i].start, m->modules[i].end};
	}
	/* The booter, zero page, command line, RSDP copy, multiboot
	 * information, self-test guest and AP start-up page. */
	wanted[nr_wanted++] = (struct mem_span){0, 1 * MiB};
	if (kernel_from_module && m->nr_modules)
		nr_wanted += kernel_ranges(&m->modules[0], wanted + nr_wanted);
	for (u32 i = 1; i < nr_wanted; i++)
		pr_debug("boot: the guest kernel must be loaded at %#llx-%#llx",
			 (unsigned long long)wanted[i].start, (unsigned long long)wanted[i].end);

	nr_free = memory_free_spans(free, ARRAY_SIZE(free));
	moved = boot_move_plan(items, nr_items, wanted, nr_wanted, free, nr_free, HV_MEMORY_CEILING,
			       dest, &bad);
	if (moved == BOOTMOVE_NO_ROOM)
		fatal(HV_EXIT_NO_MEMORY,
		      "cannot move GRUB's %s (%llu KiB at %#llx) out of the guest's way: no free "
		      "RAM below 4 GiB holds a copy; give the machine more RAM",
		      bad ? "module" : "boot information",
		      (unsigned long long)((items[bad].end - items[bad].start) / KiB),
		      (unsigned long long)items[bad].start);

	for (u32 i = 0; i < nr_items; i++) {
		u64 len = items[i].end - items[i].start;
		char what[32];
		int w;

		if (dest[i] == items[i].start)
			continue;
		w = boot_move_conflict(items[i].start, items[i].end, wanted, nr_wanted);
		/* Sources are reserved in the pool, so no copy overlaps one. */
		memcpy(phys_to_virt(dest[i]), phys_to_virt(items[i].start), len);
		memory_set_aside(dest[i], dest[i] + len);
		if (i == 0)
			machine_move_info(m, dest[i]);
		else
			m->modules[i - 1].start = dest[i], m->modules[i - 1].end = dest[i] + len;
		if (i)
			fmt_snprintf(what, sizeof(what), "module %u", i - 1);
		else
			fmt_snprintf(what, sizeof(what), "boot information");
		pr_info("boot: moved GRUB's %s (%llu KiB) from %#llx-%#llx to %#llx: it lay on %s "
			"%#llx-%#llx",
			what, (unsigned long long)(len / KiB), (unsigned long long)items[i].start,
			(unsigned long long)items[i].end, (unsigned long long)dest[i],
			w ? "the guest kernel" : "the guest's boot structures at",
			(unsigned long long)wanted[w].start, (unsigned long long)wanted[w].end);
	}
}

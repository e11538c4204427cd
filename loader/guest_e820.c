// SPDX-License-Identifier: MIT
/*
 * guest_e820.c - the guest's e820 map: the firmware's, with the
 * hypervisor's memory (hv_memory_ranges(), the list the EPT leaves out)
 * reserved.  Shared by the Linux and multiboot loaders.
 */
#include "loader/guest_e820.h"
#include "loader/e820.h"
#include "boot/machine.h"
#include "lib/panic.h"
#include "mm/memory.h"

u32 guest_e820(const struct machine *m, struct boot_e820_entry *out)
{
	static struct boot_e820_entry fw[MACHINE_MAX_RANGES];
	const struct mem_span *hv;
	u32 nr_hv;
	int r;

	for (u32 i = 0; i < m->nr_map; i++)
		fw[i] = (struct boot_e820_entry){m->map[i].start, m->map[i].end - m->map[i].start,
						 m->map[i].type};
	hv = hv_memory_ranges(&nr_hv);
	r = e820_build(fw, m->nr_map, hv, nr_hv, out, E820_MAX_ENTRIES_ZEROPAGE);
	if (r < 0)
		fatal(HV_EXIT_BAD_BOOT_INFO,
		      "the memory map needs more than %d e820 entries for the guest",
		      E820_MAX_ENTRIES_ZEROPAGE);
	return (u32)r;
}

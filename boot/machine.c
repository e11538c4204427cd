// SPDX-License-Identifier: MIT
/*
 * machine.c - the multiboot2 information, converted once into the
 * machine description (see include/boot/machine.h).  Pure: no I/O.
 */
#include "boot/machine.h"

void machine_from_mb2(const struct mb2_info *mi, struct machine *m)
{
	const struct mb2_mmap_entry *map;
	const char *src = NULL;
	u32 n = 0;

	*m = (struct machine){0};
	map = mb2_memory_map(mi, &n, &src);
	m->map_source = src ? src : "none";
	for (u32 i = 0; i < n && i < MACHINE_MAX_RANGES; i++)
		m->map[m->nr_map++] =
			(struct mem_range){map[i].addr, map[i].addr + map[i].len, map[i].type};
	for (u32 i = 0; i < mi->nr_modules && i < MACHINE_MAX_MODULES; i++)
		m->modules[m->nr_modules++] =
			(struct boot_module){mi->modules[i].start, mi->modules[i].end,
					     mi->modules[i].string ? mi->modules[i].string : ""};
	m->boot_info = (struct mem_span){mi->info_addr, mi->info_addr + mi->total_size};
	m->rsdp = mi->rsdp;
	m->rsdp_len = mi->rsdp ? mi->rsdp_len : 0;
	m->cmdline = mi->cmdline ? mi->cmdline : "";
	m->bootloader = mi->bootloader_name ? mi->bootloader_name : "?";
}

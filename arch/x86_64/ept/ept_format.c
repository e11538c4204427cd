// SPDX-License-Identifier: MIT
/*
 * ept_format.c - what makes a table an EPT for the shared page-table
 * engine.  Pure data, so the unit tests build EPTs over a host buffer with
 * exactly the format the hypervisor uses.
 */
#include "ept/ept.h"
#include "hw/vmx.h"
#include "boot/machine.h"

/* An EPT entry is present when any of R/W/X is set (SDM Vol. 3C 29.3.2);
 * a non-leaf entry grants everything and leaves the decision to the leaf.
 * Bit 7 of a PDE/PDPTE makes a 2 MiB/1 GiB page: used for device space only. */
const struct pt_format ept_format = {
	.name = "EPT",
	.table_flags = EPT_RWX,
	.present_mask = EPT_RWX,
	.leaf_large_bit = EPT_LARGE_PAGE,
};

struct ept_device_plan ept_device_plan(u64 ept_vpid_cap, u32 maxphyaddr, u64 top_of_map)
{
	struct ept_device_plan p = {0, 0};
	u64 top_of_map_gib = ALIGN_UP(top_of_map, GiB);

	/* A 4-level EPT translates 48 bits (SDM Vol. 3C 29.3.2); CPUID
	 * 80000008H reports less on most CPUs. */
	if (maxphyaddr == 0 || maxphyaddr > 48)
		maxphyaddr = 48;
	if (ept_vpid_cap & VMX_EPT_2MB_PAGES)
		p.sizes |= PT_PAGES_2M;
	if (ept_vpid_cap & VMX_EPT_1GB_PAGES) {
		/* 1 GiB leaves: all of it, at most 2 MiB of PDPTs (48 bits). */
		p.sizes |= PT_PAGES_1G;
		p.top = 1ULL << maxphyaddr;
	} else {
		/* 2 MiB leaves: 4 KiB of tables per GiB, so stop at 64 GiB or
		 * the top of the firmware's map; beyond it pages are mapped on
		 * first touch (ept_map_device_page). */
		p.top = MIN(1ULL << maxphyaddr, MAX(64 * GiB, top_of_map_gib));
	}
	return p;
}

u64 ept_next_gap(const struct mem_range *map, u32 n, u64 from, u64 top, u64 *gap_end)
{
	for (;;) {
		u64 next = top;
		bool moved = false;

		if (from >= top)
			return top;
		for (u32 i = 0; i < n; i++) {
			if (!mem_type_is_ram(map[i].type))
				continue;
			if (map[i].start <= from && from < map[i].end) {
				from = map[i].end; /* inside RAM: skip past it */
				moved = true;
			} else if (map[i].start > from && map[i].start < next) {
				next = map[i].start;
			}
		}
		if (moved)
			continue;
		*gap_end = next;
		return from;
	}
}

/* Memory types EPT can carry (SDM Vol. 3C 29.3.7: 0 UC, 1 WC, 4 WT, 5 WP,
 * 6 WB); the fixed MTRRs use the same numbers (Vol. 3A Table 13-8). */
static bool ept_memtype_valid(u8 t)
{
	return t == 0 || t == 1 || t == 4 || t == 5 || t == 6;
}

void mtrr_fixed_types(const u64 fix[MTRR_FIXED_MSRS], u8 types[MTRR_LOW_PAGES])
{
	/* SDM Vol. 3A 13.11.2.2: byte k of FIX64K_00000 covers 64 KiB at
	 * k * 64 KiB; of FIX16K_80000/A0000 16 KiB from 0x80000/0xA0000; of
	 * FIX4K_C0000 .. F8000 4 KiB from 0xC0000 on. */
	for (u32 page = 0; page < MTRR_LOW_PAGES; page++) {
		u64 a = (u64)page * PAGE_SIZE;
		u32 msr, byte;

		if (a < 0x80000) {
			msr = 0;
			byte = (u32)(a / 0x10000);
		} else if (a < 0xC0000) {
			msr = 1 + (u32)((a - 0x80000) / 0x20000);
			byte = (u32)((a - 0x80000) % 0x20000 / 0x4000);
		} else {
			msr = 3 + (u32)((a - 0xC0000) / 0x8000);
			byte = (u32)((a - 0xC0000) % 0x8000 / 0x1000);
		}
		types[page] = (u8)(fix[msr] >> (8 * byte));
		if (!ept_memtype_valid(types[page]))
			types[page] = VMX_MEMTYPE_UC;
	}
}

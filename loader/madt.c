// SPDX-License-Identifier: MIT
/*
 * madt.c - the guest's view of the CPUs (see include/loader/madt.h).
 */
#include "loader/madt.h"
#include "acpi/acpi.h"
#include "boot/machine.h"
#include "mm/memory.h"

void madt_hide_cpus(const struct machine *m, const u32 *keep_ids, u32 nr_keep)
{
	u64 pa;
	u8 *t;
	u32 len;

	if (!m->rsdp || acpi_find_table(m->rsdp, m->rsdp_len, "APIC", acpi_map_firmware, NULL, &pa))
		return;
	t = host_map_writable(pa, 8);
	if (!t)
		return;
	len = (u32)t[4] | (u32)t[5] << 8 | (u32)t[6] << 16 | (u32)t[7] << 24;
	t = host_map_writable(pa, len);
	if (!t || len < 44)
		return;
	for (u32 off = 44; off + 2 <= len && t[off + 1] >= 2 && off + t[off + 1] <= len;
	     off += t[off + 1]) {
		u32 id, flags_at;
		bool keep = false;

		if (t[off] == 0 && t[off + 1] >= 8) { /* local APIC */
			id = t[off + 3];
			flags_at = off + 4;
		} else if (t[off] == 9 && t[off + 1] >= 16) { /* local x2APIC */
			id = (u32)t[off + 4] | (u32)t[off + 5] << 8 | (u32)t[off + 6] << 16 |
			     (u32)t[off + 7] << 24;
			flags_at = off + 8;
		} else {
			continue;
		}
		for (u32 c = 0; c < nr_keep; c++)
			keep |= keep_ids[c] == id;
		if (!keep)
			t[flags_at] &= (u8)~3u;
	}
	t[9] = 0;
	u8 sum = 0;

	for (u32 i = 0; i < len; i++)
		sum = (u8)(sum + t[i]);
	t[9] = (u8)-sum;
}

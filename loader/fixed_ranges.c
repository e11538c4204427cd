// SPDX-License-Identifier: MIT
/*
 * fixed_ranges.c - the guest's fixed addresses, checked before they are
 * written (see include/loader/fixed_ranges.h).
 */
#include "loader/fixed_ranges.h"
#include "boot/machine.h"
#include "lib/panic.h"
#include "mm/memory.h"

void guest_low_memory_check(const struct machine *m, u64 start, u64 end, const char *what)
{
	const char *why = machine_range_unusable(m, start, end);

	if (why)
		fatal(HV_EXIT_BAD_BOOT_INFO,
		      "cannot put %s at %#llx-%#llx: %s; thinvisor's guest needs that low "
		      "memory (boot with loglevel=debug to see the memory map and report it)",
		      what, (unsigned long long)start, (unsigned long long)end, why);
}

const char *guest_fixed_range_why(const struct machine *m, u64 start, u64 end)
{
	const struct mem_span *hv;
	const char *why;
	u32 nr_hv;

	if (start < 1 * MiB)
		return "it overlaps the guest's boot structures below 1 MiB";
	if (!machine_range_is_ram(m, start, end))
		return "that is not usable RAM in the firmware's memory map";
	hv = hv_memory_ranges(&nr_hv);
	for (u32 i = 0; i < nr_hv; i++)
		if (start < hv[i].end && hv[i].start < end)
			return "thinvisor itself is there";
	/* GRUB's data was moved off the kernel's range (guest_make_room) */
	why = machine_range_unusable(m, start, end);
	return why ? why : "it is not free RAM";
}

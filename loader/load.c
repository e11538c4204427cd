// SPDX-License-Identifier: MIT
/*
 * load.c - which loader the guest module needs (see include/loader/load.h).
 */
#include "loader/load.h"
#include "loader/linux.h"
#include "loader/mbguest.h"
#include "loader/mbload.h"
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

void guest_load(struct vcpu *v, const struct machine *m)
{
	const struct boot_module *k = &m->modules[0];
	enum guest_format fmt;

	if (!m->nr_modules)
		fatal(HV_EXIT_BAD_GUEST_IMAGE,
		      "no guest kernel: GRUB loaded no module; add 'module2 /boot/bzImage "
		      "console=ttyS0' after the multiboot2 line, or boot with guest=selftest");
	fmt = guest_detect(phys_to_virt(k->start), k->end - k->start);
	if (fmt == GUEST_FMT_MULTIBOOT1 || fmt == GUEST_FMT_MULTIBOOT2)
		multiboot_load(v, m, fmt);
	else if (fmt == GUEST_FMT_BZIMAGE)
		linux_load(v, m);
	else
		fatal(HV_EXIT_BAD_GUEST_IMAGE,
		      "the guest kernel (first module, %llu bytes, command line '%s') is not a "
		      "Linux bzImage nor a multiboot1/multiboot2 kernel; give GRUB's first module2 "
		      "a kernel",
		      (unsigned long long)(k->end - k->start), k->string);
}

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

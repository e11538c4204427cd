/* SPDX-License-Identifier: MIT */
/*
 * load.h - load the guest that GRUB's first module holds.
 *
 * Contract: the format is read from the module's content, never its name
 * (loader/mbguest.c, guest_detect): a Linux bzImage goes to linux_load(),
 * a multiboot1 or multiboot2 ELF kernel to multiboot_load().  No module, or
 * one of no known format, stops with a line saying what to give GRUB.
 * Call it after memory_freeze(): the guest's e820 reserves what the
 * hypervisor owns.
 */
#ifndef THINVISOR_LOADER_LOAD_H
#define THINVISOR_LOADER_LOAD_H

#include "vmx/vcpu.h"

struct machine;

void guest_load(struct vcpu *v, const struct machine *m);

/* Stop with a line saying why if the low range [start, end), where `what`
 * goes, is not usable RAM or still holds GRUB's information or a module
 * (machine_range_unusable). */
void guest_low_memory_check(const struct machine *m, u64 start, u64 end, const char *what);

/*
 * Why the guest kernel cannot be loaded at its fixed range [start, end),
 * for the fatal line: not RAM in the firmware's map, thinvisor's own
 * memory, or below 1 MiB.  GRUB's data is no longer a reason: it was
 * moved before (guest_make_room).  Never NULL.
 */
const char *guest_fixed_range_why(const struct machine *m, u64 start, u64 end);

#endif

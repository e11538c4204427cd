/* SPDX-License-Identifier: MIT */
/*
 * fixed_ranges.h - the places a guest must be written to, whatever else is
 * there: the boot structures below 1 MiB and a kernel that cannot be
 * relocated.  Shared by every loader.
 */
#ifndef THINVISOR_LOADER_FIXED_RANGES_H
#define THINVISOR_LOADER_FIXED_RANGES_H

#include "types.h"

struct machine;

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

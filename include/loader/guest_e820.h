/* SPDX-License-Identifier: MIT */
/*
 * guest_e820.h - the memory map every guest is given.
 *
 * Contract: after memory_freeze(), guest_e820() writes the firmware's map
 * with each hypervisor-owned range (hv_memory_ranges()) reserved, at most
 * E820_MAX_ENTRIES_ZEROPAGE entries, and returns their count; a map that
 * needs more stops with a clear line.
 */
#ifndef THINVISOR_LOADER_GUEST_E820_H
#define THINVISOR_LOADER_GUEST_E820_H

#include "types.h"
#include "loader/bootparam.h"

struct machine;

u32 guest_e820(const struct machine *m, struct boot_e820_entry *out);

#endif

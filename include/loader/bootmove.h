/* SPDX-License-Identifier: MIT */
/*
 * bootmove.h - where to copy GRUB's boot data that lies where the guest
 * must be loaded.
 *
 * GRUB places multiboot2 modules and its information block low, often
 * from 1 MiB up (Multiboot2 Specification 3.6.6 leaves their place to the
 * boot loader), which is exactly where a kernel that cannot be relocated
 * must sit: a bzImage at its pref_address (Documentation/arch/x86/boot.rst,
 * "relocatable_kernel", "pref_address"), a multiboot kernel at the
 * physical addresses of its segments (Multiboot Specification 0.6.96, 3.1.3;
 * Multiboot2 3.1.5).  As Xen does, thinvisor copies such data elsewhere
 * before it places the guest, instead of refusing the kernel.
 *
 * Contract: pure, no I/O.  items[] are the ranges of GRUB's data (the
 * information block and the modules), wanted[] the ranges the guest will
 * be loaded at, free[] memory that holds none of the items and that
 * nothing else will use (the frame pool before its first allocation).
 * An item moves when it overlaps a wanted range; it goes to the highest
 * page-aligned address of free[] below `limit` where it overlaps no wanted
 * range and no other copy, so copies pile up at the top of RAM, far from
 * the low addresses kernels want.  Empty items never move.
 */
#ifndef THINVISOR_LOADER_BOOTMOVE_H
#define THINVISOR_LOADER_BOOTMOVE_H

#include "types.h"
#include "multiboot2.h"

/* the information block and every module GRUB can hand over */
#define BOOTMOVE_MAX_ITEMS (MB2_MAX_MODULES + 1)
#define BOOTMOVE_NO_ROOM   (-1) /* *bad = the item that found no place */

/*
 * dest[i] = the new start of items[i], or items[i].start when it stays.
 * Returns how many items move, or BOOTMOVE_NO_ROOM.
 */
int boot_move_plan(const struct mem_span *items, u32 nr_items, const struct mem_span *wanted,
		   u32 nr_wanted, const struct mem_span *free, u32 nr_free, u64 limit, u64 *dest,
		   u32 *bad);

/* Index of the first of wanted[] that [start, end) overlaps, or -1. */
int boot_move_conflict(u64 start, u64 end, const struct mem_span *wanted, u32 nr_wanted);

#endif

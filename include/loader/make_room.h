/* SPDX-License-Identifier: MIT */
/*
 * make_room.h - copy GRUB's boot data out of the guest's way before the
 * guest is placed (the plan is loader/bootmove.c's).
 *
 * Contract: call once, after memory_init() and before the first frame is
 * allocated, with the machine the later steps read.  When GRUB's
 * information block or a module overlaps the guest's boot structures below
 * 1 MiB or the fixed load range of the guest kernel (a bzImage that is not
 * relocatable, a multiboot kernel's segments; only when kernel_from_module,
 * i.e. the guest is the first module), it is copied high into free RAM and
 * the machine is updated to describe the copy.  Copies are set aside from
 * the frame pool but stay the guest's RAM: never hidden from the EPT, and
 * usable RAM in its e820 as GRUB's originals were, because the guest is
 * told where they are (the initrd in the zero page, modules in the
 * multiboot information) and reads them from there.
 */
#ifndef THINVISOR_LOADER_MAKE_ROOM_H
#define THINVISOR_LOADER_MAKE_ROOM_H

#include "types.h"

struct machine;

void guest_make_room(struct machine *m, bool kernel_from_module);

#endif

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

#endif

/* SPDX-License-Identifier: MIT */
/*
 * mbload.h - boot a multiboot1 or multiboot2 ELF kernel as the guest.
 *
 * Contract: the first module is such a kernel (guest_detect said which).
 * multiboot_load() copies its segments where its header or ELF program
 * headers say, builds the information structure at MB_INFO_ADDR (memory
 * map with the hypervisor reserved, command line, the further modules),
 * and starts the vCPU in 32-bit protected mode with the magic in EAX, as
 * each specification requires.  A segment outside free RAM stops with a
 * line naming it.  The rules are pure code in loader/mbguest.c.
 */
#ifndef THINVISOR_LOADER_MBLOAD_H
#define THINVISOR_LOADER_MBLOAD_H

#include "types.h"
#include "vmx/vcpu.h"

/* Where the multiboot information structure goes, and its room. */
#define MB_INFO_ADDR 0x10000
#define MB_INFO_MAX  0x10000

struct machine;

void multiboot_load(struct vcpu *v, const struct machine *m, int fmt);

#endif

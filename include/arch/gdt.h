/* SPDX-License-Identifier: MIT */
/*
 * gdt.h - the hypervisor's GDT and TSS.
 *
 * VMX needs a usable host TR: VM exits load TR from the VMCS host-state
 * selector, which may not be zero (SDM Vol. 3C 27.2.3, "Checks on Host
 * Segment and Descriptor-Table Registers"), so even a hypervisor that never
 * changes privilege level has a TSS.  Its IST stacks give #DF, NMI and #MC
 * a known-good stack.
 */
#ifndef THINVISOR_ARCH_GDT_H
#define THINVISOR_ARCH_GDT_H

#include "types.h"

#define GDT_SEL_CODE 0x08
#define GDT_SEL_DATA 0x10
#define GDT_SEL_TSS  0x18

#define IST_DF	1
#define IST_NMI 2
#define IST_MC	3

/* Load CPU cpu's GDT, reload the segment registers, load its TR. */
void gdt_init(u32 cpu);
/* The running CPU's TSS (needs percpu_init). */
u64 tss_base(void);

#endif

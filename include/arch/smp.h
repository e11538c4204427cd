/* SPDX-License-Identifier: MIT */
/*
 * smp.h - every CPU the firmware reports, under the hypervisor.
 *
 * smp_start() finds the CPUs in the ACPI MADT and starts each application
 * processor itself (INIT-SIPI-SIPI through the local APIC, in xAPIC or
 * x2APIC mode as the firmware left it, SDM Vol. 3A 9.4.4, with a real-mode
 * trampoline at TRAMPOLINE_ADDR).  Each AP enters long mode on the
 * hypervisor's tables and VMX root operation, where INIT is blocked, with
 * its own stack, GDT/TSS, VMXON region and VMCS, all sharing the one EPT.
 * The first max_virtualised CPUs (all by default; cpus=N on the command
 * line) then run `entry`: their vCPUs wait in VMX root for the guest's
 * virtual SIPI (devices/lapic.c), so the guest starts them exactly as on
 * bare metal while no physical INIT ever reaches a CPU in VMX non-root
 * operation.  The others stay halted in VMX root ("parked"), are hidden
 * from the guest's MADT, and can never be targets of the guest's IPIs.
 */
#ifndef THINVISOR_ARCH_SMP_H
#define THINVISOR_ARCH_SMP_H

#include "types.h"

/* Below 1 MiB, 4 KiB aligned (a SIPI vector is a page number); reserved in
 * the Linux guest's e820. */
#define TRAMPOLINE_ADDR 0x9000

/* What a virtualised AP runs once it is in VMX root operation: set up
 * its vCPU and run the guest on it.  Never returns. */
typedef void __noreturn (*ap_entry_fn)(u32 index);

/* Start every enabled CPU of the MADT (rsdp NULL: none); the first
 * max_virtualised (0: all) run entry, the rest park.  The
 * trampoline is claimed as the hypervisor's (memory_claim) while any AP
 * runs a guest vCPU. */
void smp_start(const void *rsdp, u32 rsdp_len, u32 max_virtualised, ap_entry_fn entry);

/* CPUs that run a guest vCPU (the boot CPU included). */
u32 smp_nr_virtualised(void);

#endif

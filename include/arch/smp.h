/* SPDX-License-Identifier: MIT */
/*
 * smp.h - every CPU the firmware reports, under the hypervisor.
 *
 * smp_start() finds the CPUs in the ACPI MADT and starts each application
 * processor itself (INIT-SIPI-SIPI through the local APIC, SDM Vol. 3A
 * 9.4.4, with a real-mode trampoline at TRAMPOLINE_ADDR).  Each AP enters
 * long mode on the hypervisor's tables and VMX root operation with its own
 * stack, GDT/TSS, VMXON region and VMCS, all sharing the one EPT; its vCPU
 * is left in the wait-for-SIPI activity state (SDM Vol. 3C 25.4.2), so the
 * guest starts it exactly as on bare metal: the INIT and SIPIs the guest's
 * BSP sends arrive as INIT and SIPI VM exits (vmexit/init_sipi.c).
 * With cpus=N the CPUs past the N-th are started too but stay halted in
 * VMX root operation, where INIT is blocked ("parked"): left to the
 * firmware, a guest INIT-SIPI-SIPI would run them outside VMX, out of the
 * hypervisor's control.  Their MADT entries are marked disabled, so the
 * guest does not try.
 *
 * Without cpus= only the boot CPU is virtualised: the INIT/SIPI path is
 * written to the SDM but could not be proven here.  Bochs 2.7 keeps an INIT
 * pending after the INIT VM exit it caused (it clears it only on a CPU
 * reset), so a vCPU started by the guest's INIT-SIPI-SIPI takes INIT exits
 * forever; real CPUs consume the INIT with the exit.  cpus=N opts in.
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
 * max_virtualised (0: the boot CPU only) run entry, the rest park.  The
 * trampoline is claimed as the hypervisor's (memory_claim) while any AP
 * runs a guest vCPU. */
void smp_start(const void *rsdp, u32 rsdp_len, u32 max_virtualised, ap_entry_fn entry);

/* CPUs that run a guest vCPU (the boot CPU included). */
u32 smp_nr_virtualised(void);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * vmexit/cpuid_policy.h - what a guest CPUID returns.
 *
 * Contract: a pure function from the host's CPUID result to the guest's; the
 * caller executes CPUID on the host and writes the result to the guest's
 * registers. CPUID always exits in VMX non-root operation (SDM Vol. 3C,
 * "Instructions That Cause VM Exits Unconditionally"). Leaf layouts: SDM
 * Vol. 2A, "CPUID-CPU Identification".
 */
#ifndef THINVISOR_VMEXIT_CPUID_POLICY_H
#define THINVISOR_VMEXIT_CPUID_POLICY_H

#include "types.h"

struct cpuid_regs {
	u32 eax, ebx, ecx, edx;
};

/* 12 bytes returned in EBX, ECX, EDX of leaf 0x40000000, in that order. */
#define THINVISOR_CPUID_SIGNATURE "thinvisor\0\0\0"
/* Leaf 0x40000002: the calling vCPU's exit counters (filled by
 * vmexit/cpuid.c, zero in the policy): EAX CPUID exits, EBX RDMSR exits,
 * ECX I/O exits, EDX all exits, each the low 32 bits.  The guest's soak
 * test compares them with the work it did. */
#define THINVISOR_CPUID_LEAF_COUNTERS 0x40000002u
/* Leaf 0x40000010: EAX = TSC kHz, EBX = local APIC timer kHz (the
 * VMware/ACRN "timing information" leaf), filled by vmexit/cpuid.c. */
#define THINVISOR_CPUID_LEAF_TIMING 0x40000010u
#define THINVISOR_CPUID_MAX_LEAF    THINVISOR_CPUID_LEAF_TIMING

/*
 * `hw` is what CPUID returned on the host for (leaf, subleaf); guest_cr4 is
 * the guest's CR4, needed for CPUID.1:ECX.OSXSAVE and CPUID.7.0:ECX.OSPKE,
 * which the hardware reports from the current (the hypervisor's) CR4.
 * Returns what the guest must see:
 *  - leaf 1: VMX and SMX clear, HYPERVISOR set, OSXSAVE = XSAVE && guest CR4.OSXSAVE;
 *  - leaf 7 subleaf 0: OSPKE = PKU && guest CR4.PKE;
 *  - leaf 0x40000000: EAX = THINVISOR_CPUID_MAX_LEAF, EBX:ECX:EDX = signature;
 *  - leaves 0x40000001..0x4FFFFFFF: all zero (no features; 0x40000002 is
 *    filled with exit counters by the CPUID exit handler);
 *  - every other leaf: hw unchanged.
 */
struct cpuid_regs cpuid_policy(u32 leaf, u32 subleaf, struct cpuid_regs hw, u64 guest_cr4);

/*
 * Instructions that VMX non-root operation turns into #UD unless a
 * secondary control enables them (SDM Vol. 3C 26.3, "Changes to
 * Instruction Behavior in VMX Non-Root Operation"): the guest must not be
 * told it has them when `proc2` (the secondary controls in force) lacks
 * that control.  RDTSCP and RDPID need "enable RDTSCP"; INVPCID "enable
 * INVPCID"; XSAVES/XRSTORS "enable XSAVES/XRSTORS"; UMONITOR, UMWAIT and
 * TPAUSE "enable user wait and pause".  Pure; applied after cpuid_policy.
 */
struct cpuid_regs cpuid_hide_disabled(u32 leaf, u32 subleaf, struct cpuid_regs r, u32 proc2);

#endif

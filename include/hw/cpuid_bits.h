/* SPDX-License-Identifier: MIT */
/*
 * hw/cpuid_bits.h - CPUID leaf numbers and feature bits thinvisor reads or edits.
 *
 * Contract: constants only, no code. Leaves and bit positions follow the
 * Intel SDM Vol. 2A, "CPUID-CPU Identification" (Table 3-8 "Information
 * Returned by CPUID Instruction", Tables 3-10/3-11 "Feature Information").
 * Bits are given as BIT(n); they apply to the 32-bit register named in the
 * macro, CPUID_<leaf>_<register>_<feature>.
 */
#ifndef THINVISOR_HW_CPUID_BITS_H
#define THINVISOR_HW_CPUID_BITS_H

#include "types.h"

#define CPUID_LEAF_FEATURES	0x00000001u /* version and feature information */
#define CPUID_LEAF_EXT_FEATURES 0x00000007u /* structured extended features, subleaf 0 */
#define CPUID_LEAF_EXT_INFO	0x80000001u /* extended processor signature and features */

/*
 * SDM Vol. 2A CPUID: "No existing or future CPU will return processor
 * identification or feature information if the initial EAX value is in the
 * range 40000000H to 4FFFFFFFH", so hypervisors report themselves there.
 */
#define CPUID_LEAF_HYPERVISOR_BASE 0x40000000u
#define CPUID_LEAF_HYPERVISOR_LAST 0x4FFFFFFFu

/* Leaf 1, ECX (Table 3-10). */
#define CPUID_1_ECX_MONITOR BIT(3) /* MONITOR/MWAIT */
#define CPUID_1_ECX_VMX	    BIT(5)
#define CPUID_1_ECX_SMX	    BIT(6)
#define CPUID_1_ECX_XSAVE   BIT(26)
#define CPUID_1_ECX_OSXSAVE BIT(27) /* reflects CR4.OSXSAVE of the running context */
/* The SDM marks bit 31 "not used, always 0"; hypervisors set it to say
 * "running under a hypervisor" (the convention KVM, Xen and Hyper-V share). */
#define CPUID_1_ECX_HYPERVISOR BIT(31)

/* Leaf 1, EDX (Table 3-11). */
#define CPUID_1_EDX_APIC BIT(9)
#define CPUID_1_EDX_MTRR BIT(12)
#define CPUID_1_EDX_PAT	 BIT(16)

/* Leaf 7 subleaf 0, EBX. */
#define CPUID_7_EBX_FSGSBASE BIT(0)
#define CPUID_7_EBX_SMEP     BIT(7)
#define CPUID_7_EBX_INVPCID  BIT(10)
#define CPUID_7_EBX_SMAP     BIT(20)

/* Leaf 7 subleaf 0, ECX. */
#define CPUID_7_ECX_WAITPKG BIT(5) /* UMONITOR, UMWAIT, TPAUSE */
#define CPUID_7_ECX_RDPID   BIT(22)
#define CPUID_7_ECX_PKU	    BIT(3)
#define CPUID_7_ECX_OSPKE   BIT(4) /* reflects CR4.PKE of the running context */

/* Leaf 0x80000001, EDX. */
#define CPUID_80000001_EDX_RDTSCP BIT(27)
/* Leaf 0DH subleaf 1 EAX (SDM Vol. 2A, "Processor Extended State Enumeration"). */
#define CPUID_LEAF_XSAVE      0x0000000Du
#define CPUID_D_1_EAX_XSAVES  BIT(3)
#define CPUID_80000001_EDX_NX BIT(20)
#define CPUID_80000001_EDX_LM BIT(29)

#endif

// SPDX-License-Identifier: MIT
/*
 * cpuid.c - CPUID exits (unconditional in VMX non-root, SDM Vol. 3C 26.1.2):
 * run CPUID on the host for the guest's leaf and subleaf, then let the one
 * policy (vmexit/cpuid_policy.c) decide what the guest sees.
 */
#include "vmexit/cpuid.h"
#include "vmexit/complete.h"
#include "vmexit/cpuid_policy.h"
#include "vmx/vmcs_access.h"
#include "vmx/vmx.h"
#include "arch/cpu.h"
#include "arch/tsc.h"
#include "hw/vmcs.h"
#include "hw/cpuid_bits.h"

void handle_cpuid(struct vcpu *v, u64 q)
{
	u32 leaf = (u32)v->regs.rax, subleaf = (u32)v->regs.rcx;
	struct cpuid_out hw = cpuid(leaf, subleaf);
	struct cpuid_regs r = {hw.eax, hw.ebx, hw.ecx, hw.edx};

	(void)q;
	/* The guest's CR4 matters to leaves 1 (OSXSAVE) and 7 (OSPKE) only:
	 * one VMREAD saved on every other leaf. */
	r = cpuid_policy(leaf, subleaf, r,
			 leaf == CPUID_LEAF_FEATURES || leaf == CPUID_LEAF_EXT_FEATURES
				 ? vmread(VMCS_GUEST_CR4)
				 : 0);
	r = cpuid_hide_disabled(leaf, subleaf, r, vmx_ctls.proc2);
	if (leaf == THINVISOR_CPUID_LEAF_COUNTERS) {
		r.eax = (u32)v->exits[EXIT_REASON_CPUID];
		r.ebx = (u32)v->exits[EXIT_REASON_RDMSR];
		r.ecx = (u32)v->exits[EXIT_REASON_IO_INSTRUCTION];
		r.edx = (u32)v->exits_total;
	} else if (leaf == THINVISOR_CPUID_LEAF_TIMING) {
		r.eax = tsc_info.tsc_khz;
		r.ebx = tsc_info.apic_khz;
	}
	/* CPUID writes the 32-bit registers, zeroing bits 63:32. */
	v->regs.rax = r.eax;
	v->regs.rbx = r.ebx;
	v->regs.rcx = r.ecx;
	v->regs.rdx = r.edx;
	vcpu_complete_instruction(v);
}

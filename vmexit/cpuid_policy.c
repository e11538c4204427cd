// SPDX-License-Identifier: MIT
/*
 * CPUID policy: hide VMX/SMX, announce thinvisor, and make the two
 * CR4-mirroring bits follow the guest's CR4 instead of the host's.
 */
#include "vmexit/cpuid_policy.h"
#include "hw/cpuid_bits.h"
#include "hw/x86.h"
#include "hw/vmx.h"

/* Four signature bytes starting at `at`, little-endian as CPUID returns them. */
static u32 signature_word(unsigned int at)
{
	static const char sig[] = THINVISOR_CPUID_SIGNATURE;
	u32 w = 0;
	unsigned int i;

	_Static_assert(sizeof(sig) >= 12, "signature must fill EBX, ECX, EDX");
	for (i = 0; i < 4; i++)
		w |= (u32)(u8)sig[at + i] << (8 * i);
	return w;
}

/* Sets or clears `bit` in *reg. */
static void assign_bit(u32 *reg, u64 bit, bool on)
{
	if (on)
		*reg |= (u32)bit;
	else
		*reg &= ~(u32)bit;
}

struct cpuid_regs cpuid_policy(u32 leaf, u32 subleaf, struct cpuid_regs hw, u64 guest_cr4)
{
	struct cpuid_regs r = hw;
	const struct cpuid_regs zero = {0, 0, 0, 0};

	if (leaf == CPUID_LEAF_FEATURES) {
		/* The guest gets no VMX (the capability MSRs #GP, see
		 * msr/policy.c) and no SMX: GETSEC would exit unconditionally. */
		r.ecx &= ~(u32)(CPUID_1_ECX_VMX | CPUID_1_ECX_SMX);
		r.ecx |= (u32)CPUID_1_ECX_HYPERVISOR;
		/* OSXSAVE "reflects the setting of CR4.OSXSAVE" (Table 3-10). */
		assign_bit(&r.ecx, CPUID_1_ECX_OSXSAVE,
			   (hw.ecx & CPUID_1_ECX_XSAVE) && (guest_cr4 & X86_CR4_OSXSAVE));
	} else if (leaf == CPUID_LEAF_EXT_FEATURES && subleaf == 0) {
		/* OSPKE: "If 1, OS has set CR4.PKE to enable protection keys". */
		assign_bit(&r.ecx, CPUID_7_ECX_OSPKE,
			   (hw.ecx & CPUID_7_ECX_PKU) && (guest_cr4 & X86_CR4_PKE));
	} else if (leaf == CPUID_LEAF_HYPERVISOR_BASE) {
		r.eax = THINVISOR_CPUID_MAX_LEAF;
		r.ebx = signature_word(0);
		r.ecx = signature_word(4);
		r.edx = signature_word(8);
	} else if (leaf > CPUID_LEAF_HYPERVISOR_BASE && leaf <= CPUID_LEAF_HYPERVISOR_LAST) {
		/* 0x40000001: no features yet; above the max leaf: nothing. */
		r = zero;
	}
	return r;
}

struct cpuid_regs cpuid_hide_disabled(u32 leaf, u32 subleaf, struct cpuid_regs r, u32 proc2)
{
	if (leaf == CPUID_LEAF_EXT_FEATURES && subleaf == 0) {
		if (!(proc2 & SECONDARY_ENABLE_INVPCID))
			r.ebx &= ~CPUID_7_EBX_INVPCID;
		if (!(proc2 & SECONDARY_ENABLE_RDTSCP))
			r.ecx &= ~CPUID_7_ECX_RDPID;
		if (!(proc2 & SECONDARY_ENABLE_USER_WAIT_PAUSE))
			r.ecx &= ~CPUID_7_ECX_WAITPKG;
	} else if (leaf == CPUID_LEAF_EXT_INFO) {
		if (!(proc2 & SECONDARY_ENABLE_RDTSCP))
			r.edx &= ~CPUID_80000001_EDX_RDTSCP;
	} else if (leaf == CPUID_LEAF_XSAVE && subleaf == 1) {
		if (!(proc2 & SECONDARY_ENABLE_XSAVES_XRSTORS))
			r.eax &= ~CPUID_D_1_EAX_XSAVES;
	}
	return r;
}

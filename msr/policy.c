// SPDX-License-Identifier: MIT
/*
 * The MSR policy table and the MSR bitmap derived from it.
 *
 * thinvisor passes almost every MSR straight through; it hides only what a
 * guest without VMX and without MTRRs must not see. MSR numbers: Intel SDM
 * Vol. 4, Table 2-2 "IA-32 Architectural MSRs".
 */
#include "msr/policy.h"
#include "hw/msr.h"

/*
 * First match wins. Specific rules come first, sorted by MSR number and not
 * overlapping; the four catch-all rules after them partition the whole
 * 32-bit MSR space, so every lookup ends in some rule.
 */
static const struct msr_rule msr_rules[] = {
	/*
	 * IA32_FEATURE_CONTROL: the guest sees it locked with VMX disabled,
	 * matching CPUID.1:ECX.VMX = 0. Once the lock bit is set "WRMSR to
	 * this MSR will cause a general-protection exception" (SDM Vol. 3C,
	 * "Enabling and Entering VMX Operation"), so writes #GP.
	 */
	{IA32_FEATURE_CONTROL, IA32_FEATURE_CONTROL, MSR_EMULATE, MSR_GP, "IA32_FEATURE_CONTROL"},
	/*
	 * MTRR MSRs read as zero: Linux then treats MTRRs as absent. MTRRCAP
	 * is read-only on hardware (SDM Vol. 3A "MTRR Feature Identification"),
	 * so a write #GPs as it would there; VCNT = 0 means no variable pairs.
	 */
	{IA32_MTRRCAP, IA32_MTRRCAP, MSR_ZERO_IGNORE, MSR_GP, "IA32_MTRRCAP"},
	/* Variable-range pairs PHYSBASEn/PHYSMASKn (SDM Vol. 3A "Variable
	 * Range MTRRs"); ignored writes keep the host's memory types intact. */
	{IA32_MTRR_PHYSBASE0, IA32_MTRR_VAR_LAST, MSR_ZERO_IGNORE, MSR_ZERO_IGNORE,
	 "IA32_MTRR_PHYSBASE/PHYSMASK"},
	/* Fixed-range MTRRs (SDM Vol. 3A "Fixed Range MTRRs"). */
	{IA32_MTRR_FIX64K_00000, IA32_MTRR_FIX64K_00000, MSR_ZERO_IGNORE, MSR_ZERO_IGNORE,
	 "IA32_MTRR_FIX64K_00000"},
	{IA32_MTRR_FIX16K_80000, IA32_MTRR_FIX16K_A0000, MSR_ZERO_IGNORE, MSR_ZERO_IGNORE,
	 "IA32_MTRR_FIX16K"},
	{IA32_MTRR_FIX4K_C0000, IA32_MTRR_FIX4K_F8000, MSR_ZERO_IGNORE, MSR_ZERO_IGNORE,
	 "IA32_MTRR_FIX4K"},
	/* IA32_PAT (0x277) is not listed: it passes through. DEF_TYPE reading
	 * 0 says "MTRRs disabled" (SDM Vol. 3A "IA32_MTRR_DEF_TYPE MSR"). */
	{IA32_MTRR_DEF_TYPE, IA32_MTRR_DEF_TYPE, MSR_ZERO_IGNORE, MSR_ZERO_IGNORE,
	 "IA32_MTRR_DEF_TYPE"},
	/*
	 * VMX capability MSRs exist only "if CPUID.01H:ECX.[5] = 1" (SDM
	 * Vol. 4 Table 2-2) and are read-only; the guest's CPUID has VMX
	 * clear, so both directions #GP as on a CPU without VMX.
	 */
	{IA32_VMX_FIRST, IA32_VMX_LAST, MSR_GP, MSR_GP, "IA32_VMX_*"},
	/*
	 * The x2APIC ICR: a write sends an IPI (SDM Vol. 3A 11.12.9).  INIT
	 * and SIPI to a vCPU must never reach its physical CPU, so writes go
	 * to devices/lapic.c; reads and every other x2APIC register pass.
	 */
	{IA32_X2APIC_ICR, IA32_X2APIC_ICR, MSR_PASS, MSR_DEVICE, "IA32_X2APIC_ICR"},

	/* Catch-alls, in this order, covering 0..0xFFFFFFFF. */
	{MSR_BITMAP_LOW_FIRST, MSR_BITMAP_LOW_LAST, MSR_PASS, MSR_PASS, "low MSR (pass-through)"},
	/* Outside the bitmap ranges every access exits (SDM Vol. 3C "RDMSR",
	 * "WRMSR" in "Instructions That Cause VM Exits Conditionally"). */
	{MSR_BITMAP_LOW_LAST + 1, MSR_BITMAP_HIGH_FIRST - 1, MSR_HARDWARE, MSR_HARDWARE,
	 "MSR outside the bitmap"},
	{MSR_BITMAP_HIGH_FIRST, MSR_BITMAP_HIGH_LAST, MSR_PASS, MSR_PASS,
	 "high MSR (pass-through)"},
	{MSR_BITMAP_HIGH_LAST + 1, 0xFFFFFFFFu, MSR_HARDWARE, MSR_HARDWARE,
	 "MSR outside the bitmap"},
};

const struct msr_rule *msr_rule_find(u32 msr)
{
	size_t i;

	/* The last rule ends at 0xFFFFFFFF and the catch-alls before it cover
	 * the rest, so the loop never falls through except on that rule. */
	for (i = 0; i + 1 < ARRAY_SIZE(msr_rules); i++) {
		if (msr >= msr_rules[i].first && msr <= msr_rules[i].last)
			return &msr_rules[i];
	}
	return &msr_rules[ARRAY_SIZE(msr_rules) - 1];
}

enum msr_action msr_policy(u32 msr, bool write)
{
	const struct msr_rule *rule = msr_rule_find(msr);

	return write ? rule->write : rule->read;
}

u64 msr_emulated_read(u32 msr)
{
	/* Locked with both VMX enables clear: VMXON would #GP, as the guest's
	 * CPUID (VMX = 0) promises. */
	if (msr == IA32_FEATURE_CONTROL)
		return IA32_FEATURE_CONTROL_LOCK;
	return 0;
}

/*
 * Locates the bitmap bit of an access (SDM Vol. 3C "MSR-Bitmap Address").
 * Returns false for MSRs outside both ranges, which have no bit.
 */
static bool msr_bitmap_locate(u32 msr, bool write, size_t *byte, u8 *mask)
{
	size_t base = write ? 0x800 : 0x000;
	u32 index;

	if (msr <= MSR_BITMAP_LOW_LAST) {
		index = msr - MSR_BITMAP_LOW_FIRST;
	} else if (msr >= MSR_BITMAP_HIGH_FIRST && msr <= MSR_BITMAP_HIGH_LAST) {
		index = msr - MSR_BITMAP_HIGH_FIRST;
		base += 0x400;
	} else {
		return false;
	}
	*byte = base + index / 8;
	*mask = (u8)(1u << (index % 8));
	return true;
}

/* Sets the bit of one access when the policy intercepts it. */
static void msr_bitmap_mark(u8 *bitmap, u32 msr, bool write)
{
	size_t byte;
	u8 mask;

	if (msr_policy(msr, write) != MSR_PASS && msr_bitmap_locate(msr, write, &byte, &mask))
		bitmap[byte] |= mask;
}

void msr_bitmap_build(u8 bitmap[MSR_BITMAP_SIZE])
{
	size_t i;
	u32 msr;

	for (i = 0; i < MSR_BITMAP_SIZE; i++)
		bitmap[i] = 0;
	for (msr = MSR_BITMAP_LOW_FIRST; msr <= MSR_BITMAP_LOW_LAST; msr++) {
		msr_bitmap_mark(bitmap, msr, false);
		msr_bitmap_mark(bitmap, msr, true);
	}
	for (msr = MSR_BITMAP_HIGH_FIRST; msr <= MSR_BITMAP_HIGH_LAST; msr++) {
		msr_bitmap_mark(bitmap, msr, false);
		msr_bitmap_mark(bitmap, msr, true);
	}
}

bool msr_bitmap_intercepts(const u8 bitmap[MSR_BITMAP_SIZE], u32 msr, bool write)
{
	size_t byte;
	u8 mask;

	if (!msr_bitmap_locate(msr, write, &byte, &mask))
		return true;
	return (bitmap[byte] & mask) != 0;
}

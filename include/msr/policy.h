/* SPDX-License-Identifier: MIT */
/*
 * msr/policy.h - every decision about a guest RDMSR/WRMSR, in one table.
 *
 * Contract: pure data and lookups, no MSR access and no logging. The VMCS
 * MSR bitmap is derived from the same table (msr_bitmap_build), so the
 * bitmap and the RDMSR/WRMSR exit handlers cannot disagree. Layout of the
 * bitmap: Intel SDM Vol. 3C, "MSR-Bitmap Address" (VM-execution control
 * fields).
 */
#ifndef THINVISOR_MSR_POLICY_H
#define THINVISOR_MSR_POLICY_H

#include "types.h"

enum msr_action {
	MSR_PASS, /* not intercepted: the guest touches the hardware MSR (bitmap bit clear) */
	MSR_ZERO_IGNORE, /* intercepted: read 0, write ignored (MTRRs) */
	MSR_EMULATE,	 /* intercepted: value from msr_emulated_read (IA32_FEATURE_CONTROL) */
	MSR_GP,		 /* intercepted: inject #GP (VMX capability MSRs: the guest has no VMX) */
	MSR_HARDWARE,	 /* intercepted (outside the bitmap ranges): do it on the hardware,
			  * #GP if the CPU faults */
	MSR_DEVICE,	 /* intercepted: a device of devices/ carries it out (the
			  * x2APIC ICR: INIT and SIPI are delivered virtually) */
};

/* Covers MSRs first..last inclusive. */
struct msr_rule {
	u32 first, last;
	enum msr_action read, write;
	const char *name;
};

/* Never NULL: catch-all rules cover every MSR no specific rule names. */
const struct msr_rule *msr_rule_find(u32 msr);

enum msr_action msr_policy(u32 msr, bool write);

/* MSR ranges the bitmap can describe; any other MSR always exits. */
#define MSR_BITMAP_LOW_FIRST  0x00000000u
#define MSR_BITMAP_LOW_LAST   0x00001FFFu
#define MSR_BITMAP_HIGH_FIRST 0xC0000000u
#define MSR_BITMAP_HIGH_LAST  0xC0001FFFu
#define MSR_BITMAP_SIZE	      4096u

/*
 * Fills a 4 KiB MSR bitmap from the policy: bytes 0x000-0x3FF read-low
 * (MSRs 0..0x1FFF), 0x400-0x7FF read-high (0xC0000000..0xC0001FFF),
 * 0x800-0xBFF write-low, 0xC00-0xFFF write-high; MSR n of a range is bit
 * n % 8 of byte n / 8; a set bit makes the access exit.
 */
void msr_bitmap_build(u8 bitmap[MSR_BITMAP_SIZE]);

/* Whether `bitmap` makes this access exit (MSRs outside both ranges always do). */
bool msr_bitmap_intercepts(const u8 bitmap[MSR_BITMAP_SIZE], u32 msr, bool write);

/* Value a guest RDMSR returns; meaningful only where the read action is
 * MSR_EMULATE or MSR_ZERO_IGNORE (0 elsewhere). */
u64 msr_emulated_read(u32 msr);

#endif

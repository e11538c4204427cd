/* SPDX-License-Identifier: MIT */
/*
 * tsc_freq.h - the choice of the TSC and APIC timer frequencies from what
 * was measured against the PIT and what CPUID leaves 0x15/0x16 say (pure:
 * arch/x86_64/tsc_freq.c, unit-tested on the host).
 *
 * The PIT measurement may fail: many recent machines gate the 8254 off
 * (or leave no legacy PIT at all), so its channel 2 never reaches terminal
 * count.  tsc.c bounds the wait by TSC_PIT_BUDGET_TICKS and then falls
 * back to CPUID with a warning.
 */
#ifndef THINVISOR_ARCH_TSC_FREQ_H
#define THINVISOR_ARCH_TSC_FREQ_H

#include "types.h"
#include "arch/tsc.h"

/*
 * The longest wait for the PIT, in TSC ticks: 2^32, about 1.4 s at 3 GHz,
 * 0.4 s at 10 GHz.  It cannot be derived from the TSC's rate (that is what
 * is being measured, and an emulator's TSC does not run at the rate its
 * CPUID claims), so it is fixed and far above any real 10 ms.
 */
#define TSC_PIT_BUDGET_TICKS (1ULL << 32)

/*
 * Ticks per ms taken for the hypervisor's own delays when no frequency is
 * known at all: a 10 GHz TSC, so that delays are too long, never too short.
 */
#define TSC_FALLBACK_TICKS_PER_MS 10000000ULL

struct tsc_cpuid {
	u32 max_leaf;		       /* CPUID.0:EAX */
	u32 l15_eax, l15_ebx, l15_ecx; /* denominator, numerator, crystal Hz */
	u32 l16_eax;		       /* bits 15:0: base frequency, MHz */
};

struct tsc_pit {
	bool ok;		   /* terminal count reached within the budget */
	u32 ms;			   /* the interval measured */
	u64 tsc_ticks, apic_ticks; /* counted over it */
};

/* What calibration found; *warn is set when the PIT could not be used. */
void tsc_choose(const struct tsc_cpuid *c, const struct tsc_pit *pit, struct tsc_info *out,
		bool *warn);

#endif

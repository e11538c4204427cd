/* SPDX-License-Identifier: MIT */
/*
 * tsc.h - the TSC and local APIC timer frequencies, measured once at start
 * and offered to the guest in CPUID leaf 0x40000010 (the convention VMware
 * and ACRN use: EAX = TSC kHz, EBX = APIC timer kHz).
 *
 * Taken from CPUID leaf 0x15 (TSC/crystal ratio and crystal Hz; the APIC
 * timer runs at the crystal clock) where it is complete; else the TSC from
 * leaf 0x16 (base MHz) where present, and what is still missing measured
 * against the PIT (1.193182 MHz): channel 2, gated by port 0x61, counting
 * down over TSC_CALIBRATE_MS while the TSC and the APIC timer count up.
 * Where the PIT does not count (gated 8254), the wait ends after a TSC
 * budget and the frequencies come from CPUID 0x15/0x16, with a warning
 * (include/arch/tsc_freq.h).
 */
#ifndef THINVISOR_ARCH_TSC_H
#define THINVISOR_ARCH_TSC_H

#include "types.h"

struct tsc_info {
	u32 tsc_khz, apic_khz;
	u64 tsc_ticks_per_ms; /* measured against the PIT (else from CPUID): for delays */
	const char *source;   /* where the figures came from, for the log */
};

extern struct tsc_info tsc_info;

void tsc_calibrate(void);

#endif

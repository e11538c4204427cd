// SPDX-License-Identifier: MIT
/*
 * tsc_freq.c - choose the TSC and APIC timer frequencies (see
 * include/arch/tsc_freq.h).
 */
#include "arch/tsc_freq.h"

/* SDM Vol. 2A, CPUID leaf 15H: TSC Hz = ECX * EBX / EAX, all non-zero */
static bool leaf15_complete(const struct tsc_cpuid *c)
{
	return c->max_leaf >= 0x15 && c->l15_eax && c->l15_ebx && c->l15_ecx;
}

/* SDM Vol. 2A, CPUID leaf 16H: EAX[15:0] = base frequency in MHz */
static u32 leaf16_mhz(const struct tsc_cpuid *c)
{
	return c->max_leaf >= 0x16 ? (c->l16_eax & 0xFFFF) : 0;
}

void tsc_choose(const struct tsc_cpuid *c, const struct tsc_pit *pit, struct tsc_info *out,
		bool *warn)
{
	bool pit_ok = pit->ok && pit->ms && pit->tsc_ticks;

	out->tsc_khz = 0;
	out->apic_khz = 0;
	out->tsc_ticks_per_ms = 0;
	out->source = NULL;
	*warn = !pit_ok;
	if (leaf15_complete(c)) {
		out->tsc_khz = (u32)((u64)c->l15_ecx * c->l15_ebx / c->l15_eax / 1000);
		/* the APIC timer runs at the crystal clock (SDM Vol. 3A 11.5.4) */
		out->apic_khz = c->l15_ecx / 1000;
		out->source = pit_ok ? "CPUID 0x15" : "CPUID 0x15, PIT not counting";
	}
	if (pit_ok) {
		/* Always measured when possible: the hypervisor's own delays need
		 * the TSC's real rate (in an emulator it differs from CPUID). */
		out->tsc_ticks_per_ms = pit->tsc_ticks / pit->ms;
		if (!out->tsc_khz) {
			out->apic_khz = (u32)(pit->apic_ticks / pit->ms);
			/* Leaf 16H: base frequency, at which Intel's invariant TSC
			 * runs; Linux takes the same figure (native_calibrate_tsc). */
			if (leaf16_mhz(c)) {
				out->tsc_khz = leaf16_mhz(c) * 1000;
				out->source = "CPUID 0x16, APIC timer against the PIT";
			} else {
				out->tsc_khz = (u32)(pit->tsc_ticks / pit->ms);
				out->source = "PIT";
			}
		}
		return;
	}
	if (!out->tsc_khz && leaf16_mhz(c)) {
		out->tsc_khz = leaf16_mhz(c) * 1000;
		out->source = "CPUID 0x16, PIT not counting; APIC timer unknown";
	}
	if (out->tsc_khz) {
		out->tsc_ticks_per_ms = out->tsc_khz;
		return;
	}
	/* Nothing known: 0 in CPUID 0x40000010 makes the guest calibrate. */
	out->tsc_ticks_per_ms = TSC_FALLBACK_TICKS_PER_MS;
	out->source = "unknown: PIT not counting, no CPUID 0x15/0x16";
}

// SPDX-License-Identifier: MIT
/*
 * tsc.c - TSC and APIC timer frequencies (see include/arch/tsc.h).
 */
#include "arch/tsc.h"
#include "arch/apic.h"
#include "arch/tsc_freq.h"
#include "arch/cpu.h"
#include "hw/apic.h"
#include "lib/log.h"

#define PIT_HZ		 1193182ULL
#define TSC_CALIBRATE_MS 10
#define PIT_CH2_DATA	 0x42
#define PIT_MODE	 0x43
#define PORT_B		 0x61 /* bit 0: channel 2 gate, bit 1: speaker, bit 5: OUT2 */

struct tsc_info tsc_info;

/*
 * Count TSC ticks and APIC timer ticks (divide by 1) over ms milliseconds of
 * PIT time.  False if channel 2 did not reach terminal count within
 * TSC_PIT_BUDGET_TICKS: the 8254 is gated off or absent on many machines
 * (the loop used to spin for ever there).
 */
static bool pit_measure(u32 ms, u64 *tsc_ticks, u64 *apic_ticks)
{
	u32 count = (u32)(PIT_HZ * ms / 1000);
	u8 b = inb(PORT_B);
	u64 t0, t1;
	u32 a0, a1;
	bool done;

	/* through arch/apic.h: in x2APIC mode the page is not decoded */
	apic_write(APIC_TIMER_DIV, 0xB);      /* divide by 1 */
	apic_write(APIC_LVT_TIMER, 1u << 16); /* masked, one-shot */
	apic_write(APIC_TIMER_INIT, 0xFFFFFFFF);

	outb(PORT_B, (b & ~0x02) | 0x01); /* gate on, speaker off */
	outb(PIT_MODE, 0xB0);		  /* channel 2, lo/hi, mode 0 */
	outb(PIT_CH2_DATA, count & 0xFF);
	outb(PIT_CH2_DATA, count >> 8);
	a0 = apic_read(APIC_TIMER_CUR);
	t0 = rdtsc();
	t1 = t0;
	/* OUT2 rises at terminal count (8254 mode 0) */
	while (!(done = inb(PORT_B) & 0x20) && t1 - t0 < TSC_PIT_BUDGET_TICKS) {
		cpu_relax();
		t1 = rdtsc();
	}
	t1 = rdtsc();
	a1 = apic_read(APIC_TIMER_CUR);
	apic_write(APIC_TIMER_INIT, 0); /* stop it: the timer is the guest's */
	outb(PORT_B, b);
	*tsc_ticks = t1 - t0;
	*apic_ticks = a0 - a1;
	return done;
}

void tsc_calibrate(void)
{
	struct tsc_cpuid c = {.max_leaf = cpuid(0, 0).eax};
	struct tsc_pit pit = {.ms = TSC_CALIBRATE_MS};
	bool warn;

	if (c.max_leaf >= 0x15) {
		struct cpuid_out r = cpuid(0x15, 0);

		c.l15_eax = r.eax;
		c.l15_ebx = r.ebx;
		c.l15_ecx = r.ecx;
	}
	if (c.max_leaf >= 0x16)
		c.l16_eax = cpuid(0x16, 0).eax;
	pit.ok = pit_measure(TSC_CALIBRATE_MS, &pit.tsc_ticks, &pit.apic_ticks);
	tsc_choose(&c, &pit, &tsc_info, &warn);
	if (warn)
		pr_warn("tsc: the PIT did not count %u ms within %llu TSC ticks (8254 gated off or "
			"absent?); frequencies from CPUID instead",
			TSC_CALIBRATE_MS, (unsigned long long)TSC_PIT_BUDGET_TICKS);
	pr_info("tsc: %u kHz, APIC timer %u kHz (%s); offered in CPUID 0x40000010",
		tsc_info.tsc_khz, tsc_info.apic_khz, tsc_info.source);
}

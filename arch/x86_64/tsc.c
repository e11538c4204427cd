// SPDX-License-Identifier: MIT
/*
 * tsc.c - TSC and APIC timer frequencies (see include/arch/tsc.h).
 */
#include "arch/tsc.h"
#include "arch/cpu.h"
#include "hw/apic.h"
#include "hw/msr.h"
#include "lib/log.h"
#include "mm/memory.h"

#define PIT_HZ 1193182ULL
#define TSC_CALIBRATE_MS 10
#define PIT_CH2_DATA 0x42
#define PIT_MODE 0x43
#define PORT_B 0x61		/* bit 0: channel 2 gate, bit 1: speaker, bit 5: OUT2 */

struct tsc_info tsc_info;

static volatile u32 *apic_reg(u64 base, u32 off)
{
	return (volatile u32 *)phys_to_virt(base + off);
}

/* Count TSC ticks and APIC timer ticks (divide by 1) over ms milliseconds of PIT time. */
static void pit_measure(u32 ms, u64 *tsc_ticks, u64 *apic_ticks)
{
	u32 count = (u32)(PIT_HZ * ms / 1000);
	u64 apic = rdmsr(IA32_APIC_BASE) & IA32_APIC_BASE_ADDR_MASK;
	u8 b = inb(PORT_B);
	u64 t0, t1;
	u32 a0, a1;

	host_map_device(apic, PAGE_SIZE);
	*apic_reg(apic, APIC_TIMER_DIV) = 0xB;		/* divide by 1 */
	*apic_reg(apic, APIC_LVT_TIMER) = 1u << 16;	/* masked, one-shot */
	*apic_reg(apic, APIC_TIMER_INIT) = 0xFFFFFFFF;

	outb(PORT_B, (b & ~0x02) | 0x01);		/* gate on, speaker off */
	outb(PIT_MODE, 0xB0);				/* channel 2, lo/hi, mode 0 */
	outb(PIT_CH2_DATA, count & 0xFF);
	outb(PIT_CH2_DATA, count >> 8);
	a0 = *apic_reg(apic, APIC_TIMER_CUR);
	t0 = rdtsc();
	while (!(inb(PORT_B) & 0x20))			/* OUT2 rises at terminal count */
		cpu_relax();
	t1 = rdtsc();
	a1 = *apic_reg(apic, APIC_TIMER_CUR);
	*apic_reg(apic, APIC_TIMER_INIT) = 0;		/* stop it: the timer is the guest's */
	outb(PORT_B, b);
	*tsc_ticks = t1 - t0;
	*apic_ticks = a0 - a1;
}

void tsc_calibrate(void)
{
	struct cpuid_out max = cpuid(0, 0);
	u64 tsc_ticks, apic_ticks;

	/* Always measured: the hypervisor's own delays need the TSC's real rate
	 * (in an emulator it differs from what CPUID claims). */
	pit_measure(TSC_CALIBRATE_MS, &tsc_ticks, &apic_ticks);
	tsc_info.tsc_ticks_per_ms = tsc_ticks / TSC_CALIBRATE_MS;

	if (max.eax >= 0x15) {
		struct cpuid_out r = cpuid(0x15, 0);

		/* SDM Vol. 2A CPUID leaf 15H: TSC = crystal * EBX / EAX */
		if (r.eax && r.ebx && r.ecx) {
			tsc_info.tsc_khz = (u32)((u64)r.ecx * r.ebx / r.eax / 1000);
			tsc_info.apic_khz = r.ecx / 1000;
			tsc_info.source = "CPUID 0x15";
		}
	}
	if (!tsc_info.tsc_khz) {
		tsc_info.apic_khz = (u32)(apic_ticks / TSC_CALIBRATE_MS);
		/* Leaf 16H: base frequency in MHz, at which Intel's invariant TSC
		 * runs; Linux takes the same figure (native_calibrate_tsc). */
		if (max.eax >= 0x16 && (cpuid(0x16, 0).eax & 0xFFFF)) {
			tsc_info.tsc_khz = (cpuid(0x16, 0).eax & 0xFFFF) * 1000;
			tsc_info.source = "CPUID 0x16, APIC timer against the PIT";
		} else {
			tsc_info.tsc_khz = (u32)(tsc_ticks / TSC_CALIBRATE_MS);
			tsc_info.source = "PIT";
		}
	}
	pr_info("tsc: %u kHz, APIC timer %u kHz (%s); offered in CPUID 0x40000010",
		tsc_info.tsc_khz, tsc_info.apic_khz, tsc_info.source);
}

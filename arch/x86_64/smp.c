// SPDX-License-Identifier: MIT
/*
 * smp.c - starting the application processors (see include/arch/smp.h).
 */
#include "arch/smp.h"
#include "arch/cpu.h"
#include "arch/gdt.h"
#include "arch/idt.h"
#include "arch/percpu.h"
#include "arch/tsc.h"
#include "arch/apic.h"
#include "arch/cpu_stop.h"
#include "acpi/acpi.h"
#include "hw/apic.h"
#include "hw/msr.h"
#include "lib/log.h"
#include "arch/mwait.h"
#include "arch/tsc.h"
#include "hw/cpuid_bits.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "mm/memory.h"
#include "vmx/vmx.h"

#define AP_STACK_PAGES	 4
#define TRAMPOLINE_MAGIC 0x504D5254 /* "TRMP" */

struct trampoline_params {
	u32 magic, index;
	u64 cr3, stack, entry, efer;
};

extern const u8 trampoline_blob_start[], trampoline_blob_end[];

static u32 nr_virtualised = 1;
static ap_entry_fn ap_entry;

u32 smp_nr_virtualised(void)
{
	return nr_virtualised;
}

static void udelay(u64 us)
{
	u64 t0 = rdtsc(), ticks = us * tsc_info.tsc_ticks_per_ms / 1000;

	while (rdtsc() - t0 < ticks)
		cpu_relax();
}

/* Parked: as deep a C-state as MWAIT offers (a halted CPU blocks the
 * package's deeper states), woken only by the NMI of stop_others(). */
static void __noreturn park(void)
{
	static volatile u32 never_written;

	if (cpuid(1, 0).ecx & CPUID_1_ECX_MONITOR) {
		u32 hint = mwait_deepest_hint(cpuid(0, 0).eax >= 5 ? cpuid(5, 0).edx : 0);

		for (;;) {
			monitor(&never_written);
			mwait(hint);
		}
	}
	cpu_halt_forever();
}

/* platform_stop()'s hook: an NMI to every other CPU, in the guest (NMI
 * exiting brings it out) or in VMX root, parked or not; each halts. */
static void stop_others(void)
{
	u64 t0 = rdtsc(), limit = tsc_info.tsc_ticks_per_ms * 100;

	cpu_stop_begin();
	apic_send_ipi(0, ICR_DELIVERY_NMI | ICR_WITH_SHORTHAND(ICR_SHORTHAND_OTHERS));
	while (cpus_stopped() < nr_cpus - 1 && rdtsc() - t0 < limit)
		cpu_relax();
	log_break_lock();
	log_raw("thinvisor: %u of %u other CPU(s) stopped\n", cpus_stopped(), nr_cpus - 1);
}

void __noreturn ap_main(u32 index);

void __noreturn ap_main(u32 index)
{
	struct percpu *c = &percpu[index];

	percpu_init(index);
	gdt_init(index);
	idt_load();
	/* In VMX root operation INIT is blocked (SDM Vol. 3C 24.8): a parked
	 * CPU must be there too, or a guest INIT-SIPI-SIPI would take it. */
	vmx_enable_cpu();
	if (index >= nr_virtualised) {
		c->state = CPU_PARKED;
		park();
	}
	ap_entry(index);
}

/* INIT, then two start-up IPIs (SDM Vol. 3A 9.4.4.1); true once it reported in. */
static bool start_ap(u32 index, u32 id)
{
	struct trampoline_params *p = phys_to_virt(TRAMPOLINE_ADDR + 8);
	struct percpu *c = &percpu[index];

	c->index = index;
	c->apic_id = id;
	c->stack_top =
		frame_alloc_zeroed(AP_STACK_PAGES, "an AP stack") + AP_STACK_PAGES * PAGE_SIZE;
	c->ist_base = frame_alloc_zeroed(3, "AP exception stacks");
	p->index = index;
	p->stack = c->stack_top;
	c->state = CPU_STARTING;
	apic_send_ipi(id, ICR_INIT_ASSERT);
	udelay(10000);
	for (int sipi = 0; sipi < 2 && c->state == CPU_STARTING; sipi++) {
		apic_send_ipi(id, ICR_STARTUP | (TRAMPOLINE_ADDR >> 12));
		udelay(200);
	}
	for (int ms = 0; ms < 1000 && (c->state == CPU_STARTING); ms++)
		udelay(1000);
	return c->state != CPU_STARTING;
}

void smp_start(const void *rsdp, u32 rsdp_len, u32 max_virtualised, ap_entry_fn entry)
{
	static struct acpi_cpus cpus;
	struct trampoline_params *p = phys_to_virt(TRAMPOLINE_ADDR + 8);
	u32 bsp_apic = apic_id();
	u64 size;
	int err = rsdp ? acpi_parse_madt(rsdp, rsdp_len, acpi_map_firmware, NULL, &cpus)
		       : ACPI_ERR_NO_RSDP;

	percpu[0].apic_id = bsp_apic;
	if (err) {
		pr_warn("smp: no MADT (%s): running on the boot CPU only", acpi_strerror(err));
		return;
	}
	nr_virtualised = max_virtualised ? max_virtualised : MAX_CPUS;
	ap_entry = entry;
	/* The trampoline runs from low memory, which host paging maps NX. */
	host_map_exec_low(TRAMPOLINE_ADDR, PAGE_SIZE);
	// cppcheck-suppress comparePointers ; both labels bound one blob (ap_trampoline_blob.asm)
	size = (u64)(trampoline_blob_end - trampoline_blob_start);
	memcpy(phys_to_virt(TRAMPOLINE_ADDR), trampoline_blob_start, size);
	if (p->magic != TRAMPOLINE_MAGIC)
		fatal(HV_EXIT_VMX_FAILURE, "the AP trampoline's parameter block moved");
	p->cr3 = read_cr3();
	p->efer = rdmsr(IA32_EFER);
	p->entry = (u64)ap_main;

	for (u32 i = 0; i < cpus.nr; i++) {
		const struct acpi_cpu *c = &cpus.cpu[i];

		if (!c->enabled || c->apic_id == bsp_apic)
			continue;
		if (nr_cpus == MAX_CPUS) {
			pr_warn("smp: more than %d CPUs: the rest stay with the firmware",
				MAX_CPUS);
			break;
		}
		if (!start_ap(nr_cpus, c->apic_id)) {
			pr_warn("smp: CPU with APIC ID %u did not start", c->apic_id);
			continue;
		}
		nr_cpus++;
	}
	if (nr_virtualised > nr_cpus)
		nr_virtualised = nr_cpus;
	if (nr_cpus > 1)
		panic_set_stop_others(stop_others);
	/* The trampoline stays the hypervisor's while guest vCPUs exist. */
	if (nr_virtualised > 1)
		memory_claim(TRAMPOLINE_ADDR, TRAMPOLINE_ADDR + PAGE_SIZE);
	pr_info("smp: %u CPU(s) in the MADT, %u started, %u virtualised%s", cpus.nr, nr_cpus,
		nr_virtualised, nr_cpus > nr_virtualised ? " (the others parked)" : "");
}

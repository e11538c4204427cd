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
#include "acpi/acpi.h"
#include "ept/ept.h"
#include "hw/msr.h"
#include "hw/vmcs.h"
#include "hw/vmx.h"
#include "hw/x86.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "kernel/platform.h"
#include "kernel/vmm.h"
#include "lib/string.h"
#include "mm/memory.h"
#include "multiboot2.h"
#include "vmx/guest_state.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define APIC_BASE_MASK	     0xFFFFFF000ULL
#define APIC_ICR_LOW	     0x300
#define APIC_ICR_HIGH	     0x310
#define ICR_DELIVERY_PENDING BIT(12)
#define ICR_INIT_ASSERT	     0x00004500 /* INIT, level, assert (SDM Vol. 3A 11.6.1) */
#define ICR_STARTUP	     0x00004600 /* start-up IPI; vector in bits 7:0 */
#define AP_STACK_PAGES	     4
#define TRAMPOLINE_MAGIC     0x504D5254 /* "TRMP" */

struct trampoline_params {
	u32 magic, index;
	u64 cr3, stack, entry, efer;
};

extern const u8 trampoline_blob_start[], trampoline_blob_end[];

struct percpu percpu[MAX_CPUS];
u32 nr_cpus = 1;
static u32 nr_virtualised = 1;
static volatile u32 release_aps;
static u64 lapic;

void percpu_init(u32 index)
{
	percpu[index].index = index;
	wrmsr(IA32_GS_BASE, (u64)&percpu[index]);
}

bool smp_active(void)
{
	return nr_virtualised > 1;
}

static void udelay(u64 us)
{
	u64 t0 = rdtsc(), ticks = us * tsc_info.tsc_ticks_per_ms / 1000;

	while (rdtsc() - t0 < ticks)
		cpu_relax();
}

static void apic_ipi(u32 apic_id, u32 low)
{
	volatile u32 *icr_low = phys_to_virt(lapic + APIC_ICR_LOW);

	*(volatile u32 *)phys_to_virt(lapic + APIC_ICR_HIGH) = apic_id << 24;
	*icr_low = low;
	for (int i = 0; i < 100000 && (*icr_low & ICR_DELIVERY_PENDING); i++)
		cpu_relax();
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
		cpu_halt_forever();
	}
	vmcs_setup(c->vcpu, guest_ept.eptp, (u16)(index + 1));
	/* Wait-for-SIPI: the vCPU sleeps until the guest's own start-up IPI. */
	vmcs_guest_real_mode(c->vcpu, 0, 0);
	vmwrite(VMCS_GUEST_ACTIVITY_STATE, VMCS_ACTIVITY_WAIT_FOR_SIPI);
	c->state = CPU_READY;
	while (!release_aps)
		cpu_relax();
	ept_flush();
	c->state = CPU_RUNNING;
	vcpu_run(c->vcpu);
}

/* INIT, then two start-up IPIs (SDM Vol. 3A 9.4.4.1); true once it reported in. */
static bool start_ap(u32 index, u32 apic_id)
{
	struct trampoline_params *p = phys_to_virt(TRAMPOLINE_ADDR + 8);
	struct percpu *c = &percpu[index];

	c->index = index;
	c->apic_id = apic_id;
	c->vcpu = vcpu_alloc(index);
	c->stack_top =
		frame_alloc_zeroed(AP_STACK_PAGES, "an AP stack") + AP_STACK_PAGES * PAGE_SIZE;
	c->ist_base = frame_alloc_zeroed(3, "AP exception stacks");
	p->index = index;
	p->stack = c->stack_top;
	c->state = CPU_STARTING;
	apic_ipi(apic_id, ICR_INIT_ASSERT);
	udelay(10000);
	for (int sipi = 0; sipi < 2 && c->state == CPU_STARTING; sipi++) {
		apic_ipi(apic_id, ICR_STARTUP | (TRAMPOLINE_ADDR >> 12));
		udelay(200);
	}
	for (int ms = 0; ms < 1000 && (c->state == CPU_STARTING); ms++)
		udelay(1000);
	return c->state != CPU_STARTING;
}

/*
 * Hide the CPUs the guest does not get: clear their MADT entries' Enabled
 * and Online Capable flags (ACPI spec, "Processor Local APIC Structure",
 * "Processor Local x2APIC Structure") and fix the table's checksum, so the
 * guest never tries to start them.  They stay parked in VMX root operation.
 */
static void madt_hide_parked(const struct mb2_info *mi)
{
	u64 pa;
	u8 *t;
	u32 len;

	if (acpi_find_table(mi->rsdp, mi->rsdp_len, "APIC", acpi_map_firmware, NULL, &pa))
		return;
	t = host_map_writable(pa, 8);
	if (!t)
		return;
	len = (u32)t[4] | (u32)t[5] << 8 | (u32)t[6] << 16 | (u32)t[7] << 24;
	t = host_map_writable(pa, len);
	if (!t || len < 44)
		return;
	for (u32 off = 44; off + 2 <= len && t[off + 1] >= 2 && off + t[off + 1] <= len;
	     off += t[off + 1]) {
		u32 id, flags_at;
		bool keep = false;

		if (t[off] == 0 && t[off + 1] >= 8) { /* local APIC */
			id = t[off + 3];
			flags_at = off + 4;
		} else if (t[off] == 9 && t[off + 1] >= 16) { /* local x2APIC */
			id = (u32)t[off + 4] | (u32)t[off + 5] << 8 | (u32)t[off + 6] << 16 |
			     (u32)t[off + 7] << 24;
			flags_at = off + 8;
		} else {
			continue;
		}
		for (u32 c = 0; c < nr_virtualised; c++)
			keep |= percpu[c].apic_id == id;
		if (!keep)
			t[flags_at] &= (u8)~3u;
	}
	t[9] = 0;
	u8 sum = 0;

	for (u32 i = 0; i < len; i++)
		sum = (u8)(sum + t[i]);
	t[9] = (u8)-sum;
}

void smp_start(const struct mb2_info *mi, u32 max_virtualised)
{
	static struct acpi_cpus cpus;
	struct trampoline_params *p = phys_to_virt(TRAMPOLINE_ADDR + 8);
	u32 bsp_apic = cpuid(1, 0).ebx >> 24;
	bool wfs = vmx_caps.misc & VMX_MISC_ACTIVITY_WAIT_FOR_SIPI;
	u64 size;
	int err = mi->rsdp ? acpi_parse_madt(mi->rsdp, mi->rsdp_len, acpi_map_firmware, NULL, &cpus)
			   : ACPI_ERR_NO_RSDP;

	percpu[0].apic_id = bsp_apic;
	if (err) {
		pr_warn("smp: no MADT (%s): running on the boot CPU only", acpi_strerror(err));
		return;
	}
	/* cpus= unset: the boot CPU only (see include/arch/smp.h) */
	nr_virtualised = max_virtualised ? max_virtualised : 1;
	if (!wfs) {
		pr_warn("smp: this CPU has no wait-for-SIPI activity state: APs stay parked");
		nr_virtualised = 1;
	}
	lapic = rdmsr(IA32_APIC_BASE) & APIC_BASE_MASK;
	host_map_device(lapic, PAGE_SIZE);
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
	if (nr_virtualised < nr_cpus)
		madt_hide_parked(mi);
	pr_info("smp: %u CPU(s) in the MADT, %u started, %u virtualised%s", cpus.nr, nr_cpus,
		nr_virtualised, nr_cpus > nr_virtualised ? " (the others parked)" : "");
}

void smp_release(void)
{
	release_aps = 1;
}

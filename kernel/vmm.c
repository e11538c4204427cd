// SPDX-License-Identifier: MIT
/*
 * vmm.c - bring up VMX, prepare the guest the command line names, close
 * the hypervisor's memory, and run the guest: VM entry, exit, dispatch.
 * This is the top of the hypervisor: the one place that knows every layer
 * and hands each what it needs as parameters.
 */
#include "kernel/vmm.h"
#include "kernel/cmdline.h"
#include "boot/machine.h"
#include "devices/lapic.h"
#include "devices/power.h"
#include "devices/selftest_port.h"
#include "ept/ept.h"
#include "loader/load.h"
#include "loader/madt.h"
#include "loader/selftest.h"
#include "msr/policy.h"
#include "vmexit/dispatch.h"
#include "vmexit/io.h"
#include "vmexit/nmi.h"
#include "vmx/guest_state.h"
#include "vmx/vmx.h"
#include "vmx/vmx_entry.h"
#include "vmx/vmcs_access.h"
#include "vmx/vmx_fail.h"
#include "arch/apic.h"
#include "arch/cpu.h"
#include "arch/percpu.h"
#include "arch/power.h"
#include "arch/smp.h"
#include "arch/tsc.h"
#include "hw/vmcs.h"
#include "lib/log.h"
#include "lib/panic.h"
#include "mm/memory.h"

/* Room for what the hypervisor allocates while the guest runs (EPT tables
 * for device pages: one 4 KiB table maps 2 MiB of them). */
#define RUNTIME_RESERVE (256 * KiB)

static struct vmcs_bitmaps bitmaps;
static volatile u32 release_aps;

/* Enter and re-enter the guest, dispatching every exit, until a virtual
 * INIT takes an AP's vCPU out (never the boot vCPU's: devices/lapic.c). */
static void vcpu_run(struct vcpu *v)
{
	while (!v->init_pending) {
		int r;

		nmi_before_entry(v);
		log_guest_may_be_mid_line = true;
		r = vmx_run(v);
		if (r)
			vmx_insn_failed(v->launched ? "VMRESUME" : "VMLAUNCH", r, v->vmcs_pa);
		v->launched = 1;
		vmexit_dispatch(v);
	}
}

/*
 * A virtualised AP, in VMX root operation, where INIT is blocked (SDM Vol.
 * 3C 24.8): its vCPU waits here for the guest's start-up IPI, delivered
 * virtually (devices/lapic.c), then runs in real mode at vector << 12 as a
 * CPU after SIPI does (SDM Vol. 3A 9.4.4), until a virtual INIT sends it
 * back to wait (CPU offline/online, kexec).
 */
static void __noreturn ap_enter_guest(u32 index)
{
	struct percpu *c = &percpu[index];
	struct vcpu *v = vcpu_alloc(index);

	c->vcpu = v;
	vmcs_setup(v, guest_ept.eptp, (u16)(index + 1), &bitmaps);
	c->state = CPU_READY;
	while (!release_aps)
		cpu_relax();
	ept_flush();
	c->state = CPU_RUNNING;
	for (;;) {
		u8 vector = vcpu_wait_for_sipi(v);

		pr_debug("vCPU %u: started by SIPI at %#x:0", index, vector << 8);
		vmcs_guest_real_mode(v, (u16)(vector << 8), 0);
		vmwrite(VMCS_VM_ENTRY_INTERRUPTION_INFO, 0);
		v->nmi_pending = 0;
		vcpu_run(v);
		pr_debug("vCPU %u: INIT, waiting for SIPI", index);
	}
}

/* The port and MSR policy, as bitmaps every vCPU shares. */
static void build_bitmaps(void)
{
	u64 msr = frame_alloc_zeroed(1, "the MSR bitmap");
	u64 io = frame_alloc_zeroed(2, "the I/O bitmaps");

	msr_bitmap_build(phys_to_virt(msr));
	io_bitmap_build(phys_to_virt(io));
	bitmaps = (struct vmcs_bitmaps){msr, io, io + PAGE_SIZE};
}

/* Every CPU to the guest unless cpus=N limits it (see include/arch/smp.h);
 * the self-test guests run on the boot CPU alone. */
static u32 guest_cpus(const struct hv_options *opts)
{
	if (opts->guest != GUEST_LINUX)
		return 1;
	return opts->cpus;
}

/* The APs start in real mode at TRAMPOLINE_ADDR: that page must be RAM
 * that nothing else holds, or they are left to the firmware. */
static bool trampoline_page_ok(const struct machine *m)
{
	const char *why = machine_range_unusable(m, TRAMPOLINE_ADDR, TRAMPOLINE_ADDR + PAGE_SIZE);

	if (why)
		pr_warn("smp: the AP start-up page %#x cannot be used (%s): running on the boot "
			"CPU only",
			TRAMPOLINE_ADDR, why);
	return !why;
}

/* The guest sees exactly the CPUs that run its vCPUs: parked ones, and
 * any the firmware still holds (not started, or no start-up page), are
 * hidden, so that it can never run a CPU outside VMX. */
static void hide_parked_cpus(const struct machine *m)
{
	static u32 keep[MAX_CPUS];
	u32 n = smp_nr_virtualised();

	for (u32 c = 0; c < n; c++)
		keep[c] = percpu[c].apic_id;
	madt_hide_cpus(m, keep, n);
}

void __noreturn vmm_start(const struct machine *m, const struct hv_options *opts)
{
	struct vcpu *bsp = vcpu_alloc(0);

	percpu[0].vcpu = bsp;
	apic_init();
	vmx_enable();
	power_init(m->rsdp, m->rsdp_len);
	power_set_fault_action((enum guest_fault_action)opts->on_guest_fault);
	power_device_init();
	selftest_port_init();
	vmexit_set_trace(opts->trace);
	tsc_calibrate();
	ept_build(m);
	lapic_device_init();
	build_bitmaps();
	vmcs_setup(bsp, guest_ept.eptp, (vmx_ctls.proc2 & SECONDARY_ENABLE_VPID) ? 1 : 0, &bitmaps);
	smp_start(trampoline_page_ok(m) ? m->rsdp : NULL, m->rsdp_len, guest_cpus(opts),
		  ap_enter_guest);
	hide_parked_cpus(m);

	/* From here on the hypervisor's memory is fixed: the guest's e820
	 * and EPT leave exactly it out. */
	memory_freeze(RUNTIME_RESERVE);
	if (opts->guest == GUEST_BENCH)
		selftest_load(bsp, m, SELFTEST_CASE_BENCH);
	else if (opts->guest == GUEST_SELFTEST)
		selftest_load(bsp, m, (u32)opts->selftest);
	else
		guest_load(bsp, m);
	ept_hide_hypervisor();
	ept_flush();
	release_aps = 1;
	/* Absolute TSCs too: make bench counts the guest kernel's own time
	 * from this entry, against a native boot handed over at hv_start. */
	{
		u64 now = rdtsc();

		pr_info("launching the guest (%llu TSC ticks after the hypervisor's start; TSC "
			"%llu at the start, %llu now)",
			(unsigned long long)(now - hv_start_tsc), (unsigned long long)hv_start_tsc,
			(unsigned long long)now);
	}
	percpu[0].state = CPU_RUNNING;
	vcpu_run(bsp);
	fatal(HV_EXIT_VMX_FAILURE, "the boot vCPU left its guest; this is a thinvisor bug");
}

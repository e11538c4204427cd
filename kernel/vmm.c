// SPDX-License-Identifier: MIT
/*
 * vmm.c - bring up VMX, prepare the guest the command line names, close
 * the hypervisor's memory, and run the guest: VM entry, exit, dispatch.
 */
#include "kernel/vmm.h"
#include "kernel/cmdline.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "ept/ept.h"
#include "loader/linux.h"
#include "loader/selftest.h"
#include "kernel/platform.h"
#include "mm/memory.h"
#include "vmexit/vmexit.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"
#include "arch/cpu.h"
#include "arch/tsc.h"
#include "arch/percpu.h"
#include "arch/smp.h"

/* Room for what the hypervisor allocates while the guest runs (EPT tables
 * for device pages: one 4 KiB table maps 2 MiB of them). */
#define RUNTIME_RESERVE (256 * KiB)

static struct vcpu vcpus[MAX_CPUS];

struct vcpu *vcpu_alloc(u32 cpu)
{
	vcpus[cpu].cpu = cpu;
	percpu[cpu].vcpu = &vcpus[cpu];
	return &vcpus[cpu];
}

void __noreturn vcpu_run(struct vcpu *v)
{
	for (;;) {
		int r;

		log_guest_may_be_mid_line = true;
		r = vmx_run(v);
		if (r)
			vmx_insn_failed(v->launched ? "VMRESUME" : "VMLAUNCH", r, v->vmcs_pa);
		v->launched = 1;
		vmexit_dispatch(v);
	}
}

void __noreturn vmm_start(const struct mb2_info *mi, const struct hv_options *opts)
{
	struct vcpu *bsp = vcpu_alloc(0);

	vmx_enable();
	platform_init(mi);
	tsc_calibrate();
	ept_build(mi);
	vmcs_setup(bsp, guest_ept.eptp, (vmx_ctls.proc2 & SECONDARY_ENABLE_VPID) ? 1 : 0);
	smp_start(mi, opts->cpus);

	/* From here on the hypervisor's memory is fixed: the guest's e820
	 * and EPT leave exactly it out. */
	memory_freeze(RUNTIME_RESERVE);
	if (opts->guest == GUEST_SELFTEST || opts->guest == GUEST_BENCH)
		selftest_load(bsp);
	else
		linux_load(bsp, mi);
	ept_hide_hypervisor();
	ept_flush();
	smp_release();
	pr_info("launching the guest (%llu TSC ticks after the hypervisor's start)",
		(unsigned long long)(rdtsc() - hv_start_tsc));
	percpu[0].state = CPU_RUNNING;
	vcpu_run(bsp);
}

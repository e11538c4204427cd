// SPDX-License-Identifier: MIT
/*
 * dispatch.c - table-driven VM-exit dispatch (basic exit reasons: SDM Vol.
 * 3D Appendix C) and the exit statistics.
 */
#include "vmexit/vmexit.h"
#include "vmexit/exit_names.h"
#include "vmx/vmx_insn.h"
#include "hw/vmcs.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "lib/fmt.h"
#include "kernel/platform.h"
#include "kernel/cmdline.h"
#include "arch/percpu.h"

static const struct exit_handler exit_handlers[EXIT_REASON_MAX] = {
	[EXIT_REASON_TRIPLE_FAULT] = { handle_triple_fault, false },
	[EXIT_REASON_INIT_SIGNAL] = { handle_init_signal, false },
	[EXIT_REASON_SIPI] = { handle_sipi, true },
	[EXIT_REASON_CPUID] = { handle_cpuid, false },
	[EXIT_REASON_GETSEC] = { handle_getsec, false },
	[EXIT_REASON_HLT] = { handle_hlt, false },
	[EXIT_REASON_INVD] = { handle_wbinvd, false },
	[EXIT_REASON_VMCALL] = { handle_vmx_instruction, false },
	[EXIT_REASON_VMCLEAR] = { handle_vmx_instruction, false },
	[EXIT_REASON_VMLAUNCH] = { handle_vmx_instruction, false },
	[EXIT_REASON_VMPTRLD] = { handle_vmx_instruction, false },
	[EXIT_REASON_VMPTRST] = { handle_vmx_instruction, false },
	[EXIT_REASON_VMREAD] = { handle_vmx_instruction, false },
	[EXIT_REASON_VMRESUME] = { handle_vmx_instruction, false },
	[EXIT_REASON_VMWRITE] = { handle_vmx_instruction, false },
	[EXIT_REASON_VMXOFF] = { handle_vmx_instruction, false },
	[EXIT_REASON_VMXON] = { handle_vmx_instruction, false },
	[EXIT_REASON_INVEPT] = { handle_vmx_instruction, false },
	[EXIT_REASON_INVVPID] = { handle_vmx_instruction, false },
	[EXIT_REASON_VMFUNC] = { handle_vmx_instruction, false },
	[EXIT_REASON_CR_ACCESS] = { handle_cr_access, true },
	[EXIT_REASON_IO_INSTRUCTION] = { handle_io, true },
	[EXIT_REASON_RDMSR] = { handle_rdmsr, false },
	[EXIT_REASON_WRMSR] = { handle_wrmsr, false },
	[EXIT_REASON_ENTRY_FAILURE_GUEST_STATE] = { handle_entry_failure, true },
	[EXIT_REASON_ENTRY_FAILURE_MSR_LOADING] = { handle_entry_failure, true },
	[EXIT_REASON_ENTRY_FAILURE_MACHINE_CHECK] = { handle_entry_failure, true },
	[EXIT_REASON_EPT_VIOLATION] = { handle_ept_violation, true },
	[EXIT_REASON_EPT_MISCONFIG] = { handle_ept_misconfig, false },
	[EXIT_REASON_WBINVD_WBNOINVD] = { handle_wbinvd, false },
	[EXIT_REASON_XSETBV] = { handle_xsetbv, false },
};

void vmexit_dispatch(struct vcpu *v)
{
	u32 reason_field = (u32)vmread(VMCS_EXIT_REASON);
	u32 reason = EXIT_REASON_BASIC(reason_field);
	const struct exit_handler *h = NULL;
	u64 qual = 0;
	bool trace;

	v->exits_total++;
	if (reason < EXIT_REASON_MAX) {
		v->exits[reason]++;
		h = &exit_handlers[reason];
	}
	trace = log_level >= LOG_DEBUG || hv_trace_exit(&hv_opts, reason);
	if (!h || !h->fn || h->needs_qualification || trace)
		qual = vmread(VMCS_EXIT_QUALIFICATION);
	/* loglevel=debug traces every exit, trace= the chosen reasons */
	if (trace)
		log_trace("thinvisor: exit %s (%u) rip %#llx qual %#llx\n", exit_reason_name(reason),
			reason, (unsigned long long)vmread(VMCS_GUEST_RIP),
			(unsigned long long)qual);
	/* Only an INIT exit directly after a SIPI exit can be the stale one. */
	if (reason != EXIT_REASON_INIT_SIGNAL && reason != EXIT_REASON_SIPI)
		v->init_after_sipi = 0;
	if (reason_field & EXIT_REASON_FIELD_ENTRY_FAILURE) {
		handle_entry_failure(v, qual);
		return;
	}
	if (!h || !h->fn)
		vcpu_stop(v, HV_EXIT_VMX_FAILURE,
			  "VM exit %s (basic reason %u, qualification %#llx) at guest rip %#llx "
			  "has no handler; this is a thinvisor bug: please report it",
			  exit_reason_name(reason), reason, (unsigned long long)qual,
			  (unsigned long long)vmread(VMCS_GUEST_RIP));
	h->fn(v, qual);
}

static void print_one_table(const struct vcpu *v, const char *what)
{
	log_raw("thinvisor: exits by reason%s (%llu in all):\n", what,
		(unsigned long long)v->exits_total);
	for (u32 r = 0; r < EXIT_REASON_MAX; r++)
		if (v->exits[r])
			log_raw("thinvisor:   %-26s %10llu\n", exit_reason_name(r),
				(unsigned long long)v->exits[r]);
}

/* The exit table of every vCPU: one table when there is one CPU; else one
 * per CPU and a summed one (the per-CPU counters are only read here). */
void vcpu_print_exit_table(const struct vcpu *v)
{
	static struct vcpu sum;
	char what[24];

	if (nr_cpus == 1) {
		print_one_table(v, "");
		return;
	}
	sum.exits_total = 0;
	for (u32 r = 0; r < EXIT_REASON_MAX; r++)
		sum.exits[r] = 0;
	for (u32 c = 0; c < nr_cpus; c++) {
		const struct vcpu *o = percpu[c].vcpu;

		if (!o || percpu[c].state != CPU_RUNNING)
			continue;
		fmt_snprintf(what, sizeof(what), " on cpu%u", c);
		print_one_table(o, what);
		sum.exits_total += o->exits_total;
		for (u32 r = 0; r < EXIT_REASON_MAX; r++)
			sum.exits[r] += o->exits[r];
	}
	print_one_table(&sum, ", all CPUs");
}

void __noreturn vcpu_stop(struct vcpu *v, enum hv_exit code, const char *fmt, ...)
{
	char msg[224];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (code == HV_EXIT_GUEST_DONE)
		pr_info("%s", msg);
	else
		log_raw("thinvisor: FATAL: %s\n", msg);
	vcpu_print_exit_table(v);
	if (code == HV_EXIT_GUEST_FAULT || code == HV_EXIT_VMX_FAILURE)
		platform_end_after_fault(code);
	platform_stop(code);
}

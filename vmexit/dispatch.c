// SPDX-License-Identifier: MIT
/*
 * dispatch.c - table-driven VM-exit dispatch (basic exit reasons: SDM Vol.
 * 3D Appendix C) and the exit statistics.
 */
#include "vmexit/dispatch.h"
#include "vmexit/exit_names.h"
#include "vmexit/stop.h"
#include "vmexit/cpuid.h"
#include "vmexit/cr_access.h"
#include "vmexit/entry_failure.h"
#include "vmexit/ept_violation.h"
#include "vmexit/hlt.h"
#include "vmexit/init_sipi.h"
#include "vmexit/io.h"
#include "vmexit/nmi.h"
#include "vmexit/triple_fault.h"
#include "vmexit/vmx_instruction.h"
#include "vmexit/wbinvd.h"
#include "vmexit/xsetbv.h"
#include "vmexit/msr_access.h"
#include "vmx/vmcs_access.h"
#include "hw/vmcs.h"
#include "lib/log.h"

static const struct exit_handler exit_handlers[EXIT_REASON_MAX] = {
	[EXIT_REASON_EXCEPTION_NMI] = {handle_exception_nmi, false},
	[EXIT_REASON_TRIPLE_FAULT] = {handle_triple_fault, false},
	[EXIT_REASON_INIT_SIGNAL] = {handle_init_signal, false},
	[EXIT_REASON_SIPI] = {handle_sipi, true},
	[EXIT_REASON_NMI_WINDOW] = {handle_nmi_window, false},
	[EXIT_REASON_CPUID] = {handle_cpuid, false},
	[EXIT_REASON_GETSEC] = {handle_getsec, false},
	[EXIT_REASON_HLT] = {handle_hlt, false},
	[EXIT_REASON_INVD] = {handle_wbinvd, false},
	[EXIT_REASON_VMCALL] = {handle_vmx_instruction, false},
	[EXIT_REASON_VMCLEAR] = {handle_vmx_instruction, false},
	[EXIT_REASON_VMLAUNCH] = {handle_vmx_instruction, false},
	[EXIT_REASON_VMPTRLD] = {handle_vmx_instruction, false},
	[EXIT_REASON_VMPTRST] = {handle_vmx_instruction, false},
	[EXIT_REASON_VMREAD] = {handle_vmx_instruction, false},
	[EXIT_REASON_VMRESUME] = {handle_vmx_instruction, false},
	[EXIT_REASON_VMWRITE] = {handle_vmx_instruction, false},
	[EXIT_REASON_VMXOFF] = {handle_vmx_instruction, false},
	[EXIT_REASON_VMXON] = {handle_vmx_instruction, false},
	[EXIT_REASON_INVEPT] = {handle_vmx_instruction, false},
	[EXIT_REASON_INVVPID] = {handle_vmx_instruction, false},
	[EXIT_REASON_VMFUNC] = {handle_vmx_instruction, false},
	[EXIT_REASON_CR_ACCESS] = {handle_cr_access, true},
	[EXIT_REASON_IO_INSTRUCTION] = {handle_io, true},
	[EXIT_REASON_RDMSR] = {handle_rdmsr, false},
	[EXIT_REASON_WRMSR] = {handle_wrmsr, false},
	[EXIT_REASON_ENTRY_FAILURE_GUEST_STATE] = {handle_entry_failure, true},
	[EXIT_REASON_ENTRY_FAILURE_MSR_LOADING] = {handle_entry_failure, true},
	[EXIT_REASON_ENTRY_FAILURE_MACHINE_CHECK] = {handle_entry_failure, true},
	[EXIT_REASON_EPT_VIOLATION] = {handle_ept_violation, true},
	[EXIT_REASON_EPT_MISCONFIG] = {handle_ept_misconfig, false},
	[EXIT_REASON_WBINVD_WBNOINVD] = {handle_wbinvd, false},
	[EXIT_REASON_XSETBV] = {handle_xsetbv, false},
};

static u64 trace_reasons[2];
static bool tracing; /* any exit logged: loglevel=debug or a trace= word */

void vmexit_set_trace(const u64 reasons[2])
{
	trace_reasons[0] = reasons[0];
	trace_reasons[1] = reasons[1];
	tracing = reasons[0] || reasons[1] || log_level >= LOG_DEBUG;
}

static bool traced(u32 reason)
{
	return reason < 128 && (trace_reasons[reason / 64] >> (reason % 64)) & 1;
}

void vmexit_dispatch(struct vcpu *v)
{
	u32 reason_field = (u32)vmread(VMCS_EXIT_REASON);
	u32 reason = EXIT_REASON_BASIC(reason_field);
	const struct exit_handler *h = NULL;
	u64 qual = 0;
	bool trace;

	v->exits_total++;
	/* The most frequent exit by far (Linux probes CPUID leaves over and
	 * over): straight to its handler, counted, unless exits are traced. */
	if (reason_field == EXIT_REASON_CPUID && !tracing) {
		v->exits[EXIT_REASON_CPUID]++;
		handle_cpuid(v, 0);
		return;
	}
	if (reason < EXIT_REASON_MAX) {
		v->exits[reason]++;
		h = &exit_handlers[reason];
	}
	trace = tracing && (log_level >= LOG_DEBUG || traced(reason));
	if (!h || !h->fn || h->needs_qualification || trace)
		qual = vmread(VMCS_EXIT_QUALIFICATION);
	/*
	 * loglevel=debug traces every exit, trace= the chosen reasons.  cr0 is
	 * the guest's CR0 as the processor uses it (not the read shadow): its
	 * CD and NW bits are the CPU's own in VMX non-root operation.
	 */
	if (trace)
		log_trace("thinvisor: exit %s (%u) rip %#llx qual %#llx cr0 %#llx\n",
			  exit_reason_name(reason), reason,
			  (unsigned long long)vmread(VMCS_GUEST_RIP), (unsigned long long)qual,
			  (unsigned long long)vmread(VMCS_GUEST_CR0));
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

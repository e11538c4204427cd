// SPDX-License-Identifier: MIT
/*
 * nmi.c - NMIs owed to the guest (see include/vmexit/nmi.h).
 */
#include "vmexit/nmi.h"
#include "vmexit/stop.h"
#include "arch/percpu.h"
#include "arch/cpu_stop.h"
#include "hw/vmcs.h"
#include "hw/vmx.h"
#include "hw/x86.h"
#include "lib/log.h"
#include "vmx/vmcs_access.h"
#include "vmx/vmx.h"

bool nmi_can_inject(u32 interruptibility, u32 entry_interruption_info, u32 activity_state)
{
	/* SDM Vol. 3C 27.3.1.5: an NMI cannot be injected under blocking by
	 * MOV SS, nor under blocking by NMI with virtual NMIs (entry fails
	 * with qualification 3); blocking by STI must end first too, as on
	 * hardware, where STI's shadow holds off NMIs on many CPUs.  Only one
	 * event can be injected per entry, and none into wait-for-SIPI. */
	if (interruptibility &
	    (VMCS_INTR_BLOCKING_BY_STI | VMCS_INTR_BLOCKING_BY_MOV_SS | VMCS_INTR_BLOCKING_BY_NMI))
		return false;
	if (entry_interruption_info & VMCS_INTR_INFO_VALID)
		return false;
	return activity_state == VMCS_ACTIVITY_ACTIVE;
}

static void set_nmi_window(struct vcpu *v, bool on)
{
	if (v->nmi_window == on || !vmx_ctls.nmi_window)
		return;
	v->nmi_window = on;
	vmwrite(VMCS_PRIMARY_PROC_BASED_VM_EXEC_CONTROL,
		on ? vmx_ctls.proc | CPU_BASED_NMI_WINDOW_EXITING : vmx_ctls.proc);
}

void nmi_work_before_entry(struct vcpu *v)
{
	struct percpu *c = &percpu[v->cpu];

	/* The common case costs one load and a branch. */
	if (c->nmi_in_root)
		v->nmi_pending += __atomic_exchange_n(&c->nmi_in_root, 0, __ATOMIC_RELAXED);
	if (!v->nmi_pending) {
		set_nmi_window(v, false);
		return;
	}
	if (nmi_can_inject((u32)vmread(VMCS_GUEST_INTERRUPTIBILITY_STATE),
			   (u32)vmread(VMCS_VM_ENTRY_INTERRUPTION_INFO),
			   (u32)vmread(VMCS_GUEST_ACTIVITY_STATE))) {
		vmwrite(VMCS_VM_ENTRY_INTERRUPTION_INFO,
			VMCS_INTR_INFO(X86_VEC_NMI, VMCS_INTR_TYPE_NMI));
		v->nmi_pending--;
		pr_debug("NMI injected into vCPU %u (%u more owed)", v->cpu, v->nmi_pending);
	}
	/* More owed, or this one could not go in: exit when the guest is ready. */
	set_nmi_window(v, v->nmi_pending != 0);
}

/* With NMI exiting on, an NMI that arrives in the guest exits instead of
 * being delivered (SDM Vol. 3C 26.2): it is the guest's, so it is owed. The
 * exception bitmap is 0, so no exception comes here. */
void handle_exception_nmi(struct vcpu *v, u64 q)
{
	u32 info = (u32)vmread(VMCS_VM_EXIT_INTERRUPTION_INFO);

	(void)q;
	if (cpu_stopping())
		cpu_stopped_here();
	if (((info & VMCS_INTR_INFO_TYPE_MASK) >> VMCS_INTR_INFO_TYPE_SHIFT) != VMCS_INTR_TYPE_NMI)
		vcpu_stop(v, HV_EXIT_VMX_FAILURE,
			  "exception exit with interruption information %#x, but the exception "
			  "bitmap is 0; this is a thinvisor bug",
			  info);
	/* The NMI ended an IRET of the guest's that had already unblocked
	 * virtual NMIs: restore the blocking before re-entry (SDM Vol. 3C
	 * 28.2.3, "Information About NMI Unblocking Due to IRET"). */
	if ((info & VMCS_INTR_INFO_NMI_UNBLOCKING_IRET) && (vmx_ctls.pin & PIN_BASED_VIRTUAL_NMIS))
		vmwrite(VMCS_GUEST_INTERRUPTIBILITY_STATE,
			vmread(VMCS_GUEST_INTERRUPTIBILITY_STATE) | VMCS_INTR_BLOCKING_BY_NMI);
	/* A kick from vcpu_send_init() is the hypervisor's, not the guest's. */
	if (percpu[v->cpu].nmi_kicks) {
		__atomic_fetch_sub(&percpu[v->cpu].nmi_kicks, 1, __ATOMIC_SEQ_CST);
		return;
	}
	v->nmi_pending++;
}

/* The guest can take an NMI now: nmi_before_entry() injects it. */
void handle_nmi_window(struct vcpu *v, u64 q)
{
	(void)v;
	(void)q;
}

// SPDX-License-Identifier: MIT
/*
 * ept_violation.c - EPT violations and misconfigurations (SDM Vol. 3C 29.3.3).
 *
 * A violation on the hypervisor's memory ends the guest with a report.  A
 * violation anywhere else that is not RAM is the guest's first touch of a
 * device page: it is mapped uncacheable and the access retried.  The same
 * address faulting twice in a row means the mapping did not help: stop
 * rather than loop.
 */
#include "vmexit/ept_violation.h"
#include "vmexit/stop.h"
#include "vmexit/complete.h"
#include "vmx/vmx.h"
#include "hw/vmx.h"
#include "vmexit/qual.h"
#include "ept/ept.h"
#include "vmx/vmcs_access.h"
#include "hw/vmcs.h"
#include "lib/log.h"
#include "lib/fmt.h"
#include "mm/memory.h"

static hv_touch_fn hv_touch_watcher;

void ept_violation_watch_hv(hv_touch_fn fn)
{
	hv_touch_watcher = fn;
}

#define MAX_WATCHED_PAGES 4

static struct {
	u64 page;
	page_write_fn fn;
} watched[MAX_WATCHED_PAGES];
static u32 nr_watched;

void ept_violation_watch_page(u64 page, page_write_fn fn)
{
	if (nr_watched < MAX_WATCHED_PAGES)
		watched[nr_watched++] = (typeof(watched[0])){page, fn};
}

void handle_ept_violation(struct vcpu *v, u64 q)
{
	u64 gpa = vmread(VMCS_GUEST_PHYSICAL_ADDRESS);
	struct ept_qual e = ept_qual_decode(q);
	u64 rip = vmread(VMCS_GUEST_RIP);
	char what[96], lin[48] = "";

	ept_qual_describe(&e, what, sizeof(what));
	if (e.gla_valid)
		fmt_snprintf(lin, sizeof(lin), ", linear address %#llx",
			     (unsigned long long)vmread(VMCS_GUEST_LINEAR_ADDRESS));
	if (e.write && !e.fetch)
		for (u32 i = 0; i < nr_watched; i++)
			if (ALIGN_DOWN(gpa, PAGE_SIZE) == watched[i].page) {
				watched[i].fn(v, gpa);
				return;
			}
	if (hv_memory_owns(gpa)) {
		if (hv_touch_watcher)
			hv_touch_watcher(v, gpa); /* returns unless a test expected it */
		vcpu_stop(v, HV_EXIT_GUEST_FAULT,
			  "guest touched hypervisor memory: EPT violation at guest-physical %#llx "
			  "(%s%s), rip %#llx; guest stopped",
			  (unsigned long long)gpa, what, lin, (unsigned long long)rip);
	}
	if (v->last_ept_fault_gpa == ALIGN_DOWN(gpa, PAGE_SIZE) + 1 || !ept_map_device_page(gpa))
		vcpu_stop(v, HV_EXIT_GUEST_FAULT,
			  "EPT violation at guest-physical %#llx (%s), rip %#llx, that mapping "
			  "cannot resolve; guest stopped",
			  (unsigned long long)gpa, what, (unsigned long long)rip);
	/* +1: page addresses are aligned, so 0 never matches a real page */
	v->last_ept_fault_gpa = ALIGN_DOWN(gpa, PAGE_SIZE) + 1;
	pr_debug("ept: device page %#llx mapped uncacheable on first access (rip %#llx)",
		 (unsigned long long)ALIGN_DOWN(gpa, PAGE_SIZE), (unsigned long long)rip);
	ept_flush();
	/* The access is retried: no instruction to complete.  What the CPU
	 * was delivering when it faulted is delivered again; an IRET that had
	 * unblocked virtual NMIs before it faulted blocks them again (exit
	 * qualification bit 12, SDM Vol. 3C 28.2.3; undefined when the exit
	 * came during event delivery). */
	if (vmread(VMCS_IDT_VECTORING_INFO) & VMCS_INTR_INFO_VALID)
		vcpu_reinject_vectored_event(v);
	else if (e.nmi_unblocking && (vmx_ctls.pin & PIN_BASED_VIRTUAL_NMIS))
		vmwrite(VMCS_GUEST_INTERRUPTIBILITY_STATE,
			vmread(VMCS_GUEST_INTERRUPTIBILITY_STATE) | VMCS_INTR_BLOCKING_BY_NMI);
}

void handle_ept_misconfig(struct vcpu *v, u64 q)
{
	u64 gpa = vmread(VMCS_GUEST_PHYSICAL_ADDRESS);

	(void)q;
	vcpu_stop(v, HV_EXIT_GUEST_FAULT,
		  "EPT misconfiguration at guest-physical %#llx, rip %#llx: its EPT entry is "
		  "invalid (SDM Vol. 3C 29.3.3.1); guest stopped",
		  (unsigned long long)gpa, (unsigned long long)vmread(VMCS_GUEST_RIP));
}

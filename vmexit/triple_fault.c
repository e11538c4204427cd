// SPDX-License-Identifier: MIT
/*
 * triple_fault.c - the guest's triple fault (SDM Vol. 3C 26.2: a VM exit
 * instead of the shutdown a bare CPU would do).
 */
#include "vmexit/triple_fault.h"
#include "vmexit/entry_failure.h"
#include "vmexit/stop.h"
#include "vmx/vmcs_access.h"
#include "hw/vmcs.h"

void handle_triple_fault(struct vcpu *v, u64 q)
{
	(void)q;
	vmcs_dump_guest_state();
	vcpu_stop(v, HV_EXIT_GUEST_FAULT,
		  "guest triple fault (shutdown) at rip %#llx; the guest state is above",
		  (unsigned long long)vmread(VMCS_GUEST_RIP));
}

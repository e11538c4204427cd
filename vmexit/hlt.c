// SPDX-License-Identifier: MIT
/*
 * hlt.c - HLT exits.  thinvisor asks for no HLT exiting; a CPU whose
 * capability MSRs force it leaves a halted guest nothing to wake it, so
 * that is reported rather than spun on.
 */
#include "vmexit/hlt.h"
#include "vmexit/stop.h"
#include "vmx/vmcs_access.h"
#include "hw/vmcs.h"

void handle_hlt(struct vcpu *v, u64 q)
{
	(void)q;
	vcpu_stop(v, HV_EXIT_GUEST_FAULT,
		  "guest halted at rip %#llx with HLT exiting on; nothing can wake it",
		  (unsigned long long)vmread(VMCS_GUEST_RIP));
}

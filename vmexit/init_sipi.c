// SPDX-License-Identifier: MIT
/*
 * init_sipi.c - physical INIT and start-up IPI exits.  The guest's own
 * INIT/SIPI never reach a physical CPU: they are caught at the local APIC
 * (devices/lapic.c) and delivered to the target vCPU's mailbox.  What still
 * arrives here is a stray INIT from outside the guest (the SDM's "INIT
 * signal" exit, Vol. 3C 26.2): as Xen and ACRN do, it is reported once per
 * vCPU and the guest resumes.  A SIPI exit needs the wait-for-SIPI activity
 * state, which thinvisor never puts a vCPU in; it is reported and ignored.
 */
#include "vmexit/init_sipi.h"
#include "vmx/vmcs_access.h"
#include "hw/vmcs.h"
#include "lib/log.h"

void handle_init_signal(struct vcpu *v, u64 q)
{
	(void)q;
	if (!v->init_ignored++)
		pr_warn("INIT signal to vCPU %u at rip %#llx from outside the guest: ignored, "
			"the guest resumes",
			v->cpu, (unsigned long long)vmread(VMCS_GUEST_RIP));
	/* The exit left blocking by SMI/NMI state as it was; nothing to redo,
	 * and no instruction to complete: INIT is an event. */
}

void handle_sipi(struct vcpu *v, u64 q)
{
	pr_warn("start-up IPI (vector %#llx) exit on vCPU %u, which is not in wait-for-SIPI: "
		"ignored",
		(unsigned long long)(q & 0xFF), v->cpu);
}

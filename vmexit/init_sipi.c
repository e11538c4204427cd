// SPDX-License-Identifier: MIT
/*
 * init_sipi.c - INIT and start-up IPI exits: a guest vCPU of an application
 * processor is restarted the way a bare CPU is.
 */
#include "vmexit/init_sipi.h"
#include "vmexit/stop.h"
#include "vmx/guest_state.h"
#include "vmx/vmcs_access.h"
#include "hw/vmcs.h"
#include "lib/log.h"

/*
 * INIT to an application processor's vCPU: the guest's BSP is (re)starting
 * it.  Reset it to the INIT state (SDM Vol. 3A 10.1.1) and let it wait for a
 * SIPI, as a bare CPU does.  INIT to the BSP's vCPU would reset the guest's
 * boot CPU: report and stop instead.
 */
void handle_init_signal(struct vcpu *v, u64 q)
{
	(void)q;
	if (v->cpu == 0)
		vcpu_stop(v, HV_EXIT_GUEST_FAULT,
			  "INIT signal to the guest's boot CPU at rip %#llx (a reset request); "
			  "stopping",
			  (unsigned long long)vmread(VMCS_GUEST_RIP));
	/* The guest sends INIT, then SIPI.  The INIT arrives while the vCPU is
	 * in wait-for-SIPI, where INIT is blocked (SDM Vol. 3C 25.4.2): it stays
	 * pending and is recognised right after the SIPI started the vCPU (before
	 * its first instruction: any other exit ends this window).  It belongs
	 * before that SIPI, where it already took effect: drop it. */
	if (v->init_after_sipi) {
		v->init_after_sipi--;
		pr_debug("INIT to vCPU %u: the one sent before its SIPI, already served", v->cpu);
		/* The exit recorded blocking by SMI and NMI in the guest state; a
		 * vCPU at its first instruction has neither (SDM Vol. 3C 27.3.1.5
		 * refuses blocking by SMI outside SMM). */
		vmwrite(VMCS_GUEST_INTERRUPTIBILITY_STATE, 0);
		return;
	}
	pr_debug("INIT to vCPU %u: wait-for-SIPI", v->cpu);
	vmcs_guest_real_mode(v, 0, 0);
	vmwrite(VMCS_GUEST_ACTIVITY_STATE, VMCS_ACTIVITY_WAIT_FOR_SIPI);
}

/* A start-up IPI (exit qualification bits 7:0 = vector, SDM Vol. 3C 28.2.1):
 * start in real mode at vector * 4096, CS = vector << 8, IP = 0. */
void handle_sipi(struct vcpu *v, u64 q)
{
	u8 vector = q & 0xFF;

	pr_debug("SIPI to vCPU %u: vector %#x", v->cpu, vector);
	vmcs_guest_real_mode(v, (u16)(vector << 8), 0);
	vmwrite(VMCS_GUEST_ACTIVITY_STATE, VMCS_ACTIVITY_ACTIVE);
	/* An INIT assert and, on some CPUs and emulators, its de-assert or a
	 * repeat: drop a few that arrive before the vCPU's first instruction. */
	v->init_after_sipi = 8;
}

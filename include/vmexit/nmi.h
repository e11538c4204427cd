/* SPDX-License-Identifier: MIT */
/*
 * nmi.h - NMIs for the guest: those that arrive while it runs (an NMI
 * exit, exit reason 0, with NMI exiting on) and those the hypervisor took
 * in VMX root operation (counted by the NMI handler in percpu).
 *
 * Contract: nmi_before_entry() runs before every VM entry.  It injects one
 * owed NMI when the guest can take it (no blocking by STI, MOV SS or NMI,
 * no other event being injected, the vCPU active: SDM Vol. 3C 27.3.1.5);
 * otherwise it turns on NMI-window exiting (SDM Vol. 3C 26.7.6), whose exit
 * comes as soon as the guest is ready, and turns it off when nothing is
 * owed.  No NMI is dropped and none is delivered twice.
 * nmi_can_inject() is that rule alone, pure, for unit tests.
 */
#ifndef THINVISOR_VMEXIT_NMI_H
#define THINVISOR_VMEXIT_NMI_H

#include "types.h"
#include "vmx/vcpu.h"
#include "arch/percpu.h"

bool nmi_can_inject(u32 interruptibility, u32 entry_interruption_info, u32 activity_state);

void nmi_work_before_entry(struct vcpu *v);

/* The common case, inline: nothing owed, no window open. */
static inline void nmi_before_entry(struct vcpu *v)
{
	if (percpu[v->cpu].nmi_in_root | v->nmi_pending | v->nmi_window)
		nmi_work_before_entry(v);
}

/* Exit reason 0 (exception or NMI) and 8 (NMI window). */
void handle_exception_nmi(struct vcpu *v, u64 q);
void handle_nmi_window(struct vcpu *v, u64 q);

#endif

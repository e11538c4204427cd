/* SPDX-License-Identifier: MIT */
/*
 * complete.h - the two ways an exit handler hands control back to the
 * guest without ending it.
 *
 * Contract: a handler that carried out the guest's instruction calls
 * vcpu_complete_instruction() (SDM Vol. 3C 28.1: RIP past it, RF cleared,
 * STI/MOV-SS blocking dropped, a single-step #DB made pending under TF);
 * one that refuses it calls vcpu_inject_exception(), which leaves RIP at
 * the instruction, as a fault does.  Guest mistakes become guest
 * exceptions, never hypervisor errors.
 */
#ifndef THINVISOR_VMEXIT_COMPLETE_H
#define THINVISOR_VMEXIT_COMPLETE_H

#include "types.h"
#include "vmx/vcpu.h"

void vcpu_complete_instruction(struct vcpu *v);

/* The same for an instruction the hypervisor decoded itself, where the
 * exit gives no valid length (an EPT violation). */
void vcpu_skip_instruction(struct vcpu *v, u32 length);

/* The exit came during event delivery: deliver that event again on the
 * next entry (a no-op when the IDT-vectoring information is not valid). */
void vcpu_reinject_vectored_event(struct vcpu *v);

/* Deliver a hardware exception to the guest on the next VM entry. */
void vcpu_inject_exception(struct vcpu *v, u8 vector, bool has_error, u32 error);

#endif

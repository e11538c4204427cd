/* SPDX-License-Identifier: MIT */
/*
 * vmx_instruction.h - the VMX instructions (VMCALL, VMXON, VMREAD
 * and the rest, INVEPT, INVVPID, VMFUNC) and GETSEC: they always exit (SDM
 * Vol. 3C 26.1.2), and a guest that was told it has no VMX and no SMX
 * must see them fail with #UD.
 */
#ifndef THINVISOR_VMEXIT_VMX_INSTRUCTION_H
#define THINVISOR_VMEXIT_VMX_INSTRUCTION_H

#include "types.h"
#include "vmx/vcpu.h"

void handle_vmx_instruction(struct vcpu *v, u64 q);
void handle_getsec(struct vcpu *v, u64 q);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * vmx_entry.h - the world switch (arch/x86_64/vmx/vmx_entry.asm).
 *
 * Contract: vmx_run() saves the host's callee-saved registers, writes
 * HOST_RSP, loads the guest's general registers and CR2 from v->regs and
 * executes VMLAUNCH (first time) or VMRESUME.  At the next VM exit it
 * stores them back and returns 0; if the instruction itself failed it
 * returns 1 (VMfailInvalid) or 2 (VMfailValid) with the host intact.
 */
#ifndef THINVISOR_VMX_VMX_ENTRY_H
#define THINVISOR_VMX_VMX_ENTRY_H

#include "vmx/vcpu.h"

int vmx_run(struct vcpu *v);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * vmx/insn_error.h - descriptions of VM-instruction error numbers.
 *
 * Contract: vm_insn_error_name() takes the value of the VM-instruction error
 * field (VMCS_VM_INSTRUCTION_ERROR, read after a VMX instruction fails with
 * ZF=1, "VMfailValid") and returns the SDM's description of that number
 * (SDM Vol. 3C §31.4 "VM Instruction Error Numbers"), e.g. 7 gives
 * "VM entry with invalid control field(s)". 0, the reserved numbers and
 * anything out of range give "unknown VM-instruction error". Never returns
 * NULL; pure, no I/O.
 */
#ifndef THINVISOR_VMX_INSN_ERROR_H
#define THINVISOR_VMX_INSN_ERROR_H

#include "types.h"

const char *vm_insn_error_name(u32 err);

#endif

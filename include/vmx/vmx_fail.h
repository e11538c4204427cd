/* SPDX-License-Identifier: MIT */
/*
 * vmx_fail.h - the report of a VMX instruction that failed.
 *
 * Contract: vmx_insn_failed() names the instruction and its operand, reads
 * the VM-instruction error field for VMfailValid and prints the SDM's text
 * for it (SDM Vol. 3C 31.4), then stops the machine with
 * HV_EXIT_VMX_FAILURE.  It never returns.
 */
#ifndef THINVISOR_VMX_VMX_FAIL_H
#define THINVISOR_VMX_VMX_FAIL_H

#include "types.h"
#include "vmx/vmx_insn.h"

void __noreturn vmx_insn_failed(const char *insn, enum vmx_result r, u64 detail);

#endif

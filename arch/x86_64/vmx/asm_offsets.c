// SPDX-License-Identifier: MIT
/*
 * asm_offsets.c - structure offsets for the assembly entry stub.
 *
 * Compiled to assembly only (never linked): each DEFINE leaves a line
 * "->NAME value" in the output, which tools/gen_offsets.sh turns into
 * NASM %defines (build/include/asm_offsets.inc).  The stub therefore always
 * matches struct vcpu as compiled.
 */
#include "vmx/vcpu.h"
#include "hw/vmcs.h"

#define DEFINE(sym, val) asm volatile("\n->" #sym " %0" ::"i"(val))
#define OFF(sym, member) DEFINE(sym, offsetof(struct vcpu, member))

void asm_offsets(void);

void asm_offsets(void)
{
	OFF(VCPU_RAX, regs.rax);
	OFF(VCPU_RCX, regs.rcx);
	OFF(VCPU_RDX, regs.rdx);
	OFF(VCPU_RBX, regs.rbx);
	OFF(VCPU_RBP, regs.rbp);
	OFF(VCPU_RSI, regs.rsi);
	OFF(VCPU_RDI, regs.rdi);
	OFF(VCPU_R8, regs.r8);
	OFF(VCPU_R9, regs.r9);
	OFF(VCPU_R10, regs.r10);
	OFF(VCPU_R11, regs.r11);
	OFF(VCPU_R12, regs.r12);
	OFF(VCPU_R13, regs.r13);
	OFF(VCPU_R14, regs.r14);
	OFF(VCPU_R15, regs.r15);
	OFF(VCPU_CR2, regs.cr2);
	OFF(VCPU_LAUNCHED, launched);
	OFF(VCPU_HOST_RSP, host_rsp);
	DEFINE(VMCS_HOST_RSP_ENC, VMCS_HOST_RSP);
}

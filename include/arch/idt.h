/* SPDX-License-Identifier: MIT */
/*
 * idt.h - the hypervisor's exception handling.
 *
 * The hypervisor runs with interrupts off.  Every CPU exception that reaches
 * it is either expected (an instruction listed in the exception table, e.g.
 * rdmsr_safe(), which resumes at its fixup) or a hypervisor bug: then the
 * vector, error code, RIP, CR2 and all general registers are printed and
 * the machine stops with HV_EXIT_CPU_EXCEPTION.
 */
#ifndef THINVISOR_ARCH_IDT_H
#define THINVISOR_ARCH_IDT_H

#include "types.h"

/* Layout fixed by arch/x86_64/isr.asm (checked with static asserts). */
struct trap_frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rdi, rsi, rbp, rbx, rdx, rcx, rax;
	u64 vector, error;
	u64 rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

/* Build the IDT (once) and load it; idt_load() loads it on another CPU. */
void idt_init(void);
void idt_load(void);
u64 idt_base(void);

/* An entry of the exception table (.extable): a fault at insn resumes at fixup. */
struct extable_entry {
	u64 insn, fixup;
};

/* rdmsr/wrmsr that return -1 instead of faulting on a #GP (no such MSR). */
int rdmsr_safe(u32 msr, u64 *value);
int wrmsr_safe(u32 msr, u64 value);

#endif

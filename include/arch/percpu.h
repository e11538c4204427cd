/* SPDX-License-Identifier: MIT */
/*
 * percpu.h - what each physical CPU owns.  GS base points at the CPU's
 * struct percpu in VMX root operation (also as HOST_GS_BASE, so a VM exit
 * restores it), so this_cpu() is one load.
 */
#ifndef THINVISOR_ARCH_PERCPU_H
#define THINVISOR_ARCH_PERCPU_H

#include "types.h"

#define MAX_CPUS 512

struct vcpu;

enum cpu_state {
	CPU_ABSENT = 0,
	CPU_STARTING, /* INIT-SIPI-SIPI sent */
	CPU_READY,    /* in VMX root operation, VMCS ready */
	CPU_PARKED,   /* not virtualised (cpus=N): halted in the hypervisor */
	CPU_RUNNING,  /* running its guest vCPU */
};

struct percpu {
	u32 index; /* first: this_cpu() reads it at %gs:0 */
	u32 apic_id;
	struct vcpu *vcpu;
	u64 stack_top;
	u64 ist_base;	    /* 3 pages of IST stacks (#DF, NMI, #MC); APs only */
	volatile u32 state; /* enum cpu_state */
	/* NMIs taken in VMX root operation, not yet given to the guest:
	 * counted by the NMI handler (no lock, no log), taken by
	 * nmi_before_entry() (vmexit/nmi.c). */
	volatile u32 nmi_in_root;
	/* NMIs sent to this CPU only to make it leave the guest (a virtual
	 * INIT waits for it): consumed, never given to the guest. */
	volatile u32 nmi_kicks;
};

extern struct percpu percpu[MAX_CPUS];
extern u32 nr_cpus; /* CPUs started (BSP included) */

static inline u32 this_cpu(void)
{
	u32 i;

	asm volatile("movl %%gs:0, %0" : "=r"(i));
	return i;
}

/* Point GS base at percpu[index] (before anything calls this_cpu()). */
void percpu_init(u32 index);

#endif

// SPDX-License-Identifier: MIT
/*
 * percpu.c - what each physical CPU owns (see include/arch/percpu.h).
 */
#include "arch/percpu.h"
#include "arch/cpu.h"
#include "hw/msr.h"

struct percpu percpu[MAX_CPUS];
u32 nr_cpus = 1;

void percpu_init(u32 index)
{
	percpu[index].index = index;
	wrmsr(IA32_GS_BASE, (u64)&percpu[index]);
}

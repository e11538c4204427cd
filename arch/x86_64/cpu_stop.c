// SPDX-License-Identifier: MIT
/*
 * cpu_stop.c - the machine-wide stop (see include/arch/cpu_stop.h).
 */
#include "arch/cpu_stop.h"
#include "arch/cpu.h"

static volatile u32 stopping;
static volatile u32 nr_stopped;

void cpu_stop_begin(void)
{
	__atomic_store_n(&stopping, 1, __ATOMIC_SEQ_CST);
}

bool cpu_stopping(void)
{
	return stopping != 0;
}

void __noreturn cpu_stopped_here(void)
{
	__atomic_fetch_add(&nr_stopped, 1, __ATOMIC_SEQ_CST);
	cpu_halt_forever();
}

u32 cpus_stopped(void)
{
	return nr_stopped;
}

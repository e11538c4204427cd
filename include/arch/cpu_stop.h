/* SPDX-License-Identifier: MIT */
/*
 * cpu_stop.h - the machine-wide stop: when one CPU ends the machine, every
 * other one halts.
 *
 * Contract: the stopping CPU calls cpu_stop_begin() and then sends every
 * other CPU an NMI (smp.c); each NMI path (the handler in VMX root, the NMI
 * exit in the guest) sees cpu_stopping() and calls cpu_stopped_here(),
 * which counts the CPU and halts it for good; cpus_stopped() is the count.
 */
#ifndef THINVISOR_ARCH_CPU_STOP_H
#define THINVISOR_ARCH_CPU_STOP_H

#include "types.h"

void cpu_stop_begin(void);
bool cpu_stopping(void);
void __noreturn cpu_stopped_here(void);
u32 cpus_stopped(void);

#endif

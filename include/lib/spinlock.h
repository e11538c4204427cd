/* SPDX-License-Identifier: MIT */
/*
 * spinlock.h - the one lock thinvisor needs: CPUs in VMX root operation run
 * with interrupts off, so a spinning waiter can never deadlock against an
 * interrupt handler on its own CPU.  XCHG is a full barrier (SDM Vol. 3A
 * 9.1.2.2, locked operations).
 */
#ifndef THINVISOR_LIB_SPINLOCK_H
#define THINVISOR_LIB_SPINLOCK_H

#include "types.h"

typedef struct {
	volatile u32 locked;
} spinlock_t;

static inline void spin_lock(spinlock_t *l)
{
	u32 one = 1;

	for (;;) {
		asm volatile("xchg %0, %1" : "+r"(one), "+m"(l->locked) : : "memory");
		if (!one)
			return;
		one = 1;
		while (l->locked)
			asm volatile("pause" ::: "memory");
	}
}

static inline void spin_unlock(spinlock_t *l)
{
	asm volatile("" ::: "memory");
	l->locked = 0;
}

#endif

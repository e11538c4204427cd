/* SPDX-License-Identifier: MIT */
/*
 * mwait.h - MONITOR/MWAIT (SDM Vol. 2B), for CPUs that wait for nothing.
 *
 * mwait_deepest_hint() picks the MWAIT hint of the deepest C-state that
 * CPUID leaf 05H lists (EDX: 4 bits per C-state from C0, the number of
 * its sub-states): EAX[7:4] = C-state - 1, EAX[3:0] = its last sub-state.
 * With none listed it gives 0 (C1).  Pure.
 */
#ifndef THINVISOR_ARCH_MWAIT_H
#define THINVISOR_ARCH_MWAIT_H

#include "types.h"

static inline u32 mwait_deepest_hint(u32 leaf5_edx)
{
	u32 hint = 0;

	/* C1 is nibble 1 (nibble 0 is C0), up to C7 */
	for (u32 c = 1; c < 8; c++) {
		u32 subs = (leaf5_edx >> (4 * c)) & 0xF;

		if (subs)
			hint = ((c - 1) << 4) | (subs - 1);
	}
	return hint;
}

static inline void monitor(const volatile void *p)
{
	asm volatile("monitor" : : "a"(p), "c"(0), "d"(0));
}

/* ECX bit 0: an interrupt ends the wait even with IF = 0 (none come to a
 * parked CPU; NMIs always end it). */
static inline void mwait(u32 hint)
{
	asm volatile("mwait" : : "a"(hint), "c"(1));
}

#endif

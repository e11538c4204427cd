// SPDX-License-Identifier: MIT
/*
 * xsetbv.c - XSETBV exits: the guest's XCR0 goes to the hardware only
 * after every rule of SDM Vol. 2C XSETBV and Vol. 1 13.3 ("Enabling the
 * XSAVE Feature Set and XSAVE-Enabled Features") holds, because a value the
 * CPU refuses would fault in the hypervisor, not in the guest.
 */
#include "vmexit/xsetbv.h"
#include "vmexit/complete.h"
#include "arch/cpu.h"
#include "hw/x86.h"
#include "lib/log.h"

#define XCR0_X87      BIT(0)
#define XCR0_SSE      BIT(1)
#define XCR0_AVX      BIT(2)
#define XCR0_BNDREGS  BIT(3)			 /* MPX */
#define XCR0_BNDCSR   BIT(4)			 /* MPX */
#define XCR0_AVX512   (BIT(5) | BIT(6) | BIT(7)) /* opmask, ZMM_Hi256, Hi16_ZMM */
#define XCR0_TILECFG  BIT(17)			 /* AMX */
#define XCR0_TILEDATA BIT(18)			 /* AMX */

/* Both bits of a pair set, or neither. */
static bool together(u64 value, u64 pair)
{
	return (value & pair) == 0 || (value & pair) == pair;
}

bool xsetbv_allowed(u32 ecx, u64 value, u64 supported)
{
	if (ecx != 0) /* only XCR0 is writable */
		return false;
	if (!(value & XCR0_X87)) /* x87 state can never be disabled */
		return false;
	if (value & ~supported) /* a component the CPU lacks */
		return false;
	if ((value & XCR0_AVX) && !(value & XCR0_SSE))
		return false;
	/* AVX-512: bits 7:5 all or none, and only with AVX (and so SSE) */
	if (!together(value, XCR0_AVX512))
		return false;
	if ((value & XCR0_AVX512) && (value & (XCR0_SSE | XCR0_AVX)) != (XCR0_SSE | XCR0_AVX))
		return false;
	/* MPX: BNDREGS and BNDCSR together; AMX: TILECFG and TILEDATA together */
	return together(value, XCR0_BNDREGS | XCR0_BNDCSR) &&
	       together(value, XCR0_TILECFG | XCR0_TILEDATA);
}

/* The #UD (CR4.OSXSAVE = 0) and CPL checks come before the exit (SDM Vol.
 * 3C 26.1.1); what is left is the value check above. */
void handle_xsetbv(struct vcpu *v, u64 q)
{
	u64 value = (v->regs.rdx << 32) | (u32)v->regs.rax;
	struct cpuid_out d = cpuid(0xD, 0);
	u64 supported = ((u64)d.edx << 32) | d.eax;

	(void)q;
	if (!xsetbv_allowed((u32)v->regs.rcx, value, supported)) {
		pr_debug("XSETBV %#llx refused: #GP", (unsigned long long)value);
		vcpu_inject_exception(v, X86_VEC_GP, true, 0);
		return;
	}
	xsetbv(0, value);
	vcpu_complete_instruction(v);
}

/* SPDX-License-Identifier: MIT */
/*
 * xsetbv.h - XSETBV exits (SDM Vol. 3C 26.1.2: XSETBV always exits).
 *
 * xsetbv_allowed() is the value check of SDM Vol. 2C XSETBV and Vol. 1
 * 13.3 on its own, pure, for unit tests: ECX must be 0, the value must
 * keep x87 (bit 0), set only bits the CPU supports (supported, from
 * CPUID.(EAX=0DH,ECX=0):EDX:EAX), and keep the feature pairs together.
 * Anything else is #GP(0) for the guest.
 */
#ifndef THINVISOR_VMEXIT_XSETBV_H
#define THINVISOR_VMEXIT_XSETBV_H

#include "types.h"
#include "vmx/vcpu.h"

bool xsetbv_allowed(u32 ecx, u64 value, u64 supported);
void handle_xsetbv(struct vcpu *v, u64 q);

#endif

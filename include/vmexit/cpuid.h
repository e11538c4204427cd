/* SPDX-License-Identifier: MIT */
/*
 * cpuid.h - CPUID exits (SDM Vol. 3C 26.1.2: CPUID always exits).
 * The guest sees the host's answer through vmexit/cpuid_policy.h.
 */
#ifndef THINVISOR_VMEXIT_CPUID_H
#define THINVISOR_VMEXIT_CPUID_H

#include "types.h"
#include "vmx/vcpu.h"

void handle_cpuid(struct vcpu *v, u64 q);

#endif

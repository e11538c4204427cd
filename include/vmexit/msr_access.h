/* SPDX-License-Identifier: MIT */
/*
 * msr_access.h - RDMSR and WRMSR exits, carried out as msr/policy.h decides
 * (ECX names the MSR, EDX:EAX the value: SDM Vol. 2B RDMSR/WRMSR).  An MSR
 * the policy refuses, or one the CPU lacks, is #GP(0) for the guest.
 */
#ifndef THINVISOR_VMEXIT_MSR_ACCESS_H
#define THINVISOR_VMEXIT_MSR_ACCESS_H

#include "types.h"
#include "vmx/vcpu.h"

void handle_rdmsr(struct vcpu *v, u64 q);
void handle_wrmsr(struct vcpu *v, u64 q);

#endif

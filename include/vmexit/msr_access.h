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

/* The device that carries out WRMSR to the MSRs whose policy is MSR_DEVICE;
 * it returns false for an MSR it does not serve (then done on hardware). */
typedef bool (*msr_write_fn)(struct vcpu *v, u32 msr, u64 value);
void msr_access_set_device(msr_write_fn fn);

#endif

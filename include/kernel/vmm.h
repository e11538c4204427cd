/* SPDX-License-Identifier: MIT */
/*
 * vmm.h - from a prepared host to a running guest.  Called once the CPU is
 * known to have VMX with EPT and unrestricted guest; never returns.
 */
#ifndef THINVISOR_KERNEL_VMM_H
#define THINVISOR_KERNEL_VMM_H

#include "types.h"

struct mb2_info;
struct hv_options;

/* TSC at the start of hv_main, for the start-up time reported at launch. */
extern u64 hv_start_tsc;

struct vcpu;

/* The vCPU of physical CPU cpu (one each, never freed). */
struct vcpu *vcpu_alloc(u32 cpu);

/* Enter and re-enter the guest on this CPU, dispatching every exit. */
void __noreturn vcpu_run(struct vcpu *v);

void __noreturn vmm_start(const struct mb2_info *mi, const struct hv_options *opts);

#endif

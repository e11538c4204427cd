/* SPDX-License-Identifier: MIT */
/*
 * vmm.h - from a prepared host to a running guest.  Called once the CPU is
 * known to have VMX with EPT and unrestricted guest; never returns.
 */
#ifndef THINVISOR_KERNEL_VMM_H
#define THINVISOR_KERNEL_VMM_H

#include "types.h"

struct machine;
struct hv_options;

/* TSC at the start of hv_main, for the start-up time reported at launch. */
extern u64 hv_start_tsc;

void __noreturn vmm_start(const struct machine *m, const struct hv_options *opts);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * cr_access.h - control-register exits (SDM Vol. 3C 28.1.3,
 * Table "Exit Qualification for Control-Register Accesses"): writes that
 * would change a bit the hypervisor owns, and CR3 accesses where the CPU
 * forces CR3 exiting.
 */
#ifndef THINVISOR_VMEXIT_CR_ACCESS_H
#define THINVISOR_VMEXIT_CR_ACCESS_H

#include "types.h"
#include "vmx/vcpu.h"

void handle_cr_access(struct vcpu *v, u64 q);

#endif

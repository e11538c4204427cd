/* SPDX-License-Identifier: MIT */
/*
 * hlt.h - HLT exits, where the CPU's controls force HLT exiting.
 */
#ifndef THINVISOR_VMEXIT_HLT_H
#define THINVISOR_VMEXIT_HLT_H

#include "types.h"
#include "vmx/vcpu.h"

void handle_hlt(struct vcpu *v, u64 q);

#endif

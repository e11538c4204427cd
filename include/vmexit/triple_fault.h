/* SPDX-License-Identifier: MIT */
/*
 * triple_fault.h - triple fault (shutdown) of the guest: reported
 * with the guest state, then the guest is ended.
 */
#ifndef THINVISOR_VMEXIT_TRIPLE_FAULT_H
#define THINVISOR_VMEXIT_TRIPLE_FAULT_H

#include "types.h"
#include "vmx/vcpu.h"

void handle_triple_fault(struct vcpu *v, u64 q);

#endif

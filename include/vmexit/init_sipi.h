/* SPDX-License-Identifier: MIT */
/*
 * init_sipi.h - INIT signal and start-up IPI exits (SDM Vol. 3C 26.2,
 * 28.2.1): a safety net.  The guest's INIT/SIPI are virtual (devices/
 * lapic.h); a physical INIT that still reaches a vCPU is logged once and
 * the guest resumes; a SIPI exit cannot happen and is logged.
 */
#ifndef THINVISOR_VMEXIT_INIT_SIPI_H
#define THINVISOR_VMEXIT_INIT_SIPI_H

#include "types.h"
#include "vmx/vcpu.h"

void handle_init_signal(struct vcpu *v, u64 q);
void handle_sipi(struct vcpu *v, u64 q);

#endif

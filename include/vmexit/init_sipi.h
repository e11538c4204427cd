/* SPDX-License-Identifier: MIT */
/*
 * init_sipi.h - INIT signal and start-up IPI exits (SDM Vol. 3C 26.2,
 * 28.2.1): an AP vCPU is reset to wait-for-SIPI by INIT and started in real
 * mode by SIPI; INIT to the boot CPU ends the guest.
 */
#ifndef THINVISOR_VMEXIT_INIT_SIPI_H
#define THINVISOR_VMEXIT_INIT_SIPI_H

#include "types.h"
#include "vmx/vcpu.h"

void handle_init_signal(struct vcpu *v, u64 q);
void handle_sipi(struct vcpu *v, u64 q);

#endif

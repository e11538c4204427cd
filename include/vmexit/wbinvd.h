/* SPDX-License-Identifier: MIT */
/*
 * wbinvd.h - INVD and WBINVD/WBNOINVD exits (SDM Vol. 3C 26.1.2: INVD
 * always exits; WBINVD with its secondary control).
 */
#ifndef THINVISOR_VMEXIT_WBINVD_H
#define THINVISOR_VMEXIT_WBINVD_H

#include "types.h"
#include "vmx/vcpu.h"

void handle_wbinvd(struct vcpu *v, u64 q);

#endif

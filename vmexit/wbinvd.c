// SPDX-License-Identifier: MIT
/*
 * wbinvd.c - INVD and WBINVD/WBNOINVD exits.  INVD throws away dirty cache
 * lines, which could hold the hypervisor's data: both do the safe WBINVD
 * instead (SDM Vol. 2A INVD recommends as much).
 */
#include "vmexit/wbinvd.h"
#include "vmexit/complete.h"
#include "arch/cpu.h"

void handle_wbinvd(struct vcpu *v, u64 q)
{
	(void)q;
	wbinvd();
	vcpu_complete_instruction(v);
}

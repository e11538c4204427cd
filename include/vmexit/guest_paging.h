/* SPDX-License-Identifier: MIT */
/*
 * guest_paging.h - the guest's own address translation, to read the bytes
 * of an instruction that caused an exit (its linear address is CS base +
 * RIP; the bytes are wherever the guest's page tables put them).
 *
 * Contract: guest_translate() walks the guest's paging structures as the
 * CPU would for a read (SDM Vol. 3A 4.3 32-bit paging, 4.4 PAE, 4.5
 * 4-level and 5-level paging, with 4 MiB / 2 MiB / 1 GiB pages), given the
 * guest's CR0, CR3, CR4 and EFER; paging off means linear = physical.  It
 * checks presence only (the guest's instruction fetch already succeeded).
 * Entries are read through read64(pa), so the walk is pure and unit-tested.
 * Guest-physical equals host-physical under thinvisor's identity EPT.
 */
#ifndef THINVISOR_VMEXIT_GUEST_PAGING_H
#define THINVISOR_VMEXIT_GUEST_PAGING_H

#include "types.h"

struct guest_paging {
	u64 cr0, cr3, cr4, efer;
};

typedef u64 (*guest_read64_fn)(u64 pa, void *ctx);

bool guest_translate(const struct guest_paging *g, u64 la, guest_read64_fn read64, void *ctx,
		     u64 *pa);

#endif

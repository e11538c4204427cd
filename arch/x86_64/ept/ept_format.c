// SPDX-License-Identifier: MIT
/*
 * ept_format.c - what makes a table an EPT for the shared page-table
 * engine.  Pure data, so the unit tests build EPTs over a host buffer with
 * exactly the format the hypervisor uses.
 */
#include "ept/ept.h"
#include "hw/vmx.h"

/* An EPT entry is present when any of R/W/X is set (SDM Vol. 3C 29.3.2);
 * a non-leaf entry grants everything and leaves the decision to the leaf.
 * Bit 7 of a PDE/PDPTE would make a large page: never set by us. */
const struct pt_format ept_format = {
	.name = "EPT",
	.table_flags = EPT_RWX,
	.present_mask = EPT_RWX,
	.leaf_large_bit = EPT_LARGE_PAGE,
};

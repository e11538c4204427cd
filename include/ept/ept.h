/* SPDX-License-Identifier: MIT */
/*
 * ept.h - the guest's EPT: 4-level, 4 KiB pages only, guest-physical =
 * host-physical, built by the shared page-table engine (mm/pagetable.c)
 * with EPT entry flags (SDM Vol. 3C 29.3.2, "EPT Translation Mechanism").
 *
 *  - RAM (usable, ACPI, NVS ranges of the firmware map) and the first
 *    1 MiB: RWX, write-back with ignore-PAT set, so that the guest's own
 *    view of memory types (its MTRRs read as zero, which architecturally
 *    means all-uncacheable) never slows it down (SDM Vol. 3C 29.3.7.2);
 *    the legacy VGA window 0xA0000-0xBFFFF is uncacheable
 *  - the hypervisor's memory (hv_memory_ranges(), the same list the
 *    guest's e820 reserves): absent, so any guest access is an EPT
 *    violation that ends the guest
 *  - everything else (MMIO: APICs, PCI BARs, firmware): mapped uncacheable
 *    one page at a time on the guest's first access (ept_map_device_page)
 */
#ifndef THINVISOR_EPT_EPT_H
#define THINVISOR_EPT_EPT_H

#include "types.h"
#include "mm/pagetable.h"
#include "hw/vmx.h"

struct machine;

struct ept {
	struct page_table pt;
	u64 eptp;
	u64 device_pages;	/* mapped on demand */
};

extern struct ept guest_ept;
extern const struct pt_format ept_format;

/* Leaf flags of a RAM page and of a device page. */
#define EPT_LEAF_RAM (EPT_RWX | EPT_MEMTYPE(VMX_MEMTYPE_WB) | EPT_IGNORE_PAT)
#define EPT_LEAF_DEVICE (EPT_RWX | EPT_MEMTYPE(VMX_MEMTYPE_UC))

void ept_build(const struct machine *m);

/* Remove the hypervisor's memory (after memory_freeze()). */
void ept_hide_hypervisor(void);

/* Identity-map one 4 KiB device page uncacheable; false if that is not allowed. */
bool ept_map_device_page(u64 gpa);

/* Make gpa's entry invalid on purpose (self-test of misconfiguration exits). */
void ept_misconfigure_page(u64 gpa);

/* INVEPT after a change to the tables. */
void ept_flush(void);

#endif

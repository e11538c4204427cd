/* SPDX-License-Identifier: MIT */
/*
 * ept.h - the guest's EPT: 4-level, 4 KiB pages only, guest-physical =
 * host-physical, built by the shared page-table engine (mm/pagetable.c)
 * with EPT entry flags (SDM Vol. 3C 29.3.2, "EPT Translation Mechanism").
 *
 *  - RAM (usable, ACPI, NVS ranges of the firmware map) and the first
 *    1 MiB: 4 KiB pages only, RWX, write-back, ignore-PAT clear.  Under
 *    EPT the guest's MTRRs play no part (its MTRR MSRs read as zero): the
 *    EPT type stands where the MTRRs' type would, and combines with the
 *    guest's PAT exactly as MTRRs do (SDM Vol. 3C 29.3.7.2, Vol. 3A Table
 *    13-7): a page the guest maps WB is WB, one it maps UC or WC (a
 *    driver's DMA buffer, a frame buffer in RAM) is UC or WC, as on bare
 *    metal.  Ignoring the PAT would force all of RAM to WB and break
 *    drivers of the real devices the guest owns, so it stays clear.
 *    The first 1 MiB takes its types from the host's fixed-range MTRRs
 *    (VGA window, option ROMs, BIOS), or without them WB with the legacy
 *    VGA window 0xA0000-0xBFFFF uncacheable
 *  - the hypervisor's memory (hv_memory_ranges(), the same list the
 *    guest's e820 reserves): absent, so any guest access is an EPT
 *    violation that ends the guest
 *  - everything else (MMIO: APICs, PCI BARs, firmware, up to the plan's
 *    top, at most MAXPHYADDR): mapped uncacheable when the EPT is built,
 *    with 1 GiB and 2 MiB leaves where the CPU has them (the table cost
 *    stays bounded: at most 2 MiB); beyond the top, on the guest's first
 *    access, one 4 KiB page at a time (ept_map_device_page)
 */
#ifndef THINVISOR_EPT_EPT_H
#define THINVISOR_EPT_EPT_H

#include "types.h"
#include "mm/pagetable.h"
#include "hw/vmx.h"

struct machine;

struct ept_device_plan {
	u64 top;
	u32 sizes;
};

struct ept {
	struct page_table pt;
	u64 eptp;
	struct ept_device_plan device; /* device space mapped at build time */
	u64 device_pages;	       /* mapped on demand, above device.top */
};

extern struct ept guest_ept;
extern const struct pt_format ept_format;

/* Leaf flags of a RAM page and of a device page. */
#define EPT_LEAF_RAM	(EPT_RWX | EPT_MEMTYPE(VMX_MEMTYPE_WB))
#define EPT_LEAF_DEVICE (EPT_RWX | EPT_MEMTYPE(VMX_MEMTYPE_UC))

void ept_build(const struct machine *m);

/* How device space is mapped at build time: up to `top` with the page
 * sizes of `sizes` (PT_PAGES_*).  Pure, from IA32_VMX_EPT_VPID_CAP, CPUID
 * 80000008H:EAX[7:0] and the end of the firmware map. */
struct ept_device_plan ept_device_plan(u64 ept_vpid_cap, u32 maxphyaddr, u64 top_of_map);

/* The first range at or above `from` and below `top` that no RAM range of
 * map[] (usable, ACPI, NVS; any order, may overlap) covers: returns its
 * start and sets *gap_end; returns top when there is none. */
struct mem_range;
u64 ept_next_gap(const struct mem_range *map, u32 n, u64 from, u64 top, u64 *gap_end);

/*
 * The first 1 MiB follows the firmware's fixed-range MTRRs (when they are
 * enabled): mtrr_fixed_types() gives the type of each of its 256 pages from
 * the 11 fixed-range MTRRs in the order 64K_00000, 16K_80000, 16K_A0000,
 * 4K_C0000 .. 4K_F8000.  A type EPT cannot carry becomes UC.  Pure.
 */
#define MTRR_FIXED_MSRS 11
#define MTRR_LOW_PAGES	256
void mtrr_fixed_types(const u64 fix[MTRR_FIXED_MSRS], u8 types[MTRR_LOW_PAGES]);

/* Remove the hypervisor's memory (after memory_freeze()). */
void ept_hide_hypervisor(void);

/* Identity-map one 4 KiB device page uncacheable; false if that is not
 * allowed or the run-time reserve has no table left (never fatal here: the
 * caller stops the guest with a report, outside the EPT lock). */
bool ept_map_device_page(u64 gpa);

/* Map one device page read-only (uncacheable): reads reach the device,
 * writes exit to the handler that ept_violation_watch_page() named. */
void ept_write_protect_device_page(u64 gpa);

/* Make gpa's entry invalid on purpose (self-test of misconfiguration exits). */
void ept_misconfigure_page(u64 gpa);

/* INVEPT after a change to the tables. */
void ept_flush(void);

#endif

// SPDX-License-Identifier: MIT
/*
 * ept.c - build and maintain the guest's EPT (see include/ept/ept.h).
 */
#include "ept/ept.h"
#include "hw/vmx.h"
#include "hw/msr.h"
#include "boot/machine.h"
#include "vmx/vmx.h"
#include "vmx/vmcs_access.h"
#include "vmx/vmx_fail.h"
#include "lib/log.h"
#include "lib/panic.h"
#include "lib/spinlock.h"
#include "mm/memory.h"
#include "arch/cpu.h"

struct ept guest_ept;

static void *ept_p2v(u64 pa, void *ctx)
{
	(void)ctx;
	return phys_to_virt(pa);
}

static u64 ept_alloc_table(void *ctx)
{
	(void)ctx;
	/* While the guest runs a lack of memory is reported by the caller. */
	if (hv_mem.frozen)
		return frame_try_alloc_zeroed(1);
	return frame_alloc_zeroed(1, "EPT tables");
}

static const struct pt_env ept_env = {ept_p2v, ept_alloc_table, NULL};

static void ept_map(u64 start, u64 end, u64 flags)
{
	int err;

	start = ALIGN_DOWN(start, PAGE_SIZE);
	end = ALIGN_UP(end, PAGE_SIZE);
	if (end <= start)
		return;
	err = pt_map(&guest_ept.pt, start, start, end - start, flags);
	if (err)
		fatal(HV_EXIT_NO_MEMORY, "cannot build the EPT for %#llx-%#llx: error %d",
		      (unsigned long long)start, (unsigned long long)end, err);
}

/* Every gap between RAM ranges above 1 MiB, up to the plan's top: device
 * space, uncacheable, with large leaves where they fit. */
static void map_device_space(const struct machine *m)
{
	u32 maxphyaddr =
		cpuid(0x80000000, 0).eax >= 0x80000008 ? cpuid(0x80000008, 0).eax & 0xFF : 36;
	u64 top_of_map = 0, from = 1 * MiB, end, before = pt_bytes(&guest_ept.pt);

	for (u32 i = 0; i < m->nr_map; i++)
		top_of_map = MAX(top_of_map, m->map[i].end);
	guest_ept.device = ept_device_plan(vmx_caps.ept_vpid_cap, maxphyaddr, top_of_map);
	while ((from = ept_next_gap(m->map, m->nr_map, from, guest_ept.device.top, &end)) <
	       guest_ept.device.top) {
		u64 s = ALIGN_UP(from, PAGE_SIZE), e = ALIGN_DOWN(end, PAGE_SIZE);
		int err = e > s ? pt_map_pages(&guest_ept.pt, s, s, e - s, EPT_LEAF_DEVICE,
					       guest_ept.device.sizes)
				: PT_OK;

		if (err)
			fatal(HV_EXIT_NO_MEMORY,
			      "cannot map device space %#llx-%#llx in the EPT: "
			      "error %d",
			      (unsigned long long)s, (unsigned long long)e, err);
		from = end;
	}
	pr_info("ept: device space up to %#llx mapped uncacheable (%s pages, %llu KiB of tables; "
		"MAXPHYADDR %u)",
		(unsigned long long)guest_ept.device.top,
		(guest_ept.device.sizes & PT_PAGES_1G)	 ? "1 GiB"
		: (guest_ept.device.sizes & PT_PAGES_2M) ? "2 MiB"
							 : "4 KiB",
		(unsigned long long)((pt_bytes(&guest_ept.pt) - before) / KiB), maxphyaddr);
}

/*
 * The first 1 MiB as the firmware typed it in the fixed-range MTRRs (SDM
 * Vol. 3A 13.11.2.2): the guest reads its MTRRs as zero, so the EPT carries
 * the types that the hardware MTRRs would have applied, combined with the
 * guest's PAT as the MTRRs' are (see include/ept/ept.h).  When
 * they are absent or disabled, RAM is write-back and the VGA window
 * uncacheable, as PC firmware sets them.
 */
static void map_low_memory(void)
{
	static const u32 fixed[MTRR_FIXED_MSRS] = {
		IA32_MTRR_FIX64K_00000, IA32_MTRR_FIX16K_80000, IA32_MTRR_FIX16K_A0000,
		IA32_MTRR_FIX4K_C0000,	IA32_MTRR_FIX4K_C8000,	IA32_MTRR_FIX4K_D0000,
		IA32_MTRR_FIX4K_D8000,	IA32_MTRR_FIX4K_E0000,	IA32_MTRR_FIX4K_E8000,
		IA32_MTRR_FIX4K_F0000,	IA32_MTRR_FIX4K_F8000,
	};
	u64 def = rdmsr(IA32_MTRR_DEF_TYPE), fix[MTRR_FIXED_MSRS];
	u8 types[MTRR_LOW_PAGES];

	if (!(cpuid(1, 0).edx & BIT(12)) || !(rdmsr(IA32_MTRRCAP) & IA32_MTRRCAP_FIX) ||
	    (def & (IA32_MTRR_DEF_TYPE_E | IA32_MTRR_DEF_TYPE_FE)) !=
		    (IA32_MTRR_DEF_TYPE_E | IA32_MTRR_DEF_TYPE_FE)) {
		ept_map(0, 0xA0000, EPT_LEAF_RAM);
		ept_map(0xA0000, 0xC0000, EPT_LEAF_DEVICE);
		ept_map(0xC0000, 1 * MiB, EPT_LEAF_RAM);
		pr_debug("ept: no fixed-range MTRRs; first 1 MiB write-back, VGA window UC");
		return;
	}
	for (u32 i = 0; i < MTRR_FIXED_MSRS; i++)
		fix[i] = rdmsr(fixed[i]);
	mtrr_fixed_types(fix, types);
	for (u32 p = 0; p < MTRR_LOW_PAGES; p++)
		ept_map((u64)p * PAGE_SIZE, (u64)(p + 1) * PAGE_SIZE,
			EPT_RWX | EPT_MEMTYPE(types[p]));
	pr_info("ept: first 1 MiB typed from the fixed-range MTRRs (0xA0000 type %u, 0xC0000 type "
		"%u, 0xF0000 type %u)",
		types[0xA0], types[0xC0], types[0xF0]);
}

void ept_build(const struct machine *m)
{
	if (pt_init(&guest_ept.pt, &ept_format, &ept_env))
		fatal(HV_EXIT_NO_MEMORY, "no memory for the EPT root");
	map_low_memory();

	for (u32 i = 0; i < m->nr_map; i++)
		if (mem_type_is_ram(m->map[i].type))
			ept_map(MAX(m->map[i].start, 1 * MiB), m->map[i].end, EPT_LEAF_RAM);
	map_device_space(m);
	/* SDM Vol. 3C 25.6.11: WB paging-structure accesses, 4-level walk */
	guest_ept.eptp = guest_ept.pt.root_pa | EPTP_MEMTYPE_WB | EPTP_PAGE_WALK_LENGTH(4);
}

static void ept_unmap_range(u64 start, u64 end)
{
	if (end > start && pt_unmap(&guest_ept.pt, start, end - start))
		fatal(HV_EXIT_VMX_FAILURE, "cannot unmap %#llx-%#llx from the EPT",
		      (unsigned long long)start, (unsigned long long)end);
}

void ept_hide_hypervisor(void)
{
	u32 n;
	const struct mem_span *hv = hv_memory_ranges(&n);

	for (u32 i = 0; i < n; i++)
		ept_unmap_range(hv[i].start, hv[i].end);
	pr_info("ept: RAM in 4 KiB pages only, %llu KiB of tables for %llu MiB of RAM; hypervisor "
		"memory left out",
		(unsigned long long)(pt_bytes(&guest_ept.pt) / KiB),
		(unsigned long long)(hv_mem.ram_bytes / MiB));
}

/* Adding a mapping needs no INVEPT on other CPUs: not-present entries are
 * never cached (SDM Vol. 3C 29.4.1), so they walk the new one. */
bool ept_map_device_page(u64 gpa)
{
	static spinlock_t lock;
	u64 page = ALIGN_DOWN(gpa, PAGE_SIZE);
	bool ok;

	if (hv_memory_owns(page) || gpa >= BIT(48))
		return false;
	spin_lock(&lock);
	/* Never fatal under the lock: out of tables is false to the caller. */
	ok = pt_map(&guest_ept.pt, page, page, PAGE_SIZE, EPT_LEAF_DEVICE) == PT_OK;
	if (ok)
		guest_ept.device_pages++;
	spin_unlock(&lock);
	return ok;
}

void ept_flush(void)
{
	u64 type = (vmx_caps.ept_vpid_cap & VMX_EPT_INVEPT_SINGLE_CONTEXT)
			   ? INVEPT_TYPE_SINGLE_CONTEXT
			   : INVEPT_TYPE_ALL_CONTEXT;
	enum vmx_result r = invept(type, guest_ept.eptp);

	if (r != VMX_OK)
		vmx_insn_failed("INVEPT", r, guest_ept.eptp);
}

void ept_write_protect_device_page(u64 gpa)
{
	u64 page = ALIGN_DOWN(gpa, PAGE_SIZE);

	if (pt_map(&guest_ept.pt, page, page, PAGE_SIZE, EPT_READ | EPT_MEMTYPE(VMX_MEMTYPE_UC)))
		fatal(HV_EXIT_NO_MEMORY, "cannot write-protect the EPT entry of %#llx",
		      (unsigned long long)page);
}

/*
 * A write-only entry is a misconfiguration (SDM Vol. 3C 29.3.3.1: bit 1 set
 * with bit 0 clear).  Only the self-test's ept-misconfig case asks for one,
 * to prove the hypervisor reports rather than loops on it.
 */
void ept_misconfigure_page(u64 gpa)
{
	u64 page = ALIGN_DOWN(gpa, PAGE_SIZE);

	if (pt_map(&guest_ept.pt, page, page, PAGE_SIZE, EPT_WRITE | EPT_MEMTYPE(VMX_MEMTYPE_WB)))
		fatal(HV_EXIT_NO_MEMORY, "cannot change the EPT entry of %#llx",
		      (unsigned long long)page);
}

// SPDX-License-Identifier: MIT
/*
 * host_paging.c - the hypervisor's own 4-level page tables, built by the
 * shared engine (mm/pagetable.c) with host-paging flags.
 *
 *  - identity: all RAM of the firmware memory map (usable, ACPI, NVS) and
 *    the first 1 MiB, read/write, never executable, write-back, in 2 MiB
 *    and 1 GiB pages where alignment allows (4 KiB at the edges), so the
 *    tables stay a few pages whatever the RAM size.  Reserved ranges are
 *    not mapped wholesale: a device range the hypervisor needs is mapped
 *    uncacheable by host_map_device(), which splits a large page it cuts.
 *  - the image at KERNEL_VMA: text R-X, rodata R--, data and bss RW-
 */
#include "mm/memory.h"
#include "boot/machine.h"
#include "hw/x86.h"
#include "arch/cpu.h"
#include "lib/log.h"
#include "lib/panic.h"

extern char __image_start[], __rodata_start[], __data_start[], __image_end[];

struct page_table host_pt;

static void *host_p2v(u64 pa, void *ctx)
{
	(void)ctx;
	return phys_to_virt(pa);
}

static u64 host_alloc_table(void *ctx)
{
	(void)ctx;
	return frame_alloc_zeroed(1, "host page tables");
}

static const struct pt_format host_format = {
	.name = "host",
	.table_flags = X86_PTE_P | X86_PTE_RW,
	.present_mask = X86_PTE_P,
	.leaf_large_bit = X86_PTE_PS,
};

static const struct pt_env host_env = {host_p2v, host_alloc_table, NULL};

static u64 nx_bit;
static u32 ram_page_sizes; /* PT_PAGES_*: what the RAM mapping may use */

static void host_map_sized(u64 va, u64 pa, u64 size, u64 flags, u32 sizes, const char *what)
{
	int err = pt_map_pages(&host_pt, va, pa, size, flags, sizes);

	if (err)
		fatal(HV_EXIT_NO_MEMORY, "cannot map %s (%#llx+%#llx): page-table error %d", what,
		      (unsigned long long)pa, (unsigned long long)size, err);
}

static void host_map(u64 va, u64 pa, u64 size, u64 flags, const char *what)
{
	host_map_sized(va, pa, size, flags, PT_PAGES_4K, what);
}

static void map_image_part(const char *from, const char *to, u64 flags, const char *what)
{
	u64 off = (u64)(from - __image_start);

	host_map((u64)from, hv_mem.image_start + off, ALIGN_UP((u64)(to - from), PAGE_SIZE), flags,
		 what);
}

void host_paging_init(const struct machine *m)
{
	/* EFER.NXE was set in boot/entry.asm when CPUID.80000001H:EDX.NX says so. */
	nx_bit = (cpuid(0x80000001, 0).edx & BIT(20)) ? X86_PTE_NX : 0;
	/* 2 MiB pages always exist in long mode; 1 GiB ones where
	 * CPUID.80000001H:EDX.Page1GB (bit 26) says so (SDM Vol. 3A 4.1.4). */
	ram_page_sizes = PT_PAGES_2M | ((cpuid(0x80000001, 0).edx & BIT(26)) ? PT_PAGES_1G : 0);
	if (pt_init(&host_pt, &host_format, &host_env))
		fatal(HV_EXIT_NO_MEMORY, "no memory for the host page tables");

	host_map(0, 0, 1 * MiB, X86_PTE_P | X86_PTE_RW | nx_bit, "low memory");
	for (u32 i = 0; i < m->nr_map; i++) {
		u64 start = ALIGN_DOWN(m->map[i].start, PAGE_SIZE);
		u64 end = ALIGN_UP(m->map[i].end, PAGE_SIZE);

		if (!mem_type_is_ram(m->map[i].type))
			continue;
		if (end > start)
			host_map_sized(start, start, end - start, X86_PTE_P | X86_PTE_RW | nx_bit,
				       ram_page_sizes, "a RAM range");
	}
	map_image_part(__image_start, __rodata_start, X86_PTE_P, "image text");
	map_image_part(__rodata_start, __data_start, X86_PTE_P | nx_bit, "image rodata");
	map_image_part(__data_start, __image_end, X86_PTE_P | X86_PTE_RW | nx_bit, "image data");

	write_cr3(host_pt.root_pa);
	pr_info("host paging: RAM in %s pages, %llu KiB of tables, NX %s",
		(ram_page_sizes & PT_PAGES_1G) ? "1 GiB, 2 MiB and 4 KiB" : "2 MiB and 4 KiB",
		(unsigned long long)(pt_bytes(&host_pt) / KiB), nx_bit ? "on" : "unavailable");
}

const void *acpi_map_firmware(u64 pa, u64 len, void *ctx)
{
	(void)ctx;
	return host_map_readonly(pa, len);
}

void host_map_device(u64 pa, u64 size)
{
	u64 start = ALIGN_DOWN(pa, PAGE_SIZE), end = ALIGN_UP(pa + size, PAGE_SIZE);

	/* Uncacheable through PAT entry 3 (PCD|PWT), SDM Vol. 3A 13.12.3. */
	host_map(start, start, end - start,
		 X86_PTE_P | X86_PTE_RW | X86_PTE_PCD | X86_PTE_PWT | nx_bit, "a device range");
	/* The range may have been mapped before with other attributes. */
	write_cr3(host_pt.root_pa);
}

const void *host_map_readonly(u64 pa, u64 size)
{
	u64 start = ALIGN_DOWN(pa, PAGE_SIZE), end = ALIGN_UP(pa + size, PAGE_SIZE);
	bool changed = false;

	if (!size || pa + size < pa || end > BIT(47))
		return NULL;
	for (u64 a = start; a < end; a += PAGE_SIZE) {
		if (pt_translate(&host_pt, a, NULL, NULL))
			continue;
		host_map(a, a, PAGE_SIZE, X86_PTE_P | nx_bit, "firmware tables");
		changed = true;
	}
	if (changed)
		write_cr3(host_pt.root_pa);
	return phys_to_virt(pa);
}

void host_map_exec_low(u64 pa, u64 size)
{
	host_map(ALIGN_DOWN(pa, PAGE_SIZE), ALIGN_DOWN(pa, PAGE_SIZE), ALIGN_UP(size, PAGE_SIZE),
		 X86_PTE_P | X86_PTE_RW, "the AP trampoline");
	write_cr3(host_pt.root_pa);
}

void *host_map_writable(u64 pa, u64 size)
{
	u64 start = ALIGN_DOWN(pa, PAGE_SIZE), end = ALIGN_UP(pa + size, PAGE_SIZE);

	if (!size || pa + size < pa || end > BIT(47))
		return NULL;
	host_map(start, start, end - start, X86_PTE_P | X86_PTE_RW | nx_bit, "firmware tables");
	write_cr3(host_pt.root_pa);
	return phys_to_virt(pa);
}

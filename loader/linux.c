// SPDX-License-Identifier: MIT
/*
 * linux.c - put a bzImage, its initrd and its zero page into guest memory
 * and point the vCPU at the booter stub.  The rules themselves (header
 * checks, placement, e820) are pure code in bzimage.c and e820.c.
 */
#include "loader/linux.h"
#include "loader/bzimage.h"
#include "loader/e820.h"
#include "loader/guest_e820.h"
#include "loader/fixed_ranges.h"
#include "boot/machine.h"
#include "devices/selftest_port.h"
#include "vmx/guest_state.h"
#include "lib/log.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "mm/memory.h"

extern const u8 booter_blob_start[], booter_blob_end[];

struct booter_params {
	// cppcheck-suppress unusedStructMember ; spells out booter.asm's layout
	u32 magic, pad;
	u64 entry64, zero_page;
};
#define BOOTER_PARAMS_OFFSET 8

static struct boot_params bp; /* built here, then copied to ZERO_PAGE_ADDR */
static struct boot_e820_entry e820[E820_MAX_ENTRIES_ZEROPAGE];

static void __noreturn bad_kernel(const struct boot_module *m, int err, const char *field,
				  u64 value)
{
	fatal(HV_EXIT_BAD_GUEST_IMAGE,
	      "the guest kernel (first module, %llu bytes, command line '%s') is not a bootable "
	      "64-bit bzImage: %s (%s = %#llx); give GRUB's first module2 a Linux bzImage built "
	      "for x86-64",
	      (unsigned long long)(m->end - m->start), m->string, bzimage_strerror(err),
	      field ? field : "-", (unsigned long long)value);
}

void linux_load(struct vcpu *v, const struct machine *m)
{
	static struct mem_span free[E820_MAX_ENTRIES_ZEROPAGE * 2];
	struct mem_span busy[MACHINE_MAX_MODULES + 2];
	const struct boot_module *k = &m->modules[0], *rd = NULL;
	struct booter_params *params;
	struct bzimage_info bi;
	struct bzimage_firmware fw;
	const char *field = NULL, *cmdline;
	u64 value = 0, load, initrd = 0, initrd_size = 0, rsdp = 0, cmdline_len;
	u32 nr_e820, nr_busy = 0;
	int nr_free, err;

	if (m->nr_modules > 1)
		rd = &m->modules[1];
	err = bzimage_parse(phys_to_virt(k->start), k->end - k->start, &bi, &field, &value);
	if (err)
		bad_kernel(k, err, field, value);

	nr_e820 = guest_e820(m, e820);
	/* Where the kernel may go: RAM of that map, minus the modules and low memory. */
	busy[nr_busy++] = (struct mem_span){0, 1 * MiB};
	/* the boot information: module strings are read from it until the end */
	busy[nr_busy++] = m->boot_info;
	for (u32 i = 0; i < m->nr_modules; i++)
		busy[nr_busy++] = (struct mem_span){m->modules[i].start, m->modules[i].end};
	nr_free = e820_free_spans(e820, nr_e820, busy, nr_busy, free, ARRAY_SIZE(free));
	if (nr_free < 0)
		fatal(HV_EXIT_BAD_BOOT_INFO, "the guest memory map is too fragmented");
	err = bzimage_place(&bi, free, (u32)nr_free, 1 * MiB, &load);
	if (err && !bi.relocatable) {
		u64 end = load + MAX((u64)bi.init_size, bi.pm_size);

		/* More RAM does not help a kernel that must sit at one place. */
		fatal(HV_EXIT_NO_MEMORY,
		      "cannot load the guest kernel at %#llx-%#llx, where it must sit (not "
		      "relocatable: pref_address): %s; use a relocatable kernel "
		      "(CONFIG_RELOCATABLE=y)",
		      (unsigned long long)load, (unsigned long long)end,
		      guest_fixed_range_why(m, load, end));
	}
	if (err)
		fatal(HV_EXIT_NO_MEMORY,
		      "no room for the guest kernel: %s (needs %u KiB, relocatable); give the "
		      "machine more RAM",
		      bzimage_strerror(err), bi.init_size / 1024);
	/* The kernel is read from here on: until now it was only parsed. */
	selftest_port_activate(true, false, false);

	if (rd) {
		initrd_size = rd->end - rd->start;
		initrd = rd->start;
		/* Leave it where GRUB put it if the kernel can use it there. */
		if (rd->end - 1 > bi.initrd_addr_max ||
		    (rd->start < load + bi.init_size && rd->end > load)) {
			err = bzimage_place_initrd(&bi, initrd_size, free, (u32)nr_free, load,
						   load + bi.init_size, &initrd);
			if (err)
				fatal(HV_EXIT_NO_MEMORY,
				      "no room for the initrd (%llu KiB) below initrd_addr_max "
				      "%#x: %s; give the machine more RAM",
				      (unsigned long long)(initrd_size / KiB), bi.initrd_addr_max,
				      bzimage_strerror(err));
			memmove(phys_to_virt(initrd), phys_to_virt(rd->start), initrd_size);
		}
	}

	/* The fixed low pages, before anything is written there. */
	guest_low_memory_check(m, BOOTER_ADDR, BOOTER_END, "the booter stub and its page tables");
	guest_low_memory_check(m, ZERO_PAGE_ADDR, ZERO_PAGE_ADDR + PAGE_SIZE, "the zero page");
	guest_low_memory_check(m, CMDLINE_ADDR, CMDLINE_ADDR + CMDLINE_MAX, "the command line");
	guest_low_memory_check(m, RSDP_COPY_ADDR, RSDP_COPY_ADDR + PAGE_SIZE, "the RSDP copy");
	cmdline = k->string;
	cmdline_len = strnlen(cmdline, CMDLINE_MAX);
	if (cmdline_len >= CMDLINE_MAX || cmdline_len > bi.cmdline_size)
		fatal(HV_EXIT_BAD_GUEST_IMAGE,
		      "the guest command line is %llu characters; this kernel takes at most %u "
		      "(cmdline_size)",
		      (unsigned long long)cmdline_len, MIN(bi.cmdline_size, CMDLINE_MAX - 1));
	memcpy(phys_to_virt(CMDLINE_ADDR), cmdline, cmdline_len + 1);

	/* The RSDP copy from GRUB, where the kernel is told to look: this is
	 * how a guest on a UEFI machine finds ACPI without EFI services. */
	if (m->rsdp && m->rsdp_len <= 64) {
		memcpy(phys_to_virt(RSDP_COPY_ADDR), m->rsdp, m->rsdp_len);
		rsdp = RSDP_COPY_ADDR;
	}

	err = bzimage_fill_boot_params(phys_to_virt(k->start), &bi, &bp, load, CMDLINE_ADDR,
				       cmdline_len, initrd, initrd_size, rsdp);
	if (err)
		bad_kernel(k, err, "command line", cmdline_len);
	/*
	 * The EFI memory map is passed where it lies, in GRUB's information
	 * block (or its copy, loader/make_room.c): the guest's e820 shows
	 * that as usable RAM, but Linux reserves the EFI memory map in
	 * memblock before it allocates anything
	 * (efi_memblock_x86_reserve_range()).
	 */
	if (m->efi.memmap) {
		u32 nr_hv;
		const struct mem_span *hv = hv_memory_ranges(&nr_hv);

		if (efi_map_hide((u8 *)m->efi.memmap, m->efi.memmap_size, m->efi.desc_size, hv,
				 nr_hv))
			pr_debug("linux: EFI memory map: the hypervisor's memory marked in use");
	}
	bzimage_firmware_from(m, m->efi.memmap ? virt_to_phys(m->efi.memmap) : 0, &fw);
	if (bzimage_fill_firmware(&bi, &bp, &fw))
		fatal(HV_EXIT_BAD_GUEST_IMAGE,
		      "the guest kernel speaks boot protocol %u.%02u, older than 2.14: it cannot "
		      "be given the ACPI RSDP on this UEFI machine, whose boot loader passed no "
		      "EFI system table, and would run without ACPI; boot a kernel with protocol "
		      "2.14 or later (Linux 5.0+), or boot the machine by legacy BIOS",
		      bi.version >> 8, bi.version & 0xFF);
	memcpy(bp.e820_table, e820, nr_e820 * sizeof(e820[0]));
	bp.e820_entries = (u8)nr_e820;
	memcpy(phys_to_virt(load), (const u8 *)phys_to_virt(k->start) + bi.pm_offset, bi.pm_size);
	memcpy(phys_to_virt(ZERO_PAGE_ADDR), &bp, sizeof(bp));

	// cppcheck-suppress comparePointers ; both labels bound one blob (booter_blob.asm)
	if ((u64)(booter_blob_end - booter_blob_start) > BOOTER_END - BOOTER_ADDR)
		fatal(HV_EXIT_BAD_GUEST_IMAGE, "the booter stub is too large");
	// cppcheck-suppress comparePointers ; both labels bound one blob (booter_blob.asm)
	memcpy(phys_to_virt(BOOTER_ADDR), booter_blob_start, booter_blob_end - booter_blob_start);
	params = phys_to_virt(BOOTER_ADDR + BOOTER_PARAMS_OFFSET);
	if (params->magic != BOOTER_PARAM_MAGIC)
		fatal(HV_EXIT_BAD_GUEST_IMAGE, "the booter stub's parameter block is not where "
					       "loader/linux.c expects it");
	params->entry64 = load + BZIMAGE_ENTRY64_OFFSET;
	params->zero_page = ZERO_PAGE_ADDR;
	vmcs_guest_real_mode(v, 0, BOOTER_ADDR);

	if (bp.efi_info.efi_loader_signature)
		pr_info("linux: EFI system table %#llx and memory map %#llx (%u bytes) passed",
			(unsigned long long)fw.efi_systab, (unsigned long long)fw.efi_memmap,
			fw.efi_memmap_size);
	if (bp.screen_info.orig_video_isVGA)
		pr_info("linux: framebuffer %ux%u, %u bpp at %#llx passed (screen_info type %#x)",
			fw.fb.width, fw.fb.height, fw.fb.bpp, (unsigned long long)fw.fb.addr,
			bp.screen_info.orig_video_isVGA);
	pr_info("linux: bzImage protocol %u.%02u, %s, at %#llx (init_size %u KiB); initrd %#llx "
		"(%llu KiB); e820 %u entries; command line '%s'",
		bi.version >> 8, bi.version & 0xFF, bi.relocatable ? "relocatable" : "fixed",
		(unsigned long long)load, bi.init_size / 1024, (unsigned long long)initrd,
		(unsigned long long)(initrd_size / KiB), nr_e820, cmdline);
}

// SPDX-License-Identifier: MIT
/*
 * test_machine.c - the machine description: conversion from multiboot2
 * and the check of the low pages the guest's boot structures use.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "boot/machine.h"

static struct machine pc(void)
{
	struct machine m = {0};

	m.map[0] = (struct mem_range){0, 0x9FC00, MEM_RAM};
	m.map[1] = (struct mem_range){0x9FC00, 0xA0000, MEM_RESERVED};
	m.map[2] = (struct mem_range){0xF0000, 0x100000, MEM_RESERVED};
	m.map[3] = (struct mem_range){0x100000, 0x20000000, MEM_RAM};
	m.nr_map = 4;
	m.boot_info = (struct mem_span){0x1F000000, 0x1F001000};
	m.modules[0] = (struct boot_module){0x1F100000, 0x1F200000, ""};
	m.nr_modules = 1;
	return m;
}

static void test_low_pages_usable(void **state)
{
	struct machine m = pc();

	(void)state;
	assert_null(machine_range_unusable(&m, 0x1000, 0x9000));
	assert_null(machine_range_unusable(&m, 0x10000, 0x14000));
	/* across two adjacent RAM entries */
	m.map[0].end = 0x8000;
	m.map[4] = (struct mem_range){0x8000, 0x9FC00, MEM_RAM};
	m.nr_map = 5;
	assert_null(machine_range_unusable(&m, 0x7000, 0xA000));
}

static void test_low_pages_refused(void **state)
{
	struct machine m = pc();

	(void)state;
	/* reserved by the firmware (EBDA), or not in the map at all */
	assert_non_null(machine_range_unusable(&m, 0x9F000, 0xA0000));
	assert_non_null(machine_range_unusable(&m, 0xA0000, 0xA1000));
	/* GRUB's boot information or a module in the way */
	m.boot_info = (struct mem_span){0x10800, 0x11200};
	assert_string_equal(machine_range_unusable(&m, 0x10000, 0x11000),
			    "GRUB put its boot information there");
	assert_null(machine_range_unusable(&m, 0x1000, 0x9000));
	m.modules[0] = (struct boot_module){0x8000, 0x8800, ""};
	assert_string_equal(machine_range_unusable(&m, 0x1000, 0x9000),
			    "GRUB put a boot module there");
	/* a map of reserved types only: nothing below 1 MiB is usable */
	m = pc();
	m.map[0].type = MEM_ACPI;
	assert_non_null(machine_range_unusable(&m, 0x1000, 0x2000));
}

static void test_from_mb2(void **state)
{
	static struct mb2_info mi;
	static struct machine m;

	(void)state;
	memset(&mi, 0, sizeof(mi));
	mi.has_bios_mmap = true;
	mi.nr_bios_mmap = 2;
	mi.bios_mmap[0] = (struct mb2_mmap_entry){0, 0x9F000, MB2_MEM_AVAILABLE};
	mi.bios_mmap[1] = (struct mb2_mmap_entry){0x100000, 0x1000000, MB2_MEM_AVAILABLE};
	mi.nr_modules = 1;
	mi.modules[0] = (struct mb2_module){0x200000, 0x300000, NULL};
	mi.info_addr = 0x10000;
	mi.total_size = 0x800;
	machine_from_mb2(&mi, &m);
	assert_int_equal(m.nr_map, 2);
	assert_int_equal(m.map[1].end, 0x1100000);
	assert_string_equal(m.modules[0].string, "");
	assert_string_equal(m.cmdline, "");
	assert_int_equal(m.boot_info.end, 0x10800);
	assert_null(m.rsdp);
	assert_false(m.efi.booted);
	assert_int_equal(m.efi.systab, 0);
	assert_null(m.efi.memmap);
	assert_int_equal(m.fb.type, FB_NONE);

	/* the EFI tags and a GOP framebuffer */
	mi.has_efi_mmap = true;
	mi.nr_efi_mmap = 1;
	mi.efi_mmap[0] = (struct mb2_mmap_entry){0, 0x9F000, MB2_MEM_AVAILABLE};
	mi.efi_mmap_raw = &mi; /* any pointer: only passed on */
	mi.efi_mmap_raw_size = 96;
	mi.efi_descr_size = 48;
	mi.efi_descr_version = 1;
	mi.has_efi_systab = true;
	mi.efi_systab_is_64 = true;
	mi.efi_systab = 0x7fb8e018;
	mi.has_framebuffer = true;
	/* clang-format off */
	mi.fb = (struct mb2_framebuffer){0x80000000, 4096, 1024, 768, 32, MB2_FB_RGB,
					 16, 8, 8, 8, 0, 8};
	/* clang-format on */
	machine_from_mb2(&mi, &m);
	assert_string_equal(m.map_source, "EFI");
	assert_true(m.efi.booted);
	assert_false(m.efi.boot_services_alive);
	assert_int_equal(m.efi.systab, 0x7fb8e018);
	assert_true(m.efi.systab_64);
	assert_ptr_equal(m.efi.memmap, &mi);
	assert_int_equal(m.efi.memmap_size, 96);
	assert_int_equal(m.efi.desc_size, 48);
	assert_int_equal(m.efi.desc_version, 1);
	assert_int_equal(m.fb.type, FB_RGB);
	assert_int_equal(m.fb.addr, 0x80000000);
	assert_int_equal(m.fb.pitch, 4096);
	assert_int_equal(m.fb.width, 1024);
	assert_int_equal(m.fb.height, 768);
	assert_int_equal(m.fb.bpp, 32);
	assert_int_equal(m.fb.red_pos, 16);
	assert_int_equal(m.fb.green_pos, 8);
	assert_int_equal(m.fb.blue_pos, 0);
	assert_int_equal(m.fb.blue_size, 8);
	/* a framebuffer type the spec does not define is none */
	mi.fb.type = 7;
	machine_from_mb2(&mi, &m);
	assert_int_equal(m.fb.type, FB_NONE);
}

/* The information block copied elsewhere: every pointer into it follows,
 * others (a static string) stay. */
static void test_move_info(void **state)
{
	static char old[64], copy[64];
	struct machine m = pc();

	(void)state;
	memcpy(old, "cmd\0mod0\0mod1\0GRUB\0RSDP PTR ", 29);
	m.boot_info = (struct mem_span){(u64)old, (u64)old + sizeof(old)};
	m.cmdline = old;
	m.modules[0].string = old + 4;
	m.modules[1] = (struct boot_module){0x1F200000, 0x1F300000, ""};
	m.modules[2] = (struct boot_module){0x1F300000, 0x1F400000, old + 9};
	m.nr_modules = 3;
	m.bootloader = old + 14;
	m.rsdp = old + 19;
	m.efi.memmap = old + 32;
	m.efi.memmap_size = 40;
	m.efi.systab = 0x7fb8e018;
	memcpy(old + 32, "EFIMAP", 6);
	memcpy(copy, old, sizeof(old));
	memset(old, 'X', sizeof(old));
	machine_move_info(&m, (u64)copy);
	assert_int_equal(m.boot_info.start, (u64)copy);
	assert_int_equal(m.boot_info.end, (u64)copy + sizeof(copy));
	assert_ptr_equal(m.cmdline, copy);
	assert_string_equal(m.modules[0].string, "mod0");
	assert_string_equal(m.modules[1].string, "");
	assert_string_equal(m.modules[2].string, "mod1");
	assert_string_equal(m.bootloader, "GRUB");
	assert_memory_equal(m.rsdp, "RSDP PTR ", 9);
	assert_ptr_equal(m.efi.memmap, copy + 32);
	assert_memory_equal(m.efi.memmap, "EFIMAP", 6);
	/* an address outside the block (the firmware's own table) stays */
	assert_int_equal(m.efi.systab, 0x7fb8e018);
	/* the low-page check now sees the copy, not the old place */
	assert_null(machine_range_unusable(&m, 0x1000, 0x9000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_low_pages_usable),
		cmocka_unit_test(test_low_pages_refused),
		cmocka_unit_test(test_move_info),
		cmocka_unit_test(test_from_mb2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: MIT
/*
 * test_efi_zero_page.c - the zero page a Linux guest gets on a UEFI
 * machine, built from a multiboot2 information block laid out as GRUB
 * gives it on OVMF (tags 1, 2, 3, 8, 12, 14, 17, in that order):
 * mb2_parse() -> machine_from_mb2() -> bzimage_firmware_from() ->
 * bzimage_fill_boot_params() + bzimage_fill_firmware().  Every efi_info
 * and screen_info field is checked against what GRUB's linux command
 * would write; then the refusal of kernels that could not find ACPI.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "multiboot2.h"
#include "boot/machine.h"
#include "loader/bzimage.h"

#define INFO_ADDR   0x7e8f1000ULL /* where GRUB put the block (physical) */
#define SYSTAB	    0x7fb8e018ULL
#define FB_BASE	    0x80000000ULL
#define EFI_DSZ	    48 /* OVMF's DescriptorSize: larger than the 40 of the struct */
#define IMG_SIZE    (64 * KiB)
#define SETUP_SECTS 4

static u8 mbi[4096] __aligned(8);
static u32 mbi_len, mmap_off;
static struct mb2_info info;
static struct machine mach;
static struct boot_params bp;
static u8 img[IMG_SIZE];

static void emit(const void *p, u32 n)
{
	assert_true(mbi_len + n <= sizeof(mbi));
	memcpy(mbi + mbi_len, p, n);
	mbi_len += n;
}

static void emit32(u32 v)
{
	emit(&v, 4);
}

static void emit64(u64 v)
{
	emit(&v, 8);
}

static u32 tag_begin(u32 type)
{
	u32 off = mbi_len;

	emit32(type);
	emit32(0);
	return off;
}

/* multiboot2 3.6.1: size without padding, the next tag 8-aligned */
static void tag_end(u32 off)
{
	u32 size = mbi_len - off;

	memcpy(mbi + off + 4, &size, 4);
	mbi_len = (u32)ALIGN_UP(mbi_len, 8);
}

static void efi_desc(u32 type, u64 start, u64 pages)
{
	u32 at = mbi_len;

	emit32(type);
	emit32(0);
	emit64(start);
	emit64(0);
	emit64(pages);
	emit64(0xf); /* Attribute: UC WC WT WB */
	while (mbi_len < at + EFI_DSZ)
		emit("", 1);
}

/* A GOP framebuffer at 2 GiB (OVMF's), or at fb_base when given. */
static void build_mbi(bool with_systab, u64 fb_base)
{
	static const u8 pad[2];
	static const u8 rgb[6] = {16, 8, 8, 8, 0, 8}; /* x8r8g8b8 */
	u8 rsdp[36] = {0};
	u32 off;

	memset(mbi, 0, sizeof(mbi));
	mbi_len = 8;
	off = tag_begin(MB2_TAG_CMDLINE);
	emit("loglevel=info", 14);
	tag_end(off);
	off = tag_begin(MB2_TAG_BOOTLOADER_NAME);
	emit("GRUB 2.06-13+deb12u1", 21);
	tag_end(off);
	off = tag_begin(MB2_TAG_MODULE);
	emit32(0x1000000);
	emit32(0x1800000);
	emit("/boot/bzImage console=tty0", 27);
	tag_end(off);
	/* tag 8, framebuffer info: 1024x768 x8r8g8b8, pitch 4096 */
	off = tag_begin(MB2_TAG_FRAMEBUFFER);
	emit64(fb_base);
	emit32(4096);
	emit32(1024);
	emit32(768);
	emit("\x20\x01", 2); /* bpp 32, type 1 (RGB) */
	emit(pad, 2);
	emit(rgb, 6);
	tag_end(off);
	if (with_systab) {
		off = tag_begin(MB2_TAG_EFI64);
		emit64(SYSTAB);
		tag_end(off);
	}
	off = tag_begin(MB2_TAG_ACPI_NEW);
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "OVMF  ", 6);
	rsdp[15] = 2;  /* revision: ACPI 2.0+ */
	rsdp[20] = 36; /* length */
	emit(rsdp, sizeof(rsdp));
	tag_end(off);
	/* tag 17: descr_size, descr_vers, then OVMF-like descriptors */
	off = tag_begin(MB2_TAG_EFI_MMAP);
	emit32(EFI_DSZ);
	emit32(1);
	mmap_off = mbi_len;
	efi_desc(4, 0, 0xa0);		/* BS data */
	efi_desc(7, 0x100000, 0x7e700); /* conventional */
	efi_desc(6, 0x7e800000, 0x100); /* runtime data */
	efi_desc(5, 0x7e900000, 0x80);	/* runtime code */
	efi_desc(9, 0x7f000000, 0x10);	/* ACPI reclaim */
	efi_desc(10, 0x7f010000, 0x10); /* ACPI NVS */
	tag_end(off);
	off = tag_begin(MB2_TAG_END);
	tag_end(off);
	memcpy(mbi, &mbi_len, 4);
}

/* A protocol `version` bzImage header that bzimage_parse() accepts. */
static void make_image(u16 version, struct bzimage_info *bi)
{
	u32 sys = (IMG_SIZE - (SETUP_SECTS + 1) * 512) / 16;
	u16 xlf = XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G;
	u32 align = 2 * MiB, init = 0x900000, cmdsz = 2047;

	memset(img, 0, sizeof(img));
	img[0x1F1] = SETUP_SECTS;
	memcpy(img + 0x1F4, &sys, 4);
	memcpy(img + 0x1FE, "\x55\xAA", 2);
	img[0x200] = 0xEB;
	img[0x201] = 0x6A;
	memcpy(img + 0x202, "HdrS", 4);
	memcpy(img + 0x206, &version, 2);
	img[0x211] = LOADED_HIGH;
	memcpy(img + 0x230, &align, 4);
	img[0x234] = 1;
	memcpy(img + 0x236, &xlf, 2);
	memcpy(img + 0x238, &cmdsz, 4);
	memcpy(img + 0x260, &init, 4);
	assert_int_equal(bzimage_parse(img, IMG_SIZE, bi, NULL, NULL), BZ_OK);
}

/* The block as the hypervisor sees it: parsed, converted, its physical
 * address INFO_ADDR standing for the test's buffer. */
static int zero_page(bool with_systab, u64 fb_base, u16 version)
{
	struct bzimage_firmware fw;
	struct bzimage_info bi;
	u64 memmap_pa;

	build_mbi(with_systab, fb_base);
	assert_int_equal(mb2_parse(MB2_BOOTLOADER_MAGIC, mbi, INFO_ADDR, mbi_len, &info, NULL),
			 MB2_OK);
	machine_from_mb2(&info, &mach);
	memmap_pa = mach.efi.memmap ? INFO_ADDR + (u64)((const u8 *)mach.efi.memmap - mbi) : 0;
	bzimage_firmware_from(&mach, memmap_pa, &fw);
	make_image(version, &bi);
	assert_int_equal(
		bzimage_fill_boot_params(img, &bi, &bp, 16 * MiB, 0x20000, 26, 0, 0, 0xE0000),
		BZ_OK);
	return bzimage_fill_firmware(&bi, &bp, &fw);
}

static void test_efi_info(void **state)
{
	const struct efi_info *ei = &bp.efi_info;

	(void)state;
	assert_int_equal(zero_page(true, FB_BASE, 0x020F), BZ_OK);
	assert_memory_equal(&ei->efi_loader_signature, "EL64", 4);
	assert_int_equal(ei->efi_systab, (u32)SYSTAB);
	assert_int_equal(ei->efi_systab_hi, 0);
	assert_int_equal(ei->efi_memdesc_size, EFI_DSZ);
	assert_int_equal(ei->efi_memdesc_version, 1);
	/* the descriptors themselves, inside the information block */
	assert_int_equal(ei->efi_memmap, (u32)(INFO_ADDR + mmap_off));
	assert_int_equal(ei->efi_memmap_hi, 0);
	assert_int_equal(ei->efi_memmap_size, 6 * EFI_DSZ);
	/* at zero-page offset 0x1C0, as bootparam.h has it */
	assert_memory_equal((const u8 *)&bp + 0x1C0, "EL64", 4);
	assert_int_equal(bp.acpi_rsdp_addr, 0xE0000);
}

static void test_screen_info(void **state)
{
	const struct screen_info *si = &bp.screen_info;

	(void)state;
	assert_int_equal(zero_page(true, FB_BASE, 0x020F), BZ_OK);
	assert_int_equal(si->orig_video_isVGA, VIDEO_TYPE_EFI);
	assert_int_equal(si->lfb_width, 1024);
	assert_int_equal(si->lfb_height, 768);
	assert_int_equal(si->lfb_depth, 32);
	assert_int_equal(si->lfb_linelength, 4096);
	assert_int_equal(si->lfb_base, (u32)FB_BASE);
	assert_int_equal(si->ext_lfb_base, 0);
	assert_int_equal(si->capabilities, 0);
	assert_int_equal(si->lfb_size, 4096 * 768);
	assert_int_equal(si->red_size, 8);
	assert_int_equal(si->red_pos, 16);
	assert_int_equal(si->green_size, 8);
	assert_int_equal(si->green_pos, 8);
	assert_int_equal(si->blue_size, 8);
	assert_int_equal(si->blue_pos, 0);
	assert_int_equal(si->rsvd_size, 8);
	assert_int_equal(si->rsvd_pos, 24);
	assert_int_equal(si->pages, 1);
	/* text-mode fields stay zero */
	assert_int_equal(si->orig_video_mode, 0);
	assert_int_equal(si->orig_video_lines, 0);
	assert_int_equal(((const u8 *)&bp)[0x0f], VIDEO_TYPE_EFI);

	/* a framebuffer above 4 GiB (a 64-bit BAR) */
	assert_int_equal(zero_page(true, 0x4000000000ULL + FB_BASE, 0x020F), BZ_OK);
	assert_int_equal(si->lfb_base, (u32)FB_BASE);
	assert_int_equal(si->ext_lfb_base, 0x40);
	assert_int_equal(si->capabilities, VIDEO_CAPABILITY_64BIT_BASE);
}

/* The block moved high (loader/make_room.c): efi_memmap follows it. */
static void test_moved_block(void **state)
{
	static u8 copy[4096] __aligned(8);
	struct bzimage_firmware fw;
	u64 new_pa = 0x1fe00000;

	(void)state;
	assert_int_equal(zero_page(true, FB_BASE, 0x020F), BZ_OK);
	memcpy(copy, mbi, mbi_len);
	/* the hypervisor maps the block 1:1: here the buffer is its address */
	mach.boot_info = (struct mem_span){(u64)mbi, (u64)mbi + mbi_len};
	machine_move_info(&mach, (u64)copy);
	assert_ptr_equal(mach.efi.memmap, copy + mmap_off);
	bzimage_firmware_from(&mach, new_pa + mmap_off, &fw);
	assert_int_equal(fw.efi_memmap, new_pa + mmap_off);
	assert_int_equal(fw.efi_memmap_size, 6 * EFI_DSZ);
}

/* Boot services still running (tag 18): no efi_info, but still UEFI. */
static void test_boot_services_alive(void **state)
{
	struct bzimage_firmware fw;

	(void)state;
	assert_int_equal(zero_page(true, FB_BASE, 0x020F), BZ_OK);
	mach.efi.boot_services_alive = true;
	bzimage_firmware_from(&mach, INFO_ADDR + mmap_off, &fw);
	assert_true(fw.efi_boot);
	assert_int_equal(fw.efi_systab, 0);
	assert_int_equal(fw.efi_memmap, 0);
}

static void test_old_kernel_refused(void **state)
{
	u8 zero[sizeof(struct efi_info)] = {0};

	(void)state;
	/* 2.13 on UEFI without a system table: no way to reach ACPI */
	assert_int_equal(zero_page(false, FB_BASE, 0x020D), BZ_ERR_NO_ACPI_PATH);
	assert_memory_equal(&bp.efi_info, zero, sizeof(zero));
	assert_non_null(strstr(bzimage_strerror(BZ_ERR_NO_ACPI_PATH), "2.14"));
	/* 2.14 reads acpi_rsdp_addr */
	assert_int_equal(zero_page(false, FB_BASE, 0x020E), BZ_OK);
	assert_memory_equal(&bp.efi_info, zero, sizeof(zero));
	assert_int_equal(bp.screen_info.orig_video_isVGA, VIDEO_TYPE_EFI);
	/* 2.13 with efi_info finds ACPI in the EFI configuration table */
	assert_int_equal(zero_page(true, FB_BASE, 0x020D), BZ_OK);
	assert_memory_equal(&bp.efi_info.efi_loader_signature, "EL64", 4);
}

/* On a BIOS boot old kernels scan the BIOS area; a VBE framebuffer is
 * VIDEO_TYPE_VLFB with lfb_size in 64 KiB units. */
static void test_bios_boot(void **state)
{
	struct bzimage_firmware fw = {0};
	struct bzimage_info bi;

	(void)state;
	make_image(0x020C, &bi);
	memset(&bp, 0, sizeof(bp));
	/* clang-format off */
	fw.fb = (struct machine_framebuffer){FB_RGB, 0xfd000000, 2400, 800, 600, 24,
					     16, 8, 8, 8, 0, 8};
	/* clang-format on */
	assert_int_equal(bzimage_fill_firmware(&bi, &bp, &fw), BZ_OK);
	assert_int_equal(bp.efi_info.efi_loader_signature, 0);
	assert_int_equal(bp.screen_info.orig_video_isVGA, VIDEO_TYPE_VLFB);
	assert_int_equal(bp.screen_info.lfb_size, (2400 * 600 + 65535) / 65536);
	assert_int_equal(bp.screen_info.rsvd_size, 0);
	assert_int_equal(bp.screen_info.lfb_depth, 24);
	/* EGA text and too-wide modes are not described */
	memset(&bp, 0, sizeof(bp));
	fw.fb.type = FB_TEXT;
	assert_int_equal(bzimage_fill_firmware(&bi, &bp, &fw), BZ_OK);
	assert_int_equal(bp.screen_info.orig_video_isVGA, 0);
	fw.fb.type = FB_RGB;
	fw.fb.width = 70000;
	fw.fb.pitch = 280000;
	assert_int_equal(bzimage_fill_firmware(&bi, &bp, &fw), BZ_OK);
	assert_int_equal(bp.screen_info.orig_video_isVGA, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_efi_info),
		cmocka_unit_test(test_screen_info),
		cmocka_unit_test(test_moved_block),
		cmocka_unit_test(test_boot_services_alive),
		cmocka_unit_test(test_old_kernel_refused),
		cmocka_unit_test(test_bios_boot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

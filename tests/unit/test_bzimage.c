// SPDX-License-Identifier: MIT
/* Unit tests for loader/bzimage.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "loader/bzimage.h"

#define IMG_SIZE	(16 * 1024)
#define SETUP_SECTS	7 /* setup = 8 sectors = 4 KiB */
#define VERSION_STR_PTR 0x0800

static u8 img[IMG_SIZE];

static void put(u8 *p, u32 off, u64 v, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		p[off + i] = (u8)(v >> (8 * i));
}

static u64 get(const u8 *p, u32 off, u32 len)
{
	u64 v = 0;

	while (len--)
		v = (v << 8) | p[off + len];
	return v;
}

/* A synthetic protocol-2.15 bzImage header, valid for thinvisor. */
static void make_image(u16 version)
{
	memset(img, 0, sizeof(img));
	img[0x1F1] = SETUP_SECTS;
	put(img, 0x1F4, (IMG_SIZE - (SETUP_SECTS + 1) * 512) / 16, 4);
	put(img, 0x1FE, 0xAA55, 2);
	img[0x200] = 0xEB;
	img[0x201] = 0x6A; /* header ends at 0x26C */
	put(img, 0x202, 0x53726448, 4);
	put(img, 0x206, version, 2);
	put(img, 0x20E, VERSION_STR_PTR, 2);
	img[0x211] = LOADED_HIGH | CAN_USE_HEAP;
	put(img, 0x22C, 0x7FFFFFFF, 4);
	put(img, 0x230, 2 * MiB, 4);
	img[0x234] = 1;
	img[0x235] = 21;
	put(img, 0x236, XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G, 2);
	put(img, 0x238, 2047, 4);
	put(img, 0x258, 16 * MiB, 8);
	put(img, 0x260, 0x900000, 4);
	put(img, 0x264, 0x190, 4);
	put(img, 0x268, 0x1234, 4);
	memcpy(img + VERSION_STR_PTR + 0x200, "6.1.0-test", 11);
}

static int parse(u64 size, struct bzimage_info *bi, const char **field, u64 *value)
{
	return bzimage_parse(img, size, bi, field, value);
}

static void expect_error(int want, const char *want_field, u64 want_value)
{
	struct bzimage_info bi;
	const char *field = NULL;
	u64 value = 0;

	assert_int_equal(parse(IMG_SIZE, &bi, &field, &value), want);
	assert_non_null(field);
	assert_string_equal(field, want_field);
	assert_int_equal(value, want_value);
}

static void test_parse_valid_synthetic(void **state)
{
	struct bzimage_info bi;
	const char *field = "x";
	u64 value = 1;

	(void)state;
	make_image(0x020F);
	assert_int_equal(parse(IMG_SIZE, &bi, &field, &value), BZ_OK);
	assert_null(field);
	assert_int_equal(value, 0);
	assert_int_equal(bi.version, get(img, 0x206, 2));
	assert_int_equal(bi.setup_size, (img[0x1F1] + 1) * 512);
	assert_int_equal(bi.header_end, 0x202 + img[0x201]);
	assert_int_equal(bi.pm_offset, bi.setup_size);
	assert_int_equal(bi.pm_size, IMG_SIZE - bi.setup_size);
	assert_true(bi.relocatable);
	assert_int_equal(bi.kernel_alignment, get(img, 0x230, 4));
	assert_int_equal(bi.min_alignment, img[0x235]);
	assert_int_equal(bi.pref_address, get(img, 0x258, 8));
	assert_int_equal(bi.init_size, get(img, 0x260, 4));
	assert_int_equal(bi.initrd_addr_max, get(img, 0x22C, 4));
	assert_int_equal(bi.cmdline_size, get(img, 0x238, 4));
	assert_int_equal(bi.xloadflags, get(img, 0x236, 2));
	assert_int_equal(bi.handover_offset, get(img, 0x264, 4));
	assert_int_equal(bi.kernel_info_offset, get(img, 0x268, 4));
	assert_int_equal(bi.syssize * 16, bi.pm_size);
	assert_string_equal((const char *)img + bi.kernel_version_str, "6.1.0-test");
	/* NULL field/value pointers are allowed. */
	assert_int_equal(bzimage_parse(img, IMG_SIZE, &bi, NULL, NULL), BZ_OK);
}

static void test_parse_too_small(void **state)
{
	struct bzimage_info bi;
	const char *field;
	u64 value;

	(void)state;
	make_image(0x020F);
	assert_int_equal(parse(BZIMAGE_MIN_SIZE - 1, &bi, &field, &value), BZ_ERR_TOO_SMALL);
	assert_string_equal(field, "size");
	assert_int_equal(value, BZIMAGE_MIN_SIZE - 1);
	/* 1 KiB holds the header but not the 4 KiB setup. */
	assert_int_equal(parse(1024, &bi, &field, &value), BZ_ERR_SETUP_SIZE);
}

static void test_parse_boot_flag_and_magic(void **state)
{
	(void)state;
	make_image(0x020F);
	put(img, 0x1FE, 0x55AA, 2);
	expect_error(BZ_ERR_BOOT_FLAG, "boot_flag", 0x55AA);
	make_image(0x020F);
	put(img, 0x202, 0x53726449, 4);
	expect_error(BZ_ERR_MAGIC, "header", 0x53726449);
}

static void test_parse_version_too_old(void **state)
{
	struct bzimage_info bi;

	(void)state;
	make_image(0x020B);
	expect_error(BZ_ERR_VERSION, "version", 0x020B);
	make_image(0x020C); /* 2.12 is the first accepted */
	img[0x201] = 0x66;  /* its header may end at handover_offset */
	assert_int_equal(parse(IMG_SIZE, &bi, NULL, NULL), BZ_OK);
	assert_int_equal(bi.kernel_info_offset, 0); /* 2.15+ only */
}

static void test_parse_old_version_defaults(void **state)
{
	struct bzimage_info bi;
	const char *field;
	u64 value;

	(void)state;
	/* 2.09: no pref_address/init_size (2.10), handover (2.11),
	 * xloadflags (2.12), kernel_info (2.15): defaults, not the bytes. */
	make_image(0x0209);
	assert_int_equal(parse(IMG_SIZE, &bi, &field, &value), BZ_ERR_VERSION);
	assert_int_equal(bi.pref_address, 0x100000);
	assert_int_equal(bi.init_size, 0);
	assert_int_equal(bi.min_alignment, 0);
	assert_int_equal(bi.handover_offset, 0);
	assert_int_equal(bi.xloadflags, 0);
	assert_int_equal(bi.kernel_info_offset, 0);
	assert_int_equal(bi.cmdline_size, 2047); /* 2.06+ */
	/* 2.05: cmdline_size absent -> 255; relocatable fields present. */
	make_image(0x0205);
	assert_int_equal(parse(IMG_SIZE, &bi, &field, &value), BZ_ERR_VERSION);
	assert_int_equal(bi.cmdline_size, 255);
	assert_true(bi.relocatable);
	assert_int_equal(bi.kernel_alignment, 2 * MiB);
	/* 2.02: no initrd_addr_max -> 0x37FFFFFF, not relocatable. */
	make_image(0x0202);
	assert_int_equal(parse(IMG_SIZE, &bi, &field, &value), BZ_ERR_VERSION);
	assert_int_equal(bi.initrd_addr_max, 0x37FFFFFF);
	assert_false(bi.relocatable);
	assert_int_equal(bi.kernel_alignment, 0);
	/* 2.03: syssize is 2 bytes before 2.04. */
	make_image(0x0203);
	img[0x1F6] = 0x12;
	assert_int_equal(parse(IMG_SIZE, &bi, &field, &value), BZ_ERR_VERSION);
	assert_int_equal(bi.syssize, get(img, 0x1F4, 2));
	assert_int_equal(bi.initrd_addr_max, 0x7FFFFFFF);
}

static void test_parse_zero_pref_address_defaults(void **state)
{
	struct bzimage_info bi;

	(void)state;
	make_image(0x020F);
	put(img, 0x258, 0, 8);
	assert_int_equal(parse(IMG_SIZE, &bi, NULL, NULL), BZ_OK);
	assert_int_equal(bi.pref_address, 0x100000);
}

static void test_parse_flags(void **state)
{
	(void)state;
	make_image(0x020F);
	img[0x211] = CAN_USE_HEAP;
	expect_error(BZ_ERR_NOT_LOADED_HIGH, "loadflags", CAN_USE_HEAP);
	make_image(0x020F);
	put(img, 0x236, XLF_CAN_BE_LOADED_ABOVE_4G, 2);
	expect_error(BZ_ERR_NO_64BIT_ENTRY, "xloadflags", XLF_CAN_BE_LOADED_ABOVE_4G);
}

static void test_parse_header_length(void **state)
{
	(void)state;
	make_image(0x020F);
	img[0x200] = 0xE9;
	expect_error(BZ_ERR_HEADER_LEN, "jump", get(img, 0x200, 2));
	make_image(0x020F);
	img[0x201] = 0x66; /* 2.15 needs kernel_info_offset (to 0x26C) */
	expect_error(BZ_ERR_HEADER_LEN, "jump", get(img, 0x200, 2));
	make_image(0x020F);
	img[0x201] = 0x8F; /* would end at 0x291, past the zero-page hole */
	expect_error(BZ_ERR_HEADER_LEN, "jump", get(img, 0x200, 2));
}

static void test_parse_setup_size(void **state)
{
	struct bzimage_info bi;

	(void)state;
	make_image(0x020F);
	img[0x1F1] = 64; /* 65 sectors > 32 KiB */
	expect_error(BZ_ERR_SETUP_SIZE, "setup_sects", 64);
	make_image(0x020F);
	img[0x1F1] = IMG_SIZE / 512 - 1; /* setup fills the whole file */
	expect_error(BZ_ERR_SETUP_SIZE, "setup_sects", IMG_SIZE / 512 - 1);
	make_image(0x020F);
	img[0x1F1] = 0; /* means 4 */
	put(img, 0x1F4, 0, 4);
	assert_int_equal(parse(IMG_SIZE, &bi, NULL, NULL), BZ_OK);
	assert_int_equal(bi.setup_size, 5 * 512);
	assert_int_equal(bi.pm_offset, 5 * 512);
	assert_int_equal(bi.pm_size, IMG_SIZE - 5 * 512);
}

static void test_parse_truncated(void **state)
{
	u32 sys;

	(void)state;
	make_image(0x020F);
	sys = (u32)get(img, 0x1F4, 4) + 1;
	put(img, 0x1F4, sys, 4);
	expect_error(BZ_ERR_TRUNCATED, "syssize", sys);
}

static void test_parse_alignment_and_init_size(void **state)
{
	static const u32 bad[] = {0, 3 * MiB, 2048, 0x80000001};
	u32 i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		make_image(0x020F);
		put(img, 0x230, bad[i], 4);
		expect_error(BZ_ERR_ALIGNMENT, "kernel_alignment", bad[i]);
	}
	make_image(0x020F);
	put(img, 0x260, IMG_SIZE - (SETUP_SECTS + 1) * 512 - 1, 4);
	expect_error(BZ_ERR_INIT_SIZE, "init_size", IMG_SIZE - (SETUP_SECTS + 1) * 512 - 1);
}

static void test_strerror(void **state)
{
	int i, j;

	(void)state;
	for (i = 0; i < BZ_ERR_COUNT; i++) {
		assert_non_null(bzimage_strerror(i));
		for (j = 0; j < i; j++)
			assert_string_not_equal(bzimage_strerror(i), bzimage_strerror(j));
	}
	assert_string_equal(bzimage_strerror(BZ_ERR_COUNT), "unknown error");
	assert_string_equal(bzimage_strerror(-1), "unknown error");
}

static struct bzimage_info reloc_info(u32 init_size, u16 xlf)
{
	struct bzimage_info bi = {0};

	bi.relocatable = true;
	bi.kernel_alignment = 2 * MiB;
	bi.pref_address = 16 * MiB;
	bi.init_size = init_size;
	bi.pm_size = init_size / 2;
	bi.xloadflags = XLF_KERNEL_64 | xlf;
	bi.initrd_addr_max = 0x7FFFFFFF;
	bi.cmdline_size = 2047;
	return bi;
}

static void test_place_relocatable_fragmented(void **state)
{
	struct bzimage_info bi = reloc_info(8 * MiB, 0);
	/* Unsorted; the 16M+ candidates: [17M+4K, 26M-4K) is too small once
	 * aligned to 18M; [31M, 64M) aligns to 32M and fits. */
	const struct mem_span free[] = {
		{31 * MiB, 64 * MiB},
		{1 * MiB, 15 * MiB},
		{17 * MiB + 4 * KiB, 26 * MiB - 4 * KiB},
	};
	u64 addr = 0;

	(void)state;
	assert_int_equal(bzimage_place(&bi, free, ARRAY_SIZE(free), 1 * MiB, &addr), BZ_OK);
	assert_int_equal(addr, ALIGN_UP(31 * MiB, 2 * MiB));
	assert_true(addr % bi.kernel_alignment == 0);
	/* A middle span that just fits wins, being lower. */
	{
		const struct mem_span f2[] = {free[0], free[1], {17 * MiB + 4 * KiB, 26 * MiB}};

		assert_int_equal(bzimage_place(&bi, f2, 3, 1 * MiB, &addr), BZ_OK);
		assert_int_equal(addr, 18 * MiB);
	}
	/* Nothing at/above 16M fits: fall back to the lowest above floor. */
	{
		const struct mem_span f3[] = {{16 * MiB, 20 * MiB}, {1 * MiB, 12 * MiB}};

		assert_int_equal(bzimage_place(&bi, f3, 2, 1 * MiB, &addr), BZ_OK);
		assert_int_equal(addr, 2 * MiB);
		assert_int_equal(bzimage_place(&bi, f3, 2, 3 * MiB, &addr), BZ_OK);
		assert_int_equal(addr, 4 * MiB);
		assert_int_equal(bzimage_place(&bi, f3, 2, 5 * MiB, &addr), BZ_ERR_NO_ROOM);
		assert_int_equal(addr, 0);
	}
}

static void test_place_relocatable_4g_limit(void **state)
{
	struct bzimage_info bi = reloc_info(8 * MiB, 0);
	const struct mem_span free[] = {{4 * GiB - 4 * MiB, 4 * GiB + 64 * MiB}};
	u64 addr;

	(void)state;
	assert_int_equal(bzimage_place(&bi, free, 1, 1 * MiB, &addr), BZ_ERR_NO_ROOM);
	bi.xloadflags |= XLF_CAN_BE_LOADED_ABOVE_4G;
	assert_int_equal(bzimage_place(&bi, free, 1, 1 * MiB, &addr), BZ_OK);
	assert_int_equal(addr, 4 * GiB - 4 * MiB);
}

static void test_place_fixed(void **state)
{
	struct bzimage_info bi = reloc_info(4 * MiB, 0);
	const struct mem_span roomy[] = {{1 * MiB, 64 * MiB}};
	const struct mem_span tight[] = {{0, 2 * MiB}, {3 * MiB, 64 * MiB}};
	u64 addr = 0;

	(void)state;
	bi.relocatable = false;
	bi.pref_address = 0x100000;
	assert_int_equal(bzimage_place(&bi, roomy, 1, 1 * MiB, &addr), BZ_OK);
	assert_int_equal(addr, 0x100000);
	assert_int_equal(bzimage_place(&bi, tight, 2, 1 * MiB, &addr), BZ_ERR_NO_ROOM);
	assert_int_equal(addr, 0x100000);
	/* pref below the floor is refused even with room. */
	assert_int_equal(bzimage_place(&bi, roomy, 1, 2 * MiB, &addr), BZ_ERR_NO_ROOM);
	assert_int_equal(addr, 0x100000);
	/* Exactly filling the span is fine. */
	bi.pref_address = 3 * MiB;
	bi.init_size = 61 * MiB;
	assert_int_equal(bzimage_place(&bi, tight, 2, 1 * MiB, &addr), BZ_OK);
	assert_int_equal(addr, 3 * MiB);
	bi.init_size++;
	assert_int_equal(bzimage_place(&bi, tight, 2, 1 * MiB, &addr), BZ_ERR_NO_ROOM);
}

static void test_initrd_highest_below_max(void **state)
{
	struct bzimage_info bi = reloc_info(8 * MiB, 0);
	const struct mem_span free[] = {{1 * MiB, 15 * MiB}, {16 * MiB, 3 * GiB}};
	u64 size = 10 * MiB + 123, addr;

	(void)state;
	assert_int_equal(bzimage_place_initrd(&bi, size, free, 2, 16 * MiB, 24 * MiB, &addr),
			 BZ_OK);
	assert_int_equal(addr, ALIGN_DOWN((u64)bi.initrd_addr_max + 1 - size, PAGE_SIZE));
	assert_true(addr + size - 1 <= bi.initrd_addr_max);
	assert_true(addr % PAGE_SIZE == 0);
	/* A lower limit moves it down; size 0 means no initrd. */
	bi.initrd_addr_max = 0x37FFFFFF;
	assert_int_equal(bzimage_place_initrd(&bi, size, free, 2, 16 * MiB, 24 * MiB, &addr),
			 BZ_OK);
	assert_int_equal(addr, ALIGN_DOWN(0x38000000 - size, PAGE_SIZE));
	assert_int_equal(bzimage_place_initrd(&bi, 0, free, 2, 0, 0, &addr), BZ_OK);
	assert_int_equal(addr, 0);
}

static void test_initrd_avoids_kernel(void **state)
{
	struct bzimage_info bi = reloc_info(8 * MiB, 0);
	const struct mem_span free[] = {{1 * MiB, 48 * MiB}};
	u64 addr;

	(void)state;
	/* Above the kernel [16M, 40M) only 8M remain. */
	assert_int_equal(bzimage_place_initrd(&bi, 8 * MiB, free, 1, 16 * MiB, 40 * MiB, &addr),
			 BZ_OK);
	assert_int_equal(addr, 40 * MiB);
	assert_int_equal(bzimage_place_initrd(&bi, 10 * MiB, free, 1, 16 * MiB, 40 * MiB, &addr),
			 BZ_OK);
	assert_int_equal(addr, 6 * MiB);
	assert_true(addr + 10 * MiB <= 16 * MiB);
	assert_int_equal(bzimage_place_initrd(&bi, 16 * MiB, free, 1, 16 * MiB, 40 * MiB, &addr),
			 BZ_ERR_INITRD_NO_ROOM);
	/* Kernel covering the whole span. */
	assert_int_equal(bzimage_place_initrd(&bi, 4096, free, 1, 0, 64 * MiB, &addr),
			 BZ_ERR_INITRD_NO_ROOM);
	/* Too large for any span at all. */
	assert_int_equal(bzimage_place_initrd(&bi, 64 * MiB, free, 1, 0, 0, &addr),
			 BZ_ERR_INITRD_NO_ROOM);
}

static void test_fill_boot_params_header(void **state)
{
	struct bzimage_info bi;
	struct boot_params bp;
	const u8 *raw = (const u8 *)&bp;
	u32 i;

	(void)state;
	make_image(0x020F);
	/* Junk outside the header must not reach the zero page. */
	img[0x1EF] = 0xFF;
	memset(img + 0x26C, 0x5A, 0x290 - 0x26C);
	assert_int_equal(parse(IMG_SIZE, &bi, NULL, NULL), BZ_OK);
	memset(&bp, 0xCC, sizeof(bp));
	assert_int_equal(bzimage_fill_boot_params(img, &bi, &bp, 16 * MiB, 0x20000, 20, 0x7F000000,
						  0x123456, 0xE0000),
			 BZ_OK);
	for (i = 0; i < sizeof(bp); i++) {
		if (i >= 0x1F1 && i < bi.header_end)
			continue;
		if (i >= 0x070 && i < 0x078) /* acpi_rsdp_addr */
			continue;
		assert_int_equal(raw[i], 0);
	}
	/* Header bytes are the image's, except the fields the loader writes. */
	for (i = 0x1F1; i < bi.header_end; i++) {
		if (i == 0x1FA || i == 0x1FB || i == 0x210 || (i >= 0x214 && i < 0x220) ||
		    (i >= 0x228 && i < 0x22C))
			continue;
		assert_int_equal(raw[i], img[i]);
	}
	assert_int_equal(bp.hdr.type_of_loader, 0xFF);
	assert_int_equal(bp.hdr.vid_mode, 0xFFFF);
	assert_int_equal(bp.hdr.code32_start, 16 * MiB);
	assert_int_equal(bp.hdr.cmd_line_ptr, 0x20000);
	assert_int_equal(bp.ext_cmd_line_ptr, 0);
	assert_int_equal(bp.hdr.ramdisk_image, 0x7F000000);
	assert_int_equal(bp.hdr.ramdisk_size, 0x123456);
	assert_int_equal(bp.acpi_rsdp_addr, 0xE0000);
	assert_int_equal(bp.sentinel, 0);
	assert_int_equal(bp.hdr.version, 0x020F);
	assert_int_equal(bp.hdr.init_size, bi.init_size);
	assert_int_equal(get(raw, 0x228, 4), 0x20000); /* offsets by hand */
	assert_int_equal(get(raw, 0x218, 4), 0x7F000000);
	assert_int_equal(get(raw, 0x070, 8), 0xE0000);
}

static void test_fill_boot_params_above_4g(void **state)
{
	struct bzimage_info bi;
	struct boot_params bp;
	u64 cmd = 0x123456000ULL, rd = 0x200000000ULL, rd_size = 0x100001000ULL;

	(void)state;
	make_image(0x020F);
	assert_int_equal(parse(IMG_SIZE, &bi, NULL, NULL), BZ_OK);
	assert_int_equal(bzimage_fill_boot_params(img, &bi, &bp, 5 * GiB, cmd, 10, rd, rd_size, 0),
			 BZ_OK);
	assert_int_equal(((u64)bp.ext_cmd_line_ptr << 32) | bp.hdr.cmd_line_ptr, cmd);
	assert_int_equal(((u64)bp.ext_ramdisk_image << 32) | bp.hdr.ramdisk_image, rd);
	assert_int_equal(((u64)bp.ext_ramdisk_size << 32) | bp.hdr.ramdisk_size, rd_size);
	assert_int_equal(get((const u8 *)&bp, 0xC8, 4), cmd >> 32);
	assert_int_equal(get((const u8 *)&bp, 0xC0, 4), rd >> 32);
	/* Without XLF_CAN_BE_LOADED_ABOVE_4G each high address is refused. */
	bi.xloadflags &= ~XLF_CAN_BE_LOADED_ABOVE_4G;
	assert_int_equal(bzimage_fill_boot_params(img, &bi, &bp, 16 * MiB, cmd, 10, 0, 0, 0),
			 BZ_ERR_ABOVE_4G);
	assert_int_equal(
		bzimage_fill_boot_params(img, &bi, &bp, 16 * MiB, 0x20000, 10, rd, 4096, 0),
		BZ_ERR_ABOVE_4G);
	assert_int_equal(
		bzimage_fill_boot_params(img, &bi, &bp, 4 * GiB - 4 * MiB, 0x20000, 10, 0, 0, 0),
		BZ_ERR_ABOVE_4G);
	/* An initrd ending exactly at 4 GiB is fine; no initrd leaves zeros. */
	assert_int_equal(bzimage_fill_boot_params(img, &bi, &bp, 16 * MiB, 0x20000, 10,
						  4 * GiB - 4096, 4096, 0),
			 BZ_OK);
	assert_int_equal(bp.hdr.ramdisk_image, (u32)(4 * GiB - 4096));
	assert_int_equal(bzimage_fill_boot_params(img, &bi, &bp, 16 * MiB, 0x20000, 10, rd, 0, 0),
			 BZ_OK);
	assert_int_equal(bp.hdr.ramdisk_image, 0);
	assert_int_equal(bp.ext_ramdisk_image, 0);
	assert_int_equal(bp.hdr.ramdisk_size, 0);
}

static void test_fill_boot_params_cmdline_too_long(void **state)
{
	struct bzimage_info bi;
	struct boot_params bp;

	(void)state;
	make_image(0x020F);
	assert_int_equal(parse(IMG_SIZE, &bi, NULL, NULL), BZ_OK);
	assert_int_equal(bzimage_fill_boot_params(img, &bi, &bp, 16 * MiB, 0x20000, bi.cmdline_size,
						  0, 0, 0),
			 BZ_OK);
	assert_int_equal(bzimage_fill_boot_params(img, &bi, &bp, 16 * MiB, 0x20000,
						  bi.cmdline_size + 1, 0, 0, 0),
			 BZ_ERR_CMDLINE_TOO_LONG);
}

/*
 * Found by tests/fuzz/fuzz_bzimage.c: ramdisk_image/ramdisk_size are
 * "write (obligatory)" fields (boot.rst) inside the copied header, so an
 * image carrying non-zero values there must not pass them on when there is
 * no initrd - the kernel would look for a ramdisk that is not there.
 */
static void test_fill_boot_params_no_initrd_clears_image_ramdisk(void **state)
{
	struct bzimage_info bi;
	struct boot_params bp;

	(void)state;
	make_image(0x020F);
	put(img, 0x218, 0x08000000, 4); /* ramdisk_image */
	put(img, 0x21C, 0x00400000, 4); /* ramdisk_size */
	assert_int_equal(parse(IMG_SIZE, &bi, NULL, NULL), BZ_OK);
	memset(&bp, 0xCC, sizeof(bp));
	assert_int_equal(
		bzimage_fill_boot_params(img, &bi, &bp, 16 * MiB, 0x20000, 10, 0x7F000000, 0, 0),
		BZ_OK);
	assert_int_equal(get((const u8 *)&bp, 0x218, 4), 0);
	assert_int_equal(get((const u8 *)&bp, 0x21C, 4), 0);
	assert_int_equal(bp.ext_ramdisk_image, 0);
	assert_int_equal(bp.ext_ramdisk_size, 0);
	/* with an initrd, the loader's values replace the image's */
	assert_int_equal(bzimage_fill_boot_params(img, &bi, &bp, 16 * MiB, 0x20000, 10, 0x7F000000,
						  0x1000, 0),
			 BZ_OK);
	assert_int_equal(get((const u8 *)&bp, 0x218, 4), 0x7F000000);
	assert_int_equal(get((const u8 *)&bp, 0x21C, 4), 0x1000);
}

/* An image's own setup_data pointer is never handed to the kernel. */
static void test_fill_boot_params_clears_setup_data(void **state)
{
	struct bzimage_info bi;
	struct boot_params bp;

	(void)state;
	make_image(0x020F);
	put(img, 0x250, 0x12345000, 4); /* setup_data, low half */
	assert_int_equal(parse(IMG_SIZE, &bi, NULL, NULL), BZ_OK);
	assert_int_equal(bzimage_fill_boot_params(img, &bi, &bp, 16 * MiB, 0x20000, 10, 0, 0, 0),
			 BZ_OK);
	assert_int_equal(get((const u8 *)&bp, 0x250, 4), 0);
	assert_int_equal(get((const u8 *)&bp, 0x254, 4), 0);
}

/* The real kernel named by THINVISOR_BZIMAGE: its first 64 KiB and size. */
static u8 *real_head;
static u64 real_size;
static char real_skip_reason[300];
#define REAL_HEAD 65536

static int load_real(void **state)
{
	const char *path = getenv("THINVISOR_BZIMAGE");
	struct stat st;
	FILE *f;

	(void)state;
	if (!path || !*path) {
		snprintf(real_skip_reason, sizeof(real_skip_reason),
			 "THINVISOR_BZIMAGE is not set");
		return 0;
	}
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !(f = fopen(path, "rb"))) {
		snprintf(real_skip_reason, sizeof(real_skip_reason),
			 "THINVISOR_BZIMAGE=%s is not a readable file", path);
		return 0;
	}
	real_head = calloc(1, REAL_HEAD);
	real_size = (u64)st.st_size;
	if (fread(real_head, 1, REAL_HEAD, f) == 0) {
		snprintf(real_skip_reason, sizeof(real_skip_reason), "cannot read %s", path);
		free(real_head);
		real_head = NULL;
	}
	fclose(f);
	return 0;
}

static int unload_real(void **state)
{
	(void)state;
	free(real_head);
	real_head = NULL;
	return 0;
}

static void test_real_bzimage(void **state)
{
	struct bzimage_info bi;
	struct boot_params bp;
	const struct mem_span free[] = {{1 * MiB, 2 * GiB}};
	const char *field = NULL;
	u64 value = 0, addr, rd;
	int err;

	(void)state;
	if (!real_head) {
		printf("    skipped: %s\n", real_skip_reason);
		skip();
	}
	err = bzimage_parse(real_head, real_size, &bi, &field, &value);
	if (err)
		printf("    parse: %s (%s=0x%llx)\n", bzimage_strerror(err), field,
		       (unsigned long long)value);
	assert_int_equal(err, BZ_OK);
	assert_true(bi.version >= 0x020C);
	assert_true(bi.xloadflags & XLF_KERNEL_64);
	assert_int_equal(bi.version, get(real_head, 0x206, 2));
	assert_int_equal(bi.init_size, get(real_head, 0x260, 4));
	assert_int_equal(bi.pm_offset + bi.pm_size, real_size);
	assert_true(bi.init_size >= bi.pm_size);
	printf("    real bzImage: protocol %x.%02x, %s, pref 0x%llx, init_size 0x%x, "
	       "align 0x%x, version \"%s\"\n",
	       bi.version >> 8, bi.version & 0xFF, bi.relocatable ? "relocatable" : "FIXED",
	       (unsigned long long)bi.pref_address, bi.init_size, bi.kernel_alignment,
	       bi.kernel_version_str ? (const char *)real_head + bi.kernel_version_str : "?");
	/* Placement: relocatable -> aligned at/above 16 MiB; fixed -> pref. */
	assert_int_equal(bzimage_place(&bi, free, 1, 1 * MiB, &addr), BZ_OK);
	if (bi.relocatable) {
		assert_true(addr >= 16 * MiB && addr % bi.kernel_alignment == 0);
	} else {
		assert_int_equal(addr, bi.pref_address);
	}
	assert_int_equal(
		bzimage_place_initrd(&bi, 1338573, free, 1, addr, addr + bi.init_size, &rd), BZ_OK);
	assert_true(rd >= addr + bi.init_size || rd + 1338573 <= addr);
	assert_int_equal(
		bzimage_fill_boot_params(real_head, &bi, &bp, addr, 0x20000, 30, rd, 1338573, 0),
		BZ_OK);
	assert_memory_equal((u8 *)&bp + 0x202, real_head + 0x202, 0x210 - 0x202);
}

static int parse_corrupt(u32 off, u64 v, u32 len, u64 size)
{
	static u8 copy[REAL_HEAD];
	struct bzimage_info bi;
	const char *field;
	u64 value;

	memcpy(copy, real_head, REAL_HEAD);
	put(copy, off, v, len);
	return bzimage_parse(copy, size, &bi, &field, &value);
}

static void test_real_bzimage_corrupted(void **state)
{
	(void)state;
	if (!real_head) {
		printf("    skipped: %s\n", real_skip_reason);
		skip();
	}
	assert_int_equal(parse_corrupt(0x1FE, 0, 2, real_size), BZ_ERR_BOOT_FLAG);
	assert_int_equal(parse_corrupt(0x202, 0x53726400, 4, real_size), BZ_ERR_MAGIC);
	assert_int_equal(parse_corrupt(0x206, 0x0209, 2, real_size), BZ_ERR_VERSION);
	assert_int_equal(parse_corrupt(0x236, 0, 2, real_size), BZ_ERR_NO_64BIT_ENTRY);
	assert_int_equal(parse_corrupt(0x211, 0, 1, real_size), BZ_ERR_NOT_LOADED_HIGH);
	assert_int_equal(parse_corrupt(0x1F1, 0xFF, 1, real_size), BZ_ERR_SETUP_SIZE);
	assert_int_equal(parse_corrupt(0x1FE, 0xAA55, 2, 1024), BZ_ERR_SETUP_SIZE);
	assert_int_equal(parse_corrupt(0x1FE, 0xAA55, 2, 1000), BZ_ERR_TOO_SMALL);
	assert_int_equal(parse_corrupt(0x1FE, 0xAA55, 2, real_size - 4096), BZ_ERR_TRUNCATED);
	assert_int_equal(parse_corrupt(0x230, 0x180000, 4, real_size), BZ_ERR_ALIGNMENT);
	assert_int_equal(parse_corrupt(0x260, 4096, 4, real_size), BZ_ERR_INIT_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid_synthetic),
		cmocka_unit_test(test_parse_too_small),
		cmocka_unit_test(test_parse_boot_flag_and_magic),
		cmocka_unit_test(test_parse_version_too_old),
		cmocka_unit_test(test_parse_old_version_defaults),
		cmocka_unit_test(test_parse_zero_pref_address_defaults),
		cmocka_unit_test(test_parse_flags),
		cmocka_unit_test(test_parse_header_length),
		cmocka_unit_test(test_parse_setup_size),
		cmocka_unit_test(test_parse_truncated),
		cmocka_unit_test(test_parse_alignment_and_init_size),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_place_relocatable_fragmented),
		cmocka_unit_test(test_place_relocatable_4g_limit),
		cmocka_unit_test(test_place_fixed),
		cmocka_unit_test(test_initrd_highest_below_max),
		cmocka_unit_test(test_initrd_avoids_kernel),
		cmocka_unit_test(test_fill_boot_params_header),
		cmocka_unit_test(test_fill_boot_params_above_4g),
		cmocka_unit_test(test_fill_boot_params_cmdline_too_long),
		cmocka_unit_test(test_fill_boot_params_no_initrd_clears_image_ramdisk),
		cmocka_unit_test(test_fill_boot_params_clears_setup_data),
		cmocka_unit_test(test_real_bzimage),
		cmocka_unit_test(test_real_bzimage_corrupted),
	};

	return cmocka_run_group_tests(tests, load_real, unload_real);
}

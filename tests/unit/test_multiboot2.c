// SPDX-License-Identifier: MIT
/*
 * test_multiboot2.c - cmocka tests for boot/multiboot2.c.  Every image is
 * built by the small builder below, which lays tags out the way the
 * multiboot2 spec (3.6.1) and GRUB do: 8-byte aligned, size without padding,
 * zero padding.  Expected error offsets come from the builder, never from
 * hand-counted constants.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "multiboot2.h"

#define INFO_ADDR 0x10000ULL

struct mbi {
	u8 buf[3 * MB2_MAX_MMAP * 40 + 4096] __aligned(8); /* test_too_many_mmap's EFI map */
	u32 len;
	u32 tag_off[512]; /* start of every tag, end tag included */
	u32 nr_tags;
};

struct efi_desc {
	u32 type;
	u64 start, pages;
};

struct bios_ent {
	u64 addr, len;
	u32 type;
};

static struct mbi img;	     /* the image under test */
static struct mb2_info info; /* ~25 KiB: kept off the stack */

static void put32(struct mbi *b, u32 off, u32 v)
{
	memcpy(b->buf + off, &v, 4);
}

static void put64(struct mbi *b, u32 off, u64 v)
{
	memcpy(b->buf + off, &v, 8);
}

static void emit(struct mbi *b, const void *p, u32 n)
{
	assert_true(b->len + n <= sizeof(b->buf));
	if (n)
		memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static void emit32(struct mbi *b, u32 v)
{
	emit(b, &v, 4);
}

static void emit64(struct mbi *b, u64 v)
{
	emit(b, &v, 8);
}

static void mbi_init(struct mbi *b)
{
	memset(b, 0, sizeof(*b));
	b->len = 8;
}

static u32 tag_begin(struct mbi *b, u32 type)
{
	u32 off = b->len;

	b->tag_off[b->nr_tags++] = off;
	emit32(b, type);
	emit32(b, 0);
	return off;
}

/* Fix the size (header + payload, no padding), then zero-pad to 8. */
static u32 tag_end(struct mbi *b, u32 off)
{
	put32(b, off + 4, b->len - off);
	b->len = (u32)ALIGN_UP(b->len, 8);
	return off;
}

static u32 add_raw(struct mbi *b, u32 type, const void *payload, u32 n)
{
	u32 off = tag_begin(b, type);

	emit(b, payload, n);
	return tag_end(b, off);
}

static u32 add_string(struct mbi *b, u32 type, const char *s)
{
	return add_raw(b, type, s, (u32)strlen(s) + 1);
}

/* n bytes of string, so that a test can leave out the NUL */
static u32 add_module_n(struct mbi *b, u32 start, u32 end, const char *s, u32 n)
{
	u32 off = tag_begin(b, MB2_TAG_MODULE);

	emit32(b, start);
	emit32(b, end);
	emit(b, s, n);
	return tag_end(b, off);
}

static u32 add_module(struct mbi *b, u32 start, u32 end, const char *s)
{
	return add_module_n(b, start, end, s, (u32)strlen(s) + 1);
}

static u32 add_pair(struct mbi *b, u32 type, u32 x, u32 y)
{
	u32 off = tag_begin(b, type);

	emit32(b, x);
	emit32(b, y);
	return tag_end(b, off);
}

static u32 add_bios_mmap(struct mbi *b, const struct bios_ent *e, u32 n, u32 esz)
{
	u32 off = tag_begin(b, MB2_TAG_MMAP);

	emit32(b, esz);
	emit32(b, 0);
	for (u32 i = 0; i < n; i++) {
		u32 start = b->len;

		emit64(b, e[i].addr);
		emit64(b, e[i].len);
		emit32(b, e[i].type);
		while (b->len < start + esz)
			emit(b, "\x00", 1);
	}
	return tag_end(b, off);
}

/* Bytes past the 40 we know are filled with 0xAA: the parser must skip them. */
static u32 add_efi_mmap(struct mbi *b, const struct efi_desc *d, u32 n, u32 dsz)
{
	u32 off = tag_begin(b, MB2_TAG_EFI_MMAP);

	emit32(b, dsz);
	emit32(b, 1);
	for (u32 i = 0; i < n; i++) {
		u32 start = b->len;

		emit32(b, d[i].type);
		emit32(b, 0);
		emit64(b, d[i].start);
		emit64(b, d[i].start | BIT(63)); /* VirtualStart: ignored */
		emit64(b, d[i].pages);
		emit64(b, 0xf);
		while (b->len < start + dsz)
			emit(b, "\xaa", 1);
	}
	return tag_end(b, off);
}

static u32 add_rsdp(struct mbi *b, u32 type, u32 len)
{
	u32 off = tag_begin(b, type);

	emit(b, "RSD PTR ", 8);
	for (u32 i = 8; i < len; i++)
		emit(b, &(u8){(u8)i}, 1);
	return tag_end(b, off);
}

static u32 add_u64(struct mbi *b, u32 type, u64 v)
{
	u32 off = tag_begin(b, type);

	emit64(b, v);
	return tag_end(b, off);
}

/* Tag 8 as GRUB lays it out: common part (u16 reserved), then color_info. */
static u32 add_fb(struct mbi *b, const struct mb2_framebuffer *fb, u32 color_len)
{
	static const u8 pad[2];
	u32 off = tag_begin(b, MB2_TAG_FRAMEBUFFER);
	u8 rgb[6] = {fb->red_pos,    fb->red_size, fb->green_pos,
		     fb->green_size, fb->blue_pos, fb->blue_size};

	emit64(b, fb->addr);
	emit32(b, fb->pitch);
	emit32(b, fb->width);
	emit32(b, fb->height);
	emit(b, &fb->bpp, 1);
	emit(b, &fb->type, 1);
	emit(b, pad, 2);
	emit(b, rgb, color_len);
	return tag_end(b, off);
}

static u32 mbi_finish(struct mbi *b)
{
	u32 off = tag_begin(b, MB2_TAG_END);

	tag_end(b, off);
	put32(b, 0, b->len);
	return off;
}

static int parse(struct mbi *b, u32 *bad)
{
	return mb2_parse(MB2_BOOTLOADER_MAGIC, b->buf, INFO_ADDR, b->len, &info, bad);
}

static void expect_error(struct mbi *b, int err, u32 bad_off)
{
	u32 bad = 0xdeadbeef;

	assert_int_equal(parse(b, &bad), err);
	assert_int_equal(bad, bad_off);
}

static void expect_ok(struct mbi *b)
{
	expect_error(b, MB2_OK, 0);
}

static void check_entry(const struct mb2_mmap_entry *e, u64 addr, u64 len, u32 type)
{
	assert_int_equal(e->addr, addr);
	assert_int_equal(e->len, len);
	assert_int_equal(e->type, type);
}

/* ---- one image with every tag, reused by the truncation/mutation tests ---- */

static const struct bios_ent full_bios[] = {
	{0, 0x9fc00, 1},	   /* available */
	{0xf0000, 0x10000, 2},	   /* reserved */
	{0x100000, 0x1ff00000, 1}, /* available */
	{0x1fff0000, 0x10000, 3},  /* ACPI reclaimable */
	{0xfec00000, 0x1000, 9},   /* unknown type -> reserved */
};

static const struct efi_desc full_efi[] = {
	{7, 0, 0x9f},
	{7, 0x100000, 0x100}, /* merges with the next one */
	{2, 0x200000, 0x200},
	{10, 0x7f000000, 4},
};

static u32 full_offs[16];

static void build_full(struct mbi *b)
{
	static const u8 future[5] = {1, 2, 3, 4, 5};

	mbi_init(b);
	full_offs[0] = add_string(b, MB2_TAG_CMDLINE, "console=ttyS0 quiet");
	full_offs[1] = add_string(b, MB2_TAG_BOOTLOADER_NAME, "GRUB 2.06");
	full_offs[2] = add_module(b, 0x400000, 0x9a3000, "bzImage root=/dev/ram0");
	full_offs[3] = add_module(b, 0xa00000, 0xa80123, "initrd");
	full_offs[4] = add_pair(b, MB2_TAG_BASIC_MEMINFO, 639, 523264);
	full_offs[5] = add_bios_mmap(b, full_bios, ARRAY_SIZE(full_bios), 24);
	full_offs[6] = add_raw(b, 99, future, sizeof(future));
	full_offs[7] = add_rsdp(b, MB2_TAG_ACPI_OLD, 20);
	full_offs[8] = add_rsdp(b, MB2_TAG_ACPI_NEW, 36);
	full_offs[9] = add_efi_mmap(b, full_efi, ARRAY_SIZE(full_efi), 48);
	full_offs[10] = add_pair(b, MB2_TAG_LOAD_BASE_ADDR, 0x200000, 0);
	mbi_finish(b);
}

static void test_full_image(void **state)
{
	(void)state;
	build_full(&img);
	expect_ok(&img);

	assert_int_equal(info.info_addr, INFO_ADDR);
	assert_int_equal(info.total_size, img.len);
	assert_string_equal(info.cmdline, "console=ttyS0 quiet");
	assert_ptr_equal(info.cmdline, img.buf + full_offs[0] + 8);
	assert_string_equal(info.bootloader_name, "GRUB 2.06");

	assert_int_equal(info.nr_modules, 2);
	assert_int_equal(info.modules[0].start, 0x400000);
	assert_int_equal(info.modules[0].end, 0x9a3000);
	assert_string_equal(info.modules[0].string, "bzImage root=/dev/ram0");
	assert_ptr_equal(info.modules[0].string, img.buf + full_offs[2] + 16);
	assert_int_equal(info.modules[1].start, 0xa00000);
	assert_int_equal(info.modules[1].end, 0xa80123);
	assert_string_equal(info.modules[1].string, "initrd");

	assert_true(info.has_basic_meminfo);
	assert_int_equal(info.mem_lower_kib, 639);
	assert_int_equal(info.mem_upper_kib, 523264);

	assert_true(info.has_bios_mmap);
	assert_int_equal(info.nr_bios_mmap, ARRAY_SIZE(full_bios));
	for (u32 i = 0; i < ARRAY_SIZE(full_bios); i++)
		check_entry(&info.bios_mmap[i], full_bios[i].addr, full_bios[i].len,
			    full_bios[i].type <= 5 ? full_bios[i].type : MB2_MEM_RESERVED);

	assert_true(info.rsdp_is_v2);
	assert_ptr_equal(info.rsdp, img.buf + full_offs[8] + 8);
	assert_int_equal(info.rsdp_len, 36);
	assert_memory_equal(info.rsdp, "RSD PTR ", 8);

	assert_true(info.has_efi_mmap);
	assert_int_equal(info.efi_descr_version, 1);
	assert_int_equal(info.nr_efi_mmap, 3);
	check_entry(&info.efi_mmap[0], 0, 0x9f000, MB2_MEM_AVAILABLE);
	check_entry(&info.efi_mmap[1], 0x100000, 0x300000, MB2_MEM_AVAILABLE);
	check_entry(&info.efi_mmap[2], 0x7f000000, 0x4000, MB2_MEM_NVS);

	assert_true(info.has_load_base);
	assert_int_equal(info.load_base, 0x200000);
	assert_false(info.efi_boot_services_not_exited);
}

/* A GOP framebuffer above 4 GiB: 1280x800, 32 bpp, x8r8g8b8. */
static const struct mb2_framebuffer gop_fb = {
	.addr = 0x4000000000ULL,
	.pitch = 5120,
	.width = 1280,
	.height = 800,
	.bpp = 32,
	.type = MB2_FB_RGB,
	.red_pos = 16,
	.red_size = 8,
	.green_pos = 8,
	.green_size = 8,
	.blue_pos = 0,
	.blue_size = 8,
};

static void test_efi_tags(void **state)
{
	u32 off_mmap;

	(void)state;
	mbi_init(&img);
	add_u64(&img, MB2_TAG_EFI64, 0x7fb8e018ULL);
	add_pair(&img, MB2_TAG_EFI32, 0x1234000, 0); /* loses to tag 12 */
	add_fb(&img, &gop_fb, 6);
	off_mmap = add_efi_mmap(&img, full_efi, ARRAY_SIZE(full_efi), 48);
	mbi_finish(&img);
	expect_ok(&img);

	assert_true(info.has_efi_systab);
	assert_true(info.efi_systab_is_64);
	assert_int_equal(info.efi_systab, 0x7fb8e018ULL);

	assert_true(info.has_framebuffer);
	assert_int_equal(info.fb.addr, gop_fb.addr);
	assert_int_equal(info.fb.pitch, 5120);
	assert_int_equal(info.fb.width, 1280);
	assert_int_equal(info.fb.height, 800);
	assert_int_equal(info.fb.bpp, 32);
	assert_int_equal(info.fb.type, MB2_FB_RGB);
	assert_int_equal(info.fb.red_pos, 16);
	assert_int_equal(info.fb.red_size, 8);
	assert_int_equal(info.fb.green_pos, 8);
	assert_int_equal(info.fb.green_size, 8);
	assert_int_equal(info.fb.blue_pos, 0);
	assert_int_equal(info.fb.blue_size, 8);

	/* the raw descriptors, as the firmware wrote them */
	assert_ptr_equal(info.efi_mmap_raw, img.buf + off_mmap + 16);
	assert_int_equal(info.efi_mmap_raw_size, ARRAY_SIZE(full_efi) * 48);
	assert_int_equal(info.efi_descr_size, 48);
	assert_int_equal(info.efi_descr_version, 1);

	/* only a 32-bit pointer; a null one is none */
	mbi_init(&img);
	add_pair(&img, MB2_TAG_EFI32, 0x1234000, 0);
	mbi_finish(&img);
	expect_ok(&img);
	assert_true(info.has_efi_systab);
	assert_false(info.efi_systab_is_64);
	assert_int_equal(info.efi_systab, 0x1234000);
	assert_false(info.has_framebuffer);
	assert_null(info.efi_mmap_raw);
	mbi_init(&img);
	add_u64(&img, MB2_TAG_EFI64, 0);
	mbi_finish(&img);
	expect_ok(&img);
	assert_false(info.has_efi_systab);
}

static void test_framebuffer_checks(void **state)
{
	struct mb2_framebuffer fb = gop_fb;
	u32 off;

	(void)state;
	/* RGB without its six colour bytes */
	mbi_init(&img);
	off = add_fb(&img, &fb, 4);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_TAG_SIZE, off);

	/* indexed and EGA text need no colour bytes; text counts characters */
	fb.type = MB2_FB_EGA_TEXT;
	fb.addr = 0xb8000;
	fb.width = 80;
	fb.height = 25;
	fb.pitch = 160;
	fb.bpp = 16;
	mbi_init(&img);
	add_fb(&img, &fb, 0);
	mbi_finish(&img);
	expect_ok(&img);
	assert_int_equal(info.fb.type, MB2_FB_EGA_TEXT);
	assert_int_equal(info.fb.red_size, 0);

	/* lines wider than the pitch */
	fb = gop_fb;
	fb.pitch = 1280 * 3;
	mbi_init(&img);
	off = add_fb(&img, &fb, 6);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_FRAMEBUFFER, off);

	/* wrapping past 2^64 */
	fb = gop_fb;
	fb.addr = ~0ULL - 0x1000;
	mbi_init(&img);
	off = add_fb(&img, &fb, 6);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_FRAMEBUFFER, off);

	/* short system table tags, and a second tag 12 */
	mbi_init(&img);
	off = add_raw(&img, MB2_TAG_EFI64, "\x01\x02\x03\x04", 4);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_TAG_SIZE, off);
	mbi_init(&img);
	off = add_raw(&img, MB2_TAG_EFI32, "\x01\x02", 2);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_TAG_SIZE, off);
	mbi_init(&img);
	add_u64(&img, MB2_TAG_EFI64, 0x1000);
	off = add_u64(&img, MB2_TAG_EFI64, 0x2000);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_DUPLICATE_TAG, off);
}

static void test_bios_only_map(void **state)
{
	const struct mb2_mmap_entry *m;
	const char *src;
	u32 n;

	(void)state;
	mbi_init(&img);
	add_bios_mmap(&img, full_bios, ARRAY_SIZE(full_bios), 32); /* larger entry_size */
	mbi_finish(&img);
	expect_ok(&img);
	assert_false(info.has_efi_mmap);
	m = mb2_memory_map(&info, &n, &src);
	assert_string_equal(src, "BIOS");
	assert_ptr_equal(m, info.bios_mmap);
	assert_int_equal(n, ARRAY_SIZE(full_bios));
	check_entry(&m[2], 0x100000, 0x1ff00000, MB2_MEM_AVAILABLE);
	check_entry(&m[3], 0x1fff0000, 0x10000, MB2_MEM_ACPI_RECLAIMABLE);
	check_entry(&m[4], 0xfec00000, 0x1000, MB2_MEM_RESERVED);
}

/* Firmware-style map: split, partly unsorted, every EFI type class. */
static const struct efi_desc norm_efi[] = {
	{7, 0, 0x9f},		    /* conventional */
	{0, 0x9f000, 1},	    /* reserved */
	{1, 0x100000, 0x10},	    /* loader code */
	{2, 0x110000, 0x10},	    /* loader data */
	{3, 0x120000, 0x10},	    /* BS code */
	{4, 0x130000, 0x10},	    /* BS data */
	{7, 0x140000, 0xec0},	    /* conventional, ends at 16 MiB */
	{5, 0x1000000, 0x10},	    /* RT code */
	{6, 0x1010000, 0x10},	    /* RT data */
	{9, 0x2000000, 0x20},	    /* ACPI reclaim */
	{10, 0x2020000, 0x8},	    /* ACPI NVS */
	{8, 0x3000000, 0x100},	    /* unusable */
	{11, 0xfee00000, 1},	    /* MMIO */
	{14, 0x100000000, 0x100},   /* persistent */
	{0x80000001, 0x4000000, 1}, /* OEM */
	{7, 0x5000000, 0},	    /* empty: dropped */
	{7, 0xf0000, 0x10},	    /* touches the start of the 1 MiB block */
};

static void test_efi_only_normalised_and_merged(void **state)
{
	const struct mb2_mmap_entry *m;
	const char *src;
	u32 n;

	(void)state;
	mbi_init(&img);
	add_efi_mmap(&img, norm_efi, ARRAY_SIZE(norm_efi), 40);
	mbi_finish(&img);
	expect_ok(&img);
	m = mb2_memory_map(&info, &n, &src);
	assert_string_equal(src, "EFI");
	assert_ptr_equal(m, info.efi_mmap);
	assert_int_equal(n, 10);
	check_entry(&m[0], 0, 0x9f000, MB2_MEM_AVAILABLE);
	check_entry(&m[1], 0x9f000, 0x1000, MB2_MEM_RESERVED);
	check_entry(&m[2], 0xf0000, 0x1000000 - 0xf0000, MB2_MEM_AVAILABLE);
	check_entry(&m[3], 0x1000000, 0x20000, MB2_MEM_RESERVED);
	check_entry(&m[4], 0x2000000, 0x20000, MB2_MEM_ACPI_RECLAIMABLE);
	check_entry(&m[5], 0x2020000, 0x8000, MB2_MEM_NVS);
	check_entry(&m[6], 0x3000000, 0x100000, MB2_MEM_BADRAM);
	check_entry(&m[7], 0xfee00000, 0x1000, MB2_MEM_RESERVED);
	check_entry(&m[8], 0x100000000, 0x100000, MB2_MEM_RESERVED);
	check_entry(&m[9], 0x4000000, 0x1000, MB2_MEM_RESERVED);
}

/* Tag 18 after tag 17: loader and BS memory is still in use. */
static void test_efi_boot_services_alive(void **state)
{
	u32 n;

	(void)state;
	mbi_init(&img);
	add_efi_mmap(&img, norm_efi, 7, 56);
	add_raw(&img, MB2_TAG_EFI_BS, NULL, 0);
	mbi_finish(&img);
	expect_ok(&img);
	assert_true(info.efi_boot_services_not_exited);
	mb2_memory_map(&info, &n, NULL);
	assert_int_equal(n, 4);
	check_entry(&info.efi_mmap[0], 0, 0x9f000, MB2_MEM_AVAILABLE);
	check_entry(&info.efi_mmap[1], 0x9f000, 0x1000, MB2_MEM_RESERVED);
	/* loader and BS blocks merge with each other, not with conventional */
	check_entry(&info.efi_mmap[2], 0x100000, 0x40000, MB2_MEM_RESERVED);
	check_entry(&info.efi_mmap[3], 0x140000, 0x1000000 - 0x140000, MB2_MEM_AVAILABLE);
}

static void test_map_selection(void **state)
{
	static const struct efi_desc one = {7, 0x100000, 1};
	const struct mb2_mmap_entry *m;
	const char *src = "x";
	u32 n = 99;

	(void)state;
	/* both present: EFI wins */
	mbi_init(&img);
	add_bios_mmap(&img, full_bios, 2, 24);
	add_efi_mmap(&img, &one, 1, 48);
	mbi_finish(&img);
	expect_ok(&img);
	m = mb2_memory_map(&info, &n, &src);
	assert_string_equal(src, "EFI");
	assert_int_equal(n, 1);
	check_entry(m, 0x100000, 0x1000, MB2_MEM_AVAILABLE);

	/* empty EFI map: fall back to BIOS */
	mbi_init(&img);
	add_bios_mmap(&img, full_bios, 2, 24);
	add_efi_mmap(&img, NULL, 0, 48);
	mbi_finish(&img);
	expect_ok(&img);
	assert_true(info.has_efi_mmap);
	m = mb2_memory_map(&info, &n, &src);
	assert_string_equal(src, "BIOS");
	assert_int_equal(n, 2);

	/* no map at all */
	mbi_init(&img);
	add_string(&img, MB2_TAG_CMDLINE, "");
	mbi_finish(&img);
	expect_ok(&img);
	assert_string_equal(info.cmdline, "");
	assert_null(mb2_memory_map(&info, &n, &src));
	assert_null(src);
	assert_int_equal(n, 0);
	assert_null(mb2_memory_map(NULL, NULL, NULL));
}

static void test_rsdp_prefers_v2(void **state)
{
	u32 v2;

	(void)state;
	mbi_init(&img);
	v2 = add_rsdp(&img, MB2_TAG_ACPI_NEW, 36);
	add_rsdp(&img, MB2_TAG_ACPI_OLD, 20); /* after the new one: still ignored */
	mbi_finish(&img);
	expect_ok(&img);
	assert_true(info.rsdp_is_v2);
	assert_ptr_equal(info.rsdp, img.buf + v2 + 8);
	assert_int_equal(info.rsdp_len, 36);

	mbi_init(&img);
	v2 = add_rsdp(&img, MB2_TAG_ACPI_OLD, 20);
	mbi_finish(&img);
	expect_ok(&img);
	assert_false(info.rsdp_is_v2);
	assert_ptr_equal(info.rsdp, img.buf + v2 + 8);
	assert_int_equal(info.rsdp_len, 20);
	assert_null(info.cmdline);
	assert_null(info.bootloader_name);
	assert_int_equal(info.nr_modules, 0);
	assert_false(info.has_load_base);
	assert_false(info.has_basic_meminfo);
}

static void test_unknown_tags_skipped(void **state)
{
	static const u8 junk[13] = {0};
	u32 i;

	(void)state;
	mbi_init(&img);
	for (i = 0; i < ARRAY_SIZE(junk); i++)
		add_raw(&img, i == 0 ? 0xffffffff : 21 + 7 * i, junk, i);
	add_raw(&img, 5, junk, 12); /* BIOS boot device: not used */
	add_raw(&img, 9, junk, 8);  /* ELF symbols: not used */
	add_string(&img, MB2_TAG_CMDLINE, "after");
	mbi_finish(&img);
	expect_ok(&img);
	assert_string_equal(info.cmdline, "after");
}

/* ---- malformed headers ---- */

static void test_bad_magic_and_null(void **state)
{
	u32 bad = 7;

	(void)state;
	build_full(&img);
	assert_int_equal(mb2_parse(0x2badb002, img.buf, INFO_ADDR, img.len, &info, &bad),
			 MB2_ERR_BAD_MAGIC);
	assert_int_equal(bad, 0);
	bad = 7;
	assert_int_equal(mb2_parse(MB2_BOOTLOADER_MAGIC, NULL, 0, 4096, &info, &bad), MB2_ERR_NULL);
	assert_int_equal(bad, 0);
	assert_int_equal(mb2_parse(MB2_BOOTLOADER_MAGIC, img.buf, 0, img.len, NULL, NULL),
			 MB2_ERR_NULL);
	/* bad_offset is optional */
	assert_int_equal(mb2_parse(MB2_BOOTLOADER_MAGIC, img.buf, 0, img.len, &info, NULL), MB2_OK);
}

static void test_misaligned(void **state)
{
	static u8 shifted[sizeof(img.buf) + 8] __aligned(8);
	u32 bad = 7;

	(void)state;
	build_full(&img);
	memcpy(shifted + 4, img.buf, img.len);
	assert_int_equal(
		mb2_parse(MB2_BOOTLOADER_MAGIC, shifted + 4, INFO_ADDR, img.len, &info, &bad),
		MB2_ERR_MISALIGNED);
	assert_int_equal(bad, 0);
	bad = 7;
	assert_int_equal(
		mb2_parse(MB2_BOOTLOADER_MAGIC, img.buf, INFO_ADDR + 4, img.len, &info, &bad),
		MB2_ERR_MISALIGNED);
	assert_int_equal(bad, 0);
}

static void test_total_size(void **state)
{
	u32 bad = 7, len;

	(void)state;
	build_full(&img);
	len = img.len;
	put32(&img, 0, 8); /* header only, no room for an end tag */
	expect_error(&img, MB2_ERR_TOTAL_SIZE, 0);
	put32(&img, 0, len - 4); /* not a multiple of 8 */
	expect_error(&img, MB2_ERR_TOTAL_SIZE, 0);
	put32(&img, 0, len + 8); /* beyond max_len */
	expect_error(&img, MB2_ERR_TOTAL_SIZE, 0);
	put32(&img, 0, len);
	assert_int_equal(mb2_parse(MB2_BOOTLOADER_MAGIC, img.buf, 0, len - 8, &info, &bad),
			 MB2_ERR_TOTAL_SIZE);
	assert_int_equal(bad, 0);
	/* smallest valid structure: header + end tag */
	mbi_init(&img);
	mbi_finish(&img);
	assert_int_equal(img.len, 16);
	expect_ok(&img);
}

static void test_zero_length(void **state)
{
	u32 bad = 7;

	(void)state;
	mbi_init(&img);
	mbi_finish(&img);
	assert_int_equal(mb2_parse(MB2_BOOTLOADER_MAGIC, img.buf, 0, 0, &info, &bad),
			 MB2_ERR_TOTAL_SIZE);
	assert_int_equal(bad, 0);
	put32(&img, 0, 0);
	expect_error(&img, MB2_ERR_TOTAL_SIZE, 0);
}

/* ---- malformed tags ---- */

static void test_tag_size_too_small(void **state)
{
	u32 off;

	(void)state;
	for (u32 size = 0; size < 8; size++) {
		mbi_init(&img);
		add_string(&img, MB2_TAG_CMDLINE, "ok");
		off = add_raw(&img, 77, "abcdefgh", 8);
		mbi_finish(&img);
		put32(&img, off + 4, size);
		expect_error(&img, MB2_ERR_TAG_SIZE, off);
	}
	/* an end tag must be exactly 8 bytes */
	mbi_init(&img);
	off = mbi_finish(&img);
	put32(&img, off + 4, 16);
	put32(&img, 0, 32);
	img.len = 32;
	expect_error(&img, MB2_ERR_TAG_SIZE, off);
}

static void test_tag_overrun(void **state)
{
	u32 off;

	(void)state;
	mbi_init(&img);
	off = add_string(&img, MB2_TAG_CMDLINE, "console=ttyS0");
	mbi_finish(&img);
	put32(&img, off + 4, img.len - off + 1); /* one byte past total_size */
	expect_error(&img, MB2_ERR_TAG_OVERRUN, off);
	put32(&img, off + 4, 0xfffffff9); /* must not wrap the offset */
	expect_error(&img, MB2_ERR_TAG_OVERRUN, off);
	put32(&img, off + 4, img.len - off); /* swallows the end tag */
	expect_error(&img, MB2_ERR_NO_END_TAG, off);
}

static void test_missing_end_tag(void **state)
{
	u32 last;

	(void)state;
	mbi_init(&img);
	add_string(&img, MB2_TAG_CMDLINE, "x");
	last = add_pair(&img, MB2_TAG_BASIC_MEMINFO, 1, 2);
	put32(&img, 0, img.len);
	expect_error(&img, MB2_ERR_NO_END_TAG, last);
}

/* Framing is checked before payloads: the later overrun is reported. */
static void test_framing_reported_first(void **state)
{
	u32 str, over;

	(void)state;
	mbi_init(&img);
	str = add_raw(&img, MB2_TAG_CMDLINE, "abc", 3);
	over = add_raw(&img, 50, "abcdefgh", 8);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_STRING, str);
	put32(&img, over + 4, 100);
	expect_error(&img, MB2_ERR_TAG_OVERRUN, over);
}

static void test_unterminated_strings(void **state)
{
	u32 off;

	(void)state;
	/* "abcd" + NUL padding: the NUL sits outside the tag's size */
	mbi_init(&img);
	off = add_raw(&img, MB2_TAG_CMDLINE, "abcd", 4);
	mbi_finish(&img);
	assert_int_equal(img.buf[off + 12], 0);
	expect_error(&img, MB2_ERR_STRING, off);

	mbi_init(&img);
	off = add_raw(&img, MB2_TAG_CMDLINE, NULL, 0); /* no byte at all */
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_STRING, off);

	mbi_init(&img);
	add_string(&img, MB2_TAG_CMDLINE, "fine");
	off = add_raw(&img, MB2_TAG_BOOTLOADER_NAME, "GRUB", 4);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_STRING, off);

	mbi_init(&img);
	add_module(&img, 0x1000, 0x2000, "good");
	off = add_module_n(&img, 0x1000, 0x2000, "initrd", 6); /* no NUL */
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_STRING, off);

	mbi_init(&img);
	off = add_module_n(&img, 0x1000, 0x2000, "", 0); /* no string at all */
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_STRING, off);

	mbi_init(&img);
	off = add_raw(&img, MB2_TAG_MODULE, "\0\0\0\0", 4); /* not even mod_end */
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_TAG_SIZE, off);
}

static void test_bad_mmap_entry_size(void **state)
{
	static const u32 sizes[] = {0, 8, 20, 23, 28, 36};
	u32 off;

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(sizes); i++) {
		mbi_init(&img);
		off = add_bios_mmap(&img, full_bios, 2, 24);
		mbi_finish(&img);
		put32(&img, off + 8, sizes[i]);
		expect_error(&img, MB2_ERR_MMAP_ENTRY_SIZE, off);
	}
	/* 36 divides the tag but is not a multiple of 8 */
	mbi_init(&img);
	off = add_bios_mmap(&img, full_bios, 2, 36);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_MMAP_ENTRY_SIZE, off);
	mbi_init(&img);
	off = add_bios_mmap(&img, full_bios, 2, 24);
	mbi_finish(&img);
	/* a partial trailing entry: 2 * 24 bytes seen with entry_size 32 */
	put32(&img, off + 8, 32);
	expect_error(&img, MB2_ERR_MMAP_ENTRY_SIZE, off);
	/* tag too short for entry_size/entry_version */
	mbi_init(&img);
	off = add_raw(&img, MB2_TAG_MMAP, "\x18\0\0\0", 4);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_TAG_SIZE, off);

	/* EFI: descr_size < 40 or not dividing the map */
	mbi_init(&img);
	off = add_efi_mmap(&img, full_efi, 2, 48);
	mbi_finish(&img);
	put32(&img, off + 8, 32);
	expect_error(&img, MB2_ERR_MMAP_ENTRY_SIZE, off);
	put32(&img, off + 8, 0);
	expect_error(&img, MB2_ERR_MMAP_ENTRY_SIZE, off);
	put32(&img, off + 8, 40); /* 96 bytes is not 40 * n */
	expect_error(&img, MB2_ERR_MMAP_ENTRY_SIZE, off);
	put32(&img, off + 8, 96); /* one 96-byte descriptor: only the first is read */
	expect_ok(&img);
	assert_int_equal(info.nr_efi_mmap, 1);
	assert_int_equal(info.efi_mmap[0].addr, full_efi[0].start);
}

static void test_too_many_modules(void **state)
{
	u32 off = 0;

	(void)state;
	mbi_init(&img);
	for (u32 i = 0; i < MB2_MAX_MODULES; i++)
		add_module(&img, i * 0x1000, i * 0x1000 + 0x800, "m");
	mbi_finish(&img);
	expect_ok(&img);
	assert_int_equal(info.nr_modules, MB2_MAX_MODULES);
	assert_int_equal(info.modules[MB2_MAX_MODULES - 1].start, (MB2_MAX_MODULES - 1) * 0x1000);

	img.len -= 8; /* drop the end tag and add one more */
	img.nr_tags--;
	off = add_module(&img, 0x100000, 0x100000, "one too many");
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_TOO_MANY_MODULES, off);
}

static void test_module_range(void **state)
{
	u32 off;

	(void)state;
	mbi_init(&img);
	add_module(&img, 0x2000, 0x2000, "empty is fine");
	off = add_module(&img, 0x2000, 0x1fff, "backwards");
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_MODULE_RANGE, off);
	put32(&img, off + 12, 0x2001);
	expect_ok(&img);
	assert_int_equal(info.modules[0].end - info.modules[0].start, 0);
	assert_int_equal(info.modules[1].end - info.modules[1].start, 1);
}

static void test_too_many_mmap(void **state)
{
	static struct efi_desc d[3 * MB2_MAX_MMAP];
	static struct bios_ent e[MB2_MAX_MMAP + 1];
	u32 off, i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(e); i++)
		e[i] = (struct bios_ent){i * 0x2000ULL, 0x1000, 1};
	mbi_init(&img);
	off = add_bios_mmap(&img, e, ARRAY_SIZE(e), 24);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_TOO_MANY_MMAP, off);

	/* alternating types never merge: MB2_MAX_MMAP + 1 entries */
	for (i = 0; i <= MB2_MAX_MMAP; i++)
		d[i] = (struct efi_desc){i & 1 ? 0 : 7, i * 0x1000ULL, 1};
	mbi_init(&img);
	off = add_efi_mmap(&img, d, MB2_MAX_MMAP + 1, 40);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_TOO_MANY_MMAP, off);

	/* 384 contiguous descriptors of one class fit in one entry */
	for (i = 0; i < ARRAY_SIZE(d); i++)
		d[i] = (struct efi_desc){1 + i % 4, i * 0x1000ULL, 1};
	mbi_init(&img);
	add_efi_mmap(&img, d, ARRAY_SIZE(d), 40);
	mbi_finish(&img);
	expect_ok(&img);
	assert_int_equal(info.nr_efi_mmap, 1);
	check_entry(&info.efi_mmap[0], 0, ARRAY_SIZE(d) * 0x1000ULL, MB2_MEM_AVAILABLE);
}

/*
 * A large UEFI map: 300 descriptors as a server's firmware lays them out,
 * conventional memory broken up by runtime-services data, ACPI tables and
 * NVS and MMIO, each next to one of another class so that nothing merges.
 * 48-byte descriptors (the size current firmware reports, with padding).
 * More than the 128 entries once allowed, all kept in order.
 */
static void test_large_efi_map(void **state)
{
	/* conventional, runtime data, ACPI reclaim, ACPI NVS, MMIO */
	static const u32 cycle[] = {7, 6, 9, 10, 11};
	static const u32 e820[] = {MB2_MEM_AVAILABLE, MB2_MEM_RESERVED, MB2_MEM_ACPI_RECLAIMABLE,
				   MB2_MEM_NVS, MB2_MEM_RESERVED};
	static struct efi_desc d[300];
	u64 at = 0;
	u32 i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(d); i++) {
		u64 pages = 1 + (i * 7) % 64;

		d[i] = (struct efi_desc){cycle[i % 5], at, pages};
		at += pages << 12;
	}
	mbi_init(&img);
	add_efi_mmap(&img, d, ARRAY_SIZE(d), 48);
	mbi_finish(&img);
	expect_ok(&img);
	assert_true(info.has_efi_mmap);
	assert_int_equal(info.nr_efi_mmap, ARRAY_SIZE(d));
	for (i = 0; i < ARRAY_SIZE(d); i++)
		check_entry(&info.efi_mmap[i], d[i].start, d[i].pages << 12, e820[i % 5]);
}

static void test_mmap_range(void **state)
{
	struct bios_ent top[2] = {{0xfffffffffffff000ULL, 0x1000, 1}, {0x5000, 0, 1}};
	struct efi_desc huge = {7, 0x1000, 1ULL << 52};
	/* same type, but the first ends at 2^64: the second does not follow it */
	struct efi_desc wrap[2] = {{7, 0xfffffffffffff000ULL, 1}, {7, 0, 1}};
	/* contiguous, but one merged length would be 2^64 */
	struct efi_desc all[2] = {{7, 0, (1ULL << 52) - 1}, {7, 0xfffffffffffff000ULL, 1}};
	u32 off;

	(void)state;
	mbi_init(&img);
	off = add_bios_mmap(&img, top, 2, 24);
	mbi_finish(&img);
	expect_ok(&img); /* ends exactly at 2^64; the empty entry is dropped */
	assert_int_equal(info.nr_bios_mmap, 1);
	check_entry(&info.bios_mmap[0], top[0].addr, top[0].len, MB2_MEM_AVAILABLE);
	put64(&img, off + 16 + 8, 0x1001);
	expect_error(&img, MB2_ERR_MMAP_RANGE, off);

	mbi_init(&img);
	add_efi_mmap(&img, wrap, 2, 40);
	mbi_finish(&img);
	expect_ok(&img);
	assert_int_equal(info.nr_efi_mmap, 2);
	check_entry(&info.efi_mmap[1], 0, 0x1000, MB2_MEM_AVAILABLE);

	mbi_init(&img);
	add_efi_mmap(&img, all, 2, 40);
	mbi_finish(&img);
	expect_ok(&img);
	assert_int_equal(info.nr_efi_mmap, 2);
	check_entry(&info.efi_mmap[1], 0xfffffffffffff000ULL, 0x1000, MB2_MEM_AVAILABLE);

	mbi_init(&img);
	off = add_efi_mmap(&img, &huge, 1, 40);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_MMAP_RANGE, off);
	put64(&img, off + 16 + 24, (1ULL << 52) - 1); /* from 0x1000: ends at 2^64 */
	expect_ok(&img);
	put64(&img, off + 16 + 8, 0x2000); /* wraps */
	expect_error(&img, MB2_ERR_MMAP_RANGE, off);
	put64(&img, off + 16 + 8, 0); /* from 0: the whole space, allowed */
	expect_ok(&img);
	check_entry(&info.efi_mmap[0], 0, ~0ULL - 0xfff, MB2_MEM_AVAILABLE);
}

static void test_tags_too_short_and_duplicates(void **state)
{
	u32 off;

	(void)state;
	mbi_init(&img);
	off = add_pair(&img, MB2_TAG_BASIC_MEMINFO, 1, 2);
	mbi_finish(&img);
	put32(&img, off + 4, 12);
	expect_error(&img, MB2_ERR_TAG_SIZE, off);

	mbi_init(&img);
	off = add_raw(&img, MB2_TAG_LOAD_BASE_ADDR, NULL, 0);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_TAG_SIZE, off);

	mbi_init(&img);
	off = add_rsdp(&img, MB2_TAG_ACPI_NEW, 20); /* a v1-sized RSDP in tag 15 */
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_TAG_SIZE, off);

	mbi_init(&img);
	off = add_rsdp(&img, MB2_TAG_ACPI_OLD, 19);
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_TAG_SIZE, off);

	mbi_init(&img);
	add_string(&img, MB2_TAG_CMDLINE, "one");
	add_raw(&img, MB2_TAG_EFI_BS, NULL, 0);
	add_raw(&img, MB2_TAG_EFI_BS, NULL, 0); /* a flag: repeating it is harmless */
	off = add_string(&img, MB2_TAG_CMDLINE, "two");
	mbi_finish(&img);
	expect_error(&img, MB2_ERR_DUPLICATE_TAG, off);
}

/* ---- robustness: run under ASan with exact-size heap copies ---- */

static int parse_copy(const u8 *src, u32 copy_len, u32 max_len, u32 *bad)
{
	u8 *p = malloc(copy_len ? copy_len : 1);
	int err;

	assert_non_null(p);
	memcpy(p, src, copy_len);
	err = mb2_parse(MB2_BOOTLOADER_MAGIC, p, INFO_ADDR, max_len, &info, bad);
	free(p);
	return err;
}

static bool is_tag_start(u32 off)
{
	for (u32 i = 0; i < img.nr_tags; i++)
		if (img.tag_off[i] == off)
			return true;
	return false;
}

static u32 tag_containing(u32 off)
{
	u32 best = 0;

	for (u32 i = 0; i < img.nr_tags; i++)
		if (img.tag_off[i] < off)
			best = img.tag_off[i];
	return best;
}

static void test_every_truncation(void **state)
{
	u32 full, bad;
	int err, want;

	(void)state;
	build_full(&img);
	full = img.len;
	for (u32 t = 0; t < full; t++) {
		/* total_size = t, and only t bytes exist */
		if (t >= 4)
			put32(&img, 0, t);
		err = parse_copy(img.buf, t, t, &bad);
		if (t < 16 || t % 8)
			want = MB2_ERR_TOTAL_SIZE;
		else if (is_tag_start(t))
			want = MB2_ERR_NO_END_TAG;
		else
			want = MB2_ERR_TAG_OVERRUN;
		assert_int_equal(err, want);
		assert_int_equal(bad, want == MB2_ERR_TOTAL_SIZE ? 0 : tag_containing(t));

		/* total_size intact, but max_len says fewer bytes are there */
		put32(&img, 0, full);
		assert_int_equal(parse_copy(img.buf, t, t, &bad), MB2_ERR_TOTAL_SIZE);
		assert_int_equal(bad, 0);
	}
	assert_int_equal(parse_copy(img.buf, full, full, &bad), MB2_OK);
}

static bool in_image(const void *p, const u8 *base, u32 len)
{
	return (const u8 *)p >= base && (const u8 *)p < base + len;
}

static void check_sane(const u8 *p, u32 len)
{
	const char *strs[2 + MB2_MAX_MODULES] = {info.cmdline, info.bootloader_name};

	for (u32 i = 0; i < info.nr_modules; i++) {
		strs[2 + i] = info.modules[i].string;
		assert_true(info.modules[i].start <= info.modules[i].end);
	}
	for (u32 i = 0; i < ARRAY_SIZE(strs); i++)
		if (strs[i]) {
			assert_true(in_image(strs[i], p, len));
			assert_non_null(memchr(strs[i], 0, p + len - (const u8 *)strs[i]));
		}
	if (info.rsdp)
		assert_true(in_image((const u8 *)info.rsdp + info.rsdp_len - 1, p, len));
	assert_true(info.nr_bios_mmap <= MB2_MAX_MMAP && info.nr_efi_mmap <= MB2_MAX_MMAP);
	for (u32 i = 0; i < info.nr_efi_mmap; i++)
		assert_true(info.efi_mmap[i].len && info.efi_mmap[i].type <= MB2_MEM_BADRAM);
}

/* Corrupt every byte in turn; parsing must fail cleanly or stay sane. */
static void test_every_byte_corrupted(void **state)
{
	static const u8 vals[] = {0x00, 0xff, 0x07, 0x80};
	u32 full, bad, oks = 0, errs = 0;

	(void)state;
	build_full(&img);
	full = img.len;
	for (u32 i = 0; i < full; i++) {
		for (u32 v = 0; v < ARRAY_SIZE(vals); v++) {
			u8 *p = malloc(full);
			int err;

			assert_non_null(p);
			memcpy(p, img.buf, full);
			p[i] = vals[v];
			err = mb2_parse(MB2_BOOTLOADER_MAGIC, p, INFO_ADDR, full, &info, &bad);
			assert_true(err >= MB2_OK && err < MB2_ERR_COUNT);
			assert_true(bad < full && bad % 8 == 0);
			if (err == MB2_OK) {
				check_sane(p, full);
				oks++;
			} else {
				errs++;
			}
			free(p);
		}
	}
	assert_true(oks > 0 && errs > 0);
}

static void test_strerror(void **state)
{
	(void)state;
	for (int i = 0; i < MB2_ERR_COUNT; i++) {
		const char *s = mb2_strerror(i);

		assert_non_null(s);
		assert_true(strlen(s) > 5);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(s, mb2_strerror(j));
		assert_string_not_equal(s, mb2_strerror(MB2_ERR_COUNT));
	}
	assert_string_equal(mb2_strerror(-1), mb2_strerror(MB2_ERR_COUNT + 5));
	assert_string_equal(mb2_strerror(MB2_ERR_TAG_OVERRUN), "tag runs past total_size");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_image),
		cmocka_unit_test(test_efi_tags),
		cmocka_unit_test(test_framebuffer_checks),
		cmocka_unit_test(test_bios_only_map),
		cmocka_unit_test(test_efi_only_normalised_and_merged),
		cmocka_unit_test(test_efi_boot_services_alive),
		cmocka_unit_test(test_map_selection),
		cmocka_unit_test(test_rsdp_prefers_v2),
		cmocka_unit_test(test_unknown_tags_skipped),
		cmocka_unit_test(test_bad_magic_and_null),
		cmocka_unit_test(test_misaligned),
		cmocka_unit_test(test_total_size),
		cmocka_unit_test(test_zero_length),
		cmocka_unit_test(test_tag_size_too_small),
		cmocka_unit_test(test_tag_overrun),
		cmocka_unit_test(test_missing_end_tag),
		cmocka_unit_test(test_framing_reported_first),
		cmocka_unit_test(test_unterminated_strings),
		cmocka_unit_test(test_bad_mmap_entry_size),
		cmocka_unit_test(test_too_many_modules),
		cmocka_unit_test(test_module_range),
		cmocka_unit_test(test_too_many_mmap),
		cmocka_unit_test(test_large_efi_map),
		cmocka_unit_test(test_mmap_range),
		cmocka_unit_test(test_tags_too_short_and_duplicates),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_every_byte_corrupted),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

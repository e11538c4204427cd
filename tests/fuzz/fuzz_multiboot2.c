// SPDX-License-Identifier: MIT
/*
 * fuzz_multiboot2.c - libFuzzer harness for boot/multiboot2.c.
 *
 * The input is the boot information structure itself (Multiboot2
 * Specification 3.6 "Boot information format"), handed to mb2_parse() with
 * the right magic and max_len = the input's size, from a heap block of
 * exactly that size so AddressSanitizer sees any read past it.  After a
 * successful parse every pointer, string and entry of struct mb2_info is
 * walked and must lie inside [info, info + total_size), as the contract in
 * include/multiboot2.h promises; after a failure the reported offset must
 * be a tag offset inside the structure.
 */
#include "fuzz.h"
#include "multiboot2.h"

/* 8-aligned, as the spec requires of the structure's physical address. */
#define INFO_ADDR 0x10000ULL

static const u8 *g_buf;
static u32 g_total;

/* [p, p + n) inside the parsed structure */
static bool inside(const void *p, u64 n)
{
	const u8 *b = p;

	return b >= g_buf && b <= g_buf + g_total && n <= (u64)(g_buf + g_total - b);
}

/* offset from the structure's start; only for pointers inside() */
static u64 offset_of(const void *p)
{
	return (u64)((const u8 *)p - g_buf);
}

/* A string must start inside a tag payload (past the 8-byte header at
 * least) and its NUL must come before total_size. */
static void check_string(const char *s, u32 min_off)
{
	u64 off;

	CHECK(inside(s, 1));
	off = offset_of(s);
	CHECK(off >= min_off);
	for (;;) {
		CHECK(off < g_total);
		if (g_buf[off] == '\0')
			break;
		off++;
	}
}

static void check_map(const struct mb2_mmap_entry *m, u32 n, bool has)
{
	CHECK(n <= MB2_MAX_MMAP);
	CHECK(has || n == 0);
	for (u32 i = 0; i < n; i++) {
		/* zero-length entries are dropped, none ends past 2^64 */
		CHECK(m[i].len != 0);
		CHECK((u128)m[i].addr + m[i].len <= ((u128)1 << 64));
		CHECK(m[i].type >= MB2_MEM_AVAILABLE && m[i].type <= MB2_MEM_BADRAM);
	}
}

static void check_info(const struct mb2_info *mi, u32 max_len)
{
	const struct mb2_mmap_entry *map;
	const char *src;
	u32 n;

	CHECK(mi->info_addr == INFO_ADDR);
	CHECK(mi->total_size >= 16 && mi->total_size <= max_len);
	CHECK(IS_ALIGNED(mi->total_size, 8));
	g_total = mi->total_size;

	/* tag 1 and 2: string right after the tag header, tags 8-aligned */
	if (mi->cmdline) {
		check_string(mi->cmdline, 16);
		CHECK(IS_ALIGNED(offset_of(mi->cmdline), 8));
	}
	if (mi->bootloader_name) {
		check_string(mi->bootloader_name, 16);
		CHECK(IS_ALIGNED(offset_of(mi->bootloader_name), 8));
	}

	/* tag 3: mod_start, mod_end (u32 each), then the string */
	CHECK(mi->nr_modules <= MB2_MAX_MODULES);
	for (u32 i = 0; i < mi->nr_modules; i++) {
		const struct mb2_module *m = &mi->modules[i];

		CHECK(m->start <= m->end && m->end <= 0xFFFFFFFFULL);
		CHECK(m->string);
		check_string(m->string, 24);
		CHECK(IS_ALIGNED(offset_of(m->string), 8));
	}

	check_map(mi->bios_mmap, mi->nr_bios_mmap, mi->has_bios_mmap);
	check_map(mi->efi_mmap, mi->nr_efi_mmap, mi->has_efi_mmap);

	/* tags 14/15: the RSDP copy follows the tag header */
	if (mi->rsdp) {
		const u8 *r = mi->rsdp;
		u8 sum = 0;

		CHECK(mi->rsdp_len >= (mi->rsdp_is_v2 ? 36u : 20u));
		CHECK(inside(r, mi->rsdp_len));
		CHECK(offset_of(r) >= 16 && IS_ALIGNED(offset_of(r), 8));
		for (u32 i = 0; i < mi->rsdp_len; i++)
			sum += r[i]; /* touch every byte: ASan checks the length */
		(void)sum;
	} else {
		CHECK(mi->rsdp_len == 0 && !mi->rsdp_is_v2);
	}

	/* tag 17 raw: whole descriptors, inside the structure */
	if (mi->efi_mmap_raw) {
		CHECK(mi->has_efi_mmap && mi->efi_descr_size >= 40);
		CHECK(mi->efi_mmap_raw_size % mi->efi_descr_size == 0);
		CHECK(inside(mi->efi_mmap_raw, mi->efi_mmap_raw_size));
		CHECK(offset_of(mi->efi_mmap_raw) >= 24);
	} else {
		CHECK(!mi->has_efi_mmap && mi->efi_mmap_raw_size == 0);
	}

	/* tags 11/12: a non-null pointer; tag 8: lines fit the pitch */
	CHECK(mi->has_efi_systab == (mi->efi_systab != 0));
	CHECK(!mi->efi_systab_is_64 || mi->has_efi_systab);
	if (mi->has_framebuffer) {
		const struct mb2_framebuffer *fb = &mi->fb;

		CHECK(fb->type == MB2_FB_EGA_TEXT ||
		      (u64)fb->width * fb->bpp <= (u64)fb->pitch * 8);
		CHECK((u128)fb->addr + (u64)fb->pitch * fb->height <= ((u128)1 << 64));
	}

	/* mb2_memory_map(): EFI when it has entries, else BIOS, else none */
	map = mb2_memory_map(mi, &n, &src);
	if (mi->has_efi_mmap && mi->nr_efi_mmap) {
		CHECK(map == mi->efi_mmap && n == mi->nr_efi_mmap && src);
	} else if (mi->has_bios_mmap && mi->nr_bios_mmap) {
		CHECK(map == mi->bios_mmap && n == mi->nr_bios_mmap && src);
	} else {
		CHECK(!map && n == 0 && !src);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct mb2_info info; /* ~6 KiB: off the stack */
	u32 len, bad = 0xFFFFFFFFu;
	u8 *buf;
	int err;

	if (size > 0xFFFFFFFFu)
		return 0;
	len = (u32)size;
	/* malloc'd: 16-aligned, as mb2_parse() wants 8 */
	buf = fuzz_dup(data, size);
	g_buf = buf;
	g_total = 0;

	err = mb2_parse(MB2_BOOTLOADER_MAGIC, buf, INFO_ADDR, len, &info, &bad);
	CHECK(err >= 0 && err < MB2_ERR_COUNT);
	CHECK(mb2_strerror(err) != NULL);
	if (err == MB2_OK) {
		CHECK(bad == 0);
		check_info(&info, len);
	} else {
		/* 0 for the header, else the offset of a tag inside the data */
		CHECK(bad == 0 || (bad >= 8 && bad + 8 <= len && IS_ALIGNED(bad, 8)));
	}

	/* Whatever the bytes, a wrong magic is rejected before any read. */
	CHECK(mb2_parse(MB2_BOOTLOADER_MAGIC ^ 1, buf, INFO_ADDR, len, &info, &bad) ==
	      MB2_ERR_BAD_MAGIC);
	free(buf);
	return 0;
}

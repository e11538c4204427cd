// SPDX-License-Identifier: MIT
/* Unit tests for loader/mbguest.c: format detection, load plans from
 * multiboot1/multiboot2 headers (ELF32, ELF64, address fields), and the
 * boot information structures (the multiboot2 one parsed back by
 * boot/multiboot2.c's mb2_parse). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/mbguest.h"
#include "multiboot2.h"

#define IMG_SIZE 0x4000
#define MBH_OFF	 0x100 /* where the tests put the multiboot header */

static u8 img[IMG_SIZE];
static u8 info[4096] __aligned(8);

static void put(u8 *p, u64 off, u64 v, u32 len)
{
	for (u32 i = 0; i < len; i++)
		p[off + i] = (u8)(v >> (8 * i));
}

static u64 get(const u8 *p, u64 off, u32 len)
{
	u64 v = 0;

	while (len--)
		v = (v << 8) | p[off + len];
	return v;
}

struct seg {
	u32 type;
	u64 off, vaddr, paddr, filesz, memsz;
};

/* An ELF executable header at 0 with program headers right after it. */
static void make_elf(bool is64, u64 entry, const struct seg *s, u32 n)
{
	u32 eh = is64 ? 64 : 52, ph = is64 ? 56 : 32;

	memcpy(img,
	       "\x7f"
	       "ELF",
	       4);
	img[4] = is64 ? 2 : 1;
	img[5] = 1;
	img[6] = 1;
	put(img, 16, 2, 2);		/* ET_EXEC */
	put(img, 18, is64 ? 62 : 3, 2); /* EM_X86_64 / EM_386 */
	put(img, 20, 1, 4);
	put(img, 24, entry, is64 ? 8 : 4);
	put(img, is64 ? 32 : 28, eh, is64 ? 8 : 4);
	put(img, is64 ? 52 : 40, eh, 2);
	put(img, is64 ? 54 : 42, ph, 2);
	put(img, is64 ? 56 : 44, n, 2);
	for (u32 i = 0; i < n; i++) {
		u64 p = eh + (u64)i * ph;

		put(img, p, s[i].type ? s[i].type : 1, 4);
		if (is64) {
			put(img, p + 8, s[i].off, 8);
			put(img, p + 16, s[i].vaddr, 8);
			put(img, p + 24, s[i].paddr, 8);
			put(img, p + 32, s[i].filesz, 8);
			put(img, p + 40, s[i].memsz, 8);
		} else {
			put(img, p + 4, s[i].off, 4);
			put(img, p + 8, s[i].vaddr, 4);
			put(img, p + 12, s[i].paddr, 4);
			put(img, p + 16, s[i].filesz, 4);
			put(img, p + 20, s[i].memsz, 4);
		}
	}
}

static void mb1_header(u64 at, u32 flags)
{
	put(img, at, MB1_HEADER_MAGIC, 4);
	put(img, at + 4, flags, 4);
	put(img, at + 8, (u32) - (MB1_HEADER_MAGIC + flags), 4);
}

/* ---- multiboot2 header builder: mb2_begin, tags, mb2_end ---- */
static u64 mb2_at, mb2_pos;

static void mb2_begin(u64 at)
{
	mb2_at = at;
	mb2_pos = at + 16;
	put(img, at, MB2_HEADER_MAGIC, 4);
	put(img, at + 4, 0, 4);
}

static void mb2_tag(u16 type, u16 flags, u32 size, const u32 *payload)
{
	put(img, mb2_pos, type, 2);
	put(img, mb2_pos + 2, flags, 2);
	put(img, mb2_pos + 4, size, 4);
	for (u32 i = 0; i + 8 < size; i += 4)
		put(img, mb2_pos + 8 + i, payload[i / 4], 4);
	mb2_pos += (size + 7) & ~7u;
}

static void mb2_end(void)
{
	u32 len;

	mb2_tag(0, 0, 8, NULL);
	len = (u32)(mb2_pos - mb2_at);
	put(img, mb2_at + 8, len, 4);
	put(img, mb2_at + 12, (u32) - (MB2_HEADER_MAGIC + 0 + len), 4);
}

/* An ELF32 kernel linked at 1 MiB, higher-half: vaddr 0xC0100000. */
static const struct seg k32[] = {
	{1, 0x1000, 0xC0100000, 0x100000, 0x800, 0x800},
	{1, 0x2000, 0xC0101000, 0x101000, 0x400, 0x3000}, /* bss */
};

static int plan(enum guest_format f, struct mb_plan *p, const char **why)
{
	*why = NULL;
	return mb_plan_build(img, IMG_SIZE, f, p, why);
}

static void reset(void **state)
{
	(void)state;
	memset(img, 0, sizeof(img));
}

/* ---------------------------------------------------------- detection */

static void test_detect_formats(void **state)
{
	reset(state);
	assert_int_equal(guest_detect(img, IMG_SIZE), GUEST_FMT_UNKNOWN);
	mb1_header(0x400, 0);
	assert_int_equal(guest_detect(img, IMG_SIZE), GUEST_FMT_MULTIBOOT1);
	mb2_begin(0x800);
	mb2_end();
	/* both multiboot headers: multiboot2 wins */
	assert_int_equal(guest_detect(img, IMG_SIZE), GUEST_FMT_MULTIBOOT2);
	/* a bzImage header beats both */
	put(img, 0x1FE, 0xAA55, 2);
	put(img, 0x202, 0x53726448, 4);
	assert_int_equal(guest_detect(img, IMG_SIZE), GUEST_FMT_BZIMAGE);
	put(img, 0x202, 0x53726447, 4); /* "HdrS" spoilt: multiboot2 again */
	assert_int_equal(guest_detect(img, IMG_SIZE), GUEST_FMT_MULTIBOOT2);
	assert_string_equal(guest_format_name(GUEST_FMT_MULTIBOOT1), "multiboot1");
	assert_string_equal(guest_format_name(99), "unknown");
}

static void test_detect_rejects_junk(void **state)
{
	reset(state);
	mb1_header(0x400, 0);
	put(img, 0x408, 0x1234, 4); /* bad checksum */
	assert_int_equal(guest_detect(img, IMG_SIZE), GUEST_FMT_UNKNOWN);
	reset(state);
	mb1_header(0x402, 0); /* not 4-aligned */
	assert_int_equal(guest_detect(img, IMG_SIZE), GUEST_FMT_UNKNOWN);
	reset(state);
	mb1_header(MB1_SEARCH_LEN - 8, 0); /* runs past the first 8 KiB */
	assert_int_equal(guest_detect(img, IMG_SIZE), GUEST_FMT_UNKNOWN);
	mb1_header(MB1_SEARCH_LEN - 12, 0); /* just inside */
	assert_int_equal(guest_detect(img, IMG_SIZE), GUEST_FMT_MULTIBOOT1);
	/* truncated: the image ends inside the header */
	assert_int_equal(guest_detect(img, MB1_SEARCH_LEN - 1), GUEST_FMT_UNKNOWN);
	reset(state);
	mb2_begin(0x404); /* 4- but not 8-aligned */
	mb2_end();
	assert_int_equal(guest_detect(img, IMG_SIZE), GUEST_FMT_UNKNOWN);
	reset(state);
	mb2_begin(0x400);
	mb2_end();
	assert_int_equal(guest_detect(img, 0x40F), GUEST_FMT_UNKNOWN);
	assert_int_equal(guest_detect(img, 0x410), GUEST_FMT_MULTIBOOT2);
	assert_int_equal(guest_detect(NULL, 0), GUEST_FMT_UNKNOWN);
	put(img, 0x1FE, 0xAA55, 2);
	put(img, 0x202, 0x53726448, 4);
	assert_int_equal(guest_detect(img, 0x205), GUEST_FMT_UNKNOWN); /* HdrS cut off */
}

static void test_detect_mb2_search_window(void **state)
{
	static u8 big[MB2_SEARCH_LEN + 64];
	u32 len = 24;

	(void)state;
	put(big, MB2_SEARCH_LEN, MB2_HEADER_MAGIC, 4);
	put(big, MB2_SEARCH_LEN + 8, len, 4);
	put(big, MB2_SEARCH_LEN + 12, (u32) - (MB2_HEADER_MAGIC + len), 4);
	assert_int_equal(guest_detect(big, sizeof(big)), GUEST_FMT_UNKNOWN);
	memmove(big + MB2_SEARCH_LEN - 16, big + MB2_SEARCH_LEN, 16);
	assert_int_equal(guest_detect(big, sizeof(big)), GUEST_FMT_MULTIBOOT2);
}

/* ------------------------------------------------------------- plans */

static void test_mb1_elf32(void **state)
{
	struct mb_plan p;
	const char *why;

	reset(state);
	make_elf(false, 0xC0100010, k32, 2);
	mb1_header(MBH_OFF, BIT(0) | BIT(1));
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_OK);
	assert_int_equal(p.version, 1);
	assert_true(p.from_elf);
	assert_int_equal(p.entry, 0x100010); /* translated to the physical copy */
	assert_int_equal(p.nr_seg, 2);
	assert_int_equal(p.seg[1].file_offset, 0x2000);
	assert_int_equal(p.seg[1].file_size, 0x400);
	assert_int_equal(p.seg[1].load_addr, 0x101000);
	assert_int_equal(p.seg[1].mem_size, 0x3000);
	assert_int_equal(p.load_start, 0x100000);
	assert_int_equal(p.load_end, 0x104000);
	assert_int_equal(p.header_offset, MBH_OFF);
	assert_true(p.wants_mmap);
	assert_true(p.wants_modules_aligned);
	assert_false(p.video_requested);
	assert_int_equal(mb_boot_magic(p.version), 0x2BADB002);
	/* the same kernel without the multiboot2 header is not multiboot2 */
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT2, &p, &why), MB_ERR_NO_HEADER);
	assert_non_null(why);
}

static void test_mb1_elf64(void **state)
{
	const struct seg s[] = {{1, 0x1000, 0xFFFFFFFF80200000ULL, 0x200000, 0x1000, 0x2000}};
	struct seg hi = {1, 0x1000, 0x100000000ULL, 0x100000000ULL, 0x100, 0x100};
	struct mb_plan p;
	const char *why;

	reset(state);
	make_elf(true, 0xFFFFFFFF80200040ULL, s, 1);
	mb1_header(MBH_OFF, 0);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_OK);
	assert_int_equal(p.entry, 0x200040);
	assert_int_equal(p.seg[0].load_addr, 0x200000);
	assert_false(p.wants_mmap);
	/* entry at 4 GiB + 1 MiB: in no segment, and not reachable */
	make_elf(true, 0x100100000ULL, s, 1);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_ENTRY);
	assert_int_equal(p.bad_value, 0x100100000ULL);
	/* a segment at 4 GiB */
	make_elf(true, 0x100000000ULL, &hi, 1);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_ABOVE_4G);
	/* one ending exactly at 4 GiB is fine, one byte more is not */
	hi.paddr = hi.vaddr = 0xFFFFFF00;
	make_elf(true, 0xFFFFFF00, &hi, 1);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_OK);
	hi.memsz = 0x101;
	make_elf(true, 0xFFFFFF00, &hi, 1);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_ABOVE_4G);
}

/* a.out kludge: the header at file 0x100 is at 0x100100; text from file 0. */
static void aout(u32 load, u32 load_end, u32 bss_end, u32 entry)
{
	mb1_header(MBH_OFF, BIT(16) | BIT(1));
	put(img, MBH_OFF + 12, 0x100100, 4);
	put(img, MBH_OFF + 16, load, 4);
	put(img, MBH_OFF + 20, load_end, 4);
	put(img, MBH_OFF + 24, bss_end, 4);
	put(img, MBH_OFF + 28, entry, 4);
}

static void test_mb1_aout_kludge(void **state)
{
	struct mb_plan p;
	const char *why;

	reset(state);
	aout(0x100000, 0x102000, 0x105000, 0x100200);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_OK);
	assert_false(p.from_elf);
	assert_int_equal(p.nr_seg, 1);
	assert_int_equal(p.seg[0].file_offset, 0);
	assert_int_equal(p.seg[0].file_size, 0x2000);
	assert_int_equal(p.seg[0].mem_size, 0x5000);
	assert_int_equal(p.entry, 0x100200);
	/* text starting past the file's start: 0x80 bytes in */
	aout(0x100080, 0, 0, 0x100200);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_OK);
	assert_int_equal(p.seg[0].file_offset, 0x80);
	assert_int_equal(p.seg[0].file_size, IMG_SIZE - 0x80); /* load_end 0: whole file */
	assert_int_equal(p.seg[0].mem_size, IMG_SIZE - 0x80);
	/* the kludge wins over an ELF header */
	make_elf(false, 0xC0100010, k32, 2);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_OK);
	assert_false(p.from_elf);

	aout(0x100200, 0, 0, 0x100200); /* load_addr above header_addr */
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_ADDRESS);
	aout(0x0FF000, 0, 0, 0x100200); /* load_addr before the file's start */
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_ADDRESS);
	aout(0x100000, 0x100000 + IMG_SIZE + 1, 0, 0x100200); /* past the image */
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_SEGMENT_RANGE);
	aout(0x100000, 0x102000, 0x101000, 0x100200); /* bss_end below load_end */
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_ADDRESS);
	aout(0x100000, 0x102000, 0, 0x103000); /* entry outside */
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_ENTRY);
	assert_int_equal(p.bad_value, 0x103000);
	aout(0x100000, 0x100000, 0, 0x100000); /* nothing to load */
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_NO_SEGMENTS);
	put(img, MBH_OFF + 4, BIT(16), 4); /* checksum now wrong: no header */
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_NO_HEADER);
}

static void test_mb1_flags(void **state)
{
	struct mb_plan p;
	const char *why;

	reset(state);
	make_elf(false, 0xC0100010, k32, 2);
	mb1_header(MBH_OFF, BIT(3));
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_UNSUPPORTED);
	assert_int_equal(p.bad_value, BIT(3));
	assert_non_null(why);
	mb1_header(MBH_OFF, BIT(15) | BIT(1));
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_UNSUPPORTED);
	mb1_header(MBH_OFF, BIT(2)); /* video: accepted, noted */
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_OK);
	assert_true(p.video_requested);
	assert_int_equal(p.mb1_flags, BIT(2));
	mb1_header(MBH_OFF, BIT(17) | BIT(31)); /* optional bits: ignored */
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_OK);
}

static void test_mb2_elf_and_entry_tag(void **state)
{
	const u32 entry[] = {0x101100};
	struct mb_plan p;
	const char *why;

	reset(state);
	make_elf(false, 0xC0100010, k32, 2);
	mb2_begin(MBH_OFF);
	mb2_end();
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT2, &p, &why), MB_OK);
	assert_int_equal(p.version, 2);
	assert_int_equal(p.entry, 0x100010);
	assert_true(p.wants_mmap);
	assert_int_equal(mb_boot_magic(2), MB2_BOOTLOADER_MAGIC);
	/* an entry tag overrides e_entry (physical, here in the bss segment) */
	mb2_begin(MBH_OFF);
	mb2_tag(3, 0, 12, entry);
	mb2_end();
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT2, &p, &why), MB_OK);
	assert_int_equal(p.entry, 0x101100);
	assert_int_equal(p.nr_seg, 2);
	/* e_entry nowhere, but the tag gives the entry: fine */
	make_elf(false, 0x12345678, k32, 2);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT2, &p, &why), MB_OK);
	/* an entry tag pointing outside every segment */
	put(img, MBH_OFF + 16 + 8, 0x200000, 4);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT2, &p, &why), MB_ERR_ENTRY);
}

static void test_mb2_address_tag(void **state)
{
	u32 addr[] = {0x200100, 0x200000, 0x203000, 0x208000};
	const u32 entry[] = {0x200180};
	struct mb_plan p;
	const char *why;

	reset(state);
	mb2_begin(MBH_OFF);
	mb2_tag(2, 0, 24, addr);
	mb2_tag(3, 0, 12, entry);
	mb2_end();
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT2, &p, &why), MB_OK);
	assert_int_equal(p.seg[0].file_offset, 0);
	assert_int_equal(p.seg[0].load_addr, 0x200000);
	assert_int_equal(p.seg[0].file_size, 0x3000);
	assert_int_equal(p.seg[0].mem_size, 0x8000);
	assert_int_equal(p.entry, 0x200180);
	/* load_addr -1: the file from its first byte */
	addr[1] = 0xFFFFFFFF;
	mb2_begin(MBH_OFF);
	mb2_tag(2, 0, 24, addr);
	mb2_tag(3, 0, 12, entry);
	mb2_end();
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT2, &p, &why), MB_OK);
	assert_int_equal(p.seg[0].file_offset, 0);
	assert_int_equal(p.seg[0].load_addr, 0x200100 - MBH_OFF);
	/* an address tag alone does not say where to start */
	reset(state);
	mb2_begin(MBH_OFF);
	mb2_tag(2, 0, 24, addr);
	mb2_end();
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT2, &p, &why), MB_ERR_ADDRESS);
	/* neither address tag nor ELF */
	reset(state);
	mb2_begin(MBH_OFF);
	mb2_end();
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT2, &p, &why), MB_ERR_ELF);
}

/* A multiboot2 ELF32 kernel with one extra header tag; returns the result. */
static int mb2_with(u16 type, u16 flags, u32 size, const u32 *payload, struct mb_plan *p)
{
	const char *why;
	int err;

	reset(NULL);
	make_elf(false, 0xC0100010, k32, 2);
	mb2_begin(MBH_OFF);
	mb2_tag(type, flags, size, payload);
	mb2_end();
	err = plan(GUEST_FMT_MULTIBOOT2, p, &why);
	if (err)
		assert_non_null(why);
	return err;
}

static void test_mb2_tags(void **state)
{
	const u32 req_ok[] = {1, 3, 0, 6, 14}, req_fb[] = {1, 8};
	const u32 console[] = {1}, reloc[] = {0x100000, 0x1000000, 0x1000, 1};
	const u32 fb[] = {1024, 768, 32}, efi[] = {0x100000};
	struct mb_plan p;

	(void)state;
	assert_int_equal(mb2_with(1, 0, 8 + 20, req_ok, &p), MB_OK); /* 0: padding */
	assert_int_equal(p.mb2_required, BIT(1) | BIT(3) | BIT(6) | BIT(14));
	assert_int_equal(p.mb2_requested, p.mb2_required);
	assert_int_equal(mb2_with(1, 0, 8 + 8, req_fb, &p), MB_ERR_UNSUPPORTED);
	assert_int_equal(p.bad_value, 8);
	assert_int_equal(mb2_with(1, 1, 8 + 8, req_fb, &p), MB_OK); /* optional */
	assert_int_equal(p.mb2_requested, BIT(1) | BIT(8));
	assert_int_equal(p.mb2_required, 0);
	assert_int_equal(mb2_with(4, 0, 12, console, &p), MB_ERR_UNSUPPORTED);
	assert_int_equal(mb2_with(4, 1, 12, console, &p), MB_OK);
	assert_int_equal(mb2_with(5, 0, 20, fb, &p), MB_OK);
	assert_true(p.video_requested);
	assert_int_equal(mb2_with(6, 0, 8, NULL, &p), MB_OK);
	assert_true(p.wants_modules_aligned);
	assert_int_equal(mb2_with(7, 0, 8, NULL, &p), MB_ERR_UNSUPPORTED); /* EFI BS */
	assert_int_equal(p.bad_value, 7);
	assert_int_equal(mb2_with(9, 0, 12, efi, &p), MB_ERR_UNSUPPORTED);
	assert_int_equal(mb2_with(9, 1, 12, efi, &p), MB_OK);
	assert_int_equal(mb2_with(10, 0, 24, reloc, &p), MB_OK);
	assert_true(p.relocatable);
	assert_int_equal(p.reloc_min, 0x100000);
	assert_int_equal(p.reloc_max, 0x1000000);
	assert_int_equal(p.reloc_align, 0x1000);
	assert_int_equal(p.reloc_preference, 1);
	assert_int_equal(p.load_start, 0x100000); /* loaded at its link address */
	assert_int_equal(mb2_with(42, 0, 8, NULL, &p), MB_ERR_UNSUPPORTED); /* unknown */
	assert_int_equal(p.bad_value, 42);
	assert_int_equal(mb2_with(42, 1, 8, NULL, &p), MB_OK);
	assert_int_equal(mb2_with(3, 0, 8, NULL, &p), MB_ERR_HEADER);	 /* entry tag too short */
	assert_int_equal(mb2_with(10, 0, 20, reloc, &p), MB_ERR_HEADER); /* relocatable too */
}

static void test_mb2_header_errors(void **state)
{
	const u32 entry[] = {0x100010};
	struct mb_plan p;
	const char *why;
	u32 len;

	reset(state);
	make_elf(false, 0xC0100010, k32, 2);
	mb2_begin(MBH_OFF);
	mb2_tag(3, 0, 12, entry);
	mb2_tag(3, 0, 12, entry);
	mb2_end();
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT2, &p, &why), MB_ERR_HEADER); /* twice */
	/* architecture 4 (MIPS) */
	mb2_begin(MBH_OFF);
	mb2_end();
	len = (u32)get(img, MBH_OFF + 8, 4);
	put(img, MBH_OFF + 4, 4, 4);
	put(img, MBH_OFF + 12, (u32) - (MB2_HEADER_MAGIC + 4 + len), 4);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT2, &p, &why), MB_ERR_UNSUPPORTED);
	/* no end tag: a header of only the 16 fixed bytes + a tag running to its end */
	mb2_begin(MBH_OFF);
	mb2_tag(3, 0, 12, entry);
	len = (u32)(mb2_pos - MBH_OFF);
	put(img, MBH_OFF + 8, len, 4);
	put(img, MBH_OFF + 12, (u32) - (MB2_HEADER_MAGIC + len), 4);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT2, &p, &why), MB_ERR_HEADER);
	/* a tag whose size runs past header_length */
	mb2_begin(MBH_OFF);
	mb2_tag(3, 0, 12, entry);
	mb2_end();
	put(img, MBH_OFF + 16 + 4, 64, 4);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT2, &p, &why), MB_ERR_HEADER);
	/* header_length beyond the image */
	mb2_begin(IMG_SIZE - 16);
	len = 64;
	put(img, IMG_SIZE - 8, len, 4);
	put(img, IMG_SIZE - 4, (u32) - (MB2_HEADER_MAGIC + len), 4);
	memset(img + MBH_OFF, 0, 64);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT2, &p, &why), MB_ERR_HEADER);
}

static void test_segment_errors(void **state)
{
	struct seg s[17];
	struct mb_plan p;
	const char *why;

	reset(state);
	mb1_header(0x800, 0); /* clear of 17 program headers */
	memcpy(s, k32, sizeof(k32));
	s[1].off = IMG_SIZE - 0x100; /* file bytes past the end */
	make_elf(false, 0xC0100010, s, 2);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_SEGMENT_RANGE);
	assert_int_equal(p.bad_value, IMG_SIZE - 0x100);
	memcpy(s, k32, sizeof(k32));
	s[1].filesz = s[1].memsz + 1;
	make_elf(false, 0xC0100010, s, 2);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_SEGMENT_RANGE);
	memcpy(s, k32, sizeof(k32));
	s[1].paddr = 0x100400; /* inside the first segment */
	make_elf(false, 0xC0100010, s, 2);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_OVERLAP);
	assert_int_equal(p.bad_value, 0x100400);
	s[1].paddr = 0x1007FF; /* one byte in common */
	make_elf(false, 0xC0100010, s, 2);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_OVERLAP);
	s[1].paddr = 0xFD001; /* ends one byte into segment 0 */
	make_elf(false, 0xC0100010, s, 2);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_OVERLAP);
	s[1].paddr = 0xFD000; /* ends where segment 0 starts */
	make_elf(false, 0xC0100010, s, 2);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_OK);
	s[1].paddr = 0x100800; /* touching is fine */
	make_elf(false, 0xC0100010, s, 2);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_OK);
	/* e_entry one past segment 0's virtual end: not in it, even though
	 * its physical translation would land in segment 1 */
	s[1].vaddr = 0xD0000000;
	make_elf(false, 0xC0100800, s, 2);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_ENTRY);
	make_elf(false, 0xC01007FF, s, 2);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_OK);
	assert_int_equal(p.entry, 0x1007FF);
	for (u32 i = 0; i < 17; i++)
		s[i] = (struct seg){1,	  0x1000, 0x100000 + i * 0x1000, 0x100000 + i * 0x1000,
				    0x10, 0x10};
	make_elf(false, 0x100000, s, 17);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_TOO_MANY_SEGMENTS);
	make_elf(false, 0x100000, s, 16);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_OK);
	s[0].type = 4;	/* PT_NOTE: skipped */
	s[1].memsz = 0; /* empty: skipped */
	make_elf(false, 0x102000, s, 3);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_OK);
	assert_int_equal(p.nr_seg, 1);
	make_elf(false, 0x102000, s, 2);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_NO_SEGMENTS);
	/* ELF header problems */
	make_elf(false, 0xC0100010, k32, 2);
	put(img, 18, 62, 2); /* ELF32 for x86-64 */
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_ELF);
	make_elf(false, 0xC0100010, k32, 2);
	put(img, 16, 3, 2); /* ET_DYN */
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_ELF);
	make_elf(false, 0xC0100010, k32, 2);
	put(img, 28, IMG_SIZE - 32, 4); /* program headers past the end */
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_ELF);
	make_elf(false, 0xC0100010, k32, 2);
	img[5] = 2; /* big-endian */
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_ELF);
	img[0] = 0;
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_ERR_ELF);
	assert_int_equal(mb_plan_build(img, IMG_SIZE, GUEST_FMT_BZIMAGE, &p, NULL),
			 MB_ERR_NO_HEADER);
}

static void test_plan_fits(void **state)
{
	const struct mem_span ok[] = {
		{0x200000, 0x1000000}, {0x100000, 0x102000}, {0x102000, 0x104000}};
	const struct mem_span whole[] = {{0x100000, 0x104000}};
	struct mb_plan p;
	const char *why;
	u32 bad = 99;

	reset(state);
	make_elf(false, 0xC0100010, k32, 2);
	mb1_header(MBH_OFF, 0);
	assert_int_equal(plan(GUEST_FMT_MULTIBOOT1, &p, &why), MB_OK);
	assert_int_equal(mb_plan_fits(&p, whole, 1, &bad), MB_OK);
	/* segment 1 [0x101000, 0x104000) straddles two spans: each one alone is too small */
	assert_int_equal(mb_plan_fits(&p, ok, 3, &bad), MB_ERR_NO_ROOM);
	assert_int_equal(bad, 1);
	assert_int_equal(mb_plan_fits(&p, ok, 1, &bad), MB_ERR_NO_ROOM);
	assert_int_equal(bad, 0);
	assert_int_equal(mb_plan_fits(&p, NULL, 0, NULL), MB_ERR_NO_ROOM);
	const struct mem_span tight[] = {{0x101000, 0x104000}, {0x100000, 0x100800}};
	assert_int_equal(mb_plan_fits(&p, tight, 2, &bad), MB_OK);
}

/* ------------------------------------------------------ boot information */

#define HV_START 0x6000000ULL
#define HV_END	 0x6800000ULL
static const struct boot_e820_entry e820[] = {
	{0, 0x9FC00, 1},
	{0x9FC00, 0x400, 2},
	{0xF0000, 0x10000, 2},
	{0x100000, HV_START - 0x100000, 1},
	{HV_START, HV_END - HV_START, 2}, /* the hypervisor */
	{HV_END, 0x8000000 - HV_END, 1},
	{0xFFFC0000, 0x40000, 2},
	{0x100000000ULL, 0x40000000, 1},
};
static const struct mb_guest_module mods[] = {
	{0x7000000, 0x7001234, "initrd.img root=x"},
	{0x7002000, 0x7002000, NULL},
};
#define CMDLINE "mbtest console=ttyS0"
#define INFO_PA 0x20000ULL

static const char *str_at(u64 pa)
{
	assert_true(pa >= INFO_PA && pa < INFO_PA + sizeof(info));
	return (const char *)info + (pa - INFO_PA);
}

static void test_mb1_info(void **state)
{
	int n;
	u32 flags, mmap, len, mods_addr;

	(void)state;
	memset(info, 0xAA, sizeof(info));
	n = mb1_info_build(info, sizeof(info), INFO_PA, e820, ARRAY_SIZE(e820), CMDLINE, mods, 2);
	assert_true(n > 116 && n < (int)sizeof(info));
	flags = (u32)get(info, 0, 4);
	assert_int_equal(flags, BIT(0) | BIT(2) | BIT(3) | BIT(6) | BIT(9));
	assert_int_equal(get(info, 4, 4), 639);
	assert_int_equal(get(info, 8, 4), (HV_START - 0x100000) / 1024);
	assert_int_equal(get(info, 12, 4), 0); /* no boot device */
	assert_string_equal(str_at(get(info, 16, 4)), CMDLINE);
	assert_string_equal(str_at(get(info, 64, 4)), "thinvisor");
	for (u32 off = 72; off < 116; off++) /* no VBE, no framebuffer */
		assert_int_equal(info[off], 0);
	assert_int_equal(get(info, 20, 4), 2);
	mods_addr = (u32)get(info, 24, 4);
	for (u32 i = 0; i < 2; i++) {
		u64 m = mods_addr - INFO_PA + 16 * i;

		assert_int_equal(get(info, m, 4), mods[i].start);
		assert_int_equal(get(info, m + 4, 4), mods[i].end);
		assert_string_equal(str_at(get(info, m + 8, 4)),
				    mods[i].string ? mods[i].string : "");
		assert_int_equal(get(info, m + 12, 4), 0);
	}
	/* walk the map the way the spec says: size field, then size bytes */
	len = (u32)get(info, 44, 4);
	mmap = (u32)(get(info, 48, 4) - INFO_PA);
	assert_int_equal(len, ARRAY_SIZE(e820) * 24);
	for (u32 off = mmap, i = 0; off < mmap + len; off += 4 + (u32)get(info, off, 4), i++) {
		assert_int_equal(get(info, off, 4), 20);
		assert_int_equal(get(info, off + 4, 8), e820[i].addr);
		assert_int_equal(get(info, off + 12, 8), e820[i].size);
		assert_int_equal(get(info, off + 20, 4), e820[i].type);
	}
	assert_true(mmap + len <= (u32)n);
	assert_int_equal(get(info, mmap + 4 * 24 + 4, 8), HV_START);
	assert_int_equal(get(info, mmap + 4 * 24 + 20, 4), 2);
	/* without a command line: bit 2 clear */
	n = mb1_info_build(info, sizeof(info), INFO_PA, e820, 3, NULL, NULL, 0);
	assert_true(n > 0);
	assert_int_equal(get(info, 0, 4), BIT(0) | BIT(3) | BIT(6) | BIT(9));
	assert_int_equal(get(info, 8, 4), 0); /* no RAM at 1 MiB in the first 3 entries */
}

static void test_mb1_info_limits(void **state)
{
	const struct mb_guest_module high = {0xFFFFF000, 0x100000000ULL, "x"};
	int need, n;

	(void)state;
	need = mb1_info_build(info, sizeof(info), INFO_PA, e820, ARRAY_SIZE(e820), CMDLINE, mods,
			      2);
	assert_true(need > 0);
	for (int size = 0; size < need; size++)
		assert_int_equal(mb1_info_build(info, (u32)size, INFO_PA, e820, ARRAY_SIZE(e820),
						CMDLINE, mods, 2),
				 MB_INFO_NO_SPACE);
	n = mb1_info_build(info, (u32)need, INFO_PA, e820, ARRAY_SIZE(e820), CMDLINE, mods, 2);
	assert_int_equal(n, need);
	assert_int_equal(mb1_info_build(info, sizeof(info), INFO_PA, e820, 1, NULL, &high, 1),
			 MB_INFO_ABOVE_4G);
	assert_int_equal(
		mb1_info_build(info, sizeof(info), 0x100000000ULL - 64, e820, 1, NULL, NULL, 0),
		MB_INFO_ABOVE_4G);
	assert_int_equal(mb1_info_build(NULL, 0, INFO_PA, e820, 1, NULL, NULL, 0),
			 MB_INFO_BAD_INPUT);
	assert_int_equal(mb1_info_build(info, sizeof(info), INFO_PA, NULL, 1, NULL, NULL, 0),
			 MB_INFO_BAD_INPUT);
}

static u8 rsdp[36] = "RSD PTR ";

static void test_mb2_info_roundtrip(void **state)
{
	static struct mb2_info mi;
	struct mb2_info_extra x = {rsdp, sizeof(rsdp), true, 0x100000, BIT(1) | BIT(6) | BIT(14)};
	u32 bad = 0;
	int n, err;

	(void)state;
	rsdp[15] = 2;
	memset(info, 0xAA, sizeof(info));
	n = mb2_info_build(info, sizeof(info), INFO_PA, e820, ARRAY_SIZE(e820), CMDLINE, mods, 2,
			   &x);
	assert_true(n > 0 && n % 8 == 0);
	assert_int_equal(get(info, 0, 4), (u32)n);
	err = mb2_parse(MB2_BOOTLOADER_MAGIC, info, INFO_PA, (u32)n, &mi, &bad);
	assert_int_equal(err, MB2_OK);
	assert_string_equal(mi.cmdline, CMDLINE);
	assert_string_equal(mi.bootloader_name, "thinvisor");
	assert_int_equal(mi.nr_modules, 2);
	for (u32 i = 0; i < 2; i++) {
		assert_int_equal(mi.modules[i].start, mods[i].start);
		assert_int_equal(mi.modules[i].end, mods[i].end);
		assert_string_equal(mi.modules[i].string, mods[i].string ? mods[i].string : "");
	}
	assert_true(mi.has_basic_meminfo);
	assert_int_equal(mi.mem_lower_kib, 639);
	assert_int_equal(mi.mem_upper_kib, (HV_START - 0x100000) / 1024);
	assert_true(mi.has_bios_mmap);
	assert_int_equal(mi.nr_bios_mmap, ARRAY_SIZE(e820));
	for (u32 i = 0; i < ARRAY_SIZE(e820); i++) {
		assert_int_equal(mi.bios_mmap[i].addr, e820[i].addr);
		assert_int_equal(mi.bios_mmap[i].len, e820[i].size);
		assert_int_equal(mi.bios_mmap[i].type, e820[i].type);
	}
	assert_int_equal(mi.bios_mmap[4].addr, HV_START); /* the hypervisor stays reserved */
	assert_int_equal(mi.bios_mmap[4].type, MB2_MEM_RESERVED);
	assert_true(mi.rsdp_is_v2);
	assert_int_equal(mi.rsdp_len, sizeof(rsdp));
	assert_memory_equal(mi.rsdp, rsdp, sizeof(rsdp));
	assert_true(mi.has_load_base);
	assert_int_equal(mi.load_base, 0x100000);
	/* a revision-0 RSDP gives only tag 14, whatever length it is given */
	rsdp[15] = 0;
	x.required = BIT(14);
	n = mb2_info_build(info, sizeof(info), INFO_PA, e820, 2, NULL, NULL, 0, &x);
	assert_int_equal(mb2_parse(MB2_BOOTLOADER_MAGIC, info, INFO_PA, (u32)n, &mi, &bad), MB2_OK);
	assert_false(mi.rsdp_is_v2);
	assert_int_equal(mi.rsdp_len, 20);
	assert_null(mi.cmdline);
	assert_int_equal(mi.nr_modules, 0);
}

static void test_mb2_info_limits(void **state)
{
	struct mb2_info_extra x = {NULL, 0, false, 0, BIT(1)};
	static struct mb2_info mi;
	int need;

	(void)state;
	need = mb2_info_build(info, sizeof(info), INFO_PA, e820, ARRAY_SIZE(e820), CMDLINE, mods, 2,
			      &x);
	assert_true(need > 0);
	for (int size = 0; size < need; size++)
		assert_int_equal(mb2_info_build(info, (u32)size, INFO_PA, e820, ARRAY_SIZE(e820),
						CMDLINE, mods, 2, &x),
				 MB_INFO_NO_SPACE);
	assert_int_equal(mb2_info_build(info, (u32)need, INFO_PA, e820, ARRAY_SIZE(e820), CMDLINE,
					mods, 2, &x),
			 need);
	assert_int_equal(mb2_parse(MB2_BOOTLOADER_MAGIC, info, INFO_PA, (u32)need, &mi, NULL),
			 MB2_OK);
	/* required tags that cannot be given */
	assert_int_equal(mb2_info_build(info, sizeof(info), INFO_PA, e820, 1, NULL, NULL, 0, &x),
			 MB_INFO_MISSING);
	x.required = BIT(15); /* no RSDP */
	assert_int_equal(mb2_info_build(info, sizeof(info), INFO_PA, e820, 1, "", NULL, 0, &x),
			 MB_INFO_MISSING);
	x.required = BIT(3) | BIT(2) | BIT(4) | BIT(6); /* "no modules" is a valid answer */
	assert_true(mb2_info_build(info, sizeof(info), INFO_PA, e820, 1, NULL, NULL, 0, &x) > 0);
	assert_int_equal(
		mb2_info_build(info, sizeof(info), INFO_PA + 4, e820, 1, NULL, NULL, 0, NULL),
		MB_INFO_MISALIGN);
	assert_int_equal(
		mb2_info_build(info, sizeof(info), 0xFFFFFFC0, e820, 1, NULL, NULL, 0, NULL),
		MB_INFO_ABOVE_4G);
	x = (struct mb2_info_extra){rsdp, 8, false, 0, 0};
	assert_int_equal(mb2_info_build(info, sizeof(info), INFO_PA, e820, 1, NULL, NULL, 0, &x),
			 MB_INFO_BAD_INPUT);
}

static void test_strerror(void **state)
{
	(void)state;
	for (int e = 0; e < MB_ERR_COUNT; e++) {
		assert_non_null(mb_strerror(e));
		assert_string_not_equal(mb_strerror(e), mb_strerror(-1));
	}
	assert_string_equal(mb_strerror(MB_ERR_COUNT), mb_strerror(-1));
	assert_int_equal(mb_boot_magic(3), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_formats),
		cmocka_unit_test(test_detect_rejects_junk),
		cmocka_unit_test(test_detect_mb2_search_window),
		cmocka_unit_test(test_mb1_elf32),
		cmocka_unit_test(test_mb1_elf64),
		cmocka_unit_test(test_mb1_aout_kludge),
		cmocka_unit_test(test_mb1_flags),
		cmocka_unit_test(test_mb2_elf_and_entry_tag),
		cmocka_unit_test(test_mb2_address_tag),
		cmocka_unit_test(test_mb2_tags),
		cmocka_unit_test(test_mb2_header_errors),
		cmocka_unit_test(test_segment_errors),
		cmocka_unit_test(test_plan_fits),
		cmocka_unit_test(test_mb1_info),
		cmocka_unit_test(test_mb1_info_limits),
		cmocka_unit_test(test_mb2_info_roundtrip),
		cmocka_unit_test(test_mb2_info_limits),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

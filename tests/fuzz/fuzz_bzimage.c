// SPDX-License-Identifier: MIT
/*
 * fuzz_bzimage.c - libFuzzer harness for loader/bzimage.c and loader/e820.c.
 *
 * Input layout: the whole input is the head of the "module" handed to
 * bzimage_parse() (from a heap block of exactly its size, so AddressSanitizer
 * sees any read past it).  bzimage_parse() reads only below
 * SETUP_HEADER_HOLE_END (0x290), so the bytes from 0x290 on are free to
 * encode the rest of the scenario, read in order by struct fuzz_in (zeros
 * once exhausted):
 *
 *   u8 flags       bit 0: module is longer than the input (u32 paragraphs
 *                  follow); bit 1: place into the e820_free_spans() result
 *                  instead of the raw free list below
 *   addr floor
 *   u8 n, n x {addr, len, u8 type}      firmware map for e820_build()
 *   u8 n, n x {addr, len}               hypervisor spans it must reserve
 *   u8 n, n x {addr, len}               busy spans for e820_free_spans()
 *   u8 n, n x {addr, addr}              raw free list (any order, overlaps)
 *   u8 max_out                          small e820 output limit (-1 path)
 *   len initrd_size, addr cmdline, u32 cmdline_len, addr acpi_rsdp
 *
 * where "addr"/"len" is a mode byte then a page number, MiB number, 32-bit
 * or raw 64-bit value.  Every result is checked against an oracle written
 * from the contracts in include/loader/{bzimage,e820}.h with 128-bit
 * arithmetic, so no wrap-around is shared with the code under test (the
 * e820 ones are in e820_check.c).
 */
#include "fuzz.h"
#include "loader/bzimage.h"
#include "loader/e820.h"
#include "e820_check.h"

#define PARAMS_OFF SETUP_HEADER_HOLE_END
#define MAX_FW	   16
#define MAX_SPANS  8
#define FOUR_G	   (4 * GiB)

static u64 take_addr(struct fuzz_in *in)
{
	switch (TAKE8(in) & 3) {
	case 0:
		return (u64)TAKE32(in) << 12;
	case 1:
		return (u64)TAKE16(in) << 20;
	case 2:
		return TAKE32(in);
	default:
		return TAKE64(in);
	}
}

/* [start, start + len), clipped at 2^64 - 1 like e820.h describes */
static struct mem_span take_span(struct fuzz_in *in)
{
	u64 start = take_addr(in), len = take_addr(in);
	u128 end = (u128)start + len;

	return (struct mem_span){start, end > FUZZ_U64_MAX ? FUZZ_U64_MAX : (u64)end};
}

/* ---------------------------------------------------------- placement */

/* bzimage.h: [a, a + len) inside one free span and ending <= limit */
static bool fits(const struct mem_span *free, u32 n, u128 a, u128 len, u128 limit)
{
	for (u32 i = 0; i < n; i++)
		if (a >= free[i].start && a < free[i].end && a + len <= free[i].end &&
		    a + len <= limit)
			return true;
	return false;
}

/* Lowest align-aligned a >= lo that fits: in each span only the first
 * aligned address at or above MAX(start, lo) can be the lowest fit. */
static bool oracle_lowest(const struct mem_span *free, u32 n, u64 lo, u64 align, u64 len,
			  u128 limit, u64 *best)
{
	bool found = false;

	for (u32 i = 0; i < n; i++) {
		u128 from = MAX(free[i].start, lo);
		u128 a = (from + align - 1) / align * align;

		if (a > FUZZ_U64_MAX || !fits(&free[i], 1, a, len, limit))
			continue;
		if (!found || a < *best)
			*best = (u64)a;
		found = true;
	}
	return found;
}

static u64 need_of(const struct bzimage_info *bi)
{
	return MAX((u64)bi->init_size, bi->pm_size);
}

static u128 limit_of(const struct bzimage_info *bi)
{
	return (bi->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G) ? FUZZ_U64_MAX : FOUR_G;
}

static void check_place(const struct bzimage_info *bi, const struct mem_span *free, u32 n,
			u64 floor, int err, u64 load)
{
	u64 need = need_of(bi), want = 0;
	bool ok;

	if (!bi->relocatable) {
		ok = bi->pref_address >= floor &&
		     fits(free, n, bi->pref_address, need, limit_of(bi));
		CHECK(load == bi->pref_address);
		CHECK(err == (ok ? BZ_OK : BZ_ERR_NO_ROOM));
		return;
	}
	ok = oracle_lowest(free, n, MAX(floor, BZIMAGE_DEFAULT_LOAD_ADDR), bi->kernel_alignment,
			   need, limit_of(bi), &want) ||
	     oracle_lowest(free, n, floor, bi->kernel_alignment, need, limit_of(bi), &want);
	CHECK(err == (ok ? BZ_OK : BZ_ERR_NO_ROOM));
	CHECK(load == (ok ? want : 0));
	if (ok) {
		CHECK(IS_ALIGNED(load, bi->kernel_alignment) && load >= floor);
		CHECK(fits(free, n, load, need, limit_of(bi)));
	}
}

/* Highest page-aligned a with [a, a + size) in [s, MIN(e, top)) */
static void highest(u128 s, u128 e, u128 size, u128 top, u64 *best, bool *found)
{
	u128 a;

	e = MIN(e, top);
	if (e <= s || e - s < size)
		return;
	a = (e - size) / PAGE_SIZE * PAGE_SIZE;
	if (a >= s && (!*found || a > *best)) {
		*best = (u64)a;
		*found = true;
	}
}

static void check_initrd(const struct bzimage_info *bi, u64 size, const struct mem_span *free,
			 u32 n, u64 avs, u64 ave, int err, u64 addr)
{
	u128 top = (u128)bi->initrd_addr_max + 1;
	bool found = false;
	u64 want = 0;

	if (!size) {
		CHECK(err == BZ_OK && addr == 0);
		return;
	}
	for (u32 i = 0; i < n; i++) {
		u64 s = free[i].start, e = free[i].end;

		if (avs >= ave || ave <= s || avs >= e) {
			highest(s, e, size, top, &want, &found);
			continue;
		}
		highest(s, avs, size, top, &want, &found); /* below the kernel */
		highest(ave, e, size, top, &want, &found); /* above it */
	}
	CHECK(err == (found ? BZ_OK : BZ_ERR_INITRD_NO_ROOM));
	if (!found) {
		CHECK(addr == 0);
		return;
	}
	CHECK(addr == want);
	CHECK(IS_ALIGNED(addr, PAGE_SIZE) && (u128)addr + size <= top);
	CHECK(fits(free, n, addr, size, FUZZ_U64_MAX + (u128)1));
	CHECK(avs >= ave || (u128)addr + size <= avs || addr >= ave);
}

/* ---------------------------------------------------------- zero page */

struct fill_args {
	u64 load, cmdline, cmdline_len, initrd, initrd_size, rsdp;
};

static bool above_4g(u64 addr, u128 len)
{
	return (u128)addr + len > FOUR_G;
}

static u64 rd_le(const u8 *p, u32 off, u32 n)
{
	u64 v = 0;

	for (u32 i = 0; i < n; i++)
		v |= (u64)p[off + i] << (8 * i);
	return v;
}

static void check_fill(const u8 *img, const struct bzimage_info *bi, const struct fill_args *a,
		       const struct boot_params *bp, int err)
{
	const u8 *z = (const u8 *)bp;
	bool lo4g = !(bi->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G);
	/* boot.rst, ramdisk_image/ramdisk_size: "Leave at zero if there is no
	 * initial ramdisk" - the loader writes them either way. */
	u64 rd_image = a->initrd_size ? a->initrd : 0;

	if (a->cmdline_len > bi->cmdline_size) {
		CHECK(err == BZ_ERR_CMDLINE_TOO_LONG);
		return;
	}
	if (lo4g && (above_4g(a->cmdline, (u128)a->cmdline_len + 1) ||
		     (a->initrd_size && above_4g(a->initrd, a->initrd_size)) ||
		     above_4g(a->load, need_of(bi)))) {
		CHECK(err == BZ_ERR_ABOVE_4G);
		return;
	}
	CHECK(err == BZ_OK);

	for (u32 i = 0; i < sizeof(*bp); i++) {
		bool field = (i >= BP_OFF(acpi_rsdp_addr) && i < BP_OFF(acpi_rsdp_addr) + 8) ||
			     (i >= BP_OFF(ext_ramdisk_image) && i < BP_OFF(ext_cmd_line_ptr) + 4);

		if (i >= SETUP_HEADER_OFFSET && i < bi->header_end)
			continue;
		CHECK(field || z[i] == 0); /* sentinel at 0x1EF included */
	}
	for (u32 i = SETUP_HEADER_OFFSET; i < bi->header_end; i++) {
		bool patched = (i >= HDR_OFF(vid_mode) && i < HDR_OFF(vid_mode) + 2) ||
			       i == HDR_OFF(type_of_loader) ||
			       (i >= HDR_OFF(code32_start) && i < HDR_OFF(ramdisk_size) + 4) ||
			       (i >= HDR_OFF(cmd_line_ptr) && i < HDR_OFF(cmd_line_ptr) + 4) ||
			       (i >= HDR_OFF(setup_data) && i < HDR_OFF(setup_data) + 8);

		CHECK(patched || z[i] == img[i]);
	}
	/* the image's setup_data pointer is never passed on */
	if (bi->header_end >= HDR_OFF(setup_data) + 8)
		CHECK(rd_le(z, HDR_OFF(setup_data), 8) == 0);
	CHECK(rd_le(z, HDR_OFF(vid_mode), 2) == VID_MODE_NORMAL);
	CHECK(z[HDR_OFF(type_of_loader)] == LOADER_TYPE_UNDEFINED);
	CHECK(rd_le(z, HDR_OFF(code32_start), 4) == (u32)a->load);
	CHECK((rd_le(z, HDR_OFF(cmd_line_ptr), 4) | rd_le(z, BP_OFF(ext_cmd_line_ptr), 4) << 32) ==
	      a->cmdline);
	CHECK((rd_le(z, HDR_OFF(ramdisk_image), 4) | rd_le(z, BP_OFF(ext_ramdisk_image), 4)
							     << 32) == rd_image);
	CHECK((rd_le(z, HDR_OFF(ramdisk_size), 4) | rd_le(z, BP_OFF(ext_ramdisk_size), 4) << 32) ==
	      a->initrd_size);
	CHECK(bp->acpi_rsdp_addr == a->rsdp);
	CHECK(bp->e820_entries == 0);
}

/* ---------------------------------------------------------------- run */

static void run_bzimage(const u8 *img, u64 size, struct fuzz_in *in, bool use_e820_free,
			const struct mem_span *e820_free, u32 n_e820_free, u64 floor)
{
	static struct boot_params bp;
	struct mem_span raw[MAX_SPANS * 2];
	const struct mem_span *fl = raw;
	struct bzimage_info bi;
	struct fill_args a;
	const char *field = NULL;
	u64 value = 0, need;
	u32 n = TAKE8(in) % (MAX_SPANS * 2 + 1), nfree;
	int err;

	for (u32 i = 0; i < n; i++) {
		raw[i].start = take_addr(in);
		raw[i].end = take_addr(in);
	}
	nfree = n;
	if (use_e820_free) {
		fl = e820_free;
		nfree = n_e820_free;
	}

	err = bzimage_parse(img, size, &bi, &field, &value);
	TRACE("parse %d (%s %#llx)\n", err, field ? field : "-", (unsigned long long)value);
	CHECK(err >= 0 && err < BZ_ERR_COUNT && bzimage_strerror(err));
	CHECK((err == BZ_OK) == (field == NULL));
	if (err != BZ_OK)
		return;
	/* what parse promises of an accepted kernel */
	CHECK(bi.version >= BZIMAGE_MIN_VERSION && (bi.loadflags & LOADED_HIGH));
	CHECK(bi.xloadflags & XLF_KERNEL_64);
	CHECK(bi.setup_size < size && bi.setup_size <= BZIMAGE_MAX_SETUP_SIZE);
	CHECK(bi.pm_offset + bi.pm_size == size);
	CHECK(bi.header_end <= SETUP_HEADER_HOLE_END);
	CHECK(bi.kernel_alignment >= PAGE_SIZE &&
	      !(bi.kernel_alignment & (bi.kernel_alignment - 1)));
	CHECK(bi.init_size >= bi.pm_size);
	need = need_of(&bi);

	err = bzimage_place(&bi, fl, nfree, floor, &a.load);
	TRACE("place %d at %#llx (%u free spans)\n", err, (unsigned long long)a.load, nfree);
	check_place(&bi, fl, nfree, floor, err, a.load);
	a.initrd_size = take_addr(in);
	{
		u64 avs = err == BZ_OK ? a.load : take_addr(in);
		u64 ave = err == BZ_OK ? a.load + need : take_addr(in);

		err = bzimage_place_initrd(&bi, a.initrd_size, fl, nfree, avs, ave, &a.initrd);
		TRACE("initrd %d at %#llx\n", err, (unsigned long long)a.initrd);
		check_initrd(&bi, a.initrd_size, fl, nfree, avs, ave, err, a.initrd);
	}
	if (err != BZ_OK)
		a.initrd = take_addr(in);
	a.cmdline = take_addr(in);
	a.cmdline_len = TAKE32(in);
	a.rsdp = TAKE64(in);
	memset(&bp, 0xA5, sizeof(bp)); /* stale data must not survive */
	err = bzimage_fill_boot_params(img, &bi, &bp, a.load, a.cmdline, a.cmdline_len, a.initrd,
				       a.initrd_size, a.rsdp);
	TRACE("fill %d\n", err);
	check_fill(img, &bi, &a, &bp, err);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct boot_e820_entry fw[MAX_FW], table[2 * (MAX_FW + MAX_SPANS)];
	struct boot_e820_entry small[2 * (MAX_FW + MAX_SPANS)];
	struct mem_span res[MAX_SPANS], busy[MAX_SPANS];
	struct mem_span spans[2 * (2 * (MAX_FW + MAX_SPANS) + MAX_SPANS)];
	struct fuzz_in in = {data, size, PARAMS_OFF};
	u32 nfw, nres, nbusy, cap, max_out;
	u8 flags = TAKE8(&in);
	u64 modsize = size, floor;
	int n, nfree, r;
	u8 *img;

	if (flags & 1)
		modsize += (u64)TAKE32(&in) * 16;
	floor = take_addr(&in);

	nfw = TAKE8(&in) % (MAX_FW + 1);
	for (u32 i = 0; i < nfw; i++) {
		fw[i].addr = take_addr(&in);
		fw[i].size = take_addr(&in);
		fw[i].type = TAKE8(&in) % 8; /* 0, 6 and 7 are not e820 types */
	}
	nres = TAKE8(&in) % (MAX_SPANS + 1);
	for (u32 i = 0; i < nres; i++)
		res[i] = take_span(&in);
	nbusy = TAKE8(&in) % (MAX_SPANS + 1);
	for (u32 i = 0; i < nbusy; i++)
		busy[i] = take_span(&in);

	/* n ranges have at most 2n boundaries, so 2n - 1 pieces */
	cap = 2 * (nfw + nres);
	n = e820_build(fw, nfw, res, nres, table, cap);
	CHECK(n >= 0 && (u32)n <= cap);
	TRACE("e820: %u fw + %u reserved -> %d entries\n", nfw, nres, n);
	e820_check_build(fw, nfw, res, nres, table, (u32)n);

	/* a smaller output: -1 exactly when it cannot hold the result */
	max_out = TAKE8(&in) % (cap + 1);
	r = e820_build(fw, nfw, res, nres, small, max_out);
	if ((u32)n > max_out) {
		CHECK(r == -1);
	} else {
		CHECK(r == n);
		CHECK(memcmp(small, table, (size_t)n * sizeof(table[0])) == 0);
	}

	cap = 2 * ((u32)n + nbusy);
	nfree = e820_free_spans(table, (u32)n, busy, nbusy, spans, cap);
	CHECK(nfree >= 0 && (u32)nfree <= cap);
	TRACE("free: %d spans\n", nfree);
	e820_check_free(table, (u32)n, busy, nbusy, spans, (u32)nfree);

	img = fuzz_dup(data, size);
	run_bzimage(img, modsize, &in, flags & 2, spans, (u32)nfree, floor);
	free(img);
	return 0;
}

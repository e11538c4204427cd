// SPDX-License-Identifier: MIT
/*
 * e820_check.c - oracles for loader/e820.c (see e820_check.h).  They are
 * written from the contract in include/loader/e820.h with 128-bit
 * arithmetic, point by point: both the expected and the actual map are
 * constant between consecutive range boundaries, so comparing them at every
 * boundary of the input and of the output compares them everywhere.
 */
#include "e820_check.h"
#include "fuzz.h"

static u32 norm_type(u32 t)
{
	return t >= E820_TYPE_RAM && t <= E820_TYPE_UNUSABLE ? t : E820_TYPE_RESERVED;
}

/* e820.h: unusable(5) > reserved(2) > NVS(4) > ACPI(3) > RAM(1) */
static int type_rank(u32 t)
{
	static const int r[6] = {0, 1, 4, 2, 3, 5};

	return r[t];
}

static u64 fw_end(const struct boot_e820_entry *e)
{
	u128 end = (u128)e->addr + e->size;

	return end > FUZZ_U64_MAX ? FUZZ_U64_MAX : (u64)end;
}

static bool in_span(const struct mem_span *s, u64 p)
{
	return s->start <= p && p < s->end;
}

/* What e820_build() must say about the byte at p; 0 = not in the map. */
static u32 oracle_type(const struct boot_e820_entry *fw, u32 nfw, const struct mem_span *res,
		       u32 nres, u64 p)
{
	u32 best = 0;

	for (u32 i = 0; i < nres; i++)
		if (in_span(&res[i], p))
			return E820_TYPE_RESERVED;
	for (u32 i = 0; i < nfw; i++) {
		u32 t = norm_type(fw[i].type);

		if (fw[i].size && fw[i].addr <= p && p < fw_end(&fw[i]) &&
		    (!best || type_rank(t) > type_rank(best)))
			best = t;
	}
	return best;
}

static u32 table_type(const struct boot_e820_entry *t, u32 n, u64 p)
{
	for (u32 i = 0; i < n; i++)
		if (t[i].addr <= p && (u128)p < (u128)t[i].addr + t[i].size)
			return t[i].type;
	return 0;
}

void e820_check_build(const struct boot_e820_entry *fw, u32 nfw, const struct mem_span *res,
		      u32 nres, const struct boot_e820_entry *out, u32 n)
{
	/* sorted, non-empty, non-overlapping, touching neighbours differ */
	for (u32 i = 0; i < n; i++) {
		CHECK(out[i].size != 0);
		CHECK((u128)out[i].addr + out[i].size <= FUZZ_U64_MAX);
		CHECK(out[i].type >= E820_TYPE_RAM && out[i].type <= E820_TYPE_UNUSABLE);
		if (i) {
			u64 prev_end = out[i - 1].addr + out[i - 1].size;

			CHECK(prev_end <= out[i].addr);
			CHECK(prev_end != out[i].addr || out[i - 1].type != out[i].type);
		}
	}
	/* every reserve span lies inside one reserved entry (merged) */
	for (u32 r = 0; r < nres; r++) {
		bool found = false;

		if (res[r].start >= res[r].end)
			continue;
		for (u32 i = 0; i < n && !found; i++)
			found = out[i].type == E820_TYPE_RESERVED && out[i].addr <= res[r].start &&
				(u128)res[r].end <= (u128)out[i].addr + out[i].size;
		CHECK(found);
	}
	/* Both maps are constant between consecutive boundaries of input and
	 * output, so agreeing at every boundary means agreeing everywhere. */
	for (u32 i = 0; i < nfw; i++) {
		CHECK(table_type(out, n, fw[i].addr) ==
		      oracle_type(fw, nfw, res, nres, fw[i].addr));
		CHECK(table_type(out, n, fw_end(&fw[i])) ==
		      oracle_type(fw, nfw, res, nres, fw_end(&fw[i])));
	}
	for (u32 i = 0; i < nres; i++) {
		CHECK(table_type(out, n, res[i].start) ==
		      oracle_type(fw, nfw, res, nres, res[i].start));
		CHECK(table_type(out, n, res[i].end) ==
		      oracle_type(fw, nfw, res, nres, res[i].end));
	}
	for (u32 i = 0; i < n; i++) {
		u64 end = out[i].addr + out[i].size;

		CHECK(oracle_type(fw, nfw, res, nres, out[i].addr) == out[i].type);
		CHECK(table_type(out, n, end) == oracle_type(fw, nfw, res, nres, end));
	}
}

static bool oracle_free(const struct boot_e820_entry *t, u32 n, const struct mem_span *busy,
			u32 nbusy, u64 p)
{
	bool ram = false;

	for (u32 i = 0; i < nbusy; i++)
		if (in_span(&busy[i], p))
			return false;
	for (u32 i = 0; i < n && !ram; i++)
		ram = t[i].type == E820_TYPE_RAM && t[i].addr <= p && p < fw_end(&t[i]);
	return ram;
}

static bool spans_have(const struct mem_span *s, u32 n, u64 p)
{
	for (u32 i = 0; i < n; i++)
		if (in_span(&s[i], p))
			return true;
	return false;
}

void e820_check_free(const struct boot_e820_entry *t, u32 nt, const struct mem_span *busy,
		     u32 nbusy, const struct mem_span *out, u32 n)
{
	for (u32 i = 0; i < n; i++) {
		CHECK(out[i].start < out[i].end);
		CHECK(i == 0 || out[i - 1].end < out[i].start); /* merged */
		CHECK(oracle_free(t, nt, busy, nbusy, out[i].start));
		CHECK(spans_have(out, n, out[i].end) ==
		      oracle_free(t, nt, busy, nbusy, out[i].end));
	}
	for (u32 i = 0; i < nt; i++) {
		CHECK(spans_have(out, n, t[i].addr) == oracle_free(t, nt, busy, nbusy, t[i].addr));
		CHECK(spans_have(out, n, fw_end(&t[i])) ==
		      oracle_free(t, nt, busy, nbusy, fw_end(&t[i])));
	}
	for (u32 i = 0; i < nbusy; i++) {
		CHECK(spans_have(out, n, busy[i].start) ==
		      oracle_free(t, nt, busy, nbusy, busy[i].start));
		CHECK(spans_have(out, n, busy[i].end) ==
		      oracle_free(t, nt, busy, nbusy, busy[i].end));
	}
}

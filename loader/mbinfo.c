// SPDX-License-Identifier: MIT
/*
 * mbinfo.c - the multiboot1 and multiboot2 boot information structures
 * thinvisor builds for a multiboot guest (split from mbguest.c, which
 * detects and plans the kernel).  See include/loader/mbguest.h.
 */
#include "loader/mbguest.h"

static void wr32(u8 *p, u32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (u8)(v >> (8 * i));
}

static void wr64(u8 *p, u64 v)
{
	wr32(p, (u32)v);
	wr32(p + 4, (u32)(v >> 32));
}

/* ---------------------------------------------- boot information */

/* An append-only area inside the caller's buffer; pieces come zeroed. */
struct ibuf {
	u8 *buf;
	u32 size, len;
};

static u8 *ib_alloc(struct ibuf *ib, u64 n, u32 align)
{
	u64 at = ALIGN_UP(ib->len, align);

	if (at > ib->size || n > ib->size - at)
		return NULL;
	for (u64 i = ib->len; i < at + n; i++)
		ib->buf[i] = 0;
	ib->len = (u32)(at + n);
	return ib->buf + at;
}

static u32 str_size(const char *s)
{
	u32 n = 0;

	while (s && s[n])
		n++;
	return n + 1;
}

/* Copy s (NULL = "") with its NUL; NULL when it does not fit. */
static u8 *ib_string(struct ibuf *ib, const char *s, u32 prefix)
{
	u32 n = str_size(s);
	u8 *p = ib_alloc(ib, prefix + n, prefix ? 8 : 1);

	if (p)
		for (u32 i = 0; i + 1 < n; i++)
			p[prefix + i] = (u8)s[i];
	return p;
}

/* End of the run of RAM (type 1) entries that covers `from`, or `from`. */
static u64 ram_run_end(const struct boot_e820_entry *e, u32 nr, u64 from)
{
	u64 cur = from;

	for (u32 step = 0; step <= nr; step++) {
		bool grew = false;

		for (u32 i = 0; i < nr; i++) {
			u64 end = e[i].size > ~0ULL - e[i].addr ? ~0ULL : e[i].addr + e[i].size;

			if (e[i].type == E820_TYPE_RAM && e[i].addr <= cur && cur < end) {
				cur = end;
				grew = true;
			}
		}
		if (!grew)
			break;
	}
	return cur;
}

/* mb1 spec 3.3 / mb2 spec 3.6.3: KiB of RAM from 0 (at most 640) and from
 * 1 MiB up to the first hole. */
static void mem_lower_upper(const struct boot_e820_entry *e, u32 nr, u32 *lower, u32 *upper)
{
	u64 up = (ram_run_end(e, nr, 1 * MiB) - 1 * MiB) / KiB;

	*lower = (u32)(MIN(ram_run_end(e, nr, 0), 640 * KiB) / KiB);
	*upper = (u32)MIN(up, 0xFFFFFFFFULL);
}

static int check_inputs(const u8 *buf, const struct boot_e820_entry *e820, u32 nr,
			const struct mb_guest_module *mods, u32 nr_mods)
{
	if (!buf || (nr && !e820) || (nr_mods && !mods))
		return MB_INFO_BAD_INPUT;
	for (u32 i = 0; i < nr_mods; i++)
		if (mods[i].end > 0xFFFFFFFFULL || mods[i].start > mods[i].end)
			return MB_INFO_ABOVE_4G;
	return 0;
}

/* mb1 spec 3.3 "Boot information format": offsets in the fixed part. */
#define MBI1_FLAGS	 0
#define MBI1_MEM_LOWER	 4
#define MBI1_MEM_UPPER	 8
#define MBI1_CMDLINE	 16
#define MBI1_MODS_COUNT	 20
#define MBI1_MODS_ADDR	 24
#define MBI1_MMAP_LENGTH 44
#define MBI1_MMAP_ADDR	 48
#define MBI1_LOADER_NAME 64
#define MBI1_FIXED_SIZE	 116 /* up to the framebuffer colour info */
#define MBI1_MMAP_ENTRY	 24  /* u32 size (= 20, not counting itself), base, length, type */
#define MBI1_MOD_ENTRY	 16  /* mod_start, mod_end, string, reserved */

int mb1_info_build(u8 *buf, u32 size, u64 info_pa, const struct boot_e820_entry *e820, u32 nr,
		   const char *cmdline, const struct mb_guest_module *mods, u32 nr_mods)
{
	struct ibuf ib = {buf, size, 0};
	u8 *fix, *mmap, *mod, *s;
	u32 flags = BIT(0) | BIT(3) | BIT(9), lower, upper, n = 0;
	int err = check_inputs(buf, e820, nr, mods, nr_mods);

	if (err)
		return err;
	if (info_pa >= LIMIT_4G)
		return MB_INFO_ABOVE_4G;
	fix = ib_alloc(&ib, MBI1_FIXED_SIZE, 8);
	mmap = fix ? ib_alloc(&ib, (u64)nr * MBI1_MMAP_ENTRY, 8) : NULL;
	mod = mmap ? ib_alloc(&ib, (u64)nr_mods * MBI1_MOD_ENTRY, 8) : NULL;
	if (!mod)
		return MB_INFO_NO_SPACE;
	mem_lower_upper(e820, nr, &lower, &upper);
	wr32(fix + MBI1_MEM_LOWER, lower);
	wr32(fix + MBI1_MEM_UPPER, upper);
	for (u32 i = 0; i < nr; i++) {
		u8 *m = mmap + n * MBI1_MMAP_ENTRY;

		if (!e820[i].size)
			continue;
		wr32(m, MBI1_MMAP_ENTRY - 4);
		wr64(m + 4, e820[i].addr);
		wr64(m + 12, e820[i].size);
		wr32(m + 20, e820[i].type);
		n++;
	}
	if (n) {
		flags |= BIT(6);
		wr32(fix + MBI1_MMAP_LENGTH, n * MBI1_MMAP_ENTRY);
		wr32(fix + MBI1_MMAP_ADDR, (u32)(info_pa + (u32)(mmap - buf)));
	}
	wr32(fix + MBI1_MODS_COUNT, nr_mods);
	wr32(fix + MBI1_MODS_ADDR, (u32)(info_pa + (u32)(mod - buf)));
	for (u32 i = 0; i < nr_mods; i++) {
		u8 *m = mod + i * MBI1_MOD_ENTRY;

		s = ib_string(&ib, mods[i].string, 0);
		if (!s)
			return MB_INFO_NO_SPACE;
		wr32(m, (u32)mods[i].start);
		wr32(m + 4, (u32)mods[i].end);
		wr32(m + 8, (u32)(info_pa + (u32)(s - buf)));
	}
	if (cmdline) {
		s = ib_string(&ib, cmdline, 0);
		if (!s)
			return MB_INFO_NO_SPACE;
		flags |= BIT(2);
		wr32(fix + MBI1_CMDLINE, (u32)(info_pa + (u32)(s - buf)));
	}
	s = ib_string(&ib, MB_LOADER_NAME, 0);
	if (!s)
		return MB_INFO_NO_SPACE;
	wr32(fix + MBI1_LOADER_NAME, (u32)(info_pa + (u32)(s - buf)));
	wr32(fix + MBI1_FLAGS, flags);
	if (ib.len > LIMIT_4G - info_pa)
		return MB_INFO_ABOVE_4G;
	return (int)ib.len;
}

/* mb2 spec 3.6: a tag of `type` with `n` payload bytes, 8-aligned. */
static u8 *mb2_tag(struct ibuf *ib, u32 type, u64 n, u32 *emitted)
{
	u8 *t = ib_alloc(ib, 8 + n, 8);

	if (t) { /* it fit in the buffer, so its size fits in u32 */
		wr32(t, type);
		wr32(t + 4, (u32)(8 + n));
		*emitted |= (u32)BIT(type);
	}
	return t;
}

/* ACPI 6.x 5.2.5.3: the RSDP revision byte, and the 2.0+ length. */
#define RSDP_REVISION 15
#define RSDP_V1_SIZE  20
#define RSDP_V2_SIZE  36

static bool mb2_tail(struct ibuf *ib, const struct mb2_info_extra *x, u32 *emitted)
{
	const u8 *r = x ? x->rsdp : NULL;
	u8 *t;

	if (r) {
		t = mb2_tag(ib, MB2_TAG_ACPI_OLD, RSDP_V1_SIZE, emitted);
		if (!t)
			return false;
		for (u32 i = 0; i < RSDP_V1_SIZE; i++)
			t[8 + i] = r[i];
		if (r[RSDP_REVISION] >= 2 && x->rsdp_len >= RSDP_V2_SIZE) {
			t = mb2_tag(ib, MB2_TAG_ACPI_NEW, x->rsdp_len, emitted);
			if (!t)
				return false;
			for (u32 i = 0; i < x->rsdp_len; i++)
				t[8 + i] = r[i];
		}
	}
	if (x && x->has_load_base) {
		t = mb2_tag(ib, MB2_TAG_LOAD_BASE_ADDR, 4, emitted);
		if (!t)
			return false;
		wr32(t + 8, x->load_base);
	}
	return mb2_tag(ib, MB2_TAG_END, 0, emitted) != NULL;
}

int mb2_info_build(u8 *buf, u32 size, u64 info_pa, const struct boot_e820_entry *e820, u32 nr,
		   const char *cmdline, const struct mb_guest_module *mods, u32 nr_mods,
		   const struct mb2_info_extra *x)
{
	struct ibuf ib = {buf, size, 0};
	u32 emitted = BIT(MB2_TAG_MODULE), lower, upper, n = 0;
	u8 *t;
	int err = check_inputs(buf, e820, nr, mods, nr_mods);

	if (err)
		return err;
	if (x && x->rsdp && x->rsdp_len < RSDP_V1_SIZE)
		return MB_INFO_BAD_INPUT;
	if (!IS_ALIGNED(info_pa, 8))
		return MB_INFO_MISALIGN;
	if (info_pa >= LIMIT_4G)
		return MB_INFO_ABOVE_4G;
	if (!ib_alloc(&ib, 8, 8))
		return MB_INFO_NO_SPACE;
	if (cmdline) {
		t = ib_string(&ib, cmdline, 8);
		if (!t)
			return MB_INFO_NO_SPACE;
		wr32(t, MB2_TAG_CMDLINE);
		wr32(t + 4, 8 + str_size(cmdline));
		emitted |= (u32)BIT(MB2_TAG_CMDLINE);
	}
	t = ib_string(&ib, MB_LOADER_NAME, 8);
	if (!t)
		return MB_INFO_NO_SPACE;
	wr32(t, MB2_TAG_BOOTLOADER_NAME);
	wr32(t + 4, 8 + str_size(MB_LOADER_NAME));
	emitted |= (u32)BIT(MB2_TAG_BOOTLOADER_NAME);
	for (u32 i = 0; i < nr_mods; i++) {
		/* spec 3.6.6: mod_start, mod_end, string */
		t = ib_string(&ib, mods[i].string, 16);
		if (!t)
			return MB_INFO_NO_SPACE;
		wr32(t, MB2_TAG_MODULE);
		wr32(t + 4, 16 + str_size(mods[i].string));
		wr32(t + 8, (u32)mods[i].start);
		wr32(t + 12, (u32)mods[i].end);
	}
	t = mb2_tag(&ib, MB2_TAG_BASIC_MEMINFO, 8, &emitted);
	if (!t)
		return MB_INFO_NO_SPACE;
	mem_lower_upper(e820, nr, &lower, &upper);
	wr32(t + 8, lower);
	wr32(t + 12, upper);
	for (u32 i = 0; i < nr; i++)
		n += e820[i].size != 0;
	/* spec 3.6.8: entry_size, entry_version, {base, length, type, reserved} */
	t = mb2_tag(&ib, MB2_TAG_MMAP, 8 + (u64)n * 24, &emitted);
	if (!t)
		return MB_INFO_NO_SPACE;
	wr32(t + 8, 24);
	t += 16;
	for (u32 i = 0; i < nr; i++) {
		if (!e820[i].size)
			continue;
		wr64(t, e820[i].addr);
		wr64(t + 8, e820[i].size);
		wr32(t + 16, e820[i].type);
		t += 24;
	}
	if (!mb2_tail(&ib, x, &emitted))
		return MB_INFO_NO_SPACE;
	if (x && (x->required & ~emitted))
		return MB_INFO_MISSING;
	if (ib.len > LIMIT_4G - info_pa)
		return MB_INFO_ABOVE_4G;
	wr32(buf, ib.len);
	return (int)ib.len;
}

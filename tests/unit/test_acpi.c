// SPDX-License-Identifier: MIT
/*
 * test_acpi.c - cmocka tests for acpi/acpi.c.  Tables live in a fake
 * physical memory of two windows: one below 1 MiB (where BIOS tables are)
 * and one at 4 GiB, reachable only through 64-bit XSDT entries.  map()
 * bounds-checks and hands out an exact-size heap COPY of the range, so
 * AddressSanitizer reports any read past what map() returned.  Tables are
 * built by the helpers below, checksums computed, never hand-counted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "acpi/acpi.h"

#define LOW_BASE  0xe0000ULL
#define LOW_SIZE  0x10000ULL
#define HIGH_BASE 0x100000000ULL
#define HIGH_SIZE 0x1000ULL

#define RSDT_PA	     (LOW_BASE + 0x0000)
#define XSDT_PA	     (LOW_BASE + 0x0100)
#define FADT_PA	     (LOW_BASE + 0x1000)
#define MADT_PA	     (LOW_BASE + 0x2000)
#define SSDT_PA	     (LOW_BASE + 0x3000)
#define FADT_HIGH_PA (HIGH_BASE + 0x0200)

#define FADT_V1_LEN 116
#define FADT_V6_LEN 276

static u8 low[LOW_SIZE], high[HIGH_SIZE];
static u8 rsdp[64];
static u32 rsdp_len;

struct fake {
	void **maps; /* copies handed out, freed by teardown */
	u32 nr_maps, cap;
	u32 calls;
	u64 fail_pa; /* map() refuses any range starting here (0: none) */
};
static struct fake fk;
static struct acpi_power_info pi;
static struct acpi_cpus cpus;

static u8 *window(u64 pa, u64 len)
{
	if (pa >= LOW_BASE && len <= LOW_SIZE && pa - LOW_BASE <= LOW_SIZE - len)
		return low + (pa - LOW_BASE);
	if (pa >= HIGH_BASE && len <= HIGH_SIZE && pa - HIGH_BASE <= HIGH_SIZE - len)
		return high + (pa - HIGH_BASE);
	return NULL;
}

static const void *fake_map(u64 pa, u64 len, void *ctx)
{
	struct fake *f = ctx;
	const u8 *src = window(pa, len);
	void *copy;

	f->calls++;
	if (!src || (f->fail_pa && pa == f->fail_pa))
		return NULL;
	if (f->nr_maps == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->maps = realloc(f->maps, f->cap * sizeof(*f->maps));
		assert_non_null(f->maps);
	}
	copy = malloc(len);
	assert_non_null(copy);
	memcpy(copy, src, len);
	f->maps[f->nr_maps++] = copy;
	return copy;
}

static void free_maps(void)
{
	for (u32 i = 0; i < fk.nr_maps; i++)
		free(fk.maps[i]);
	fk.nr_maps = 0;
}

/* ---------------------------------------------------------------- builders */

static u8 *at(u64 pa, u64 len)
{
	u8 *p = window(pa, len);

	assert_non_null(p);
	return p;
}

static void put8(u64 pa, u8 v)
{
	*at(pa, 1) = v;
}

static void put32(u64 pa, u32 v)
{
	memcpy(at(pa, 4), &v, 4);
}

static void put64(u64 pa, u64 v)
{
	memcpy(at(pa, 8), &v, 8);
}

static u32 get32(u64 pa)
{
	u32 v;

	memcpy(&v, at(pa, 4), 4);
	return v;
}

static u8 csum(const u8 *p, u32 n)
{
	u8 s = 0;

	while (n--)
		s += *p++;
	return (u8)-s;
}

/* recompute the checksum (header byte 9) over the table's length field */
static void fix(u64 pa)
{
	u32 len = get32(pa + 4);
	u8 *p = at(pa, len);

	p[9] = 0;
	p[9] = csum(p, len);
}

static void header(u64 pa, const char *sig, u32 len, u8 rev)
{
	u8 *p = at(pa, len);

	memset(p, 0, len);
	memcpy(p, sig, 4);
	put32(pa + 4, len);
	p[8] = rev;
	memcpy(p + 10, "THINVS", 6);
	fix(pa);
}

static void make_rsdp(u8 rev, u32 rsdt, u64 xsdt)
{
	memset(rsdp, 0, sizeof(rsdp));
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "BOCHS ", 6);
	rsdp[15] = rev;
	memcpy(rsdp + 16, &rsdt, 4);
	rsdp_len = 20;
	if (rev >= 2) {
		u32 len = 36;

		memcpy(rsdp + 20, &len, 4);
		memcpy(rsdp + 24, &xsdt, 8);
		rsdp_len = 36;
	}
	rsdp[8] = csum(rsdp, 20);
	if (rev >= 2)
		rsdp[32] = csum(rsdp, 36);
}

/* root table with `n` entries of `esz` bytes */
static void make_root(u64 pa, const char *sig, u32 esz, const u64 *e, u32 n)
{
	header(pa, sig, 36 + n * esz, 1);
	for (u32 i = 0; i < n; i++) {
		if (esz == 8)
			put64(pa + 36 + i * 8, e[i]);
		else
			put32(pa + 36 + i * 4, (u32)e[i]);
	}
	fix(pa);
}

static void gas(u64 pa, u8 space, u8 width, u64 addr)
{
	put8(pa, space);
	put8(pa + 1, width);
	put8(pa + 2, 0);
	put8(pa + 3, space == ACPI_GAS_IO ? 1 : 3);
	put64(pa + 4, addr);
}

/* ACPI 1.0 FADT: Bochs' PM block at 0xB000, so PM1a_CNT = 0xB004 */
static void make_fadt_v1(u64 pa)
{
	header(pa, "FACP", FADT_V1_LEN, 1);
	put32(pa + 56, 0xb000);			  /* PM1a_EVT_BLK */
	put32(pa + 64, 0xb004);			  /* PM1a_CNT_BLK */
	put8(pa + 89, 2);			  /* PM1_CNT_LEN */
	put32(pa + 112, ACPI_FADT_RESET_REG_SUP); /* set, but no RESET_REG */
	fix(pa);
}

/* ACPI 6 FADT: X_PM1a in IO space wins, X_PM1b in memory space does not */
static void make_fadt_v6(u64 pa)
{
	header(pa, "FACP", FADT_V6_LEN, 6);
	put32(pa + 64, 0xb004);
	put32(pa + 68, 0xb044);
	put8(pa + 89, 2);
	put32(pa + 112, ACPI_FADT_RESET_REG_SUP);
	gas(pa + 116, ACPI_GAS_IO, 8, 0xcf9); /* RESET_REG */
	put8(pa + 128, 0x06);		      /* RESET_VALUE */
	gas(pa + 172, ACPI_GAS_IO, 16, 0x604);
	gas(pa + 184, ACPI_GAS_MEMORY, 16, 0xfed00000);
	fix(pa);
}

/* MADT builder: entries appended at `madt_len` */
static u32 madt_len;

static void madt_begin(void)
{
	header(MADT_PA, "APIC", 44, 4);
	put32(MADT_PA + 36, 0xfee00000);
	put32(MADT_PA + 40, 1); /* PCAT_COMPAT */
	madt_len = 44;
}

static u64 madt_raw(u8 type, u8 len)
{
	u64 e = MADT_PA + madt_len;

	memset(at(e, len ? len : 1), 0, len);
	put8(e, type);
	if (len >= 2)
		put8(e + 1, len);
	madt_len += len;
	return e;
}

static void madt_lapic(u8 uid, u8 id, u32 flags)
{
	u64 e = madt_raw(ACPI_MADT_LAPIC, 8);

	put8(e + 2, uid);
	put8(e + 3, id);
	put32(e + 4, flags);
}

static void madt_x2apic(u32 id, u32 flags, u32 uid)
{
	u64 e = madt_raw(ACPI_MADT_X2APIC, 16);

	put32(e + 4, id);
	put32(e + 8, flags);
	put32(e + 12, uid);
}

static void madt_end(void)
{
	put32(MADT_PA + 4, madt_len);
	fix(MADT_PA);
}

/* the default MADT: the brief's two local APICs, an x2APIC, unknown types */
static void make_madt(void)
{
	madt_begin();
	madt_lapic(0, 0, ACPI_MADT_CPU_ENABLED);
	madt_raw(1, 12); /* I/O APIC */
	madt_lapic(1, 1, 0);
	madt_raw(0x7f, 5); /* a type from the future */
	madt_x2apic(0x100, ACPI_MADT_CPU_ENABLED, 0x2a);
	madt_end();
}

static int setup(void **state)
{
	u64 rsdt_e[] = {SSDT_PA, FADT_PA, MADT_PA};
	u64 xsdt_e[] = {SSDT_PA, FADT_HIGH_PA, MADT_PA};

	(void)state;
	memset(low, 0xaa, sizeof(low));
	memset(high, 0xaa, sizeof(high));
	free_maps();
	fk.calls = 0;
	fk.fail_pa = 0;
	header(SSDT_PA, "SSDT", 64, 2);
	make_fadt_v1(FADT_PA);
	make_fadt_v6(FADT_HIGH_PA);
	make_madt();
	make_root(RSDT_PA, "RSDT", 4, rsdt_e, 3);
	make_root(XSDT_PA, "XSDT", 8, xsdt_e, 3);
	make_rsdp(0, RSDT_PA, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free_maps();
	free(fk.maps);
	fk.maps = NULL;
	fk.cap = 0;
	return 0;
}

static int find(const char *sig, u64 *pa)
{
	return acpi_find_table(rsdp, rsdp_len, sig, fake_map, &fk, pa);
}

static int fadt(void)
{
	return acpi_parse_fadt(rsdp, rsdp_len, fake_map, &fk, &pi);
}

static int madt(void)
{
	return acpi_parse_madt(rsdp, rsdp_len, fake_map, &fk, &cpus);
}

/* ---------------------------------------------------------------- RSDP/RSDT/XSDT */

static void test_find_rsdt(void **state)
{
	u64 pa = 1;

	(void)state;
	assert_int_equal(find("FACP", &pa), ACPI_OK);
	assert_int_equal(pa, FADT_PA);
	assert_int_equal(find("APIC", &pa), ACPI_OK);
	assert_int_equal(pa, MADT_PA);
	assert_int_equal(find("SSDT", &pa), ACPI_OK);
	assert_int_equal(pa, SSDT_PA);
	assert_int_equal(find("HPET", &pa), ACPI_ERR_NOT_FOUND);
	assert_int_equal(pa, 0);
}

static void test_find_xsdt_preferred(void **state)
{
	u64 pa = 0;

	(void)state;
	/* v2 with an XSDT: its 64-bit entry reaches the FADT above 4 GiB */
	make_rsdp(2, RSDT_PA, XSDT_PA);
	assert_int_equal(find("FACP", &pa), ACPI_OK);
	assert_int_equal(pa, FADT_HIGH_PA);
	assert_int_equal(find("APIC", &pa), ACPI_OK);
	assert_int_equal(pa, MADT_PA);

	/* the 20-byte copy of a v2 RSDP (multiboot2 old tag) is used as v1 */
	rsdp_len = 20;
	assert_int_equal(find("FACP", &pa), ACPI_OK);
	assert_int_equal(pa, FADT_PA);

	/* v2 without an XSDT address falls back to the RSDT */
	make_rsdp(2, RSDT_PA, 0);
	assert_int_equal(find("FACP", &pa), ACPI_OK);
	assert_int_equal(pa, FADT_PA);
}

static void test_rsdp_errors(void **state)
{
	u64 pa;

	(void)state;
	assert_int_equal(acpi_find_table(NULL, 36, "FACP", fake_map, &fk, &pa), ACPI_ERR_NO_RSDP);
	assert_int_equal(acpi_find_table(rsdp, 19, "FACP", fake_map, &fk, &pa), ACPI_ERR_NO_RSDP);

	rsdp[8]++; /* v1 checksum */
	assert_int_equal(find("FACP", &pa), ACPI_ERR_RSDP_CHECKSUM);

	make_rsdp(0, RSDT_PA, 0);
	rsdp[3] = 'd'; /* "RSd PTR ", v1 checksum made valid again */
	rsdp[8] = 0;
	rsdp[8] = csum(rsdp, 20);
	assert_int_equal(find("FACP", &pa), ACPI_ERR_RSDP_SIGNATURE);

	make_rsdp(2, RSDT_PA, XSDT_PA);
	rsdp[33] = 1; /* reserved byte: only the extended checksum covers it */
	assert_int_equal(find("FACP", &pa), ACPI_ERR_RSDP_CHECKSUM);

	make_rsdp(2, RSDT_PA, XSDT_PA);
	rsdp[20] = 40; /* length beyond the 36 bytes copied */
	rsdp[8] = 0;
	rsdp[8] = csum(rsdp, 20);
	assert_int_equal(find("FACP", &pa), ACPI_ERR_RSDP_LENGTH);
	rsdp[20] = 30; /* shorter than a v2 RSDP */
	rsdp[8] = 0;
	rsdp[8] = csum(rsdp, 20);
	assert_int_equal(find("FACP", &pa), ACPI_ERR_RSDP_LENGTH);

	assert_int_equal(fk.calls, 0); /* nothing mapped for a bad RSDP */
}

static void test_root_errors(void **state)
{
	u64 pa;

	(void)state;
	put8(RSDT_PA + 10, 'X'); /* OEM id byte, checksum not fixed */
	assert_int_equal(find("FACP", &pa), ACPI_ERR_TABLE_CHECKSUM);

	setup(NULL);
	memcpy(at(RSDT_PA, 4), "XSDT", 4);
	fix(RSDT_PA);
	assert_int_equal(find("FACP", &pa), ACPI_ERR_TABLE_SIGNATURE);

	setup(NULL);
	put32(RSDT_PA + 4, 20); /* length < header */
	fix(RSDT_PA);
	assert_int_equal(find("FACP", &pa), ACPI_ERR_TABLE_LENGTH);

	setup(NULL);
	make_rsdp(0, 0x200000, 0); /* RSDT outside memory */
	assert_int_equal(find("FACP", &pa), ACPI_ERR_MAP);

	setup(NULL);
	make_rsdp(2, RSDT_PA, XSDT_PA);
	fk.fail_pa = XSDT_PA; /* no fallback from a broken XSDT to the RSDT */
	assert_int_equal(find("FACP", &pa), ACPI_ERR_MAP);
}

static void test_entry_map_failure(void **state)
{
	u64 e[] = {0, 0x300000, FADT_PA}; /* null, unmappable, FADT */
	u64 pa;

	(void)state;
	make_root(RSDT_PA, "RSDT", 4, e, 3);
	assert_int_equal(find("FACP", &pa), ACPI_OK); /* skipped, found later */
	assert_int_equal(pa, FADT_PA);
	/* not found, but it might have been the unmappable one */
	assert_int_equal(find("APIC", &pa), ACPI_ERR_MAP);
	assert_int_equal(pa, 0);
	assert_int_equal(madt(), ACPI_ERR_MAP);

	/* header maps, the whole table (length past memory) does not */
	setup(NULL);
	put32(FADT_PA + 4, (u32)LOW_SIZE);
	assert_int_equal(find("FACP", &pa), ACPI_ERR_MAP);
}

/* ---------------------------------------------------------------- FADT */

static void test_fadt_rev1(void **state)
{
	(void)state;
	assert_int_equal(fadt(), ACPI_OK);
	assert_true(pi.have_fadt);
	assert_int_equal(pi.fadt_addr, FADT_PA);
	assert_int_equal(pi.fadt_revision, 1);
	assert_int_equal(pi.pm1a_cnt, 0xb004);
	assert_int_equal(pi.pm1b_cnt, 0);
	assert_int_equal(pi.pm1_cnt_len, 2);
	/* RESET_REG_SUP set, but a 116-byte FADT has no RESET_REG */
	assert_false(pi.reset_supported);
	assert_int_equal(pi.reset_reg.address, 0);
	assert_int_equal(pi.reset_value, 0);
}

static void test_fadt_rev6(void **state)
{
	(void)state;
	make_rsdp(2, RSDT_PA, XSDT_PA);
	assert_int_equal(fadt(), ACPI_OK);
	assert_int_equal(pi.fadt_addr, FADT_HIGH_PA);
	assert_int_equal(pi.fadt_revision, 6);
	assert_int_equal(pi.pm1a_cnt, 0x604);  /* X_ field, IO space */
	assert_int_equal(pi.pm1b_cnt, 0xb044); /* X_ field in memory: 32-bit */
	assert_true(pi.reset_supported);
	assert_int_equal(pi.reset_reg.space_id, ACPI_GAS_IO);
	assert_int_equal(pi.reset_reg.bit_width, 8);
	assert_int_equal(pi.reset_reg.access_size, 1);
	assert_int_equal(pi.reset_reg.address, 0xcf9);
	assert_int_equal(pi.reset_value, 6);
	assert_int_equal(pi.fadt_flags, ACPI_FADT_RESET_REG_SUP);
}

static void test_fadt_rev6_fallbacks(void **state)
{
	(void)state;
	make_rsdp(2, RSDT_PA, XSDT_PA);
	gas(FADT_HIGH_PA + 172, ACPI_GAS_IO, 16, 0); /* X_PM1a zero */
	put32(FADT_HIGH_PA + 68, 0x12345);	     /* not an IO port */
	put32(FADT_HIGH_PA + 112, 0);		     /* RESET_REG_SUP clear */
	fix(FADT_HIGH_PA);
	assert_int_equal(fadt(), ACPI_OK);
	assert_int_equal(pi.pm1a_cnt, 0xb004);
	assert_int_equal(pi.pm1b_cnt, 0);
	assert_false(pi.reset_supported);
	assert_int_equal(pi.reset_reg.address, 0xcf9); /* still reported */

	put32(FADT_HIGH_PA + 112, ACPI_FADT_RESET_REG_SUP);
	gas(FADT_HIGH_PA + 116, ACPI_GAS_IO, 8, 0); /* flag set, no address */
	fix(FADT_HIGH_PA);
	assert_int_equal(fadt(), ACPI_OK);
	assert_false(pi.reset_supported);

	/* X_PM1a in memory space is no IO port, even when it would fit one */
	gas(FADT_HIGH_PA + 172, ACPI_GAS_MEMORY, 16, 0x1004);
	fix(FADT_HIGH_PA);
	assert_int_equal(fadt(), ACPI_OK);
	assert_int_equal(pi.pm1a_cnt, 0xb004);
}

/* RESET_REG ends at 128, RESET_VALUE is byte 128: both needed */
static void test_fadt_reset_needs_length(void **state)
{
	(void)state;
	make_rsdp(2, RSDT_PA, XSDT_PA);
	put32(FADT_HIGH_PA + 4, 128);
	fix(FADT_HIGH_PA);
	assert_int_equal(fadt(), ACPI_OK);
	assert_false(pi.reset_supported);
	assert_int_equal(pi.reset_reg.address, 0);
	assert_int_equal(pi.pm1a_cnt, 0xb004); /* no X_ fields either */

	make_fadt_v6(FADT_HIGH_PA);
	put32(FADT_HIGH_PA + 4, 129);
	fix(FADT_HIGH_PA);
	assert_int_equal(fadt(), ACPI_OK);
	assert_true(pi.reset_supported);
	assert_int_equal(pi.reset_value, 6);
	assert_int_equal(pi.pm1a_cnt, 0xb004);
}

static void test_fadt_errors(void **state)
{
	(void)state;
	put8(FADT_PA + 64, 0x05); /* PM1a_CNT 0xB005, checksum not fixed */
	assert_int_equal(fadt(), ACPI_ERR_TABLE_CHECKSUM);
	assert_false(pi.have_fadt);
	assert_int_equal(pi.pm1a_cnt, 0);

	setup(NULL);
	put32(FADT_PA + 4, 100); /* valid table, too short for a FADT */
	fix(FADT_PA);
	assert_int_equal(fadt(), ACPI_ERR_TABLE_LENGTH);
	assert_false(pi.have_fadt);

	setup(NULL);
	put32(FADT_PA + 4, 30); /* shorter than its own header */
	assert_int_equal(fadt(), ACPI_ERR_TABLE_LENGTH);

	setup(NULL);
	u64 e[] = {SSDT_PA, MADT_PA};
	make_root(RSDT_PA, "RSDT", 4, e, 2);
	assert_int_equal(fadt(), ACPI_ERR_NOT_FOUND);
	assert_false(pi.have_fadt);
}

/* ---------------------------------------------------------------- MADT */

static void test_madt(void **state)
{
	(void)state;
	assert_int_equal(madt(), ACPI_OK);
	assert_int_equal(cpus.lapic_addr, 0xfee00000);
	assert_int_equal(cpus.madt_flags, 1);
	assert_int_equal(cpus.nr, 3);
	assert_false(cpus.truncated);

	assert_int_equal(cpus.cpu[0].apic_id, 0);
	assert_int_equal(cpus.cpu[0].uid, 0);
	assert_true(cpus.cpu[0].enabled);
	assert_false(cpus.cpu[0].x2apic);

	assert_int_equal(cpus.cpu[1].apic_id, 1);
	assert_int_equal(cpus.cpu[1].uid, 1);
	assert_false(cpus.cpu[1].enabled);
	assert_false(cpus.cpu[1].online_capable);

	assert_int_equal(cpus.cpu[2].apic_id, 0x100);
	assert_int_equal(cpus.cpu[2].uid, 0x2a);
	assert_true(cpus.cpu[2].enabled);
	assert_true(cpus.cpu[2].x2apic);
}

static void test_madt_override_online_capable(void **state)
{
	(void)state;
	madt_begin();
	madt_lapic(7, 3, ACPI_MADT_CPU_ONLINE_CAPABLE);
	put64(madt_raw(ACPI_MADT_LAPIC_OVERRIDE, 12) + 4, 0x1fee00000ULL);
	madt_raw(ACPI_MADT_LAPIC, 10); /* longer than today's 8: still used */
	put8(MADT_PA + madt_len - 10 + 3, 9);
	put32(MADT_PA + madt_len - 10 + 4, ACPI_MADT_CPU_ENABLED);
	madt_end();
	assert_int_equal(madt(), ACPI_OK);
	assert_int_equal(cpus.lapic_addr, 0x1fee00000ULL);
	assert_int_equal(cpus.nr, 2);
	assert_int_equal(cpus.cpu[0].apic_id, 3);
	assert_int_equal(cpus.cpu[0].uid, 7);
	assert_false(cpus.cpu[0].enabled);
	assert_true(cpus.cpu[0].online_capable);
	assert_int_equal(cpus.cpu[1].apic_id, 9);
	assert_true(cpus.cpu[1].enabled);
}

/* build a MADT ending in one bad entry; expect MADT_ENTRY and a zeroed out */
static void expect_bad_entry(u8 type, u8 len, u32 table_len_delta)
{
	madt_begin();
	madt_lapic(0, 0, ACPI_MADT_CPU_ENABLED);
	if (len < 2) {
		put8(MADT_PA + madt_len, type);
		put8(MADT_PA + madt_len + 1, len);
		madt_len += 2;
	} else {
		madt_raw(type, len);
	}
	madt_len -= table_len_delta;
	madt_end();
	assert_int_equal(madt(), ACPI_ERR_MADT_ENTRY);
	assert_int_equal(cpus.nr, 0);
	assert_int_equal(cpus.lapic_addr, 0);
}

static void test_madt_bad_entries(void **state)
{
	(void)state;
	expect_bad_entry(0x7f, 12, 4);		 /* runs past the end */
	expect_bad_entry(ACPI_MADT_LAPIC, 8, 1); /* by one byte */
	expect_bad_entry(0x7f, 12, 1);
	expect_bad_entry(ACPI_MADT_LAPIC, 0, 0); /* len 0: no progress */
	expect_bad_entry(0x7f, 1, 0);		 /* len 1 */
	expect_bad_entry(0x7f, 8, 7);		 /* a lone trailing byte */
	expect_bad_entry(ACPI_MADT_LAPIC, 6, 0); /* too short for its type */
	expect_bad_entry(ACPI_MADT_X2APIC, 12, 0);
	expect_bad_entry(ACPI_MADT_LAPIC_OVERRIDE, 8, 0);
}

static void test_madt_table_errors(void **state)
{
	(void)state;
	header(MADT_PA, "APIC", 40, 4); /* no room for the fixed fields */
	assert_int_equal(madt(), ACPI_ERR_TABLE_LENGTH);

	make_madt();
	put8(MADT_PA + 44 + 3, 5); /* APIC id changed, checksum not */
	assert_int_equal(madt(), ACPI_ERR_TABLE_CHECKSUM);

	u64 e[] = {SSDT_PA, FADT_PA};
	make_root(RSDT_PA, "RSDT", 4, e, 2);
	assert_int_equal(madt(), ACPI_ERR_NOT_FOUND);
}

static void test_madt_truncated(void **state)
{
	const u32 n = ACPI_MAX_CPUS + 6;

	(void)state;
	madt_begin();
	/* more than 255 CPUs: x2APIC entries (ACPI 5.2.12.12), as such firmware has */
	for (u32 i = 0; i < n; i++)
		madt_x2apic(i + 16, ACPI_MADT_CPU_ENABLED, i);
	madt_end();
	assert_int_equal(madt(), ACPI_OK);
	assert_int_equal(cpus.nr, ACPI_MAX_CPUS);
	assert_true(cpus.truncated);
	for (u32 i = 0; i < ACPI_MAX_CPUS; i++) {
		assert_int_equal(cpus.cpu[i].apic_id, i + 16);
		assert_int_equal(cpus.cpu[i].uid, i);
		assert_true(cpus.cpu[i].x2apic);
	}

	/* entries past the limit are still validated */
	madt_raw(0x7f, 0);
	madt_len += 2;
	put8(MADT_PA + madt_len - 1, 0);
	madt_end();
	assert_int_equal(madt(), ACPI_ERR_MADT_ENTRY);
	assert_false(cpus.truncated);
}

/* ---------------------------------------------------------------- IO writes */

static void test_sleep_write(void **state)
{
	const u32 s5 = (5u << ACPI_PM1_SLP_TYP_SHIFT) | ACPI_PM1_SLP_EN;

	(void)state;
	assert_false(acpi_is_sleep_write(&pi, 0xb004, s5, 2)); /* no FADT yet */
	assert_int_equal(fadt(), ACPI_OK);
	assert_true(acpi_is_sleep_write(&pi, 0xb004, s5, 2));
	assert_int_equal(acpi_pm1_slp_typ(s5), 5);
	assert_true(acpi_is_sleep_write(&pi, 0xb004, s5, 4));
	assert_false(acpi_is_sleep_write(&pi, 0xb004, s5 & ~ACPI_PM1_SLP_EN, 2));
	assert_false(acpi_is_sleep_write(&pi, 0xb000, s5, 2)); /* PM1a_EVT */
	assert_false(acpi_is_sleep_write(&pi, 0xb006, s5, 2));
	/* 8-bit: SLP_EN is bit 5 of the register's second byte */
	assert_false(acpi_is_sleep_write(&pi, 0xb004, s5 & 0xff, 1));
	assert_false(acpi_is_sleep_write(&pi, 0xb004, 0x20, 1));
	assert_true(acpi_is_sleep_write(&pi, 0xb005, s5 >> 8, 1));
	assert_false(acpi_is_sleep_write(&pi, 0xb005, (s5 >> 8) & ~0x20u, 1));
	/* 32-bit OUT to 0xB002 reaches PM1a_CNT in its upper half */
	assert_true(acpi_is_sleep_write(&pi, 0xb002, s5 << 16, 4));
	assert_false(acpi_is_sleep_write(&pi, 0xb002, s5, 4));
	assert_false(acpi_is_sleep_write(&pi, 0xb004, s5, 3)); /* no such OUT */
	/* PM1b absent (port 0): port 1 is not a PM1b_CNT + 1 */
	assert_false(acpi_is_sleep_write(&pi, 1, 0x20, 1));

	make_rsdp(2, RSDT_PA, XSDT_PA);
	assert_int_equal(fadt(), ACPI_OK);
	assert_true(acpi_is_sleep_write(&pi, 0x604, s5, 2));
	assert_false(acpi_is_sleep_write(&pi, 0xb004, s5, 2)); /* X_ field won */
	assert_true(acpi_is_sleep_write(&pi, 0xb044, s5, 2));  /* PM1b */
	assert_true(acpi_is_sleep_write(&pi, 0xb045, s5 >> 8, 1));
	assert_false(acpi_is_sleep_write(NULL, 0x604, s5, 2));
}

static void test_reset_write(void **state)
{
	(void)state;
	assert_int_equal(fadt(), ACPI_OK); /* rev 1: no reset register */
	assert_false(acpi_is_reset_write(&pi, 0xcf9, 6, 1));

	make_rsdp(2, RSDT_PA, XSDT_PA);
	assert_int_equal(fadt(), ACPI_OK);
	assert_true(acpi_is_reset_write(&pi, 0xcf9, 6, 1));
	assert_true(acpi_is_reset_write(&pi, 0xcf9, 0xab06, 1)); /* AL only */
	assert_false(acpi_is_reset_write(&pi, 0xcf9, 2, 1));
	assert_false(acpi_is_reset_write(&pi, 0xcf8, 6, 1));
	assert_false(acpi_is_reset_write(&pi, 0xcf9, 6, 2)); /* 16-bit */
	/* a dword OUT to 0xCF8 is a PCI CONFIG_ADDRESS write, not a reset */
	assert_false(acpi_is_reset_write(&pi, 0xcf8, 0x0600, 4));

	/* a 16-bit wide register wants a 16-bit OUT of the value */
	gas(FADT_HIGH_PA + 116, ACPI_GAS_IO, 16, 0xcf9);
	fix(FADT_HIGH_PA);
	assert_int_equal(fadt(), ACPI_OK);
	assert_true(acpi_is_reset_write(&pi, 0xcf9, 0xffff0006, 2));
	assert_false(acpi_is_reset_write(&pi, 0xcf9, 0x0106, 2));
	assert_false(acpi_is_reset_write(&pi, 0xcf9, 6, 1));

	/* memory-space reset register: not an IO write at all */
	gas(FADT_HIGH_PA + 116, ACPI_GAS_MEMORY, 8, 0xcf9);
	fix(FADT_HIGH_PA);
	assert_int_equal(fadt(), ACPI_OK);
	assert_true(pi.reset_supported);
	assert_false(acpi_is_reset_write(&pi, 0xcf9, 6, 1));
}

/* ---------------------------------------------------------------- misc */

static void test_args_and_strerror(void **state)
{
	u64 pa = 5;

	(void)state;
	assert_int_equal(acpi_find_table(rsdp, rsdp_len, "FACP", NULL, &fk, &pa), ACPI_ERR_INVAL);
	assert_int_equal(pa, 0);
	assert_int_equal(acpi_find_table(rsdp, rsdp_len, "FACP", fake_map, &fk, NULL),
			 ACPI_ERR_INVAL);
	assert_int_equal(acpi_parse_fadt(rsdp, rsdp_len, fake_map, &fk, NULL), ACPI_ERR_INVAL);
	assert_int_equal(acpi_parse_madt(rsdp, rsdp_len, NULL, &fk, &cpus), ACPI_ERR_INVAL);

	const char *unknown = acpi_strerror(-1);

	assert_string_equal(acpi_strerror(ACPI_ERR_COUNT), unknown);
	for (int i = 0; i < ACPI_ERR_COUNT; i++) {
		assert_non_null(acpi_strerror(i));
		assert_true(strlen(acpi_strerror(i)) > 0);
		assert_string_not_equal(acpi_strerror(i), unknown);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(acpi_strerror(i), acpi_strerror(j));
	}
}

static bool all_zero(const void *p, size_t n)
{
	const u8 *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

/*
 * Random damage to the root tables, FADT and MADT with checksums repaired
 * half the time.  ASan on the exact-size map() copies catches any read out
 * of bounds; the contract says errors leave the output zeroed.
 */
static void test_fuzz(void **state)
{
	static const u64 tabs[] = {RSDT_PA, XSDT_PA, FADT_PA, FADT_HIGH_PA, MADT_PA};
	u32 seed = 12345, ok = 0, bad = 0;

	(void)state;
	for (int it = 0; it < 4000; it++) {
		u64 t = tabs[it % ARRAY_SIZE(tabs)];
		u32 len = get32(t + 4);

		if (it % 50 == 0)
			setup(NULL);
		make_rsdp(it & 1 ? 2 : 0, RSDT_PA, XSDT_PA);
		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245u + 12345u;
			u32 off = (seed >> 8) % (len < 300 ? len : 300);
			seed = seed * 1103515245u + 12345u;
			if (window(t + off, 1))
				put8(t + off, (u8)(seed >> 16));
		}
		if ((seed >> 24) & 1 && window(t, get32(t + 4)))
			fix(t);

		int e1 = fadt(), e2 = madt();

		if (e1)
			assert_true(all_zero(&pi, sizeof(pi)));
		else
			assert_true(pi.have_fadt);
		if (e2)
			assert_true(all_zero(&cpus, sizeof(cpus)));
		else
			assert_true(cpus.nr <= ACPI_MAX_CPUS);
		ok += !e1 + !e2;
		bad += !!e1 + !!e2;
		free_maps();
	}
	/* the damage must have exercised both outcomes */
	assert_true(ok > 100);
	assert_true(bad > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find_rsdt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_xsdt_preferred, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rsdp_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_map_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fadt_rev1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fadt_rev6, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fadt_rev6_fallbacks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fadt_reset_needs_length, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fadt_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_override_online_capable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_bad_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_table_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sleep_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_args_and_strerror, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fuzz, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

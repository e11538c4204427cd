// SPDX-License-Identifier: MIT
/*
 * acpi_s5.c - the SLP_TYP values of the \_Sx sleep states: \_S5 (soft-off)
 * so that the hypervisor can power the machine off itself after a guest
 * fault, all of them so that a guest's suspend is told from its power-off.
 *
 * \_Sx is a Name in the DSDT's AML (ACPI spec, "System \_Sx states"):
 *   NameOp(0x08) [RootChar '\'] "_Sx_" PackageOp(0x12) PkgLength NumElements
 *   then SLP_TYPa and SLP_TYPb, each ZeroOp (0x00), OneOp (0x01) or
 *   BytePrefix (0x0A) n.
 * Interpreting AML is out of scope; this fixed pattern is what firmware
 * emits in practice (a method-computed \_S5 is not supported: error).
 */
#include "acpi/acpi.h"

/* FADT offsets (ACPI spec, FADT format): DSDT (u32) and X_DSDT (u64). */
#define FADT_DSDT      40
#define FADT_X_DSDT    140
#define SDT_HEADER_LEN 36

/* ZeroOp, OneOp or BytePrefix n; returns the bytes used, 0 if none fits */
static int aml_byte_data(const u8 *p, const u8 *end, u8 *out)
{
	if (p >= end)
		return 0;
	if (*p == 0x00 || *p == 0x01) {
		*out = *p;
		return 1;
	}
	if (*p == 0x0A && p + 1 < end) {
		*out = p[1];
		return 2;
	}
	return 0;
}

static const u8 *map_dsdt(const void *rsdp, u32 rsdp_len, acpi_map_fn map, void *ctx, u32 *len,
			  int *err)
{
	u64 fadt_pa, dsdt_pa = 0;
	const u8 *fadt, *dsdt;
	u32 fadt_len, dsdt_len;

	*err = acpi_find_table(rsdp, rsdp_len, "FACP", map, ctx, &fadt_pa);
	if (*err)
		return NULL;
	*err = ACPI_ERR_MAP;
	fadt = map(fadt_pa, SDT_HEADER_LEN, ctx);
	if (!fadt)
		return NULL;
	fadt_len = (u32)fadt[4] | (u32)fadt[5] << 8 | (u32)fadt[6] << 16 | (u32)fadt[7] << 24;
	fadt = map(fadt_pa, fadt_len, ctx);
	*err = ACPI_ERR_TABLE_LENGTH;
	if (!fadt || fadt_len < FADT_DSDT + 4)
		return NULL;
	if (fadt_len >= FADT_X_DSDT + 8)
		for (int i = 7; i >= 0; i--)
			dsdt_pa = dsdt_pa << 8 | fadt[FADT_X_DSDT + i];
	if (!dsdt_pa)
		for (int i = 3; i >= 0; i--)
			dsdt_pa = dsdt_pa << 8 | fadt[FADT_DSDT + i];
	*err = ACPI_ERR_NOT_FOUND;
	if (!dsdt_pa)
		return NULL;
	dsdt = map(dsdt_pa, SDT_HEADER_LEN, ctx);
	*err = ACPI_ERR_TABLE_SIGNATURE;
	if (!dsdt || dsdt[0] != 'D' || dsdt[1] != 'S' || dsdt[2] != 'D' || dsdt[3] != 'T')
		return NULL;
	dsdt_len = (u32)dsdt[4] | (u32)dsdt[5] << 8 | (u32)dsdt[6] << 16 | (u32)dsdt[7] << 24;
	*err = ACPI_ERR_TABLE_LENGTH;
	if (dsdt_len < SDT_HEADER_LEN)
		return NULL;
	dsdt = map(dsdt_pa, dsdt_len, ctx);
	*err = ACPI_ERR_MAP;
	if (!dsdt)
		return NULL;
	*err = ACPI_OK;
	*len = dsdt_len;
	return dsdt;
}

/* Name(\_Sx, Package(n) {SLP_TYPa, SLP_TYPb, ...}) in the DSDT's AML */
static bool find_sx(const u8 *dsdt, u32 dsdt_len, int x, u8 *typa, u8 *typb)
{
	const u8 *end = dsdt + dsdt_len;

	for (const u8 *p = dsdt + SDT_HEADER_LEN; p + 5 < end; p++) {
		const u8 *q;
		u8 pkglen_bytes, n;
		int used;

		if (p[0] != '_' || p[1] != 'S' || p[2] != '0' + x || p[3] != '_' || p[4] != 0x12)
			continue;
		/* a Name: preceded by NameOp, or by NameOp '\' */
		if (!(p[-1] == 0x08 ||
		      (p[-1] == '\\' && p >= dsdt + SDT_HEADER_LEN + 2 && p[-2] == 0x08)))
			continue;
		q = p + 5;
		/* PkgLength: bits 7:6 of the lead byte count the bytes that follow */
		pkglen_bytes = (u8)(*q >> 6);
		q += 1 + pkglen_bytes;
		if (q >= end)
			return false;
		n = *q++; /* NumElements */
		used = aml_byte_data(q, end, typa);
		if (!used)
			return false;
		if (n < 2 || !aml_byte_data(q + used, end, typb))
			*typb = *typa;
		return true;
	}
	return false;
}

int acpi_sleep_types(const void *rsdp, u32 rsdp_len, acpi_map_fn map, void *ctx,
		     struct acpi_sleep_types *out)
{
	const u8 *dsdt;
	u32 len = 0;
	int err;

	for (int x = 0; x < 6; x++)
		out->known[x] = false, out->typa[x] = out->typb[x] = 0;
	dsdt = map_dsdt(rsdp, rsdp_len, map, ctx, &len, &err);
	if (!dsdt)
		return err;
	for (int x = 0; x < 6; x++)
		out->known[x] = find_sx(dsdt, len, x, &out->typa[x], &out->typb[x]);
	return ACPI_OK;
}

int acpi_s5_slp_typ(const void *rsdp, u32 rsdp_len, acpi_map_fn map, void *ctx, u8 *slp_typa)
{
	struct acpi_sleep_types st;
	int err = acpi_sleep_types(rsdp, rsdp_len, map, ctx, &st);

	if (err)
		return err;
	if (!st.known[5])
		return ACPI_ERR_NOT_FOUND;
	*slp_typa = st.typa[5];
	return ACPI_OK;
}

// SPDX-License-Identifier: MIT
/*
 * acpi_s5.c - the SLP_TYPa value of the \_S5 (soft-off) sleep state, so
 * that the hypervisor can power the machine off itself after a guest fault.
 *
 * \_S5 is a Name in the DSDT's AML (ACPI spec, "System \_Sx states"):
 *   NameOp(0x08) [RootChar '\'] "_S5_" PackageOp(0x12) PkgLength NumElements
 *   then SLP_TYPa as ZeroOp (0x00), OneOp (0x01) or BytePrefix (0x0A) n.
 * Interpreting AML is out of scope; this fixed pattern is what firmware
 * emits in practice (a method-computed \_S5 is not supported: error).
 */
#include "acpi/acpi.h"

/* FADT offsets (ACPI spec, FADT format): DSDT (u32) and X_DSDT (u64). */
#define FADT_DSDT      40
#define FADT_X_DSDT    140
#define SDT_HEADER_LEN 36

static int aml_byte_data(const u8 *p, const u8 *end, u8 *out)
{
	if (p >= end)
		return -1;
	if (*p == 0x00 || *p == 0x01) {
		*out = *p;
		return 0;
	}
	if (*p == 0x0A && p + 1 < end) {
		*out = p[1];
		return 0;
	}
	return -1;
}

int acpi_s5_slp_typ(const void *rsdp, u32 rsdp_len, acpi_map_fn map, void *ctx, u8 *slp_typa)
{
	u64 fadt_pa, dsdt_pa = 0;
	const u8 *fadt, *dsdt, *end;
	u32 fadt_len, dsdt_len;
	int err = acpi_find_table(rsdp, rsdp_len, "FACP", map, ctx, &fadt_pa);

	if (err)
		return err;
	fadt = map(fadt_pa, SDT_HEADER_LEN, ctx);
	if (!fadt)
		return ACPI_ERR_MAP;
	fadt_len = (u32)fadt[4] | (u32)fadt[5] << 8 | (u32)fadt[6] << 16 | (u32)fadt[7] << 24;
	fadt = map(fadt_pa, fadt_len, ctx);
	if (!fadt || fadt_len < FADT_DSDT + 4)
		return ACPI_ERR_TABLE_LENGTH;
	if (fadt_len >= FADT_X_DSDT + 8)
		for (int i = 7; i >= 0; i--)
			dsdt_pa = dsdt_pa << 8 | fadt[FADT_X_DSDT + i];
	if (!dsdt_pa)
		for (int i = 3; i >= 0; i--)
			dsdt_pa = dsdt_pa << 8 | fadt[FADT_DSDT + i];
	if (!dsdt_pa)
		return ACPI_ERR_NOT_FOUND;
	dsdt = map(dsdt_pa, SDT_HEADER_LEN, ctx);
	if (!dsdt || dsdt[0] != 'D' || dsdt[1] != 'S' || dsdt[2] != 'D' || dsdt[3] != 'T')
		return ACPI_ERR_TABLE_SIGNATURE;
	dsdt_len = (u32)dsdt[4] | (u32)dsdt[5] << 8 | (u32)dsdt[6] << 16 | (u32)dsdt[7] << 24;
	if (dsdt_len < SDT_HEADER_LEN)
		return ACPI_ERR_TABLE_LENGTH;
	dsdt = map(dsdt_pa, dsdt_len, ctx);
	if (!dsdt)
		return ACPI_ERR_MAP;
	end = dsdt + dsdt_len;
	for (const u8 *p = dsdt + SDT_HEADER_LEN; p + 5 < end; p++) {
		const u8 *q;
		u8 pkglen_bytes;

		if (p[0] != '_' || p[1] != 'S' || p[2] != '5' || p[3] != '_' || p[4] != 0x12)
			continue;
		/* a Name: preceded by NameOp, or by NameOp '\' */
		if (!(p[-1] == 0x08 ||
		      (p[-1] == '\\' && p >= dsdt + SDT_HEADER_LEN + 2 && p[-2] == 0x08)))
			continue;
		q = p + 5;
		/* PkgLength: bits 7:6 of the lead byte count the bytes that follow */
		pkglen_bytes = (u8)(*q >> 6);
		q += 1 + pkglen_bytes;
		q++; /* NumElements */
		if (aml_byte_data(q, end, slp_typa) == 0)
			return ACPI_OK;
		return ACPI_ERR_NOT_FOUND;
	}
	return ACPI_ERR_NOT_FOUND;
}

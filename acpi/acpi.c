// SPDX-License-Identifier: MIT
/*
 * acpi.c - finding an ACPI table: the RSDP copy, the RSDT/XSDT walk and the
 * validation of each table reached (acpi_get_table(), acpi_find_table());
 * see include/acpi/acpi.h for the contract.  Offsets are those of the ACPI
 * Specification 6.x, 5.2.  Multi-byte fields are assembled byte by byte
 * (acpi_rd32(), little endian): tables are not guaranteed aligned.
 *
 * What the tables say is decoded elsewhere: the FADT and the MADT in
 * acpi_decode.c, the guest's writes to the FADT's registers in acpi_pm1.c,
 * the \_Sx packages of the DSDT in acpi_s5.c.  This file only finds and
 * checks, so that every reader relies on the same validation.
 */
#include "acpi/acpi.h"

/* RSDP, ACPI 5.2.5.3 */
#define RSDP_REVISION_OFF 15
#define RSDP_RSDT_OFF	  16
#define RSDP_LENGTH_OFF	  20
#define RSDP_XSDT_OFF	  24

/* System Description Table Header, ACPI 5.2.6 */
#define HDR_LENGTH_OFF 4

static u8 sum8(const u8 *p, u64 len)
{
	u8 s = 0;

	while (len--)
		s += *p++;
	return s;
}

static bool sig_eq(const u8 *p, const char *sig, u32 n)
{
	for (u32 i = 0; i < n; i++)
		if (p[i] != (u8)sig[i])
			return false;
	return true;
}

/*
 * Validate the RSDP copy and pick the root table: *root_pa and *entry_size
 * (8 for the XSDT, 4 for the RSDT).
 */
static int rsdp_root(const void *rsdp, u32 rsdp_len, u64 *root_pa, u32 *entry_size)
{
	const u8 *r = rsdp;

	if (!r || rsdp_len < ACPI_RSDP_V1_LEN)
		return ACPI_ERR_NO_RSDP;
	if (!sig_eq(r, "RSD PTR ", 8))
		return ACPI_ERR_RSDP_SIGNATURE;
	if (sum8(r, ACPI_RSDP_V1_LEN) != 0)
		return ACPI_ERR_RSDP_CHECKSUM;

	/* revision 0 is ACPI 1.0; 2 adds Length, XsdtAddress, ext. checksum */
	if (r[RSDP_REVISION_OFF] >= 2 && rsdp_len >= ACPI_RSDP_V2_LEN) {
		u32 len = acpi_rd32(r + RSDP_LENGTH_OFF);
		u64 xsdt = acpi_rd64(r + RSDP_XSDT_OFF);

		if (len < ACPI_RSDP_V2_LEN || len > rsdp_len)
			return ACPI_ERR_RSDP_LENGTH;
		if (sum8(r, len) != 0)
			return ACPI_ERR_RSDP_CHECKSUM;
		if (xsdt) {
			*root_pa = xsdt;
			*entry_size = 8;
			return ACPI_OK;
		}
	}
	*root_pa = acpi_rd32(r + RSDP_RSDT_OFF);
	*entry_size = 4;
	return ACPI_OK;
}

/*
 * Map and validate the whole table at pa: length >= 36, checksum, and the
 * signature when `sig` is non-NULL.  On success *tab and *len describe it.
 */
static int map_table(u64 pa, const char *sig, acpi_map_fn map, void *ctx, const u8 **tab, u32 *len)
{
	const u8 *h, *t;
	u32 l;

	h = map(pa, ACPI_HEADER_LEN, ctx);
	if (!h)
		return ACPI_ERR_MAP;
	if (sig && !sig_eq(h, sig, 4))
		return ACPI_ERR_TABLE_SIGNATURE;
	l = acpi_rd32(h + HDR_LENGTH_OFF);
	if (l < ACPI_HEADER_LEN)
		return ACPI_ERR_TABLE_LENGTH;
	t = map(pa, l, ctx);
	if (!t)
		return ACPI_ERR_MAP;
	/* the length may have been read from another mapping: re-check it */
	if (acpi_rd32(t + HDR_LENGTH_OFF) != l)
		return ACPI_ERR_TABLE_LENGTH;
	if (sum8(t, l) != 0)
		return ACPI_ERR_TABLE_CHECKSUM;
	*tab = t;
	*len = l;
	return ACPI_OK;
}

int acpi_get_table(const void *rsdp, u32 rsdp_len, const char sig[4], acpi_map_fn map, void *ctx,
		   u64 *table_pa, const u8 **tab, u32 *tab_len)
{
	const u8 *root;
	u32 root_len, esz, nr;
	u64 root_pa;
	bool unmapped = false;
	int err;

	err = rsdp_root(rsdp, rsdp_len, &root_pa, &esz);
	if (err)
		return err;
	err = map_table(root_pa, esz == 8 ? "XSDT" : "RSDT", map, ctx, &root, &root_len);
	if (err)
		return err;

	/* ACPI 5.2.7/5.2.8: entries fill the rest; a partial one is ignored */
	nr = (root_len - ACPI_HEADER_LEN) / esz;
	for (u32 i = 0; i < nr; i++) {
		const u8 *e = root + ACPI_HEADER_LEN + (u64)i * esz;
		u64 pa = esz == 8 ? acpi_rd64(e) : acpi_rd32(e);
		const u8 *h;

		if (!pa)
			continue;
		h = map(pa, ACPI_HEADER_LEN, ctx);
		if (!h) {
			unmapped = true;
			continue;
		}
		if (!sig_eq(h, sig, 4))
			continue;
		*table_pa = pa;
		return map_table(pa, sig, map, ctx, tab, tab_len);
	}
	return unmapped ? ACPI_ERR_MAP : ACPI_ERR_NOT_FOUND;
}

int acpi_find_table(const void *rsdp, u32 rsdp_len, const char sig[4], acpi_map_fn map, void *ctx,
		    u64 *table_pa)
{
	const u8 *tab;
	u32 len;
	int err;

	if (!table_pa)
		return ACPI_ERR_INVAL;
	*table_pa = 0;
	if (!map || !sig)
		return ACPI_ERR_INVAL;
	err = acpi_get_table(rsdp, rsdp_len, sig, map, ctx, table_pa, &tab, &len);
	if (err)
		*table_pa = 0;
	return err;
}

const char *acpi_strerror(int err)
{
	static const char *const msg[ACPI_ERR_COUNT] = {
		[ACPI_OK] = "ok",
		[ACPI_ERR_NO_RSDP] = "no RSDP",
		[ACPI_ERR_RSDP_CHECKSUM] = "bad RSDP checksum",
		[ACPI_ERR_RSDP_SIGNATURE] = "bad RSDP signature",
		[ACPI_ERR_MAP] = "table memory not mappable",
		[ACPI_ERR_TABLE_CHECKSUM] = "bad table checksum",
		[ACPI_ERR_TABLE_LENGTH] = "bad table length",
		[ACPI_ERR_NOT_FOUND] = "table not found",
		[ACPI_ERR_MADT_ENTRY] = "malformed MADT entry",
		[ACPI_ERR_RSDP_LENGTH] = "bad RSDP length",
		[ACPI_ERR_TABLE_SIGNATURE] = "bad root table signature",
		[ACPI_ERR_INVAL] = "invalid argument",
	};

	if (err < 0 || err >= ACPI_ERR_COUNT || !msg[err])
		return "unknown ACPI error";
	return msg[err];
}

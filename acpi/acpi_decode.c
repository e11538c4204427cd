// SPDX-License-Identifier: MIT
/*
 * acpi_decode.c - what thinvisor reads from two tables: the FADT (PM1
 * control and event blocks, the reset register; ACPI 6.x, 5.2.9) and the
 * MADT (every local APIC and x2APIC, the local APIC address; 5.2.12).
 * See include/acpi/acpi.h for the contract.
 *
 * Separate from acpi.c, which finds and validates the tables: these
 * readers start from a table acpi_get_table() has checked (signature,
 * length, checksum) and only bound each field by the table's length.
 */
#include "acpi/acpi.h"

/* System Description Table Header, ACPI 5.2.6 */
#define HDR_REVISION_OFF 8

/* FADT, ACPI 5.2.9 */
#define FADT_PM1A_EVT_OFF    56
#define FADT_PM1B_EVT_OFF    60
#define FADT_PM1A_CNT_OFF    64
#define FADT_PM1B_CNT_OFF    68
#define FADT_PM1_CNT_LEN_OFF 89
#define FADT_FLAGS_OFF	     112
#define FADT_RESET_REG_OFF   116
#define FADT_RESET_VAL_OFF   128
#define FADT_X_PM1A_EVT_OFF  148
#define FADT_X_PM1B_EVT_OFF  160
#define FADT_X_PM1A_CNT_OFF  172
#define FADT_X_PM1B_CNT_OFF  184
#define GAS_LEN		     12

/* MADT, ACPI 5.2.12 */
#define MADT_LAPIC_ADDR_OFF 36
#define MADT_FLAGS_OFF	    40
#define MADT_ENTRIES_OFF    44
#define MADT_LAPIC_LEN	    8  /* 5.2.12.2 */
#define MADT_OVERRIDE_LEN   12 /* 5.2.12.8 */
#define MADT_X2APIC_LEN	    16 /* 5.2.12.12 */

static void zero(void *p, size_t n)
{
	u8 *b = p;

	while (n--)
		*b++ = 0;
}

static void rd_gas(const u8 *p, struct acpi_gas *g)
{
	g->space_id = p[0];
	g->bit_width = p[1];
	g->bit_offset = p[2];
	g->access_size = p[3];
	g->address = acpi_rd64(p + 4);
}

/* X_PM1x_CNT_BLK if it is a usable IO port, else the 32-bit PM1x_CNT_BLK */
static u16 pm1_port(const u8 *fadt, u32 len, u32 off32, u32 off_x)
{
	u32 legacy = acpi_rd32(fadt + off32);

	if (len >= off_x + GAS_LEN) {
		struct acpi_gas g;

		rd_gas(fadt + off_x, &g);
		if (g.space_id == ACPI_GAS_IO && g.address && g.address <= 0xffff)
			return (u16)g.address;
	}
	return legacy <= 0xffff ? (u16)legacy : 0;
}

static int parse_fadt(const void *rsdp, u32 rsdp_len, acpi_map_fn map, void *ctx,
		      struct acpi_power_info *out)
{
	const u8 *f;
	u32 len;
	u64 pa;
	int err;

	err = acpi_get_table(rsdp, rsdp_len, "FACP", map, ctx, &pa, &f, &len);
	if (err)
		return err;
	if (len < ACPI_FADT_MIN_LEN)
		return ACPI_ERR_TABLE_LENGTH;

	out->have_fadt = true;
	out->fadt_addr = pa;
	out->fadt_revision = f[HDR_REVISION_OFF];
	out->fadt_flags = acpi_rd32(f + FADT_FLAGS_OFF);
	out->pm1a_cnt = pm1_port(f, len, FADT_PM1A_CNT_OFF, FADT_X_PM1A_CNT_OFF);
	out->pm1b_cnt = pm1_port(f, len, FADT_PM1B_CNT_OFF, FADT_X_PM1B_CNT_OFF);
	out->pm1_cnt_len = f[FADT_PM1_CNT_LEN_OFF];
	/* PM1x_EVT_BLK: the status register is its first half (ACPI 4.8.3.1) */
	out->pm1a_evt = pm1_port(f, len, FADT_PM1A_EVT_OFF, FADT_X_PM1A_EVT_OFF);
	out->pm1b_evt = pm1_port(f, len, FADT_PM1B_EVT_OFF, FADT_X_PM1B_EVT_OFF);

	/* RESET_REG/RESET_VALUE arrived with ACPI 2.0 (FADT revision 3) */
	if (len > FADT_RESET_VAL_OFF) {
		rd_gas(f + FADT_RESET_REG_OFF, &out->reset_reg);
		out->reset_value = f[FADT_RESET_VAL_OFF];
		out->reset_supported =
			(out->fadt_flags & ACPI_FADT_RESET_REG_SUP) && out->reset_reg.address != 0;
	}
	return ACPI_OK;
}

int acpi_parse_fadt(const void *rsdp, u32 rsdp_len, acpi_map_fn map, void *ctx,
		    struct acpi_power_info *out)
{
	if (!out)
		return ACPI_ERR_INVAL;
	zero(out, sizeof(*out));
	/* parse_fadt() writes *out only once nothing can fail any more */
	return map ? parse_fadt(rsdp, rsdp_len, map, ctx, out) : ACPI_ERR_INVAL;
}

static void add_cpu(struct acpi_cpus *out, u32 apic_id, u32 uid, u32 flags, bool x2apic)
{
	struct acpi_cpu *c;

	if (out->nr >= ACPI_MAX_CPUS) {
		out->truncated = true;
		return;
	}
	c = &out->cpu[out->nr++];
	c->apic_id = apic_id;
	c->uid = uid;
	c->enabled = flags & ACPI_MADT_CPU_ENABLED;
	c->online_capable = flags & ACPI_MADT_CPU_ONLINE_CAPABLE;
	c->x2apic = x2apic;
}

static int parse_madt(const void *rsdp, u32 rsdp_len, acpi_map_fn map, void *ctx,
		      struct acpi_cpus *out)
{
	const u8 *m;
	u32 len, off;
	u64 pa;
	int err;

	err = acpi_get_table(rsdp, rsdp_len, "APIC", map, ctx, &pa, &m, &len);
	if (err)
		return err;
	if (len < ACPI_MADT_MIN_LEN)
		return ACPI_ERR_TABLE_LENGTH;

	out->lapic_addr = acpi_rd32(m + MADT_LAPIC_ADDR_OFF);
	out->madt_flags = acpi_rd32(m + MADT_FLAGS_OFF);

	/* ACPI 5.2.12: {u8 type, u8 length, ...} entries up to the end */
	for (off = MADT_ENTRIES_OFF; off < len;) {
		const u8 *e = m + off;
		u32 elen = len - off >= 2 ? e[1] : 0; /* a lone byte is malformed */

		if (elen < 2 || elen > len - off)
			return ACPI_ERR_MADT_ENTRY;
		switch (e[0]) {
		case ACPI_MADT_LAPIC: /* u8 uid, u8 apic_id, u32 flags */
			if (elen < MADT_LAPIC_LEN)
				return ACPI_ERR_MADT_ENTRY;
			add_cpu(out, e[3], e[2], acpi_rd32(e + 4), false);
			break;
		case ACPI_MADT_LAPIC_OVERRIDE: /* u16 reserved, u64 address */
			if (elen < MADT_OVERRIDE_LEN)
				return ACPI_ERR_MADT_ENTRY;
			out->lapic_addr = acpi_rd64(e + 4);
			break;
		case ACPI_MADT_X2APIC: /* u16 rsvd, u32 id, u32 flags, u32 uid */
			if (elen < MADT_X2APIC_LEN)
				return ACPI_ERR_MADT_ENTRY;
			add_cpu(out, acpi_rd32(e + 4), acpi_rd32(e + 12), acpi_rd32(e + 8), true);
			break;
		default: /* I/O APIC, overrides, NMI, ...: skipped by length */
			break;
		}
		off += elen;
	}
	return ACPI_OK;
}

int acpi_parse_madt(const void *rsdp, u32 rsdp_len, acpi_map_fn map, void *ctx,
		    struct acpi_cpus *out)
{
	int err;

	if (!out)
		return ACPI_ERR_INVAL;
	zero(out, sizeof(*out));
	if (!map)
		return ACPI_ERR_INVAL;
	err = parse_madt(rsdp, rsdp_len, map, ctx, out);
	if (err)
		zero(out, sizeof(*out));
	return err;
}

// SPDX-License-Identifier: MIT
/*
 * acpi.c - RSDP/RSDT/XSDT walk and FADT/MADT parsing; see acpi/acpi.h for
 * the contract.  Offsets are those of the ACPI Specification 6.x, 5.2.
 * Multi-byte fields are assembled byte by byte (little endian): tables are
 * not guaranteed aligned and a u32 load from a misaligned pointer is UB.
 */
#include "acpi/acpi.h"

/* RSDP, ACPI 5.2.5.3 */
#define RSDP_REVISION_OFF 15
#define RSDP_RSDT_OFF	  16
#define RSDP_LENGTH_OFF	  20
#define RSDP_XSDT_OFF	  24

/* System Description Table Header, ACPI 5.2.6 */
#define HDR_LENGTH_OFF	 4
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

static u32 rd32(const u8 *p)
{
	return (u32)p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) | ((u32)p[3] << 24);
}

static u64 rd64(const u8 *p)
{
	return (u64)rd32(p) | ((u64)rd32(p + 4) << 32);
}

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

static void zero(void *p, size_t n)
{
	u8 *b = p;

	while (n--)
		*b++ = 0;
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
		u32 len = rd32(r + RSDP_LENGTH_OFF);
		u64 xsdt = rd64(r + RSDP_XSDT_OFF);

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
	*root_pa = rd32(r + RSDP_RSDT_OFF);
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
	l = rd32(h + HDR_LENGTH_OFF);
	if (l < ACPI_HEADER_LEN)
		return ACPI_ERR_TABLE_LENGTH;
	t = map(pa, l, ctx);
	if (!t)
		return ACPI_ERR_MAP;
	/* the length may have been read from another mapping: re-check it */
	if (rd32(t + HDR_LENGTH_OFF) != l)
		return ACPI_ERR_TABLE_LENGTH;
	if (sum8(t, l) != 0)
		return ACPI_ERR_TABLE_CHECKSUM;
	*tab = t;
	*len = l;
	return ACPI_OK;
}

/* Find and validate the first root-table entry named `sig` */
static int find_table(const void *rsdp, u32 rsdp_len, const char *sig, acpi_map_fn map, void *ctx,
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
		u64 pa = esz == 8 ? rd64(e) : rd32(e);
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
	err = find_table(rsdp, rsdp_len, sig, map, ctx, table_pa, &tab, &len);
	if (err)
		*table_pa = 0;
	return err;
}

static void rd_gas(const u8 *p, struct acpi_gas *g)
{
	g->space_id = p[0];
	g->bit_width = p[1];
	g->bit_offset = p[2];
	g->access_size = p[3];
	g->address = rd64(p + 4);
}

/* X_PM1x_CNT_BLK if it is a usable IO port, else the 32-bit PM1x_CNT_BLK */
static u16 pm1_port(const u8 *fadt, u32 len, u32 off32, u32 off_x)
{
	u32 legacy = rd32(fadt + off32);

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

	err = find_table(rsdp, rsdp_len, "FACP", map, ctx, &pa, &f, &len);
	if (err)
		return err;
	if (len < ACPI_FADT_MIN_LEN)
		return ACPI_ERR_TABLE_LENGTH;

	out->have_fadt = true;
	out->fadt_addr = pa;
	out->fadt_revision = f[HDR_REVISION_OFF];
	out->fadt_flags = rd32(f + FADT_FLAGS_OFF);
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

	err = find_table(rsdp, rsdp_len, "APIC", map, ctx, &pa, &m, &len);
	if (err)
		return err;
	if (len < ACPI_MADT_MIN_LEN)
		return ACPI_ERR_TABLE_LENGTH;

	out->lapic_addr = rd32(m + MADT_LAPIC_ADDR_OFF);
	out->madt_flags = rd32(m + MADT_FLAGS_OFF);

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
			add_cpu(out, e[3], e[2], rd32(e + 4), false);
			break;
		case ACPI_MADT_LAPIC_OVERRIDE: /* u16 reserved, u64 address */
			if (elen < MADT_OVERRIDE_LEN)
				return ACPI_ERR_MADT_ENTRY;
			out->lapic_addr = rd64(e + 4);
			break;
		case ACPI_MADT_X2APIC: /* u16 rsvd, u32 id, u32 flags, u32 uid */
			if (elen < MADT_X2APIC_LEN)
				return ACPI_ERR_MADT_ENTRY;
			add_cpu(out, rd32(e + 4), rd32(e + 12), rd32(e + 8), true);
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

/* does the OUT of `size` bytes at `port` cover byte `reg` + 1 with bit 5? */
static bool slp_en_in(u16 reg, u16 port, u32 value, u8 size)
{
	u32 byte = (u32)reg + 1; /* SLP_EN is bit 13: bit 5 of byte 1 */

	if (!reg || byte < port || byte >= (u32)port + size)
		return false;
	return (value >> ((byte - port) * 8 + 5)) & 1;
}

bool acpi_is_sleep_write(const struct acpi_power_info *pi, u16 port, u32 value, u8 size)
{
	if (!pi || !pi->have_fadt || (size != 1 && size != 2 && size != 4))
		return false;
	return slp_en_in(pi->pm1a_cnt, port, value, size) ||
	       slp_en_in(pi->pm1b_cnt, port, value, size);
}

/* SLP_TYP (bits 12:10, i.e. bits 4:2 of byte 1) of register reg in the OUT */
static bool slp_typ_in(u16 reg, u16 port, u32 value, u8 size, u8 *typ)
{
	u32 byte = (u32)reg + 1;

	if (!reg || byte < port || byte >= (u32)port + size)
		return false;
	*typ = (u8)((value >> ((byte - port) * 8 + 2)) & 7);
	return true;
}

enum acpi_sleep_req acpi_sleep_decide(const struct acpi_power_info *pi,
				      const struct acpi_sleep_types *st, u16 port, u32 value,
				      u8 size, int *state)
{
	bool b = false;
	u8 typ = 0;

	*state = -1;
	if (!acpi_is_sleep_write(pi, port, value, size))
		return ACPI_SLEEP_NONE;
	/* the write sets SLP_EN in PM1a_CNT or PM1b_CNT: whose SLP_TYP is it? */
	if (slp_en_in(pi->pm1a_cnt, port, value, size)) {
		slp_typ_in(pi->pm1a_cnt, port, value, size, &typ);
	} else {
		slp_typ_in(pi->pm1b_cnt, port, value, size, &typ);
		b = true;
	}
	/* \_S5 first: firmware may give another state the same value */
	for (int s = 5; s >= 1; s--) {
		if (!st || !st->known[s] || typ != (b ? st->typb[s] : st->typa[s]))
			continue;
		*state = s;
		return s == 5 ? ACPI_SLEEP_POWER_OFF : ACPI_SLEEP_REFUSE;
	}
	/* No \_S5 to compare with: every sleep is taken for power-off, as the
	 * only state a guest of this hypervisor may enter. */
	if (!st || !st->known[5])
		return ACPI_SLEEP_POWER_OFF;
	return ACPI_SLEEP_REFUSE;
}

bool acpi_wak_sts_in(const struct acpi_power_info *pi, u16 port, u8 size, u8 *bit)
{
	u16 regs[2] = {pi ? pi->pm1a_evt : 0, pi ? pi->pm1b_evt : 0};

	/* WAK_STS is bit 15 of PM1x_STS: bit 7 of its byte 1 */
	for (int i = 0; i < 2; i++) {
		u32 byte = (u32)regs[i] + 1;

		if (regs[i] && byte >= port && byte < (u32)port + size) {
			*bit = (u8)((byte - port) * 8 + 7);
			return true;
		}
	}
	return false;
}

bool acpi_is_reset_write(const struct acpi_power_info *pi, u16 port, u32 value, u8 size)
{
	const struct acpi_gas *r;
	u8 width;

	if (!pi || !pi->have_fadt || !pi->reset_supported)
		return false;
	r = &pi->reset_reg;
	if (r->space_id != ACPI_GAS_IO || r->address > 0xffff || r->address != port)
		return false;
	/* ACPI 4.8.3.6: the register is 8 bits wide at bit offset 0 */
	width = (r->bit_width == 16 || r->bit_width == 32) ? r->bit_width / 8 : 1;
	if (size != width)
		return false;
	if (width < 4)
		value &= (1u << (width * 8)) - 1;
	return value == pi->reset_value;
}

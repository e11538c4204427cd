/* SPDX-License-Identifier: MIT */
/*
 * acpi.h - validating reader for the few ACPI tables thinvisor needs: the
 * FADT (to intercept the guest's ACPI power-off and reset) and the MADT (to
 * learn every CPU to start).  ACPI is found through the RSDP copy GRUB puts
 * in the multiboot2 information (tags 14/15).  Layouts follow the ACPI
 * Specification 6.x, chapter 5.2 "ACPI System Description Tables".
 * Finding and validating tables is acpi/acpi.c; decoding the FADT and the
 * MADT acpi/acpi_decode.c; judging the guest's writes to the FADT's
 * registers acpi/acpi_pm1.c; the DSDT's \_Sx packages acpi/acpi_s5.c.
 *
 * Contract:
 *  - Pure: nothing is logged, allocated or written except *out / *table_pa.
 *  - Table memory is reached only through the caller's map() callback, which
 *    returns a pointer valid for exactly [pa, pa + len) for the duration of
 *    the call, or NULL.  Nothing outside what map() returned (or outside
 *    [rsdp, rsdp + rsdp_len)) is ever read.  A table header (36 bytes) is
 *    mapped first; the whole table only once its length field is known.
 *  - Every table is checked before use: signature, length >= 36 and the
 *    checksum (all `length` bytes sum to 0 mod 256, ACPI 5.2.6).  Reads are
 *    bounded by the table's length; fields that a short (older) table does
 *    not contain are treated as absent.  The FADT revision is only
 *    reported: field presence is decided by the length, as ACPICA does
 *    ("the FADT revision value is unreliable, only the length can be
 *    trusted").
 *  - RSDP (ACPI 5.2.5.3): signature "RSD PTR ", checksum over the first 20
 *    bytes; for revision >= 2 with at least 36 bytes copied, also the length
 *    field (36 <= length <= rsdp_len) and the extended checksum over
 *    `length` bytes.  A revision >= 2 RSDP of which only the 20-byte v1 part
 *    was copied (the multiboot2 "old ACPI" tag) is used as a v1 RSDP.
 *  - The XSDT (u64 entries) is preferred when the RSDP is a validated
 *    revision >= 2 one with a non-zero XsdtAddress; otherwise the RSDT (u32
 *    entries).  There is no fallback from a broken XSDT to the RSDT.
 *  - acpi_find_table() returns the first root-table entry with the
 *    signature, after validating that table.  Null entries are skipped; so
 *    are entries whose header cannot be mapped, but if the table is then not
 *    found the result is ACPI_ERR_MAP rather than ACPI_ERR_NOT_FOUND.  DSDT
 *    and FACS are not root-table entries and cannot be found this way.
 *  - On any error *out is zeroed (and *table_pa set to 0).
 */
#ifndef THINVISOR_ACPI_ACPI_H
#define THINVISOR_ACPI_ACPI_H

#include "types.h"

/* Map a physical range for reading; NULL if it cannot (e.g. outside RAM the caller knows) */
typedef const void *(*acpi_map_fn)(u64 pa, u64 len, void *ctx);

/*
 * Little-endian fields at any alignment: tables are not guaranteed aligned
 * and a u32 load from a misaligned pointer is undefined behaviour.  Shared
 * by the readers in acpi/.
 */
static inline u32 acpi_rd32(const u8 *p)
{
	return (u32)p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) | ((u32)p[3] << 24);
}

static inline u64 acpi_rd64(const u8 *p)
{
	return (u64)acpi_rd32(p) | ((u64)acpi_rd32(p + 4) << 32);
}

#define ACPI_RSDP_V1_LEN  20 /* bytes covered by the v1 checksum */
#define ACPI_RSDP_V2_LEN  36
#define ACPI_HEADER_LEN	  36  /* ACPI 5.2.6 "System Description Table Header" */
#define ACPI_FADT_MIN_LEN 116 /* ACPI 1.0 FADT: up to and including Flags */
#define ACPI_MADT_MIN_LEN 44  /* header + local APIC address + flags */

/* Generic Address Structure, ACPI 5.2.3.2 (12 bytes in a table) */
#define ACPI_GAS_MEMORY 0
#define ACPI_GAS_IO	1
struct acpi_gas {
	u8 space_id, bit_width, bit_offset, access_size;
	u64 address;
};

/* FADT Flags (ACPI 5.2.9, Table "Fixed ACPI Description Table Fixed Feature Flags") */
#define ACPI_FADT_RESET_REG_SUP BIT(10)
/* PM1 Control register (ACPI 4.8.3.2.1): SLP_TYPx in bits 10-12, SLP_EN bit 13 */
#define ACPI_PM1_SLP_EN	       BIT(13)
#define ACPI_PM1_SLP_TYP_SHIFT 10
#define ACPI_PM1_SLP_TYP_MASK  (7u << ACPI_PM1_SLP_TYP_SHIFT)

struct acpi_power_info {
	bool have_fadt;
	/*
	 * IO ports, 0 when absent: from X_PM1x_CNT_BLK when it is IO space
	 * with a non-zero address that fits 16 bits, else the 32-bit
	 * PM1x_CNT_BLK (0 if that does not fit 16 bits either).
	 */
	u16 pm1a_cnt, pm1b_cnt;
	u8 pm1_cnt_len;
	u16 pm1a_evt, pm1b_evt; /* PM1x_EVT_BLK, chosen the same way; STS first */
	/* flag RESET_REG_SUP set, RESET_REG present and its address non-zero */
	bool reset_supported;
	struct acpi_gas reset_reg; /* zero when the FADT is too short for it */
	u8 reset_value;
	u64 fadt_addr;
	u8 fadt_revision; /* for reporting only */
	u32 fadt_flags;
};

/* MADT (ACPI 5.2.12) */
#define ACPI_MAX_CPUS		     512
#define ACPI_MADT_LAPIC		     0 /* Processor Local APIC, 5.2.12.2 */
#define ACPI_MADT_LAPIC_OVERRIDE     5 /* Local APIC Address Override, 5.2.12.8 */
#define ACPI_MADT_X2APIC	     9 /* Processor Local x2APIC, 5.2.12.12 */
#define ACPI_MADT_CPU_ENABLED	     BIT(0)
#define ACPI_MADT_CPU_ONLINE_CAPABLE BIT(1)

struct acpi_cpu {
	u32 apic_id;
	u32 uid; /* ACPI processor UID */
	bool enabled;
	bool online_capable;
	bool x2apic; /* from a type 9 entry */
};

struct acpi_cpus {
	u64 lapic_addr; /* the type 5 override if present, else the 32-bit field */
	u32 madt_flags; /* bit 0: PCAT_COMPAT (8259s present) */
	u32 nr;		/* entries listed, disabled ones included, in MADT order */
	struct acpi_cpu cpu[ACPI_MAX_CPUS];
	bool truncated; /* the MADT listed more than ACPI_MAX_CPUS processors */
};

enum acpi_error {
	ACPI_OK = 0,
	ACPI_ERR_NO_RSDP,	/* NULL or shorter than 20 bytes */
	ACPI_ERR_RSDP_CHECKSUM, /* v1 or extended checksum */
	ACPI_ERR_RSDP_SIGNATURE,
	ACPI_ERR_MAP, /* map() refused a range */
	ACPI_ERR_TABLE_CHECKSUM,
	ACPI_ERR_TABLE_LENGTH, /* < 36, or too short for the table's type */
	ACPI_ERR_NOT_FOUND,
	ACPI_ERR_MADT_ENTRY,	  /* len too small or running past the table */
	ACPI_ERR_RSDP_LENGTH,	  /* v2 length field < 36 or > bytes copied */
	ACPI_ERR_TABLE_SIGNATURE, /* RSDT/XSDT pointer to something else */
	ACPI_ERR_INVAL,		  /* NULL map or output pointer */
	ACPI_ERR_COUNT
};

int acpi_find_table(const void *rsdp, u32 rsdp_len, const char sig[4], acpi_map_fn map, void *ctx,
		    u64 *table_pa);
/*
 * For the table readers of acpi/ (acpi_decode.c): acpi_find_table() that
 * also returns the validated table, mapped whole: [*tab, *tab + *tab_len),
 * as map() returned it, so valid as long as the caller's map() keeps it.
 * map, sig and the outputs must not be NULL (not checked).  On error the
 * outputs are unspecified (*table_pa may already be set).
 */
int acpi_get_table(const void *rsdp, u32 rsdp_len, const char sig[4], acpi_map_fn map, void *ctx,
		   u64 *table_pa, const u8 **tab, u32 *tab_len);
int acpi_parse_fadt(const void *rsdp, u32 rsdp_len, acpi_map_fn map, void *ctx,
		    struct acpi_power_info *out);
int acpi_parse_madt(const void *rsdp, u32 rsdp_len, acpi_map_fn map, void *ctx,
		    struct acpi_cpus *out);
const char *acpi_strerror(int err);

/*
 * True if an OUT of `value` (size 1, 2 or 4 bytes) to `port` writes SLP_EN
 * (bit 13) set into PM1a_CNT or PM1b_CNT.  Byte-exact: SLP_EN lives in the
 * register's second byte, so an 8-bit OUT to pm1x_cnt + 1 with bit 5 set
 * counts, one to pm1x_cnt does not.
 */
bool acpi_is_sleep_write(const struct acpi_power_info *pi, u16 port, u32 value, u8 size);
/*
 * True if the OUT is the ACPI reset (ACPI 4.8.3.6): reset supported, the
 * register in IO space, port == its address, the access as wide as the
 * register (8 bits per the spec; bit_width 16/32 honoured, anything else
 * taken as 8) and the value, truncated to that width, == reset_value.
 * Reset registers in memory or PCI configuration space are not matched.
 */
bool acpi_is_reset_write(const struct acpi_power_info *pi, u16 port, u32 value, u8 size);

/* SLP_TYPx field of a PM1 control value, e.g. to tell S5 from S3 */
static inline u8 acpi_pm1_slp_typ(u32 value)
{
	return (u8)((value & ACPI_PM1_SLP_TYP_MASK) >> ACPI_PM1_SLP_TYP_SHIFT);
}

/*
 * SLP_TYPa of \_S5 (soft-off) from the DSDT, for the hypervisor's own
 * power-off (acpi/acpi_s5.c).  Only the literal package form is understood.
 */
int acpi_s5_slp_typ(const void *rsdp, u32 rsdp_len, acpi_map_fn map, void *ctx, u8 *slp_typa);

/*
 * SLP_TYPa and SLP_TYPb of the \_Sx packages (ACPI 7.4.2, "\_Sx (System
 * States)"), x = 0..5, from the DSDT; known[x] is false where the package is
 * absent or not a literal.  A one-element package gives SLP_TYPb = SLP_TYPa.
 */
struct acpi_sleep_types {
	bool known[6];
	u8 typa[6], typb[6];
};

/* Fills *out (all unknown on error); ACPI_OK if the DSDT was read. */
int acpi_sleep_types(const void *rsdp, u32 rsdp_len, acpi_map_fn map, void *ctx,
		     struct acpi_sleep_types *out);

/* What an OUT to the PM1 control registers asks for. */
enum acpi_sleep_req {
	ACPI_SLEEP_NONE = 0,  /* no SLP_EN: an ordinary write */
	ACPI_SLEEP_POWER_OFF, /* S5 (soft-off) */
	ACPI_SLEEP_REFUSE,    /* S1-S4 or an unknown SLP_TYP: the guest may not sleep */
};

/*
 * Decide a PM1x_CNT write (ACPI 4.8.3.2.1 and 16.1 "Sleeping States"):
 * SLP_EN set with the SLP_TYP of \_S5 (SLP_TYPa for PM1a, SLP_TYPb for
 * PM1b) is power-off; that of \_S1..\_S4, or any other value, is refused,
 * since the hypervisor cannot be suspended under its guest.  When \_S5 is
 * unknown, every sleep request is taken for power-off.  *state is the Sx
 * matched, or -1.  st may be NULL (nothing known).
 */
enum acpi_sleep_req acpi_sleep_decide(const struct acpi_power_info *pi,
				      const struct acpi_sleep_types *st, u16 port, u32 value,
				      u8 size, int *state);

/*
 * True if an access of size bytes at port covers WAK_STS (bit 15 of
 * PM1a_STS or PM1b_STS, ACPI 4.8.3.1.1); *bit is its bit in the access.
 */
bool acpi_wak_sts_in(const struct acpi_power_info *pi, u16 port, u8 size, u8 *bit);

#endif

// SPDX-License-Identifier: MIT
/*
 * fuzz_qual.c - libFuzzer harness for the exit-qualification decoders of
 * vmexit/qual.c (Intel SDM Vol. 3C, "Basic VM-Exit Information") and the
 * ACPI table reader acpi/acpi.c (ACPI 6.x, 5.2).
 *
 * Input layout (little endian):
 *   0   u64 q          exit qualification for every decoder
 *   8   u8  buf_size   size of the ept_qual_describe() buffer
 *   9   u8  rsdp_len   bytes of RSDP copy (mod 64)
 *   10  u8  flags      bit 0: repair the ACPI checksums before parsing
 *   11  u16 port, 13 u32 value, 17 u8 size   one OUT for acpi_is_*_write()
 *   18  [rsdp_len]     the RSDP copy (as GRUB's tag 14/15 holds it)
 *   ..  rest           fake physical memory, mapped at physical address 0
 *
 * The map callback hands out a fresh heap copy of exactly [pa, pa + len),
 * so AddressSanitizer catches any read past what acpi.c asked for; the
 * copies live until the parse returns (acpi.h: "valid ... for the duration
 * of the call").  Checksum repair (flag bit 0) lets the fuzzer reach the
 * FADT and MADT bodies, which a random mutation would almost never do
 * with a valid checksum (ACPI 5.2.6: all bytes sum to zero).
 */
#include "fuzz.h"
#include "acpi/acpi.h"
#include "vmexit/qual.h"

#define HDR_LEN	  18
#define MAX_MAPS  4096
#define FULL_DESC 512

struct fake_mem {
	const u8 *mem;
	u64 len;
	u8 *maps[MAX_MAPS];
	u32 nr_maps;
};

static const void *fake_map(u64 pa, u64 len, void *ctx)
{
	struct fake_mem *fm = ctx;
	u8 *p;

	CHECK(len > 0); /* acpi.c maps headers and whole tables, never nothing */
	if (pa >= fm->len || len > fm->len - pa || fm->nr_maps >= MAX_MAPS)
		return NULL;
	p = fuzz_dup(fm->mem + pa, len);
	fm->maps[fm->nr_maps++] = p;
	return p;
}

static void unmap_all(struct fake_mem *fm)
{
	while (fm->nr_maps)
		free(fm->maps[--fm->nr_maps]);
}

static u32 le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64 le64(const u8 *p)
{
	return (u64)le32(p) | (u64)le32(p + 4) << 32;
}

static u8 sum(const u8 *p, u64 n)
{
	u8 s = 0;

	while (n--)
		s += *p++;
	return s;
}

/* Make the table at pa sum to zero through its checksum byte (offset 9). */
static void fix_table(u8 *mem, u64 len, u64 pa)
{
	u32 l;

	if (pa >= len || len - pa < ACPI_HEADER_LEN)
		return;
	l = le32(mem + pa + 4);
	if (l >= ACPI_HEADER_LEN && l <= len - pa)
		mem[pa + 9] -= sum(mem + pa, l);
}

static void fix_checksums(u8 *rsdp, u32 rsdp_len, u8 *mem, u64 len)
{
	u64 root;
	u32 esz = 4, rl;

	if (rsdp_len < ACPI_RSDP_V1_LEN)
		return;
	rsdp[8] -= sum(rsdp, ACPI_RSDP_V1_LEN); /* ACPI 5.2.5.3 Checksum */
	root = le32(rsdp + 16);
	if (rsdp[15] >= 2 && rsdp_len >= ACPI_RSDP_V2_LEN) {
		u32 l = le32(rsdp + 20);

		if (l >= ACPI_RSDP_V2_LEN && l <= rsdp_len)
			rsdp[32] -= sum(rsdp, l); /* Extended Checksum */
		if (le64(rsdp + 24)) {
			root = le64(rsdp + 24);
			esz = 8;
		}
	}
	if (root >= len || len - root < ACPI_HEADER_LEN)
		return;
	rl = le32(mem + root + 4);
	if (rl < ACPI_HEADER_LEN || rl > len - root)
		return;
	for (u64 e = root + ACPI_HEADER_LEN; e + esz <= root + rl; e += esz)
		fix_table(mem, len, esz == 8 ? le64(mem + e) : le32(mem + e));
	fix_table(mem, len, root);
}

static bool all_zero(const void *p, size_t n)
{
	const u8 *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static void fuzz_decoders(u64 q, u8 bsz, u8 gpr)
{
	static const u8 io_sizes[8] = {1, 2, 0, 4, 0, 0, 0, 0};
	struct io_qual io = io_qual_decode(q);
	struct cr_qual cr = cr_qual_decode(q);
	struct ept_qual e = ept_qual_decode(q);
	char full[FULL_DESC];
	size_t flen;
	char *buf;

	/* SDM tables: I/O size 2:0, IN 3, string 4, REP 5, imm 6, port 31:16 */
	CHECK(io.size == io_sizes[q & 7] && io.in == ((q >> 3) & 1));
	CHECK(io.string == ((q >> 4) & 1) && io.rep == ((q >> 5) & 1));
	CHECK(io.imm_operand == ((q >> 6) & 1) && io.port == ((q >> 16) & 0xFFFF));
	/* CR number 3:0, type 5:4, LMSW operand 6, GPR 11:8, LMSW data 31:16 */
	CHECK(cr.cr == (q & 15) && (u64)cr.type == ((q >> 4) & 3));
	CHECK(cr.gpr == ((q >> 8) & 15) && cr.lmsw_source == ((q >> 16) & 0xFFFF));
	CHECK(cr.lmsw_mem_operand == ((q >> 6) & 1));
	CHECK(gpr_name(cr.gpr)[0] != '?');
	CHECK(gpr_name(gpr) && (gpr < 16) == (gpr_name(gpr)[0] != '?'));
	/* EPT: bit 8 means something only with bit 7 */
	CHECK(!e.gla_is_translation || e.gla_valid);

	/* A small buffer gets a NUL-terminated prefix of the full text. */
	memset(full, 0x5A, sizeof(full));
	CHECK(ept_qual_describe(&e, full, sizeof(full)) == full);
	flen = strnlen(full, sizeof(full));
	CHECK(flen > 0 && flen < sizeof(full) - 1);
	buf = malloc(bsz ? bsz : 1);
	CHECK(buf);
	memset(buf, 0x5A, bsz ? bsz : 1);
	CHECK(ept_qual_describe(&e, buf, bsz) == buf);
	if (bsz) {
		size_t n = MIN(flen, (size_t)bsz - 1);

		CHECK(memcmp(buf, full, n) == 0 && buf[n] == '\0');
	} else {
		CHECK(buf[0] == 0x5A); /* size 0: nothing written */
	}
	free(buf);
}

/* Independent reading of acpi.h: the OUT's bytes [port, port + size)
 * include byte 1 of a PM1 control register and set its bit 5 (SLP_EN). */
static bool sleep_oracle(const struct acpi_power_info *pi, u16 port, u32 value, u8 size)
{
	const u16 regs[2] = {pi->pm1a_cnt, pi->pm1b_cnt};

	if (!pi->have_fadt || (size != 1 && size != 2 && size != 4))
		return false;
	for (int i = 0; i < 2; i++) {
		for (u32 b = 0; b < size; b++) {
			if (regs[i] && (u32)port + b == (u32)regs[i] + 1 &&
			    ((value >> (8 * b)) & BIT(5)))
				return true;
		}
	}
	return false;
}

static void fuzz_acpi(const u8 *rsdp, u32 rsdp_len, struct fake_mem *fm, u16 port, u32 value,
		      u8 size)
{
	static struct acpi_power_info pi;
	static struct acpi_cpus cpus;
	u64 pa = 1;
	int err;

	err = acpi_find_table(rsdp, rsdp_len, "APIC", fake_map, fm, &pa);
	unmap_all(fm);
	CHECK(err >= 0 && err < ACPI_ERR_COUNT && acpi_strerror(err));
	if (err == ACPI_OK)
		CHECK(pa < fm->len && fm->len - pa >= ACPI_HEADER_LEN &&
		      memcmp(fm->mem + pa, "APIC", 4) == 0);
	else
		CHECK(pa == 0);

	err = acpi_parse_fadt(rsdp, rsdp_len, fake_map, fm, &pi);
	unmap_all(fm);
	CHECK(err >= 0 && err < ACPI_ERR_COUNT);
	if (err == ACPI_OK) {
		CHECK(pi.have_fadt && pi.fadt_addr < fm->len);
		CHECK(fm->len - pi.fadt_addr >= ACPI_FADT_MIN_LEN);
		CHECK(memcmp(fm->mem + pi.fadt_addr, "FACP", 4) == 0);
		CHECK(!pi.reset_supported ||
		      ((pi.fadt_flags & ACPI_FADT_RESET_REG_SUP) && pi.reset_reg.address));
	} else {
		CHECK(all_zero(&pi, sizeof(pi)));
	}
	CHECK(acpi_is_sleep_write(&pi, port, value, size) == sleep_oracle(&pi, port, value, size));
	if (acpi_is_reset_write(&pi, port, value, size))
		CHECK(pi.reset_supported && pi.reset_reg.space_id == ACPI_GAS_IO &&
		      pi.reset_reg.address == port);

	err = acpi_parse_madt(rsdp, rsdp_len, fake_map, fm, &cpus);
	unmap_all(fm);
	CHECK(err >= 0 && err < ACPI_ERR_COUNT);
	if (err == ACPI_OK)
		CHECK(cpus.nr <= ACPI_MAX_CPUS && (!cpus.truncated || cpus.nr == ACPI_MAX_CPUS));
	else
		CHECK(all_zero(&cpus, sizeof(cpus)));

	CHECK(acpi_parse_madt(rsdp, rsdp_len, NULL, fm, &cpus) == ACPI_ERR_INVAL);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct fake_mem fm;
	struct fuzz_in in = {data, size, 0};
	u64 q = TAKE64(&in);
	u8 bsz = TAKE8(&in);
	u32 rsdp_len = TAKE8(&in) % 64;
	u8 flags = TAKE8(&in);
	u16 port = TAKE16(&in);
	u32 value = TAKE32(&in);
	u8 out_size = TAKE8(&in);
	size_t mem_off;
	u8 *rsdp, *mem;

	fuzz_decoders(q, bsz, out_size);

	if (size < HDR_LEN)
		return 0;
	rsdp_len = (u32)MIN((size_t)rsdp_len, size - HDR_LEN);
	mem_off = HDR_LEN + rsdp_len;
	rsdp = fuzz_dup(data + HDR_LEN, rsdp_len);
	mem = fuzz_dup(data + mem_off, size - mem_off);
	if (flags & 1)
		fix_checksums(rsdp, rsdp_len, mem, size - mem_off);
	fm.mem = mem;
	fm.len = size - mem_off;
	fuzz_acpi(rsdp, rsdp_len, &fm, port, value, out_size);
	free(rsdp);
	free(mem);
	return 0;
}

// SPDX-License-Identifier: MIT
/*
 * Unit tests for acpi/acpi_s5.c: \_Sx SLP_TYP values from a DSDT in fake
 * memory; and acpi_sleep_decide(): S5 is power-off, S1-S4 are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "acpi/acpi.h"

#define MEM_BASE 0xE0000
#define MEM_SIZE 0x4000
static u8 mem[MEM_SIZE];
static u8 rsdp[20];

static const void *map(u64 pa, u64 len, void *ctx)
{
	(void)ctx;
	if (pa < MEM_BASE || pa + len > MEM_BASE + MEM_SIZE)
		return NULL;
	return mem + (pa - MEM_BASE);
}

static void checksum(u8 *p, u32 len, u32 at)
{
	u8 sum = 0;

	p[at] = 0;
	for (u32 i = 0; i < len; i++)
		sum += p[i];
	p[at] = (u8)-sum;
}

static void header(u8 *t, const char *sig, u32 len)
{
	memcpy(t, sig, 4);
	memcpy(t + 4, &len, 4);
	t[8] = 1;
}

/* RSDP v1 -> RSDT @0x100 -> FADT @0x200 (DSDT pointer) -> DSDT @0x400 holding aml */
static void build(const u8 *aml, u32 aml_len, bool x_dsdt)
{
	u32 rsdt = MEM_BASE + 0x100, fadt = MEM_BASE + 0x200, dsdt = MEM_BASE + 0x400;
	u32 fadt_len = x_dsdt ? 244 : 116;
	u64 dsdt64 = dsdt;

	memset(mem, 0, sizeof(mem));
	memset(rsdp, 0, sizeof(rsdp));
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 16, &rsdt, 4);
	checksum(rsdp, 20, 8);
	header(mem + 0x100, "RSDT", 40);
	memcpy(mem + 0x100 + 36, &fadt, 4);
	checksum(mem + 0x100, 40, 9);
	header(mem + 0x200, "FACP", fadt_len);
	if (x_dsdt)
		memcpy(mem + 0x200 + 140, &dsdt64, 8);
	else
		memcpy(mem + 0x200 + 40, &dsdt, 4);
	checksum(mem + 0x200, fadt_len, 9);
	header(mem + 0x400, "DSDT", 36 + aml_len);
	memcpy(mem + 0x400 + 36, aml, aml_len);
	checksum(mem + 0x400, 36 + aml_len, 9);
}

static void test_byte_prefix_package(void **state)
{
	/* Name(\_S5, Package(4) {0x05, 0x05, 0, 0}) as iasl emits it */
	static const u8 aml[] = {0x10 /* not part of the DSDT */,
				 0x08,
				 0x5C,
				 '_',
				 'S',
				 '5',
				 '_',
				 0x12,
				 0x0A,
				 0x04,
				 0x0A,
				 0x05,
				 0x0A,
				 0x05,
				 0x00,
				 0x00};
	u8 typ = 0xFF;

	(void)state;
	build(aml + 1, sizeof(aml) - 1, false); /* from NameOp on */
	assert_int_equal(acpi_s5_slp_typ(rsdp, 20, map, NULL, &typ), ACPI_OK);
	assert_int_equal(typ, 5);
}

static void test_zero_op_and_x_dsdt(void **state)
{
	/* Name(_S5_, Package(2) {Zero, Zero}) - Bochs' BIOS style */
	static const u8 aml[] = {0xAA, 0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x00, 0x00};
	u8 typ = 0xFF;

	(void)state;
	build(aml, sizeof(aml), true);
	assert_int_equal(acpi_s5_slp_typ(rsdp, 20, map, NULL, &typ), ACPI_OK);
	assert_int_equal(typ, 0);
}

static void test_missing_or_not_a_name(void **state)
{
	static const u8 no_s5[] = {0x08, '_', 'S', '4', '_', 0x12, 0x04, 0x02, 0x0A, 0x07};
	/* "_S5_" as a method name (MethodOp 0x14), not a package Name */
	static const u8 method[] = {0x14, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x0A, 0x07};
	u8 typ;

	(void)state;
	build(no_s5, sizeof(no_s5), false);
	assert_int_equal(acpi_s5_slp_typ(rsdp, 20, map, NULL, &typ), ACPI_ERR_NOT_FOUND);
	build(method, sizeof(method), false);
	assert_int_equal(acpi_s5_slp_typ(rsdp, 20, map, NULL, &typ), ACPI_ERR_NOT_FOUND);
}

static void test_truncated_package_is_an_error(void **state)
{
	static const u8 aml[] = {0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x0A};
	u8 typ;

	(void)state;
	build(aml, sizeof(aml), false);
	assert_int_equal(acpi_s5_slp_typ(rsdp, 20, map, NULL, &typ), ACPI_ERR_NOT_FOUND);
}

/* SeaBIOS/QEMU style: \_S3 {1, 1}, \_S4 {2, 2}, \_S5 {0, 0}; \_S1 absent */
static const u8 qemu_sx[] = {
	0x08, '\\', '_', 'S', '3', '_',	 0x12, 0x06, 0x04, 0x01, 0x01, 0x00, 0x00, 0x08,
	'\\', '_',  'S', '4', '_', 0x12, 0x08, 0x04, 0x0A, 0x02, 0x0A, 0x02, 0x00, 0x00,
	0x08, '\\', '_', 'S', '5', '_',	 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00,
};

static void test_sleep_types_s3_s4_s5(void **state)
{
	struct acpi_sleep_types st;

	(void)state;
	build(qemu_sx, sizeof(qemu_sx), false);
	assert_int_equal(acpi_sleep_types(rsdp, 20, map, NULL, &st), ACPI_OK);
	assert_false(st.known[0]);
	assert_false(st.known[1]);
	assert_true(st.known[3] && st.known[4] && st.known[5]);
	assert_int_equal(st.typa[3], 1);
	assert_int_equal(st.typb[3], 1);
	assert_int_equal(st.typa[4], 2);
	assert_int_equal(st.typb[4], 2);
	assert_int_equal(st.typa[5], 0);
	assert_int_equal(st.typb[5], 0);
}

static void test_sleep_types_one_element_and_typb(void **state)
{
	/* Package(1) {7}: SLP_TYPb taken as SLP_TYPa; Package(2) {5, 6} */
	static const u8 aml[] = {
		0x08, '_', 'S', '4', '_',  0x12, 0x04, 0x01, 0x0A, 0x07, 0x08,
		'_',  'S', '5', '_', 0x12, 0x06, 0x02, 0x0A, 0x05, 0x0A, 0x06,
	};
	struct acpi_sleep_types st;

	(void)state;
	build(aml, sizeof(aml), false);
	assert_int_equal(acpi_sleep_types(rsdp, 20, map, NULL, &st), ACPI_OK);
	assert_true(st.known[4]);
	assert_int_equal(st.typa[4], 7);
	assert_int_equal(st.typb[4], 7);
	assert_int_equal(st.typa[5], 5);
	assert_int_equal(st.typb[5], 6);
}

static const struct acpi_power_info pm1 = {
	.have_fadt = true,
	.pm1a_cnt = 0xB004,
	.pm1a_evt = 0xB000,
};

#define SLP(typ) (ACPI_PM1_SLP_EN | (u32)(typ) << ACPI_PM1_SLP_TYP_SHIFT)

static void test_decide_s5_is_power_off_s3_s4_refused(void **state)
{
	struct acpi_sleep_types st;
	int sx;

	(void)state;
	build(qemu_sx, sizeof(qemu_sx), false);
	assert_int_equal(acpi_sleep_types(rsdp, 20, map, NULL, &st), ACPI_OK);
	/* what Linux writes for poweroff, suspend to RAM and hibernate */
	assert_int_equal(acpi_sleep_decide(&pm1, &st, 0xB004, SLP(0), 2, &sx),
			 ACPI_SLEEP_POWER_OFF);
	assert_int_equal(sx, 5);
	assert_int_equal(acpi_sleep_decide(&pm1, &st, 0xB004, SLP(1), 2, &sx), ACPI_SLEEP_REFUSE);
	assert_int_equal(sx, 3);
	assert_int_equal(acpi_sleep_decide(&pm1, &st, 0xB004, SLP(2), 2, &sx), ACPI_SLEEP_REFUSE);
	assert_int_equal(sx, 4);
	/* a SLP_TYP no package names: refused, not taken for power-off */
	assert_int_equal(acpi_sleep_decide(&pm1, &st, 0xB004, SLP(6), 2, &sx), ACPI_SLEEP_REFUSE);
	assert_int_equal(sx, -1);
	/* byte write of the upper half: SLP_EN bit 5, SLP_TYP bits 4:2 */
	assert_int_equal(acpi_sleep_decide(&pm1, &st, 0xB005, 0x20 | 1 << 2, 1, &sx),
			 ACPI_SLEEP_REFUSE);
	assert_int_equal(sx, 3);
	assert_int_equal(acpi_sleep_decide(&pm1, &st, 0xB005, 0x20, 1, &sx), ACPI_SLEEP_POWER_OFF);
	/* no SLP_EN: an ordinary write (SLP_TYP set up first, as ACPICA does) */
	assert_int_equal(acpi_sleep_decide(&pm1, &st, 0xB004, 1 << 10, 2, &sx), ACPI_SLEEP_NONE);
	assert_int_equal(acpi_sleep_decide(&pm1, &st, 0xB000, SLP(1), 2, &sx), ACPI_SLEEP_NONE);
}

static void test_decide_pm1b_uses_slp_typb(void **state)
{
	static const struct acpi_power_info ab = {
		.have_fadt = true,
		.pm1a_cnt = 0xB004,
		.pm1b_cnt = 0xB104,
	};
	struct acpi_sleep_types st = {0};
	int sx;

	(void)state;
	st.known[5] = true, st.typa[5] = 5, st.typb[5] = 6;
	st.known[3] = true, st.typa[3] = 6, st.typb[3] = 5;
	assert_int_equal(acpi_sleep_decide(&ab, &st, 0xB004, SLP(5), 2, &sx), ACPI_SLEEP_POWER_OFF);
	assert_int_equal(acpi_sleep_decide(&ab, &st, 0xB104, SLP(6), 2, &sx), ACPI_SLEEP_POWER_OFF);
	assert_int_equal(acpi_sleep_decide(&ab, &st, 0xB104, SLP(5), 2, &sx), ACPI_SLEEP_REFUSE);
	assert_int_equal(sx, 3);
	assert_int_equal(acpi_sleep_decide(&ab, &st, 0xB004, SLP(6), 2, &sx), ACPI_SLEEP_REFUSE);
	assert_int_equal(sx, 3);
}

static void test_decide_without_s5_powers_off(void **state)
{
	struct acpi_sleep_types none = {0};
	int sx;

	(void)state;
	/* nothing known (no DSDT, or \_S5 computed by a method): as before */
	assert_int_equal(acpi_sleep_decide(&pm1, NULL, 0xB004, SLP(1), 2, &sx),
			 ACPI_SLEEP_POWER_OFF);
	assert_int_equal(acpi_sleep_decide(&pm1, &none, 0xB004, SLP(7), 2, &sx),
			 ACPI_SLEEP_POWER_OFF);
	/* but a known \_S3 is still refused */
	none.known[3] = true, none.typa[3] = 1;
	assert_int_equal(acpi_sleep_decide(&pm1, &none, 0xB004, SLP(1), 2, &sx), ACPI_SLEEP_REFUSE);
}

static void test_wak_sts_position(void **state)
{
	u8 bit = 0xFF;

	(void)state;
	assert_true(acpi_wak_sts_in(&pm1, 0xB000, 2, &bit));
	assert_int_equal(bit, 15);
	assert_true(acpi_wak_sts_in(&pm1, 0xB000, 4, &bit));
	assert_int_equal(bit, 15);
	assert_true(acpi_wak_sts_in(&pm1, 0xB001, 1, &bit));
	assert_int_equal(bit, 7);
	assert_false(acpi_wak_sts_in(&pm1, 0xB000, 1, &bit));
	assert_false(acpi_wak_sts_in(&pm1, 0xB002, 2, &bit));
	assert_false(acpi_wak_sts_in(NULL, 0xB000, 2, &bit));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_byte_prefix_package),
		cmocka_unit_test(test_zero_op_and_x_dsdt),
		cmocka_unit_test(test_missing_or_not_a_name),
		cmocka_unit_test(test_truncated_package_is_an_error),
		cmocka_unit_test(test_sleep_types_s3_s4_s5),
		cmocka_unit_test(test_sleep_types_one_element_and_typb),
		cmocka_unit_test(test_decide_s5_is_power_off_s3_s4_refused),
		cmocka_unit_test(test_decide_pm1b_uses_slp_typb),
		cmocka_unit_test(test_decide_without_s5_powers_off),
		cmocka_unit_test(test_wak_sts_position),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

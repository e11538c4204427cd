// SPDX-License-Identifier: MIT
/* Unit tests for acpi/acpi_s5.c: \_S5 SLP_TYPa from a DSDT in fake memory. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_byte_prefix_package),
		cmocka_unit_test(test_zero_op_and_x_dsdt),
		cmocka_unit_test(test_missing_or_not_a_name),
		cmocka_unit_test(test_truncated_package_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: MIT
/*
 * Unit tests for arch/x86_64/tsc_freq.c: the TSC and APIC timer frequencies
 * from the PIT measurement and CPUID 0x15/0x16, and the fall-back to CPUID
 * when the PIT did not count (a gated 8254).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arch/tsc_freq.h"

/* 10 ms of a 2.5 GHz TSC and a 25 MHz APIC timer */
static const struct tsc_pit pit_ok = {
	.ok = true,
	.ms = 10,
	.tsc_ticks = 25000000,
	.apic_ticks = 250000,
};
static const struct tsc_pit pit_gated = {
	.ok = false,
	.ms = 10,
	.tsc_ticks = 1ULL << 32,
	.apic_ticks = 123,
};
/* 24 MHz crystal, TSC = 24 MHz * 125 / 1 = 3 GHz */
static const struct tsc_cpuid leaf15 = {
	.max_leaf = 0x16,
	.l15_eax = 1,
	.l15_ebx = 125,
	.l15_ecx = 24000000,
	.l16_eax = 2900,
};
/* leaf 15H without the crystal (as on Skylake client parts), 16H = 2.1 GHz */
static const struct tsc_cpuid leaf16 = {
	.max_leaf = 0x16,
	.l15_eax = 2,
	.l15_ebx = 176,
	.l15_ecx = 0,
	.l16_eax = 2100,
};
static const struct tsc_cpuid none = {.max_leaf = 0xD};

static void test_pit_only(void **state)
{
	struct tsc_info t;
	bool warn = true;

	(void)state;
	tsc_choose(&none, &pit_ok, &t, &warn);
	assert_false(warn);
	assert_int_equal(t.tsc_khz, 2500000);
	assert_int_equal(t.apic_khz, 25000);
	assert_int_equal(t.tsc_ticks_per_ms, 2500000);
	assert_string_equal(t.source, "PIT");
}

static void test_leaf15_with_pit(void **state)
{
	struct tsc_info t;
	bool warn = true;

	(void)state;
	tsc_choose(&leaf15, &pit_ok, &t, &warn);
	assert_false(warn);
	assert_int_equal(t.tsc_khz, 3000000);
	assert_int_equal(t.apic_khz, 24000);
	/* delays follow the measured rate, not CPUID's claim */
	assert_int_equal(t.tsc_ticks_per_ms, 2500000);
	assert_string_equal(t.source, "CPUID 0x15");
}

static void test_leaf16_with_pit(void **state)
{
	struct tsc_info t;
	bool warn = true;

	(void)state;
	tsc_choose(&leaf16, &pit_ok, &t, &warn);
	assert_false(warn);
	assert_int_equal(t.tsc_khz, 2100000);
	assert_int_equal(t.apic_khz, 25000);
	assert_int_equal(t.tsc_ticks_per_ms, 2500000);
}

static void test_gated_pit_falls_back_to_leaf15(void **state)
{
	struct tsc_info t;
	bool warn = false;

	(void)state;
	tsc_choose(&leaf15, &pit_gated, &t, &warn);
	assert_true(warn);
	assert_int_equal(t.tsc_khz, 3000000);
	assert_int_equal(t.apic_khz, 24000);
	assert_int_equal(t.tsc_ticks_per_ms, 3000000);
	assert_non_null(strstr(t.source, "PIT not counting"));
}

static void test_gated_pit_falls_back_to_leaf16(void **state)
{
	struct tsc_info t;
	bool warn = false;

	(void)state;
	tsc_choose(&leaf16, &pit_gated, &t, &warn);
	assert_true(warn);
	assert_int_equal(t.tsc_khz, 2100000);
	assert_int_equal(t.apic_khz, 0); /* unknown: the guest calibrates it */
	assert_int_equal(t.tsc_ticks_per_ms, 2100000);
}

static void test_gated_pit_and_no_cpuid(void **state)
{
	struct tsc_info t;
	bool warn = false;

	(void)state;
	tsc_choose(&none, &pit_gated, &t, &warn);
	assert_true(warn);
	assert_int_equal(t.tsc_khz, 0);
	assert_int_equal(t.apic_khz, 0);
	/* delays assume a fast TSC: too long, never too short */
	assert_int_equal(t.tsc_ticks_per_ms, TSC_FALLBACK_TICKS_PER_MS);
	assert_non_null(t.source);
}

static void test_leaves_above_max_are_ignored(void **state)
{
	struct tsc_cpuid c = leaf15;
	struct tsc_info t;
	bool warn;

	(void)state;
	c.max_leaf = 0x14;
	tsc_choose(&c, &pit_ok, &t, &warn);
	assert_string_equal(t.source, "PIT");
	assert_int_equal(t.tsc_khz, 2500000);
	c.max_leaf = 0x15; /* 0x15 yes, 0x16 no */
	c.l15_ecx = 0;
	tsc_choose(&c, &pit_gated, &t, &warn);
	assert_int_equal(t.tsc_khz, 0);
	assert_int_equal(t.tsc_ticks_per_ms, TSC_FALLBACK_TICKS_PER_MS);
}

static void test_zero_interval_is_not_a_measurement(void **state)
{
	struct tsc_pit p = pit_ok;
	struct tsc_info t;
	bool warn = false;

	(void)state;
	p.ms = 0; /* no division by zero, and not taken as a measurement */
	tsc_choose(&leaf16, &p, &t, &warn);
	assert_true(warn);
	assert_int_equal(t.tsc_khz, 2100000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pit_only),
		cmocka_unit_test(test_leaf15_with_pit),
		cmocka_unit_test(test_leaf16_with_pit),
		cmocka_unit_test(test_gated_pit_falls_back_to_leaf15),
		cmocka_unit_test(test_gated_pit_falls_back_to_leaf16),
		cmocka_unit_test(test_gated_pit_and_no_cpuid),
		cmocka_unit_test(test_leaves_above_max_are_ignored),
		cmocka_unit_test(test_zero_interval_is_not_a_measurement),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

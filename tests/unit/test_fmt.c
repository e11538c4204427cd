// SPDX-License-Identifier: MIT
/* Unit tests for lib/fmt.c: compared against the host C library's snprintf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/fmt.h"

/* Odd formats are the point of some cases here. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-truncation"

#define SAME(...)                                                                                  \
	do {                                                                                       \
		char a[128], b[128];                                                               \
		int na = fmt_snprintf(a, sizeof(a), __VA_ARGS__);                                  \
		int nb = snprintf(b, sizeof(b), __VA_ARGS__);                                      \
		assert_string_equal(a, b);                                                         \
		assert_int_equal(na, nb);                                                          \
	} while (0)

static void test_integers(void **state)
{
	(void)state;
	SAME("%d %i %u", 0, -1, 4000000000u);
	SAME("%d", -2147483647 - 1);
	SAME("%lld %llu", -9223372036854775807LL - 1, 18446744073709551615ULL);
	SAME("%ld %lx", -5L, 0xdeadbeefcafeUL);
	SAME("%zu %zx", (size_t)12345, (size_t)0xabc);
	SAME("%hhu %hd %hhx", 300, 70000, 0x1ff);
	SAME("%o %#o %#o", 8u, 8u, 0u);
}

static void test_hex_and_flags(void **state)
{
	(void)state;
	SAME("%x %X %#x %#X", 0xabcu, 0xabcu, 0x1fu, 0x1fu);
	SAME("%08x|%-8x|%8x", 0x12u, 0x12u, 0x12u);
	SAME("%016llx", 0xfee00000ULL);
	SAME("%+d % d %+d", 5, 5, -5);
	SAME("%05d|%-5d|%5d", -42, -42, -42);
	SAME("%.3d|%.0d|%5.3d", 7, 0, 7);
	SAME("%*d|%-*d|%*d", 6, 1, 6, 1, -6, 1);
	SAME("%#010x", 0x3f8u);
}

static void test_strings_chars(void **state)
{
	(void)state;
	SAME("[%s] [%10s] [%-10s] [%.2s]", "abc", "abc", "abc", "abc");
	SAME("%c%c%c", 'o', 'k', '!');
	SAME("%5c|%-5c|", 'x', 'y');
	SAME("100%%");
	SAME("%.*s", 3, "abcdef");
}

static void test_pointer(void **state)
{
	char a[64], b[64];

	(void)state;
	fmt_snprintf(a, sizeof(a), "%p", (void *)0x1000);
	snprintf(b, sizeof(b), "%p", (void *)0x1000);
	assert_string_equal(a, b);
}

static void test_truncation(void **state)
{
	char buf[8];
	int n;

	(void)state;
	memset(buf, 'Z', sizeof(buf));
	n = fmt_snprintf(buf, 5, "hello world %d", 42);
	assert_int_equal(n, 14);
	assert_string_equal(buf, "hell");
	assert_int_equal(buf[5], 'Z'); /* nothing past size written */

	n = fmt_snprintf(buf, 1, "abc");
	assert_int_equal(n, 3);
	assert_int_equal(buf[0], '\0');

	buf[0] = 'Q';
	n = fmt_snprintf(buf, 0, "abc");
	assert_int_equal(n, 3);
	assert_int_equal(buf[0], 'Q'); /* size 0 writes nothing */
}

static void test_unknown_conversion(void **state)
{
	char buf[32];

	(void)state;
	fmt_snprintf(buf, sizeof(buf), "a%qb");
	assert_string_equal(buf, "a%qb");
	fmt_snprintf(buf, sizeof(buf), "end%");
	assert_string_equal(buf, "end%");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),      cmocka_unit_test(test_hex_and_flags),
		cmocka_unit_test(test_strings_chars), cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_truncation),    cmocka_unit_test(test_unknown_conversion),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: MIT
/*
 * test_mwait.c - the MWAIT hint of the deepest C-state CPUID leaf 05H
 * lists, for parked CPUs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/mwait.h"

static void test_deepest_hint(void **state)
{
	(void)state;
	assert_int_equal(mwait_deepest_hint(0), 0);		/* nothing listed: C1 */
	assert_int_equal(mwait_deepest_hint(0x00000020), 0x01); /* C1, 2 sub-states */
	/* Skylake-like: C0 0, C1 2, C2 1, C3 1, C4 1... deepest listed C7: 4 */
	assert_int_equal(mwait_deepest_hint(0x40111120), 0x63);
	/* a hole in between does not stop the search */
	assert_int_equal(mwait_deepest_hint(0x00100020), 0x40);
	/* nibble 0 (C0 sub-states) is never a target */
	assert_int_equal(mwait_deepest_hint(0x0000000F), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deepest_hint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

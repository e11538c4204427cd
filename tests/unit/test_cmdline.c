// SPDX-License-Identifier: MIT
/* Unit tests for kernel/cmdline.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/cmdline.h"

static void test_empty_and_null(void **state)
{
	struct hv_options o;
	char err[200] = "";

	(void)state;
	assert_int_equal(cmdline_parse(NULL, &o, err, sizeof(err)), 0);
	assert_int_equal(o.loglevel, -1);
	assert_int_equal(o.stop, -1);
	assert_int_equal(o.guest, GUEST_LINUX);
	assert_int_equal(cmdline_parse("   \t ", &o, err, sizeof(err)), 0);
}

static void test_words_applied(void **state)
{
	struct hv_options o;
	char err[200] = "";

	(void)state;
	assert_int_equal(cmdline_parse(" loglevel=debug  exit=emulator\tguest=selftest ", &o, err,
				       sizeof(err)),
			 0);
	assert_int_equal(o.loglevel, 3);
	assert_int_equal(o.stop, 1);
	assert_int_equal(o.guest, GUEST_SELFTEST);
	assert_int_equal(o.selftest, SELFTEST_CASE_CHECKS);
	assert_int_equal(o.on_guest_fault, ON_FAULT_HALT);
	assert_int_equal(
		cmdline_parse("selftest=entry-failure on_guest_fault=reset", &o, err, sizeof(err)),
		0);
	assert_int_equal(o.selftest, SELFTEST_CASE_ENTRY_FAILURE);
	assert_int_equal(o.on_guest_fault, ON_FAULT_RESET);
	assert_int_equal(cmdline_parse("loglevel=error", &o, err, sizeof(err)), 0);
	assert_int_equal(o.loglevel, 0);
}

static void test_unknown_word_named_with_accepted_list(void **state)
{
	struct hv_options o;
	char err[400] = "";

	(void)state;
	assert_int_equal(cmdline_parse("exit=emulator loglevl=debug", &o, err, sizeof(err)), -1);
	assert_string_equal(
		err,
		"unknown word 'loglevl=debug' on the command line; accepted: "
		"loglevel=error|warn|info|debug exit=halt|emulator "
		"guest=linux|selftest|bench "
		"selftest=checks|triple-fault|ept-misconfig|hv-memory|entry-failure "
		"on_guest_fault=halt|poweroff|reset console=both|serial|screen trace=REASON[,REASON...] cpus=N");
	/* the good word before it still took effect */
	assert_int_equal(o.stop, 1);
}

static void test_bad_value_and_prefix_words(void **state)
{
	struct hv_options o;
	char err[200] = "";

	(void)state;
	assert_int_equal(cmdline_parse("loglevel=verbose", &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "bad value in 'loglevel=verbose'"));
	assert_int_equal(cmdline_parse("loglevel", &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "bad value in 'loglevel'"));
	/* a prefix of a name or value is not a match */
	assert_int_equal(cmdline_parse("log=info", &o, err, sizeof(err)), -1);
	assert_int_equal(cmdline_parse("loglevel=inf", &o, err, sizeof(err)), -1);
	assert_int_equal(cmdline_parse("loglevel=infoo", &o, err, sizeof(err)), -1);
}

static void test_trace_list(void **state)
{
	struct hv_options o;
	char err[400] = "";

	(void)state;
	assert_int_equal(
		cmdline_parse("trace=cpuid,EPT_VIOLATION,io_instruction", &o, err, sizeof(err)), 0);
	assert_true(o.trace_set);
	assert_true(hv_trace_exit(&o, 10));  /* CPUID */
	assert_true(hv_trace_exit(&o, 48));  /* EPT_VIOLATION */
	assert_true(hv_trace_exit(&o, 30));  /* IO_INSTRUCTION */
	assert_false(hv_trace_exit(&o, 31)); /* RDMSR */
	assert_false(hv_trace_exit(&o, 200));
	assert_int_equal(cmdline_parse("trace=cpuid,cpuidd", &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown exit reason 'cpuidd' in trace="));
	assert_int_equal(cmdline_parse("trace=", &o, err, sizeof(err)), -1);
	assert_int_equal(cmdline_parse("trace=cpuid,", &o, err, sizeof(err)), -1);
	assert_int_equal(cmdline_parse("cpus=2", &o, err, sizeof(err)), 0);
	assert_int_equal(o.cpus, 2);
	assert_int_equal(cmdline_parse("cpus=0", &o, err, sizeof(err)), -1);
	assert_int_equal(cmdline_parse("cpus=256", &o, err, sizeof(err)), -1);
	assert_int_equal(cmdline_parse("cpus=2x", &o, err, sizeof(err)), -1);
	assert_int_equal(cmdline_parse("cpus=", &o, err, sizeof(err)), -1);
	assert_int_equal(cmdline_parse("loglevel=info", &o, err, sizeof(err)), 0);
	assert_int_equal(o.cpus, 0);
	assert_false(o.trace_set);
	assert_false(hv_trace_exit(&o, 10));
}

static void test_first_error_kept_and_later_words_applied(void **state)
{
	struct hv_options o;
	char err[200] = "";

	(void)state;
	assert_int_equal(cmdline_parse("foo bar exit=emulator", &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "'foo'"));
	assert_int_equal(o.stop, 1);
}

/* console= picks the log's sinks; the default is both (serial, and the
 * screen where there is one); a value outside the list is refused. */
static void test_console_word(void **state)
{
	struct hv_options o;
	char err[400];

	(void)state;
	assert_int_equal(cmdline_parse("", &o, err, sizeof(err)), 0);
	assert_int_equal(o.console, CONSOLE_BOTH);
	assert_int_equal(cmdline_parse("console=screen", &o, err, sizeof(err)), 0);
	assert_int_equal(o.console, CONSOLE_SCREEN);
	assert_int_equal(cmdline_parse("console=serial", &o, err, sizeof(err)), 0);
	assert_int_equal(o.console, CONSOLE_SERIAL);
	assert_int_equal(cmdline_parse("console=vga", &o, err, sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console_word),
		cmocka_unit_test(test_empty_and_null),
		cmocka_unit_test(test_words_applied),
		cmocka_unit_test(test_unknown_word_named_with_accepted_list),
		cmocka_unit_test(test_bad_value_and_prefix_words),
		cmocka_unit_test(test_first_error_kept_and_later_words_applied),
		cmocka_unit_test(test_trace_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

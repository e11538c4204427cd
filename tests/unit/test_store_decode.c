// SPDX-License-Identifier: MIT
/*
 * test_store_decode.c - the stores Linux uses on the local APIC page,
 * decoded from bytes as gcc emits them, and what must be refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "vmexit/store_decode.h"

static struct store_insn dec(const u8 *b, u32 n, bool lm, bool *ok)
{
	struct store_insn s = {0};

	*ok = store_decode(b, n, lm, &s);
	return s;
}

static void test_mov_register_forms(void **state)
{
	/* 89 07: mov %eax,(%rdi) */
	static const u8 a[] = {0x89, 0x07};
	/* 89 82 00 03 00 00: mov %eax,0x300(%rdx) */
	static const u8 b[] = {0x89, 0x82, 0x00, 0x03, 0x00, 0x00};
	/* 44 89 04 25 b0 00 5f ff: mov %r8d,0xffffffffff5f00b0 (SIB, no base) */
	static const u8 c[] = {0x44, 0x89, 0x04, 0x25, 0xb0, 0x00, 0x5f, 0xff};
	/* 89 50 10: mov %edx,0x10(%rax) (disp8) */
	static const u8 d[] = {0x89, 0x50, 0x10};
	/* 89 35 00 10 00 00: mov %esi,0x1000(%rip) */
	static const u8 e[] = {0x89, 0x35, 0x00, 0x10, 0x00, 0x00};
	struct store_insn s;
	bool ok;

	(void)state;
	s = dec(a, sizeof(a), true, &ok);
	assert_true(ok);
	assert_int_equal(s.length, 2);
	assert_int_equal(s.reg, 0);
	assert_false(s.is_imm || s.is_xchg);
	s = dec(b, sizeof(b), true, &ok);
	assert_true(ok);
	assert_int_equal(s.length, 6);
	assert_int_equal(s.reg, 0);
	s = dec(c, sizeof(c), true, &ok);
	assert_true(ok);
	assert_int_equal(s.length, 8);
	assert_int_equal(s.reg, 8);
	s = dec(d, sizeof(d), true, &ok);
	assert_true(ok);
	assert_int_equal(s.length, 3);
	assert_int_equal(s.reg, 2);
	s = dec(e, sizeof(e), true, &ok);
	assert_true(ok);
	assert_int_equal(s.length, 6);
	assert_int_equal(s.reg, 6);
}

static void test_xchg_and_immediate(void **state)
{
	/* 87 87 b0 00 00 00: xchg %eax,0xb0(%rdi) */
	static const u8 x[] = {0x87, 0x87, 0xb0, 0x00, 0x00, 0x00};
	/* c7 80 00 03 00 00 00 45 00 00: movl $0x4500,0x300(%rax) */
	static const u8 m[] = {0xc7, 0x80, 0x00, 0x03, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00};
	/* 41 c7 44 24 08 01 00 00 00: movl $1,0x8(%r12) (SIB, disp8) */
	static const u8 r[] = {0x41, 0xc7, 0x44, 0x24, 0x08, 0x01, 0x00, 0x00, 0x00};
	struct store_insn s;
	bool ok;

	(void)state;
	s = dec(x, sizeof(x), true, &ok);
	assert_true(ok);
	assert_true(s.is_xchg);
	assert_int_equal(s.length, 6);
	s = dec(m, sizeof(m), true, &ok);
	assert_true(ok);
	assert_true(s.is_imm);
	assert_int_equal(s.imm, 0x4500);
	assert_int_equal(s.length, 10);
	s = dec(r, sizeof(r), true, &ok);
	assert_true(ok);
	assert_int_equal(s.imm, 1);
	assert_int_equal(s.length, 9);
}

static void test_refused(void **state)
{
	static const u8 rexw[] = {0x48, 0x89, 0x07};	   /* 64-bit store */
	static const u8 reg[] = {0x89, 0xc7};		   /* mov %eax,%edi */
	static const u8 word[] = {0x66, 0x89, 0x07};	   /* 16-bit store */
	static const u8 orl[] = {0x09, 0x07};		   /* or: read-modify-write */
	static const u8 c7_1[] = {0xc7, 0x0f, 0, 0, 0, 0}; /* C7 /1 is not MOV */
	static const u8 cut[] = {0x89, 0x82, 0x00, 0x03};  /* truncated disp32 */
	bool ok;

	(void)state;
	dec(rexw, sizeof(rexw), true, &ok);
	assert_false(ok);
	dec(reg, sizeof(reg), true, &ok);
	assert_false(ok);
	dec(word, sizeof(word), true, &ok);
	assert_false(ok);
	dec(orl, sizeof(orl), true, &ok);
	assert_false(ok);
	dec(c7_1, sizeof(c7_1), true, &ok);
	assert_false(ok);
	dec(cut, sizeof(cut), true, &ok);
	assert_false(ok);
	/* outside 64-bit mode 0x44 is INC %esp, not REX */
	static const u8 inc[] = {0x44, 0x89, 0x07};
	dec(inc, sizeof(inc), false, &ok);
	assert_false(ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mov_register_forms),
		cmocka_unit_test(test_xchg_and_immediate),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: MIT
/*
 * Tests for vmexit/qual.c. Qualification values are assembled here from the
 * SDM Vol. 3C field layouts ("Exit Qualification for ..." tables), so each
 * test checks the decoder against the table, not against itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "vmexit/qual.h"

/* I/O: size-1 in bits 2:0, IN bit 3, string bit 4, REP bit 5, imm bit 6, port 31:16. */
static u64 io_q(unsigned int size_enc, bool in, bool string, bool rep, bool imm, u16 port)
{
	return (u64)size_enc | (u64)in << 3 | (u64)string << 4 | (u64)rep << 5 | (u64)imm << 6 |
	       (u64)port << 16;
}

static void test_io_out_byte_dx_com1(void **state)
{
	(void)state;
	/* out dx, al with DX = 0x3F8 */
	struct io_qual io = io_qual_decode(io_q(0, false, false, false, false, 0x3F8));

	assert_int_equal(io.size, 1);
	assert_false(io.in);
	assert_false(io.string);
	assert_false(io.rep);
	assert_false(io.imm_operand);
	assert_int_equal(io.port, 0x3F8);
}

static void test_io_in_word_and_dword(void **state)
{
	(void)state;
	struct io_qual w = io_qual_decode(io_q(1, true, false, false, false, 0x3FD));
	struct io_qual d = io_qual_decode(io_q(3, true, false, false, true, 0xCF9));

	assert_int_equal(w.size, 2);
	assert_true(w.in);
	assert_int_equal(w.port, 0x3FD);
	assert_int_equal(d.size, 4);
	assert_true(d.in);
	assert_true(d.imm_operand);
	assert_int_equal(d.port, 0xCF9);
}

static void test_io_imm_port_and_reset_port(void **state)
{
	(void)state;
	/* out 0x80, al (immediate port); out dx, al with DX = 0xCF9 (reset control) */
	struct io_qual imm = io_qual_decode(io_q(0, false, false, false, true, 0x80));
	struct io_qual rst = io_qual_decode(io_q(0, false, false, false, false, 0xCF9));

	assert_int_equal(imm.size, 1);
	assert_false(imm.in);
	assert_true(imm.imm_operand);
	assert_int_equal(imm.port, 0x80);
	assert_int_equal(rst.size, 1);
	assert_false(rst.in);
	assert_false(rst.imm_operand);
	assert_int_equal(rst.port, 0xCF9);
}

static void test_io_rep_string(void **state)
{
	(void)state;
	/* rep outsb to 0x3F8, rep insd from 0x1F0 */
	struct io_qual outs = io_qual_decode(io_q(0, false, true, true, false, 0x3F8));
	struct io_qual ins = io_qual_decode(io_q(3, true, true, true, false, 0x1F0));
	struct io_qual ins_norep = io_qual_decode(io_q(1, true, true, false, false, 0x1F0));

	assert_true(outs.string);
	assert_true(outs.rep);
	assert_false(outs.in);
	assert_int_equal(outs.size, 1);
	assert_true(ins.string && ins.rep && ins.in);
	assert_int_equal(ins.size, 4);
	assert_int_equal(ins.port, 0x1F0);
	assert_true(ins_norep.string);
	assert_false(ins_norep.rep);
	assert_int_equal(ins_norep.size, 2);
}

static void test_io_reserved_size_and_high_bits(void **state)
{
	(void)state;
	struct io_qual io = io_qual_decode(io_q(2, false, false, false, false, 0xFFFF));
	/* bits above 31 are reserved and must not leak into the port */
	struct io_qual hi =
		io_qual_decode(io_q(0, true, false, false, false, 0x80) | 0xFFFFFFFF00000000ULL);

	assert_int_equal(io.size, 0);
	assert_int_equal(io.port, 0xFFFF);
	assert_int_equal(hi.port, 0x80);
	assert_int_equal(hi.size, 1);
}

/* CR: CR number 3:0, type 5:4, LMSW mem 6, GPR 11:8, LMSW data 31:16. */
static u64 cr_q(unsigned int cr, unsigned int type, bool mem, unsigned int gpr, u16 src)
{
	return (u64)cr | (u64)type << 4 | (u64)mem << 6 | (u64)gpr << 8 | (u64)src << 16;
}

static void test_cr_mov_to_cr0_from_rax(void **state)
{
	(void)state;
	struct cr_qual cr = cr_qual_decode(cr_q(0, 0, false, 0, 0));

	assert_int_equal(cr.cr, 0);
	assert_int_equal(cr.type, CR_ACCESS_MOV_TO_CR);
	assert_int_equal(cr.gpr, 0);
	assert_string_equal(gpr_name(cr.gpr), "rax");
}

static void test_cr_mov_from_cr3_to_r15(void **state)
{
	(void)state;
	struct cr_qual cr = cr_qual_decode(cr_q(3, 1, false, 15, 0));

	assert_int_equal(cr.cr, 3);
	assert_int_equal(cr.type, CR_ACCESS_MOV_FROM_CR);
	assert_int_equal(cr.gpr, 15);
	assert_string_equal(gpr_name(cr.gpr), "r15");
}

static void test_cr_mov_to_cr4_from_rsp(void **state)
{
	(void)state;
	struct cr_qual cr = cr_qual_decode(cr_q(4, 0, false, 4, 0));

	assert_int_equal(cr.cr, 4);
	assert_int_equal(cr.type, CR_ACCESS_MOV_TO_CR);
	assert_string_equal(gpr_name(cr.gpr), "rsp");
}

static void test_cr_clts(void **state)
{
	(void)state;
	struct cr_qual cr = cr_qual_decode(cr_q(0, 2, false, 0, 0));

	assert_int_equal(cr.type, CR_ACCESS_CLTS);
	assert_int_equal(cr.cr, 0);
}

static void test_cr_lmsw_register_and_memory(void **state)
{
	(void)state;
	struct cr_qual reg = cr_qual_decode(cr_q(0, 3, false, 0, 0x0001));
	struct cr_qual mem = cr_qual_decode(cr_q(0, 3, true, 0, 0xFFFF));

	assert_int_equal(reg.type, CR_ACCESS_LMSW);
	assert_false(reg.lmsw_mem_operand);
	assert_int_equal(reg.lmsw_source, 0x0001);
	assert_int_equal(mem.type, CR_ACCESS_LMSW);
	assert_true(mem.lmsw_mem_operand);
	assert_int_equal(mem.lmsw_source, 0xFFFF);
}

static void test_gpr_names(void **state)
{
	(void)state;
	static const char *const want[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp",
					     "rsi", "rdi", "r8",  "r9",	 "r10", "r11",
					     "r12", "r13", "r14", "r15"};
	u8 i;

	for (i = 0; i < 16; i++)
		assert_string_equal(gpr_name(i), want[i]);
	assert_string_equal(gpr_name(16), "?");
	assert_string_equal(gpr_name(255), "?");
}

/* EPT: R 0, W 1, X 2, readable 3, writable 4, executable 5, GLA valid 7,
 * translation 8, NMI unblocking 12. */
#define EPT_R	   BIT(0)
#define EPT_W	   BIT(1)
#define EPT_X	   BIT(2)
#define EPT_RD	   BIT(3)
#define EPT_WR	   BIT(4)
#define EPT_EX	   BIT(5)
#define EPT_GLA	   BIT(7)
#define EPT_TRANS  BIT(8)
#define EPT_NMI_UB BIT(12)

static void test_ept_decode_each_bit(void **state)
{
	(void)state;
	struct ept_qual e;

	e = ept_qual_decode(EPT_R);
	assert_true(e.read);
	assert_false(e.write || e.fetch || e.readable || e.writable || e.executable ||
		     e.gla_valid || e.gla_is_translation || e.nmi_unblocking);
	e = ept_qual_decode(EPT_W | EPT_RD | EPT_EX);
	assert_true(e.write && e.readable && e.executable);
	assert_false(e.read || e.fetch || e.writable);
	e = ept_qual_decode(EPT_X | EPT_WR);
	assert_true(e.fetch && e.writable);
	assert_false(e.read || e.write || e.readable || e.executable);
	e = ept_qual_decode(EPT_GLA | EPT_TRANS | EPT_NMI_UB);
	assert_true(e.gla_valid && e.gla_is_translation && e.nmi_unblocking);
	e = ept_qual_decode(EPT_GLA);
	assert_true(e.gla_valid);
	assert_false(e.gla_is_translation);
}

static void test_ept_translation_needs_gla_valid(void **state)
{
	(void)state;
	/* bit 8 is undefined unless bit 7 is set */
	struct ept_qual e = ept_qual_decode(EPT_R | EPT_TRANS);

	assert_false(e.gla_valid);
	assert_false(e.gla_is_translation);
}

static void test_ept_describe_write_read_only(void **state)
{
	(void)state;
	char buf[128];
	struct ept_qual e = ept_qual_decode(EPT_W | EPT_RD | EPT_EX | EPT_GLA | EPT_TRANS);

	assert_ptr_equal(ept_qual_describe(&e, buf, sizeof(buf)), buf);
	assert_string_equal(buf, "write to a read-only page (entry R-X), linear address valid");
}

static void test_ept_describe_variants(void **state)
{
	(void)state;
	char buf[128];
	struct ept_qual e;

	e = ept_qual_decode(EPT_R);
	assert_string_equal(ept_qual_describe(&e, buf, sizeof(buf)),
			    "read from a non-present page (entry ---), no linear address");
	e = ept_qual_decode(EPT_X | EPT_RD | EPT_WR | EPT_GLA | EPT_TRANS);
	assert_string_equal(ept_qual_describe(&e, buf, sizeof(buf)),
			    "fetch from a non-executable page (entry RW-), linear address valid");
	e = ept_qual_decode(EPT_R | EPT_W | EPT_EX | EPT_GLA);
	assert_string_equal(ept_qual_describe(&e, buf, sizeof(buf)),
			    "read+write to a non-writable page (entry --X), linear address "
			    "valid, guest paging-structure access");
	e = ept_qual_decode(EPT_R | EPT_X | EPT_EX | EPT_NMI_UB);
	assert_string_equal(ept_qual_describe(&e, buf, sizeof(buf)),
			    "read+fetch from a non-readable page (entry --X), no linear address, "
			    "NMI unblocked by IRET");
	e = ept_qual_decode(EPT_RD | EPT_WR | EPT_EX);
	assert_string_equal(ept_qual_describe(&e, buf, sizeof(buf)),
			    "access to a page (entry RWX), no linear address");
}

static void test_ept_describe_truncates(void **state)
{
	(void)state;
	char buf[16];
	char guard[4] = {'A', 'B', 'C', 'D'};
	struct ept_qual e = ept_qual_decode(EPT_W | EPT_RD | EPT_EX | EPT_GLA | EPT_TRANS);

	memset(buf, 'Z', sizeof(buf));
	ept_qual_describe(&e, buf, 6);
	assert_string_equal(buf, "write");
	assert_int_equal(buf[6], 'Z');

	ept_qual_describe(&e, buf, 1);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'r'); /* untouched from the previous call */

	/* size 0 writes nothing */
	ept_qual_describe(&e, guard, 0);
	assert_memory_equal(guard, "ABCD", 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_io_out_byte_dx_com1),
		cmocka_unit_test(test_io_in_word_and_dword),
		cmocka_unit_test(test_io_imm_port_and_reset_port),
		cmocka_unit_test(test_io_rep_string),
		cmocka_unit_test(test_io_reserved_size_and_high_bits),
		cmocka_unit_test(test_cr_mov_to_cr0_from_rax),
		cmocka_unit_test(test_cr_mov_from_cr3_to_r15),
		cmocka_unit_test(test_cr_mov_to_cr4_from_rsp),
		cmocka_unit_test(test_cr_clts),
		cmocka_unit_test(test_cr_lmsw_register_and_memory),
		cmocka_unit_test(test_gpr_names),
		cmocka_unit_test(test_ept_decode_each_bit),
		cmocka_unit_test(test_ept_translation_needs_gla_valid),
		cmocka_unit_test(test_ept_describe_write_read_only),
		cmocka_unit_test(test_ept_describe_variants),
		cmocka_unit_test(test_ept_describe_truncates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: MIT
/*
 * test_guest_paging.c - guest address translation over tables built in a
 * fake guest memory: 4-level with 4 KiB, 2 MiB and 1 GiB pages, 5-level,
 * PAE, 32-bit paging with 4 MiB pages, paging off, and absent entries.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmexit/guest_paging.h"
#include "hw/msr.h"
#include "hw/x86.h"

#define MEM_PAGES 32
static u8 mem[MEM_PAGES * 4096]; /* guest-physical 0 .. 128 KiB */

static u64 rd64(u64 pa, void *ctx)
{
	u64 v;

	(void)ctx;
	assert_true(pa + 8 <= sizeof(mem));
	memcpy(&v, mem + pa, 8);
	return v;
}

static void wr64(u64 pa, u64 v)
{
	memcpy(mem + pa, &v, 8);
}

static void wr32(u64 pa, u32 v)
{
	memcpy(mem + pa, &v, 4);
}

static int setup(void **state)
{
	(void)state;
	memset(mem, 0, sizeof(mem));
	return 0;
}

static u64 tr(const struct guest_paging *g, u64 la, bool *ok)
{
	u64 pa = 0;

	*ok = guest_translate(g, la, rd64, NULL, &pa);
	return pa;
}

/* la 0xffffffff81234567: PML4 511, PDPT 510, PD 9, PT 0x34 */
static void test_four_level(void **state)
{
	struct guest_paging g = {X86_CR0_PG | X86_CR0_PE, 0x1000, X86_CR4_PAE,
				 IA32_EFER_LME | IA32_EFER_LMA};
	u64 la = 0xFFFFFFFF81234567ULL;
	bool ok;

	(void)state;
	wr64(0x1000 + 511 * 8, 0x2000 | 3);
	wr64(0x2000 + 510 * 8, 0x3000 | 3);
	wr64(0x3000 + 9 * 8, 0x4000 | 3);
	wr64(0x4000 + 0x34 * 8, 0x12345000ULL | 3);
	assert_int_equal(tr(&g, la, &ok), 0x12345567ULL);
	assert_true(ok);
	/* a 2 MiB page at the PDE */
	wr64(0x3000 + 9 * 8, 0x40000000ULL | 0x83);
	assert_int_equal(tr(&g, la, &ok), 0x40034567ULL);
	/* a 1 GiB page at the PDPTE */
	wr64(0x2000 + 510 * 8, 0x80000000ULL | 0x83);
	assert_int_equal(tr(&g, la, &ok), 0x81234567ULL);
	/* not present */
	wr64(0x1000 + 511 * 8, 0);
	tr(&g, la, &ok);
	assert_false(ok);
}

static void test_five_level(void **state)
{
	struct guest_paging g = {X86_CR0_PG | X86_CR0_PE, 0x1000, X86_CR4_PAE | X86_CR4_LA57,
				 IA32_EFER_LMA};
	bool ok;

	(void)state;
	wr64(0x1000 + 1 * 8, 0x2000 | 1); /* PML5 index 1: la bit 48 */
	wr64(0x2000, 0x3000 | 1);
	wr64(0x3000, 0x4000 | 1);
	wr64(0x4000, 0x5000 | 1);
	wr64(0x5000, 0x9000 | 1);
	assert_int_equal(tr(&g, 0x0001000000000123ULL, &ok), 0x9123);
	assert_true(ok);
}

static void test_pae_and_32bit(void **state)
{
	struct guest_paging pae = {X86_CR0_PG | X86_CR0_PE, 0x1020, X86_CR4_PAE, 0};
	struct guest_paging p32 = {X86_CR0_PG | X86_CR0_PE, 0x6000, X86_CR4_PSE, 0};
	bool ok;

	(void)state;
	/* PAE: PDPTE 3 (la bits 31:30), PDE 1, PTE 2 */
	wr64(0x1020 + 3 * 8, 0x2000 | 1);
	wr64(0x2000 + 1 * 8, 0x3000 | 1);
	wr64(0x3000 + 2 * 8, 0x77000 | 1);
	assert_int_equal(tr(&pae, 0xC0202ABCULL, &ok), 0x77ABC);
	assert_true(ok);
	/* 32-bit: a 4 MiB page (PSE) and a 4 KiB one */
	wr32(0x6000 + 0x300 * 4, 0x00400000u | 0x83);
	assert_int_equal(tr(&p32, 0xC0012345ULL, &ok), 0x412345);
	wr32(0x6000 + 1 * 4, 0x7000 | 1);
	wr32(0x7000 + 5 * 4, 0x0001F000u | 1);
	assert_int_equal(tr(&p32, 0x00405123ULL, &ok), 0x1F123);
	/* without CR4.PSE the PS bit is ignored: the PDE points at a table */
	p32.cr4 = 0;
	wr32(0x6000 + 0x300 * 4, 0x8000 | 0x81);
	wr32(0x8000 + 0x12 * 4, 0x5000 | 1);
	assert_int_equal(tr(&p32, 0xC0012345ULL, &ok), 0x5345);
}

static void test_paging_off(void **state)
{
	struct guest_paging g = {X86_CR0_PE, 0, 0, 0};
	bool ok;

	(void)state;
	assert_int_equal(tr(&g, 0x123456789ULL, &ok), 0x23456789ULL);
	assert_true(ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_four_level, setup),
		cmocka_unit_test_setup(test_five_level, setup),
		cmocka_unit_test_setup(test_pae_and_32bit, setup),
		cmocka_unit_test_setup(test_paging_off, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

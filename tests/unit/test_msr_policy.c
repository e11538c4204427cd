// SPDX-License-Identifier: MIT
/*
 * Tests for msr/policy.c: the policy per rule category and at every range
 * boundary, the bitmap layout (SDM Vol. 3C "MSR-Bitmap Address") checked
 * byte by byte, and agreement of bitmap and policy over both ranges.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "msr/policy.h"
#include "hw/msr.h"

static void expect_policy(u32 msr, enum msr_action read, enum msr_action write)
{
	const struct msr_rule *rule = msr_rule_find(msr);

	assert_non_null(rule);
	assert_non_null(rule->name);
	assert_true(rule->first <= msr && msr <= rule->last);
	assert_int_equal(msr_policy(msr, false), read);
	assert_int_equal(msr_policy(msr, true), write);
	assert_int_equal(rule->read, read);
	assert_int_equal(rule->write, write);
}

static void test_mtrrs_read_zero(void **state)
{
	(void)state;
	static const u32 fixed[] = {0x250, 0x258, 0x259, 0x268, 0x269, 0x26A,
				    0x26B, 0x26C, 0x26D, 0x26E, 0x26F};
	u32 msr;
	size_t i;

	expect_policy(IA32_MTRRCAP, MSR_ZERO_IGNORE, MSR_GP);
	expect_policy(IA32_MTRR_DEF_TYPE, MSR_ZERO_IGNORE, MSR_ZERO_IGNORE);
	for (msr = 0x200; msr <= 0x21F; msr++)
		expect_policy(msr, MSR_ZERO_IGNORE, MSR_ZERO_IGNORE);
	for (i = 0; i < ARRAY_SIZE(fixed); i++)
		expect_policy(fixed[i], MSR_ZERO_IGNORE, MSR_ZERO_IGNORE);
	/* neighbours of the fixed MTRRs pass */
	expect_policy(0x24F, MSR_PASS, MSR_PASS);
	expect_policy(0x251, MSR_PASS, MSR_PASS);
	expect_policy(0x257, MSR_PASS, MSR_PASS);
	expect_policy(0x25A, MSR_PASS, MSR_PASS);
	expect_policy(0x267, MSR_PASS, MSR_PASS);
	expect_policy(0x270, MSR_PASS, MSR_PASS);
	expect_policy(0x2FE, MSR_PASS, MSR_PASS);
	expect_policy(0x300, MSR_PASS, MSR_PASS);
	expect_policy(0xFD, MSR_PASS, MSR_PASS);
	expect_policy(0xFF, MSR_PASS, MSR_PASS);

	for (msr = 0x200; msr <= 0x21F; msr++)
		assert_int_equal(msr_emulated_read(msr), 0);
	assert_int_equal(msr_emulated_read(IA32_MTRRCAP), 0);
	assert_int_equal(msr_emulated_read(IA32_MTRR_DEF_TYPE), 0);
}

static void test_boundaries(void **state)
{
	(void)state;
	expect_policy(0x1FF, MSR_PASS, MSR_PASS);
	expect_policy(0x200, MSR_ZERO_IGNORE, MSR_ZERO_IGNORE);
	expect_policy(0x21F, MSR_ZERO_IGNORE, MSR_ZERO_IGNORE);
	expect_policy(0x220, MSR_PASS, MSR_PASS);
	expect_policy(0x277, MSR_PASS, MSR_PASS); /* IA32_PAT */
	/* x2APIC: only ICR writes are the hypervisor's (virtual INIT/SIPI) */
	expect_policy(0x830, MSR_PASS, MSR_DEVICE);
	expect_policy(0x80B, MSR_PASS, MSR_PASS); /* EOI */
	expect_policy(0x831, MSR_PASS, MSR_PASS);
	expect_policy(0x2FF, MSR_ZERO_IGNORE, MSR_ZERO_IGNORE);
	expect_policy(0x47F, MSR_PASS, MSR_PASS);
	expect_policy(0x480, MSR_GP, MSR_GP);
	expect_policy(0x493, MSR_GP, MSR_GP);
	expect_policy(0x494, MSR_PASS, MSR_PASS);
	expect_policy(0xC0000080, MSR_PASS, MSR_PASS); /* IA32_EFER */
	expect_policy(0x1FFF, MSR_PASS, MSR_PASS);
	expect_policy(0x2000, MSR_HARDWARE, MSR_HARDWARE);
	expect_policy(0x40000000, MSR_HARDWARE, MSR_HARDWARE);
	expect_policy(0xBFFFFFFF, MSR_HARDWARE, MSR_HARDWARE);
	expect_policy(0xC0000000, MSR_PASS, MSR_PASS);
	expect_policy(0xC0001FFF, MSR_PASS, MSR_PASS);
	expect_policy(0xC0002000, MSR_HARDWARE, MSR_HARDWARE);
	expect_policy(0xFFFFFFFF, MSR_HARDWARE, MSR_HARDWARE);
	expect_policy(0, MSR_PASS, MSR_PASS);
}

static void test_feature_control_locked_vmx_off(void **state)
{
	(void)state;
	u64 v;

	expect_policy(IA32_FEATURE_CONTROL, MSR_EMULATE, MSR_GP);
	expect_policy(IA32_FEATURE_CONTROL - 1, MSR_PASS, MSR_PASS);
	expect_policy(IA32_FEATURE_CONTROL + 1, MSR_PASS, MSR_PASS);
	v = msr_emulated_read(IA32_FEATURE_CONTROL);
	assert_true(v & IA32_FEATURE_CONTROL_LOCK);
	assert_false(v & IA32_FEATURE_CONTROL_VMX_INSIDE_SMX);
	assert_false(v & IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX);
	assert_int_equal(v, 1);
}

static void test_vmx_capability_msrs_gp(void **state)
{
	(void)state;
	u32 msr;

	for (msr = IA32_VMX_BASIC; msr <= IA32_VMX_EXIT_CTLS2; msr++)
		expect_policy(msr, MSR_GP, MSR_GP);
	assert_int_equal(IA32_VMX_EXIT_CTLS2 - IA32_VMX_BASIC + 1, 20);
}

static void test_pass_through_sample(void **state)
{
	(void)state;
	static const u32 pass[] = {IA32_TIME_STAMP_COUNTER,
				   IA32_APIC_BASE,
				   IA32_SPEC_CTRL,
				   IA32_BIOS_SIGN_ID,
				   IA32_SYSENTER_CS,
				   IA32_SYSENTER_EIP,
				   IA32_MISC_ENABLE,
				   IA32_DEBUGCTL,
				   IA32_X2APIC_FIRST,
				   IA32_X2APIC_LAST,
				   IA32_XSS,
				   IA32_STAR,
				   IA32_LSTAR,
				   IA32_CSTAR,
				   IA32_FMASK,
				   IA32_FS_BASE,
				   IA32_GS_BASE,
				   IA32_KERNEL_GS_BASE,
				   IA32_TSC_AUX};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pass); i++)
		expect_policy(pass[i], MSR_PASS, MSR_PASS);
}

/* Reads the bit straight from the SDM layout, independently of the module. */
static bool bitmap_bit(const u8 *bm, size_t area, u32 index)
{
	return (bm[area + index / 8] >> (index % 8)) & 1;
}

static void test_bitmap_layout(void **state)
{
	(void)state;
	static u8 bm[MSR_BITMAP_SIZE];
	size_t i, set = 0;

	msr_bitmap_build(bm);
	/* read-low 0x000, read-high 0x400, write-low 0x800, write-high 0xC00 */
	assert_true(bitmap_bit(bm, 0x000, IA32_FEATURE_CONTROL)); /* byte 7, bit 2 */
	assert_true(bitmap_bit(bm, 0x800, IA32_FEATURE_CONTROL));
	assert_int_equal(bm[0x007], 0x04);
	assert_int_equal(bm[0x807], 0x04);
	assert_true(bitmap_bit(bm, 0x000, IA32_VMX_BASIC)); /* byte 0x90, bit 0 */
	assert_int_equal(bm[0x090], 0xFF);		    /* 0x480..0x487 */
	assert_int_equal(bm[0x091], 0xFF);		    /* 0x488..0x48F */
	assert_int_equal(bm[0x092], 0x0F);		    /* 0x490..0x493 */
	assert_int_equal(bm[0x892], 0x0F);
	assert_int_equal(bm[0x040], 0xFF); /* 0x200..0x207 */
	assert_int_equal(bm[0x043], 0xFF); /* 0x218..0x21F */
	assert_int_equal(bm[0x044], 0x00); /* 0x220..0x227 */
	assert_int_equal(bm[0x04E], 0x00); /* 0x270..0x277: PAT passes */
	assert_int_equal(bm[0x05F], 0x80); /* 0x2FF DEF_TYPE */
	assert_int_equal(bm[0x04A], 0x01); /* 0x250 */
	assert_int_equal(bm[0x04B], 0x03); /* 0x258, 0x259 */
	assert_int_equal(bm[0x04D], 0xFF); /* 0x268..0x26F */
	assert_false(bitmap_bit(bm, 0x000, IA32_PAT));
	assert_false(bitmap_bit(bm, 0x400, IA32_EFER - MSR_BITMAP_HIGH_FIRST));
	assert_false(bitmap_bit(bm, 0xC00, IA32_EFER - MSR_BITMAP_HIGH_FIRST));

	/* 1 FEATURE_CONTROL + 1 MTRRCAP + 32 variable + 11 fixed + 1 DEF_TYPE
	 * + 20 VMX = 66 intercepted MSRs per direction, none in the high
	 * range; writes also exit for the x2APIC ICR (0x830). */
	for (i = 0; i < 0x400; i++)
		set += (size_t)__builtin_popcount(bm[i]);
	assert_int_equal(set, 66);
	for (set = 0, i = 0x800; i < 0xC00; i++)
		set += (size_t)__builtin_popcount(bm[i]);
	assert_int_equal(set, 67);
	assert_true(bitmap_bit(bm, 0x800, IA32_X2APIC_ICR));
	assert_false(bitmap_bit(bm, 0x000, IA32_X2APIC_ICR));
	for (i = 0x400; i < 0x800; i++)
		assert_int_equal(bm[i], 0);
	for (i = 0xC00; i < 0x1000; i++)
		assert_int_equal(bm[i], 0);
}

static void test_bitmap_build_clears_old_contents(void **state)
{
	(void)state;
	static u8 bm[MSR_BITMAP_SIZE];
	size_t i;

	for (i = 0; i < MSR_BITMAP_SIZE; i++)
		bm[i] = 0xFF;
	msr_bitmap_build(bm);
	assert_false(msr_bitmap_intercepts(bm, IA32_EFER, false));
	assert_int_equal(bm[0xFFF], 0);
	assert_int_equal(bm[0x000], 0);
}

static void check_range_agrees(const u8 *bm, u32 first, u32 last)
{
	u32 msr;

	for (msr = first; msr <= last; msr++) {
		assert_int_equal(msr_bitmap_intercepts(bm, msr, false),
				 msr_policy(msr, false) != MSR_PASS);
		assert_int_equal(msr_bitmap_intercepts(bm, msr, true),
				 msr_policy(msr, true) != MSR_PASS);
	}
}

static void test_bitmap_agrees_with_policy(void **state)
{
	(void)state;
	static u8 bm[MSR_BITMAP_SIZE];
	static const u32 outside[] = {0x2000,	  0x40000000, 0x40000001, 0xBFFFFFFF,
				      0xC0002000, 0xC0010000, 0xFFFFFFFF};
	size_t i;

	msr_bitmap_build(bm);
	check_range_agrees(bm, MSR_BITMAP_LOW_FIRST, MSR_BITMAP_LOW_LAST);
	check_range_agrees(bm, MSR_BITMAP_HIGH_FIRST, MSR_BITMAP_HIGH_LAST);
	for (i = 0; i < ARRAY_SIZE(outside); i++) {
		assert_true(msr_bitmap_intercepts(bm, outside[i], false));
		assert_true(msr_bitmap_intercepts(bm, outside[i], true));
		assert_int_equal(msr_policy(outside[i], false), MSR_HARDWARE);
		assert_int_equal(msr_policy(outside[i], true), MSR_HARDWARE);
	}
}

static void test_intercepts_reads_given_bitmap(void **state)
{
	(void)state;
	/* A hand-made bitmap: intercepts() must read each of the four areas. */
	static u8 bm[MSR_BITMAP_SIZE];

	bm[0x000 + 0x1B / 8] = 1u << (0x1B % 8);     /* read IA32_APIC_BASE */
	bm[0x400 + 0x80 / 8] = 1u << (0x80 % 8);     /* read IA32_EFER */
	bm[0x800 + 0x1FFF / 8] = 1u << (0x1FFF % 8); /* write 0x1FFF */
	bm[0xC00 + 0x102 / 8] = 1u << (0x102 % 8);   /* write KERNEL_GS_BASE */
	assert_true(msr_bitmap_intercepts(bm, IA32_APIC_BASE, false));
	assert_false(msr_bitmap_intercepts(bm, IA32_APIC_BASE, true));
	assert_true(msr_bitmap_intercepts(bm, IA32_EFER, false));
	assert_false(msr_bitmap_intercepts(bm, IA32_EFER, true));
	assert_true(msr_bitmap_intercepts(bm, 0x1FFF, true));
	assert_false(msr_bitmap_intercepts(bm, 0x1FFF, false));
	assert_true(msr_bitmap_intercepts(bm, IA32_KERNEL_GS_BASE, true));
	assert_false(msr_bitmap_intercepts(bm, IA32_KERNEL_GS_BASE, false));
	assert_false(msr_bitmap_intercepts(bm, IA32_FS_BASE, true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mtrrs_read_zero),
		cmocka_unit_test(test_boundaries),
		cmocka_unit_test(test_feature_control_locked_vmx_off),
		cmocka_unit_test(test_vmx_capability_msrs_gp),
		cmocka_unit_test(test_pass_through_sample),
		cmocka_unit_test(test_bitmap_layout),
		cmocka_unit_test(test_bitmap_build_clears_old_contents),
		cmocka_unit_test(test_bitmap_agrees_with_policy),
		cmocka_unit_test(test_intercepts_reads_given_bitmap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

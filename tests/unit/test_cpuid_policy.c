// SPDX-License-Identifier: MIT
/*
 * Tests for vmexit/cpuid_policy.c. Bit positions are spelled out here from
 * the SDM Vol. 2A CPUID tables rather than taken from hw/cpuid_bits.h, so a wrong
 * constant there is caught too.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vmexit/cpuid_policy.h"
#include "hw/vmx.h"
#include "hw/cpuid_bits.h"

#define ECX_VMX	       (1u << 5)
#define ECX_SMX	       (1u << 6)
#define ECX_XSAVE      (1u << 26)
#define ECX_OSXSAVE    (1u << 27)
#define ECX_HYPERVISOR (1u << 31)
#define ECX7_PKU       (1u << 3)
#define ECX7_OSPKE     (1u << 4)
#define CR4_OSXSAVE    (1ull << 18)
#define CR4_PKE	       (1ull << 22)

static const struct cpuid_regs hw_sample = {0x000906EA, 0x01100800, 0x77FAF3BF, 0xBFEBFBFF};

static struct cpuid_regs regs(u32 a, u32 b, u32 c, u32 d)
{
	struct cpuid_regs r = {a, b, c, d};
	return r;
}

static void assert_regs_equal(struct cpuid_regs got, struct cpuid_regs want)
{
	assert_int_equal(got.eax, want.eax);
	assert_int_equal(got.ebx, want.ebx);
	assert_int_equal(got.ecx, want.ecx);
	assert_int_equal(got.edx, want.edx);
}

static void test_leaf1_hides_vmx_smx_sets_hypervisor(void **state)
{
	(void)state;
	struct cpuid_regs hw = regs(0x906EA, 0x1100800, ECX_VMX | ECX_SMX | 0x1, 0xBFEBFBFF);
	struct cpuid_regs r = cpuid_policy(1, 0, hw, 0);

	assert_int_equal(r.ecx & (ECX_VMX | ECX_SMX), 0);
	assert_int_equal(r.ecx & ECX_HYPERVISOR, ECX_HYPERVISOR);
	assert_int_equal(r.ecx & 0x1, 0x1); /* SSE3 untouched */
	assert_int_equal(r.eax, hw.eax);
	assert_int_equal(r.ebx, hw.ebx);
	assert_int_equal(r.edx, hw.edx);
	/* every other ECX bit is left as it was */
	assert_int_equal(r.ecx & ~(ECX_VMX | ECX_SMX | ECX_HYPERVISOR | ECX_OSXSAVE),
			 hw.ecx & ~(ECX_VMX | ECX_SMX | ECX_HYPERVISOR | ECX_OSXSAVE));
}

static void test_leaf1_osxsave_follows_guest_cr4(void **state)
{
	(void)state;
	/* host has OSXSAVE set (its own CR4); the guest's CR4 decides */
	struct cpuid_regs xsave = regs(0, 0, ECX_XSAVE | ECX_OSXSAVE, 0);
	struct cpuid_regs no_xsave = regs(0, 0, ECX_OSXSAVE, 0);
	struct cpuid_regs host_off = regs(0, 0, ECX_XSAVE, 0);

	assert_int_equal(cpuid_policy(1, 0, xsave, CR4_OSXSAVE).ecx & ECX_OSXSAVE, ECX_OSXSAVE);
	assert_int_equal(cpuid_policy(1, 0, xsave, 0).ecx & ECX_OSXSAVE, 0);
	assert_int_equal(cpuid_policy(1, 0, xsave, ~CR4_OSXSAVE).ecx & ECX_OSXSAVE, 0);
	/* without XSAVE, OSXSAVE stays clear whatever CR4 says */
	assert_int_equal(cpuid_policy(1, 0, no_xsave, CR4_OSXSAVE).ecx & ECX_OSXSAVE, 0);
	/* host CR4.OSXSAVE clear but guest set: the guest still sees it */
	assert_int_equal(cpuid_policy(1, 0, host_off, CR4_OSXSAVE).ecx & ECX_OSXSAVE, ECX_OSXSAVE);
	assert_int_equal(cpuid_policy(1, 0, host_off, CR4_OSXSAVE).ecx & ECX_XSAVE, ECX_XSAVE);
}

static void test_leaf7_ospke_follows_guest_cr4(void **state)
{
	(void)state;
	struct cpuid_regs pku = regs(0, 0xD19F4FBB, ECX7_PKU | 0x40000000, 0xBC000400);
	struct cpuid_regs no_pku = regs(0, 0, ECX7_OSPKE, 0);
	struct cpuid_regs r;

	r = cpuid_policy(7, 0, pku, CR4_PKE);
	assert_int_equal(r.ecx, pku.ecx | ECX7_OSPKE);
	assert_int_equal(r.ebx, pku.ebx);
	assert_int_equal(r.edx, pku.edx);
	r = cpuid_policy(7, 0, regs(0, 0, ECX7_PKU | ECX7_OSPKE, 0), 0);
	assert_int_equal(r.ecx, ECX7_PKU);
	assert_int_equal(cpuid_policy(7, 0, no_pku, CR4_PKE).ecx & ECX7_OSPKE, 0);
	/* CR4.OSXSAVE does not stand in for CR4.PKE */
	assert_int_equal(cpuid_policy(7, 0, pku, CR4_OSXSAVE).ecx & ECX7_OSPKE, 0);
	/* subleaf 1 is not touched */
	assert_regs_equal(cpuid_policy(7, 1, no_pku, CR4_PKE), no_pku);
}

static void test_hypervisor_base_leaf(void **state)
{
	(void)state;
	struct cpuid_regs r = cpuid_policy(0x40000000, 0, hw_sample, 0);
	const char *sig = THINVISOR_CPUID_SIGNATURE;
	char got[12];
	int i;

	assert_int_equal(r.eax, 0x40000010);
	for (i = 0; i < 4; i++) {
		got[i] = (char)(r.ebx >> (8 * i));
		got[4 + i] = (char)(r.ecx >> (8 * i));
		got[8 + i] = (char)(r.edx >> (8 * i));
	}
	assert_memory_equal(got, sig, 12);
	assert_memory_equal(got, "thinvisor\0\0\0", 12);
	/* "thin" little-endian */
	assert_int_equal(r.ebx, 0x6E696874);
	assert_int_equal(r.edx, 0x72);
}

static void test_hypervisor_other_leaves_zero(void **state)
{
	(void)state;
	static const u32 leaves[] = {0x40000001, 0x40000002, 0x40000100, 0x4FFFFFFF};
	struct cpuid_regs zero = {0, 0, 0, 0};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(leaves); i++)
		assert_regs_equal(cpuid_policy(leaves[i], 0, hw_sample, ~0ull), zero);
}

static void test_pass_through_leaves(void **state)
{
	(void)state;
	static const u32 leaves[] = {0x0,	 0x2,	     0x4,	 0xB,	     0xD,
				     0x3FFFFFFF, 0x50000000, 0x80000000, 0x80000001, 0x80000008};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(leaves); i++) {
		assert_regs_equal(cpuid_policy(leaves[i], 0, hw_sample, 0), hw_sample);
		assert_regs_equal(cpuid_policy(leaves[i], 3, hw_sample, ~0ull), hw_sample);
	}
}

/* Each instruction a missing secondary control would turn into #UD is
 * hidden; with the control, the host's bit passes. */
static void test_hide_disabled(void **state)
{
	const struct cpuid_regs all = {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF};
	const u32 every = SECONDARY_ENABLE_RDTSCP | SECONDARY_ENABLE_INVPCID |
			  SECONDARY_ENABLE_XSAVES_XRSTORS | SECONDARY_ENABLE_USER_WAIT_PAUSE;
	struct cpuid_regs r;

	(void)state;
	r = cpuid_hide_disabled(7, 0, all, 0);
	assert_false(r.ebx & CPUID_7_EBX_INVPCID);
	assert_false(r.ecx & CPUID_7_ECX_RDPID);
	assert_false(r.ecx & CPUID_7_ECX_WAITPKG);
	assert_true(r.ebx & CPUID_7_EBX_SMEP); /* nothing else touched */
	r = cpuid_hide_disabled(0x80000001, 0, all, 0);
	assert_false(r.edx & CPUID_80000001_EDX_RDTSCP);
	assert_true(r.edx & CPUID_80000001_EDX_NX);
	r = cpuid_hide_disabled(0xD, 1, all, 0);
	assert_false(r.eax & CPUID_D_1_EAX_XSAVES);
	r = cpuid_hide_disabled(0xD, 0, all, 0); /* subleaf 0 has no XSAVES bit */
	assert_int_equal(r.eax, 0xFFFFFFFF);
	r = cpuid_hide_disabled(7, 0, all, every);
	assert_int_equal(r.ebx, 0xFFFFFFFF);
	assert_int_equal(r.ecx, 0xFFFFFFFF);
	assert_int_equal(cpuid_hide_disabled(0x80000001, 0, all, every).edx, 0xFFFFFFFF);
	assert_int_equal(cpuid_hide_disabled(0xD, 1, all, every).eax, 0xFFFFFFFF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hide_disabled),
		cmocka_unit_test(test_leaf1_hides_vmx_smx_sets_hypervisor),
		cmocka_unit_test(test_leaf1_osxsave_follows_guest_cr4),
		cmocka_unit_test(test_leaf7_ospke_follows_guest_cr4),
		cmocka_unit_test(test_hypervisor_base_leaf),
		cmocka_unit_test(test_hypervisor_other_leaves_zero),
		cmocka_unit_test(test_pass_through_leaves),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: MIT
/*
 * The capability MSRs vmx_profiles_kvm.c derives for an L1 hypervisor under
 * KVM's nested VMX, against values worked out by hand from the kernel
 * source (the rules are cited there), on the Ivy Bridge and Coffee Lake
 * hosts of vmx_profiles.c; then single rules on altered hosts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "types.h"
#include "hw/vmx.h"
#include "vmx/controls.h"
#include "vmx_profiles.h"

/* Revision 0x11e57ed0, 4096 bytes, WB, TRUE controls. */
#define KVM_BASIC 0x0098100011E57ED0ull

struct expect {
	u64 basic, pin, true_pin, proc, true_proc, proc2, exit, true_exit, entry, true_entry;
	u64 misc, ept_vpid_cap, cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
};

static void assert_caps(const struct vmx_caps *k, const struct expect *e)
{
	assert_int_equal(k->basic, e->basic);
	assert_int_equal(k->pinbased, e->pin);
	assert_int_equal(k->true_pinbased, e->true_pin);
	assert_int_equal(k->procbased, e->proc);
	assert_int_equal(k->true_procbased, e->true_proc);
	assert_int_equal(k->procbased2, e->proc2);
	assert_int_equal(k->exit, e->exit);
	assert_int_equal(k->true_exit, e->true_exit);
	assert_int_equal(k->entry, e->entry);
	assert_int_equal(k->true_entry, e->true_entry);
	assert_int_equal(k->misc, e->misc);
	assert_int_equal(k->ept_vpid_cap, e->ept_vpid_cap);
	assert_int_equal(k->cr0_fixed0, e->cr0_fixed0);
	assert_int_equal(k->cr0_fixed1, e->cr0_fixed1);
	assert_int_equal(k->cr4_fixed0, e->cr4_fixed0);
	assert_int_equal(k->cr4_fixed1, e->cr4_fixed1);
}

/*
 * Linux 4.4: BASIC without INS/OUTS; secondary = host & {APIC accesses,
 * RDTSCP, x2APIC, VPID, WBINVD, XSAVES} | EPT | UG; MPX hosts add
 * BNDCFGS exit/entry controls; EPT caps: 4-level, WB, 2 MB, INVEPT,
 * all-context; VPID caps: INVVPID, all-context; MISC: LMA, rate 5, HLT;
 * fixed1 all ones.
 */
static void test_kvm_4_4(void **state)
{
	static const struct expect coffee = {
		KVM_BASIC,
		0x0000007F00000016ull,
		0x0000007F00000016ull,
		0xFFF9FFFE0401E172ull,
		0xFFF9FFFE04006172ull,
		0x001000FB00000000ull,
		0x00FFEFFF00036DFFull,
		0x00FFEFFF00036DFBull,
		0x0001D3FF000011FFull,
		0x0001D3FF000011FBull,
		0x65,
		0x0000040104114040ull,
		0x80000021,
		~0ull,
		0x2000,
		~0ull,
	};
	static const struct expect ivy = {
		KVM_BASIC,
		0x0000007F00000016ull,
		0x0000007F00000016ull,
		0xFFF9FFFE0401E172ull,
		0xFFF9FFFE04006172ull,
		0x000000FB00000000ull,
		0x007FEFFF00036DFFull,
		0x007FEFFF00036DFBull,
		0x0000D3FF000011FFull,
		0x0000D3FF000011FBull,
		0x65,
		0x0000040104114040ull,
		0x80000021,
		~0ull,
		0x2000,
		~0ull,
	};
	struct vmentry_cpu c;

	(void)state;
	c = vmx_profile_kvm_4_4(&vmx_profile_coffee_lake);
	assert_caps(&c.caps, &coffee);
	assert_int_equal(c.maxphyaddr, 39);
	c = vmx_profile_kvm_4_4(&vmx_profile_ivy_bridge);
	assert_caps(&c.caps, &ivy);
}

/*
 * Linux 6.1: KVM's own controls cut to the nested lists; load
 * IA32_PERF_GLOBAL_CTRL always; VMCS shadowing always; PML and EPT A/D only
 * on a host with EPT A/D; 1 GB pages and both INVEPT types always; all
 * INVVPID types; MISC adds VMWRITE to any field and wait-for-SIPI; CR0
 * fixed1 bits 31:0, CR4 fixed1 from L1's CPUID (with emulated UMIP).
 */
static void test_kvm_6_1(void **state)
{
	static const struct expect coffee = {
		0x00D8100011E57ED0ull,
		0x0000007F00000016ull,
		0x0000007F00000016ull,
		0xFFF9FFFE0401E172ull,
		0xFFF9FFFE04006172ull,
		0x001378FF00000000ull,
		0x00FFFFFF00036DFFull,
		0x00FFFFFF00036DFBull,
		0x0001F3FF000011FFull,
		0x0001F3FF000011FBull,
		0x20000165,
		0x00000F0106334041ull,
		0x80000021,
		0xFFFFFFFF,
		0x2000,
		0x00372FFF,
	};
	static const struct expect ivy = {
		0x00D8100011E57ED0ull,
		0x0000007F00000016ull,
		0x0000007F00000016ull,
		0xFFF9FFFE0401E172ull,
		0xFFF9FFFE04006172ull,
		0x000048FF00000000ull,
		0x007FFFFF00036DFFull,
		0x007FFFFF00036DFBull,
		0x0000F3FF000011FFull,
		0x0000F3FF000011FBull,
		0x20000165,
		0x00000F0106134041ull,
		0x80000021,
		0xFFFFFFFF,
		0x2000,
		0x00172FFF,
	};
	struct vmentry_cpu c;

	(void)state;
	c = vmx_profile_kvm_6_1(&vmx_profile_coffee_lake, false);
	assert_caps(&c.caps, &coffee);
	c = vmx_profile_kvm_6_1(&vmx_profile_ivy_bridge, false);
	assert_caps(&c.caps, &ivy);
	/* With SGX on the host, ENCLS exiting too. */
	c = vmx_profile_kvm_6_1(&vmx_profile_coffee_lake, true);
	assert_int_equal(c.caps.procbased2, coffee.proc2 | ((u64)SECONDARY_ENCLS_EXITING << 32));
}

/* Rules that the two hosts above do not tell apart. */
static void test_kvm_rules(void **state)
{
	struct vmentry_cpu host = vmx_profile_coffee_lake, c;
	struct vmx_controls ctls;

	(void)state;
	/* Without EPT A/D on the host: no PML, no A/D (6.1). */
	host.caps.ept_vpid_cap &= ~VMX_EPT_ACCESSED_DIRTY;
	c = vmx_profile_kvm_6_1(&host, false);
	assert_false(c.caps.procbased2 & ((u64)SECONDARY_ENABLE_PML << 32));
	assert_false(c.caps.ept_vpid_cap & VMX_EPT_ACCESSED_DIRTY);

	/* Without all-context INVEPT KVM 6.1 turns EPT off, and with it
	 * unrestricted guest: thinvisor refuses to run. */
	host = vmx_profile_coffee_lake;
	host.caps.ept_vpid_cap &= ~VMX_EPT_INVEPT_ALL_CONTEXT;
	c = vmx_profile_kvm_6_1(&host, false);
	assert_int_equal(c.caps.ept_vpid_cap, 0x00000F0100000000ull);
	assert_int_equal(vmx_compute_controls(&c.caps, &ctls, NULL), VMX_CTL_ERR_UNSUPPORTED);

	/* Load IA32_EFER on entry but not on exit: KVM 6.1 does not load
	 * (error_on_inconsistent_vmcs_config); nothing is offered. */
	host = vmx_profile_coffee_lake;
	host.caps.exit &= ~((u64)VM_EXIT_LOAD_IA32_EFER << 32);
	c = vmx_profile_kvm_6_1(&host, false);
	assert_int_equal(c.caps.basic, 0);
	assert_int_equal(vmx_compute_controls(&c.caps, &ctls, NULL), VMX_CTL_ERR_VMCS_REGION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kvm_4_4),
		cmocka_unit_test(test_kvm_6_1),
		cmocka_unit_test(test_kvm_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

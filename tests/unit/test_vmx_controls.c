// SPDX-License-Identifier: MIT
/*
 * Unit tests for arch/x86_64/vmx/controls.c, over the capability values of
 * Bochs 2.7's corei7_sandy_bridge_2600k and corei7_skylake_x models
 * (vmx_profiles.c); expected control words are worked out by hand in the
 * comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "types.h"
#include "hw/vmx.h"
#include "vmx/controls.h"
#include "vmx_profiles.h"

/* The Bochs 2.7 corei7_skylake_x and corei7_sandy_bridge_2600k sets
 * (vmx_profiles.c). */
static struct vmx_caps skylake_caps(void)
{
	return vmx_profile_bochs_skylake_x().caps;
}

static struct vmx_caps sandy_bridge_caps(void)
{
	return vmx_profile_bochs_sandy_bridge().caps;
}

static void test_adjust_sets_must_be_one_bits(void **state)
{
	u32 out = 0, missing = 0xdead;

	(void)state;
	/* Bits 1, 2, 4 must be 1 although nobody asked for them. */
	assert_true(vmx_adjust(MSR(0x000000FF, 0x00000016), 0x1, 0, &out, &missing));
	assert_int_equal(out, 0x17);
	assert_int_equal(missing, 0);
}

static void test_adjust_required_missing_fails(void **state)
{
	u32 out = 0, missing = 0;

	(void)state;
	/* Bit 4 may not be 1: required 0x11 fails on exactly that bit. */
	assert_false(vmx_adjust(MSR(0x0000000F, 0x00000000), 0x11, 0, &out, &missing));
	assert_int_equal(missing, 0x10);
	assert_int_equal(out, 0x01);
}

static void test_adjust_optional_missing_dropped(void **state)
{
	u32 out = 0, missing = 0xdead;

	(void)state;
	/* Optional 0x30: bit 4 allowed, bit 5 not; required bit 0 allowed. */
	assert_true(vmx_adjust(MSR(0x0000001F, 0x00000002), 0x1, 0x30, &out, &missing));
	assert_int_equal(out, 0x13);
	assert_int_equal(missing, 0);
}

static void test_adjust_contradictory_msr_fails(void **state)
{
	u32 out = 0, missing = 0;

	(void)state;
	/* Bit 3 must be 1 and may not be 1: no setting can pass VM entry. */
	assert_false(vmx_adjust(MSR(0x00000001, 0x00000008), 0x1, 0, &out, &missing));
	assert_int_equal(missing, 0x8);
}

static void test_adjust_missing_pointer_optional(void **state)
{
	u32 out = 0;

	(void)state;
	assert_false(vmx_adjust(MSR(0x0, 0x0), 0x4, 0, &out, NULL));
	assert_true(vmx_adjust(MSR(0x4, 0x0), 0x4, 0, &out, NULL));
	assert_int_equal(out, 0x4);
}

static void test_compute_skylake(void **state)
{
	struct vmx_caps caps = skylake_caps();
	struct vmx_controls c;
	struct vmx_ctl_error err = {0};

	(void)state;
	assert_int_equal(vmx_compute_controls(&caps, &c, &err), VMX_CTL_OK);
	/* TRUE pin low word, NMI exiting and virtual NMIs. */
	assert_int_equal(c.pin, 0x00000016 | PIN_BASED_NMI_EXITING | PIN_BASED_VIRTUAL_NMIS);
	assert_true(c.nmi_window);
	/* 0x04006172 | bits 25, 28, 31; CR3 exiting (15, 16) stays clear. */
	assert_int_equal(c.proc, 0x96006172);
	/* EPT(1) UG(7) | VPID(5) RDTSCP(3) INVPCID(12) XSAVES(20); user wait
	 * (26) is not in allowed-1 0x02177FFF and is dropped. */
	assert_int_equal(c.proc2, 0x001010AA);
	/* 0x00036DFB | save debug(2) | host AS size(9) | PAT/EFER save/load(18-21). */
	assert_int_equal(c.exit, 0x003F6FFF);
	/* 0x000011FB | load debug(2) | load PAT(14) | load EFER(15); IA-32e off. */
	assert_int_equal(c.entry, 0x0000D1FF);
}

static void test_compute_sandy_bridge(void **state)
{
	struct vmx_caps caps = sandy_bridge_caps();
	struct vmx_controls c;

	(void)state;
	assert_int_equal(vmx_compute_controls(&caps, &c, NULL), VMX_CTL_OK);
	assert_int_equal(c.pin, 0x00000016 | PIN_BASED_NMI_EXITING | PIN_BASED_VIRTUAL_NMIS);
	assert_int_equal(c.proc, 0x96006172);
	/* Allowed-1 0xFF: EPT, UG, VPID, RDTSCP only. */
	assert_int_equal(c.proc2, 0x000000AA);
	assert_int_equal(c.exit, 0x003F6FFF);
	assert_int_equal(c.entry, 0x0000D1FF);
}

static void test_compute_without_true_msrs(void **state)
{
	struct vmx_caps caps = skylake_caps();
	struct vmx_controls c;

	(void)state;
	/* Bit 55 clear: the TRUE fields are not valid; poison them so that
	 * using them would fail (nothing allowed to be 1). */
	caps.basic &= ~VMX_BASIC_TRUE_CONTROLS;
	caps.true_pinbased = caps.true_procbased = caps.true_exit = caps.true_entry = 0;
	assert_int_equal(vmx_compute_controls(&caps, &c, NULL), VMX_CTL_OK);
	/* Default1 CR3-load/store exiting are now forced on. */
	assert_int_equal(c.proc, 0x9601E172);
	assert_true(c.proc & CPU_BASED_CR3_LOAD_EXITING);
	assert_int_equal(c.exit, 0x003F6FFF);
	assert_int_equal(c.entry, 0x0000D1FF);
}

static void test_compute_true_msr_clears_default1(void **state)
{
	struct vmx_caps caps = skylake_caps();
	struct vmx_controls c;

	(void)state;
	/* Bit 55 set but the plain MSRs poisoned: only TRUE MSRs may be read. */
	caps.pinbased = caps.procbased = caps.exit = caps.entry = 0;
	assert_int_equal(vmx_compute_controls(&caps, &c, NULL), VMX_CTL_OK);
	assert_false(c.proc & CPU_BASED_CR3_LOAD_EXITING);
	assert_false(c.proc & CPU_BASED_CR3_STORE_EXITING);
	assert_int_equal(c.proc, 0x96006172);
}

static void test_compute_no_exiting_controls(void **state)
{
	struct vmx_caps caps = skylake_caps();
	struct vmx_controls c;

	(void)state;
	assert_int_equal(vmx_compute_controls(&caps, &c, NULL), VMX_CTL_OK);
	assert_false(c.pin & PIN_BASED_EXTERNAL_INTERRUPT_EXITING);
	assert_false(c.proc & (CPU_BASED_HLT_EXITING | CPU_BASED_INVLPG_EXITING |
			       CPU_BASED_RDTSC_EXITING | CPU_BASED_MWAIT_EXITING |
			       CPU_BASED_PAUSE_EXITING | CPU_BASED_UNCONDITIONAL_IO_EXITING));
	assert_false(c.entry & VM_ENTRY_IA32E_MODE_GUEST);
	assert_false(c.exit & VM_EXIT_ACK_INTERRUPT_ON_EXIT);
}

/* NMIs held in VMX root need NMI-window exiting, which needs virtual NMIs,
 * which need NMI exiting (SDM Vol. 3C 27.2.1.1): a CPU short of one gets
 * none of what depends on it. */
static void test_compute_nmi_controls_follow_each_other(void **state)
{
	struct vmx_caps caps = skylake_caps();
	struct vmx_controls c;

	(void)state;
	caps.true_pinbased &= ~((u64)PIN_BASED_VIRTUAL_NMIS << 32);
	assert_int_equal(vmx_compute_controls(&caps, &c, NULL), VMX_CTL_OK);
	assert_true(c.pin & PIN_BASED_NMI_EXITING);
	assert_false(c.pin & PIN_BASED_VIRTUAL_NMIS);
	assert_false(c.nmi_window);

	caps = skylake_caps();
	caps.true_pinbased &= ~((u64)PIN_BASED_NMI_EXITING << 32);
	assert_int_equal(vmx_compute_controls(&caps, &c, NULL), VMX_CTL_OK);
	assert_false(c.pin & (PIN_BASED_NMI_EXITING | PIN_BASED_VIRTUAL_NMIS));
	assert_false(c.nmi_window);

	caps = skylake_caps();
	caps.true_procbased &= ~((u64)CPU_BASED_NMI_WINDOW_EXITING << 32);
	assert_int_equal(vmx_compute_controls(&caps, &c, NULL), VMX_CTL_OK);
	assert_true(c.pin & PIN_BASED_VIRTUAL_NMIS);
	assert_false(c.nmi_window);
}

static void test_compute_missing_ept(void **state)
{
	struct vmx_caps caps = skylake_caps();
	struct vmx_controls c = {.pin = 0x11111111};
	struct vmx_ctl_error err = {0};

	(void)state;
	caps.procbased2 &= ~((u64)SECONDARY_ENABLE_EPT << 32);
	assert_int_equal(vmx_compute_controls(&caps, &c, &err), VMX_CTL_ERR_UNSUPPORTED);
	assert_string_equal(err.control_group, "secondary processor-based");
	assert_string_equal(err.missing, "enable EPT");
	assert_int_equal(err.missing_bits, SECONDARY_ENABLE_EPT);
	assert_int_equal(c.pin, 0x11111111); /* untouched on failure */
}

static void test_compute_missing_unrestricted_guest(void **state)
{
	struct vmx_caps caps = sandy_bridge_caps();
	struct vmx_controls c;
	struct vmx_ctl_error err = {0};

	(void)state;
	caps.procbased2 = MSR(0x0000007F, 0);
	assert_int_equal(vmx_compute_controls(&caps, &c, &err), VMX_CTL_ERR_UNSUPPORTED);
	assert_string_equal(err.control_group, "secondary processor-based");
	assert_string_equal(err.missing, "unrestricted guest");
	assert_int_equal(err.missing_bits, SECONDARY_UNRESTRICTED_GUEST);
}

static void test_compute_missing_both_names_lowest(void **state)
{
	struct vmx_caps caps = skylake_caps();
	struct vmx_controls c;
	struct vmx_ctl_error err = {0};

	(void)state;
	caps.procbased2 = MSR(0x00000021, 0); /* APIC accesses, VPID only */
	assert_int_equal(vmx_compute_controls(&caps, &c, &err), VMX_CTL_ERR_UNSUPPORTED);
	assert_string_equal(err.missing, "enable EPT");
	assert_int_equal(err.missing_bits, SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST);
}

static void test_compute_missing_secondary_activation(void **state)
{
	struct vmx_caps caps = skylake_caps();
	struct vmx_controls c;
	struct vmx_ctl_error err = {0};

	(void)state;
	caps.true_procbased &= ~((u64)CPU_BASED_ACTIVATE_SECONDARY_CONTROLS << 32);
	caps.procbased2 = 0; /* not readable on such a CPU */
	assert_int_equal(vmx_compute_controls(&caps, &c, &err), VMX_CTL_ERR_UNSUPPORTED);
	assert_string_equal(err.control_group, "primary processor-based");
	assert_string_equal(err.missing, "activate secondary controls");
	assert_int_equal(err.missing_bits, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
}

static void test_compute_missing_exit_and_entry_controls(void **state)
{
	struct vmx_caps caps = skylake_caps();
	struct vmx_controls c;
	struct vmx_ctl_error err = {0};

	(void)state;
	caps.true_exit &= ~((u64)VM_EXIT_LOAD_IA32_EFER << 32);
	assert_int_equal(vmx_compute_controls(&caps, &c, &err), VMX_CTL_ERR_UNSUPPORTED);
	assert_string_equal(err.control_group, "VM-exit");
	assert_string_equal(err.missing, "load IA32_EFER");

	caps = skylake_caps();
	caps.true_entry &= ~((u64)VM_ENTRY_LOAD_IA32_PAT << 32);
	assert_int_equal(vmx_compute_controls(&caps, &c, &err), VMX_CTL_ERR_UNSUPPORTED);
	assert_string_equal(err.control_group, "VM-entry");
	assert_string_equal(err.missing, "load IA32_PAT");
	assert_int_equal(err.missing_bits, VM_ENTRY_LOAD_IA32_PAT);
}

static void test_compute_refuses_vmcs_region(void **state)
{
	struct vmx_caps caps = skylake_caps();
	struct vmx_controls c;
	struct vmx_ctl_error err = {0};

	(void)state;
	caps.basic = MSR(0x00C01000, 0x2B); /* memory type 0 (UC) */
	assert_int_equal(vmx_compute_controls(&caps, &c, &err), VMX_CTL_ERR_VMCS_REGION);
	assert_string_equal(err.control_group, "IA32_VMX_BASIC");
	assert_string_equal(err.missing, "write-back VMCS memory type");
	assert_int_equal(err.missing_bits, 0);

	caps.basic = MSR(0x00D81800, 0x2B); /* WB but 6144 bytes */
	assert_int_equal(vmx_compute_controls(&caps, &c, &err), VMX_CTL_ERR_VMCS_REGION);
	assert_string_equal(err.missing, "VMCS region of at most 4096 bytes");

	caps.basic = MSR(0x00D80400, 0x2B); /* 1 KiB region is fine */
	assert_int_equal(vmx_compute_controls(&caps, &c, &err), VMX_CTL_OK);
}

static void test_basic_and_misc_fields(void **state)
{
	(void)state;
	assert_int_equal(vmx_basic_revision_id(BOCHS_BASIC), 0x2B);
	assert_int_equal(vmx_basic_region_size(BOCHS_BASIC), 4096);
	assert_int_equal(vmx_basic_memtype(BOCHS_BASIC), VMX_MEMTYPE_WB);
	assert_true(BOCHS_BASIC & VMX_BASIC_TRUE_CONTROLS);
	assert_true(BOCHS_BASIC & VMX_BASIC_INS_OUTS_INFO);
	/* 0x7004C1E7: rate 7, LMA, HLT/shutdown/SIPI, 4 CR3 targets, 512 MSRs. */
	assert_int_equal(vmx_misc_cr3_targets(0x7004C1E7ull), 4);
	assert_int_equal(vmx_misc_max_msr_list(0x7004C1E7ull), 512);
	assert_int_equal(vmx_misc_max_msr_list(0x0E000000ull), 4096);
}

static void test_fixed_bits(void **state)
{
	struct vmx_caps caps = skylake_caps();

	(void)state;
	/* CR0 = ET only: PE, NE, PG forced on. */
	assert_int_equal(vmx_fixed_bits(0x10, caps.cr0_fixed0, caps.cr0_fixed1), 0x80000031);
	/* CR4 = PAE: VMXE forced on. */
	assert_int_equal(vmx_fixed_bits(0x20, caps.cr4_fixed0, caps.cr4_fixed1), 0x2020);
	/* CR4 bit 22 and bit 32 are not allowed to be 1 and get cleared. */
	assert_int_equal(vmx_fixed_bits(0x100400020ull, caps.cr4_fixed0, caps.cr4_fixed1), 0x2020);
	assert_int_equal(vmx_fixed_bits(0xFF, 0x0, 0x0F), 0x0F);
}

static void test_ept_usable(void **state)
{
	const u64 snb = MSR(0x00000F01, 0x06114141);
	const u64 skx = MSR(0x00000F01, 0x06334141);
	const char *why = NULL;

	(void)state;
	assert_true(vmx_ept_usable(snb, &why));
	assert_null(why);
	assert_true(vmx_ept_usable(skx, NULL));

	assert_false(vmx_ept_usable(skx & ~VMX_EPT_MEMTYPE_WB, &why));
	assert_non_null(why);
	assert_non_null(strstr(why, "write-back"));

	why = NULL;
	assert_false(vmx_ept_usable(snb & ~VMX_EPT_PAGE_WALK_4, &why));
	assert_non_null(strstr(why, "page-walk length of 4"));

	assert_false(vmx_ept_usable(snb & ~VMX_EPT_INVEPT, &why));
	assert_string_equal(why, "INVEPT not supported");

	assert_false(vmx_ept_usable(
		snb & ~(VMX_EPT_INVEPT_SINGLE_CONTEXT | VMX_EPT_INVEPT_ALL_CONTEXT), &why));
	assert_non_null(strstr(why, "single-context"));

	/* Either INVEPT type alone is enough. */
	assert_true(vmx_ept_usable(snb & ~VMX_EPT_INVEPT_SINGLE_CONTEXT, NULL));
	assert_true(vmx_ept_usable(snb & ~VMX_EPT_INVEPT_ALL_CONTEXT, NULL));
	assert_false(vmx_ept_usable(0, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adjust_sets_must_be_one_bits),
		cmocka_unit_test(test_adjust_required_missing_fails),
		cmocka_unit_test(test_adjust_optional_missing_dropped),
		cmocka_unit_test(test_adjust_contradictory_msr_fails),
		cmocka_unit_test(test_adjust_missing_pointer_optional),
		cmocka_unit_test(test_compute_skylake),
		cmocka_unit_test(test_compute_sandy_bridge),
		cmocka_unit_test(test_compute_without_true_msrs),
		cmocka_unit_test(test_compute_true_msr_clears_default1),
		cmocka_unit_test(test_compute_no_exiting_controls),
		cmocka_unit_test(test_compute_nmi_controls_follow_each_other),
		cmocka_unit_test(test_compute_missing_ept),
		cmocka_unit_test(test_compute_missing_unrestricted_guest),
		cmocka_unit_test(test_compute_missing_both_names_lowest),
		cmocka_unit_test(test_compute_missing_secondary_activation),
		cmocka_unit_test(test_compute_missing_exit_and_entry_controls),
		cmocka_unit_test(test_compute_refuses_vmcs_region),
		cmocka_unit_test(test_basic_and_misc_fields),
		cmocka_unit_test(test_fixed_bits),
		cmocka_unit_test(test_ept_usable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

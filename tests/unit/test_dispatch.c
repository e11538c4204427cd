// SPDX-License-Identifier: MIT
/*
 * test_dispatch.c - the exit table of vmexit/dispatch.c over a fake VMCS:
 * every exit the guest can cause reaches the handler of its SDM name (Vol.
 * 3D Appendix C), is counted, and an exit without a handler stops the guest
 * with a VMX-failure code instead of being skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake_vmcs.h"
#include "hw/vmcs.h"
#include "hw/vmx.h"
#include "lib/exit_codes.h"
#include "vmexit/dispatch.h"

static const char *called;
static u64 called_qual;

#define STUB(fn)                                                                                   \
	void fn(struct vcpu *v, u64 q);                                                            \
	void fn(struct vcpu *v, u64 q)                                                             \
	{                                                                                          \
		(void)v;                                                                           \
		called = #fn;                                                                      \
		called_qual = q;                                                                   \
	}

STUB(handle_cpuid)
STUB(handle_exception_nmi)
STUB(handle_nmi_window)
STUB(handle_rdmsr)
STUB(handle_wrmsr)
STUB(handle_io)
STUB(handle_cr_access)
STUB(handle_ept_violation)
STUB(handle_ept_misconfig)
STUB(handle_xsetbv)
STUB(handle_wbinvd)
STUB(handle_vmx_instruction)
STUB(handle_getsec)
STUB(handle_triple_fault)
STUB(handle_init_signal)
STUB(handle_sipi)
STUB(handle_hlt)
STUB(handle_entry_failure)

static const struct {
	u32 reason;
	const char *handler;
} table[] = {
	{EXIT_REASON_EXCEPTION_NMI, "handle_exception_nmi"},
	{EXIT_REASON_NMI_WINDOW, "handle_nmi_window"},
	{EXIT_REASON_TRIPLE_FAULT, "handle_triple_fault"},
	{EXIT_REASON_INIT_SIGNAL, "handle_init_signal"},
	{EXIT_REASON_SIPI, "handle_sipi"},
	{EXIT_REASON_CPUID, "handle_cpuid"},
	{EXIT_REASON_GETSEC, "handle_getsec"},
	{EXIT_REASON_HLT, "handle_hlt"},
	{EXIT_REASON_INVD, "handle_wbinvd"},
	{EXIT_REASON_VMCALL, "handle_vmx_instruction"},
	{EXIT_REASON_VMCLEAR, "handle_vmx_instruction"},
	{EXIT_REASON_VMLAUNCH, "handle_vmx_instruction"},
	{EXIT_REASON_VMPTRLD, "handle_vmx_instruction"},
	{EXIT_REASON_VMPTRST, "handle_vmx_instruction"},
	{EXIT_REASON_VMREAD, "handle_vmx_instruction"},
	{EXIT_REASON_VMRESUME, "handle_vmx_instruction"},
	{EXIT_REASON_VMWRITE, "handle_vmx_instruction"},
	{EXIT_REASON_VMXOFF, "handle_vmx_instruction"},
	{EXIT_REASON_VMXON, "handle_vmx_instruction"},
	{EXIT_REASON_INVEPT, "handle_vmx_instruction"},
	{EXIT_REASON_INVVPID, "handle_vmx_instruction"},
	{EXIT_REASON_VMFUNC, "handle_vmx_instruction"},
	{EXIT_REASON_CR_ACCESS, "handle_cr_access"},
	{EXIT_REASON_IO_INSTRUCTION, "handle_io"},
	{EXIT_REASON_RDMSR, "handle_rdmsr"},
	{EXIT_REASON_WRMSR, "handle_wrmsr"},
	{EXIT_REASON_EPT_VIOLATION, "handle_ept_violation"},
	{EXIT_REASON_EPT_MISCONFIG, "handle_ept_misconfig"},
	{EXIT_REASON_WBINVD_WBNOINVD, "handle_wbinvd"},
	{EXIT_REASON_XSETBV, "handle_xsetbv"},
};

static struct vcpu vcpu;

static void exit_with(u32 reason_field, u64 qual)
{
	fake_vmcs_set(VMCS_EXIT_REASON, reason_field);
	fake_vmcs_set(VMCS_EXIT_QUALIFICATION, qual);
	called = NULL;
	vmexit_dispatch(&vcpu);
}

static void every_reason_reaches_its_handler(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		u64 before = vcpu.exits[table[i].reason];

		fake_vmcs_reset();
		exit_with(table[i].reason, 0);
		if (!called || strcmp(called, table[i].handler))
			fail_msg("reason %u went to %s, not %s", table[i].reason,
				 called ? called : "nothing", table[i].handler);
		assert_int_equal(vcpu.exits[table[i].reason], before + 1);
	}
}

/* Handlers that decode the qualification get it read from the VMCS. */
static void qualification_is_passed(void **state)
{
	(void)state;
	fake_vmcs_reset();
	exit_with(EXIT_REASON_IO_INSTRUCTION, 0x3F80008);
	assert_string_equal(called, "handle_io");
	assert_int_equal(called_qual, 0x3F80008);
	exit_with(EXIT_REASON_CR_ACCESS, 0x304);
	assert_int_equal(called_qual, 0x304);
}

/* Reasons the controls never ask for must not pass unnoticed: each one
 * without a handler stops the guest (SDM names are printed by vcpu_stop). */
static void unhandled_reasons_stop(void **state)
{
	static const u32 unhandled[] = {
		EXIT_REASON_EXTERNAL_INTERRUPT, EXIT_REASON_TASK_SWITCH,       EXIT_REASON_RDTSC,
		EXIT_REASON_DR_ACCESS,		EXIT_REASON_MONITOR_TRAP_FLAG, 200};

	(void)state;
	for (volatile size_t i = 0; i < sizeof(unhandled) / sizeof(unhandled[0]); i++) {
		fake_vmcs_reset();
		assert_int_equal(EXPECT_STOP(exit_with(unhandled[i], 0x55)), HV_EXIT_VMX_FAILURE);
		assert_null(called);
	}
}

/* Bit 31 of the exit reason: VM entry failed (SDM Vol. 3C 27.8), whatever
 * the basic reason says. */
static void entry_failure_bit_wins(void **state)
{
	(void)state;
	fake_vmcs_reset();
	exit_with(EXIT_REASON_FIELD_ENTRY_FAILURE | EXIT_REASON_ENTRY_FAILURE_GUEST_STATE, 0);
	assert_string_equal(called, "handle_entry_failure");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_reason_reaches_its_handler),
		cmocka_unit_test(qualification_is_passed),
		cmocka_unit_test(unhandled_reasons_stop),
		cmocka_unit_test(entry_failure_bit_wins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

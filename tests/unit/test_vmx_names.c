// SPDX-License-Identifier: MIT
/*
 * Unit tests for vmexit/exit_names.c and arch/x86_64/vmx/insn_error.c, plus
 * a consistency check of the VMCS encodings in include/hw/vmcs.h against the
 * width and type that SDM Vol. 3D Appendix B assigns to each group.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "types.h"
#include "hw/vmcs.h"
#include "hw/vmx.h"
#include "vmexit/exit_names.h"
#include "vmx/insn_error.h"

static void test_exit_reason_known(void **state)
{
	(void)state;
	assert_string_equal(exit_reason_name(EXIT_REASON_EXCEPTION_NMI), "EXCEPTION_NMI");
	assert_string_equal(exit_reason_name(0), "EXCEPTION_NMI");
	assert_string_equal(exit_reason_name(10), "CPUID");
	assert_string_equal(exit_reason_name(30), "IO_INSTRUCTION");
	assert_string_equal(exit_reason_name(33), "ENTRY_FAILURE_GUEST_STATE");
	assert_string_equal(exit_reason_name(48), "EPT_VIOLATION");
	assert_string_equal(exit_reason_name(49), "EPT_MISCONFIG");
	assert_string_equal(exit_reason_name(54), "WBINVD_WBNOINVD");
	assert_string_equal(exit_reason_name(70), "ENCLV");
	assert_string_equal(exit_reason_name(75), "INSTRUCTION_TIMEOUT");
	assert_string_equal(exit_reason_name(EXIT_REASON_MAX - 1), "WRMSRNS_IMM");
}

static void test_exit_reason_gaps_and_range(void **state)
{
	(void)state;
	assert_string_equal(exit_reason_name(35), "UNKNOWN");
	assert_string_equal(exit_reason_name(38), "UNKNOWN");
	assert_string_equal(exit_reason_name(42), "UNKNOWN");
	assert_string_equal(exit_reason_name(71), "UNKNOWN");
	assert_string_equal(exit_reason_name(EXIT_REASON_MAX), "UNKNOWN");
	assert_string_equal(exit_reason_name(1000), "UNKNOWN");
	assert_string_equal(exit_reason_name(0xFFFFFFFFu), "UNKNOWN");
	/* The full field of a failed entry must be reduced to its basic reason. */
	assert_string_equal(exit_reason_name(EXIT_REASON_FIELD_ENTRY_FAILURE | 33), "UNKNOWN");
	assert_string_equal(
		exit_reason_name(EXIT_REASON_BASIC(EXIT_REASON_FIELD_ENTRY_FAILURE | 33)),
		"ENTRY_FAILURE_GUEST_STATE");
}

static void test_exit_reason_table_complete(void **state)
{
	u32 named = 0;

	(void)state;
	/* Appendix C defines 80 basic reasons below EXIT_REASON_MAX; the other
	 * six numbers (35, 38, 42, 71, 82, 83) are reserved. */
	for (u32 r = 0; r < EXIT_REASON_MAX; r++) {
		const char *n = exit_reason_name(r);

		assert_non_null(n);
		assert_true(n[0] != '\0');
		if (strcmp(n, "UNKNOWN") != 0)
			named++;
	}
	assert_int_equal(named, 80);
}

static void test_vm_insn_error_names(void **state)
{
	(void)state;
	assert_string_equal(vm_insn_error_name(7), "VM entry with invalid control field(s)");
	assert_string_equal(vm_insn_error_name(8), "VM entry with invalid host-state field(s)");
	assert_string_equal(vm_insn_error_name(VM_INSN_ERROR_VMLAUNCH_NON_CLEAR_VMCS),
			    "VMLAUNCH with non-clear VMCS");
	assert_string_equal(vm_insn_error_name(12),
			    "VMREAD/VMWRITE from/to unsupported VMCS component");
	assert_string_equal(vm_insn_error_name(26), "VM entry with events blocked by MOV SS");
	assert_string_equal(vm_insn_error_name(28), "Invalid operand to INVEPT/INVVPID");
	assert_string_equal(vm_insn_error_name(0), "unknown VM-instruction error");
	assert_string_equal(vm_insn_error_name(14), "unknown VM-instruction error");
	assert_string_equal(vm_insn_error_name(27), "unknown VM-instruction error");
	assert_string_equal(vm_insn_error_name(29), "unknown VM-instruction error");
	assert_string_equal(vm_insn_error_name(99), "unknown VM-instruction error");
}

struct enc_group {
	u32 width, type;
	const u32 *enc;
	size_t n;
};

#define GROUP(w, t, arr)                                                                           \
	{                                                                                          \
		VMCS_ENC_WIDTH_##w, VMCS_ENC_TYPE_##t, arr, ARRAY_SIZE(arr)                        \
	}

static const u32 ctl16[] = {VMCS_VPID, VMCS_POSTED_INTERRUPT_NOTIFICATION_VECTOR, VMCS_EPTP_INDEX,
			    VMCS_HLAT_PREFIX_SIZE, VMCS_LAST_PID_POINTER_INDEX};
static const u32 guest16[] = {
	VMCS_GUEST_ES_SELECTOR,	  VMCS_GUEST_CS_SELECTOR, VMCS_GUEST_SS_SELECTOR,
	VMCS_GUEST_DS_SELECTOR,	  VMCS_GUEST_FS_SELECTOR, VMCS_GUEST_GS_SELECTOR,
	VMCS_GUEST_LDTR_SELECTOR, VMCS_GUEST_TR_SELECTOR, VMCS_GUEST_INTERRUPT_STATUS,
	VMCS_GUEST_PML_INDEX,	  VMCS_GUEST_UINV};
static const u32 host16[] = {VMCS_HOST_ES_SELECTOR, VMCS_HOST_CS_SELECTOR, VMCS_HOST_SS_SELECTOR,
			     VMCS_HOST_DS_SELECTOR, VMCS_HOST_FS_SELECTOR, VMCS_HOST_GS_SELECTOR,
			     VMCS_HOST_TR_SELECTOR};
static const u32 ctl64[] = {
	VMCS_IO_BITMAP_A,
	VMCS_IO_BITMAP_B,
	VMCS_MSR_BITMAP,
	VMCS_VM_EXIT_MSR_STORE_ADDRESS,
	VMCS_VM_EXIT_MSR_LOAD_ADDRESS,
	VMCS_VM_ENTRY_MSR_LOAD_ADDRESS,
	VMCS_EXECUTIVE_VMCS_POINTER,
	VMCS_PML_ADDRESS,
	VMCS_TSC_OFFSET,
	VMCS_VIRTUAL_APIC_ADDRESS,
	VMCS_APIC_ACCESS_ADDRESS,
	VMCS_POSTED_INTERRUPT_DESCRIPTOR_ADDRESS,
	VMCS_VM_FUNCTION_CONTROLS,
	VMCS_EPT_POINTER,
	VMCS_EOI_EXIT_BITMAP_0,
	VMCS_EOI_EXIT_BITMAP_1,
	VMCS_EOI_EXIT_BITMAP_2,
	VMCS_EOI_EXIT_BITMAP_3,
	VMCS_EPTP_LIST_ADDRESS,
	VMCS_VMREAD_BITMAP_ADDRESS,
	VMCS_VMWRITE_BITMAP_ADDRESS,
	VMCS_VIRTUALIZATION_EXCEPTION_INFO_ADDRESS,
	VMCS_XSS_EXITING_BITMAP,
	VMCS_ENCLS_EXITING_BITMAP,
	VMCS_SUB_PAGE_PERMISSION_TABLE_POINTER,
	VMCS_TSC_MULTIPLIER,
	VMCS_TERTIARY_PROC_BASED_VM_EXEC_CONTROL,
	VMCS_ENCLV_EXITING_BITMAP,
	VMCS_LOW_PASID_DIRECTORY_ADDRESS,
	VMCS_HIGH_PASID_DIRECTORY_ADDRESS,
	VMCS_SHARED_EPT_POINTER,
	VMCS_PCONFIG_EXITING_BITMAP,
	VMCS_HLAT_POINTER,
	VMCS_PID_POINTER_TABLE_ADDRESS,
	VMCS_SECONDARY_VM_EXIT_CONTROLS,
	VMCS_IA32_SPEC_CTRL_MASK,
	VMCS_IA32_SPEC_CTRL_SHADOW,
};
static const u32 ro64[] = {VMCS_GUEST_PHYSICAL_ADDRESS};
static const u32 guest64[] = {
	VMCS_VMCS_LINK_POINTER,
	VMCS_GUEST_IA32_DEBUGCTL,
	VMCS_GUEST_IA32_PAT,
	VMCS_GUEST_IA32_EFER,
	VMCS_GUEST_IA32_PERF_GLOBAL_CTRL,
	VMCS_GUEST_PDPTE0,
	VMCS_GUEST_PDPTE1,
	VMCS_GUEST_PDPTE2,
	VMCS_GUEST_PDPTE3,
	VMCS_GUEST_IA32_BNDCFGS,
	VMCS_GUEST_IA32_RTIT_CTL,
	VMCS_GUEST_IA32_LBR_CTL,
	VMCS_GUEST_IA32_PKRS,
};
static const u32 host64[] = {VMCS_HOST_IA32_PAT, VMCS_HOST_IA32_EFER,
			     VMCS_HOST_IA32_PERF_GLOBAL_CTRL, VMCS_HOST_IA32_PKRS};
static const u32 ctl32[] = {
	VMCS_PIN_BASED_VM_EXEC_CONTROL,
	VMCS_PRIMARY_PROC_BASED_VM_EXEC_CONTROL,
	VMCS_EXCEPTION_BITMAP,
	VMCS_PAGE_FAULT_ERROR_CODE_MASK,
	VMCS_PAGE_FAULT_ERROR_CODE_MATCH,
	VMCS_CR3_TARGET_COUNT,
	VMCS_VM_EXIT_CONTROLS,
	VMCS_VM_EXIT_MSR_STORE_COUNT,
	VMCS_VM_EXIT_MSR_LOAD_COUNT,
	VMCS_VM_ENTRY_CONTROLS,
	VMCS_VM_ENTRY_MSR_LOAD_COUNT,
	VMCS_VM_ENTRY_INTERRUPTION_INFO,
	VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE,
	VMCS_VM_ENTRY_INSTRUCTION_LENGTH,
	VMCS_TPR_THRESHOLD,
	VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL,
	VMCS_PLE_GAP,
	VMCS_PLE_WINDOW,
	VMCS_INSTRUCTION_TIMEOUT_CONTROL,
};
static const u32 ro32[] = {
	VMCS_VM_INSTRUCTION_ERROR,	 VMCS_EXIT_REASON,
	VMCS_VM_EXIT_INTERRUPTION_INFO,	 VMCS_VM_EXIT_INTERRUPTION_ERROR_CODE,
	VMCS_IDT_VECTORING_INFO,	 VMCS_IDT_VECTORING_ERROR_CODE,
	VMCS_VM_EXIT_INSTRUCTION_LENGTH, VMCS_VM_EXIT_INSTRUCTION_INFO,
};
static const u32 guest32[] = {
	VMCS_GUEST_ES_LIMIT,
	VMCS_GUEST_CS_LIMIT,
	VMCS_GUEST_SS_LIMIT,
	VMCS_GUEST_DS_LIMIT,
	VMCS_GUEST_FS_LIMIT,
	VMCS_GUEST_GS_LIMIT,
	VMCS_GUEST_LDTR_LIMIT,
	VMCS_GUEST_TR_LIMIT,
	VMCS_GUEST_GDTR_LIMIT,
	VMCS_GUEST_IDTR_LIMIT,
	VMCS_GUEST_ES_ACCESS_RIGHTS,
	VMCS_GUEST_CS_ACCESS_RIGHTS,
	VMCS_GUEST_SS_ACCESS_RIGHTS,
	VMCS_GUEST_DS_ACCESS_RIGHTS,
	VMCS_GUEST_FS_ACCESS_RIGHTS,
	VMCS_GUEST_GS_ACCESS_RIGHTS,
	VMCS_GUEST_LDTR_ACCESS_RIGHTS,
	VMCS_GUEST_TR_ACCESS_RIGHTS,
	VMCS_GUEST_INTERRUPTIBILITY_STATE,
	VMCS_GUEST_ACTIVITY_STATE,
	VMCS_GUEST_SMBASE,
	VMCS_GUEST_SYSENTER_CS,
	VMCS_VMX_PREEMPTION_TIMER_VALUE,
};
static const u32 host32[] = {VMCS_HOST_IA32_SYSENTER_CS};
static const u32 ctlnat[] = {VMCS_CR0_GUEST_HOST_MASK, VMCS_CR4_GUEST_HOST_MASK,
			     VMCS_CR0_READ_SHADOW,     VMCS_CR4_READ_SHADOW,
			     VMCS_CR3_TARGET_VALUE_0,  VMCS_CR3_TARGET_VALUE_1,
			     VMCS_CR3_TARGET_VALUE_2,  VMCS_CR3_TARGET_VALUE_3};
static const u32 ronat[] = {
	VMCS_EXIT_QUALIFICATION,  VMCS_IO_RCX, VMCS_IO_RSI, VMCS_IO_RDI, VMCS_IO_RIP,
	VMCS_GUEST_LINEAR_ADDRESS};
static const u32 guestnat[] = {
	VMCS_GUEST_CR0,
	VMCS_GUEST_CR3,
	VMCS_GUEST_CR4,
	VMCS_GUEST_ES_BASE,
	VMCS_GUEST_CS_BASE,
	VMCS_GUEST_SS_BASE,
	VMCS_GUEST_DS_BASE,
	VMCS_GUEST_FS_BASE,
	VMCS_GUEST_GS_BASE,
	VMCS_GUEST_LDTR_BASE,
	VMCS_GUEST_TR_BASE,
	VMCS_GUEST_GDTR_BASE,
	VMCS_GUEST_IDTR_BASE,
	VMCS_GUEST_DR7,
	VMCS_GUEST_RSP,
	VMCS_GUEST_RIP,
	VMCS_GUEST_RFLAGS,
	VMCS_GUEST_PENDING_DBG_EXCEPTIONS,
	VMCS_GUEST_SYSENTER_ESP,
	VMCS_GUEST_SYSENTER_EIP,
	VMCS_GUEST_IA32_S_CET,
	VMCS_GUEST_SSP,
	VMCS_GUEST_IA32_INTERRUPT_SSP_TABLE_ADDR,
};
static const u32 hostnat[] = {
	VMCS_HOST_CR0,
	VMCS_HOST_CR3,
	VMCS_HOST_CR4,
	VMCS_HOST_FS_BASE,
	VMCS_HOST_GS_BASE,
	VMCS_HOST_TR_BASE,
	VMCS_HOST_GDTR_BASE,
	VMCS_HOST_IDTR_BASE,
	VMCS_HOST_IA32_SYSENTER_ESP,
	VMCS_HOST_IA32_SYSENTER_EIP,
	VMCS_HOST_RSP,
	VMCS_HOST_RIP,
	VMCS_HOST_IA32_S_CET,
	VMCS_HOST_SSP,
	VMCS_HOST_IA32_INTERRUPT_SSP_TABLE_ADDR,
};

static const struct enc_group groups[] = {
	GROUP(16, CONTROL, ctl16),	  GROUP(16, GUEST, guest16),
	GROUP(16, HOST, host16),	  GROUP(64, CONTROL, ctl64),
	GROUP(64, READ_ONLY, ro64),	  GROUP(64, GUEST, guest64),
	GROUP(64, HOST, host64),	  GROUP(32, CONTROL, ctl32),
	GROUP(32, READ_ONLY, ro32),	  GROUP(32, GUEST, guest32),
	GROUP(32, HOST, host32),	  GROUP(NATURAL, CONTROL, ctlnat),
	GROUP(NATURAL, READ_ONLY, ronat), GROUP(NATURAL, GUEST, guestnat),
	GROUP(NATURAL, HOST, hostnat),
};

static void test_vmcs_encodings_match_their_group(void **state)
{
	(void)state;
	for (size_t g = 0; g < ARRAY_SIZE(groups); g++) {
		for (size_t i = 0; i < groups[g].n; i++) {
			u32 enc = groups[g].enc[i];

			/* Full encodings only; reserved bits 12 and 15-31 clear. */
			assert_int_equal(enc & VMCS_ENC_ACCESS_HIGH, 0);
			assert_int_equal(enc & 0xFFFF9000u, 0);
			assert_int_equal(VMCS_ENC_WIDTH(enc), groups[g].width);
			assert_int_equal(VMCS_ENC_TYPE(enc), groups[g].type);
			/* Each group lists distinct fields in ascending order. */
			if (i > 0)
				assert_true(enc > groups[g].enc[i - 1]);
		}
	}
	assert_int_equal(VMCS_HIGH(VMCS_EPT_POINTER), 0x201B);
	assert_int_equal(VMCS_HIGH(VMCS_VMCS_LINK_POINTER), 0x2801);
}

static void test_interruption_info_layout(void **state)
{
	(void)state;
	/* #GP (13) as a hardware exception with an error code. */
	assert_int_equal(VMCS_INTR_INFO(13, VMCS_INTR_TYPE_HARDWARE_EXCEPTION) |
				 VMCS_INTR_INFO_DELIVER_ERROR_CODE,
			 0x80000B0D);
	assert_int_equal(VMCS_INTR_INFO(2, VMCS_INTR_TYPE_NMI), 0x80000202);
	assert_int_equal(VMCS_INTR_INFO(0x20, VMCS_INTR_TYPE_EXTERNAL_INTERRUPT), 0x80000020);
	assert_int_equal(VMCS_INTR_INFO(3, VMCS_INTR_TYPE_SOFTWARE_EXCEPTION), 0x80000603);
	assert_int_equal(VMCS_AR_UNUSABLE, 0x10000);
	assert_int_equal(VMCS_INTR_BLOCKING_BY_NMI, 0x8);
	assert_int_equal(VMCS_ACTIVITY_WAIT_FOR_SIPI, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_reason_known),
		cmocka_unit_test(test_exit_reason_gaps_and_range),
		cmocka_unit_test(test_exit_reason_table_complete),
		cmocka_unit_test(test_vm_insn_error_names),
		cmocka_unit_test(test_vmcs_encodings_match_their_group),
		cmocka_unit_test(test_interruption_info_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

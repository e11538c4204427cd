// SPDX-License-Identifier: MIT
/*
 * insn_error.c - the SDM's wording for each VM-instruction error number
 * (SDM Vol. 3C §31.4 "VM Instruction Error Numbers"), so a failed VMLAUNCH
 * or VMWRITE is reported in the terms the manual uses to explain it.
 */
#include "types.h"
#include "hw/vmx.h"
#include "vmx/insn_error.h"

static const char *const vm_insn_error_names[VM_INSN_ERROR_MAX] = {
	[VM_INSN_ERROR_VMCALL_IN_VMX_ROOT] = "VMCALL executed in VMX root operation",
	[VM_INSN_ERROR_VMCLEAR_INVALID_ADDRESS] = "VMCLEAR with invalid physical address",
	[VM_INSN_ERROR_VMCLEAR_VMXON_POINTER] = "VMCLEAR with VMXON pointer",
	[VM_INSN_ERROR_VMLAUNCH_NON_CLEAR_VMCS] = "VMLAUNCH with non-clear VMCS",
	[VM_INSN_ERROR_VMRESUME_NON_LAUNCHED_VMCS] = "VMRESUME with non-launched VMCS",
	[VM_INSN_ERROR_VMRESUME_AFTER_VMXOFF] =
		"VMRESUME after VMXOFF (VMXOFF and VMXON between VMLAUNCH and VMRESUME)",
	[VM_INSN_ERROR_ENTRY_INVALID_CONTROL_FIELDS] = "VM entry with invalid control field(s)",
	[VM_INSN_ERROR_ENTRY_INVALID_HOST_STATE_FIELDS] =
		"VM entry with invalid host-state field(s)",
	[VM_INSN_ERROR_VMPTRLD_INVALID_ADDRESS] = "VMPTRLD with invalid physical address",
	[VM_INSN_ERROR_VMPTRLD_VMXON_POINTER] = "VMPTRLD with VMXON pointer",
	[VM_INSN_ERROR_VMPTRLD_INCORRECT_REVISION_ID] =
		"VMPTRLD with incorrect VMCS revision identifier",
	[VM_INSN_ERROR_UNSUPPORTED_VMCS_COMPONENT] =
		"VMREAD/VMWRITE from/to unsupported VMCS component",
	[VM_INSN_ERROR_VMWRITE_READ_ONLY_COMPONENT] = "VMWRITE to read-only VMCS component",
	[VM_INSN_ERROR_VMXON_IN_VMX_ROOT] = "VMXON executed in VMX root operation",
	[VM_INSN_ERROR_ENTRY_INVALID_EXECUTIVE_VMCS_POINTER] =
		"VM entry with invalid executive-VMCS pointer",
	[VM_INSN_ERROR_ENTRY_NON_LAUNCHED_EXECUTIVE_VMCS] =
		"VM entry with non-launched executive VMCS",
	[VM_INSN_ERROR_ENTRY_EXECUTIVE_VMCS_NOT_VMXON] =
		"VM entry with executive-VMCS pointer not VMXON pointer",
	[VM_INSN_ERROR_VMCALL_NON_CLEAR_VMCS] = "VMCALL with non-clear VMCS",
	[VM_INSN_ERROR_VMCALL_INVALID_EXIT_CONTROLS] = "VMCALL with invalid VM-exit control fields",
	[VM_INSN_ERROR_VMCALL_INCORRECT_MSEG_REVISION] =
		"VMCALL with incorrect MSEG revision identifier",
	[VM_INSN_ERROR_VMXOFF_UNDER_DUAL_MONITOR] =
		"VMXOFF under dual-monitor treatment of SMIs and SMM",
	[VM_INSN_ERROR_VMCALL_INVALID_SMM_MONITOR_FEATURES] =
		"VMCALL with invalid SMM-monitor features",
	[VM_INSN_ERROR_ENTRY_INVALID_EXECUTIVE_CONTROLS] =
		"VM entry with invalid VM-execution control fields in executive VMCS",
	[VM_INSN_ERROR_ENTRY_EVENTS_BLOCKED_BY_MOV_SS] = "VM entry with events blocked by MOV SS",
	[VM_INSN_ERROR_INVALID_INVEPT_INVVPID_OPERAND] = "Invalid operand to INVEPT/INVVPID",
};

const char *vm_insn_error_name(u32 err)
{
	const char *name;

	if (err >= ARRAY_SIZE(vm_insn_error_names))
		return "unknown VM-instruction error";
	/* 0 ("no error") and the reserved numbers are the table's holes. */
	name = vm_insn_error_names[err];
	return name ? name : "unknown VM-instruction error";
}

// SPDX-License-Identifier: MIT
/*
 * vmcs_access.c - VMREAD/VMWRITE that never fail silently.
 */
#include "vmx/vmx_insn.h"
#include "vmx/insn_error.h"
#include "hw/vmcs.h"
#include "kernel/panic.h"

void __noreturn vmx_insn_failed(const char *insn, enum vmx_result r, u64 detail)
{
	u64 err = 0;

	if (r == VMX_FAIL_VALID && vmread_raw(VMCS_VM_INSTRUCTION_ERROR, &err) == VMX_OK)
		fatal(HV_EXIT_VMX_FAILURE,
		      "%s (%#llx) failed: VM-instruction error %llu, \"%s\" (SDM Vol. 3C, VM "
		      "Instruction Error Numbers); this is a thinvisor bug or an unsupported CPU",
		      insn, (unsigned long long)detail, (unsigned long long)err,
		      vm_insn_error_name((u32)err));
	fatal(HV_EXIT_VMX_FAILURE,
	      "%s (%#llx) failed with VMfailInvalid (no current VMCS); this is a thinvisor bug",
	      insn, (unsigned long long)detail);
}

u64 vmread(u64 field)
{
	u64 v = 0;
	enum vmx_result r = vmread_raw(field, &v);

	if (r != VMX_OK)
		vmx_insn_failed("VMREAD of field", r, field);
	return v;
}

void vmwrite(u64 field, u64 value)
{
	enum vmx_result r = vmwrite_raw(field, value);

	if (r != VMX_OK)
		vmx_insn_failed("VMWRITE of field", r, field);
}

// SPDX-License-Identifier: MIT
/*
 * vmx_fail.c - the report of a failed VMX instruction (vmread() and
 * vmwrite() in include/vmx/vmcs_access.h come here on failure).
 */
#include "vmx/vmx_fail.h"
#include "vmx/insn_error.h"
#include "hw/vmcs.h"
#include "lib/panic.h"

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

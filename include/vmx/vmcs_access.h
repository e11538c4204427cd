/* SPDX-License-Identifier: MIT */
/*
 * vmcs_access.h - VMREAD and VMWRITE of the current VMCS, checked.
 *
 * Contract: vmread() returns the field's value and vmwrite() stores one;
 * either stops the machine through vmx_insn_failed() (vmx/vmx_fail.h),
 * with the field and the SDM's error name, when the instruction fails
 * (SDM Vol. 3C 31.2: VMfailInvalid or VMfailValid).  They never return
 * an error to the caller.
 *
 * This is also the seam for host unit tests: with HOST_TEST defined the
 * two are plain functions that a test links against a fake VMCS
 * (tests/unit/fake_vmcs.c), so the exit handlers run on the host.
 */
#ifndef THINVISOR_VMX_VMCS_ACCESS_H
#define THINVISOR_VMX_VMCS_ACCESS_H

#include "types.h"

#ifdef HOST_TEST
u64 vmread(u64 field);
void vmwrite(u64 field, u64 value);
#else
#include "vmx/vmx_insn.h"
#include "vmx/vmx_fail.h"

/*
 * Stop-on-failure accessors, inline because every exit path runs several:
 * the success path is the instruction and two not-taken branches on the
 * flags it set (asm goto), nothing else.
 */
static inline u64 vmread(u64 field)
{
	u64 v;

	asm goto("vmread %[field], %[v]\n\t"
		 "jc %l[invalid]\n\t"
		 "jz %l[valid]"
		 : [v] "=r"(v)
		 : [field] "r"(field)
		 : "cc"
		 : invalid, valid);
	return v;
invalid:
	vmx_insn_failed("VMREAD of field", VMX_FAIL_INVALID, field);
valid:
	vmx_insn_failed("VMREAD of field", VMX_FAIL_VALID, field);
}

static inline void vmwrite(u64 field, u64 value)
{
	asm goto("vmwrite %[value], %[field]\n\t"
		 "jc %l[invalid]\n\t"
		 "jz %l[valid]"
		 :
		 : [field] "r"(field), [value] "rm"(value)
		 : "cc", "memory"
		 : invalid, valid);
	return;
invalid:
	vmx_insn_failed("VMWRITE of field", VMX_FAIL_INVALID, field);
valid:
	vmx_insn_failed("VMWRITE of field", VMX_FAIL_VALID, field);
}
#endif /* HOST_TEST */

#endif

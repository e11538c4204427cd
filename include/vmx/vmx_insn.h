/* SPDX-License-Identifier: MIT */
/*
 * vmx_insn.h - the VMX instructions, each returning how it ended.
 *
 * SDM Vol. 3C 31.2 "Conventions": a VMX instruction ends in VMsucceed
 * (CF = ZF = 0), VMfailInvalid (CF = 1: no current VMCS) or VMfailValid
 * (ZF = 1: the reason is in the VM-instruction error field).  Callers must
 * look at the result.  The checked VMREAD/VMWRITE that the rest of the
 * hypervisor uses are in vmx/vmcs_access.h.
 */
#ifndef THINVISOR_VMX_VMX_INSN_H
#define THINVISOR_VMX_VMX_INSN_H

#include "types.h"

enum vmx_result { VMX_OK = 0, VMX_FAIL_INVALID = 1, VMX_FAIL_VALID = 2 };

#define VMX_RESULT_ASM "setc %[cf]\n\tsetz %[zf]"

static inline enum vmx_result vmx_result(u8 cf, u8 zf)
{
	return cf ? VMX_FAIL_INVALID : zf ? VMX_FAIL_VALID : VMX_OK;
}

static inline enum vmx_result vmxon(u64 pa)
{
	u8 cf, zf;

	asm volatile("vmxon %[pa]\n\t" VMX_RESULT_ASM
		     : [cf] "=qm"(cf), [zf] "=qm"(zf)
		     : [pa] "m"(pa)
		     : "cc", "memory");
	return vmx_result(cf, zf);
}

static inline enum vmx_result vmclear(u64 pa)
{
	u8 cf, zf;

	asm volatile("vmclear %[pa]\n\t" VMX_RESULT_ASM
		     : [cf] "=qm"(cf), [zf] "=qm"(zf)
		     : [pa] "m"(pa)
		     : "cc", "memory");
	return vmx_result(cf, zf);
}

static inline enum vmx_result vmptrld(u64 pa)
{
	u8 cf, zf;

	asm volatile("vmptrld %[pa]\n\t" VMX_RESULT_ASM
		     : [cf] "=qm"(cf), [zf] "=qm"(zf)
		     : [pa] "m"(pa)
		     : "cc", "memory");
	return vmx_result(cf, zf);
}

static inline enum vmx_result vmread_raw(u64 field, u64 *value)
{
	u8 cf, zf;

	asm volatile("vmread %[field], %[value]\n\t" VMX_RESULT_ASM
		     : [cf] "=qm"(cf), [zf] "=qm"(zf), [value] "=rm"(*value)
		     : [field] "r"(field)
		     : "cc");
	return vmx_result(cf, zf);
}

static inline enum vmx_result vmwrite_raw(u64 field, u64 value)
{
	u8 cf, zf;

	asm volatile("vmwrite %[value], %[field]\n\t" VMX_RESULT_ASM
		     : [cf] "=qm"(cf), [zf] "=qm"(zf)
		     : [field] "r"(field), [value] "rm"(value)
		     : "cc", "memory");
	return vmx_result(cf, zf);
}

/* INVEPT descriptor: SDM Vol. 3C 31.3 "INVEPT" */
static inline enum vmx_result invept(u64 type, u64 eptp)
{
	struct {
		u64 eptp, reserved;
	} desc = {eptp, 0};
	u8 cf, zf;

	asm volatile("invept %[desc], %[type]\n\t" VMX_RESULT_ASM
		     : [cf] "=qm"(cf), [zf] "=qm"(zf)
		     : [desc] "m"(desc), [type] "r"(type)
		     : "cc", "memory");
	return vmx_result(cf, zf);
}

#endif

// SPDX-License-Identifier: MIT
/*
 * vmx_instruction.c - VMX and SMX instructions in the guest.  Its CPUID
 * says it has no VMX and CR4.SMXE is never allowed, so they are invalid
 * opcodes, as on a CPU without VMX (SDM Vol. 3C 26.1.2: they always exit).
 */
#include "vmexit/vmx_instruction.h"
#include "vmexit/complete.h"
#include "vmexit/exit_names.h"
#include "vmx/vmcs_access.h"
#include "hw/vmcs.h"
#include "hw/vmx.h"
#include "hw/x86.h"
#include "lib/log.h"

void handle_vmx_instruction(struct vcpu *v, u64 q)
{
	u32 reason = EXIT_REASON_BASIC((u32)vmread(VMCS_EXIT_REASON));

	(void)q;
	pr_debug("guest executed %s: #UD", exit_reason_name(reason));
	vcpu_inject_exception(v, X86_VEC_UD, false, 0);
}

/* GETSEC with CR4.SMXE = 0 is #UD (SDM Vol. 2D GETSEC). */
void handle_getsec(struct vcpu *v, u64 q)
{
	(void)q;
	vcpu_inject_exception(v, X86_VEC_UD, false, 0);
}

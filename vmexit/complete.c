// SPDX-License-Identifier: MIT
/*
 * complete.c - finishing an emulated instruction and injecting exceptions,
 * the two ways a handler hands control back to the guest.
 */
#include "vmexit/complete.h"
#include "vmx/vmcs_access.h"
#include "hw/vmcs.h"
#include "hw/x86.h"

/*
 * What retiring an instruction does that the hypervisor must now do by
 * hand (SDM Vol. 3C 28.1 and Vol. 3A 18.3.1.4): RIP moves past it (the
 * VM-exit instruction-length field is valid for every exit caused by
 * executing an instruction, which is the only kind that calls this),
 * RFLAGS.RF is cleared, STI/MOV-SS blocking ends, and with RFLAGS.TF set a
 * single-step #DB is due: marked as a pending BS debug exception, which the
 * CPU delivers after VM entry.
 */
void vcpu_complete_instruction(struct vcpu *v)
{
	vcpu_skip_instruction(v, (u32)vmread(VMCS_VM_EXIT_INSTRUCTION_LENGTH));
}

void vcpu_skip_instruction(struct vcpu *v, u32 length)
{
	u64 old = vmread(VMCS_GUEST_RIP), rip = old + length;
	u64 rflags = vmread(VMCS_GUEST_RFLAGS);
	u64 intr = vmread(VMCS_GUEST_INTERRUPTIBILITY_STATE);

	(void)v;
	/* Outside 64-bit mode RIP wraps at 32 bits (real mode: EIP); CS.L is
	 * set only in 64-bit mode (VM entry checks it against IA-32e mode).
	 * Bits 63:32 of RIP are zero outside 64-bit mode (SDM Vol. 3C
	 * 27.3.1.4), so CS is only read when an address below 4 GiB crosses it. */
	if (!(old >> 32) && (rip >> 32) && !(vmread(VMCS_GUEST_CS_ACCESS_RIGHTS) & VMCS_AR_L))
		rip &= 0xFFFFFFFFULL;
	vmwrite(VMCS_GUEST_RIP, rip);
	if (rflags & X86_RFLAGS_RF)
		vmwrite(VMCS_GUEST_RFLAGS, rflags & ~X86_RFLAGS_RF);
	if (intr & (VMCS_INTR_BLOCKING_BY_STI | VMCS_INTR_BLOCKING_BY_MOV_SS))
		vmwrite(VMCS_GUEST_INTERRUPTIBILITY_STATE,
			intr & ~(u64)(VMCS_INTR_BLOCKING_BY_STI | VMCS_INTR_BLOCKING_BY_MOV_SS));
	if (rflags & X86_RFLAGS_TF)
		vmwrite(VMCS_GUEST_PENDING_DBG_EXCEPTIONS,
			vmread(VMCS_GUEST_PENDING_DBG_EXCEPTIONS) | VMCS_PENDING_DBG_BS);
}

/*
 * An exit during event delivery (an EPT violation while the CPU pushed an
 * interrupt frame, say) leaves the event in the IDT-vectoring information
 * (SDM Vol. 3C 28.2.4); a handler that lets the guest retry must deliver it
 * again, with its error code and, for software events, the instruction
 * length (SDM Vol. 3C 28.2.4 and 27.6.1).  An NMI being delivered had set
 * virtual-NMI blocking, which must be clear to inject it (27.3.1.5).
 */
void vcpu_reinject_vectored_event(struct vcpu *v)
{
	u32 info = (u32)vmread(VMCS_IDT_VECTORING_INFO);
	u32 type = (info & VMCS_INTR_INFO_TYPE_MASK) >> VMCS_INTR_INFO_TYPE_SHIFT;

	(void)v;
	if (!(info & VMCS_INTR_INFO_VALID))
		return;
	/* bits 30:12 are reserved in the entry field (bit 12 is exit-only) */
	vmwrite(VMCS_VM_ENTRY_INTERRUPTION_INFO,
		info & (VMCS_INTR_INFO_VALID | VMCS_INTR_INFO_DELIVER_ERROR_CODE |
			VMCS_INTR_INFO_TYPE_MASK | VMCS_INTR_INFO_VECTOR_MASK));
	if (info & VMCS_INTR_INFO_DELIVER_ERROR_CODE)
		vmwrite(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, vmread(VMCS_IDT_VECTORING_ERROR_CODE));
	if (type == VMCS_INTR_TYPE_SOFTWARE_INTERRUPT ||
	    type == VMCS_INTR_TYPE_PRIV_SOFTWARE_EXCEPTION ||
	    type == VMCS_INTR_TYPE_SOFTWARE_EXCEPTION)
		vmwrite(VMCS_VM_ENTRY_INSTRUCTION_LENGTH, vmread(VMCS_VM_EXIT_INSTRUCTION_LENGTH));
	if (type == VMCS_INTR_TYPE_NMI)
		vmwrite(VMCS_GUEST_INTERRUPTIBILITY_STATE,
			vmread(VMCS_GUEST_INTERRUPTIBILITY_STATE) &
				~(u64)VMCS_INTR_BLOCKING_BY_NMI);
}

/*
 * Event injection (SDM Vol. 3C 25.8.3, 27.6): a hardware exception is
 * delivered through the guest's IDT as if the faulting instruction raised
 * it; RIP is left at the instruction, as for any fault.
 */
void vcpu_inject_exception(struct vcpu *v, u8 vector, bool has_error, u32 error)
{
	u32 info = vector | (VMCS_INTR_TYPE_HARDWARE_EXCEPTION << VMCS_INTR_INFO_TYPE_SHIFT) |
		   VMCS_INTR_INFO_VALID;

	(void)v;
	/* Real mode has no error codes (SDM Vol. 3C 27.2.1.3). */
	if (has_error && (vmread(VMCS_GUEST_CR0) & X86_CR0_PE)) {
		info |= VMCS_INTR_INFO_DELIVER_ERROR_CODE;
		vmwrite(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, error);
	}
	vmwrite(VMCS_VM_ENTRY_INTERRUPTION_INFO, info);
}

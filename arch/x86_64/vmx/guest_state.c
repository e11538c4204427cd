// SPDX-License-Identifier: MIT
/*
 * guest_state.c - a real-mode guest-state area that passes the VM-entry
 * checks of SDM Vol. 3C 27.3.1 for an unrestricted guest.
 */
#include "vmx/guest_state.h"
#include "vmx/vmx.h"
#include "vmx/vmcs_access.h"
#include "hw/vmcs.h"
#include "hw/x86.h"

/* Access rights (SDM Vol. 3C 25.4.1, Table 25-2): P, S, type */
#define AR_CODE_RX_ACCESSED 0x9B   /* present, code, execute/read, accessed */
#define AR_DATA_RW_ACCESSED 0x93   /* present, data, read/write, accessed */
#define AR_TSS_BUSY_32	    0x8B   /* present, system, 32-bit busy TSS */
#define AR_LDT		    0x82   /* present, system, LDT */
#define AR_G_DB		    0xC000 /* 4 KiB granularity, 32-bit default size */

static void seg(u32 sel_f, u32 base_f, u32 limit_f, u32 ar_f, u16 sel, u64 base, u32 limit, u32 ar)
{
	vmwrite(sel_f, sel);
	vmwrite(base_f, base);
	vmwrite(limit_f, limit);
	vmwrite(ar_f, ar);
}

#define SEG(name, sel, base, limit, ar)                                                            \
	seg(VMCS_GUEST_##name##_SELECTOR, VMCS_GUEST_##name##_BASE, VMCS_GUEST_##name##_LIMIT,     \
	    VMCS_GUEST_##name##_ACCESS_RIGHTS, sel, base, limit, ar)

void vmcs_guest_real_mode(struct vcpu *v, u16 cs_selector, u16 ip)
{
	for (unsigned i = 0; i < 16; i++)
		v->regs.gpr[i] = 0;
	v->regs.cr2 = 0;
	/* CR0 after INIT: CD, NW, ET (0x60000010); the real CR0 adds the bits
	 * VMX forces (NE), hidden by the read shadow. */
	vmcs_set_guest_cr0(v, X86_CR0_CD | X86_CR0_NW | X86_CR0_ET);
	vmcs_set_guest_cr4(v, 0);
	vmwrite(VMCS_GUEST_CR3, 0);
	vmwrite(VMCS_GUEST_DR7, 0x400);
	vmwrite(VMCS_GUEST_RSP, 0);
	vmwrite(VMCS_GUEST_RIP, ip);
	vmwrite(VMCS_GUEST_RFLAGS, X86_RFLAGS_FIXED);

	SEG(CS, cs_selector, (u64)cs_selector << 4, 0xFFFF, AR_CODE_RX_ACCESSED);
	SEG(SS, 0, 0, 0xFFFF, AR_DATA_RW_ACCESSED);
	SEG(DS, 0, 0, 0xFFFF, AR_DATA_RW_ACCESSED);
	SEG(ES, 0, 0, 0xFFFF, AR_DATA_RW_ACCESSED);
	SEG(FS, 0, 0, 0xFFFF, AR_DATA_RW_ACCESSED);
	SEG(GS, 0, 0, 0xFFFF, AR_DATA_RW_ACCESSED);
	/* TR must be usable and busy even in real mode (27.3.1.2); LDTR as after INIT */
	SEG(TR, 0, 0, 0xFFFF, AR_TSS_BUSY_32);
	SEG(LDTR, 0, 0, 0xFFFF, AR_LDT);
	vmwrite(VMCS_GUEST_GDTR_BASE, 0);
	vmwrite(VMCS_GUEST_GDTR_LIMIT, 0xFFFF);
	vmwrite(VMCS_GUEST_IDTR_BASE, 0);
	vmwrite(VMCS_GUEST_IDTR_LIMIT, 0xFFFF);

	vmwrite(VMCS_GUEST_IA32_EFER, 0);
	/* the power-up PAT (SDM Vol. 3A 13.12.4) */
	vmwrite(VMCS_GUEST_IA32_PAT, 0x0007040600070406ULL);
	vmwrite(VMCS_GUEST_IA32_DEBUGCTL, 0);
	vmwrite(VMCS_GUEST_SYSENTER_CS, 0);
	vmwrite(VMCS_GUEST_SYSENTER_ESP, 0);
	vmwrite(VMCS_GUEST_SYSENTER_EIP, 0);
	vmwrite(VMCS_GUEST_ACTIVITY_STATE, VMCS_ACTIVITY_ACTIVE);
	vmwrite(VMCS_GUEST_INTERRUPTIBILITY_STATE, 0);
	vmwrite(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmwrite(VMCS_VM_ENTRY_CONTROLS,
		vmread(VMCS_VM_ENTRY_CONTROLS) & ~(u64)VM_ENTRY_IA32E_MODE_GUEST);
}

void vmcs_guest_multiboot(struct vcpu *v, u32 entry, u32 magic, u32 info)
{
	/* start from the INIT state, then what the specification changes */
	vmcs_guest_real_mode(v, 0, 0);
	vmcs_set_guest_cr0(v, X86_CR0_PE | X86_CR0_ET);
	vmwrite(VMCS_GUEST_RIP, entry);
	SEG(CS, 0x08, 0, 0xFFFFFFFF, AR_G_DB | AR_CODE_RX_ACCESSED);
	SEG(SS, 0x10, 0, 0xFFFFFFFF, AR_G_DB | AR_DATA_RW_ACCESSED);
	SEG(DS, 0x10, 0, 0xFFFFFFFF, AR_G_DB | AR_DATA_RW_ACCESSED);
	SEG(ES, 0x10, 0, 0xFFFFFFFF, AR_G_DB | AR_DATA_RW_ACCESSED);
	SEG(FS, 0x10, 0, 0xFFFFFFFF, AR_G_DB | AR_DATA_RW_ACCESSED);
	SEG(GS, 0x10, 0, 0xFFFFFFFF, AR_G_DB | AR_DATA_RW_ACCESSED);
	vmwrite(VMCS_GUEST_GDTR_LIMIT, 0);
	vmwrite(VMCS_GUEST_IDTR_LIMIT, 0);
	v->regs.rax = magic;
	v->regs.rbx = info;
}

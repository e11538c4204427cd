// SPDX-License-Identifier: MIT
/*
 * cr_access.c - control-register exits.  Only writes that would change a bit the
 * hypervisor owns (CR0/CR4 guest/host masks, set up in vmcs_setup.c) exit,
 * and CR3 accesses on CPUs whose capability MSRs force CR3 exiting.  The
 * guest's view is kept in the read shadows; the architectural checks of the
 * instruction (SDM Vol. 3A 2.5, MOV CR) are redone here because the real
 * instruction never ran.
 */
#include "vmexit/cr_access.h"
#include "vmexit/complete.h"
#include "vmexit/stop.h"
#include "vmexit/qual.h"
#include "vmx/vmx.h"
#include "vmx/vmcs_access.h"
#include "hw/vmcs.h"
#include "hw/msr.h"
#include "hw/x86.h"
#include "lib/log.h"
#include "mm/memory.h"

static void set_ia32e(struct vcpu *v, bool on)
{
	u64 efer = vmread(VMCS_GUEST_IA32_EFER);

	/* Read, not cached: a VM exit stores EFER.LMA into this control
	 * whenever the guest changed paging mode without exiting. */
	u64 ctl = vmread(VMCS_VM_ENTRY_CONTROLS);

	(void)v;
	efer = on ? efer | IA32_EFER_LMA : efer & ~IA32_EFER_LMA;
	vmwrite(VMCS_GUEST_IA32_EFER, efer);
	vmwrite(VMCS_VM_ENTRY_CONTROLS,
		on ? ctl | VM_ENTRY_IA32E_MODE_GUEST : ctl & ~(u64)VM_ENTRY_IA32E_MODE_GUEST);
}

/*
 * PAE paging outside IA-32e mode takes its four PDPTEs from CR3 when CR0,
 * CR3 or CR4 is written (SDM Vol. 3A 4.4.1).  A MOV the hypervisor
 * emulates must do the same: with EPT, VM entry loads the guest's PDPTEs
 * from the VMCS fields, not from memory (SDM Vol. 3C 27.3.2.4).  A present
 * PDPTE with reserved bits set makes the MOV fault (#GP) before it changes
 * anything, as natively.  Returns false for that; true otherwise, with
 * *load set when the four entries in pd[] must be loaded.
 */
static bool pae_pdptes(u64 cr0, u64 cr3, u64 cr4, u64 efer, u64 pd[4], bool *load)
{
	const u64 *p;

	*load = (cr0 & X86_CR0_PG) && (cr4 & X86_CR4_PAE) && !(efer & IA32_EFER_LMA);
	if (!*load)
		return true;
	p = phys_to_virt(cr3 & 0xFFFFFFE0ULL);
	for (int i = 0; i < 4; i++) {
		pd[i] = p[i];
		/* reserved: bits 2:1, 8:5 and 63:52 of a present entry */
		if ((pd[i] & 1) && (pd[i] & (0x1E6ULL | 0xFFF0000000000000ULL)))
			return false;
	}
	return true;
}

static void write_pdptes(const u64 pd[4])
{
	vmwrite(VMCS_GUEST_PDPTE0, pd[0]);
	vmwrite(VMCS_GUEST_PDPTE1, pd[1]);
	vmwrite(VMCS_GUEST_PDPTE2, pd[2]);
	vmwrite(VMCS_GUEST_PDPTE3, pd[3]);
}

static bool write_cr3(u64 val)
{
	u64 pd[4];
	bool load;

	if (!pae_pdptes(vmread(VMCS_GUEST_CR0), val, vmread(VMCS_GUEST_CR4),
			vmread(VMCS_GUEST_IA32_EFER), pd, &load))
		return false;
	vmwrite(VMCS_GUEST_CR3, val);
	if (load)
		write_pdptes(pd);
	return true;
}

/* false: the write faults (#GP) as it would on hardware */
static bool write_cr0(struct vcpu *v, u64 val)
{
	u64 old = vmread(VMCS_GUEST_CR0);
	u64 efer = vmread(VMCS_GUEST_IA32_EFER);
	u64 pd[4];
	bool load;

	if ((val >> 32) || ((val & X86_CR0_PG) && !(val & X86_CR0_PE)) ||
	    ((val & X86_CR0_NW) && !(val & X86_CR0_CD)))
		return false;
	/* Paging on with EFER.LME: IA-32e mode begins (SDM Vol. 3A 10.8.5). */
	if ((val & X86_CR0_PG) && !(old & X86_CR0_PG) && (efer & IA32_EFER_LME)) {
		if (!(vmread(VMCS_GUEST_CR4) & X86_CR4_PAE))
			return false;
		set_ia32e(v, true);
	} else if (!(val & X86_CR0_PG) && (old & X86_CR0_PG) && (efer & IA32_EFER_LMA)) {
		set_ia32e(v, false);
	}
	if (!pae_pdptes(val, vmread(VMCS_GUEST_CR3), vmread(VMCS_GUEST_CR4),
			vmread(VMCS_GUEST_IA32_EFER), pd, &load))
		return false;
	vmcs_set_guest_cr0(v, val);
	if (load)
		write_pdptes(pd);
	return true;
}

static bool write_cr4(struct vcpu *v, u64 val)
{
	/* Bits the guest may not set: VMXE and SMXE (no VMX/SMX in its CPUID)
	 * and whatever this CPU does not support in VMX operation. */
	u64 forbidden = X86_CR4_VMXE | X86_CR4_SMXE | ~vmx_caps.cr4_fixed1;
	u64 pd[4];
	bool load;

	if (val & forbidden)
		return false;
	if ((vmread(VMCS_GUEST_IA32_EFER) & IA32_EFER_LMA) && !(val & X86_CR4_PAE))
		return false;
	if (!pae_pdptes(vmread(VMCS_GUEST_CR0), vmread(VMCS_GUEST_CR3), val,
			vmread(VMCS_GUEST_IA32_EFER), pd, &load))
		return false;
	vmcs_set_guest_cr4(v, val);
	if (load)
		write_pdptes(pd);
	return true;
}

void handle_cr_access(struct vcpu *v, u64 q)
{
	struct cr_qual c = cr_qual_decode(q);
	bool ok = true;

	switch (c.type) {
	case CR_ACCESS_MOV_TO_CR:
		if (c.cr == 0)
			ok = write_cr0(v, vcpu_gpr(v, c.gpr));
		else if (c.cr == 4)
			ok = write_cr4(v, vcpu_gpr(v, c.gpr));
		else if (c.cr == 3)
			ok = write_cr3(vcpu_gpr(v, c.gpr));
		else
			goto unexpected;
		break;
	case CR_ACCESS_MOV_FROM_CR:
		if (c.cr != 3)
			goto unexpected;
		vcpu_set_gpr(v, c.gpr, vmread(VMCS_GUEST_CR3));
		break;
	case CR_ACCESS_CLTS:
		ok = write_cr0(v, vmread(VMCS_CR0_READ_SHADOW) & ~X86_CR0_TS);
		break;
	case CR_ACCESS_LMSW: {
		/* LMSW loads CR0[3:0] but cannot clear PE (SDM Vol. 2A LMSW). */
		u64 cr0 = vmread(VMCS_CR0_READ_SHADOW);
		u64 src = c.lmsw_source & 0xF;

		ok = write_cr0(v, (cr0 & ~0xEULL) | src | (cr0 & X86_CR0_PE));
		break;
	}
	}
	if (!ok) {
		pr_debug("CR%u write refused: #GP to the guest", c.cr);
		vcpu_inject_exception(v, X86_VEC_GP, true, 0);
		return;
	}
	vcpu_complete_instruction(v);
	return;
unexpected:
	vcpu_stop(v, HV_EXIT_VMX_FAILURE,
		  "unexpected control-register exit (CR%u, access type %d, qualification %#llx); "
		  "this is a thinvisor bug",
		  c.cr, c.type, (unsigned long long)q);
}

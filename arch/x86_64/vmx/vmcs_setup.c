// SPDX-License-Identifier: MIT
/*
 * vmcs_setup.c - a fresh VMCS: execution controls, bitmaps, CR masks and
 * the host-state area (SDM Vol. 3C 25.5, 25.6 - 25.8).
 */
#include "vmx/vmx.h"
#include "vmx/vmcs_access.h"
#include "vmx/vmx_fail.h"
#include "arch/cpu.h"
#include "arch/gdt.h"
#include "arch/idt.h"
#include "hw/msr.h"
#include "hw/vmcs.h"
#include "hw/x86.h"
#include "lib/log.h"
#include "lib/panic.h"
#include "mm/memory.h"

#ifndef HOST_TEST
extern char vmx_exit[];
#endif

/*
 * Guest/host masks (SDM Vol. 3C 25.6.6): a bit set here belongs to the
 * hypervisor.  The guest reads it from the read shadow and a MOV to CR that
 * would change it exits.  These are the bits VMX forces (fixed0 = 1 or
 * fixed1 = 0): NE and CR4.VMXE among them.  PE and PG are free for an
 * unrestricted guest (SDM Vol. 3C 26.3.1.1).  CR4.SMXE is taken too: the
 * guest is told it has no SMX.
 */
static u64 cr0_owned(void)
{
	return (vmx_caps.cr0_fixed0 | ~vmx_caps.cr0_fixed1) & ~(X86_CR0_PE | X86_CR0_PG) &
	       0xFFFFFFFFULL;
}

static u64 cr4_owned(void)
{
	return ((vmx_caps.cr4_fixed0 | ~vmx_caps.cr4_fixed1) | X86_CR4_SMXE) & 0xFFFFFFFFULL;
}

void vmcs_set_guest_cr0(struct vcpu *v, u64 guest_value)
{
	u64 fixed0 = vmx_caps.cr0_fixed0 & ~(X86_CR0_PE | X86_CR0_PG);

	vmwrite(VMCS_CR0_READ_SHADOW, guest_value);
	vmwrite(VMCS_GUEST_CR0, (guest_value | fixed0) & vmx_caps.cr0_fixed1);
	(void)v;
}

void vmcs_set_guest_cr4(struct vcpu *v, u64 guest_value)
{
	vmwrite(VMCS_CR4_READ_SHADOW, guest_value);
	vmwrite(VMCS_GUEST_CR4, (guest_value | vmx_caps.cr4_fixed0) & vmx_caps.cr4_fixed1);
	(void)v;
}

static void setup_controls(struct vcpu *v, u64 eptp, u16 vpid, const struct vmcs_bitmaps *b)
{
	u32 proc2 = vmx_ctls.proc2;

	if (!vpid)
		proc2 &= ~SECONDARY_ENABLE_VPID;
	vmwrite(VMCS_PIN_BASED_VM_EXEC_CONTROL, vmx_ctls.pin);
	vmwrite(VMCS_PRIMARY_PROC_BASED_VM_EXEC_CONTROL, vmx_ctls.proc);
	vmwrite(VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL, proc2);
	vmwrite(VMCS_VM_EXIT_CONTROLS, vmx_ctls.exit);
	vmwrite(VMCS_VM_ENTRY_CONTROLS, vmx_ctls.entry);
	vmwrite(VMCS_EXCEPTION_BITMAP, 0); /* the guest handles its own faults */
	vmwrite(VMCS_PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmwrite(VMCS_PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmwrite(VMCS_CR3_TARGET_COUNT, 0);
	vmwrite(VMCS_VM_EXIT_MSR_STORE_COUNT, 0);
	vmwrite(VMCS_VM_EXIT_MSR_LOAD_COUNT, 0);
	vmwrite(VMCS_VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmwrite(VMCS_VM_ENTRY_INTERRUPTION_INFO, 0);
	vmwrite(VMCS_EPT_POINTER, eptp);
	if (vpid)
		vmwrite(VMCS_VPID, vpid);

	vmwrite(VMCS_MSR_BITMAP, b->msr);
	vmwrite(VMCS_IO_BITMAP_A, b->io_a);
	vmwrite(VMCS_IO_BITMAP_B, b->io_b);

	v->cr0_mask = cr0_owned();
	v->cr4_mask = cr4_owned();
	vmwrite(VMCS_CR0_GUEST_HOST_MASK, v->cr0_mask);
	vmwrite(VMCS_CR4_GUEST_HOST_MASK, v->cr4_mask);
	/* SDM Vol. 3C 25.4.2: all ones unless VMCS shadowing is used */
	vmwrite(VMCS_VMCS_LINK_POINTER, ~0ULL);
}

/* Host state: the hypervisor as described by h (SDM Vol. 3C 25.5, 27.2.2-3). */
static void setup_host_state(const struct vmcs_host_values *h)
{
	vmwrite(VMCS_HOST_CR0, h->cr0);
	vmwrite(VMCS_HOST_CR3, h->cr3);
	vmwrite(VMCS_HOST_CR4, h->cr4);
	vmwrite(VMCS_HOST_CS_SELECTOR, GDT_SEL_CODE);
	vmwrite(VMCS_HOST_SS_SELECTOR, GDT_SEL_DATA);
	vmwrite(VMCS_HOST_DS_SELECTOR, GDT_SEL_DATA);
	vmwrite(VMCS_HOST_ES_SELECTOR, GDT_SEL_DATA);
	vmwrite(VMCS_HOST_FS_SELECTOR, 0);
	vmwrite(VMCS_HOST_GS_SELECTOR, 0);
	vmwrite(VMCS_HOST_TR_SELECTOR, GDT_SEL_TSS);
	vmwrite(VMCS_HOST_FS_BASE, 0);
	vmwrite(VMCS_HOST_GS_BASE, h->gs_base); /* this CPU's struct percpu */
	vmwrite(VMCS_HOST_TR_BASE, h->tr_base);
	vmwrite(VMCS_HOST_GDTR_BASE, h->gdtr_base);
	vmwrite(VMCS_HOST_IDTR_BASE, h->idtr_base);
	vmwrite(VMCS_HOST_IA32_SYSENTER_CS, 0);
	vmwrite(VMCS_HOST_IA32_SYSENTER_ESP, 0);
	vmwrite(VMCS_HOST_IA32_SYSENTER_EIP, 0);
	vmwrite(VMCS_HOST_IA32_PAT, h->pat);
	vmwrite(VMCS_HOST_IA32_EFER, h->efer);
	vmwrite(VMCS_HOST_RIP, h->rip);
	/* HOST_RSP is written by vmx_run() on every entry. */
}

void vmcs_write_setup(struct vcpu *v, u64 eptp, u16 vpid, const struct vmcs_bitmaps *b,
		      const struct vmcs_host_values *h)
{
	setup_controls(v, eptp, vpid, b);
	setup_host_state(h);
}

/*
 * What follows touches the machine: privileged reads, frame allocation,
 * VMCLEAR/VMPTRLD.  A host unit test calls vmcs_write_setup() with values
 * of its own instead (tests/unit/test_vmentry_check.c).
 */
#ifndef HOST_TEST
/* The hypervisor exactly as it runs now on this CPU. */
static void read_host_values(struct vmcs_host_values *h)
{
	struct desc_ptr gdtr, idtr;

	sgdt(&gdtr);
	sidt(&idtr);
	h->cr0 = read_cr0();
	h->cr3 = read_cr3();
	h->cr4 = read_cr4();
	h->gs_base = rdmsr(IA32_GS_BASE);
	h->tr_base = tss_base();
	h->gdtr_base = gdtr.base;
	h->idtr_base = idtr.base;
	h->pat = rdmsr(IA32_PAT);
	h->efer = rdmsr(IA32_EFER);
	h->rip = (u64)vmx_exit;
}

void vmcs_setup(struct vcpu *v, u64 eptp, u16 vpid, const struct vmcs_bitmaps *b)
{
	struct vmcs_host_values h;
	enum vmx_result r;

	v->vmcs_pa = frame_alloc_zeroed(1, "a VMCS");
	*(u32 *)phys_to_virt(v->vmcs_pa) = vmx_basic_revision_id(vmx_caps.basic);
	r = vmclear(v->vmcs_pa);
	if (r != VMX_OK)
		vmx_insn_failed("VMCLEAR", r, v->vmcs_pa);
	r = vmptrld(v->vmcs_pa);
	if (r != VMX_OK)
		vmx_insn_failed("VMPTRLD", r, v->vmcs_pa);
	v->launched = 0;
	read_host_values(&h);
	vmcs_write_setup(v, eptp, vpid, b, &h);
}
#endif /* HOST_TEST */

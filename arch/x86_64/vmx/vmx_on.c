// SPDX-License-Identifier: MIT
/*
 * vmx_on.c - from a 64-bit CPU to VMX root operation, SDM Vol. 3C 24.7.
 */
#include "vmx/vmx.h"
#include "vmx/vmcs_access.h"
#include "vmx/vmx_fail.h"
#include "arch/cpu.h"
#include "arch/cpu_caps.h"
#include "hw/msr.h"
#include "hw/x86.h"
#include "lib/log.h"
#include "lib/panic.h"
#include "mm/memory.h"

struct vmx_caps vmx_caps;
struct vmx_controls vmx_ctls;

static void read_caps(struct vmx_caps *c)
{
	c->basic = rdmsr(IA32_VMX_BASIC);
	c->pinbased = rdmsr(IA32_VMX_PINBASED_CTLS);
	c->procbased = rdmsr(IA32_VMX_PROCBASED_CTLS);
	c->exit = rdmsr(IA32_VMX_EXIT_CTLS);
	c->entry = rdmsr(IA32_VMX_ENTRY_CTLS);
	c->misc = rdmsr(IA32_VMX_MISC);
	c->cr0_fixed0 = rdmsr(IA32_VMX_CR0_FIXED0);
	c->cr0_fixed1 = rdmsr(IA32_VMX_CR0_FIXED1);
	c->cr4_fixed0 = rdmsr(IA32_VMX_CR4_FIXED0);
	c->cr4_fixed1 = rdmsr(IA32_VMX_CR4_FIXED1);
	/* Present only if their controls can be 1 (SDM Vol. 3D A.3.3, A.10). */
	if ((c->procbased >> 32) & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		c->procbased2 = rdmsr(IA32_VMX_PROCBASED_CTLS2);
	if ((c->procbased2 >> 32) & (SECONDARY_ENABLE_EPT | SECONDARY_ENABLE_VPID))
		c->ept_vpid_cap = rdmsr(IA32_VMX_EPT_VPID_CAP);
	if (c->basic & VMX_BASIC_TRUE_CONTROLS) {
		c->true_pinbased = rdmsr(IA32_VMX_TRUE_PINBASED_CTLS);
		c->true_procbased = rdmsr(IA32_VMX_TRUE_PROCBASED_CTLS);
		c->true_exit = rdmsr(IA32_VMX_TRUE_EXIT_CTLS);
		c->true_entry = rdmsr(IA32_VMX_TRUE_ENTRY_CTLS);
	}
}

/*
 * IA32_FEATURE_CONTROL (SDM Vol. 3C 24.7): VMXON outside SMX needs bit 2
 * with the lock bit set.  Firmware that left it unlocked lets us set both;
 * firmware that locked it with VMX off leaves only a trip to its setup.
 */
static void enable_feature_control(void)
{
	u64 fc = rdmsr(IA32_FEATURE_CONTROL);

	if (!(fc & IA32_FEATURE_CONTROL_LOCK)) {
		fc |= IA32_FEATURE_CONTROL_LOCK | IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX;
		wrmsr(IA32_FEATURE_CONTROL, fc);
		pr_info("vmx: IA32_FEATURE_CONTROL was unlocked; locked it with VMX enabled");
	}
	if (!(fc & IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX))
		fatal(HV_EXIT_VMX_LOCKED_OFF,
		      "VMX is disabled and locked by the firmware (IA32_FEATURE_CONTROL %#llx); "
		      "enable Intel Virtualization Technology (VT-x) in the firmware setup",
		      (unsigned long long)fc);
}

/* This CPU into VMX root operation, with the capabilities already read. */
void vmx_enable_cpu(void)
{
	u64 region;

	enable_feature_control();
	/* CR0/CR4 bits VMX operation fixes (SDM Vol. 3D A.7, A.8), CR4.VMXE among
	 * them; CR4.OSXSAVE so that XSETBV exits can be completed on the host. */
	write_cr0(vmx_fixed_bits(read_cr0(), vmx_caps.cr0_fixed0, vmx_caps.cr0_fixed1));
	write_cr4(vmx_fixed_bits(read_cr4() | X86_CR4_VMXE | (cpu_caps.xsave ? X86_CR4_OSXSAVE : 0),
				 vmx_caps.cr4_fixed0, vmx_caps.cr4_fixed1));

	/* VMXON region: 4 KiB aligned, revision id in its first dword (24.11.5). */
	region = frame_alloc_zeroed(1, "the VMXON region");
	*(u32 *)phys_to_virt(region) = vmx_basic_revision_id(vmx_caps.basic);
	if (vmxon(region) != VMX_OK)
		fatal(HV_EXIT_VMX_FAILURE,
		      "VMXON failed although every documented condition holds (CR0/CR4 fixed "
		      "bits, IA32_FEATURE_CONTROL, region); the CPU may be in SMX mode");
}

void vmx_enable(void)
{
	struct vmx_ctl_error err = {0};
	const char *why = NULL;
	int r;

	read_caps(&vmx_caps);
	r = vmx_compute_controls(&vmx_caps, &vmx_ctls, &err);
	if (r == VMX_CTL_ERR_VMCS_REGION)
		fatal(HV_EXIT_VMX_FEATURE,
		      "this CPU's VMCS region is not write-back or larger than 4 KiB "
		      "(IA32_VMX_BASIC %#llx); thinvisor cannot use it",
		      (unsigned long long)vmx_caps.basic);
	if (r)
		fatal(HV_EXIT_VMX_FEATURE,
		      "this CPU cannot enable the %s control \"%s\"; thinvisor needs it (use a "
		      "newer CPU, or -cpu host under KVM)",
		      err.control_group, err.missing);
	if (!vmx_ept_usable(vmx_caps.ept_vpid_cap, &why))
		fatal(HV_EXIT_VMX_FEATURE, "EPT is not usable on this CPU: %s", why);

	vmx_enable_cpu();
	pr_info("vmx: in VMX root operation (VMCS revision %#x; controls pin %#x proc %#x "
		"proc2 %#x exit %#x entry %#x)",
		vmx_basic_revision_id(vmx_caps.basic), vmx_ctls.pin, vmx_ctls.proc, vmx_ctls.proc2,
		vmx_ctls.exit, vmx_ctls.entry);
}

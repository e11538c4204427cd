// SPDX-License-Identifier: MIT
/*
 * controls.c - compute the VMX control words from the capability MSRs
 * (SDM Vol. 3D Appendix A) under thinvisor's pass-through policy, described
 * in vmx/controls.h. Pure: no hardware access, no output.
 */
#include "types.h"
#include "hw/vmx.h"
#include "vmx/controls.h"

struct ctl_name {
	u32 bit;
	const char *name;
};

/* Control names in the SDM's wording, looked up by the mask constants so
 * that a name cannot end up beside the wrong bit. */
static const struct ctl_name pin_names[] = {
	{PIN_BASED_EXTERNAL_INTERRUPT_EXITING, "external-interrupt exiting"},
	{PIN_BASED_NMI_EXITING, "NMI exiting"},
	{PIN_BASED_VIRTUAL_NMIS, "virtual NMIs"},
	{PIN_BASED_ACTIVATE_VMX_PREEMPTION_TIMER, "activate VMX-preemption timer"},
	{PIN_BASED_PROCESS_POSTED_INTERRUPTS, "process posted interrupts"},
	{0, NULL},
};

static const struct ctl_name primary_names[] = {
	{CPU_BASED_INTERRUPT_WINDOW_EXITING, "interrupt-window exiting"},
	{CPU_BASED_USE_TSC_OFFSETTING, "use TSC offsetting"},
	{CPU_BASED_HLT_EXITING, "HLT exiting"},
	{CPU_BASED_INVLPG_EXITING, "INVLPG exiting"},
	{CPU_BASED_MWAIT_EXITING, "MWAIT exiting"},
	{CPU_BASED_RDPMC_EXITING, "RDPMC exiting"},
	{CPU_BASED_RDTSC_EXITING, "RDTSC exiting"},
	{CPU_BASED_CR3_LOAD_EXITING, "CR3-load exiting"},
	{CPU_BASED_CR3_STORE_EXITING, "CR3-store exiting"},
	{CPU_BASED_ACTIVATE_TERTIARY_CONTROLS, "activate tertiary controls"},
	{CPU_BASED_CR8_LOAD_EXITING, "CR8-load exiting"},
	{CPU_BASED_CR8_STORE_EXITING, "CR8-store exiting"},
	{CPU_BASED_USE_TPR_SHADOW, "use TPR shadow"},
	{CPU_BASED_NMI_WINDOW_EXITING, "NMI-window exiting"},
	{CPU_BASED_MOV_DR_EXITING, "MOV-DR exiting"},
	{CPU_BASED_UNCONDITIONAL_IO_EXITING, "unconditional I/O exiting"},
	{CPU_BASED_USE_IO_BITMAPS, "use I/O bitmaps"},
	{CPU_BASED_MONITOR_TRAP_FLAG, "monitor trap flag"},
	{CPU_BASED_USE_MSR_BITMAPS, "use MSR bitmaps"},
	{CPU_BASED_MONITOR_EXITING, "MONITOR exiting"},
	{CPU_BASED_PAUSE_EXITING, "PAUSE exiting"},
	{CPU_BASED_ACTIVATE_SECONDARY_CONTROLS, "activate secondary controls"},
	{0, NULL},
};

static const struct ctl_name secondary_names[] = {
	{SECONDARY_VIRTUALIZE_APIC_ACCESSES, "virtualize APIC accesses"},
	{SECONDARY_ENABLE_EPT, "enable EPT"},
	{SECONDARY_DESCRIPTOR_TABLE_EXITING, "descriptor-table exiting"},
	{SECONDARY_ENABLE_RDTSCP, "enable RDTSCP"},
	{SECONDARY_VIRTUALIZE_X2APIC_MODE, "virtualize x2APIC mode"},
	{SECONDARY_ENABLE_VPID, "enable VPID"},
	{SECONDARY_WBINVD_EXITING, "WBINVD exiting"},
	{SECONDARY_UNRESTRICTED_GUEST, "unrestricted guest"},
	{SECONDARY_APIC_REGISTER_VIRTUALIZATION, "APIC-register virtualization"},
	{SECONDARY_VIRTUAL_INTERRUPT_DELIVERY, "virtual-interrupt delivery"},
	{SECONDARY_PAUSE_LOOP_EXITING, "PAUSE-loop exiting"},
	{SECONDARY_RDRAND_EXITING, "RDRAND exiting"},
	{SECONDARY_ENABLE_INVPCID, "enable INVPCID"},
	{SECONDARY_ENABLE_VM_FUNCTIONS, "enable VM functions"},
	{SECONDARY_VMCS_SHADOWING, "VMCS shadowing"},
	{SECONDARY_ENCLS_EXITING, "enable ENCLS exiting"},
	{SECONDARY_RDSEED_EXITING, "RDSEED exiting"},
	{SECONDARY_ENABLE_PML, "enable PML"},
	{SECONDARY_EPT_VIOLATION_VE, "EPT-violation #VE"},
	{SECONDARY_CONCEAL_VMX_FROM_PT, "conceal VMX from PT"},
	{SECONDARY_ENABLE_XSAVES_XRSTORS, "enable XSAVES/XRSTORS"},
	{SECONDARY_PASID_TRANSLATION, "PASID translation"},
	{SECONDARY_MODE_BASED_EPT_EXECUTE, "mode-based execute control for EPT"},
	{SECONDARY_SUB_PAGE_WRITE_PERMISSIONS, "sub-page write permissions for EPT"},
	{SECONDARY_PT_USES_GUEST_PHYSICAL, "Intel PT uses guest physical addresses"},
	{SECONDARY_USE_TSC_SCALING, "use TSC scaling"},
	{SECONDARY_ENABLE_USER_WAIT_PAUSE, "enable user wait and pause"},
	{SECONDARY_ENABLE_PCONFIG, "enable PCONFIG"},
	{SECONDARY_ENCLV_EXITING, "enable ENCLV exiting"},
	{SECONDARY_VMM_BUS_LOCK_DETECTION, "VMM bus-lock detection"},
	{SECONDARY_INSTRUCTION_TIMEOUT, "instruction timeout"},
	{0, NULL},
};

static const struct ctl_name exit_names[] = {
	{VM_EXIT_SAVE_DEBUG_CONTROLS, "save debug controls"},
	{VM_EXIT_HOST_ADDRESS_SPACE_SIZE, "host address-space size"},
	{VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL, "load IA32_PERF_GLOBAL_CTRL"},
	{VM_EXIT_ACK_INTERRUPT_ON_EXIT, "acknowledge interrupt on exit"},
	{VM_EXIT_SAVE_IA32_PAT, "save IA32_PAT"},
	{VM_EXIT_LOAD_IA32_PAT, "load IA32_PAT"},
	{VM_EXIT_SAVE_IA32_EFER, "save IA32_EFER"},
	{VM_EXIT_LOAD_IA32_EFER, "load IA32_EFER"},
	{VM_EXIT_SAVE_VMX_PREEMPTION_TIMER, "save VMX-preemption timer value"},
	{VM_EXIT_CLEAR_IA32_BNDCFGS, "clear IA32_BNDCFGS"},
	{VM_EXIT_CONCEAL_VMX_FROM_PT, "conceal VMX from PT"},
	{VM_EXIT_CLEAR_IA32_RTIT_CTL, "clear IA32_RTIT_CTL"},
	{VM_EXIT_CLEAR_IA32_LBR_CTL, "clear IA32_LBR_CTL"},
	{VM_EXIT_CLEAR_UINV, "clear UINV"},
	{VM_EXIT_LOAD_CET_STATE, "load CET state"},
	{VM_EXIT_LOAD_PKRS, "load PKRS"},
	{VM_EXIT_SAVE_IA32_PERF_GLOBAL_CTRL, "save IA32_PERF_GLOBAL_CTRL"},
	{VM_EXIT_ACTIVATE_SECONDARY_CONTROLS, "activate secondary controls"},
	{0, NULL},
};

static const struct ctl_name entry_names[] = {
	{VM_ENTRY_LOAD_DEBUG_CONTROLS, "load debug controls"},
	{VM_ENTRY_IA32E_MODE_GUEST, "IA-32e mode guest"},
	{VM_ENTRY_ENTRY_TO_SMM, "entry to SMM"},
	{VM_ENTRY_DEACTIVATE_DUAL_MONITOR, "deactivate dual-monitor treatment"},
	{VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL, "load IA32_PERF_GLOBAL_CTRL"},
	{VM_ENTRY_LOAD_IA32_PAT, "load IA32_PAT"},
	{VM_ENTRY_LOAD_IA32_EFER, "load IA32_EFER"},
	{VM_ENTRY_LOAD_IA32_BNDCFGS, "load IA32_BNDCFGS"},
	{VM_ENTRY_CONCEAL_VMX_FROM_PT, "conceal VMX from PT"},
	{VM_ENTRY_LOAD_IA32_RTIT_CTL, "load IA32_RTIT_CTL"},
	{VM_ENTRY_LOAD_UINV, "load UINV"},
	{VM_ENTRY_LOAD_CET_STATE, "load CET state"},
	{VM_ENTRY_LOAD_GUEST_IA32_LBR_CTL, "load guest IA32_LBR_CTL"},
	{VM_ENTRY_LOAD_PKRS, "load PKRS"},
	{0, NULL},
};

/* One control field: which capability MSR bounds it, and what we want. */
struct ctl_group {
	const char *group;
	u32 required;
	u32 optional;
	const struct ctl_name *names;
};

static const struct ctl_group pin_policy = {
	.group = "pin-based",
	/* The guest owns external interrupts: no exits for them.  NMIs exit,
	 * with virtual NMIs, so that an NMI the hypervisor took in VMX root
	 * operation can be held until the guest is ready for it (NMI-window
	 * exiting needs virtual NMIs, which need NMI exiting: SDM Vol. 3C
	 * 27.2.1.1); an NMI that arrives in the guest exits and is injected
	 * back, so none is lost.  Without them the guest gets its NMIs
	 * directly and the root's are injected when it does not block them. */
	.required = 0,
	.optional = PIN_BASED_NMI_EXITING | PIN_BASED_VIRTUAL_NMIS,
	.names = pin_names,
};

static const struct ctl_group primary_policy = {
	.group = "primary processor-based",
	/* The bitmaps let us trap only the ports and MSRs we emulate. */
	.required = CPU_BASED_USE_IO_BITMAPS | CPU_BASED_USE_MSR_BITMAPS |
		    CPU_BASED_ACTIVATE_SECONDARY_CONTROLS,
	.optional = 0,
	.names = primary_names,
};

static const struct ctl_group secondary_policy = {
	.group = "secondary processor-based",
	/* EPT isolates our memory; unrestricted guest lets Linux start in real
	 * mode and switch modes without emulation. */
	.required = SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST,
	/* Without these the instructions #UD in the guest (SDM Vol. 3C
	 * §26.3 "Changes to Instruction Behavior in VMX Non-Root Operation"). */
	.optional = SECONDARY_ENABLE_VPID | SECONDARY_ENABLE_RDTSCP | SECONDARY_ENABLE_INVPCID |
		    SECONDARY_ENABLE_XSAVES_XRSTORS | SECONDARY_ENABLE_USER_WAIT_PAUSE,
	.names = secondary_names,
};

static const struct ctl_group exit_policy = {
	.group = "VM-exit",
	/* The host runs in 64-bit mode with its own EFER and PAT. */
	.required = VM_EXIT_HOST_ADDRESS_SPACE_SIZE | VM_EXIT_SAVE_IA32_EFER |
		    VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT,
	.optional = VM_EXIT_SAVE_DEBUG_CONTROLS,
	.names = exit_names,
};

static const struct ctl_group entry_policy = {
	.group = "VM-entry",
	/* IA-32e mode guest stays 0 here: it depends on the guest's mode. */
	.required = VM_ENTRY_LOAD_IA32_EFER | VM_ENTRY_LOAD_IA32_PAT,
	.optional = VM_ENTRY_LOAD_DEBUG_CONTROLS,
	.names = entry_names,
};

bool vmx_adjust(u64 cap_msr, u32 required, u32 optional, u32 *out, u32 *missing)
{
	u32 must_be_1 = (u32)cap_msr;
	u32 may_be_1 = (u32)(cap_msr >> 32);
	u32 lacking;

	*out = must_be_1 | ((required | optional) & may_be_1);
	lacking = (required & ~may_be_1) | (must_be_1 & ~may_be_1);
	if (missing)
		*missing = lacking;
	return lacking == 0;
}

static const char *lowest_control_name(const struct ctl_name *names, u32 bits)
{
	u32 lowest = bits & (~bits + 1);

	for (; names->name; names++) {
		if (names->bit == lowest)
			return names->name;
	}
	return "reserved control bit";
}

static int adjust_group(u64 cap_msr, const struct ctl_group *g, u32 *out, struct vmx_ctl_error *err)
{
	u32 missing;

	if (vmx_adjust(cap_msr, g->required, g->optional, out, &missing))
		return VMX_CTL_OK;
	if (err) {
		err->control_group = g->group;
		err->missing = lowest_control_name(g->names, missing);
		err->missing_bits = missing;
	}
	return VMX_CTL_ERR_UNSUPPORTED;
}

static int check_vmcs_region(u64 basic, struct vmx_ctl_error *err)
{
	const char *missing = NULL;

	/* Appendix A.1: the VMCS region's memory type and size. We map it WB
	 * and give it one 4 KiB page. */
	if (vmx_basic_memtype(basic) != VMX_MEMTYPE_WB)
		missing = "write-back VMCS memory type";
	else if (vmx_basic_region_size(basic) > PAGE_SIZE)
		missing = "VMCS region of at most 4096 bytes";
	if (!missing)
		return VMX_CTL_OK;
	if (err) {
		err->control_group = "IA32_VMX_BASIC";
		err->missing = missing;
		err->missing_bits = 0;
	}
	return VMX_CTL_ERR_VMCS_REGION;
}

int vmx_compute_controls(const struct vmx_caps *caps, struct vmx_controls *out,
			 struct vmx_ctl_error *err)
{
	bool use_true = (caps->basic & VMX_BASIC_TRUE_CONTROLS) != 0;
	struct vmx_controls c;
	int rc;

	rc = check_vmcs_region(caps->basic, err);
	if (rc)
		return rc;

	/* Appendix A.2: only the TRUE MSRs report which default1 controls
	 * may be 0; the others report every default1 control as must-be-1. */
	rc = adjust_group(use_true ? caps->true_pinbased : caps->pinbased, &pin_policy, &c.pin,
			  err);
	if (rc)
		return rc;
	rc = adjust_group(use_true ? caps->true_procbased : caps->procbased, &primary_policy,
			  &c.proc, err);
	if (rc)
		return rc;
	/* Appendix A.3.3: IA32_VMX_PROCBASED_CTLS2 has no TRUE variant. It is
	 * only read when the primary check above allowed secondary controls. */
	rc = adjust_group(caps->procbased2, &secondary_policy, &c.proc2, err);
	if (rc)
		return rc;
	rc = adjust_group(use_true ? caps->true_exit : caps->exit, &exit_policy, &c.exit, err);
	if (rc)
		return rc;
	rc = adjust_group(use_true ? caps->true_entry : caps->entry, &entry_policy, &c.entry, err);
	if (rc)
		return rc;

	/* Virtual NMIs only with NMI exiting (SDM Vol. 3C 27.2.1.1). */
	if (!(c.pin & PIN_BASED_NMI_EXITING))
		c.pin &= ~PIN_BASED_VIRTUAL_NMIS;
	c.nmi_window = (c.pin & PIN_BASED_VIRTUAL_NMIS) &&
		       ((use_true ? caps->true_procbased : caps->procbased) >> 32 &
			CPU_BASED_NMI_WINDOW_EXITING);
	*out = c;
	return VMX_CTL_OK;
}

u64 vmx_fixed_bits(u64 value, u64 fixed0, u64 fixed1)
{
	return (value | fixed0) & fixed1;
}

bool vmx_ept_usable(u64 ept_vpid_cap, const char **why)
{
	const char *lack = NULL;

	if (!(ept_vpid_cap & VMX_EPT_PAGE_WALK_4))
		lack = "EPT page-walk length of 4 not supported";
	else if (!(ept_vpid_cap & VMX_EPT_MEMTYPE_WB))
		lack = "write-back memory type for EPT paging structures not supported";
	else if (!(ept_vpid_cap & VMX_EPT_INVEPT))
		lack = "INVEPT not supported";
	else if (!(ept_vpid_cap & (VMX_EPT_INVEPT_SINGLE_CONTEXT | VMX_EPT_INVEPT_ALL_CONTEXT)))
		lack = "neither single-context nor all-context INVEPT supported";
	if (lack && why)
		*why = lack;
	return lack == NULL;
}

// SPDX-License-Identifier: MIT
/*
 * What an L1 hypervisor reads from the VMX capability MSRs under KVM's
 * nested VMX, derived rule by rule from the kernel source, with KVM's
 * module parameters at their defaults (nested=1, ept=1,
 * unrestricted_guest=1, vpid=1, eptad=1, flexpriority=1, enable_apicv=1,
 * sgx=1, error_on_inconsistent_vmcs_config=1); each of those only holds
 * where the host (L0) supports the feature, as noted per rule.
 *
 * Sources read:
 *   Linux 6.1.192 (Debian's linux-source-6.1): arch/x86/kvm/vmx/nested.c
 *     nested_vmx_setup_ctls_msrs(), vmx_get_vmx_msr(); vmx.c
 *     setup_vmcs_config(), hardware_setup(), vmx_secondary_exec_control(),
 *     vmx_vcpu_after_set_cpuid(), nested_vmx_cr_fixed1_bits_update(),
 *     vmx_set_cpu_caps(); vmx.h KVM_REQUIRED_/KVM_OPTIONAL_VMX_*;
 *     capabilities.h cpu_has_vmx_*().
 *   Linux 4.4.0 arch/x86/kvm/vmx.c (GitHub xiaojimmychen/linux-4.4, a copy
 *     of Android's common kernel at 4.4.0, commit e452f985):
 *     nested_vmx_setup_ctls_msrs(), vmx_get_vmx_msr(), setup_vmcs_config(),
 *     hardware_setup(), vmx_cpuid_update().  4.4.60 (GitHub
 *     monkeygq/linux-4.4.60) differs in nested_vmx_setup_ctls_msrs() only
 *     by a stable backport that adds single-context INVVPID (bit 41).
 *
 * L1's CPUID is taken to be QEMU's "-cpu host": every host feature KVM
 * supports.  The host's CPUID features that decide CR4_FIXED1 are read from
 * the host's own CR4_FIXED1 (a CR4 bit may be 1 in VMX operation exactly
 * when the CPU has its feature).
 */
#include "types.h"
#include "hw/vmx.h"
#include "hw/x86.h"
#include "vmx_profiles.h"

/* SDM Vol. 3D A.2: the default1 controls; KVM's *_ALWAYSON_WITHOUT_TRUE_MSR. */
#define DEFAULT1_PIN   0x00000016u
#define DEFAULT1_PROC  0x0401E172u
#define DEFAULT1_EXIT  0x00036DFFu
#define DEFAULT1_ENTRY 0x000011FFu

/* vmcs12.h / vmx.c: VMCS12_REVISION and VMCS12_SIZE (both versions). */
#define VMCS12_REVISION 0x11e57ed0ull
#define VMCS12_SIZE	0x1000ull
#define KVM_BASIC                                                                                  \
	(VMCS12_REVISION | (VMCS12_SIZE << VMX_BASIC_REGION_SIZE_SHIFT) |                          \
	 ((u64)VMX_MEMTYPE_WB << VMX_BASIC_MEMTYPE_SHIFT) | VMX_BASIC_TRUE_CONTROLS)
/* VMX_MISC_EMULATED_PREEMPTION_TIMER_RATE: the emulated timer's TSC shift. */
#define KVM_PREEMPTION_TIMER_RATE 5ull
/* VMXON_CR0_ALWAYSON, VMXON_CR4_ALWAYSON ("the standard core2 setting"). */
#define KVM_CR0_FIXED0 (X86_CR0_PE | X86_CR0_NE | X86_CR0_PG)
#define KVM_CR4_FIXED0 X86_CR4_VMXE

static u32 hi(u64 msr)
{
	return (u32)(msr >> 32);
}

/*
 * setup_vmcs_config()'s adjust_vmx_controls(): the wanted controls the
 * (non-TRUE) capability MSR allows, plus its must-be-1 bits; a required
 * control it does not allow makes KVM refuse to load (*fail).
 */
static u32 kvm_adjust(u64 msr, u32 required, u32 optional, bool *fail)
{
	u32 ctl = ((required | optional) & hi(msr)) | (u32)msr;

	if (required & ~ctl)
		*fail = true;
	return ctl;
}

/* A profile KVM would not load on: nothing may be 1, no WB memory type. */
static struct vmentry_cpu refused(const struct vmentry_cpu *host)
{
	return (struct vmentry_cpu){.maxphyaddr = host->maxphyaddr};
}

/* The control MSRs from KVM's allowed-1 words and TRUE allowed-0 words;
 * vmx_get_vmx_msr() ORs the default1 bits into the plain MSRs. */
static void kvm_controls(struct vmx_caps *k, u32 pin, u32 proc, u32 exit, u32 entry, u32 pin_lo)
{
	k->true_pinbased = MSR(pin, pin_lo);
	k->pinbased = MSR(pin, pin_lo | DEFAULT1_PIN);
	/* "We support free control of CR3 access interception." */
	k->true_procbased = MSR(
		proc, DEFAULT1_PROC & ~(CPU_BASED_CR3_LOAD_EXITING | CPU_BASED_CR3_STORE_EXITING));
	k->procbased = MSR(proc, DEFAULT1_PROC);
	/* "... free control of debug control saving / loading." */
	k->true_exit = MSR(exit, DEFAULT1_EXIT & ~VM_EXIT_SAVE_DEBUG_CONTROLS);
	k->exit = MSR(exit, DEFAULT1_EXIT);
	k->true_entry = MSR(entry, DEFAULT1_ENTRY & ~VM_ENTRY_LOAD_DEBUG_CONTROLS);
	k->entry = MSR(entry, DEFAULT1_ENTRY);
}

/* nested_vmx_setup_ctls_msrs(), both versions: the primary controls L1
 * may set, if the host allows them (before the MSR bitmap is added). */
#define NESTED_PROC                                                                                \
	(CPU_BASED_INTERRUPT_WINDOW_EXITING | CPU_BASED_NMI_WINDOW_EXITING |                       \
	 CPU_BASED_USE_TSC_OFFSETTING | CPU_BASED_HLT_EXITING | CPU_BASED_INVLPG_EXITING |         \
	 CPU_BASED_MWAIT_EXITING | CPU_BASED_CR3_LOAD_EXITING | CPU_BASED_CR3_STORE_EXITING |      \
	 CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING | CPU_BASED_MOV_DR_EXITING |     \
	 CPU_BASED_UNCONDITIONAL_IO_EXITING | CPU_BASED_USE_IO_BITMAPS |                           \
	 CPU_BASED_MONITOR_TRAP_FLAG | CPU_BASED_MONITOR_EXITING | CPU_BASED_RDPMC_EXITING |       \
	 CPU_BASED_RDTSC_EXITING | CPU_BASED_PAUSE_EXITING | CPU_BASED_USE_TPR_SHADOW |            \
	 CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)

/* ------------------------------------------------------------ Linux 4.4 */

/* vmx.c 4.4, setup_vmcs_config(): the primary controls KVM requires, and
 * the secondary ones it uses when the host has them. */
#define K44_PROC_REQ                                                                               \
	(CPU_BASED_HLT_EXITING | CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING |        \
	 CPU_BASED_CR3_LOAD_EXITING | CPU_BASED_CR3_STORE_EXITING | CPU_BASED_USE_IO_BITMAPS |     \
	 CPU_BASED_MOV_DR_EXITING | CPU_BASED_USE_TSC_OFFSETTING | CPU_BASED_MWAIT_EXITING |       \
	 CPU_BASED_MONITOR_EXITING | CPU_BASED_INVLPG_EXITING | CPU_BASED_RDPMC_EXITING)
#define K44_PROC2_OPT                                                                              \
	(SECONDARY_VIRTUALIZE_APIC_ACCESSES | SECONDARY_VIRTUALIZE_X2APIC_MODE |                   \
	 SECONDARY_WBINVD_EXITING | SECONDARY_ENABLE_VPID | SECONDARY_ENABLE_EPT |                 \
	 SECONDARY_UNRESTRICTED_GUEST | SECONDARY_PAUSE_LOOP_EXITING | SECONDARY_ENABLE_RDTSCP |   \
	 SECONDARY_ENABLE_INVPCID | SECONDARY_APIC_REGISTER_VIRTUALIZATION |                       \
	 SECONDARY_VIRTUAL_INTERRUPT_DELIVERY | SECONDARY_VMCS_SHADOWING |                         \
	 SECONDARY_ENABLE_XSAVES_XRSTORS | SECONDARY_ENABLE_PML | SECONDARY_PCOMMIT |              \
	 SECONDARY_USE_TSC_SCALING)
/* SECONDARY_EXEC_PCOMMIT (bit 21), dropped from the SDM since. */
#define SECONDARY_PCOMMIT (1u << 21)

struct vmentry_cpu vmx_profile_kvm_4_4(const struct vmentry_cpu *host)
{
	const struct vmx_caps *hw = &host->caps;
	struct vmentry_cpu c = {.maxphyaddr = host->maxphyaddr};
	struct vmx_caps *k = &c.caps;
	bool fail = false, mpx, ept, apicv;
	u32 proc2 = 0, pin, proc, exit, entry, sec;
	u64 hw_ept = 0;

	/* setup_vmcs_config(): the controls KVM itself runs with. */
	proc = kvm_adjust(hw->procbased, K44_PROC_REQ,
			  CPU_BASED_USE_TPR_SHADOW | CPU_BASED_USE_MSR_BITMAPS |
				  CPU_BASED_ACTIVATE_SECONDARY_CONTROLS,
			  &fail);
	if (proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		proc2 = kvm_adjust(hw->procbased2, 0, K44_PROC2_OPT, &fail);
	if (proc2 & SECONDARY_ENABLE_EPT)
		hw_ept = hw->ept_vpid_cap;
	exit = kvm_adjust(hw->exit, VM_EXIT_SAVE_DEBUG_CONTROLS | VM_EXIT_HOST_ADDRESS_SPACE_SIZE,
			  VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT |
				  VM_EXIT_ACK_INTERRUPT_ON_EXIT | VM_EXIT_CLEAR_IA32_BNDCFGS,
			  &fail);
	pin = kvm_adjust(hw->pinbased, PIN_BASED_EXTERNAL_INTERRUPT_EXITING | PIN_BASED_NMI_EXITING,
			 PIN_BASED_VIRTUAL_NMIS | PIN_BASED_PROCESS_POSTED_INTERRUPTS, &fail);
	if (!(proc2 & SECONDARY_VIRTUAL_INTERRUPT_DELIVERY) ||
	    !(exit & VM_EXIT_ACK_INTERRUPT_ON_EXIT))
		pin &= ~PIN_BASED_PROCESS_POSTED_INTERRUPTS;
	entry = kvm_adjust(hw->entry, VM_ENTRY_LOAD_DEBUG_CONTROLS,
			   VM_ENTRY_LOAD_IA32_PAT | VM_ENTRY_LOAD_IA32_BNDCFGS, &fail);
	if (fail || vmx_basic_memtype(hw->basic) != VMX_MEMTYPE_WB)
		return refused(host);

	/* vmx_mpx_supported(); hardware_setup(): ept needs EPT and a 4-level
	 * walk; apicv needs APIC-register virtualization, virtual-interrupt
	 * delivery and posted interrupts (vmx_cpu_uses_apicv()). */
	mpx = (exit & VM_EXIT_CLEAR_IA32_BNDCFGS) && (entry & VM_ENTRY_LOAD_IA32_BNDCFGS);
	ept = (proc2 & SECONDARY_ENABLE_EPT) && (hw_ept & VMX_EPT_PAGE_WALK_4);
	apicv = (proc2 & SECONDARY_APIC_REGISTER_VIRTUALIZATION) &&
		(proc2 & SECONDARY_VIRTUAL_INTERRUPT_DELIVERY) &&
		(pin & PIN_BASED_PROCESS_POSTED_INTERRUPTS);

	/* nested_vmx_setup_ctls_msrs() 4.4 reads the host's plain MSRs, not
	 * KVM's own controls; pin-based allowed-0 is the host's. */
	pin = (hi(hw->pinbased) & (PIN_BASED_EXTERNAL_INTERRUPT_EXITING | PIN_BASED_NMI_EXITING |
				   PIN_BASED_VIRTUAL_NMIS)) |
	      DEFAULT1_PIN | PIN_BASED_ACTIVATE_VMX_PREEMPTION_TIMER |
	      (apicv ? PIN_BASED_PROCESS_POSTED_INTERRUPTS : 0);
	exit = (hi(hw->exit) &
		(VM_EXIT_HOST_ADDRESS_SPACE_SIZE | VM_EXIT_LOAD_IA32_PAT | VM_EXIT_SAVE_IA32_PAT)) |
	       DEFAULT1_EXIT | VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_IA32_EFER |
	       VM_EXIT_SAVE_VMX_PREEMPTION_TIMER | VM_EXIT_ACK_INTERRUPT_ON_EXIT |
	       (mpx ? VM_EXIT_CLEAR_IA32_BNDCFGS : 0);
	entry = (hi(hw->entry) & (VM_ENTRY_IA32E_MODE_GUEST | VM_ENTRY_LOAD_IA32_PAT)) |
		DEFAULT1_ENTRY | VM_ENTRY_LOAD_IA32_EFER | (mpx ? VM_ENTRY_LOAD_IA32_BNDCFGS : 0);
	proc = (hi(hw->procbased) & NESTED_PROC) | DEFAULT1_PROC | CPU_BASED_USE_MSR_BITMAPS;
	kvm_controls(k, pin, proc, exit, entry, (u32)hw->pinbased | DEFAULT1_PIN);

	/* Secondary: the host's allowed-1 bits of this list (VPID among them,
	 * with no check of KVM's vpid parameter), EPT and unrestricted guest
	 * per KVM's parameters; vmx_cpuid_update() then sets "enable RDTSCP"
	 * when KVM uses it and L1 has RDTSCP (PCOMMIT would follow the host's
	 * CPUID, but no CPU shipped it). */
	sec = hi(hw->procbased2) &
	      (SECONDARY_VIRTUALIZE_APIC_ACCESSES | SECONDARY_ENABLE_RDTSCP |
	       SECONDARY_VIRTUALIZE_X2APIC_MODE | SECONDARY_ENABLE_VPID |
	       SECONDARY_APIC_REGISTER_VIRTUALIZATION | SECONDARY_VIRTUAL_INTERRUPT_DELIVERY |
	       SECONDARY_WBINVD_EXITING | SECONDARY_ENABLE_XSAVES_XRSTORS | SECONDARY_PCOMMIT);
	sec |= proc2 & SECONDARY_ENABLE_RDTSCP;
	if (ept)
		sec |= SECONDARY_ENABLE_EPT;
	/* enable_unrestricted_guest: the host has it, and ept. */
	if (ept && (proc2 & SECONDARY_UNRESTRICTED_GUEST))
		sec |= SECONDARY_UNRESTRICTED_GUEST;
	k->procbased2 = MSR(sec, 0);

	/* EPT: 4-level walk, WB, 2-MByte pages and INVEPT as the host has
	 * them; all-context INVEPT only ("we don't do anything specific for
	 * single context invalidation").  VPID (enable_vpid: the host has the
	 * control): INVVPID, all-context type only. */
	if (ept)
		k->ept_vpid_cap = (hw_ept & (VMX_EPT_PAGE_WALK_4 | VMX_EPT_MEMTYPE_WB |
					     VMX_EPT_2MB_PAGES | VMX_EPT_INVEPT)) |
				  VMX_EPT_INVEPT_ALL_CONTEXT;
	if (proc2 & SECONDARY_ENABLE_VPID)
		k->ept_vpid_cap |= VMX_VPID_INVVPID | VMX_VPID_INVVPID_ALL_CONTEXT;

	/* MISC: the host's "stores LMA", timer rate 5, HLT; nothing else (no
	 * CR3 targets, shutdown or wait-for-SIPI). */
	k->misc = (hw->misc & VMX_MISC_STORES_LMA) | KVM_PREEMPTION_TIMER_RATE |
		  VMX_MISC_ACTIVITY_HLT;
	/* vmx_get_vmx_msr(): BASIC without INS/OUTS information; fixed1 all
	 * ones (64 bits). */
	k->basic = KVM_BASIC;
	k->cr0_fixed0 = KVM_CR0_FIXED0;
	k->cr0_fixed1 = ~0ull;
	k->cr4_fixed0 = KVM_CR4_FIXED0;
	k->cr4_fixed1 = ~0ull;
	return c;
}

/* ------------------------------------------------------------ Linux 6.1 */

/* vmx.h 6.1, KVM_REQUIRED_ and KVM_OPTIONAL_VMX_* (x86-64). */
#define K61_PIN_REQ (PIN_BASED_EXTERNAL_INTERRUPT_EXITING | PIN_BASED_NMI_EXITING)
#define K61_PIN_OPT                                                                                \
	(PIN_BASED_VIRTUAL_NMIS | PIN_BASED_PROCESS_POSTED_INTERRUPTS |                            \
	 PIN_BASED_ACTIVATE_VMX_PREEMPTION_TIMER)
#define K61_PROC_REQ                                                                               \
	(CPU_BASED_HLT_EXITING | CPU_BASED_CR3_LOAD_EXITING | CPU_BASED_CR3_STORE_EXITING |        \
	 CPU_BASED_UNCONDITIONAL_IO_EXITING | CPU_BASED_MOV_DR_EXITING |                           \
	 CPU_BASED_USE_TSC_OFFSETTING | CPU_BASED_MWAIT_EXITING | CPU_BASED_MONITOR_EXITING |      \
	 CPU_BASED_INVLPG_EXITING | CPU_BASED_RDPMC_EXITING | CPU_BASED_INTERRUPT_WINDOW_EXITING | \
	 CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING)
#define K61_PROC_OPT                                                                               \
	(CPU_BASED_RDTSC_EXITING | CPU_BASED_USE_TPR_SHADOW | CPU_BASED_USE_IO_BITMAPS |           \
	 CPU_BASED_MONITOR_TRAP_FLAG | CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_NMI_WINDOW_EXITING |  \
	 CPU_BASED_PAUSE_EXITING | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS |                         \
	 CPU_BASED_ACTIVATE_TERTIARY_CONTROLS)
/* Bit 31, KVM's SECONDARY_EXEC_NOTIFY_VM_EXITING, is hw/vmx.h's
 * SECONDARY_INSTRUCTION_TIMEOUT. */
#define K61_PROC2_OPT                                                                              \
	(SECONDARY_VIRTUALIZE_APIC_ACCESSES | SECONDARY_VIRTUALIZE_X2APIC_MODE |                   \
	 SECONDARY_WBINVD_EXITING | SECONDARY_ENABLE_VPID | SECONDARY_ENABLE_EPT |                 \
	 SECONDARY_UNRESTRICTED_GUEST | SECONDARY_PAUSE_LOOP_EXITING |                             \
	 SECONDARY_DESCRIPTOR_TABLE_EXITING | SECONDARY_ENABLE_RDTSCP | SECONDARY_ENABLE_INVPCID | \
	 SECONDARY_APIC_REGISTER_VIRTUALIZATION | SECONDARY_VIRTUAL_INTERRUPT_DELIVERY |           \
	 SECONDARY_VMCS_SHADOWING | SECONDARY_ENABLE_XSAVES_XRSTORS | SECONDARY_RDSEED_EXITING |   \
	 SECONDARY_RDRAND_EXITING | SECONDARY_ENABLE_PML | SECONDARY_USE_TSC_SCALING |             \
	 SECONDARY_ENABLE_USER_WAIT_PAUSE | SECONDARY_PT_USES_GUEST_PHYSICAL |                     \
	 SECONDARY_CONCEAL_VMX_FROM_PT | SECONDARY_ENABLE_VM_FUNCTIONS |                           \
	 SECONDARY_VMM_BUS_LOCK_DETECTION | SECONDARY_INSTRUCTION_TIMEOUT |                        \
	 SECONDARY_ENCLS_EXITING)
#define K61_EXIT_REQ                                                                               \
	(VM_EXIT_SAVE_DEBUG_CONTROLS | VM_EXIT_ACK_INTERRUPT_ON_EXIT |                             \
	 VM_EXIT_HOST_ADDRESS_SPACE_SIZE)
#define K61_EXIT_OPT                                                                               \
	(VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL | VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT |      \
	 VM_EXIT_SAVE_IA32_EFER | VM_EXIT_SAVE_VMX_PREEMPTION_TIMER | VM_EXIT_LOAD_IA32_EFER |     \
	 VM_EXIT_CLEAR_IA32_BNDCFGS | VM_EXIT_CONCEAL_VMX_FROM_PT | VM_EXIT_CLEAR_IA32_RTIT_CTL)
#define K61_ENTRY_REQ (VM_ENTRY_LOAD_DEBUG_CONTROLS | VM_ENTRY_IA32E_MODE_GUEST)
#define K61_ENTRY_OPT                                                                              \
	(VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL | VM_ENTRY_LOAD_IA32_PAT | VM_ENTRY_LOAD_IA32_EFER |  \
	 VM_ENTRY_LOAD_IA32_BNDCFGS | VM_ENTRY_CONCEAL_VMX_FROM_PT | VM_ENTRY_LOAD_IA32_RTIT_CTL)

/* The VM-entry/VM-exit pairs setup_vmcs_config() wants both on or both off. */
static const u32 k61_pairs[][2] = {
	{VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL, VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL},
	{VM_ENTRY_LOAD_IA32_PAT, VM_EXIT_LOAD_IA32_PAT},
	{VM_ENTRY_LOAD_IA32_EFER, VM_EXIT_LOAD_IA32_EFER},
	{VM_ENTRY_LOAD_IA32_BNDCFGS, VM_EXIT_CLEAR_IA32_BNDCFGS},
	{VM_ENTRY_LOAD_IA32_RTIT_CTL, VM_EXIT_CLEAR_IA32_RTIT_CTL},
};

/* nested_vmx_cr_fixed1_bits_update(): PCE, and each CR4 bit whose CPUID
 * feature L1 has.  KVM never gives a guest SMX, so never SMXE. */
#define K61_CR4_BY_CPUID                                                                           \
	(X86_CR4_VME | X86_CR4_PVI | X86_CR4_TSD | X86_CR4_DE | X86_CR4_PSE | X86_CR4_PAE |        \
	 X86_CR4_MCE | X86_CR4_PGE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT | X86_CR4_VMXE |          \
	 X86_CR4_PCIDE | X86_CR4_OSXSAVE | X86_CR4_FSGSBASE | X86_CR4_SMEP | X86_CR4_SMAP |        \
	 X86_CR4_PKE | X86_CR4_UMIP | X86_CR4_LA57)

struct vmentry_cpu vmx_profile_kvm_6_1(const struct vmentry_cpu *host, bool host_sgx)
{
	const struct vmx_caps *hw = &host->caps;
	struct vmentry_cpu c = {.maxphyaddr = host->maxphyaddr};
	struct vmx_caps *k = &c.caps;
	bool fail = false, vpid, ept, ad, apicv;
	u32 proc2 = 0, pin, proc, exit, entry, sec;
	u64 hw_ept;

	/* setup_vmcs_config(): KVM's own controls (vmcs_config); the nested
	 * controls below are cut from these, not from the host's MSRs. */
	proc = kvm_adjust(hw->procbased, K61_PROC_REQ, K61_PROC_OPT, &fail);
	if (proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		proc2 = kvm_adjust(hw->procbased2, 0, K61_PROC2_OPT, &fail);
	if (!(proc & CPU_BASED_USE_TPR_SHADOW))
		proc2 &= ~(SECONDARY_APIC_REGISTER_VIRTUALIZATION |
			   SECONDARY_VIRTUALIZE_X2APIC_MODE | SECONDARY_VIRTUAL_INTERRUPT_DELIVERY);
	hw_ept = hw->ept_vpid_cap;
	/* EPT or VPID capabilities without their control: KVM refuses. */
	if ((!(proc2 & SECONDARY_ENABLE_EPT) && (u32)hw_ept) ||
	    (!(proc2 & SECONDARY_ENABLE_VPID) && hi(hw_ept)))
		fail = true;
	if (!host_sgx)
		proc2 &= ~SECONDARY_ENCLS_EXITING;
	exit = kvm_adjust(hw->exit, K61_EXIT_REQ, K61_EXIT_OPT, &fail);
	pin = kvm_adjust(hw->pinbased, K61_PIN_REQ, K61_PIN_OPT, &fail);
	if (!(proc2 & SECONDARY_VIRTUAL_INTERRUPT_DELIVERY))
		pin &= ~PIN_BASED_PROCESS_POSTED_INTERRUPTS;
	entry = kvm_adjust(hw->entry, K61_ENTRY_REQ, K61_ENTRY_OPT, &fail);
	for (unsigned int i = 0; i < sizeof(k61_pairs) / sizeof(k61_pairs[0]); i++)
		if (!(entry & k61_pairs[i][0]) != !(exit & k61_pairs[i][1]))
			fail = true;
	if (fail || vmx_basic_region_size(hw->basic) > 4096 ||
	    (hw->basic & VMX_BASIC_PHYS_ADDR_32BIT) ||
	    vmx_basic_memtype(hw->basic) != VMX_MEMTYPE_WB)
		return refused(host);

	/* hardware_setup(): which module parameters stay on. */
	vpid = (proc2 & SECONDARY_ENABLE_VPID) && (hw_ept & VMX_VPID_INVVPID) &&
	       (hw_ept & (VMX_VPID_INVVPID_SINGLE_CONTEXT | VMX_VPID_INVVPID_ALL_CONTEXT));
	ept = (proc2 & SECONDARY_ENABLE_EPT) && (hw_ept & VMX_EPT_PAGE_WALK_4) &&
	      (hw_ept & VMX_EPT_MEMTYPE_WB) && (hw_ept & VMX_EPT_INVEPT_ALL_CONTEXT);
	ad = ept && (hw_ept & VMX_EPT_ACCESSED_DIRTY);
	apicv = (proc2 & SECONDARY_APIC_REGISTER_VIRTUALIZATION) &&
		(proc2 & SECONDARY_VIRTUAL_INTERRUPT_DELIVERY) &&
		(pin & PIN_BASED_PROCESS_POSTED_INTERRUPTS);

	/* nested_vmx_setup_ctls_msrs() 6.1. */
	pin = (pin & (PIN_BASED_EXTERNAL_INTERRUPT_EXITING | PIN_BASED_NMI_EXITING |
		      PIN_BASED_VIRTUAL_NMIS | (apicv ? PIN_BASED_PROCESS_POSTED_INTERRUPTS : 0))) |
	      DEFAULT1_PIN | PIN_BASED_ACTIVATE_VMX_PREEMPTION_TIMER;
	exit = (exit & (VM_EXIT_HOST_ADDRESS_SPACE_SIZE | VM_EXIT_LOAD_IA32_PAT |
			VM_EXIT_SAVE_IA32_PAT | VM_EXIT_CLEAR_IA32_BNDCFGS)) |
	       DEFAULT1_EXIT | VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_IA32_EFER |
	       VM_EXIT_SAVE_VMX_PREEMPTION_TIMER | VM_EXIT_ACK_INTERRUPT_ON_EXIT |
	       VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL;
	entry = (entry & (VM_ENTRY_IA32E_MODE_GUEST | VM_ENTRY_LOAD_IA32_PAT |
			  VM_ENTRY_LOAD_IA32_BNDCFGS)) |
		DEFAULT1_ENTRY | VM_ENTRY_LOAD_IA32_EFER | VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL;
	proc = (proc & NESTED_PROC) | DEFAULT1_PROC | CPU_BASED_USE_MSR_BITMAPS;
	kvm_controls(k, pin, proc, exit, entry, DEFAULT1_PIN);

	/* Secondary: KVM's own of this list; VMCS shadowing always (emulated);
	 * EPT, and PML with EPT A/D (emulated, whether or not the host has
	 * PML); VM functions if KVM has them; VPID, unrestricted guest,
	 * APIC-access virtualization (flexpriority: TPR shadow and the
	 * control) and ENCLS exiting (sgx) per KVM's parameters.  With L1's
	 * CPUID holding every host feature, vmx_secondary_exec_control()'s
	 * per-vCPU updates (RDTSCP, INVPCID, XSAVES, RDRAND, RDSEED, WAITPKG)
	 * leave these bits as they are. */
	sec = proc2 &
	      (SECONDARY_DESCRIPTOR_TABLE_EXITING | SECONDARY_ENABLE_RDTSCP |
	       SECONDARY_VIRTUALIZE_X2APIC_MODE | SECONDARY_WBINVD_EXITING |
	       SECONDARY_APIC_REGISTER_VIRTUALIZATION | SECONDARY_VIRTUAL_INTERRUPT_DELIVERY |
	       SECONDARY_RDRAND_EXITING | SECONDARY_ENABLE_INVPCID | SECONDARY_RDSEED_EXITING |
	       SECONDARY_ENABLE_XSAVES_XRSTORS | SECONDARY_USE_TSC_SCALING |
	       SECONDARY_ENABLE_USER_WAIT_PAUSE);
	sec |= SECONDARY_VMCS_SHADOWING;
	if (ept)
		sec |= SECONDARY_ENABLE_EPT | (ad ? SECONDARY_ENABLE_PML : 0);
	sec |= proc2 & SECONDARY_ENABLE_VM_FUNCTIONS;
	if (vpid)
		sec |= SECONDARY_ENABLE_VPID;
	if (ept && (proc2 & SECONDARY_UNRESTRICTED_GUEST))
		sec |= SECONDARY_UNRESTRICTED_GUEST;
	if ((proc & CPU_BASED_USE_TPR_SHADOW) && (proc2 & SECONDARY_VIRTUALIZE_APIC_ACCESSES))
		sec |= SECONDARY_VIRTUALIZE_APIC_ACCESSES;
	sec |= proc2 & SECONDARY_ENCLS_EXITING;
	k->procbased2 = MSR(sec, 0);

	/* EPT: execute-only, 4- and 5-level walks, WB and INVEPT as the host
	 * has them; both INVEPT types, 2-MByte and 1-GByte pages always
	 * (emulated); A/D with eptad.  VPID: INVVPID with all four types. */
	if (ept)
		k->ept_vpid_cap =
			(hw_ept & (VMX_EPT_EXECUTE_ONLY | VMX_EPT_PAGE_WALK_4 |
				   VMX_EPT_PAGE_WALK_5 | VMX_EPT_MEMTYPE_WB | VMX_EPT_INVEPT)) |
			VMX_EPT_INVEPT_SINGLE_CONTEXT | VMX_EPT_INVEPT_ALL_CONTEXT |
			VMX_EPT_2MB_PAGES | VMX_EPT_1GB_PAGES | (ad ? VMX_EPT_ACCESSED_DIRTY : 0);
	if (vpid)
		k->ept_vpid_cap |= VMX_VPID_INVVPID | VMX_VPID_INVVPID_INDIVIDUAL_ADDR |
				   VMX_VPID_INVVPID_SINGLE_CONTEXT | VMX_VPID_INVVPID_ALL_CONTEXT |
				   VMX_VPID_INVVPID_SINGLE_CONTEXT_RETAINING_GLOBALS;
	/* IA32_VMX_VMFUNC (not in struct vmx_caps): EPTP switching when the
	 * secondary control is offered and ept; unused by thinvisor. */

	/* MISC: the host's "stores LMA", VMWRITE to any field, timer rate 5,
	 * HLT and wait-for-SIPI; no CR3 targets, no shutdown state, no
	 * zero-length instruction injection. */
	k->misc = (hw->misc & VMX_MISC_STORES_LMA) | VMX_MISC_VMWRITE_ANY_FIELD |
		  KVM_PREEMPTION_TIMER_RATE | VMX_MISC_ACTIVITY_HLT |
		  VMX_MISC_ACTIVITY_WAIT_FOR_SIPI;
	k->basic = KVM_BASIC | (hw->basic & VMX_BASIC_INS_OUTS_INFO);
	k->cr0_fixed0 = KVM_CR0_FIXED0;
	k->cr4_fixed0 = KVM_CR4_FIXED0;
	/* Per vCPU, once L1's CPUID is set: CR0 bits 31:0, CR4 per CPUID;
	 * UMIP also when KVM emulates it (descriptor-table exiting,
	 * vmx_set_cpu_caps()).  L1 has VMX: nested. */
	k->cr0_fixed1 = 0xFFFFFFFFull;
	k->cr4_fixed1 = X86_CR4_PCE | X86_CR4_VMXE | (hw->cr4_fixed1 & K61_CR4_BY_CPUID) |
			((proc2 & SECONDARY_DESCRIPTOR_TABLE_EXITING) ? X86_CR4_UMIP : 0);
	return c;
}

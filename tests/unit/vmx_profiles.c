// SPDX-License-Identifier: MIT
/*
 * VMX capability MSR dumps of real and emulated CPUs (see vmx_profiles.h),
 * for test_vmx_controls.c and test_vmentry_check.c.
 */
#include "types.h"
#include "hw/vmx.h"
#include "vmx_profiles.h"

/* ------------------------------------------------------------- Bochs 2.7
 * VMX_BASIC, PROCBASED_CTLS2 allowed-1 and EPT_VPID_CAP per model from
 * /work/shared/TESTBENCH.md (read under Bochs' BIOS).  The other MSRs are
 * modelled on Skylake-X and on the default1 layout of SDM Vol. 3D Appendix
 * A.2: default1 bits pin 1,2,4; primary 1,4-6,8,13-16,26; exit 0-8,10,11,
 * 13,14,16,17; entry 0-8,12.  The TRUE MSRs let primary 15,16 (CR3
 * exiting), exit 2 and entry 2 be 0.  Sandy Bridge has narrower exit/entry
 * allowed-1 settings.  MAXPHYADDR 40. */
struct vmentry_cpu vmx_profile_bochs(u64 basic, u32 proc2_allowed1, u64 ept, bool sandy)
{
	struct vmentry_cpu c = {
		.caps =
			{
				.basic = basic,
				.pinbased = MSR(0x0000007F, 0x00000016),
				.procbased = MSR(0xFFF9FFFE, 0x0401E172),
				.procbased2 = MSR(proc2_allowed1, 0),
				.exit = MSR(0x01FFFFFF, 0x00036DFF),
				.entry = MSR(0x0003FFFF, 0x000011FF),
				.true_pinbased = MSR(0x0000007F, 0x00000016),
				.true_procbased = MSR(0xFFF9FFFE, 0x04006172),
				.true_exit = MSR(0x01FFFFFF, 0x00036DFB),
				.true_entry = MSR(0x0003FFFF, 0x000011FB),
				.misc = 0x000000007004C1E7ull,
				.ept_vpid_cap = ept,
				.cr0_fixed0 = 0x80000021ull,
				.cr0_fixed1 = 0xFFFFFFFFull,
				.cr4_fixed0 = 0x00002000ull,
				.cr4_fixed1 = 0x003767FFull,
			},
		.maxphyaddr = 40,
	};

	if (sandy) {
		c.caps.exit = MSR(0x007FFFFF, 0x00036DFF);
		c.caps.true_exit = MSR(0x007FFFFF, 0x00036DFB);
		c.caps.entry = MSR(0x0000FFFF, 0x000011FF);
		c.caps.true_entry = MSR(0x0000FFFF, 0x000011FB);
	}
	return c;
}

struct vmentry_cpu vmx_profile_bochs_skylake_x(void)
{
	return vmx_profile_bochs(BOCHS_BASIC, 0x02177FFF, MSR(0x00000F01, 0x06334141), false);
}

/* Fewer secondary controls (no INVPCID, XSAVES, user wait), no 1-GByte
 * EPT pages, narrower exit/entry allowed-1 settings. */
struct vmentry_cpu vmx_profile_bochs_sandy_bridge(void)
{
	return vmx_profile_bochs(BOCHS_BASIC, 0x000000FF, MSR(0x00000F01, 0x06114141), true);
}

/* ------------------------------------------------------- real Intel CPUs */

/*
 * Ivy Bridge, CPUID.1:EAX 000306A9 (family 6 model 58), 4 cores: the "HM:"
 * lines of a VirtualBox 7 VBox.log in a public GitHub repository, found
 * with the search tool's find_string "MSR_IA32_VMX_PROCBASED_CTLS2      =
 * 0x" (stored file id 70601751515, offset ~45000).  MAXPHYADDR 36 (Ivy
 * Bridge client).
 */
const struct vmentry_cpu vmx_profile_ivy_bridge = {
	.caps =
		{
			.basic = 0x00DA040000000010ull,
			.pinbased = 0x0000007F00000016ull,
			.procbased = 0xFFF9FFFE0401E172ull,
			.procbased2 = 0x000008FF00000000ull,
			.exit = 0x007FFFFF00036DFFull,
			.entry = 0x0000FFFF000011FFull,
			.true_pinbased = 0x0000007F00000016ull,
			.true_procbased = 0xFFF9FFFE04006172ull,
			.true_exit = 0x007FFFFF00036DFBull,
			.true_entry = 0x0000FFFF000011FBull,
			.misc = 0x00000000100401E5ull,
			.ept_vpid_cap = 0x00000F0106114141ull,
			.cr0_fixed0 = 0x80000021ull,
			.cr0_fixed1 = 0xFFFFFFFFull,
			.cr4_fixed0 = 0x00002000ull,
			.cr4_fixed1 = 0x001767FFull,
		},
	.maxphyaddr = 36,
};

/*
 * Coffee Lake (Skylake microarchitecture), CPUID.1:EAX 000906EA (family 6
 * model 158), 6 cores/12 threads: the "HM:" lines of a VirtualBox 6.1
 * VBox.log in a public GitHub repository (find_string as above, stored file
 * id 56694763043, offset ~36000).  The same VMX MSR values appear in the
 * logs of myspaghetti/macos-virtualbox issues #135, #224 and #357.
 * MAXPHYADDR 39.
 */
const struct vmentry_cpu vmx_profile_coffee_lake = {
	.caps =
		{
			.basic = 0x00DA040000000004ull,
			.pinbased = 0x0000007F00000016ull,
			.procbased = 0xFFF9FFFE0401E172ull,
			.procbased2 = 0x005FBCFF00000000ull,
			.exit = 0x01FFFFFF00036DFFull,
			.entry = 0x0003FFFF000011FFull,
			.true_pinbased = 0x0000007F00000016ull,
			.true_procbased = 0xFFF9FFFE04006172ull,
			.true_exit = 0x01FFFFFF00036DFBull,
			.true_entry = 0x0003FFFF000011FBull,
			.misc = 0x000000007004C1E7ull,
			.ept_vpid_cap = 0x00000F0106734141ull,
			.cr0_fixed0 = 0x80000021ull,
			.cr0_fixed1 = 0xFFFFFFFFull,
			.cr4_fixed0 = 0x00002000ull,
			.cr4_fixed1 = 0x003727FFull,
		},
	.maxphyaddr = 39,
};

/*
 * QEMU's "Westmere" CPU model with its VMX feature words, from the QEMU
 * patch "target/i386: add VMX features to named CPU models" (qemu-devel,
 * Paolo Bonzini, 2019; target/i386/cpu.c, FEAT_VMX_* of "Westmere"), which
 * records what Westmere hardware offers.  Allowed-1 = the listed features
 * plus the default1 bits (SDM Vol. 3D A.2); allowed-0 = default1, with the
 * TRUE MSRs freeing CR3-load/store exiting and save/load debug controls.
 * As listed there, the exit controls offer "save IA32_PAT/EFER" but not
 * "load IA32_PAT/EFER": thinvisor needs those and must refuse.
 */
struct vmentry_cpu vmx_profile_qemu_westmere(void)
{
	u32 pin1 = 0x16 | PIN_BASED_EXTERNAL_INTERRUPT_EXITING | PIN_BASED_NMI_EXITING |
		   PIN_BASED_VIRTUAL_NMIS | PIN_BASED_ACTIVATE_VMX_PREEMPTION_TIMER;
	u32 proc1 = 0x0401E172 | CPU_BASED_INTERRUPT_WINDOW_EXITING | CPU_BASED_USE_TSC_OFFSETTING |
		    CPU_BASED_HLT_EXITING | CPU_BASED_INVLPG_EXITING | CPU_BASED_MWAIT_EXITING |
		    CPU_BASED_RDPMC_EXITING | CPU_BASED_RDTSC_EXITING | CPU_BASED_CR8_LOAD_EXITING |
		    CPU_BASED_CR8_STORE_EXITING | CPU_BASED_USE_TPR_SHADOW |
		    CPU_BASED_MOV_DR_EXITING | CPU_BASED_UNCONDITIONAL_IO_EXITING |
		    CPU_BASED_USE_IO_BITMAPS | CPU_BASED_MONITOR_EXITING | CPU_BASED_PAUSE_EXITING |
		    CPU_BASED_NMI_WINDOW_EXITING | CPU_BASED_USE_MSR_BITMAPS |
		    CPU_BASED_CR3_LOAD_EXITING | CPU_BASED_CR3_STORE_EXITING |
		    CPU_BASED_MONITOR_TRAP_FLAG | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	u32 proc2 = SECONDARY_VIRTUALIZE_APIC_ACCESSES | SECONDARY_WBINVD_EXITING |
		    SECONDARY_ENABLE_EPT | SECONDARY_DESCRIPTOR_TABLE_EXITING |
		    SECONDARY_ENABLE_RDTSCP | SECONDARY_VIRTUALIZE_X2APIC_MODE |
		    SECONDARY_ENABLE_VPID | SECONDARY_UNRESTRICTED_GUEST |
		    SECONDARY_PAUSE_LOOP_EXITING;
	u32 exit1 = 0x36DFF | VM_EXIT_HOST_ADDRESS_SPACE_SIZE | VM_EXIT_ACK_INTERRUPT_ON_EXIT |
		    VM_EXIT_SAVE_DEBUG_CONTROLS | VM_EXIT_SAVE_IA32_PAT | VM_EXIT_SAVE_IA32_EFER |
		    VM_EXIT_SAVE_VMX_PREEMPTION_TIMER;
	u32 entry1 = 0x11FF | VM_ENTRY_IA32E_MODE_GUEST | VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL |
		     VM_ENTRY_LOAD_IA32_PAT | VM_ENTRY_LOAD_IA32_EFER |
		     VM_ENTRY_LOAD_DEBUG_CONTROLS;
	struct vmentry_cpu c = {
		.caps =
			{
				/* revision 0xE, 1 KiB, WB, INS/OUTS info, TRUE MSRs */
				.basic = 0x00DA04000000000Eull,
				.pinbased = MSR(pin1, 0x16),
				.procbased = MSR(proc1, 0x0401E172),
				.procbased2 = MSR(proc2, 0),
				.exit = MSR(exit1, 0x36DFF),
				.entry = MSR(entry1, 0x11FF),
				.true_pinbased = MSR(pin1, 0x16),
				.true_procbased = MSR(proc1, 0x04006172),
				.true_exit = MSR(exit1, 0x36DFB),
				.true_entry = MSR(entry1, 0x11FB),
				/* activity HLT, stores LMA; 4 CR3 targets */
				.misc = VMX_MISC_ACTIVITY_HLT | VMX_MISC_STORES_LMA |
					(4ull << VMX_MISC_CR3_TARGETS_SHIFT),
				.ept_vpid_cap = VMX_EPT_EXECUTE_ONLY | VMX_EPT_PAGE_WALK_4 |
						VMX_EPT_MEMTYPE_WB | VMX_EPT_2MB_PAGES |
						VMX_EPT_1GB_PAGES | VMX_EPT_INVEPT |
						VMX_EPT_INVEPT_SINGLE_CONTEXT |
						VMX_EPT_INVEPT_ALL_CONTEXT | VMX_VPID_INVVPID |
						VMX_VPID_INVVPID_INDIVIDUAL_ADDR |
						VMX_VPID_INVVPID_SINGLE_CONTEXT |
						VMX_VPID_INVVPID_ALL_CONTEXT |
						VMX_VPID_INVVPID_SINGLE_CONTEXT_RETAINING_GLOBALS,
				.cr0_fixed0 = 0x80000021ull,
				.cr0_fixed1 = 0xFFFFFFFFull,
				.cr4_fixed0 = 0x00002000ull,
				.cr4_fixed1 = 0x000027FFull,
			},
		.maxphyaddr = 40,
	};
	return c;
}

/* SPDX-License-Identifier: MIT */
/*
 * hw/vmx.h - VMX architectural constants: VM-execution, VM-exit and VM-entry
 * control bits, capability-MSR fields, EPT formats, basic exit reasons and
 * VM-instruction error numbers.
 *
 * Contract: constants and trivial field extractors only, no storage. Names
 * follow the SDM's wording. Control bits are u32 (the control fields are
 * 32 bits wide); capability and EPT bits are u64 (BIT()), as RDMSR and EPT
 * entries are 64 bits wide. MSR numbers live in hw/msr.h, VMCS field
 * encodings in hw/vmcs.h.
 *
 * Section numbers are those of the Dec 2023+ SDM (VMCS = chapter 25); the
 * quoted titles are stable across editions.
 */
#ifndef THINVISOR_HW_VMX_H
#define THINVISOR_HW_VMX_H

#include "types.h"

/* SDM Vol. 3C §25.6.1 "Pin-Based VM-Execution Controls". */
#define PIN_BASED_EXTERNAL_INTERRUPT_EXITING	(1u << 0)
#define PIN_BASED_NMI_EXITING			(1u << 3)
#define PIN_BASED_VIRTUAL_NMIS			(1u << 5)
#define PIN_BASED_ACTIVATE_VMX_PREEMPTION_TIMER (1u << 6)
#define PIN_BASED_PROCESS_POSTED_INTERRUPTS	(1u << 7)

/* SDM Vol. 3C §25.6.2 "Processor-Based VM-Execution Controls",
 * "Definitions of Primary Processor-Based VM-Execution Controls". */
#define CPU_BASED_INTERRUPT_WINDOW_EXITING    (1u << 2)
#define CPU_BASED_USE_TSC_OFFSETTING	      (1u << 3)
#define CPU_BASED_HLT_EXITING		      (1u << 7)
#define CPU_BASED_INVLPG_EXITING	      (1u << 9)
#define CPU_BASED_MWAIT_EXITING		      (1u << 10)
#define CPU_BASED_RDPMC_EXITING		      (1u << 11)
#define CPU_BASED_RDTSC_EXITING		      (1u << 12)
#define CPU_BASED_CR3_LOAD_EXITING	      (1u << 15)
#define CPU_BASED_CR3_STORE_EXITING	      (1u << 16)
#define CPU_BASED_ACTIVATE_TERTIARY_CONTROLS  (1u << 17)
#define CPU_BASED_CR8_LOAD_EXITING	      (1u << 19)
#define CPU_BASED_CR8_STORE_EXITING	      (1u << 20)
#define CPU_BASED_USE_TPR_SHADOW	      (1u << 21)
#define CPU_BASED_NMI_WINDOW_EXITING	      (1u << 22)
#define CPU_BASED_MOV_DR_EXITING	      (1u << 23)
#define CPU_BASED_UNCONDITIONAL_IO_EXITING    (1u << 24)
#define CPU_BASED_USE_IO_BITMAPS	      (1u << 25)
#define CPU_BASED_MONITOR_TRAP_FLAG	      (1u << 27)
#define CPU_BASED_USE_MSR_BITMAPS	      (1u << 28)
#define CPU_BASED_MONITOR_EXITING	      (1u << 29)
#define CPU_BASED_PAUSE_EXITING		      (1u << 30)
#define CPU_BASED_ACTIVATE_SECONDARY_CONTROLS (1u << 31)

/* SDM Vol. 3C §25.6.2, "Definitions of Secondary Processor-Based
 * VM-Execution Controls". */
#define SECONDARY_VIRTUALIZE_APIC_ACCESSES     (1u << 0)
#define SECONDARY_ENABLE_EPT		       (1u << 1)
#define SECONDARY_DESCRIPTOR_TABLE_EXITING     (1u << 2)
#define SECONDARY_ENABLE_RDTSCP		       (1u << 3)
#define SECONDARY_VIRTUALIZE_X2APIC_MODE       (1u << 4)
#define SECONDARY_ENABLE_VPID		       (1u << 5)
#define SECONDARY_WBINVD_EXITING	       (1u << 6)
#define SECONDARY_UNRESTRICTED_GUEST	       (1u << 7)
#define SECONDARY_APIC_REGISTER_VIRTUALIZATION (1u << 8)
#define SECONDARY_VIRTUAL_INTERRUPT_DELIVERY   (1u << 9)
#define SECONDARY_PAUSE_LOOP_EXITING	       (1u << 10)
#define SECONDARY_RDRAND_EXITING	       (1u << 11)
#define SECONDARY_ENABLE_INVPCID	       (1u << 12)
#define SECONDARY_ENABLE_VM_FUNCTIONS	       (1u << 13)
#define SECONDARY_VMCS_SHADOWING	       (1u << 14)
#define SECONDARY_ENCLS_EXITING		       (1u << 15)
#define SECONDARY_RDSEED_EXITING	       (1u << 16)
#define SECONDARY_ENABLE_PML		       (1u << 17)
#define SECONDARY_EPT_VIOLATION_VE	       (1u << 18)
#define SECONDARY_CONCEAL_VMX_FROM_PT	       (1u << 19)
#define SECONDARY_ENABLE_XSAVES_XRSTORS	       (1u << 20)
#define SECONDARY_PASID_TRANSLATION	       (1u << 21)
#define SECONDARY_MODE_BASED_EPT_EXECUTE       (1u << 22)
#define SECONDARY_SUB_PAGE_WRITE_PERMISSIONS   (1u << 23)
#define SECONDARY_PT_USES_GUEST_PHYSICAL       (1u << 24)
#define SECONDARY_USE_TSC_SCALING	       (1u << 25)
#define SECONDARY_ENABLE_USER_WAIT_PAUSE       (1u << 26)
#define SECONDARY_ENABLE_PCONFIG	       (1u << 27)
#define SECONDARY_ENCLV_EXITING		       (1u << 28)
#define SECONDARY_VMM_BUS_LOCK_DETECTION       (1u << 30)
#define SECONDARY_INSTRUCTION_TIMEOUT	       (1u << 31)

/* SDM Vol. 3C §25.7.1 "VM-Exit Controls", "Definitions of Primary VM-Exit
 * Controls". */
#define VM_EXIT_SAVE_DEBUG_CONTROLS	    (1u << 2)
#define VM_EXIT_HOST_ADDRESS_SPACE_SIZE	    (1u << 9)
#define VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL  (1u << 12)
#define VM_EXIT_ACK_INTERRUPT_ON_EXIT	    (1u << 15)
#define VM_EXIT_SAVE_IA32_PAT		    (1u << 18)
#define VM_EXIT_LOAD_IA32_PAT		    (1u << 19)
#define VM_EXIT_SAVE_IA32_EFER		    (1u << 20)
#define VM_EXIT_LOAD_IA32_EFER		    (1u << 21)
#define VM_EXIT_SAVE_VMX_PREEMPTION_TIMER   (1u << 22)
#define VM_EXIT_CLEAR_IA32_BNDCFGS	    (1u << 23)
#define VM_EXIT_CONCEAL_VMX_FROM_PT	    (1u << 24)
#define VM_EXIT_CLEAR_IA32_RTIT_CTL	    (1u << 25)
#define VM_EXIT_CLEAR_IA32_LBR_CTL	    (1u << 26)
#define VM_EXIT_CLEAR_UINV		    (1u << 27)
#define VM_EXIT_LOAD_CET_STATE		    (1u << 28)
#define VM_EXIT_LOAD_PKRS		    (1u << 29)
#define VM_EXIT_SAVE_IA32_PERF_GLOBAL_CTRL  (1u << 30)
#define VM_EXIT_ACTIVATE_SECONDARY_CONTROLS (1u << 31)

/* SDM Vol. 3C §25.8.1 "VM-Entry Controls". */
#define VM_ENTRY_LOAD_DEBUG_CONTROLS	    (1u << 2)
#define VM_ENTRY_IA32E_MODE_GUEST	    (1u << 9)
#define VM_ENTRY_ENTRY_TO_SMM		    (1u << 10)
#define VM_ENTRY_DEACTIVATE_DUAL_MONITOR    (1u << 11)
#define VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL (1u << 13)
#define VM_ENTRY_LOAD_IA32_PAT		    (1u << 14)
#define VM_ENTRY_LOAD_IA32_EFER		    (1u << 15)
#define VM_ENTRY_LOAD_IA32_BNDCFGS	    (1u << 16)
#define VM_ENTRY_CONCEAL_VMX_FROM_PT	    (1u << 17)
#define VM_ENTRY_LOAD_IA32_RTIT_CTL	    (1u << 18)
#define VM_ENTRY_LOAD_UINV		    (1u << 19)
#define VM_ENTRY_LOAD_CET_STATE		    (1u << 20)
#define VM_ENTRY_LOAD_GUEST_IA32_LBR_CTL    (1u << 21)
#define VM_ENTRY_LOAD_PKRS		    (1u << 22)

/* Memory types as encoded in IA32_VMX_BASIC and the EPTP (SDM Vol. 3A
 * "Memory Types"): only these two are legal there. */
#define VMX_MEMTYPE_UC 0u
#define VMX_MEMTYPE_WB 6u

/* SDM Vol. 3D Appendix A.1 "Basic VMX Information" (IA32_VMX_BASIC). */
#define VMX_BASIC_REVISION_ID_MASK  0x7FFFFFFFull /* bits 30:0 */
#define VMX_BASIC_REGION_SIZE_SHIFT 32		  /* bits 44:32 */
#define VMX_BASIC_REGION_SIZE_MASK  0x1FFFull
#define VMX_BASIC_PHYS_ADDR_32BIT   BIT(48) /* VMXON/VMCS addresses < 4 GiB */
#define VMX_BASIC_DUAL_MONITOR	    BIT(49)
#define VMX_BASIC_MEMTYPE_SHIFT	    50 /* bits 53:50 */
#define VMX_BASIC_MEMTYPE_MASK	    0xFull
#define VMX_BASIC_INS_OUTS_INFO	    BIT(54)
#define VMX_BASIC_TRUE_CONTROLS	    BIT(55) /* IA32_VMX_TRUE_*_CTLS exist */
#define VMX_BASIC_NO_ERRCODE_CHECK  BIT(56) /* any vector may deliver an error code */

static inline u32 vmx_basic_revision_id(u64 basic)
{
	return (u32)(basic & VMX_BASIC_REVISION_ID_MASK);
}

static inline u32 vmx_basic_region_size(u64 basic)
{
	return (u32)((basic >> VMX_BASIC_REGION_SIZE_SHIFT) & VMX_BASIC_REGION_SIZE_MASK);
}

static inline u32 vmx_basic_memtype(u64 basic)
{
	return (u32)((basic >> VMX_BASIC_MEMTYPE_SHIFT) & VMX_BASIC_MEMTYPE_MASK);
}

/* SDM Vol. 3C §25.2 "Format of the VMCS Region": bit 31 of the first dword. */
#define VMCS_REVISION_SHADOW_INDICATOR (1u << 31)

/* SDM Vol. 3D Appendix A.6 "Miscellaneous Data" (IA32_VMX_MISC). */
#define VMX_MISC_PREEMPTION_TIMER_RATE_MASK 0x1Full /* TSC bit that ticks the timer */
#define VMX_MISC_STORES_LMA		    BIT(5)
#define VMX_MISC_ACTIVITY_HLT		    BIT(6)
#define VMX_MISC_ACTIVITY_SHUTDOWN	    BIT(7)
#define VMX_MISC_ACTIVITY_WAIT_FOR_SIPI	    BIT(8)
#define VMX_MISC_PT_IN_VMX		    BIT(14)
#define VMX_MISC_RDMSR_SMBASE_IN_SMM	    BIT(15)
#define VMX_MISC_CR3_TARGETS_SHIFT	    16 /* bits 24:16 */
#define VMX_MISC_CR3_TARGETS_MASK	    0x1FFull
#define VMX_MISC_MAX_MSR_LIST_SHIFT	    25 /* bits 27:25: 512 * (N + 1) entries */
#define VMX_MISC_MAX_MSR_LIST_MASK	    0x7ull
#define VMX_MISC_SMM_MONITOR_CTL_BIT2	    BIT(28)
#define VMX_MISC_VMWRITE_ANY_FIELD	    BIT(29)
#define VMX_MISC_ZERO_LENGTH_INJECTION	    BIT(30)
#define VMX_MISC_MSEG_REVISION_SHIFT	    32 /* bits 63:32 */

static inline u32 vmx_misc_cr3_targets(u64 misc)
{
	return (u32)((misc >> VMX_MISC_CR3_TARGETS_SHIFT) & VMX_MISC_CR3_TARGETS_MASK);
}

static inline u32 vmx_misc_max_msr_list(u64 misc)
{
	return 512u *
	       (u32)(((misc >> VMX_MISC_MAX_MSR_LIST_SHIFT) & VMX_MISC_MAX_MSR_LIST_MASK) + 1);
}

/* SDM Vol. 3D Appendix A.10 "VPID and EPT Capabilities" (IA32_VMX_EPT_VPID_CAP). */
#define VMX_EPT_EXECUTE_ONLY				  BIT(0)
#define VMX_EPT_PAGE_WALK_4				  BIT(6)
#define VMX_EPT_PAGE_WALK_5				  BIT(7)
#define VMX_EPT_MEMTYPE_UC				  BIT(8)
#define VMX_EPT_MEMTYPE_WB				  BIT(14)
#define VMX_EPT_2MB_PAGES				  BIT(16)
#define VMX_EPT_1GB_PAGES				  BIT(17)
#define VMX_EPT_INVEPT					  BIT(20)
#define VMX_EPT_ACCESSED_DIRTY				  BIT(21)
#define VMX_EPT_ADVANCED_VIOLATION_INFO			  BIT(22)
#define VMX_EPT_SUPERVISOR_SHADOW_STACK			  BIT(23)
#define VMX_EPT_INVEPT_SINGLE_CONTEXT			  BIT(25)
#define VMX_EPT_INVEPT_ALL_CONTEXT			  BIT(26)
#define VMX_VPID_INVVPID				  BIT(32)
#define VMX_VPID_INVVPID_INDIVIDUAL_ADDR		  BIT(40)
#define VMX_VPID_INVVPID_SINGLE_CONTEXT			  BIT(41)
#define VMX_VPID_INVVPID_ALL_CONTEXT			  BIT(42)
#define VMX_VPID_INVVPID_SINGLE_CONTEXT_RETAINING_GLOBALS BIT(43)

/* SDM Vol. 3C §31.3 "VMX Instructions", INVEPT / INVVPID types. */
#define INVEPT_TYPE_SINGLE_CONTEXT		      1u
#define INVEPT_TYPE_ALL_CONTEXT			      2u
#define INVVPID_TYPE_INDIVIDUAL_ADDRESS		      0u
#define INVVPID_TYPE_SINGLE_CONTEXT		      1u
#define INVVPID_TYPE_ALL_CONTEXT		      2u
#define INVVPID_TYPE_SINGLE_CONTEXT_RETAINING_GLOBALS 3u

/* SDM Vol. 3C §25.6.11 "Extended-Page-Table Pointer (EPTP)". */
#define EPTP_MEMTYPE_MASK	      0x7ull /* bits 2:0 */
#define EPTP_MEMTYPE_UC		      ((u64)VMX_MEMTYPE_UC)
#define EPTP_MEMTYPE_WB		      ((u64)VMX_MEMTYPE_WB)
#define EPTP_PAGE_WALK_LENGTH_SHIFT   3 /* bits 5:3 hold (levels - 1) */
#define EPTP_PAGE_WALK_LENGTH_MASK    (7ull << EPTP_PAGE_WALK_LENGTH_SHIFT)
#define EPTP_PAGE_WALK_LENGTH(levels) (((u64)(levels)-1) << EPTP_PAGE_WALK_LENGTH_SHIFT)
#define EPTP_ENABLE_ACCESSED_DIRTY    BIT(6)
#define EPTP_ADDR_MASK		      0x000FFFFFFFFFF000ull

/* SDM Vol. 3C §29.3.2 "EPT Translation Mechanism", formats of EPT entries. */
#define EPT_READ	  BIT(0)
#define EPT_WRITE	  BIT(1)
#define EPT_EXECUTE	  BIT(2) /* supervisor-mode execute with mode-based control */
#define EPT_RWX		  (EPT_READ | EPT_WRITE | EPT_EXECUTE)
#define EPT_MEMTYPE_SHIFT 3 /* bits 5:3, leaf entries only */
#define EPT_MEMTYPE_MASK  (7ull << EPT_MEMTYPE_SHIFT)
#define EPT_MEMTYPE(type) ((u64)(type) << EPT_MEMTYPE_SHIFT)
#define EPT_IGNORE_PAT	  BIT(6)
#define EPT_LARGE_PAGE	  BIT(7)
#define EPT_ACCESSED	  BIT(8)
#define EPT_DIRTY	  BIT(9)
#define EPT_USER_EXECUTE  BIT(10)
#define EPT_SUPPRESS_VE	  BIT(63)
#define EPT_ADDR_MASK	  0x000FFFFFFFFFF000ull

/*
 * SDM Vol. 3D Appendix C "VMX Basic Exit Reasons". Gaps (35, 38, 42, 71,
 * 82, 83) are reserved. EXIT_REASON_MAX is one past the largest defined.
 */
#define EXIT_REASON_EXCEPTION_NMI		0
#define EXIT_REASON_EXTERNAL_INTERRUPT		1
#define EXIT_REASON_TRIPLE_FAULT		2
#define EXIT_REASON_INIT_SIGNAL			3
#define EXIT_REASON_SIPI			4
#define EXIT_REASON_IO_SMI			5
#define EXIT_REASON_OTHER_SMI			6
#define EXIT_REASON_INTERRUPT_WINDOW		7
#define EXIT_REASON_NMI_WINDOW			8
#define EXIT_REASON_TASK_SWITCH			9
#define EXIT_REASON_CPUID			10
#define EXIT_REASON_GETSEC			11
#define EXIT_REASON_HLT				12
#define EXIT_REASON_INVD			13
#define EXIT_REASON_INVLPG			14
#define EXIT_REASON_RDPMC			15
#define EXIT_REASON_RDTSC			16
#define EXIT_REASON_RSM				17
#define EXIT_REASON_VMCALL			18
#define EXIT_REASON_VMCLEAR			19
#define EXIT_REASON_VMLAUNCH			20
#define EXIT_REASON_VMPTRLD			21
#define EXIT_REASON_VMPTRST			22
#define EXIT_REASON_VMREAD			23
#define EXIT_REASON_VMRESUME			24
#define EXIT_REASON_VMWRITE			25
#define EXIT_REASON_VMXOFF			26
#define EXIT_REASON_VMXON			27
#define EXIT_REASON_CR_ACCESS			28
#define EXIT_REASON_DR_ACCESS			29
#define EXIT_REASON_IO_INSTRUCTION		30
#define EXIT_REASON_RDMSR			31
#define EXIT_REASON_WRMSR			32
#define EXIT_REASON_ENTRY_FAILURE_GUEST_STATE	33
#define EXIT_REASON_ENTRY_FAILURE_MSR_LOADING	34
#define EXIT_REASON_MWAIT			36
#define EXIT_REASON_MONITOR_TRAP_FLAG		37
#define EXIT_REASON_MONITOR			39
#define EXIT_REASON_PAUSE			40
#define EXIT_REASON_ENTRY_FAILURE_MACHINE_CHECK 41
#define EXIT_REASON_TPR_BELOW_THRESHOLD		43
#define EXIT_REASON_APIC_ACCESS			44
#define EXIT_REASON_VIRTUALIZED_EOI		45
#define EXIT_REASON_GDTR_IDTR_ACCESS		46
#define EXIT_REASON_LDTR_TR_ACCESS		47
#define EXIT_REASON_EPT_VIOLATION		48
#define EXIT_REASON_EPT_MISCONFIG		49
#define EXIT_REASON_INVEPT			50
#define EXIT_REASON_RDTSCP			51
#define EXIT_REASON_VMX_PREEMPTION_TIMER	52
#define EXIT_REASON_INVVPID			53
#define EXIT_REASON_WBINVD_WBNOINVD		54
#define EXIT_REASON_XSETBV			55
#define EXIT_REASON_APIC_WRITE			56
#define EXIT_REASON_RDRAND			57
#define EXIT_REASON_INVPCID			58
#define EXIT_REASON_VMFUNC			59
#define EXIT_REASON_ENCLS			60
#define EXIT_REASON_RDSEED			61
#define EXIT_REASON_PML_FULL			62
#define EXIT_REASON_XSAVES			63
#define EXIT_REASON_XRSTORS			64
#define EXIT_REASON_PCONFIG			65
#define EXIT_REASON_SPP				66
#define EXIT_REASON_UMWAIT			67
#define EXIT_REASON_TPAUSE			68
#define EXIT_REASON_LOADIWKEY			69
#define EXIT_REASON_ENCLV			70
#define EXIT_REASON_ENQCMD_PASID		72
#define EXIT_REASON_ENQCMDS_PASID		73
#define EXIT_REASON_BUS_LOCK			74
#define EXIT_REASON_INSTRUCTION_TIMEOUT		75
#define EXIT_REASON_SEAMCALL			76
#define EXIT_REASON_TDCALL			77
#define EXIT_REASON_RDMSRLIST			78
#define EXIT_REASON_WRMSRLIST			79
#define EXIT_REASON_URDMSR			80
#define EXIT_REASON_UWRMSR			81
#define EXIT_REASON_RDMSR_IMM			84
#define EXIT_REASON_WRMSRNS_IMM			85
#define EXIT_REASON_MAX				86

/* SDM Vol. 3C §25.9.1 "Basic VM-Exit Information", "Format of Exit Reason". */
#define EXIT_REASON_BASIC_MASK		    0xFFFFu
#define EXIT_REASON_BASIC(field)	    ((u32)(field)&EXIT_REASON_BASIC_MASK)
#define EXIT_REASON_FIELD_BUS_LOCK_ASSERTED (1u << 26)
#define EXIT_REASON_FIELD_ENCLAVE_MODE	    (1u << 27)
#define EXIT_REASON_FIELD_PENDING_MTF	    (1u << 28)
#define EXIT_REASON_FIELD_FROM_VMX_ROOT	    (1u << 29)
#define EXIT_REASON_FIELD_ENTRY_FAILURE	    (1u << 31)

/* SDM Vol. 3C §31.4 "VM Instruction Error Numbers" (14, 21, 27 reserved). */
#define VM_INSN_ERROR_VMCALL_IN_VMX_ROOT		   1
#define VM_INSN_ERROR_VMCLEAR_INVALID_ADDRESS		   2
#define VM_INSN_ERROR_VMCLEAR_VMXON_POINTER		   3
#define VM_INSN_ERROR_VMLAUNCH_NON_CLEAR_VMCS		   4
#define VM_INSN_ERROR_VMRESUME_NON_LAUNCHED_VMCS	   5
#define VM_INSN_ERROR_VMRESUME_AFTER_VMXOFF		   6
#define VM_INSN_ERROR_ENTRY_INVALID_CONTROL_FIELDS	   7
#define VM_INSN_ERROR_ENTRY_INVALID_HOST_STATE_FIELDS	   8
#define VM_INSN_ERROR_VMPTRLD_INVALID_ADDRESS		   9
#define VM_INSN_ERROR_VMPTRLD_VMXON_POINTER		   10
#define VM_INSN_ERROR_VMPTRLD_INCORRECT_REVISION_ID	   11
#define VM_INSN_ERROR_UNSUPPORTED_VMCS_COMPONENT	   12
#define VM_INSN_ERROR_VMWRITE_READ_ONLY_COMPONENT	   13
#define VM_INSN_ERROR_VMXON_IN_VMX_ROOT			   15
#define VM_INSN_ERROR_ENTRY_INVALID_EXECUTIVE_VMCS_POINTER 16
#define VM_INSN_ERROR_ENTRY_NON_LAUNCHED_EXECUTIVE_VMCS	   17
#define VM_INSN_ERROR_ENTRY_EXECUTIVE_VMCS_NOT_VMXON	   18
#define VM_INSN_ERROR_VMCALL_NON_CLEAR_VMCS		   19
#define VM_INSN_ERROR_VMCALL_INVALID_EXIT_CONTROLS	   20
#define VM_INSN_ERROR_VMCALL_INCORRECT_MSEG_REVISION	   22
#define VM_INSN_ERROR_VMXOFF_UNDER_DUAL_MONITOR		   23
#define VM_INSN_ERROR_VMCALL_INVALID_SMM_MONITOR_FEATURES  24
#define VM_INSN_ERROR_ENTRY_INVALID_EXECUTIVE_CONTROLS	   25
#define VM_INSN_ERROR_ENTRY_EVENTS_BLOCKED_BY_MOV_SS	   26
#define VM_INSN_ERROR_INVALID_INVEPT_INVVPID_OPERAND	   28
#define VM_INSN_ERROR_MAX				   29

#endif

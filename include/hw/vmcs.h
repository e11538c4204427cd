/* SPDX-License-Identifier: MIT */
/*
 * hw/vmcs.h - VMCS field encodings and the layouts of guest-state and
 * event fields, as the Intel SDM defines them.
 *
 * Contract: constants only, no code, no storage. Every VMCS field encoding of
 * SDM Vol. 3D Appendix B "Field Encoding in VMCS" that exists on shipping
 * CPUs is defined here exactly once as VMCS_<NAME>. A 64-bit field is named
 * by its "full" encoding (access type 0); VMCS_HIGH() gives the encoding of
 * its upper 32 bits, which only 32-bit code needs. Whether a field exists on
 * a given CPU is the caller's business (IA32_VMX_VMCS_ENUM and the controls
 * that enable a feature).
 *
 * Section numbers are those of the Dec 2023+ SDM (VMCS = chapter 25); the
 * quoted titles are stable across editions.
 */
#ifndef THINVISOR_HW_VMCS_H
#define THINVISOR_HW_VMCS_H

#include "types.h"

/*
 * SDM Vol. 3C §25.11.2 "VMREAD, VMWRITE, and Encodings of VMCS Fields",
 * "Structure of VMCS Component Encoding": bit 0 access type (1 = high half of a 64-bit field), 9:1
 * index, 11:10 type, 14:13 width. Reserved bits must be 0.
 */
#define VMCS_ENC_ACCESS_HIGH	BIT(0)
#define VMCS_ENC_TYPE(enc)	(((enc) >> 10) & 3u)
#define VMCS_ENC_WIDTH(enc)	(((enc) >> 13) & 3u)
#define VMCS_ENC_TYPE_CONTROL	0u
#define VMCS_ENC_TYPE_READ_ONLY 1u
#define VMCS_ENC_TYPE_GUEST	2u
#define VMCS_ENC_TYPE_HOST	3u
#define VMCS_ENC_WIDTH_16	0u
#define VMCS_ENC_WIDTH_64	1u
#define VMCS_ENC_WIDTH_32	2u
#define VMCS_ENC_WIDTH_NATURAL	3u
#define VMCS_HIGH(enc)		((enc) | 1u)

/* SDM Vol. 3D Appendix B.1.1 "16-Bit Control Fields". */
#define VMCS_VPID				  0x0000u
#define VMCS_POSTED_INTERRUPT_NOTIFICATION_VECTOR 0x0002u
#define VMCS_EPTP_INDEX				  0x0004u
#define VMCS_HLAT_PREFIX_SIZE			  0x0006u
#define VMCS_LAST_PID_POINTER_INDEX		  0x0008u

/* SDM Vol. 3D Appendix B.1.2 "16-Bit Guest-State Fields". */
#define VMCS_GUEST_ES_SELECTOR	    0x0800u
#define VMCS_GUEST_CS_SELECTOR	    0x0802u
#define VMCS_GUEST_SS_SELECTOR	    0x0804u
#define VMCS_GUEST_DS_SELECTOR	    0x0806u
#define VMCS_GUEST_FS_SELECTOR	    0x0808u
#define VMCS_GUEST_GS_SELECTOR	    0x080Au
#define VMCS_GUEST_LDTR_SELECTOR    0x080Cu
#define VMCS_GUEST_TR_SELECTOR	    0x080Eu
#define VMCS_GUEST_INTERRUPT_STATUS 0x0810u
#define VMCS_GUEST_PML_INDEX	    0x0812u
#define VMCS_GUEST_UINV		    0x0814u

/* SDM Vol. 3D Appendix B.1.3 "16-Bit Host-State Fields". */
#define VMCS_HOST_ES_SELECTOR 0x0C00u
#define VMCS_HOST_CS_SELECTOR 0x0C02u
#define VMCS_HOST_SS_SELECTOR 0x0C04u
#define VMCS_HOST_DS_SELECTOR 0x0C06u
#define VMCS_HOST_FS_SELECTOR 0x0C08u
#define VMCS_HOST_GS_SELECTOR 0x0C0Au
#define VMCS_HOST_TR_SELECTOR 0x0C0Cu

/* SDM Vol. 3D Appendix B.2.1 "64-Bit Control Fields" (full encodings). */
#define VMCS_IO_BITMAP_A			   0x2000u
#define VMCS_IO_BITMAP_B			   0x2002u
#define VMCS_MSR_BITMAP				   0x2004u
#define VMCS_VM_EXIT_MSR_STORE_ADDRESS		   0x2006u
#define VMCS_VM_EXIT_MSR_LOAD_ADDRESS		   0x2008u
#define VMCS_VM_ENTRY_MSR_LOAD_ADDRESS		   0x200Au
#define VMCS_EXECUTIVE_VMCS_POINTER		   0x200Cu
#define VMCS_PML_ADDRESS			   0x200Eu
#define VMCS_TSC_OFFSET				   0x2010u
#define VMCS_VIRTUAL_APIC_ADDRESS		   0x2012u
#define VMCS_APIC_ACCESS_ADDRESS		   0x2014u
#define VMCS_POSTED_INTERRUPT_DESCRIPTOR_ADDRESS   0x2016u
#define VMCS_VM_FUNCTION_CONTROLS		   0x2018u
#define VMCS_EPT_POINTER			   0x201Au
#define VMCS_EOI_EXIT_BITMAP_0			   0x201Cu
#define VMCS_EOI_EXIT_BITMAP_1			   0x201Eu
#define VMCS_EOI_EXIT_BITMAP_2			   0x2020u
#define VMCS_EOI_EXIT_BITMAP_3			   0x2022u
#define VMCS_EPTP_LIST_ADDRESS			   0x2024u
#define VMCS_VMREAD_BITMAP_ADDRESS		   0x2026u
#define VMCS_VMWRITE_BITMAP_ADDRESS		   0x2028u
#define VMCS_VIRTUALIZATION_EXCEPTION_INFO_ADDRESS 0x202Au
#define VMCS_XSS_EXITING_BITMAP			   0x202Cu
#define VMCS_ENCLS_EXITING_BITMAP		   0x202Eu
#define VMCS_SUB_PAGE_PERMISSION_TABLE_POINTER	   0x2030u
#define VMCS_TSC_MULTIPLIER			   0x2032u
#define VMCS_TERTIARY_PROC_BASED_VM_EXEC_CONTROL   0x2034u
#define VMCS_ENCLV_EXITING_BITMAP		   0x2036u
#define VMCS_LOW_PASID_DIRECTORY_ADDRESS	   0x2038u
#define VMCS_HIGH_PASID_DIRECTORY_ADDRESS	   0x203Au
#define VMCS_SHARED_EPT_POINTER			   0x203Cu
#define VMCS_PCONFIG_EXITING_BITMAP		   0x203Eu
#define VMCS_HLAT_POINTER			   0x2040u
#define VMCS_PID_POINTER_TABLE_ADDRESS		   0x2042u
#define VMCS_SECONDARY_VM_EXIT_CONTROLS		   0x2044u
#define VMCS_IA32_SPEC_CTRL_MASK		   0x204Au
#define VMCS_IA32_SPEC_CTRL_SHADOW		   0x204Cu

/* SDM Vol. 3D Appendix B.2.2 "64-Bit Read-Only Data Field". */
#define VMCS_GUEST_PHYSICAL_ADDRESS 0x2400u

/* SDM Vol. 3D Appendix B.2.3 "64-Bit Guest-State Fields". */
#define VMCS_VMCS_LINK_POINTER		 0x2800u
#define VMCS_GUEST_IA32_DEBUGCTL	 0x2802u
#define VMCS_GUEST_IA32_PAT		 0x2804u
#define VMCS_GUEST_IA32_EFER		 0x2806u
#define VMCS_GUEST_IA32_PERF_GLOBAL_CTRL 0x2808u
#define VMCS_GUEST_PDPTE0		 0x280Au
#define VMCS_GUEST_PDPTE1		 0x280Cu
#define VMCS_GUEST_PDPTE2		 0x280Eu
#define VMCS_GUEST_PDPTE3		 0x2810u
#define VMCS_GUEST_IA32_BNDCFGS		 0x2812u
#define VMCS_GUEST_IA32_RTIT_CTL	 0x2814u
#define VMCS_GUEST_IA32_LBR_CTL		 0x2816u
#define VMCS_GUEST_IA32_PKRS		 0x2818u

/* SDM Vol. 3D Appendix B.2.4 "64-Bit Host-State Fields". */
#define VMCS_HOST_IA32_PAT		0x2C00u
#define VMCS_HOST_IA32_EFER		0x2C02u
#define VMCS_HOST_IA32_PERF_GLOBAL_CTRL 0x2C04u
#define VMCS_HOST_IA32_PKRS		0x2C06u

/* SDM Vol. 3D Appendix B.3.1 "32-Bit Control Fields". */
#define VMCS_PIN_BASED_VM_EXEC_CONTROL		  0x4000u
#define VMCS_PRIMARY_PROC_BASED_VM_EXEC_CONTROL	  0x4002u
#define VMCS_EXCEPTION_BITMAP			  0x4004u
#define VMCS_PAGE_FAULT_ERROR_CODE_MASK		  0x4006u
#define VMCS_PAGE_FAULT_ERROR_CODE_MATCH	  0x4008u
#define VMCS_CR3_TARGET_COUNT			  0x400Au
#define VMCS_VM_EXIT_CONTROLS			  0x400Cu /* "primary VM-exit controls" */
#define VMCS_VM_EXIT_MSR_STORE_COUNT		  0x400Eu
#define VMCS_VM_EXIT_MSR_LOAD_COUNT		  0x4010u
#define VMCS_VM_ENTRY_CONTROLS			  0x4012u
#define VMCS_VM_ENTRY_MSR_LOAD_COUNT		  0x4014u
#define VMCS_VM_ENTRY_INTERRUPTION_INFO		  0x4016u
#define VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE	  0x4018u
#define VMCS_VM_ENTRY_INSTRUCTION_LENGTH	  0x401Au
#define VMCS_TPR_THRESHOLD			  0x401Cu
#define VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL 0x401Eu
#define VMCS_PLE_GAP				  0x4020u
#define VMCS_PLE_WINDOW				  0x4022u
#define VMCS_INSTRUCTION_TIMEOUT_CONTROL	  0x4024u

/* SDM Vol. 3D Appendix B.3.2 "32-Bit Read-Only Data Fields". */
#define VMCS_VM_INSTRUCTION_ERROR	     0x4400u
#define VMCS_EXIT_REASON		     0x4402u
#define VMCS_VM_EXIT_INTERRUPTION_INFO	     0x4404u
#define VMCS_VM_EXIT_INTERRUPTION_ERROR_CODE 0x4406u
#define VMCS_IDT_VECTORING_INFO		     0x4408u
#define VMCS_IDT_VECTORING_ERROR_CODE	     0x440Au
#define VMCS_VM_EXIT_INSTRUCTION_LENGTH	     0x440Cu
#define VMCS_VM_EXIT_INSTRUCTION_INFO	     0x440Eu

/* SDM Vol. 3D Appendix B.3.3 "32-Bit Guest-State Fields". */
#define VMCS_GUEST_ES_LIMIT		  0x4800u
#define VMCS_GUEST_CS_LIMIT		  0x4802u
#define VMCS_GUEST_SS_LIMIT		  0x4804u
#define VMCS_GUEST_DS_LIMIT		  0x4806u
#define VMCS_GUEST_FS_LIMIT		  0x4808u
#define VMCS_GUEST_GS_LIMIT		  0x480Au
#define VMCS_GUEST_LDTR_LIMIT		  0x480Cu
#define VMCS_GUEST_TR_LIMIT		  0x480Eu
#define VMCS_GUEST_GDTR_LIMIT		  0x4810u
#define VMCS_GUEST_IDTR_LIMIT		  0x4812u
#define VMCS_GUEST_ES_ACCESS_RIGHTS	  0x4814u
#define VMCS_GUEST_CS_ACCESS_RIGHTS	  0x4816u
#define VMCS_GUEST_SS_ACCESS_RIGHTS	  0x4818u
#define VMCS_GUEST_DS_ACCESS_RIGHTS	  0x481Au
#define VMCS_GUEST_FS_ACCESS_RIGHTS	  0x481Cu
#define VMCS_GUEST_GS_ACCESS_RIGHTS	  0x481Eu
#define VMCS_GUEST_LDTR_ACCESS_RIGHTS	  0x4820u
#define VMCS_GUEST_TR_ACCESS_RIGHTS	  0x4822u
#define VMCS_GUEST_INTERRUPTIBILITY_STATE 0x4824u
#define VMCS_GUEST_ACTIVITY_STATE	  0x4826u
#define VMCS_GUEST_SMBASE		  0x4828u
#define VMCS_GUEST_SYSENTER_CS		  0x482Au /* guest IA32_SYSENTER_CS */
#define VMCS_VMX_PREEMPTION_TIMER_VALUE	  0x482Eu

/* SDM Vol. 3D Appendix B.3.4 "32-Bit Host-State Field". */
#define VMCS_HOST_IA32_SYSENTER_CS 0x4C00u

/* SDM Vol. 3D Appendix B.4.1 "Natural-Width Control Fields". */
#define VMCS_CR0_GUEST_HOST_MASK 0x6000u
#define VMCS_CR4_GUEST_HOST_MASK 0x6002u
#define VMCS_CR0_READ_SHADOW	 0x6004u
#define VMCS_CR4_READ_SHADOW	 0x6006u
#define VMCS_CR3_TARGET_VALUE_0	 0x6008u
#define VMCS_CR3_TARGET_VALUE_1	 0x600Au
#define VMCS_CR3_TARGET_VALUE_2	 0x600Cu
#define VMCS_CR3_TARGET_VALUE_3	 0x600Eu

/* SDM Vol. 3D Appendix B.4.2 "Natural-Width Read-Only Data Fields". */
#define VMCS_EXIT_QUALIFICATION	  0x6400u
#define VMCS_IO_RCX		  0x6402u
#define VMCS_IO_RSI		  0x6404u
#define VMCS_IO_RDI		  0x6406u
#define VMCS_IO_RIP		  0x6408u
#define VMCS_GUEST_LINEAR_ADDRESS 0x640Au

/* SDM Vol. 3D Appendix B.4.3 "Natural-Width Guest-State Fields". */
#define VMCS_GUEST_CR0				 0x6800u
#define VMCS_GUEST_CR3				 0x6802u
#define VMCS_GUEST_CR4				 0x6804u
#define VMCS_GUEST_ES_BASE			 0x6806u
#define VMCS_GUEST_CS_BASE			 0x6808u
#define VMCS_GUEST_SS_BASE			 0x680Au
#define VMCS_GUEST_DS_BASE			 0x680Cu
#define VMCS_GUEST_FS_BASE			 0x680Eu
#define VMCS_GUEST_GS_BASE			 0x6810u
#define VMCS_GUEST_LDTR_BASE			 0x6812u
#define VMCS_GUEST_TR_BASE			 0x6814u
#define VMCS_GUEST_GDTR_BASE			 0x6816u
#define VMCS_GUEST_IDTR_BASE			 0x6818u
#define VMCS_GUEST_DR7				 0x681Au
#define VMCS_GUEST_RSP				 0x681Cu
#define VMCS_GUEST_RIP				 0x681Eu
#define VMCS_GUEST_RFLAGS			 0x6820u
#define VMCS_GUEST_PENDING_DBG_EXCEPTIONS	 0x6822u
#define VMCS_GUEST_SYSENTER_ESP			 0x6824u /* guest IA32_SYSENTER_ESP */
#define VMCS_GUEST_SYSENTER_EIP			 0x6826u /* guest IA32_SYSENTER_EIP */
#define VMCS_GUEST_IA32_S_CET			 0x6828u
#define VMCS_GUEST_SSP				 0x682Au
#define VMCS_GUEST_IA32_INTERRUPT_SSP_TABLE_ADDR 0x682Cu

/* SDM Vol. 3D Appendix B.4.4 "Natural-Width Host-State Fields". */
#define VMCS_HOST_CR0				0x6C00u
#define VMCS_HOST_CR3				0x6C02u
#define VMCS_HOST_CR4				0x6C04u
#define VMCS_HOST_FS_BASE			0x6C06u
#define VMCS_HOST_GS_BASE			0x6C08u
#define VMCS_HOST_TR_BASE			0x6C0Au
#define VMCS_HOST_GDTR_BASE			0x6C0Cu
#define VMCS_HOST_IDTR_BASE			0x6C0Eu
#define VMCS_HOST_IA32_SYSENTER_ESP		0x6C10u
#define VMCS_HOST_IA32_SYSENTER_EIP		0x6C12u
#define VMCS_HOST_RSP				0x6C14u
#define VMCS_HOST_RIP				0x6C16u
#define VMCS_HOST_IA32_S_CET			0x6C18u
#define VMCS_HOST_SSP				0x6C1Au
#define VMCS_HOST_IA32_INTERRUPT_SSP_TABLE_ADDR 0x6C1Cu

/*
 * SDM Vol. 3C §25.4.1 "Guest Register State", "Format of Access Rights":
 * the descriptor's attribute bits shifted down by 8, plus bit 16. A null
 * selector must be loaded as "unusable" or VM entry checks fail.
 */
#define VMCS_AR_TYPE_MASK 0xFu
#define VMCS_AR_S	  (1u << 4) /* code/data, not system */
#define VMCS_AR_DPL_SHIFT 5
#define VMCS_AR_DPL_MASK  (3u << VMCS_AR_DPL_SHIFT)
#define VMCS_AR_P	  (1u << 7)
#define VMCS_AR_AVL	  (1u << 12)
#define VMCS_AR_L	  (1u << 13) /* 64-bit code segment */
#define VMCS_AR_DB	  (1u << 14)
#define VMCS_AR_G	  (1u << 15)
#define VMCS_AR_UNUSABLE  (1u << 16)

/* SDM Vol. 3C §25.4.2 "Guest Non-Register State",
 * "Format of Interruptibility State". */
#define VMCS_INTR_BLOCKING_BY_STI      (1u << 0)
#define VMCS_INTR_BLOCKING_BY_MOV_SS   (1u << 1)
#define VMCS_INTR_BLOCKING_BY_SMI      (1u << 2)
#define VMCS_INTR_BLOCKING_BY_NMI      (1u << 3)
#define VMCS_INTR_ENCLAVE_INTERRUPTION (1u << 4)

/* SDM Vol. 3C §25.4.2, activity state values. */
#define VMCS_ACTIVITY_ACTIVE	    0u
#define VMCS_ACTIVITY_HLT	    1u
#define VMCS_ACTIVITY_SHUTDOWN	    2u
#define VMCS_ACTIVITY_WAIT_FOR_SIPI 3u

/* SDM Vol. 3C §25.4.2, "Format of Pending-Debug-Exceptions". */
#define VMCS_PENDING_DBG_B0	    BIT(0)
#define VMCS_PENDING_DBG_B1	    BIT(1)
#define VMCS_PENDING_DBG_B2	    BIT(2)
#define VMCS_PENDING_DBG_B3	    BIT(3)
#define VMCS_PENDING_DBG_ENABLED_BP BIT(12)
#define VMCS_PENDING_DBG_BS	    BIT(14) /* single-step trap pending */
#define VMCS_PENDING_DBG_RTM	    BIT(16)

/*
 * Interruption-information format, shared by the VM-entry interruption-
 * information field (SDM Vol. 3C §25.8.3 "VM-Entry Controls for Event
 * Injection"), the VM-exit interruption-information field (§25.9.2
 * "Information for VM Exits Due to Vectored Events") and the IDT-vectoring
 * information field (§25.9.3 "Information for VM Exits That Occur During
 * Event Delivery").
 */
#define VMCS_INTR_INFO_VECTOR_MASK	   0xFFu
#define VMCS_INTR_INFO_TYPE_SHIFT	   8
#define VMCS_INTR_INFO_TYPE_MASK	   (7u << VMCS_INTR_INFO_TYPE_SHIFT)
#define VMCS_INTR_INFO_DELIVER_ERROR_CODE  (1u << 11)
#define VMCS_INTR_INFO_NMI_UNBLOCKING_IRET (1u << 12) /* exit information only */
#define VMCS_INTR_INFO_VALID		   (1u << 31)

/* Interruption types, bits 10:8 (value before shifting). */
#define VMCS_INTR_TYPE_EXTERNAL_INTERRUPT      0u
#define VMCS_INTR_TYPE_NMI		       2u
#define VMCS_INTR_TYPE_HARDWARE_EXCEPTION      3u
#define VMCS_INTR_TYPE_SOFTWARE_INTERRUPT      4u
#define VMCS_INTR_TYPE_PRIV_SOFTWARE_EXCEPTION 5u
#define VMCS_INTR_TYPE_SOFTWARE_EXCEPTION      6u
#define VMCS_INTR_TYPE_OTHER_EVENT	       7u

/* Build an interruption-information value: valid, vector, type. */
#define VMCS_INTR_INFO(vector, type)                                                               \
	(VMCS_INTR_INFO_VALID |                                                                    \
	 (((u32)(type) << VMCS_INTR_INFO_TYPE_SHIFT) & VMCS_INTR_INFO_TYPE_MASK) |                 \
	 ((u32)(vector)&VMCS_INTR_INFO_VECTOR_MASK))

#endif

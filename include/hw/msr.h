/* SPDX-License-Identifier: MIT */
/*
 * hw/msr.h - architectural MSR numbers and the few bit fields thinvisor uses.
 *
 * Contract: constants only, no code. Names and numbers follow the Intel SDM
 * Vol. 4, "Model-Specific Registers", Table 2-2 "IA-32 Architectural MSRs".
 * Bit definitions are u64 (BIT()) because RDMSR/WRMSR move 64-bit values.
 */
#ifndef THINVISOR_HW_MSR_H
#define THINVISOR_HW_MSR_H

#include "types.h"

#define IA32_TIME_STAMP_COUNTER 0x00000010u
/* SDM Vol. 3A 11.4.4, "Local APIC Status and Location": IA32_APIC_BASE. */
#define IA32_APIC_BASE		 0x0000001Bu
#define IA32_APIC_BASE_BSP	 BIT(8)	 /* this is the boot processor */
#define IA32_APIC_BASE_EXTD	 BIT(10) /* x2APIC mode */
#define IA32_APIC_BASE_EN	 BIT(11) /* APIC global enable */
#define IA32_APIC_BASE_ADDR_MASK 0xFFFFFF000ULL

/* SDM Vol. 3C, "Enabling and Entering VMX Operation": VMXON #GPs unless the
 * lock bit and the VMX enable bit for the current mode are both set. */
#define IA32_FEATURE_CONTROL		     0x0000003Au
#define IA32_FEATURE_CONTROL_LOCK	     BIT(0)
#define IA32_FEATURE_CONTROL_VMX_INSIDE_SMX  BIT(1)
#define IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX BIT(2)

#define IA32_SPEC_CTRL	  0x00000048u
#define IA32_BIOS_SIGN_ID 0x0000008Bu
#define IA32_MTRRCAP	  0x000000FEu /* read-only; VCNT in bits 7:0 */
#define IA32_MTRRCAP_FIX  BIT(8)      /* fixed-range MTRRs supported */

#define IA32_SYSENTER_CS  0x00000174u
#define IA32_SYSENTER_ESP 0x00000175u
#define IA32_SYSENTER_EIP 0x00000176u

#define IA32_MISC_ENABLE 0x000001A0u
#define IA32_DEBUGCTL	 0x000001D9u

/*
 * Variable-range MTRRs, SDM Vol. 3A "Variable Range MTRRs": pair n is
 * PHYSBASEn = 0x200 + 2n, PHYSMASKn = 0x201 + 2n, n < IA32_MTRRCAP.VCNT.
 * Vol. 4 names pairs 0..9 (0x200..0x213); IA32_MTRR_VAR_LAST bounds the
 * range thinvisor treats as variable MTRRs (16 pairs).
 */
#define IA32_MTRR_PHYSBASE0   0x00000200u
#define IA32_MTRR_PHYSMASK0   0x00000201u
#define IA32_MTRR_PHYSBASE(n) (IA32_MTRR_PHYSBASE0 + 2u * (n))
#define IA32_MTRR_PHYSMASK(n) (IA32_MTRR_PHYSMASK0 + 2u * (n))
#define IA32_MTRR_PHYSMASK9   0x00000213u
#define IA32_MTRR_VAR_LAST    0x0000021Fu

/* Fixed-range MTRRs, SDM Vol. 3A "Fixed Range MTRRs" (11 MSRs). */
#define IA32_MTRR_FIX64K_00000 0x00000250u
#define IA32_MTRR_FIX16K_80000 0x00000258u
#define IA32_MTRR_FIX16K_A0000 0x00000259u
#define IA32_MTRR_FIX4K_C0000  0x00000268u
#define IA32_MTRR_FIX4K_C8000  0x00000269u
#define IA32_MTRR_FIX4K_D0000  0x0000026Au
#define IA32_MTRR_FIX4K_D8000  0x0000026Bu
#define IA32_MTRR_FIX4K_E0000  0x0000026Cu
#define IA32_MTRR_FIX4K_E8000  0x0000026Du
#define IA32_MTRR_FIX4K_F0000  0x0000026Eu
#define IA32_MTRR_FIX4K_F8000  0x0000026Fu

#define IA32_PAT	      0x00000277u
#define IA32_MTRR_DEF_TYPE    0x000002FFu
#define IA32_MTRR_DEF_TYPE_FE BIT(10) /* fixed-range MTRRs enabled */
#define IA32_MTRR_DEF_TYPE_E  BIT(11) /* MTRRs enabled */

/* VMX capability MSRs, SDM Vol. 3D Appendix A "VMX Capability Reporting Facility". */
#define IA32_VMX_BASIC		     0x00000480u
#define IA32_VMX_PINBASED_CTLS	     0x00000481u
#define IA32_VMX_PROCBASED_CTLS	     0x00000482u
#define IA32_VMX_EXIT_CTLS	     0x00000483u
#define IA32_VMX_ENTRY_CTLS	     0x00000484u
#define IA32_VMX_MISC		     0x00000485u
#define IA32_VMX_CR0_FIXED0	     0x00000486u
#define IA32_VMX_CR0_FIXED1	     0x00000487u
#define IA32_VMX_CR4_FIXED0	     0x00000488u
#define IA32_VMX_CR4_FIXED1	     0x00000489u
#define IA32_VMX_VMCS_ENUM	     0x0000048Au
#define IA32_VMX_PROCBASED_CTLS2     0x0000048Bu
#define IA32_VMX_EPT_VPID_CAP	     0x0000048Cu
#define IA32_VMX_TRUE_PINBASED_CTLS  0x0000048Du
#define IA32_VMX_TRUE_PROCBASED_CTLS 0x0000048Eu
#define IA32_VMX_TRUE_EXIT_CTLS	     0x0000048Fu
#define IA32_VMX_TRUE_ENTRY_CTLS     0x00000490u
#define IA32_VMX_VMFUNC		     0x00000491u
#define IA32_VMX_PROCBASED_CTLS3     0x00000492u
#define IA32_VMX_EXIT_CTLS2	     0x00000493u
#define IA32_VMX_FIRST		     IA32_VMX_BASIC
#define IA32_VMX_LAST		     IA32_VMX_EXIT_CTLS2

/*
 * x2APIC registers, SDM Vol. 3A "x2APIC Register Address Space": 0x800-0xBFF
 * is reserved for the x2APIC, the defined registers lie in 0x800-0x8FF.
 */
#define IA32_X2APIC_FIRST 0x00000800u
#define IA32_X2APIC_LAST  0x000008FFu
#define IA32_X2APIC_ICR	  0x00000830u /* SDM Vol. 3A 11.12.9: one 64-bit write sends */

#define IA32_XSS 0x00000DA0u

/* SDM Vol. 4 Table 2-2, IA32_EFER bit fields. */
#define IA32_EFER     0xC0000080u
#define IA32_EFER_SCE BIT(0)  /* SYSCALL enable */
#define IA32_EFER_LME BIT(8)  /* IA-32e mode enable */
#define IA32_EFER_LMA BIT(10) /* IA-32e mode active (read-only) */
#define IA32_EFER_NXE BIT(11) /* execute-disable bit enable */

#define IA32_STAR	    0xC0000081u
#define IA32_LSTAR	    0xC0000082u
#define IA32_CSTAR	    0xC0000083u
#define IA32_FMASK	    0xC0000084u
#define IA32_FS_BASE	    0xC0000100u
#define IA32_GS_BASE	    0xC0000101u
#define IA32_KERNEL_GS_BASE 0xC0000102u
#define IA32_TSC_AUX	    0xC0000103u

#endif

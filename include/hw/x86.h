/* SPDX-License-Identifier: MIT */
/*
 * x86.h - architectural register bits and exception vectors (SDM Vol. 3A),
 * defined once for the whole hypervisor.
 */
#ifndef THINVISOR_HW_X86_H
#define THINVISOR_HW_X86_H

#include "types.h"

/* SDM Vol. 3A 2.5 "Control Registers" */
#define X86_CR0_PE BIT(0)
#define X86_CR0_MP BIT(1)
#define X86_CR0_EM BIT(2)
#define X86_CR0_TS BIT(3)
#define X86_CR0_ET BIT(4)
#define X86_CR0_NE BIT(5)
#define X86_CR0_WP BIT(16)
#define X86_CR0_AM BIT(18)
#define X86_CR0_NW BIT(29)
#define X86_CR0_CD BIT(30)
#define X86_CR0_PG BIT(31)

#define X86_CR4_VME	   BIT(0)
#define X86_CR4_PVI	   BIT(1)
#define X86_CR4_TSD	   BIT(2)
#define X86_CR4_DE	   BIT(3)
#define X86_CR4_PSE	   BIT(4)
#define X86_CR4_PAE	   BIT(5)
#define X86_CR4_MCE	   BIT(6)
#define X86_CR4_PGE	   BIT(7)
#define X86_CR4_PCE	   BIT(8)
#define X86_CR4_OSFXSR	   BIT(9)
#define X86_CR4_OSXMMEXCPT BIT(10)
#define X86_CR4_UMIP	   BIT(11)
#define X86_CR4_LA57	   BIT(12)
#define X86_CR4_VMXE	   BIT(13)
#define X86_CR4_SMXE	   BIT(14)
#define X86_CR4_FSGSBASE   BIT(16)
#define X86_CR4_PCIDE	   BIT(17)
#define X86_CR4_OSXSAVE	   BIT(18)
#define X86_CR4_SMEP	   BIT(20)
#define X86_CR4_SMAP	   BIT(21)
#define X86_CR4_PKE	   BIT(22)

/* SDM Vol. 1 3.4.3 "EFLAGS Register" */
#define X86_RFLAGS_CF	 BIT(0)
#define X86_RFLAGS_FIXED BIT(1) /* always 1 */
#define X86_RFLAGS_ZF	 BIT(6)
#define X86_RFLAGS_TF	 BIT(8)
#define X86_RFLAGS_IF	 BIT(9)
#define X86_RFLAGS_DF	 BIT(10)
#define X86_RFLAGS_IOPL	 (3ULL << 12)
#define X86_RFLAGS_NT	 BIT(14)
#define X86_RFLAGS_RF	 BIT(16)
#define X86_RFLAGS_VM	 BIT(17)

/* SDM Vol. 3A 6.3.1 "Exceptions and Interrupts" (Table 6-1) */
#define X86_VEC_DE  0
#define X86_VEC_DB  1
#define X86_VEC_NMI 2
#define X86_VEC_BP  3
#define X86_VEC_OF  4
#define X86_VEC_BR  5
#define X86_VEC_UD  6
#define X86_VEC_NM  7
#define X86_VEC_DF  8
#define X86_VEC_TS  10
#define X86_VEC_NP  11
#define X86_VEC_SS  12
#define X86_VEC_GP  13
#define X86_VEC_PF  14
#define X86_VEC_MF  16
#define X86_VEC_AC  17
#define X86_VEC_MC  18
#define X86_VEC_XM  19
#define X86_VEC_VE  20
#define X86_VEC_CP  21

/* SDM Vol. 3A 4.5 "4-Level Paging": entry bits of host page tables */
#define X86_PTE_P   BIT(0)
#define X86_PTE_RW  BIT(1)
#define X86_PTE_US  BIT(2)
#define X86_PTE_PWT BIT(3)
#define X86_PTE_PCD BIT(4)
#define X86_PTE_A   BIT(5)
#define X86_PTE_D   BIT(6)
#define X86_PTE_PS  BIT(7)
#define X86_PTE_G   BIT(8)
#define X86_PTE_NX  BIT(63)

#endif

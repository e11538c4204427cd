/* SPDX-License-Identifier: MIT */
/*
 * vmexit/qual.h - typed decoders for VM-exit qualifications.
 *
 * Contract: pure functions of the 64-bit exit-qualification field, no VMCS
 * access, no logging; usable freestanding and in host tests. Layouts follow
 * the Intel SDM Vol. 3C, chapter "VM Exits", section "Basic VM-Exit
 * Information", tables "Exit Qualification for Control-Register Accesses",
 * "... for I/O Instructions" and "... for EPT Violations". Reserved bits are
 * ignored.
 */
#ifndef THINVISOR_VMEXIT_QUAL_H
#define THINVISOR_VMEXIT_QUAL_H

#include "types.h"

/* I/O instruction (IN, INS, OUT, OUTS). */
struct io_qual {
	u8 size;	  /* 1, 2 or 4 bytes; 0 for the unused encoding 2 (and 4..7) */
	bool in;	  /* IN/INS, else OUT/OUTS */
	bool string;	  /* INS/OUTS */
	bool rep;	  /* REP prefix */
	bool imm_operand; /* port from an immediate, else from DX */
	u16 port;
};
struct io_qual io_qual_decode(u64 q);

/* Control-register access. */
enum cr_access_type {
	CR_ACCESS_MOV_TO_CR = 0,
	CR_ACCESS_MOV_FROM_CR = 1,
	CR_ACCESS_CLTS = 2,
	CR_ACCESS_LMSW = 3,
};
struct cr_qual {
	u8 cr; /* 0 for CLTS and LMSW */
	enum cr_access_type type;
	bool lmsw_mem_operand; /* LMSW only: operand from memory, else a register */
	u8 gpr;		       /* MOV CR only: GPR index, see gpr_name() */
	u16 lmsw_source;       /* LMSW only: the 16-bit source data */
};
struct cr_qual cr_qual_decode(u64 q);

/* EPT violation. */
struct ept_qual {
	bool read, write, fetch;	     /* what the access was (may combine) */
	bool readable, writable, executable; /* what the EPT entries allowed */
	bool gla_valid;			     /* guest-linear-address field valid */
	bool gla_is_translation;	     /* gla_valid: access to the translation,
					      * else to a guest paging-structure entry */
	bool nmi_unblocking;		     /* NMI unblocking due to IRET */
};
struct ept_qual ept_qual_decode(u64 q);

/* GPR index as used in CR-access and other qualifications: 0 rax, 1 rcx,
 * 2 rdx, 3 rbx, 4 rsp, 5 rbp, 6 rsi, 7 rdi, 8..15 r8..r15; "?" otherwise. */
const char *gpr_name(u8 index);

/*
 * Writes a short text describing *q into buf, e.g. "write to a read-only
 * page (entry R-X), linear address valid". Truncates to size - 1 characters
 * and always terminates when size > 0; writes nothing when size == 0.
 * Returns buf.
 */
const char *ept_qual_describe(const struct ept_qual *q, char *buf, size_t size);

#endif

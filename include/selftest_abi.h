/* SPDX-License-Identifier: MIT */
/*
 * selftest_abi.h - how the embedded self-test guest (guest/selftest/) and
 * the hypervisor talk.  guest/selftest/selftest.asm mirrors these numbers;
 * change both together.
 *
 * Start state: the guest image is copied to guest-physical SELFTEST_LOAD_ADDR
 * and entered there in real mode (CS = 0, IP = SELFTEST_LOAD_ADDR, flat
 * 64 KiB segments) with EBX = SELFTEST_PARAMS_ADDR, the address of a
 * struct selftest_params the hypervisor filled in.  The guest may use
 * guest-physical memory [SELFTEST_LOAD_ADDR, SELFTEST_MEM_END) for itself.
 *
 * Reports: the guest writes the guest-physical address of a struct
 * selftest_record with a 32-bit OUT to SELFTEST_PORT (intercepted).  The
 * hypervisor validates the address, prints the record and resumes the guest.
 */
#ifndef THINVISOR_SELFTEST_ABI_H
#define THINVISOR_SELFTEST_ABI_H

#include "types.h"

#define SELFTEST_LOAD_ADDR    0x8000
#define SELFTEST_PARAMS_ADDR  0x7000
#define SELFTEST_MEM_END      0x80000
#define SELFTEST_PORT	      0x04F0
#define SELFTEST_RECORD_MAGIC 0x54535654 /* "TVST" little-endian */

enum selftest_kind {
	SELFTEST_CHECK = 1, /* a check's result: passed = 1, 0 or SELFTEST_SKIPPED */
	/* the next access to `value` must end the guest in an EPT violation */
	SELFTEST_EXPECT_EPT = 2,
	SELFTEST_DONE = 3,  /* all checks reported; the hypervisor ends the test */
	SELFTEST_BENCH = 4, /* guest=bench: passed = iterations, value = TSC delta */
	/* the hypervisor sends an NMI to its own CPU while it handles this
	 * exit: it arrives in VMX root operation */
	SELFTEST_SEND_NMI = 5,
};

/* SELFTEST_CHECK's passed: the check cannot run on this CPU (value says why) */
#define SELFTEST_SKIPPED 2

/* guest=bench writes here in its OUT round-trip loop: intercepted, ignored. */
#define SELFTEST_BENCH_PORT 0x04F1

struct selftest_record {
	u32 magic;  /* SELFTEST_RECORD_MAGIC */
	u32 kind;   /* enum selftest_kind */
	u32 passed; /* SELFTEST_CHECK: 1 passed, 0 failed, SELFTEST_SKIPPED */
	u32 reserved;
	u64 value;     /* a detail printed with the check (hex), or the address for EXPECT_EPT */
	char name[48]; /* NUL-terminated check name */
};

struct selftest_params {
	u64 hv_start, hv_end; /* physical range of the hypervisor image: EPT-protected */
	u32 fault_case;	      /* enum selftest_case (include/kernel/cmdline.h) */
	u32 reserved;
	u64 misconfig_addr; /* a page whose EPT entry is invalid (ept-misconfig case) */
	/* acpi-s3-refused: PM1a control and status ports and \_S3's SLP_TYPa,
	 * s3_known = 0 when the FADT or \_S3 is missing (check skipped) */
	u16 pm1a_cnt, pm1a_evt;
	u8 s3_known, s3_slp_typ;
	u16 reserved2;
};

/* Outside the guest's own memory, below the EBDA: RAM on every PC. */
#define SELFTEST_MISCONFIG_ADDR 0x90000

_Static_assert(sizeof(struct selftest_record) == 72, "ABI size is fixed");
_Static_assert(sizeof(struct selftest_params) == 40, "guest/selftest/defs.inc mirrors it");

/* What the self-test guest does: its checks, or one fault it provokes. */
enum selftest_case {
	SELFTEST_CASE_CHECKS = 0,
	SELFTEST_CASE_TRIPLE_FAULT,
	SELFTEST_CASE_EPT_MISCONFIG,
	SELFTEST_CASE_HV_MEMORY,
	SELFTEST_CASE_ENTRY_FAILURE,
	SELFTEST_CASE_BENCH, /* set by guest=bench, not a selftest= word */
};

#endif

/* SPDX-License-Identifier: MIT */
/*
 * selftest.h - the embedded self-test guest (guest/selftest/selftest.asm):
 * loading it, and the hypervisor's side of its report protocol
 * (include/selftest_abi.h).
 */
#ifndef THINVISOR_LOADER_SELFTEST_H
#define THINVISOR_LOADER_SELFTEST_H

#include "types.h"
#include "vmx/vcpu.h"

struct io_qual;

/* Copy the guest to SELFTEST_LOAD_ADDR and set the vCPU up to start it. */
void selftest_load(struct vcpu *v);

/* Let another test guest (a multiboot test kernel) report through
 * SELFTEST_PORT, with its records anywhere in guest RAM. */
void selftest_accept_reports(void);

/* I/O handler of SELFTEST_PORT. */
void selftest_port_io(struct vcpu *v, const struct io_qual *io, u32 *value);

/* I/O handler of SELFTEST_BENCH_PORT: an exit and nothing else. */
void selftest_bench_port_io(struct vcpu *v, const struct io_qual *io, u32 *value);

/* Called on an EPT violation on hypervisor memory: ends the self-test if
 * it announced this access, returns otherwise. */
void selftest_ept_violation(struct vcpu *v, u64 gpa);

#endif

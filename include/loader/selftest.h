/* SPDX-License-Identifier: MIT */
/*
 * selftest.h - load the embedded self-test guest (guest/selftest/).
 *
 * Contract: selftest_load() copies the guest to SELFTEST_LOAD_ADDR, fills
 * its parameter block (the hypervisor's image range, the fault case) and
 * sets the vCPU to start it in real mode; its reports then go to
 * devices/selftest_port.h.  fault_case is an enum selftest_case
 * (selftest_abi.h): its checks, one guest fault, or the bench loops.
 */
#ifndef THINVISOR_LOADER_SELFTEST_H
#define THINVISOR_LOADER_SELFTEST_H

#include "types.h"
#include "vmx/vcpu.h"

struct machine;

void selftest_load(struct vcpu *v, const struct machine *m, u32 fault_case);

#endif

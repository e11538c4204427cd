/* SPDX-License-Identifier: MIT */
/*
 * entry_failure.h - VM entries that fail after the VMLAUNCH/VMRESUME
 * checks (exit reason bit 31, SDM Vol. 3C 27.8), and the guest-state dump
 * that every report about the guest shares.
 */
#ifndef THINVISOR_VMEXIT_ENTRY_FAILURE_H
#define THINVISOR_VMEXIT_ENTRY_FAILURE_H

#include "types.h"
#include "vmx/vcpu.h"

/* Reasons 33, 34 and 41: dump the guest state, name the failure, stop. */
void handle_entry_failure(struct vcpu *v, u64 q);

/* Print the guest-state area of the current VMCS. */
void vmcs_dump_guest_state(void);

#endif

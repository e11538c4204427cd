/* SPDX-License-Identifier: MIT */
/*
 * stop.h - ending the guest, and the exit statistics printed when it ends.
 *
 * Contract: vcpu_stop() prints one line (FATAL unless the guest finished
 * normally), the exit table of every vCPU, and then ends the machine:
 * after a guest fault or a VMX failure as on_guest_fault= says
 * (arch/power.h), else with the code.  It never returns.
 */
#ifndef THINVISOR_VMEXIT_STOP_H
#define THINVISOR_VMEXIT_STOP_H

#include "types.h"
#include "vmx/vcpu.h"
#include "lib/exit_codes.h"

void __noreturn vcpu_stop(struct vcpu *v, enum hv_exit code, const char *fmt, ...) __printf(3, 4);

/* Print the exit counts by reason: one table, or one per CPU and a sum. */
void vcpu_print_exit_table(const struct vcpu *v);

#endif

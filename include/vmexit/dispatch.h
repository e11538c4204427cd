/* SPDX-License-Identifier: MIT */
/*
 * dispatch.h - the VM-exit dispatcher.
 *
 * Contract: vmexit_dispatch() counts the exit by basic exit reason (SDM
 * Vol. 3D Appendix C), looks the reason up in one const table (a handler
 * per reason, each in a file named after the exit under vmexit/ or msr/)
 * and calls it.  A reason without a handler stops the machine with its SDM
 * name and qualification: nothing is ever skipped silently.  An exit that
 * reports a failed VM entry (bit 31) goes to the entry-failure report.
 */
#ifndef THINVISOR_VMEXIT_DISPATCH_H
#define THINVISOR_VMEXIT_DISPATCH_H

#include "types.h"
#include "vmx/vcpu.h"

typedef void (*exit_handler_fn)(struct vcpu *v, u64 qualification);

struct exit_handler {
	exit_handler_fn fn;
	bool needs_qualification; /* VMREAD the exit qualification for it */
};

void vmexit_dispatch(struct vcpu *v);

/* Log the exits whose basic reason has its bit set (bit n = reason n), at
 * any log level (trace=); loglevel=debug logs every exit anyway. */
void vmexit_set_trace(const u64 reasons[2]);

#endif

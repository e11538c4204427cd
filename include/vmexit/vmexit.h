/* SPDX-License-Identifier: MIT */
/*
 * vmexit.h - the VM-exit dispatcher and what every handler shares.
 *
 * vmexit_dispatch() looks the basic exit reason up in a const table (one
 * handler per reason, each in its own file under vmexit/ or msr/).  A
 * reason without a handler stops the machine with its SDM name and
 * qualification: nothing is ever skipped silently.
 *
 * A handler either completes the guest's instruction
 * (vcpu_complete_instruction), injects an exception as hardware would
 * (vcpu_inject_exception), or ends the guest (vcpu_stop).  Guest mistakes
 * become guest exceptions; hypervisor bugs become fatal() reports.
 */
#ifndef THINVISOR_VMEXIT_VMEXIT_H
#define THINVISOR_VMEXIT_VMEXIT_H

#include "types.h"
#include "vmx/vcpu.h"
#include "kernel/exit_codes.h"

typedef void (*exit_handler_fn)(struct vcpu *v, u64 qualification);

struct exit_handler {
	exit_handler_fn fn;
	bool needs_qualification;	/* VMREAD the exit qualification for it */
};

void vmexit_dispatch(struct vcpu *v);

/* Finish an instruction the hypervisor emulated (SDM Vol. 3C 28.1 rules). */
void vcpu_complete_instruction(struct vcpu *v);

/* Deliver a hardware exception to the guest on the next VM entry. */
void vcpu_inject_exception(struct vcpu *v, u8 vector, bool has_error, u32 error);

/* End the guest: print why, the exit table, then stop the machine. */
void __noreturn vcpu_stop(struct vcpu *v, enum hv_exit code, const char *fmt, ...)
	__printf(3, 4);

/* Print the exit counts by reason. */
void vcpu_print_exit_table(const struct vcpu *v);

/* Dump the guest-state area (after a failed VM entry or a guest fault). */
void vmcs_dump_guest_state(void);

/* Handlers (one file each). */
void handle_cpuid(struct vcpu *v, u64 q);
void handle_rdmsr(struct vcpu *v, u64 q);
void handle_wrmsr(struct vcpu *v, u64 q);
void handle_io(struct vcpu *v, u64 q);
void handle_cr_access(struct vcpu *v, u64 q);
void handle_ept_violation(struct vcpu *v, u64 q);
void handle_ept_misconfig(struct vcpu *v, u64 q);
void handle_xsetbv(struct vcpu *v, u64 q);
void handle_wbinvd(struct vcpu *v, u64 q);
void handle_vmx_instruction(struct vcpu *v, u64 q);
void handle_getsec(struct vcpu *v, u64 q);
void handle_triple_fault(struct vcpu *v, u64 q);
void handle_init_signal(struct vcpu *v, u64 q);
void handle_sipi(struct vcpu *v, u64 q);
void handle_hlt(struct vcpu *v, u64 q);
void handle_entry_failure(struct vcpu *v, u64 q);

#endif

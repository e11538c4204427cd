/* SPDX-License-Identifier: MIT */
/*
 * ept_violation.h - EPT violations and misconfigurations (SDM Vol. 3C
 * 29.3.3).  A violation on the hypervisor's memory ends the guest with a
 * report; elsewhere it is the guest's first touch of a device page, mapped
 * uncacheable and retried.  A test device may watch for the first kind
 * (ept_violation_watch_hv): the self-test guest announces such a touch.
 */
#ifndef THINVISOR_VMEXIT_EPT_VIOLATION_H
#define THINVISOR_VMEXIT_EPT_VIOLATION_H

#include "types.h"
#include "vmx/vcpu.h"

void handle_ept_violation(struct vcpu *v, u64 q);
void handle_ept_misconfig(struct vcpu *v, u64 q);

/* Called with the guest-physical address when the guest touched the
 * hypervisor's memory, before the guest is stopped; it may end the guest
 * itself (it does not return then). */
typedef void (*hv_touch_fn)(struct vcpu *v, u64 gpa);
void ept_violation_watch_hv(hv_touch_fn fn);

/* A device page the EPT maps read-only: a guest write to it comes to fn,
 * which carries the write out and moves the guest past the instruction. */
typedef void (*page_write_fn)(struct vcpu *v, u64 gpa);
void ept_violation_watch_page(u64 page, page_write_fn fn);

#endif

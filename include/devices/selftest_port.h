/* SPDX-License-Identifier: MIT */
/*
 * selftest_port.h - the test guests' report port (SELFTEST_PORT, with the
 * record format of include/selftest_abi.h) and the bench guest's exit port
 * (SELFTEST_BENCH_PORT).
 *
 * Contract: selftest_port_init() registers both ports with the I/O exit
 * table and watches EPT violations on the hypervisor's memory.  Until
 * selftest_port_activate() the report port behaves as an unused port
 * (passed through), so another guest sees nothing odd there.  Once active,
 * each record is checked and printed; the totals and the end of the guest
 * follow its DONE record or the EPT violation it announced.
 */
#ifndef THINVISOR_DEVICES_SELFTEST_PORT_H
#define THINVISOR_DEVICES_SELFTEST_PORT_H

#include "types.h"

void selftest_port_init(void);

/* any_guest_memory: records may lie anywhere in guest RAM (multiboot test
 * kernels), not only in the self-test guest's area; bench: the guest times
 * exits and reports no verdicts; break_entry: break the guest state after
 * the first check (selftest=entry-failure). */
void selftest_port_activate(bool any_guest_memory, bool bench, bool break_entry);

#endif

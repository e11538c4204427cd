/* SPDX-License-Identifier: MIT */
/*
 * madt.h - hide from the guest the CPUs it does not get.
 *
 * Contract: madt_hide_cpus() clears the Enabled and Online Capable flags
 * (ACPI spec, "Processor Local APIC Structure", "Processor Local x2APIC
 * Structure") of every MADT entry whose APIC ID is not in keep_ids, and
 * fixes the table's checksum, so that the guest never tries to start those
 * CPUs; they stay parked in VMX root operation.  No MADT: nothing to do.
 */
#ifndef THINVISOR_LOADER_MADT_H
#define THINVISOR_LOADER_MADT_H

#include "types.h"

struct machine;

void madt_hide_cpus(const struct machine *m, const u32 *keep_ids, u32 nr_keep);

#endif

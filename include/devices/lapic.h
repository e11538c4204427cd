/* SPDX-License-Identifier: MIT */
/*
 * devices/lapic.h - the guest's INIT and start-up IPIs, caught at the
 * local APIC's ICR and delivered to vCPUs instead of physical CPUs.
 *
 * The guest owns its local APIC: reads reach the hardware, and so does
 * every write except an ICR write whose delivery mode is INIT or STARTUP.
 *  - xAPIC: the APIC page is mapped read-only in the EPT; a write exits as
 *    an EPT violation, the store is decoded (vmexit/store_decode.h) and
 *    replayed on the real APIC, or for INIT/SIPI delivered virtually.
 *  - x2APIC: WRMSR to IA32_X2APIC_ICR (0x830) exits (msr/policy.c); the
 *    same rule applies.
 * Targets follow the ICR's destination shorthand, destination mode
 * (physical, logical flat or cluster from the LDR/DFR the guest wrote) and
 * destination field (SDM Vol. 3A 11.6.2), among the vCPUs that run a guest;
 * a parked CPU is never a target, so the guest can never start a CPU
 * outside VMX.  INIT level de-assert is ignored, as by P4 and later CPUs.
 */
#ifndef THINVISOR_DEVICES_LAPIC_H
#define THINVISOR_DEVICES_LAPIC_H

#include "types.h"

/* After ept_build(): write-protect the APIC page, take the ICR MSR. */
void lapic_device_init(void);

/* Whether APIC ID `id` is addressed by the destination of an ICR value,
 * for a vCPU whose logical destination register is ldr and destination
 * format register dfr (xAPIC; x2APIC derives its LDR from the ID).  Pure. */
bool lapic_dest_match(bool x2apic, bool logical, u32 dest, u32 id, u32 ldr, u32 dfr);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * apic.h - this CPU's local APIC, in whichever mode the firmware left it.
 *
 * Contract: apic_init() (once, on the boot CPU, after host paging) finds
 * the APIC from IA32_APIC_BASE: in xAPIC mode its page is mapped
 * uncacheable and registers are reached by MMIO; in x2APIC mode
 * (IA32_APIC_BASE.EXTD, SDM Vol. 3A 11.12) by the MSRs 0x800 + offset/16.
 * Offsets are those of include/hw/apic.h in both modes.  apic_send_ipi()
 * writes the ICR (destination in bits 63:56 for xAPIC, 63:32 for x2APIC)
 * and waits for the xAPIC's delivery-status bit; it is safe on any CPU
 * once apic_init() ran.
 */
#ifndef THINVISOR_ARCH_APIC_H
#define THINVISOR_ARCH_APIC_H

#include "types.h"

void apic_init(void);

/* true when the firmware handed over in x2APIC mode */
bool apic_x2apic(void);

u32 apic_read(u32 reg);
void apic_write(u32 reg, u32 value);

/* This CPU's APIC ID: 8 bits in xAPIC mode, 32 in x2APIC mode. */
u32 apic_id(void);

/* An IPI with ICR low bits icr_low (delivery mode, level, vector) to the
 * APIC with ID dest, no shorthand, physical destination mode. */
void apic_send_ipi(u32 dest, u32 icr_low);

/* An NMI to this CPU (through its own APIC ID: the "self" shorthand is
 * not valid for NMIs, SDM Vol. 3A 11.6.1). */
void apic_send_nmi_to_self(void);

#endif

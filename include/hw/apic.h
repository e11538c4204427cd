/* SPDX-License-Identifier: MIT */
/*
 * apic.h - local APIC registers (SDM Vol. 3A 11.4.1, Table "Local APIC
 * Register Address Map": offsets in the xAPIC page; the x2APIC MSR of a
 * register is 0x800 + offset / 16, SDM Vol. 3A 11.12.1) and the ICR's
 * fields (SDM Vol. 3A 11.6.1, "Interrupt Command Register").
 */
#ifndef THINVISOR_HW_APIC_H
#define THINVISOR_HW_APIC_H

#include "types.h"

#define APIC_ID		0x020
#define APIC_EOI	0x0B0
#define APIC_ICR_LOW	0x300
#define APIC_ICR_HIGH	0x310
#define APIC_LVT_TIMER	0x320
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR	0x390
#define APIC_TIMER_DIV	0x3E0

#define APIC_LDR 0x0D0 /* logical destination */
#define APIC_DFR 0x0E0 /* destination format (xAPIC only) */

/* ICR low (SDM Vol. 3A Figure 11-12).  clang-format 14 would write
 * `((icr)&0xFF)`, taking (icr) for a cast. */
/* clang-format off */
#define ICR_VECTOR(icr)	       ((icr) & 0xFF)
/* clang-format on */
#define ICR_DELIVERY_MODE(icr) (((icr) >> 8) & 7)
#define ICR_MODE_NMI	       4
#define ICR_MODE_INIT	       5
#define ICR_MODE_STARTUP       6
#define ICR_DELIVERY_NMI       (ICR_MODE_NMI << 8)
#define ICR_DEST_LOGICAL       BIT(11)
#define ICR_LEVEL_ASSERT       BIT(14)
#define ICR_TRIGGER_LEVEL      BIT(15)
#define ICR_SHORTHAND(icr)     (((icr) >> 18) & 3)
#define ICR_WITH_SHORTHAND(sh) ((u32)(sh) << 18)
#define ICR_SHORTHAND_NONE     0
#define ICR_SHORTHAND_SELF     1
#define ICR_SHORTHAND_ALL      2
#define ICR_SHORTHAND_OTHERS   3
#define ICR_DELIVERY_PENDING   BIT(12)
#define ICR_INIT_ASSERT	       0x00004500 /* INIT, level, assert */
#define ICR_STARTUP	       0x00004600 /* start-up IPI; vector in bits 7:0 */

#endif

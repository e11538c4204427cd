/* SPDX-License-Identifier: MIT */
/*
 * devices/power.h - the guest's power-off and reset requests, which the
 * guest owns but thinvisor must see: they are intercepted at the ports
 * that carry them, so that the hypervisor can report, then carry them out
 * (arch/power.h).
 *
 * Ports (from the FADT where ACPI gives them): PM1a/PM1b control (a write
 * with SLP_EN asks for a sleep state; thinvisor treats every one as
 * power-off), the ACPI reset register when it is an I/O port, the PCI
 * reset-control register 0xCF9 and the keyboard controller's command port
 * 0x64.  Every other access to them is passed through.
 */
#ifndef THINVISOR_DEVICES_POWER_H
#define THINVISOR_DEVICES_POWER_H

/* Register the ports (after power_init, before the I/O bitmaps are built). */
void power_device_init(void);

#endif

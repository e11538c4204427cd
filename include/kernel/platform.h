/* SPDX-License-Identifier: MIT */
/*
 * platform.h - the machine's power-off and reset, which the guest owns but
 * thinvisor must see: the guest's requests are intercepted at the ports
 * that carry them, so the hypervisor can report, then carry them out.
 *
 * Ports (from the FADT where ACPI gives them): PM1a/PM1b control (a write
 * with SLP_EN asks for a sleep state; thinvisor treats every one as
 * power-off), the ACPI reset register when it is an I/O port, the PCI
 * reset-control register 0xCF9 and the keyboard controller's command port
 * 0x64 (command 0xFE pulses the reset line).
 */
#ifndef THINVISOR_KERNEL_PLATFORM_H
#define THINVISOR_KERNEL_PLATFORM_H

#include "types.h"
#include "acpi/acpi.h"
#include "kernel/exit_codes.h"

struct mb2_info;
struct vcpu;
struct io_qual;

extern struct acpi_power_info platform_power;

/* acpi_map_fn over the host's identity mapping (firmware tables read-only). */
const void *acpi_map_firmware(u64 pa, u64 len, void *ctx);

/* Read the FADT through the multiboot2 RSDP copy; report what was found. */
void platform_init(const struct mb2_info *mi);

/* Ports the I/O bitmap must intercept for power control: count written to *n. */
const u16 *platform_power_ports(u32 *n);

/* I/O handler for those ports. */
void platform_power_io(struct vcpu *v, const struct io_qual *io, u32 *value);

/* Reset the machine for real (ACPI reset register, 0xCF9, keyboard controller). */
void __noreturn platform_reset(void);

/* After a guest fault was reported: halt, power off or reset as
 * on_guest_fault= says (with exit=emulator: end the emulator with code). */
void __noreturn platform_end_after_fault(enum hv_exit code);

#endif

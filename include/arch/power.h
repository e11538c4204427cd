/* SPDX-License-Identifier: MIT */
/*
 * power.h - the machine's own power-off and reset, as the hypervisor
 * carries them out (the guest's requests reach them through
 * devices/power.h).
 *
 * Contract: power_init() reads the FADT (PM1a/PM1b control ports, the ACPI
 * reset register) and \_S5's SLP_TYP through the RSDP, and reports what it
 * found; without them power-off is refused with a warning and reset falls
 * back to port 0xCF9 and the keyboard controller.  power_end_after_fault()
 * is the one place where a guest fault ends the machine: halt, power off or
 * reset as on_guest_fault= chose (power_set_fault_action), or with
 * exit=emulator end the emulator with the code.
 */
#ifndef THINVISOR_ARCH_POWER_H
#define THINVISOR_ARCH_POWER_H

#include "types.h"
#include "lib/exit_codes.h"

/* PCI reset control (bit 1 hard reset, bit 2 do it) and the keyboard
 * controller's command port, whose command 0xFE pulses the reset line. */
#define PORT_RESET_CONTROL    0xCF9
#define RESET_CONTROL_RST_CPU 0x04
#define PORT_KBC_COMMAND      0x64
#define KBC_PULSE_RESET	      0xFE

struct acpi_power_info;
struct acpi_sleep_types;

/* What happens to the machine after a guest fault has been reported. */
enum guest_fault_action { ON_FAULT_HALT = 0, ON_FAULT_POWEROFF, ON_FAULT_RESET };

/* rsdp may be NULL (no ACPI): power-off is then unknown. */
void power_init(const void *rsdp, u32 rsdp_len);

/* The FADT's power registers (zeroes where there is no FADT). */
const struct acpi_power_info *power_info(void);

/* SLP_TYP values of \_S0..\_S5 (all unknown where there is no DSDT). */
const struct acpi_sleep_types *power_sleep_types(void);

/* ACPI soft-off (\_S5); returns only when it is not possible. */
void power_off(void);

/* Reset the machine for real (ACPI reset register, 0xCF9, keyboard
 * controller, and at last a triple fault). */
void __noreturn power_reset(void);

void power_set_fault_action(enum guest_fault_action action);

/* After a guest fault was reported: halt, power off or reset as
 * on_guest_fault= says (with exit=emulator: end the emulator with code). */
void __noreturn power_end_after_fault(enum hv_exit code);

#endif

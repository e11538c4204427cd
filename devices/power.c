// SPDX-License-Identifier: MIT
/*
 * power.c - the guest's power-off and reset requests (see
 * include/devices/power.h).
 */
#include "devices/power.h"
#include "arch/power.h"
#include "acpi/acpi.h"
#include "arch/cpu.h"
#include "lib/log.h"
#include "lib/panic.h"
#include "vmexit/io.h"
#include "vmexit/qual.h"
#include "vmexit/stop.h"

static bool is_reset(const struct acpi_power_info *pw, u16 port, u32 value, u8 size)
{
	if (acpi_is_reset_write(pw, port, value, size))
		return true;
	if (port == PORT_RESET_CONTROL && size == 1 && (value & RESET_CONTROL_RST_CPU))
		return true;
	return port == PORT_KBC_COMMAND && size == 1 && (value & 0xFF) == KBC_PULSE_RESET;
}

static void power_port_io(struct vcpu *v, const struct io_qual *io, u32 *value)
{
	const struct acpi_power_info *pw = power_info();

	if (io->in) {
		*value = port_read(io->port, io->size);
		return;
	}
	if (acpi_is_sleep_write(pw, io->port, *value, io->size)) {
		pr_info("guest powered off (ACPI sleep request %#x to port %#x)", *value, io->port);
		vcpu_print_exit_table(v);
		if (stop_mode == STOP_HALT)
			port_write(io->port, *value, io->size); /* the real power-off */
		platform_stop(HV_EXIT_GUEST_DONE);
	}
	if (is_reset(pw, io->port, *value, io->size)) {
		pr_info("guest reset the machine (write %#x to port %#x)", *value, io->port);
		vcpu_print_exit_table(v);
		if (stop_mode == STOP_HALT)
			power_reset();
		platform_stop(HV_EXIT_GUEST_RESET);
	}
	port_write(io->port, *value, io->size);
}

static void add_port(u16 port)
{
	if (port && !io_port_intercepted(port))
		io_port_register(port, port, power_port_io);
}

void power_device_init(void)
{
	const struct acpi_power_info *pw = power_info();

	add_port(pw->pm1a_cnt);
	add_port(pw->pm1b_cnt);
	if (pw->reset_supported && pw->reset_reg.space_id == ACPI_GAS_IO)
		add_port((u16)pw->reset_reg.address);
	add_port(PORT_RESET_CONTROL);
	add_port(PORT_KBC_COMMAND);
}

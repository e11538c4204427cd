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

/*
 * A refused sleep (S1-S4): the write is dropped, so the machine stays in
 * S0.  The guest's OSPM then waits for WAK_STS (ACPI 16.1.6 and Linux's
 * acpi_hw_legacy_sleep(), which polls it after the SLP_EN write); the
 * hypervisor shows it set until the guest clears it (write 1), as if the
 * machine had woken at once.  Linux then takes its resume path
 * (wakeup_64.S: "in case something went wrong ... go on").
 */
static bool wak_sts_pending;

static void refuse_sleep(u16 port, u32 value, int state)
{
	static bool logged;

	if (!logged) {
		if (state > 0)
			pr_warn("guest asked for ACPI sleep state S%d (write %#x to port %#x): not "
				"supported under the hypervisor; write dropped, the guest resumes",
				state, value, port);
		else
			pr_warn("guest asked for an ACPI sleep state that is not \\_S5 (write %#x "
				"to port %#x): not supported; write dropped, the guest resumes",
				value, port);
		logged = true;
	}
	wak_sts_pending = true;
}

static void power_port_io(struct vcpu *v, const struct io_qual *io, u32 *value)
{
	const struct acpi_power_info *pw = power_info();
	u8 bit;
	int state;

	if (io->in) {
		*value = port_read(io->port, io->size);
		if (wak_sts_pending && acpi_wak_sts_in(pw, io->port, io->size, &bit))
			*value |= 1u << bit;
		return;
	}
	/* WAK_STS is write-1-to-clear (ACPI 4.8.3.1.1) */
	if (wak_sts_pending && acpi_wak_sts_in(pw, io->port, io->size, &bit) && (*value >> bit) & 1)
		wak_sts_pending = false;
	switch (acpi_sleep_decide(pw, power_sleep_types(), io->port, *value, io->size, &state)) {
	case ACPI_SLEEP_REFUSE:
		refuse_sleep(io->port, *value, state);
		return;
	case ACPI_SLEEP_POWER_OFF:
		break;
	case ACPI_SLEEP_NONE:
	default:
		goto not_sleep;
	}
	{
		pr_info("guest powered off (ACPI sleep request %#x to port %#x)", *value, io->port);
		vcpu_print_exit_table(v);
		if (stop_mode == STOP_HALT)
			port_write(io->port, *value, io->size); /* the real power-off */
		platform_stop(HV_EXIT_GUEST_DONE);
	}
not_sleep:
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

/* PM1 control and status registers are 16 bits (ACPI 4.8.3.1, 4.8.3.2):
 * both bytes, so that a byte access to the upper one (SLP_EN, SLP_TYP,
 * WAK_STS) exits too. */
static void add_pm1_reg(u16 port)
{
	if (port && !io_port_intercepted(port) && !io_port_intercepted(port + 1))
		io_port_register(port, port + 1, power_port_io);
}

void power_device_init(void)
{
	const struct acpi_power_info *pw = power_info();

	add_pm1_reg(pw->pm1a_cnt);
	add_pm1_reg(pw->pm1b_cnt);
	/* PM1x_STS, for WAK_STS after a refused sleep; PM1x_EN passes through */
	add_pm1_reg(pw->pm1a_evt);
	add_pm1_reg(pw->pm1b_evt);
	if (pw->reset_supported && pw->reset_reg.space_id == ACPI_GAS_IO)
		add_port((u16)pw->reset_reg.address);
	add_port(PORT_RESET_CONTROL);
	add_port(PORT_KBC_COMMAND);
}

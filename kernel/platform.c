// SPDX-License-Identifier: MIT
/*
 * platform.c - power-off and reset requests from the guest (see
 * include/kernel/platform.h).
 */
#include "kernel/platform.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "kernel/cmdline.h"
#include "arch/cpu.h"
#include "multiboot2.h"
#include "mm/memory.h"
#include "vmexit/vmexit.h"
#include "vmexit/qual.h"

#define PORT_RESET_CONTROL 0xCF9	/* PCI reset control: bit 1 hard, bit 2 do it */
#define RESET_CONTROL_RST_CPU 0x04
#define PORT_KBC_COMMAND 0x64
#define KBC_PULSE_RESET 0xFE

struct acpi_power_info platform_power;
static bool have_s5;
static u8 s5_slp_typ;
static u16 power_ports[6];
static u32 nr_power_ports;

const void *acpi_map_firmware(u64 pa, u64 len, void *ctx)
{
	(void)ctx;
	return host_map_readonly(pa, len);
}

static void add_port(u16 port)
{
	if (port && nr_power_ports < ARRAY_SIZE(power_ports))
		power_ports[nr_power_ports++] = port;
}

void platform_init(const struct mb2_info *mi)
{
	int err = ACPI_ERR_NO_RSDP;

	if (mi->rsdp)
		err = acpi_parse_fadt(mi->rsdp, mi->rsdp_len, acpi_map_firmware, NULL, &platform_power);
	if (err)
		pr_warn("acpi: no usable FADT (%s): guest power-off cannot be intercepted",
			acpi_strerror(err));
	else
		pr_info("acpi: FADT at %#llx: PM1a control port %#x, PM1b %#x, reset register %s "
			"%#llx",
			(unsigned long long)platform_power.fadt_addr, platform_power.pm1a_cnt,
			platform_power.pm1b_cnt,
			platform_power.reset_supported ? "at" : "absent,",
			(unsigned long long)platform_power.reset_reg.address);
	if (mi->rsdp && !err)
		have_s5 = acpi_s5_slp_typ(mi->rsdp, mi->rsdp_len, acpi_map_firmware, NULL, &s5_slp_typ) ==
			  ACPI_OK;
	add_port(platform_power.pm1a_cnt);
	add_port(platform_power.pm1b_cnt);
	if (platform_power.reset_supported && platform_power.reset_reg.space_id == ACPI_GAS_IO &&
	    platform_power.reset_reg.address != PORT_RESET_CONTROL)
		add_port((u16)platform_power.reset_reg.address);
	add_port(PORT_RESET_CONTROL);
	add_port(PORT_KBC_COMMAND);
}

const u16 *platform_power_ports(u32 *n)
{
	*n = nr_power_ports;
	return power_ports;
}

void __noreturn platform_reset(void)
{
	const struct acpi_gas *r = &platform_power.reset_reg;
	struct desc_ptr none = { 0, 0 };

	if (platform_power.reset_supported && r->space_id == ACPI_GAS_IO)
		outb((u16)r->address, platform_power.reset_value);
	outb(PORT_RESET_CONTROL, 0x02);
	outb(PORT_RESET_CONTROL, 0x06);
	outb(PORT_KBC_COMMAND, KBC_PULSE_RESET);
	/* Last resort: a triple fault resets the CPU. */
	lidt(&none);
	asm volatile("int3");
	cpu_halt_forever();
}

/* ACPI soft-off: SLP_TYPx of \_S5 with SLP_EN (bit 13) to PM1a/b control. */
static void acpi_poweroff(void)
{
	u16 v = (u16)((s5_slp_typ & 7) << 10 | BIT(13));

	if (!have_s5 || !platform_power.pm1a_cnt) {
		pr_warn("no ACPI \\_S5 state known: cannot power off; halting instead");
		return;
	}
	outw(platform_power.pm1a_cnt, v);
	if (platform_power.pm1b_cnt)
		outw(platform_power.pm1b_cnt, v);
}

void __noreturn platform_end_after_fault(enum hv_exit code)
{
	static const char *const what[] = {
		[ON_FAULT_HALT] = "halting",
		[ON_FAULT_POWEROFF] = "powering the machine off",
		[ON_FAULT_RESET] = "resetting the machine",
	};
	int action = hv_opts.on_guest_fault;

	pr_info("on_guest_fault=%s: %s%s",
		action == ON_FAULT_RESET ? "reset" : action == ON_FAULT_POWEROFF ? "poweroff" : "halt",
		what[action], stop_mode == STOP_EMULATOR ? " (exit=emulator: ending the emulator)" : "");
	if (stop_mode != STOP_EMULATOR) {
		if (action == ON_FAULT_POWEROFF)
			acpi_poweroff();
		else if (action == ON_FAULT_RESET)
			platform_reset();
	}
	platform_stop(code);
}

static bool is_reset(u16 port, u32 value, u8 size)
{
	if (acpi_is_reset_write(&platform_power, port, value, size))
		return true;
	if (port == PORT_RESET_CONTROL && size == 1 && (value & RESET_CONTROL_RST_CPU))
		return true;
	return port == PORT_KBC_COMMAND && size == 1 && (value & 0xFF) == KBC_PULSE_RESET;
}

void platform_power_io(struct vcpu *v, const struct io_qual *io, u32 *value)
{
	if (io->in) {
		*value = port_read(io->port, io->size);
		return;
	}
	if (acpi_is_sleep_write(&platform_power, io->port, *value, io->size)) {
		pr_info("guest powered off (ACPI sleep request %#x to port %#x)", *value, io->port);
		vcpu_print_exit_table(v);
		if (stop_mode == STOP_HALT)
			port_write(io->port, *value, io->size); /* the real power-off */
		platform_stop(HV_EXIT_GUEST_DONE);
	}
	if (is_reset(io->port, *value, io->size)) {
		pr_info("guest reset the machine (write %#x to port %#x)", *value, io->port);
		vcpu_print_exit_table(v);
		if (stop_mode == STOP_HALT)
			platform_reset();
		platform_stop(HV_EXIT_GUEST_RESET);
	}
	port_write(io->port, *value, io->size);
}

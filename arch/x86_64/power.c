// SPDX-License-Identifier: MIT
/*
 * power.c - power-off and reset of the machine (see include/arch/power.h).
 */
#include "arch/power.h"
#include "acpi/acpi.h"
#include "arch/cpu.h"
#include "lib/log.h"
#include "lib/panic.h"
#include "mm/memory.h"

static struct acpi_power_info fadt_power;
static struct acpi_sleep_types sleep_types;
static bool have_s5;
static u8 s5_slp_typ;
static enum guest_fault_action fault_action = ON_FAULT_HALT;

void power_init(const void *rsdp, u32 rsdp_len)
{
	int err = ACPI_ERR_NO_RSDP;

	if (rsdp)
		err = acpi_parse_fadt(rsdp, rsdp_len, acpi_map_firmware, NULL, &fadt_power);
	if (err) {
		pr_warn("acpi: no usable FADT (%s): guest power-off cannot be intercepted",
			acpi_strerror(err));
		return;
	}
	pr_info("acpi: FADT at %#llx: PM1a control port %#x, PM1b %#x, reset register %s %#llx",
		(unsigned long long)fadt_power.fadt_addr, fadt_power.pm1a_cnt, fadt_power.pm1b_cnt,
		fadt_power.reset_supported ? "at" : "absent,",
		(unsigned long long)fadt_power.reset_reg.address);
	acpi_sleep_types(rsdp, rsdp_len, acpi_map_firmware, NULL, &sleep_types);
	have_s5 = sleep_types.known[5];
	s5_slp_typ = sleep_types.typa[5];
	for (int x = 1; x <= 5; x++)
		if (sleep_types.known[x])
			pr_debug("acpi: \\_S%d: SLP_TYPa %u, SLP_TYPb %u%s", x, sleep_types.typa[x],
				 sleep_types.typb[x], x < 5 ? " (refused if the guest asks)" : "");
}

const struct acpi_power_info *power_info(void)
{
	return &fadt_power;
}

const struct acpi_sleep_types *power_sleep_types(void)
{
	return &sleep_types;
}

void __noreturn power_reset(void)
{
	const struct acpi_gas *r = &fadt_power.reset_reg;
	struct desc_ptr none = {0, 0};

	if (fadt_power.reset_supported && r->space_id == ACPI_GAS_IO)
		outb((u16)r->address, fadt_power.reset_value);
	outb(PORT_RESET_CONTROL, 0x02);
	outb(PORT_RESET_CONTROL, 0x06);
	outb(PORT_KBC_COMMAND, KBC_PULSE_RESET);
	/* Last resort: a triple fault resets the CPU. */
	lidt(&none);
	asm volatile("int3");
	cpu_halt_forever();
}

/* ACPI soft-off: SLP_TYPx of \_S5 with SLP_EN (bit 13) to PM1a/b control
 * (ACPI spec, "Sleeping/Wake Control"). */
void power_off(void)
{
	u16 v = (u16)((s5_slp_typ & 7) << 10 | BIT(13));

	if (!have_s5 || !fadt_power.pm1a_cnt) {
		pr_warn("no ACPI \\_S5 state known: cannot power off; halting instead");
		return;
	}
	outw(fadt_power.pm1a_cnt, v);
	if (fadt_power.pm1b_cnt)
		outw(fadt_power.pm1b_cnt, v);
}

void power_set_fault_action(enum guest_fault_action action)
{
	fault_action = action;
}

void __noreturn power_end_after_fault(enum hv_exit code)
{
	static const char *const what[] = {
		[ON_FAULT_HALT] = "halting",
		[ON_FAULT_POWEROFF] = "powering the machine off",
		[ON_FAULT_RESET] = "resetting the machine",
	};
	static const char *const word[] = {
		[ON_FAULT_HALT] = "halt",
		[ON_FAULT_POWEROFF] = "poweroff",
		[ON_FAULT_RESET] = "reset",
	};

	pr_info("on_guest_fault=%s: %s%s", word[fault_action], what[fault_action],
		stop_mode == STOP_EMULATOR ? " (exit=emulator: ending the emulator)" : "");
	if (stop_mode != STOP_EMULATOR) {
		if (fault_action == ON_FAULT_POWEROFF)
			power_off();
		else if (fault_action == ON_FAULT_RESET)
			power_reset();
	}
	platform_stop(code);
}

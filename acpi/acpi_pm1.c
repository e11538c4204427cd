// SPDX-License-Identifier: MIT
/*
 * acpi_pm1.c - what a guest's OUT to the registers the FADT names asks
 * for: sleep (SLP_EN and SLP_TYP in PM1x_CNT, ACPI 6.x, 4.8.3.2.1 and 16.1),
 * reset (RESET_REG, 4.8.3.6) or a WAK_STS access (PM1x_STS, 4.8.3.1.1).
 * See include/acpi/acpi.h for the contract.
 *
 * Separate from the table readers (acpi.c, acpi_decode.c): these run on
 * the exit path for each intercepted port write, from the struct
 * acpi_power_info decoded once at boot, and touch no table memory.
 */
#include "acpi/acpi.h"

/* does the OUT of `size` bytes at `port` cover byte `reg` + 1 with bit 5? */
static bool slp_en_in(u16 reg, u16 port, u32 value, u8 size)
{
	u32 byte = (u32)reg + 1; /* SLP_EN is bit 13: bit 5 of byte 1 */

	if (!reg || byte < port || byte >= (u32)port + size)
		return false;
	return (value >> ((byte - port) * 8 + 5)) & 1;
}

bool acpi_is_sleep_write(const struct acpi_power_info *pi, u16 port, u32 value, u8 size)
{
	if (!pi || !pi->have_fadt || (size != 1 && size != 2 && size != 4))
		return false;
	return slp_en_in(pi->pm1a_cnt, port, value, size) ||
	       slp_en_in(pi->pm1b_cnt, port, value, size);
}

/* SLP_TYP (bits 12:10, i.e. bits 4:2 of byte 1) of register reg in the OUT */
static bool slp_typ_in(u16 reg, u16 port, u32 value, u8 size, u8 *typ)
{
	u32 byte = (u32)reg + 1;

	if (!reg || byte < port || byte >= (u32)port + size)
		return false;
	*typ = (u8)((value >> ((byte - port) * 8 + 2)) & 7);
	return true;
}

enum acpi_sleep_req acpi_sleep_decide(const struct acpi_power_info *pi,
				      const struct acpi_sleep_types *st, u16 port, u32 value,
				      u8 size, int *state)
{
	bool b = false;
	u8 typ = 0;

	*state = -1;
	if (!acpi_is_sleep_write(pi, port, value, size))
		return ACPI_SLEEP_NONE;
	/* the write sets SLP_EN in PM1a_CNT or PM1b_CNT: whose SLP_TYP is it? */
	if (slp_en_in(pi->pm1a_cnt, port, value, size)) {
		slp_typ_in(pi->pm1a_cnt, port, value, size, &typ);
	} else {
		slp_typ_in(pi->pm1b_cnt, port, value, size, &typ);
		b = true;
	}
	/* \_S5 first: firmware may give another state the same value */
	for (int s = 5; s >= 1; s--) {
		if (!st || !st->known[s] || typ != (b ? st->typb[s] : st->typa[s]))
			continue;
		*state = s;
		return s == 5 ? ACPI_SLEEP_POWER_OFF : ACPI_SLEEP_REFUSE;
	}
	/* No \_S5 to compare with: every sleep is taken for power-off, as the
	 * only state a guest of this hypervisor may enter. */
	if (!st || !st->known[5])
		return ACPI_SLEEP_POWER_OFF;
	return ACPI_SLEEP_REFUSE;
}

bool acpi_wak_sts_in(const struct acpi_power_info *pi, u16 port, u8 size, u8 *bit)
{
	u16 regs[2] = {pi ? pi->pm1a_evt : 0, pi ? pi->pm1b_evt : 0};

	/* WAK_STS is bit 15 of PM1x_STS: bit 7 of its byte 1 */
	for (int i = 0; i < 2; i++) {
		u32 byte = (u32)regs[i] + 1;

		if (regs[i] && byte >= port && byte < (u32)port + size) {
			*bit = (u8)((byte - port) * 8 + 7);
			return true;
		}
	}
	return false;
}

bool acpi_is_reset_write(const struct acpi_power_info *pi, u16 port, u32 value, u8 size)
{
	const struct acpi_gas *r;
	u8 width;

	if (!pi || !pi->have_fadt || !pi->reset_supported)
		return false;
	r = &pi->reset_reg;
	if (r->space_id != ACPI_GAS_IO || r->address > 0xffff || r->address != port)
		return false;
	/* ACPI 4.8.3.6: the register is 8 bits wide at bit offset 0 */
	width = (r->bit_width == 16 || r->bit_width == 32) ? r->bit_width / 8 : 1;
	if (size != width)
		return false;
	if (width < 4)
		value &= (1u << (width * 8)) - 1;
	return value == pi->reset_value;
}

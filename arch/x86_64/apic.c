// SPDX-License-Identifier: MIT
/*
 * apic.c - the local APIC in xAPIC or x2APIC mode (see include/arch/apic.h).
 */
#include "arch/apic.h"
#include "arch/cpu.h"
#include "hw/apic.h"
#include "hw/msr.h"
#include "mm/memory.h"

/* SDM Vol. 3A 11.12.1.2: x2APIC MSR address = 0x800 + MMIO offset >> 4. */
#define X2APIC_MSR(reg) (0x800u + ((reg) >> 4))

static u64 xapic_base;

void apic_init(void)
{
	xapic_base = rdmsr(IA32_APIC_BASE) & IA32_APIC_BASE_ADDR_MASK;
	/* mapped even in x2APIC mode: the guest owns the APIC's mode */
	host_map_device(xapic_base, PAGE_SIZE);
}

/* The mode now, on this CPU: the firmware chose it at hand-over, and the
 * guest, which owns IA32_APIC_BASE, may switch to x2APIC at any time. */
bool apic_x2apic(void)
{
	return (rdmsr(IA32_APIC_BASE) & IA32_APIC_BASE_EXTD) != 0;
}

u32 apic_read(u32 reg)
{
	if (apic_x2apic())
		return (u32)rdmsr(X2APIC_MSR(reg));
	return *(volatile u32 *)phys_to_virt(xapic_base + reg);
}

void apic_write(u32 reg, u32 value)
{
	if (apic_x2apic())
		wrmsr(X2APIC_MSR(reg), value);
	else
		*(volatile u32 *)phys_to_virt(xapic_base + reg) = value;
}

u32 apic_id(void)
{
	/* x2APIC: the whole 32-bit ID register; xAPIC: its bits 31:24. */
	return apic_x2apic() ? apic_read(APIC_ID) : apic_read(APIC_ID) >> 24;
}

void apic_send_ipi(u32 dest, u32 icr_low)
{
	volatile u32 *low;

	if (apic_x2apic()) {
		/* One 64-bit write to the ICR MSR sends it; there is no
		 * delivery-status bit to wait for (SDM Vol. 3A 11.12.9). */
		wrmsr(X2APIC_MSR(APIC_ICR_LOW), (u64)dest << 32 | icr_low);
		return;
	}
	low = phys_to_virt(xapic_base + APIC_ICR_LOW);
	*(volatile u32 *)phys_to_virt(xapic_base + APIC_ICR_HIGH) = dest << 24;
	*low = icr_low;
	for (int i = 0; i < 100000 && (*low & ICR_DELIVERY_PENDING); i++)
		cpu_relax();
}

void apic_send_nmi_to_self(void)
{
	apic_send_ipi(apic_id(), ICR_DELIVERY_NMI);
}

// SPDX-License-Identifier: MIT
/*
 * lapic.c - virtual INIT and SIPI at the local APIC's ICR (see
 * include/devices/lapic.h).
 */
#include "devices/lapic.h"
#include "ept/ept.h"
#include "vmexit/complete.h"
#include "vmexit/ept_violation.h"
#include "vmexit/guest_paging.h"
#include "vmexit/msr_access.h"
#include "vmexit/stop.h"
#include "vmexit/store_decode.h"
#include "vmx/vmcs_access.h"
#include "arch/apic.h"
#include "arch/cpu.h"
#include "arch/percpu.h"
#include "hw/apic.h"
#include "hw/msr.h"
#include "hw/vmcs.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/memory.h"

/* What each vCPU's guest wrote to its LDR and DFR (xAPIC logical mode). */
static u32 guest_ldr[MAX_CPUS];
static u32 guest_dfr[MAX_CPUS];
static u64 apic_page;

bool lapic_dest_match(bool x2apic, bool logical, u32 dest, u32 id, u32 ldr, u32 dfr)
{
	if (!logical)
		return x2apic ? dest == 0xFFFFFFFFu || dest == id : dest == 0xFF || dest == id;
	if (x2apic) {
		/* SDM Vol. 3A 11.12.10.2: LDR = cluster (ID[19:4]) << 16 | 1 << ID[3:0] */
		u32 l = (id >> 4) << 16 | 1u << (id & 0xF);

		return dest == 0xFFFFFFFFu ||
		       ((dest >> 16) == (l >> 16) && (dest & l & 0xFFFF) != 0);
	}
	ldr >>= 24;
	dest &= 0xFF;
	if (dest == 0xFF)
		return true;
	/* DFR model bits 31:28: 1111 flat (a bit per APIC), 0000 cluster. */
	if ((dfr >> 28) == 0xF)
		return (dest & ldr) != 0;
	return (dest >> 4) == (ldr >> 4) && (dest & ldr & 0xF) != 0;
}

/* Carry out an INIT or STARTUP the guest sent; false: not such an ICR value. */
static bool virtual_ipi(struct vcpu *from, u32 icr, u32 dest, bool x2apic)
{
	u32 mode = ICR_DELIVERY_MODE(icr), sh = ICR_SHORTHAND(icr);

	if (mode != ICR_MODE_INIT && mode != ICR_MODE_STARTUP)
		return false;
	/* INIT level de-assert (level 0, trigger level): no effect since the
	 * Pentium 4 (SDM Vol. 3A 11.6.1). */
	if (mode == ICR_MODE_INIT && !(icr & ICR_LEVEL_ASSERT) && (icr & ICR_TRIGGER_LEVEL))
		return true;
	for (u32 c = 0; c < nr_cpus; c++) {
		struct vcpu *t = vcpu_of_cpu(c);
		bool hit;

		if (!t)
			continue;
		if (sh == ICR_SHORTHAND_SELF)
			hit = t == from;
		else if (sh == ICR_SHORTHAND_ALL)
			hit = true;
		else if (sh == ICR_SHORTHAND_OTHERS)
			hit = t != from;
		else
			hit = lapic_dest_match(x2apic, icr & ICR_DEST_LOGICAL, dest,
					       percpu[c].apic_id, guest_ldr[c], guest_dfr[c]);
		if (!hit)
			continue;
		if (c == 0) {
			/* The boot vCPU is never reset behind the guest's back. */
			if (!t->init_ignored++)
				pr_warn("lapic: guest sent %s to its boot CPU: ignored",
					mode == ICR_MODE_INIT ? "INIT" : "a SIPI");
			continue;
		}
		if (mode == ICR_MODE_INIT) {
			pr_debug("lapic: virtual INIT from vCPU %u to vCPU %u", from->cpu, c);
			vcpu_send_init(t);
		} else {
			pr_debug("lapic: virtual SIPI from vCPU %u to vCPU %u, vector %#x",
				 from->cpu, c, ICR_VECTOR(icr));
			vcpu_send_sipi(t, (u8)ICR_VECTOR(icr));
		}
	}
	return true;
}

static u64 guest_read64(u64 pa, void *ctx)
{
	(void)ctx;
	if (hv_memory_owns(pa) || hv_memory_owns(pa + 7))
		return 0;
	return *(const u64 *)phys_to_virt(pa);
}

/* The bytes at CS:RIP, through the guest's own page tables. */
static u32 fetch_insn(u8 *buf)
{
	struct guest_paging g = {
		vmread(VMCS_GUEST_CR0),
		vmread(VMCS_GUEST_CR3),
		vmread(VMCS_GUEST_CR4),
		vmread(VMCS_GUEST_IA32_EFER),
	};
	u64 la = vmread(VMCS_GUEST_CS_BASE) + vmread(VMCS_GUEST_RIP), pa = 0;
	u32 n;

	/* One walk per page the instruction touches (at most two). */
	for (n = 0; n < INSN_MAX_LEN; n++) {
		if ((n == 0 || ((la + n) & 0xFFF) == 0) &&
		    (!guest_translate(&g, la + n, guest_read64, NULL, &pa) || hv_memory_owns(pa)))
			break;
		buf[n] = *(const u8 *)phys_to_virt(pa);
		pa++;
	}
	return n;
}

/* A guest store to its APIC page (mapped read-only): do it for the guest. */
static void lapic_page_write(struct vcpu *v, u64 gpa)
{
	u8 bytes[INSN_MAX_LEN];
	u32 n = fetch_insn(bytes), reg = (u32)(gpa & 0xFFF), value, old = 0;
	bool long_mode = vmread(VMCS_GUEST_CS_ACCESS_RIGHTS) & VMCS_AR_L;
	struct store_insn s;

	if (!store_decode(bytes, n, long_mode, &s)) {
		char hex[3 * INSN_MAX_LEN + 1] = "";

		for (u32 i = 0; i < n && i < 8; i++) {
			static const char d[] = "0123456789abcdef";

			hex[3 * i] = d[bytes[i] >> 4];
			hex[3 * i + 1] = d[bytes[i] & 15];
			hex[3 * i + 2] = ' ';
			hex[3 * i + 3] = '\0';
		}
		vcpu_stop(v, HV_EXIT_GUEST_FAULT,
			  "guest wrote its local APIC (register %#x) at rip %#llx with an "
			  "instruction thinvisor does not decode (bytes %s); only MOV and XCHG "
			  "stores are emulated",
			  reg, (unsigned long long)vmread(VMCS_GUEST_RIP), hex);
	}
	/* In x2APIC mode the APIC no longer decodes its page (SDM Vol. 3A
	 * 11.12.1): the store reaches nothing; only the ICR MSR sends. */
	if (apic_x2apic()) {
		vcpu_skip_instruction(v, s.length);
		return;
	}
	value = s.is_imm ? s.imm : (u32)vcpu_gpr(v, s.reg);
	if (s.is_xchg)
		old = apic_read(reg);
	if (reg == APIC_LDR)
		guest_ldr[v->cpu] = value;
	else if (reg == APIC_DFR)
		guest_dfr[v->cpu] = value;
	if (reg != APIC_ICR_LOW || !virtual_ipi(v, value, apic_read(APIC_ICR_HIGH) >> 24, false))
		apic_write(reg, value);
	if (s.is_xchg)
		vcpu_set_gpr(v, s.reg, old); /* a 32-bit destination zero-extends */
	vcpu_skip_instruction(v, s.length);
}

static bool lapic_msr_write(struct vcpu *v, u32 msr, u64 value)
{
	if (msr != IA32_X2APIC_ICR)
		return false;
	if (!virtual_ipi(v, (u32)value, (u32)(value >> 32), true))
		wrmsr(IA32_X2APIC_ICR, value);
	return true;
}

void lapic_device_init(void)
{
	for (u32 c = 0; c < MAX_CPUS; c++)
		guest_dfr[c] = 0xFFFFFFFFu; /* the DFR's reset value: flat model */
	apic_page = rdmsr(IA32_APIC_BASE) & IA32_APIC_BASE_ADDR_MASK;
	ept_write_protect_device_page(apic_page);
	ept_violation_watch_page(apic_page, lapic_page_write);
	msr_access_set_device(lapic_msr_write);
	pr_info("lapic: guest INIT/SIPI caught at the ICR (xAPIC page %#llx read-only, x2APIC "
		"ICR MSR intercepted)",
		(unsigned long long)apic_page);
}

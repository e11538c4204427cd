// SPDX-License-Identifier: MIT
/*
 * vmentry_check.c - see vmentry_check.h.  Each rule is one FAIL_IF() whose
 * name says what failed; the comment above each group names the SDM
 * section (Vol. 3C, Dec 2023+ numbering) the rules come from.
 */
#include "vmentry_check.h"
#include "hw/vmcs.h"
#include "hw/vmx.h"
#include "hw/x86.h"

#define FAIL_IF(cond, name)                                                                        \
	do {                                                                                       \
		if (cond)                                                                          \
			return name;                                                               \
	} while (0)

/* EFER bits (SDM Vol. 3A 2.2.1, Table 2-1). */
#define EFER_SCE BIT(0)
#define EFER_LME BIT(8)
#define EFER_LMA BIT(10)
#define EFER_NXE BIT(11)

/* Segment types (SDM Vol. 3A 3.4.5.1, Table 3-1), the AR field's low nibble. */
#define TYPE_ACCESSED	 1u
#define TYPE_WRITE_READ	 2u /* data: writable; code: readable */
#define TYPE_CODE	 8u
#define TYPE_LDT	 2u
#define TYPE_TSS16_BUSY	 3u
#define TYPE_TSS_BUSY	 11u
#define AR_RESERVED_8_11 0xF00u
#define AR_RESERVED_HIGH 0xFFFE0000u /* bits 31:17 */

struct ctx {
	const struct vmentry_cpu *cpu;
	vmentry_read_fn rd;
	u32 pin, proc, proc2, exit, entry;
};

static u64 rd(const struct ctx *c, u64 field)
{
	return c->rd(field);
}

static bool use_true(const struct ctx *c)
{
	return (c->cpu->caps.basic & VMX_BASIC_TRUE_CONTROLS) != 0;
}

/* Appendix A.3-A.5: low word = must be 1, high word = may be 1. */
static bool fits_allowed0(u32 v, u64 cap)
{
	return (v & (u32)cap) == (u32)cap;
}

static bool fits_allowed1(u32 v, u64 cap)
{
	return (v & ~(u32)(cap >> 32)) == 0;
}

/* Appendix A.1 bit 48 limits the addresses to 32 bits; else MAXPHYADDR. */
static bool addr_ok(const struct ctx *c, u64 addr, u64 align)
{
	unsigned width = (c->cpu->caps.basic & VMX_BASIC_PHYS_ADDR_32BIT) ? 32 : c->cpu->maxphyaddr;

	return (addr & (align - 1)) == 0 && (addr >> width) == 0;
}

/* Last byte of an area within the physical-address width too. */
static bool area_ok(const struct ctx *c, u64 addr, u64 align, u64 size)
{
	return addr_ok(c, addr, align) && addr_ok(c, (addr + size - 1) & ~(align - 1), align);
}

/* Canonical for 48-bit linear addresses, or 57-bit with CR4.LA57. */
static bool canonical(u64 a, bool la57)
{
	unsigned bits = la57 ? 57 : 48;

	return (u64)((s64)(a << (64 - bits)) >> (64 - bits)) == a;
}

/* IA32_PAT: every byte UC(0), WC(1), WT(4), WP(5), WB(6) or UC-(7) (SDM
 * Vol. 3A 13.12.2). */
static bool pat_ok(u64 pat)
{
	for (int i = 0; i < 8; i++) {
		u8 t = (u8)(pat >> (8 * i));

		if (t == 2 || t == 3 || t > 7)
			return false;
	}
	return true;
}

static bool efer_reserved(u64 efer)
{
	return (efer & ~(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE)) != 0;
}

/* ------------------------------------------------------------ 27.2.1.1 */
static const char *check_exec_controls(const struct ctx *c)
{
	const struct vmx_caps *k = &c->cpu->caps;
	u64 pin_cap = use_true(c) ? k->true_pinbased : k->pinbased;
	u64 proc_cap = use_true(c) ? k->true_procbased : k->procbased;
	u32 proc2 = c->proc2;

	/* Reserved bits: the capability MSRs' allowed 0- and 1-settings. */
	FAIL_IF(!fits_allowed0(c->pin, pin_cap), "ctl.pin.must_be_1");
	FAIL_IF(!fits_allowed1(c->pin, pin_cap), "ctl.pin.must_be_0");
	FAIL_IF(!fits_allowed0(c->proc, proc_cap), "ctl.proc.must_be_1");
	FAIL_IF(!fits_allowed1(c->proc, proc_cap), "ctl.proc.must_be_0");
	/* Secondary controls are checked only when activated (else read as 0). */
	if (c->proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) {
		FAIL_IF(!fits_allowed0(proc2, k->procbased2), "ctl.proc2.must_be_1");
		FAIL_IF(!fits_allowed1(proc2, k->procbased2), "ctl.proc2.must_be_0");
	}
	FAIL_IF(c->proc & CPU_BASED_ACTIVATE_TERTIARY_CONTROLS, "ctl.proc3.not_modelled");

	/* CR3-target count at most IA32_VMX_MISC[24:16]. */
	FAIL_IF(rd(c, VMCS_CR3_TARGET_COUNT) > vmx_misc_cr3_targets(k->misc),
		"ctl.cr3_target_count");

	/* I/O and MSR bitmaps: 4 KiB aligned, within the address width. */
	if (c->proc & CPU_BASED_USE_IO_BITMAPS) {
		FAIL_IF(!addr_ok(c, rd(c, VMCS_IO_BITMAP_A), PAGE_SIZE), "ctl.io_bitmap_a");
		FAIL_IF(!addr_ok(c, rd(c, VMCS_IO_BITMAP_B), PAGE_SIZE), "ctl.io_bitmap_b");
	}
	if (c->proc & CPU_BASED_USE_MSR_BITMAPS)
		FAIL_IF(!addr_ok(c, rd(c, VMCS_MSR_BITMAP), PAGE_SIZE), "ctl.msr_bitmap");

	/* TPR shadow and the controls that need it. */
	if (c->proc & CPU_BASED_USE_TPR_SHADOW) {
		FAIL_IF(!addr_ok(c, rd(c, VMCS_VIRTUAL_APIC_ADDRESS), PAGE_SIZE),
			"ctl.virtual_apic_address");
		if (!(proc2 & SECONDARY_VIRTUAL_INTERRUPT_DELIVERY))
			FAIL_IF(rd(c, VMCS_TPR_THRESHOLD) & ~0xFull, "ctl.tpr_threshold");
	} else {
		FAIL_IF(proc2 & (SECONDARY_VIRTUALIZE_X2APIC_MODE |
				 SECONDARY_APIC_REGISTER_VIRTUALIZATION |
				 SECONDARY_VIRTUAL_INTERRUPT_DELIVERY),
			"ctl.apic_virt_without_tpr_shadow");
	}

	/* NMI exiting, virtual NMIs, NMI-window exiting. */
	FAIL_IF(!(c->pin & PIN_BASED_NMI_EXITING) && (c->pin & PIN_BASED_VIRTUAL_NMIS),
		"ctl.virtual_nmis_without_nmi_exiting");
	FAIL_IF(!(c->pin & PIN_BASED_VIRTUAL_NMIS) && (c->proc & CPU_BASED_NMI_WINDOW_EXITING),
		"ctl.nmi_window_without_virtual_nmis");

	/* APIC virtualisation. */
	if (proc2 & SECONDARY_VIRTUALIZE_APIC_ACCESSES)
		FAIL_IF(!addr_ok(c, rd(c, VMCS_APIC_ACCESS_ADDRESS), PAGE_SIZE),
			"ctl.apic_access_address");
	FAIL_IF((proc2 & SECONDARY_VIRTUALIZE_X2APIC_MODE) &&
			(proc2 & SECONDARY_VIRTUALIZE_APIC_ACCESSES),
		"ctl.x2apic_and_apic_accesses");
	FAIL_IF((proc2 & SECONDARY_VIRTUAL_INTERRUPT_DELIVERY) &&
			!(c->pin & PIN_BASED_EXTERNAL_INTERRUPT_EXITING),
		"ctl.vid_without_external_interrupt_exiting");
	if (c->pin & PIN_BASED_PROCESS_POSTED_INTERRUPTS) {
		FAIL_IF(!(proc2 & SECONDARY_VIRTUAL_INTERRUPT_DELIVERY), "ctl.posted_without_vid");
		FAIL_IF(!(c->exit & VM_EXIT_ACK_INTERRUPT_ON_EXIT), "ctl.posted_without_ack");
		FAIL_IF(rd(c, VMCS_POSTED_INTERRUPT_NOTIFICATION_VECTOR) & 0xFF00,
			"ctl.posted_notification_vector");
		FAIL_IF(!addr_ok(c, rd(c, VMCS_POSTED_INTERRUPT_DESCRIPTOR_ADDRESS), 64),
			"ctl.posted_descriptor_address");
	}

	/* VPID 0 is the host's. */
	FAIL_IF((proc2 & SECONDARY_ENABLE_VPID) && rd(c, VMCS_VPID) == 0, "ctl.vpid_zero");

	/* EPTP (25.6.11) against IA32_VMX_EPT_VPID_CAP (Appendix A.10). */
	if (proc2 & SECONDARY_ENABLE_EPT) {
		u64 eptp = rd(c, VMCS_EPT_POINTER);
		u64 mt = eptp & EPTP_MEMTYPE_MASK;
		u64 walk = (eptp & EPTP_PAGE_WALK_LENGTH_MASK) >> EPTP_PAGE_WALK_LENGTH_SHIFT;

		FAIL_IF(!((mt == EPTP_MEMTYPE_UC && (k->ept_vpid_cap & VMX_EPT_MEMTYPE_UC)) ||
			  (mt == EPTP_MEMTYPE_WB && (k->ept_vpid_cap & VMX_EPT_MEMTYPE_WB))),
			"ctl.eptp.memory_type");
		FAIL_IF(!((walk == 3 && (k->ept_vpid_cap & VMX_EPT_PAGE_WALK_4)) ||
			  (walk == 4 && (k->ept_vpid_cap & VMX_EPT_PAGE_WALK_5))),
			"ctl.eptp.walk_length");
		FAIL_IF((eptp & EPTP_ENABLE_ACCESSED_DIRTY) &&
				!(k->ept_vpid_cap & VMX_EPT_ACCESSED_DIRTY),
			"ctl.eptp.accessed_dirty");
		FAIL_IF((eptp & BIT(7)) && !(k->ept_vpid_cap & VMX_EPT_SUPERVISOR_SHADOW_STACK),
			"ctl.eptp.supervisor_shadow_stack");
		FAIL_IF(eptp & 0xF00ull, "ctl.eptp.reserved");
		FAIL_IF(!addr_ok(c, eptp & ~0xFFFull, PAGE_SIZE), "ctl.eptp.address_width");
	}
	if (proc2 & SECONDARY_ENABLE_PML) {
		FAIL_IF(!(proc2 & SECONDARY_ENABLE_EPT), "ctl.pml_without_ept");
		FAIL_IF(!addr_ok(c, rd(c, VMCS_PML_ADDRESS), PAGE_SIZE), "ctl.pml_address");
	}
	FAIL_IF((proc2 & SECONDARY_UNRESTRICTED_GUEST) && !(proc2 & SECONDARY_ENABLE_EPT),
		"ctl.unrestricted_guest_without_ept");
	if (proc2 & SECONDARY_SUB_PAGE_WRITE_PERMISSIONS) {
		FAIL_IF(!(proc2 & SECONDARY_ENABLE_EPT), "ctl.spp_without_ept");
		FAIL_IF(!addr_ok(c, rd(c, VMCS_SUB_PAGE_PERMISSION_TABLE_POINTER), PAGE_SIZE),
			"ctl.spp_table_pointer");
	}
	if (proc2 & SECONDARY_ENABLE_VM_FUNCTIONS) {
		u64 vmfunc = rd(c, VMCS_VM_FUNCTION_CONTROLS);

		/* Only EPTP switching (bit 0) is modelled, without IA32_VMX_VMFUNC. */
		FAIL_IF(vmfunc & ~1ull, "ctl.vmfunc.not_modelled");
		if (vmfunc & 1) {
			FAIL_IF(!(proc2 & SECONDARY_ENABLE_EPT),
				"ctl.vmfunc.eptp_switching_without_ept");
			FAIL_IF(!addr_ok(c, rd(c, VMCS_EPTP_LIST_ADDRESS), PAGE_SIZE),
				"ctl.vmfunc.eptp_list_address");
		}
	}
	if (proc2 & SECONDARY_VMCS_SHADOWING) {
		FAIL_IF(!addr_ok(c, rd(c, VMCS_VMREAD_BITMAP_ADDRESS), PAGE_SIZE),
			"ctl.vmread_bitmap");
		FAIL_IF(!addr_ok(c, rd(c, VMCS_VMWRITE_BITMAP_ADDRESS), PAGE_SIZE),
			"ctl.vmwrite_bitmap");
	}
	if (proc2 & SECONDARY_EPT_VIOLATION_VE)
		FAIL_IF(!addr_ok(c, rd(c, VMCS_VIRTUALIZATION_EXCEPTION_INFO_ADDRESS), PAGE_SIZE),
			"ctl.ve_info_address");
	return NULL;
}

/* ------------------------------------------------------------ 27.2.1.2 */
static const char *check_exit_controls(const struct ctx *c)
{
	const struct vmx_caps *k = &c->cpu->caps;
	u64 cap = use_true(c) ? k->true_exit : k->exit;
	u64 n;

	FAIL_IF(!fits_allowed0(c->exit, cap), "ctl.exit.must_be_1");
	FAIL_IF(!fits_allowed1(c->exit, cap), "ctl.exit.must_be_0");
	FAIL_IF(c->exit & VM_EXIT_ACTIVATE_SECONDARY_CONTROLS, "ctl.exit2.not_modelled");
	FAIL_IF(!(c->pin & PIN_BASED_ACTIVATE_VMX_PREEMPTION_TIMER) &&
			(c->exit & VM_EXIT_SAVE_VMX_PREEMPTION_TIMER),
		"ctl.save_preemption_timer_without_timer");
	/* MSR areas: 16-byte aligned, 16 bytes an entry, all within width. */
	n = rd(c, VMCS_VM_EXIT_MSR_STORE_COUNT);
	if (n)
		FAIL_IF(!area_ok(c, rd(c, VMCS_VM_EXIT_MSR_STORE_ADDRESS), 16, n * 16),
			"ctl.exit_msr_store_address");
	n = rd(c, VMCS_VM_EXIT_MSR_LOAD_COUNT);
	if (n)
		FAIL_IF(!area_ok(c, rd(c, VMCS_VM_EXIT_MSR_LOAD_ADDRESS), 16, n * 16),
			"ctl.exit_msr_load_address");
	return NULL;
}

/* Exceptions that push an error code (SDM Vol. 3A 6.15; #CP with CET). */
static bool has_error_code(u32 vector)
{
	switch (vector) {
	case X86_VEC_DF:
	case X86_VEC_TS:
	case X86_VEC_NP:
	case X86_VEC_SS:
	case X86_VEC_GP:
	case X86_VEC_PF:
	case X86_VEC_AC:
	case X86_VEC_CP:
		return true;
	default:
		return false;
	}
}

/* ------------------------------------------------ 27.2.1.3 event injection */
static const char *check_event_injection(const struct ctx *c)
{
	const struct vmx_caps *k = &c->cpu->caps;
	u32 info = (u32)rd(c, VMCS_VM_ENTRY_INTERRUPTION_INFO);
	u32 type = (info & VMCS_INTR_INFO_TYPE_MASK) >> VMCS_INTR_INFO_TYPE_SHIFT;
	u32 vector = info & VMCS_INTR_INFO_VECTOR_MASK;
	u64 proc_cap = use_true(c) ? k->true_procbased : k->procbased;
	bool prot_mode =
		!(c->proc2 & SECONDARY_UNRESTRICTED_GUEST) || (rd(c, VMCS_GUEST_CR0) & X86_CR0_PE);
	bool ec = (info & VMCS_INTR_INFO_DELIVER_ERROR_CODE) != 0;
	u64 len;

	if (!(info & VMCS_INTR_INFO_VALID))
		return NULL;
	/* Type 1 is reserved; type 7 (other event) only with MTF support. */
	FAIL_IF(type == 1, "inject.type_reserved");
	FAIL_IF(type == VMCS_INTR_TYPE_OTHER_EVENT &&
			!((proc_cap >> 32) & CPU_BASED_MONITOR_TRAP_FLAG),
		"inject.type_other_unsupported");
	/* Vector: 2 for NMI, 0-31 for hardware exceptions, 0 for other. */
	FAIL_IF(type == VMCS_INTR_TYPE_NMI && vector != X86_VEC_NMI, "inject.nmi_vector");
	FAIL_IF(type == VMCS_INTR_TYPE_HARDWARE_EXCEPTION && vector > 31,
		"inject.exception_vector");
	FAIL_IF(type == VMCS_INTR_TYPE_OTHER_EVENT && vector != 0, "inject.other_vector");
	/*
	 * Deliver error code: never in real mode (unrestricted guest with
	 * CR0.PE = 0) nor for anything but a hardware exception; otherwise
	 * exactly for the exceptions that push one, unless IA32_VMX_BASIC[56]
	 * lifts that last rule.  (The SDM's old rule that bits 31:16 of the
	 * error code be 0 is gone, as in KVM.)
	 */
	if (!prot_mode || type != VMCS_INTR_TYPE_HARDWARE_EXCEPTION)
		FAIL_IF(ec, "inject.error_code_not_allowed");
	else if (!(k->basic & VMX_BASIC_NO_ERRCODE_CHECK))
		FAIL_IF(ec != has_error_code(vector), "inject.error_code_mismatch");
	/* Bits 30:12 reserved. */
	FAIL_IF(info & 0x7FFFF000u, "inject.reserved_bits");
	/* Software events: instruction length 1-15 (0 if MISC[30]). */
	if (type == VMCS_INTR_TYPE_SOFTWARE_INTERRUPT ||
	    type == VMCS_INTR_TYPE_PRIV_SOFTWARE_EXCEPTION ||
	    type == VMCS_INTR_TYPE_SOFTWARE_EXCEPTION) {
		len = rd(c, VMCS_VM_ENTRY_INSTRUCTION_LENGTH);
		FAIL_IF(len > 15, "inject.instruction_length");
		FAIL_IF(len == 0 && !(k->misc & VMX_MISC_ZERO_LENGTH_INJECTION),
			"inject.instruction_length_zero");
	}
	return NULL;
}

/* ------------------------------------------------------------ 27.2.1.3 */
static const char *check_entry_controls(const struct ctx *c)
{
	const struct vmx_caps *k = &c->cpu->caps;
	u64 cap = use_true(c) ? k->true_entry : k->entry;
	const char *why;
	u64 n;

	FAIL_IF(!fits_allowed0(c->entry, cap), "ctl.entry.must_be_1");
	FAIL_IF(!fits_allowed1(c->entry, cap), "ctl.entry.must_be_0");
	why = check_event_injection(c);
	if (why)
		return why;
	n = rd(c, VMCS_VM_ENTRY_MSR_LOAD_COUNT);
	if (n)
		FAIL_IF(!area_ok(c, rd(c, VMCS_VM_ENTRY_MSR_LOAD_ADDRESS), 16, n * 16),
			"ctl.entry_msr_load_address");
	/* Outside SMM, neither SMM control may be 1. */
	FAIL_IF(c->entry & (VM_ENTRY_ENTRY_TO_SMM | VM_ENTRY_DEACTIVATE_DUAL_MONITOR),
		"ctl.entry.smm_outside_smm");
	return NULL;
}

static void load_controls(struct ctx *c, const struct vmentry_cpu *cpu, vmentry_read_fn read)
{
	c->cpu = cpu;
	c->rd = read;
	c->pin = (u32)read(VMCS_PIN_BASED_VM_EXEC_CONTROL);
	c->proc = (u32)read(VMCS_PRIMARY_PROC_BASED_VM_EXEC_CONTROL);
	/* 25.6.2: with "activate secondary controls" 0, they act as 0. */
	c->proc2 = (c->proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
			   ? (u32)read(VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL)
			   : 0;
	c->exit = (u32)read(VMCS_VM_EXIT_CONTROLS);
	c->entry = (u32)read(VMCS_VM_ENTRY_CONTROLS);
}

const char *vmentry_check_controls(const struct vmentry_cpu *cpu, vmentry_read_fn read)
{
	struct ctx c;
	const char *why;

	load_controls(&c, cpu, read);
	why = check_exec_controls(&c);
	if (!why)
		why = check_exit_controls(&c);
	if (!why)
		why = check_entry_controls(&c);
	return why;
}

/* ------------------------------------------------- 27.2.2, 27.2.3, 27.2.4 */
const char *vmentry_check_host(const struct vmentry_cpu *cpu, vmentry_read_fn read)
{
	static const u64 sels[] = {
		VMCS_HOST_ES_SELECTOR, VMCS_HOST_CS_SELECTOR, VMCS_HOST_SS_SELECTOR,
		VMCS_HOST_DS_SELECTOR, VMCS_HOST_FS_SELECTOR, VMCS_HOST_GS_SELECTOR,
		VMCS_HOST_TR_SELECTOR,
	};
	static const u64 bases[] = {
		VMCS_HOST_FS_BASE,   VMCS_HOST_GS_BASE,	  VMCS_HOST_TR_BASE,
		VMCS_HOST_GDTR_BASE, VMCS_HOST_IDTR_BASE,
	};
	const struct vmx_caps *k = &cpu->caps;
	struct ctx c;
	u64 cr0, cr4, efer;
	bool la57, host64;

	load_controls(&c, cpu, read);
	cr0 = read(VMCS_HOST_CR0);
	cr4 = read(VMCS_HOST_CR4);
	la57 = (cr4 & X86_CR4_LA57) != 0;
	host64 = (c.exit & VM_EXIT_HOST_ADDRESS_SPACE_SIZE) != 0;

	/* 27.2.2: control registers and MSRs. */
	FAIL_IF(!fits_allowed0((u32)cr0, k->cr0_fixed0) || (cr0 & ~k->cr0_fixed1),
		"host.cr0_fixed");
	FAIL_IF((cr0 & k->cr0_fixed0) != k->cr0_fixed0, "host.cr0_fixed");
	FAIL_IF((cr4 & k->cr4_fixed0) != k->cr4_fixed0 || (cr4 & ~k->cr4_fixed1), "host.cr4_fixed");
	FAIL_IF(read(VMCS_HOST_CR3) >> cpu->maxphyaddr, "host.cr3_width");
	FAIL_IF(!canonical(read(VMCS_HOST_IA32_SYSENTER_ESP), la57), "host.sysenter_esp");
	FAIL_IF(!canonical(read(VMCS_HOST_IA32_SYSENTER_EIP), la57), "host.sysenter_eip");
	if (c.exit & VM_EXIT_LOAD_IA32_PAT)
		FAIL_IF(!pat_ok(read(VMCS_HOST_IA32_PAT)), "host.pat");
	if (c.exit & VM_EXIT_LOAD_IA32_EFER) {
		efer = read(VMCS_HOST_IA32_EFER);
		FAIL_IF(efer_reserved(efer), "host.efer_reserved");
		FAIL_IF(!!(efer & EFER_LMA) != host64, "host.efer_lma");
		FAIL_IF(!!(efer & EFER_LME) != host64, "host.efer_lme");
	}

	/* 27.2.3: selectors RPL = TI = 0; CS, TR not null; bases canonical. */
	for (unsigned i = 0; i < sizeof(sels) / sizeof(sels[0]); i++)
		FAIL_IF(read(sels[i]) & 7, "host.selector_rpl_ti");
	FAIL_IF(read(VMCS_HOST_CS_SELECTOR) == 0, "host.cs_null");
	FAIL_IF(read(VMCS_HOST_TR_SELECTOR) == 0, "host.tr_null");
	FAIL_IF(!host64 && read(VMCS_HOST_SS_SELECTOR) == 0, "host.ss_null");
	for (unsigned i = 0; i < sizeof(bases) / sizeof(bases[0]); i++)
		FAIL_IF(!canonical(read(bases[i]), la57), "host.base_canonical");

	/* 27.2.4: the processor runs in IA-32e mode (thinvisor's host always does),
	 * so the host address-space size control must be 1, with CR4.PAE and
	 * a canonical RIP. */
	FAIL_IF(!host64, "host.address_space_size");
	FAIL_IF(!(cr4 & X86_CR4_PAE), "host.cr4_pae");
	FAIL_IF(!canonical(read(VMCS_HOST_RIP), la57), "host.rip_canonical");
	return NULL;
}

/* ------------------------------------------------------------ 27.3.1.2 */
struct seg {
	const char *name;
	u64 sel, base, limit, ar;
};

static void read_seg(vmentry_read_fn read, struct seg *s, u64 sel_f, u64 base_f, u64 limit_f,
		     u64 ar_f)
{
	s->sel = read(sel_f);
	s->base = read(base_f);
	s->limit = read(limit_f);
	s->ar = read(ar_f);
}

#define READ_SEG(s, NAME)                                                                          \
	read_seg(read, &(s), VMCS_GUEST_##NAME##_SELECTOR, VMCS_GUEST_##NAME##_BASE,               \
		 VMCS_GUEST_##NAME##_LIMIT, VMCS_GUEST_##NAME##_ACCESS_RIGHTS)

static bool usable(const struct seg *s)
{
	return !(s->ar & VMCS_AR_UNUSABLE);
}

/* Limit and G consistent: 4 KiB granularity iff the low 12 bits are all 1s
 * is allowed, and needed when any of bits 31:20 is 1. */
static bool granularity_ok(const struct seg *s)
{
	if ((s->limit & 0xFFF) != 0xFFF && (s->ar & VMCS_AR_G))
		return false;
	if ((s->limit & 0xFFF00000) && !(s->ar & VMCS_AR_G))
		return false;
	return true;
}

static u32 dpl(const struct seg *s)
{
	return (u32)(s->ar & VMCS_AR_DPL_MASK) >> VMCS_AR_DPL_SHIFT;
}

static const char *check_segments(const struct ctx *c, u64 cr0, u64 cr4, u64 rflags)
{
	vmentry_read_fn read = c->rd;
	struct seg cs, ss, ds, es, fs, gs, tr, ldtr;
	struct seg *data[] = {&ds, &es, &fs, &gs};
	bool ug = (c->proc2 & SECONDARY_UNRESTRICTED_GUEST) != 0;
	bool ia32e = (c->entry & VM_ENTRY_IA32E_MODE_GUEST) != 0;
	bool v86 = (rflags & X86_RFLAGS_VM) != 0;
	bool la57 = (cr4 & X86_CR4_LA57) != 0;
	u32 cs_type;

	READ_SEG(cs, CS);
	READ_SEG(ss, SS);
	READ_SEG(ds, DS);
	READ_SEG(es, ES);
	READ_SEG(fs, FS);
	READ_SEG(gs, GS);
	READ_SEG(tr, TR);
	READ_SEG(ldtr, LDTR);
	cs_type = cs.ar & VMCS_AR_TYPE_MASK;

	/* Selectors. */
	FAIL_IF(tr.sel & 4, "guest.tr_ti");
	FAIL_IF(usable(&ldtr) && (ldtr.sel & 4), "guest.ldtr_ti");
	FAIL_IF(!v86 && !ug && (ss.sel & 3) != (cs.sel & 3), "guest.ss_rpl");

	/* Bases. */
	if (v86) {
		struct seg *all[] = {&cs, &ss, &ds, &es, &fs, &gs};

		for (unsigned i = 0; i < 6; i++) {
			FAIL_IF(all[i]->base != all[i]->sel << 4, "guest.v86_base");
			FAIL_IF(all[i]->limit != 0xFFFF, "guest.v86_limit");
			FAIL_IF(all[i]->ar != 0xF3, "guest.v86_access_rights");
		}
	}
	FAIL_IF(!canonical(tr.base, la57), "guest.tr_base");
	FAIL_IF(!canonical(fs.base, la57), "guest.fs_base");
	FAIL_IF(!canonical(gs.base, la57), "guest.gs_base");
	FAIL_IF(usable(&ldtr) && !canonical(ldtr.base, la57), "guest.ldtr_base");
	FAIL_IF(cs.base >> 32, "guest.cs_base");
	FAIL_IF(usable(&ss) && (ss.base >> 32), "guest.ss_base");
	FAIL_IF(usable(&ds) && (ds.base >> 32), "guest.ds_base");
	FAIL_IF(usable(&es) && (es.base >> 32), "guest.es_base");

	if (!v86) {
		/* CS: accessed code, or accessed read/write data with UG. */
		FAIL_IF(!(cs_type == 9 || cs_type == 11 || cs_type == 13 || cs_type == 15 ||
			  (ug && cs_type == 3)),
			"guest.cs_type");
		FAIL_IF(usable(&ss) && (ss.ar & VMCS_AR_TYPE_MASK) != 3 &&
				(ss.ar & VMCS_AR_TYPE_MASK) != 7,
			"guest.ss_type");
		for (unsigned i = 0; i < 4; i++) {
			u32 t = data[i]->ar & VMCS_AR_TYPE_MASK;

			if (!usable(data[i]))
				continue;
			FAIL_IF(!(t & TYPE_ACCESSED), "guest.data_seg_not_accessed");
			FAIL_IF((t & TYPE_CODE) && !(t & TYPE_WRITE_READ),
				"guest.data_seg_code_not_readable");
		}
		/* S = 1. */
		FAIL_IF(!(cs.ar & VMCS_AR_S), "guest.cs_s");
		FAIL_IF(usable(&ss) && !(ss.ar & VMCS_AR_S), "guest.ss_s");
		for (unsigned i = 0; i < 4; i++)
			FAIL_IF(usable(data[i]) && !(data[i]->ar & VMCS_AR_S), "guest.data_seg_s");
		/* DPL. */
		FAIL_IF(cs_type == 3 && dpl(&cs) != 0, "guest.cs_dpl");
		FAIL_IF((cs_type == 9 || cs_type == 11) && dpl(&cs) != dpl(&ss), "guest.cs_dpl");
		FAIL_IF((cs_type == 13 || cs_type == 15) && dpl(&cs) > dpl(&ss), "guest.cs_dpl");
		FAIL_IF(!ug && dpl(&ss) != (ss.sel & 3), "guest.ss_dpl");
		FAIL_IF((cs_type == 3 || !(cr0 & X86_CR0_PE)) && dpl(&ss) != 0,
			"guest.ss_dpl_real_mode");
		for (unsigned i = 0; i < 4; i++) {
			u32 t = data[i]->ar & VMCS_AR_TYPE_MASK;

			if (ug || !usable(data[i]) || t > 11)
				continue;
			FAIL_IF(dpl(data[i]) < (data[i]->sel & 3), "guest.data_seg_dpl");
		}
		/* P = 1; reserved 11:8 and 31:17; D/B; G. */
		FAIL_IF(!(cs.ar & VMCS_AR_P), "guest.cs_present");
		FAIL_IF(usable(&ss) && !(ss.ar & VMCS_AR_P), "guest.ss_present");
		for (unsigned i = 0; i < 4; i++)
			FAIL_IF(usable(data[i]) && !(data[i]->ar & VMCS_AR_P),
				"guest.data_seg_present");
		FAIL_IF(cs.ar & (AR_RESERVED_8_11 | AR_RESERVED_HIGH), "guest.cs_ar_reserved");
		FAIL_IF(usable(&ss) && (ss.ar & (AR_RESERVED_8_11 | AR_RESERVED_HIGH)),
			"guest.ss_ar_reserved");
		for (unsigned i = 0; i < 4; i++)
			FAIL_IF(usable(data[i]) &&
					(data[i]->ar & (AR_RESERVED_8_11 | AR_RESERVED_HIGH)),
				"guest.data_seg_ar_reserved");
		FAIL_IF(ia32e && (cs.ar & VMCS_AR_L) && (cs.ar & VMCS_AR_DB), "guest.cs_l_and_db");
		FAIL_IF(!granularity_ok(&cs), "guest.cs_granularity");
		FAIL_IF(usable(&ss) && !granularity_ok(&ss), "guest.ss_granularity");
		for (unsigned i = 0; i < 4; i++)
			FAIL_IF(usable(data[i]) && !granularity_ok(data[i]),
				"guest.data_seg_granularity");
	}

	/* TR: a busy TSS, 16-bit only outside IA-32e mode; always usable. */
	FAIL_IF(!(((tr.ar & VMCS_AR_TYPE_MASK) == TYPE_TSS16_BUSY && !ia32e) ||
		  (tr.ar & VMCS_AR_TYPE_MASK) == TYPE_TSS_BUSY),
		"guest.tr_type");
	FAIL_IF(tr.ar & VMCS_AR_S, "guest.tr_s");
	FAIL_IF(!(tr.ar & VMCS_AR_P), "guest.tr_present");
	FAIL_IF(tr.ar & AR_RESERVED_8_11, "guest.tr_ar_reserved");
	FAIL_IF(!granularity_ok(&tr), "guest.tr_granularity");
	FAIL_IF(!usable(&tr), "guest.tr_unusable");
	FAIL_IF(tr.ar & AR_RESERVED_HIGH, "guest.tr_ar_reserved");

	/* LDTR, if usable: an LDT. */
	if (usable(&ldtr)) {
		FAIL_IF((ldtr.ar & VMCS_AR_TYPE_MASK) != TYPE_LDT, "guest.ldtr_type");
		FAIL_IF(ldtr.ar & VMCS_AR_S, "guest.ldtr_s");
		FAIL_IF(!(ldtr.ar & VMCS_AR_P), "guest.ldtr_present");
		FAIL_IF(ldtr.ar & (AR_RESERVED_8_11 | AR_RESERVED_HIGH), "guest.ldtr_ar_reserved");
		FAIL_IF(!granularity_ok(&ldtr), "guest.ldtr_granularity");
	}
	return NULL;
}

/* ------------------------------------------------------------ 27.3.1.5 */
static const char *check_non_register(const struct ctx *c, u64 rflags)
{
	const struct vmx_caps *k = &c->cpu->caps;
	vmentry_read_fn read = c->rd;
	u64 act = read(VMCS_GUEST_ACTIVITY_STATE);
	u64 intr = read(VMCS_GUEST_INTERRUPTIBILITY_STATE);
	u64 pend = read(VMCS_GUEST_PENDING_DBG_EXCEPTIONS);
	u64 link = read(VMCS_VMCS_LINK_POINTER);
	u32 info = (u32)read(VMCS_VM_ENTRY_INTERRUPTION_INFO);
	bool inj = (info & VMCS_INTR_INFO_VALID) != 0;
	u32 type = (info & VMCS_INTR_INFO_TYPE_MASK) >> VMCS_INTR_INFO_TYPE_SHIFT;
	u32 vector = info & VMCS_INTR_INFO_VECTOR_MASK;
	bool sti = (intr & VMCS_INTR_BLOCKING_BY_STI) != 0;
	bool movss = (intr & VMCS_INTR_BLOCKING_BY_MOV_SS) != 0;

	/* Activity state: 0-3, and each non-active one as IA32_VMX_MISC allows. */
	FAIL_IF(act > VMCS_ACTIVITY_WAIT_FOR_SIPI, "guest.activity_state_reserved");
	FAIL_IF(act == VMCS_ACTIVITY_HLT && !(k->misc & VMX_MISC_ACTIVITY_HLT),
		"guest.activity_state_unsupported");
	FAIL_IF(act == VMCS_ACTIVITY_SHUTDOWN && !(k->misc & VMX_MISC_ACTIVITY_SHUTDOWN),
		"guest.activity_state_unsupported");
	FAIL_IF(act == VMCS_ACTIVITY_WAIT_FOR_SIPI && !(k->misc & VMX_MISC_ACTIVITY_WAIT_FOR_SIPI),
		"guest.activity_state_unsupported");
	FAIL_IF(act == VMCS_ACTIVITY_HLT && (read(VMCS_GUEST_SS_ACCESS_RIGHTS) & VMCS_AR_DPL_MASK),
		"guest.hlt_ss_dpl");
	FAIL_IF(act != VMCS_ACTIVITY_ACTIVE && (sti || movss), "guest.activity_with_sti_movss");
	if (inj && act == VMCS_ACTIVITY_HLT)
		FAIL_IF(!(type == VMCS_INTR_TYPE_EXTERNAL_INTERRUPT || type == VMCS_INTR_TYPE_NMI ||
			  (type == VMCS_INTR_TYPE_HARDWARE_EXCEPTION &&
			   (vector == X86_VEC_DB || vector == X86_VEC_MC)) ||
			  (type == VMCS_INTR_TYPE_OTHER_EVENT && vector == 0)),
			"guest.hlt_event");
	if (inj && act == VMCS_ACTIVITY_SHUTDOWN)
		FAIL_IF(!(type == VMCS_INTR_TYPE_NMI ||
			  (type == VMCS_INTR_TYPE_HARDWARE_EXCEPTION && vector == X86_VEC_MC)),
			"guest.shutdown_event");
	FAIL_IF(inj && act == VMCS_ACTIVITY_WAIT_FOR_SIPI, "guest.wait_for_sipi_event");

	/* Interruptibility state. */
	FAIL_IF(intr & ~0x1Full, "guest.interruptibility_reserved");
	FAIL_IF(sti && movss, "guest.sti_and_movss");
	FAIL_IF(sti && !(rflags & X86_RFLAGS_IF), "guest.sti_without_if");
	FAIL_IF(inj && type == VMCS_INTR_TYPE_EXTERNAL_INTERRUPT && (sti || movss),
		"guest.external_interrupt_blocked");
	FAIL_IF(inj && type == VMCS_INTR_TYPE_NMI && movss, "guest.nmi_inject_movss");
	/* "Some processors" also refuse an NMI under STI blocking (27.3.1.5):
	 * the checker takes the strict reading. */
	FAIL_IF(inj && type == VMCS_INTR_TYPE_NMI && sti, "guest.nmi_inject_sti");
	FAIL_IF(intr & VMCS_INTR_BLOCKING_BY_SMI, "guest.smi_blocking_outside_smm");
	FAIL_IF(inj && type == VMCS_INTR_TYPE_NMI && (c->pin & PIN_BASED_VIRTUAL_NMIS) &&
			(intr & VMCS_INTR_BLOCKING_BY_NMI),
		"guest.nmi_inject_virtual_nmi_blocked");
	FAIL_IF((intr & VMCS_INTR_ENCLAVE_INTERRUPTION) && movss, "guest.enclave_and_movss");

	/* Pending debug exceptions: reserved bits; BS against TF and BTF. */
	FAIL_IF(pend & ~(0xFull | VMCS_PENDING_DBG_ENABLED_BP | VMCS_PENDING_DBG_BS |
			 VMCS_PENDING_DBG_RTM),
		"guest.pending_dbg_reserved");
	if (sti || movss || act == VMCS_ACTIVITY_HLT) {
		bool btf = (c->entry & VM_ENTRY_LOAD_DEBUG_CONTROLS) &&
			   (read(VMCS_GUEST_IA32_DEBUGCTL) & BIT(1));
		bool tf = (rflags & X86_RFLAGS_TF) != 0;

		FAIL_IF(tf && !btf && !(pend & VMCS_PENDING_DBG_BS), "guest.pending_dbg_bs");
		FAIL_IF((!tf || btf) && (pend & VMCS_PENDING_DBG_BS), "guest.pending_dbg_bs");
	}
	if (pend & VMCS_PENDING_DBG_RTM)
		FAIL_IF(pend & (0xFFFull | VMCS_PENDING_DBG_BS), "guest.pending_dbg_rtm");

	/*
	 * VMCS link pointer: a value other than ~0 must be a 4 KiB-aligned
	 * address of a VMCS whose revision matches (shadow indicator = VMCS
	 * shadowing).  The checker cannot read that memory: without VMCS
	 * shadowing it requires ~0, which is what the SDM asks software to use.
	 */
	if (link != ~0ull) {
		FAIL_IF(!(c->proc2 & SECONDARY_VMCS_SHADOWING), "guest.vmcs_link_pointer");
		FAIL_IF(!addr_ok(c, link, PAGE_SIZE), "guest.vmcs_link_pointer");
	}
	return NULL;
}

/* ------------------------------------------------------------ 27.3.1 */
const char *vmentry_check_guest(const struct vmentry_cpu *cpu, vmentry_read_fn read)
{
	const struct vmx_caps *k = &cpu->caps;
	struct ctx c;
	u64 cr0, cr4, efer, rflags, rip, fixed0, pdpte;
	bool ia32e, la57;
	const char *why;

	load_controls(&c, cpu, read);
	cr0 = read(VMCS_GUEST_CR0);
	cr4 = read(VMCS_GUEST_CR4);
	rflags = read(VMCS_GUEST_RFLAGS);
	ia32e = (c.entry & VM_ENTRY_IA32E_MODE_GUEST) != 0;
	la57 = (cr4 & X86_CR4_LA57) != 0;

	/* 27.3.1.1: CR0/CR4 fixed bits, PE and PG free with unrestricted guest. */
	fixed0 = k->cr0_fixed0;
	if (c.proc2 & SECONDARY_UNRESTRICTED_GUEST)
		fixed0 &= ~(X86_CR0_PE | X86_CR0_PG);
	FAIL_IF((cr0 & fixed0) != fixed0 || (cr0 & ~k->cr0_fixed1), "guest.cr0_fixed");
	FAIL_IF((cr0 & X86_CR0_PG) && !(cr0 & X86_CR0_PE), "guest.cr0_pg_without_pe");
	FAIL_IF((cr4 & k->cr4_fixed0) != k->cr4_fixed0 || (cr4 & ~k->cr4_fixed1),
		"guest.cr4_fixed");
	if (c.entry & VM_ENTRY_LOAD_DEBUG_CONTROLS) {
		FAIL_IF(read(VMCS_GUEST_IA32_DEBUGCTL) & 0xFFFFFFFFFFFF003Cull,
			"guest.debugctl_reserved");
		FAIL_IF(read(VMCS_GUEST_DR7) >> 32, "guest.dr7_high");
	}
	FAIL_IF(ia32e && !(cr0 & X86_CR0_PG), "guest.ia32e_without_pg");
	FAIL_IF(ia32e && !(cr4 & X86_CR4_PAE), "guest.ia32e_without_pae");
	FAIL_IF(!ia32e && (cr4 & X86_CR4_PCIDE), "guest.pcide_outside_ia32e");
	FAIL_IF(read(VMCS_GUEST_CR3) >> cpu->maxphyaddr, "guest.cr3_width");
	FAIL_IF(!canonical(read(VMCS_GUEST_SYSENTER_ESP), la57), "guest.sysenter_esp");
	FAIL_IF(!canonical(read(VMCS_GUEST_SYSENTER_EIP), la57), "guest.sysenter_eip");
	if (c.entry & VM_ENTRY_LOAD_IA32_PAT)
		FAIL_IF(!pat_ok(read(VMCS_GUEST_IA32_PAT)), "guest.pat");
	if (c.entry & VM_ENTRY_LOAD_IA32_EFER) {
		efer = read(VMCS_GUEST_IA32_EFER);
		FAIL_IF(efer_reserved(efer), "guest.efer_reserved");
		FAIL_IF(!!(efer & EFER_LMA) != ia32e, "guest.efer_lma");
		FAIL_IF((cr0 & X86_CR0_PG) && !!(efer & EFER_LME) != ia32e, "guest.efer_lme");
	}
	if (c.entry & VM_ENTRY_LOAD_IA32_BNDCFGS) {
		u64 b = read(VMCS_GUEST_IA32_BNDCFGS);

		FAIL_IF((b & 0xFFCull) || !canonical(b & ~0xFFFull, la57), "guest.bndcfgs");
	}

	/* 27.3.1.2 */
	why = check_segments(&c, cr0, cr4, rflags);
	if (why)
		return why;

	/* 27.3.1.3: GDTR, IDTR. */
	FAIL_IF(!canonical(read(VMCS_GUEST_GDTR_BASE), la57), "guest.gdtr_base");
	FAIL_IF(!canonical(read(VMCS_GUEST_IDTR_BASE), la57), "guest.idtr_base");
	FAIL_IF(read(VMCS_GUEST_GDTR_LIMIT) >> 16, "guest.gdtr_limit");
	FAIL_IF(read(VMCS_GUEST_IDTR_LIMIT) >> 16, "guest.idtr_limit");

	/* 27.3.1.4: RIP and RFLAGS. */
	rip = read(VMCS_GUEST_RIP);
	if (ia32e && (read(VMCS_GUEST_CS_ACCESS_RIGHTS) & VMCS_AR_L))
		FAIL_IF(!canonical(rip, la57), "guest.rip_canonical");
	else
		FAIL_IF(rip >> 32, "guest.rip_high");
	FAIL_IF(rflags & 0xFFFFFFFFFFC08028ull, "guest.rflags_reserved");
	FAIL_IF(!(rflags & X86_RFLAGS_FIXED), "guest.rflags_bit1");
	FAIL_IF((rflags & X86_RFLAGS_VM) && (ia32e || !(cr0 & X86_CR0_PE)), "guest.rflags_vm");
	{
		u32 info = (u32)read(VMCS_VM_ENTRY_INTERRUPTION_INFO);

		FAIL_IF((info & VMCS_INTR_INFO_VALID) &&
				((info & VMCS_INTR_INFO_TYPE_MASK) >> VMCS_INTR_INFO_TYPE_SHIFT) ==
					VMCS_INTR_TYPE_EXTERNAL_INTERRUPT &&
				!(rflags & X86_RFLAGS_IF),
			"guest.rflags_if_for_external_interrupt");
	}

	/* 27.3.1.5 */
	why = check_non_register(&c, rflags);
	if (why)
		return why;

	/* 27.3.1.6: PDPTEs, loaded from the VMCS with EPT in PAE paging. */
	if ((c.proc2 & SECONDARY_ENABLE_EPT) && (cr0 & X86_CR0_PG) && (cr4 & X86_CR4_PAE) &&
	    !ia32e) {
		for (u64 f = VMCS_GUEST_PDPTE0; f <= VMCS_GUEST_PDPTE3; f += 2) {
			pdpte = read(f);
			FAIL_IF((pdpte & 1) && ((pdpte & 0x1E6ull) || (pdpte >> cpu->maxphyaddr)),
				"guest.pdpte_reserved");
		}
	}
	return NULL;
}

const char *vmentry_check(const struct vmentry_cpu *cpu, vmentry_read_fn read)
{
	const char *why = vmentry_check_controls(cpu, read);

	if (!why)
		why = vmentry_check_host(cpu, read);
	if (!why)
		why = vmentry_check_guest(cpu, read);
	return why;
}

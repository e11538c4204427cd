// SPDX-License-Identifier: MIT
/*
 * The software VM-entry checker (vmentry_check.c) over the VMCS thinvisor
 * builds: vmx_compute_controls(), vmcs_write_setup() (the control and
 * host-state areas of vmcs_setup()), vmcs_guest_real_mode() and
 * vmcs_guest_multiboot(), with event injection by vcpu_inject_exception()
 * and the NMI injection of nmi_before_entry(), written into the fake VMCS
 * of fake_vmcs.c, once per capability profile.  Every profile must give a
 * VMCS that passes, or be refused by the capability check as vmx_enable()
 * would refuse it.  Then each rule family is shown to fail on a wrong VMCS.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "types.h"
#include "hw/vmcs.h"
#include "hw/vmx.h"
#include "hw/x86.h"
#include "vmx/controls.h"
#include "vmx/guest_state.h"
#include "vmx/vmx.h"
#include "vmexit/complete.h"
#include "fake_vmcs.h"
#include "vmentry_check.h"
#include "vmx_profiles.h"

/* What vmx_on.c would hold after vmx_enable(). */
struct vmx_caps vmx_caps;
struct vmx_controls vmx_ctls;

struct profile {
	const char *name;
	struct vmentry_cpu cpu;
	/* NULL: must pass; else the control vmx_enable() must refuse. */
	const char *refused;
};

static struct profile profiles[16];
static int nprofiles;

static void add(const char *name, struct vmentry_cpu cpu, const char *refused)
{
	profiles[nprofiles++] = (struct profile){name, cpu, refused};
}

static int setup_profiles(void **state)
{
	(void)state;
	nprofiles = 0;
	add("bochs corei7_sandy_bridge_2600k", vmx_profile_bochs_sandy_bridge(), NULL);
	add("bochs corei7_haswell_4770",
	    vmx_profile_bochs(BOCHS_BASIC, 0x00047FFF, MSR(0x00000F01, 0x06334141), false), NULL);
	add("bochs corei7_skylake_x", vmx_profile_bochs_skylake_x(), NULL);
	add("bochs corei7_icelake_u",
	    vmx_profile_bochs(MSR(0x00D81000, 0x04), 0x02977FFF, MSR(0x00000F01, 0x06334141),
			      false),
	    NULL);
	add("bochs tigerlake",
	    vmx_profile_bochs(MSR(0x01D81000, 0x04), 0x02977FFF, MSR(0x00000F01, 0x06B34141),
			      false),
	    NULL);
	add("Ivy Bridge (VBox.log)", vmx_profile_ivy_bridge, NULL);
	add("Coffee Lake (VBox.log)", vmx_profile_coffee_lake, NULL);
	add("QEMU Westmere model", vmx_profile_qemu_westmere(), "load IA32_PAT");
	/* KVM on the two real hosts, SGX off there (their VBox.logs do not
	 * say; with SGX on, 6.1 also offers ENCLS exiting). */
	add("KVM 4.4 nested on Ivy Bridge", vmx_profile_kvm_4_4(&vmx_profile_ivy_bridge), NULL);
	add("KVM 6.1 nested on Ivy Bridge", vmx_profile_kvm_6_1(&vmx_profile_ivy_bridge, false),
	    NULL);
	add("KVM 4.4 nested on Coffee Lake", vmx_profile_kvm_4_4(&vmx_profile_coffee_lake), NULL);
	add("KVM 6.1 nested on Coffee Lake", vmx_profile_kvm_6_1(&vmx_profile_coffee_lake, false),
	    NULL);
	return 0;
}

/* ------------------------------------------------ building thinvisor's VMCS */
static const struct vmentry_cpu *cur_cpu;
static struct vcpu vcpu;

#define EPT_ROOT 0x02000000ull
static const struct vmcs_bitmaps bitmaps = {0x03000000, 0x03001000, 0x03002000};

/*
 * The host as thinvisor runs: boot/entry.asm loads CR0 = PG|WP|NE|ET|MP|PE
 * and CR4 = PAE|MCE, EFER.LME|NXE (LMA set by paging); vmx_enable_cpu()
 * applies the fixed bits and adds VMXE and OSXSAVE.  PAT as after reset
 * (thinvisor never writes it).  The addresses are the kernel's, canonical.
 */
static struct vmcs_host_values host_values(const struct vmx_caps *k)
{
	struct vmcs_host_values h = {
		.cr0 = vmx_fixed_bits(X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_ET |
					      X86_CR0_MP | X86_CR0_PE,
				      k->cr0_fixed0, k->cr0_fixed1),
		.cr3 = 0x00105000,
		.cr4 = vmx_fixed_bits(X86_CR4_PAE | X86_CR4_MCE | X86_CR4_VMXE | X86_CR4_OSXSAVE,
				      k->cr4_fixed0, k->cr4_fixed1),
		.gs_base = 0xFFFFFFFF80400000ull,
		.tr_base = 0xFFFFFFFF80401000ull,
		.gdtr_base = 0xFFFFFFFF80402000ull,
		.idtr_base = 0xFFFFFFFF80403000ull,
		.pat = 0x0007040600070406ull,
		.efer = BIT(8) | BIT(10) | BIT(11),
		.rip = 0xFFFFFFFF80100000ull,
	};
	return h;
}

/* vmx_enable()'s decision, then vmcs_setup()'s fields; NULL or the refusal. */
static const char *build(const struct profile *p, u16 vpid_index)
{
	struct vmx_ctl_error err = {0};
	struct vmcs_host_values h;
	const char *why = NULL;
	u16 vpid;

	fake_vmcs_reset();
	memset(&vcpu, 0, sizeof(vcpu));
	cur_cpu = &p->cpu;
	vmx_caps = p->cpu.caps;
	if (vmx_compute_controls(&vmx_caps, &vmx_ctls, &err))
		return err.missing;
	if (!vmx_ept_usable(vmx_caps.ept_vpid_cap, &why))
		return why;
	h = host_values(&vmx_caps);
	/* kernel/vmm.c: the BSP gets VPID 1 when enabled, AP n gets n + 1. */
	vpid = (vmx_ctls.proc2 & SECONDARY_ENABLE_VPID) ? (u16)(vpid_index + 1) : 0;
	vmcs_write_setup(&vcpu, EPT_ROOT | EPTP_MEMTYPE_WB | EPTP_PAGE_WALK_LENGTH(4), vpid,
			 &bitmaps, &h);
	return NULL;
}

static const char *check(void)
{
	return vmentry_check(cur_cpu, fake_vmcs_get);
}

#define ASSERT_PASSES(p, what)                                                                     \
	do {                                                                                       \
		const char *why_ = check();                                                        \
		if (why_)                                                                          \
			fail_msg("%s, %s: VM entry fails on %s", (p)->name, what, why_);           \
	} while (0)

static void test_every_profile(void **state)
{
	(void)state;
	for (int i = 0; i < nprofiles; i++) {
		const struct profile *p = &profiles[i];
		const char *refused = build(p, 0);

		if (p->refused) {
			if (!refused || strcmp(refused, p->refused))
				fail_msg("%s: expected refusal \"%s\", got %s", p->name, p->refused,
					 refused ? refused : "none");
			printf("  %-32s refused by the capability check: %s\n", p->name, refused);
			continue;
		}
		if (refused)
			fail_msg("%s: refused (%s)", p->name, refused);

		/* The Linux booter and the self-test guest: real mode at 0:ip. */
		vmcs_guest_real_mode(&vcpu, 0, 0x7C00);
		ASSERT_PASSES(p, "real-mode guest");
		/* A #GP injected in real mode: no error code. */
		vcpu_inject_exception(&vcpu, X86_VEC_GP, true, 0);
		ASSERT_PASSES(p, "real-mode guest, #GP injected");
		/* An NMI, as nmi_before_entry() injects it. */
		fake_vmcs_set(VMCS_VM_ENTRY_INTERRUPTION_INFO,
			      VMCS_INTR_INFO(X86_VEC_NMI, VMCS_INTR_TYPE_NMI));
		ASSERT_PASSES(p, "real-mode guest, NMI injected");

		/* A multiboot kernel: 32-bit protected mode, and a #GP with its
		 * error code, and a #PF. */
		vmcs_guest_multiboot(&vcpu, 0x00100000, 0x36D76289, 0x9000);
		fake_vmcs_set(VMCS_VM_ENTRY_INTERRUPTION_INFO, 0);
		ASSERT_PASSES(p, "multiboot guest");
		vcpu_inject_exception(&vcpu, X86_VEC_GP, true, 0x18);
		ASSERT_PASSES(p, "multiboot guest, #GP injected");
		vcpu_inject_exception(&vcpu, X86_VEC_UD, false, 0);
		ASSERT_PASSES(p, "multiboot guest, #UD injected");

		/* An application processor after SIPI vector 0x9A: its own VPID. */
		build(p, 1);
		vmcs_guest_real_mode(&vcpu, 0x9A00, 0);
		ASSERT_PASSES(p, "AP after SIPI");
		printf("  %-32s passes (pin %#x proc %#x proc2 %#x exit %#x entry %#x)\n", p->name,
		       vmx_ctls.pin, vmx_ctls.proc, vmx_ctls.proc2, vmx_ctls.exit, vmx_ctls.entry);
	}
}

/* ------------------------------------------------------- negative tests */
enum op { SET, OR, CLEAR };

struct mutation {
	u64 field;
	enum op op;
	u64 value;
	const char *rule;
	u64 field2, value2; /* a second field set, when field2 != 0 */
};

#define M(f, o, v, r)                                                                              \
	{                                                                                          \
		.field = (f), .op = (o), .value = (v), .rule = (r)                                 \
	}
#define M2(f, o, v, r, f2, v2)                                                                     \
	{                                                                                          \
		.field = (f), .op = (o), .value = (v), .rule = (r), .field2 = (f2), .value2 = (v2) \
	}

static void apply(const struct mutation *m)
{
	u64 v = fake_vmcs_get(m->field);

	v = m->op == SET ? m->value : m->op == OR ? v | m->value : v & ~m->value;
	fake_vmcs_set(m->field, v);
	if (m->field2)
		fake_vmcs_set(m->field2, m->value2);
}

/* Each mutation of a passing VMCS (Bochs skylake_x, real-mode guest, or
 * the multiboot guest where protected mode matters) and the rule it
 * breaks. */
static void run_mutations(const struct mutation *ms, int n, bool multiboot)
{
	const struct profile *p = &profiles[2];

	for (int i = 0; i < n; i++) {
		const char *why;

		assert_null(build(p, 0));
		if (multiboot)
			vmcs_guest_multiboot(&vcpu, 0x00100000, 0x36D76289, 0x9000);
		else
			vmcs_guest_real_mode(&vcpu, 0, 0x7C00);
		assert_null(check());
		apply(&ms[i]);
		why = check();
		if (!why || strcmp(why, ms[i].rule))
			fail_msg("mutation %d: expected %s, got %s", i, ms[i].rule,
				 why ? why : "a passing VM entry");
	}
}

#define RUN(ms, mb) run_mutations(ms, (int)(sizeof(ms) / sizeof((ms)[0])), mb)

static void test_controls_fail(void **state)
{
	static const struct mutation ms[] = {
		M(VMCS_PIN_BASED_VM_EXEC_CONTROL, CLEAR, 0x16, "ctl.pin.must_be_1"),
		M(VMCS_PIN_BASED_VM_EXEC_CONTROL, OR, PIN_BASED_PROCESS_POSTED_INTERRUPTS,
		  "ctl.pin.must_be_0"),
		M(VMCS_PRIMARY_PROC_BASED_VM_EXEC_CONTROL, CLEAR, 0x00000002 | 0x04000000,
		  "ctl.proc.must_be_1"),
		M(VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL, OR, SECONDARY_INSTRUCTION_TIMEOUT,
		  "ctl.proc2.must_be_0"),
		M(VMCS_CR3_TARGET_COUNT, SET, 5, "ctl.cr3_target_count"),
		M(VMCS_IO_BITMAP_A, SET, 0x03000800, "ctl.io_bitmap_a"),
		M(VMCS_MSR_BITMAP, SET, 1ull << 41, "ctl.msr_bitmap"),
		M(VMCS_PIN_BASED_VM_EXEC_CONTROL, CLEAR, PIN_BASED_NMI_EXITING,
		  "ctl.virtual_nmis_without_nmi_exiting"),
		M(VMCS_VPID, SET, 0, "ctl.vpid_zero"),
		M(VMCS_EPT_POINTER, SET, EPT_ROOT | 6 | EPTP_PAGE_WALK_LENGTH(5),
		  "ctl.eptp.walk_length"),
		M(VMCS_EPT_POINTER, SET, EPT_ROOT | 5 | EPTP_PAGE_WALK_LENGTH(4),
		  "ctl.eptp.memory_type"),
		M(VMCS_EPT_POINTER, OR, 0x100, "ctl.eptp.reserved"),
		M(VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL, CLEAR, SECONDARY_ENABLE_EPT,
		  "ctl.unrestricted_guest_without_ept"),
		M(VMCS_VM_EXIT_CONTROLS, OR, VM_EXIT_SAVE_VMX_PREEMPTION_TIMER,
		  "ctl.save_preemption_timer_without_timer"),
		M(VMCS_VM_ENTRY_CONTROLS, OR, VM_ENTRY_ENTRY_TO_SMM, "ctl.entry.smm_outside_smm"),
	};

	(void)state;
	RUN(ms, false);
}

static void test_event_injection_fails(void **state)
{
	static const struct mutation real[] = {
		M(VMCS_VM_ENTRY_INTERRUPTION_INFO, SET, VMCS_INTR_INFO(3, VMCS_INTR_TYPE_NMI),
		  "inject.nmi_vector"),
		M(VMCS_VM_ENTRY_INTERRUPTION_INFO, SET, VMCS_INTR_INFO(1, 1),
		  "inject.type_reserved"),
		M(VMCS_VM_ENTRY_INTERRUPTION_INFO, SET,
		  VMCS_INTR_INFO(X86_VEC_GP, VMCS_INTR_TYPE_HARDWARE_EXCEPTION) |
			  VMCS_INTR_INFO_DELIVER_ERROR_CODE,
		  "inject.error_code_not_allowed"),
		M2(VMCS_VM_ENTRY_INTERRUPTION_INFO, SET,
		   VMCS_INTR_INFO(0x80, VMCS_INTR_TYPE_SOFTWARE_INTERRUPT),
		   "inject.instruction_length", VMCS_VM_ENTRY_INSTRUCTION_LENGTH, 16),
		M(VMCS_VM_ENTRY_INTERRUPTION_INFO, SET,
		  VMCS_INTR_INFO(32, VMCS_INTR_TYPE_HARDWARE_EXCEPTION), "inject.exception_vector"),
		M(VMCS_VM_ENTRY_INTERRUPTION_INFO, SET, VMCS_INTR_INFO(0, 0) | 0x1000,
		  "inject.reserved_bits"),
	};
	static const struct mutation prot[] = {
		M(VMCS_VM_ENTRY_INTERRUPTION_INFO, SET,
		  VMCS_INTR_INFO(X86_VEC_GP, VMCS_INTR_TYPE_HARDWARE_EXCEPTION),
		  "inject.error_code_mismatch"),
		M(VMCS_VM_ENTRY_INTERRUPTION_INFO, SET,
		  VMCS_INTR_INFO(X86_VEC_UD, VMCS_INTR_TYPE_HARDWARE_EXCEPTION) |
			  VMCS_INTR_INFO_DELIVER_ERROR_CODE,
		  "inject.error_code_mismatch"),
	};

	(void)state;
	RUN(real, false);
	RUN(prot, true);
}

static void test_host_state_fails(void **state)
{
	static const struct mutation ms[] = {
		M(VMCS_HOST_CR0, CLEAR, X86_CR0_NE, "host.cr0_fixed"),
		M(VMCS_HOST_CR4, CLEAR, X86_CR4_VMXE, "host.cr4_fixed"),
		M(VMCS_HOST_CR3, SET, 1ull << 45, "host.cr3_width"),
		M(VMCS_HOST_IA32_PAT, SET, 0x0007040600070402ull, "host.pat"),
		M(VMCS_HOST_IA32_EFER, CLEAR, BIT(10), "host.efer_lma"),
		M(VMCS_HOST_IA32_EFER, OR, BIT(1), "host.efer_reserved"),
		M(VMCS_HOST_CS_SELECTOR, OR, 3, "host.selector_rpl_ti"),
		M(VMCS_HOST_TR_SELECTOR, SET, 0, "host.tr_null"),
		M(VMCS_HOST_CS_SELECTOR, SET, 0, "host.cs_null"),
		M(VMCS_HOST_GS_BASE, SET, 0x0000800000000000ull, "host.base_canonical"),
		M(VMCS_VM_EXIT_CONTROLS, CLEAR, VM_EXIT_HOST_ADDRESS_SPACE_SIZE, "host.efer_lma"),
		M(VMCS_HOST_RIP, SET, 0x0000900000000000ull, "host.rip_canonical"),
	};

	(void)state;
	RUN(ms, false);
}

static void test_guest_state_fails(void **state)
{
	static const struct mutation real[] = {
		M(VMCS_GUEST_CR0, OR, X86_CR0_PG, "guest.cr0_pg_without_pe"),
		M(VMCS_GUEST_CR0, CLEAR, X86_CR0_NE, "guest.cr0_fixed"),
		M(VMCS_GUEST_CR4, CLEAR, X86_CR4_VMXE, "guest.cr4_fixed"),
		M(VMCS_VM_ENTRY_CONTROLS, OR, VM_ENTRY_IA32E_MODE_GUEST, "guest.ia32e_without_pg"),
		M(VMCS_GUEST_IA32_EFER, OR, BIT(10), "guest.efer_lma"),
		M(VMCS_GUEST_IA32_PAT, SET, 0x0007040600070403ull, "guest.pat"),
		M(VMCS_GUEST_DR7, OR, 1ull << 40, "guest.dr7_high"),
		M(VMCS_GUEST_TR_ACCESS_RIGHTS, OR, VMCS_AR_UNUSABLE, "guest.tr_unusable"),
		M(VMCS_GUEST_TR_ACCESS_RIGHTS, SET, 0x89, "guest.tr_type"),
		M(VMCS_GUEST_CS_ACCESS_RIGHTS, SET, 0x93 | VMCS_AR_DPL_MASK, "guest.cs_dpl"),
		M(VMCS_GUEST_CS_ACCESS_RIGHTS, SET, 0x91, "guest.cs_type"),
		M(VMCS_GUEST_SS_ACCESS_RIGHTS, SET, 0x9B, "guest.ss_type"),
		M(VMCS_GUEST_DS_ACCESS_RIGHTS, SET, 0x92, "guest.data_seg_not_accessed"),
		M(VMCS_GUEST_ES_LIMIT, SET, 0x100000, "guest.data_seg_granularity"),
		M(VMCS_GUEST_LDTR_ACCESS_RIGHTS, SET, 0x83, "guest.ldtr_type"),
		M(VMCS_GUEST_GDTR_LIMIT, SET, 0x10000, "guest.gdtr_limit"),
		M(VMCS_GUEST_RIP, SET, 1ull << 32, "guest.rip_high"),
		M(VMCS_GUEST_RFLAGS, SET, 0, "guest.rflags_bit1"),
		/* VM = 1 makes the segments' virtual-8086 checks apply first. */
		M(VMCS_GUEST_RFLAGS, OR, X86_RFLAGS_VM, "guest.v86_access_rights"),
		M(VMCS_GUEST_RFLAGS, OR, BIT(3), "guest.rflags_reserved"),
		M(VMCS_GUEST_ACTIVITY_STATE, SET, 4, "guest.activity_state_reserved"),
		M(VMCS_GUEST_INTERRUPTIBILITY_STATE, SET, 3, "guest.sti_and_movss"),
		M(VMCS_GUEST_INTERRUPTIBILITY_STATE, SET, 1, "guest.sti_without_if"),
		M(VMCS_GUEST_INTERRUPTIBILITY_STATE, SET, VMCS_INTR_BLOCKING_BY_SMI,
		  "guest.smi_blocking_outside_smm"),
		M(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, SET, 1ull << 20, "guest.pending_dbg_reserved"),
		M(VMCS_VMCS_LINK_POINTER, SET, 0, "guest.vmcs_link_pointer"),
	};
	static const struct mutation prot[] = {
		/* (SS.RPL = CS.RPL is not required with unrestricted guest.) */
		M(VMCS_GUEST_DS_ACCESS_RIGHTS, SET, 0xC099, "guest.data_seg_code_not_readable"),
		M(VMCS_GUEST_CS_ACCESS_RIGHTS, CLEAR, VMCS_AR_P, "guest.cs_present"),
		M(VMCS_GUEST_CS_LIMIT, SET, 0xFFFFF000, "guest.cs_granularity"),
		M(VMCS_GUEST_SS_ACCESS_RIGHTS, OR, VMCS_AR_DPL_MASK, "guest.cs_dpl"),
		M(VMCS_GUEST_FS_BASE, SET, 0x0000800000000000ull, "guest.fs_base"),
	};

	(void)state;
	RUN(real, false);
	RUN(prot, true);
}

/* With external-interrupt injection, RFLAGS.IF and the interruptibility
 * state matter; with NMI injection and virtual NMIs, blocking by NMI. */
static void test_guest_event_rules_fail(void **state)
{
	static const struct mutation ms[] = {
		M(VMCS_VM_ENTRY_INTERRUPTION_INFO, SET,
		  VMCS_INTR_INFO(0x30, VMCS_INTR_TYPE_EXTERNAL_INTERRUPT),
		  "guest.rflags_if_for_external_interrupt"),
	};
	const char *why;

	(void)state;
	RUN(ms, false);
	assert_null(build(&profiles[2], 0));
	vmcs_guest_real_mode(&vcpu, 0, 0x7C00);
	fake_vmcs_set(VMCS_VM_ENTRY_INTERRUPTION_INFO,
		      VMCS_INTR_INFO(X86_VEC_NMI, VMCS_INTR_TYPE_NMI));
	fake_vmcs_set(VMCS_GUEST_INTERRUPTIBILITY_STATE, VMCS_INTR_BLOCKING_BY_NMI);
	why = check();
	assert_non_null(why);
	assert_string_equal(why, "guest.nmi_inject_virtual_nmi_blocked");
	fake_vmcs_set(VMCS_GUEST_INTERRUPTIBILITY_STATE, VMCS_INTR_BLOCKING_BY_MOV_SS);
	why = check();
	assert_non_null(why);
	assert_string_equal(why, "guest.nmi_inject_movss");
	fake_vmcs_set(VMCS_GUEST_INTERRUPTIBILITY_STATE, 0);
	fake_vmcs_set(VMCS_GUEST_ACTIVITY_STATE, VMCS_ACTIVITY_WAIT_FOR_SIPI);
	why = check();
	assert_non_null(why);
	assert_string_equal(why, "guest.wait_for_sipi_event");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_profile),
		cmocka_unit_test(test_controls_fail),
		cmocka_unit_test(test_event_injection_fails),
		cmocka_unit_test(test_host_state_fails),
		cmocka_unit_test(test_guest_state_fails),
		cmocka_unit_test(test_guest_event_rules_fail),
	};

	return cmocka_run_group_tests(tests, setup_profiles, NULL);
}

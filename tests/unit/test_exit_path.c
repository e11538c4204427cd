// SPDX-License-Identifier: MIT
/*
 * test_exit_path.c - the exit handlers against the SDM's rules, run on the
 * host over a fake VMCS (fake_vmcs.c): instruction completion (SDM Vol. 3C
 * 28.1), exception injection (25.8.3), I/O exits (Table "Exit
 * Qualification for I/O Instructions"), control-register exits (Table
 * "Exit Qualification for Control-Register Accesses") and the XSETBV value
 * rules (Vol. 2C XSETBV, Vol. 1 13.3).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "fake_vmcs.h"
#include "hw/vmcs.h"
#include "hw/msr.h"
#include "hw/x86.h"
#include "vmexit/complete.h"
#include "vmexit/cr_access.h"
#include "vmexit/io.h"
#include "vmexit/nmi.h"
#include "arch/percpu.h"
#include "vmexit/qual.h"
#include "vmexit/xsetbv.h"
#include "vmx/vmx.h"
#include "vmx/vmcs_access.h"
#include "lib/exit_codes.h"

/* cr_access.c's view of the CPU: a Skylake-like CR0/CR4 fixed pair. */
struct vmx_caps vmx_caps = {
	.cr0_fixed0 = 0x80000021, /* PG, NE, PE */
	.cr0_fixed1 = 0xFFFFFFFF,
	.cr4_fixed0 = 0x2000, /* VMXE */
	.cr4_fixed1 = 0x3727FF,
};

/* What vmcs_setup.c does: the shadow is the guest's view, the real value
 * has the forced bits (PE and PG are free for an unrestricted guest). */
void vmcs_set_guest_cr0(struct vcpu *v, u64 val)
{
	(void)v;
	vmwrite(VMCS_CR0_READ_SHADOW, val);
	vmwrite(VMCS_GUEST_CR0, val | X86_CR0_NE);
}

void vmcs_set_guest_cr4(struct vcpu *v, u64 val)
{
	(void)v;
	vmwrite(VMCS_CR4_READ_SHADOW, val);
	vmwrite(VMCS_GUEST_CR4, val | X86_CR4_VMXE);
}

struct percpu percpu[MAX_CPUS];
/* arch/x86_64/cpu_stop.c: the machine is never being stopped in these tests. */
bool cpu_stopping(void)
{
	return false;
}

void cpu_stopped_here(void)
{
	fail_msg("cpu_stopped_here reached");
	abort();
}
struct vmx_controls vmx_ctls = {.proc = 0x96006172, .nmi_window = true};

static struct vcpu vcpu;

static int setup(void **state)
{
	(void)state;
	fake_vmcs_reset();
	vcpu = (struct vcpu){0};
	return 0;
}

/* A 64-bit guest at rip 0x1000, instruction of 2 bytes. */
static void long_mode_guest(void)
{
	fake_vmcs_set(VMCS_GUEST_RIP, 0xFFFFFFFF80001000ULL);
	fake_vmcs_set(VMCS_VM_EXIT_INSTRUCTION_LENGTH, 2);
	fake_vmcs_set(VMCS_GUEST_CS_ACCESS_RIGHTS, VMCS_AR_L | 0x9B);
	fake_vmcs_set(VMCS_GUEST_RFLAGS, X86_RFLAGS_FIXED);
	fake_vmcs_set(VMCS_GUEST_CR0, X86_CR0_PE | X86_CR0_PG);
}

static void complete_advances_rip(void **state)
{
	(void)state;
	long_mode_guest();
	vcpu_complete_instruction(&vcpu);
	assert_int_equal(fake_vmcs_get(VMCS_GUEST_RIP), 0xFFFFFFFF80001002ULL);
	/* Nothing else changed: RFLAGS, blocking and pending #DB untouched. */
	assert_false(fake_vmcs_written(VMCS_GUEST_INTERRUPTIBILITY_STATE));
	assert_false(fake_vmcs_written(VMCS_GUEST_PENDING_DBG_EXCEPTIONS));
}

/* Outside 64-bit mode the instruction pointer is EIP: it wraps at 4 GiB. */
static void complete_wraps_eip_outside_long_mode(void **state)
{
	(void)state;
	fake_vmcs_set(VMCS_GUEST_RIP, 0xFFFFFFFF);
	fake_vmcs_set(VMCS_VM_EXIT_INSTRUCTION_LENGTH, 2);
	fake_vmcs_set(VMCS_GUEST_CS_ACCESS_RIGHTS, 0x9B);
	vcpu_complete_instruction(&vcpu);
	assert_int_equal(fake_vmcs_get(VMCS_GUEST_RIP), 1);
}

/* SDM Vol. 3C 28.1: RF is cleared, STI and MOV-SS blocking end. */
static void complete_clears_rf_and_blocking(void **state)
{
	(void)state;
	long_mode_guest();
	fake_vmcs_set(VMCS_GUEST_RFLAGS, X86_RFLAGS_FIXED | X86_RFLAGS_RF | X86_RFLAGS_IF);
	fake_vmcs_set(VMCS_GUEST_INTERRUPTIBILITY_STATE,
		      VMCS_INTR_BLOCKING_BY_STI | VMCS_INTR_BLOCKING_BY_MOV_SS | 8 /* NMI */);
	vcpu_complete_instruction(&vcpu);
	assert_int_equal(fake_vmcs_get(VMCS_GUEST_RFLAGS), X86_RFLAGS_FIXED | X86_RFLAGS_IF);
	/* blocking by NMI (bit 3) is not the instruction's to end */
	assert_int_equal(fake_vmcs_get(VMCS_GUEST_INTERRUPTIBILITY_STATE), 8);
}

/* Single-stepping over an emulated instruction: the #DB is made pending
 * (BS in the pending debug exceptions), as the instruction would raise it. */
static void complete_single_step_pends_db(void **state)
{
	(void)state;
	long_mode_guest();
	fake_vmcs_set(VMCS_GUEST_RFLAGS, X86_RFLAGS_FIXED | X86_RFLAGS_TF);
	vcpu_complete_instruction(&vcpu);
	assert_true(fake_vmcs_get(VMCS_GUEST_PENDING_DBG_EXCEPTIONS) & VMCS_PENDING_DBG_BS);
}

/* #GP(0) in protected mode carries an error code; RIP stays. */
static void inject_gp_with_error_code(void **state)
{
	(void)state;
	long_mode_guest();
	vcpu_inject_exception(&vcpu, X86_VEC_GP, true, 0);
	assert_int_equal(fake_vmcs_get(VMCS_VM_ENTRY_INTERRUPTION_INFO),
			 X86_VEC_GP |
				 (VMCS_INTR_TYPE_HARDWARE_EXCEPTION << VMCS_INTR_INFO_TYPE_SHIFT) |
				 VMCS_INTR_INFO_VALID | VMCS_INTR_INFO_DELIVER_ERROR_CODE);
	assert_true(fake_vmcs_written(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE));
	assert_int_equal(fake_vmcs_get(VMCS_GUEST_RIP), 0xFFFFFFFF80001000ULL);
}

/* Real mode delivers no error codes (SDM Vol. 3C 27.2.1.3: an entry that
 * asks for one with CR0.PE = 0 fails). */
static void inject_in_real_mode_has_no_error_code(void **state)
{
	(void)state;
	fake_vmcs_set(VMCS_GUEST_CR0, 0);
	vcpu_inject_exception(&vcpu, X86_VEC_GP, true, 0);
	assert_false(fake_vmcs_get(VMCS_VM_ENTRY_INTERRUPTION_INFO) &
		     VMCS_INTR_INFO_DELIVER_ERROR_CODE);
	assert_false(fake_vmcs_written(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE));
}

/* I/O exit qualification: size - 1 in bits 2:0, IN in bit 3, string bit 4,
 * REP bit 5, port in bits 31:16. */
static u64 io_q(u16 port, u8 size, bool in)
{
	return (u64)port << 16 | (in ? 8 : 0) | (u64)(size - 1);
}

static u16 served_port;
static u32 served_value;

static void test_port(struct vcpu *v, const struct io_qual *io, u32 *value)
{
	(void)v;
	served_port = io->port;
	if (io->in)
		*value = 0xA5A5A5A5;
	else
		served_value = *value;
}

static void register_ports_once(void)
{
	static bool done;

	if (!done)
		io_port_register(0x510, 0x511, test_port);
	done = true;
}

/* An 8-bit IN replaces AL only; a 32-bit IN zeroes RAX[63:32] (SDM Vol. 1
 * 3.4.1.1). */
static void io_in_merges_into_rax(void **state)
{
	(void)state;
	register_ports_once();
	long_mode_guest();
	vcpu.regs.rax = 0x1122334455667788ULL;
	handle_io(&vcpu, io_q(0x510, 1, true));
	assert_int_equal(served_port, 0x510);
	assert_int_equal(vcpu.regs.rax, 0x11223344556677A5ULL);
	vcpu.regs.rax = 0x1122334455667788ULL;
	handle_io(&vcpu, io_q(0x511, 2, true));
	assert_int_equal(vcpu.regs.rax, 0x112233445566A5A5ULL);
	vcpu.regs.rax = 0x1122334455667788ULL;
	handle_io(&vcpu, io_q(0x510, 4, true));
	assert_int_equal(vcpu.regs.rax, 0xA5A5A5A5ULL);
	assert_int_equal(fake_vmcs_get(VMCS_GUEST_RIP), 0xFFFFFFFF80001000ULL + 3 * 2);
}

static void io_out_passes_the_operand_size(void **state)
{
	(void)state;
	register_ports_once();
	long_mode_guest();
	vcpu.regs.rax = 0xDEADBEEFCAFE1234ULL;
	handle_io(&vcpu, io_q(0x510, 2, false));
	assert_int_equal(served_value, 0x1234);
}

/* A dword at 0x50E covers 0x510: it exits, but the port is the guest's, so
 * the access is carried out for it and not given to the handler. */
static void io_overlap_is_done_for_the_guest(void **state)
{
	(void)state;
	register_ports_once();
	long_mode_guest();
	served_port = 0;
	vcpu.regs.rax = 0x77;
	handle_io(&vcpu, io_q(0x50E, 4, false));
	assert_int_equal(served_port, 0);
	assert_true(fake_port_last.wrote);
	assert_int_equal(fake_port_last.port, 0x50E);
	assert_int_equal(fake_port_last.size, 4);
	assert_int_equal(fake_port_last.value, 0x77);
}

static void io_exit_on_a_guest_port_is_a_bug(void **state)
{
	(void)state;
	register_ports_once();
	long_mode_guest();
	assert_int_equal(EXPECT_STOP(handle_io(&vcpu, io_q(0x3F8, 1, false))), HV_EXIT_VMX_FAILURE);
}

static void io_string_instruction_is_refused(void **state)
{
	(void)state;
	register_ports_once();
	long_mode_guest();
	assert_int_equal(EXPECT_STOP(handle_io(&vcpu, io_q(0x510, 1, false) | 0x10)),
			 HV_EXIT_GUEST_FAULT);
}

static void io_bitmap_follows_the_table(void **state)
{
	static u8 bm[8192];

	(void)state;
	register_ports_once();
	io_bitmap_build(bm);
	assert_true(bm[0x510 / 8] & (1 << (0x510 % 8)));
	assert_true(bm[0x511 / 8] & (1 << (0x511 % 8)));
	assert_false(bm[0x512 / 8] & (1 << (0x512 % 8)));
	assert_false(bm[0x3F8 / 8] & (1 << (0x3F8 % 8)));
}

/* Control-register qualification: CR in bits 3:0, type in 5:4 (0 MOV to
 * CR, 1 MOV from CR, 2 CLTS, 3 LMSW), GPR in 11:8, LMSW data in 31:16. */
static u64 cr_q(u8 cr, u8 type, u8 gpr)
{
	return cr | (u64)type << 4 | (u64)gpr << 8;
}

/* MOV CR0 with PG and EFER.LME: IA-32e mode begins (SDM Vol. 3A 10.8.5):
 * EFER.LMA and the "IA-32e mode guest" entry control are set with it. */
static void cr0_paging_on_enters_ia32e(void **state)
{
	(void)state;
	long_mode_guest();
	fake_vmcs_set(VMCS_GUEST_CS_ACCESS_RIGHTS, 0x9B);
	fake_vmcs_set(VMCS_GUEST_CR0, X86_CR0_PE | X86_CR0_NE);
	fake_vmcs_set(VMCS_GUEST_CR4, X86_CR4_PAE);
	fake_vmcs_set(VMCS_GUEST_IA32_EFER, IA32_EFER_LME);
	vcpu.regs.rbx = X86_CR0_PE | X86_CR0_PG | X86_CR0_ET;
	handle_cr_access(&vcpu, cr_q(0, 0, 3 /* RBX */));
	assert_true(fake_vmcs_get(VMCS_GUEST_IA32_EFER) & IA32_EFER_LMA);
	assert_true(fake_vmcs_get(VMCS_VM_ENTRY_CONTROLS) & VM_ENTRY_IA32E_MODE_GUEST);
	assert_int_equal(fake_vmcs_get(VMCS_CR0_READ_SHADOW), vcpu.regs.rbx);
	assert_false(fake_vmcs_written(VMCS_VM_ENTRY_INTERRUPTION_INFO));
}

/* #GP cases of MOV CR0 (SDM Vol. 2B MOV CR): PG without PE, NW without CD,
 * PG with LME but no PAE; the shadow stays, the exception is injected. */
static void cr0_invalid_values_gp(void **state)
{
	static const u64 bad[] = {X86_CR0_PG, X86_CR0_PE | X86_CR0_NW, X86_CR0_PE | X86_CR0_PG,
				  1ULL << 32 | X86_CR0_PE};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fake_vmcs_reset();
		long_mode_guest();
		fake_vmcs_set(VMCS_GUEST_CR0, X86_CR0_PE);
		fake_vmcs_set(VMCS_GUEST_IA32_EFER, IA32_EFER_LME);
		vcpu.regs.rax = bad[i];
		handle_cr_access(&vcpu, cr_q(0, 0, 0));
		assert_int_equal(fake_vmcs_get(VMCS_VM_ENTRY_INTERRUPTION_INFO) & 0xFF, X86_VEC_GP);
		assert_false(fake_vmcs_written(VMCS_CR0_READ_SHADOW));
		assert_int_equal(fake_vmcs_get(VMCS_GUEST_RIP), 0xFFFFFFFF80001000ULL);
	}
}

/* The guest has no VMX: setting CR4.VMXE is #GP, as on a CPU without it. */
static void cr4_vmxe_gp(void **state)
{
	(void)state;
	long_mode_guest();
	vcpu.regs.rcx = X86_CR4_PAE | X86_CR4_VMXE;
	handle_cr_access(&vcpu, cr_q(4, 0, 1));
	assert_int_equal(fake_vmcs_get(VMCS_VM_ENTRY_INTERRUPTION_INFO) & 0xFF, X86_VEC_GP);
}

/* MOV from CR3 to RSP (GPR 4) goes to the VMCS's guest RSP. */
static void cr3_read_into_rsp(void **state)
{
	(void)state;
	long_mode_guest();
	fake_vmcs_set(VMCS_GUEST_CR3, 0x123000);
	handle_cr_access(&vcpu, cr_q(3, 1, 4));
	assert_int_equal(fake_vmcs_get(VMCS_GUEST_RSP), 0x123000);
}

/* PAE paging outside IA-32e mode: a MOV to CR0 that turns paging on loads
 * the four PDPTEs from CR3 into the VMCS (VM entry takes them from there
 * under EPT); a present PDPTE with reserved bits is #GP, CR0 unchanged.
 * (phys_to_virt is the identity, so CR3 may point at a host array.) */
static void cr0_pae_paging_loads_pdptes(void **state)
{
	/* below 4 GiB: a PAE CR3 holds a 32-bit address */
	u64 *pdpt = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	(void)state;
	assert_true(pdpt != MAP_FAILED);
	pdpt[0] = 0x1001;
	pdpt[1] = 0x2001;
	pdpt[2] = 0;
	pdpt[3] = 0x4001;
	long_mode_guest();
	fake_vmcs_set(VMCS_GUEST_CS_ACCESS_RIGHTS, 0xC09B);
	fake_vmcs_set(VMCS_GUEST_CR0, X86_CR0_PE | X86_CR0_NE);
	fake_vmcs_set(VMCS_GUEST_CR4, X86_CR4_PAE);
	fake_vmcs_set(VMCS_GUEST_IA32_EFER, 0);
	fake_vmcs_set(VMCS_GUEST_CR3, (u64)(uintptr_t)pdpt);
	vcpu.regs.rax = X86_CR0_PE | X86_CR0_PG;
	handle_cr_access(&vcpu, cr_q(0, 0, 0));
	assert_int_equal(fake_vmcs_get(VMCS_GUEST_PDPTE0), 0x1001);
	assert_int_equal(fake_vmcs_get(VMCS_GUEST_PDPTE1), 0x2001);
	assert_int_equal(fake_vmcs_get(VMCS_GUEST_PDPTE3), 0x4001);
	assert_false(fake_vmcs_written(VMCS_VM_ENTRY_INTERRUPTION_INFO));

	fake_vmcs_reset();
	long_mode_guest();
	fake_vmcs_set(VMCS_GUEST_CS_ACCESS_RIGHTS, 0xC09B);
	fake_vmcs_set(VMCS_GUEST_CR0, X86_CR0_PE | X86_CR0_NE);
	fake_vmcs_set(VMCS_GUEST_CR4, X86_CR4_PAE);
	fake_vmcs_set(VMCS_GUEST_CR3, (u64)(uintptr_t)pdpt);
	pdpt[2] = 0x3001 | 0x2; /* present with reserved bit 1 */
	handle_cr_access(&vcpu, cr_q(0, 0, 0));
	assert_int_equal(fake_vmcs_get(VMCS_VM_ENTRY_INTERRUPTION_INFO) & 0xFF, X86_VEC_GP);
	assert_false(fake_vmcs_written(VMCS_GUEST_PDPTE0));
	assert_false(fake_vmcs_written(VMCS_CR0_READ_SHADOW));
	munmap(pdpt, 4096);
}

/* XSETBV value rules: one row per SDM rule, each with a value it refuses. */
static void xsetbv_rules(void **state)
{
	const u64 all = 0x607FF; /* x87 .. PKRU, AMX tiles */
	static const struct {
		u32 ecx;
		u64 value;
		bool ok;
	} rows[] = {
		{0, 0x1, true},		      /* x87 alone */
		{0, 0x7, true},		      /* x87, SSE, AVX */
		{0, 0xE7, true},	      /* AVX-512 complete */
		{0, 0x1F, true},	      /* MPX both */
		{0, 0x60003, true},	      /* AMX both */
		{1, 0x1, false},	      /* only XCR0 */
		{0, 0x6, false},	      /* x87 clear */
		{0, 0x5, false},	      /* AVX without SSE */
		{0, 0x27, false},	      /* AVX-512 partial (opmask only) */
		{0, 0xC7, false},	      /* AVX-512 partial */
		{0, 0xE3, false},	      /* AVX-512 without AVX */
		{0, 0xB, false},	      /* BNDREGS without BNDCSR */
		{0, 0x13, false},	      /* BNDCSR without BNDREGS */
		{0, 0x20003, false},	      /* TILECFG without TILEDATA */
		{0, 0x40003, false},	      /* TILEDATA without TILECFG */
		{0, 0x1ULL << 62 | 1, false}, /* not supported */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (xsetbv_allowed(rows[i].ecx, rows[i].value, all) != rows[i].ok)
			fail_msg("row %zu: ecx %u value %#llx should be %s", i, rows[i].ecx,
				 (unsigned long long)rows[i].value, rows[i].ok ? "allowed" : "#GP");
	/* a component the CPU lacks */
	assert_false(xsetbv_allowed(0, 0x7, 0x3));
}

static u32 nmi_entries(void)
{
	return fake_vmcs_get(VMCS_VM_ENTRY_INTERRUPTION_INFO) ==
	       VMCS_INTR_INFO(X86_VEC_NMI, VMCS_INTR_TYPE_NMI);
}

/* An exit during delivery of a software interrupt with an error-code-less
 * vector, and of a #PF with one: both go in again as they were. */
static void vectored_events_are_delivered_again(void **state)
{
	(void)state;
	vcpu_reinject_vectored_event(&vcpu);
	assert_false(fake_vmcs_written(VMCS_VM_ENTRY_INTERRUPTION_INFO));

	fake_vmcs_set(VMCS_IDT_VECTORING_INFO,
		      VMCS_INTR_INFO(0x80, VMCS_INTR_TYPE_SOFTWARE_INTERRUPT) | BIT(12));
	fake_vmcs_set(VMCS_VM_EXIT_INSTRUCTION_LENGTH, 2);
	vcpu_reinject_vectored_event(&vcpu);
	assert_int_equal(fake_vmcs_get(VMCS_VM_ENTRY_INTERRUPTION_INFO),
			 VMCS_INTR_INFO(0x80, VMCS_INTR_TYPE_SOFTWARE_INTERRUPT));
	assert_int_equal(fake_vmcs_get(VMCS_VM_ENTRY_INSTRUCTION_LENGTH), 2);

	fake_vmcs_reset();
	fake_vmcs_set(VMCS_IDT_VECTORING_INFO,
		      VMCS_INTR_INFO(X86_VEC_PF, VMCS_INTR_TYPE_HARDWARE_EXCEPTION) |
			      VMCS_INTR_INFO_DELIVER_ERROR_CODE);
	fake_vmcs_set(VMCS_IDT_VECTORING_ERROR_CODE, 6);
	vcpu_reinject_vectored_event(&vcpu);
	assert_int_equal(fake_vmcs_get(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE), 6);
	assert_false(fake_vmcs_written(VMCS_VM_ENTRY_INSTRUCTION_LENGTH));

	/* an NMI: virtual-NMI blocking must be clear for the entry to take it */
	fake_vmcs_reset();
	fake_vmcs_set(VMCS_IDT_VECTORING_INFO, VMCS_INTR_INFO(X86_VEC_NMI, VMCS_INTR_TYPE_NMI));
	fake_vmcs_set(VMCS_GUEST_INTERRUPTIBILITY_STATE, VMCS_INTR_BLOCKING_BY_NMI);
	vcpu_reinject_vectored_event(&vcpu);
	assert_int_equal(fake_vmcs_get(VMCS_GUEST_INTERRUPTIBILITY_STATE), 0);
}

/* An NMI the hypervisor took in VMX root reaches the guest exactly once. */
static void nmi_from_root_injected_once(void **state)
{
	(void)state;
	percpu[0].nmi_in_root = 1;
	nmi_before_entry(&vcpu);
	assert_true(nmi_entries());
	assert_int_equal(percpu[0].nmi_in_root, 0);
	assert_int_equal(vcpu.nmi_pending, 0);
	/* The entry consumed it: the CPU clears the valid bit at the exit. */
	fake_vmcs_set(VMCS_VM_ENTRY_INTERRUPTION_INFO, 0);
	nmi_before_entry(&vcpu);
	assert_false(nmi_entries());
	assert_false(vcpu.nmi_window);
}

/* While the guest blocks NMIs (in its own NMI handler, or in an STI or MOV SS
 * shadow) the NMI waits and NMI-window exiting is on; once it can be taken
 * it goes in and the window is turned off. */
static void nmi_waits_for_the_window(void **state)
{
	static const u32 blocking[] = {VMCS_INTR_BLOCKING_BY_NMI, VMCS_INTR_BLOCKING_BY_STI,
				       VMCS_INTR_BLOCKING_BY_MOV_SS};

	(void)state;
	for (size_t i = 0; i < sizeof(blocking) / sizeof(blocking[0]); i++) {
		fake_vmcs_reset();
		vcpu = (struct vcpu){0};
		percpu[0].nmi_in_root = 1;
		fake_vmcs_set(VMCS_GUEST_INTERRUPTIBILITY_STATE, blocking[i]);
		nmi_before_entry(&vcpu);
		assert_false(nmi_entries());
		assert_true(vcpu.nmi_window);
		assert_true(fake_vmcs_get(VMCS_PRIMARY_PROC_BASED_VM_EXEC_CONTROL) &
			    CPU_BASED_NMI_WINDOW_EXITING);
		fake_vmcs_set(VMCS_GUEST_INTERRUPTIBILITY_STATE, 0);
		nmi_before_entry(&vcpu);
		assert_true(nmi_entries());
		assert_false(vcpu.nmi_window);
		assert_false(fake_vmcs_get(VMCS_PRIMARY_PROC_BASED_VM_EXEC_CONTROL) &
			     CPU_BASED_NMI_WINDOW_EXITING);
	}
}

/* One event per entry: an exception being injected goes first. */
static void nmi_after_another_injection(void **state)
{
	(void)state;
	fake_vmcs_set(VMCS_VM_ENTRY_INTERRUPTION_INFO,
		      VMCS_INTR_INFO(X86_VEC_GP, VMCS_INTR_TYPE_HARDWARE_EXCEPTION));
	vcpu.nmi_pending = 1;
	nmi_before_entry(&vcpu);
	assert_int_equal(fake_vmcs_get(VMCS_VM_ENTRY_INTERRUPTION_INFO) & 0xFF, X86_VEC_GP);
	assert_int_equal(vcpu.nmi_pending, 1);
	assert_true(vcpu.nmi_window);
}

static void nmi_never_into_wait_for_sipi(void **state)
{
	(void)state;
	assert_false(nmi_can_inject(0, 0, VMCS_ACTIVITY_WAIT_FOR_SIPI));
	assert_true(nmi_can_inject(0, 0, VMCS_ACTIVITY_ACTIVE));
}

/* An NMI that arrives in the guest exits (NMI exiting) and is owed to it;
 * one that ended an IRET restores virtual-NMI blocking. */
static void nmi_exit_is_owed_to_the_guest(void **state)
{
	(void)state;
	vmx_ctls.pin = PIN_BASED_NMI_EXITING | PIN_BASED_VIRTUAL_NMIS;
	fake_vmcs_set(VMCS_VM_EXIT_INTERRUPTION_INFO,
		      VMCS_INTR_INFO(X86_VEC_NMI, VMCS_INTR_TYPE_NMI) |
			      VMCS_INTR_INFO_NMI_UNBLOCKING_IRET);
	handle_exception_nmi(&vcpu, 0);
	assert_int_equal(vcpu.nmi_pending, 1);
	assert_true(fake_vmcs_get(VMCS_GUEST_INTERRUPTIBILITY_STATE) & VMCS_INTR_BLOCKING_BY_NMI);
	fake_vmcs_set(VMCS_VM_EXIT_INTERRUPTION_INFO,
		      VMCS_INTR_INFO(X86_VEC_GP, VMCS_INTR_TYPE_HARDWARE_EXCEPTION));
	assert_int_equal(EXPECT_STOP(handle_exception_nmi(&vcpu, 0)), HV_EXIT_VMX_FAILURE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(complete_advances_rip, setup),
		cmocka_unit_test_setup(complete_wraps_eip_outside_long_mode, setup),
		cmocka_unit_test_setup(complete_clears_rf_and_blocking, setup),
		cmocka_unit_test_setup(complete_single_step_pends_db, setup),
		cmocka_unit_test_setup(inject_gp_with_error_code, setup),
		cmocka_unit_test_setup(inject_in_real_mode_has_no_error_code, setup),
		cmocka_unit_test_setup(io_in_merges_into_rax, setup),
		cmocka_unit_test_setup(io_out_passes_the_operand_size, setup),
		cmocka_unit_test_setup(io_overlap_is_done_for_the_guest, setup),
		cmocka_unit_test_setup(io_exit_on_a_guest_port_is_a_bug, setup),
		cmocka_unit_test_setup(io_string_instruction_is_refused, setup),
		cmocka_unit_test_setup(io_bitmap_follows_the_table, setup),
		cmocka_unit_test_setup(cr0_paging_on_enters_ia32e, setup),
		cmocka_unit_test_setup(cr0_invalid_values_gp, setup),
		cmocka_unit_test_setup(cr4_vmxe_gp, setup),
		cmocka_unit_test_setup(cr3_read_into_rsp, setup),
		cmocka_unit_test_setup(cr0_pae_paging_loads_pdptes, setup),
		cmocka_unit_test(xsetbv_rules),
		cmocka_unit_test_setup(vectored_events_are_delivered_again, setup),
		cmocka_unit_test_setup(nmi_from_root_injected_once, setup),
		cmocka_unit_test_setup(nmi_waits_for_the_window, setup),
		cmocka_unit_test_setup(nmi_after_another_injection, setup),
		cmocka_unit_test_setup(nmi_never_into_wait_for_sipi, setup),
		cmocka_unit_test_setup(nmi_exit_is_owed_to_the_guest, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: MIT
/*
 * selftest.c - load the self-test guest and judge its reports.  The guest
 * (guest/selftest/selftest.asm) runs its checks and reports each through
 * SELFTEST_PORT; its last act touches the hypervisor's memory, which must
 * end it in an EPT violation.  Then the totals are printed and the machine
 * stops: HV_EXIT_GUEST_DONE when every check passed.
 */
#include "loader/selftest.h"
#include "selftest_abi.h"
#include "vmexit/vmexit.h"
#include "vmexit/qual.h"
#include "vmx/guest_state.h"
#include "hw/vmx.h"
#include "hw/vmcs.h"
#include "ept/ept.h"
#include "kernel/cmdline.h"
#include "vmx/vmx_insn.h"
#include "arch/cpu.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "lib/string.h"
#include "mm/memory.h"

extern const u8 selftest_blob_start[], selftest_blob_end[];

static struct {
	bool active;
	bool any_guest_memory;	/* records may lie anywhere in guest RAM (multiboot tests) */
	u32 passed, failed, skipped, reports;
	bool expect_ept;
	u64 expect_ept_addr;
} st;

void selftest_load(struct vcpu *v)
{
	// cppcheck-suppress comparePointers ; both labels bound one blob (selftest_blob.asm)
	size_t size = selftest_blob_end - selftest_blob_start;
	struct selftest_params *p = phys_to_virt(SELFTEST_PARAMS_ADDR);

	if (SELFTEST_LOAD_ADDR + size > SELFTEST_MEM_END)
		fatal(HV_EXIT_BAD_GUEST_IMAGE, "the self-test guest (%zu bytes) does not fit", size);
	memcpy(phys_to_virt(SELFTEST_LOAD_ADDR), selftest_blob_start, size);
	p->hv_start = hv_mem.image_start;
	p->hv_end = hv_mem.image_end;
	p->fault_case = hv_opts.guest == GUEST_BENCH ? SELFTEST_CASE_BENCH : (u32)hv_opts.selftest;
	p->misconfig_addr = SELFTEST_MISCONFIG_ADDR;
	if (hv_opts.selftest == SELFTEST_CASE_EPT_MISCONFIG)
		ept_misconfigure_page(SELFTEST_MISCONFIG_ADDR);
	vmcs_guest_real_mode(v, 0, SELFTEST_LOAD_ADDR);
	v->regs.rbx = SELFTEST_PARAMS_ADDR;
	st.active = true;
	pr_info("selftest: guest of %zu bytes at %#x, starting in real mode", size,
		SELFTEST_LOAD_ADDR);
}

static void check(const char *name, bool ok, u64 value)
{
	if (ok)
		st.passed++;
	else
		st.failed++;
	log_raw("thinvisor: selftest: %-36s %s (%#llx)\n", name, ok ? "ok" : "FAIL",
		(unsigned long long)value);
}

/* A check the guest could not run on this CPU: neither a pass nor a failure. */
static void skip(const char *name, u64 value)
{
	st.skipped++;
	log_raw("thinvisor: selftest: %-36s skip (%#llx)\n", name, (unsigned long long)value);
}

static void __noreturn finish(struct vcpu *v)
{
	if (hv_opts.guest == GUEST_BENCH)
		vcpu_stop(v, HV_EXIT_GUEST_DONE, "bench guest finished");
	/* Checked here, not by the guest: the only I/O exits were its reports,
	 * so the pass-through ports it used never left the guest. */
	check("io-exits-only-for-intercepted-ports", v->exits[EXIT_REASON_IO_INSTRUCTION] ==
						     st.reports,
	      v->exits[EXIT_REASON_IO_INSTRUCTION]);
	log_raw("thinvisor: selftest: %u passed, %u failed, %u skipped\n", st.passed, st.failed,
		st.skipped);
	if (st.failed)
		vcpu_stop(v, HV_EXIT_SELFTEST_FAILED, "self-test guest reported %u failure(s)",
			  st.failed);
	vcpu_stop(v, HV_EXIT_GUEST_DONE, "self-test guest finished");
}

void selftest_port_io(struct vcpu *v, const struct io_qual *io, u32 *value)
{
	const struct selftest_record *r;
	u64 addr = *value;
	char name[sizeof(r->name)];

	if (!st.active) {
		/* Another guest: the port is an ordinary (unused) one. */
		if (io->in)
			*value = port_read(io->port, io->size);
		else
			port_write(io->port, *value, io->size);
		return;
	}
	st.reports++;
	if (io->in) {
		*value = 0;
		return;
	}
	if (io->size != 4 ||
	    (st.any_guest_memory ? hv_memory_owns(addr) || hv_memory_owns(addr + sizeof(*r) - 1)
				 : addr < SELFTEST_LOAD_ADDR || addr + sizeof(*r) > SELFTEST_MEM_END))
		vcpu_stop(v, HV_EXIT_SELFTEST_FAILED,
			  "self-test guest wrote %#llx (size %u) to its report port: not a record "
			  "address",
			  (unsigned long long)addr, io->size);
	r = phys_to_virt(addr);
	if (r->magic != SELFTEST_RECORD_MAGIC)
		vcpu_stop(v, HV_EXIT_SELFTEST_FAILED,
			  "self-test record at %#llx has a bad magic %#x", (unsigned long long)addr,
			  r->magic);
	memcpy(name, r->name, sizeof(name));
	name[sizeof(name) - 1] = '\0';
	switch (r->kind) {
	case SELFTEST_CHECK:
		if (r->passed == SELFTEST_SKIPPED)
			skip(name, r->value);
		else
			check(name, r->passed == 1, r->value);
		/* selftest=entry-failure: break the guest state (RFLAGS bit 1 must
		 * be 1, SDM Vol. 3C 27.3.1.4) so the next VM entry fails. */
		if (hv_opts.selftest == SELFTEST_CASE_ENTRY_FAILURE) {
			pr_info("selftest: entry-failure case: clearing guest RFLAGS bit 1");
			vmwrite(VMCS_GUEST_RFLAGS, 0);
		}
		break;
	case SELFTEST_BENCH:
		log_raw("thinvisor: bench: %-10s %u round trips, %llu TSC ticks each\n", name,
			r->passed, (unsigned long long)(r->passed ? r->value / r->passed : 0));
		break;
	case SELFTEST_EXPECT_EPT:
		st.expect_ept = true;
		st.expect_ept_addr = r->value;
		break;
	case SELFTEST_DONE:
		finish(v);
	default:
		vcpu_stop(v, HV_EXIT_SELFTEST_FAILED, "self-test record of unknown kind %u",
			  r->kind);
	}
}

void selftest_accept_reports(void)
{
	st.active = true;
	st.any_guest_memory = true;
}

/* The bench guest's OUT target: the exit is the point, the value is dropped. */
void selftest_bench_port_io(struct vcpu *v, const struct io_qual *io, u32 *value)
{
	(void)v;
	if (io->in)
		*value = 0;
}

void selftest_ept_violation(struct vcpu *v, u64 gpa)
{
	if (!st.expect_ept)
		return;
	check("ept-violation-on-hypervisor-memory", gpa == st.expect_ept_addr, gpa);
	finish(v);
}

// SPDX-License-Identifier: MIT
/*
 * selftest_port.c - the hypervisor's side of the self-test report
 * protocol (include/selftest_abi.h, see include/devices/selftest_port.h):
 * each record the guest writes to SELFTEST_PORT is judged and printed; its
 * last act touches the hypervisor's memory, which must end it in an EPT
 * violation.  Then the totals are printed and the machine stops:
 * HV_EXIT_GUEST_DONE when every check passed.
 */
#include "devices/selftest_port.h"
#include "selftest_abi.h"
#include "vmexit/ept_violation.h"
#include "vmexit/io.h"
#include "vmexit/qual.h"
#include "vmexit/stop.h"
#include "vmx/vmcs_access.h"
#include "hw/vmcs.h"
#include "hw/vmx.h"
#include "arch/apic.h"
#include "arch/cpu.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/memory.h"

static struct {
	bool active;
	bool any_guest_memory; /* records may lie anywhere in guest RAM (multiboot tests) */
	bool bench;	       /* guest=bench: timing records, no verdict */
	bool break_entry;      /* selftest=entry-failure: break the guest state */
	u32 passed, failed, skipped, reports;
	bool expect_ept;
	u64 expect_ept_addr;
} st;

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
	if (st.bench)
		vcpu_stop(v, HV_EXIT_GUEST_DONE, "bench guest finished");
	/* Checked here, not by the guest: every I/O exit was for a port with
	 * a handler (its reports, and the PM1 registers of acpi-s3-refused),
	 * so the pass-through ports it used never left the guest. */
	check("io-exits-only-for-intercepted-ports",
	      v->exits[EXIT_REASON_IO_INSTRUCTION] == io_port_exits_served() &&
		      st.reports <= io_port_exits_served(),
	      v->exits[EXIT_REASON_IO_INSTRUCTION]);
	log_raw("thinvisor: selftest: %u passed, %u failed, %u skipped\n", st.passed, st.failed,
		st.skipped);
	if (st.failed)
		vcpu_stop(v, HV_EXIT_SELFTEST_FAILED, "self-test guest reported %u failure(s)",
			  st.failed);
	vcpu_stop(v, HV_EXIT_GUEST_DONE, "self-test guest finished");
}

static void selftest_port_io(struct vcpu *v, const struct io_qual *io, u32 *value)
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
	    (st.any_guest_memory
		     ? hv_memory_owns(addr) || hv_memory_owns(addr + sizeof(*r) - 1)
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
		if (st.break_entry) {
			pr_info("selftest: entry-failure case: clearing guest RFLAGS bit 1");
			vmwrite(VMCS_GUEST_RFLAGS, 0);
		}
		break;
	case SELFTEST_BENCH:
		log_raw("thinvisor: bench: %-10s %u round trips, %llu TSC ticks each\n", name,
			r->passed, (unsigned long long)(r->passed ? r->value / r->passed : 0));
		break;
	case SELFTEST_SEND_NMI:
		/* Taken right away in VMX root operation (NMIs are not blocked
		 * here), then owed to the guest: vmexit/nmi.c injects it. */
		apic_send_nmi_to_self();
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

/* The bench guest's OUT target: the exit is the point, the value is dropped. */
static void selftest_bench_port_io(struct vcpu *v, const struct io_qual *io, u32 *value)
{
	(void)v;
	if (io->in)
		*value = 0;
}

static void selftest_ept_violation(struct vcpu *v, u64 gpa)
{
	if (!st.expect_ept)
		return;
	check("ept-violation-on-hypervisor-memory", gpa == st.expect_ept_addr, gpa);
	finish(v);
}

void selftest_port_init(void)
{
	io_port_register(SELFTEST_PORT, SELFTEST_PORT, selftest_port_io);
	io_port_register(SELFTEST_BENCH_PORT, SELFTEST_BENCH_PORT, selftest_bench_port_io);
	ept_violation_watch_hv(selftest_ept_violation);
}

void selftest_port_activate(bool any_guest_memory, bool bench, bool break_entry)
{
	st.active = true;
	st.any_guest_memory = any_guest_memory;
	st.bench = bench;
	st.break_entry = break_entry;
}

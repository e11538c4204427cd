// SPDX-License-Identifier: MIT
/*
 * stop.c - the end of the guest: its last line, the exit tables, and the
 * hand-over to the machine's power control (see include/vmexit/stop.h).
 */
#include "vmexit/stop.h"
#include "vmexit/exit_names.h"
#include "arch/percpu.h"
#include "arch/power.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/panic.h"

static void print_one_table(const struct vcpu *v, const char *what)
{
	log_raw("thinvisor: exits by reason%s (%llu in all):\n", what,
		(unsigned long long)v->exits_total);
	for (u32 r = 0; r < EXIT_REASON_MAX; r++)
		if (v->exits[r])
			log_raw("thinvisor:   %-26s %10llu\n", exit_reason_name(r),
				(unsigned long long)v->exits[r]);
}

/* The exit table of every vCPU: one table when there is one CPU; else one
 * per CPU and a summed one (the per-CPU counters are only read here). */
void vcpu_print_exit_table(const struct vcpu *v)
{
	static struct vcpu sum;
	char what[24];

	if (nr_cpus == 1) {
		print_one_table(v, "");
		return;
	}
	sum.exits_total = 0;
	for (u32 r = 0; r < EXIT_REASON_MAX; r++)
		sum.exits[r] = 0;
	for (u32 c = 0; c < nr_cpus; c++) {
		const struct vcpu *o = percpu[c].vcpu;

		if (!o || percpu[c].state != CPU_RUNNING)
			continue;
		fmt_snprintf(what, sizeof(what), " on cpu%u", c);
		print_one_table(o, what);
		sum.exits_total += o->exits_total;
		for (u32 r = 0; r < EXIT_REASON_MAX; r++)
			sum.exits[r] += o->exits[r];
	}
	print_one_table(&sum, ", all CPUs");
}

void __noreturn vcpu_stop(struct vcpu *v, enum hv_exit code, const char *fmt, ...)
{
	char msg[224];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (code == HV_EXIT_GUEST_DONE)
		pr_info("%s", msg);
	else
		log_raw("thinvisor: FATAL: %s\n", msg);
	vcpu_print_exit_table(v);
	if (code == HV_EXIT_GUEST_FAULT || code == HV_EXIT_VMX_FAILURE)
		power_end_after_fault(code);
	platform_stop(code);
}

/* SPDX-License-Identifier: MIT */
/*
 * cmdline.h - the hypervisor's own command line (the words after the image
 * on GRUB's multiboot2 line).  Words are `name=value`, separated by spaces.
 * An unknown word or value is an error that names it and lists what is
 * accepted: a typo must not silently change what the hypervisor does.
 */
#ifndef THINVISOR_KERNEL_CMDLINE_H
#define THINVISOR_KERNEL_CMDLINE_H

#include "types.h"
#include "selftest_abi.h"
#include "arch/power.h"

/* bench: the self-test guest timing exit round trips (make bench) */
enum guest_kind { GUEST_LINUX = 0, GUEST_SELFTEST = 1, GUEST_BENCH = 2 };

struct hv_options {
	int loglevel;	    /* -1: not given */
	int stop;	    /* enum stop_mode; -1: not given */
	int guest;	    /* enum guest_kind */
	int selftest;	    /* enum selftest_case */
	int on_guest_fault; /* enum guest_fault_action */
	/* trace=R1,R2,...: log these basic exit reasons (bit n = reason n) */
	u64 trace[2];
	bool trace_set;
	u32 cpus;    /* cpus=N: virtualise at most N CPUs; 0 = all */
	int console; /* enum console_choice */
};

/* console=: where the log goes (the screen only where there is one). */
enum console_choice { CONSOLE_BOTH = 0, CONSOLE_SERIAL, CONSOLE_SCREEN };

static inline bool hv_trace_exit(const struct hv_options *o, u32 reason)
{
	return o->trace_set && reason < 128 && (o->trace[reason / 64] >> (reason % 64)) & 1;
}

/* Parse s (may be NULL).  0 on success; -1 with a one-line reason for the first
 * bad word in err.  Every good word is applied even when another is bad. */
int cmdline_parse(const char *s, struct hv_options *o, char *err, size_t errlen);

/* "loglevel=error|warn|info|debug exit=halt|emulator ..." */
void cmdline_accepted(char *buf, size_t len);

#endif

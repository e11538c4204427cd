/* SPDX-License-Identifier: MIT */
/*
 * vmexit/exit_names.h - printable names of VMX basic exit reasons.
 *
 * Contract: exit_reason_name() takes the basic exit reason (bits 15:0 of the
 * exit-reason field, see EXIT_REASON_BASIC() in hw/vmx.h) and returns a
 * static string equal to the suffix of its EXIT_REASON_<NAME> constant,
 * e.g. "CPUID" or "EPT_VIOLATION". Reserved numbers and anything at or
 * beyond EXIT_REASON_MAX give "UNKNOWN". Never returns NULL; pure, no I/O.
 */
#ifndef THINVISOR_VMEXIT_EXIT_NAMES_H
#define THINVISOR_VMEXIT_EXIT_NAMES_H

#include "types.h"

const char *exit_reason_name(u32 basic_reason);

/* The basic exit reason named s[0..n) (any case, e.g. "cpuid",
 * "EPT_VIOLATION"); -1 if there is none. */
int exit_reason_from_name(const char *s, size_t n);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * panic.h - the one way thinvisor stops.
 *
 * fatal() prints one line "thinvisor: FATAL: <what is wrong>; <what to do>"
 * and then platform_stop()s with a distinct exit code.  Nothing that goes
 * wrong may hang silently.
 */
#ifndef THINVISOR_LIB_PANIC_H
#define THINVISOR_LIB_PANIC_H

#include "types.h"
#include "lib/exit_codes.h"

void __noreturn fatal(enum hv_exit code, const char *fmt, ...) __printf(2, 3);

/* How the machine is left at the end: halted, or the emulator ended. */
enum stop_mode { STOP_HALT = 0, STOP_EMULATOR = 1 };
extern enum stop_mode stop_mode;

/* Ends the machine: every other CPU is stopped first (the hook SMP start-up
 * registers), then the code goes to the emulator or the CPU halts. */
void __noreturn platform_stop(enum hv_exit code);

/* The hook platform_stop() calls to stop every other CPU. */
void panic_set_stop_others(void (*fn)(void));

#endif

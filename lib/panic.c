// SPDX-License-Identifier: MIT
/*
 * panic.c - fatal errors and the end of the machine.
 */
#include "lib/panic.h"
#include "lib/log.h"
#include "arch/cpu.h"
#include "lib/fmt.h"

enum stop_mode stop_mode = STOP_HALT;

/* QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4,iosize=4) */
#define QEMU_DEBUG_EXIT_PORT 0xF4
/* Bochs quits when the bytes of "Shutdown" reach this port (TESTBENCH.md) */
#define BOCHS_SHUTDOWN_PORT 0x8900
/* Bochs prints the bytes written here on its stdout (port_e9_hack) */
#define BOCHS_E9_PORT 0xE9

/*
 * Bochs quits with status 1 whatever the reason, so the code travels as a
 * line "thinvisor-exit: 0xNN" on port 0xE9: tools/bochs.sh turns it into
 * the exit status (code << 1) | 1, as QEMU's isa-debug-exit does.
 */
static void bochs_exit_marker(enum hv_exit code)
{
	static const char hex[] = "0123456789abcdef";
	char line[] = "\nthinvisor-exit: 0x??\n";
	char *digits = line + sizeof(line) - 4;

	digits[0] = hex[(code >> 4) & 0xf];
	digits[1] = hex[code & 0xf];
	for (const char *s = line; *s; s++)
		outb(BOCHS_E9_PORT, (u8)*s);
}

static void (*stop_others)(void);

void panic_set_stop_others(void (*fn)(void))
{
	stop_others = fn;
}

void __noreturn platform_stop(enum hv_exit code)
{
	static u32 claimed;

	asm volatile("cli");
	/* One CPU ends the machine; another that fails meanwhile just halts
	 * (its line is out already). */
	if (__atomic_exchange_n(&claimed, 1, __ATOMIC_SEQ_CST))
		cpu_halt_forever();
	if (stop_others)
		stop_others();
	if (stop_mode == STOP_EMULATOR) {
		log_raw("thinvisor: ending the emulator (exit code 0x%02x)\n", code);
		outl(QEMU_DEBUG_EXIT_PORT, code);
		bochs_exit_marker(code);
		for (const char *s = "Shutdown"; *s; s++)
			outb(BOCHS_SHUTDOWN_PORT, (u8)*s);
	}
	log_raw("thinvisor: halted (exit code 0x%02x); it is safe to power off\n", code);
	cpu_halt_forever();
}

void __noreturn fatal(enum hv_exit code, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_raw("thinvisor: FATAL: %s\n", msg);
	platform_stop(code);
}

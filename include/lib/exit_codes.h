/* SPDX-License-Identifier: MIT */
/*
 * exit_codes.h - why thinvisor stopped, one code per cause.
 *
 * With `exit=emulator` on the command line the code is written to QEMU's
 * isa-debug-exit port (QEMU then exits with status (code << 1) | 1) before
 * Bochs is told to quit (its status is always 1; Bochs tests read the serial
 * log instead).  On real hardware the machine halts after the message.
 * The README lists these; tests assert on them.
 */
#ifndef THINVISOR_LIB_EXIT_CODES_H
#define THINVISOR_LIB_EXIT_CODES_H

enum hv_exit {
	HV_EXIT_GUEST_DONE = 0x01,	/* guest powered off / self-test passed */
	HV_EXIT_SELFTEST_FAILED = 0x02, /* self-test guest reported a failure */
	HV_EXIT_GUEST_RESET = 0x03,	/* guest asked for a reset */
	HV_EXIT_NO_VMX = 0x10,		/* CPUID.1:ECX.VMX clear */
	HV_EXIT_VMX_LOCKED_OFF = 0x11,	/* IA32_FEATURE_CONTROL locked, VMX off */
	HV_EXIT_VMX_FEATURE = 0x12,	/* EPT, unrestricted guest or a control missing */
	HV_EXIT_BAD_BOOT_INFO = 0x14,	/* malformed multiboot2 information */
	HV_EXIT_NO_MEMORY = 0x15,	/* too little RAM */
	HV_EXIT_BAD_CMDLINE = 0x16,	/* unknown or malformed command-line word */
	HV_EXIT_CPU_EXCEPTION = 0x17,	/* the hypervisor itself faulted */
	HV_EXIT_VMX_FAILURE = 0x18,	/* a VMX instruction or VM entry failed */
	HV_EXIT_GUEST_FAULT = 0x19,	/* the guest did something fatal */
	HV_EXIT_BAD_GUEST_IMAGE = 0x1A, /* missing or invalid guest module */
};

#endif

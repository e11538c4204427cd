/* SPDX-License-Identifier: MIT */
/*
 * fake_vmcs.h - a VMCS in host memory for unit tests of the exit path.
 *
 * vmread()/vmwrite() (include/vmx/vmcs_access.h under HOST_TEST) and
 * port_read()/port_write() (include/arch/cpu.h) land here.  A field never
 * written reads as 0.  vcpu_stop() and fatal() record their code and
 * longjmp back to the test that armed fake_stop_armed.
 */
#ifndef THINVISOR_TESTS_FAKE_VMCS_H
#define THINVISOR_TESTS_FAKE_VMCS_H

#include <setjmp.h>
#include "types.h"

void fake_vmcs_reset(void);
void fake_vmcs_set(u64 field, u64 value);
u64 fake_vmcs_get(u64 field);
bool fake_vmcs_written(u64 field);

/* The last port access the code under test made. */
struct fake_port_access {
	bool wrote, read;
	u16 port;
	u8 size;
	u32 value;
};
extern struct fake_port_access fake_port_last;
/* What the next port_read() returns. */
extern u32 fake_port_read_value;

/* vcpu_stop()/fatal(): the code given, and the jump back. */
extern int fake_stop_code;
extern jmp_buf fake_stop_jump;
extern bool fake_stop_armed;

/* Run an expression that must stop the guest; evaluates to the code. */
#define EXPECT_STOP(expr)                                                                          \
	({                                                                                         \
		fake_stop_code = -1;                                                               \
		fake_stop_armed = true;                                                            \
		if (!setjmp(fake_stop_jump)) {                                                     \
			expr;                                                                      \
		}                                                                                  \
		fake_stop_armed = false;                                                           \
		fake_stop_code;                                                                    \
	})

#endif

// SPDX-License-Identifier: MIT
/*
 * fake_vmcs.c - see fake_vmcs.h.  Also the few services the exit handlers
 * call (logging, fatal, vcpu_stop), reduced to what a test can observe.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "fake_vmcs.h"
#include "vmx/vmcs_access.h"
#include "arch/cpu.h"
#include "lib/log.h"
#include "lib/panic.h"
#include "vmexit/stop.h"

#define FAKE_FIELDS 128

static struct {
	u64 field, value;
	bool used;
} fields[FAKE_FIELDS];

struct fake_port_access fake_port_last;
u32 fake_port_read_value;
int fake_stop_code = -1;
jmp_buf fake_stop_jump;
bool fake_stop_armed;
int log_level = LOG_INFO;
bool log_guest_may_be_mid_line;

void fake_vmcs_reset(void)
{
	for (int i = 0; i < FAKE_FIELDS; i++)
		fields[i].used = false;
	fake_port_last = (struct fake_port_access){0};
	fake_port_read_value = 0;
}

static int slot(u64 field, bool create)
{
	int free_slot = -1;

	for (int i = 0; i < FAKE_FIELDS; i++) {
		if (fields[i].used && fields[i].field == field)
			return i;
		if (!fields[i].used && free_slot < 0)
			free_slot = i;
	}
	if (!create)
		return -1;
	assert_true(free_slot >= 0);
	fields[free_slot].used = true;
	fields[free_slot].field = field;
	fields[free_slot].value = 0;
	return free_slot;
}

void fake_vmcs_set(u64 field, u64 value)
{
	fields[slot(field, true)].value = value;
}

u64 fake_vmcs_get(u64 field)
{
	int i = slot(field, false);

	return i < 0 ? 0 : fields[i].value;
}

bool fake_vmcs_written(u64 field)
{
	return slot(field, false) >= 0;
}

u64 vmread(u64 field)
{
	return fake_vmcs_get(field);
}

void vmwrite(u64 field, u64 value)
{
	fake_vmcs_set(field, value);
}

u32 port_read(u16 port, u8 size)
{
	fake_port_last = (struct fake_port_access){.read = true, .port = port, .size = size};
	return fake_port_read_value;
}

void port_write(u16 port, u32 value, u8 size)
{
	fake_port_last = (struct fake_port_access){
		.wrote = true, .port = port, .size = size, .value = value};
}

static void __noreturn stop_here(int code)
{
	fake_stop_code = code;
	if (!fake_stop_armed)
		fail_msg("the guest was stopped (code %#x) where the test expected it to go on",
			 code);
	longjmp(fake_stop_jump, 1);
}

void vcpu_stop(struct vcpu *v, enum hv_exit code, const char *fmt, ...)
{
	(void)v;
	(void)fmt;
	stop_here(code);
}

void vcpu_print_exit_table(const struct vcpu *v)
{
	(void)v;
}

void fatal(enum hv_exit code, const char *fmt, ...)
{
	(void)fmt;
	stop_here(code);
}

void log_printf(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

void log_trace(const char *fmt, ...)
{
	(void)fmt;
}

void log_raw(const char *fmt, ...)
{
	(void)fmt;
}

// SPDX-License-Identifier: MIT
/*
 * io.c - I/O-instruction exits and the table of ports the hypervisor
 * intercepts.  The I/O bitmaps are built from the same table, so a port is
 * intercepted exactly when it has a handler here.
 */
#include "vmexit/vmexit.h"
#include "vmexit/qual.h"
#include "vmx/io_bitmap.h"
#include "vmx/vmx_insn.h"
#include "loader/selftest.h"
#include "selftest_abi.h"
#include "hw/vmcs.h"
#include "arch/cpu.h"
#include "kernel/log.h"
#include "kernel/platform.h"

typedef void (*io_port_fn)(struct vcpu *v, const struct io_qual *io, u32 *value);

struct io_port_handler {
	u16 first, last;
	io_port_fn fn;
};

/* Fixed intercepted ports (the I/O bitmap is built from this and the
 * power-control ports of kernel/platform.c). */
static const struct io_port_handler io_ports[] = {
	{ SELFTEST_PORT, SELFTEST_PORT, selftest_port_io },
	{ SELFTEST_BENCH_PORT, SELFTEST_BENCH_PORT, selftest_bench_port_io },
};

static bool is_power_port(u16 port)
{
	u32 n;
	const u16 *ports = platform_power_ports(&n);

	for (u32 i = 0; i < n; i++)
		if (ports[i] == port)
			return true;
	return false;
}

/* The handler of an intercepted port, NULL for the guest's own ports. */
static io_port_fn io_port_handler(u16 port)
{
	for (size_t i = 0; i < ARRAY_SIZE(io_ports); i++)
		if (port >= io_ports[i].first && port <= io_ports[i].last)
			return io_ports[i].fn;
	/* power-control ports come from the FADT, found at run time */
	return is_power_port(port) ? platform_power_io : NULL;
}

bool io_port_intercepted(u16 port)
{
	return io_port_handler(port) != NULL;
}

void io_bitmap_build(u8 bitmaps[8192])
{
	for (u32 i = 0; i < 8192; i++)
		bitmaps[i] = 0;
	for (u32 p = 0; p < 0x10000; p++)
		if (io_port_intercepted((u16)p))
			bitmaps[p / 8] |= (u8)(1u << (p % 8));
}

void handle_io(struct vcpu *v, u64 q)
{
	struct io_qual io = io_qual_decode(q);
	u32 mask = io.size == 4 ? 0xFFFFFFFFu : io.size == 2 ? 0xFFFFu : 0xFFu;
	io_port_fn fn = io_port_handler(io.port);
	u32 value = (u32)v->regs.rax & mask;

	if (io.string || io.size == 0)
		vcpu_stop(v, HV_EXIT_GUEST_FAULT,
			  "guest %s%s on intercepted port %#x (qualification %#llx) is not "
			  "emulated by thinvisor",
			  io.rep ? "REP " : "", io.in ? "INS" : "OUTS", io.port,
			  (unsigned long long)q);
	if (fn) {
		fn(v, &io, &value);
	} else {
		/* A wide access that only overlaps an intercepted port (a dword at
		 * 0xCF8 covers 0xCF9): the guest's own port, so do it for the guest. */
		bool overlaps = false;

		for (u32 p = io.port; p < (u32)io.port + io.size; p++)
			overlaps |= io_port_intercepted((u16)p);
		if (!overlaps)
			vcpu_stop(v, HV_EXIT_VMX_FAILURE,
				  "I/O exit on port %#x, which the I/O bitmap does not intercept; "
				  "this is a thinvisor bug",
				  io.port);
		if (io.in)
			value = port_read(io.port, io.size);
		else
			port_write(io.port, value, io.size);
	}
	/* IN writes AL/AX/EAX; a 32-bit IN zeroes RAX[63:32] (SDM Vol. 1 3.4.1.1) */
	if (io.in)
		v->regs.rax = io.size == 4 ? value : (v->regs.rax & ~(u64)mask) | (value & mask);
	vcpu_complete_instruction(v);
}

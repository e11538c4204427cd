// SPDX-License-Identifier: MIT
/*
 * io.c - I/O-instruction exits and the table of ports the hypervisor
 * intercepts (see include/vmexit/io.h).
 */
#include "vmexit/io.h"
#include "vmexit/complete.h"
#include "vmexit/qual.h"
#include "vmexit/stop.h"
#include "arch/cpu.h"
#include "lib/panic.h"

#define MAX_IO_PORT_HANDLERS 16

struct io_port_handler {
	u16 first, last;
	io_port_fn fn;
};

static struct io_port_handler io_ports[MAX_IO_PORT_HANDLERS];
static u32 nr_io_ports;
static u64 io_exits_served;

void io_port_register(u16 first, u16 last, io_port_fn fn)
{
	if (nr_io_ports == MAX_IO_PORT_HANDLERS)
		fatal(HV_EXIT_VMX_FAILURE,
		      "more than %d intercepted I/O port ranges; this is a "
		      "thinvisor bug",
		      MAX_IO_PORT_HANDLERS);
	io_ports[nr_io_ports++] = (struct io_port_handler){first, last, fn};
}

/* The handler of an intercepted port, NULL for the guest's own ports. */
static io_port_fn io_port_handler(u16 port)
{
	for (u32 i = 0; i < nr_io_ports; i++)
		if (port >= io_ports[i].first && port <= io_ports[i].last)
			return io_ports[i].fn;
	return NULL;
}

u64 io_port_exits_served(void)
{
	return __atomic_load_n(&io_exits_served, __ATOMIC_RELAXED);
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
		__atomic_fetch_add(&io_exits_served, 1, __ATOMIC_RELAXED);
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

/* SPDX-License-Identifier: MIT */
/*
 * io.h - I/O-instruction exits and the table of ports the hypervisor
 * intercepts.
 *
 * Contract: guest-facing devices (devices/) register the ports they serve
 * with io_port_register() before the I/O bitmaps are built; the bitmaps
 * (SDM Vol. 3C 25.6.4, "I/O-Bitmap Addresses": A covers 0x0000-0x7FFF, B
 * 0x8000-0xFFFF, one bit a port, set = exit) are built from the same
 * table, so a port exits exactly when it has a handler.  An access of
 * several bytes exits when any of its ports is intercepted; one that only
 * overlaps an intercepted port is carried out for the guest.  Every other
 * port belongs to the guest.
 */
#ifndef THINVISOR_VMEXIT_IO_H
#define THINVISOR_VMEXIT_IO_H

#include "types.h"
#include "vmx/vcpu.h"

struct io_qual;

/* *value: the guest's value of an OUT; for an IN, what the guest reads. */
typedef void (*io_port_fn)(struct vcpu *v, const struct io_qual *io, u32 *value);

/* Serve ports first..last with fn (before io_bitmap_build). */
void io_port_register(u16 first, u16 last, io_port_fn fn);

/* Fill two consecutive 4 KiB pages (A then B) from the port table. */
void io_bitmap_build(u8 bitmaps[8192]);

/* true if the port is one the hypervisor intercepts */
bool io_port_intercepted(u16 port);

/* I/O exits served by a registered handler so far (all vCPUs) */
u64 io_port_exits_served(void);

void handle_io(struct vcpu *v, u64 q);

#endif

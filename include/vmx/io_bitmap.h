/* SPDX-License-Identifier: MIT */
/*
 * io_bitmap.h - which I/O ports exit (SDM Vol. 3C 25.6.4, "I/O-Bitmap
 * Addresses"): bitmap A covers ports 0x0000-0x7FFF, B 0x8000-0xFFFF, one
 * bit a port, set = exit.  An access of several bytes exits when any of its
 * ports' bits is set.  Every other port belongs to the guest.
 */
#ifndef THINVISOR_VMX_IO_BITMAP_H
#define THINVISOR_VMX_IO_BITMAP_H

#include "types.h"

/* Fill two consecutive 4 KiB pages (A then B) from the port table. */
void io_bitmap_build(u8 bitmaps[8192]);

/* true if the port is one the hypervisor intercepts */
bool io_port_intercepted(u16 port);

#endif

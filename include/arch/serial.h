/* SPDX-License-Identifier: MIT */
/*
 * serial.h - polled 16550 UART on COM1 (0x3F8), 115200 8N1.  Output only;
 * every byte waits for LSR.THRE, so nothing is lost on a real or emulated
 * UART that models transmit timing.  "\n" goes out as "\r\n".
 */
#ifndef THINVISOR_ARCH_SERIAL_H
#define THINVISOR_ARCH_SERIAL_H

#include "types.h"

void serial_init(void);
void serial_write(const char *s, size_t n);

#endif

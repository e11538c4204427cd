// SPDX-License-Identifier: MIT
/*
 * serial.c - COM1 output.  Register offsets and bits from the PC16550D data
 * sheet: THR/DLL +0, IER/DLM +1, FCR +2, LCR +3, MCR +4, LSR +5.
 */
#include "arch/serial.h"
#include "arch/cpu.h"

#define COM1	      0x3F8
#define UART_LSR_THRE 0x20 /* transmit holding register empty */

void serial_init(void)
{
	outb(COM1 + 1, 0x00); /* no interrupts: we poll */
	outb(COM1 + 3, 0x80); /* DLAB on */
	outb(COM1 + 0, 0x01); /* divisor 1: 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* 8N1, DLAB off */
	outb(COM1 + 2, 0xC7); /* FIFOs on, cleared */
	outb(COM1 + 4, 0x03); /* DTR | RTS */
}

static void serial_putc(char c)
{
	/* Bounded wait: a missing UART (LSR reads 0xFF) must not hang us. */
	for (unsigned spin = 0; spin < 1000000; spin++) {
		if (inb(COM1 + 5) & UART_LSR_THRE)
			break;
		cpu_relax();
	}
	outb(COM1, (u8)c);
}

void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

/* SPDX-License-Identifier: MIT */
/*
 * vga.h - the log on a PC's text screen, for machines without a serial
 * port: the VGA text buffer at 0xB8000, 80 x 25 cells of character and
 * attribute (the mode GRUB leaves on a BIOS boot in text mode).
 *
 * Contract: vga_text_init() clears the screen; vga_text_write() is a log
 * sink (lib/log.h): it prints at the bottom and scrolls, "\n" starts a new
 * line, lines wider than the screen wrap.  A FATAL line is shown white on
 * red so that it stands out on a screen full of boot messages.
 */
#ifndef THINVISOR_ARCH_VGA_H
#define THINVISOR_ARCH_VGA_H

#include "types.h"

#define VGA_TEXT_BASE 0xB8000
#define VGA_COLS      80
#define VGA_ROWS      25

void vga_text_init(void);
void vga_text_write(const char *s, size_t n);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * fbcon.h - the log on a graphical framebuffer: the screen of an EFI boot
 * (GOP) or of a BIOS boot where GRUB set a VBE mode and kept it
 * (gfxpayload=keep), described by the multiboot2 framebuffer info tag
 * (multiboot2 spec 3.6.12, type 8) as struct machine_framebuffer.
 *
 * Only direct RGB colour (framebuffer_type 1 in the spec) of 32 or 24 bits
 * per pixel is drawn: the cases firmware and GRUB give.  Text is drawn with
 * a built-in 8x16 font (fbcon_font, printable ASCII; other bytes show as
 * '?') in cells of width / 8 x height / 16, light grey on black.
 *
 * Contract: fbcon_write() is a log sink (lib/log.h) like vga_text_write():
 * it prints on the bottom row and scrolls the screen up by moving pixel
 * rows, "\n" starts a new line, a line wider than the screen wraps, and a
 * FATAL line is drawn white on red.  It may be registered before the
 * framebuffer can be reached (before host paging maps it): what it gets
 * until fbcon_attach() is kept, up to FBCON_EARLY_BYTES, and drawn then.
 */
#ifndef THINVISOR_ARCH_FBCON_H
#define THINVISOR_ARCH_FBCON_H

#include "types.h"
#include "boot/machine.h"

#define FBCON_GLYPH_W	  8
#define FBCON_GLYPH_H	  16
#define FBCON_FIRST_CHAR  0x20
#define FBCON_LAST_CHAR	  0x7E
#define FBCON_NR_GLYPHS	  (FBCON_LAST_CHAR - FBCON_FIRST_CHAR + 1)
#define FBCON_EARLY_BYTES 4096

/* One byte per pixel row, bit 7 the leftmost pixel (arch/x86_64/fbcon_font.c). */
extern const u8 fbcon_font[FBCON_NR_GLYPHS][FBCON_GLYPH_H];

/* Whether fb can be drawn on: RGB, 24 or 32 bpp, at least one cell.  Pure. */
bool fbcon_supported(const struct machine_framebuffer *fb);

/*
 * Start drawing on fb, whose pixels are reachable at base (the caller maps
 * it: host_map_device()): clear it to black and draw the text kept so far.
 * False, and nothing drawn, when fbcon_supported(fb) is not.
 */
bool fbcon_attach(const struct machine_framebuffer *fb, void *base);

/* The log sink. */
void fbcon_write(const char *s, size_t n);

#ifdef HOST_TEST
/* Forget the screen and the kept text (unit tests). */
void fbcon_reset(void);
#endif

#endif

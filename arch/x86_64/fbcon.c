// SPDX-License-Identifier: MIT
/*
 * fbcon.c - the log on a graphical framebuffer (see include/arch/fbcon.h).
 *
 * The pixel format is the multiboot2 framebuffer info tag's (multiboot2
 * spec 3.6.12): framebuffer_bpp bits per pixel, framebuffer_pitch bytes per
 * row, and for framebuffer_type 1 (direct RGB) each colour a field of
 * *_mask_size bits at bit *_field_position of the pixel, little-endian.
 */
#include "arch/fbcon.h"
#include "lib/string.h"

static u8 *screen; /* NULL until fbcon_attach() */
static u32 pitch, bytes_pp, cols, rows, col;
static u32 px_normal_fg, px_normal_bg, px_fatal_fg, px_fatal_bg;
static bool fatal_line;
static char start[17]; /* the first characters of the current line */
static char early[FBCON_EARLY_BYTES];
static size_t early_len;

/* An 8-bit-per-colour value in the framebuffer's format (spec 3.6.12). */
static u32 pixel(const struct machine_framebuffer *fb, u8 r, u8 g, u8 b)
{
	u32 v = 0;

	if (fb->red_size)
		v |= (u32)(r >> (8 - MIN(fb->red_size, 8))) << fb->red_pos;
	if (fb->green_size)
		v |= (u32)(g >> (8 - MIN(fb->green_size, 8))) << fb->green_pos;
	if (fb->blue_size)
		v |= (u32)(b >> (8 - MIN(fb->blue_size, 8))) << fb->blue_pos;
	return v;
}

bool fbcon_supported(const struct machine_framebuffer *fb)
{
	if (fb->type != FB_RGB || (fb->bpp != 32 && fb->bpp != 24))
		return false;
	if (fb->width < FBCON_GLYPH_W || fb->height < FBCON_GLYPH_H)
		return false;
	/* every colour field inside the pixel */
	if (fb->red_pos + fb->red_size > fb->bpp || fb->green_pos + fb->green_size > fb->bpp ||
	    fb->blue_pos + fb->blue_size > fb->bpp)
		return false;
	return fb->pitch >= fb->width * (fb->bpp / 8);
}

static void put_pixel(u8 *p, u32 v)
{
	/* one store per pixel where it is aligned: fewer uncached writes */
	if (bytes_pp == 4 && !((uintptr_t)p & 3)) {
		*(volatile u32 *)p = v;
		return;
	}
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	if (bytes_pp == 4)
		p[3] = (u8)(v >> 24);
}

static void draw_glyph(u32 cx, u32 cy, char c, bool fatal)
{
	u8 ch = (u8)c;
	const u8 *glyph;
	u32 fg = fatal ? px_fatal_fg : px_normal_fg;
	u32 bg = fatal ? px_fatal_bg : px_normal_bg;

	if (ch < FBCON_FIRST_CHAR || ch > FBCON_LAST_CHAR)
		ch = '?';
	glyph = fbcon_font[ch - FBCON_FIRST_CHAR];
	for (u32 y = 0; y < FBCON_GLYPH_H; y++) {
		u8 *p = screen + (u64)(cy * FBCON_GLYPH_H + y) * pitch +
			(u64)cx * FBCON_GLYPH_W * bytes_pp;

		for (u32 x = 0; x < FBCON_GLYPH_W; x++, p += bytes_pp)
			put_pixel(p, (glyph[y] & (0x80 >> x)) ? fg : bg);
	}
}

/* One pixel row onto another, 8 bytes at a time where both are aligned
 * (reads of the uncached framebuffer are slow). */
static void copy_row(u8 *dst, const u8 *src, u32 len)
{
	u32 i = 0;

	if (!(((uintptr_t)dst | (uintptr_t)src) & 7))
		for (; i + 8 <= len; i += 8)
			*(volatile u64 *)(dst + i) = *(const volatile u64 *)(src + i);
	for (; i < len; i++)
		dst[i] = src[i];
}

/* Move every text row up by one cell row; blank the bottom one. */
static void scroll(void)
{
	u32 line = cols * FBCON_GLYPH_W * bytes_pp;
	u32 last = (rows - 1) * FBCON_GLYPH_H;

	for (u32 y = 0; y < last; y++)
		copy_row(screen + (u64)y * pitch, screen + (u64)(y + FBCON_GLYPH_H) * pitch, line);
	for (u32 y = last; y < last + FBCON_GLYPH_H; y++)
		for (u32 x = 0; x < cols * FBCON_GLYPH_W; x++)
			put_pixel(screen + (u64)y * pitch + (u64)x * bytes_pp, px_normal_bg);
	col = 0;
}

static void draw(const char *s, size_t n)
{
	static const char fatal[] = "thinvisor: FATAL";

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\n') {
			scroll();
			fatal_line = false;
			continue;
		}
		if (c == '\r')
			continue;
		if (col == cols)
			scroll();
		if (col < sizeof(start) - 1) {
			start[col] = c;
			start[col + 1] = '\0';
			/* a FATAL line is red from its first word on, as on the VGA screen */
			if (col == sizeof(fatal) - 2 && !memcmp(start, fatal, sizeof(fatal) - 1)) {
				fatal_line = true;
				for (u32 k = 0; k < col; k++)
					draw_glyph(k, rows - 1, start[k], true);
			}
		}
		draw_glyph(col++, rows - 1, c, fatal_line);
	}
}

bool fbcon_attach(const struct machine_framebuffer *fb, void *base)
{
	if (!fbcon_supported(fb))
		return false;
	pitch = fb->pitch;
	bytes_pp = fb->bpp / 8;
	cols = fb->width / FBCON_GLYPH_W;
	rows = fb->height / FBCON_GLYPH_H;
	px_normal_fg = pixel(fb, 0xAA, 0xAA, 0xAA); /* light grey */
	px_normal_bg = pixel(fb, 0x00, 0x00, 0x00);
	px_fatal_fg = pixel(fb, 0xFF, 0xFF, 0xFF); /* white on red */
	px_fatal_bg = pixel(fb, 0xAA, 0x00, 0x00);
	screen = base;
	for (u32 y = 0; y < fb->height; y++)
		for (u32 x = 0; x < fb->width; x++)
			put_pixel(screen + (u64)y * pitch + (u64)x * bytes_pp, px_normal_bg);
	col = 0;
	fatal_line = false;
	draw(early, early_len);
	early_len = 0;
	return true;
}

void fbcon_write(const char *s, size_t n)
{
	if (!screen) {
		size_t room = sizeof(early) - early_len;

		memcpy(early + early_len, s, MIN(n, room));
		early_len += MIN(n, room);
		return;
	}
	draw(s, n);
}

#ifdef HOST_TEST
void fbcon_reset(void)
{
	screen = NULL;
	early_len = 0;
	col = 0;
	fatal_line = false;
}
#endif

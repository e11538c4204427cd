// SPDX-License-Identifier: MIT
/*
 * Unit tests for arch/x86_64/fbcon.c: the log drawn into a framebuffer in
 * memory, read back pixel by pixel against the font table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch/fbcon.h"

#define GREY  0xAAAAAA
#define WHITE 0xFFFFFF
#define RED   0xAA0000
#define BLACK 0x000000

/* x8r8g8b8, the usual GOP and VBE format (multiboot2 spec 3.6.12) */
static struct machine_framebuffer fb32(u32 width, u32 height, u32 pitch)
{
	struct machine_framebuffer fb = {
		.type = FB_RGB,
		.addr = 0xFD000000,
		.pitch = pitch,
		.width = width,
		.height = height,
		.bpp = 32,
		.red_pos = 16,
		.red_size = 8,
		.green_pos = 8,
		.green_size = 8,
		.blue_pos = 0,
		.blue_size = 8,
	};
	return fb;
}

/* 0xRRGGBB of the pixel at (x, y) */
static u32 rgb_at(const struct machine_framebuffer *fb, const u8 *buf, u32 x, u32 y)
{
	const u8 *p = buf + (size_t)y * fb->pitch + (size_t)x * (fb->bpp / 8);
	u32 v = p[0] | p[1] << 8 | p[2] << 16;
	u32 r = (v >> fb->red_pos) & 0xFF, g = (v >> fb->green_pos) & 0xFF;
	u32 b = (v >> fb->blue_pos) & 0xFF;

	return r << 16 | g << 8 | b;
}

/* Whether text cell (cx, cy) shows character c in fg on bg. */
static void assert_cell(const struct machine_framebuffer *fb, const u8 *buf, u32 cx, u32 cy, char c,
			u32 fg, u32 bg)
{
	const u8 *glyph = fbcon_font[(u8)c - FBCON_FIRST_CHAR];

	for (u32 y = 0; y < FBCON_GLYPH_H; y++)
		for (u32 x = 0; x < FBCON_GLYPH_W; x++) {
			u32 want = (glyph[y] & (0x80 >> x)) ? fg : bg;
			u32 got = rgb_at(fb, buf, cx * FBCON_GLYPH_W + x, cy * FBCON_GLYPH_H + y);

			if (got != want)
				fail_msg("cell (%u,%u) '%c': pixel (%u,%u) is %#08x, not %#08x", cx,
					 cy, c, x, y, got, want);
		}
}

static void assert_text(const struct machine_framebuffer *fb, const u8 *buf, u32 cy, const char *s,
			u32 fg, u32 bg)
{
	for (u32 i = 0; s[i]; i++)
		assert_cell(fb, buf, i, cy, s[i], fg, bg);
}

static int reset(void **state)
{
	(void)state;
	fbcon_reset();
	return 0;
}

static void test_font_shapes(void **state)
{
	(void)state;
	/* a space is empty; every other printable character has pixels */
	for (u32 c = FBCON_FIRST_CHAR; c <= FBCON_LAST_CHAR; c++) {
		u32 set = 0;

		for (u32 y = 0; y < FBCON_GLYPH_H; y++)
			set += fbcon_font[c - FBCON_FIRST_CHAR][y] != 0;
		if (c == ' ')
			assert_int_equal(set, 0);
		else if (!set)
			fail_msg("character %#x has no pixels", c);
	}
	/* no two characters look the same */
	for (u32 a = 0; a < FBCON_NR_GLYPHS; a++)
		for (u32 b = a + 1; b < FBCON_NR_GLYPHS; b++)
			if (!memcmp(fbcon_font[a], fbcon_font[b], FBCON_GLYPH_H))
				fail_msg("characters %#x and %#x are drawn alike",
					 a + FBCON_FIRST_CHAR, b + FBCON_FIRST_CHAR);
}

static void test_supported(void **state)
{
	struct machine_framebuffer fb = fb32(640, 480, 2560);

	(void)state;
	assert_true(fbcon_supported(&fb));
	fb.bpp = 24;
	fb.pitch = 1920;
	assert_true(fbcon_supported(&fb));
	fb.bpp = 16;
	assert_false(fbcon_supported(&fb));
	fb = fb32(640, 480, 2560);
	fb.type = FB_INDEXED;
	assert_false(fbcon_supported(&fb));
	fb.type = FB_TEXT;
	assert_false(fbcon_supported(&fb));
	fb = fb32(640, 480, 100); /* a pitch shorter than a row */
	assert_false(fbcon_supported(&fb));
	fb = fb32(4, 480, 16); /* narrower than a cell */
	assert_false(fbcon_supported(&fb));
	fb = fb32(640, 480, 2560);
	fb.red_pos = 30; /* a field past the pixel */
	assert_false(fbcon_supported(&fb));
}

/* Lines written before attach are drawn then; later ones scroll them up. */
static void test_early_lines_and_scroll(void **state)
{
	struct machine_framebuffer fb = fb32(160, 48, 704); /* 20 x 3 cells, padded rows */
	u8 *buf = malloc((size_t)fb.pitch * fb.height);

	(void)state;
	memset(buf, 0x5A, (size_t)fb.pitch * fb.height);
	fbcon_write("thinvisor: one\n", 15);
	assert_true(fbcon_attach(&fb, buf));
	assert_text(&fb, buf, 1, "thinvisor: one", GREY, BLACK);
	assert_text(&fb, buf, 2, "                    ", GREY, BLACK);
	/* the pitch's padding past the last pixel is left alone */
	assert_int_equal(buf[fb.pitch - 1], 0x5A);
	fbcon_write("two\nthree", 9);
	assert_text(&fb, buf, 0, "thinvisor: one", GREY, BLACK);
	assert_text(&fb, buf, 1, "two", GREY, BLACK);
	assert_text(&fb, buf, 2, "three               ", GREY, BLACK);
	/* a line wider than the screen wraps */
	fbcon_write("\n0123456789abcdefghijKL", 23);
	assert_text(&fb, buf, 1, "0123456789abcdefghij", GREY, BLACK);
	assert_text(&fb, buf, 2, "KL                  ", GREY, BLACK);
	/* a line that only starts like a FATAL one stays grey */
	fbcon_write("\nthinvisor: FATAx", 17);
	assert_text(&fb, buf, 2, "thinvisor: FATAx", GREY, BLACK);
	/* bytes outside printable ASCII show as '?' */
	fbcon_write("\n\x01\xff", 3);
	assert_text(&fb, buf, 2, "??", GREY, BLACK);
	free(buf);
}

/* The FATAL line, white on red from its first character, then grey again. */
static void test_fatal_line(void **state)
{
	struct machine_framebuffer fb = fb32(320, 64, 1280);
	u8 *buf = calloc(fb.pitch, fb.height);
	static const char line[] = "thinvisor: FATAL: CPU has no VMX\n";

	(void)state;
	assert_true(fbcon_attach(&fb, buf));
	fbcon_write("thinvisor: FATA", 15); /* not yet known to be FATAL */
	assert_text(&fb, buf, 3, "thinvisor: FATA", GREY, BLACK);
	fbcon_write(line + 15, sizeof(line) - 1 - 15);
	assert_text(&fb, buf, 2, "thinvisor: FATAL: CPU has no VMX", WHITE, RED);
	assert_cell(&fb, buf, 32, 2, ' ', WHITE, BLACK);
	fbcon_write("thinvisor: halted", 17);
	assert_text(&fb, buf, 3, "thinvisor: halted", GREY, BLACK);
	free(buf);
}

/* 24 bpp, blue in the high byte: the fields say where each colour goes. */
static void test_24bpp_bgr(void **state)
{
	struct machine_framebuffer fb = fb32(192, 32, 580); /* 24 x 2 cells */
	u8 *buf;

	(void)state;
	fb.bpp = 24;
	fb.red_pos = 0;
	fb.blue_pos = 16;
	buf = calloc(fb.pitch, fb.height);
	assert_true(fbcon_attach(&fb, buf));
	fbcon_write("thinvisor: FATAL: x\n", 20);
	assert_text(&fb, buf, 0, "thinvisor: F", WHITE, RED);
	/* red really is in byte 0 of the pixel */
	assert_int_equal(buf[fb.pitch * (FBCON_GLYPH_H - 1)], 0xAA);
	assert_int_equal(buf[fb.pitch * (FBCON_GLYPH_H - 1) + 2], 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_font_shapes),
		cmocka_unit_test(test_supported),
		cmocka_unit_test_setup(test_early_lines_and_scroll, reset),
		cmocka_unit_test_setup(test_fatal_line, reset),
		cmocka_unit_test_setup(test_24bpp_bgr, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

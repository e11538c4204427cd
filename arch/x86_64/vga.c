// SPDX-License-Identifier: MIT
/*
 * vga.c - the log on the VGA text screen (see include/arch/vga.h).
 */
#include "arch/vga.h"
#include "mm/memory.h"

#define ATTR_NORMAL 0x07 /* light grey on black */
#define ATTR_FATAL  0x4F /* white on red */

static volatile u16 *screen;
static u32 col;
static u8 attr = ATTR_NORMAL;
static char start[17]; /* the first characters of the current line */

static void scroll(void)
{
	for (u32 i = 0; i < VGA_COLS * (VGA_ROWS - 1); i++)
		screen[i] = screen[i + VGA_COLS];
	for (u32 i = 0; i < VGA_COLS; i++)
		screen[VGA_COLS * (VGA_ROWS - 1) + i] = (u16)(ATTR_NORMAL << 8 | ' ');
	col = 0;
}

void vga_text_init(void)
{
	screen = phys_to_virt(VGA_TEXT_BASE);
	for (u32 i = 0; i < VGA_COLS * VGA_ROWS; i++)
		screen[i] = (u16)(ATTR_NORMAL << 8 | ' ');
	col = 0;
}

void vga_text_write(const char *s, size_t n)
{
	static const char fatal[] = "thinvisor: FATAL";

	if (!screen)
		return;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\n') {
			scroll();
			attr = ATTR_NORMAL;
			continue;
		}
		if (c == '\r')
			continue;
		if (col == VGA_COLS)
			scroll();
		if (col < sizeof(start) - 1) {
			start[col] = c;
			start[col + 1] = '\0';
			/* a FATAL line is red from its first word on */
			if (col == sizeof(fatal) - 2) {
				bool same = true;

				for (u32 k = 0; k < sizeof(fatal) - 1; k++)
					same &= start[k] == fatal[k];
				if (same) {
					attr = ATTR_FATAL;
					for (u32 k = 0; k < col; k++)
						screen[VGA_COLS * (VGA_ROWS - 1) + k] =
							(u16)(ATTR_FATAL << 8 | (u8)start[k]);
				}
			}
		}
		screen[VGA_COLS * (VGA_ROWS - 1) + col++] = (u16)(attr << 8 | (u8)c);
	}
}

/* SPDX-License-Identifier: MIT */
/*
 * fmt.h - printf-style formatting into a buffer, without floating point.
 *
 * Conversions: %d %i %u %x %X %o %p %s %c %%, flags '-' '0' '+' ' ' '#',
 * a field width and a precision (both may be '*'), length modifiers hh h l
 * ll z.  The output is always NUL-terminated when size > 0; the return value
 * is the length the whole output would have had (C99 snprintf semantics), so
 * truncation is detectable.  An unknown conversion is copied out verbatim.
 */
#ifndef THINVISOR_LIB_FMT_H
#define THINVISOR_LIB_FMT_H

#include "types.h"

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif

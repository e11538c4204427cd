/* SPDX-License-Identifier: MIT */
/*
 * string.h - the few C library string and memory routines the freestanding
 * image needs (lib/string.c).  Same names and contracts as ISO C, so the
 * host unit tests link the C library's versions instead.
 */
#ifndef THINVISOR_LIB_STRING_H
#define THINVISOR_LIB_STRING_H

#include "types.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif

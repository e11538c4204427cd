/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - helpers shared by the libFuzzer harnesses in tests/fuzz/.
 *
 * Contract: host-only (stdio, stdlib).  CHECK() aborts with the failed
 * condition and its line, which libFuzzer records as a crash and saves the
 * input as an artifact; a harness thus reports a broken invariant exactly as
 * it reports a sanitizer error.  struct fuzz_in reads little-endian values
 * from a byte range and yields zeros once the range is used up, so every
 * input, however short, maps to some parameter set.
 */
#ifndef THINVISOR_TESTS_FUZZ_H
#define THINVISOR_TESTS_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "types.h"

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,       \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* Build with -DFUZZ_TRACE to see what a seed exercises (e.g. while
 * writing make_seeds.py); silent otherwise, as fuzzing wants. */
#ifdef FUZZ_TRACE
#define TRACE(...) fprintf(stderr, __VA_ARGS__)
#else
#define TRACE(...) ((void)0)
#endif

/* Exact arithmetic for oracles: no u64 wrap-around to reason about. */
typedef unsigned __int128 u128;
#define FUZZ_U64_MAX 0xFFFFFFFFFFFFFFFFULL

struct fuzz_in {
	const u8 *p;
	size_t len, pos;
};

static inline u64 fuzz_take(struct fuzz_in *in, unsigned int bytes)
{
	u64 v = 0;

	for (unsigned int i = 0; i < bytes; i++) {
		u64 b = in->pos < in->len ? in->p[in->pos++] : 0;

		v |= b << (8 * i);
	}
	return v;
}

#define TAKE8(in)  ((u8)fuzz_take(in, 1))
#define TAKE16(in) ((u16)fuzz_take(in, 2))
#define TAKE32(in) ((u32)fuzz_take(in, 4))
#define TAKE64(in) fuzz_take(in, 8)

/* Copy to a heap block of exactly len bytes (at least 1 to keep malloc
 * defined): AddressSanitizer then flags any read past the end. */
static inline u8 *fuzz_dup(const void *src, size_t len)
{
	u8 *p = malloc(len ? len : 1);

	CHECK(p);
	for (size_t i = 0; i < len; i++)
		p[i] = ((const u8 *)src)[i];
	return p;
}

#endif

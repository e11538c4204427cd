/* SPDX-License-Identifier: MIT */
/*
 * e820_check.h - oracles for loader/e820.c, used by fuzz_bzimage.c.
 *
 * Contract: each function aborts through CHECK() (fuzz.h) unless the output
 * of the matching e820.h function, given the same input, is exactly what
 * include/loader/e820.h promises: sorted, non-empty, non-overlapping,
 * merged entries whose type at every address is the one the contract
 * derives from the inputs.
 */
#ifndef THINVISOR_TESTS_FUZZ_E820_CHECK_H
#define THINVISOR_TESTS_FUZZ_E820_CHECK_H

#include "loader/e820.h"

/* out[0..n) is e820_build(fw, nfw, res, nres, out, max_out) */
void e820_check_build(const struct boot_e820_entry *fw, u32 nfw, const struct mem_span *res,
		      u32 nres, const struct boot_e820_entry *out, u32 n);

/* out[0..n) is e820_free_spans(t, nt, busy, nbusy, out, max_out) */
void e820_check_free(const struct boot_e820_entry *t, u32 nt, const struct mem_span *busy,
		     u32 nbusy, const struct mem_span *out, u32 n);

#endif

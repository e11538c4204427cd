/* SPDX-License-Identifier: MIT */
/*
 * types.h - fixed-width integer types and small helpers shared by every
 * part of thinvisor, both in the freestanding image and in the host unit
 * tests.  Only compiler-provided freestanding headers are used here.
 */
#ifndef THINVISOR_TYPES_H
#define THINVISOR_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define BIT(n)	      (1ULL << (n))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/*
 * a must be a power of two.  (clang-format 14 takes `(a) - 1` in a macro
 * for a cast of -1 and writes `(a)-1`: these four are left as written.)
 */
/* clang-format off */
#define ALIGN_DOWN(x, a) ((x) & ~((u64)(a) - 1))
#define ALIGN_UP(x, a)	 ALIGN_DOWN((u64)(x) + (a) - 1, (a))
#define IS_ALIGNED(x, a) (((x) & ((u64)(a) - 1)) == 0)
#define IS_POW2(x)	 ((x) != 0 && ((x) & ((x) - 1)) == 0)
/* clang-format on */
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define PAGE_SHIFT 12
#define PAGE_SIZE  4096ULL
#define KiB	   (1024ULL)
#define MiB	   (1024ULL * KiB)
#define GiB	   (1024ULL * MiB)

/* A half-open physical range [start, end). */
struct mem_span {
	u64 start, end;
};

#define __packed       __attribute__((packed))
#define __aligned(n)   __attribute__((aligned(n)))
#define __noreturn     __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __unused       __attribute__((unused))

#endif

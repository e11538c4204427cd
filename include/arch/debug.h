/* SPDX-License-Identifier: MIT */
/*
 * debug.h - a breakpoint written into the code, for sessions in Bochs.
 *
 * BOCHS_MAGIC_BREAK() stops Bochs at its debugger prompt at that point, when
 * Bochs runs with `magic_break: enabled=1` in its bochsrc (tools/bochs.sh
 * --magic-break; tools/bochs-debug.sh always sets it).  Bochs treats
 * XCHG BX, BX, an instruction with no architectural effect, as its "magic
 * breakpoint"; everywhere else (QEMU, KVM, real CPUs) it does nothing but
 * exchange BX with itself.
 *
 * It compiles to nothing unless THINVISOR_DEBUG is defined for the
 * hypervisor's C files (`make DEBUG=1`), so a forgotten call costs nothing
 * in a normal build.  A statement; it has no value.
 */
#ifndef THINVISOR_ARCH_DEBUG_H
#define THINVISOR_ARCH_DEBUG_H

#ifdef THINVISOR_DEBUG
/*
 * "memory" clobber: the compiler must not move loads and stores across the
 * breakpoint, so memory seen at the prompt matches the source order.
 */
#define BOCHS_MAGIC_BREAK() __asm__ volatile("xchg %%bx, %%bx" ::: "memory")
#else
#define BOCHS_MAGIC_BREAK() ((void)0)
#endif

#endif

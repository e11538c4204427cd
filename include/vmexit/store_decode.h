/* SPDX-License-Identifier: MIT */
/*
 * store_decode.h - the few store instructions that write a memory-mapped
 * device register, decoded from their bytes (an EPT violation gives the
 * address written, not the value nor the instruction's length: SDM Vol. 3C
 * 28.2.1, the VM-exit instruction-length field is undefined for it).
 *
 * Contract: store_decode() accepts, in 64-bit mode or in 32-bit protected
 * mode, an optional REX prefix (64-bit mode only) followed by
 *   89 /r     MOV r/m32, r32     (Linux's native_apic_mem_write)
 *   87 /r     XCHG r/m32, r32    (its X86_BUG_11AP variant)
 *   C7 /0 id  MOV r/m32, imm32
 * with a memory operand (ModRM.mod != 3, SIB and displacements as SDM Vol.
 * 2A 2.1.5 and 2.2.1.6 define them).  It fills *out with the length, the
 * source register number (REX.R extended) or the immediate, and whether it
 * is an XCHG (whose register receives the old value).  Anything else,
 * operand-size prefixes and REX.W included, returns false: the caller
 * stops with a line naming the bytes.  Pure.
 */
#ifndef THINVISOR_VMEXIT_STORE_DECODE_H
#define THINVISOR_VMEXIT_STORE_DECODE_H

#include "types.h"

struct store_insn {
	u8 length;
	bool is_imm; /* source is imm32 */
	bool is_xchg;
	u8 reg; /* source GPR number (0 RAX .. 15 R15) unless is_imm */
	u32 imm;
};

/* At most 15 bytes of an instruction (SDM Vol. 2A 2.3.11). */
#define INSN_MAX_LEN 15

bool store_decode(const u8 *bytes, u32 len, bool long_mode, struct store_insn *out);

#endif

// SPDX-License-Identifier: MIT
/*
 * store_decode.c - MOV/XCHG stores to device registers (see
 * include/vmexit/store_decode.h).
 */
#include "vmexit/store_decode.h"

/* Bytes of ModRM, SIB and displacement for a memory operand (SDM Vol. 2A
 * Tables 2-1 and 2-2 for 32-bit addressing; 64-bit mode is the same, with
 * mod 00 r/m 101 meaning RIP + disp32).  0 for a register operand. */
static u32 modrm_bytes(const u8 *p, u32 left, u8 *modrm)
{
	u8 mod, rm;
	u32 n = 1;

	if (left < 1)
		return 0;
	*modrm = p[0];
	mod = p[0] >> 6;
	rm = p[0] & 7;
	if (mod == 3)
		return 0;
	if (rm == 4) { /* SIB follows */
		if (left < 2)
			return 0;
		n++;
		if (mod == 0 && (p[1] & 7) == 5)
			n += 4; /* no base: disp32 */
	}
	if (mod == 0 && rm == 5)
		n += 4;
	else if (mod == 1)
		n += 1;
	else if (mod == 2)
		n += 4;
	return n <= left ? n : 0;
}

bool store_decode(const u8 *bytes, u32 len, bool long_mode, struct store_insn *out)
{
	u32 i = 0, m;
	u8 rex = 0, op, modrm = 0;

	if (len > INSN_MAX_LEN)
		len = INSN_MAX_LEN;
	if (long_mode && i < len && (bytes[i] & 0xF0) == 0x40)
		rex = bytes[i++];
	if (rex & 0x08) /* REX.W: a 64-bit store, never to a 32-bit register */
		return false;
	if (i >= len)
		return false;
	op = bytes[i++];
	if (op != 0x89 && op != 0x87 && op != 0xC7)
		return false;
	m = modrm_bytes(bytes + i, len - i, &modrm);
	if (!m)
		return false;
	*out = (struct store_insn){0};
	if (op == 0xC7) {
		if ((modrm >> 3) & 7) /* C7 /0 only */
			return false;
		if (i + m + 4 > len)
			return false;
		out->is_imm = true;
		out->imm = (u32)bytes[i + m] | (u32)bytes[i + m + 1] << 8 |
			   (u32)bytes[i + m + 2] << 16 | (u32)bytes[i + m + 3] << 24;
		out->length = (u8)(i + m + 4);
		return true;
	}
	out->is_xchg = op == 0x87;
	out->reg = (u8)(((modrm >> 3) & 7) | ((rex & 0x04) ? 8 : 0));
	out->length = (u8)(i + m);
	return true;
}

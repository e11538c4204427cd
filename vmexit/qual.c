// SPDX-License-Identifier: MIT
/*
 * Exit-qualification decoders. Bit positions: Intel SDM Vol. 3C, chapter
 * "VM Exits", section "Basic VM-Exit Information" (28.2.1 in the 2023
 * edition), one table per exit reason as named below.
 */
#include "vmexit/qual.h"

static inline bool qbit(u64 q, unsigned int n)
{
	return (q >> n) & 1;
}

static inline u64 qfield(u64 q, unsigned int lo, unsigned int width)
{
	return (q >> lo) & ((1ULL << width) - 1);
}

/* Table "Exit Qualification for I/O Instructions". */
struct io_qual io_qual_decode(u64 q)
{
	/* Bits 2:0: 0 = 1 byte, 1 = 2 bytes, 3 = 4 bytes, other values not used. */
	static const u8 sizes[8] = {1, 2, 0, 4, 0, 0, 0, 0};
	struct io_qual io = {
		.size = sizes[qfield(q, 0, 3)],
		.in = qbit(q, 3), /* 0 = OUT, 1 = IN */
		.string = qbit(q, 4),
		.rep = qbit(q, 5),
		.imm_operand = qbit(q, 6),	/* 0 = DX, 1 = immediate */
		.port = (u16)qfield(q, 16, 16), /* bits 31:16 */
	};
	return io;
}

/* Table "Exit Qualification for Control-Register Accesses". */
struct cr_qual cr_qual_decode(u64 q)
{
	struct cr_qual cr = {
		.cr = (u8)qfield(q, 0, 4),		      /* bits 3:0 */
		.type = (enum cr_access_type)qfield(q, 4, 2), /* bits 5:4 */
		.lmsw_mem_operand = qbit(q, 6),		      /* 0 = register, 1 = memory */
		.gpr = (u8)qfield(q, 8, 4),		      /* bits 11:8 */
		.lmsw_source = (u16)qfield(q, 16, 16),	      /* bits 31:16 */
	};
	return cr;
}

/* Table "Exit Qualification for EPT Violations". */
struct ept_qual ept_qual_decode(u64 q)
{
	struct ept_qual e = {
		.read = qbit(q, 0),
		.write = qbit(q, 1),
		.fetch = qbit(q, 2),
		/* Bits 3-5: the AND of bits 0-2 of every EPT paging-structure
		 * entry used to translate the guest-physical address. */
		.readable = qbit(q, 3),
		.writable = qbit(q, 4),
		.executable = qbit(q, 5),
		.gla_valid = qbit(q, 7),
		/* Bit 8 is defined only when bit 7 is set. */
		.gla_is_translation = qbit(q, 7) && qbit(q, 8),
		.nmi_unblocking = qbit(q, 12),
	};
	return e;
}

const char *gpr_name(u8 index)
{
	static const char *const names[16] = {
		"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
		"r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15",
	};
	return index < ARRAY_SIZE(names) ? names[index] : "?";
}

/* Bounded string builder: keeps buf terminated, drops what does not fit. */
struct strbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void sb_puts(struct strbuf *sb, const char *s)
{
	if (sb->size == 0)
		return;
	while (*s && sb->len + 1 < sb->size)
		sb->buf[sb->len++] = *s++;
	sb->buf[sb->len] = '\0';
}

static const char *ept_access_kind(const struct ept_qual *q)
{
	if (!q->readable && !q->writable && !q->executable)
		return "non-present page";
	if (q->write && !q->writable)
		return q->readable ? "read-only page" : "non-writable page";
	if (q->fetch && !q->executable)
		return "non-executable page";
	if (q->read && !q->readable)
		return "non-readable page";
	return "page";
}

const char *ept_qual_describe(const struct ept_qual *q, char *buf, size_t size)
{
	struct strbuf sb = {.buf = buf, .size = size, .len = 0};
	const char *sep = "";
	char perms[4];

	if (q->read) {
		sb_puts(&sb, "read");
		sep = "+";
	}
	if (q->write) {
		sb_puts(&sb, sep);
		sb_puts(&sb, "write");
		sep = "+";
	}
	if (q->fetch) {
		sb_puts(&sb, sep);
		sb_puts(&sb, "fetch");
		sep = "+";
	}
	if (!*sep)
		sb_puts(&sb, "access");

	/* "write to", "read from", "fetch from"; a bare "access to". */
	sb_puts(&sb, (q->write || !*sep) ? " to a " : " from a ");
	sb_puts(&sb, ept_access_kind(q));

	perms[0] = q->readable ? 'R' : '-';
	perms[1] = q->writable ? 'W' : '-';
	perms[2] = q->executable ? 'X' : '-';
	perms[3] = '\0';
	sb_puts(&sb, " (entry ");
	sb_puts(&sb, perms);
	sb_puts(&sb, ")");

	if (!q->gla_valid)
		sb_puts(&sb, ", no linear address");
	else if (q->gla_is_translation)
		sb_puts(&sb, ", linear address valid");
	else
		sb_puts(&sb, ", linear address valid, guest paging-structure access");

	if (q->nmi_unblocking)
		sb_puts(&sb, ", NMI unblocked by IRET");
	return buf;
}

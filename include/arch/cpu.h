/* SPDX-License-Identifier: MIT */
/*
 * cpu.h - thin inline wrappers for x86-64 instructions the hypervisor uses
 * (SDM Vol. 2).  Each is exactly one instruction; none has side effects
 * beyond it.  Only for the freestanding image.
 */
#ifndef THINVISOR_ARCH_CPU_H
#define THINVISOR_ARCH_CPU_H

#include "types.h"

struct cpuid_out {
	u32 eax, ebx, ecx, edx;
};

static inline struct cpuid_out cpuid(u32 leaf, u32 subleaf)
{
	struct cpuid_out r;

	asm volatile("cpuid"
		     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
		     : "a"(leaf), "c"(subleaf));
	return r;
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	asm volatile("wrmsr" ::"c"(msr), "a"((u32)v), "d"((u32)(v >> 32)) : "memory");
}

#define DEFINE_CR(n)                                                                               \
	static inline u64 read_cr##n(void)                                                         \
	{                                                                                          \
		u64 v;                                                                             \
		asm volatile("mov %%cr" #n ", %0" : "=r"(v));                                      \
		return v;                                                                          \
	}                                                                                          \
	static inline void write_cr##n(u64 v)                                                      \
	{                                                                                          \
		asm volatile("mov %0, %%cr" #n ::"r"(v) : "memory");                               \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline u64 read_dr7(void)
{
	u64 v;

	asm volatile("mov %%dr7, %0" : "=r"(v));
	return v;
}

static inline u64 read_rflags(void)
{
	u64 v;

	asm volatile("pushfq; pop %0" : "=r"(v));
	return v;
}

static inline void outb(u16 port, u8 v)
{
	asm volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outw(u16 port, u16 v)
{
	asm volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outl(u16 port, u32 v)
{
	asm volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u16 inw(u16 port)
{
	u16 v;

	asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* An IN/OUT of 1, 2 or 4 bytes, as an intercepted guest access asked.
 * Host unit tests of the exit path replace both (tests/unit/fake_vmcs.c). */
#ifdef HOST_TEST
u32 port_read(u16 port, u8 size);
void port_write(u16 port, u32 value, u8 size);
#else
static inline u32 port_read(u16 port, u8 size)
{
	return size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
}

static inline void port_write(u16 port, u32 value, u8 size)
{
	if (size == 1)
		outb(port, (u8)value);
	else if (size == 2)
		outw(port, (u16)value);
	else
		outl(port, value);
}
#endif

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline void cpu_relax(void)
{
	asm volatile("pause");
}

static inline void __noreturn cpu_halt_forever(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

struct __packed desc_ptr {
	u16 limit;
	u64 base;
};

static inline void lgdt(const struct desc_ptr *p)
{
	asm volatile("lgdt %0" ::"m"(*p));
}

static inline void lidt(const struct desc_ptr *p)
{
	asm volatile("lidt %0" ::"m"(*p));
}

static inline void sgdt(struct desc_ptr *p)
{
	asm volatile("sgdt %0" : "=m"(*p));
}

static inline void sidt(struct desc_ptr *p)
{
	asm volatile("sidt %0" : "=m"(*p));
}

static inline void ltr(u16 sel)
{
	asm volatile("ltr %0" ::"r"(sel));
}

static inline u16 str(void)
{
	u16 sel;

	asm volatile("str %0" : "=r"(sel));
	return sel;
}

#define DEFINE_SEG_READ(seg)                                                                       \
	static inline u16 read_##seg(void)                                                         \
	{                                                                                          \
		u16 v;                                                                             \
		asm volatile("mov %%" #seg ", %0" : "=r"(v));                                      \
		return v;                                                                          \
	}
DEFINE_SEG_READ(cs)
DEFINE_SEG_READ(ds)
DEFINE_SEG_READ(es)
DEFINE_SEG_READ(ss)
DEFINE_SEG_READ(fs)
DEFINE_SEG_READ(gs)
#undef DEFINE_SEG_READ

static inline void xsetbv(u32 index, u64 v)
{
	asm volatile("xsetbv" ::"c"(index), "a"((u32)v), "d"((u32)(v >> 32)));
}

static inline u64 xgetbv(u32 index)
{
	u32 lo, hi;

	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(index));
	return ((u64)hi << 32) | lo;
}

static inline void wbinvd(void)
{
	asm volatile("wbinvd" ::: "memory");
}

#endif

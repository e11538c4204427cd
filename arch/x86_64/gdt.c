// SPDX-License-Identifier: MIT
/*
 * gdt.c - flat 64-bit GDT with one TSS (SDM Vol. 3A 3.4.5 segment
 * descriptors, 8.7 "Task Management in 64-bit Mode").
 */
#include "arch/gdt.h"
#include "arch/cpu.h"

struct __packed tss64 {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
};

#define IST_STACK_SIZE 4096

static struct tss64 tss __aligned(16);
static u8 ist_stacks[3][IST_STACK_SIZE] __aligned(16);
static u64 gdt[5] __aligned(16);

u64 gdt_base(void)
{
	return (u64)gdt;
}

u64 tss_base(void)
{
	return (u64)&tss;
}

void gdt_init(void)
{
	u64 base = (u64)&tss, limit = sizeof(tss) - 1;
	struct desc_ptr p = { .limit = sizeof(gdt) - 1, .base = (u64)gdt };

	gdt[0] = 0;
	gdt[1] = 0x00AF9B000000FFFFULL;	/* code: L=1, P, DPL0, execute/read, accessed */
	gdt[2] = 0x00CF93000000FFFFULL;	/* data: P, DPL0, read/write, accessed */
	/* 16-byte available 64-bit TSS descriptor, type 9 */
	gdt[3] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ULL << 40) |
		 (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
	gdt[4] = base >> 32;

	for (int i = 0; i < 3; i++)
		tss.ist[i] = (u64)&ist_stacks[i][IST_STACK_SIZE];
	/* An I/O map base past the limit: no I/O permission bitmap. */
	tss.iomap_base = sizeof(tss);

	lgdt(&p);
	/* reload CS with a far return, then the data segments */
	asm volatile("pushq %0\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "mov %1, %%ds\n\t"
		     "mov %1, %%es\n\t"
		     "mov %1, %%ss\n\t"
		     :
		     : "i"((u64)GDT_SEL_CODE), "r"((u32)GDT_SEL_DATA)
		     : "rax", "memory");
	ltr(GDT_SEL_TSS);
}

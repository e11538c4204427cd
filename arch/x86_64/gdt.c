// SPDX-License-Identifier: MIT
/*
 * gdt.c - flat 64-bit GDT with one TSS (SDM Vol. 3A 3.4.5 segment
 * descriptors, 8.7 "Task Management in 64-bit Mode").
 */
#include "arch/gdt.h"
#include "arch/cpu.h"
#include "arch/percpu.h"

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

/* One GDT and TSS per CPU: loading TR marks its TSS busy (SDM Vol. 3A
 * 8.2.2), so CPUs cannot share one. */
static struct tss64 tss_of[MAX_CPUS] __aligned(16);
/* The boot CPU's IST stacks; the others' come from the frame allocator
 * (percpu.ist_base), so the image does not grow with MAX_CPUS. */
static u8 bsp_ist_stacks[3][IST_STACK_SIZE] __aligned(16);
static u64 gdt_of[MAX_CPUS][5] __aligned(16);

u64 tss_base(void)
{
	return (u64)&tss_of[this_cpu()];
}

void gdt_init(u32 cpu)
{
	struct tss64 *t = &tss_of[cpu];
	u64 *gdt = gdt_of[cpu];
	u64 base = (u64)t, limit = sizeof(*t) - 1;
	struct desc_ptr p = {.limit = sizeof(gdt_of[0]) - 1, .base = (u64)gdt};

	gdt[0] = 0;
	gdt[1] = 0x00AF9B000000FFFFULL; /* code: L=1, P, DPL0, execute/read, accessed */
	gdt[2] = 0x00CF93000000FFFFULL; /* data: P, DPL0, read/write, accessed */
	/* 16-byte available 64-bit TSS descriptor, type 9 */
	gdt[3] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ULL << 40) |
		 (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
	gdt[4] = base >> 32;

	for (int i = 0; i < 3; i++)
		t->ist[i] = cpu ? percpu[cpu].ist_base + (u64)(i + 1) * IST_STACK_SIZE
				: (u64)&bsp_ist_stacks[i][IST_STACK_SIZE];
	/* An I/O map base past the limit: no I/O permission bitmap. */
	t->iomap_base = sizeof(*t);

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

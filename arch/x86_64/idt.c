// SPDX-License-Identifier: MIT
/*
 * idt.c - 64-bit IDT for the 32 exception vectors (SDM Vol. 3A 6.14.1,
 * "64-Bit Mode IDT") and the report printed when the hypervisor faults.
 */
#include "arch/idt.h"
#include "arch/cpu.h"
#include "arch/gdt.h"
#include "arch/percpu.h"
#include "arch/cpu_stop.h"
#include "hw/x86.h"
#include "lib/log.h"
#include "lib/panic.h"

_Static_assert(offsetof(struct trap_frame, rax) == 14 * 8, "isr.asm pushes rax first");
_Static_assert(offsetof(struct trap_frame, vector) == 15 * 8, "isr.asm: vector after GPRs");
_Static_assert(offsetof(struct trap_frame, rip) == 17 * 8, "CPU frame after error code");
_Static_assert(sizeof(struct trap_frame) == 22 * 8, "frame keeps RSP 16-byte aligned");

struct __packed idt_gate {
	u16 offset_lo;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_hi;
	u32 reserved;
};

static struct idt_gate idt[32] __aligned(16);
extern const u64 isr_stubs[32];
extern const struct extable_entry __extable_start[], __extable_end[];

static const char *const vector_names[32] = {
	"#DE divide error",
	"#DB debug",
	"NMI",
	"#BP breakpoint",
	"#OF overflow",
	"#BR bound range",
	"#UD invalid opcode",
	"#NM device not available",
	"#DF double fault",
	"coprocessor segment overrun",
	"#TS invalid TSS",
	"#NP segment not present",
	"#SS stack fault",
	"#GP general protection",
	"#PF page fault",
	"reserved 15",
	"#MF x87 error",
	"#AC alignment check",
	"#MC machine check",
	"#XM SIMD error",
	"#VE virtualization exception",
	"#CP control protection",
};

u64 idt_base(void)
{
	return (u64)idt;
}

void idt_load(void)
{
	struct desc_ptr p = {.limit = sizeof(idt) - 1, .base = (u64)idt};

	lidt(&p);
}

void idt_init(void)
{
	for (int v = 0; v < 32; v++) {
		u64 a = isr_stubs[v];

		idt[v] = (struct idt_gate){
			.offset_lo = a & 0xFFFF,
			.selector = GDT_SEL_CODE,
			.ist = v == X86_VEC_DF	  ? IST_DF
			       : v == X86_VEC_NMI ? IST_NMI
			       : v == X86_VEC_MC  ? IST_MC
						  : 0,
			.type_attr = 0x8E, /* present, DPL0, 64-bit interrupt gate */
			.offset_mid = (a >> 16) & 0xFFFF,
			.offset_hi = a >> 32,
		};
	}
	idt_load();
}

void exception_handler(struct trap_frame *f);

void exception_handler(struct trap_frame *f)
{
	if (f->vector == X86_VEC_NMI) {
		/* An NMI while the hypervisor runs belongs to the guest (the
		 * machine's NMI sources - perf, IPIs, the BMC - serve the OS):
		 * count it for the next VM entry to inject.  NMI context may
		 * have interrupted any lock holder, so no lock and no log here.
		 * The IRETQ that ends this handler unblocks NMIs again. */
		struct percpu *c = &percpu[this_cpu()];

		if (cpu_stopping())
			cpu_stopped_here();
		/* A kick (vcpu_send_init) only had to get us out of the guest. */
		if (c->nmi_kicks) {
			__atomic_fetch_sub(&c->nmi_kicks, 1, __ATOMIC_SEQ_CST);
			return;
		}
		__atomic_fetch_add(&c->nmi_in_root, 1, __ATOMIC_RELAXED);
		return;
	}
	/* Only #GP has fix-ups (rdmsr_safe/wrmsr_safe): an NMI or any other
	 * exception at such an instruction is not its fault. */
	// cppcheck-suppress comparePointers ; linker.ld puts both symbols around .extable
	for (const struct extable_entry *e = __extable_start; e < __extable_end; e++) {
		if (f->vector == X86_VEC_GP && e->insn == f->rip) {
			f->rip = e->fixup;
			return;
		}
	}
	log_raw("thinvisor: CPU exception %llu (%s) in the hypervisor, error code %#llx\n",
		(unsigned long long)f->vector,
		f->vector < 32 && vector_names[f->vector] ? vector_names[f->vector] : "?",
		(unsigned long long)f->error);
	log_raw("  rip %016llx cs %04llx rflags %016llx rsp %016llx ss %04llx\n",
		(unsigned long long)f->rip, (unsigned long long)f->cs,
		(unsigned long long)f->rflags, (unsigned long long)f->rsp,
		(unsigned long long)f->ss);
	log_raw("  cr0 %016llx cr2 %016llx cr3 %016llx cr4 %016llx\n",
		(unsigned long long)read_cr0(), (unsigned long long)read_cr2(),
		(unsigned long long)read_cr3(), (unsigned long long)read_cr4());
	/* clang-format off */
	log_raw("  rax %016llx rbx %016llx rcx %016llx rdx %016llx\n",
		(unsigned long long)f->rax, (unsigned long long)f->rbx,
		(unsigned long long)f->rcx, (unsigned long long)f->rdx);
	log_raw("  rsi %016llx rdi %016llx rbp %016llx r8  %016llx\n",
		(unsigned long long)f->rsi, (unsigned long long)f->rdi,
		(unsigned long long)f->rbp, (unsigned long long)f->r8);
	log_raw("  r9  %016llx r10 %016llx r11 %016llx r12 %016llx\n",
		(unsigned long long)f->r9, (unsigned long long)f->r10,
		(unsigned long long)f->r11, (unsigned long long)f->r12);
	/* clang-format on */
	log_raw("  r13 %016llx r14 %016llx r15 %016llx\n", (unsigned long long)f->r13,
		(unsigned long long)f->r14, (unsigned long long)f->r15);
	fatal(HV_EXIT_CPU_EXCEPTION,
	      "the hypervisor faulted (%s at rip %#llx); this is a thinvisor bug: please report "
	      "it with the serial log above",
	      f->vector < 32 && vector_names[f->vector] ? vector_names[f->vector] : "?",
	      (unsigned long long)f->rip);
}

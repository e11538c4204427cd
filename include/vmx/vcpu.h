/* SPDX-License-Identifier: MIT */
/*
 * vcpu.h - one virtual CPU: the guest registers that the VMCS does not
 * hold, the VMCS itself, and what the exit handlers need.
 *
 * struct guest_regs is saved and loaded by arch/x86_64/vmx/vmx_entry.asm
 * (vmx/vmx_entry.h); the offsets it uses are generated from this
 * definition (arch/x86_64/vmx/asm_offsets.c), never copied by hand.
 * The functions are in arch/x86_64/vmx/vcpu.c.
 */
#ifndef THINVISOR_VMX_VCPU_H
#define THINVISOR_VMX_VCPU_H

#include "types.h"
#include "hw/vmx.h"
#include "arch/percpu.h"

/* Ordered as the GPR numbers of exit qualifications (SDM Vol. 3C, Table
 * "Exit Qualification for Control-Register Accesses"): 0 RAX .. 15 R15.
 * RSP (4) is in the VMCS; its slot here is unused. */
struct guest_regs {
	union {
		struct {
			u64 rax, rcx, rdx, rbx, rsp_unused, rbp, rsi, rdi;
			u64 r8, r9, r10, r11, r12, r13, r14, r15;
		};
		u64 gpr[16]; /* the same registers by number */
	};
	u64 cr2; /* not part of the VMCS guest state (SDM Vol. 3C 25.4.1) */
};

_Static_assert(offsetof(struct guest_regs, r15) == 15 * 8, "gpr[] and the names agree");

struct vcpu {
	struct guest_regs regs;
	u8 launched; /* VMLAUNCH done: VMRESUME from now on */
	u32 cpu;     /* the physical CPU (struct percpu index) it runs on */
	u64 vmcs_pa;
	u64 host_rsp;		/* HOST_RSP last written by vmx_run() */
	u64 cr0_mask, cr4_mask; /* guest/host masks: bits the hypervisor owns */
	u64 exits[EXIT_REASON_MAX];
	u64 exits_total;
	u64 last_ept_fault_gpa; /* to refuse looping on the same EPT violation */
	u32 nmi_pending;	/* NMIs owed to the guest (vmexit/nmi.c) */
	bool nmi_window;	/* NMI-window exiting is on */
	/*
	 * The vCPU's INIT/SIPI mailbox: the guest's IPIs to it are delivered
	 * here, never to the physical CPU (devices/lapic.c).  Written by the
	 * sender, acted on by the vCPU's own CPU in VMX root operation.
	 */
	volatile u32 init_pending; /* an INIT: leave the guest, wait for SIPI */
	volatile u32 sipi_pending; /* a start-up IPI, vector below */
	volatile u8 sipi_vector;
	volatile u32 waiting; /* in wait-for-SIPI, in VMX root operation */
	u32 init_ignored;     /* INITs to the boot vCPU, reported once */
};

/* The vCPU of physical CPU cpu (one each, never freed; cpu < MAX_CPUS). */
struct vcpu *vcpu_alloc(u32 cpu);

/*
 * Virtual INIT and SIPI (SDM Vol. 3A 9.4.3, "MP Initialization Protocol"):
 * vcpu_send_init() makes the target leave the guest (an NMI kick to its
 * CPU, which exits on NMIs) and wait in VMX root; vcpu_send_sipi() starts a
 * waiting target at vector << 12 in real mode and is ignored, as hardware
 * ignores a SIPI, by a vCPU that is not waiting for one.
 * vcpu_wait_for_sipi() runs on the target's CPU: it returns the vector of
 * the SIPI that follows the last INIT.
 */
void vcpu_send_init(struct vcpu *target);
void vcpu_send_sipi(struct vcpu *target, u8 vector);
u8 vcpu_wait_for_sipi(struct vcpu *v);

/* The vCPU of physical CPU cpu if it exists and runs a guest, else NULL. */
struct vcpu *vcpu_of_cpu(u32 cpu);

/* Register n (0..15) of an exit qualification; RSP comes from the VMCS. */
u64 vcpu_gpr(struct vcpu *v, unsigned n);
void vcpu_set_gpr(struct vcpu *v, unsigned n, u64 value);

#endif

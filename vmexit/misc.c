// SPDX-License-Identifier: MIT
/*
 * misc.c - the small exits: XSETBV, INVD/WBINVD, the VMX and SMX
 * instructions a guest without VMX must see fail, HLT, and the events that
 * end a single-CPU guest (triple fault, INIT).
 */
#include "vmexit/vmexit.h"
#include "vmexit/exit_names.h"
#include "vmx/vmx_insn.h"
#include "arch/cpu.h"
#include "hw/vmcs.h"
#include "hw/x86.h"
#include "kernel/log.h"
#include "vmx/guest_state.h"

/*
 * XSETBV always exits (SDM Vol. 3C 26.1.2).  The #UD (CR4.OSXSAVE = 0) and
 * CPL checks come before the exit; what is left is the value check of SDM
 * Vol. 2C XSETBV: ECX = 0, x87 (bit 0) set, AVX (bit 2) only with SSE (bit
 * 1), and only bits this CPU supports (CPUID.(EAX=0DH,ECX=0):EDX:EAX).
 */
void handle_xsetbv(struct vcpu *v, u64 q)
{
	u64 value = (v->regs.rdx << 32) | (u32)v->regs.rax;
	struct cpuid_out d = cpuid(0xD, 0);
	u64 supported = ((u64)d.edx << 32) | d.eax;

	(void)q;
	if ((u32)v->regs.rcx != 0 || !(value & 1) || (value & ~supported) ||
	    ((value & 4) && !(value & 2))) {
		pr_debug("XSETBV %#llx refused: #GP", (unsigned long long)value);
		vcpu_inject_exception(v, X86_VEC_GP, true, 0);
		return;
	}
	xsetbv(0, value);
	vcpu_complete_instruction(v);
}

/* INVD and WBINVD both come here.  INVD throws away dirty cache lines,
 * which could hold the hypervisor's data: do the safe WBINVD instead (SDM
 * Vol. 2A INVD recommends as much). */
void handle_wbinvd(struct vcpu *v, u64 q)
{
	(void)q;
	wbinvd();
	vcpu_complete_instruction(v);
}

/* The guest's CPUID says it has no VMX, so its VMX instructions are invalid
 * opcodes, as on a CPU without VMX (SDM Vol. 3C 26.1.2: they always exit). */
void handle_vmx_instruction(struct vcpu *v, u64 q)
{
	u32 reason = EXIT_REASON_BASIC((u32)vmread(VMCS_EXIT_REASON));

	(void)q;
	pr_debug("guest executed %s: #UD", exit_reason_name(reason));
	vcpu_inject_exception(v, X86_VEC_UD, false, 0);
}

/* GETSEC with CR4.SMXE = 0 is #UD; SMXE is never allowed for the guest. */
void handle_getsec(struct vcpu *v, u64 q)
{
	(void)q;
	vcpu_inject_exception(v, X86_VEC_UD, false, 0);
}

void handle_hlt(struct vcpu *v, u64 q)
{
	(void)q;
	vcpu_stop(v, HV_EXIT_GUEST_FAULT,
		  "guest halted at rip %#llx with HLT exiting on; nothing can wake it",
		  (unsigned long long)vmread(VMCS_GUEST_RIP));
}

void handle_triple_fault(struct vcpu *v, u64 q)
{
	(void)q;
	vmcs_dump_guest_state();
	vcpu_stop(v, HV_EXIT_GUEST_FAULT,
		  "guest triple fault (shutdown) at rip %#llx; the guest state is above",
		  (unsigned long long)vmread(VMCS_GUEST_RIP));
}

/*
 * INIT to an application processor's vCPU: the guest's BSP is (re)starting
 * it.  Reset it to the INIT state (SDM Vol. 3A 10.1.1) and let it wait for a
 * SIPI, as a bare CPU does.  INIT to the BSP's vCPU would reset the guest's
 * boot CPU: report and stop instead.
 */
void handle_init_signal(struct vcpu *v, u64 q)
{
	(void)q;
	if (v->cpu == 0)
		vcpu_stop(v, HV_EXIT_GUEST_FAULT,
			  "INIT signal to the guest's boot CPU at rip %#llx (a reset request); "
			  "stopping",
			  (unsigned long long)vmread(VMCS_GUEST_RIP));
	/* The guest sends INIT, then SIPI.  The INIT arrives while the vCPU is
	 * in wait-for-SIPI, where INIT is blocked (SDM Vol. 3C 25.4.2): it stays
	 * pending and is recognised right after the SIPI started the vCPU (before
	 * its first instruction: any other exit ends this window).  It belongs
	 * before that SIPI, where it already took effect: drop it. */
	if (v->init_after_sipi) {
		v->init_after_sipi--;
		pr_debug("INIT to vCPU %u: the one sent before its SIPI, already served", v->cpu);
		/* The exit recorded blocking by SMI and NMI in the guest state; a
		 * vCPU at its first instruction has neither (SDM Vol. 3C 27.3.1.5
		 * refuses blocking by SMI outside SMM). */
		vmwrite(VMCS_GUEST_INTERRUPTIBILITY_STATE, 0);
		return;
	}
	pr_debug("INIT to vCPU %u: wait-for-SIPI", v->cpu);
	vmcs_guest_real_mode(v, 0, 0);
	vmwrite(VMCS_GUEST_ACTIVITY_STATE, VMCS_ACTIVITY_WAIT_FOR_SIPI);
}

/* A start-up IPI (exit qualification bits 7:0 = vector, SDM Vol. 3C 28.2.1):
 * start in real mode at vector * 4096, CS = vector << 8, IP = 0. */
void handle_sipi(struct vcpu *v, u64 q)
{
	u8 vector = q & 0xFF;

	pr_debug("SIPI to vCPU %u: vector %#x", v->cpu, vector);
	vmcs_guest_real_mode(v, (u16)(vector << 8), 0);
	vmwrite(VMCS_GUEST_ACTIVITY_STATE, VMCS_ACTIVITY_ACTIVE);
	/* An INIT assert and, on some CPUs and emulators, its de-assert or a
	 * repeat: drop a few that arrive before the vCPU's first instruction. */
	v->init_after_sipi = 8;
}

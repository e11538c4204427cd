// SPDX-License-Identifier: MIT
/*
 * msr_access.c - RDMSR/WRMSR exits carried out as msr/policy.c decides.
 * ECX names the MSR, EDX:EAX holds the value (SDM Vol. 4, RDMSR/WRMSR).
 */
#include "vmexit/msr_access.h"
#include "vmexit/complete.h"
#include "msr/policy.h"
#include "arch/idt.h"
#include "hw/x86.h"
#include "lib/log.h"

static void msr_gp(struct vcpu *v, u32 msr, bool write)
{
	pr_debug("%s of MSR %#x: #GP to the guest", write ? "WRMSR" : "RDMSR", msr);
	vcpu_inject_exception(v, X86_VEC_GP, true, 0);
}

void handle_rdmsr(struct vcpu *v, u64 q)
{
	u32 msr = (u32)v->regs.rcx;
	u64 value = 0;

	(void)q;
	switch (msr_policy(msr, false)) {
	case MSR_ZERO_IGNORE:
	case MSR_EMULATE:
		value = msr_emulated_read(msr);
		break;
	case MSR_GP:
		msr_gp(v, msr, false);
		return;
	case MSR_PASS:	 /* would not exit; serve it anyway */
	case MSR_DEVICE: /* devices take writes only */
	case MSR_HARDWARE:
		/* An MSR this CPU lacks faults here as it would in the guest. */
		if (rdmsr_safe(msr, &value)) {
			msr_gp(v, msr, false);
			return;
		}
		break;
	}
	v->regs.rax = (u32)value;
	v->regs.rdx = value >> 32;
	vcpu_complete_instruction(v);
}

static msr_write_fn device_write;

void msr_access_set_device(msr_write_fn fn)
{
	device_write = fn;
}

void handle_wrmsr(struct vcpu *v, u64 q)
{
	u32 msr = (u32)v->regs.rcx;
	u64 value = (v->regs.rdx << 32) | (u32)v->regs.rax;

	(void)q;
	switch (msr_policy(msr, true)) {
	case MSR_ZERO_IGNORE:
		pr_debug("WRMSR %#x = %#llx ignored", msr, (unsigned long long)value);
		break;
	case MSR_EMULATE:
	case MSR_GP:
		msr_gp(v, msr, true);
		return;
	case MSR_DEVICE:
		if (device_write && device_write(v, msr, value))
			break;
		/* no device took it: the hardware does */
		__attribute__((fallthrough));
	case MSR_PASS:
	case MSR_HARDWARE:
		if (wrmsr_safe(msr, value)) {
			msr_gp(v, msr, true);
			return;
		}
		break;
	}
	vcpu_complete_instruction(v);
}

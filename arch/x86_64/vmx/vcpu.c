// SPDX-License-Identifier: MIT
/*
 * vcpu.c - the vCPUs, one for each physical CPU, and the guest registers
 * by number (see include/vmx/vcpu.h).
 */
#include "vmx/vcpu.h"
#include "vmx/vmcs_access.h"
#include "hw/vmcs.h"

static struct vcpu vcpus[MAX_CPUS];

struct vcpu *vcpu_alloc(u32 cpu)
{
	vcpus[cpu].cpu = cpu;
	return &vcpus[cpu];
}

u64 vcpu_gpr(struct vcpu *v, unsigned n)
{
	if (n == 4)
		return vmread(VMCS_GUEST_RSP);
	return v->regs.gpr[n & 15];
}

void vcpu_set_gpr(struct vcpu *v, unsigned n, u64 value)
{
	if (n == 4)
		vmwrite(VMCS_GUEST_RSP, value);
	else
		v->regs.gpr[n & 15] = value;
}

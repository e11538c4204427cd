// SPDX-License-Identifier: MIT
/*
 * vcpu.c - the vCPUs, one for each physical CPU, and the guest registers
 * by number (see include/vmx/vcpu.h).
 */
#include "vmx/vcpu.h"
#include "vmx/vmcs_access.h"
#include "arch/apic.h"
#include "arch/cpu.h"
#include "arch/percpu.h"
#include "hw/apic.h"
#include "hw/vmcs.h"
#include "mm/memory.h"

struct vcpu *vcpu_of_cpu(u32 cpu)
{
	if (cpu >= MAX_CPUS || percpu[cpu].state != CPU_RUNNING)
		return NULL;
	return percpu[cpu].vcpu;
}

#ifndef HOST_TEST
/* Only for the CPUs that run a guest, from the frame pool: a static array
 * for MAX_CPUS would cost every machine the biggest one's memory. */
struct vcpu *vcpu_alloc(u32 cpu)
{
	struct vcpu *v = phys_to_virt(
		frame_alloc_zeroed(ALIGN_UP(sizeof(struct vcpu), PAGE_SIZE) / PAGE_SIZE, "a vCPU"));

	v->cpu = cpu;
	/* An AP starts as after the INIT of power-up: waiting for a SIPI. */
	v->waiting = cpu != 0;
	return v;
}

/* An NMI makes the target's CPU exit the guest (NMI exiting is on); the
 * kick count tells the NMI paths that this one is not the guest's. */
static void kick(struct vcpu *t)
{
	__atomic_fetch_add(&percpu[t->cpu].nmi_kicks, 1, __ATOMIC_SEQ_CST);
	apic_send_ipi(percpu[t->cpu].apic_id, ICR_DELIVERY_NMI);
}

void vcpu_send_init(struct vcpu *t)
{
	__atomic_store_n(&t->init_pending, 1, __ATOMIC_SEQ_CST);
	if (!t->waiting)
		kick(t);
}

void vcpu_send_sipi(struct vcpu *t, u8 vector)
{
	/* Only a vCPU in (or on its way to) wait-for-SIPI takes it. */
	if (!t->waiting && !t->init_pending)
		return;
	t->sipi_vector = vector;
	__atomic_store_n(&t->sipi_pending, 1, __ATOMIC_SEQ_CST);
}

u8 vcpu_wait_for_sipi(struct vcpu *v)
{
	v->waiting = 1;
	for (;;) {
		/* An INIT while waiting starts the wait over: an earlier SIPI
		 * no longer counts (SDM Vol. 3A 9.4.3). */
		if (__atomic_exchange_n(&v->init_pending, 0, __ATOMIC_SEQ_CST))
			v->sipi_pending = 0;
		if (__atomic_exchange_n(&v->sipi_pending, 0, __ATOMIC_SEQ_CST) && !v->init_pending)
			break;
		cpu_relax();
	}
	v->waiting = 0;
	return v->sipi_vector;
}
#endif

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

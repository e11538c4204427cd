/* SPDX-License-Identifier: MIT */
/*
 * vmx.h - entering VMX operation and preparing a VMCS.
 *
 * vmx_enable() takes this CPU into VMX root operation (SDM Vol. 3C 24.7,
 * "Enabling and Entering VMX Operation") after every check the SDM asks
 * for, each failure stopping with a line that says what to do.
 * vmcs_setup() makes a fresh VMCS current and fills its control and
 * host-state areas; the guest state is the guest loader's business.
 */
#ifndef THINVISOR_VMX_VMX_H
#define THINVISOR_VMX_VMX_H

#include "types.h"
#include "vmx/controls.h"
#include "vmx/vcpu.h"

extern struct vmx_caps vmx_caps;
extern struct vmx_controls vmx_ctls;

/* Read the capabilities, compute the controls, enter VMX root operation. */
void vmx_enable(void);
/* Enter VMX root operation on another CPU (after vmx_enable on the BSP). */
void vmx_enable_cpu(void);

/* Physical addresses of the MSR bitmap (SDM Vol. 3C 25.6.9) and the two
 * I/O bitmaps (25.6.4).  They are policy, the same for every vCPU: built
 * once and shared, since the CPU only reads them. */
struct vmcs_bitmaps {
	u64 msr, io_a, io_b;
};

/* eptp: the EPT pointer; vpid: 0 for none. */
void vmcs_setup(struct vcpu *v, u64 eptp, u16 vpid, const struct vmcs_bitmaps *b);

/* The host state that varies with the machine, read by vmcs_setup() from
 * the running CPU (SDM Vol. 3C 25.5 "Host-State Area"); the selectors and
 * the rest are the hypervisor's constants. */
struct vmcs_host_values {
	u64 cr0, cr3, cr4;
	u64 gs_base, tr_base, gdtr_base, idtr_base;
	u64 pat, efer;
	u64 rip; /* vmx_exit */
};

/* vmcs_setup() after the VMCS is current: the control fields, bitmaps, CR
 * masks and the host state from h.  The seam for host unit tests, which
 * run it against a fake VMCS (tests/unit/fake_vmcs.c). */
void vmcs_write_setup(struct vcpu *v, u64 eptp, u16 vpid, const struct vmcs_bitmaps *b,
		      const struct vmcs_host_values *h);

/* Set the guest's CR0/CR4 as the guest wants to see them (shadows), with the
 * bits VMX forces applied to the real values. */
void vmcs_set_guest_cr0(struct vcpu *v, u64 guest_value);
void vmcs_set_guest_cr4(struct vcpu *v, u64 guest_value);

#endif

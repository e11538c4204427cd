/* SPDX-License-Identifier: MIT */
/*
 * cpu_caps.h - what this CPU offers for virtualisation, probed once.
 * Reading the VMX capability MSRs is allowed whenever CPUID.1:ECX.VMX is
 * set, even with VMX disabled in IA32_FEATURE_CONTROL (SDM Vol. 3D A.1).
 */
#ifndef THINVISOR_ARCH_CPU_CAPS_H
#define THINVISOR_ARCH_CPU_CAPS_H

#include "types.h"

struct cpu_caps {
	char vendor[13];
	u32 family, model, stepping;
	bool vmx;	     /* CPUID.1:ECX.VMX */
	bool vmx_locked_off; /* IA32_FEATURE_CONTROL locked with VMX-outside-SMX clear */
	bool feature_control_locked;
	bool ept, unrestricted_guest, vpid;
	bool nx, xsave;
};

extern struct cpu_caps cpu_caps;

/* Probe and print the one capability line. */
void cpu_caps_probe(void);

#endif

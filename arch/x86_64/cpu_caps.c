// SPDX-License-Identifier: MIT
/*
 * cpu_caps.c - the CPU capability probe and its one-line report.
 */
#include "arch/cpu_caps.h"
#include "arch/cpu.h"
#include "hw/cpuid_bits.h"
#include "hw/msr.h"
#include "hw/vmx.h"
#include "lib/log.h"

struct cpu_caps cpu_caps;

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

void cpu_caps_probe(void)
{
	struct cpu_caps *c = &cpu_caps;
	struct cpuid_out r = cpuid(0, 0);
	u32 sig;

	((u32 *)c->vendor)[0] = r.ebx;
	((u32 *)c->vendor)[1] = r.edx;
	((u32 *)c->vendor)[2] = r.ecx;
	c->vendor[12] = '\0';

	r = cpuid(CPUID_LEAF_FEATURES, 0);
	sig = r.eax;
	/* SDM Vol. 2A CPUID, "Version Information": display family/model */
	c->family = (sig >> 8) & 0xF;
	c->model = (sig >> 4) & 0xF;
	if (c->family == 0xF)
		c->family += (sig >> 20) & 0xFF;
	if (c->family == 0x6 || c->family >= 0xF)
		c->model |= ((sig >> 16) & 0xF) << 4;
	c->stepping = sig & 0xF;
	c->vmx = r.ecx & CPUID_1_ECX_VMX;
	c->xsave = r.ecx & CPUID_1_ECX_XSAVE;
	c->nx = cpuid(CPUID_LEAF_EXT_INFO, 0).edx & CPUID_80000001_EDX_NX;

	if (c->vmx) {
		u64 fc = rdmsr(IA32_FEATURE_CONTROL);
		u64 proc = rdmsr(IA32_VMX_PROCBASED_CTLS);

		c->feature_control_locked = fc & IA32_FEATURE_CONTROL_LOCK;
		c->vmx_locked_off =
			c->feature_control_locked && !(fc & IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX);
		/* Secondary controls exist only if their activate bit may be 1 (A.3.2). */
		if ((proc >> 32) & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) {
			u32 allowed1 = rdmsr(IA32_VMX_PROCBASED_CTLS2) >> 32;

			c->ept = allowed1 & SECONDARY_ENABLE_EPT;
			c->unrestricted_guest = allowed1 & SECONDARY_UNRESTRICTED_GUEST;
			c->vpid = allowed1 & SECONDARY_ENABLE_VPID;
		}
	}
	pr_info("cpu: %s family %#x model %#x stepping %u: VMX %s%s, EPT %s, unrestricted guest "
		"%s, VPID %s",
		c->vendor, c->family, c->model, c->stepping, yes_no(c->vmx),
		c->vmx_locked_off ? " (locked off by firmware)" : "", yes_no(c->ept),
		yes_no(c->unrestricted_guest), yes_no(c->vpid));
}

/* SPDX-License-Identifier: MIT */
/*
 * vmx_profiles.h - VMX capability MSR dumps for host unit tests, each
 * written once: the Bochs 2.7 models, two real Intel CPUs, QEMU's Westmere
 * model (vmx_profiles.c), and what KVM's nested VMX offers an L1
 * hypervisor on top of one of them (vmx_profiles_kvm.c).
 *
 * test_vmx_controls.c checks vmx_compute_controls() against the Bochs
 * Skylake-X and Sandy Bridge sets; test_vmentry_check.c runs the VM-entry
 * checker over the VMCS thinvisor builds for every profile.
 */
#ifndef THINVISOR_TESTS_VMX_PROFILES_H
#define THINVISOR_TESTS_VMX_PROFILES_H

#include "types.h"
#include "vmentry_check.h"

#define MSR(hi, lo) (((u64)(hi) << 32) | (u32)(lo))

/* Bochs 2.7's IA32_VMX_BASIC: revision 0x2B, 4096-byte region, WB,
 * INS/OUTS information, TRUE MSRs. */
#define BOCHS_BASIC MSR(0x00D81000, 0x0000002B)

/*
 * A Bochs 2.7 model: VMX_BASIC, PROCBASED_CTLS2 allowed-1 and EPT_VPID_CAP
 * as given; the other MSRs the Skylake-X-like set, with the narrower
 * Sandy Bridge exit/entry allowed-1 settings when sandy.  MAXPHYADDR 40.
 */
struct vmentry_cpu vmx_profile_bochs(u64 basic, u32 proc2_allowed1, u64 ept, bool sandy);
/* Bochs corei7_skylake_x and corei7_sandy_bridge_2600k. */
struct vmentry_cpu vmx_profile_bochs_skylake_x(void);
struct vmentry_cpu vmx_profile_bochs_sandy_bridge(void);

/* Real CPUs, from VirtualBox logs (sources in vmx_profiles.c). */
extern const struct vmentry_cpu vmx_profile_ivy_bridge;
extern const struct vmentry_cpu vmx_profile_coffee_lake;

/* QEMU's "Westmere" CPU model with its VMX feature words. */
struct vmentry_cpu vmx_profile_qemu_westmere(void);

/*
 * What an L1 hypervisor reads from KVM's nested VMX, KVM's module
 * parameters at their defaults, on a host (L0) with these capabilities.
 * host_sgx: SGX enabled on the host (CPUID.(EAX=12H,ECX=0):EAX[0]).
 */
struct vmentry_cpu vmx_profile_kvm_4_4(const struct vmentry_cpu *host);
struct vmentry_cpu vmx_profile_kvm_6_1(const struct vmentry_cpu *host, bool host_sgx);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * vmentry_check.h - the checks a processor makes on VMLAUNCH/VMRESUME,
 * in software, for host unit tests.
 *
 * SDM Vol. 3C chapter 27 "VM Entries" (Dec 2023+ numbering):
 *   27.2.1   Checks on VMX Controls (27.2.1.1 execution, 27.2.1.2 exit,
 *            27.2.1.3 entry, with event injection)
 *   27.2.2   Checks on Host Control Registers, MSRs, and SSP
 *   27.2.3   Checks on Host Segment and Descriptor-Table Registers
 *   27.2.4   Checks Related to Address-Space Size
 *   27.3.1   Checks on the Guest State Area (27.3.1.1 - 27.3.1.6)
 * The rule list was cross-read with KVM's nested_vmx_check_*() in
 * arch/x86/kvm/vmx/nested.c.
 *
 * vmentry_check() reads the VMCS through a callback (a field never written
 * reads as whatever the callback says; fake_vmcs.c says 0) and returns NULL
 * when every check passes, else the short name of the first rule that
 * fails, "<family>.<rule>", the family one of
 *   ctl     VM-execution, VM-exit and VM-entry controls (VMfailValid 7)
 *   inject  event injection, part of 27.2.1.3 (also VMfailValid 7)
 *   host    host state (VMfailValid 8)
 *   guest   guest state (VM-entry failure, exit reason 33)
 * in the order the processor makes them.
 *
 * Not modelled: checks on memory the VMCS points to (the virtual-APIC page's
 * VTPR, the shadow VMCS's revision, MSR-load lists' contents), the checks
 * that depend on SMM/dual-monitor treatment (the processor is taken to be
 * outside SMM), CET, PKRS, LBR and Intel PT fields, and IA32_VMX_PROCBASED_
 * CTLS3 / EXIT_CTLS2 / VMFUNC (absent from struct vmx_caps): tertiary and
 * secondary exit controls, and VM functions other than EPTP switching,
 * fail as "not modelled" rather than pass unexamined.
 */
#ifndef THINVISOR_TESTS_VMENTRY_CHECK_H
#define THINVISOR_TESTS_VMENTRY_CHECK_H

#include "types.h"
#include "vmx/controls.h"

/* The processor the VMCS is entered on. */
struct vmentry_cpu {
	struct vmx_caps caps; /* IA32_VMX_* 0x480 - 0x491 */
	u8 maxphyaddr;	      /* CPUID.80000008H:EAX[7:0] */
};

typedef u64 (*vmentry_read_fn)(u64 field);

/* NULL if VM entry succeeds, else the first failing rule's name. */
const char *vmentry_check(const struct vmentry_cpu *cpu, vmentry_read_fn read);

/* The same, one family at a time (each assumes the earlier ones passed). */
const char *vmentry_check_controls(const struct vmentry_cpu *cpu, vmentry_read_fn read);
const char *vmentry_check_host(const struct vmentry_cpu *cpu, vmentry_read_fn read);
const char *vmentry_check_guest(const struct vmentry_cpu *cpu, vmentry_read_fn read);

#endif

// SPDX-License-Identifier: MIT
/*
 * exit_names.c - printable names of VMX basic exit reasons (SDM Vol. 3D
 * Appendix C "VMX Basic Exit Reasons"), so that every exit that reaches no
 * handler can be reported by name rather than by number.
 */
#include "types.h"
#include "hw/vmx.h"
#include "vmexit/exit_names.h"

/* Each name is spelled from its constant, so the two can never drift apart. */
#define NAME(reason) [EXIT_REASON_##reason] = #reason

static const char *const exit_reason_names[EXIT_REASON_MAX] = {
	NAME(EXCEPTION_NMI),
	NAME(EXTERNAL_INTERRUPT),
	NAME(TRIPLE_FAULT),
	NAME(INIT_SIGNAL),
	NAME(SIPI),
	NAME(IO_SMI),
	NAME(OTHER_SMI),
	NAME(INTERRUPT_WINDOW),
	NAME(NMI_WINDOW),
	NAME(TASK_SWITCH),
	NAME(CPUID),
	NAME(GETSEC),
	NAME(HLT),
	NAME(INVD),
	NAME(INVLPG),
	NAME(RDPMC),
	NAME(RDTSC),
	NAME(RSM),
	NAME(VMCALL),
	NAME(VMCLEAR),
	NAME(VMLAUNCH),
	NAME(VMPTRLD),
	NAME(VMPTRST),
	NAME(VMREAD),
	NAME(VMRESUME),
	NAME(VMWRITE),
	NAME(VMXOFF),
	NAME(VMXON),
	NAME(CR_ACCESS),
	NAME(DR_ACCESS),
	NAME(IO_INSTRUCTION),
	NAME(RDMSR),
	NAME(WRMSR),
	NAME(ENTRY_FAILURE_GUEST_STATE),
	NAME(ENTRY_FAILURE_MSR_LOADING),
	NAME(MWAIT),
	NAME(MONITOR_TRAP_FLAG),
	NAME(MONITOR),
	NAME(PAUSE),
	NAME(ENTRY_FAILURE_MACHINE_CHECK),
	NAME(TPR_BELOW_THRESHOLD),
	NAME(APIC_ACCESS),
	NAME(VIRTUALIZED_EOI),
	NAME(GDTR_IDTR_ACCESS),
	NAME(LDTR_TR_ACCESS),
	NAME(EPT_VIOLATION),
	NAME(EPT_MISCONFIG),
	NAME(INVEPT),
	NAME(RDTSCP),
	NAME(VMX_PREEMPTION_TIMER),
	NAME(INVVPID),
	NAME(WBINVD_WBNOINVD),
	NAME(XSETBV),
	NAME(APIC_WRITE),
	NAME(RDRAND),
	NAME(INVPCID),
	NAME(VMFUNC),
	NAME(ENCLS),
	NAME(RDSEED),
	NAME(PML_FULL),
	NAME(XSAVES),
	NAME(XRSTORS),
	NAME(PCONFIG),
	NAME(SPP),
	NAME(UMWAIT),
	NAME(TPAUSE),
	NAME(LOADIWKEY),
	NAME(ENCLV),
	NAME(ENQCMD_PASID),
	NAME(ENQCMDS_PASID),
	NAME(BUS_LOCK),
	NAME(INSTRUCTION_TIMEOUT),
	NAME(SEAMCALL),
	NAME(TDCALL),
	NAME(RDMSRLIST),
	NAME(WRMSRLIST),
	NAME(URDMSR),
	NAME(UWRMSR),
	NAME(RDMSR_IMM),
	NAME(WRMSRNS_IMM),
};

#undef NAME

const char *exit_reason_name(u32 basic_reason)
{
	const char *name;

	if (basic_reason >= ARRAY_SIZE(exit_reason_names))
		return "UNKNOWN";
	name = exit_reason_names[basic_reason];
	return name ? name : "UNKNOWN"; /* reserved numbers are the table's holes */
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int exit_reason_from_name(const char *s, size_t n)
{
	for (u32 r = 0; r < ARRAY_SIZE(exit_reason_names); r++) {
		const char *name = exit_reason_names[r];
		size_t i = 0;

		if (!name)
			continue;
		while (i < n && name[i] && lower(name[i]) == lower(s[i]))
			i++;
		if (i == n && !name[i])
			return (int)r;
	}
	return -1;
}

// SPDX-License-Identifier: MIT
/*
 * entry_failure.c - VM entries that fail after the VMLAUNCH/VMRESUME
 * checks: exit reason with bit 31 set (SDM Vol. 3C 27.8, "VM-Entry
 * Failures During or After Loading Guest State"), and the guest-state dump
 * shared by every report about the guest.
 */
#include "vmexit/entry_failure.h"
#include "vmexit/stop.h"
#include "vmexit/exit_names.h"
#include "vmx/vmcs_access.h"
#include "hw/vmcs.h"
#include "lib/log.h"

struct seg_fields {
	const char *name;
	u32 sel, base, limit, ar;
};

/* The four VMCS fields of one guest segment register (SDM Vol. 3C 24.4.1). */
#define SEG(reg, name)                                                                             \
	{                                                                                          \
		name, VMCS_GUEST_##reg##_SELECTOR, VMCS_GUEST_##reg##_BASE,                        \
			VMCS_GUEST_##reg##_LIMIT, VMCS_GUEST_##reg##_ACCESS_RIGHTS                 \
	}

static const struct seg_fields segs[] = {
	SEG(CS, "cs"), SEG(SS, "ss"), SEG(DS, "ds"), SEG(ES, "es"),
	SEG(FS, "fs"), SEG(GS, "gs"), SEG(TR, "tr"), SEG(LDTR, "ldtr"),
};

#define R(f) ((unsigned long long)vmread(f))

void vmcs_dump_guest_state(void)
{
	log_raw("thinvisor: guest state: rip %016llx rsp %016llx rflags %016llx\n",
		R(VMCS_GUEST_RIP), R(VMCS_GUEST_RSP), R(VMCS_GUEST_RFLAGS));
	log_raw("  cr0 %016llx (shadow %llx) cr3 %016llx cr4 %016llx (shadow %llx)\n",
		R(VMCS_GUEST_CR0), R(VMCS_CR0_READ_SHADOW), R(VMCS_GUEST_CR3), R(VMCS_GUEST_CR4),
		R(VMCS_CR4_READ_SHADOW));
	log_raw("  efer %llx pat %llx dr7 %llx entry controls %llx activity %llu "
		"interruptibility %llx\n",
		R(VMCS_GUEST_IA32_EFER), R(VMCS_GUEST_IA32_PAT), R(VMCS_GUEST_DR7),
		R(VMCS_VM_ENTRY_CONTROLS), R(VMCS_GUEST_ACTIVITY_STATE),
		R(VMCS_GUEST_INTERRUPTIBILITY_STATE));
	for (size_t i = 0; i < ARRAY_SIZE(segs); i++)
		log_raw("  %-4s sel %04llx base %016llx limit %08llx ar %05llx\n", segs[i].name,
			R(segs[i].sel), R(segs[i].base), R(segs[i].limit), R(segs[i].ar));
	log_raw("  gdtr %016llx/%llx idtr %016llx/%llx link %llx\n", R(VMCS_GUEST_GDTR_BASE),
		R(VMCS_GUEST_GDTR_LIMIT), R(VMCS_GUEST_IDTR_BASE), R(VMCS_GUEST_IDTR_LIMIT),
		R(VMCS_VMCS_LINK_POINTER));
}

static const char *entry_qual_meaning(u32 reason, u64 q)
{
	if (reason != EXIT_REASON_ENTRY_FAILURE_GUEST_STATE)
		return reason == EXIT_REASON_ENTRY_FAILURE_MSR_LOADING
			       ? "an entry of the VM-entry MSR-load area failed"
			       : "a machine check during VM entry";
	/* SDM Vol. 3C 27.8: qualification of an invalid-guest-state failure */
	switch (q) {
	case 0:
		return "a guest-state check failed (SDM Vol. 3C 27.3.1)";
	case 2:
		return "loading the PDPTEs failed";
	case 3:
		return "NMI injection with blocking by NMI";
	case 4:
		return "invalid VMCS link pointer";
	default:
		return "unknown";
	}
}

void handle_entry_failure(struct vcpu *v, u64 q)
{
	u32 reason = EXIT_REASON_BASIC((u32)vmread(VMCS_EXIT_REASON));

	vmcs_dump_guest_state();
	vcpu_stop(v, HV_EXIT_VMX_FAILURE,
		  "VM entry failed: %s (reason %u), qualification %llu: %s; the guest state is "
		  "above",
		  exit_reason_name(reason), reason, (unsigned long long)q,
		  entry_qual_meaning(reason, q));
}

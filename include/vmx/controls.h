/* SPDX-License-Identifier: MIT */
/*
 * vmx/controls.h - choose the VMX controls thinvisor runs a guest with, from
 * the capability MSRs the CPU reports (SDM Vol. 3D Appendix A "VMX
 * Capability Reporting Facility").
 *
 * Contract: pure arithmetic and policy. The caller reads the MSRs (hw/msr.h)
 * into struct vmx_caps; nothing here touches hardware, allocates or prints.
 * Failures come back as a return value plus a struct vmx_ctl_error whose
 * strings are static and name the control in the SDM's own words, so the
 * caller can print "CPU lacks secondary processor-based control: unrestricted
 * guest".
 *
 * Policy of vmx_compute_controls() - the guest owns the machine, the
 * hypervisor only keeps its memory and the devices it emulates:
 *   pin-based:   nothing (external interrupts and NMIs go straight to the guest)
 *   primary:     use I/O bitmaps, use MSR bitmaps, activate secondary controls;
 *                no HLT/CR3/INVLPG/RDTSC/MWAIT/PAUSE exiting
 *   secondary:   required enable EPT, unrestricted guest; optional enable VPID,
 *                enable RDTSCP, enable INVPCID, enable XSAVES/XRSTORS, enable
 *                user wait and pause (without them those instructions #UD in
 *                the guest instead of behaving as on bare metal)
 *   VM-exit:     required host address-space size, save/load IA32_EFER,
 *                save/load IA32_PAT; optional save debug controls
 *   VM-entry:    required load IA32_EFER, load IA32_PAT; optional load debug
 *                controls. "IA-32e mode guest" is left 0: the caller sets it
 *                per guest (SDM Vol. 3C §25.8.1).
 * Bits the CPU reports as must-be-1 are always set, whatever the policy.
 */
#ifndef THINVISOR_VMX_CONTROLS_H
#define THINVISOR_VMX_CONTROLS_H

#include "types.h"

/* Raw capability MSR values as read by the caller (SDM Vol. 3D Appendix A). */
struct vmx_caps {
	u64 basic, pinbased, procbased, procbased2, exit, entry;
	/* Valid only if basic has VMX_BASIC_TRUE_CONTROLS (bit 55). */
	u64 true_pinbased, true_procbased, true_exit, true_entry;
	u64 misc, ept_vpid_cap, cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
};

/* Values for the five VMCS control fields. */
struct vmx_controls {
	u32 pin, proc, proc2, exit, entry;
	/* NMI-window exiting may be turned on at run time: the CPU allows it
	 * and virtual NMIs are on (SDM Vol. 3C 27.2.1.1: the one needs the
	 * other). */
	bool nmi_window;
};

/*
 * Why vmx_compute_controls() refused: control_group is "pin-based",
 * "primary processor-based", "secondary processor-based", "VM-exit",
 * "VM-entry" or "IA32_VMX_BASIC"; missing names the lowest required control
 * the CPU cannot give (or the IA32_VMX_BASIC property that is wrong);
 * missing_bits holds every required bit of that group the CPU lacks
 * (0 for an IA32_VMX_BASIC refusal).
 */
struct vmx_ctl_error {
	const char *control_group;
	const char *missing;
	u32 missing_bits;
};

/* vmx_compute_controls() results. */
#define VMX_CTL_OK		0
#define VMX_CTL_ERR_VMCS_REGION (-1) /* VMCS memory type not WB, or region > 4 KiB */
#define VMX_CTL_ERR_UNSUPPORTED (-2) /* a required control cannot be 1 */

/*
 * SDM Vol. 3D Appendix A.3-A.5: in a control capability MSR the low 32 bits
 * are the allowed 0-settings (a 1 there means the control must be 1) and the
 * high 32 bits the allowed 1-settings (a 0 there means it must be 0).
 * *out = must-be-1 bits | ((required | optional) & allowed-1 bits).
 * Returns true when every required bit can be 1. Otherwise returns false and
 * *missing (if missing is not NULL) holds the required bits the CPU cannot
 * set, plus any bit the MSR reports as both must-be-1 and not-allowed-1 (no
 * setting of such a bit can pass VM entry). Optional bits the CPU lacks are
 * dropped silently. *out is written in both cases.
 */
bool vmx_adjust(u64 cap_msr, u32 required, u32 optional, u32 *out, u32 *missing);

/*
 * Apply the policy above. Uses IA32_VMX_TRUE_*_CTLS when IA32_VMX_BASIC bit
 * 55 is set, as SDM Vol. 3D Appendix A.2 "Reserved Controls and Default
 * Settings" requires to clear default1 controls such as CR3-load exiting;
 * the secondary controls have no TRUE MSR. Also refuses a VMCS memory type
 * other than write-back or a VMCS region larger than 4096 bytes (Appendix
 * A.1). caps and out must not be NULL; err may be NULL. *out is written only
 * on success. Returns VMX_CTL_OK or a negative VMX_CTL_ERR_*.
 */
int vmx_compute_controls(const struct vmx_caps *caps, struct vmx_controls *out,
			 struct vmx_ctl_error *err);

/*
 * SDM Vol. 3D Appendix A.7/A.8 "VMX-Fixed Bits in CR0/CR4": returns value
 * with the bits that are 1 in fixed0 set and the bits that are 0 in fixed1
 * cleared. (With unrestricted guest, a guest CR0 may still clear PE and PG.)
 */
u64 vmx_fixed_bits(u64 value, u64 fixed0, u64 fixed1);

/*
 * Whether thinvisor's EPT can be used (SDM Vol. 3D Appendix A.10): needs a
 * 4-level page walk, the write-back memory type for paging structures, and
 * INVEPT with the single-context or all-context type. On false, *why (if
 * why is not NULL) is set to a static description of the first lack.
 */
bool vmx_ept_usable(u64 ept_vpid_cap, const char **why);

#endif

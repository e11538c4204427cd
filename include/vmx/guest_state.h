/* SPDX-License-Identifier: MIT */
/*
 * guest_state.h - initial guest-state areas.
 */
#ifndef THINVISOR_VMX_GUEST_STATE_H
#define THINVISOR_VMX_GUEST_STATE_H

#include "types.h"
#include "vmx/vcpu.h"

/*
 * The state of a CPU after INIT (SDM Vol. 3A 10.1.1, Table 10-1), but
 * starting at cs:ip = cs_selector:ip with CS.base = cs_selector << 4: real
 * mode, paging and caching as after reset, flat 64 KiB segments.  Needs
 * the unrestricted-guest control (SDM Vol. 3C 26.3.1.1).
 */
void vmcs_guest_real_mode(struct vcpu *v, u16 cs_selector, u16 ip);

/*
 * The machine state the multiboot specifications require at a kernel's
 * entry (multiboot 0.6.96 3.2, multiboot2 3.3 "I386 machine state"):
 * 32-bit protected mode, paging off, CS a flat 4 GiB execute/read segment,
 * DS/ES/FS/GS/SS flat 4 GiB read/write, interrupts off, EAX = magic,
 * EBX = the information structure.  GDTR/IDTR are left empty: the kernel
 * must load its own before reloading a segment register or enabling
 * interrupts, as the specifications say.
 */
void vmcs_guest_multiboot(struct vcpu *v, u32 entry, u32 magic, u32 info);

#endif

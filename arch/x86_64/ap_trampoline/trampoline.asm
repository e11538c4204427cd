; SPDX-License-Identifier: MIT
;
; trampoline.asm - where an application processor starts: the SIPI vector
; points here (page TRAMPOLINE_ADDR below 1 MiB, SDM Vol. 3A 9.4.4).  The AP
; arrives in real mode at CS:IP = (TRAMPOLINE_ADDR >> 4):0 and goes to long
; mode on the hypervisor's own page tables, then calls ap_main(index) on the
; stack the BSP gave it.  The BSP fills in the parameter block before each
; INIT-SIPI-SIPI (arch/x86_64/smp.c); one AP starts at a time.

bits 16
org 0x9000                              ; TRAMPOLINE_ADDR in include/arch/smp.h

CR0_PE equ 1 << 0
CR0_MP equ 1 << 1
CR0_ET equ 1 << 4
CR0_NE equ 1 << 5
CR0_WP equ 1 << 16
CR0_PG equ 1 << 31
CR4_PAE equ 1 << 5
CR4_MCE equ 1 << 6
MSR_EFER equ 0xC0000080

start:
	jmp short real_mode
	align 8
; ---- parameter block (struct trampoline_params in arch/x86_64/smp.c) ----
p_magic:  dd 0x504D5254                 ; "TRMP"
p_index:  dd 0
p_cr3:    dq 0
p_stack:  dq 0
p_entry:  dq 0
p_efer:   dq 0

real_mode:
	cli
	cld
	xor ax, ax
	mov ds, ax
	mov ss, ax
	lgdt [gdt_desc]
	; CR0 and CR4 are loaded outright: an AP leaves INIT with
	; CR0 = CD|NW|ET (SDM Vol. 3A 10.1.1, Table 10-1), and ORing into it
	; would run the hypervisor on this CPU with its caches disabled.
	mov eax, CR0_PE | CR0_ET
	mov cr0, eax
	jmp dword 0x18:protected_mode

bits 32
protected_mode:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov eax, CR4_PAE | CR4_MCE      ; MCE: #MC, not shutdown (SDM Vol. 3B 16.10.1)
	mov cr4, eax
	mov eax, [p_cr3]                ; the hypervisor's tables (below 4 GiB)
	mov cr3, eax
	mov ecx, MSR_EFER
	mov eax, [p_efer]               ; the BSP's EFER: LME, NXE
	mov edx, [p_efer + 4]
	wrmsr
	mov eax, CR0_PG | CR0_WP | CR0_NE | CR0_ET | CR0_MP | CR0_PE
	mov cr0, eax
	jmp 0x08:long_mode

bits 64
long_mode:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov rsp, [rel p_stack]
	mov edi, [rel p_index]
	mov rax, [rel p_entry]
	call rax                        ; ap_main(index): never returns
.hang:
	cli
	hlt
	jmp .hang

align 16
gdt:
	dq 0
	dq 0x00AF9B000000FFFF           ; 0x08 64-bit code
	dq 0x00CF93000000FFFF           ; 0x10 data
	dq 0x00CF9B000000FFFF           ; 0x18 32-bit code
gdt_end:
gdt_desc:
	dw gdt_end - gdt - 1
	dd gdt

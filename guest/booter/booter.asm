; SPDX-License-Identifier: MIT
;
; booter.asm - the booter stub: the first guest code of a Linux guest.
;
; thinvisor copies this flat binary to guest-physical BOOTER_ADDR, fills in
; the parameter block below, and starts the vCPU here in real mode (as a
; CPU after INIT, with CS = 0).  The stub takes the vCPU to the state that
; the 64-bit Linux boot protocol requires (Documentation/arch/x86/boot.rst,
; "64-bit Boot Protocol"), then jumps to the kernel's 64-bit entry:
;   - long mode, identity paging covering the kernel, the zero page and
;     the command line (here: all of the first 4 GiB, 2 MiB pages)
;   - a GDT with flat 4 GiB descriptors at __BOOT_CS (0x10, 64-bit
;     execute/read) and __BOOT_DS (0x18, read/write); CS = __BOOT_CS and
;     DS = ES = SS = __BOOT_DS
;   - interrupts disabled, RSI = the zero page (struct boot_params)
;   - CR0 and CR4 loaded outright, not ORed into what the vCPU starts with:
;     it starts as a CPU after INIT, CR0 = CD|NW|ET (SDM Vol. 3A 10.1.1,
;     Table 10-1), and under VMX the guest's CR0.CD/NW are the processor's.
;     A kernel entered with CD set runs uncached until its own head_64.S
;     loads CR0 (after decompression).  The boot protocol's state is
;     CR0 = PE (+ ET, which is fixed to 1) in protected mode, PG|PE in long
;     mode, caches enabled.
; The kernel image itself is never modified.
;
; The layout constants must match include/loader/booter.h.

bits 16
org 0x1000

BOOT_CS     equ 0x10
BOOT_DS     equ 0x18
PM_CS32     equ 0x20
PAGE_TABLES equ 0x3000          ; PML4, PDPT, 4 PDs: 0x3000 - 0x8FFF
CR0_PE      equ 1 << 0
CR0_ET      equ 1 << 4
CR0_PG      equ 1 << 31
CR4_PAE     equ 1 << 5
EFER        equ 0xC0000080
EFER_LME    equ 1 << 8

start:
	jmp short real_mode_entry
	align 8
; ---- parameter block, written by thinvisor (loader/linux.c) ----
param_magic:    dd 0x52544F42   ; "BOTR": checked by the loader before patching
param_pad:      dd 0
param_entry64:  dq 0            ; kernel load address + 0x200
param_zeropage: dq 0            ; struct boot_params

real_mode_entry:
	cli
	cld
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	lgdt [gdt_desc]
	mov eax, CR0_PE | CR0_ET        ; CD = NW = 0: caches on
	mov cr0, eax
	jmp dword PM_CS32:protected_mode

bits 32
protected_mode:
	mov ax, BOOT_DS
	mov ds, ax
	mov es, ax
	mov ss, ax

	; Identity map 0 - 4 GiB with 2 MiB pages: PML4[0] -> PDPT,
	; PDPT[0..3] -> four PDs of 512 entries each.
	mov edi, PAGE_TABLES
	mov ecx, 6 * 4096 / 4
	xor eax, eax
	rep stosd
	mov dword [PAGE_TABLES], PAGE_TABLES + 0x1000 + 3          ; present, writable
	mov edi, PAGE_TABLES + 0x1000
	mov eax, PAGE_TABLES + 0x2000 + 3
	mov ecx, 4
.pdpt:
	mov [edi], eax
	add eax, 0x1000
	add edi, 8
	loop .pdpt
	mov edi, PAGE_TABLES + 0x2000
	xor ebx, ebx
.pd:
	mov eax, ebx
	shl eax, 21
	or eax, 0x83                    ; present, writable, 2 MiB page
	mov [edi + ebx * 8], eax
	mov eax, ebx
	shr eax, 11                     ; bits 32+ of the page address
	mov [edi + ebx * 8 + 4], eax
	inc ebx
	cmp ebx, 2048
	jb .pd

	; Long mode (SDM Vol. 3A 10.8.5): PAE, CR3, EFER.LME, then paging.
	mov eax, CR4_PAE
	mov cr4, eax
	mov eax, PAGE_TABLES
	mov cr3, eax
	mov ecx, EFER
	rdmsr
	or eax, EFER_LME
	wrmsr
	mov eax, CR0_PG | CR0_PE | CR0_ET
	mov cr0, eax
	jmp BOOT_CS:long_mode

bits 64
long_mode:
	mov ax, BOOT_DS
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov rsi, [rel param_zeropage]
	mov rax, [rel param_entry64]
	xor ebp, ebp
	xor edi, edi
	jmp rax

align 16
gdt:
	dq 0                            ; 0x00 null
	dq 0                            ; 0x08 unused
	dq 0x00AF9B000000FFFF           ; 0x10 __BOOT_CS: 64-bit code, execute/read
	dq 0x00CF93000000FFFF           ; 0x18 __BOOT_DS: flat data, read/write
	dq 0x00CF9B000000FFFF           ; 0x20 32-bit code for the way up
gdt_end:
gdt_desc:
	dw gdt_end - gdt - 1
	dd gdt

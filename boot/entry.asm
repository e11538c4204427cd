; SPDX-License-Identifier: MIT
;
; entry.asm - the multiboot2 header and the way from GRUB's 32-bit protected
; mode to 64-bit C (hv_main).
;
; Multiboot2 spec 3.3 ("I386 machine state"): EAX holds the magic 0x36d76289,
; EBX the physical address of the boot information, CS/DS are flat 32-bit
; segments, paging is off, interrupts are off, and ESP is undefined.
;
; The image is linked at KERNEL_VMA but GRUB may load it at any 2 MiB aligned
; address (relocatable tag below), so this code is position independent: it
; finds its own load base and addresses everything relative to it (EBP).
; Until long mode it has no C, so errors are printed here over COM1.

bits 32

KERNEL_VMA      equ 0xFFFFFFFF80000000
LINK_PHYS       equ 0x1000000
MB2_MAGIC       equ 0xE85250D6          ; header magic (spec 3.1.1)
MB2_BOOT_MAGIC  equ 0x36D76289          ; magic GRUB leaves in EAX (spec 3.3)
MB2_ARCH_I386   equ 0
COM1            equ 0x3F8

; Where the image is allowed to go: above the first 16 MiB (kept for the
; guest), wholly below 4 GiB (this code runs with 32-bit addresses), 2 MiB
; aligned (the early tables map it with 2 MiB pages), as high as possible.
RELOC_MIN       equ 0x1000000
RELOC_MAX       equ 0xFFFFFFFF
RELOC_ALIGN     equ 0x200000
RELOC_PREF_HIGH equ 2

; Control-register and MSR bits used here (SDM Vol. 3A 2.5, Vol. 4 "IA32_EFER")
CR0_PE          equ 1 << 0
CR0_MP          equ 1 << 1
CR0_ET          equ 1 << 4
CR0_NE          equ 1 << 5
CR0_WP          equ 1 << 16
CR0_PG          equ 1 << 31
CR4_PAE         equ 1 << 5
CR4_MCE         equ 1 << 6
MSR_IA32_EFER   equ 0xC0000080
EFER_LME        equ 1 << 8
EFER_NXE        equ 1 << 11
PTE_P           equ 1 << 0
PTE_RW          equ 1 << 1
PTE_PS          equ 1 << 7

extern hv_main
extern __image_2m_pages

global _start32
global boot_stack_top
global boot_gdt_ptr64
global boot_entry_cr0
global boot_entry_cr4

section .boot progbits alloc exec nowrite align=4096

image_base:

; ---------------------------------------------------------------- header
align 8
mb2_header:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

	; Entry address tag (type 3): GRUB adds the relocation offset to it.
	align 8
	dw 3, 0
	dd 12
	dd LINK_PHYS + (_start32 - image_base)

	; Relocatable tag (type 10, spec 3.1.13).
	align 8
	dw 10, 0
	dd 24
	dd RELOC_MIN
	dd RELOC_MAX
	dd RELOC_ALIGN
	dd RELOC_PREF_HIGH

	; Information request (type 1): the tags we cannot work without.
	; 6 = memory map, 21 = image load base.
	align 8
	dw 1, 0
	dd 16
	dd 6, 21

	; Console flags (type 4): we need no VGA console (bit 1 clear = EGA
	; text not required); all output goes to COM1.
	align 8
	dw 4, 0
	dd 12
	dd 0

%if MB2_FRAMEBUFFER
	; Framebuffer (type 5; multiboot2 spec 3.1.10, "The framebuffer tag of
	; Multiboot2 header"), optional (flags bit 0), no preferred width,
	; height or depth (0): a framebuffer is welcome, in whatever mode the
	; firmware has, so that the log reaches the screen of a machine
	; without a serial port.  GRUB 2.06 (loader/multiboot.c,
	; grub_multiboot_set_console and _set_video_mode):
	;  - with it, the multiboot2 command sets gfxpayload=auto (a
	;    gfxpayload= set after the command wins) and the boot keeps or
	;    sets that mode, passed in the framebuffer info tag (spec 3.6.12):
	;    the GOP mode on UEFI, once grub.cfg has loaded a video driver
	;    (efi_gop; with none GRUB says "no suitable video mode found" and
	;    passes nothing); a VBE graphics mode on BIOS, so the grub.cfg
	;    entries thinvisor ships and generates set gfxpayload=text after
	;    multiboot2 on the pc platform and the VGA text screen stays;
	;  - without it, the console flags above leave GRUB no console the
	;    image accepts: it warns "no console will be available to OS" and
	;    a BIOS boot is forced to text mode whatever gfxpayload says.
	; make MB2_FRAMEBUFFER=0 leaves it out.
	align 8
	dw 5, 1
	dd 20
	dd 0, 0, 0
%endif

	align 8
	dw 0, 0                 ; end tag
	dd 8
mb2_header_end:

; ---------------------------------------------------------------- helpers
; Print a string constant over COM1 without touching memory: usable before
; we know where we are.  Every byte waits for LSR bit 5 (THR empty), the
; rule of the 16550 that Bochs models faithfully.
%macro SERIAL_PUTS_IMM 1
%strlen %%len %1
%assign %%i 1
%rep %%len
%substr %%c %1 %%i
	mov bl, %%c
	call serial_putc_bl
%assign %%i %%i + 1
%endrep
%endmacro

; Program COM1 for 115200 8N1.  GRUB may have done so already; doing it
; again is harmless and makes the no-GRUB-serial case work.
serial_init:
	mov dx, COM1 + 1
	xor al, al
	out dx, al              ; IER = 0: no UART interrupts
	mov dx, COM1 + 3
	mov al, 0x80
	out dx, al              ; LCR.DLAB = 1 to reach the divisor latch
	mov dx, COM1
	mov al, 1
	out dx, al              ; divisor 1 = 115200 baud
	mov dx, COM1 + 1
	xor al, al
	out dx, al
	mov dx, COM1 + 3
	mov al, 0x03
	out dx, al              ; 8 data bits, no parity, 1 stop bit, DLAB = 0
	mov dx, COM1 + 2
	mov al, 0xC7
	out dx, al              ; FIFO on and cleared
	mov dx, COM1 + 4
	mov al, 0x03
	out dx, al              ; DTR, RTS
	ret

; Needs a stack (call).  Clobbers AL, DX.
serial_putc_bl:
	mov dx, COM1 + 5
.wait:
	in al, dx
	test al, 0x20
	jz .wait
	mov dx, COM1
	mov al, bl
	out dx, al
	ret

halt_forever:
	cli
	hlt
	jmp halt_forever

; ---------------------------------------------------------------- entry
_start32:
	cli
	cld
	mov edi, eax            ; keep magic and info pointer
	mov esi, ebx

	cmp edi, MB2_BOOT_MAGIC
	je .magic_ok
	; No trustworthy EBX and no stack: use a scratch stack in low memory
	; that every PC has as RAM (the 0x7000 page, below the BIOS boot
	; sector area) only to print the reason, then stop.
	mov esp, 0x7FF0
	call serial_init
	SERIAL_PUTS_IMM `thinvisor: FATAL: not started by a multiboot2 loader (bad magic in EAX); boot it with GRUB's multiboot2 command\r\n`
	jmp halt_forever

.magic_ok:
	; Find our load base with call/pop.  The only memory known to be ours
	; is the boot information; its u32 at offset 4 is reserved (spec 3.6),
	; so it serves as a one-slot stack and is put back to zero after.
	lea esp, [esi + 8]
	call .here
.here:
	pop ebp
	mov dword [esi + 4], 0
	sub ebp, .here - image_base     ; EBP = physical load base

	; Keep what C needs in memory: the code below clobbers every register
	; but EBP (CPUID, REP STOSD).
	mov [ebp + boot_magic - KERNEL_VMA], edi
	mov [ebp + boot_info - KERNEL_VMA], esi
	mov [ebp + boot_load_base - KERNEL_VMA], ebp

	; Now a real stack inside the image.
	lea esp, [ebp + boot_stack_top - KERNEL_VMA]
	call serial_init

	; CPUID present? (EFLAGS.ID can be toggled, SDM Vol. 2A CPUID)
	pushfd
	pop eax
	mov ecx, eax
	xor eax, 1 << 21
	push eax
	popfd
	pushfd
	pop eax
	push ecx
	popfd
	xor eax, ecx
	jz .no_long_mode

	; Long mode? CPUID.80000001H:EDX.LM[bit 29]
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .no_long_mode
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29
	jz .no_long_mode
	mov [ebp + boot_has_nx - KERNEL_VMA], edx       ; bit 20 = NX

	call build_early_tables

	; Enter long mode (SDM Vol. 3A 10.8.5 "Initializing IA-32e Mode"):
	; PAE, CR3, EFER.LME, then paging.
	; CR4 is loaded outright, never ORed into what the loader left: the
	; multiboot2 machine state (spec 3.3) says nothing of CR4, and GRUB on
	; UEFI clears only PAE before jumping here.  A firmware that ran with
	; 5-level paging leaves CR4.LA57 set, and with LA57 set when paging is
	; enabled the processor walks the 4-level early_pml4 as a PML5 (SDM
	; Vol. 3A 4.1.1 "Four Paging Modes"): the first fetch faults, the CPU
	; triple-faults.  PAE is the one bit the entry needs, MCE the one
	; the firmware's CR4 had that must stay: without it a machine check
	; shuts the processor down instead of raising #MC (SDM Vol. 3B
	; 16.10.1, "Machine-Check Exception").  vmx_on() adds VMXE (and
	; OSXSAVE) later.  What the loader left is kept for the
	; log (kernel/main.c, loglevel=debug).
	mov eax, cr4
	mov [ebp + boot_entry_cr4 - KERNEL_VMA], eax
	mov eax, cr0
	mov [ebp + boot_entry_cr0 - KERNEL_VMA], eax
	mov eax, CR4_PAE | CR4_MCE
	mov cr4, eax
	lea eax, [ebp + early_pml4 - KERNEL_VMA]
	mov cr3, eax
	mov ecx, MSR_IA32_EFER
	rdmsr
	or eax, EFER_LME
	test dword [ebp + boot_has_nx - KERNEL_VMA], 1 << 20
	jz .no_nx
	or eax, EFER_NXE
.no_nx:
	wrmsr
	; The GDT pointer must hold the physical address while we still run
	; from the identity mapping.
	lea eax, [ebp + boot_gdt - KERNEL_VMA]
	mov [ebp + boot_gdt_ptr32 + 2 - KERNEL_VMA], eax
	lgdt [ebp + boot_gdt_ptr32 - KERNEL_VMA]
	; CR0 outright too: caches on (CD = NW = 0, SDM Vol. 3A 12.5.3
	; "Preventing Caching"), whatever the firmware left.
	mov eax, CR0_PG | CR0_WP | CR0_NE | CR0_ET | CR0_MP | CR0_PE
	mov cr0, eax

	; Far return into the 64-bit code segment, still at the low address.
	push 0x08
	lea eax, [ebp + entry64_low - image_base]
	push eax
	retf

.no_long_mode:
	SERIAL_PUTS_IMM `thinvisor: FATAL: this CPU has no 64-bit long mode; thinvisor needs an x86-64 CPU with VT-x\r\n`
	jmp halt_forever

; Early tables, all 2 MiB pages; mm/ replaces them with 4 KiB tables built
; by the shared page-table code once C runs.
;   identity: the first 4 GiB (this code, the boot information, the stack)
;   high:     KERNEL_VMA -> load base, __image_2m_pages pages
build_early_tables:
	; Zero the tables: GRUB zeroes an ELF segment's bss, but a table
	; with stale entries would be fatal, so do not rely on it.  (Not the
	; whole .bss: the stack we are running on lives there.)
	lea edi, [ebp + early_pml4 - KERNEL_VMA]
	mov ecx, (early_tables_end - early_pml4) / 4
	xor eax, eax
	rep stosd

	lea edi, [ebp + early_pml4 - KERNEL_VMA]
	lea eax, [ebp + early_pdpt_low - KERNEL_VMA]
	or eax, PTE_P | PTE_RW
	mov [edi], eax
	lea eax, [ebp + early_pdpt_high - KERNEL_VMA]
	or eax, PTE_P | PTE_RW
	mov [edi + 511 * 8], eax

	; PDPT low: four PDs for 0..4 GiB.
	lea edi, [ebp + early_pdpt_low - KERNEL_VMA]
	lea eax, [ebp + early_pd_low - KERNEL_VMA]
	or eax, PTE_P | PTE_RW
	mov ecx, 4
.pdpt_loop:
	mov [edi], eax
	add eax, 4096
	add edi, 8
	loop .pdpt_loop

	; 2048 PD entries of 2 MiB each = 4 GiB identity.
	lea edi, [ebp + early_pd_low - KERNEL_VMA]
	xor ebx, ebx            ; entry index
.pd_low_loop:
	mov eax, ebx
	shl eax, 21
	or eax, PTE_P | PTE_RW | PTE_PS
	mov [edi + ebx * 8], eax
	mov eax, ebx
	shr eax, 11             ; bits 32+ of the address (index * 2 MiB)
	mov [edi + ebx * 8 + 4], eax
	inc ebx
	cmp ebx, 2048
	jb .pd_low_loop

	; KERNEL_VMA is PML4 slot 511, PDPT slot 510, PD slot 0.
	lea edi, [ebp + early_pdpt_high - KERNEL_VMA]
	lea eax, [ebp + early_pd_high - KERNEL_VMA]
	or eax, PTE_P | PTE_RW
	mov [edi + 510 * 8], eax

	lea edi, [ebp + early_pd_high - KERNEL_VMA]
	mov ecx, __image_2m_pages
	mov eax, ebp
	or eax, PTE_P | PTE_RW | PTE_PS
.pd_high_loop:
	mov [edi], eax
	add eax, 0x200000
	add edi, 8
	loop .pd_high_loop
	ret

; ---------------------------------------------------------------- 64-bit
bits 64
entry64_low:
	; Running 64-bit at the physical address; jump to the linked address.
	mov rax, entry64_high
	jmp rax

entry64_high:
	lgdt [rel boot_gdt_ptr64]
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor ax, ax
	mov fs, ax
	mov gs, ax
	lea rsp, [rel boot_stack_top]
	; hv_main(u32 magic, u64 info_phys, u64 load_base)
	mov edi, [rel boot_magic]
	mov esi, [rel boot_info]        ; physical, < 4 GiB
	mov edx, [rel boot_load_base]
	xor ebp, ebp                    ; end of the frame-pointer chain
	call hv_main
.spin:
	cli
	hlt
	jmp .spin

; ---------------------------------------------------------------- GDT
; A minimal flat GDT for the switch (SDM Vol. 3A 3.4.5); C installs the
; final one, with a TSS, in arch/x86_64/gdt.c.
align 16
boot_gdt:
	dq 0                            ; null
	dq 0x00AF9B000000FFFF           ; 0x08: 64-bit code, DPL 0, accessed
	dq 0x00CF93000000FFFF           ; 0x10: data, DPL 0, accessed
boot_gdt_end:

align 4
boot_gdt_ptr32:
	dw boot_gdt_end - boot_gdt - 1
	dd 0                            ; physical base, filled in above
align 8
	dw 0
boot_gdt_ptr64:
	dw boot_gdt_end - boot_gdt - 1
	dq boot_gdt

; ---------------------------------------------------------------- data
section .bss nobits alloc noexec write align=4096
align 4096
early_pml4:      resb 4096
early_pdpt_low:  resb 4096
early_pdpt_high: resb 4096
early_pd_low:    resb 4 * 4096
early_pd_high:   resb 4096
early_tables_end:
boot_stack:      resb 16384
boot_stack_top:
boot_has_nx:     resd 1
boot_entry_cr0:  resd 1
boot_entry_cr4:  resd 1
boot_magic:      resd 1
boot_info:       resd 1
boot_load_base:  resd 1

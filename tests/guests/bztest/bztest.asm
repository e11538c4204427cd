; SPDX-License-Identifier: MIT
;
; bztest.asm - a minimal bzImage that is not relocatable, for the boot
; tests: the Linux boot protocol's setup header (Documentation/arch/x86/
; boot.rst, "The Real-Mode Kernel Header"; protocol 2.15), no real-mode
; code, and a protected-mode part whose 64-bit entry (boot.rst, "64-bit
; Boot Protocol": at the load address + 0x200, RSI = the zero page, the
; kernel, zero page and command line identity-mapped) checks what its
; loader handed it and reports through thinvisor's self-test record
; protocol (include/selftest_abi.h), like tests/guests/mbtest.
;
; Header: version 2.15, loadflags LOADED_HIGH, xloadflags XLF_KERNEL_64,
; relocatable_kernel 0, pref_address 0x100000, init_size 4 MiB: a loader
; must put it at exactly 1 MiB, where GRUB puts its modules.
;
; Checks, one record each:
;   bz-entry64        entered at 0x100200, the 64-bit entry at pref_address;
;                     value = the entry's address
;   bz-initrd-sum     the command line holds "sum=X" (hex) and the initrd
;                     (ramdisk_image/ramdisk_size, with ext_ramdisk_* from
;                     the zero page) hashes to X with FNV-1a 32; value = hash
;   bz-initrd-placed  the initrd lies in one usable (type 1) e820 entry, and
;                     not on the kernel's [0x100000, 0x100000 + init_size);
;                     value = ramdisk_image
;   bz-e820-hv        the e820 map has a reserved (type 2) entry at or above
;                     16 MiB (under thinvisor: its own memory); value = base
; then a DONE record (thinvisor prints the summary and ends the run) and hlt.
;
; Build: nasm -f bin -Iguest/selftest/ -Itests/guests/ -o bztest.bin bztest.asm

; the self-test record ABI (guest/selftest/defs.inc); the routines shared
; with tests/guests/mbtest come from tests/guests/guestlib.inc, below
%include "defs.inc"

PM_LOAD			equ 0x100000
INIT_SIZE		equ 4 * 1024 * 1024
SETUP_SECTS		equ 1
LOADED_HIGH		equ 1 << 0
XLF_KERNEL_64		equ 1 << 0

; zero page offsets (Documentation/arch/x86/zero-page.rst, boot.rst)
ZP_EXT_RAMDISK_IMAGE	equ 0x0C0
ZP_EXT_RAMDISK_SIZE	equ 0x0C4
ZP_EXT_CMD_LINE_PTR	equ 0x0C8
ZP_E820_ENTRIES		equ 0x1E8
ZP_RAMDISK_IMAGE	equ 0x218
ZP_RAMDISK_SIZE		equ 0x21C
ZP_CMD_LINE_PTR		equ 0x228
ZP_E820_TABLE		equ 0x2D0
E820_ENTRY		equ 20

HIGH_RESERVED		equ 16 * 1024 * 1024

; ---- the boot sector and setup: the header at 0x1F1 ------------------------
	section setup start=0 vstart=0
	times 0x1F1 db 0
	db SETUP_SECTS			; 0x1F1 setup_sects
	dw 0				; 0x1F2 root_flags
	dd (pm_end - pm_start + 15) / 16 ; 0x1F4 syssize
	dw 0				; 0x1F8 ram_size
	dw 0xFFFF			; 0x1FA vid_mode: normal
	dw 0				; 0x1FC root_dev
	dw 0xAA55			; 0x1FE boot_flag
	db 0xEB, hdr_end - 0x202	; 0x200 jump: its offset gives the header's end
	db "HdrS"			; 0x202 header
	dw 0x020F			; 0x206 version 2.15
	dd 0				; 0x208 realmode_swtch
	dw 0x1000			; 0x20C start_sys_seg
	dw 0				; 0x20E kernel_version
	db 0				; 0x210 type_of_loader
	db LOADED_HIGH			; 0x211 loadflags
	dw 0				; 0x212 setup_move_size
	dd PM_LOAD			; 0x214 code32_start
	dd 0				; 0x218 ramdisk_image
	dd 0				; 0x21C ramdisk_size
	dd 0				; 0x220 bootsect_kludge
	dw 0				; 0x224 heap_end_ptr
	db 0				; 0x226 ext_loader_ver
	db 0				; 0x227 ext_loader_type
	dd 0				; 0x228 cmd_line_ptr
	dd 0x7FFFFFFF			; 0x22C initrd_addr_max
	dd 0x200000			; 0x230 kernel_alignment
	db 0				; 0x234 relocatable_kernel: no
	db 21				; 0x235 min_alignment
	dw XLF_KERNEL_64		; 0x236 xloadflags
	dd 255				; 0x238 cmdline_size
	dd 0				; 0x23C hardware_subarch
	dq 0				; 0x240 hardware_subarch_data
	dd 0				; 0x248 payload_offset
	dd 0				; 0x24C payload_length
	dq 0				; 0x250 setup_data
	dq PM_LOAD			; 0x258 pref_address
	dd INIT_SIZE			; 0x260 init_size
	dd 0				; 0x264 handover_offset
	dd 0				; 0x268 kernel_info_offset
hdr_end:
	times (SETUP_SECTS + 1) * 512 - ($ - $$) db 0

; ---- the protected-mode part, loaded at PM_LOAD -----------------------------
	section pm follows=setup vstart=PM_LOAD
pm_start:
	bits 32
	cli				; the 32-bit entry: not used by this test
	hlt
	jmp pm_start
	times 0x200 - ($ - pm_start) db 0

	bits 64
entry64:
	cli
	cld
	mov rsp, stack_top
	mov [zero_page], rsi

	; bz-entry64
	lea rax, [rel entry64]
	mov [rec_entry + REC_VALUE], rax
	cmp rax, PM_LOAD + 0x200
	sete byte [rec_entry + REC_PASSED]
	mov eax, rec_entry
	call report

	; the initrd, as the zero page describes it
	mov rsi, [zero_page]
	mov eax, [rsi + ZP_RAMDISK_IMAGE]
	mov edx, [rsi + ZP_EXT_RAMDISK_IMAGE]
	shl rdx, 32
	or rax, rdx
	mov [rd_start], rax
	mov eax, [rsi + ZP_RAMDISK_SIZE]
	mov edx, [rsi + ZP_EXT_RAMDISK_SIZE]
	shl rdx, 32
	or rax, rdx
	add rax, [rd_start]
	mov [rd_end], rax

	; bz-initrd-sum
	mov eax, [rsi + ZP_CMD_LINE_PTR]
	mov edx, [rsi + ZP_EXT_CMD_LINE_PTR]
	shl rdx, 32
	or rax, rdx
	test rax, rax
	jz .sum_done
	mov rsi, rax
	lea rdi, [rel str_sum]
	call find_str
	test rax, rax
	jz .sum_done
	lea rsi, [rax + 4]
	call parse_hex
	jc .sum_done
	mov ebx, eax
	mov rsi, [rd_start]
	mov rcx, [rd_end]
	cmp rsi, rcx
	jae .sum_done			; no initrd: fails
	call fnv1a
	mov [rec_sum + REC_VALUE], rax
	cmp eax, ebx
	sete byte [rec_sum + REC_PASSED]
.sum_done:
	mov eax, rec_sum
	call report

	; bz-initrd-placed and bz-e820-hv: walk the e820 table
	mov rax, [rd_start]
	mov [rec_placed + REC_VALUE], rax
	mov rsi, [zero_page]
	movzx ecx, byte [rsi + ZP_E820_ENTRIES]
	lea rdi, [rsi + ZP_E820_TABLE]
.e820:
	jecxz .e820_done
	mov rax, [rdi]			; addr
	mov rdx, [rdi + 8]
	add rdx, rax			; end
	mov r8d, [rdi + 16]		; type
	cmp r8d, 1
	jne .not_ram
	cmp [rd_start], rax
	jb .next
	cmp [rd_end], rdx
	ja .next
	mov byte [rd_in_ram], 1
	jmp .next
.not_ram:
	cmp r8d, 2
	jne .next
	cmp rax, HIGH_RESERVED
	jb .next
	cmp byte [rec_hv + REC_PASSED], 1
	je .next
	mov byte [rec_hv + REC_PASSED], 1
	mov [rec_hv + REC_VALUE], rax
.next:
	add rdi, E820_ENTRY
	dec ecx
	jmp .e820
.e820_done:
	; not on the kernel: rd_end <= PM_LOAD or rd_start >= PM_LOAD + INIT_SIZE
	cmp byte [rd_in_ram], 1
	jne .placed_done
	cmp qword [rd_end], PM_LOAD
	jbe .placed_ok
	cmp qword [rd_start], PM_LOAD + INIT_SIZE
	jb .placed_done
.placed_ok:
	mov byte [rec_placed + REC_PASSED], 1
.placed_done:
	mov eax, rec_placed
	call report
	mov eax, rec_hv
	call report

	mov eax, rec_done
	call report
.halt:
	cli
	hlt
	jmp .halt

%include "guestlib.inc"

str_sum:	db "sum=", 0

%macro RECORD 3			; label, kind, name
	align 8, db 0
%1:
	dd SELFTEST_RECORD_MAGIC
	dd %2
	dd 0			; passed
	dd 0			; reserved
	dq 0			; value
	db %3, 0
	times REC_SIZE - ($ - %1) db 0
%endmacro
	RECORD rec_entry, SELFTEST_CHECK, "bz-entry64"
	RECORD rec_sum, SELFTEST_CHECK, "bz-initrd-sum"
	RECORD rec_placed, SELFTEST_CHECK, "bz-initrd-placed"
	RECORD rec_hv, SELFTEST_CHECK, "bz-e820-hv"
	RECORD rec_done, SELFTEST_DONE, "bz-done"

	align 8, db 0
zero_page:	dq 0
rd_start:	dq 0
rd_end:		dq 0
rd_in_ram:	db 0
	align 16, db 0
stack:		times 4096 db 0
stack_top:
pm_end:

; SPDX-License-Identifier: MIT
;
; mbtest.asm - a small multiboot kernel that checks what its boot loader
; (thinvisor, or GRUB) handed it and reports each result through
; thinvisor's self-test record protocol (include/selftest_abi.h).
;
; Build (README.md in this folder): `nasm -f elf32` and `ld -m elf_i386 -T
; mbtest.ld --defsym=LOAD_ADDR=A`, an ELF32 executable at A (0x2000000, or
; 0x100000 for the kernels that must load where GRUB puts modules).  By default it carries a
; multiboot2 header (Multiboot2 Specification 2.0, 3.1); with -DMB1 a
; multiboot1 header instead (Multiboot Specification 0.6.96, 3.1).  Never
; both: a loader would pick one and the magic check would be ambiguous.
;
; Entry state (mb1 spec 3.2, mb2 spec 3.3): 32-bit protected mode, paging
; off, flat segments, EAX = the boot loader magic, EBX = the physical
; address of the information structure, ESP undefined (we set our own).
;
; Checks, one record each (names <= 47 characters):
;   mb-magic          EAX is 0x36d76289 (mb2) / 0x2BADB002 (mb1); value = EAX
;   mb-machine-state  CR0.PE = 1, CR0.PG = 0, EFLAGS.IF = 0 and .VM = 0 at
;                     entry; value = CR0
;   mb-meminfo        mem_lower/mem_upper given, mem_upper > 0; value = mem_upper
;   mb-mmap           the memory map has an available range and a reserved
;                     range starting at or above 16 MiB (under thinvisor:
;                     its own memory); value = number of entries
;   mb-cmdline        the command line contains "mbtest"; value = its address
;   mb-modules        every module has end >= start, and when the command
;                     line holds "mods=N" (one digit) there are N of them;
;                     value = number of modules
;   mb-module-sum     when the command line holds "sum=X" (X up to 8 hex
;                     digits): the first module's FNV-1a 32-bit hash is X,
;                     so its content arrived intact; value = the hash.
;                     Skipped without "sum="
;   mb-bss-zero       the bss (memsz > filesz in the ELF) reads as zero;
;                     value = the first non-zero dword's offset + 1, or 0
;                     (a 4 KiB area of the bss that nothing writes)
; then a DONE record and `cli; hlt`.  A record's address goes to port
; 0x4F0 with a 32-bit OUT; the records stay in memory afterwards, so a
; debugger can read every result too.  When EAX is not the magic, the
; information structure is not trusted: the other checks fail, value 0.

; the self-test record ABI and CR0 bits (guest/selftest/defs.inc), and the
; routines shared with tests/guests/bztest (tests/guests/guestlib.inc, below)
%include "defs.inc"

EFLAGS_IF		equ 1 << 9
EFLAGS_VM		equ 1 << 17
HIGH_RESERVED		equ 16 * 1024 * 1024

%ifdef MB1
EXPECTED_MAGIC		equ 0x2BADB002
MB1_MAGIC		equ 0x1BADB002
MB1_FLAGS		equ (1 << 0) | (1 << 1)	; page-aligned modules, memory info
%else
EXPECTED_MAGIC		equ 0x36d76289
MB2_MAGIC		equ 0xE85250D6
%endif

	section .note.GNU-stack noalloc noexec nowrite progbits

; ---- header: first thing in the text segment (mbtest.ld) -------------------
	section .multiboot progbits alloc noexec nowrite align=8
%ifdef MB1
	align 4, db 0
mb1_header:
	dd MB1_MAGIC
	dd MB1_FLAGS
	dd 0x100000000 - (MB1_MAGIC + MB1_FLAGS)
%else
	align 8, db 0
mb2_header:
	dd MB2_MAGIC
	dd 0				; architecture: i386 protected mode
	dd mb2_header_end - mb2_header
	dd 0x100000000 - (MB2_MAGIC + (mb2_header_end - mb2_header))
	; information request (required): cmdline, modules, meminfo, mmap
	align 8, db 0
	dw 1, 0
	dd 8 + 4 * 4
	dd 1, 3, 4, 6
	; module alignment
	align 8, db 0
	dw 6, 0
	dd 8
	; end
	align 8, db 0
	dw 0, 0
	dd 8
mb2_header_end:
%endif

; ---- code -------------------------------------------------------------------
	section .text
	bits 32
	global _start
_start:
	mov esp, stack_top	; moves set no flags: EFLAGS is still the loader's
	pushfd
	cli
	cld
	pop dword [entry_eflags]
	mov [entry_eax], eax
	mov [entry_ebx], ebx
	mov eax, cr0
	mov [entry_cr0], eax

	; mb-magic
	mov eax, [entry_eax]
	mov [rec_magic + REC_VALUE], eax
	cmp eax, EXPECTED_MAGIC
	sete byte [rec_magic + REC_PASSED]
	mov eax, rec_magic
	call report

	; mb-machine-state
	mov eax, [entry_cr0]
	mov [rec_state + REC_VALUE], eax
	and eax, CR0_PE | CR0_PG
	cmp eax, CR0_PE
	jne .state_done
	test dword [entry_eflags], EFLAGS_IF | EFLAGS_VM
	jnz .state_done
	mov byte [rec_state + REC_PASSED], 1
.state_done:
	mov eax, rec_state
	call report

	cmp byte [rec_magic + REC_PASSED], 1
	jne .judge		; no magic: do not walk what EBX points at
%ifdef MB1
	call walk_mb1
%else
	call walk_mb2
%endif

.judge:
	; mb-meminfo
	mov eax, [mem_upper]
	mov [rec_meminfo + REC_VALUE], eax
	cmp byte [have_meminfo], 1
	jne .meminfo_done
	test eax, eax
	setnz byte [rec_meminfo + REC_PASSED]
.meminfo_done:
	mov eax, rec_meminfo
	call report

	; mb-mmap
	mov eax, [mmap_count]
	mov [rec_mmap + REC_VALUE], eax
	mov al, [have_available]
	and al, [have_reserved_high]
	mov [rec_mmap + REC_PASSED], al
	mov eax, rec_mmap
	call report

	; mb-cmdline
	mov esi, [cmdline]
	mov [rec_cmdline + REC_VALUE], esi
	test esi, esi
	jz .cmdline_done
	mov edi, str_mbtest
	call find_str
	test eax, eax
	setnz byte [rec_cmdline + REC_PASSED]
.cmdline_done:
	mov eax, rec_cmdline
	call report

	; mb-modules
	mov eax, [mod_count]
	mov [rec_modules + REC_VALUE], eax
	cmp byte [rec_magic + REC_PASSED], 1
	jne .modules_done
	cmp byte [mods_bad], 0
	jne .modules_done
	mov esi, [cmdline]
	test esi, esi
	jz .modules_ok
	mov edi, str_mods
	call find_str
	test eax, eax
	jz .modules_ok		; no "mods=N": nothing to compare with
	movzx eax, byte [eax + str_mods_len]
	sub eax, '0'
	cmp eax, 9
	ja .modules_done	; not a digit: a malformed request fails
	cmp eax, [mod_count]
	jne .modules_done
.modules_ok:
	mov byte [rec_modules + REC_PASSED], 1
.modules_done:
	mov eax, rec_modules
	call report

	; mb-module-sum: the first module's bytes, hashed where the
	; information says it is, against the hash the command line carries
	cmp byte [rec_magic + REC_PASSED], 1
	jne .sum_done
	mov esi, [cmdline]
	test esi, esi
	jz .sum_skip
	mov edi, str_sum
	call find_str
	test eax, eax
	jz .sum_skip
	lea esi, [eax + str_sum_len]
	call parse_hex
	jc .sum_done
	mov ebx, eax
	cmp dword [mod_count], 0
	je .sum_done
	mov esi, [mod0_start]
	mov ecx, [mod0_end]
	call fnv1a
	mov [rec_sum + REC_VALUE], eax
	cmp eax, ebx
	sete byte [rec_sum + REC_PASSED]
	jmp .sum_done
.sum_skip:
	mov byte [rec_sum + REC_PASSED], SELFTEST_SKIPPED
.sum_done:
	mov eax, rec_sum
	call report

	; mb-bss-zero: the loader must clear memsz - filesz (mb1 spec 3.1.3,
	; ELF p_memsz); `canary` is never written before this check.
	mov esi, canary
	xor ecx, ecx
.bss_loop:
	cmp esi, canary_end
	jae .bss_ok
	cmp dword [esi], 0
	jne .bss_dirty
	add esi, 4
	jmp .bss_loop
.bss_dirty:
	mov ecx, esi
	sub ecx, canary - 1
	jmp .bss_report
.bss_ok:
	mov byte [rec_bss + REC_PASSED], 1
.bss_report:
	mov [rec_bss + REC_VALUE], ecx
	mov eax, rec_bss
	call report

	mov eax, rec_done
	call report
.halt:
	cli
	hlt
	jmp .halt

%include "guestlib.inc"

; note_range: one memory map entry, EDX:EAX = base, ECX = type.
note_range:
	inc dword [mmap_count]
	cmp ecx, 1
	jne .not_ram
	mov byte [have_available], 1
	ret
.not_ram:
	cmp ecx, 2
	jne .out
	test edx, edx
	jnz .high
	cmp eax, HIGH_RESERVED
	jb .out
.high:
	mov byte [have_reserved_high], 1
.out:
	ret

; note_module: EAX = mod_start, EDX = mod_end.
note_module:
	cmp dword [mod_count], 0
	jne .not_first
	mov [mod0_start], eax
	mov [mod0_end], edx
.not_first:
	inc dword [mod_count]
	cmp edx, eax
	jae .ok
	mov byte [mods_bad], 1
.ok:
	ret

%ifdef MB1
; walk_mb1: the multiboot1 information structure (mb1 spec 3.3) at EBX.
walk_mb1:
	mov esi, [entry_ebx]
	mov ebx, [esi]			; flags
	test ebx, 1 << 0		; mem_lower, mem_upper
	jz .no_mem
	mov eax, [esi + 8]
	mov [mem_upper], eax
	mov byte [have_meminfo], 1
.no_mem:
	test ebx, 1 << 2		; cmdline
	jz .no_cmdline
	mov eax, [esi + 16]
	mov [cmdline], eax
.no_cmdline:
	test ebx, 1 << 3		; mods_count, mods_addr: 16-byte entries
	jz .no_mods
	mov ecx, [esi + 20]
	mov edi, [esi + 24]
.mod:
	jecxz .no_mods
	mov eax, [edi]
	mov edx, [edi + 4]
	call note_module
	add edi, 16
	dec ecx
	jmp .mod
.no_mods:
	test ebx, 1 << 6		; mmap_length, mmap_addr
	jz .done
	mov edi, [esi + 48]
	mov ebp, edi
	add ebp, [esi + 44]
.entry:
	cmp edi, ebp
	jae .done
	push ecx
	mov eax, [edi + 4]		; base_addr (the size field comes first)
	mov edx, [edi + 8]
	mov ecx, [edi + 20]		; type
	call note_range
	pop ecx
	add edi, [edi]			; size does not count itself
	add edi, 4
	jmp .entry
.done:
	ret
%else
; walk_mb2: the multiboot2 information structure (mb2 spec 3.6) at EBX.
walk_mb2:
	mov esi, [entry_ebx]
	mov ebp, esi
	add ebp, [esi]			; total_size
	lea edi, [esi + 8]
.tag:
	cmp edi, ebp
	jae .done
	mov eax, [edi]			; type
	mov ecx, [edi + 4]		; size
	test eax, eax
	jz .done			; end tag
	cmp ecx, 8
	jb .malformed
	cmp eax, 1
	jne .not_cmdline
	lea edx, [edi + 8]
	mov [cmdline], edx
	jmp .next
.not_cmdline:
	cmp eax, 3
	jne .not_module
	mov eax, [edi + 8]
	mov edx, [edi + 12]
	call note_module
	jmp .next
.not_module:
	cmp eax, 4
	jne .not_meminfo
	mov eax, [edi + 12]
	mov [mem_upper], eax
	mov byte [have_meminfo], 1
	jmp .next
.not_meminfo:
	cmp eax, 6
	jne .next
	call walk_mb2_mmap
.next:
	add ecx, 7			; tags start 8-byte aligned
	and ecx, ~7
	add edi, ecx
	jmp .tag
.malformed:
	mov byte [mods_bad], 1		; fails mb-modules; mmap/cmdline stay as found
.done:
	ret

; walk_mb2_mmap: EDI = the tag, ECX = its size.  Preserves ECX, EDI.
walk_mb2_mmap:
	push ecx
	push edi
	push ebp
	mov ebx, [edi + 8]		; entry_size
	lea ebp, [edi + ecx]
	add edi, 16
	test ebx, ebx
	jz .done
.entry:
	lea eax, [edi + 24]
	cmp eax, ebp
	ja .done
	mov eax, [edi]
	mov edx, [edi + 4]
	mov ecx, [edi + 16]
	call note_range
	add edi, ebx
	jmp .entry
.done:
	pop ebp
	pop edi
	pop ecx
	ret
%endif

	section .rodata
str_mbtest:	db "mbtest", 0
str_mods:	db "mods=", 0
str_mods_len	equ 5
str_sum:	db "sum=", 0
str_sum_len	equ 4

; ---- records: struct selftest_record, 72 bytes each -------------------------
	section .data
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
	RECORD rec_magic, SELFTEST_CHECK, "mb-magic"
	RECORD rec_state, SELFTEST_CHECK, "mb-machine-state"
	RECORD rec_meminfo, SELFTEST_CHECK, "mb-meminfo"
	RECORD rec_mmap, SELFTEST_CHECK, "mb-mmap"
	RECORD rec_cmdline, SELFTEST_CHECK, "mb-cmdline"
	RECORD rec_modules, SELFTEST_CHECK, "mb-modules"
	RECORD rec_sum, SELFTEST_CHECK, "mb-module-sum"
	RECORD rec_bss, SELFTEST_CHECK, "mb-bss-zero"
	RECORD rec_done, SELFTEST_DONE, "mb-done"

; ---- bss: cleared by the loader, checked by mb-bss-zero ---------------------
; (no alignb: NASM 2.16 warns inside it under -w+all; the dword fields come
; first, so everything stays 4-byte aligned)
	section .bss align=16
entry_eax:		resd 1
entry_ebx:		resd 1
entry_eflags:		resd 1
entry_cr0:		resd 1
cmdline:		resd 1
mem_upper:		resd 1
mmap_count:		resd 1
mod_count:		resd 1
mod0_start:		resd 1
mod0_end:		resd 1
have_meminfo:		resb 1
have_available:		resb 1
have_reserved_high:	resb 1
mods_bad:		resb 1
canary:			resb 4096	; never written: must read as zero
canary_end:
stack:			resb 4096
stack_top:
%ifdef PAD_BSS
; The kernels linked at 1 MiB (-DPAD_BSS=N) reach over the next MiBs, as a
; real kernel does, which is where GRUB puts its modules and information.
pad:			resb PAD_BSS
%endif

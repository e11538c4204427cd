; SPDX-License-Identifier: MIT
;
; isr.asm - exception entry stubs and the fault-tolerant MSR accessors.
;
; In 64-bit mode the CPU aligns RSP to 16 bytes and pushes SS, RSP, RFLAGS,
; CS, RIP and, for some vectors, an error code (SDM Vol. 3A 6.14.2).  Each
; stub makes the frame uniform (a zero error code where the CPU pushes none,
; then the vector), and isr_common saves the general registers in the order
; of struct trap_frame (include/arch/idt.h).

bits 64
default rel

extern exception_handler
global isr_stubs

section .text

; Vectors with a CPU-pushed error code: 8, 10-14, 17, 21, 29, 30.
%macro ISR 1
isr_%1:
%if %1 == 8 || (%1 >= 10 && %1 <= 14) || %1 == 17 || %1 == 21 || %1 == 29 || %1 == 30
%else
	push 0
%endif
	push %1
	jmp isr_common
%endmacro

%assign v 0
%rep 32
ISR v
%assign v v + 1
%endrep

isr_common:
	push rax
	push rcx
	push rdx
	push rbx
	push rbp
	push rsi
	push rdi
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	cld
	mov rdi, rsp
	call exception_handler          ; returns only when the fault is handled
	pop r15
	pop r14
	pop r13
	pop r12
	pop r11
	pop r10
	pop r9
	pop r8
	pop rdi
	pop rsi
	pop rbp
	pop rbx
	pop rdx
	pop rcx
	pop rax
	add rsp, 16                     ; vector, error code
	iretq

section .rodata
align 8
isr_stubs:
%assign v 0
%rep 32
	dq isr_ %+ v
%assign v v + 1
%endrep

; int rdmsr_safe(u32 msr, u64 *value): 0, or -1 if RDMSR raised #GP.
section .text
global rdmsr_safe
rdmsr_safe:
	mov ecx, edi
.insn:
	rdmsr
	shl rdx, 32
	or rax, rdx
	mov [rsi], rax
	xor eax, eax
	ret
.fixup:
	mov eax, -1
	ret

; int wrmsr_safe(u32 msr, u64 value)
global wrmsr_safe
wrmsr_safe:
	mov ecx, edi
	mov eax, esi
	mov rdx, rsi
	shr rdx, 32
.insn:
	wrmsr
	xor eax, eax
	ret
.fixup:
	mov eax, -1
	ret

section .extable progbits alloc noexec nowrite align=8
	dq rdmsr_safe.insn, rdmsr_safe.fixup
	dq wrmsr_safe.insn, wrmsr_safe.fixup

; SPDX-License-Identifier: MIT
;
; vmx_entry.asm - run the guest inside an ordinary C call.
;
; int vmx_run(struct vcpu *v): saves the host's callee-saved registers on
; the stack, records that stack as HOST_RSP, loads the guest registers the
; VMCS does not hold (SDM Vol. 3C 25.4: only RSP, RIP, RFLAGS are there) and
; enters the guest.  A VM exit lands at vmx_exit (HOST_RIP) with the host
; stack as it was, stores the guest registers back and returns 0.  If
; VMLAUNCH/VMRESUME itself fails, execution falls through with the flags
; telling why (SDM Vol. 3C 31.2), and the call returns 1 (VMfailInvalid) or
; 2 (VMfailValid).
;
; Offsets come from build/include/asm_offsets.inc, generated from struct
; vcpu (include/vmx/vcpu.h).

%include "asm_offsets.inc"

bits 64
default rel

global vmx_run
global vmx_exit

section .text

vmx_run:
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
	push rdi                        ; the vcpu, found again at [rsp] on exit

	; HOST_RSP only changes if the caller's stack depth does: write it
	; only then (a VMWRITE on every entry is measurable).
	cmp rsp, [rdi + VCPU_HOST_RSP]
	je .host_rsp_ok
	mov [rdi + VCPU_HOST_RSP], rsp
	mov rax, VMCS_HOST_RSP_ENC
	vmwrite rax, rsp
	jbe .insn_failed
.host_rsp_ok:
	; CR2 is not switched by VMX.  The hypervisor never faults on a page,
	; so CR2 still holds the guest's value unless a guest change is pending;
	; MOV to CR2 is slow on real CPUs, so skip it when nothing changed.
	mov rax, cr2
	cmp rax, [rdi + VCPU_CR2]
	je .cr2_ok
	mov rax, [rdi + VCPU_CR2]
	mov cr2, rax
.cr2_ok:

	cmp byte [rdi + VCPU_LAUNCHED], 0
	mov rax, [rdi + VCPU_RAX]
	mov rcx, [rdi + VCPU_RCX]
	mov rdx, [rdi + VCPU_RDX]
	mov rbx, [rdi + VCPU_RBX]
	mov rbp, [rdi + VCPU_RBP]
	mov rsi, [rdi + VCPU_RSI]
	mov r8,  [rdi + VCPU_R8]
	mov r9,  [rdi + VCPU_R9]
	mov r10, [rdi + VCPU_R10]
	mov r11, [rdi + VCPU_R11]
	mov r12, [rdi + VCPU_R12]
	mov r13, [rdi + VCPU_R13]
	mov r14, [rdi + VCPU_R14]
	mov r15, [rdi + VCPU_R15]
	mov rdi, [rdi + VCPU_RDI]       ; last: it held the vcpu pointer
	je .launch                      ; flags from the cmp above (MOVs keep them)
	vmresume
	jmp .insn_failed
.launch:
	vmlaunch
.insn_failed:
	; Still on the host stack; CF = VMfailInvalid, ZF = VMfailValid.
	mov eax, 1
	jc .out
	mov eax, 2
.out:
	pop rdi
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	ret

; HOST_RIP.  RSP = HOST_RSP (the vcpu pointer on top); every GPR is the
; guest's.  Interrupts are off: VM exits clear RFLAGS (SDM 28.5.3).
vmx_exit:
	push rdi                        ; guest RDI
	mov rdi, [rsp + 8]              ; the vcpu
	mov [rdi + VCPU_RAX], rax
	mov [rdi + VCPU_RCX], rcx
	mov [rdi + VCPU_RDX], rdx
	mov [rdi + VCPU_RBX], rbx
	mov [rdi + VCPU_RBP], rbp
	mov [rdi + VCPU_RSI], rsi
	mov [rdi + VCPU_R8], r8
	mov [rdi + VCPU_R9], r9
	mov [rdi + VCPU_R10], r10
	mov [rdi + VCPU_R11], r11
	mov [rdi + VCPU_R12], r12
	mov [rdi + VCPU_R13], r13
	mov [rdi + VCPU_R14], r14
	mov [rdi + VCPU_R15], r15
	pop qword [rdi + VCPU_RDI]
	mov rax, cr2
	mov [rdi + VCPU_CR2], rax
	xor eax, eax
	jmp vmx_run.out

; SPDX-License-Identifier: MIT
;
; selftest.asm - thinvisor's embedded self-test guest.
;
; Contract (the numbers mirror include/selftest_abi.h; change both together):
;   Built with `nasm -f bin`.  The hypervisor copies the image to
;   guest-physical SELFTEST_LOAD_ADDR and enters it in real mode at
;   CS:IP = 0:0x8000 (flat 64 KiB segments, IF = 0) with
;   EBX = SELFTEST_PARAMS_ADDR, the address of struct selftest_params
;   {u64 hv_start, hv_end}.  The guest only uses guest-physical
;   [SELFTEST_LOAD_ADDR, SELFTEST_MEM_END).  Every result is a
;   struct selftest_record whose address is written with a 32-bit OUT to
;   SELFTEST_PORT.  The run ends with an EXPECT_EPT record and a read of
;   hv_start that must end the guest in an EPT violation; DONE is only sent
;   when that did not happen or an unexpected exception was taken.
;
; Flow: real mode -> 32-bit protected mode -> IA-32e mode (SDM Vol. 3A,
; "Switching to Protected Mode" and "Initializing IA-32e Mode"), an IDT whose #UD/#GP handlers let a check expect a fault, then
; one check per VM-exit path.  README.md (same folder) says what each
; check proves.  Constants and macros are in defs.inc, the report routine,
; exception handling and data in runtime.inc.

; nasm looks up %include files relative to the working directory and -I
; paths only, not the including file's folder.  Build the folder from this
; file's own path (minus "selftest.asm", 12 characters) so that a plain
; `nasm -f bin guest/selftest/selftest.asm` works from any directory.
%strlen SELFTEST_PATH_LEN __?FILE?__
%substr SELFTEST_DIR __?FILE?__ 1, SELFTEST_PATH_LEN - 12
%strcat SELFTEST_DEFS_INC SELFTEST_DIR, "defs.inc"
%strcat SELFTEST_RUNTIME_INC SELFTEST_DIR, "runtime.inc"
%include SELFTEST_DEFS_INC

	org SELFTEST_LOAD_ADDR
	section .text

; ==== Real mode ============================================================
	bits 16
start:
	cli			; the ABI says IF = 0; do not rely on it
	cld
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ax, (STACK_TOP - 0x10000) >> 4
	mov ss, ax		; SS:SP = 0x7000:0 -> stack below 0x80000
	xor sp, sp
	mov [params_ptr], ebx

	; real-mode-entry: we run at 0:0x8000 (else no absolute address in
	; this image would be right), CR0.PE = 0, and EBX points at the
	; params.  value = EBX.  The 32-bit OUT itself must exit.
	mov [rm_record + REC_VALUE], ebx
	mov ax, cs
	test ax, ax
	jnz .rm_report
	smsw ax
	test al, CR0_PE
	jnz .rm_report
	cmp ebx, SELFTEST_PARAMS_ADDR
	jne .rm_report
	mov byte [rm_record + REC_PASSED], 1
.rm_report:
	cmp byte [rm_record + REC_PASSED], 0
	jne .rm_out
	inc dword [checks_failed]
.rm_out:
	mov dx, SELFTEST_PORT
	mov eax, rm_record
	out dx, eax

	; Protected mode (SDM Vol. 3A, "Switching to Protected Mode"): load
	; the GDT, set CR0.PE, and far-jump right away so CS is reloaded from
	; the GDT.  No A20 handling: nothing here touches 1 MiB-2 MiB in real
	; mode, and VMX operation masks A20M# anyway.  CR0 is loaded outright:
	; the vCPU starts as after INIT with CD and NW set (SDM Vol. 3A 10.1.1),
	; which firmware would clear; under VMX they are the processor's own.
	o32 lgdt [gdtr]
	mov eax, CR0_PE | CR0_ET
	mov cr0, eax
	jmp dword CODE32_SEL:protected_mode_entry

; ==== 32-bit protected mode =================================================
	bits 32
protected_mode_entry:
	mov ax, DATA_SEL
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov esp, STACK_TOP

	; Identity-map the first 4 GiB with 2 MiB pages: PML4[0] -> PDPT,
	; PDPT[0..3] -> four PDs, 2048 PDEs with PS = 1.  4 GiB (not just the
	; 2 MiB the guest itself uses) so the final read of hv_start reaches
	; EPT; multiboot2 places the hypervisor below 4 GiB.
	mov edi, PML4_ADDR
	mov ecx, (PT_AREA_END - PML4_ADDR) / 4
	xor eax, eax
	rep stosd
	mov dword [PML4_ADDR], PDPT_ADDR | PTE_P | PTE_RW
	mov edi, PDPT_ADDR
	mov eax, PD_ADDR | PTE_P | PTE_RW
	mov ecx, 4
.pdpte:
	mov [edi], eax		; high dword stays 0
	add eax, 0x1000
	add edi, 8
	loop .pdpte
	mov edi, PD_ADDR
	mov eax, PTE_P | PTE_RW | PTE_PS
	mov ecx, 4 * 512
.pde:
	mov [edi], eax		; physical address < 4 GiB: high dword 0
	add eax, 0x200000
	add edi, 8
	loop .pde

	; IA-32e mode (SDM Vol. 3A, "Initializing IA-32e Mode"): CR4.PAE, CR3,
	; EFER.LME, then CR0.PG, which sets EFER.LMA; we are then in
	; compatibility mode until the far jump loads the 64-bit (L = 1) CS.
	; Under VT-x this exercises the CR0/CR4/EFER paths: the hypervisor must
	; set the "IA-32e mode guest" VM-entry control when LMA turns on.
	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, PML4_ADDR
	mov cr3, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME
	wrmsr
	mov eax, cr0
	or eax, CR0_PG
	mov cr0, eax
	jmp CODE64_SEL:long_mode_entry

; ==== 64-bit mode: the checks ==============================================
	bits 64
long_mode_entry:
	mov ax, DATA_SEL
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov rsp, STACK_TOP
	call setup_idt
	call fault_case

	; long-mode: EFER.LMA = 1 and CS.L = 1.  CS.L is shown by behaviour:
	; a PUSH moves RSP by 8 only in 64-bit mode; with CS.L = 0 (compatibility
	; mode, this descriptor has D = 0) it would move by 2.  value = EFER.
	mov ecx, MSR_EFER
	call rdmsr_safe
	mov rbx, rsp
	push rax
	sub rbx, rsp		; bytes pushed
	pop rax
	cmp rbx, 8
	sete cl
	bt eax, EFER_LMA_BIT
	setc ch
	test cl, ch
	CHECK "long-mode", nz

	; The real-mode check's verdict, printed now that print_verdict (64-bit
	; code) can run: same record contents as the hypervisor got.
	mov eax, [rm_record + REC_PASSED]
	mov [record + REC_PASSED], eax
	mov rsi, rm_record + REC_NAME
	call print_verdict

	; CPUID leaf 1 always exits.  The hypervisor must report itself
	; (ECX[31], the "hypervisor present" bit) and hide VMX (ECX[5]).
	mov eax, 1
	xor ecx, ecx
	cpuid
	bt ecx, CPUID1_ECX_HV_BIT
	CHECK "cpuid-hypervisor-bit", c, rcx
	bt ecx, CPUID1_ECX_VMX_BIT
	CHECK "cpuid-no-vmx", nc, rcx

	; cpuid-signature: leaf 0x40000000 = max hypervisor leaf in EAX and
	; "thinvisor\0\0\0" in EBX, ECX, EDX.  Every failed compare leaves
	; ZF = 0 (JB taken means EAX != the immediate), so ZF = 1 only if
	; all hold.  value = EAX.
	mov eax, CPUID_HV_LEAF
	xor ecx, ecx
	cpuid
	cmp eax, CPUID_HV_LEAF + 1
	jb .sig_done
	cmp ebx, 'thin'
	jne .sig_done
	cmp ecx, 'viso'
	jne .sig_done
	cmp edx, 'r'
.sig_done:
	CHECK "cpuid-signature", e

	; MTRRs are virtualized as absent: every read 0, writes dropped.
	mov ecx, MSR_MTRRCAP
	call rdmsr_safe
	test rax, rax
	CHECK "mtrr-cap-zero", z
	mov ecx, MSR_MTRR_DEF_TYPE
	call rdmsr_safe
	test rax, rax
	CHECK "mtrr-def-type-zero", z
	mov ecx, MSR_MTRR_PHYSBASE0
	call rdmsr_safe
	mov rbx, rax
	mov ecx, MSR_MTRR_PHYSMASK0
	call rdmsr_safe
	or rax, rbx		; value = both ORed
	CHECK "mtrr-var-zero", z
	mov ecx, MSR_MTRR_FIX64K_00000
	call rdmsr_safe
	test rax, rax
	CHECK "mtrr-fixed-zero", z
	; 0xc06: E = 1, FE = 1, default type WB (SDM Vol. 3A,
	; "IA32_MTRR_DEF_TYPE MSR").  value = what reads back afterwards.
	mov ecx, MSR_MTRR_DEF_TYPE
	mov eax, 0xc06
	call wrmsr_safe		; 0, or FAULTED | vector
	test rax, rax
	jnz .mtrr_wr_done
	call rdmsr_safe		; ECX still MSR_MTRR_DEF_TYPE
.mtrr_wr_done:
	test rax, rax
	CHECK "mtrr-write-ignored", z

	; IA32_FEATURE_CONTROL reads as locked (bit 0) with VMX off, and a
	; write to it while locked #GPs (SDM Vol. 3C, "Enabling and Entering
	; VMX Operation").
	mov ecx, MSR_FEATURE_CONTROL
	call rdmsr_safe
	cmp rax, 1
	CHECK "feature-control-locked-vmx-off", e
	mov ecx, MSR_FEATURE_CONTROL
	mov eax, 5		; lock | VMX outside SMX
	call wrmsr_safe
	CHECK_VECTOR "feature-control-write-gp", VEC_GP

	; VMX capability MSRs do not exist when CPUID.1:ECX.VMX = 0, so
	; reading one #GPs (SDM Vol. 4, IA32_VMX_BASIC).
	mov ecx, MSR_VMX_BASIC
	call rdmsr_safe
	CHECK_VECTOR "vmx-msr-gp", VEC_GP

	; CR4.VMXE is 1 in the real CR4 (IA32_VMX_CR4_FIXED0 requires it in
	; VMX operation) but the hypervisor owns the bit through the CR4
	; guest/host mask: reads see the read shadow (0), and a write that
	; sets it exits and must get #GP, as on a CPU without VMX.  value =
	; CR4 as read, then the vector.
	mov rax, cr4
	bt rax, CR4_VMXE_BIT
	CHECK "cr4-vmxe-hidden", nc
	bts rax, CR4_VMXE_BIT
	TRY .vmxe_done
	mov cr4, rax
.vmxe_done:
	END_TRY
	CHECK_VECTOR "cr4-vmxe-set-gp", VEC_GP

	call xsave_checks

	; An NMI that the hypervisor takes in VMX root operation is the guest's:
	; it must arrive, once.  The hypervisor sends itself one while it
	; handles this report; a few more exits give a duplicate time to show.
	mov dword [nmi_count], 0
	REPORT SELFTEST_SEND_NMI, "send-nmi", 0, 0
	mov ecx, 4
.nmi_wait:
	push rcx
	xor eax, eax
	cpuid
	pop rcx
	loop .nmi_wait
	mov eax, [nmi_count]
	cmp eax, 1
	CHECK "nmi-in-root-delivered-once", e

	; Single-stepping over an emulated instruction (SDM Vol. 3A 18.3.1.4):
	; with TF set by POPFQ, the instruction after it (CPUID, which exits)
	; must complete and then trap, with the #DB's RIP right after CPUID.
	; The hypervisor makes the #DB pending when it completes CPUID.
	mov dword [db_count], 0
	pushfq
	or qword [rsp], RFLAGS_TF
	popfq
	cpuid
.after_step:
	nop
	mov rax, [db_rip]
	mov rcx, .after_step
	cmp rax, rcx
	jne .step_bad
	cmp dword [db_count], 1
.step_bad:
	CHECK "single-step-over-cpuid", e, rax

	; STI's shadow covers CPUID (SDM Vol. 2B STI): an interrupt pending at
	; STI comes after CPUID, not before it nor after the next instruction.
	; The hypervisor must drop blocking by STI when it completes CPUID.
	; A self-IPI (fixed, vector 32) is made pending while IF = 0, through
	; the guest's APIC page (writes there are replayed by the hypervisor).
	; The 8259s stay masked: their timer would come as vector 8 (the
	; BIOS's PIC base) through the APIC's ExtINT line once IF = 1.
	mov al, 0xFF
	out 0x21, al
	out 0xA1, al
	; In x2APIC mode (firmware may hand over so) the page is dead and the
	; registers are MSRs 0x800 + offset / 16 (SDM Vol. 3A 11.12.1).
	mov ecx, MSR_APIC_BASE
	rdmsr
	and eax, APIC_BASE_EXTD
	mov [x2apic_mode], eax
	jnz .x2apic_ipi
	mov rbx, APIC_PAGE
	mov dword [rbx + 0xF0], 0x1FF		; SVR: APIC enabled, spurious 0xFF
	mov dword [rbx + 0x300], 0x40000 | VEC_SELF_IPI	; ICR: self, fixed
	jmp .ipi_sent
.x2apic_ipi:
	mov ecx, 0x80F				; SVR
	mov eax, 0x1FF
	xor edx, edx
	wrmsr
	mov ecx, 0x830				; ICR (intercepted: replayed)
	mov eax, 0x40000 | VEC_SELF_IPI
	wrmsr
.ipi_sent:
	mov qword [irq_rip], 0
	sti
	cpuid
.after_sti_cpuid:
	nop
	cli
	mov rax, [irq_rip]
	mov rcx, .after_sti_cpuid
	cmp rax, rcx
	CHECK "sti-shadow-over-cpuid", e, rax

	; VMXON and VMCALL always exit in VMX non-root operation (SDM Vol. 3C,
	; "Instructions That Cause VM Exits Unconditionally"); the hypervisor
	; must reflect #UD, what a CPU without VMX raises.  VMXON's operand
	; names a 4 KiB aligned page that is never used.
	TRY .vmxon_done
	vmxon [vmxon_ptr]
.vmxon_done:
	END_TRY
	CHECK_VECTOR "vmxon-ud", VEC_UD
	TRY .vmcall_done
	vmcall
.vmcall_done:
	END_TRY
	CHECK_VECTOR "vmcall-ud", VEC_UD

	; io-passthrough: the IO bitmap lets COM1's scratch register through,
	; so what we write is what the UART gives back.  value = second read
	; << 8 | first read (0xa55a when passed).  The guest also sees for
	; itself that these accesses did not exit: thinvisor's I/O-exit counter
	; (CPUID leaf 0x40000002, ECX) does not move across them.
	mov eax, LEAF_COUNTERS
	xor ecx, ecx
	cpuid
	mov r14d, ecx
	mov dx, COM1_SCRATCH
	mov al, 0x5a
	out dx, al
	in al, dx
	mov bl, al
	mov al, 0xa5
	out dx, al
	in al, dx
	mov bh, al
	movzx ebx, bx
	cmp ebx, 0xa55a
	CHECK "io-passthrough", e, rbx
	; the CHECK itself was one intercepted OUT
	mov eax, LEAF_COUNTERS
	xor ecx, ecx
	cpuid
	sub ecx, r14d
	cmp ecx, 1
	CHECK "io-passthrough-did-not-exit", e, rcx

	; INVD always exits (same SDM section); the hypervisor emulates it and
	; resumes after it.  value = the vector if it faulted, else 0xffffffff.
	TRY .invd_done
	invd
.invd_done:
	END_TRY
	mov eax, [fault_vector]
	cmp eax, NO_FAULT
	CHECK "invd", e

	call acpi_s3_check
	jmp ept_check

; acpi-s3-refused: a suspend-to-RAM request (SLP_TYP of \_S3 with SLP_EN in
; PM1a control, ACPI 16.1.3) must not power the machine off or suspend it:
; the hypervisor drops the write and shows WAK_STS set in PM1a status until
; the guest clears it, as if the machine had woken at once (ACPI 16.1.6).
; value = first status read << 16 | status after clearing WAK_STS; passed
; when WAK_STS was set, then clear, and this code is still running.
acpi_s3_check:
	mov ebx, [params_ptr]
	cmp byte [rbx + PARAMS_S3_KNOWN], 0
	jne .s3
	REPORT SELFTEST_CHECK, "acpi-s3-refused", 1, 0	; no \_S3 or PM1 ports
	ret
.s3:
	movzx edx, word [rbx + PARAMS_PM1A_EVT]
	mov ax, PM1_WAK_STS		; clear a stale WAK_STS first
	out dx, ax
	movzx edx, word [rbx + PARAMS_PM1A_CNT]
	in ax, dx			; keep SCI_EN and the rest, as OSPM does
	and ax, ~(PM1_SLP_TYP_MASK | PM1_SLP_EN) & 0xFFFF
	movzx ecx, byte [rbx + PARAMS_S3_SLP_TYP]
	shl ecx, 10
	or ax, cx
	or ax, PM1_SLP_EN
	out dx, ax			; sleep: S3
	movzx edx, word [rbx + PARAMS_PM1A_EVT]
	in ax, dx
	movzx ecx, ax
	shl ecx, 16
	mov ax, PM1_WAK_STS
	out dx, ax
	in ax, dx
	movzx eax, ax
	or eax, ecx
	mov ecx, eax
	and ecx, (PM1_WAK_STS << 16) | PM1_WAK_STS
	cmp ecx, PM1_WAK_STS << 16
	CHECK "acpi-s3-refused", e
	ret

; xsave_checks: XSETBV always exits (SDM Vol. 3C, "Instructions That Cause
; VM Exits Unconditionally"); the hypervisor must validate XCR0 like the CPU
; does, and keep CPUID.1:ECX.OSXSAVE in step with CR4.OSXSAVE.
xsave_checks:
	mov eax, 1
	xor ecx, ecx
	cpuid
	bt ecx, CPUID1_ECX_XSAVE_BIT
	jc .have_xsave
	; No XSAVE: nothing to test; each check says so (value = CPUID.1:ECX).
	REPORT SELFTEST_CHECK, "cpuid-osxsave-follows-cr4", SELFTEST_SKIPPED, rcx
	REPORT SELFTEST_CHECK, "xsetbv", SELFTEST_SKIPPED, rcx
	REPORT SELFTEST_CHECK, "xsetbv-invalid-gp", SELFTEST_SKIPPED, rcx
	ret
.have_xsave:
	; SSE state needs CR0.MP = 1, EM = 0, TS = 0 and CR4.OSFXSR
	; (SDM Vol. 3A, "Initialization of the SSE Extensions").
	mov rax, cr0
	or rax, CR0_MP
	and rax, ~(CR0_EM | CR0_TS)
	mov cr0, rax
	mov rax, cr4
	or rax, CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_OSXSAVE
	TRY .cr4_done
	mov cr4, rax
.cr4_done:
	END_TRY
	mov eax, 1
	xor ecx, ecx
	cpuid
	bt ecx, CPUID1_ECX_OSXSAVE_BIT
	CHECK "cpuid-osxsave-follows-cr4", c, rcx

	; XCR0 = x87 | SSE is valid; read it back.  value = XCR0 (or
	; FAULTED | vector).
	xor ecx, ecx
	mov eax, XCR0_X87 | XCR0_SSE
	call xsetbv_safe
	test rax, rax
	jnz .xsetbv_report
	call xgetbv_safe
.xsetbv_report:
	cmp rax, XCR0_X87 | XCR0_SSE
	CHECK "xsetbv", e

	; SSE without x87 is an invalid XCR0: #GP (SDM Vol. 2, XSETBV: XCR0
	; bit 0 must be 1).  XCR0 stays x87 | SSE.
	xor ecx, ecx
	mov eax, XCR0_SSE
	call xsetbv_safe
	CHECK_VECTOR "xsetbv-invalid-gp", VEC_GP
	ret

; ept_check: the last check.  Any access to the hypervisor image must end the
; guest with an EPT violation, so announce the address and read it.
ept_check:
	mov ebx, [params_ptr]
	mov rax, [rbx + PARAMS_HV_START]
	mov rcx, [rbx + PARAMS_HV_END]
	cmp rax, rcx
	jae .ept_failed		; empty range: nothing protected to test
	mov rcx, 0x100000000 - 8
	cmp rax, rcx
	ja .ept_failed		; not covered by our identity map
	; The guest's totals now: its last act ends it, and only the
	; hypervisor can see that (its EPT-violation verdict is its own).
	call print_totals
	REPORT SELFTEST_EXPECT_EPT, "ept-protects-hypervisor", 0, rax
	mov rbx, rax
	mov rcx, [rbx]		; must never complete
.ept_failed:
	REPORT SELFTEST_CHECK, "ept-protects-hypervisor", 0, rax
	jmp finish

; fault_case: with selftest=<fault> on thinvisor's command line, provoke that
; fault now instead of running the checks.  Each one must end the guest with
; the hypervisor in control and a report; nothing after it should run.
fault_case:
	mov ebx, [params_ptr]
	mov eax, [rbx + PARAMS_FAULT_CASE]
	cmp eax, CASE_TRIPLE_FAULT
	je .triple
	cmp eax, CASE_EPT_MISCONFIG
	je .misconfig
	cmp eax, CASE_HV_MEMORY
	je .hv_memory
	cmp eax, CASE_BENCH
	je bench
	ret			; CASE_CHECKS, CASE_ENTRY_FAILURE: the checks
.triple:
	; An IDT of limit 0 cannot deliver the #UD, nor the #DF that follows:
	; shutdown, which VMX turns into a triple-fault VM exit.
	lidt [null_idtr]
	ud2
.misconfig:
	mov rax, [rbx + PARAMS_MISCONFIG]
	mov rax, [rax]		; EPT misconfiguration VM exit
	jmp .survived
.hv_memory:
	mov rax, [rbx + PARAMS_HV_START]
	mov rax, [rax]		; EPT violation on the hypervisor, unannounced
.survived:
	REPORT SELFTEST_CHECK, "fault-case-ended-the-guest", 0, rax
	jmp finish

; bench (guest=bench): time BENCH_ITERATIONS round trips of each exiting
; instruction with RDTSC and report the TSC delta of each loop; the same loop
; without the instruction is the baseline.  In Bochs the TSC follows the
; instruction count, so the figures are path lengths, repeatable run to run.
%macro BENCH_LOOP 1-*		; name, then the loop body's instructions
	mov r12d, BENCH_ITERATIONS
	rdtsc
	shl rdx, 32
	or rax, rdx
	mov r13, rax
%%loop:
%rep %0 - 1
%rotate 1
	%1
%endrep
%rotate 1
	dec r12d
	jnz %%loop
	rdtsc
	shl rdx, 32
	or rax, rdx
	sub rax, r13
	REPORT SELFTEST_BENCH, %1, BENCH_ITERATIONS, rax
%endmacro

bench:
	BENCH_LOOP "baseline", {mov eax, 0x40000000}, {xor ecx, ecx}
	BENCH_LOOP "cpuid", {mov eax, 0x40000000}, {xor ecx, ecx}, {cpuid}
	BENCH_LOOP "rdmsr", {mov ecx, MSR_MTRRCAP}, {rdmsr}
	BENCH_LOOP "out", {mov dx, BENCH_PORT}, {out dx, al}
	; a store to the APIC page (TPR = 0): EPT violation, decode, replay
	BENCH_LOOP "apicw", {mov rbx, APIC_PAGE}, {mov dword [rbx + 0x80], 0}
	; VMCALL exits and comes back as an injected #UD (the guest has no
	; VMX): the round trip includes the guest's #UD handler.
	mov r12d, BENCH_ITERATIONS
	rdtsc
	shl rdx, 32
	or rax, rdx
	mov r13, rax
.vmcall_loop:
	TRY .vmcall_back
	vmcall
.vmcall_back:
	dec r12d
	jnz .vmcall_loop
	END_TRY
	rdtsc
	shl rdx, 32
	or rax, rdx
	sub rax, r13
	REPORT SELFTEST_BENCH, "vmcall", BENCH_ITERATIONS, rax
	jmp finish

align 8
null_idtr:
	dw 0
	dq 0

; finish: the guest's own totals, then DONE (passed = no check failed,
; value = failed count), then stop.
finish:
	call print_totals
	mov eax, [checks_failed]
	test eax, eax
	REPORT_CC SELFTEST_DONE, "done", z, rax
.halt:
	cli
	hlt
	jmp .halt

%include SELFTEST_RUNTIME_INC

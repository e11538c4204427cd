; SPDX-License-Identifier: MIT
; ap_trampoline_blob.asm - the AP start-up trampoline (ap_trampoline/
; trampoline.asm, a flat binary) embedded in the image.
section .rodata
align 16
global trampoline_blob_start
global trampoline_blob_end
trampoline_blob_start:
	incbin "arch/trampoline.bin"
trampoline_blob_end:

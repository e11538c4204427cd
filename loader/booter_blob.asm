; SPDX-License-Identifier: MIT
; booter_blob.asm - the booter stub (guest/booter/booter.asm, assembled as
; a flat binary into build/guest/booter.bin) embedded in the image.
section .rodata
align 16
global booter_blob_start
global booter_blob_end
booter_blob_start:
	incbin "guest/booter.bin"
booter_blob_end:

; SPDX-License-Identifier: MIT
; selftest_blob.asm - the self-test guest, assembled separately as a flat
; binary (guest/selftest/selftest.asm -> build/guest/selftest.bin), embedded
; here into the image's read-only data.
section .rodata
align 16
global selftest_blob_start
global selftest_blob_end
selftest_blob_start:
	incbin "guest/selftest.bin"
selftest_blob_end:

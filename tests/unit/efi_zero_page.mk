UNIT_TESTS += efi_zero_page
efi_zero_page_SRCS := boot/multiboot2.c boot/mb2_tags.c boot/machine.c loader/bzimage.c \
	loader/bzimage_zero_page.c tests/unit/test_efi_zero_page.c

UNIT_TESTS += bzimage
bzimage_SRCS := loader/bzimage.c loader/bzimage_place.c loader/bzimage_zero_page.c \
	tests/unit/test_bzimage.c

UNIT_TESTS += bzimage
bzimage_SRCS := loader/bzimage.c tests/unit/test_bzimage.c

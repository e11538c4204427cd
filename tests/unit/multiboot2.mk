UNIT_TESTS += multiboot2
multiboot2_SRCS := boot/multiboot2.c tests/unit/test_multiboot2.c

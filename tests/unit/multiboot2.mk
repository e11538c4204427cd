UNIT_TESTS += multiboot2
multiboot2_SRCS := boot/multiboot2.c boot/mb2_tags.c tests/unit/test_multiboot2.c

UNIT_TESTS += bootmove
bootmove_SRCS := loader/bootmove.c tests/unit/test_bootmove.c

UNIT_TESTS += e820
e820_SRCS := loader/e820.c tests/unit/test_e820.c

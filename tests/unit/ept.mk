UNIT_TESTS += ept
ept_SRCS := arch/x86_64/ept/ept_format.c mm/pagetable.c tests/unit/test_ept.c

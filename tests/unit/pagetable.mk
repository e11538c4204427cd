UNIT_TESTS += pagetable
pagetable_SRCS := mm/pagetable.c tests/unit/test_pagetable.c

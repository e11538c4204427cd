UNIT_TESTS += mwait
mwait_SRCS := tests/unit/test_mwait.c

UNIT_TESTS += qual
qual_SRCS := vmexit/qual.c tests/unit/test_qual.c

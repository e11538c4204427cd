UNIT_TESTS += tsc_freq
tsc_freq_SRCS := arch/x86_64/tsc_freq.c tests/unit/test_tsc_freq.c

UNIT_TESTS += cmdline
cmdline_SRCS := kernel/cmdline.c lib/fmt.c vmexit/exit_names.c tests/unit/test_cmdline.c

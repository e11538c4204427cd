UNIT_TESTS += dispatch
dispatch_SRCS := vmexit/dispatch.c vmexit/exit_names.c tests/unit/fake_vmcs.c \
	tests/unit/test_dispatch.c

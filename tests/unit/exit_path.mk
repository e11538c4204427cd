UNIT_TESTS += exit_path
exit_path_SRCS := vmexit/complete.c vmexit/io.c vmexit/cr_access.c vmexit/qual.c \
	vmexit/xsetbv.c vmexit/nmi.c arch/x86_64/vmx/vcpu.c tests/unit/fake_vmcs.c tests/unit/test_exit_path.c

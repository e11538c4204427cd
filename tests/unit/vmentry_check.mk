UNIT_TESTS += vmentry_check
vmentry_check_SRCS := arch/x86_64/vmx/controls.c arch/x86_64/vmx/vmcs_setup.c \
	arch/x86_64/vmx/guest_state.c vmexit/complete.c tests/unit/fake_vmcs.c \
	tests/unit/vmentry_check.c tests/unit/vmx_profiles.c tests/unit/vmx_profiles_kvm.c \
	tests/unit/test_vmentry_check.c

UNIT_TESTS += vmx_profiles_kvm
vmx_profiles_kvm_SRCS := arch/x86_64/vmx/controls.c tests/unit/vmx_profiles.c \
	tests/unit/vmx_profiles_kvm.c tests/unit/test_vmx_profiles_kvm.c

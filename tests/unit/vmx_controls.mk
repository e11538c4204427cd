UNIT_TESTS += vmx_controls
vmx_controls_SRCS := arch/x86_64/vmx/controls.c tests/unit/vmx_profiles.c \
	tests/unit/test_vmx_controls.c

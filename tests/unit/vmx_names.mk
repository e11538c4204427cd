UNIT_TESTS += vmx_names
vmx_names_SRCS := vmexit/exit_names.c arch/x86_64/vmx/insn_error.c tests/unit/test_vmx_names.c

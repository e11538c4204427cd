UNIT_TESTS += cpuid_policy
cpuid_policy_SRCS := vmexit/cpuid_policy.c tests/unit/test_cpuid_policy.c

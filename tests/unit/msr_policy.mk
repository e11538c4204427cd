UNIT_TESTS += msr_policy
msr_policy_SRCS := msr/policy.c tests/unit/test_msr_policy.c

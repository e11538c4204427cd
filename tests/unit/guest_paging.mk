UNIT_TESTS += guest_paging
guest_paging_SRCS := vmexit/guest_paging.c tests/unit/test_guest_paging.c

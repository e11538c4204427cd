UNIT_TESTS += store_decode
store_decode_SRCS := vmexit/store_decode.c tests/unit/test_store_decode.c

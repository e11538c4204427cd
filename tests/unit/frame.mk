UNIT_TESTS += frame
frame_SRCS := mm/frame.c tests/unit/test_frame.c

UNIT_TESTS += fbcon
fbcon_SRCS := arch/x86_64/fbcon.c arch/x86_64/fbcon_font.c tests/unit/test_fbcon.c

UNIT_TESTS += mbguest
mbguest_SRCS := loader/mbguest.c loader/mbsegments.c loader/mbinfo.c boot/multiboot2.c \
	boot/mb2_tags.c tests/unit/test_mbguest.c

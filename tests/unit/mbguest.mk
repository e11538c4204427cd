UNIT_TESTS += mbguest
mbguest_SRCS := loader/mbguest.c loader/mbinfo.c boot/multiboot2.c tests/unit/test_mbguest.c

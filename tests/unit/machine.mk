UNIT_TESTS += machine
machine_SRCS := boot/machine.c boot/multiboot2.c boot/mb2_tags.c tests/unit/test_machine.c

UNIT_TESTS += machine
machine_SRCS := boot/machine.c boot/multiboot2.c tests/unit/test_machine.c

UNIT_TESTS += acpi
acpi_SRCS := acpi/acpi.c tests/unit/test_acpi.c

UNIT_TESTS += acpi
acpi_SRCS := acpi/acpi.c acpi/acpi_decode.c acpi/acpi_pm1.c tests/unit/test_acpi.c

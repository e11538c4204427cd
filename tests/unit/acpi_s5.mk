UNIT_TESTS += acpi_s5
acpi_s5_SRCS := acpi/acpi.c acpi/acpi_pm1.c acpi/acpi_s5.c tests/unit/test_acpi_s5.c

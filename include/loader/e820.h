/* SPDX-License-Identifier: MIT */
/*
 * e820.h - the guest's e820 memory map and the free-RAM list the Linux
 * loader places the kernel and initrd into.  Pure arithmetic: no memory is
 * touched beyond the arrays passed in, nothing is printed.
 *
 * Contract:
 *  - Entries use struct boot_e820_entry (bootparam.h), so e820_build() can
 *    write straight into boot_params.e820_table.
 *  - Ranges are byte exact, [addr, addr + size).  A range whose end would
 *    pass 2^64 is clipped to end at 2^64 - 1.
 *  - Both functions accept unsorted, overlapping input and return sorted,
 *    non-overlapping output in which touching ranges of equal type are
 *    merged; they return the number of entries written, or -1 when more
 *    than max_out entries would be needed (out is then partly written).
 *  - Cost is O(n^2) in the number of input ranges (no allocation).
 */
#ifndef THINVISOR_LOADER_E820_H
#define THINVISOR_LOADER_E820_H

#include "types.h"
#include "loader/bootparam.h"

/*
 * Build the guest e820 table from the firmware map fw[] (types 1..5; any
 * other type is treated as reserved, as multiboot2 and ACPI specify) and
 * the hypervisor-owned spans reserve[], which always become type 2.
 * Where firmware entries overlap, the most restrictive type wins:
 * unusable(5) > reserved(2) > NVS(4) > ACPI(3) > RAM(1).  Reserve spans
 * lying in holes of the firmware map are emitted as reserved too.
 * Zero-sized entries are ignored.
 */
int e820_build(const struct boot_e820_entry *fw, u32 nr_fw, const struct mem_span *reserve,
	       u32 nr_reserve, struct boot_e820_entry *out, u32 max_out);

/*
 * Free RAM: the union of type-1 entries of tab[] minus every busy span
 * (modules, the zero page, the booter stub...).  Sorted, merged spans.
 */
int e820_free_spans(const struct boot_e820_entry *tab, u32 n, const struct mem_span *busy,
		    u32 nr_busy, struct mem_span *out, u32 max_out);

/*
 * The EFI memory map the guest is given (efi_info) must not offer the
 * hypervisor's memory as free either: Linux's decompressor picks its
 * random (KASLR) load address from EfiConventionalMemory entries of the
 * EFI map when there is one, not from the e820.  Every conventional entry
 * that overlaps a span of hv[] is retyped EfiLoaderData in place (the
 * count and layout stay; Linux still treats it as RAM after boot, where
 * the e820 reserves the hypervisor's part).  Descriptors: UEFI spec
 * EFI_MEMORY_DESCRIPTOR, type at 0, physical start at 8, pages at 24,
 * desc_size apart.  Returns how many were retyped.  Pure.
 */
#define EFI_LOADER_DATA		2
#define EFI_CONVENTIONAL_MEMORY 7
u32 efi_map_hide(u8 *map, u32 size, u32 desc_size, const struct mem_span *hv, u32 nr_hv);

#endif

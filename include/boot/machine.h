/* SPDX-License-Identifier: MIT */
/*
 * machine.h - the machine as every layer above boot/ sees it: RAM and
 * firmware ranges, the boot modules, the boot loader's own information
 * block, the ACPI RSDP, the UEFI firmware's hand-over (system table, raw
 * memory map), the framebuffer and the command line.
 *
 * Contract: machine_from_mb2() converts the parsed multiboot2 information
 * once (boot/machine.c); nothing above boot/ reads the multiboot2 format.
 * Memory types are the e820/ACPI numbers (1 usable RAM, 2 reserved, 3 ACPI
 * reclaimable, 4 ACPI NVS, 5 unusable), which the multiboot2 memory map
 * uses too; the EFI map has been normalised to them by the parser.
 * Pointers (strings, RSDP, the raw EFI memory map) point into the boot
 * information.  The block and
 * the modules are reserved from the hypervisor's frame pool; the guest may
 * reuse them once it runs, so nothing reads them after the launch.  Before
 * the guest is placed they may be copied out of its way
 * (loader/make_room.c): then machine_move_info() and the modules[] entries
 * describe the copies, and everything downstream reads those.
 */
#ifndef THINVISOR_BOOT_MACHINE_H
#define THINVISOR_BOOT_MACHINE_H

#include "types.h"
#include "multiboot2.h"

#define MACHINE_MAX_RANGES  MB2_MAX_MMAP
#define MACHINE_MAX_MODULES MB2_MAX_MODULES

enum mem_type {
	MEM_RAM = 1,
	MEM_RESERVED = 2,
	MEM_ACPI = 3,
	MEM_NVS = 4,
	MEM_UNUSABLE = 5,
};

struct mem_range {
	u64 start, end; /* [start, end) */
	u32 type;	/* enum mem_type; anything else counts as reserved */
};

struct boot_module {
	u64 start, end;	    /* [start, end) */
	const char *string; /* never NULL ("" when GRUB gave none) */
};

/*
 * What UEFI left for an operating system, from GRUB's EFI tags: what
 * Linux's efi_info carries (Documentation/arch/x86/zero-page.rst 0x1C0).
 */
struct machine_efi {
	bool booted;		  /* UEFI firmware: an EFI memory map or system table */
	bool boot_services_alive; /* GRUB did not call ExitBootServices() */
	u64 systab;		  /* EFI_SYSTEM_TABLE, 0 when GRUB passed none */
	bool systab_64;		  /* from the 64-bit tag (a 64-bit firmware) */
	const void *memmap;	  /* EFI_MEMORY_DESCRIPTORs as GetMemoryMap() gave them */
	u32 memmap_size;	  /* bytes; 0 with memmap NULL */
	u32 desc_size, desc_version;
};

enum fb_type {
	FB_NONE = 0,
	FB_RGB,	    /* direct colour: the positions and sizes below say how */
	FB_INDEXED, /* palette */
	FB_TEXT,    /* EGA text: width and height count characters */
};

/* The framebuffer the boot loader set up (GOP on UEFI, VBE on a BIOS). */
struct machine_framebuffer {
	u32 type; /* enum fb_type */
	u64 addr;
	u32 pitch, width, height; /* pitch in bytes */
	u8 bpp;
	u8 red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct machine {
	struct mem_range map[MACHINE_MAX_RANGES];
	u32 nr_map;
	const char *map_source; /* "EFI" or "BIOS" */
	struct boot_module modules[MACHINE_MAX_MODULES];
	u32 nr_modules;
	struct mem_span boot_info; /* the boot loader's information block */
	const void *rsdp;	   /* NULL without ACPI */
	u32 rsdp_len;
	struct machine_efi efi;
	struct machine_framebuffer fb;
	const char *cmdline;	/* the hypervisor's words; never NULL */
	const char *bootloader; /* never NULL */
};

void machine_from_mb2(const struct mb2_info *mi, struct machine *m);

/* The information block now lies at new_start (a byte-exact copy): move
 * boot_info there, with every pointer into it (module strings, RSDP,
 * the raw EFI memory map, command line, boot loader name).  Pure; copying is the caller's. */
void machine_move_info(struct machine *m, u64 new_start);

/*
 * Whether [start, end) may be written with the guest's boot structures
 * (the booter, zero page, command line, multiboot information, the AP
 * trampoline): it must lie in usable RAM of the firmware map and must not
 * hold GRUB's boot information or a module, which are still to be read.
 * NULL when it may; otherwise why not, in a few words.  Pure.
 */
const char *machine_range_unusable(const struct machine *m, u64 start, u64 end);

/* Whether usable RAM entries of the firmware map cover [start, end).  Pure. */
bool machine_range_is_ram(const struct machine *m, u64 start, u64 end);

/* Memory the firmware describes as RAM of some kind (usable, ACPI
 * reclaimable, NVS): what host paging and the EPT map as memory. */
static inline bool mem_type_is_ram(u32 type)
{
	return type == MEM_RAM || type == MEM_ACPI || type == MEM_NVS;
}

#endif

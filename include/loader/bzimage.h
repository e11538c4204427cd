/* SPDX-License-Identifier: MIT */
/*
 * bzimage.h - validation and placement of a Linux bzImage for the 64-bit
 * boot protocol (Documentation/x86/boot.rst, "64-bit Boot Protocol"), and
 * construction of its zero page: loader/bzimage.c parses, bzimage_place.c
 * places, bzimage_zero_page.c fills the zero page.
 *
 * Contract: pure functions.  They read only the buffers passed in, write
 * only their outputs, never print; every failure is an enum bzimage_error
 * that bzimage_strerror() names.  Parsing reads only the first
 * SETUP_HEADER_HOLE_END (0x290) bytes of the image, so `img` may be just
 * the file's head while `size` is the whole module's length.
 *
 * Accepted kernels: "HdrS" protocol >= 2.12 with XLF_KERNEL_64 and
 * LOADED_HIGH, i.e. bzImages that have the 64-bit entry point at the load
 * address + 0x200.
 */
#ifndef THINVISOR_LOADER_BZIMAGE_H
#define THINVISOR_LOADER_BZIMAGE_H

#include "types.h"
#include "loader/bootparam.h"
#include "loader/e820.h"
#include "boot/machine.h"

/* boot.rst: a loader "may choose to load only the first two sectors (1K)
 * and then examine the bootup sector size" - the header lives there. */
#define BZIMAGE_MIN_SIZE 1024
/* boot.rst, "The Real-Mode Kernel Header": the real-mode code "can total
 * up to 32K". */
#define BZIMAGE_MAX_SETUP_SIZE (32 * KiB)
/* First protocol with xloadflags (and so with XLF_KERNEL_64). */
#define BZIMAGE_MIN_VERSION 0x020C
/* Linux's default LOAD_PHYSICAL_ADDR (CONFIG_PHYSICAL_START = 16 MiB): a
 * relocatable kernel is first tried at or above it. */
#define BZIMAGE_DEFAULT_LOAD_ADDR (16 * MiB)
/* boot.rst: protocol 2.14 is the first whose kernels read acpi_rsdp_addr
 * (zero page 0x070); older ones search the BIOS area or EFI's tables. */
#define BZIMAGE_RSDP_VERSION 0x020E
/* The 64-bit entry point lies 0x200 past the load address (boot.rst). */
#define BZIMAGE_ENTRY64_OFFSET 0x200

struct bzimage_info {
	u16 version;	/* boot protocol, e.g. 0x020F for 2.15 */
	u8 setup_sects; /* raw header byte (0 means 4) */
	u8 loadflags;
	u32 setup_size;		/* real-mode part: ((setup_sects ?: 4) + 1) * 512 */
	u32 header_end;		/* 0x202 + byte at 0x201: copy [0x1F1, this) */
	u64 pm_offset, pm_size; /* protected-mode part within the file */
	u32 syssize;		/* protected-mode size in 16-byte paragraphs */
	bool relocatable;
	u8 min_alignment;	/* log2 of the minimum alignment, 0 if absent */
	u32 kernel_alignment;	/* power of two (checked) */
	u64 pref_address;	/* 0x100000 before 2.10, or when 0 */
	u32 init_size;		/* bytes needed from the load address; 0 before 2.10 */
	u32 initrd_addr_max;	/* highest initrd byte; 0x37FFFFFF before 2.03 */
	u32 cmdline_size;	/* max command line chars w/o NUL; 255 before 2.06 */
	u16 xloadflags;		/* 0 before 2.12 */
	u32 handover_offset;	/* 0 before 2.11 */
	u32 kernel_info_offset; /* 0 before 2.15 */
	u32 kernel_version_str; /* file offset of the version string, 0 if none */
};

enum bzimage_error {
	BZ_OK = 0,
	BZ_ERR_TOO_SMALL,	 /* module shorter than BZIMAGE_MIN_SIZE */
	BZ_ERR_BOOT_FLAG,	 /* no 0xAA55 at 0x1FE */
	BZ_ERR_MAGIC,		 /* no "HdrS" at 0x202: pre-2.00 kernel or not Linux */
	BZ_ERR_VERSION,		 /* protocol < 2.12: no xloadflags, no 64-bit flag */
	BZ_ERR_NOT_LOADED_HIGH,	 /* loadflags bit 0 clear: zImage */
	BZ_ERR_NO_64BIT_ENTRY,	 /* XLF_KERNEL_64 clear */
	BZ_ERR_HEADER_LEN,	 /* jump at 0x200 is not a short jmp over the header */
	BZ_ERR_SETUP_SIZE,	 /* real-mode part > 32 KiB or not smaller than the file */
	BZ_ERR_TRUNCATED,	 /* file shorter than setup + syssize * 16 */
	BZ_ERR_ALIGNMENT,	 /* kernel_alignment not a power of two >= 4 KiB */
	BZ_ERR_INIT_SIZE,	 /* init_size < protected-mode size */
	BZ_ERR_NO_ROOM,		 /* no free range holds [load, load + init_size) */
	BZ_ERR_INITRD_NO_ROOM,	 /* no free range holds the initrd */
	BZ_ERR_CMDLINE_TOO_LONG, /* command line longer than cmdline_size */
	BZ_ERR_ABOVE_4G,	 /* address >= 4 GiB without XLF_CAN_BE_LOADED_ABOVE_4G */
	BZ_ERR_NO_ACPI_PATH,	 /* UEFI, no efi_info, protocol < 2.14: ACPI unreachable */
	BZ_ERR_COUNT
};

/*
 * Validate a module that should be a bzImage: img holds at least its first
 * MIN(size, 0x290) bytes, size is the module's full length.  On success
 * fills *out.  On error returns the enum and sets *field (header field
 * name, static string) and *value (its offending value) for the message;
 * *out then holds whatever was decoded before the check failed (all the
 * header fields, with protocol-version defaults, once the magic matched).
 */
int bzimage_parse(const void *img, u64 size, struct bzimage_info *out, const char **field,
		  u64 *value);

/* Static, never NULL; "unknown error" for values out of range. */
const char *bzimage_strerror(int err);

/*
 * Choose the protected-mode load address from free[] (sorted or not,
 * [start, end) spans) and the lowest allowed address floor.
 *  - relocatable: the lowest kernel_alignment-aligned address
 *    >= MAX(floor, 16 MiB) whose [addr, addr + init_size) lies inside one
 *    free span; failing that, the lowest such address >= floor.
 *  - not relocatable: exactly pref_address, which must be >= floor with
 *    [pref, pref + init_size) inside one free span.
 * Without XLF_CAN_BE_LOADED_ABOVE_4G the span must end at or below 4 GiB.
 * On BZ_ERR_NO_ROOM, *load_addr is set to the address that was wanted
 * (pref_address for a fixed kernel, 0 for a relocatable one).
 */
int bzimage_place(const struct bzimage_info *bi, const struct mem_span *free, u32 nr_free,
		  u64 floor, u64 *load_addr);

/*
 * Choose the initrd address: the highest page-aligned addr with
 * [addr, addr + size) inside one free span, addr + size - 1 <=
 * initrd_addr_max, and no overlap with [avoid_start, avoid_end) (the
 * kernel's init_size span).  size 0 gives *addr = 0 (no initrd).
 */
int bzimage_place_initrd(const struct bzimage_info *bi, u64 size, const struct mem_span *free,
			 u32 nr_free, u64 avoid_start, u64 avoid_end, u64 *addr);

/*
 * Fill the zero page *bp: zero it, copy the image's setup header
 * [0x1F1, header_end), then set type_of_loader 0xFF, vid_mode 0xFFFF,
 * code32_start = load_addr, cmd_line_ptr/ext_cmd_line_ptr = cmdline_addr,
 * ramdisk_image/size (+ ext_ high halves) = initrd, acpi_rsdp_addr.
 * cmdline_len excludes the NUL and may be at most cmdline_size
 * (BZ_ERR_CMDLINE_TOO_LONG).  Without XLF_CAN_BE_LOADED_ABOVE_4G, the
 * command line and initrd must end at or below 4 GiB (BZ_ERR_ABOVE_4G).
 * The e820 table is left empty for the caller (e820_build() can write
 * straight into bp->e820_table; then set bp->e820_entries).
 */
int bzimage_fill_boot_params(const void *img, const struct bzimage_info *bi, struct boot_params *bp,
			     u64 load_addr, u64 cmdline_addr, u64 cmdline_len, u64 initrd_addr,
			     u64 initrd_size, u64 acpi_rsdp);

/*
 * What the firmware hands the kernel besides memory: the UEFI system table
 * and memory map (efi_info) and the boot framebuffer (screen_info).
 */
struct bzimage_firmware {
	bool efi_boot;	     /* the machine was booted by UEFI */
	u64 efi_systab;	     /* 0: none to pass */
	bool efi_64;	     /* 64-bit firmware ("EL64"), else "EL32" */
	u64 efi_memmap;	     /* raw EFI_MEMORY_DESCRIPTORs; 0: none */
	u32 efi_memmap_size; /* bytes */
	u32 efi_memdesc_size, efi_memdesc_version;
	struct machine_framebuffer fb; /* type FB_NONE: no framebuffer */
};

/*
 * What the machine's firmware left for the kernel (memmap_pa: the physical
 * address of m->efi.memmap).  No EFI system table or memory map while boot
 * services still run (multiboot2 tag 18): the kernel would take the
 * firmware for one that has left them.  efi_boot stays set.  Pure.
 */
void bzimage_firmware_from(const struct machine *m, u64 memmap_pa, struct bzimage_firmware *fw);

/*
 * Fill efi_info and screen_info of a zero page bzimage_fill_boot_params()
 * built, as GRUB's linux command and the kernel's EFI stub do
 * (zero-page.rst 0x000 and 0x1C0):
 *  - efi_info only with both a system table and a memory map (Linux's
 *    efi_init() needs both); signature "EL64" or "EL32", the _hi halves
 *    take bits 63:32.
 *  - screen_info only for a direct-colour (RGB) framebuffer whose width,
 *    height and pitch fit its 16-bit fields: VIDEO_TYPE_EFI on a UEFI
 *    boot (lfb_size in bytes), VIDEO_TYPE_VLFB otherwise (lfb_size in
 *    64 KiB units); ext_lfb_base and VIDEO_CAPABILITY_64BIT_BASE for a
 *    base above 4 GiB.  Text and palette modes are left out.
 * BZ_ERR_NO_ACPI_PATH, writing nothing, for a UEFI boot without efi_info
 * and a kernel older than protocol 2.14: it would look for the RSDP in the
 * BIOS area, where UEFI machines need not put it, and run without ACPI.
 */
int bzimage_fill_firmware(const struct bzimage_info *bi, struct boot_params *bp,
			  const struct bzimage_firmware *fw);

#endif

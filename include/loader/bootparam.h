/* SPDX-License-Identifier: MIT */
/*
 * bootparam.h - the Linux/x86 boot protocol ABI as thinvisor uses it: the
 * real-mode kernel header (struct setup_header, found at offset 0x1F1 of a
 * bzImage and again at 0x1F1 of the zero page) and the zero page itself
 * (struct boot_params, 4096 bytes).
 *
 * Contract: the layouts below are byte-exact copies of the offsets listed in
 * Documentation/x86/boot.rst ("The Real-Mode Kernel Header") and
 * Documentation/x86/zero-page.rst; every offset thinvisor relies on is
 * checked by a _Static_assert at the bottom.  screen_info and efi_info
 * follow include/uapi/linux/screen_info.h and arch/x86/include/uapi/asm/
 * bootparam.h.  Areas thinvisor never writes (EDD, EDID, ...) are opaque
 * byte arrays: the loader leaves them zero, which the kernel reads as "not
 * provided".
 * All fields are little-endian (x86).
 */
#ifndef THINVISOR_LOADER_BOOTPARAM_H
#define THINVISOR_LOADER_BOOTPARAM_H

#include "types.h"

/* E820 range types (ACPI "Address Range Types"; multiboot2 uses the same
 * numbers for its memory map, where any other value means reserved). */
#define E820_TYPE_RAM	   1
#define E820_TYPE_RESERVED 2
#define E820_TYPE_ACPI	   3
#define E820_TYPE_NVS	   4
#define E820_TYPE_UNUSABLE 5

/* zero-page.rst: e820_table at 0x2D0 is 0xA00 bytes = 128 entries of 20. */
#define E820_MAX_ENTRIES_ZEROPAGE 128

/* loadflags (0x211), boot.rst "Field name: loadflags" */
#define LOADED_HIGH   BIT(0) /* protected-mode code at 0x100000: bzImage */
#define KASLR_FLAG    BIT(1) /* kernel internal */
#define QUIET_FLAG    BIT(5) /* suppress early messages */
#define KEEP_SEGMENTS BIT(6) /* obsolete, 2.07+ */
#define CAN_USE_HEAP  BIT(7) /* heap_end_ptr is valid */

/* xloadflags (0x236), boot.rst "Field name: xloadflags", protocol 2.12+ */
#define XLF_KERNEL_64		   BIT(0) /* 64-bit entry at load address + 0x200 */
#define XLF_CAN_BE_LOADED_ABOVE_4G BIT(1) /* kernel/zero page/cmdline/initrd */
#define XLF_EFI_HANDOVER_32	   BIT(2)
#define XLF_EFI_HANDOVER_64	   BIT(3)
#define XLF_EFI_KEXEC		   BIT(4)
#define XLF_5LEVEL		   BIT(5)
#define XLF_5LEVEL_ENABLED	   BIT(6)

/* boot.rst: boot_flag holds 0xAA55, header holds "HdrS". */
#define BOOT_FLAG_MAGIC 0xAA55
#define HDRS_MAGIC	0x53726448
/* type_of_loader 0xFF: "undefined" boot loader (boot.rst, loader id table). */
#define LOADER_TYPE_UNDEFINED 0xFF
/* vid_mode 0xFFFF: "normal" VGA mode (boot.rst, "Field name: vid_mode"). */
#define VID_MODE_NORMAL 0xFFFF

/* Offsets inside a bzImage file / inside the zero page (boot.rst). */
#define SETUP_HEADER_OFFSET	 0x1F1
#define SETUP_HEADER_JUMP_OFFSET 0x200
/* The header ends at 0x202 + the byte at 0x201 (the jump displacement). */
#define SETUP_HEADER_END_BASE 0x202
/* First byte after the hole the header is copied into (zero-page.rst:
 * edd_mbr_sig_buffer starts at 0x290). */
#define SETUP_HEADER_HOLE_END 0x290

struct setup_header {
	u8 setup_sects;		   /* 0x1F1 */
	u16 root_flags;		   /* 0x1F2 */
	u32 syssize;		   /* 0x1F4, 16-byte paragraphs */
	u16 ram_size;		   /* 0x1F8 */
	u16 vid_mode;		   /* 0x1FA */
	u16 root_dev;		   /* 0x1FC */
	u16 boot_flag;		   /* 0x1FE */
	u16 jump;		   /* 0x200 */
	u32 header;		   /* 0x202 */
	u16 version;		   /* 0x206 */
	u32 realmode_swtch;	   /* 0x208 */
	u16 start_sys_seg;	   /* 0x20C */
	u16 kernel_version;	   /* 0x20E */
	u8 type_of_loader;	   /* 0x210 */
	u8 loadflags;		   /* 0x211 */
	u16 setup_move_size;	   /* 0x212 */
	u32 code32_start;	   /* 0x214 */
	u32 ramdisk_image;	   /* 0x218 */
	u32 ramdisk_size;	   /* 0x21C */
	u32 bootsect_kludge;	   /* 0x220 */
	u16 heap_end_ptr;	   /* 0x224 */
	u8 ext_loader_ver;	   /* 0x226 */
	u8 ext_loader_type;	   /* 0x227 */
	u32 cmd_line_ptr;	   /* 0x228 */
	u32 initrd_addr_max;	   /* 0x22C */
	u32 kernel_alignment;	   /* 0x230 */
	u8 relocatable_kernel;	   /* 0x234 */
	u8 min_alignment;	   /* 0x235 */
	u16 xloadflags;		   /* 0x236 */
	u32 cmdline_size;	   /* 0x238 */
	u32 hardware_subarch;	   /* 0x23C */
	u64 hardware_subarch_data; /* 0x240 */
	u32 payload_offset;	   /* 0x248 */
	u32 payload_length;	   /* 0x24C */
	u64 setup_data;		   /* 0x250 */
	u64 pref_address;	   /* 0x258 */
	u32 init_size;		   /* 0x260 */
	u32 handover_offset;	   /* 0x264 */
	u32 kernel_info_offset;	   /* 0x268 */
} __packed;

/* screen_info.orig_video_isVGA (include/uapi/linux/screen_info.h) */
#define VIDEO_TYPE_VLFB 0x23 /* VESA VGA in graphic mode: lfb_size in 64 KiB units */
#define VIDEO_TYPE_EFI	0x70 /* EFI graphic mode (GOP): lfb_size in bytes */
/* screen_info.capabilities: ext_lfb_base holds the base's high 32 bits */
#define VIDEO_CAPABILITY_64BIT_BASE BIT(1)

/* The boot video mode, zero-page offset 0x000 (screen_info.h). */
struct screen_info {
	u8 orig_x;		 /* 0x00 */
	u8 orig_y;		 /* 0x01 */
	u16 ext_mem_k;		 /* 0x02 */
	u16 orig_video_page;	 /* 0x04 */
	u8 orig_video_mode;	 /* 0x06 */
	u8 orig_video_cols;	 /* 0x07 */
	u8 flags;		 /* 0x08 */
	u8 unused2;		 /* 0x09 */
	u16 orig_video_ega_bx;	 /* 0x0a */
	u16 unused3;		 /* 0x0c */
	u8 orig_video_lines;	 /* 0x0e */
	u8 orig_video_isVGA;	 /* 0x0f */
	u16 orig_video_points;	 /* 0x10 */
	u16 lfb_width;		 /* 0x12 */
	u16 lfb_height;		 /* 0x14 */
	u16 lfb_depth;		 /* 0x16 */
	u32 lfb_base;		 /* 0x18 */
	u32 lfb_size;		 /* 0x1c */
	u16 cl_magic, cl_offset; /* 0x20 */
	u16 lfb_linelength;	 /* 0x24 */
	u8 red_size;		 /* 0x26 */
	u8 red_pos;		 /* 0x27 */
	u8 green_size;		 /* 0x28 */
	u8 green_pos;		 /* 0x29 */
	u8 blue_size;		 /* 0x2a */
	u8 blue_pos;		 /* 0x2b */
	u8 rsvd_size;		 /* 0x2c */
	u8 rsvd_pos;		 /* 0x2d */
	u16 vesapm_seg;		 /* 0x2e */
	u16 vesapm_off;		 /* 0x30 */
	u16 pages;		 /* 0x32 */
	u16 vesa_attributes;	 /* 0x34 */
	u32 capabilities;	 /* 0x36 */
	u32 ext_lfb_base;	 /* 0x3a */
	u8 _reserved[2];	 /* 0x3e */
} __packed;

/* efi_loader_signature: the firmware's word size (arch/x86/include/asm/efi.h) */
#define EFI32_LOADER_SIGNATURE 0x32334c45 /* "EL32" */
#define EFI64_LOADER_SIGNATURE 0x34364c45 /* "EL64" */

/* UEFI's hand-over, zero-page offset 0x1C0 (bootparam.h struct efi_info). */
struct efi_info {
	u32 efi_loader_signature; /* 0x00 */
	u32 efi_systab;		  /* 0x04 */
	u32 efi_memdesc_size;	  /* 0x08 */
	u32 efi_memdesc_version;  /* 0x0c */
	u32 efi_memmap;		  /* 0x10 */
	u32 efi_memmap_size;	  /* 0x14 */
	u32 efi_systab_hi;	  /* 0x18 */
	u32 efi_memmap_hi;	  /* 0x1c */
} __packed;

/* One zero-page e820 entry: 20 bytes, packed (zero-page.rst 0x2D0/0xA00). */
struct boot_e820_entry {
	u64 addr;
	u64 size;
	u32 type;
} __packed;

struct boot_params {
	struct screen_info screen_info; /* 0x000 */
	u8 apm_bios_info[0x14];		/* 0x040 */
	u8 _pad2[4];			/* 0x054 */
	u64 tboot_addr;			/* 0x058 */
	u8 ist_info[0x10];		/* 0x060 */
	u64 acpi_rsdp_addr;		/* 0x070 */
	u8 _pad3[8];			/* 0x078 */
	u8 hd0_info[0x10];		/* 0x080 */
	u8 hd1_info[0x10];		/* 0x090 */
	u8 sys_desc_table[0x10];	/* 0x0A0 */
	u8 olpc_ofw_header[0x10];	/* 0x0B0 */
	u32 ext_ramdisk_image;		/* 0x0C0 */
	u32 ext_ramdisk_size;		/* 0x0C4 */
	u32 ext_cmd_line_ptr;		/* 0x0C8 */
	u8 _pad4[0x70];			/* 0x0CC */
	u32 cc_blob_address;		/* 0x13C */
	u8 edid_info[0x80];		/* 0x140 */
	struct efi_info efi_info;	/* 0x1C0 */
	u32 alt_mem_k;			/* 0x1E0 */
	u32 scratch;			/* 0x1E4 */
	u8 e820_entries;		/* 0x1E8 */
	u8 eddbuf_entries;		/* 0x1E9 */
	u8 edd_mbr_sig_buf_entries;	/* 0x1EA */
	u8 kbd_status;			/* 0x1EB */
	u8 secure_boot;			/* 0x1EC */
	u8 _pad5[2];			/* 0x1ED */
	u8 sentinel;			/* 0x1EF, must stay 0 (see boot.rst) */
	u8 _pad6[1];			/* 0x1F0 */
	struct setup_header hdr;	/* 0x1F1 */
	u8 _pad7[SETUP_HEADER_HOLE_END - SETUP_HEADER_OFFSET - sizeof(struct setup_header)];
	u32 edd_mbr_sig_buffer[16];				      /* 0x290 */
	struct boot_e820_entry e820_table[E820_MAX_ENTRIES_ZEROPAGE]; /* 0x2D0 */
	u8 _pad8[0x30];						      /* 0xCD0 */
	u8 eddbuf[0x1EC];					      /* 0xD00 */
	u8 _pad9[0x114];					      /* 0xEEC */
} __packed;

#define BP_OFF(f)  offsetof(struct boot_params, f)
#define HDR_OFF(f) (SETUP_HEADER_OFFSET + offsetof(struct setup_header, f))

_Static_assert(sizeof(struct boot_e820_entry) == 20, "e820 entry is 20 bytes");
_Static_assert(sizeof(struct boot_params) == 4096, "zero page is 4 KiB");
_Static_assert(sizeof(struct screen_info) == 0x40, "screen_info is 64 bytes");
_Static_assert(sizeof(struct efi_info) == 0x20, "efi_info is 32 bytes");
_Static_assert(BP_OFF(screen_info) == 0x000, "screen_info");
_Static_assert(offsetof(struct screen_info, orig_video_isVGA) == 0x0f, "orig_video_isVGA");
_Static_assert(offsetof(struct screen_info, lfb_width) == 0x12, "lfb_width");
_Static_assert(offsetof(struct screen_info, lfb_base) == 0x18, "lfb_base");
_Static_assert(offsetof(struct screen_info, lfb_size) == 0x1c, "lfb_size");
_Static_assert(offsetof(struct screen_info, lfb_linelength) == 0x24, "lfb_linelength");
_Static_assert(offsetof(struct screen_info, red_size) == 0x26, "red_size");
_Static_assert(offsetof(struct screen_info, rsvd_pos) == 0x2d, "rsvd_pos");
_Static_assert(offsetof(struct screen_info, pages) == 0x32, "pages");
_Static_assert(offsetof(struct screen_info, capabilities) == 0x36, "capabilities");
_Static_assert(offsetof(struct screen_info, ext_lfb_base) == 0x3a, "ext_lfb_base");
_Static_assert(BP_OFF(efi_info) == 0x1C0, "efi_info");
_Static_assert(offsetof(struct efi_info, efi_memmap) == 0x10, "efi_memmap");
_Static_assert(offsetof(struct efi_info, efi_systab_hi) == 0x18, "efi_systab_hi");
_Static_assert(offsetof(struct efi_info, efi_memmap_hi) == 0x1c, "efi_memmap_hi");
_Static_assert(BP_OFF(acpi_rsdp_addr) == 0x070, "acpi_rsdp_addr");
_Static_assert(BP_OFF(ext_ramdisk_image) == 0x0C0, "ext_ramdisk_image");
_Static_assert(BP_OFF(ext_ramdisk_size) == 0x0C4, "ext_ramdisk_size");
_Static_assert(BP_OFF(ext_cmd_line_ptr) == 0x0C8, "ext_cmd_line_ptr");
_Static_assert(BP_OFF(cc_blob_address) == 0x13C, "cc_blob_address");
_Static_assert(BP_OFF(e820_entries) == 0x1E8, "e820_entries");
_Static_assert(BP_OFF(sentinel) == 0x1EF, "sentinel");
_Static_assert(BP_OFF(hdr) == SETUP_HEADER_OFFSET, "setup_header at 0x1F1");
_Static_assert(BP_OFF(edd_mbr_sig_buffer) == 0x290, "edd_mbr_sig_buffer");
_Static_assert(BP_OFF(e820_table) == 0x2D0, "e820_table");
_Static_assert(BP_OFF(eddbuf) == 0xD00, "eddbuf");

_Static_assert(HDR_OFF(setup_sects) == 0x1F1, "setup_sects");
_Static_assert(HDR_OFF(syssize) == 0x1F4, "syssize");
_Static_assert(HDR_OFF(vid_mode) == 0x1FA, "vid_mode");
_Static_assert(HDR_OFF(boot_flag) == 0x1FE, "boot_flag");
_Static_assert(HDR_OFF(jump) == SETUP_HEADER_JUMP_OFFSET, "jump");
_Static_assert(HDR_OFF(header) == 0x202, "header");
_Static_assert(HDR_OFF(version) == 0x206, "version");
_Static_assert(HDR_OFF(type_of_loader) == 0x210, "type_of_loader");
_Static_assert(HDR_OFF(loadflags) == 0x211, "loadflags");
_Static_assert(HDR_OFF(code32_start) == 0x214, "code32_start");
_Static_assert(HDR_OFF(ramdisk_image) == 0x218, "ramdisk_image");
_Static_assert(HDR_OFF(ramdisk_size) == 0x21C, "ramdisk_size");
_Static_assert(HDR_OFF(cmd_line_ptr) == 0x228, "cmd_line_ptr");
_Static_assert(HDR_OFF(initrd_addr_max) == 0x22C, "initrd_addr_max");
_Static_assert(HDR_OFF(kernel_alignment) == 0x230, "kernel_alignment");
_Static_assert(HDR_OFF(relocatable_kernel) == 0x234, "relocatable_kernel");
_Static_assert(HDR_OFF(min_alignment) == 0x235, "min_alignment");
_Static_assert(HDR_OFF(xloadflags) == 0x236, "xloadflags");
_Static_assert(HDR_OFF(cmdline_size) == 0x238, "cmdline_size");
_Static_assert(HDR_OFF(setup_data) == 0x250, "setup_data");
_Static_assert(HDR_OFF(pref_address) == 0x258, "pref_address");
_Static_assert(HDR_OFF(init_size) == 0x260, "init_size");
_Static_assert(HDR_OFF(handover_offset) == 0x264, "handover_offset");
_Static_assert(HDR_OFF(kernel_info_offset) == 0x268, "kernel_info_offset");
_Static_assert(HDR_OFF(kernel_info_offset) + 4 <= SETUP_HEADER_HOLE_END,
	       "setup_header fits the zero-page hole");

#endif

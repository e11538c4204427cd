// SPDX-License-Identifier: MIT
/*
 * bzimage_zero_page.c - the zero page (struct boot_params) of a parsed
 * bzImage: the setup header copied from the image, the loader's fields
 * (command line, initrd, load address; Documentation/x86/boot.rst, "64-bit
 * Boot Protocol") and what the firmware left: EFI system table and memory
 * map (efi_info), the framebuffer (screen_info; Documentation/x86/
 * zero-page.rst).  See include/loader/bzimage.h for the contract.
 *
 * Separate from parsing (bzimage.c) and placement (bzimage_place.c): this
 * runs last, once every address is known, and writes only the zero page.
 */
#include "loader/bzimage.h"

static bool ends_above_4g(u64 addr, u64 len)
{
	return addr > 4 * GiB || len > 4 * GiB - addr;
}

int bzimage_fill_boot_params(const void *img, const struct bzimage_info *bi, struct boot_params *bp,
			     u64 load_addr, u64 cmdline_addr, u64 cmdline_len, u64 initrd_addr,
			     u64 initrd_size, u64 acpi_rsdp)
{
	const u8 *src = img;
	u8 *dst = (u8 *)bp;
	u32 end = MIN(bi->header_end, (u32)SETUP_HEADER_HOLE_END);
	u32 i;

	/* boot.rst, cmdline_size: "the command line can contain at most
	 * cmdline_size characters" (not counting the terminating zero). */
	if (cmdline_len > bi->cmdline_size)
		return BZ_ERR_CMDLINE_TOO_LONG;
	if (!(bi->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G) &&
	    (ends_above_4g(cmdline_addr, cmdline_len + 1) ||
	     (initrd_size && ends_above_4g(initrd_addr, initrd_size)) ||
	     ends_above_4g(load_addr, MAX((u64)bi->init_size, bi->pm_size))))
		return BZ_ERR_ABOVE_4G;

	/* boot.rst, 64-bit Boot Protocol: the zero page is "initialized to
	 * all zero", then the setup header from 0x1F1 up to "0x0202 + byte
	 * value at offset 0x0201" is loaded into it.  Copying no more keeps
	 * the sentinel at 0x1EF zero, telling the kernel the rest is clean. */
	for (i = 0; i < sizeof(*bp); i++)
		dst[i] = 0;
	for (i = SETUP_HEADER_OFFSET; i < end; i++)
		dst[i] = src[i];

	bp->hdr.type_of_loader = LOADER_TYPE_UNDEFINED;
	/* setup_data is a physical pointer the kernel follows (boot.rst,
	 * "64-bit pointer to linked list of struct setup_data"): a loader that
	 * passes none must leave 0, whatever the image file says. */
	bp->hdr.setup_data = 0;
	bp->hdr.vid_mode = VID_MODE_NORMAL;
	/* code32_start: "if a bootloader ... loads a relocatable kernel at a
	 * nonstandard address it will have to modify this field".  The 64-bit
	 * entry does not use it, but keep the header truthful. */
	bp->hdr.code32_start = (u32)load_addr;
	/* zero-page.rst: ext_* hold the high 32 bits of these fields. */
	bp->hdr.cmd_line_ptr = (u32)cmdline_addr;
	bp->ext_cmd_line_ptr = (u32)(cmdline_addr >> 32);
	/* boot.rst, ramdisk_image/ramdisk_size: "write (obligatory)", "Leave
	 * at zero if there is no initial ramdisk": the image's own values,
	 * copied with the header above, must never survive. */
	if (!initrd_size)
		initrd_addr = 0;
	bp->hdr.ramdisk_image = (u32)initrd_addr;
	bp->ext_ramdisk_image = (u32)(initrd_addr >> 32);
	bp->hdr.ramdisk_size = (u32)initrd_size;
	bp->ext_ramdisk_size = (u32)(initrd_size >> 32);
	bp->acpi_rsdp_addr = acpi_rsdp;
	return BZ_OK;
}

void bzimage_firmware_from(const struct machine *m, u64 memmap_pa, struct bzimage_firmware *fw)
{
	*fw = (struct bzimage_firmware){.efi_boot = m->efi.booted, .fb = m->fb};
	if (!m->efi.booted || m->efi.boot_services_alive || !m->efi.systab || !memmap_pa)
		return;
	fw->efi_systab = m->efi.systab;
	fw->efi_64 = m->efi.systab_64;
	fw->efi_memmap = memmap_pa;
	fw->efi_memmap_size = m->efi.memmap_size;
	fw->efi_memdesc_size = m->efi.desc_size;
	fw->efi_memdesc_version = m->efi.desc_version;
}

static void fill_efi_info(struct efi_info *ei, const struct bzimage_firmware *fw)
{
	/* bootparam.h struct efi_info; the kernel's EFI stub fills it the
	 * same way (the signature tells it the firmware's word size). */
	ei->efi_loader_signature = fw->efi_64 ? EFI64_LOADER_SIGNATURE : EFI32_LOADER_SIGNATURE;
	ei->efi_systab = (u32)fw->efi_systab;
	ei->efi_systab_hi = (u32)(fw->efi_systab >> 32);
	ei->efi_memdesc_size = fw->efi_memdesc_size;
	ei->efi_memdesc_version = fw->efi_memdesc_version;
	ei->efi_memmap = (u32)fw->efi_memmap;
	ei->efi_memmap_hi = (u32)(fw->efi_memmap >> 32);
	ei->efi_memmap_size = fw->efi_memmap_size;
}

/*
 * The reserved (padding) field of a direct-colour pixel, which multiboot2
 * does not describe: the bits above the highest colour field, else those
 * below the lowest (x8r8g8b8 gives 8 bits at 24, r8g8b8x8 8 bits at 0).
 */
static void rsvd_field(const struct machine_framebuffer *fb, u8 *size, u8 *pos)
{
	u32 top = MAX(MAX(fb->red_pos + fb->red_size, fb->green_pos + fb->green_size),
		      fb->blue_pos + fb->blue_size);
	u32 low = MIN(MIN(fb->red_pos, fb->green_pos), fb->blue_pos);

	*size = 0;
	*pos = 0;
	if (top < fb->bpp) {
		*size = (u8)(fb->bpp - top);
		*pos = (u8)top;
	} else if (low > 0) {
		*size = (u8)low;
	}
}

static void fill_screen_info(struct screen_info *si, const struct machine_framebuffer *fb, bool efi)
{
	u64 bytes = (u64)fb->pitch * fb->height;

	if (fb->type != FB_RGB || !fb->bpp || fb->width > 0xFFFF || fb->height > 0xFFFF ||
	    fb->pitch > 0xFFFF || bytes > 0xFFFFFFFFULL)
		return;
	/* screen_info.h: efifb takes lfb_size in bytes, vesafb (and sysfb
	 * for VIDEO_TYPE_VLFB) in 64 KiB units. */
	si->orig_video_isVGA = efi ? VIDEO_TYPE_EFI : VIDEO_TYPE_VLFB;
	si->lfb_size = efi ? (u32)bytes : (u32)(ALIGN_UP(bytes, 64 * KiB) / (64 * KiB));
	si->lfb_width = (u16)fb->width;
	si->lfb_height = (u16)fb->height;
	si->lfb_depth = fb->bpp;
	si->lfb_linelength = (u16)fb->pitch;
	si->lfb_base = (u32)fb->addr;
	si->ext_lfb_base = (u32)(fb->addr >> 32);
	if (fb->addr >> 32)
		si->capabilities |= VIDEO_CAPABILITY_64BIT_BASE;
	si->red_size = fb->red_size;
	si->red_pos = fb->red_pos;
	si->green_size = fb->green_size;
	si->green_pos = fb->green_pos;
	si->blue_size = fb->blue_size;
	si->blue_pos = fb->blue_pos;
	rsvd_field(fb, &si->rsvd_size, &si->rsvd_pos);
	si->pages = 1;
}

int bzimage_fill_firmware(const struct bzimage_info *bi, struct boot_params *bp,
			  const struct bzimage_firmware *fw)
{
	bool efi_info =
		fw->efi_systab && fw->efi_memmap && fw->efi_memmap_size && fw->efi_memdesc_size;

	/*
	 * boot.rst, acpi_rsdp_addr (protocol 2.14): "If this field is zero,
	 * the kernel will search for the RSDP in the EBDA and the BIOS
	 * ROM".  A UEFI machine need not put it there; with efi_info the
	 * kernel finds it in the EFI configuration table instead.
	 */
	if (fw->efi_boot && !efi_info && bi->version < BZIMAGE_RSDP_VERSION)
		return BZ_ERR_NO_ACPI_PATH;
	if (efi_info)
		fill_efi_info(&bp->efi_info, fw);
	fill_screen_info(&bp->screen_info, &fw->fb, fw->efi_boot);
	return BZ_OK;
}

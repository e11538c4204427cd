// SPDX-License-Identifier: MIT
/*
 * machine.c - the multiboot2 information, converted once into the
 * machine description (see include/boot/machine.h).  Pure: no I/O.
 */
#include "boot/machine.h"

static void fb_from_mb2(const struct mb2_framebuffer *f, struct machine_framebuffer *fb)
{
	*fb = (struct machine_framebuffer){
		.addr = f->addr,
		.pitch = f->pitch,
		.width = f->width,
		.height = f->height,
		.bpp = f->bpp,
	};
	switch (f->type) {
	case MB2_FB_RGB:
		fb->type = FB_RGB;
		fb->red_pos = f->red_pos;
		fb->red_size = f->red_size;
		fb->green_pos = f->green_pos;
		fb->green_size = f->green_size;
		fb->blue_pos = f->blue_pos;
		fb->blue_size = f->blue_size;
		break;
	case MB2_FB_INDEXED:
		fb->type = FB_INDEXED;
		break;
	case MB2_FB_EGA_TEXT:
		fb->type = FB_TEXT;
		break;
	default: /* a type the spec does not define: as if none */
		*fb = (struct machine_framebuffer){0};
		break;
	}
}

void machine_from_mb2(const struct mb2_info *mi, struct machine *m)
{
	const struct mb2_mmap_entry *map;
	const char *src = NULL;
	u32 n = 0;

	*m = (struct machine){0};
	map = mb2_memory_map(mi, &n, &src);
	m->map_source = src ? src : "none";
	for (u32 i = 0; i < n && i < MACHINE_MAX_RANGES; i++)
		m->map[m->nr_map++] =
			(struct mem_range){map[i].addr, map[i].addr + map[i].len, map[i].type};
	for (u32 i = 0; i < mi->nr_modules && i < MACHINE_MAX_MODULES; i++)
		m->modules[m->nr_modules++] =
			(struct boot_module){mi->modules[i].start, mi->modules[i].end,
					     mi->modules[i].string ? mi->modules[i].string : ""};
	m->boot_info = (struct mem_span){mi->info_addr, mi->info_addr + mi->total_size};
	m->rsdp = mi->rsdp;
	m->rsdp_len = mi->rsdp ? mi->rsdp_len : 0;
	m->efi.booted = mi->has_efi_mmap || mi->has_efi_systab;
	m->efi.boot_services_alive = mi->efi_boot_services_not_exited;
	m->efi.systab = mi->has_efi_systab ? mi->efi_systab : 0;
	m->efi.systab_64 = mi->has_efi_systab && mi->efi_systab_is_64;
	if (mi->has_efi_mmap && mi->efi_mmap_raw && mi->efi_mmap_raw_size) {
		m->efi.memmap = mi->efi_mmap_raw;
		m->efi.memmap_size = mi->efi_mmap_raw_size;
		m->efi.desc_size = mi->efi_descr_size;
		m->efi.desc_version = mi->efi_descr_version;
	}
	if (mi->has_framebuffer)
		fb_from_mb2(&mi->fb, &m->fb);
	m->cmdline = mi->cmdline ? mi->cmdline : "";
	m->bootloader = mi->bootloader_name ? mi->bootloader_name : "?";
}

/* A pointer into the information block, shifted with it; others kept. */
static const void *shift(const void *p, const struct mem_span *old, u64 new_start)
{
	u64 pa = (u64)p;

	if (!p || pa < old->start || pa >= old->end)
		return p;
	return (const void *)(pa - old->start + new_start);
}

void machine_move_info(struct machine *m, u64 new_start)
{
	struct mem_span old = m->boot_info;

	for (u32 i = 0; i < m->nr_modules; i++)
		m->modules[i].string = shift(m->modules[i].string, &old, new_start);
	m->rsdp = shift(m->rsdp, &old, new_start);
	m->efi.memmap = shift(m->efi.memmap, &old, new_start);
	m->cmdline = shift(m->cmdline, &old, new_start);
	m->bootloader = shift(m->bootloader, &old, new_start);
	m->boot_info = (struct mem_span){new_start, new_start + (old.end - old.start)};
}

static bool overlaps(u64 a, u64 b, u64 c, u64 d)
{
	return a < d && c < b;
}

bool machine_range_is_ram(const struct machine *m, u64 start, u64 end)
{
	u64 at = start;

	/* Covered by usable RAM, possibly by several adjacent entries. */
	while (at < end) {
		u64 next = at;

		for (u32 i = 0; i < m->nr_map; i++)
			if (m->map[i].type == MEM_RAM && m->map[i].start <= at &&
			    at < m->map[i].end)
				next = m->map[i].end;
		if (next == at)
			return false;
		at = next;
	}
	return true;
}

const char *machine_range_unusable(const struct machine *m, u64 start, u64 end)
{
	if (!machine_range_is_ram(m, start, end))
		return "it is not usable RAM in the firmware's memory map";
	if (overlaps(start, end, m->boot_info.start, m->boot_info.end))
		return "GRUB put its boot information there";
	for (u32 i = 0; i < m->nr_modules; i++)
		if (overlaps(start, end, m->modules[i].start, m->modules[i].end))
			return "GRUB put a boot module there";
	return NULL;
}

// SPDX-License-Identifier: MIT
/*
 * main.c - thinvisor's start in C: from the multiboot2 hand-off to the
 * guest launch, in the order each step depends on the one before.
 */
#include "types.h"
#include "multiboot2.h"
#include "boot/machine.h"
#include "arch/cpu.h"
#include "arch/cpu_caps.h"
#include "arch/gdt.h"
#include "arch/percpu.h"
#include "arch/idt.h"
#include "arch/serial.h"
#include "arch/vga.h"
#include "arch/fbcon.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "kernel/cmdline.h"
#include "lib/log.h"
#include "lib/panic.h"
#include "kernel/vmm.h"
#include "loader/make_room.h"
#include "mm/memory.h"
#include "hw/x86.h"

#ifndef THINVISOR_VERSION
#define THINVISOR_VERSION "dev"
#endif

/* Bound on the boot information we are willing to read. */
#define MB2_INFO_MAX_LEN (1 * MiB)

static struct mb2_info boot_info;
static struct machine machine;
static struct hv_options hv_opts;
static bool screen_is_fb; /* the log goes to the framebuffer once it is mapped */
/* The first line, which says what runs; a screen gets it too, although its
 * sink is added only once the boot information and command line are read. */
static char banner[96];
u64 hv_start_tsc;

static void apply_cmdline(const struct machine *m, struct hv_options *opts)
{
	char err[400];
	int bad = cmdline_parse(m->cmdline, opts, err, sizeof(err));

	if (opts->stop >= 0)
		stop_mode = opts->stop;
	if (opts->loglevel >= 0)
		log_level = opts->loglevel;
	/* The screen too, where there is one, so that a FATAL line can be
	 * read on a machine without a serial port: the framebuffer of the
	 * multiboot2 framebuffer info tag (spec 3.6.12) when it is direct
	 * RGB (EFI GOP, or a VBE mode GRUB kept with gfxpayload=keep), drawn
	 * once host paging maps it (fbcon_write keeps the lines until then);
	 * else, on a BIOS boot, the VGA text mode GRUB leaves (an EFI boot has
	 * no text buffer). */
	if (opts->console != CONSOLE_SERIAL) {
		log_sink_fn sink = NULL;

		if (fbcon_supported(&m->fb)) {
			screen_is_fb = true;
			sink = fbcon_write;
		} else if (!strcmp(m->map_source, "BIOS")) {
			vga_text_init();
			sink = vga_text_write;
		}
		if (sink && opts->console == CONSOLE_SCREEN)
			log_clear_sinks();
		if (sink) {
			sink(banner, strlen(banner));
			log_add_sink(sink);
		}
	}
	if (bad)
		fatal(HV_EXIT_BAD_CMDLINE, "%s", err);
	pr_debug("command line: '%s'", m->cmdline);
}

static void check_cpu(void)
{
	cpu_caps_probe();
	if (!cpu_caps.vmx)
		fatal(HV_EXIT_NO_VMX,
		      "CPU has no VMX (Intel VT-x); run thinvisor on an Intel CPU with VT-x, or "
		      "under KVM with nested VMX (-enable-kvm -cpu host, kvm_intel nested=1)");
	if (cpu_caps.vmx_locked_off)
		fatal(HV_EXIT_VMX_LOCKED_OFF,
		      "VMX is disabled and locked by the firmware (IA32_FEATURE_CONTROL); enable "
		      "Intel Virtualization Technology (VT-x) in the firmware setup");
	if (!cpu_caps.ept || !cpu_caps.unrestricted_guest)
		fatal(HV_EXIT_VMX_FEATURE,
		      "CPU lacks %s; thinvisor needs VT-x with EPT and unrestricted guest "
		      "(Intel Westmere or later; under KVM use -cpu host)",
		      !cpu_caps.ept ? "EPT" : "unrestricted guest");
}

void __noreturn hv_main(u32 magic, u64 info_pa, u64 load_base);

/* CR0 and CR4 as the loader left them (boot/entry.asm loads both outright) */
extern u32 boot_entry_cr0, boot_entry_cr4;

void __noreturn hv_main(u32 magic, u64 info_pa, u64 load_base)
{
	u32 bad_offset = 0;
	int err;

	hv_start_tsc = rdtsc();
	percpu_init(0);
	serial_init();
	log_add_sink(serial_write);
	gdt_init(0);
	idt_init();
	fmt_snprintf(banner, sizeof(banner), "thinvisor %s - a thin type-1 hypervisor for x86-64\n",
		     THINVISOR_VERSION);
	/* (a fresh line on the serial port: GRUB may have left it mid-line) */
	log_raw("\n%s", banner);

	err = mb2_parse(magic, phys_to_virt(info_pa), info_pa, MB2_INFO_MAX_LEN, &boot_info,
			&bad_offset);
	if (err)
		fatal(HV_EXIT_BAD_BOOT_INFO,
		      "malformed multiboot2 boot information at %#llx: %s (at byte %u); use "
		      "GRUB 2's multiboot2 command to boot thinvisor",
		      (unsigned long long)info_pa, mb2_strerror(err), bad_offset);
	/* Nothing past this point reads the multiboot2 format. */
	machine_from_mb2(&boot_info, &machine);
	apply_cmdline(&machine, &hv_opts);
	pr_info("loaded by %s at %#llx", machine.bootloader, (unsigned long long)load_base);
	pr_debug("entered with CR0 %#x, CR4 %#x%s", boot_entry_cr0, boot_entry_cr4,
		 boot_entry_cr4 & X86_CR4_LA57 ? " (LA57: 5-level paging, replaced)" : "");
	if (boot_info.rsdp)
		pr_debug("acpi: RSDP %s (%u bytes) from the multiboot2 %s ACPI tag",
			 boot_info.rsdp_is_v2 ? "v2" : "v1", boot_info.rsdp_len,
			 boot_info.rsdp_is_v2 ? "new" : "old");
	else
		pr_debug("acpi: no RSDP in the boot information");

	if (boot_info.has_efi_mmap && boot_info.has_bios_mmap)
		pr_debug("memory map: the EFI map is used; a BIOS map was passed too");
	if (machine.efi.booted)
		pr_debug("efi: system table %#llx (%s tag), memory map %u bytes of %u-byte "
			 "descriptors (version %u)%s",
			 (unsigned long long)machine.efi.systab,
			 machine.efi.systab ? (machine.efi.systab_64 ? "64-bit" : "32-bit") : "no",
			 machine.efi.memmap_size, machine.efi.desc_size, machine.efi.desc_version,
			 machine.efi.boot_services_alive ? ", boot services not exited" : "");
	if (machine.fb.type != FB_NONE)
		pr_debug("framebuffer: %ux%u, %u bpp, pitch %u, at %#llx", machine.fb.width,
			 machine.fb.height, machine.fb.bpp, machine.fb.pitch,
			 (unsigned long long)machine.fb.addr);
	memory_init(&machine, load_base);
	/* Before the first allocation (it sets copies aside from the pool)
	 * and before anything checks or fills the guest's memory: GRUB's
	 * modules leave the addresses the guest must be loaded at. */
	guest_make_room(&machine, hv_opts.guest == GUEST_LINUX);
	host_paging_init(&machine);
	if (screen_is_fb) {
		host_map_device(machine.fb.addr, (u64)machine.fb.pitch * machine.fb.height);
		fbcon_attach(&machine.fb, phys_to_virt(machine.fb.addr));
	}
	memory_lift_ceiling(&machine);
	check_cpu();
	vmm_start(&machine, &hv_opts);
}

// SPDX-License-Identifier: MIT
/*
 * mbload.c - boot a multiboot1 or multiboot2 kernel as the guest: copy its
 * segments where its header or ELF program headers say, build the
 * information structure (memory map with the hypervisor reserved, command
 * line, the remaining modules) and enter it in the machine state its
 * specification requires.  The rules are pure code in loader/mbguest.c.
 */
#include "loader/mbload.h"
#include "loader/mbguest.h"
#include "loader/e820.h"
#include "loader/guest_e820.h"
#include "loader/fixed_ranges.h"
#include "boot/machine.h"
#include "devices/selftest_port.h"
#include "vmx/guest_state.h"
#include "lib/log.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "mm/memory.h"

void multiboot_load(struct vcpu *v, const struct machine *m, int fmt)
{
	static struct boot_e820_entry e820[E820_MAX_ENTRIES_ZEROPAGE];
	static struct mem_span free[E820_MAX_ENTRIES_ZEROPAGE * 2];
	static struct mb_guest_module mods[MACHINE_MAX_MODULES];
	static struct mb_plan plan;
	struct mem_span busy[MACHINE_MAX_MODULES + 2];
	const struct boot_module *k = &m->modules[0];
	const u8 *img = phys_to_virt(k->start);
	const char *why = "";
	u32 nr_e820, nr_busy = 0, bad = 0;
	int err, nr_free, used;

	err = mb_plan_build(img, k->end - k->start, fmt, &plan, &why);
	if (err)
		fatal(HV_EXIT_BAD_GUEST_IMAGE,
		      "the guest's %s kernel cannot be loaded: %s (%#llx); fix its header",
		      guest_format_name(fmt), why, (unsigned long long)plan.bad_value);
	nr_e820 = guest_e820(m, e820);
	busy[nr_busy++] = (struct mem_span){0, MB_INFO_ADDR + MB_INFO_MAX};
	busy[nr_busy++] = m->boot_info;
	for (u32 i = 0; i < m->nr_modules; i++)
		busy[nr_busy++] = (struct mem_span){m->modules[i].start, m->modules[i].end};
	nr_free = e820_free_spans(e820, nr_e820, busy, nr_busy, free, ARRAY_SIZE(free));
	if (nr_free < 0)
		fatal(HV_EXIT_BAD_BOOT_INFO, "the guest memory map is too fragmented");
	if (mb_plan_fits(&plan, free, (u32)nr_free, &bad)) {
		u64 s = plan.seg[bad].load_addr, e = s + plan.seg[bad].mem_size;

		/* Segments sit at their link address (mb1 spec 3.1.3, mb2 spec
		 * 3.1.5): the kernel cannot go elsewhere. */
		fatal(HV_EXIT_NO_MEMORY,
		      "cannot load the guest's %s kernel: its segment %u must sit at "
		      "%#llx-%#llx, and %s; link the kernel at an address that is RAM on this "
		      "machine",
		      guest_format_name(fmt), bad, (unsigned long long)s, (unsigned long long)e,
		      guest_fixed_range_why(m, s, e));
	}
	if (plan.video_requested)
		pr_warn("multiboot: the kernel asks for a video mode; thinvisor gives none");

	guest_low_memory_check(m, MB_INFO_ADDR, MB_INFO_ADDR + MB_INFO_MAX,
			       "the multiboot information");
	/* modules after the kernel, with their strings, as GRUB loaded them */
	for (u32 i = 1; i < m->nr_modules; i++)
		mods[i - 1] = (struct mb_guest_module){m->modules[i].start, m->modules[i].end,
						       m->modules[i].string};
	if (plan.version == 1) {
		used = mb1_info_build(phys_to_virt(MB_INFO_ADDR), MB_INFO_MAX, MB_INFO_ADDR, e820,
				      nr_e820, k->string, mods, m->nr_modules - 1);
	} else {
		struct mb2_info_extra x = {
			.rsdp = m->rsdp,
			.rsdp_len = m->rsdp_len,
			.has_load_base = plan.relocatable || (plan.mb2_requested & BIT(21)),
			.load_base = (u32)plan.load_start,
			.required = plan.mb2_required,
		};

		used = mb2_info_build(phys_to_virt(MB_INFO_ADDR), MB_INFO_MAX, MB_INFO_ADDR, e820,
				      nr_e820, k->string, mods, m->nr_modules - 1, &x);
	}
	if (used < 0)
		fatal(HV_EXIT_BAD_GUEST_IMAGE,
		      "cannot build the multiboot%d information for the guest (error %d): it "
		      "requires information thinvisor does not have, or too many modules",
		      plan.version, used);
	/* Segments last: they may cover where the module strings were read. */
	for (u32 i = 0; i < plan.nr_seg; i++) {
		const struct mb_segment *s = &plan.seg[i];
		u8 *dst = phys_to_virt(s->load_addr);

		memcpy(dst, img + s->file_offset, s->file_size);
		memset(dst + s->file_size, 0, s->mem_size - s->file_size);
	}
	vmcs_guest_multiboot(v, plan.entry, mb_boot_magic(plan.version), MB_INFO_ADDR);
	/* a test kernel may report through the self-test port */
	selftest_port_activate(true, false, false);
	pr_info("multiboot: %s kernel, %u segment(s) at %#llx-%#llx, entry %#x; information "
		"(%d bytes) at %#x, %u module(s)",
		guest_format_name(fmt), plan.nr_seg, (unsigned long long)plan.load_start,
		(unsigned long long)plan.load_end, plan.entry, used, MB_INFO_ADDR,
		m->nr_modules - 1);
}

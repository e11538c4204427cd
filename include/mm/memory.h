/* SPDX-License-Identifier: MIT */
/*
 * memory.h - where the hypervisor is in physical memory, and its allocator.
 *
 * The image runs at KERNEL_VMA but sits at a physical load base chosen by
 * GRUB (high in RAM).  Everything else the hypervisor touches is reached
 * through an identity mapping (virtual = physical) of all RAM, first from
 * the early boot tables (the first 4 GiB), then from the host tables built
 * by host_paging_init().  Frames come from below 4 GiB until then, from
 * all RAM after memory_lift_ceiling().
 */
#ifndef THINVISOR_MM_MEMORY_H
#define THINVISOR_MM_MEMORY_H

#include "types.h"
#include "mm/frame.h"
#include "mm/pagetable.h"

#define KERNEL_VMA 0xFFFFFFFF80000000ULL
/* Low memory kept for the guest (real-mode area, 1 MiB kernels, trampolines). */
#define HV_MEMORY_FLOOR	  (16 * MiB)
#define HV_MEMORY_CEILING (4 * GiB)
/* After host paging: anywhere the 4-level host tables reach (48 bits). */
#define HV_MEMORY_LIMIT (1ULL << 47)
/* Below this the hypervisor (about 3 MiB at 512 MiB of RAM) and any useful
 * guest cannot both fit: refuse at once rather than fail later. */
#define HV_MIN_RAM (64 * MiB)

struct machine;

/* The hypervisor-owned list: the image, one block per pool range, claims. */
#define HV_MAX_OWNED (FRAME_MAX_RANGES + 8)

struct hv_memory {
	u64 image_start, image_end; /* physical, page aligned */
	u64 ram_bytes;		    /* usable RAM in the firmware map */
	u64 max_phys;		    /* end of the highest map entry */
	const char *map_source;	    /* "EFI" or "BIOS" */
	struct frame_pool pool;	    /* everything until memory_freeze() */
	struct frame_pool runtime;  /* the reserve allocations come from after it */
	bool frozen;
	struct mem_span claimed[4]; /* memory_claim() */
	u32 nr_claimed;
	struct mem_span owned[HV_MAX_OWNED]; /* set by memory_freeze() */
	u32 nr_owned;
};

extern struct hv_memory hv_mem;
extern struct page_table host_pt;

static inline void *phys_to_virt(u64 pa)
{
	return (void *)pa;
}

/* Physical address of an object in the image (or an identity-mapped one). */
u64 virt_to_phys(const void *p);

/* Set up the pool from the memory map; reserve the image, the boot information and modules. */
void memory_init(const struct machine *m, u64 load_base);

/* Once host paging maps all RAM: frames may come from RAM above 4 GiB too,
 * top-down, so that the hypervisor leaves the guest the memory below 4 GiB
 * that 32-bit DMA needs.  Modules and the boot information stay reserved. */
void memory_lift_ceiling(const struct machine *m);

/* The pool's free memory as spans (at most max): RAM that holds neither
 * the image nor GRUB's data, from HV_MEMORY_FLOOR to below 4 GiB. */
u32 memory_free_spans(struct mem_span *out, u32 max);

/* Keep [start, end) out of the pool without making it the hypervisor's:
 * it stays the guest's RAM (copies of GRUB's modules, loader/make_room.c).
 * Only before the first allocation. */
void memory_set_aside(u64 start, u64 end);

/* Count [start, end) as the hypervisor's from memory_freeze() on, though
 * the pool never handed it out (the AP trampoline below 1 MiB). */
void memory_claim(u64 start, u64 end);

/*
 * Close the hypervisor's memory before the guest starts: take a reserve of
 * reserve_bytes for allocations made while the guest runs (EPT tables for
 * device pages) and serve every later allocation from it.  After this the
 * hypervisor's memory (hv_memory_owns) no longer grows, so the guest's
 * e820 and EPT can leave it out once and for all.
 */
void memory_freeze(u64 reserve_bytes);

/*
 * After memory_freeze(): the one list of the hypervisor's memory, which
 * the guest's e820 reserves and its EPT leaves out, and the test of an
 * address against it (false for everything before the freeze).
 */
const struct mem_span *hv_memory_ranges(u32 *n);
bool hv_memory_owns(u64 pa);

/* n zeroed contiguous frames, or 0 when none are left (for callers that
 * must not stop the machine where they are, e.g. under a lock). */
u64 frame_try_alloc_zeroed(u64 nr_frames);

/* n zeroed contiguous frames; a fatal "too little memory" error when none are left. */
u64 frame_alloc_zeroed(u64 nr_frames, const char *what);

/* Replace the early 2 MiB boot tables with 4 KiB host tables. */
void host_paging_init(const struct machine *m);

/* Identity-map an MMIO range uncacheable (after host_paging_init). */
void host_map_device(u64 pa, u64 size);

/* Map [pa, pa + size) read/write (firmware tables the hypervisor edits). */
void *host_map_writable(u64 pa, u64 size);

/* Identity-map low memory executable (the AP start-up trampoline). */
void host_map_exec_low(u64 pa, u64 size);

/* Make [pa, pa + size) readable (firmware tables outside RAM); NULL if impossible. */
const void *host_map_readonly(u64 pa, u64 size);

/* host_map_readonly() in the shape of acpi/acpi.h's acpi_map_fn. */
const void *acpi_map_firmware(u64 pa, u64 len, void *ctx);

#endif

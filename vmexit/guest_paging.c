// SPDX-License-Identifier: MIT
/*
 * guest_paging.c - walk the guest's page tables (see
 * include/vmexit/guest_paging.h).
 */
#include "vmexit/guest_paging.h"
#include "hw/msr.h"
#include "hw/x86.h"

#define PTE_P	BIT(0)
#define PTE_PS	BIT(7)
#define ADDR_52 0x000FFFFFFFFFF000ULL

/* 4- or 5-level paging and PAE share 64-bit entries; levels counts from
 * the root (5, 4 or 3 for PAE's PDPT) down to 1, the page table. */
static bool walk64(u64 table, u64 la, int levels, guest_read64_fn read64, void *ctx, u64 *pa)
{
	for (int l = levels; l >= 1; l--) {
		u32 shift = 12 + 9 * (l - 1);
		u64 e = read64(table + ((la >> shift) & 511) * 8, ctx);

		if (!(e & PTE_P))
			return false;
		/* PS in a PDPTE (1 GiB) or PDE (2 MiB); PAE's PDPTEs have none */
		if ((l == 2 || (l == 3 && levels > 3)) && (e & PTE_PS)) {
			u64 size = 1ULL << shift;

			*pa = (e & ADDR_52 & ~(size - 1)) | (la & (size - 1));
			return true;
		}
		table = e & ADDR_52;
	}
	*pa = table | (la & 0xFFF);
	return true;
}

bool guest_translate(const struct guest_paging *g, u64 la, guest_read64_fn read64, void *ctx,
		     u64 *pa)
{
	if (!(g->cr0 & X86_CR0_PG)) {
		*pa = (g->efer & IA32_EFER_LMA) ? la : (la & 0xFFFFFFFFULL);
		return true;
	}
	if (g->efer & IA32_EFER_LMA)
		return walk64(g->cr3 & ADDR_52, la, (g->cr4 & X86_CR4_LA57) ? 5 : 4, read64, ctx,
			      pa);
	la &= 0xFFFFFFFFULL;
	if (g->cr4 & X86_CR4_PAE) {
		/* PAE: CR3 bits 31:5 hold 4 PDPTEs (SDM Vol. 3A 4.4.1) */
		u64 pdpte = read64((g->cr3 & 0xFFFFFFE0ULL) + (la >> 30) * 8, ctx);

		if (!(pdpte & PTE_P))
			return false;
		return walk64(pdpte & ADDR_52, la, 2, read64, ctx, pa);
	}
	/* 32-bit paging: 4-byte entries, 4 MiB pages with CR4.PSE (4.3) */
	{
		u32 pde = (u32)read64((g->cr3 & 0xFFFFF000ULL) + (la >> 22) * 4, ctx);
		u32 pte;

		if (!(pde & PTE_P))
			return false;
		if ((pde & PTE_PS) && (g->cr4 & X86_CR4_PSE)) {
			*pa = (u64)(pde & 0xFFC00000u) | ((u64)((pde >> 13) & 0xFF) << 32) |
			      (la & 0x3FFFFF);
			return true;
		}
		pte = (u32)read64((pde & 0xFFFFF000u) + ((la >> 12) & 1023) * 4, ctx);
		if (!(pte & PTE_P))
			return false;
		*pa = (pte & 0xFFFFF000u) | (la & 0xFFF);
		return true;
	}
}

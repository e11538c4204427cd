/* SPDX-License-Identifier: MIT */
/*
 * linux.h - boot a Linux bzImage as the guest (Linux boot protocol,
 * Documentation/arch/x86/boot.rst).
 *
 * The first multiboot2 module is the bzImage, its string the kernel's
 * command line; the second, if any, is the initrd.  The loader validates
 * the kernel, copies its protected-mode part to a free, aligned place,
 * leaves the initrd where GRUB put it when the kernel can reach it there
 * (else moves it below initrd_addr_max), builds the zero page with an
 * e820 map in which the hypervisor's memory is reserved, and starts the
 * vCPU in the booter stub (guest/booter/booter.asm), which enters the
 * kernel's 64-bit entry.  Every rule a kernel or module breaks stops with
 * a line naming the field and its value.
 *
 * Guest-physical layout below 1 MiB (all usable RAM on PCs; Linux keeps
 * the first 1 MiB to itself after boot):
 *   0x1000  booter stub        0x3000-0x8FFF  its page tables
 *   0x10000 zero page          0x11000 command line   0x13000 RSDP copy
 */
#ifndef THINVISOR_LOADER_LINUX_H
#define THINVISOR_LOADER_LINUX_H

#include "types.h"
#include "vmx/vcpu.h"

#define BOOTER_ADDR	   0x1000
#define BOOTER_END	   0x9000
#define ZERO_PAGE_ADDR	   0x10000
#define CMDLINE_ADDR	   0x11000
#define CMDLINE_MAX	   0x2000
#define RSDP_COPY_ADDR	   0x13000
#define BOOTER_PARAM_MAGIC 0x52544F42 /* "BOTR" */

struct machine;

/* The first module is a bzImage (guest_detect said so).  Needs the
 * hypervisor's memory closed (memory_freeze) first: it goes into the e820. */
void linux_load(struct vcpu *v, const struct machine *m);

#endif

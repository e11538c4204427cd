// SPDX-License-Identifier: MIT
/*
 * vmm.c - bring up VMX and run the guest the command line asks for.
 */
#include "kernel/vmm.h"
#include "kernel/cmdline.h"
#include "kernel/log.h"
#include "kernel/panic.h"

void __noreturn vmm_start(const struct mb2_info *mi, const struct hv_options *opts)
{
	(void)mi;
	(void)opts;
	fatal(HV_EXIT_VMX_FEATURE, "VMX launch is not implemented yet in this build");
}

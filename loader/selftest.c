// SPDX-License-Identifier: MIT
/*
 * selftest.c - load the self-test guest (guest/selftest/selftest.asm) and
 * start its vCPU in real mode; its reports are judged by
 * devices/selftest_port.c.
 */
#include "loader/selftest.h"
#include "loader/fixed_ranges.h"
#include "devices/selftest_port.h"
#include "acpi/acpi.h"
#include "arch/power.h"
#include "selftest_abi.h"
#include "ept/ept.h"
#include "vmx/guest_state.h"
#include "lib/log.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "mm/memory.h"

extern const u8 selftest_blob_start[], selftest_blob_end[];

void selftest_load(struct vcpu *v, const struct machine *m, u32 fault_case)
{
	// cppcheck-suppress comparePointers ; both labels bound one blob (selftest_blob.asm)
	size_t size = selftest_blob_end - selftest_blob_start;
	struct selftest_params *p = phys_to_virt(SELFTEST_PARAMS_ADDR);

	if (SELFTEST_LOAD_ADDR + size > SELFTEST_MEM_END)
		fatal(HV_EXIT_BAD_GUEST_IMAGE, "the self-test guest (%zu bytes) does not fit",
		      size);
	guest_low_memory_check(m, SELFTEST_PARAMS_ADDR, SELFTEST_MEM_END, "the self-test guest");
	memcpy(phys_to_virt(SELFTEST_LOAD_ADDR), selftest_blob_start, size);
	p->hv_start = hv_mem.image_start;
	p->hv_end = hv_mem.image_end;
	p->fault_case = fault_case;
	p->misconfig_addr = SELFTEST_MISCONFIG_ADDR;
	p->pm1a_cnt = power_info()->pm1a_cnt;
	p->pm1a_evt = power_info()->pm1a_evt;
	p->s3_known = p->pm1a_cnt && p->pm1a_evt && power_sleep_types()->known[3];
	p->s3_slp_typ = power_sleep_types()->typa[3];
	if (fault_case == SELFTEST_CASE_EPT_MISCONFIG)
		ept_misconfigure_page(SELFTEST_MISCONFIG_ADDR);
	vmcs_guest_real_mode(v, 0, SELFTEST_LOAD_ADDR);
	v->regs.rbx = SELFTEST_PARAMS_ADDR;
	selftest_port_activate(false, fault_case == SELFTEST_CASE_BENCH,
			       fault_case == SELFTEST_CASE_ENTRY_FAILURE);
	pr_info("selftest: guest of %zu bytes at %#x, starting in real mode", size,
		SELFTEST_LOAD_ADDR);
}

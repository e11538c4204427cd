/*
 * cpuid: a guest-side tool that prints what the CPUID instruction returns,
 * so the guest checks see exactly what thinvisor hands to the guest.
 *
 * Usage:
 *   cpuid LEAF [SUBLEAF]  prints "EAX EBX ECX EDX" as four 8-digit hex
 *                         numbers; LEAF and SUBLEAF are C integers
 *                         (strtoul base 0: "0x40000000", "1", "010"),
 *                         SUBLEAF (ECX input) defaults to 0.
 *   cpuid --vendor-hv     prints the hypervisor vendor signature of leaf
 *                         0x40000000: the bytes of EBX, ECX, EDX in that
 *                         order, up to the first NUL. Bytes that are not
 *                         printable ASCII are printed as '.', so a CPU
 *                         without a hypervisor leaf prints harmless noise.
 *
 *   cpuid --rdtsc         prints the time-stamp counter in decimal.
 *   cpuid --soak N        exit-heavy work for the hypervisor soak test: N
 *                         CPUIDs, N reads of an intercepted MSR (IA32_MTRRCAP
 *                         through /dev/cpu/0/msr) and N OUTs to an
 *                         intercepted port (0x4F1), bracketed by reads of
 *                         thinvisor's exit counters (CPUID leaf 0x40000002).
 *                         Prints "soak: cpuid D1 rdmsr D2 io D3 (n N)" with
 *                         the counter differences; exit 1 if any differs
 *                         from what was done (CPUID: N + 1, the closing
 *                         counter read itself exits too).
 *
 *   cpuid --mmio-scan START END STEP
 *                         reads one dword every STEP bytes of physical
 *                         address space in [START, END) through an mmap of
 *                         /dev/mem (read() only reaches RAM): device space
 *                         the hypervisor must have mapped for the guest.
 *                         Prints "mmio-scan: N reads from START to END".
 *
 * Exit status: 0 on success, 1 on a soak mismatch, 2 on a usage error.
 * Built by guest/build.sh with `gcc -static -O2` (runs in a busybox initramfs).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mman.h>
#include <unistd.h>

struct cpuid_regs {
	unsigned int eax, ebx, ecx, edx;
};

/*
 * CPUID takes the leaf in EAX and, for leaves with sub-leaves, the sub-leaf
 * in ECX (SDM Vol. 2A, "CPUID-CPU Identification"). Passing ECX for every
 * leaf is harmless: leaves without sub-leaves ignore it.
 */
static struct cpuid_regs cpuid(unsigned int leaf, unsigned int subleaf)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static int usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s LEAF [SUBLEAF]   print eax ebx ecx edx in hex\n"
		"       %s --vendor-hv      print the signature of leaf 0x40000000\n",
		prog, prog);
	return 2;
}

/* Parse a 32-bit unsigned C integer; false on junk or overflow. */
static int parse_u32(const char *s, unsigned int *out)
{
	unsigned long v;
	char *end;

	if (*s == '\0' || *s == '-')
		return 0;
	v = strtoul(s, &end, 0);
	if (*end != '\0' || v > 0xffffffffUL)
		return 0;
	*out = (unsigned int)v;
	return 1;
}

/*
 * Leaf 0x40000000 is the de-facto hypervisor information leaf: EBX, ECX,
 * EDX hold a 12-byte vendor signature, least significant byte first (the
 * convention KVM, Xen and Hyper-V use; Linux reads it in
 * arch/x86/kernel/cpu/hypervisor.c). Intel reserves leaves 0x40000000-
 * 0x4FFFFFFF for software use and, on bare metal, returns the highest
 * basic leaf's data for them (SDM Vol. 2A, CPUID), hence the '.' masking.
 */
static int print_vendor_hv(void)
{
	struct cpuid_regs r = cpuid(0x40000000u, 0);
	unsigned int words[3] = {r.ebx, r.ecx, r.edx};
	char sig[13];
	int i;

	for (i = 0; i < 12; i++) {
		unsigned char c = (unsigned char)(words[i / 4] >> (8 * (i % 4)));

		if (c == 0)
			break;
		sig[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
	}
	sig[i] = '\0';
	printf("%s\n", sig);
	return 0;
}

#define LEAF_COUNTERS 0x40000002u
#define MSR_MTRRCAP   0xFE /* intercepted by thinvisor: reads as 0 */
/* intercepted by thinvisor: an exit and nothing else (the bench port;
 * 0x4F0 is the test guests' report port) */
#define SOAK_PORT 0x4F1

static int soak(unsigned int n)
{
	struct cpuid_regs before, after;
	uint64_t value;
	char dev[32];
	int cpu = sched_getcpu(), fd;

	/* The MSR device of the CPU this runs on: the read must exit on this
	 * CPU's vCPU, whose counters leaf 0x40000002 reports (pin the process
	 * with taskset to choose the CPU). */
	snprintf(dev, sizeof(dev), "/dev/cpu/%d/msr", cpu < 0 ? 0 : cpu);
	fd = open(dev, O_RDONLY);
	if (fd < 0) {
		perror(dev);
		return 2;
	}
	if (ioperm(SOAK_PORT, 1, 1)) {
		perror("soak: ioperm");
		return 2;
	}
	before = cpuid(LEAF_COUNTERS, 0);
	for (unsigned int i = 0; i < n; i++)
		(void)cpuid(0x40000000, 0);
	for (unsigned int i = 0; i < n; i++)
		if (pread(fd, &value, sizeof(value), MSR_MTRRCAP) != sizeof(value)) {
			perror("soak: rdmsr");
			return 2;
		}
	for (unsigned int i = 0; i < n; i++)
		outb(0, SOAK_PORT);
	after = cpuid(LEAF_COUNTERS, 0);
	close(fd);
	printf("soak: cpuid %u rdmsr %u io %u (n %u)%s\n", after.eax - before.eax,
	       after.ebx - before.ebx, after.ecx - before.ecx, n,
	       sched_getcpu() == cpu ? "" : " (moved to another CPU)");
	return (after.eax - before.eax == n + 1 && after.ebx - before.ebx == n &&
		after.ecx - before.ecx == n)
		       ? 0
		       : 1;
}

static int mmio_scan(uint64_t start, uint64_t end, uint64_t step)
{
	int fd = open("/dev/mem", O_RDONLY | O_SYNC);
	unsigned long n = 0;
	volatile uint32_t sink = 0;

	if (fd < 0) {
		perror("mmio-scan: /dev/mem");
		return 2;
	}
	for (uint64_t a = start; a < end; a += step) {
		void *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, (off_t)(a & ~4095ULL));

		if (p == MAP_FAILED) {
			fprintf(stderr, "mmio-scan: mmap of %#llx: ", (unsigned long long)a);
			perror("");
			return 2;
		}
		sink += *(volatile uint32_t *)((char *)p + (a & 4095));
		munmap(p, 4096);
		n++;
	}
	close(fd);
	printf("mmio-scan: %lu reads from %#llx to %#llx\n", n, (unsigned long long)start,
	       (unsigned long long)end);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int leaf, subleaf = 0;
	struct cpuid_regs r;

	if (argc == 3 && strcmp(argv[1], "--soak") == 0) {
		unsigned int n;

		if (!parse_u32(argv[2], &n))
			return usage(argv[0]);
		return soak(n);
	}
	if (argc == 5 && strcmp(argv[1], "--mmio-scan") == 0) {
		unsigned long long s = strtoull(argv[2], NULL, 0), e = strtoull(argv[3], NULL, 0),
				   st = strtoull(argv[4], NULL, 0);

		if (!st || e <= s)
			return usage(argv[0]);
		return mmio_scan(s, e, st);
	}
	if (argc == 2 && strcmp(argv[1], "--rdtsc") == 0) {
		unsigned int lo, hi;

		/* RDTSC: the time-stamp counter (SDM Vol. 2B); make bench compares
		 * its value at /init natively and under thinvisor. */
		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
		printf("%llu\n", (unsigned long long)hi << 32 | lo);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--vendor-hv") == 0)
		return print_vendor_hv();
	if (argc < 2 || argc > 3)
		return usage(argv[0]);
	if (!parse_u32(argv[1], &leaf))
		return usage(argv[0]);
	if (argc == 3 && !parse_u32(argv[2], &subleaf))
		return usage(argv[0]);

	r = cpuid(leaf, subleaf);
	printf("%08x %08x %08x %08x\n", r.eax, r.ebx, r.ecx, r.edx);
	return 0;
}

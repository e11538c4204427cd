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
 * Exit status: 0 on success, 2 on a usage error.
 * Built by guest/build.sh with `gcc -static -O2` (runs in a busybox initramfs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(int argc, char **argv)
{
	unsigned int leaf, subleaf = 0;
	struct cpuid_regs r;

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

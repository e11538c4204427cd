// SPDX-License-Identifier: MIT
/*
 * cmdline.c - table-driven parsing of the hypervisor command line.
 */
#include "kernel/cmdline.h"
#include "lib/fmt.h"
#include "vmexit/exit_names.h"

struct option_desc {
	const char *name;
	const char *const *values; /* NULL-terminated; index = stored value */
	size_t offset;		   /* int field in struct hv_options */
};

static const char *const loglevel_values[] = {"error", "warn", "info", "debug", NULL};
static const char *const exit_values[] = {"halt", "emulator", NULL};
static const char *const guest_values[] = {"linux", "selftest", "bench", NULL};
static const char *const selftest_values[] = {"checks",	   "triple-fault",  "ept-misconfig",
					      "hv-memory", "entry-failure", NULL};
static const char *const fault_values[] = {"halt", "poweroff", "reset", NULL};
static const char *const console_values[] = {"both", "serial", "screen", NULL};

static const struct option_desc options[] = {
	{"loglevel", loglevel_values, offsetof(struct hv_options, loglevel)},
	{"exit", exit_values, offsetof(struct hv_options, stop)},
	{"guest", guest_values, offsetof(struct hv_options, guest)},
	{"selftest", selftest_values, offsetof(struct hv_options, selftest)},
	{"on_guest_fault", fault_values, offsetof(struct hv_options, on_guest_fault)},
	{"console", console_values, offsetof(struct hv_options, console)},
};

static bool word_eq(const char *w, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != w[i])
			return false;
	return s[i] == '\0';
}

void cmdline_accepted(char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(options) && n < len; i++) {
		n += fmt_snprintf(buf + n, len - n, "%s%s=", i ? " " : "", options[i].name);
		if (n >= len)
			break;
		for (size_t v = 0; options[i].values[v] && n < len; v++)
			n += fmt_snprintf(buf + n, len - n, "%s%s", v ? "|" : "",
					  options[i].values[v]);
	}
	if (n < len)
		fmt_snprintf(buf + n, len - n, " trace=REASON[,REASON...] cpus=N");
}

/* trace=cpuid,io_instruction,...: exit reasons by their SDM names. */
static int parse_trace(const char *v, size_t n, struct hv_options *o, char *err, size_t errlen)
{
	size_t start = 0;

	o->trace_set = true;
	while (start <= n) {
		size_t end = start;
		int r;

		while (end < n && v[end] != ',')
			end++;
		r = exit_reason_from_name(v + start, end - start);
		if (r < 0) {
			if (err)
				fmt_snprintf(
					err, errlen,
					"unknown exit reason '%.*s' in trace=; use the SDM names of "
					"basic exit reasons, e.g. trace=cpuid,io_instruction,"
					"ept_violation",
					(int)(end - start), v + start);
			return -1;
		}
		o->trace[r / 64] |= 1ULL << (r % 64);
		start = end + 1;
	}
	return 0;
}

/* cpus=N, 1 <= N <= 255 */
static int parse_cpus(const char *v, size_t n, struct hv_options *o, char *err, size_t errlen)
{
	u32 val = 0;

	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9' || val > 25) {
			val = 0;
			break;
		}
		val = val * 10 + (u32)(v[i] - '0');
	}
	if (!n || !val || val > 255) {
		if (err)
			fmt_snprintf(err, errlen,
				     "bad value in 'cpus=%.*s': give a number of CPUs "
				     "from 1 to 255",
				     (int)n, v);
		return -1;
	}
	o->cpus = val;
	return 0;
}

static int parse_word(const char *w, size_t n, struct hv_options *o, char *err, size_t errlen)
{
	size_t eq = 0;
	char accepted[256];

	while (eq < n && w[eq] != '=')
		eq++;
	if (word_eq(w, eq, "trace") && eq < n)
		return parse_trace(w + eq + 1, n - eq - 1, o, err, errlen);
	if (word_eq(w, eq, "cpus") && eq < n)
		return parse_cpus(w + eq + 1, n - eq - 1, o, err, errlen);
	for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
		const struct option_desc *d = &options[i];

		if (!word_eq(w, eq, d->name))
			continue;
		if (eq < n) {
			for (int v = 0; d->values[v]; v++) {
				if (word_eq(w + eq + 1, n - eq - 1, d->values[v])) {
					*(int *)((char *)o + d->offset) = v;
					return 0;
				}
			}
		}
		if (!err)
			return -1;
		cmdline_accepted(accepted, sizeof(accepted));
		fmt_snprintf(err, errlen, "bad value in '%.*s' on the command line; accepted: %s",
			     (int)n, w, accepted);
		return -1;
	}
	if (!err)
		return -1;
	cmdline_accepted(accepted, sizeof(accepted));
	fmt_snprintf(err, errlen, "unknown word '%.*s' on the command line; accepted: %s", (int)n,
		     w, accepted);
	return -1;
}

int cmdline_parse(const char *s, struct hv_options *o, char *err, size_t errlen)
{
	int ret = 0;

	*o = (struct hv_options){.loglevel = -1, .stop = -1, .guest = GUEST_LINUX};
	if (!s)
		return 0;
	/* Parse every word even after a bad one, so that `exit=` still takes
	 * effect for the error report; the first error is the one reported. */
	while (*s) {
		size_t n = 0;

		while (*s == ' ' || *s == '\t')
			s++;
		while (s[n] && s[n] != ' ' && s[n] != '\t')
			n++;
		if (n && parse_word(s, n, o, ret ? NULL : err, errlen))
			ret = -1;
		s += n;
	}
	return ret;
}

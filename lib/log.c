// SPDX-License-Identifier: MIT
/*
 * log.c - format a line into a buffer and send it to COM1 in one go.
 */
#include "lib/log.h"
#include "lib/fmt.h"
#include "lib/spinlock.h"
#include "arch/percpu.h"

int log_level = LOG_LEVEL_DEFAULT;
/* One line at a time on every sink, whichever CPU writes it. */
static spinlock_t log_lock;
static log_sink_fn sinks[LOG_MAX_SINKS];
static u32 nr_sinks;

void log_clear_sinks(void)
{
	nr_sinks = 0;
}

void log_add_sink(log_sink_fn fn)
{
	if (nr_sinks < LOG_MAX_SINKS)
		sinks[nr_sinks++] = fn;
}

static void log_write(const char *s, size_t n)
{
	spin_lock(&log_lock);
	for (u32 i = 0; i < nr_sinks; i++)
		sinks[i](s, n);
	spin_unlock(&log_lock);
}
bool log_guest_may_be_mid_line;

void log_break_lock(void)
{
	spin_unlock(&log_lock);
}

static void log_fresh_line(int level)
{
	if (log_guest_may_be_mid_line && level < LOG_DEBUG) {
		log_guest_may_be_mid_line = false;
		log_write("\n", 1);
	}
}

static const char *const level_tag[] = {
	[LOG_ERROR] = "error: ",
	[LOG_WARN] = "warning: ",
	[LOG_INFO] = "",
	[LOG_DEBUG] = "debug: ",
};

void log_vprintf(int level, const char *fmt, va_list ap)
{
	char line[256];
	int n;

	if (level > log_level)
		return;
	log_fresh_line(level);
	/* Lines from application processors say which CPU wrote them. */
	if (this_cpu())
		n = fmt_snprintf(line, sizeof(line), "thinvisor: [cpu%u] %s", this_cpu(),
				 level_tag[level]);
	else
		n = fmt_snprintf(line, sizeof(line), "thinvisor: %s", level_tag[level]);
	n += fmt_vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (n >= (int)sizeof(line) - 1) {
		/* keep the end visible: a cut line still ends its own line */
		n = sizeof(line) - 2;
		line[n - 3] = line[n - 2] = line[n - 1] = '.';
	}
	line[n++] = '\n';
	log_write(line, n);
}

void log_printf(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprintf(level, fmt, ap);
	va_end(ap);
}

void log_trace(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_write(buf, MIN((size_t)n, sizeof(buf) - 1));
}

void log_raw(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	log_fresh_line(LOG_ERROR);
	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_write(buf, MIN((size_t)n, sizeof(buf) - 1));
}

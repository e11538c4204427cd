/* SPDX-License-Identifier: MIT */
/*
 * log.h - leveled logging to the serial console.
 *
 * Every line starts with "thinvisor: " so that it stands out from the
 * guest's own output on the shared port; errors and warnings say so after
 * the prefix.  The level comes from the build (make LOG_LEVEL=debug) and can
 * be changed by `loglevel=` on the command line.  pr_debug() costs one
 * comparison when debug is off.
 */
#ifndef THINVISOR_LIB_LOG_H
#define THINVISOR_LIB_LOG_H

#include "types.h"

enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

#ifndef LOG_LEVEL_DEFAULT
#define LOG_LEVEL_DEFAULT LOG_INFO
#endif

extern int log_level;

/* Where lines go: the serial port from the first line on, the screen when
 * there is one (console=).  A sink writes n bytes; "\n" ends a line. */
typedef void (*log_sink_fn)(const char *s, size_t n);
#define LOG_MAX_SINKS 2
void log_add_sink(log_sink_fn fn);
void log_clear_sinks(void);

/*
 * Set while the guest owns the console (from each VM entry): the guest may
 * be in the middle of a line, so the hypervisor's next line (info and
 * above) starts on a fresh one.  Debug lines (every exit) do not, to keep
 * an exit trace compact.
 */
extern bool log_guest_may_be_mid_line;

/* Once every other CPU is stopped (platform_stop), one of them may have
 * been stopped holding the log's lock: free it. */
void log_break_lock(void);

void log_printf(int level, const char *fmt, ...) __printf(2, 3);
void log_vprintf(int level, const char *fmt, va_list ap);
/* Raw text, no prefix, no level check (banners, tables). */
void log_raw(const char *fmt, ...) __printf(1, 2);

/* One exit-trace line (loglevel=debug, trace=): no level check, and no
 * fresh-line break, so that a trace stays one line per exit. */
void log_trace(const char *fmt, ...) __printf(1, 2);

#define pr_err(...)  log_printf(LOG_ERROR, __VA_ARGS__)
#define pr_warn(...) log_printf(LOG_WARN, __VA_ARGS__)
#define pr_info(...) log_printf(LOG_INFO, __VA_ARGS__)
#define pr_debug(...)                                                                              \
	do {                                                                                       \
		if (log_level >= LOG_DEBUG)                                                        \
			log_printf(LOG_DEBUG, __VA_ARGS__);                                        \
	} while (0)

#endif

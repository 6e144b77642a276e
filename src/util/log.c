/* log: diagnostics to stderr (see log.h). One fprintf per line keeps lines whole. */
#include "log.h"
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

enum log_level log_threshold = LOG_INFO;
static const char *const log_level_names[LOG__MAX] = { "debug", "info", "warn", "error" };

void log_msg(enum log_level lv, const char *fmt, ...)
{
	if (lv < log_threshold)
		return;
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	time_t t = time(NULL);
	struct tm tm;
	char ts[32];
	gmtime_r(&t, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "%s kyodo %s: %s\n", ts, log_level_names[lv], line);
}

/* when: every date and time a person reads on a screen, in one form — Japan time, 和暦
 * with the Western year in brackets, the time without seconds:
 *     令和8年（2026年）12月1日 14:05        (a date alone: 令和8年（2026年）12月1日)
 * (English pages: "1 Dec 2026 14:05", also Japan time.) Stored values are UTC instants or
 * calendar dates (domain/wareki.h converts them without the TZ environment). Files for
 * machines — open data, CSV, JSON, the API — keep ISO dates and never come here. */
#ifndef KYODO_WHEN_H
#define KYODO_WHEN_H
#include "http/http.h"

/* <time datetime="ISO">…</time>; "—" for NULL or ""; text that is no date is shown as is. */
void when_html(struct req *r, struct buf *b, const char *iso);
/* The same for seconds since the epoch. */
void when_html_unix(struct req *r, struct buf *b, long long t);
/* The display text alone (from the arena); "" for NULL or "". */
const char *when_text(struct req *r, const char *iso);
/* The same without the time: the day in Japan of an instant ("last confirmed"). */
void when_date_html(struct req *r, struct buf *b, const char *iso);
const char *when_date_text(struct req *r, const char *iso);
/* Today's fiscal year (年度) in Japan. */
int when_fiscal_year_now(void);

#endif

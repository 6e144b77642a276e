/* page_opendata: the public directory as open data (io/org_opendata.c) over HTTP —
 * /groups/opendata (what each column holds, the downloads, what 〓 means),
 * /groups/opendata.csv (UTF-8 with BOM, ?encoding=cp932) and /groups/opendata.json.
 *
 * A file is the same bytes for every viewer (public values only), so it is built once per
 * version of the directory: written through a spool into an anonymous temporary file
 * (memory bounded by a chunk, whatever the number of groups) and kept as a file-backed
 * cache entry that every download is sent from (resp_file: pread, a chunk per client).
 * When several ask at once, one builds and the others get the previous copy meanwhile
 * (when it is recent enough) or wait for that build. /api/v1/directory/cache shows the cache's counters to the
 * center (and to the tests, which assert hits and builds with it). */
#include "html/page_opendata.h"
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/page_cache.h"
#include "domain/org.h"
#include "domain/version.h"
#include "io/csv.h"
#include "io/org_opendata.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/spool.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* Three files (CSV, Shift_JIS CSV, JSON), each kept until the directory changes; the
 * older copy of each is replaced by the newer, so the disk holds at most about twice
 * the three (the JSON of 100,000 groups is ~128 MB). A file costs a second or more to
 * build (20,000 groups): one built less than 2 s ago is sent while the directory changes
 * under it, so that a stream of small changes does not keep a core building files; it is
 * never more than the stale bound (5 s) behind (html/page_cache.h). */
static struct page_cache od_cache = PAGE_CACHE_FILES_INIT("open data", 6, 2ull << 30, PAGE_CACHE_REFRESH_MS);

static const char *const od_types[ORG_OD__MAX] = { "text/csv; charset=utf-8", "text/csv; charset=Shift_JIS",
						   "application/json" };
static const char *const od_files[ORG_OD__MAX] = {
	"attachment; filename=\"groups.csv\"",
	"attachment; filename=\"groups-sjis.csv\"",
	"attachment; filename=\"groups.json\"",
};
static const char *const od_keys[ORG_OD__MAX] = { "csv", "csv-cp932", "json" };

/* Builds the file of fmt into a spool; the finished file in *fb. 0, -1 (logged), or a store_rc. */
static int od_build(struct req *r, enum org_opendata_format fmt, struct filebody **fb)
{
	struct spool sp;
	char err[300];
	if (spool_open(&sp) != 0)
		return -1;
	int rc = org_opendata_write(r->st, fmt, &sp.out, err, sizeof err);
	if (rc != 0) {
		if (rc == -1)
			log_warn("open data export: %s", err);
		spool_abort(&sp);
		return rc;
	}
	if (spool_finish(&sp, fb) != 0)
		return -1;
	log_info("open data: built %s (%llu bytes)", od_keys[fmt], (unsigned long long)filebody_size(*fb));
	return 0;
}

static int od_serve(struct req *r, struct resp *o, enum org_opendata_format fmt)
{
	char version[VERSION_TAG_MAX];
	int rc = version_tag(r->st, "opendata", version);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	/* the same bytes for every viewer: the export holds public values only */
	if (page_cache_revalidate(r, o, arena_printf(r->a, "v%s-od-%s", version, od_keys[fmt])))
		return 0;
	char served[PAGE_CACHE_TAG_MAX];
	if (page_cache_serve_or_build(&od_cache, o, od_keys[fmt], version, served) == 0) {
		o->disposition = od_files[fmt];
		o->etag = arena_printf(r->a, "\"v%s-od-%s\"", served, od_keys[fmt]);	/* an older copy: its tag */
		return 0;
	}
	struct filebody *fb = NULL;
	if ((rc = od_build(r, fmt, &fb)) != 0) {
		page_cache_build_abort(&od_cache, od_keys[fmt]);
		o->etag = NULL;
		return rc == -1 ? -1 : (page_domain_error(r, o, rc), 0);
	}
	page_cache_put_file(&od_cache, od_keys[fmt], version, od_types[fmt], fb);
	resp_file(o, fb);	/* the response takes the spool's reference; the cache has its own */
	o->status = 200;
	o->content_type = od_types[fmt];
	o->disposition = od_files[fmt];
	return 0;
}

int opendata_csv_get(struct req *r, struct resp *o)
{
	const char *e = req_query(r, "encoding");
	enum csv_encoding enc = CSV_ENC_UTF8;
	if (e && *e && (csv_encoding_parse(e, &enc) != 0 || enc == CSV_ENC_AUTO))
		return resp_error(r, o, 400, N_("Unknown encoding: use utf-8 or cp932."));
	return od_serve(r, o, enc == CSV_ENC_CP932 ? ORG_OD_CSV_CP932 : ORG_OD_CSV);
}

int opendata_json_get(struct req *r, struct resp *o) { return od_serve(r, o, ORG_OD_JSON); }

/* ---- /groups/opendata: what the files hold ---- */

int opendata_page_get(struct req *r, struct resp *o)
{
	struct buf *b = &o->body;
	char *city = org_city_full_name(r->st, r->a);
	layout_begin(r, o, T(r, "Open data: the groups of the directory"));
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "Every group the directory shows, with its public values only, in the columns of the "
			 "自治体標準オープンデータセット: the standard's columns first, with their standard meaning, then "
			 "the registry's own. One value per cell; lists separated by ;; dates in the Western calendar."));
	if (city && *city)
		html_printf(b, "<p>%s %s</p>\n", T(r, "Published by"), city);
	html_printf(b, "<ul class=\"link-list\">\n<li><a href=\"/groups/opendata.csv\">%s</a></li>\n"
		       "<li><a href=\"/groups/opendata.csv?encoding=cp932\">%s</a></li>\n"
		       "<li><a href=\"/groups/opendata.json\">%s</a></li>\n</ul>\n",
		    T(r, "CSV (UTF-8 with BOM, for Excel)"), T(r, "CSV (Shift_JIS)"), T(r, "JSON"));
	html_printf(b, "<div class=\"notice\" role=\"note\"><p>%s</p></div>\n",
		    T(r, "In the Shift_JIS file, a character Shift_JIS cannot hold (such as 鷗 or 𠮷) is written as 〓 "
			 "(geta). The UTF-8 file and the JSON hold every character exactly."));
	html_printf(b,
		    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", b->len, b->len,
		    T(r, "The columns, in order"), T(r, "No."), T(r, "Column"), T(r, "What it holds"));
	for (int i = 0; i < OD__MAX; i++)
		html_printf(b, "<tr><td class=\"num\">%d</td><th scope=\"row\">%s%s</th><td>%s</td></tr>\n", i + 1,
			    org_opendata_columns[i].header,
			    i < OD_STANDARD_COLS ? T(r, " (standard)") : "", T(r, org_opendata_columns[i].doc));
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
	html_printf(b, "<p>%s</p>\n",
		    T(r, "In the JSON, the file's first members name the dataset, the publisher (全国地方公共団体コード, "
			 "地方公共団体名, 法人番号) and the columns; \"items\" holds one object per group, keyed by the "
			 "column names above."));
	layout_end(r, o);
	return 0;
}

/* ---- /api/v1/directory/cache: the counters of the page caches ---- */

static void od_cache_json(struct page_cache *c, void *arg)
{
	struct page_cache_counters k;
	page_cache_counters(c, &k);
	json_array_append_new(arg, json_pack("{s:s, s:i, s:I, s:I, s:I, s:I, s:I}", "cache", c->name ? c->name : "",
					     "entries", k.entries, "hits", (json_int_t)k.hits, "misses",
					     (json_int_t)k.misses, "builds", (json_int_t)k.builds, "stale_served",
					     (json_int_t)k.stale_served, "waits", (json_int_t)k.waits));
}

/* The open data's counters at the top (as before), then every cache of this process in
 * "caches": a page built anew is a build, a previous copy sent while another request
 * rebuilds it is stale_served, a request that waited for another's build is a wait. */
int opendata_cache_status_get(struct req *r, struct resp *o)
{
	struct page_cache_counters k;
	page_cache_counters(&od_cache, &k);
	json_t *all = json_array();
	page_cache_each(od_cache_json, all);
	json_t *j = json_pack("{s:s, s:i, s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "cache", "open data", "entries",
			      k.entries, "file_entries", k.file_entries, "bytes_in_memory", (json_int_t)k.bytes,
			      "file_bytes", (json_int_t)k.file_bytes, "hits", (json_int_t)k.hits, "misses",
			      (json_int_t)k.misses, "builds", (json_int_t)k.builds, "stale_served",
			      (json_int_t)k.stale_served, "waits", (json_int_t)k.waits, "caches", all);
	return resp_json(o, 200, j);
}

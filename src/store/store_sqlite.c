/* store_sqlite: the SQLite backend of store.h (store_backend.h's table of functions).
 * One connection per struct store, each statement prepared on first use and cached for
 * the life of the connection. */
#include "store/store_backend.h"
#include "store/fts_bigram.h"
#include "store/sql_dialect.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static const char *const sqlite_sql[STMT__MAX] = {
#define STMT(id, sql) [id] = sql,
#include "store/stmts.def"
#undef STMT
};

struct sq_stmt {
	struct stmt base;
	sqlite3_stmt *s;
};

struct sq_store {
	struct store base;
	sqlite3 *db;
	struct timespec deadline;
	int has_deadline;
	struct sq_stmt stmts[STMT__MAX];
};

#define SQ(st) ((struct sq_store *)(st))
#define SS(s) (((struct sq_stmt *)(s))->s)

void store_global_init(void)
{
	/* The global malloc-statistics mutex is a bottleneck under many threads. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

static int sq_progress(void *arg)
{
	struct sq_store *st = arg;
	if (!st->has_deadline)
		return 0;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > st->deadline.tv_sec ||
	       (now.tv_sec == st->deadline.tv_sec && now.tv_nsec > st->deadline.tv_nsec);
}

/* Durability. With WAL, synchronous = FULL syncs the log at every commit, so a write
 * that was acknowledged survives a crash of the process, of the operating system and a
 * power cut (given a disk that honours fsync). NORMAL syncs only at checkpoints: a crash
 * of the process loses nothing, but a power cut can lose the last commits before the
 * checkpoint. FULL is the default; KYODO_SYNCHRONOUS=normal chooses NORMAL knowingly (the
 * bench compares the two: bench/durability_bench.sh). */
static const char *sq_synchronous(void)
{
	const char *v = getenv("KYODO_SYNCHRONOUS");
	if (v && strcasecmp(v, "normal") == 0)
		return "PRAGMA synchronous = NORMAL";
	return "PRAGMA synchronous = FULL";
}

static int sq_rc_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_BUSY;
	case SQLITE_CONSTRAINT:
		return STORE_CONSTRAINT;
	case SQLITE_INTERRUPT:
		return STORE_INTERRUPTED;
	default:
		return STORE_ERR;
	}
}

static int sq_exec_sql(struct store *st, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(SQ(st)->db, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		log_error("sql: %s", err ? err : sqlite3_errmsg(SQ(st)->db));
		sqlite3_free(err);
		return sq_rc_of(rc);
	}
	return STORE_OK;
}

static void sq_close(struct store *base)
{
	struct sq_store *st = SQ(base);
	if (!st)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(st->stmts[i].s);
	sqlite3_close(st->db);
	free(st);
}

static int sq_open(const char *path, int read_only, struct store **out)
{
	struct sq_store *st = calloc(1, sizeof *st);
	if (!st)
		return STORE_ERR;
	st->base.ops = &store_sqlite_ops;
	int rc = sqlite3_open_v2(path, &st->db,
				 (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
					 SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		log_error("cannot open database %s: %s", path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
		sq_close(&st->base);
		return STORE_ERR;
	}
	if (fts_bigram_register(st->db) != SQLITE_OK) {
		log_error("cannot register the kyodo_bigram tokenizer on %s", path);
		sq_close(&st->base);
		return STORE_ERR;
	}
	sqlite3_busy_timeout(st->db, 3000);
	sqlite3_extended_result_codes(st->db, 0);
	/* 8 KiB pages for a new file (no effect on an existing one): a bulk import of
	 * 100,000 groups ran 0.9 s faster than with 4 KiB pages, mostly in its commit. */
	if (!read_only && sq_exec_sql(&st->base, "PRAGMA page_size = 8192") != 0) {
		sq_close(&st->base);
		return STORE_ERR;
	}
	static const char *const pragmas =
		"PRAGMA journal_mode = WAL;"
		"PRAGMA foreign_keys = ON;"
		"PRAGMA mmap_size = 268435456;"
		"PRAGMA temp_store = MEMORY;";
	/* a reader changes nothing in the file: the journal mode is the writer's */
	static const char *const read_pragmas =
		"PRAGMA query_only = ON;"
		"PRAGMA mmap_size = 268435456;"
		"PRAGMA temp_store = MEMORY;";
	if (sq_exec_sql(&st->base, read_only ? read_pragmas : pragmas) != 0 ||
	    (!read_only && sq_exec_sql(&st->base, sq_synchronous()) != 0)) {
		sq_close(&st->base);
		return STORE_ERR;
	}
	sqlite3_progress_handler(st->db, 10000, sq_progress, st);
	for (int i = 0; i < STMT__MAX; i++)
		st->stmts[i].base.st = &st->base;
	*out = &st->base;
	return STORE_OK;
}

static const char *sq_errmsg(struct store *st) { return sqlite3_errmsg(SQ(st)->db); }

static struct stmt *sq_prepare(struct store *base, enum stmt_id id)
{
	struct sq_store *st = SQ(base);
	struct sq_stmt *s = &st->stmts[id];
	if (!s->s) {
		if (sqlite3_prepare_v3(st->db, sqlite_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s->s, NULL) !=
		    SQLITE_OK) {
			log_error("prepare statement %d: %s", (int)id, sqlite3_errmsg(st->db));
			return NULL;
		}
	} else {
		sqlite3_reset(s->s);
		sqlite3_clear_bindings(s->s);
	}
	return &s->base;
}

static struct stmt *sq_prepare_sql(struct store *base, const char *sql)
{
	struct sq_stmt *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->base.st = base;
	if (sqlite3_prepare_v2(SQ(base)->db, sql, -1, &s->s, NULL) != SQLITE_OK) {
		log_error("prepare: %s", sqlite3_errmsg(SQ(base)->db));
		free(s);
		return NULL;
	}
	return &s->base;
}

static void sq_finalize(struct stmt *s)
{
	if (!s)
		return;
	sqlite3_finalize(SS(s));
	free(s);
}

static void sq_bind_int(struct stmt *s, int i, long long v) { sqlite3_bind_int64(SS(s), i, v); }
static void sq_bind_double(struct stmt *s, int i, double v) { sqlite3_bind_double(SS(s), i, v); }
static void sq_bind_null(struct stmt *s, int i) { sqlite3_bind_null(SS(s), i); }

static void sq_bind_text(struct stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(SS(s), i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(SS(s), i);
}

/* The FTS5 MATCH expression of a search: the words in every column but tags ("- {tags}"),
 * each tag a phrase of the tags column; NOT binds tighter than AND in FTS5, so
 * "w AND t NOT h" keeps w and t and drops h. Few rows carry the excluded tag (the hidden
 * ones), so excluding them is cheaper than intersecting with every visible one. */
static void sq_bind_match(struct stmt *s, int i, const struct store_match *m)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "- {tags} : (%s)", m->words ? m->words : "");
	for (int k = 0; k < STORE_MATCH_TAGS && m->tags[k]; k++)
		buf_printf(&b, " AND tags : \"%s\"", m->tags[k]);
	if (m->not_tag)
		buf_printf(&b, " NOT tags : \"%s\"", m->not_tag);
	sqlite3_bind_text(SS(s), i, b.oom ? "" : buf_cstr(&b), -1, SQLITE_TRANSIENT);
	buf_free(&b);
}

static int sq_step(struct stmt *s)
{
	int rc = sqlite3_step(SS(s));
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	int r = sq_rc_of(rc);
	if (r != STORE_CONSTRAINT)
		log_warn("sql step: %s", sqlite3_errmsg(SQ(s->st)->db));
	return r;
}

static void sq_reset(struct stmt *s) { sqlite3_reset(SS(s)); }
static long long sq_col_int(struct stmt *s, int col) { return sqlite3_column_int64(SS(s), col); }
static double sq_col_double(struct stmt *s, int col) { return sqlite3_column_double(SS(s), col); }
static const char *sq_col_text(struct stmt *s, int col) { return (const char *)sqlite3_column_text(SS(s), col); }
static int sq_col_is_null(struct stmt *s, int col) { return sqlite3_column_type(SS(s), col) == SQLITE_NULL; }

static int sq_set_cache_kib(struct store *st, long kib)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%ld", kib > 0 ? kib : 2048);
	return sq_exec_sql(st, sql);
}

static int sq_tx_begin(struct store *st)
{
	int rc = sqlite3_exec(SQ(st)->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	return rc == SQLITE_OK ? STORE_OK : sq_rc_of(rc);
}

static int sq_tx_commit(struct store *st)
{
	int rc = sqlite3_exec(SQ(st)->db, "COMMIT", NULL, NULL, NULL);
	return rc == SQLITE_OK ? STORE_OK : sq_rc_of(rc);
}

static void sq_tx_rollback(struct store *st) { sqlite3_exec(SQ(st)->db, "ROLLBACK", NULL, NULL, NULL); }
static long long sq_last_id(struct store *st) { return sqlite3_last_insert_rowid(SQ(st)->db); }
static int sq_changes(struct store *st) { return sqlite3_changes(SQ(st)->db); }

static void sq_set_deadline(struct store *base, int ms)
{
	struct sq_store *st = SQ(base);
	if (ms <= 0) {
		st->has_deadline = 0;
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &st->deadline);
	st->deadline.tv_sec += ms / 1000;
	st->deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (st->deadline.tv_nsec >= 1000000000L) {
		st->deadline.tv_sec++;
		st->deadline.tv_nsec -= 1000000000L;
	}
	st->has_deadline = 1;
}

static int sq_backup(struct store *st, const char *dest_path)
{
	sqlite3 *dst = NULL;
	int rc = sqlite3_open(dest_path, &dst);
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(dst, "main", SQ(st)->db, "main");
		if (b) {
			/* Copy in steps so writers on other connections are not held up long. */
			do {
				rc = sqlite3_backup_step(b, 256);
				if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
					sqlite3_sleep(20);
			} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
			sqlite3_backup_finish(b);
		}
		rc = sqlite3_errcode(dst);
	}
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		log_error("backup to %s: %s", dest_path, dst ? sqlite3_errmsg(dst) : "cannot open");
	sqlite3_close(dst);
	return (rc == SQLITE_OK || rc == SQLITE_DONE) ? STORE_OK : STORE_ERR;
}

/* ---- the schema, for the copy (store_copy.c) ---- */

static enum store_vkind sq_kind_of(const char *decl)
{
	if (decl && strcasestr(decl, "INT"))
		return STORE_V_INT;
	if (decl && (strcasestr(decl, "REAL") || strcasestr(decl, "FLOA") || strcasestr(decl, "DOUB")))
		return STORE_V_DOUBLE;
	return STORE_V_TEXT;
}

/* Tables in the order they were created; not SQLite's own, not the migrations' list, not
 * the search index (a virtual table and its shadow tables). */
static int sq_tables(struct store *st, struct arena *a, struct store_table **out, int *n)
{
	sqlite3 *db = SQ(st)->db;
	sqlite3_stmt *t = NULL, *c = NULL;
	*out = NULL;
	*n = 0;
	int rc = sqlite3_prepare_v2(db,
				    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
				    "AND name <> 'schema_migrations' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' "
				    "AND name NOT IN (SELECT v.name || s.suffix FROM sqlite_schema v, (SELECT '_data' AS suffix "
				    "UNION ALL SELECT '_idx' UNION ALL SELECT '_content' UNION ALL SELECT '_docsize' "
				    "UNION ALL SELECT '_config') s WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%') ORDER BY rowid",
				    -1, &t, NULL);
	struct store_table *tabs = NULL;
	int cap = 0, k = 0;
	while (rc == SQLITE_OK && sqlite3_step(t) == SQLITE_ROW) {
		if (k == cap) {
			cap = cap ? cap * 2 : 32;
			struct store_table *nt = arena_alloc(a, (size_t)cap * sizeof *nt);
			if (!nt) {
				rc = SQLITE_NOMEM;
				break;
			}
			if (k)
				memcpy(nt, tabs, (size_t)k * sizeof *nt);
			tabs = nt;
		}
		struct store_table *tb = &tabs[k++];
		memset(tb, 0, sizeof *tb);
		tb->name = arena_strdup(a, (const char *)sqlite3_column_text(t, 0));
		char *q = sqlite3_mprintf("SELECT name, type, \"notnull\", pk FROM pragma_table_info(%Q) ORDER BY cid", tb->name);
		rc = q ? sqlite3_prepare_v2(db, q, -1, &c, NULL) : SQLITE_NOMEM;
		sqlite3_free(q);
		int npk = 0, idpk = 0;
		while (rc == SQLITE_OK && sqlite3_step(c) == SQLITE_ROW) {
			struct store_column *nc = arena_alloc(a, (size_t)(tb->ncols + 1) * sizeof *nc);
			if (!nc) {
				rc = SQLITE_NOMEM;
				break;
			}
			if (tb->ncols)
				memcpy(nc, tb->cols, (size_t)tb->ncols * sizeof *nc);
			tb->cols = nc;
			struct store_column *col = &nc[tb->ncols++];
			col->name = arena_strdup(a, (const char *)sqlite3_column_text(c, 0));
			col->kind = sq_kind_of((const char *)sqlite3_column_text(c, 1));
			col->notnull = sqlite3_column_int(c, 2) || sqlite3_column_int(c, 3);
			if (sqlite3_column_int(c, 3)) {
				npk++;
				idpk = strcmp(col->name, "id") == 0 && col->kind == STORE_V_INT;
			}
		}
		sqlite3_finalize(c);
		c = NULL;
		tb->has_id = npk == 1 && idpk;
	}
	sqlite3_finalize(t);
	if (rc != SQLITE_OK || arena_over(a)) {
		log_error("schema: %s", sqlite3_errmsg(db));
		return STORE_ERR;
	}
	*out = tabs;
	*n = k;
	return STORE_OK;
}

struct store_bulk {
	struct store *st;
	sqlite3_stmt *ins;
	int ncols;
};

static int sq_bulk_begin(struct store *st, const struct store_table *t, struct store_bulk **out)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "INSERT INTO \"%s\" (", t->name);
	for (int i = 0; i < t->ncols; i++)
		buf_printf(&b, "%s\"%s\"", i ? ", " : "", t->cols[i].name);
	buf_puts(&b, ") VALUES (");
	for (int i = 0; i < t->ncols; i++)
		buf_printf(&b, "%s?%d", i ? ", " : "", i + 1);
	buf_puts(&b, ")");
	struct store_bulk *bk = calloc(1, sizeof *bk);
	int rc = bk && !b.oom ? sqlite3_prepare_v2(SQ(st)->db, buf_cstr(&b), -1, &bk->ins, NULL) : SQLITE_NOMEM;
	buf_free(&b);
	if (rc != SQLITE_OK) {
		log_error("copy into %s: %s", t->name, sqlite3_errmsg(SQ(st)->db));
		free(bk);
		return STORE_ERR;
	}
	bk->st = st;
	bk->ncols = t->ncols;
	*out = bk;
	return STORE_OK;
}

static int sq_bulk_row(struct store_bulk *bk, const struct store_value *v)
{
	for (int i = 0; i < bk->ncols; i++) {
		switch (v[i].kind) {
		case STORE_V_NULL:
			sqlite3_bind_null(bk->ins, i + 1);
			break;
		case STORE_V_INT:
			sqlite3_bind_int64(bk->ins, i + 1, v[i].i);
			break;
		case STORE_V_DOUBLE:
			sqlite3_bind_double(bk->ins, i + 1, v[i].d);
			break;
		case STORE_V_TEXT:
			sqlite3_bind_text(bk->ins, i + 1, v[i].t, -1, SQLITE_STATIC);
			break;
		}
	}
	int rc = sqlite3_step(bk->ins);
	sqlite3_reset(bk->ins);
	if (rc != SQLITE_DONE) {
		log_error("copy: %s", sqlite3_errmsg(SQ(bk->st)->db));
		return sq_rc_of(rc);
	}
	return STORE_OK;
}

static int sq_bulk_end(struct store_bulk *bk, int ok)
{
	(void)ok;
	sqlite3_finalize(bk->ins);
	free(bk);
	return STORE_OK;
}

static int sq_renumber(struct store *st, const struct store_table *t)
{
	(void)st, (void)t;	/* an INTEGER PRIMARY KEY continues after the largest rowid by itself */
	return STORE_OK;
}

static int sq_check(struct store *st, enum stmt_id id)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(SQ(st)->db, sqlite_sql[id], -1, &s, NULL);
	sqlite3_finalize(s);
	return rc == SQLITE_OK ? STORE_OK : sq_rc_of(rc);
}

static int sq_defer_constraints(struct store *st) { return sq_exec_sql(st, "PRAGMA defer_foreign_keys = ON"); }
static int sq_analyze(struct store *st) { return STORE_OK; }

const struct store_ops store_sqlite_ops = {
	.name = "SQLite",
	.migrations = "sql/",
	.open = sq_open,
	.close = sq_close,
	.errmsg = sq_errmsg,
	.prepare = sq_prepare,
	.prepare_sql = sq_prepare_sql,
	.finalize = sq_finalize,
	.bind_int = sq_bind_int,
	.bind_double = sq_bind_double,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.bind_match = sq_bind_match,
	.step = sq_step,
	.reset = sq_reset,
	.col_int = sq_col_int,
	.col_double = sq_col_double,
	.col_text = sq_col_text,
	.col_is_null = sq_col_is_null,
	.tx_begin = sq_tx_begin,
	.tx_commit = sq_tx_commit,
	.tx_rollback = sq_tx_rollback,
	.last_id = sq_last_id,
	.changes = sq_changes,
	.set_deadline = sq_set_deadline,
	.set_cache_kib = sq_set_cache_kib,
	.exec_sql = sq_exec_sql,
	.check = sq_check,
	.backup = sq_backup,
	.tables = sq_tables,
	.bulk_begin = sq_bulk_begin,
	.bulk_row = sq_bulk_row,
	.bulk_end = sq_bulk_end,
	.renumber = sq_renumber,
	.defer_constraints = sq_defer_constraints,
	.analyze = sq_analyze,
};

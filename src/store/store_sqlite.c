/* store_sqlite: the SQLite backend of store.h. One connection per struct store,
 * each statement prepared on first use and cached for the life of the connection. */
#include "store/store.h"
#include "store/fts_bigram.h"
#include "util/log.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const sqlite_sql[STMT__MAX] = {
#define STMT(id, sql) [id] = sql,
#include "store/stmts.def"
#undef STMT
};

struct stmt {
	sqlite3_stmt *s;
	struct store *st;
};

struct store {
	sqlite3 *db;
	char *path;
	int depth, failed, read_only;
	struct timespec deadline;
	int has_deadline;
	struct stmt stmts[STMT__MAX];
};

void store_global_init(void)
{
	/* The global malloc-statistics mutex is a bottleneck under many threads. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

static int store_progress(void *arg)
{
	struct store *st = arg;
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
static const char *store_synchronous(void)
{
	const char *v = getenv("KYODO_SYNCHRONOUS");
	if (v && strcasecmp(v, "normal") == 0)
		return "PRAGMA synchronous = NORMAL";
	return "PRAGMA synchronous = FULL";
}

static int store_open_mode(const char *path, int read_only, struct store **out)
{
	struct store *st = calloc(1, sizeof *st);
	if (!st)
		return STORE_ERR;
	st->path = strdup(path);
	st->read_only = read_only;
	int rc = sqlite3_open_v2(path, &st->db,
				 (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
					 SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		log_error("cannot open database %s: %s", path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
		store_close(st);
		return STORE_ERR;
	}
	if (fts_bigram_register(st->db) != SQLITE_OK) {
		log_error("cannot register the kyodo_bigram tokenizer on %s", path);
		store_close(st);
		return STORE_ERR;
	}
	sqlite3_busy_timeout(st->db, 3000);
	sqlite3_extended_result_codes(st->db, 0);
	/* 8 KiB pages for a new file (no effect on an existing one): a bulk import of
	 * 100,000 groups ran 0.9 s faster than with 4 KiB pages, mostly in its commit. */
	if (!read_only && store_exec_sql(st, "PRAGMA page_size = 8192") != 0) {
		store_close(st);
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
	if (store_exec_sql(st, read_only ? read_pragmas : pragmas) != 0 ||
	    (!read_only && store_exec_sql(st, store_synchronous()) != 0)) {
		store_close(st);
		return STORE_ERR;
	}
	sqlite3_progress_handler(st->db, 10000, store_progress, st);
	for (int i = 0; i < STMT__MAX; i++)
		st->stmts[i].st = st;
	*out = st;
	return STORE_OK;
}

int store_open(const char *path, struct store **out) { return store_open_mode(path, 0, out); }
int store_open_readonly(const char *path, struct store **out) { return store_open_mode(path, 1, out); }
int store_read_only(struct store *st) { return st->read_only; }

void store_close(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(st->stmts[i].s);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

const char *store_errmsg(struct store *st) { return sqlite3_errmsg(st->db); }
const char *store_path(struct store *st) { return st->path; }

static int store_rc_of(struct store *st, int rc)
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
		(void)st;
		return STORE_ERR;
	}
}

struct stmt *store_prepare(struct store *st, enum stmt_id id)
{
	struct stmt *s = &st->stmts[id];
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
	return s;
}

void stmt_bind_int(struct stmt *s, int i, long long v) { sqlite3_bind_int64(s->s, i, v); }
void stmt_bind_double(struct stmt *s, int i, double v) { sqlite3_bind_double(s->s, i, v); }
void stmt_bind_null(struct stmt *s, int i) { sqlite3_bind_null(s->s, i); }

void stmt_bind_text(struct stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s->s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s->s, i);
}

int stmt_step(struct stmt *s)
{
	int rc = sqlite3_step(s->s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	int r = store_rc_of(s->st, rc);
	if (r != STORE_CONSTRAINT)
		log_warn("sql step: %s", sqlite3_errmsg(s->st->db));
	return r;
}

int stmt_exec(struct stmt *s)
{
	int rc;
	while ((rc = stmt_step(s)) == 1)
		;
	sqlite3_reset(s->s);
	return rc;
}

void stmt_reset(struct stmt *s) { sqlite3_reset(s->s); }
long long stmt_int(struct stmt *s, int col) { return sqlite3_column_int64(s->s, col); }
double stmt_double(struct stmt *s, int col) { return sqlite3_column_double(s->s, col); }
const char *stmt_text(struct stmt *s, int col) { return (const char *)sqlite3_column_text(s->s, col); }
int stmt_is_null(struct stmt *s, int col) { return sqlite3_column_type(s->s, col) == SQLITE_NULL; }

int store_set_cache_kib(struct store *st, long kib)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%ld", kib > 0 ? kib : 2048);
	return store_exec_sql(st, sql);
}

int store_exec_sql(struct store *st, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		log_error("sql: %s", err ? err : sqlite3_errmsg(st->db));
		sqlite3_free(err);
		return store_rc_of(st, rc);
	}
	return STORE_OK;
}

int store_begin(struct store *st)
{
	if (st->depth++ > 0)
		return STORE_OK;
	st->failed = 0;
	int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		st->depth = 0;
		return store_rc_of(st, rc);
	}
	return STORE_OK;
}

int store_commit(struct store *st)
{
	if (st->depth <= 0)
		return STORE_ERR;
	if (--st->depth > 0)
		return STORE_OK;
	if (st->failed) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return STORE_ERR;
	}
	int rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int r = store_rc_of(st, rc);
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return r;
	}
	return STORE_OK;
}

void store_rollback(struct store *st)
{
	if (st->depth <= 0)
		return;
	if (--st->depth > 0) {
		st->failed = 1;
		return;
	}
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

long long store_last_id(struct store *st) { return sqlite3_last_insert_rowid(st->db); }
int store_changes(struct store *st) { return sqlite3_changes(st->db); }

void store_set_deadline(struct store *st, int ms)
{
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

int store_backup(struct store *st, const char *dest_path)
{
	sqlite3 *dst = NULL;
	int rc = sqlite3_open(dest_path, &dst);
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(dst, "main", st->db, "main");
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

/* store_pg: the PostgreSQL backend of store.h (libpq), for a postgresql:// URL. One
 * connection per struct store; each statement's text comes from stmts.def expanded with
 * PostgreSQL's dialect (sql_dialect.h), its ?N sent as $N, prepared on the server on first
 * use and kept for the life of the connection. Values travel as text both ways; a boolean
 * column reads as 1/0, as SQLite gives it.
 *
 * Transactions behave as SQLite's BEGIN IMMEDIATE: the outermost store_begin takes a
 * transaction-level advisory lock that every writer takes (a write outside a transaction
 * takes it for its own statement), so there is one writer at a time on the database,
 * whatever the number of processes, and code that reads and then writes inside a
 * transaction sees no other write in between — READ COMMITTED then gives each statement
 * the latest committed data, as SQLite's single writer does. Readers never wait. The lock
 * and any row lock wait 3 s (lock_timeout), then STORE_BUSY (the web answers 503); a
 * deadlock or serialization failure is STORE_BUSY too; a constraint STORE_CONSTRAINT; a
 * statement past store_set_deadline() is cancelled (STORE_INTERRUPTED).
 *
 * A statement marked SQL_STREAMED reads through a cursor PG_FETCH rows at a time (a
 * plan's whole tree in bounded memory); the search index statements (SQL_PG_INDEX,
 * SQL_PG_REINDEX) run in store_pg_search.c. */
#define KYODO_DIALECT_PG
#include "store/store_pg.h"
#include "store/sql_dialect.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *const pg_sql[STMT__MAX] = {
#define STMT(id, sql) [id] = sql,
#include "store/stmts.def"
#undef STMT
};

/* The key of the one write lock (pg_advisory_xact_lock): "kyodo" in ASCII. Advisory locks
 * are per database, so databases on one server do not share it. */
#define PG_WRITE_LOCK "461520134255"
#define PG_LOCK_TIMEOUT "3s"
/* Every connection: the lock wait; no notices; and cursors planned for reading every row
 * (Kyodo reads a cursor to its end — an export, a report — so the plan that returns the
 * first rows soonest, nested loops over indexes, is the slow one for the whole). */
#define PG_SESSION_SETTINGS                                                               \
	"SET lock_timeout = '" PG_LOCK_TIMEOUT "'; SET client_min_messages = warning; " \
	"SET cursor_tuple_fraction = 1.0"
/* store_open_readonly's connection: every transaction reads only (a replica's are so
 * anyway; on a primary a write fails as SQLite's query_only makes it fail). */
#define PG_READ_ONLY_SETTINGS "SET default_transaction_read_only = on"
#define BOOLOID 16
#define TEXTOID 25

/* ---- running SQL ---- */

static void pg_cancel(struct pg_store *st)
{
	char err[256];
	if (st->cancel && !PQcancel(st->cancel, err, sizeof err))
		log_warn("postgresql: cannot cancel a statement: %s", err);
}

static long pg_ms_left(struct pg_store *st)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(st->deadline.tv_sec - now.tv_sec) * 1000L + (st->deadline.tv_nsec - now.tv_nsec) / 1000000L;
}

/* The results of what was sent: the first failed one, else the last one (NULL when the
 * connection broke). Past the deadline the statement is cancelled. Stops at COPY IN. */
static PGresult *pg_wait(struct pg_store *st)
{
	PGresult *res = NULL, *r;
	int cancelled = 0;
	st->n_trips++;
	for (;;) {
		while (PQisBusy(st->conn)) {
			int timeout = -1;
			if (st->has_deadline && !cancelled) {
				long left = pg_ms_left(st);
				if (left <= 0) {
					pg_cancel(st);
					cancelled = 1;
					continue;
				}
				timeout = left > 60000 ? 60000 : (int)left;
			}
			struct pollfd p = { .fd = PQsocket(st->conn), .events = POLLIN };
			int n = poll(&p, 1, timeout);
			if (n < 0 && errno != EINTR)
				break;
			if (n > 0 && !PQconsumeInput(st->conn))
				break;
		}
		if (!(r = PQgetResult(st->conn)))
			break;
		ExecStatusType t = PQresultStatus(r);
		int failed = res && (PQresultStatus(res) == PGRES_FATAL_ERROR || PQresultStatus(res) == PGRES_BAD_RESPONSE);
		if (failed) {
			PQclear(r);
		} else {
			PQclear(res);
			res = r;
		}
		if (t == PGRES_COPY_IN || t == PGRES_COPY_OUT)
			break;
	}
	return res;
}

static int pg_rc_of_state(const char *state)
{
	if (!state)
		return STORE_ERR;
	/* a rule said no: an integrity constraint, or a trigger's RAISE (P0001), which SQLite
	 * reports as SQLITE_CONSTRAINT too */
	if (strncmp(state, "23", 2) == 0 || strcmp(state, "P0001") == 0)
		return STORE_CONSTRAINT;
	if (strcmp(state, "55P03") == 0 || strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
		return STORE_BUSY;
	if (strcmp(state, "57014") == 0)
		return STORE_INTERRUPTED;
	/* the server going away (08: connection exceptions; 57P01–57P03: shut down, crashed,
	 * not accepting connections yet): the database is unavailable for now, as SQLite's
	 * busy is — the web answers 503, not 500 */
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0)
		return STORE_BUSY;
	return STORE_ERR;
}

int pg_fail(struct pg_store *st, PGresult *res, const char *what)
{
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(st->conn);
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	int rc = pg_rc_of_state(state);
	if (rc == STORE_ERR && (!st->conn || PQstatus(st->conn) == CONNECTION_BAD))
		rc = STORE_BUSY;	/* the connection is lost (no SQLSTATE comes with that) */
	snprintf(st->err, sizeof st->err, "%s", msg && *msg ? msg : "no answer from the server");
	st->err[strcspn(st->err, "\n")] = 0;
	if (rc != STORE_CONSTRAINT)
		log_warn("sql %s: %s", what, st->err);
	return rc;
}

static int pg_ok(PGresult *res)
{
	ExecStatusType t = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	return t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK || t == PGRES_COPY_IN;
}

PGresult *pg_run(struct pg_store *st, const char *sql, int n, const char *const *vals, int *rc)
{
	return pg_run_typed(st, sql, n, NULL, vals, rc);
}

PGresult *pg_run_typed(struct pg_store *st, const char *sql, int n, const Oid *types, const char *const *vals, int *rc)
{
	if ((*rc = pg_collect(st)) != STORE_OK)
		return NULL;
	if (!PQsendQueryParams(st->conn, sql, n, types, vals, NULL, NULL, 0)) {
		*rc = pg_fail(st, NULL, "send");
		return NULL;
	}
	PGresult *res = pg_wait(st);
	if (!pg_ok(res)) {
		*rc = pg_fail(st, res, "step");
		PQclear(res);
		return NULL;
	}
	return res;
}

/* A simple query (several statements allowed, no parameters). 0 or a store_rc. */
static int pg_simple(struct pg_store *st, const char *sql)
{
	int rc = pg_collect(st);
	if (rc != STORE_OK)
		return rc;
	if (!PQsendQuery(st->conn, sql))
		return pg_fail(st, NULL, "send");
	PGresult *res = pg_wait(st);
	if (!pg_ok(res))
		rc = pg_fail(st, res, "exec");
	PQclear(res);
	return rc;
}

static int pg_exec_sql(struct store *st, const char *sql) { return pg_simple(PG(st), sql); }

/* ---- transactions ---- */

static int pg_lock_begin(struct pg_store *st)
{
	int rc = pg_simple(st, "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")");
	if (rc != STORE_OK) {
		pg_simple(st, "ROLLBACK");
		return rc;
	}
	st->in_tx = 1;
	return STORE_OK;
}

static void pg_tx_closed(struct pg_store *st)
{
	st->in_tx = st->implicit_tx = 0;
	st->tx_rows = 0;
	st->cursors = 0;
	for (int i = 0; i < STMT__MAX; i++)
		st->stmts[i].cursor = 0;
}

static int pg_tx_commit_now(struct pg_store *st)
{
	st->deferred_rc = STORE_OK;
	int rc = pg_collect(st);
	PGresult *res = PQexec(st->conn, "COMMIT");
	if (rc != STORE_OK) {
		/* a deferred write failed: the server answers ROLLBACK. The commit has no
		 * constraint of its own, so the write's own kind is the answer (a rule that said
		 * no is STORE_CONSTRAINT, as SQLite gives it at the write itself) */
		if (rc == STORE_ERR && st->deferred_rc != STORE_OK)
			rc = st->deferred_rc;
	}
	else if (!pg_ok(res))
		rc = pg_fail(st, res, "commit");
	else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		snprintf(st->err, sizeof st->err, "the transaction had failed and was rolled back");
		rc = STORE_ERR;
	}
	PQclear(res);
	pg_tx_closed(st);
	return rc;
}

static int pg_tx_begin(struct store *base)
{
	struct pg_store *st = PG(base);
	if (st->in_tx) {
		/* a streamed read at depth 0 holds a transaction open for its cursor */
		snprintf(st->err, sizeof st->err, "a write transaction cannot begin while a streamed read is open");
		log_error("postgresql: %s", st->err);
		return STORE_ERR;
	}
	return pg_lock_begin(st);
}

/* After a transaction that wrote many rows (an import), the planner's figures are taken
 * again at once rather than when autovacuum comes by: a plan chosen for the empty tables
 * of a new database can be a thousand times slower on the imported ones. */
#define PG_ANALYZE_ROWS 2000

static int pg_tx_commit(struct store *base)
{
	struct pg_store *st = PG(base);
	long long rows = st->tx_rows;
	int rc = pg_tx_commit_now(st);
	if (rc == STORE_OK && rows >= PG_ANALYZE_ROWS && pg_simple(st, "ANALYZE") != STORE_OK)
		log_warn("postgresql: ANALYZE after %lld rows written failed", rows);
	return rc;
}

static void pg_tx_rollback(struct store *base)
{
	struct pg_store *st = PG(base);
	pg_collect(st);
	PQclear(PQexec(st->conn, "ROLLBACK"));
	pg_tx_closed(st);
}

/* ---- statements ---- */

static void pg_stmt_clear_result(struct pg_stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->executed = s->done = 0;
}

static void pg_stmt_close_cursor(struct pg_store *st, struct pg_stmt *s)
{
	if (!s->cursor)
		return;
	s->cursor = 0;
	pg_collect(st);
	if (PQtransactionStatus(st->conn) == PQTRANS_INTRANS) {
		char sql[48];
		snprintf(sql, sizeof sql, "CLOSE %s", s->cursor_name);
		PQclear(PQexec(st->conn, sql));
	}
	if (st->cursors > 0)
		st->cursors--;
	if (st->implicit_tx && st->cursors == 0) {
		if (PQtransactionStatus(st->conn) == PQTRANS_INTRANS)
			pg_tx_commit_now(st);
		else
			pg_tx_rollback(&st->base);
	}
}

static void pg_reset(struct stmt *base)
{
	struct pg_stmt *s = PS(base);
	pg_stmt_close_cursor(PG(base->st), s);
	pg_stmt_clear_result(s);
}

static void pg_stmt_clear_binds(struct pg_stmt *s)
{
	for (int i = 0; i < s->nvals; i++) {
		free(s->vals[i]);
		s->vals[i] = NULL;
	}
	s->custom = 0;
}

static void pg_stmt_free(struct pg_stmt *s)
{
	PQclear(s->res);
	pg_stmt_clear_binds(s);
	free(s->vals);
	free(s->sql);
	free(s->index_table);
	free(s->used);
	memset(s, 0, sizeof *s);
}

/* The statement's kind from the marker in front of its text (sql_dialect.h). */
static const char *pg_marker(struct pg_stmt *s, const char *sql)
{
	static const struct {
		const char *prefix;
		enum pg_kind kind;
	} markers[] = {
		{ "/*kyodo:stream*/", PGK_STREAM },
		{ "/*kyodo:index ", PGK_INDEX },
		{ "/*kyodo:reindex ", PGK_REINDEX },
	};
	s->kind = PGK_PLAIN;
	for (size_t i = 0; i < sizeof markers / sizeof *markers; i++) {
		size_t n = strlen(markers[i].prefix);
		if (strncmp(sql, markers[i].prefix, n) != 0)
			continue;
		s->kind = markers[i].kind;
		const char *end = strstr(sql, "*/");
		if (s->kind != PGK_STREAM && end && end > sql + n)
			s->index_table = strndup(sql + n, (size_t)(end - sql - n));
		sql = end ? end + 2 : sql + n;
		while (*sql == ' ')
			sql++;
		break;
	}
	return sql;
}

static int pg_stmt_init(struct pg_store *st, struct pg_stmt *s, int id, const char *text)
{
	s->base.st = &st->base;
	s->id = id;
	const char *sql = pg_marker(s, text);
	int max = 0;
	char *probe = store_sql_dollar(sql, &max, NULL, 0);
	free(probe);
	s->used = calloc((size_t)max + 2, 1);
	s->sql = s->used ? store_sql_dollar(sql, &max, s->used, max + 2) : NULL;
	if (!s->sql || ((s->kind == PGK_INDEX || s->kind == PGK_REINDEX) && !s->index_table))
		return STORE_ERR;
	s->nparams = max;
	s->row = -1;
	if (s->kind == PGK_INDEX || s->kind == PGK_REINDEX) {
		s->is_write = 1;
	} else {
		const char *w = s->sql;
		while (*w == ' ' || *w == '\n' || *w == '\t' || *w == '(')
			w++;
		s->is_write = !strncasecmp(w, "INSERT", 6) || !strncasecmp(w, "UPDATE", 6) || !strncasecmp(w, "DELETE", 6) ||
			      (!strncasecmp(w, "WITH", 4) && (strcasestr(w, "UPDATE ") || strcasestr(w, "INSERT ") ||
							      strcasestr(w, "DELETE ")));
		s->deferrable = id >= 0 && s->is_write && !strcasestr(w, "RETURNING");
	}
	return STORE_OK;
}

Oid *pg_types(struct pg_stmt *s)
{
	Oid *types = calloc((size_t)s->nparams + 1, sizeof *types);
	for (int i = 0; types && i < s->nparams; i++)
		types[i] = s->used[i + 1] ? 0 : TEXTOID;	/* a value the text never reads: any type will do */
	return types;
}

static int pg_stmt_server_prepare(struct pg_store *st, struct pg_stmt *s)
{
	char name[16];
	snprintf(name, sizeof name, "k%d", s->id);
	Oid *types = pg_types(s);
	int rc = pg_collect(st);
	PGresult *res = types && rc == STORE_OK ? PQprepare(st->conn, name, s->sql, s->nparams, types) : NULL;
	free(types);
	if (rc == STORE_OK && !pg_ok(res)) {
		rc = pg_fail(st, res, "prepare");
		log_error("prepare statement %d: %s", s->id, st->err);
	}
	PQclear(res);
	if (rc == STORE_OK)
		s->prepared = 1;
	return rc;
}

/* A connection lost (the server restarted) is opened again before the next statement,
 * outside transactions; statements are prepared anew on it. */
static void pg_reconnect_if_lost(struct pg_store *st)
{
	if (PQstatus(st->conn) != CONNECTION_BAD || st->base.depth > 0)
		return;
	log_warn("postgresql: the connection was lost; connecting again");
	PQreset(st->conn);
	if (PQstatus(st->conn) != CONNECTION_OK)
		return;
	PQsetClientEncoding(st->conn, "UTF8");
	pg_simple(st, PG_SESSION_SETTINGS);
	if (st->base.read_only)
		pg_simple(st, PG_READ_ONLY_SETTINGS);
	PQfreeCancel(st->cancel);
	st->cancel = PQgetCancel(st->conn);
	pg_tx_closed(st);
	st->pipeline = st->pending = 0;
	for (int i = 0; i < STMT__MAX; i++)
		st->stmts[i].prepared = 0;
}

static struct stmt *pg_prepare(struct store *base, enum stmt_id id)
{
	struct pg_store *st = PG(base);
	struct pg_stmt *s = &st->stmts[id];
	pg_reconnect_if_lost(st);
	if (!s->sql) {
		if (!pg_sql[id] || pg_stmt_init(st, s, (int)id, pg_sql[id]) != STORE_OK) {
			log_error("statement %d has no PostgreSQL text", (int)id);
			pg_stmt_free(s);
			return NULL;
		}
	} else {
		pg_reset(&s->base);
		pg_stmt_clear_binds(s);
	}
	if (s->kind == PGK_PLAIN && !s->prepared && pg_stmt_server_prepare(st, s) != STORE_OK)
		return NULL;
	return &s->base;
}

static struct stmt *pg_prepare_sql(struct store *base, const char *sql)
{
	struct pg_store *st = PG(base);
	struct pg_stmt *s = calloc(1, sizeof *s);
	if (!s || pg_stmt_init(st, s, -1, sql) != STORE_OK) {
		if (s)
			pg_stmt_free(s);
		free(s);
		return NULL;
	}
	s->custom = 1;	/* never prepared on the server */
	return &s->base;
}

static void pg_finalize(struct stmt *base)
{
	if (!base)
		return;
	struct pg_stmt *s = PS(base);
	pg_reset(base);
	pg_stmt_free(s);
	free(s);
}

static void pg_set_val(struct stmt *base, int i, char *v)
{
	struct pg_stmt *s = PS(base);
	if (i < 1) {
		free(v);
		return;
	}
	if (i > s->nvals) {
		char **nv = realloc(s->vals, (size_t)i * sizeof *nv);
		if (!nv) {
			free(v);
			return;
		}
		for (int k = s->nvals; k < i; k++)
			nv[k] = NULL;
		s->vals = nv;
		s->nvals = i;
	}
	free(s->vals[i - 1]);
	s->vals[i - 1] = v;
}

static void pg_bind_int(struct stmt *s, int i, long long v)
{
	char t[24];
	snprintf(t, sizeof t, "%lld", v);
	pg_set_val(s, i, strdup(t));
}

static void pg_bind_double(struct stmt *s, int i, double v)
{
	char t[40];
	snprintf(t, sizeof t, "%.17g", v);
	pg_set_val(s, i, strdup(t));
}

static void pg_bind_text(struct stmt *s, int i, const char *v) { pg_set_val(s, i, v ? strdup(v) : NULL); }
static void pg_bind_null(struct stmt *s, int i) { pg_set_val(s, i, NULL); }

/* A search: four array values in i … i+3 (store.h), planned with them at hand: the planner
 * then sees how common each key is — a common word walks the newest rows until it has
 * enough, a rare one reads the GIN index — and keeps only the phrases there are. */
static void pg_bind_match(struct stmt *s, int i, const struct store_match *m)
{
	char *keys = NULL, *tags = NULL, *not = NULL, *phrases = NULL;
	if (pg_search_match_values(m, &keys, &tags, &not, &phrases) != 0) {
		free(keys), free(tags), free(not), free(phrases);
		keys = strdup("{-1}");	/* matches nothing: no row has this key */
		tags = strdup("{}");
		not = strdup("{}");
		phrases = strdup("{}");
	}
	pg_set_val(s, i, keys);
	pg_set_val(s, i + 1, tags);
	pg_set_val(s, i + 2, not);
	pg_set_val(s, i + 3, phrases);
	PS(s)->custom = 1;
}

/* The values for $1 … $nparams. */
const char **pg_values(struct pg_stmt *s, const char **buf, int cap)
{
	const char **v = s->nparams <= cap ? buf : calloc((size_t)s->nparams, sizeof *v);
	for (int i = 0; v && i < s->nparams; i++)
		v[i] = i < s->nvals ? s->vals[i] : NULL;
	return v;
}

/* Note what an INSERT, UPDATE or DELETE did: rows changed, the id an INSERT returned. */
static void pg_note_command(struct pg_store *st, int id, PGresult *res)
{
	const char *tag = PQcmdStatus(res);
	if (strncmp(tag, "INSERT", 6) && strncmp(tag, "UPDATE", 6) && strncmp(tag, "DELETE", 6))
		return;
	st->changes = atoi(PQcmdTuples(res));
	st->tx_rows += st->changes;
	if (strncmp(tag, "INSERT", 6) != 0)
		return;
	int n = PQntuples(res);
	if (PQnfields(res) >= 1 && n >= 1 && strcmp(PQfname(res, 0), "id") == 0) {
		st->last_id = strtoll(PQgetvalue(res, n - 1, 0), NULL, 10);
		st->last_id_ok = 1;
	} else if (id >= 0) {
		st->last_id_ok = -1 - id;	/* an INSERT without RETURNING id: which one */
	}
}

/* ---- writes sent ahead (libpq's pipeline mode) ----
 * Inside a transaction, an INSERT that returns nothing (an audit row, a record's fields)
 * need not wait for its answer: it is sent at once and its answer read when the next
 * statement runs — with that statement's own, in one round trip — or at the commit. A bulk
 * import then costs about one round trip per record instead of one per row written. If one
 * of them failed, the server has aborted the transaction: the statement that reads the
 * answers fails (STORE_ERR, the message names the statement that failed) and so does the
 * commit, so nothing is written — the all-or-nothing of a transaction is unchanged. */

/* Reads the answers of the nq queries sent since the pipeline's last sync, then the sync's;
 * the last query's result goes to *last when last is not NULL. */
static int pg_pipeline_read(struct pg_store *st, int nq, PGresult **last)
{
	int rc = STORE_OK;
	st->n_trips++;
	for (int q = 0; q < nq; q++) {
		PGresult *r;
		int first = 1;
		while ((r = PQgetResult(st->conn)) != NULL) {
			ExecStatusType t = PQresultStatus(r);
			int mine = last && q == nq - 1 && first;
			if (t == PGRES_FATAL_ERROR || t == PGRES_BAD_RESPONSE) {
				if (rc == STORE_OK) {
					int id = q < st->pending ? st->pending_ids[q] : -1;
					rc = pg_fail(st, r, "deferred write");
					st->deferred_rc = rc;
					if (!mine) {
						char m[sizeof st->err];
						snprintf(m, sizeof m, "statement %d: %.480s", id, st->err);
						snprintf(st->err, sizeof st->err, "%s", m);
						rc = STORE_ERR;	/* not the statement that reads it: no constraint of its own */
					}
				}
			} else if (t == PGRES_PIPELINE_ABORTED) {
				if (rc == STORE_OK)
					rc = STORE_ERR;
			} else if (mine) {
				*last = r;
				r = NULL;
			} else {
				pg_note_command(st, q < st->pending ? st->pending_ids[q] : -1, r);
			}
			PQclear(r);
			first = 0;
		}
	}
	PGresult *sync = PQgetResult(st->conn);
	if (!sync || PQresultStatus(sync) != PGRES_PIPELINE_SYNC) {
		if (rc == STORE_OK)
			rc = pg_fail(st, sync, "pipeline");
	}
	PQclear(sync);
	if (!PQexitPipelineMode(st->conn) && rc == STORE_OK)
		rc = pg_fail(st, NULL, "pipeline");
	st->pipeline = 0;
	st->pending = 0;
	return rc;
}

int pg_collect(struct pg_store *st)
{
	if (!st->pipeline)
		return STORE_OK;
	if (!PQpipelineSync(st->conn)) {
		int rc = pg_fail(st, NULL, "pipeline");
		st->pipeline = st->pending = 0;
		PQexitPipelineMode(st->conn);
		return rc;
	}
	return pg_pipeline_read(st, st->pending, NULL);
}

/* Sends s ahead (0), or returns 1 when it is not to be deferred. */
static int pg_defer(struct pg_store *st, struct pg_stmt *s, const char *const *vals, int *rc)
{
	if (!s->deferrable || s->custom || !st->in_tx || st->implicit_tx || st->base.depth <= 0)
		return 1;
	if (!st->pipeline) {
		if (!PQenterPipelineMode(st->conn))
			return 1;
		st->pipeline = 1;
	}
	char name[16];
	snprintf(name, sizeof name, "k%d", s->id);
	*rc = STORE_OK;
	if (!PQsendQueryPrepared(st->conn, name, s->nparams, vals, NULL, NULL, 0)) {
		*rc = pg_fail(st, NULL, "send");
		pg_collect(st);
		return 0;
	}
	st->pending_ids[st->pending++] = s->id;
	st->n_ahead++;
	st->last_id_ok = -1 - s->id;
	if (st->pending >= PG_PIPE_MAX)
		*rc = pg_collect(st);
	return 0;
}

/* A statement whose answer is needed now, sent after the deferred ones in one round trip. */
static PGresult *pg_send_in_pipeline(struct pg_store *st, struct pg_stmt *s, const char *const *vals, int *rc)
{
	char name[16];
	snprintf(name, sizeof name, "k%d", s->id);
	PGresult *res = NULL;
	if (!PQsendQueryPrepared(st->conn, name, s->nparams, vals, NULL, NULL, 0) || !PQpipelineSync(st->conn)) {
		*rc = pg_fail(st, NULL, "send");
		pg_collect(st);
		return NULL;
	}
	*rc = pg_pipeline_read(st, st->pending + 1, &res);
	if (*rc != STORE_OK) {
		PQclear(res);
		return NULL;
	}
	return res;
}

int pg_write_begin(struct pg_store *st, int *implicit)
{
	int rc;
	*implicit = !st->in_tx;
	if (*implicit)
		return pg_lock_begin(st);
	if (st->implicit_tx) {
		/* a write at depth 0 while a streamed read holds a transaction: it commits with it */
		if ((rc = pg_simple(st, "SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")")) != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

int pg_write_end(struct pg_store *st, int implicit, int rc)
{
	if (!implicit)
		return rc;
	if (rc == STORE_OK)
		return pg_tx_commit_now(st);
	pg_tx_rollback(&st->base);
	return rc;
}

static int pg_exec_plain(struct pg_store *st, struct pg_stmt *s)
{
	int implicit = 0, rc;
	if (s->is_write && (rc = pg_write_begin(st, &implicit)) != STORE_OK)
		return rc;
	const char *buf[64];
	const char **vals = pg_values(s, buf, 64);
	if (!vals)
		return STORE_ERR;
	PGresult *res = NULL;
	rc = STORE_OK;
	if (!pg_defer(st, s, vals, &rc)) {
		if (vals != buf)
			free(vals);
		s->res = NULL;
		return rc;	/* the write's answer comes with the next statement's */
	}
	st->n_sync[s->id >= 0 ? s->id : 0]++;
	if (st->pipeline && !s->custom) {
		res = pg_send_in_pipeline(st, s, vals, &rc);
	} else if (s->custom) {
		Oid *types = pg_types(s);
		res = types ? pg_run_typed(st, s->sql, s->nparams, types, vals, &rc) : NULL;
		if (!types)
			rc = STORE_ERR;
		free(types);
	} else {
		char name[16];
		snprintf(name, sizeof name, "k%d", s->id);
		if ((rc = pg_collect(st)) != STORE_OK) {
			;
		} else if (!PQsendQueryPrepared(st->conn, name, s->nparams, vals, NULL, NULL, 0)) {
			rc = pg_fail(st, NULL, "send");
		} else {
			res = pg_wait(st);
			if (!pg_ok(res)) {
				rc = pg_fail(st, res, "step");
				PQclear(res);
				res = NULL;
			}
		}
	}
	if (vals != buf)
		free(vals);
	if ((rc = pg_write_end(st, implicit, rc)) != STORE_OK) {
		PQclear(res);
		return rc;
	}
	pg_note_command(st, s->id, res);
	s->res = res;
	s->row = -1;
	return STORE_OK;
}

static int pg_fetch(struct pg_store *st, struct pg_stmt *s)
{
	char sql[64];
	snprintf(sql, sizeof sql, "FETCH %d FROM %s", PG_FETCH, s->cursor_name);
	int rc;
	PQclear(s->res);
	s->res = pg_run(st, sql, 0, NULL, &rc);
	s->row = -1;
	if (!s->res)
		return rc;
	s->cursor_more = PQntuples(s->res) == PG_FETCH;
	return STORE_OK;
}

static int pg_exec_stream(struct pg_store *st, struct pg_stmt *s)
{
	int rc;
	if (!st->in_tx) {
		if ((rc = pg_simple(st, "BEGIN")) != STORE_OK)
			return rc;
		st->in_tx = st->implicit_tx = 1;
	}
	snprintf(s->cursor_name, sizeof s->cursor_name, "kc%u", ++st->cursor_seq);
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "DECLARE %s NO SCROLL CURSOR FOR %s", s->cursor_name, s->sql);
	const char *buf[64];
	const char **vals = pg_values(s, buf, 64);
	Oid *types = pg_types(s);
	PGresult *res = vals && types && !b.oom ? pg_run_typed(st, buf_cstr(&b), s->nparams, types, vals, &rc) : NULL;
	if (!vals || !types || b.oom)
		rc = STORE_ERR;
	free(types);
	if (vals && vals != buf)
		free(vals);
	buf_free(&b);
	PQclear(res);
	if (rc == STORE_OK) {
		s->cursor = 1;
		st->cursors++;
		rc = pg_fetch(st, s);
	}
	if (rc != STORE_OK && st->implicit_tx && st->cursors == 0)
		pg_tx_rollback(&st->base);
	return rc;
}

static int pg_step(struct stmt *base)
{
	struct pg_stmt *s = PS(base);
	struct pg_store *st = PG(base->st);
	if (s->done)
		return 0;
	if (!s->executed) {
		int rc;
		switch (s->kind) {
		case PGK_STREAM:
			rc = pg_exec_stream(st, s);
			break;
		case PGK_INDEX:
			rc = pg_search_index(st, s);
			break;
		case PGK_REINDEX:
			rc = pg_search_reindex(st, s);
			break;
		default:
			rc = pg_exec_plain(st, s);
			break;
		}
		s->executed = 1;
		if (rc != STORE_OK) {
			s->done = 1;
			return rc;
		}
		if (!s->res) {
			s->done = 1;
			return 0;
		}
	}
	if (++s->row < PQntuples(s->res))
		return 1;
	if (s->kind == PGK_STREAM && s->cursor && s->cursor_more) {
		int rc = pg_fetch(st, s);
		if (rc != STORE_OK) {
			s->done = 1;
			return rc;
		}
		if (++s->row < PQntuples(s->res))
			return 1;
	}
	s->done = 1;
	return 0;
}

static int pg_col_bool(struct pg_stmt *s, int col)
{
	return PQftype(s->res, col) == BOOLOID;
}

static const char *pg_value(struct stmt *base, int col)
{
	struct pg_stmt *s = PS(base);
	if (!s->res || s->row < 0 || s->row >= PQntuples(s->res) || col < 0 || col >= PQnfields(s->res) ||
	    PQgetisnull(s->res, s->row, col))
		return NULL;
	return PQgetvalue(s->res, s->row, col);
}

static long long pg_col_int(struct stmt *base, int col)
{
	const char *v = pg_value(base, col);
	if (!v)
		return 0;
	if (pg_col_bool(PS(base), col))
		return *v == 't';
	if (strpbrk(v, ".eE"))
		return (long long)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

static double pg_col_double(struct stmt *base, int col)
{
	const char *v = pg_value(base, col);
	if (!v)
		return 0;
	if (pg_col_bool(PS(base), col))
		return *v == 't';
	return strtod(v, NULL);
}

static const char *pg_col_text(struct stmt *base, int col)
{
	const char *v = pg_value(base, col);
	if (v && pg_col_bool(PS(base), col))
		return *v == 't' ? "1" : "0";
	return v;
}

static int pg_col_is_null(struct stmt *base, int col)
{
	struct pg_stmt *s = PS(base);
	return !s->res || s->row < 0 || s->row >= PQntuples(s->res) || col >= PQnfields(s->res) ||
	       PQgetisnull(s->res, s->row, col);
}

static long long pg_last_id(struct store *base)
{
	struct pg_store *st = PG(base);
	pg_collect(st);
	if (st->last_id_ok < 0) {
		log_error("store_last_id: the INSERT of statement %d has no RETURNING id (SQL_RETURNING_ID)",
			  -1 - st->last_id_ok);
		return 0;
	}
	return st->last_id;
}

static int pg_changes(struct store *st)
{
	pg_collect(PG(st));	/* the count of the last write, sent ahead or not */
	return PG(st)->changes;
}

static void pg_set_deadline(struct store *base, int ms)
{
	struct pg_store *st = PG(base);
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

static int pg_set_cache_kib(struct store *st, long kib)
{
	(void)st, (void)kib;	/* the server's shared buffers serve every connection */
	return STORE_OK;
}

static const char *pg_errmsg(struct store *base)
{
	struct pg_store *st = PG(base);
	if (st->err[0])
		return st->err;
	return st->conn ? PQerrorMessage(st->conn) : "not connected";
}

/* ---- opening and closing ---- */

static void pg_notice(void *arg, const char *msg)
{
	(void)arg;
	log_msg(LOG_DEBUG, "postgresql: %s", msg);
}

static void pg_close(struct store *base)
{
	struct pg_store *st = PG(base);
	if (!st)
		return;
	if (getenv("KYODO_PG_STATS")) {
		log_info("postgresql: %lld round trips, %lld writes sent ahead", st->n_trips, st->n_ahead);
		for (int i = 0; i < STMT__MAX; i++)
			if (st->n_sync[i] >= st->n_trips / 50 && st->n_sync[i])
				log_info("postgresql:   statement %d waited for %lld times", i, st->n_sync[i]);
	}
	for (int i = 0; i < STMT__MAX; i++)
		pg_stmt_free(&st->stmts[i]);
	PQfreeCancel(st->cancel);
	PQfinish(st->conn);
	free(st);
}

static int pg_open(const char *target, int read_only, struct store **out)
{
	struct pg_store *st = calloc(1, sizeof *st);
	if (!st)
		return STORE_ERR;
	st->base.ops = &store_pg_ops;
	st->base.read_only = read_only;
	const char *keys[] = { "dbname", "fallback_application_name", "client_encoding", NULL };
	const char *vals[] = { target, "kyodo", "UTF8", NULL };
	st->conn = PQconnectdbParams(keys, vals, 1);
	char where[256];
	store_describe_target(target, where, sizeof where);
	if (!st->conn || PQstatus(st->conn) != CONNECTION_OK) {
		log_error("cannot open database %s: %s", where, st->conn ? PQerrorMessage(st->conn) : "out of memory");
		pg_close(&st->base);
		return STORE_ERR;
	}
	PQsetNoticeProcessor(st->conn, pg_notice, NULL);
	const char *enc = PQparameterStatus(st->conn, "server_encoding");
	if (!enc || strcmp(enc, "UTF8") != 0) {
		log_error("database %s has the encoding %s: Kyodo needs UTF8 (createdb -E UTF8 -T template0)", where,
			  enc ? enc : "?");
		pg_close(&st->base);
		return STORE_ERR;
	}
	if (pg_simple(st, PG_SESSION_SETTINGS) != STORE_OK ||
	    (read_only && pg_simple(st, PG_READ_ONLY_SETTINGS) != STORE_OK)) {
		pg_close(&st->base);
		return STORE_ERR;
	}
	st->cancel = PQgetCancel(st->conn);
	for (int i = 0; i < STMT__MAX; i++)
		st->stmts[i].base.st = &st->base;
	*out = &st->base;
	return STORE_OK;
}

/* ---- backup: pg_dump ---- */

static int pg_backup(struct store *st, const char *dest)
{
	struct stat sb;
	if (stat(dest, &sb) == 0) {
		log_error("backup: %s exists already", dest);
		return STORE_ERR;
	}
	char *argv[] = { "pg_dump", "--format=custom", "--no-owner", "--file", (char *)dest, "--dbname",
			 st->target, NULL };
	pid_t pid;
	int rc = posix_spawnp(&pid, "pg_dump", NULL, NULL, argv, environ);
	if (rc != 0) {
		log_error("backup: cannot run pg_dump (%s): install postgresql-client, or run "
			  "pg_dump --format=custom --file FILE URL yourself", strerror(rc));
		return STORE_ERR;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		log_error("backup: pg_dump failed");
		unlink(dest);
		return STORE_ERR;
	}
	return STORE_OK;
}

/* ---- the schema and the copy (store_copy.c) ---- */

static enum store_vkind pg_kind_of(const char *type)
{
	if (strstr(type, "int"))
		return STORE_V_INT;
	if (strstr(type, "double") || strstr(type, "real") || strstr(type, "numeric"))
		return STORE_V_DOUBLE;
	return STORE_V_TEXT;
}

/* Tables in the order they were created: not the migrations' list, not a search index
 * (a table commented 'kyodo:search-index'). */
static int pg_tables(struct store *base, struct arena *a, struct store_table **out, int *n)
{
	struct pg_store *st = PG(base);
	int rc;
	*out = NULL;
	*n = 0;
	PGresult *t = pg_run(st,
			     "SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace "
			     "WHERE ns.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> 'schema_migrations' "
			     "AND coalesce(obj_description(c.oid, 'pg_class'), '') <> 'kyodo:search-index' ORDER BY c.oid",
			     0, NULL, &rc);
	if (!t)
		return rc;
	int k = PQntuples(t);
	struct store_table *tabs = arena_alloc(a, (size_t)(k ? k : 1) * sizeof *tabs);
	for (int i = 0; tabs && i < k; i++) {
		struct store_table *tb = &tabs[i];
		tb->name = arena_strdup(a, PQgetvalue(t, i, 1));
		const char *oid = PQgetvalue(t, i, 0);
		PGresult *c = pg_run(st,
				     "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
				     "coalesce(a.attnum = ANY (ix.indkey) AND array_length(ix.indkey, 1) = 1, false) "
				     "FROM pg_attribute a LEFT JOIN pg_index ix ON ix.indrelid = a.attrelid AND ix.indisprimary "
				     "WHERE a.attrelid = CAST($1 AS oid) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
				     1, &oid, &rc);
		if (!c) {
			PQclear(t);
			return rc;
		}
		tb->ncols = PQntuples(c);
		tb->cols = arena_alloc(a, (size_t)(tb->ncols ? tb->ncols : 1) * sizeof *tb->cols);
		for (int j = 0; tb->cols && j < tb->ncols; j++) {
			struct store_column *col = &tb->cols[j];
			col->name = arena_strdup(a, PQgetvalue(c, j, 0));
			col->kind = pg_kind_of(PQgetvalue(c, j, 1));
			col->notnull = *PQgetvalue(c, j, 2) == 't';
			if (*PQgetvalue(c, j, 3) == 't' && strcmp(col->name, "id") == 0 && col->kind == STORE_V_INT)
				tb->has_id = 1;
		}
		PQclear(c);
	}
	PQclear(t);
	if (!tabs || arena_over(a))
		return STORE_ERR;
	*out = tabs;
	*n = k;
	return STORE_OK;
}

void pg_copy_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		default:
			buf_putc(b, *s);
		}
	}
}

int pg_copy_in(struct pg_store *st, const char *table_cols, const char *data, size_t len)
{
	int crc = pg_collect(st);
	if (crc != STORE_OK)
		return crc;
	char sql[1024];
	snprintf(sql, sizeof sql, "COPY %s FROM STDIN", table_cols);
	if (!PQsendQuery(st->conn, sql))
		return pg_fail(st, NULL, "copy");
	PGresult *res = pg_wait(st);
	if (!res || PQresultStatus(res) != PGRES_COPY_IN) {
		int rc = pg_fail(st, res, "copy");
		PQclear(res);
		return rc;
	}
	PQclear(res);
	if (PQputCopyData(st->conn, data, (int)len) != 1 || PQputCopyEnd(st->conn, NULL) != 1)
		return pg_fail(st, NULL, "copy");
	res = pg_wait(st);
	int rc = pg_ok(res) ? STORE_OK : pg_fail(st, res, "copy");
	PQclear(res);
	return rc;
}

struct store_bulk {
	struct pg_store *st;
	char *target;		/* "t" ("a", "b") */
	int ncols;
	struct buf rows;
};

#define PG_BULK_FLUSH (1 << 20)

static int pg_bulk_begin(struct store *base, const struct store_table *t, struct store_bulk **out)
{
	struct store_bulk *b = calloc(1, sizeof *b);
	if (!b)
		return STORE_ERR;
	struct buf tc;
	buf_init(&tc);
	buf_printf(&tc, "\"%s\" (", t->name);
	for (int i = 0; i < t->ncols; i++)
		buf_printf(&tc, "%s\"%s\"", i ? ", " : "", t->cols[i].name);
	buf_putc(&tc, ')');
	b->target = tc.oom ? NULL : strdup(buf_cstr(&tc));
	buf_free(&tc);
	if (!b->target) {
		free(b);
		return STORE_ERR;
	}
	b->st = PG(base);
	b->ncols = t->ncols;
	buf_init(&b->rows);
	*out = b;
	return STORE_OK;
}

static int pg_bulk_flush(struct store_bulk *b)
{
	if (b->rows.oom)
		return STORE_ERR;
	if (!b->rows.len)
		return STORE_OK;
	int rc = pg_copy_in(b->st, b->target, b->rows.data, b->rows.len);
	b->rows.len = 0;
	return rc;
}

static int pg_bulk_row(struct store_bulk *b, const struct store_value *v)
{
	for (int i = 0; i < b->ncols; i++) {
		if (i)
			buf_putc(&b->rows, '\t');
		switch (v[i].kind) {
		case STORE_V_NULL:
			buf_puts(&b->rows, "\\N");
			break;
		case STORE_V_INT:
			buf_printf(&b->rows, "%lld", v[i].i);
			break;
		case STORE_V_DOUBLE:
			buf_printf(&b->rows, "%.17g", v[i].d);
			break;
		case STORE_V_TEXT:
			pg_copy_escape(&b->rows, v[i].t);
			break;
		}
	}
	buf_putc(&b->rows, '\n');
	return b->rows.len >= PG_BULK_FLUSH ? pg_bulk_flush(b) : STORE_OK;
}

static int pg_bulk_end(struct store_bulk *b, int ok)
{
	int rc = ok ? pg_bulk_flush(b) : STORE_OK;
	buf_free(&b->rows);
	free(b->target);
	free(b);
	return rc;
}

static int pg_renumber(struct store *base, const struct store_table *t)
{
	if (!t->has_id)
		return STORE_OK;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT setval(pg_get_serial_sequence('\"%s\"', 'id'), coalesce(max(id), 0) + 1, false) FROM \"%s\"",
		 t->name, t->name);
	return pg_simple(PG(base), sql);
}

/* Any kind of statement: the text after its marker prepared on the server, then dropped. */
static int pg_check(struct store *base, enum stmt_id id)
{
	struct pg_store *st = PG(base);
	struct pg_stmt s;
	memset(&s, 0, sizeof s);
	int rc = pg_sql[id] ? pg_stmt_init(st, &s, (int)id, pg_sql[id]) : STORE_ERR;
	if (rc != STORE_OK) {
		snprintf(st->err, sizeof st->err, "statement %d has no PostgreSQL text", (int)id);
	} else {
		Oid *types = pg_types(&s);
		pg_collect(st);
		PGresult *res = PQprepare(st->conn, "kyodo_check", s.sql, s.nparams, types);
		free(types);
		if (!pg_ok(res))
			rc = pg_fail(st, res, "check");
		PQclear(res);
		PQclear(PQexec(st->conn, "DEALLOCATE kyodo_check"));
	}
	pg_stmt_free(&s);
	return rc;
}

static int pg_defer_constraints(struct store *base) { return pg_simple(PG(base), "SET CONSTRAINTS ALL DEFERRED"); }
static int pg_analyze(struct store *base) { return pg_simple(PG(base), "ANALYZE"); }

const struct store_ops store_pg_ops = {
	.name = "PostgreSQL",
	.migrations = "sql/pg/",
	.open = pg_open,
	.close = pg_close,
	.errmsg = pg_errmsg,
	.prepare = pg_prepare,
	.prepare_sql = pg_prepare_sql,
	.finalize = pg_finalize,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.bind_match = pg_bind_match,
	.step = pg_step,
	.reset = pg_reset,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.col_is_null = pg_col_is_null,
	.tx_begin = pg_tx_begin,
	.tx_commit = pg_tx_commit,
	.tx_rollback = pg_tx_rollback,
	.last_id = pg_last_id,
	.changes = pg_changes,
	.set_deadline = pg_set_deadline,
	.set_cache_kib = pg_set_cache_kib,
	.exec_sql = pg_exec_sql,
	.check = pg_check,
	.backup = pg_backup,
	.tables = pg_tables,
	.bulk_begin = pg_bulk_begin,
	.bulk_row = pg_bulk_row,
	.bulk_end = pg_bulk_end,
	.renumber = pg_renumber,
	.defer_constraints = pg_defer_constraints,
	.analyze = pg_analyze,
};

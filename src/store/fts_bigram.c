/* fts_bigram: the FTS5 tokenizer "kyodo_bigram" (see fts_bigram.h): adapts the token
 * scheme of jtext_bigrams to FTS5's tokenizer API. Documents and queries go through the
 * same folding; query mode leaves out the last segment's trailing unigram. Token offsets
 * point into the original text, so highlight() and snippet() mark what people wrote.
 * Also compiled into the sqlite3 shell extension tools/fts_bigram_ext.c, where sqlite3ext.h
 * has been included first and routes the sqlite3_* calls through the extension API. */
#include <sqlite3.h>
#include "store/fts_bigram.h"
#include "util/jtext.h"

struct fts_bigram {
	int unused;
};

struct fts_bigram_call {
	void *ctx;
	int (*token)(void *ctx, int tflags, const char *tok, int ntok, int start, int end);
};

static int fts_bigram_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx, (void)argv;
	if (argc > 0)
		return SQLITE_ERROR;	/* kyodo_bigram takes no options */
	struct fts_bigram *t = sqlite3_malloc(sizeof *t);
	if (!t)
		return SQLITE_NOMEM;
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void fts_bigram_delete(Fts5Tokenizer *t) { sqlite3_free(t); }

static int fts_bigram_token(void *arg, const char *tok, int ntok, int start, int end)
{
	struct fts_bigram_call *call = arg;
	return call->token(call->ctx, 0, tok, ntok, start, end);
}

static int fts_bigram_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int ntext,
			       int (*token)(void *, int, const char *, int, int, int))
{
	(void)t;
	struct fts_bigram_call call = { ctx, token };
	if (!text || ntext <= 0)
		return SQLITE_OK;
	return jtext_bigrams(text, (size_t)ntext, (flags & FTS5_TOKENIZE_QUERY) != 0, fts_bigram_token, &call);
}

static fts5_api *fts_bigram_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api;
}

int fts_bigram_register(struct sqlite3 *db)
{
	fts5_api *api = fts_bigram_api(db);
	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	fts5_tokenizer tok = { fts_bigram_create, fts_bigram_delete, fts_bigram_tokenize };
	return api->xCreateTokenizer(api, "kyodo_bigram", NULL, &tok, NULL);
}

/* fts_bigram_ext: the kyodo_bigram tokenizer as a loadable extension for the sqlite3
 * shell (benchmarks, inspecting kyodo.db by hand):
 *   sqlite3 kyodo.db '.load build/kyodo_bigram' "SELECT rowid FROM org_fts WHERE org_fts MATCH '\"福祉\"'"
 * The tokenizer source is compiled in after sqlite3ext.h, so its sqlite3_* calls go
 * through the extension API; util/jtext.c and util/arena.c are linked beside it. */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
#include "store/fts_bigram.c"

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_extension_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api);

int sqlite3_extension_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api)
{
	SQLITE_EXTENSION_INIT2(api);
	int rc = fts_bigram_register(db);
	if (rc != SQLITE_OK && errmsg)
		*errmsg = sqlite3_mprintf("kyodo_bigram: FTS5 is not available");
	return rc;
}

/* fts_bigram: the FTS5 tokenizer "kyodo_bigram" — overlapping character bigrams of
 * width-, case- and kana-folded text (the scheme is jtext_bigrams in util/jtext.h), so
 * that two-character Japanese words such as 福祉 match and a one-character prefix query
 * ("福" *) finds every word holding the character. Registered on every connection. */
#ifndef KYODO_FTS_BIGRAM_H
#define KYODO_FTS_BIGRAM_H

struct sqlite3;
/* Register kyodo_bigram on db (SQLITE_OK, or an SQLite error code). */
int fts_bigram_register(struct sqlite3 *db);

#endif

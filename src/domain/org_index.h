/* org_index: what the directory's search index holds for a record besides its own text,
 * and the city's list of spelling variants (表記ゆれ) that the index and the query share.
 *
 * A search word finds a group by its own text (name, reading, purpose, activities) and by
 * the words of orgs.search_extra, written with the row (org.c calls org_index_extra):
 *   - the short and full names of its activity fields (保健・医療・福祉, 保健、医療又は福祉の
 *     増進を図る活動), the name of its kind and the kind's other names (社会福祉法人;
 *     子ども会, 子供会), so 福祉 finds every welfare group;
 *   - every word (a run of word characters, as the tokenizer splits them) of its text and of
 *     those names that holds a spelling of the variant list, rewritten with the first
 *     spelling of that spelling's line. The query's words are rewritten the same way before
 *     they are matched (org_variants_rewrite), so 子供, 子ども and こども find each other.
 *
 * The variant list is the setting 'search.variants': one line per set of spellings that
 * find each other, separated by spaces or 、 — the first is the one the index writes. The
 * spellings are compared as the index compares text (width, case and hiragana/katakana
 * folded), so こども and コドモ are already one and need no line. When the list changes,
 * every record whose extra text changes gets it anew, with its index entry, in the
 * transaction of the change (org_variants_save), so the index never holds an old rewrite.
 *
 * org_index_upgrade brings a database's rows up to this code's version of the extra text
 * (ORG_INDEX_VERSION, kept in org_index_version.index_version): after migration 0011, or after a
 * release that changes what the extra text holds; kyodo calls it when it opens a database. */
#ifndef KYODO_ORG_INDEX_H
#define KYODO_ORG_INDEX_H
#include "domain/actor.h"
struct store;
struct arena;
struct org;

#define ORG_INDEX_VERSION 1	/* what search_extra holds; a new value makes kyodo recompute it */
#define ORG_VARIANT_LINES_MAX 300	/* lines of the list */
#define ORG_VARIANT_SPELLINGS_MAX 12	/* spellings on one line */
#define ORG_VARIANT_CHARS_MAX 20	/* characters of one spelling */
#define ORG_VARIANT_TEXT_MAX 20000	/* bytes of the whole list as typed */

/* A parsed list: lines of folded spellings (code points), the first the one written. */
struct org_variants;

/* A problem of the list as typed: its line (1-based; 0 for the whole list), the English
 * msgid, and the spelling at fault (or NULL). */
struct org_variant_problem {
	int line;
	const char *msgid;
	const char *word;
};
#define ORG_VARIANT_PROBLEMS_MAX 20

/* Parses text (the list as typed or stored). Every problem (up to the max) into probs,
 * *nprobs of them: a spelling with a character that splits words (punctuation, symbols),
 * too long, a line with fewer than two different spellings, two spellings of a line that
 * the search already treats as one, a spelling on two lines, too many lines. *out (from a)
 * even when there are problems (without the bad lines); *normal (from a, may be NULL) is
 * the list written back as stored: one line per set, spellings separated by one space,
 * blank lines dropped. 0 when there is no problem, -1 when there are, STORE_ERR when a
 * is full. */
int org_variants_parse(struct arena *a, const char *text, struct org_variants **out, char **normal,
		       struct org_variant_problem *probs, int *nprobs);
/* The city's list from the setting (an empty list when unset; a stored list is never
 * refused: its bad lines are skipped). From a. 0 or a store_rc. */
int org_variants_load(struct store *st, struct arena *a, struct org_variants **out);
/* The number of lines (sets of spellings) of a list. */
int org_variants_count(const struct org_variants *v);

/* text folded as the index folds it, each word that holds a spelling of the list with it
 * replaced by the first spelling of its line (longest spelling first, left to right);
 * separators are kept, so the words stay where they were. From a (NULL when a is full). */
char *org_variants_rewrite(struct arena *a, const struct org_variants *v, const char *text);

/* The extra text of the index for record o (see above), from a (NULL when a is full). */
char *org_index_extra(struct arena *a, const struct org_variants *v, const struct org *o);

/* Admin/coordinator: saves the list typed (audited as the setting 'search.variants', with
 * the list before and after) and, in the same transaction, gives every record whose extra
 * text changes its new text and index entry, and moves the directory's version. -1 with
 * the problems in probs (nothing saved; their spellings from out), 0, or a store_rc.
 * *changed: records re-indexed. */
int org_variants_save(struct store *st, struct arena *out, const struct actor *who, const char *text,
		      struct org_variant_problem *probs, int *nprobs, int *changed);

/* Every record's extra text computed anew; records whose text changed get it with a new
 * index entry (or, when that is most of them, the whole index is rebuilt). Inside the
 * caller's transaction. *changed (may be NULL): how many records changed. */
int org_index_refresh_all(struct store *st, int *changed);

/* At start: when org_index_version.index_version is older than ORG_INDEX_VERSION, computes every
 * record's tags and extra text, rebuilds the index and records the version (one
 * transaction). 0 (also when nothing was to do) or a store_rc. */
int org_index_upgrade(struct store *st);

#endif

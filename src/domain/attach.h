/* attach: attachments (添付ファイル) of any record — one generic module that every kind of
 * record (a group's registry record today; projects, endorsements and adoptions next)
 * uses through one line of attach_kinds[] (attach_kinds.c).
 *
 *  - Types (attach_check.c): a file's type is what its content is (magic bytes; for
 *    office files the zip's or OLE2's inner structure), never its name or the type the
 *    browser declared; and the name's extension must agree with it. PDF, PNG, JPEG, GIF,
 *    WebP, docx/xlsx/pptx, doc/xls/ppt, odt/ods/odp. Anything else is refused.
 *  - Names (attach_check.c): the uploaded name is kept as data only, after removing
 *    path parts, control and bidi characters, and limiting its length.
 *  - Storage (attach.c): the content under its SHA-256 in the attachment directory
 *    (attach_configure), DIR/ab/abcdef… — written to a temporary file, fsynced, renamed,
 *    never under the uploaded name; the same content stored twice is one file, removed
 *    when the last attachment that refers to it goes.
 *  - Permissions: an attachment is seen, added and removed by whom its owner's kind says
 *    (struct attach_kind.may), so it follows the owner's own visibility rule. A finished
 *    owner (a withdrawn or refused endorsement, a stopped project, an ended adoption
 *    agreement) takes no new files: its may() answers ATTACH_CLOSED for ATTACH_ADD and
 *    the upload is refused with the kind's own words (attach_kind.closed).
 *  - Removal by side (attach_may_remove): whoever may remove on the owner removes any of
 *    its files, except a group's account, which removes only the files its own group's
 *    accounts uploaded (the uploader is recorded: attachments.user_id → users.org_id).
 *  - Notices: an add tells the side that must act next through the kind's optional
 *    added() hook, in the add's transaction.
 * Every add and removal is audited in its transaction (entity "attachment").
 * Returns: 0, ATTACH_REFUSED (err holds an English msgid the UI translates),
 * ATTACH_FORBIDDEN, ATTACH_NOT_FOUND, or a store_rc (< 0). */
#ifndef KYODO_ATTACH_H
#define KYODO_ATTACH_H
#include "domain/actor.h"
#include <stddef.h>
#include <stdint.h>
struct store;
struct arena;

#define ATTACH_REFUSED (-1)
#define ATTACH_NOT_FOUND (-100)	/* as PLAN_NOT_FOUND / ORG_NOT_FOUND: 404 */
#define ATTACH_FORBIDDEN (-101)
#define ATTACH_CLOSED (-102)	/* may(ATTACH_ADD): the owner is finished; no new files */
#define ATTACH_DEFAULT_MAX ((size_t)10 << 20)	/* 10 MiB */
#define ATTACH_NAME_MAX 200	/* bytes of a cleaned name */
#define ATTACH_LIST_MAX 200	/* attachments shown per owner */

/* ---- configuration (kyodo serve --attach-dir, --attach-max-mb) ---- */

/* The directory of stored contents (created when missing, with DIR/tmp for uploads in
 * progress) and the largest file accepted, in bytes (0: ATTACH_DEFAULT_MAX). 0 or -1
 * (logged). Without it, uploads are refused ("attachments are not set up"). */
int attach_configure(const char *dir, size_t max_bytes);
/* The same for an instance that only reads (--public-only): the stored contents are
 * served from dir, nothing is created, swept or uploaded (no temporary directory, so
 * every upload is refused). 0, or -1 when dir is not a directory. */
int attach_configure_readonly(const char *dir);
const char *attach_dir(void);	/* NULL when not configured */
const char *attach_tmp_dir(void);	/* DIR/tmp, or NULL */
size_t attach_max_bytes(void);

/* ---- types and names (pure; attach_check.c) ---- */

struct attach_type {
	const char *code;	/* stored: "pdf", "png", "docx", … */
	const char *mime;	/* what downloads are served as */
	const char *exts;	/* the name's extensions that fit, ";pdf;" */
	int image;		/* shown inline (no Content-Disposition: attachment) */
	const char *label;	/* msgid: "PDF", "Word document", … */
};
extern const struct attach_type attach_types[];
extern const int attach_ntypes;
const struct attach_type *attach_type_by_code(const char *code);
/* The type of the file open as fd (size bytes), read from its content; NULL when it is
 * none Kyodo accepts. */
const struct attach_type *attach_type_detect(int fd, uint64_t size);
/* The same for bytes in memory (tests, the fuzzer). */
const struct attach_type *attach_type_detect_mem(const unsigned char *p, size_t n);
/* 1 when name's extension (case-insensitive) is one of t's. */
int attach_ext_fits(const struct attach_type *t, const char *name);
/* The uploaded name as data: the last path part (after / or \), without C0/C1 control,
 * DEL, bidi and zero-width characters, Windows' reserved <>:"|?* as _, leading and
 * trailing spaces and dots removed, at most ATTACH_NAME_MAX bytes (the extension kept,
 * cut on a character boundary). NULL for invalid UTF-8 or a name left empty. */
char *attach_name_clean(struct arena *a, const char *raw);
/* A Content-Disposition value for name (RFC 6266): `attachment` or `inline`, an ASCII
 * fallback filename="…" and filename*=UTF-8''percent-encoded. */
char *attach_disposition(struct arena *a, const char *name, int inline_);

/* ---- kinds of owners (attach_kinds.c) ---- */

enum attach_op { ATTACH_VIEW, ATTACH_ADD, ATTACH_REMOVE };

/* One kind of record that carries attachments. */
struct attach_kind {
	const char *name;	/* in URLs and the table: "org" */
	const char *label;	/* msgid, what the list is called: "Group documents" */
	/* May who do op on owner_id's attachments? 1 yes, 0 no, ATTACH_NOT_FOUND when
	 * there is no such owner, or a store_rc. The owner's own visibility rule. */
	int (*may)(struct store *st, const struct actor *who, long long owner_id, enum attach_op op);
	/* 1 when the owner is public now (anyone may view its attachments), 0, or a store_rc. */
	int (*is_public)(struct store *st, long long owner_id);
	/* The owner's page for this viewer (where the list is shown), in a. */
	const char *(*page)(struct arena *a, const struct actor *who, long long owner_id);
	/* Optional (NULL): called inside the transaction of an add (removed 0) or a removal
	 * (removed 1), e.g. to move the version of the owner's cached public page. 0 or a
	 * store_rc (the write is then rolled back). */
	int (*changed)(struct store *st, long long owner_id, int removed);
	/* Optional (NULL): what the file is, among the owner's own choices (a project: which
	 * of its form's documents, or none of them), as the person who attaches it said
	 * (struct attach_upload.what; the upload form's field "what"). Called inside the add's
	 * transaction after the row is written, with its id, so the owner's module keeps its
	 * own table of it (removed with the row: ON DELETE CASCADE). 0, ATTACH_REFUSED with
	 * *err (an English msgid), or a store_rc; the add is rolled back on any of these but 0. */
	int (*mark)(struct store *st, const struct actor *who, long long owner_id, long long attachment_id,
		    const char *what, const char **err);
	/* msgid of the refusal when may() answers ATTACH_CLOSED: why the owner takes no
	 * new files ("This project was stopped: …"). */
	const char *closed;
	/* Optional (NULL): called inside the transaction of an add, after its row and audit,
	 * to tell the side that must act next (domain/notice.h) — only people who may see the
	 * owner. 0 or a store_rc (the add is then rolled back). */
	int (*added)(struct store *st, const struct actor *who, long long owner_id, const char *file_name);
};
extern const struct attach_kind attach_kinds[];	/* ends with { NULL } */
const struct attach_kind *attach_kind_find(const char *name);
/* View permission: public owners for everyone, else the kind's may(). 1, 0, ATTACH_CLOSED
 * (ATTACH_ADD on a finished owner), or < 0. */
int attach_may(struct store *st, const struct actor *who, const struct attach_kind *k, long long owner_id,
	       enum attach_op op);

/* ---- records (attach.c) ---- */

struct attachment {
	long long id, owner_id, size, user_id;
	long long uploader_org;	/* the group of the account that uploaded it; 0: the city's side */
	char *owner_kind, *sha256, *name, *type, *added_by, *created_at;
};

/* An uploaded file waiting in the temporary directory (http/multipart_upload.c). */
struct attach_upload {
	const char *tmp_path;	/* in attach_tmp_dir() */
	uint64_t size;
	char sha256[65];	/* hex, computed while it arrived */
	const char *filename;	/* as sent, not yet cleaned */
	const char *what;	/* what the file is, for the kind's mark hook (NULL: nothing said) */
};

/* Checks and stores up as an attachment of kind/owner_id: permission (ATTACH_ADD), the
 * name, the type from the content against the name's extension, the size; the content
 * fsynced and renamed to its hash's path (or dropped when that content is stored
 * already); the row and the audit in one transaction. Sets *id. */
int attach_add(struct store *st, struct arena *a, const struct actor *who, const char *kind, long long owner_id,
	       const struct attach_upload *up, long long *id, const char **err);
/* The same from a file on disk (the command line, tests, demo data). */
int attach_add_file(struct store *st, struct arena *a, const struct actor *who, const char *kind,
		    long long owner_id, const char *path, const char *name, long long *id, const char **err);
/* The same, saying what the file is (the kind's mark hook; NULL: nothing said). */
int attach_add_file_as(struct store *st, struct arena *a, const struct actor *who, const char *kind,
		       long long owner_id, const char *path, const char *name, const char *what, long long *id,
		       const char **err);
/* The same from bytes in memory (demo data). */
int attach_add_mem(struct store *st, struct arena *a, const struct actor *who, const char *kind, long long owner_id,
		   const void *data, size_t n, const char *name, long long *id, const char **err);
int attach_add_mem_as(struct store *st, struct arena *a, const struct actor *who, const char *kind,
		      long long owner_id, const void *data, size_t n, const char *name, const char *what, long long *id,
		      const char **err);
/* The demo city's documents (attach_demo.c): the demo group's 会則 and a yearly report, as
 * PDFs written here, attached to its record as its own account (who). 0 or < 0. */
int attach_demo_load(struct store *st, struct arena *a, const struct actor *who, long long org_id);
/* One attachment, when who may view it (ATTACH_FORBIDDEN otherwise). */
int attach_get(struct store *st, struct arena *a, const struct actor *who, long long id, struct attachment *out);
/* An owner's attachments, when who may view them (oldest first, at most ATTACH_LIST_MAX;
 * *more when there are others). */
int attach_list(struct store *st, struct arena *a, const struct actor *who, const char *kind, long long owner_id,
		struct attachment **out, int *n, int *more);
/* May who remove x? The owner kind's ATTACH_REMOVE rule, and for a group's account only
 * the files its own group uploaded (x->uploader_org). 1, 0, or a store_rc. */
int attach_may_remove(struct store *st, const struct actor *who, const struct attachment *x);
/* Removes one (attach_may_remove), and its content when nothing else refers to it. */
int attach_remove(struct store *st, struct arena *a, const struct actor *who, long long id);
/* The stored file's path for a content hash, in a. */
char *attach_blob_path(struct arena *a, const char *sha256);
/* Opens an attachment's stored content for reading: an fd, or -1. */
int attach_open(const struct attachment *att);

#endif

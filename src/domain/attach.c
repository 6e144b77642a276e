/* attach: storing, listing, serving and removing attachments (see attach.h) — the
 * attachment directory, the content under its hash, the rows and their audit. The checks
 * of types and names are attach_check.c's; who may do what is the owner kind's
 * (attach_kinds.c). */
#include "domain/attach.h"
#include "domain/audit.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/log.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char attach_dir_path[PATH_MAX];
static char attach_tmp_path[PATH_MAX];
static size_t attach_max = ATTACH_DEFAULT_MAX;

static int attach_mkdir(const char *p)
{
	if (mkdir(p, 0750) == 0 || errno == EEXIST)
		return 0;
	log_error("attachments: cannot create the directory %s: %s", p, strerror(errno));
	return -1;
}

/* Temporary files older than this were left by a process that died mid-upload (a body
 * has at most an hour to arrive: --body-timeout): removed when a process starts. */
#define ATTACH_TMP_STALE_S (2 * 3600)

/* "rm-" and a SHA-256: a content attach_remove moved aside inside its transaction. */
static const char *attach_trash_sha(const char *name)
{
	if (strncmp(name, "rm-", 3) != 0 || strlen(name + 3) != 64 || strspn(name + 3, "0123456789abcdef") != 64)
		return NULL;
	return name + 3;
}

/* A content moved aside by a removal that may not have committed (the process died
 * between the rename and the commit, and the row still refers to it): put back under its
 * hash, whatever its age (a stored content's time is its upload's). When the removal did
 * commit, the content stays unreferenced, which costs its room and nothing else; when it
 * is in place already, the trash goes. */
static void attach_trash_restore(const char *trash, const char *sha256)
{
	char sub[PATH_MAX + 8], path[PATH_MAX + 80];	/* attach_configure keeps the directory's name short */
	snprintf(sub, sizeof sub, "%s/%.2s", attach_dir_path, sha256);
	snprintf(path, sizeof path, "%s/%s", sub, sha256);
	struct stat sb;
	if (stat(path, &sb) == 0) {
		unlink(trash);
		return;
	}
	if (attach_mkdir(sub) == 0 && rename(trash, path) == 0)
		log_info("attachments: put %s back (a removal that never finished)", path);
}

static void attach_sweep_tmp(const char *tmp)
{
	DIR *d = opendir(tmp);
	struct dirent *e;
	time_t now = time(NULL);
	while (d && (e = readdir(d))) {
		char p[PATH_MAX];
		struct stat sb;
		if (e->d_name[0] == '.' || snprintf(p, sizeof p, "%s/%s", tmp, e->d_name) >= (int)sizeof p)
			continue;
		const char *sha = attach_trash_sha(e->d_name);
		if (sha) {
			if (lstat(p, &sb) == 0 && S_ISREG(sb.st_mode))
				attach_trash_restore(p, sha);
			continue;
		}
		if (lstat(p, &sb) == 0 && S_ISREG(sb.st_mode) && now - sb.st_mtime > ATTACH_TMP_STALE_S && unlink(p) == 0)
			log_info("attachments: removed %s, left by an upload that never finished", p);
	}
	if (d)
		closedir(d);
}

int attach_configure(const char *dir, size_t max_bytes)
{
	attach_dir_path[0] = attach_tmp_path[0] = '\0';
	attach_max = max_bytes ? max_bytes : ATTACH_DEFAULT_MAX;
	if (!dir || !*dir)
		return 0;
	if (strlen(dir) + 80 >= sizeof attach_dir_path) {
		log_error("attachments: the directory name %s is too long", dir);
		return -1;
	}
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s/tmp", dir);
	if (attach_mkdir(dir) < 0 || attach_mkdir(tmp) < 0)
		return -1;
	snprintf(attach_dir_path, sizeof attach_dir_path, "%s", dir);
	snprintf(attach_tmp_path, sizeof attach_tmp_path, "%s", tmp);
	attach_sweep_tmp(tmp);
	return 0;
}

int attach_configure_readonly(const char *dir)
{
	attach_dir_path[0] = attach_tmp_path[0] = '\0';
	struct stat sb;
	if (!dir || !*dir || strlen(dir) + 80 >= sizeof attach_dir_path || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return -1;
	snprintf(attach_dir_path, sizeof attach_dir_path, "%s", dir);
	return 0;
}

const char *attach_dir(void) { return attach_dir_path[0] ? attach_dir_path : NULL; }
const char *attach_tmp_dir(void) { return attach_tmp_path[0] ? attach_tmp_path : NULL; }
size_t attach_max_bytes(void) { return attach_max; }

char *attach_blob_path(struct arena *a, const char *sha256)
{
	if (!attach_dir() || !sha256 || strlen(sha256) != 64 || strspn(sha256, "0123456789abcdef") != 64)
		return NULL;
	return arena_printf(a, "%s/%.2s/%s", attach_dir_path, sha256, sha256);
}

/* ---- rows ---- */

static int attach_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct attachment *x = elem;
	x->id = stmt_int(s, 0);
	x->owner_kind = stmt_text_dup(s, a, 1);
	x->owner_id = stmt_int(s, 2);
	x->sha256 = stmt_text_dup(s, a, 3);
	x->name = stmt_text_dup(s, a, 4);
	x->type = stmt_text_dup(s, a, 5);
	x->size = stmt_int(s, 6);
	x->added_by = stmt_text_dup(s, a, 7);
	x->created_at = stmt_text_dup(s, a, 8);
	x->user_id = stmt_int(s, 9);
	x->uploader_org = stmt_int(s, 10);
	return x->created_at ? 0 : STORE_ERR;
}

static int attach_row_get(struct store *st, struct arena *a, long long id, struct attachment *out)
{
	struct store_arg args[] = { SARG_INT(id), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ATTACH_GET, args, 1, sizeof *out, attach_row, NULL, &l);
	if (rc < 0)
		return rc;
	if (l.n == 0)
		return ATTACH_NOT_FOUND;
	*out = *(struct attachment *)l.rows;
	return 0;
}

int attach_get(struct store *st, struct arena *a, const struct actor *who, long long id, struct attachment *out)
{
	int rc = attach_row_get(st, a, id, out);
	if (rc < 0)
		return rc;
	const struct attach_kind *k = attach_kind_find(out->owner_kind);
	if (!k)
		return ATTACH_NOT_FOUND;	/* a kind this program no longer has */
	rc = attach_may(st, who, k, out->owner_id, ATTACH_VIEW);
	if (rc < 0)
		return rc;
	return rc ? 0 : ATTACH_FORBIDDEN;
}

int attach_list(struct store *st, struct arena *a, const struct actor *who, const char *kind, long long owner_id,
		struct attachment **out, int *n, int *more)
{
	const struct attach_kind *k = attach_kind_find(kind);
	*out = NULL;
	*n = 0;
	if (more)
		*more = 0;
	if (!k)
		return ATTACH_NOT_FOUND;
	int rc = attach_may(st, who, k, owner_id, ATTACH_VIEW);
	if (rc < 0)
		return rc;
	if (!rc)
		return ATTACH_FORBIDDEN;
	struct store_arg args[] = { SARG_TEXT(kind), SARG_INT(owner_id), SARG_INT(ATTACH_LIST_MAX + 1), SARG_END };
	struct store_list l;
	rc = store_list_read(st, a, STMT_ATTACH_LIST, args, ATTACH_LIST_MAX, sizeof **out, attach_row, NULL, &l);
	if (rc < 0)
		return rc;
	*out = l.rows;
	*n = l.n;
	if (more)
		*more = l.more;
	return 0;
}

int attach_open(const struct attachment *att)
{
	struct arena *a = arena_new(0);
	char *p = a ? attach_blob_path(a, att->sha256) : NULL;
	int fd = p ? open(p, O_RDONLY | O_CLOEXEC) : -1;
	arena_free(a);
	return fd;
}

/* ---- storing a content ---- */

static int attach_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Puts the checked temporary file at its hash's path (or drops it when that content is
 * there already). 0 or -1 (logged). */
static int attach_store_blob(struct arena *a, const char *tmp, const char *sha256)
{
	char *path = attach_blob_path(a, sha256);
	char *sub = path ? arena_printf(a, "%s/%.2s", attach_dir_path, sha256) : NULL;
	if (!sub)
		return -1;
	struct stat sb;
	if (stat(path, &sb) == 0) {
		unlink(tmp);	/* the same content is stored: one file */
		return 0;
	}
	int fd = open(tmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		log_error("attachments: cannot sync %s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	if (attach_mkdir(sub) < 0)
		return -1;
	if (rename(tmp, path) != 0) {
		log_error("attachments: cannot move %s to %s: %s", tmp, path, strerror(errno));
		return -1;
	}
	if (attach_fsync_dir(sub) != 0 || attach_fsync_dir(attach_dir_path) != 0)
		log_warn("attachments: cannot sync the directory of %s", path);
	return 0;
}

static char *attach_audit_json(const struct attachment *x)
{
	json_t *j = json_pack("{s:s, s:I, s:s, s:s, s:s, s:I}", "owner_kind", x->owner_kind, "owner_id",
			      (json_int_t)x->owner_id, "name", x->name, "type", x->type, "sha256", x->sha256, "size",
			      (json_int_t)x->size);
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return s;
}

/* The row and its audit, in one transaction; the content put in place inside it, so a
 * removal of the same content (which takes the same write lock) cannot interleave. */
/* The add's permission: ATTACH_FORBIDDEN, ATTACH_REFUSED with *err when the owner is
 * finished (its kind's words), 0 when allowed, or a store_rc. */
static int attach_add_allowed(struct store *st, const struct actor *who, const struct attach_kind *k,
			      long long owner_id, const char **err)
{
	int rc = attach_may(st, who, k, owner_id, ATTACH_ADD);
	if (rc == ATTACH_CLOSED) {
		*err = k->closed ? k->closed : N_("This record is finished: no more files can be attached.");
		return ATTACH_REFUSED;
	}
	if (rc < 0)
		return rc;
	return rc ? 0 : ATTACH_FORBIDDEN;
}

static int attach_insert(struct store *st, struct arena *a, const struct actor *who, const struct attach_kind *k,
			 struct attachment *x, const char *tmp, const char *what, const char **err)
{
	int rc = store_begin(st);
	if (rc < 0)
		return rc;
	/* read again under the write lock: the owner may have been finished (withdrawn,
	 * stopped, ended) or the adder's access taken away since the check before */
	if ((rc = attach_add_allowed(st, who, k, x->owner_id, err)) != 0)
		goto fail;
	struct stmt *s = store_prepare(st, STMT_ATTACH_BLOB_PUT);
	stmt_bind_text(s, 1, x->sha256);
	stmt_bind_int(s, 2, x->size);
	stmt_bind_text(s, 3, x->type);
	if ((rc = stmt_exec(s)) < 0)
		goto fail;
	s = store_prepare(st, STMT_ATTACH_INSERT);
	stmt_bind_text(s, 1, x->owner_kind);
	stmt_bind_int(s, 2, x->owner_id);
	stmt_bind_text(s, 3, x->sha256);
	stmt_bind_text(s, 4, x->name);
	if (who->user_id > 0)
		stmt_bind_int(s, 5, who->user_id);
	else
		stmt_bind_null(s, 5);
	stmt_bind_text(s, 6, who->display_name && *who->display_name ? who->display_name : who->login);
	if ((rc = stmt_exec(s)) < 0)
		goto fail;
	x->id = store_last_id(st);
	char *after = attach_audit_json(x);
	rc = audit_record(st, who, "attach", "attachment", x->id, NULL, after);
	free(after);
	if (rc < 0)
		goto fail;
	if (k->changed && (rc = k->changed(st, x->owner_id, 0)) < 0)
		goto fail;
	if (k->added && (rc = k->added(st, who, x->owner_id, x->name)) < 0)
		goto fail;
	if (k && k->mark && (rc = k->mark(st, who, x->owner_id, x->id, what ? what : "", err)) != 0)
		goto fail;
	if (attach_store_blob(a, tmp, x->sha256) < 0) {
		rc = STORE_ERR;
		goto fail;
	}
	return store_commit(st);
fail:
	store_rollback(st);
	return rc;
}

/* The checks every upload goes through, then the insert. */
static int attach_check_and_insert(struct store *st, struct arena *a, const struct actor *who, const char *kind,
				   long long owner_id, const char *tmp, uint64_t size, const char *sha256,
				   const char *filename, const char *what, long long *id, const char **err)
{
	const struct attach_kind *k = attach_kind_find(kind);
	if (!k)
		return ATTACH_NOT_FOUND;
	int rc = attach_add_allowed(st, who, k, owner_id, err);
	if (rc != 0)
		return rc;
	if (!attach_dir()) {
		*err = N_("Attachments are not set up on this server (no attachment directory).");
		return ATTACH_REFUSED;
	}
	if (size == 0) {
		*err = N_("Choose a file to attach.");
		return ATTACH_REFUSED;
	}
	if (size > attach_max) {
		*err = N_("The file is too large.");
		return ATTACH_REFUSED;
	}
	char *name = attach_name_clean(a, filename);
	if (!name) {
		*err = N_("The file has no usable name. Rename it (for example 会則.pdf) and try again.");
		return ATTACH_REFUSED;
	}
	int fd = open(tmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return STORE_ERR;
	const struct attach_type *t = attach_type_detect(fd, size);
	close(fd);
	if (!t) {
		*err = N_("This kind of file cannot be attached. Attach a PDF, an image (PNG, JPEG, GIF, WebP) or an "
			  "office file (Word, Excel, PowerPoint, OpenDocument).");
		return ATTACH_REFUSED;
	}
	if (!attach_ext_fits(t, name)) {
		*err = N_("The file's content does not match the extension of its name. Check that it is the right "
			  "file, and that its name ends as its kind does (.pdf, .jpg, .docx …).");
		return ATTACH_REFUSED;
	}
	struct attachment x = {
		.owner_id = owner_id,
		.size = (long long)size,
		.owner_kind = (char *)kind,
		.sha256 = (char *)sha256,
		.name = name,
		.type = (char *)t->code,
	};
	if ((rc = attach_insert(st, a, who, k, &x, tmp, what, err)) != 0)
		return rc;
	if (id)
		*id = x.id;
	return 0;
}

int attach_add(struct store *st, struct arena *a, const struct actor *who, const char *kind, long long owner_id,
	       const struct attach_upload *up, long long *id, const char **err)
{
	if (!up || !up->tmp_path) {
		*err = N_("Choose a file to attach.");
		return ATTACH_REFUSED;
	}
	return attach_check_and_insert(st, a, who, kind, owner_id, up->tmp_path, up->size, up->sha256,
				       up->filename ? up->filename : "", up->what, id, err);
}

/* Copies path into a temporary file of the attachment directory, hashing it. */
static char *attach_copy_in(struct arena *a, const char *path, uint64_t *size, char hex[65])
{
	int in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return NULL;
	char *tmp = arena_printf(a, "%s/add-XXXXXX", attach_tmp_path);
	int out = tmp ? mkstemp(tmp) : -1;
	if (out < 0) {
		close(in);
		return NULL;
	}
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	char b[65536];
	ssize_t k;
	*size = 0;
	int ok = 1;
	while (ok && (k = read(in, b, sizeof b)) > 0) {
		crypto_hash_sha256_update(&h, (const unsigned char *)b, (unsigned long long)k);
		ok = write(out, b, (size_t)k) == k;
		*size += (uint64_t)k;
		if (*size > attach_max + 1)
			break;	/* too large: the check says so */
	}
	close(in);
	close(out);
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(hex, 65, d, sizeof d);
	if (!ok) {
		unlink(tmp);
		return NULL;
	}
	return tmp;
}

int attach_add_file(struct store *st, struct arena *a, const struct actor *who, const char *kind,
		    long long owner_id, const char *path, const char *name, long long *id, const char **err)
{
	return attach_add_file_as(st, a, who, kind, owner_id, path, name, NULL, id, err);
}

int attach_add_file_as(struct store *st, struct arena *a, const struct actor *who, const char *kind,
		       long long owner_id, const char *path, const char *name, const char *what, long long *id,
		       const char **err)
{
	if (!attach_dir()) {
		*err = N_("Attachments are not set up on this server (no attachment directory).");
		return ATTACH_REFUSED;
	}
	uint64_t size;
	char hex[65];
	char *tmp = attach_copy_in(a, path, &size, hex);
	if (!tmp) {
		*err = N_("The file could not be read.");
		return ATTACH_REFUSED;
	}
	int rc = attach_check_and_insert(st, a, who, kind, owner_id, tmp, size, hex, name ? name : path, what, id, err);
	unlink(tmp);	/* gone already when it was stored */
	return rc;
}

int attach_add_mem(struct store *st, struct arena *a, const struct actor *who, const char *kind, long long owner_id,
		   const void *data, size_t n, const char *name, long long *id, const char **err)
{
	return attach_add_mem_as(st, a, who, kind, owner_id, data, n, name, NULL, id, err);
}

int attach_add_mem_as(struct store *st, struct arena *a, const struct actor *who, const char *kind,
		      long long owner_id, const void *data, size_t n, const char *name, const char *what, long long *id,
		      const char **err)
{
	if (!attach_dir()) {
		*err = N_("Attachments are not set up on this server (no attachment directory).");
		return ATTACH_REFUSED;
	}
	char *tmp = arena_printf(a, "%s/mem-XXXXXX", attach_tmp_path);
	int fd = tmp ? mkstemp(tmp) : -1;
	if (fd < 0)
		return STORE_ERR;
	int ok = write(fd, data, n) == (ssize_t)n;
	close(fd);
	unsigned char d[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256(d, data, n);
	sodium_bin2hex(hex, sizeof hex, d, sizeof d);
	int rc = ok ? attach_check_and_insert(st, a, who, kind, owner_id, tmp, n, hex, name, what, id, err) : STORE_ERR;
	unlink(tmp);	/* gone already when it was stored */
	return rc;
}

/* ---- removing ---- */

int attach_may_remove(struct store *st, const struct actor *who, const struct attachment *x)
{
	const struct attach_kind *k = attach_kind_find(x->owner_kind);
	if (!k)
		return 0;
	int rc = attach_may(st, who, k, x->owner_id, ATTACH_REMOVE);
	if (rc <= 0)
		return rc == ATTACH_CLOSED ? 0 : rc;
	/* a group removes what its own side uploaded; the city's side (the department in
	 * charge, the division, the center) removes any file of a record it may remove on */
	if (who && who->role == ROLE_GROUP)
		return who->org_id > 0 && x->uploader_org == who->org_id;
	return 1;
}

int attach_remove(struct store *st, struct arena *a, const struct actor *who, long long id)
{
	struct attachment x;
	int rc = attach_row_get(st, a, id, &x);
	if (rc < 0)
		return rc;
	const struct attach_kind *k = attach_kind_find(x.owner_kind);
	if (!k)
		return ATTACH_NOT_FOUND;
	if ((rc = attach_may(st, who, k, x.owner_id, ATTACH_VIEW)) <= 0)
		return rc < 0 ? rc : ATTACH_NOT_FOUND;	/* what one may not see does not exist */
	if ((rc = attach_may_remove(st, who, &x)) <= 0)
		return rc < 0 ? rc : ATTACH_FORBIDDEN;
	char *path = attach_blob_path(a, x.sha256), *trash = NULL;
	if ((rc = store_begin(st)) < 0)
		return rc;
	/* read again under the write lock: the row may be gone, the access taken away */
	struct attachment now;
	if ((rc = attach_row_get(st, a, id, &now)) < 0)
		goto fail;
	if ((rc = attach_may_remove(st, who, &now)) <= 0) {
		rc = rc < 0 ? rc : ATTACH_FORBIDDEN;
		goto fail;
	}
	struct stmt *s = store_prepare(st, STMT_ATTACH_DELETE);
	stmt_bind_int(s, 1, id);
	if ((rc = stmt_exec(s)) < 0)
		goto fail;
	char *before = attach_audit_json(&x);
	rc = audit_record(st, who, "detach", "attachment", id, before, NULL);
	free(before);
	if (rc < 0)
		goto fail;
	if (k->changed && (rc = k->changed(st, x.owner_id, 1)) < 0)
		goto fail;
	s = store_prepare(st, STMT_ATTACH_BLOB_DROP);
	stmt_bind_text(s, 1, x.sha256);
	if ((rc = stmt_exec(s)) < 0)
		goto fail;
	if (store_changes(st) > 0 && path) {
		/* the last reference went: move the file aside inside the transaction (the
		 * write lock keeps an upload of the same content out), delete it after */
		trash = arena_printf(a, "%s/rm-%s", attach_tmp_path, x.sha256);
		if (!trash || (rename(path, trash) != 0 && errno != ENOENT)) {
			rc = STORE_ERR;
			goto fail;
		}
	}
	if ((rc = store_commit(st)) < 0) {
		if (trash)
			rename(trash, path);
		return rc;
	}
	if (trash)
		unlink(trash);
	return 0;
fail:
	store_rollback(st);
	return rc;
}

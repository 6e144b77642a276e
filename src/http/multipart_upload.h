/* multipart_upload: what the server does with a multipart/form-data body of an upload
 * route (ROUTE_UPLOAD) while it arrives — plain fields into the request's form fields
 * (so that the CSRF token and other inputs read as usual), the one file part written to
 * a temporary file of the upload directory and hashed (SHA-256) as it comes, and refused
 * the moment it passes the size limit (the file deleted, nothing kept). The handler reads
 * the result through req_upload(); the temporary file is deleted when the request ends
 * unless the handler moved it (attach.c renames it under its hash). */
#ifndef KYODO_MULTIPART_UPLOAD_H
#define KYODO_MULTIPART_UPLOAD_H
#include "http/multipart.h"
#include "util/buf.h"
#include <sodium.h>
#include <stdint.h>

struct arena;
struct form_fields;

#define MP_FIELD_MAX (64u << 10)	/* a plain field's value */
#define MP_ENVELOPE (64u << 10)	/* what a body may hold besides its file (headers, fields) */

/* The file of an upload, as the handler sees it. */
struct req_upload {
	const char *tmp_path;	/* NULL when no file was sent */
	uint64_t size;
	char sha256[65];	/* lowercase hex */
	const char *filename;	/* as sent (cleaned by the domain), "" when none */
	const char *field;	/* the part's name */
};

struct mp_upload {
	struct mp_parser p;
	struct arena *a;
	struct form_fields *form;
	const char *tmp_dir;	/* NULL: a file part is refused */
	uint64_t max;		/* the file's size limit */
	/* the current part */
	int in_file;
	char field_name[MP_NAME_MAX + 1];
	struct buf value;
	/* the file */
	int fd;
	crypto_hash_sha256_state h;
	struct req_upload file;
	int nfiles;
	int too_large;		/* the file passed max: deleted, the rest of the body ignored */
};

/* Starts parsing a body of content_type. 0, or -1 when it is not multipart/form-data with
 * a usable boundary. */
int mp_upload_begin(struct mp_upload *u, struct arena *a, struct form_fields *form, const char *content_type,
		    const char *tmp_dir, uint64_t max);
/* 0, or -1 when the body is malformed or a file could not be written. Once too_large is
 * set, data is ignored (0). */
int mp_upload_feed(struct mp_upload *u, const char *data, size_t n);
/* After the last piece: 0 when the body was complete, -1 otherwise. */
int mp_upload_end(struct mp_upload *u);
/* The file received, or NULL (none, too large, or failed). */
const struct req_upload *mp_upload_file(const struct mp_upload *u);
/* Closes and deletes whatever temporary file is left. Safe to call twice. */
void mp_upload_discard(struct mp_upload *u);

#endif

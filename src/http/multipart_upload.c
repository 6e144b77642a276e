/* multipart_upload: the upload sink behind the multipart parser (see multipart_upload.h). */
#include "http/multipart_upload.h"
#include "http/form.h"
#include "util/arena.h"
#include "util/log.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int up_part_begin(void *ctx, const struct mp_part *p)
{
	struct mp_upload *u = ctx;
	snprintf(u->field_name, sizeof u->field_name, "%s", p->name);
	if (!form_utf8_valid(p->name, strlen(p->name)))
		return -1;
	buf_reset(&u->value);
	u->in_file = p->filename != NULL;
	if (!u->in_file)
		return 0;
	if (!p->filename[0])
		return 0;	/* a file input left empty: the browser sends filename="" and no data */
	if (u->nfiles++ > 0 || !u->tmp_dir)
		return -1;	/* one file a request, and only where uploads are set up */
	char *path = arena_printf(u->a, "%s/up-XXXXXX", u->tmp_dir);
	if (!path)
		return -1;
	u->fd = mkostemp(path, O_CLOEXEC);
	if (u->fd < 0) {
		log_error("upload: cannot create a temporary file in %s: %s", u->tmp_dir, strerror(errno));
		return -1;
	}
	u->file.tmp_path = path;
	u->file.filename = arena_strdup(u->a, p->filename);
	u->file.field = arena_strdup(u->a, p->name);
	crypto_hash_sha256_init(&u->h);
	return u->file.filename && u->file.field ? 0 : -1;
}

/* The file passed the limit: it goes at once, and nothing of it is kept. */
static void up_too_large(struct mp_upload *u)
{
	u->too_large = 1;
	mp_upload_discard(u);
}

static int up_part_data(void *ctx, const char *data, size_t n)
{
	struct mp_upload *u = ctx;
	if (u->too_large)
		return 0;	/* the rest of a file already refused, in the same piece */
	if (!u->in_file) {
		if (u->value.len + n > MP_FIELD_MAX)
			return -1;
		buf_append(&u->value, data, n);
		return u->value.oom ? -1 : 0;
	}
	if (u->fd < 0)
		return n ? -1 : 0;	/* data for a file input left empty */
	if (u->file.size + n > u->max) {
		up_too_large(u);
		return 0;
	}
	crypto_hash_sha256_update(&u->h, (const unsigned char *)data, n);
	for (size_t done = 0; done < n;) {
		ssize_t k = write(u->fd, data + done, n - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			log_error("upload: cannot write %s: %s", u->file.tmp_path, strerror(errno));
			return -1;
		}
		done += (size_t)k;
	}
	u->file.size += n;
	return 0;
}

static int up_part_end(void *ctx)
{
	struct mp_upload *u = ctx;
	if (!u->in_file) {
		const char *v = buf_cstr(&u->value);
		if (memchr(u->value.data ? u->value.data : "", 0, u->value.len) || !form_utf8_valid(v, u->value.len))
			return -1;
		return form_add(u->a, u->form, u->field_name, v) < 0 ? -1 : 0;
	}
	if (u->fd >= 0) {
		unsigned char d[crypto_hash_sha256_BYTES];
		crypto_hash_sha256_final(&u->h, d);
		sodium_bin2hex(u->file.sha256, sizeof u->file.sha256, d, sizeof d);
		if (close(u->fd) != 0) {
			u->fd = -1;
			return -1;
		}
		u->fd = -1;
	}
	return 0;
}

static const struct mp_callbacks up_callbacks = { up_part_begin, up_part_data, up_part_end };

int mp_upload_begin(struct mp_upload *u, struct arena *a, struct form_fields *form, const char *content_type,
		    const char *tmp_dir, uint64_t max)
{
	memset(u, 0, sizeof *u);
	u->a = a;
	u->form = form;
	u->tmp_dir = tmp_dir;
	u->max = max;
	u->fd = -1;
	return mp_init(&u->p, content_type, &up_callbacks, u);
}

int mp_upload_feed(struct mp_upload *u, const char *data, size_t n)
{
	if (u->too_large)
		return 0;
	return mp_feed(&u->p, data, n);
}

int mp_upload_end(struct mp_upload *u)
{
	if (u->too_large)
		return 0;
	return mp_finish(&u->p);
}

const struct req_upload *mp_upload_file(const struct mp_upload *u)
{
	if (u->too_large || !u->file.tmp_path || u->fd >= 0 || !u->file.sha256[0])
		return NULL;
	return &u->file;
}

void mp_upload_discard(struct mp_upload *u)
{
	if (u->fd >= 0) {
		close(u->fd);
		u->fd = -1;
	}
	if (u->file.tmp_path) {
		unlink(u->file.tmp_path);	/* gone already when the handler stored it */
		u->file.tmp_path = NULL;
	}
	buf_free(&u->value);
}

/* spool: temporary-file bodies with bounded memory (see spool.h). */
#include "util/spool.h"
#include "util/log.h"
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct filebody {
	atomic_int refs;
	int fd;
	uint64_t size;
};

static const char *spool_dir(void)
{
	const char *d = getenv("KYODO_SPOOL_DIR");
	if (!d || !*d)
		d = getenv("TMPDIR");
	return d && *d ? d : "/tmp";
}

/* An anonymous file in dir: O_TMPFILE where the file system has it, else a named file
 * unlinked at once. */
static int spool_tmpfile(const char *dir)
{
#ifdef O_TMPFILE
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
#endif
	char path[4096];
	snprintf(path, sizeof path, "%s/kyodo-spool-XXXXXX", dir);
	int f = mkostemp(path, O_CLOEXEC);
	if (f >= 0)
		unlink(path);
	return f;
}

static int spool_write(void *arg, const void *p, size_t n)
{
	struct spool *sp = arg;
	const char *c = p;
	while (n) {
		ssize_t w = write(sp->fd, c, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			log_error("spool: cannot write the temporary file: %s", strerror(errno));
			return -1;
		}
		c += w;
		n -= (size_t)w;
		sp->len += (uint64_t)w;
	}
	return 0;
}

int spool_open(struct spool *sp)
{
	memset(sp, 0, sizeof *sp);
	sp->fd = spool_tmpfile(spool_dir());
	if (sp->fd < 0) {
		log_error("spool: cannot create a temporary file in %s: %s", spool_dir(), strerror(errno));
		return -1;
	}
	sp->sink.write = spool_write;
	sp->sink.arg = sp;
	sp->sink.high = SPOOL_CHUNK;
	sp->out.sink = &sp->sink;
	return 0;
}

void spool_abort(struct spool *sp)
{
	if (sp->fd > 0)
		close(sp->fd);
	sp->fd = -1;
	buf_free(&sp->out);
}

int spool_finish(struct spool *sp, struct filebody **fb)
{
	*fb = NULL;
	if (sp->fd < 0 || buf_drain(&sp->out) != 0 || sp->out.oom) {
		spool_abort(sp);
		return -1;
	}
	int fd = sp->fd;
	sp->fd = -1;
	buf_free(&sp->out);
	*fb = filebody_from_fd(fd);
	return *fb ? 0 : -1;
}

struct filebody *filebody_from_fd(int fd)
{
	struct stat sb;
	struct filebody *fb = NULL;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) != 0 || !(fb = calloc(1, sizeof *fb))) {
		close(fd);
		return NULL;
	}
	atomic_init(&fb->refs, 1);
	fb->fd = fd;
	fb->size = (uint64_t)sb.st_size;
	return fb;
}

struct filebody *filebody_ref(struct filebody *fb)
{
	if (fb)
		atomic_fetch_add(&fb->refs, 1);
	return fb;
}

void filebody_unref(struct filebody *fb)
{
	if (fb && atomic_fetch_sub(&fb->refs, 1) == 1) {
		close(fb->fd);
		free(fb);
	}
}

void filebody_release(void *fb) { filebody_unref(fb); }

uint64_t filebody_size(const struct filebody *fb) { return fb ? fb->size : 0; }

ssize_t filebody_read(const struct filebody *fb, uint64_t off, void *p, size_t n)
{
	if (off >= fb->size)
		return 0;
	if (n > fb->size - off)
		n = (size_t)(fb->size - off);
	ssize_t r;
	do
		r = pread(fb->fd, p, n, (off_t)off);
	while (r < 0 && errno == EINTR);
	return r;
}

/* spool: a large body (an export, a long list) written through a struct buf into an
 * anonymous temporary file, so that memory stays bounded by the buffer's high-water mark
 * (SPOOL_CHUNK) whatever the size; and the finished file as a refcounted struct filebody
 * that responses send in pieces (pread, so any number of readers share one file) and that
 * a cache may keep. The file has no name (O_TMPFILE, or unlinked at once), so nothing is
 * left behind when the process dies. Directory: $KYODO_SPOOL_DIR, else $TMPDIR, else /tmp. */
#ifndef KYODO_SPOOL_H
#define KYODO_SPOOL_H
#include "util/buf.h"
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SPOOL_CHUNK ((size_t)64 << 10)

struct filebody;

struct spool {
	struct buf out;		/* write here (buf_append, csv_write_row, …); drains to the file */
	/* private */
	struct buf_sink sink;
	int fd;
	uint64_t len;		/* bytes in the file so far */
};

/* Opens the temporary file; `out` is ready. 0, or -1 (logged). */
int spool_open(struct spool *sp);
/* Flushes and hands the file over as a filebody (refcount 1) in *fb. 0, or -1 when
 * anything failed (a write error, or out.oom); the spool is closed either way. */
int spool_finish(struct spool *sp, struct filebody **fb);
/* Gives up: closes and forgets the file. Safe after a failed spool_open. */
void spool_abort(struct spool *sp);

/* A file to send: takes ownership of fd (size from fstat). NULL on failure (fd closed). */
struct filebody *filebody_from_fd(int fd);
struct filebody *filebody_ref(struct filebody *fb);
void filebody_unref(struct filebody *fb);	/* also as a void * release callback */
void filebody_release(void *fb);
uint64_t filebody_size(const struct filebody *fb);
/* Reads up to n bytes at off; bytes read, 0 at the end, -1 on error. */
ssize_t filebody_read(const struct filebody *fb, uint64_t off, void *p, size_t n);

#endif

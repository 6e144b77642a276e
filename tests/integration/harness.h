/* harness: integration-test helpers — a temporary database with users, the real
 * `kyodo serve` as a child process on 127.0.0.1 port 0, and libcurl clients with their
 * own in-memory cookie jars. The binary is $KYODO_BIN (default build/kyodo). */
#ifndef KYODO_HARNESS_H
#define KYODO_HARNESS_H
#include <stddef.h>
#include <sys/types.h>

struct h_server {
	char dir[128];		/* temporary directory */
	char db[192];		/* DIR/t.db, or a postgresql:// URL with KYODO_TEST_DB=pg (tests/common/testdb.h) */
	char base[64];		/* http://127.0.0.1:PORT */
	int port;
	pid_t pid;
	int out_fd;		/* the child's stdout */
	int shared;		/* the directory belongs to another h_server (h_server_share) */
};

struct h_client {
	struct h_server *srv;
	void *curl;		/* CURL *, keeps the cookie jar and the connection */
};

struct h_resp {
	long status;
	char *body;		/* NUL-terminated */
	size_t len;
	char *headers;		/* raw header block, NUL-terminated */
	size_t hlen;
};

/* Creates the directory and database (kyodo init). 0 or -1. */
int h_server_init(struct h_server *s);
/* The same on a named backend ("sqlite" or "pg"), whatever KYODO_TEST_DB says. */
int h_server_init_on(struct h_server *s, const char *backend);
/* kyodo user add LOGIN --role ROLE [--department DEPT]; password on stdin. 0 or -1. */
int h_user_add(struct h_server *s, const char *login, const char *role, const char *password, const char *department);
/* Starts kyodo serve and reads the port. 0 or -1. */
int h_server_start(struct h_server *s);
/* The same with more arguments after `serve --listen 127.0.0.1:0` (NULL-terminated). */
int h_server_start_args(struct h_server *s, const char *const *extra);
/* SIGTERM, waitpid, remove the directory. Returns the exit status of serve (0 = clean). */
int h_server_stop(struct h_server *s);
/* dst serves the database of src (another `kyodo serve` process on the same file, started
 * with h_server_start…); stopping dst leaves the directory to src. */
void h_server_share(struct h_server *dst, const struct h_server *src);

int h_client_init(struct h_client *c, struct h_server *s);
/* The client's requests leave from local address addr ("127.0.0.2": any 127/8 address is
 * this machine's), so that tests can play several clients. 0 or -1. */
int h_client_bind(struct h_client *c, const char *addr);
void h_client_free(struct h_client *c);
/* Requests never follow redirects. 0 when a response arrived (any status), -1 otherwise. */
int h_get(struct h_client *c, const char *path, struct h_resp *r);
int h_post(struct h_client *c, const char *path, const char *form, struct h_resp *r);
/* GET with extra request headers (NULL-terminated list of "Name: value"). */
int h_get_hdr(struct h_client *c, const char *path, const char *const *headers, struct h_resp *r);
/* POST with extra request headers (NULL-terminated list of "Name: value"). */
int h_post_hdr(struct h_client *c, const char *path, const char *form, size_t form_len, const char *const *headers,
	       struct h_resp *r);
void h_resp_free(struct h_resp *r);
/* The value of the first header called name (case-insensitive) into out; NULL if absent. */
const char *h_header(const struct h_resp *r, const char *name, char *out, size_t n);
/* The value of name="csrf" value="…" in the body into out; NULL if absent. */
const char *h_csrf(const struct h_resp *r, char *out, size_t n);
/* Percent-encodes s for a form value (malloc'd). */
char *h_urlenc(const char *s);
/* The urlencoded body a browser would send for the form of html whose action is action
 * (inputs, checked boxes and radios, the selected option of each select, textareas), with
 * the fields of set — name, value, name, value …, NULL-terminated; a NULL value leaves the
 * field out (a box unticked) — replacing or adding to them. malloc'd; NULL when the page
 * has no such form. */
char *h_form_body(const char *html, const char *action, const char *const *set);
/* POST /login; returns the status (303 on success) or -1. */
long h_login(struct h_client *c, const char *login, const char *password);
/* GET path and extract its CSRF token into out; 0 or -1. */
int h_csrf_of(struct h_client *c, const char *path, char *out, size_t n);

/* Runs `kyodo --db DB ARGS…` (args NULL-terminated), stdin_text on standard input; exit status. */
int h_cli(struct h_server *s, const char *const *args, const char *stdin_text);
/* Runs `kyodo ARGS…` without a database and returns its standard output (malloc'd). */
char *h_cli_output(const char *const *args);

#endif

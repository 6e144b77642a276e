/* cli_admin: the commands that look after the installation — serve, init, migrate,
 * backup, user, routes. */
#include "cli/cli.h"
#include "domain/attach.h"
#include "domain/org_index.h"
#include "cli/cli_opts.h"
#include "auth/throttle.h"
#include "domain/account.h"
#include "domain/notice.h"
#include "domain/problems.h"
#include "http/http.h"
#include "http/proxy.h"
#include "io/mail_worker.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jtext.h"
#include "util/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A whole number of at least 1 for an option, or -1 (message printed). */
static long serve_count(const char *opt, const char *v, long max)
{
	char *end;
	long n = v ? strtol(v, &end, 10) : -1;
	if (!v || !*v || *end || n < 1 || n > max) {
		fprintf(stderr, "kyodo serve: %s must be a whole number from 1 to %ld\n", opt, max);
		return -1;
	}
	return n;
}

/* A database the server only reads (a replica, or a --public-only instance's): it must be
 * at the schema this program expects, since nothing may migrate it from here. */
static int serve_check_readonly(const char *target)
{
	char path[512];	/* for messages: a URL's password as *** */
	store_target_shown(target, path, sizeof path);
	struct store *st;
	if (store_open_readonly(target, &st) != 0) {
		fprintf(stderr, "kyodo serve: cannot open %s for reading\n", path);
		return EXIT_DATA;
	}
	int have = store_schema_version(st), want = store_schema_latest();
	store_close(st);
	if (have < 0) {
		fprintf(stderr, "kyodo serve: %s is not a Kyodo database\n", path);
		return EXIT_DATA;
	}
	if (have != want) {
		fprintf(stderr,
			"kyodo serve: %s is at schema version %d; this kyodo needs %d (run kyodo migrate on the primary "
			"and let the replica catch up)\n",
			path, have, want);
		return EXIT_DATA;
	}
	return EXIT_OK;
}

/* The attachment directory: --attach-dir, else beside a SQLite database (DB.files); a
 * PostgreSQL database has none unless given, and its uploads are refused with a message.
 * --public-only reads it only (attach_configure_readonly: nothing created, swept or
 * uploaded), to serve the files of public owners (a published project's). */
static int serve_attach_setup(struct cli *c, const char *dir, size_t max, int public_only)
{
	char beside[4096];
	if (!dir && store_files_dir(c->db_path, beside, sizeof beside) == 0)
		dir = beside;
	if (public_only) {
		if (dir && attach_configure_readonly(dir) != 0)
			log_info("serve: no attachment directory %s: public documents are not served", dir);
		return 0;
	}
	if (!dir)
		log_info("serve: no attachment directory (--attach-dir): uploads are refused");
	if (attach_configure(dir, max) != 0) {
		fprintf(stderr, "kyodo serve: cannot use the attachment directory %s\n", dir);
		return -1;
	}
	return 0;
}

int cmd_serve(struct cli *c, int argc, char **argv)
{
	const char *listen = "127.0.0.1:8080", *threads = NULL, *trusted = NULL, *per_addr = "64";
	const char *header_s = "20", *body_s = "60", *login_addr = "20", *login_name_addr = "5", *db_read = NULL;
	const char *attach_dir_opt = NULL, *attach_mb = "10";
	int public_only = 0, reuse_port = 0;
	const char *pos[1];
	int npos, no_mail = 0;
	struct cli_opt opts[] = { OPT("--listen", &listen),
				  OPT("--threads", &threads),
				  OPT("--trusted-proxy", &trusted),
				  OPT("--max-conns-per-addr", &per_addr),
				  OPT("--header-timeout", &header_s),
				  OPT("--body-timeout", &body_s),
				  OPT("--login-limit-per-addr", &login_addr),
				  OPT("--login-limit-per-name-addr", &login_name_addr),
				  OPT("--db-read", &db_read),
				  OPT("--attach-dir", &attach_dir_opt),
				  OPT("--attach-max-mb", &attach_mb),
				  FLAG("--public-only", &public_only),
				  FLAG("--reuse-port", &reuse_port),
				  FLAG("--no-mail", &no_mail),
				  { 0 } };
	if (cli_parse(argc, argv, opts, pos, 0, &npos))
		return cli_usage("serve");
	static struct proxy_list proxies;	/* lives as long as the server */
	char err[200];
	if (proxy_list_parse(trusted, &proxies, err, sizeof err) != 0) {
		fprintf(stderr, "kyodo serve: --trusted-proxy: %s\n", err);
		return cli_usage("serve");
	}
	long pa = serve_count("--max-conns-per-addr", per_addr, 1024), hs = serve_count("--header-timeout", header_s, 3600),
	     bs = serve_count("--body-timeout", body_s, 3600), th = threads ? serve_count("--threads", threads, 256) : 0;
	long la = serve_count("--login-limit-per-addr", login_addr, 100000),
	     lna = serve_count("--login-limit-per-name-addr", login_name_addr, 100000);
	long amb = serve_count("--attach-max-mb", attach_mb, 1024);
	if (pa < 0 || hs < 0 || bs < 0 || th < 0 || la < 0 || lna < 0 || amb < 0)
		return cli_usage("serve");
	if (serve_attach_setup(c, attach_dir_opt, (size_t)amb << 20, public_only) != 0)
		return EXIT_DATA;
	static struct throttle_limits limits;	/* lives as long as the server */
	limits = throttle_defaults;
	limits.per_addr = (int)la;
	limits.per_name_addr = (int)lna;
	int rc;
	if (public_only) {	/* reads only: nothing is migrated or written from here */
		if ((rc = serve_check_readonly(db_read ? db_read : c->db_path)) != 0)
			return rc;
	} else {
		struct store *st;
		if ((rc = cli_open(c, &st)) != 0)	/* migrate before the workers open their connections */
			return rc;
		store_close(st);
		if (db_read && (rc = serve_check_readonly(db_read)) != 0)
			return rc;
	}
	struct server_opts so = {
		.db_path = c->db_path,
		.db_read_path = db_read,
		.public_only = public_only,
		.reuse_port = reuse_port,
		.listen = listen,
		.threads = (unsigned)th,
		.max_body = 1u << 20,
		.max_conns = 1024,
		.max_conns_per_ip = (unsigned)pa,
		.timeout_s = 30,
		.header_timeout_s = (unsigned)hs,
		.body_timeout_s = (unsigned)bs,
		.trusted = &proxies,
		.login_limits = &limits,
		.upload_dir = attach_tmp_dir(),
		.upload_max = attach_max_bytes(),
	};
	/* the outbox worker: its own connection and thread, stopped after the server */
	if (public_only)	/* its database is read-only: it cannot write the outbox */
		no_mail = 1;
	struct mail_worker *mw = no_mail ? NULL : mail_worker_start(c->db_path);
	if (!no_mail && !mw)
		return EXIT_DATA;
	rc = server_run(&so) == 0 ? EXIT_OK : EXIT_DATA;
	mail_worker_stop(mw);
	return rc;
}

int cmd_init(struct cli *c, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage("init");
	struct store *st;
	int rc = cli_open(c, &st);
	if (rc)
		return rc;
	printf("kyodo: %s is ready (schema version %d)\n", c->db_shown, store_schema_version(st));
	store_close(st);
	return EXIT_OK;
}

int cmd_migrate(struct cli *c, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage("migrate");
	struct store *st;
	int applied;
	if (store_open(c->db_path, &st) != 0) {
		fprintf(stderr, "kyodo: cannot open the database %s\n", c->db_shown);
		return EXIT_DATA;
	}
	int rc = store_migrate(st, &applied);
	if (rc == 0)
		rc = org_index_upgrade(st);	/* the search index's extra text, when a migration asks */
	if (rc == 0)
		printf("kyodo: %d migration(s) applied; schema version %d\n", applied, store_schema_version(st));
	else
		fprintf(stderr, "kyodo: migration failed: %s\n", store_errmsg(st));
	store_close(st);
	return rc == 0 ? EXIT_OK : EXIT_DATA;
}

int cmd_backup(struct cli *c, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage("backup");
	if (access(argv[1], F_OK) == 0) {
		fprintf(stderr, "kyodo backup: %s exists already; choose a new file name\n", argv[1]);
		return EXIT_DATA;
	}
	struct store *st;
	int rc = cli_open(c, &st);
	if (rc)
		return rc;
	rc = store_backup(st, argv[1]);
	store_close(st);
	if (rc != 0) {
		fprintf(stderr, "kyodo backup: could not write %s\n", argv[1]);
		unlink(argv[1]);
		return EXIT_DATA;
	}
	printf("kyodo: backed up %s to %s\n", c->db_shown, argv[1]);
	return EXIT_OK;
}

int cmd_copy_data(struct cli *c, int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *pos[1];
	int replace = 0, npos;
	const struct cli_opt opts[] = { OPT("--from", &from), OPT("--to", &to), FLAG("--replace", &replace), { 0 } };
	int rc = cli_parse(argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc;
	if (!from || !to)
		return cli_usage("copy-data");
	char fshown[512], tshown[512], err[512];
	store_describe_target(from, fshown, sizeof fshown);
	store_describe_target(to, tshown, sizeof tshown);
	struct store *src = NULL, *dst = NULL;
	if (store_open(from, &src) != 0) {
		fprintf(stderr, "kyodo copy-data: cannot open the source %s\n", fshown);
		return EXIT_DATA;
	}
	if (store_open(to, &dst) != 0) {
		fprintf(stderr, "kyodo copy-data: cannot open the target %s\n", tshown);
		store_close(src);
		return EXIT_DATA;
	}
	printf("kyodo: copying %s into %s\n", fshown, tshown);
	struct store_copy_opts co = { .replace = replace, .report = stdout };
	rc = store_copy(src, dst, &co, err, sizeof err);
	store_close(dst);
	store_close(src);
	if (rc != 0) {
		fprintf(stderr, "kyodo copy-data: %s; nothing was written to %s\n", err, tshown);
		return EXIT_DATA;
	}
	printf("kyodo: every table copied and checked\n");
	return EXIT_OK;
}

static void user_print(const struct user *u, void *arg)
{
	(void)arg;
	printf("%-20s %-12s %-8s %-24s %s\n", u->login, role_names[u->role], u->disabled ? "disabled" : "active",
	       u->department, u->display_name);
}

static int user_lookup(struct store *st, const char *login, struct user *u)
{
	if (account_user_get(st, login, u) != 0) {
		fprintf(stderr, "kyodo user: no user '%s'\n", login);
		return EXIT_DATA;
	}
	return EXIT_OK;
}

/* The address notices are emailed to (admin's provisioning; the person can change it). */
static int user_set_email(struct store *st, const struct actor *who, long long user_id, const char *email)
{
	struct problems e = { 0 };
	int rc = notice_prefs_set_email(st, who, user_id, email, &e);
	for (int i = 0; rc == -1 && i < e.n; i++)
		fprintf(stderr, "kyodo user: %s\n", e.p[i].msgid);
	return rc == 0 ? EXIT_OK : EXIT_DATA;
}

int cmd_user(struct cli *c, int argc, char **argv)
{
	const char *role = NULL, *dept = NULL, *name = NULL, *email = NULL;
	const char *pos[3];
	int npos;
	struct cli_opt opts[] = { OPT("--role", &role), OPT("--department", &dept), OPT("--name", &name),
				  OPT("--email", &email), { 0 } };
	if (cli_parse(argc, argv, opts, pos, 3, &npos) || npos < 1)
		return cli_usage("user");
	const char *sub = pos[0], *login = npos > 1 ? pos[1] : NULL;
	if (npos > 2 && strcmp(sub, "email") != 0)
		return cli_usage("user");
	struct store *st;
	char err[256], pw[600];
	struct user u;
	int rc = cli_open(c, &st);
	if (rc)
		return rc;
	if (strcmp(sub, "list") == 0 && npos == 1) {
		rc = account_user_each(st, user_print, NULL) < 0 ? EXIT_DATA : EXIT_OK;
	} else if (strcmp(sub, "add") == 0 && login) {
		enum role r;
		struct arena *ea = arena_new(0);
		int email_bad = email && *email && (!ea || !jtext_email(ea, email));
		arena_free(ea);
		if (!role || role_parse(role, &r) != 0 || r == ROLE_PUBLIC) {
			fprintf(stderr, "kyodo user add: --role must be admin, staff, coordinator, group or committee\n");
			rc = EXIT_USAGE;
		} else if (email_bad) {
			fprintf(stderr, "kyodo user add: --email '%s' is not an email address (name@example.jp)\n", email);
			rc = EXIT_USAGE;
		} else if (!(rc = cli_read_secret(pw, sizeof pw))) {
			if (account_user_add_creating_department(st, &c->who, login, name ? name : login, r, dept, pw, err,
								 sizeof err) <= 0) {
				fprintf(stderr, "kyodo user add: %s\n", err);
				rc = EXIT_DATA;
			} else if (email && (user_lookup(st, login, &u) || user_set_email(st, &c->who, u.id, email))) {
				rc = EXIT_DATA;
			} else
				printf("kyodo: added %s (%s)\n", login, role);
		}
	} else if (strcmp(sub, "email") == 0 && npos == 3) {
		if (!(rc = user_lookup(st, login, &u)) && !(rc = user_set_email(st, &c->who, u.id, pos[2])))
			printf("kyodo: notices for %s go to %s\n", login, *pos[2] ? pos[2] : "the inbox only");
	} else if (strcmp(sub, "set-password") == 0 && login) {
		if (!(rc = user_lookup(st, login, &u)) && !(rc = cli_read_secret(pw, sizeof pw)) &&
		    account_set_password(st, &c->who, u.id, pw, err, sizeof err) != 0) {
			fprintf(stderr, "kyodo user set-password: %s\n", err);
			rc = EXIT_DATA;
		}
	} else if (strcmp(sub, "unlock") == 0 && login) {
		int lifted = 0;
		if (throttle_lift(st, &c->who, THROTTLE_ACCOUNT, login, NULL, &lifted) != 0) {
			fprintf(stderr, "kyodo user unlock: could not write to %s\n", c->db_shown);
			rc = EXIT_DATA;
		} else {
			printf("kyodo: %s may log in again (%d failed attempt%s forgotten)\n", login, lifted,
			       lifted == 1 ? "" : "s");
		}
	} else if ((strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) && login) {
		if (!(rc = user_lookup(st, login, &u)) &&
		    account_set_disabled(st, &c->who, u.id, strcmp(sub, "disable") == 0) != 0)
			rc = EXIT_DATA;
	} else {
		rc = cli_usage("user");
	}
	store_close(st);
	return rc;
}

int cmd_routes(struct cli *c, int argc, char **argv)
{
	(void)c;
	if (argc > 1)
		return cli_usage("routes");
	for (int t = 0; route_tables[t]; t++)
		for (const struct route *r = route_tables[t]; r->pattern; r++) {
			printf("%s %s ", r->method == HTTP_GET ? "GET" : "POST", r->pattern);
			int first = 1;
			for (int k = 0; k < ROLE__MAX; k++)
				if (r->roles & ROLE_BIT(k)) {
					printf("%s%s", first ? "" : ",", role_names[k]);
					first = 0;
				}
			printf(" %s%s%s\n", r->flags & ROUTE_API ? "api" : "page", r->flags & ROUTE_NO_CSRF ? ",no-csrf" : "",
			       r->flags & ROUTE_PUBLIC ? ",public" : "");
		}
	return EXIT_OK;
}

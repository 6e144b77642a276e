/* cli_demo: `kyodo demo` loads the demo city (みどり野市, fictional): departments, one
 * login per role, and the collaboration plan with three fiscal years of progress — two
 * published, the current one open for departments to answer. The data travels in the
 * binary (the CSV files in demo/) and goes through the same import as a city's own files. */
#include "cli/cli.h"
#include "domain/account.h"
#include "domain/plan.h"
#include "domain/plan_import.h"
#include "io/csv.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/embed.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_PASSWORD "kyodo-demo-2026"
#define DEMO_PLAN "midorino-2"

static const struct { const char *name, *kana; } demo_departments[] = {
	{ "協働推進課", "キョウドウスイシンカ" }, { "企画政策課", "キカクセイサクカ" },
	{ "生涯学習課", "ショウガイガクシュウカ" }, { "人事課", "ジンジカ" },
	{ "福祉総務課", "フクシソウムカ" }, { "財政課", "ザイセイカ" },
};

static const struct {
	const char *login, *name, *role, *department;
} demo_users[] = {
	{ "admin", "協働推進課 管理者", "admin", NULL },
	{ "kyodo", "協働推進課 担当", "staff", "協働推進課" },
	{ "kikaku", "企画政策課 担当", "staff", "企画政策課" },
	{ "gakushu", "生涯学習課 担当", "staff", "生涯学習課" },
	{ "center", "市民活動センター 相談員", "coordinator", NULL },
	{ "group", "みどり野子ども食堂ネット", "group", NULL },
	{ "committee", "協働推進委員", "committee", NULL },
};

static const struct { int fy; const char *file; int publish; } demo_years[] = {
	{ 2022, "demo/plan-2022.csv", 1 },
	{ 2023, "demo/plan-2023.csv", 1 },
	{ 2024, "demo/plan-2024.csv", 0 },
};

static int demo_outcomes(struct store *st, const struct actor *who, struct arena *a, const struct plan *p)
{
	const struct embed_file *f = embed_find("demo/outcomes.csv");
	struct csv_table t = { 0 };
	char err[256];
	if (!f || csv_read((const char *)f->data, f->len, CSV_ENC_UTF8, &t, err, sizeof err) != 0)
		return -1;
	int rc = 0;
	for (size_t r = 1; r < t.nrows && rc == 0; r++) {
		int fy = atoi(csv_cell(&t, r, 0));
		struct plan_tree tree;
		if ((rc = plan_tree_load(st, a, p, 0, 0, &tree)) != 0)
			break;
		for (int i = 0; i < tree.n; i++)
			if (strcmp(tree.nodes[i].code, csv_cell(&t, r, 1)) == 0)
				rc = plan_branch_year_save(st, who, p, tree.nodes[i].id, fy, csv_cell(&t, r, 2),
							   csv_cell(&t, r, 3), err, sizeof err);
	}
	csv_table_free(&t);
	return rc;
}

int cmd_demo(struct cli *c, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage("demo");
	struct store *st;
	int rc = cli_open(c, &st);
	if (rc)
		return rc;
	struct arena *a = arena_new(0);
	struct plan *p;
	char err[256] = "";
	if (plan_get_by_name(st, a, DEMO_PLAN, &p) == 0) {
		fprintf(stderr, "kyodo demo: %s already holds the demo data\n", c->db_path);
		rc = EXIT_DATA;
		goto out;
	}
	rc = EXIT_DATA;
	for (size_t i = 0; i < sizeof demo_departments / sizeof *demo_departments; i++)
		if (account_department_ensure(st, &c->who, demo_departments[i].name, demo_departments[i].kana) < 0) {
			fprintf(stderr, "kyodo demo: cannot create department %s: %s\n", demo_departments[i].name,
				store_errmsg(st));
			goto out;
		}
	for (size_t i = 0; i < sizeof demo_users / sizeof *demo_users; i++) {
		enum role r;
		role_parse(demo_users[i].role, &r);
		if (account_user_add(st, &c->who, demo_users[i].login, demo_users[i].name, r, demo_users[i].department,
				     DEMO_PASSWORD, err, sizeof err) <= 0) {
			fprintf(stderr, "kyodo demo: user %s: %s\n", demo_users[i].login, err);
			goto out;
		}
	}
	long long id;
	if (plan_create(st, &c->who, DEMO_PLAN, "第2次みどり野市協働のまちづくり推進計画", 2022, 2026,
			"済,済・継=済,一部済,着手中,未", "【Ⅰ】,【Ⅱ-ア】,【Ⅱ-イ】,【Ⅲ】", "A=90,B=60,C=0", &id, err,
			sizeof err) != 0 ||
	    plan_get(st, a, id, &p) != 0) {
		fprintf(stderr, "kyodo demo: plan: %s\n", err);
		goto out;
	}
	static const struct { const char *label, *description, *horizon; } classes[] = {
		{ "【Ⅰ】", "優先度が高く、早期に実施するもの", "1〜2年" },
		{ "【Ⅱ-ア】", "優先度がやや高く、計画期間中に実施するもの", "3〜5年" },
		{ "【Ⅱ-イ】", "今の取組を続けながら充実させるもの", "継続" },
		{ "【Ⅲ】", "検討を重ね、段階的に実施するもの", "5年以上" },
	};
	for (size_t i = 0; i < sizeof classes / sizeof *classes; i++) {
		int k = plan_priority_match(p, classes[i].label);
		if (k < 0 || plan_priority_describe(st, &c->who, p->priorities[k].id, classes[i].description,
						    classes[i].horizon, err, sizeof err) != 0) {
			fprintf(stderr, "kyodo demo: priority class %s: %s\n", classes[i].label, err);
			goto out;
		}
	}
	if (plan_get(st, a, id, &p) != 0)
		goto out;
	for (size_t i = 0; i < sizeof demo_years / sizeof *demo_years; i++) {
		const struct embed_file *f = embed_find(demo_years[i].file);
		struct buf errors = BUF_INIT, warnings = BUF_INIT;
		struct plan_import_result res;
		int irc = f ? plan_import(st, &c->who, p, demo_years[i].fy, demo_years[i].file, (const char *)f->data,
					  f->len, CSV_ENC_UTF8, &res, &errors, &warnings) : -1;
		if (irc != 0)
			fprintf(stderr, "kyodo demo: %s", buf_cstr(&errors));
		buf_free(&errors);
		buf_free(&warnings);
		if (irc != 0)
			goto out;
		if (i + 1 == sizeof demo_years / sizeof *demo_years && demo_outcomes(st, &c->who, a, p) != 0) {
			fprintf(stderr, "kyodo demo: cannot record outcomes and problems\n");
			goto out;
		}
	}
	for (size_t i = 0; i < sizeof demo_years / sizeof *demo_years; i++) {
		if (plan_round_open(st, &c->who, p, demo_years[i].fy, err, sizeof err) != 0 ||
		    (demo_years[i].publish && plan_round_publish(st, &c->who, p, demo_years[i].fy, err, sizeof err) != 0)) {
			fprintf(stderr, "kyodo demo: round %d: %s\n", demo_years[i].fy, err);
			goto out;
		}
	}
	printf("kyodo: demo data loaded into %s\n", c->db_path);
	printf("kyodo: demo logins (password for all: %s):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof demo_users / sizeof *demo_users; i++)
		printf("  %-10s %-12s %s\n", demo_users[i].login, demo_users[i].role, demo_users[i].name);
	rc = EXIT_OK;
out:
	arena_free(a);
	store_close(st);
	return rc;
}

/* commands: the table of kyodo's commands, their synopsis and help (one place, so that
 * `kyodo --help`, `kyodo COMMAND --help` and usage errors always agree). */
#include "cli/cli.h"
#include <stdio.h>
#include <string.h>

const struct cli_command cli_commands[] = {
	{ "serve", cmd_serve,
	  "serve [--listen ADDR:PORT] [--threads N] [--trusted-proxy LIST] [--max-conns-per-addr N] "
	  "[--header-timeout S] [--body-timeout S] [--login-limit-per-addr N] [--login-limit-per-name-addr N] "
	  "[--db-read DB] [--public-only] [--reuse-port] [--no-mail] [--attach-dir DIR] [--attach-max-mb N]",
	  "Serve the web interface and the JSON API (default 127.0.0.1:8080).\n"
	  "Applies pending migrations first. Stops cleanly on Ctrl-C or SIGTERM.\n"
	  "  --threads N           worker threads (default 4 a core, at least 8, at most 64): a\n"
	  "                        page being built or a write waiting for the disk holds one.\n"
	  "  --trusted-proxy LIST  comma-separated addresses or networks of your reverse proxies\n"
	  "                        (e.g. 127.0.0.1,::1, or the load balancer's own addresses —\n"
	  "                        never a whole network whose other hosts reach kyodo). Only from these peers are\n"
	  "                        X-Forwarded-For (read from the right, skipping these addresses)\n"
	  "                        and X-Real-IP believed; nobody is trusted by default. The client\n"
	  "                        address is used by login throttling, the limits per address,\n"
	  "                        the registration limits and the audit log.\n"
	  "  --max-conns-per-addr N  open connections per address (default 64; a trusted proxy is\n"
	  "                        not limited), and requests in progress per client address.\n"
	  "  --header-timeout S    a request's headers must arrive within S seconds of the\n"
	  "                        connection being ready (default 20, idle keep-alive included).\n"
	  "  --body-timeout S      its body within S seconds of the headers (default 60).\n"
	  "  --login-limit-per-addr N  failed logins from one address in 15 minutes that stop\n"
	  "                        logins from it (default 20; raise it when many people share\n"
	  "                        one address, such as a city hall behind NAT).\n"
	  "  --login-limit-per-name-addr N  failed logins of one name from one address that stop\n"
	  "                        that name from it (default 5). An IPv6 address counts by its /64.\n"
	  "  --db-read DB          a read replica of the database: anonymous requests for the\n"
	  "                        public pages read it; logins, logged-in pages and writes use\n"
	  "                        --db. It must be at this kyodo's schema version.\n"
	  "  --attach-dir DIR      where attachments are stored, each under its content's SHA-256\n"
	  "                        (default: beside a SQLite database, DB.files; a PostgreSQL\n"
	  "                        database needs it — without it uploads are refused). Back it\n"
	  "                        up with the database; every server process must see the same one.\n"
	  "  --attach-max-mb N     the largest attachment accepted, in MiB (default 10).\n"
	  "  --public-only         serve the public pages alone (directory, statistics, open data,\n"
	  "                        progress reports, their JSON, static files): every other path,\n"
	  "                        login and every form included, is 404. Nothing is migrated or\n"
	  "                        written: --db (or --db-read) is opened read-only.\n"
	  "  --reuse-port          let several kyodo processes listen on the same address (the\n"
	  "                        kernel spreads connections among them).\n"
	  "  --no-mail             do not run the mail worker in this process (another process\n"
	  "                        sends: a second `kyodo serve`, or `kyodo mail send` from cron).\n"
	  "                        --public-only implies it.\n"
	  "At most 1024 connections in all; 30 s of silence closes a connection.\n"
	  "Cached public pages show a change at most 5 s after it was made, in every process.\n"
	  "The mail worker sends the outbox to the relay set on /admin/mail (password from\n"
	  "KYODO_SMTP_PASSWORD), retrying with backoff while the relay is down." },
	{ "init", cmd_init, "init", "Create the database (if missing) and apply every migration." },
	{ "migrate", cmd_migrate, "migrate", "Apply pending migrations; running it again changes nothing." },
	{ "demo", cmd_demo, "demo",
	  "Load the demo city: departments, one login per role, a plan with several fiscal years." },
	{ "user", cmd_user,
	  "user add LOGIN --role ROLE [--department NAME] [--name NAME] [--email ADDRESS] | user list | "
	  "user set-password LOGIN | user disable LOGIN | user enable LOGIN | user unlock LOGIN | "
	  "user email LOGIN ADDRESS",
	  "Manage accounts. Roles: admin, staff (needs --department), coordinator, group, committee.\n"
	  "Passwords are read from the first line of standard input (at least 10 characters).\n"
	  "unlock forgets the failed logins of LOGIN from every address, which lifts every login\n"
	  "lock on that name (audited; the web has the same at /admin/locks).\n"
	  "email (and add --email) sets the address notices are emailed to ('' for none); the\n"
	  "person can change it, and choose in-app only, on /account/notices." },
	{ "backup", cmd_backup, "backup FILE",
	  "Copy the database to FILE while the server runs: a SQLite database with SQLite's online\n"
	  "backup; a PostgreSQL database with pg_dump --format=custom (restore with pg_restore)." },
	{ "copy-data", cmd_copy_data, "copy-data --from DB --to DB [--replace]",
	  "Copy a whole database into another: SQLite to PostgreSQL or back (DB is a file path\n"
	  "or a postgresql:// URL; --db is not used). The target is migrated and filled in ONE\n"
	  "transaction; at the end the rows and a SHA-256 checksum of every table are compared\n"
	  "with the source's, and nothing at all is written unless every table agrees. A target\n"
	  "that holds data is refused unless --replace (its rows are deleted in the same\n"
	  "transaction). Stop the servers while copying: a source that changes meanwhile fails\n"
	  "the check. The search index is built anew in the target." },
	{ "plan", cmd_plan,
	  "plan create|import|rollup|export|list|round|carry-over …",
	  "  plan create NAME --from FY --to FY --statuses LIST [--priorities LIST] [--grades LIST] [--title T]\n"
	  "  plan import NAME FILE --year FY [--encoding auto|utf-8|cp932]\n"
	  "  plan rollup NAME --year FY --by priority|branch|grade [--depth N] [--format text|csv|json]\n"
	  "  plan export NAME --year FY --format csv|csv-cp932|xlsx|json [-o FILE]\n"
	  "  plan list\n"
	  "  plan round NAME --year FY open [--deadline DATE] | deadline DATE|none | status\n"
	  "  plan round NAME --year FY submit|remind --department NAME [--message TEXT]\n"
	  "  plan round NAME --year FY publish [--with-open --reason TEXT] | reopen --reason TEXT\n"
	  "  plan carry-over NAME NEW --year FY --from FY --to FY [--title T]\n"
	  "FY is a fiscal year: 2023, R5, 令和5, 令和5年度, H31, 平成31年度 …\n"
	  "--statuses: label or label=group, comma-separated (e.g. 済,済・継=済,一部済,着手中,未).\n"
	  "--grades: label=minimum percent (e.g. A=90,B=60,C=0)." },
	{ "project", cmd_project,
	  "project import FILE [--encoding auto|utf-8|cp932] [--dry-run] | "
	  "project export --year FY --format csv|xlsx|json [--encoding utf-8|cp932] [-o FILE] | "
	  "project stats --year FY [--format text|csv|json]",
	  "Collaboration projects (協働事業) as files.\n"
	  "  project import FILE [--encoding auto|utf-8|cp932] [--dry-run]\n"
	  "    Columns (any order): 事業名 開始年度 終了年度 担当課 形態 領域 パートナー 段階, and\n"
	  "    optionally 目的 関連施策 予算. パートナー: registry names separated by 、; 関連施策:\n"
	  "    plan item codes separated by 、. Years as 2023, R5, 令和5年度, H26. Projects are\n"
	  "    matched by 事業名 + 開始年度, so importing again updates. Any bad row (unknown\n"
	  "    form, zone, stage, department or partner; end before start) fails the whole import\n"
	  "    with file, row and column, and nothing is written.\n"
	  "  project export --year FY --format csv|xlsx|json [--encoding utf-8|cp932] [-o FILE]\n"
	  "    The projects running in FY, in the import's columns (it imports back unchanged).\n"
	  "  project stats --year FY [--format text|csv|json]\n"
	  "    Counts: CSV `by,key,count` with a form line for every form (rulebook order) and a\n"
	  "    zone line for every zone (map order), zeros included, department lines, then\n"
	  "    `total,projects,N` and `total,departments,M`. A project counts in every fiscal year\n"
	  "    it runs." },
	{ "org", cmd_org, "org import FILE [--encoding auto|utf-8|cp932] [--dry-run] [--create-areas] | "
	  "org export --format csv|xlsx|json [--public] [--encoding utf-8|cp932] [-o FILE]",
	  "The registry of groups and other actors, as CSV (Japanese headers, any order).\n"
	  "  org import FILE [--encoding auto|utf-8|cp932] [--dry-run] [--create-areas]\n"
	  "    Columns: 種別 団体名 団体名カナ 法人番号 設立年月日 目的 活動内容 活動分野 活動地区 会員数\n"
	  "    代表者 代表者カナ 郵便番号 住所 電話番号 FAX番号 メール ウェブサイト 公開項目 登録番号\n"
	  "    登録日 状態 募集 (also 市内会員数 主な年齢層 主な収入源 SNS 連絡担当者 連絡担当者カナ,\n"
	  "    and 審査状態 最終確認日 確認依頼日). Rows match existing records by 法人番号, else by\n"
	  "    団体名 + 団体名カナ, and update them; a column the file lacks keeps its stored value.\n"
	  "    Any bad row fails the whole import (every one is named by row and column) and nothing\n"
	  "    is written. A new record takes 審査状態 and the dates from the file (registered and\n"
	  "    confirmed now without them); an import never changes an existing record's review\n"
	  "    state. A file exported in Shift_JIS imports back unchanged (〜/～ and the like are\n"
	  "    the same text, 〓 stands for the stored character). Codes a spreadsheet damaged\n"
	  "    (42 for 0042, 1.23E+12, 2001-01-01 for 1-1) are refused with a hint.\n"
	  "    --dry-run prints what would be created and updated and writes nothing.\n"
	  "    --create-areas creates the areas (活動地区) the file names that the city lacks.\n"
	  "  org export --format csv|xlsx|json [--public] [--encoding utf-8|cp932] [-o FILE]\n"
	  "    Every record in the import's columns (an export imports back unchanged, also into\n"
	  "    an empty database with --create-areas); CSV is UTF-8 with a BOM unless --encoding\n"
	  "    cp932, which writes 〓 for what Shift_JIS cannot hold and names each on stderr.\n"
	  "    --public: only the public directory's records and their public values. An .xlsx\n"
	  "    export (counts and dates typed) needs -o FILE." },
	{ "mail", cmd_mail, "mail send | mail status [--log N] | mail retry [ID] | mail test ADDRESS",
	  "The mail outbox: notices by email wait there until the relay takes them.\n"
	  "  mail send            send every queued message now, without waiting for its next\n"
	  "                       attempt (exit 2 when some still wait or failed)\n"
	  "  mail status [--log N]  the relay settings, the counts (queued, sent, failed) and,\n"
	  "                       with --log, the newest N messages with their last error\n"
	  "  mail retry [ID]      queue failed messages again (every one, or message ID)\n"
	  "  mail test ADDRESS    queue a test message to ADDRESS\n"
	  "The relay is set by the admin on /admin/mail; its password comes from the\n"
	  "environment variable KYODO_SMTP_PASSWORD. Any number of `kyodo serve` and\n"
	  "`kyodo mail send` may run on one database: none sends a message another holds." },
	{ "endorse", cmd_endorse, "endorse remind [--today DATE] [--dry-run]",
	  "Endorsements (後援名義): send the reminders about event reports that are due (the event is\n"
	  "over) or overdue (past the due day: the group and the department are told). Each\n"
	  "reminder is sent once per endorsement and due day, however often this runs; every\n"
	  "`kyodo serve` with its mail worker also runs it once a day, so cron needs it only for\n"
	  "instances started with --no-mail. --today DATE: as if today were DATE (catching up;\n"
	  "a day later than today in Japan is refused). --dry-run: say how many would be sent,\n"
	  "send and record nothing (any --today)." },
	{ "adopt", cmd_adopt, "adopt due|remind [--today DATE] [--dry-run]",
	  "The adoption programme (アダプト・プログラム), for a daily job:\n"
	  "  adopt due       one line per thing to do, tab-separated: applied|ending|report-missing,\n"
	  "                  the agreement's number, the place, the group, the date or fiscal year\n"
	  "  adopt remind    tell the department in charge and the group of every agreement whose\n"
	  "                  term ends within the days the city set (60 by default), once per term\n"
	  "--today DATE stands for today (2026-12-01, 令和8年12月1日); for remind never a later day\n"
	  "than today in Japan, unless --dry-run (say how many would be told, send nothing)." },
	{ "routes", cmd_routes, "routes", "Print the route table: method, path, roles, flags." },
	{ NULL, NULL, NULL, NULL },
};

int cli_usage(const char *cmd)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, cmd) == 0)
			fprintf(stderr, "usage: kyodo [--db PATH] %s\n", c->usage);
	return EXIT_USAGE;
}


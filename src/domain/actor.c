/* actor: role names and the command-line actor (see actor.h). */
#include "domain/actor.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const role_names[ROLE__MAX] = {
	[ROLE_PUBLIC] = "public",
	[ROLE_ADMIN] = "admin",
	[ROLE_STAFF] = "staff",
	[ROLE_COORDINATOR] = "coordinator",
	[ROLE_GROUP] = "group",
	[ROLE_COMMITTEE] = "committee",
};

int role_parse(const char *s, enum role *r)
{
	if (!s)
		return -1;
	for (int i = 0; i < ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*r = (enum role)i;
			return 0;
		}
	return -1;
}

void actor_cli(struct actor *a, char *namebuf, unsigned long n)
{
	const char *user = getenv("USER");
	if (!user || !*user)
		user = "unknown";
	snprintf(namebuf, n, "cli:%s", user);
	memset(a, 0, sizeof *a);
	a->user_id = 0;
	a->login = namebuf;
	a->display_name = namebuf;
	a->role = ROLE_ADMIN;
	a->department_id = 0;
	a->department_name = "";
}

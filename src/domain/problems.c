/* problems: the collector every form validator fills (see problems.h). */
#include "domain/problems.h"
#include <stdio.h>
#include <string.h>

static int problems_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

void problems_add(struct problems *ps, const char *field, const char *msgid)
{
	if (!ps || !msgid)
		return;
	for (int i = 0; i < ps->n; i++)
		if (problems_same(ps->p[i].field, field) && problems_same(ps->p[i].msgid, msgid))
			return;
	if (ps->n < PROBLEMS_MAX)
		ps->p[ps->n++] = (struct problem){ field, msgid };
}

void problems_add_copy(struct problems *ps, const char *field, const char *msgid)
{
	if (!ps || !msgid)
		return;
	for (int i = 0; i < ps->n; i++)
		if (problems_same(ps->p[i].field, field) && problems_same(ps->p[i].msgid, msgid))
			return;
	if (ps->n >= PROBLEMS_MAX)
		return;
	const char *name = NULL;
	if (field) {
		snprintf(ps->names[ps->n], sizeof ps->names[ps->n], "%s", field);
		name = ps->names[ps->n];
	}
	ps->p[ps->n] = (struct problem){ name, msgid };
	ps->n++;
}

const char *problems_of(const struct problems *ps, const char *field)
{
	for (int i = 0; ps && field && i < ps->n; i++)
		if (ps->p[i].field && strcmp(ps->p[i].field, field) == 0)
			return ps->p[i].msgid;
	return NULL;
}

int problems_any(const struct problems *ps)
{
	return ps && ps->n > 0;
}

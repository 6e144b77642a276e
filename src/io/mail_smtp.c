/* mail_smtp: one SMTP session with libcurl (see mail_smtp.h). */
#include "io/mail_smtp.h"
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SMTP_CONNECT_TIMEOUT_S 15L
#define SMTP_TIMEOUT_S 60L	/* a whole message; far less than MAIL_LEASE_S */

struct mail_smtp {
	CURL *curl;
	char url[300], from[260];
	volatile int *stop;
};

struct smtp_upload {
	const char *p;
	size_t left;
};

static size_t smtp_read(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct smtp_upload *u = arg;
	size_t n = size * nmemb;
	if (n > u->left)
		n = u->left;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

static int smtp_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	volatile int *stop = arg;
	return stop && *stop;	/* non-zero aborts the transfer */
}

struct mail_smtp *mail_smtp_new(const struct mail_settings *ms, const char *password, volatile int *stop)
{
	struct mail_smtp *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	if (!(m->curl = curl_easy_init())) {
		free(m);
		return NULL;
	}
	m->stop = stop;
	snprintf(m->url, sizeof m->url, "%s://%s:%d", ms->security == MAIL_SEC_TLS ? "smtps" : "smtp", ms->host,
		 ms->port);
	snprintf(m->from, sizeof m->from, "<%s>", ms->from);
	CURL *c = m->curl;
	curl_easy_setopt(c, CURLOPT_URL, m->url);
	curl_easy_setopt(c, CURLOPT_USE_SSL, ms->security == MAIL_SEC_NONE ? (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	if (ms->user && *ms->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, ms->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, password ? password : "");
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, m->from);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, smtp_read);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, SMTP_CONNECT_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, SMTP_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);	/* threads: no SIGALRM for timeouts */
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, smtp_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)stop);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	return m;
}

void mail_smtp_free(struct mail_smtp *m)
{
	if (!m)
		return;
	curl_easy_cleanup(m->curl);	/* says QUIT on an open connection */
	free(m);
}

/* Is a failure worth trying again? A 5xx answer to the recipient or to the message is
 * final; no connection, timeouts, TLS, a refused login or sender, 4xx are not. */
static enum mail_outcome smtp_classify(CURLcode rc, long code, const char *err)
{
	if (code < 500 || code > 599)
		return MAIL_TEMPORARY;
	if (rc == CURLE_LOGIN_DENIED || rc == CURLE_USE_SSL_FAILED || rc == CURLE_COULDNT_CONNECT ||
	    rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_ABORTED_BY_CALLBACK)
		return MAIL_TEMPORARY;
	if (strncmp(err, "MAIL failed", 11) == 0)
		return MAIL_TEMPORARY;	/* the relay refuses our sender: a setting to fix, not the message */
	return MAIL_PERMANENT;
}

void mail_smtp_send(struct mail_smtp *m, const char *to, const char *msg, size_t len, struct mail_smtp_result *res)
{
	memset(res, 0, sizeof *res);
	char rcpt[260], err[CURL_ERROR_SIZE] = "";
	snprintf(rcpt, sizeof rcpt, "<%s>", to);
	struct curl_slist *list = curl_slist_append(NULL, rcpt);
	struct smtp_upload up = { msg, len };
	if (!list) {
		res->outcome = MAIL_TEMPORARY;
		snprintf(res->detail, sizeof res->detail, "out of memory");
		return;
	}
	CURL *c = m->curl;
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, list);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->code);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(list);
	if (rc == CURLE_OK) {
		res->outcome = MAIL_SENT;
		snprintf(res->detail, sizeof res->detail, "accepted by %.300s (%ld)", m->url, res->code);
		return;
	}
	res->outcome = smtp_classify(rc, res->code, err);
	/* a 4xx answer to the recipient or the message concerns this message only */
	res->relay_down = res->outcome == MAIL_TEMPORARY &&
			  (res->code == 0 || res->code == 421 || res->code >= 500 || rc == CURLE_LOGIN_DENIED ||
			   rc == CURLE_USE_SSL_FAILED || strncmp(err, "MAIL failed", 11) == 0);
	/* each part cut so that the whole fits: the address, libcurl's words, its detail */
	snprintf(res->detail, sizeof res->detail, "%.100s: %.80s%s%.180s", m->url, curl_easy_strerror(rc),
		 *err ? " — " : "", err);
	if (res->code)
		snprintf(res->detail + strlen(res->detail), sizeof res->detail - strlen(res->detail), " (relay answered %ld)",
			 res->code);
}

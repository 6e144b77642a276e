/* request: the inputs of a request — query arguments, urlencoded form fields, headers,
 * cookies and path params — as the handlers see them (see http.h). */
#include "http/http.h"
#include "http/form.h"
#include <microhttpd.h>
#include <string.h>

static struct req_inputs *request_in(struct req *r)
{
	return r ? r->impl : NULL;
}

const char *req_query(struct req *r, const char *name)
{
	struct req_inputs *in = request_in(r);
	return in ? form_get(&in->query, name) : NULL;
}

const char *req_form(struct req *r, const char *name)
{
	struct req_inputs *in = request_in(r);
	return in ? form_get(&in->form, name) : NULL;
}

const char *req_header(struct req *r, const char *name)
{
	struct req_inputs *in = request_in(r);
	if (!in || !in->conn)
		return NULL;
	return MHD_lookup_connection_value(in->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct req *r, const char *name)
{
	struct req_inputs *in = request_in(r);
	if (!in || !in->conn)
		return NULL;
	return MHD_lookup_connection_value(in->conn, MHD_COOKIE_KIND, name);
}

const struct req_upload *req_upload(struct req *r)
{
	struct req_inputs *in = request_in(r);
	return in ? in->upload : NULL;
}

long long req_param_id(struct req *r, int i)
{
	if (!r || i < 0 || i >= r->nparams || !r->params[i])
		return -1;
	const char *s = r->params[i];
	size_t n = strlen(s);
	if (n == 0 || n > 18 || s[0] == '0')
		return -1;
	long long v = 0;
	for (size_t k = 0; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	return v;
}

const char *req_local_path(const char *s)
{
	if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return NULL;
	return s;
}

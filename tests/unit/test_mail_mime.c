/* test_mail_mime: the email as composed for the relay — base64, the Date in Japan time,
 * RFC 2047 subjects (words within 75 characters, lines within 78, no UTF-8 character
 * split between words, decoding back to the text), no header injection through a subject
 * or an address, the From name, the Message-ID, and a base64 body of CRLF lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/mail_mime.h"
#include "util/buf.h"

static char *b64(const char *s, int wrap)
{
	struct buf b = BUF_INIT;
	mail_base64(&b, (const unsigned char *)s, strlen(s), wrap);
	return buf_detach(&b);
}

static void base64_vectors(void **state)
{
	static const char *const in[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const out[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
	for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
		char *s = b64(in[i], 0);
		assert_string_equal(s ? s : "", out[i]);
		free(s);
	}
	/* wrapped: lines of 76 characters ended by CRLF */
	char raw[200];
	memset(raw, 'a', sizeof raw - 1);
	raw[sizeof raw - 1] = 0;
	char *s = b64(raw, 1);
	assert_non_null(s);
	for (char *line = s; *line;) {
		char *crlf = strstr(line, "\r\n");
		assert_non_null(crlf);
		assert_true(crlf - line <= 76);
		line = crlf + 2;
	}
	free(s);
}

static void date_in_japan_time(void **state)
{
	char d[64];
	mail_date(d, sizeof d, 0);
	assert_string_equal(d, "Thu, 01 Jan 1970 09:00:00 +0900");
	mail_date(d, sizeof d, 1748826300);	/* 2025-06-02T01:05:00Z */
	assert_string_equal(d, "Mon, 02 Jun 2025 10:05:00 +0900");
	mail_date(d, sizeof d, 1735657200);	/* 2024-12-31T15:00:00Z: already the new year in Japan */
	assert_string_equal(d, "Wed, 01 Jan 2025 00:00:00 +0900");
}

/* Decodes the value of a header line block ("Subject: …\r\n …\r\n") word by word;
 * checks each line's length, each word's length, and that each word is whole UTF-8. */
static char *decode_header(const char *h)
{
	char *out = calloc(1, 4096);
	size_t o = 0;
	const char *p = strchr(h, ':') + 2;
	for (const char *line = h; *line;) {
		const char *crlf = strstr(line, "\r\n");
		assert_non_null(crlf);
		assert_true(crlf - line <= 78);	/* RFC 5322: lines of at most 78 characters */
		if (line != h)
			assert_true(*line == ' ');	/* a folded line starts with white space: no new header */
		line = crlf + 2;
	}
	while (*p) {
		if (strncmp(p, "=?UTF-8?B?", 10) == 0) {
			const char *end = strstr(p + 10, "?=");
			assert_non_null(end);
			assert_true(end + 2 - p <= 75);	/* RFC 2047: an encoded word has at most 75 characters */
			unsigned char w[200];
			size_t n = 0;
			assert_int_equal(sodium_base642bin(w, sizeof w, p + 10, (size_t)(end - p - 10), NULL, &n, NULL,
							   sodium_base64_VARIANT_ORIGINAL),
					 0);
			/* every word holds whole characters: its first byte is not a continuation byte and
			 * its last character is complete */
			assert_true(n == 0 || (w[0] & 0xC0) != 0x80);
			size_t k = n;
			while (k > 0 && (w[k - 1] & 0xC0) == 0x80)
				k--;
			if (k > 0) {
				unsigned char lead = w[k - 1];
				size_t want = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
				assert_int_equal(n - (k - 1), want);
			}
			memcpy(out + o, w, n);
			o += n;
			p = end + 2;
			while (*p == '\r' || *p == '\n' || *p == ' ')
				p++;	/* folding between words is not text */
			continue;
		}
		if (*p == '\r' && p[1] == '\n')
			break;
		out[o++] = *p++;
	}
	return out;
}

static char *header(const char *name, const char *value)
{
	struct buf b = BUF_INIT;
	mail_header_text(&b, name, value);
	return buf_detach(&b);
}

static void subject_plain_and_encoded(void **state)
{
	char *h = header("Subject", "Test message from Kyodo");
	assert_string_equal(h, "Subject: Test message from Kyodo\r\n");
	free(h);
	const char *ja = "【差し戻し】A1 地域の担い手育成講座の開催（第2次みどり野市協働のまちづくり推進計画 令和6年度 (2024)）";
	h = header("Subject", ja);
	assert_null(strstr(h, "差し戻し"));	/* no raw 8-bit text in a header */
	assert_non_null(strstr(h, "=?UTF-8?B?"));
	char *d = decode_header(h);
	assert_string_equal(d, ja);
	free(d);
	free(h);
	/* ASCII that looks like an encoded word, or is long, is encoded too */
	h = header("Subject", "=?UTF-8?B?Zm9v?= is not a word");
	d = decode_header(h);
	assert_string_equal(d, "=?UTF-8?B?Zm9v?= is not a word");
	free(d);
	free(h);
	char longs[300];
	memset(longs, 'x', 200);
	longs[200] = 0;
	h = header("Subject", longs);
	d = decode_header(h);
	assert_string_equal(d, longs);
	free(d);
	free(h);
	/* four-byte characters are not split either */
	h = header("Subject", "𠮷野家𠮷野家𠮷野家𠮷野家𠮷野家𠮷野家𠮷野家𠮷野家𠮷野家𠮷野家𠮷野家");
	d = decode_header(h);
	assert_string_equal(d, "𠮷野家𠮷野家𠮷野家𠮷野家𠮷野家𠮷野家𠮷野家𠮷野家𠮷野家𠮷野家𠮷野家");
	free(d);
	free(h);
}

static void subject_cannot_inject_headers(void **state)
{
	char *h = header("Subject", "hello\r\nBcc: victim@example.jp");
	/* every line after the first is a folded continuation */
	char *d = decode_header(h);
	assert_null(strchr(d, '\r'));
	assert_null(strchr(d, '\n'));
	assert_null(strstr(h, "\r\nBcc:"));
	free(d);
	free(h);
}

static const struct mail_message good = {
	.from = "noreply@city.example.jp",
	.from_name = "みどり野市 協働推進課",
	.to = "tanaka@example.jp",
	.subject = "【照会】協働推進計画 令和6年度 (2024)の進捗状況の回答をお願いします",
	.body = "田中 様\n\n照会が始まりました。\n\n次のページから手続きできます：\nhttps://kyodo.example.jp/plans/1/years/2024\n",
	.token = "0123456789abcdef0123456789abcdef",
	.date = 1748826300,
};

static char *compose(const struct mail_message *m)
{
	struct buf b = BUF_INIT;
	int rc = mail_compose(&b, m);
	if (rc != 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static void a_whole_message(void **state)
{
	char *msg = compose(&good);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "Date: Mon, 02 Jun 2025 10:05:00 +0900\r\n"));
	assert_non_null(strstr(msg, "To: <tanaka@example.jp>\r\n"));
	assert_non_null(strstr(msg, "Message-ID: <0123456789abcdef0123456789abcdef@city.example.jp>\r\n"));
	assert_non_null(strstr(msg, "MIME-Version: 1.0\r\n"));
	assert_non_null(strstr(msg, "Content-Type: text/plain; charset=UTF-8\r\n"));
	assert_non_null(strstr(msg, "Content-Transfer-Encoding: base64\r\n"));
	assert_non_null(strstr(msg, "Auto-Submitted: auto-generated\r\n"));
	/* From: the Japanese name as encoded words, then the address */
	const char *from = strstr(msg, "From: ");
	assert_non_null(from);
	assert_non_null(strstr(from, "<noreply@city.example.jp>\r\n"));
	assert_null(strstr(msg, "協働推進課"));	/* no raw 8-bit anywhere: headers encoded, body base64 */
	/* the body: base64 of the text with CRLF line ends */
	const char *body = strstr(msg, "\r\n\r\n");
	assert_non_null(body);
	body += 4;
	unsigned char text[2000];
	size_t n = 0;
	assert_int_equal(sodium_base642bin(text, sizeof text - 1, body, strlen(body), "\r\n", &n, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	text[n] = 0;
	assert_string_equal((char *)text, "田中 様\r\n\r\n照会が始まりました。\r\n\r\n次のページから手続きできます：\r\n"
					  "https://kyodo.example.jp/plans/1/years/2024\r\n");
	/* every header line within 78 characters */
	for (const char *line = msg; line < body - 4;) {
		const char *crlf = strstr(line, "\r\n");
		assert_true(crlf - line <= 78);
		line = crlf + 2;
	}
	free(msg);
}

static void from_names(void **state)
{
	struct mail_message m = good;
	m.from_name = "Kyodo \"city\" office";
	char *msg = compose(&m);
	assert_non_null(strstr(msg, "From: \"Kyodo \\\"city\\\" office\" <noreply@city.example.jp>\r\n"));
	free(msg);
	m.from_name = "";
	msg = compose(&m);
	assert_non_null(strstr(msg, "From: <noreply@city.example.jp>\r\n"));
	free(msg);
}

static void addresses_that_could_inject_are_refused(void **state)
{
	static const char *const bad[] = { "a@example.jp\r\nBcc: x@example.jp", "a b@example.jp", "<a@example.jp>",
					   "a@example.jp>", "\"a\"@example.jp", "", "noat.example.jp", "a@@b.jp" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct mail_message m = good;
		m.to = bad[i];
		assert_null(compose(&m));
		m = good;
		m.from = bad[i];
		assert_null(compose(&m));
		assert_int_equal(mail_address_ok(bad[i]), 0);
	}
	struct mail_message m = good;
	m.token = "abc>\r\nX-Evil: 1";
	assert_null(compose(&m));
	assert_int_equal(mail_address_ok("taro..@docomo.ne.jp"), 1);	/* old mobile addresses */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(base64_vectors),
		cmocka_unit_test(date_in_japan_time),
		cmocka_unit_test(subject_plain_and_encoded),
		cmocka_unit_test(subject_cannot_inject_headers),
		cmocka_unit_test(a_whole_message),
		cmocka_unit_test(from_names),
		cmocka_unit_test(addresses_that_could_inject_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

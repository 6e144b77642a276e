/* attach_check: what an uploaded file is — its type read from its content (magic bytes,
 * the zip's entries of office files, the OLE2 directory of old office files), whether the
 * name's extension agrees — and the uploaded name made safe to keep as data and to send
 * back in a Content-Disposition header. Pure functions over bytes (see attach.h). */
#include "domain/attach.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum {
	T_PDF, T_PNG, T_JPEG, T_GIF, T_WEBP, T_DOCX, T_XLSX, T_PPTX, T_DOC, T_XLS, T_PPT, T_ODT, T_ODS, T_ODP,
};

const struct attach_type attach_types[] = {
	[T_PDF] = { "pdf", "application/pdf", ";pdf;", 0, N_("PDF") },
	[T_PNG] = { "png", "image/png", ";png;", 1, N_("PNG image") },
	[T_JPEG] = { "jpeg", "image/jpeg", ";jpg;jpeg;jpe;", 1, N_("JPEG image") },
	[T_GIF] = { "gif", "image/gif", ";gif;", 1, N_("GIF image") },
	[T_WEBP] = { "webp", "image/webp", ";webp;", 1, N_("WebP image") },
	[T_DOCX] = { "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ";docx;", 0,
		     N_("Word document") },
	[T_XLSX] = { "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ";xlsx;", 0,
		     N_("Excel workbook") },
	[T_PPTX] = { "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ";pptx;", 0,
		     N_("PowerPoint presentation") },
	[T_DOC] = { "doc", "application/msword", ";doc;", 0, N_("Word document (old format)") },
	[T_XLS] = { "xls", "application/vnd.ms-excel", ";xls;", 0, N_("Excel workbook (old format)") },
	[T_PPT] = { "ppt", "application/vnd.ms-powerpoint", ";ppt;", 0, N_("PowerPoint presentation (old format)") },
	[T_ODT] = { "odt", "application/vnd.oasis.opendocument.text", ";odt;", 0, N_("OpenDocument text") },
	[T_ODS] = { "ods", "application/vnd.oasis.opendocument.spreadsheet", ";ods;", 0,
		    N_("OpenDocument spreadsheet") },
	[T_ODP] = { "odp", "application/vnd.oasis.opendocument.presentation", ";odp;", 0,
		    N_("OpenDocument presentation") },
};
const int attach_ntypes = (int)(sizeof attach_types / sizeof *attach_types);

const struct attach_type *attach_type_by_code(const char *code)
{
	for (int i = 0; code && i < attach_ntypes; i++)
		if (strcmp(attach_types[i].code, code) == 0)
			return &attach_types[i];
	return NULL;
}

/* ---- reading the content: through a file or a memory block ---- */

struct src {
	int fd;
	const unsigned char *mem;
	uint64_t size;
};

/* Reads n bytes at off into out; 0, or -1 when they are not all there. */
static int src_read(const struct src *s, uint64_t off, void *out, size_t n)
{
	if (off > s->size || n > s->size - off)
		return -1;
	if (s->mem) {
		memcpy(out, s->mem + off, n);
		return 0;
	}
	size_t got = 0;
	while (got < n) {
		ssize_t k = pread(s->fd, (char *)out + got, n - got, (off_t)(off + got));
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return 0;
}

static unsigned le16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- zip: OOXML (by its parts) and ODF (by its first entry, "mimetype") ---- */

#define ZIP_MAX_ENTRIES 20000
#define ZIP_EOCD_SCAN (65535 + 22)

static const char *const odf_mimes[][2] = {
	{ "application/vnd.oasis.opendocument.text", "odt" },
	{ "application/vnd.oasis.opendocument.spreadsheet", "ods" },
	{ "application/vnd.oasis.opendocument.presentation", "odp" },
};

/* ODF: the first local entry is "mimetype", stored uncompressed, holding the type. */
static const struct attach_type *zip_odf(const struct src *s)
{
	unsigned char h[30];
	char name[9], mime[64];
	if (src_read(s, 0, h, sizeof h) < 0 || le16(h + 8) != 0 || le16(h + 26) != 8)
		return NULL;
	if (src_read(s, 30, name, 8) < 0 || memcmp(name, "mimetype", 8) != 0)
		return NULL;
	uint32_t len = le32(h + 18);	/* compressed size = size, stored */
	if (len == 0 || len >= sizeof mime || le32(h + 22) != len)
		return NULL;
	if (src_read(s, 30 + 8 + le16(h + 28), mime, len) < 0)
		return NULL;
	mime[len] = '\0';
	for (size_t i = 0; i < sizeof odf_mimes / sizeof *odf_mimes; i++)
		if (strcmp(mime, odf_mimes[i][0]) == 0)
			return attach_type_by_code(odf_mimes[i][1]);
	return NULL;
}

/* OOXML: the central directory names [Content_Types].xml and the main part of one kind. */
static const struct attach_type *zip_ooxml(const struct src *s)
{
	uint64_t scan = s->size < ZIP_EOCD_SCAN ? s->size : ZIP_EOCD_SCAN;
	if (scan < 22)
		return NULL;
	unsigned char tail[ZIP_EOCD_SCAN];
	if (src_read(s, s->size - scan, tail, (size_t)scan) < 0)
		return NULL;
	long eocd = -1;
	for (long i = (long)scan - 22; i >= 0; i--)
		if (tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] == 5 && tail[i + 3] == 6) {
			eocd = i;
			break;
		}
	if (eocd < 0)
		return NULL;
	unsigned entries = le16(tail + eocd + 10);
	uint32_t cd_size = le32(tail + eocd + 12), cd_off = le32(tail + eocd + 16);
	if (entries == 0 || entries > ZIP_MAX_ENTRIES || (uint64_t)cd_off + cd_size > s->size)
		return NULL;
	int has_types = 0, main = -1;
	static const struct { const char *part; int type; } mains[] = {
		{ "word/document.xml", T_DOCX }, { "xl/workbook.xml", T_XLSX }, { "ppt/presentation.xml", T_PPTX },
	};
	uint64_t off = cd_off;
	for (unsigned e = 0; e < entries; e++) {
		unsigned char h[46];
		char name[64];
		if (off + 46 > (uint64_t)cd_off + cd_size || src_read(s, off, h, sizeof h) < 0 || le32(h) != 0x02014b50)
			return NULL;
		unsigned nl = le16(h + 28), xl = le16(h + 30), cl = le16(h + 32);
		if (nl < sizeof name && src_read(s, off + 46, name, nl) == 0) {
			name[nl] = '\0';
			if (strcmp(name, "[Content_Types].xml") == 0)
				has_types = 1;
			for (size_t k = 0; k < sizeof mains / sizeof *mains; k++)
				if (strcmp(name, mains[k].part) == 0) {
					if (main >= 0 && main != mains[k].type)
						return NULL;	/* two kinds at once */
					main = mains[k].type;
				}
		}
		off += 46 + (uint64_t)nl + xl + cl;
	}
	return has_types && main >= 0 ? &attach_types[main] : NULL;
}

/* ---- OLE2 (compound file): the old .doc/.xls/.ppt by the stream their program writes ---- */

#define OLE_MAX_DIR_SECTORS 512

static const struct attach_type *ole_detect(const struct src *s)
{
	unsigned char h[512];
	if (src_read(s, 0, h, sizeof h) < 0)
		return NULL;
	unsigned shift = le16(h + 0x1E);
	if (shift != 9 && shift != 12)
		return NULL;
	uint32_t ssize = 1u << shift, dir = le32(h + 0x30);
	static const struct { const char *stream; int type; } streams[] = {
		{ "WordDocument", T_DOC }, { "Workbook", T_XLS }, { "Book", T_XLS }, { "PowerPoint Document", T_PPT },
	};
	for (int n = 0; n < OLE_MAX_DIR_SECTORS && dir < 0xFFFFFFFAu; n++) {
		uint64_t base = ((uint64_t)dir + 1) * ssize;
		for (uint32_t e = 0; e < ssize / 128; e++) {
			unsigned char d[128];
			if (src_read(s, base + e * 128u, d, sizeof d) < 0)
				return NULL;
			unsigned nl = le16(d + 0x40);
			if (d[0x42] != 2 || nl < 2 || nl > 64)
				continue;	/* not a stream */
			char name[33];
			unsigned k;
			for (k = 0; k < nl / 2 - 1 && k < 32; k++)
				name[k] = d[2 * k + 1] ? '?' : (char)d[2 * k];
			name[k] = '\0';
			for (size_t i = 0; i < sizeof streams / sizeof *streams; i++)
				if (strcmp(name, streams[i].stream) == 0)
					return &attach_types[streams[i].type];
		}
		/* the next directory sector: its FAT entry, through the header's DIFAT */
		uint32_t per = ssize / 4, fat_idx = dir / per;
		if (fat_idx >= 109)
			return NULL;
		uint32_t fat_sector = le32(h + 0x4C + 4 * fat_idx);
		unsigned char next[4];
		if (fat_sector >= 0xFFFFFFFAu ||
		    src_read(s, ((uint64_t)fat_sector + 1) * ssize + 4u * (dir % per), next, 4) < 0)
			return NULL;
		dir = le32(next);
	}
	return NULL;
}

static const struct attach_type *detect(const struct src *s)
{
	unsigned char m[16];
	if (src_read(s, 0, m, sizeof m) < 0)
		return NULL;	/* nothing Kyodo accepts is shorter */
	if (memcmp(m, "%PDF-", 5) == 0)
		return &attach_types[T_PDF];
	if (memcmp(m, "\x89PNG\r\n\x1a\n", 8) == 0)
		return &attach_types[T_PNG];
	if (m[0] == 0xFF && m[1] == 0xD8 && m[2] == 0xFF)
		return &attach_types[T_JPEG];
	if (memcmp(m, "GIF87a", 6) == 0 || memcmp(m, "GIF89a", 6) == 0)
		return &attach_types[T_GIF];
	if (memcmp(m, "RIFF", 4) == 0 && memcmp(m + 8, "WEBP", 4) == 0)
		return &attach_types[T_WEBP];
	if (memcmp(m, "PK\x03\x04", 4) == 0) {
		const struct attach_type *t = zip_odf(s);
		return t ? t : zip_ooxml(s);
	}
	if (memcmp(m, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return ole_detect(s);
	return NULL;
}

const struct attach_type *attach_type_detect(int fd, uint64_t size)
{
	struct src s = { fd, NULL, size };
	return fd >= 0 ? detect(&s) : NULL;
}

const struct attach_type *attach_type_detect_mem(const unsigned char *p, size_t n)
{
	struct src s = { -1, p, n };
	return p ? detect(&s) : NULL;
}

int attach_ext_fits(const struct attach_type *t, const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (!t || !dot || !dot[1] || strlen(dot + 1) > 8 || strchr(dot + 1, ';'))
		return 0;	/* ';' separates the list's extensions: "a.jpg;jpeg" is none of them */
	char want[12];
	size_t i = 0;
	want[i++] = ';';
	for (const char *p = dot + 1; *p; p++)
		want[i++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
	want[i++] = ';';
	want[i] = '\0';
	return strstr(t->exts, want) != NULL;
}

/* ---- names ---- */

/* The code point at s (valid UTF-8 already checked) and its length. */
static unsigned utf8_cp(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if (s[0] < 0xE0) {
		*len = 2;
		return (s[0] & 0x1Fu) << 6 | (s[1] & 0x3Fu);
	}
	if (s[0] < 0xF0) {
		*len = 3;
		return (s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
	}
	*len = 4;
	return (s[0] & 0x07u) << 18 | (s[1] & 0x3Fu) << 12 | (s[2] & 0x3Fu) << 6 | (s[3] & 0x3Fu);
}

static int utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p, need, cp, min;
		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; min = 0x80; }
		else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; min = 0x800; }
		else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; min = 0x10000; }
		else return 0;
		for (unsigned k = 1; k <= need; k++) {
			if ((p[k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (p[k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		p += need + 1;
	}
	return 1;
}

/* Characters dropped from names: controls, bidi controls and marks, zero-width ones. */
static int name_dropped(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF ||
	       (cp >= 0xFFF9 && cp <= 0xFFFB);
}

char *attach_name_clean(struct arena *a, const char *raw)
{
	if (!raw || !utf8_ok(raw))
		return NULL;
	const char *base = raw;
	for (const char *p = raw; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t n = strlen(base);
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		size_t len;
		unsigned cp = utf8_cp((const unsigned char *)base + i, &len);
		if (!name_dropped(cp)) {
			if (cp < 0x80 && strchr("<>:\"|?*", (int)cp))
				out[o++] = '_';
			else
				memcpy(out + o, base + i, len), o += len;
		}
		i += len;
	}
	out[o] = '\0';
	/* trim spaces (also the ideographic one) and dots at both ends */
	char *s = out;
	for (;;) {
		if (*s == ' ' || *s == '.')
			s++;
		else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
			s += 3;
		else
			break;
	}
	size_t len = strlen(s);
	for (;;) {
		if (len && (s[len - 1] == ' ' || s[len - 1] == '.'))
			len--;
		else if (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0)
			len -= 3;
		else
			break;
	}
	s[len] = '\0';
	if (len == 0)
		return NULL;
	if (len > ATTACH_NAME_MAX) {
		const char *dot = strrchr(s, '.');
		size_t ext = dot && strlen(dot) <= 16 ? strlen(dot) : 0;
		size_t keep = ATTACH_NAME_MAX - ext;
		while (keep && ((unsigned char)s[keep] & 0xC0) == 0x80)
			keep--;	/* not inside a character */
		memmove(s + keep, s + len - ext, ext);
		s[keep + ext] = '\0';
	}
	return s;
}

char *attach_disposition(struct arena *a, const char *name, int inline_)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, inline_ ? "inline" : "attachment");
	buf_puts(&b, "; filename=\"");
	/* the ASCII fallback: letters, digits and a few safe marks; other bytes as _ */
	for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;	/* one _ per character, not per byte */
		int ok = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			 (*p && strchr("-_.()+", *p));
		buf_putc(&b, ok ? (char)*p : '_');
	}
	if (!name || !*name)
		buf_puts(&b, "file");
	buf_puts(&b, "\"; filename*=UTF-8''");
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)(name ? name : "file"); *p; p++) {
		/* RFC 5987 attr-char */
		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    strchr("!#$&+-.^_`|~", *p)) {
			buf_putc(&b, (char)*p);
		} else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*p >> 4]);
			buf_putc(&b, hex[*p & 15]);
		}
	}
	char *r = b.oom ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

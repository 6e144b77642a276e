/* attach_demo: the demo city's documents — the demo group's 会則 and its yearly 事業報告書,
 * written here as small one-page PDFs (Japanese text in the PDF reader's own Japanese font,
 * HeiseiKakuGo-W5 with the UniJIS-UCS2-H encoding, so nothing is embedded) and attached to
 * its registry record through attach_add_mem, as any upload would be. The texts are the
 * demo's own. */
#include "domain/attach.h"
#include "util/arena.h"
#include "util/buf.h"
#include <stdio.h>
#include <string.h>

struct demo_doc {
	const char *name;	/* the file's name */
	const char *title;
	const char *const *lines;
};

static const char *const kaisoku[] = {
	"第1条（名称）この会は、みどり野子ども食堂ネットという。",
	"第2条（目的）この会は、地域の子どもと大人が一緒に食卓を囲む場を",
	"　　　　　　　つくり、子どもが安心して過ごせるまちを目指す。",
	"第3条（活動）この会は、次の活動を行う。",
	"　一　子ども食堂の運営（毎月第2・第4土曜日）",
	"　二　食材の提供を受ける農家・商店との連絡",
	"　三　学校、民生委員、市との情報交換",
	"第4条（会員）この会の目的に賛同する個人を会員とする。",
	"第5条（役員）代表1名、副代表1名、会計1名、監事1名を置く。",
	"第6条（総会）総会は毎年5月に開き、事業計画と予算を決める。",
	"第7条（会計）会計年度は4月1日から翌年3月31日までとする。",
	"附則　この会則は、令和5年4月1日から施行する。",
	NULL,
};

static const char *const houkoku[] = {
	"1　子ども食堂　24回開催、延べ参加者 子ども612人・大人298人",
	"2　食材提供　農家7軒、商店4店から米・野菜・調味料の提供を受けた",
	"3　学習支援　夏休みに宿題の会を5回開き、大学生ボランティア12人が参加",
	"4　連携　中央小学校、民生委員協議会、子育て支援課と年3回の連絡会",
	"5　課題　会場の台所が狭く、参加者の増加に調理が追いつかない。",
	"　　　　次年度は公民館の調理室の利用を市と相談する。",
	NULL,
};

static const struct demo_doc demo_docs[] = {
	{ "会則.pdf", "みどり野子ども食堂ネット　会則", kaisoku },
	{ "令和6年度事業報告書.pdf", "令和6年度　事業報告書", houkoku },
};

/* text (UTF-8, the Basic Multilingual Plane) as big-endian UTF-16 hex into b */
static void pdf_hex16(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned cp;
		if (*p < 0x80) {
			cp = *p++;
		} else if ((*p & 0xE0) == 0xC0 && p[1]) {
			cp = (*p & 0x1Fu) << 6 | (p[1] & 0x3Fu);
			p += 2;
		} else if ((*p & 0xF0) == 0xE0 && p[1] && p[2]) {
			cp = (*p & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
			p += 3;
		} else {
			cp = 0x3013;	/* 〓 for what does not fit */
			p++;
			while ((*p & 0xC0) == 0x80)
				p++;
		}
		buf_printf(b, "%04X", cp);
	}
}

/* A one-page A4 PDF with the title and the lines; the offsets of its cross-reference table
 * counted as it is written. */
static void pdf_write(struct buf *b, const struct demo_doc *d)
{
	long off[9];
	struct buf content = BUF_INIT;
	buf_puts(&content, "BT\n/F1 18 Tf\n72 770 Td\n<");
	pdf_hex16(&content, d->title);
	buf_puts(&content, "> Tj\n/F1 11 Tf\n0 -40 Td\n");
	for (int i = 0; d->lines[i]; i++) {
		buf_putc(&content, '<');
		pdf_hex16(&content, d->lines[i]);
		buf_puts(&content, "> Tj\n0 -20 Td\n");
	}
	buf_puts(&content, "ET\n");

	buf_puts(b, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
	off[1] = (long)b->len;
	buf_puts(b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	off[2] = (long)b->len;
	buf_puts(b, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
	off[3] = (long)b->len;
	buf_puts(b, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
		    "/Contents 4 0 R >>\nendobj\n");
	off[4] = (long)b->len;
	buf_printf(b, "4 0 obj\n<< /Length %zu >>\nstream\n", content.len);
	buf_append(b, content.data, content.len);
	buf_puts(b, "endstream\nendobj\n");
	off[5] = (long)b->len;
	buf_puts(b, "5 0 obj\n<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H "
		    "/DescendantFonts [6 0 R] >>\nendobj\n");
	off[6] = (long)b->len;
	buf_puts(b, "6 0 obj\n<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 /CIDSystemInfo "
		    "<< /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>\nendobj\n");
	off[7] = (long)b->len;
	buf_puts(b, "7 0 obj\n<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [-92 -250 1010 922] "
		    "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>\nendobj\n");
	off[8] = (long)b->len;
	buf_puts(b, "8 0 obj\n<< /Title <FEFF");
	pdf_hex16(b, d->title);
	buf_puts(b, "> /Producer (Kyodo demo) >>\nendobj\n");
	long xref = (long)b->len;
	buf_puts(b, "xref\n0 9\n0000000000 65535 f \n");
	for (int i = 1; i <= 8; i++)
		buf_printf(b, "%010ld 00000 n \n", off[i]);
	buf_printf(b, "trailer\n<< /Size 9 /Root 1 0 R /Info 8 0 R >>\nstartxref\n%ld\n%%%%EOF\n", xref);
	buf_free(&content);
}

int attach_demo_load(struct store *st, struct arena *a, const struct actor *who, long long org_id)
{
	for (size_t i = 0; i < sizeof demo_docs / sizeof *demo_docs; i++) {
		struct buf b = BUF_INIT;
		pdf_write(&b, &demo_docs[i]);
		const char *err = NULL;
		long long id;
		int rc = b.oom ? -1 : attach_add_mem(st, a, who, "org", org_id, b.data, b.len, demo_docs[i].name, &id, &err);
		buf_free(&b);
		if (rc != 0) {
			fprintf(stderr, "kyodo demo: %s: %s\n", demo_docs[i].name, err ? err : "cannot attach");
			return rc < 0 ? rc : -1;
		}
	}
	return 0;
}

// fuzz-sources: src/domain/wareki.c
/* fuzz_wareki: libFuzzer target for the fiscal-year and date parsers people type into
 * (2023, R5, 令和5年度, 令和元年5月1日 …): whatever parses must format back and re-parse
 * to the same value. */
#include "domain/wareki.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[256], out[128];
	if (size >= sizeof s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	int fy, y, m, d, fy2;
	if (wareki_parse_fiscal_year(s, &fy) == 0) {
		snprintf(out, sizeof out, "%d", fy);
		if (wareki_parse_fiscal_year(out, &fy2) != 0 || fy2 != fy)
			__builtin_trap();
		wareki_format_fiscal_year(fy, out, sizeof out);
	}
	if (wareki_parse_date(s, &y, &m, &d) == 0) {
		int y2, m2, d2;
		if (wareki_format_date(y, m, d, out, sizeof out) == 0 &&
		    (wareki_parse_date(out, &y2, &m2, &d2) != 0 || y2 != y || m2 != m || d2 != d))
			__builtin_trap();
	}
	return 0;
}

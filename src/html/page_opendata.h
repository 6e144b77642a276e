/* page_opendata.h: the open-data handlers (page_opendata.c), routed from the directory's
 * table (page_directory.c), before /groups/{id}. */
#ifndef KYODO_PAGE_OPENDATA_H
#define KYODO_PAGE_OPENDATA_H
#include "http/http.h"

int opendata_page_get(struct req *r, struct resp *o);	/* GET /groups/opendata */
int opendata_csv_get(struct req *r, struct resp *o);	/* GET /groups/opendata.csv[?encoding=cp932] */
int opendata_json_get(struct req *r, struct resp *o);	/* GET /groups/opendata.json */
int opendata_cache_status_get(struct req *r, struct resp *o);	/* GET /api/v1/directory/cache */

#endif

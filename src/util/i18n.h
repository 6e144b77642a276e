/* i18n: message catalogs. po/ja.po and po/en.po are embedded and parsed at start-up
 * into a lookup table; T(r, "msgid") picks the request's language. Source msgids are
 * English; Japanese is the default language. Use T() for every user-visible string
 * (xgettext --keyword=T:2 extracts them). */
#ifndef KYODO_I18N_H
#define KYODO_I18N_H
int i18n_init(void);	/* parse embedded catalogs; 0 or -1 */
const char *i18n_get(const char *lang, const char *msgid);	/* msgid itself when missing */
#define T(r, msgid) i18n_get((r)->lang, msgid)
#define TL(lang, msgid) i18n_get(lang, msgid)
/* Marks a msgid that is translated later (domain error texts handed to the UI). */
#define N_(msgid) msgid
#endif

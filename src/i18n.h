/* i18n.h - the interface in five languages: GNU gettext catalogues (po/,
 * compiled by msgfmt at build time), numbers and dates per language.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_I18N_H
#define INTERCITY_I18N_H

#include "err.h"
#include "text.h"

/*
 * The interface languages are the content languages of text.h. Messages
 * are written in English in the source; po/LANG.po translate them.
 *
 * Why not gettext(3) itself: glibc picks the catalogue from the process's
 * (or thread's) locale, which needs ca_ES.UTF-8 and friends generated on
 * the machine, and switching it per request is not thread-safe. The
 * catalogues are still GNU gettext's: xgettext extracts, msgfmt compiles,
 * and i18n_load reads the compiled .mo files (a sorted table looked up by
 * binary search).
 */

/* Reads DIR/LANG.mo for every language. ERR_IO or ERR_INVALID with *msg. */
enum err	 i18n_load(const char *dir, char **msg);
void		 i18n_free(void);

/* The translation of msgid, or msgid itself when there is none. */
const char	*i18n_get(enum text_lang, const char *msgid);
/* The plural form for n (the language's own rule). */
const char	*i18n_nget(enum text_lang, const char *one, const char *many,
		    unsigned long n);

/* Marks a message for xgettext: T(lang, "Search"). */
#define T(l, s)			i18n_get((l), (s))
#define TN(l, one, many, n)	i18n_nget((l), (one), (many), (n))
/* Marks a message whose lookup happens elsewhere. */
#define N_(s)			(s)

/* The language's name in itself: "català". */
const char	*i18n_name(enum text_lang);

/* Bytes i18n_number may write: LONG_MIN in French, whose separator is
 * three bytes (U+202F), "-9 223 372 036 854 775 808" and the NUL. */
#define I18N_NUMBER_SIZE	40
/* n with the language's digit grouping, into out. */
void		 i18n_number(enum text_lang, long n, char out[I18N_NUMBER_SIZE]);
/*
 * A date "YYYY", "YYYY-MM" or "YYYY-MM-DD" as words in the language
 * ("23 de novembre de 2026"), into out (at least 64 bytes).
 */
void		 i18n_date(enum text_lang, const char *date, char out[64]);

/*
 * The best interface language for an Accept-Language header: the highest
 * q among ours, then the order given; TEXT_EN when nothing matches.
 */
enum text_lang	 i18n_negotiate(const char *accept_language);

#endif

/* i18n.c - message catalogues (.mo), plural rules, numbers, dates and
 * language negotiation.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"

#define MO_MAGIC	0x950412deU

struct catalogue {
	struct buf	 file;		/* the .mo file, read whole */
	uint32_t	 n;		/* messages */
	uint32_t	 orig;		/* offset of the originals' table */
	uint32_t	 trans;		/* offset of the translations' table */
};

static struct catalogue	 cats[TEXT_LANG__MAX];

static uint32_t
u32(const struct catalogue *c, uint32_t off)
{
	uint32_t	 v;

	memcpy(&v, c->file.p + off, 4);
	return v;
}

/* Every table entry must point at a NUL-terminated string inside the file. */
static int
table_ok(const struct catalogue *c, uint32_t table)
{
	uint32_t	 i, len, off;

	if ((uint64_t)table + (uint64_t)c->n * 8 > c->file.len)
		return 0;
	for (i = 0; i < c->n; i++) {
		len = u32(c, table + i * 8);
		off = u32(c, table + i * 8 + 4);
		if ((uint64_t)off + len >= c->file.len ||
		    c->file.p[off + len] != '\0')
			return 0;
	}
	return 1;
}

void
i18n_free(void)
{
	size_t	 l;

	for (l = 0; l < TEXT_LANG__MAX; l++) {
		buf_free(&cats[l].file);
		memset(&cats[l], 0, sizeof(cats[l]));
	}
}

enum err
i18n_load(const char *dir, char **msg)
{
	struct buf	 path = { 0 }, m = { 0 };
	struct catalogue *c;
	size_t		 l;

	*msg = NULL;
	/* buf_read_file appends: a second load would keep the first files. */
	i18n_free();
	for (l = 0; l < TEXT_LANG__MAX; l++) {
		c = &cats[l];
		buf_reset(&path);
		buf_printf(&path, "%s/%s.mo", dir,
		    text_lang_code((enum text_lang)l));
		if (path.oom)
			goto nomem;
		if (buf_read_file(&c->file, path.p) != 0) {
			buf_printf(&m, "cannot read the %s translations %s "
			    "(run make to compile po/)",
			    text_lang_code((enum text_lang)l), path.p);
			goto fail;
		}
		if (c->file.len < 28 || u32(c, 0) != MO_MAGIC ||
		    (u32(c, 4) >> 16) != 0) {
			buf_printf(&m, "%s is not a GNU .mo file", path.p);
			goto fail;
		}
		c->n = u32(c, 8);
		c->orig = u32(c, 12);
		c->trans = u32(c, 16);
		if (!table_ok(c, c->orig) || !table_ok(c, c->trans)) {
			buf_printf(&m, "%s is damaged (a string points outside "
			    "the file)", path.p);
			goto fail;
		}
	}
	buf_free(&path);
	return ERR_OK;
nomem:
	buf_free(&path);
	i18n_free();
	return ERR_NOMEM;
fail:
	buf_free(&path);
	i18n_free();
	*msg = buf_take(&m);
	return ERR_INVALID;
}

/* The translation of msgid, or NULL when there is none; *len is its length
 * in bytes without the final NUL (plural forms are NUL-separated in it). */
static const char *
lookup(enum text_lang l, const char *msgid, uint32_t *len)
{
	const struct catalogue	*c;
	uint32_t		 lo = 0, hi, mid;
	int			 cmp;

	if ((unsigned)l >= TEXT_LANG__MAX || cats[l].n == 0)
		return NULL;
	c = &cats[l];
	hi = c->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = strcmp(msgid, c->file.p + u32(c, c->orig + mid * 8 + 4));
		if (cmp == 0) {
			const char *t = c->file.p + u32(c, c->trans + mid * 8 + 4);

			*len = u32(c, c->trans + mid * 8);
			/* An empty translation means "not translated". */
			return *t ? t : NULL;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *
i18n_get(enum text_lang l, const char *msgid)
{
	uint32_t	 len;
	const char	*t = lookup(l, msgid, &len);

	return t ? t : msgid;
}

/* Plural rules of our languages (as in each po file's Plural-Forms). */
static unsigned
plural(enum text_lang l, unsigned long n)
{
	return l == TEXT_FR ? n > 1 : n != 1;
}

const char *
i18n_nget(enum text_lang l, const char *one, const char *many,
    unsigned long n)
{
	uint32_t	 len = 0;
	const char	*t = lookup(l, one, &len), *end;
	unsigned	 k = plural(l, n);

	if (t == NULL)
		return k ? many : one;
	end = t + len;
	/* Forms follow one another, each NUL-terminated, within len bytes: a
	 * translation with fewer forms (a msgid translated as singular only)
	 * must not run on into the next string of the file. */
	while (k-- > 0 && t < end)
		t += strlen(t) + 1;
	return t <= end && *t ? t : (plural(l, n) ? many : one);
}

const char *
i18n_name(enum text_lang l)
{
	static const char *const names[TEXT_LANG__MAX] = {
		"català", "English", "español", "français", "italiano",
	};

	return (unsigned)l < TEXT_LANG__MAX ? names[l] : "";
}

void
i18n_number(enum text_lang l, long n, char out[I18N_NUMBER_SIZE])
{
	/* Group separators: en ",", fr a narrow no-break space, others ".".
	 * Spanish leaves four-digit numbers ungrouped (RAE). */
	const char	*sep = l == TEXT_EN ? "," : l == TEXT_FR ?
			    "\xe2\x80\xaf" : ".";
	char		 digits[24], *o = out;
	size_t		 nd, i, sl = strlen(sep);
	unsigned long	 u;

	if (n < 0) {
		*o++ = '-';
		u = 0UL - (unsigned long)n;
	} else
		u = (unsigned long)n;
	snprintf(digits, sizeof(digits), "%lu", u);
	nd = strlen(digits);
	for (i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0 &&
		    !(l == TEXT_ES && nd == 4)) {
			memcpy(o, sep, sl);
			o += sl;
		}
		*o++ = digits[i];
	}
	*o = '\0';
}

void
i18n_date(enum text_lang l, const char *date, char out[64])
{
	static const char *const months[TEXT_LANG__MAX][12] = {
		{ "gener", "febrer", "març", "abril", "maig", "juny",
		  "juliol", "agost", "setembre", "octubre", "novembre",
		  "desembre" },
		{ "January", "February", "March", "April", "May", "June",
		  "July", "August", "September", "October", "November",
		  "December" },
		{ "enero", "febrero", "marzo", "abril", "mayo", "junio",
		  "julio", "agosto", "septiembre", "octubre", "noviembre",
		  "diciembre" },
		{ "janvier", "février", "mars", "avril", "mai", "juin",
		  "juillet", "août", "septembre", "octobre", "novembre",
		  "décembre" },
		{ "gennaio", "febbraio", "marzo", "aprile", "maggio",
		  "giugno", "luglio", "agosto", "settembre", "ottobre",
		  "novembre", "dicembre" },
	};
	int		 y = 0, m = 0, d = 0, k;
	const char	*mn, *de;

	k = sscanf(date, "%4d-%2d-%2d", &y, &m, &d);
	if ((unsigned)l >= TEXT_LANG__MAX || k < 1 || m < 0 || m > 12) {
		snprintf(out, 64, "%.60s", date);
		return;
	}
	if (k == 1 || m == 0) {
		snprintf(out, 64, "%d", y);
		return;
	}
	mn = months[l][m - 1];
	/* Catalan elides "de" before a vowel: "d'abril", "d'agost". */
	de = l == TEXT_CA && strchr("ao", mn[0]) ? "d’" : "de ";
	switch (l) {
	case TEXT_CA:
		if (k == 3)
			snprintf(out, 64, "%d %s%s de %d", d, de, mn, y);
		else
			snprintf(out, 64, "%s de %d", mn, y);
		break;
	case TEXT_ES:
		if (k == 3)
			snprintf(out, 64, "%d de %s de %d", d, mn, y);
		else
			snprintf(out, 64, "%s de %d", mn, y);
		break;
	case TEXT_FR:
		if (k == 3)
			snprintf(out, 64, "%d%s %s %d", d, d == 1 ? "er" : "",
			    mn, y);
		else
			snprintf(out, 64, "%s %d", mn, y);
		break;
	default:
		if (k == 3)
			snprintf(out, 64, "%d %s %d", d, mn, y);
		else
			snprintf(out, 64, "%s %d", mn, y);
		break;
	}
}

enum text_lang
i18n_negotiate(const char *al)
{
	enum text_lang	 best = TEXT_EN, l;
	double		 bestq = 0, q;
	const char	*p = al, *e, *semi;
	char		 code[3];

	if (al == NULL)
		return TEXT_EN;
	while (*p) {
		p += strspn(p, " ,");
		e = p + strcspn(p, ",");
		if (e - p >= 2) {
			code[0] = (char)(p[0] | 0x20);
			code[1] = (char)(p[1] | 0x20);
			code[2] = '\0';
			q = 1;
			/* "fr;q=0.5", and "fr; Q=0.5" as RFC 9110 allows
			 * (spaces around ";", "q" in any case). */
			semi = memchr(p, ';', (size_t)(e - p));
			if (semi != NULL) {
				semi += 1 + strspn(semi + 1, " \t");
				if ((*semi | 0x20) == 'q' && semi[1] == '=')
					q = strtod(semi + 2, NULL);
			}
			l = text_lang(code);
			/* "ca", "ca-ES", not "cat" or "car". */
			if (l != TEXT_NOLANG && (e - p == 2 || p[2] == '-' ||
			    p[2] == ';' || p[2] == ' ') && q > bestq) {
				best = l;
				bestq = q;
			}
		}
		p = e;
	}
	return best;
}

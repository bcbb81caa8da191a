/* idx_snippet.c - the passage of a text around the words a query matched.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "idx_int.h"

struct span {
	size_t	 start;
	size_t	 end;
	int	 hit;
};

struct snip {
	struct idx_ctx		*ctx;
	const struct idx_result	*res;
	enum text_lang		 lang;
	struct span		*w;
	size_t			 n;
	size_t			 cap;
	int			 oom;
	/* First bytes of the query's terms: a bit per ASCII byte. */
	unsigned char		 first[16];
	int			 any;	/* a term is empty or starts non-ASCII */
};

/*
 * Notes the first bytes of the terms. The five Snowball stemmers change
 * only the end of a word (and accents, which text_stem then folds away),
 * so a stem starts with the first byte of the word's folded form when that
 * is a letter a-z or a digit: a word starting with a byte no term starts with cannot match,
 * and is not stemmed (stemming was ~10% of an API search).
 */
static void
first_bytes(struct snip *sn)
{
	const char	*p = sn->res->terms;
	const char	*end = p ? p + sn->res->termsz : NULL;
	unsigned char	 c;

	while (p && p < end) {
		c = (unsigned char)*p;
		if (c == '\0' || c >= 0x80)
			sn->any = 1;
		else
			sn->first[c >> 3] |= (unsigned char)(1u << (c & 7));
		p += strlen(p) + 1;
	}
}

/* Whether a stem of a word whose folded form starts with c may be a term. */
static int
may_match(const struct snip *sn, unsigned char c)
{
	if (sn->any || !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
		return 1;	/* (English drops a leading apostrophe) */
	return (sn->first[c >> 3] & (1u << (c & 7))) != 0;
}

static int
is_term(const struct idx_result *res, const char *s, size_t n)
{
	const char	*p = res->terms, *end = res->terms + res->termsz;

	while (p && p < end) {
		size_t	 len = strlen(p);

		if (len == n && memcmp(p, s, n) == 0)
			return 1;
		p += len + 1;
	}
	return 0;
}

static int
snip_word(const struct text_word *w, void *arg)
{
	struct snip	*sn = arg;
	char		 t[TEXT_WORD_MAX + 1];
	size_t		 n;
	int		 hit, l;

	if (w->whole)
		return 0;
	if (sn->n == sn->cap) {
		size_t		 cap = sn->cap ? sn->cap * 2 : 64;
		struct span	*p = realloc(sn->w, cap * sizeof(*p));

		if (p == NULL) {
			sn->oom = 1;
			return 1;
		}
		sn->w = p;
		sn->cap = cap;
	}
	/* A word matched if one of its terms is one the query matched. */
	hit = is_term(sn->res, w->folded, w->foldedsz);
	if (w->foldedsz > 0 && !may_match(sn, (unsigned char)w->folded[0]))
		l = TEXT_LANG__MAX;
	else
		l = 0;
	for (; !hit && l < TEXT_LANG__MAX; l++) {
		if (sn->lang != TEXT_NOLANG && (enum text_lang)l != sn->lang)
			continue;
		n = text_stem(sn->ctx->stem, (enum text_lang)l, w, 0, t);
		hit = is_term(sn->res, t, n);
		if (!hit) {
			n = text_stem(sn->ctx->stem, (enum text_lang)l, w, 1, t);
			hit = is_term(sn->res, t, n);
		}
	}
	sn->w[sn->n].start = w->start;
	sn->w[sn->n].end = w->end;
	sn->w[sn->n].hit = hit;
	sn->n++;
	return 0;
}

char *
idx_snippet(struct idx_ctx *ctx, const struct idx_result *res,
    const char *text, size_t len, enum text_lang lang, size_t maxlen)
{
	struct snip	 sn = { ctx, res, lang, NULL, 0, 0, 0, { 0 }, 0 };
	struct buf	 b = { 0 };
	size_t		 first = 0, i, from, to, at;

	first_bytes(&sn);

	if (text_words(text, len, snip_word, &sn) != ERR_OK || sn.oom) {
		free(sn.w);
		return NULL;
	}
	for (i = 0; i < sn.n; i++)
		if (sn.w[i].hit) {
			first = i;
			break;
		}
	/* Start a few words before the first match, end on a word. */
	from = first;
	while (from > 0 && sn.w[first].start - sn.w[from - 1].start <
	    maxlen / 3)
		from--;
	to = from;
	while (to < sn.n && sn.w[to].end - sn.w[from].start <= maxlen)
		to++;
	if (sn.n == 0) {
		html_text(&b, text, len < maxlen ? len : 0);
		free(sn.w);
		return buf_take(&b);
	}
	if (to == from)
		to = from + 1;
	if (from > 0)
		buf_puts(&b, "\xe2\x80\xa6 ");	/* … */
	at = sn.w[from].start;
	for (i = from; i < to; i++) {
		html_text(&b, text + at, sn.w[i].start - at);
		if (sn.w[i].hit)
			buf_puts(&b, "<mark>");
		html_text(&b, text + sn.w[i].start,
		    sn.w[i].end - sn.w[i].start);
		if (sn.w[i].hit)
			buf_puts(&b, "</mark>");
		at = sn.w[i].end;
	}
	if (to < sn.n)
		buf_puts(&b, " \xe2\x80\xa6");
	else
		html_text(&b, text + at, len - at);
	free(sn.w);
	return buf_take(&b);
}

/* idx_query.c - running a query: parsing, term variants, BM25F ranking,
 * filters, disjunctive facet counts, top hits.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "idx_int.h"

#define BM25_K1		1.2
#define BM25_B		0.75
#define PREFIX_MAX	2048	/* terms a prefix expands to, most frequent */
#define VARIANTS_MAX	(PREFIX_MAX + 64)	/* terms one word may stand for */

/* Weights: a title word counts four times a body word. */
static const double field_weight[FIELD__MAX] = { 4.0, 2.0, 1.5, 1.0 };

/* How a variant was found, and what it is worth against an exact match. */
#define W_EXACT		1.0
#define W_TRUNC		0.7	/* the stem cut short: other languages */
#define W_PREFIX	0.5
#define W_TYPO1		0.4
#define W_TYPO2		0.3

struct variant {
	uint32_t	 term;
	double		 weight;
};

/* One word of the query with its variants and relative position. */
struct qword {
	struct variant	*v;
	size_t		 vsz;	/* entries used in v */
	size_t		 vcap;	/* entries allocated in v */
	int		 oom;	/* a variant could not be added */
	uint32_t	 pos;	/* position in its phrase */
};

/* A phrase, or a single word (wordsz 1). */
struct alt {
	struct qword	*words;
	size_t		 wordsz;
};

struct clause {
	struct alt	*alts;	/* ORed */
	size_t		 altsz;
	int		 neg;	/* "-word": must not match */
};

/* A scored match list, sorted by doc. */
struct match {
	uint32_t	 doc;
	int32_t		 year;	/* set for ranking */
	double		 score;
};

struct mlist {
	struct match	*m;
	size_t		 n;	/* entries used */
	size_t		 cap;	/* entries allocated */
};

struct run {
	struct idx		*ix;
	struct idx_ctx		*ctx;
	const struct idx_query	*q;
	struct idx_result	*res;
	struct clause		*clauses;
	size_t			 clausesz;
	size_t			 nwords;	/* query words, for the limit */
	double			 avglen[FIELD__MAX];
	double			 ndocs;
	struct buf		 terms;		/* matched terms, for snippets */
};

static int
ml_push(struct mlist *l, uint32_t doc, double score)
{
	if (l->n == l->cap) {
		size_t		 cap = l->cap ? l->cap * 2 : 256;
		struct match	*m = realloc(l->m, cap * sizeof(*m));

		if (m == NULL)
			return -1;
		l->m = m;
		l->cap = cap;
	}
	l->m[l->n].doc = doc;
	l->m[l->n].year = 0;
	l->m[l->n].score = score;
	l->n++;
	return 0;
}

static enum err
fail(struct run *r, const char *msg)
{
	free(r->res->error);
	r->res->error = strdup(msg);
	return ERR_INVALID;
}

/* ---- variants of a word ------------------------------------------------ */

static void
add_variant(struct qword *w, uint32_t term, double weight)
{
	size_t	 i;

	if (term == UINT32_MAX)
		return;
	for (i = 0; i < w->vsz; i++)
		if (w->v[i].term == term) {
			if (weight > w->v[i].weight)
				w->v[i].weight = weight;
			return;
		}
	if (w->vsz == w->vcap && w->vsz < VARIANTS_MAX) {
		size_t		 cap = w->vcap ? w->vcap * 2 : 16;
		struct variant	*v;

		if (cap > VARIANTS_MAX)
			cap = VARIANTS_MAX;
		if ((v = realloc(w->v, cap * sizeof(*v))) == NULL) {
			w->oom = 1;
			return;
		}
		w->v = v;
		w->vcap = cap;
	}
	if (w->vsz < VARIANTS_MAX) {
		w->v[w->vsz].term = term;
		w->v[w->vsz].weight = weight;
		w->vsz++;
	}
}

/* Optimal string alignment distance, or max + 1 once it is over max. */
static int
distance(const char *a, size_t an, const char *b, size_t bn, int max)
{
	int	 d[TEXT_WORD_MAX + 2][TEXT_WORD_MAX + 2];
	size_t	 i, j;
	int	 best;

	if (an > TEXT_WORD_MAX || bn > TEXT_WORD_MAX)
		return max + 1;
	if ((an > bn ? an - bn : bn - an) > (size_t)max)
		return max + 1;
	for (i = 0; i <= an; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= bn; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= an; i++) {
		best = max + 1;
		for (j = 1; j <= bn; j++) {
			int c = a[i - 1] == b[j - 1] ? 0 : 1, v;

			v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + c < v)
				v = d[i - 1][j - 1] + c;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
	}
	return d[an][bn];
}

/* First index in sorted terms not less than s (by the first n bytes). */
static uint32_t
lower_bound(const struct idx *ix, const char *s, size_t n)
{
	uint32_t	 lo = 0, hi = ix->sortedsz, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strncmp(ix->terms[ix->sorted[mid]].s, s, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct dfterm {
	uint32_t	 df;
	uint32_t	 term;
};

static int
by_df(const void *a, const void *b)
{
	const struct dfterm *x = a, *y = b;

	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	return x->term < y->term ? -1 : x->term > y->term;
}

static void
add_prefix(struct run *r, struct qword *w, const char *p, size_t n)
{
	const struct idx	*ix = r->ix;
	struct dfterm		*found;
	uint32_t		 nf = 0, i, cap = 4 * PREFIX_MAX;

	if (n < 1 || (found = malloc(cap * sizeof(*found))) == NULL)
		return;
	for (i = lower_bound(ix, p, n); i < ix->sortedsz && nf < cap; i++) {
		if (strncmp(ix->terms[ix->sorted[i]].s, p, n) != 0)
			break;
		found[nf].term = ix->sorted[i];
		found[nf++].df = ix->terms[ix->sorted[i]].df;
	}
	for (i = 0; i < ix->pendingsz && nf < cap; i++)
		if (strncmp(ix->terms[ix->pending[i]].s, p, n) == 0) {
			found[nf].term = ix->pending[i];
			found[nf++].df = ix->terms[ix->pending[i]].df;
		}
	/* The most frequent completions are the likely ones. */
	if (nf > PREFIX_MAX) {
		qsort(found, nf, sizeof(found[0]), by_df);
		nf = PREFIX_MAX;
	}
	for (i = 0; i < nf; i++)
		add_variant(w, found[i].term, W_PREFIX);
	free(found);
}

static void
typo_scan(struct run *r, struct qword *w, const char *s, size_t n, int max,
    const uint32_t *ids, uint32_t idsz)
{
	uint32_t	 i;
	int		 d;

	for (i = 0; i < idsz; i++) {
		const struct term *t = &r->ix->terms[ids[i]];
		size_t		 tn;

		if (t->s[0] != s[0])
			continue;
		tn = strlen(t->s);
		if ((tn > n ? tn - n : n - tn) > (size_t)max)
			continue;
		if ((d = distance(s, n, t->s, tn, max)) >= 1 && d <= max)
			add_variant(w, ids[i], d == 1 ? W_TYPO1 : W_TYPO2);
	}
}

static void
add_typos(struct run *r, struct qword *w, const char *s, size_t n)
{
	const struct idx	*ix = r->ix;
	uint32_t		 lo, hi;
	int			 max = n >= 9 ? 2 : 1;
	char			 first[2] = { s[0], '\0' };

	/* Terms with the same first letter: typos there are rare. */
	lo = lower_bound(ix, first, 1);
	for (hi = lo; hi < ix->sortedsz &&
	    ix->terms[ix->sorted[hi]].s[0] == s[0]; hi++)
		;
	/* Until the first merge, sorted is NULL: NULL + 0 is undefined. */
	if (hi > lo)
		typo_scan(r, w, s, n, max, ix->sorted + lo, hi - lo);
	typo_scan(r, w, s, n, max, ix->pending, ix->pendingsz);
}

/*
 * The terms a query word may match: its folded form; the stem of its
 * accented and of its folded form in every language; those stems cut by up
 * to two or three letters (where languages' stemmers disagree on a suffix);
 * for the last word while typing, every term it begins; and if none of these
 * exists, the terms within one or two typos.
 */
static enum err
expand(struct run *r, struct qword *w, const struct text_word *tw, int last,
    int in_phrase)
{
	char		 st[2 * TEXT_LANG__MAX][TEXT_WORD_MAX + 1];
	size_t		 stn[2 * TEXT_LANG__MAX], ns = 0, i, cut, k;
	int		 l, u, exact = 0;

	add_variant(w, idx_term_find(r->ix, tw->folded, tw->foldedsz),
	    W_EXACT);
	for (l = 0; l < TEXT_LANG__MAX; l++)
		for (u = 0; u < 2; u++) {
			stn[ns] = text_stem(r->ctx->stem, (enum text_lang)l, tw,
			    u, st[ns]);
			for (k = 0; k < ns; k++)
				if (stn[k] == stn[ns] &&
				    memcmp(st[k], st[ns], stn[ns]) == 0)
					break;
			if (k < ns)
				continue;
			add_variant(w, idx_term_find(r->ix, st[ns], stn[ns]),
			    W_EXACT);
			ns++;
		}
	exact = w->vsz > 0;
	/*
	 * Stemmers of different languages cut different suffixes from the
	 * same word ("municipios" gives "municipi", Catalan "municipis" gives
	 * "municip"): long stems are also tried a letter or two shorter. Only
	 * for words of letters, and only where it is unlikely to meet an
	 * unrelated word: a stem of seven letters or more that the stemmer
	 * shortened, or of ten or more; at least six letters are kept.
	 */
	for (k = 0; k < tw->foldedsz; k++)
		if (tw->folded[k] >= '0' && tw->folded[k] <= '9')
			break;
	if (!in_phrase && k == tw->foldedsz)
		for (i = 0; i < ns; i++) {
			size_t	 maxcut = stn[i] >= 9 ? 3 : 2;
			/* A stem longer than the word (a stemmer's
			 * variant of another spelling) was not cut, and
			 * must not be compared past the word's end. */
			int	 cutback = stn[i] < tw->foldedsz ||
			    (stn[i] == tw->foldedsz &&
			    memcmp(st[i], tw->folded, stn[i]) != 0);

			if (!((cutback && stn[i] >= 7) || stn[i] >= 10))
				continue;
			for (cut = 1; cut <= maxcut && stn[i] - cut >= 6; cut++)
				add_variant(w, idx_term_find(r->ix, st[i],
				    stn[i] - cut), W_TRUNC);
		}
	if (last && r->q->prefix && !in_phrase)
		add_prefix(r, w, tw->folded, tw->foldedsz);
	if (!exact && r->q->typos && !in_phrase && tw->foldedsz >= 5)
		add_typos(r, w, tw->folded, tw->foldedsz);
	return w->oom ? ERR_NOMEM : ERR_OK;
}

/* ---- parsing ------------------------------------------------------------- */

struct collect {
	struct text_word	*w;
	char			*strs;	/* their text, in one block */
	size_t			 n;
	size_t			 cap;
	int			 oom;
};

/* Copies each word of an item (strings included) for later use. */
static int
collect_word(const struct text_word *tw, void *arg)
{
	struct collect	*c = arg;
	struct text_word *w;
	char		*f, *lo;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;

		if ((w = realloc(c->w, cap * sizeof(*w))) == NULL) {
			c->oom = 1;
			return 1;
		}
		c->w = w;
		c->cap = cap;
	}
	if ((f = strndup(tw->folded, tw->foldedsz)) == NULL ||
	    (lo = strndup(tw->lower, tw->lowersz)) == NULL) {
		free(f);
		c->oom = 1;
		return 1;
	}
	c->w[c->n] = *tw;
	c->w[c->n].folded = f;
	c->w[c->n].lower = lo;
	c->n++;
	return 0;
}

static void
collect_free(struct collect *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++) {
		free((char *)c->w[i].folded);
		free((char *)c->w[i].lower);
	}
	free(c->w);
	memset(c, 0, sizeof(*c));
}

static int
is_stop_anywhere(const struct text_word *w)
{
	int	 l;

	for (l = 0; l < TEXT_LANG__MAX; l++)
		if (text_stopword((enum text_lang)l, w->folded, w->foldedsz))
			return 1;
	return 0;
}

/* Turns one item ("word", "a phrase") into an alternative. */
static enum err
make_alt(struct run *r, const char *s, size_t n, int phrase, int last,
    struct alt *a, int *stoponly)
{
	struct collect	 c = { 0 };
	enum err	 e;
	size_t		 i, parts = 0, k = 0;

	memset(a, 0, sizeof(*a));
	*stoponly = 0;
	if ((e = text_words(s, n, collect_word, &c)) != ERR_OK || c.oom) {
		collect_free(&c);
		return c.oom ? ERR_NOMEM : fail(r, "the query is not valid "
		    "UTF-8 text");
	}
	for (i = 0; i < c.n; i++)
		if (!c.w[i].whole)
			parts++;
	if (parts == 0) {
		collect_free(&c);
		return ERR_OK;
	}
	r->nwords += parts;
	if (r->nwords > IDX_TERMS_MAX) {
		collect_free(&c);
		return fail(r, "the query has too many words (at most 32)");
	}
	/* A hyphenated word is searched as the phrase of its parts. */
	if (parts > 1)
		phrase = 1;
	if ((a->words = calloc(parts, sizeof(*a->words))) == NULL) {
		collect_free(&c);
		return ERR_NOMEM;
	}
	/* The word being typed may become anything: never a stopword. */
	if (!phrase && is_stop_anywhere(&c.w[0]) && !(last && r->q->prefix))
		*stoponly = 1;
	for (i = 0; i < c.n; i++) {
		if (c.w[i].whole)
			continue;
		/* Stopwords inside a phrase keep their place, unmatched. */
		if (phrase && parts > 1 && is_stop_anywhere(&c.w[i]))
			continue;
		a->words[k].pos = c.w[i].pos;
		if ((e = expand(r, &a->words[k], &c.w[i], last &&
		    i + 1 == c.n, phrase)) != ERR_OK) {
			collect_free(&c);
			return e;
		}
		k++;
	}
	a->wordsz = k;
	collect_free(&c);
	return ERR_OK;
}

static void
free_clause(struct clause *c)
{
	size_t	 j, k;

	for (j = 0; j < c->altsz; j++) {
		for (k = 0; k < c->alts[j].wordsz; k++)
			free(c->alts[j].words[k].v);
		free(c->alts[j].words);
	}
	free(c->alts);
	memset(c, 0, sizeof(*c));
}

static void
free_clauses(struct run *r)
{
	size_t	 i;

	for (i = 0; i < r->clausesz; i++)
		free_clause(&r->clauses[i]);
	free(r->clauses);
	r->clauses = NULL;
	r->clausesz = 0;
}

/*
 * Words are ANDed; "a phrase"; -word excludes; a OR b. Stopwords are
 * dropped unless the query has nothing else.
 */
static enum err
parse(struct run *r, const char *s)
{
	size_t		 n = strlen(s), i = 0, start, end;
	struct clause	*cl;
	struct alt	 a;
	int		 neg, phrase, orjoin = 0, stop, ended_space;
	int		*stops = NULL;
	enum err	 e;

	if (n > IDX_QUERY_MAX)
		return fail(r, "the query is too long (at most 1024 bytes)");
	ended_space = n > 0 && (s[n - 1] == ' ' || s[n - 1] == '"');
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'
		    || s[i] == '\r'))
			i++;
		if (i >= n)
			break;
		neg = phrase = 0;
		if (s[i] == '-' && i + 1 < n && s[i + 1] != ' ') {
			neg = 1;
			i++;
		}
		if (s[i] == '"') {
			phrase = 1;
			start = ++i;
			while (i < n && s[i] != '"')
				i++;
			end = i;
			if (i < n)
				i++;
		} else {
			start = i;
			while (i < n && s[i] != ' ' && s[i] != '\t' &&
			    s[i] != '\n' && s[i] != '\r')
				i++;
			end = i;
		}
		if (!phrase && !neg && end - start == 2 &&
		    memcmp(s + start, "OR", 2) == 0 && r->clausesz > 0) {
			orjoin = 1;
			continue;
		}
		e = make_alt(r, s + start, end - start, phrase,
		    i >= n && !ended_space, &a, &stop);
		if (e != ERR_OK)
			goto out;
		if (a.wordsz == 0) {
			free(a.words);
			continue;
		}
		if (orjoin && !neg) {
			struct alt *na;

			cl = &r->clauses[r->clausesz - 1];
			if ((na = realloc(cl->alts, (cl->altsz + 1) *
			    sizeof(*na))) == NULL) {
				e = ERR_NOMEM;
				goto out;
			}
			cl->alts = na;
			cl->alts[cl->altsz++] = a;
			stops[r->clausesz - 1] = 0;
			orjoin = 0;
			continue;
		}
		orjoin = 0;
		if ((cl = realloc(r->clauses, (r->clausesz + 1) *
		    sizeof(*cl))) == NULL) {
			e = ERR_NOMEM;
			goto out;
		}
		r->clauses = cl;
		{
			int *ns = realloc(stops, (r->clausesz + 1) *
			    sizeof(*ns));

			if (ns == NULL) {
				e = ERR_NOMEM;
				goto out;
			}
			stops = ns;
		}
		cl = &r->clauses[r->clausesz];
		memset(cl, 0, sizeof(*cl));
		if ((cl->alts = malloc(sizeof(*cl->alts))) == NULL) {
			e = ERR_NOMEM;
			goto out;
		}
		cl->alts[0] = a;
		cl->altsz = 1;
		cl->neg = neg;
		stops[r->clausesz] = stop && !neg;
		r->clausesz++;
	}
	/* Drop stopword clauses when something else remains. */
	{
		size_t	 kept = 0, j, real = 0;

		for (j = 0; j < r->clausesz; j++)
			if (!r->clauses[j].neg && !stops[j])
				real++;
		for (j = 0; real > 0 && j < r->clausesz; j++) {
			if (stops[j])
				free_clause(&r->clauses[j]);
			else
				r->clauses[kept++] = r->clauses[j];
		}
		if (real > 0)
			r->clausesz = kept;
	}
	e = ERR_OK;
out:
	free(stops);
	return e;
}

/* ---- evaluation ---------------------------------------------------------- */

static double
idf(const struct run *r, uint32_t df)
{
	return log(1.0 + (r->ndocs - df + 0.5) / (df + 0.5));
}

/* BM25F of a term found tfs[f] times in each field of a document. */
static double
bm25f_of(const struct run *r, uint32_t doc, const uint32_t tfs[FIELD__MAX],
    double termidf)
{
	const uint16_t		*len = r->ix->facts[doc].flen;
	double			 tf = 0;
	unsigned		 f;

	for (f = 0; f < FIELD__MAX; f++)
		if (tfs[f])
			tf += field_weight[f] * tfs[f] / (1.0 - BM25_B +
			    BM25_B * (r->avglen[f] > 0 ? len[f] /
			    r->avglen[f] : 1.0));
	return termidf * tf * (BM25_K1 + 1.0) / (BM25_K1 + tf);
}

/* BM25F of one term in the document under a cursor. */
static double
bm25f(const struct run *r, struct pcursor *c, double termidf)
{
	pc_fields(c);
	return bm25f_of(r, c->doc, c->tf, termidf);
}

static int
live_doc(const struct run *r, uint32_t doc)
{
	return r->ix->ndead == 0 || r->ix->docs[doc].key != NULL;
}

/* Records the variants that matched something, for snippets. */
static void
note_terms(struct run *r, const struct qword *w)
{
	size_t	 i;

	for (i = 0; i < w->vsz; i++) {
		const char *t = r->ix->terms[w->v[i].term].s;

		buf_put(&r->terms, t, strlen(t) + 1);
	}
}

/* A single word: the union of its variants, best score per document. */
static enum err
eval_word(struct run *r, const struct qword *w, struct mlist *out)
{
	struct pcursor	*cur;
	double		*idfs;
	size_t		 i, live = 0;
	uint32_t	 doc;
	enum err	 e = ERR_OK;

	out->n = 0;
	if (w->vsz == 0)
		return ERR_OK;
	if ((cur = calloc(w->vsz, sizeof(*cur))) == NULL ||
	    (idfs = calloc(w->vsz, sizeof(*idfs))) == NULL) {
		free(cur);
		return ERR_NOMEM;
	}
	for (i = 0; i < w->vsz; i++) {
		pc_init(&cur[i], &r->ix->terms[w->v[i].term]);
		idfs[i] = idf(r, r->ix->terms[w->v[i].term].df);
		if (pc_next(&cur[i]))
			live++;
		else
			cur[i].p = NULL;
	}
	/* A k-way merge by docid; k is small. */
	while (live > 0) {
		double	 best = 0;

		doc = UINT32_MAX;
		for (i = 0; i < w->vsz; i++)
			if (cur[i].p != NULL && cur[i].doc < doc)
				doc = cur[i].doc;
		for (i = 0; i < w->vsz; i++) {
			if (cur[i].p == NULL || cur[i].doc != doc)
				continue;
			if (live_doc(r, doc)) {
				double sc = w->v[i].weight *
				    bm25f(r, &cur[i], idfs[i]);

				if (sc > best)
					best = sc;
			}
			if (!pc_next(&cur[i])) {
				cur[i].p = NULL;
				live--;
			}
		}
		if (live_doc(r, doc) && ml_push(out, doc, best) != 0) {
			e = ERR_NOMEM;
			break;
		}
	}
	free(cur);
	free(idfs);
	return e;
}

/* Positions of a word in one document, by field. */
struct wpos {
	uint32_t	*p[FIELD__MAX];
	size_t		 n[FIELD__MAX];
	size_t		 cap[FIELD__MAX];
};

static int
wpos_add(struct wpos *wp, unsigned f, uint32_t pos)
{
	if (wp->n[f] == wp->cap[f]) {
		size_t		 cap = wp->cap[f] ? wp->cap[f] * 2 : 16;
		uint32_t	*p = realloc(wp->p[f], cap * sizeof(*p));

		if (p == NULL)
			return -1;
		wp->p[f] = p;
		wp->cap[f] = cap;
	}
	wp->p[f][wp->n[f]++] = pos;
	return 0;
}

static int
has(const struct wpos *wp, unsigned f, uint32_t pos)
{
	size_t	 i;

	for (i = 0; i < wp->n[f]; i++)
		if (wp->p[f][i] == pos)
			return 1;
	return 0;
}

/*
 * Collects the positions of every variant of a word in one document. The
 * word's cursors (one per variant, t NULL at its end) only move forward:
 * documents come in increasing order.
 */
static int
word_positions(struct run *r, const struct qword *w, struct pcursor *cur,
    const double *idfs, uint32_t doc, struct wpos *wp, double *score)
{
	size_t		 i;
	unsigned	 f;

	memset(wp->n, 0, sizeof(wp->n));
	*score = 0;
	for (i = 0; i < w->vsz; i++) {
		struct pcursor	*c = &cur[i];

		if (c->t == NULL)
			continue;
		if (!pc_seek(c, doc)) {
			c->t = NULL;
			continue;
		}
		if (c->doc != doc)
			continue;
		{
			double sc = bm25f(r, c, idfs[i]);

			if (sc > *score)
				*score = sc;
		}
		{
			const uint8_t	*p, *end;

			pc_fields(c);
			p = c->pos;
			end = c->pos + c->possz;

			for (f = 0; f < FIELD__MAX; f++) {
				uint32_t k, pos = 0;

				for (k = 0; k < c->tf[f]; k++) {
					pos += idx_varint(&p, end);
					if (wpos_add(wp, f, pos) != 0)
						return -1;
				}
			}
		}
	}
	return 0;
}

/* A phrase: documents with its words in order, in one field. */
static enum err
eval_phrase(struct run *r, const struct alt *a, struct mlist *out)
{
	struct mlist	 first = { 0 };
	struct wpos	*wp;
	struct pcursor	*cur = NULL;
	double		*idfs = NULL;
	size_t		*at = NULL, nv = 0;
	enum err	 e;
	size_t		 i, k;
	unsigned	 f;

	out->n = 0;
	if ((e = eval_word(r, &a->words[0], &first)) != ERR_OK)
		return e;
	for (k = 0; k < a->wordsz; k++)
		nv += a->words[k].vsz;
	if ((wp = calloc(a->wordsz, sizeof(*wp))) == NULL ||
	    (cur = calloc(nv + 1, sizeof(*cur))) == NULL ||
	    (idfs = calloc(nv + 1, sizeof(*idfs))) == NULL ||
	    (at = calloc(a->wordsz, sizeof(*at))) == NULL) {
		free(wp);
		free(cur);
		free(idfs);
		free(first.m);
		return ERR_NOMEM;
	}
	for (k = 0, nv = 0; k < a->wordsz; k++) {
		at[k] = nv;
		for (i = 0; i < a->words[k].vsz; i++, nv++) {
			const struct term *t =
			    &r->ix->terms[a->words[k].v[i].term];

			pc_init(&cur[nv], t);
			idfs[nv] = idf(r, t->df);
		}
	}
	for (i = 0; i < first.n; i++) {
		uint32_t	 doc = first.m[i].doc;
		double		 score = 0, sc;
		int		 ok = 1, found = 0;

		for (k = 0; k < a->wordsz && ok; k++) {
			if (word_positions(r, &a->words[k], cur + at[k],
			    idfs + at[k], doc, &wp[k], &sc) != 0) {
				e = ERR_NOMEM;
				goto out;
			}
			score += sc;
			ok = 0;
			for (f = 0; f < FIELD__MAX; f++)
				ok |= wp[k].n[f] > 0;
		}
		if (!ok)
			continue;
		for (f = 0; f < FIELD__MAX && !found; f++) {
			size_t	 p;

			for (p = 0; p < wp[0].n[f] && !found; p++) {
				uint32_t base = wp[0].p[f][p];

				found = 1;
				for (k = 1; k < a->wordsz && found; k++)
					found = has(&wp[k], f, base +
					    a->words[k].pos - a->words[0].pos);
			}
		}
		if (found && ml_push(out, doc, score) != 0) {
			e = ERR_NOMEM;
			goto out;
		}
	}
out:
	for (k = 0; k < a->wordsz; k++)
		for (f = 0; f < FIELD__MAX; f++)
			free(wp[k].p[f]);
	free(wp);
	free(cur);
	free(idfs);
	free(at);
	free(first.m);
	return e;
}

/* a OR b: the union, scores summed where both match. */
static enum err
ml_union(struct mlist *a, const struct mlist *b)
{
	struct mlist	 o = { 0 };
	size_t		 i = 0, j = 0;

	while (i < a->n || j < b->n) {
		int r;

		if (j >= b->n || (i < a->n && a->m[i].doc < b->m[j].doc))
			r = ml_push(&o, a->m[i].doc, a->m[i].score), i++;
		else if (i >= a->n || b->m[j].doc < a->m[i].doc)
			r = ml_push(&o, b->m[j].doc, b->m[j].score), j++;
		else {
			r = ml_push(&o, a->m[i].doc, a->m[i].score +
			    b->m[j].score);
			i++;
			j++;
		}
		if (r != 0) {
			free(o.m);
			return ERR_NOMEM;
		}
	}
	free(a->m);
	*a = o;
	return ERR_OK;
}

static enum err
eval_clause(struct run *r, const struct clause *c, struct mlist *out)
{
	struct mlist	 one = { 0 };
	enum err	 e = ERR_OK;
	size_t		 i;

	out->n = 0;
	for (i = 0; i < c->altsz; i++) {
		const struct alt *a = &c->alts[i];

		if (a->wordsz == 1)
			e = eval_word(r, &a->words[0], i ? &one : out);
		else
			e = eval_phrase(r, a, i ? &one : out);
		if (e == ERR_OK && i > 0)
			e = ml_union(out, &one);
		if (e != ERR_OK)
			break;
	}
	free(one.m);
	return e;
}

/* ---- filters, hits and counts ------------------------------------------ */

/* A facet's value id by its string, or UINT32_MAX. */
static uint32_t
value_find(const struct facet *fc, const char *v)
{
	uint32_t	 h = idx_hash(v, strlen(v)), s, id;

	if (fc->nslots == 0)
		return UINT32_MAX;
	for (s = h & (fc->nslots - 1); (id = fc->slots[s]) != 0;
	    s = (s + 1) & (fc->nslots - 1))
		if (strcmp(fc->v[id - 1].s, v) == 0)
			return id - 1;
	return UINT32_MAX;
}

/* The filter of one facet as a bitmap: NULL when out of memory. */
static roaring_bitmap_t *
facet_filter(struct run *r, enum idx_facet f)
{
	const struct idx_query	*q = r->q;
	const struct facet	*fc = &r->ix->facets[f];
	const roaring_bitmap_t	**parts;
	roaring_bitmap_t	*bm = NULL, *yr = NULL;
	size_t			 i, n = 0;
	uint32_t		 id;
	int			 y;

	/* Unions in one go: or_many merges each container once. */
	if ((parts = calloc(q->valuesz[f] + YEAR_MAX - YEAR_MIN + 1,
	    sizeof(*parts))) == NULL)
		return NULL;
	if (q->valuesz[f] > 0) {
		for (i = 0; i < q->valuesz[f]; i++)
			if ((id = value_find(fc, q->values[f][i])) !=
			    UINT32_MAX)
				parts[n++] = fc->v[id].bm;
		if ((bm = n ? roaring_bitmap_or_many(n, parts) :
		    roaring_bitmap_create()) == NULL)
			goto out;
	}
	if (f == FACET_YEAR && (q->year_from || q->year_to)) {
		int from = q->year_from ? q->year_from : YEAR_MIN;
		int to = q->year_to ? q->year_to : YEAR_MAX;

		n = 0;
		for (y = from < YEAR_MIN ? YEAR_MIN : from;
		    y <= to && y <= YEAR_MAX; y++)
			if (r->ix->years[y - YEAR_MIN])
				parts[n++] = r->ix->years[y - YEAR_MIN];
		if ((yr = n ? roaring_bitmap_or_many(n, parts) :
		    roaring_bitmap_create()) == NULL) {
			if (bm)
				roaring_bitmap_free(bm);
			bm = NULL;
			goto out;
		}
		if (bm) {
			roaring_bitmap_and_inplace(bm, yr);
			roaring_bitmap_free(yr);
		} else
			bm = yr;
	}
out:
	free(parts);
	return bm;
}

/*
 * A document's values of one facet from the dense codes: their ids go to
 * *ids (buf, or the document's own list); returns how many.
 */
static inline size_t
doc_values(const struct idx *ix, unsigned f, uint32_t doc, uint32_t buf[4],
    const uint32_t **ids)
{
	uint32_t	 c = ix->facts[doc].fcode[f];
	size_t		 n = 0, k = 0;
	unsigned	 g;

	*ids = buf;
	if (c == FCODE_MANY) {
		const struct doc *d = &ix->docs[doc];

		for (g = 0; g < f; g++)
			k += d->nval[g];
		*ids = d->vals + k;
		return d->nval[f];
	}
	if (c & FCODE_ONE) {
		buf[0] = c & ~FCODE_ONE;
		return 1;
	}
	for (; c != 0; c >>= 8)
		buf[n++] = (c & 0xff) - 1;
	return n;
}

/*
 * The filters of a query as tests on one document, and the counts being
 * made. A document counts for a facet's values when it passes every filter
 * but that facet's own: the disjunctive counts in one pass.
 */
struct sink {
	unsigned	 filtered;	/* facets with a filter: 1u << f */
	unsigned	 counted;	/* facets to count: 1u << f */
	uint8_t		*sel[FACET__MAX];	/* by value id: 1 if chosen;
						   NULL: no values chosen */
	int		 yrange;	/* the year range is on */
	int		 ylo, yhi;	/* its bounds, as idx_ycode */
	uint32_t	*cnt[FACET__MAX];	/* by value id */
	uint64_t	 total;		/* documents passing every filter */
};

static enum err
sink_init(struct run *r, struct sink *k)
{
	const struct idx_query	*q = r->q;
	size_t			 f, i;
	uint32_t		 id;

	memset(k, 0, sizeof(*k));
	for (f = 0; f < FACET__MAX; f++) {
		const struct facet *fc = &r->ix->facets[f];

		if (q->valuesz[f] > 0) {
			k->filtered |= 1u << f;
			if ((k->sel[f] = calloc(fc->vsz + 1, 1)) == NULL)
				return ERR_NOMEM;
			for (i = 0; i < q->valuesz[f]; i++)
				if ((id = value_find(fc, q->values[f][i])) !=
				    UINT32_MAX)
					k->sel[f][id] = 1;
		}
		if (q->facets & (1u << f)) {
			k->counted |= 1u << f;
			if ((k->cnt[f] = calloc(fc->vsz + 1,
			    sizeof(*k->cnt[f]))) == NULL)
				return ERR_NOMEM;
		}
	}
	if (q->year_from || q->year_to) {
		int from = q->year_from ? q->year_from : YEAR_MIN;
		int to = q->year_to ? q->year_to : YEAR_MAX;

		k->filtered |= 1u << FACET_YEAR;
		k->yrange = 1;
		/* Years outside YEAR_MIN..YEAR_MAX count as none (code 0). */
		k->ylo = (from < YEAR_MIN ? YEAR_MIN : from) - YEAR_MIN + 1;
		k->yhi = (to > YEAR_MAX ? YEAR_MAX : to) - YEAR_MIN + 1;
	}
	return ERR_OK;
}

static void
sink_free(struct sink *k)
{
	size_t	 f;

	for (f = 0; f < FACET__MAX; f++) {
		free(k->sel[f]);
		free(k->cnt[f]);
	}
}

/* The filters a live document fails, as 1u << f. */
static inline unsigned
sink_fails(const struct idx *ix, const struct sink *k, uint32_t doc)
{
	unsigned	 fail = 0, m, f;
	uint32_t	 buf[4];
	const uint32_t	*ids;
	size_t		 n, i;

	for (m = k->filtered; m != 0; m &= m - 1) {
		f = (unsigned)__builtin_ctz(m);
		if (k->sel[f] != NULL) {
			n = doc_values(ix, f, doc, buf, &ids);
			for (i = 0; i < n && !k->sel[f][ids[i]]; i++)
				;
			if (i == n) {
				fail |= 1u << f;
				continue;
			}
		}
		if (f == FACET_YEAR && k->yrange) {
			int yc = idx_ycode(ix->facts[doc].year);

			if (yc < k->ylo || yc > k->yhi)
				fail |= 1u << f;
		}
	}
	return fail;
}

/* Counts a live document's values where its failed filters allow. */
static inline void
sink_count(const struct idx *ix, struct sink *k, uint32_t doc, unsigned fail)
{
	unsigned	 m, f;
	uint32_t	 buf[4];
	const uint32_t	*ids;
	size_t		 n, i;

	for (m = k->counted; m != 0; m &= m - 1) {
		f = (unsigned)__builtin_ctz(m);
		if ((fail & ~(1u << f)) != 0)
			continue;
		n = doc_values(ix, f, doc, buf, &ids);
		for (i = 0; i < n; i++)
			k->cnt[f][ids[i]]++;
	}
}

/* Copies s to *p and moves *p past it; returns the copy. */
static const char *
copy_into(char **p, const char *s)
{
	size_t		 n = strlen(s) + 1;
	const char	*at = *p;

	memcpy(*p, s, n);
	*p += n;
	return at;
}

static int
hit_better(const struct match *a, const struct match *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	if (a->year != b->year)
		return a->year > b->year;
	return a->doc > b->doc;
}

static int
hit_cmp(const void *a, const void *b)
{
	if (hit_better(a, b))
		return -1;
	return hit_better(b, a) ? 1 : 0;
}

/* Newest first, with year holding the ycode: none comes last. */
static int
hit_newer(const struct match *a, const struct match *b)
{
	if (a->year != b->year)
		return a->year > b->year;
	return a->doc > b->doc;
}

static int
newer_cmp(const void *a, const void *b)
{
	if (hit_newer(a, b))
		return -1;
	return hit_newer(b, a) ? 1 : 0;
}

/*
 * Offers a hit to the best k kept in h, a heap with the worst kept on top
 * (h->m[0]). Returns -1 when out of memory.
 */
static int
heap_offer(struct mlist *h, size_t k, const struct match *x,
    int (*better)(const struct match *, const struct match *))
{
	struct match	 t;
	size_t		 j, p;

	if (h->n < k) {
		if (ml_push(h, x->doc, x->score) != 0)
			return -1;
		h->m[h->n - 1] = *x;
		for (j = h->n - 1; j > 0; j = p) {
			p = (j - 1) / 2;
			if (!better(&h->m[p], &h->m[j]))
				break;
			t = h->m[p];
			h->m[p] = h->m[j];
			h->m[j] = t;
		}
	} else if (k > 0 && better(x, &h->m[0])) {
		h->m[0] = *x;
		for (j = 0;;) {
			size_t	 a = 2 * j + 1, b = a + 1, w = j;

			if (a < h->n && better(&h->m[w], &h->m[a]))
				w = a;
			if (b < h->n && better(&h->m[w], &h->m[b]))
				w = b;
			if (w == j)
				break;
			t = h->m[w];
			h->m[w] = h->m[j];
			h->m[j] = t;
			j = w;
		}
	}
	return 0;
}

/* ---- text queries: the AND of the positive clauses ---------------------- */

#define DOC_END		UINT32_MAX
#define LAZY_MAX	64	/* variants a word may have to be walked lazily */

/*
 * A positive clause as the AND walks it: a single word is a union of cursors
 * over its variants' postings, decoded only as far as the AND needs and
 * scored only where every clause matches; anything else (phrases, OR, words
 * with many variants) is evaluated whole into a list first.
 */
struct src {
	int		 lazy;
	struct pcursor	*cur;	/* lazy: one per variant; t NULL at its end */
	double		*idfs;	/* lazy: per variant */
	const struct variant *v;	/* lazy: the word's variants */
	size_t		 ncur;	/* entries in cur, idfs and v */
	struct mlist	 ml;	/* otherwise: the clause's matches */
	size_t		 at;	/* the current entry of ml */
	uint32_t	 doc;	/* current document, DOC_END at the end */
	uint64_t	 est;	/* documents it may match, at most */
};

static uint32_t
src_min(struct src *s)
{
	uint32_t	 d = DOC_END;
	size_t		 i;

	for (i = 0; i < s->ncur; i++)
		if (s->cur[i].t != NULL && s->cur[i].doc < d)
			d = s->cur[i].doc;
	return s->doc = d;
}

static uint32_t
src_next(struct src *s)
{
	size_t	 i;

	if (s->doc == DOC_END)
		return DOC_END;
	if (!s->lazy) {
		s->at++;
		return s->doc = s->at < s->ml.n ? s->ml.m[s->at].doc : DOC_END;
	}
	for (i = 0; i < s->ncur; i++)
		if (s->cur[i].t != NULL && s->cur[i].doc == s->doc &&
		    !pc_next(&s->cur[i]))
			s->cur[i].t = NULL;
	return src_min(s);
}

/* Moves to the first document >= target; returns it or DOC_END. */
static uint32_t
src_seek(struct src *s, uint32_t target)
{
	size_t	 i, lo, hi, step, mid;

	if (s->doc >= target)
		return s->doc;
	if (!s->lazy) {
		/* Galloping: the target is usually near. */
		i = s->at;
		for (step = 1; i + step < s->ml.n &&
		    s->ml.m[i + step].doc < target; step *= 2)
			i += step;
		lo = i + 1;
		hi = i + step < s->ml.n ? i + step + 1 : s->ml.n;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (s->ml.m[mid].doc < target)
				lo = mid + 1;
			else
				hi = mid;
		}
		s->at = lo;
		return s->doc = lo < s->ml.n ? s->ml.m[lo].doc : DOC_END;
	}
	for (i = 0; i < s->ncur; i++)
		if (s->cur[i].t != NULL && s->cur[i].doc < target &&
		    !pc_seek(&s->cur[i], target))
			s->cur[i].t = NULL;
	return src_min(s);
}

static enum err
src_init(struct run *r, const struct clause *c, struct src *s)
{
	const struct qword	*w = &c->alts[0].words[0];
	size_t			 i;

	memset(s, 0, sizeof(*s));
	if (c->altsz != 1 || c->alts[0].wordsz != 1 || w->vsz > LAZY_MAX) {
		enum err e = eval_clause(r, c, &s->ml);

		s->doc = s->ml.n ? s->ml.m[0].doc : DOC_END;
		s->est = s->ml.n;
		return e;
	}
	s->lazy = 1;
	s->v = w->v;
	s->ncur = w->vsz;
	if (w->vsz == 0) {
		s->doc = DOC_END;
		return ERR_OK;
	}
	if ((s->cur = calloc(w->vsz, sizeof(*s->cur))) == NULL ||
	    (s->idfs = calloc(w->vsz, sizeof(*s->idfs))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < w->vsz; i++) {
		const struct term *t = &r->ix->terms[w->v[i].term];

		pc_init(&s->cur[i], t);
		s->idfs[i] = idf(r, t->df);
		s->est += t->df;
		if (!pc_next(&s->cur[i]))
			s->cur[i].t = NULL;
	}
	src_min(s);
	return ERR_OK;
}

static void
src_free(struct src *s)
{
	free(s->cur);
	free(s->idfs);
	free(s->ml.m);
}

/*
 * A document every positive clause matches, waiting for the filters, the
 * counts and its score: its facts (the fields' lengths BM25F needs, the
 * facet values) are asked for when it is found and read WALK_BATCH matches
 * later, so their cache misses overlap instead of coming one after the
 * other (they were most of the time of a text query). What the score needs
 * of the cursors, which move on, is kept in a struct pterm per clause and
 * variant: where the matching posting's tf are, read only if the document
 * passes the filters.
 */
#define WALK_BATCH	32

struct pterm {
	uint32_t	 src;	/* the clause */
	int		 whole;	/* score is the clause's, evaluated whole */
	double		 weight;	/* the variant's */
	double		 idf;	/* the variant's term's; or the score */
	const uint8_t	*rest;	/* the posting's mask and tf, read only if */
	const uint8_t	*restend;	/* the document is scored */
};

struct pend {
	uint32_t	 doc;
	size_t		 first;	/* its entries in the walk's pterms */
	size_t		 n;
};

struct walk {
	struct pend	 pend[WALK_BATCH];
	size_t		 np;	/* entries used in pend */
	struct pterm	*pt;	/* inl, or the heap once inl is too small */
	size_t		 ptsz;	/* entries used in pt */
	size_t		 ptcap;	/* entries allocated in pt */
	struct pterm	 inl[4 * WALK_BATCH];
};

/* Notes what each clause's score in the current document will need. */
static int
walk_note(struct walk *w, const struct src *srcs, size_t nsrc)
{
	size_t		 t, i, need = 0;
	struct pterm	*p;

	for (t = 0; t < nsrc; t++)
		need += srcs[t].lazy ? srcs[t].ncur : 1;
	if (w->ptsz + need > w->ptcap) {
		size_t cap = w->ptcap * 2;

		while (cap < w->ptsz + need)
			cap *= 2;
		if ((p = realloc(w->pt == w->inl ? NULL : w->pt,
		    cap * sizeof(*p))) == NULL)
			return -1;
		if (w->pt == w->inl)
			memcpy(p, w->inl, w->ptsz * sizeof(*p));
		w->pt = p;
		w->ptcap = cap;
	}
	for (t = 0; t < nsrc; t++) {
		const struct src *s = &srcs[t];

		if (!s->lazy) {
			p = &w->pt[w->ptsz++];
			p->src = (uint32_t)t;
			p->whole = 1;
			p->idf = s->ml.m[s->at].score;
			continue;
		}
		for (i = 0; i < s->ncur; i++) {
			if (s->cur[i].t == NULL || s->cur[i].doc != s->doc)
				continue;
			p = &w->pt[w->ptsz++];
			p->src = (uint32_t)t;
			p->whole = 0;
			p->weight = s->v[i].weight;
			p->idf = s->idfs[i];
			p->rest = s->cur[i].rest;
			p->restend = s->cur[i].restend;
		}
	}
	return 0;
}

/*
 * A pending document's score: the sum over clauses, in order, of the
 * clause's best variant (as the cursors would have given it).
 */
static double
walk_score(const struct run *r, const struct walk *w, const struct pend *p,
    size_t nsrc)
{
	const struct pterm *pt = w->pt + p->first, *end = pt + p->n;
	double		 score = 0, best, sc;
	uint32_t	 tf[FIELD__MAX];
	uint8_t		 mask;
	size_t		 t;

	for (t = 0; t < nsrc; t++) {
		best = 0;
		for (; pt < end && pt->src == t; pt++) {
			if (pt->whole) {
				best = pt->idf;
				continue;
			}
			idx_fields(pt->rest, pt->restend, &mask, tf);
			if ((sc = pt->weight * bm25f_of(r, p->doc, tf,
			    pt->idf)) > best)
				best = sc;
		}
		score += best;
	}
	return score;
}

/* Filters, counts and ranks the pending documents; -1 when out of memory. */
static int
walk_flush(const struct run *r, struct walk *w, size_t nsrc, struct sink *k,
    size_t want, int newest, struct mlist *top)
{
	const struct idx *ix = r->ix;
	struct match	 x;
	unsigned	 fail;
	size_t		 i;

	for (i = 0; i < w->np; i++) {
		const struct pend *p = &w->pend[i];

		fail = k->filtered ? sink_fails(ix, k, p->doc) : 0;
		if ((fail & (fail - 1)) != 0)
			continue;	/* two filters failed: counts nowhere */
		if (k->counted)
			sink_count(ix, k, p->doc, fail);
		if (fail != 0)
			continue;
		k->total++;
		if (want == 0)
			continue;
		x.doc = p->doc;
		if (newest) {
			x.year = idx_ycode(ix->facts[x.doc].year);
			if (top->n == want && !hit_newer(&x, &top->m[0]))
				continue;
			x.score = walk_score(r, w, p, nsrc);
			if (heap_offer(top, want, &x, hit_newer) != 0)
				return -1;
		} else {
			x.score = walk_score(r, w, p, nsrc);
			if (top->n == want && x.score < top->m[0].score)
				continue;
			x.year = ix->facts[x.doc].year;
			if (heap_offer(top, want, &x, hit_better) != 0)
				return -1;
		}
	}
	w->np = 0;
	w->ptsz = 0;
	return 0;
}

/*
 * Walks the documents every positive clause matches, rarest clause first,
 * the others seeking to it; each live one not excluded goes through the
 * filters, into the counts, the total and the best k (by relevance, or
 * newest first).
 */
static enum err
and_walk(struct run *r, struct src *srcs, size_t nsrc,
    const struct mlist *negs, size_t nneg, struct sink *k, size_t want,
    int newest, struct mlist *top)
{
	const struct idx *ix = r->ix;
	size_t		 ord[IDX_TERMS_MAX], negat[IDX_TERMS_MAX] = { 0 };
	size_t		 i, j;
	uint32_t	 doc, d = DOC_END;
	struct walk	 w;
	enum err	 e = ERR_NOMEM;

	if (nsrc == 0 || nsrc > IDX_TERMS_MAX || nneg > IDX_TERMS_MAX)
		return ERR_INVALID;
	w.np = w.ptsz = 0;
	w.pt = w.inl;
	w.ptcap = sizeof(w.inl) / sizeof(w.inl[0]);
	/* The clause that may match least leads. */
	for (i = 0; i < nsrc; i++) {
		for (j = i; j > 0 && srcs[ord[j - 1]].est > srcs[i].est; j--)
			ord[j] = ord[j - 1];
		ord[j] = i;
	}
	doc = srcs[ord[0]].doc;
	while (doc != DOC_END) {
		for (i = 1; i < nsrc; i++)
			if ((d = src_seek(&srcs[ord[i]], doc)) != doc)
				break;
		if (i < nsrc) {
			if (d == DOC_END)
				break;
			doc = src_seek(&srcs[ord[0]], d);
			continue;
		}
		if (ix->ndead > 0 && ix->docs[doc].key == NULL)
			goto next;
		for (j = 0; j < nneg; j++) {
			while (negat[j] < negs[j].n &&
			    negs[j].m[negat[j]].doc < doc)
				negat[j]++;
			if (negat[j] < negs[j].n &&
			    negs[j].m[negat[j]].doc == doc)
				goto next;
		}
		/* A struct dfacts may straddle two cache lines. */
		__builtin_prefetch(&ix->facts[doc]);
		__builtin_prefetch((const char *)&ix->facts[doc] +
		    sizeof(ix->facts[doc]) - 1);
		w.pend[w.np].doc = doc;
		w.pend[w.np].first = w.ptsz;
		if (want > 0 && walk_note(&w, srcs, nsrc) != 0)
			goto out;
		w.pend[w.np].n = w.ptsz - w.pend[w.np].first;
		if (++w.np == WALK_BATCH &&
		    walk_flush(r, &w, nsrc, k, want, newest, top) != 0)
			goto out;
next:
		doc = src_next(&srcs[ord[0]]);
	}
	if (walk_flush(r, &w, nsrc, k, want, newest, top) != 0)
		goto out;
	if (top->n > 1)
		qsort(top->m, top->n, sizeof(*top->m), newest ? newer_cmp :
		    hit_cmp);
	e = ERR_OK;
out:
	if (w.pt != w.inl)
		free(w.pt);
	return e;
}

/* ---- browsing: no positive clause ---------------------------------------- */

/* Newest first: by year, then most recently added. */
static enum err
top_newest(struct run *r, const roaring_bitmap_t *all, size_t k,
    struct mlist *out)
{
	roaring_bitmap_t	*b;
	int			 y;

	out->n = 0;
	for (y = YEAR_MAX; y >= YEAR_MIN - 1 && out->n < k; y--) {
		const roaring_bitmap_t *yb = y >= YEAR_MIN ?
		    r->ix->years[y - YEAR_MIN] : r->ix->noyear;
		roaring_uint32_iterator_t *it;

		if (yb == NULL || (b = roaring_bitmap_and(all, yb)) == NULL)
			continue;
		if (roaring_bitmap_is_empty(b)) {
			roaring_bitmap_free(b);
			continue;
		}
		/* Descending docids: walk backwards. */
		it = roaring_create_iterator(b);
		if (it == NULL) {
			roaring_bitmap_free(b);
			return ERR_NOMEM;
		}
		roaring_move_uint32_iterator_equalorlarger(it,
		    roaring_bitmap_maximum(b));
		while (it->has_value && out->n < k) {
			if (ml_push(out, it->current_value, 0) != 0) {
				roaring_free_uint32_iterator(it);
				roaring_bitmap_free(b);
				return ERR_NOMEM;
			}
			roaring_previous_uint32_iterator(it);
		}
		roaring_free_uint32_iterator(it);
		roaring_bitmap_free(b);
	}
	return ERR_OK;
}

/*
 * Counts facet f's values over base (live documents) into cnt: from the
 * value bitmaps' sizes when base is every live document, from the dense
 * codes in one pass when base is small, else by intersecting base with
 * each value's bitmap.
 */
static enum err
count_base(struct run *r, enum idx_facet f, const roaring_bitmap_t *base,
    uint32_t *cnt)
{
	const struct idx	*ix = r->ix;
	const struct facet	*fc = &ix->facets[f];
	uint64_t		 card = roaring_bitmap_get_cardinality(base);
	uint32_t		 docs[256], buf[4], got, i;
	const uint32_t		*ids;
	roaring_uint32_iterator_t *it;
	size_t			 n, v;
	int			 dense;

	if (card == 0 || fc->vsz == 0)
		return ERR_OK;
	if (card == ix->nlive) {
		/* base is a subset of the live documents of the same size. */
		for (v = 0; v < fc->vsz; v++)
			cnt[v] = (uint32_t)roaring_bitmap_get_cardinality(
			    fc->v[v].bm);
		return ERR_OK;
	}
	/*
	 * Intersecting touches, per value, its documents or at most one
	 * 1024-word container per chunk of 65536 docids; a pass over base
	 * decodes each of its documents' values, a few times dearer.
	 */
	{
		uint64_t chunks = (roaring_bitmap_maximum(base) >> 16) -
		    (roaring_bitmap_minimum(base) >> 16) + 1, work = 0, vc;

		for (v = 0; v < fc->vsz && work < card * 4; v++) {
			vc = roaring_bitmap_get_cardinality(fc->v[v].bm);
			work += vc < chunks * 1024 ? vc : chunks * 1024;
		}
		dense = work >= card * 4;
	}
	if (!dense) {
		for (v = 0; v < fc->vsz; v++)
			cnt[v] = (uint32_t)roaring_bitmap_and_cardinality(base,
			    fc->v[v].bm);
		return ERR_OK;
	}
	if ((it = roaring_create_iterator(base)) == NULL)
		return ERR_NOMEM;
	while ((got = roaring_read_uint32_iterator(it, docs, 256)) > 0)
		for (i = 0; i < got; i++) {
			n = doc_values(ix, f, docs[i], buf, &ids);
			for (v = 0; v < n; v++)
				cnt[ids[v]]++;
		}
	roaring_free_uint32_iterator(it);
	return ERR_OK;
}

/*
 * The documents passing every filter but skip's (FACET__MAX: every filter),
 * within text (NULL: every live document). Sets *owned when the result is
 * new, else it is text or the live set; NULL when out of memory.
 */
static const roaring_bitmap_t *
filters_but(struct run *r, roaring_bitmap_t *const filt[FACET__MAX],
    size_t skip, const roaring_bitmap_t *text, int *owned)
{
	roaring_bitmap_t	*b = NULL;
	size_t			 g;

	*owned = 0;
	for (g = 0; g < FACET__MAX; g++) {
		if (g == skip || filt[g] == NULL)
			continue;
		if (b == NULL) {
			if ((b = roaring_bitmap_and(text ? text :
			    r->ix->live, filt[g])) == NULL)
				return NULL;
		} else
			roaring_bitmap_and_inplace(b, filt[g]);
	}
	if (b == NULL)
		return text ? text : r->ix->live;
	*owned = 1;
	return b;
}

/*
 * No positive clause: every live document not excluded, filtered, newest
 * first. Bitmaps do the set work here, as the sets are large.
 */
static enum err
browse(struct run *r, const struct mlist *negs, size_t nneg, struct sink *k,
    size_t want, struct mlist *top)
{
	struct idx		*ix = r->ix;
	const struct idx_query	*q = r->q;
	roaring_bitmap_t	*filt[FACET__MAX] = { 0 }, *text = NULL;
	const roaring_bitmap_t	*all = NULL, *base;
	size_t			 f, i, j;
	int			 allown = 0, own;
	enum err		 e = ERR_NOMEM;

	if (nneg > 0) {
		if ((text = roaring_bitmap_copy(ix->live)) == NULL)
			goto out;
		for (j = 0; j < nneg; j++)
			for (i = 0; i < negs[j].n; i++)
				roaring_bitmap_remove(text, negs[j].m[i].doc);
	}
	for (f = 0; f < FACET__MAX; f++)
		if ((k->filtered & (1u << f)) && (filt[f] = facet_filter(r,
		    (enum idx_facet)f)) == NULL)
			goto out;
	if ((all = filters_but(r, filt, FACET__MAX, text, &allown)) == NULL)
		goto out;
	k->total = roaring_bitmap_get_cardinality(all);
	if ((e = top_newest(r, all, want, top)) != ERR_OK)
		goto out;
	for (f = 0; f < FACET__MAX; f++) {
		if (!(q->facets & (1u << f)))
			continue;
		if (filt[f] == NULL)
			e = count_base(r, (enum idx_facet)f, all, k->cnt[f]);
		else {
			if ((base = filters_but(r, filt, f, text, &own)) ==
			    NULL) {
				e = ERR_NOMEM;
				goto out;
			}
			e = count_base(r, (enum idx_facet)f, base, k->cnt[f]);
			if (own)
				roaring_bitmap_free((roaring_bitmap_t *)base);
		}
		if (e != ERR_OK)
			goto out;
	}
	e = ERR_OK;
out:
	for (f = 0; f < FACET__MAX; f++)
		if (filt[f])
			roaring_bitmap_free(filt[f]);
	if (text)
		roaring_bitmap_free(text);
	if (allown)
		roaring_bitmap_free((roaring_bitmap_t *)all);
	return e;
}

/* ---- the result ---------------------------------------------------------- */

struct vcount {
	uint32_t	 count;
	const char	*s;
};

static int
vcount_cmp(const void *a, const void *b)
{
	const struct vcount *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->s, y->s);
}

/* The values of facet f with a count, by count, then value. */
static enum err
counts_sorted(struct run *r, enum idx_facet f, const uint32_t *cnt,
    struct vcount **out, size_t *outsz)
{
	const struct facet	*fc = &r->ix->facets[f];
	struct vcount		*vc;
	size_t			 i, n = 0;

	*out = NULL;
	*outsz = 0;
	for (i = 0; i < fc->vsz; i++)
		n += cnt[i] > 0;
	if (n == 0)
		return ERR_OK;
	if ((vc = calloc(n, sizeof(*vc))) == NULL)
		return ERR_NOMEM;
	for (i = 0, n = 0; i < fc->vsz; i++)
		if (cnt[i] > 0) {
			vc[n].count = cnt[i];
			vc[n].s = fc->v[i].s;
			n++;
		}
	qsort(vc, n, sizeof(*vc), vcount_cmp);
	*out = vc;
	*outsz = n;
	return ERR_OK;
}

enum err
idx_search(struct idx *ix, struct idx_ctx *ctx, const struct idx_query *q,
    struct idx_result *res)
{
	struct run		 r;
	struct mlist		 top = { 0 }, negs[IDX_TERMS_MAX];
	struct src		 srcs[IDX_TERMS_MAX];
	struct sink		 k;
	struct vcount		*vc[FACET__MAX] = { 0 };
	size_t			 vcsz[FACET__MAX] = { 0 };
	size_t			 i, f, w, nfilters = 0, nsrc = 0, nneg = 0;
	size_t			 need;
	char			*at;
	enum err		 e = ERR_OK;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	memset(&k, 0, sizeof(k));
	r.ix = ix;
	r.ctx = ctx;
	r.q = q;
	r.res = res;
	for (f = 0; f < FACET__MAX; f++)
		nfilters += q->valuesz[f];
	if (nfilters > IDX_FILTERS_MAX)
		return fail(&r, "too many filter values (at most 256)");
	if (q->limit > IDX_LIMIT_MAX)
		return fail(&r, "too many hits asked for (at most 1000)");
	if (q->offset > 1000000)
		return fail(&r, "the offset is too large");
	if (q->year_from && q->year_to && q->year_from > q->year_to)
		return fail(&r, "the year range ends before it starts");

	pthread_rwlock_rdlock(&ix->lock);
	/* Postings still waiting are written first (idx_int.h, staged). */
	while (ix->stagedsz > 0) {
		pthread_rwlock_unlock(&ix->lock);
		pthread_rwlock_wrlock(&ix->lock);
		e = idx_flush_locked(ix);
		pthread_rwlock_unlock(&ix->lock);
		if (e != ERR_OK)
			return e;
		pthread_rwlock_rdlock(&ix->lock);
	}
	r.ndocs = (double)ix->nlive + ix->ndead;
	for (f = 0; f < FIELD__MAX; f++)
		r.avglen[f] = ix->nlive ? (double)ix->lensum[f] / ix->nlive : 0;
	if (q->text && *q->text && (e = parse(&r, q->text)) != ERR_OK)
		goto out;
	if ((e = sink_init(&r, &k)) != ERR_OK)
		goto out;

	/* Matched terms for snippets: the positive clauses', in order. */
	for (i = 0; i < r.clausesz; i++) {
		const struct clause *c = &r.clauses[i];
		size_t a;

		if (c->neg)
			continue;
		for (a = 0; a < c->altsz; a++)
			for (w = 0; w < c->alts[a].wordsz; w++)
				note_terms(&r, &c->alts[a].words[w]);
	}
	/* parse() allows at most IDX_TERMS_MAX words, so as many clauses. */
	for (i = 0; i < r.clausesz; i++) {
		if (r.clauses[i].neg) {
			memset(&negs[nneg], 0, sizeof(negs[nneg]));
			e = eval_clause(&r, &r.clauses[i], &negs[nneg++]);
		} else
			e = src_init(&r, &r.clauses[i], &srcs[nsrc++]);
		if (e != ERR_OK)
			goto out;
	}
	if (nsrc > 0)
		e = and_walk(&r, srcs, nsrc, negs, nneg, &k, q->offset +
		    q->limit, q->sort != IDX_SORT_RELEVANCE, &top);
	else
		e = browse(&r, negs, nneg, &k, q->offset + q->limit, &top);
	if (e != ERR_OK)
		goto out;
	res->total = k.total;
	for (f = 0; f < FACET__MAX; f++)
		if ((k.counted & (1u << f)) && (e = counts_sorted(&r,
		    (enum idx_facet)f, k.cnt[f], &vc[f], &vcsz[f])) != ERR_OK)
			goto out;

	/* The result owns one block holding a copy of every string it names. */
	need = 1;
	for (i = q->offset; i < top.n; i++)
		need += strlen(ix->docs[top.m[i].doc].key) + 1;
	for (f = 0; f < FACET__MAX; f++)
		for (i = 0; i < vcsz[f]; i++)
			need += strlen(vc[f][i].s) + 1;
	if ((res->mem = malloc(need)) == NULL)
		goto nomem;
	at = res->mem;
	if (q->offset < top.n) {
		res->hitsz = top.n - q->offset;
		if ((res->hits = calloc(res->hitsz, sizeof(*res->hits))) ==
		    NULL)
			goto nomem;
		for (i = 0; i < res->hitsz; i++) {
			const struct match *mt = &top.m[q->offset + i];

			res->hits[i].key = copy_into(&at,
			    ix->docs[mt->doc].key);
			res->hits[i].score = mt->score;
			res->hits[i].year = ix->docs[mt->doc].year;
		}
	}
	for (f = 0; f < FACET__MAX; f++) {
		if (vcsz[f] == 0)
			continue;
		if ((res->counts[f] = calloc(vcsz[f], sizeof(**res->counts)))
		    == NULL)
			goto nomem;
		res->countsz[f] = vcsz[f];
		for (i = 0; i < vcsz[f]; i++) {
			res->counts[f][i].value = copy_into(&at, vc[f][i].s);
			res->counts[f][i].count = vc[f][i].count;
		}
	}
	if (r.terms.oom)
		goto nomem;
	res->termsz = r.terms.len;
	res->terms = buf_take(&r.terms);
	goto out;
nomem:
	e = ERR_NOMEM;
out:
	pthread_rwlock_unlock(&ix->lock);
	for (f = 0; f < FACET__MAX; f++)
		free(vc[f]);
	for (i = 0; i < nsrc; i++)
		src_free(&srcs[i]);
	for (i = 0; i < nneg; i++)
		free(negs[i].m);
	sink_free(&k);
	free(top.m);
	free_clauses(&r);
	buf_free(&r.terms);
	if (e != ERR_OK && e != ERR_INVALID) {
		char *err = res->error;

		res->error = NULL;
		idx_result_free(res);
		res->error = err;
	}
	return e;
}

void
idx_result_free(struct idx_result *res)
{
	size_t	 f;

	free(res->hits);
	for (f = 0; f < FACET__MAX; f++)
		free(res->counts[f]);
	free(res->terms);
	free(res->error);
	free(res->mem);
	memset(res, 0, sizeof(*res));
}

/* test_idx.c - the search index against a brute-force scan: random corpora
 * and queries (matches, totals, disjunctive facet counts, order), prefixes,
 * phrases and operators, incremental updates against a rebuild, limits.
 * SPDX-License-Identifier: MIT
 *
 * Every text is indexed as TEXT_NOLANG, so no stemming and no stopwords get
 * in the way: a query word matches a document when its folded form is one of
 * the document's folded words. The brute force folds the ASCII case and the
 * few Latin-1 letters the generator writes. Seeds and queries are printed in
 * failure messages, with the query shrunk to a minimal one that still fails.
 *
 * How the spec of idx.h is read where it says nothing:
 *   - year_from/year_to: a document without a year (0) fails any bound. The
 *     range is FACET_YEAR's own filter (ANDed with its values), so it does
 *     not narrow FACET_YEAR's disjunctive counts but does narrow the others.
 *   - "a OR b": OR binds tighter than the implicit AND, so "x a OR b" is
 *     x AND (a OR b). "-a" excludes; "\"a b\"" is b right after a in the
 *     same text (never across two texts of a document).
 *   - prefix = 1: the last word matches every word that starts with it,
 *     however short it is, however many words start with it, and even when
 *     it is a stopword of some language as typed ("ci" on the way to
 *     "città"); the other words match exactly. The edge cases are also
 *     tested on their own in prefix_edge_cases.
 *   - typos = 0 and TEXT_NOLANG: a query word matches its folded form only,
 *     never a shorter word (tested on its own in no_truncated_matches; the
 *     random vocabulary has words of one length per stem, "alpha007", so
 *     that no word is another cut short). Vocabulary words end in digits,
 *     so no stemmer changes them and none is a stopword.
 *   - Hits with equal years (newest) or scores (relevance) may come in any
 *     order, but paging must neither repeat nor skip a hit.
 *   - Counts of a facet not asked for in "facets" are empty.
 */
#include "testutil.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "idx.h"
#include "idx_int.h"

/* ---- what a test holds, freed by the teardown if a failure jumps out ---- */

struct corpus;
static void	 corpus_free(struct corpus *);

enum hkind { H_MEM, H_CORPUS, H_IDX, H_CTX };

static struct {
	enum hkind	 kind;
	void		*p;
} held[64];
static int	 nheld;

static void *
hold(enum hkind kind, void *p)
{
	assert_non_null(p);
	if (nheld == (int)(sizeof(held) / sizeof(held[0])))
		fail_msg("test bug: holding too much");
	held[nheld].kind = kind;
	held[nheld++].p = p;
	return p;
}

static void
free_held(enum hkind kind, void *p)
{
	switch (kind) {
	case H_MEM:
		free(p);
		break;
	case H_CORPUS:
		corpus_free(p);
		break;
	case H_IDX:
		idx_free(p);
		break;
	case H_CTX:
		idx_ctx_free(p);
		break;
	}
}

/* Frees what hold() took. */
static void
release(void *p)
{
	int	 i;

	for (i = nheld - 1; i >= 0; i--)
		if (held[i].p == p) {
			enum hkind k = held[i].kind;

			held[i] = held[--nheld];
			free_held(k, p);
			return;
		}
	fail_msg("test bug: release of something not held");
}

static int
teardown(void **state)
{
	(void)state;
	while (nheld > 0) {
		nheld--;
		free_held(held[nheld].kind, held[nheld].p);
	}
	return 0;
}

static void *
hmalloc(size_t n)
{
	return hold(H_MEM, calloc(1, n));
}

/* ---- random numbers ------------------------------------------------------ */

struct rng {
	uint64_t	 s;
};

static uint64_t
rnext(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint32_t
rbelow(struct rng *r, uint32_t n)
{
	return (uint32_t)(rnext(r) % n);
}

static int
rpct(struct rng *r, uint32_t pct)
{
	return rbelow(r, 100) < pct;
}

static struct rng
rseed(uint64_t a, uint64_t b, uint64_t c)
{
	struct rng r = { a * UINT64_C(0x100000001b3) ^ b * UINT64_C(0xc2b2ae3d27d4eb4f) ^
	    c * UINT64_C(0x165667b19e3779f9) };

	rnext(&r);
	return r;
}

/* ---- vocabulary and facet values ----------------------------------------- */

#define NSTEM	10
#define NVOCAB	300
#define MAXTOK	1024	/* distinct folded words the brute force knows */
#define BITW	(MAXTOK / 64)
#define NTOPIC	22
#define NCOUNTRY 30
#define NCITY	200
#define NLANG	5
#define VALMAX	8	/* facet values per document */
#define NORG	300	/* organisations, for many_values */

static const char *const stems[NSTEM] = {
	"alpha", "beta", "gamma", "delta", "omega",
	"gènere", "niño", "façade", "città", "über",
};
static const char *const topics[NTOPIC] = {
	"gender-equality", "housing", "mobility", "climate", "migration",
	"participation", "culture", "education", "health", "water",
	"energy", "food", "peace", "human-rights", "lgbti", "youth",
	"elderly", "economy", "digital", "safety", "heritage", "sport",
};
static const char *const countries[NCOUNTRY] = {
	"AR", "BO", "BR", "CA", "CL", "CO", "CU", "DE", "EC", "ES",
	"FR", "GB", "GT", "HN", "IT", "MA", "MX", "NI", "PE", "PS",
	"PT", "PY", "SN", "SV", "TN", "US", "UY", "VE", "ZA", "ZW",
};
static const char *const langs[NLANG] = { "ca", "en", "es", "fr", "it" };
static const char *const kinds[2] = { "practice", "city" };
static char	 cities[NCITY][24];
static char	 orgnames[NORG][24];
static char	 years[26][12];		/* "2000".."2025" */

static char	 vocab[NVOCAB][32];	/* lower case, accents kept */
static int	 vtok[NVOCAB];		/* its folded word's token id */
static double	 zipf[NVOCAB];		/* cumulative, by rank */
static int	 zrank[NVOCAB];		/* rank -> vocabulary index */

/* Folded words seen, interned: id <-> string. */
static char	*tokstr[MAXTOK];
static int	 tokvoc[MAXTOK];	/* id -> vocabulary index or -1 */
static int	 ntok;
static int	 tokhash[4 * MAXTOK];	/* id + 1, open addressing */

static uint32_t
strhash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The id of a folded word, or -1 if unknown and not create. */
static int
intern(const char *s, int create)
{
	uint32_t i = strhash(s) % (4 * MAXTOK);

	while (tokhash[i] != 0) {
		if (strcmp(tokstr[tokhash[i] - 1], s) == 0)
			return tokhash[i] - 1;
		i = (i + 1) % (4 * MAXTOK);
	}
	if (!create)
		return -1;
	if (ntok >= MAXTOK)
		fail_msg("test bug: more than %d distinct words", MAXTOK);
	tokstr[ntok] = strdup(s);
	assert_non_null(tokstr[ntok]);
	tokvoc[ntok] = -1;
	tokhash[i] = ++ntok;
	return ntok - 1;
}

/*
 * Folds a word as the brute force sees it: ASCII to lower case, and the
 * Latin-1 letters the generator uses to their base letters.
 */
static size_t
bf_fold(const char *s, size_t n, char *out, size_t cap)
{
	size_t	 i, o = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i], b;
		char	 f = 0;

		if (o + 2 > cap)
			fail_msg("test bug: word too long");
		if (c < 0x80) {
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			continue;
		}
		if (c != 0xc3 || i + 1 >= n)
			fail_msg("test bug: unexpected byte %02x", c);
		b = (unsigned char)(s[++i] | 0x20);
		if (b >= 0xa0 && b <= 0xa5)
			f = 'a';
		else if (b == 0xa7)
			f = 'c';
		else if (b >= 0xa8 && b <= 0xab)
			f = 'e';
		else if (b >= 0xac && b <= 0xaf)
			f = 'i';
		else if (b == 0xb1)
			f = 'n';
		else if (b >= 0xb2 && b <= 0xb6)
			f = 'o';
		else if (b >= 0xb9 && b <= 0xbc)
			f = 'u';
		else
			fail_msg("test bug: unexpected letter c3 %02x", b);
		out[o++] = f;
	}
	out[o] = '\0';
	return o;
}

static int
bf_wordbyte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

enum { CASE_LOWER, CASE_CAP, CASE_UPPER, CASE_PLAIN };

/* Writes a vocabulary word as lower, Capitalised, UPPER or unaccented. */
static void
render(const char *w, int form, char *out, size_t cap)
{
	size_t	 i, n = strlen(w);

	if (n + 1 > cap)
		fail_msg("test bug: render");
	if (form == CASE_PLAIN) {
		bf_fold(w, n, out, cap);
		return;
	}
	memcpy(out, w, n + 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)out[i];

		if (form == CASE_CAP && i > 0)
			break;
		if (c >= 'a' && c <= 'z')
			out[i] = (char)(c - 32);
		else if (c == 0xc3) {
			out[i + 1] = (char)((unsigned char)out[i + 1] - 0x20);
			i++;
		}
	}
}

static int
random_form(struct rng *r)
{
	uint32_t x = rbelow(r, 100);

	return x < 65 ? CASE_LOWER : x < 85 ? CASE_CAP : x < 93 ? CASE_UPPER :
	    CASE_PLAIN;
}

static void
vocab_init(void)
{
	static int	 done;
	struct rng	 r = rseed(20240503, 1, 1);
	char		 f[64];
	double		 sum = 0;
	int		 i, j, t;

	if (done)
		return;
	done = 1;
	for (i = 0; i < NVOCAB; i++) {
		snprintf(vocab[i], sizeof(vocab[i]), "%s%03d", stems[i % NSTEM],
		    i / NSTEM);
		bf_fold(vocab[i], strlen(vocab[i]), f, sizeof(f));
		vtok[i] = intern(f, 1);
		tokvoc[vtok[i]] = i;
		zrank[i] = i;
	}
	for (i = NVOCAB - 1; i > 0; i--) {
		j = (int)rbelow(&r, (uint32_t)i + 1);
		t = zrank[i];
		zrank[i] = zrank[j];
		zrank[j] = t;
	}
	for (i = 0; i < NVOCAB; i++)
		zipf[i] = (sum += 1.0 / (i + 1));
	for (i = 0; i < NVOCAB; i++)
		zipf[i] /= sum;
	for (i = 0; i < NCITY; i++)
		snprintf(cities[i], sizeof(cities[i]), "city-%03d", i);
	for (i = 0; i < NORG; i++)
		snprintf(orgnames[i], sizeof(orgnames[i]), "org-%03d", i);
	for (i = 0; i < 26; i++)
		snprintf(years[i], sizeof(years[i]), "%d", 2000 + i);
}

/* A vocabulary index, Zipf-distributed. */
static int
zipf_word(struct rng *r)
{
	double	 u = (double)(rnext(r) >> 11) / 9007199254740992.0;
	int	 lo = 0, hi = NVOCAB - 1;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (zipf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return zrank[lo];
}

/* ---- documents --------------------------------------------------------- */

#define NTEXT	3

struct bdoc {
	int		 id;
	int		 live;
	int		 version;
	int		 year;
	char		 key[24];
	char		 yearstr[12];
	size_t		 ntext;
	enum idx_field	 field[NTEXT];
	char		*text[NTEXT];
	size_t		 textlen[NTEXT];
	int		*tok[NTEXT];	/* folded words in order */
	size_t		 ntok[NTEXT];
	uint64_t	 bits[BITW];	/* the words it has */
	const char	*vals[FACET__MAX][VALMAX];
	size_t		 nval[FACET__MAX];
};

struct corpus {
	uint64_t	 seed;
	int		 orgs;	/* documents have 0-7 organisations */
	struct bdoc	*d;	/* by id */
	size_t		 n;	/* ids */
};

static int
hasbit(const uint64_t *b, int i)
{
	return (int)((b[i / 64] >> (i % 64)) & 1);
}

static void
setbit(uint64_t *b, int i)
{
	b[i / 64] |= UINT64_C(1) << (i % 64);
}

/* Splits a text into folded words the brute-force way. */
static void
bf_tokens(struct bdoc *d, size_t t)
{
	const char	*s = d->text[t];
	size_t		 n = d->textlen[t], i = 0, start, cap = 16;
	char		 f[128];

	d->ntok[t] = 0;
	d->tok[t] = malloc(cap * sizeof(int));
	assert_non_null(d->tok[t]);
	while (i < n) {
		if (!bf_wordbyte((unsigned char)s[i])) {
			i++;
			continue;
		}
		start = i;
		while (i < n && bf_wordbyte((unsigned char)s[i]))
			i++;
		bf_fold(s + start, i - start, f, sizeof(f));
		if (d->ntok[t] == cap) {
			cap *= 2;
			d->tok[t] = realloc(d->tok[t], cap * sizeof(int));
			assert_non_null(d->tok[t]);
		}
		d->tok[t][d->ntok[t]] = intern(f, 1);
		setbit(d->bits, d->tok[t][d->ntok[t]]);
		d->ntok[t]++;
	}
}

static char *
gen_text(struct rng *r, size_t words)
{
	size_t	 cap = words * 24 + 8, o = 0, i;
	char	*s = malloc(cap), w[64];
	int	 cap_next = 0;

	assert_non_null(s);
	for (i = 0; i < words; i++) {
		int v = rpct(r, 80) ? zipf_word(r) : (int)rbelow(r, NVOCAB);
		int form = random_form(r);
		uint32_t sep = rbelow(r, 100);

		if (cap_next && form == CASE_LOWER)
			form = CASE_CAP;
		render(vocab[v], form, w, sizeof(w));
		o += (size_t)snprintf(s + o, cap - o, "%s", w);
		cap_next = 0;
		if (i + 1 == words)
			break;
		if (sep < 80)
			s[o++] = ' ';
		else if (sep < 90) {
			memcpy(s + o, ", ", 2);
			o += 2;
		} else if (sep < 95) {
			memcpy(s + o, ". ", 2);
			o += 2;
			cap_next = 1;
		} else if (sep < 97) {
			memcpy(s + o, "; ", 2);
			o += 2;
		} else
			s[o++] = '\n';
	}
	if (rpct(r, 30))
		s[o++] = '.';
	s[o] = '\0';
	return s;
}

static void
doc_clear(struct bdoc *d)
{
	size_t	 t;

	for (t = 0; t < d->ntext; t++) {
		free(d->text[t]);
		free(d->tok[t]);
	}
	d->ntext = 0;
}

/* Makes document id, in its version-th content, live. */
static void
gen_doc(struct corpus *c, int id, int version)
{
	struct bdoc	*d = &c->d[id];
	struct rng	 r = rseed(c->seed, (uint64_t)id + 1, (uint64_t)version + 7);
	size_t		 t, i, k;

	doc_clear(d);
	memset(d, 0, sizeof(*d));
	d->id = id;
	d->live = 1;
	d->version = version;
	snprintf(d->key, sizeof(d->key), "practice/d%04d", id);
	d->year = rpct(&r, 10) ? 0 : 2000 + (int)rbelow(&r, 26);
	d->field[d->ntext] = FIELD_TITLE;
	d->text[d->ntext++] = gen_text(&r, 2 + rbelow(&r, 7));
	if (rpct(&r, 85)) {
		d->field[d->ntext] = FIELD_SUMMARY;
		d->text[d->ntext++] = gen_text(&r, 5 + rbelow(&r, 20));
	}
	if (rpct(&r, 70)) {
		d->field[d->ntext] = FIELD_BODY;
		d->text[d->ntext++] = gen_text(&r, 10 + rbelow(&r, 50));
	}
	for (t = 0; t < d->ntext; t++) {
		d->textlen[t] = strlen(d->text[t]);
		bf_tokens(d, t);
	}
	/* 1-4 distinct topics, the first ones likelier. */
	k = 1 + rbelow(&r, 4);
	while (d->nval[FACET_TOPIC] < k) {
		const char *v = topics[rbelow(&r, 1 + rbelow(&r, NTOPIC))];

		for (i = 0; i < d->nval[FACET_TOPIC]; i++)
			if (d->vals[FACET_TOPIC][i] == v)
				break;
		if (i == d->nval[FACET_TOPIC])
			d->vals[FACET_TOPIC][d->nval[FACET_TOPIC]++] = v;
	}
	d->vals[FACET_COUNTRY][d->nval[FACET_COUNTRY]++] =
	    countries[rbelow(&r, 1 + rbelow(&r, NCOUNTRY))];
	if (d->year != 0) {
		snprintf(d->yearstr, sizeof(d->yearstr), "%d", d->year);
		d->vals[FACET_YEAR][d->nval[FACET_YEAR]++] = d->yearstr;
	}
	d->vals[FACET_CITY][d->nval[FACET_CITY]++] = cities[rbelow(&r, NCITY)];
	d->vals[FACET_LANG][d->nval[FACET_LANG]++] = langs[rbelow(&r, NLANG)];
	d->vals[FACET_KIND][d->nval[FACET_KIND]++] = kinds[rpct(&r, 10)];
	/*
	 * Many values, and value ids past 127: documents whose values do
	 * not fit the index's packed form of four small ids.
	 */
	k = c->orgs ? rbelow(&r, 8) : 0;
	while (d->nval[FACET_ORG] < k) {
		const char *v = orgnames[rbelow(&r, 1 + rbelow(&r, NORG))];

		for (i = 0; i < d->nval[FACET_ORG]; i++)
			if (d->vals[FACET_ORG][i] == v)
				break;
		if (i == d->nval[FACET_ORG])
			d->vals[FACET_ORG][d->nval[FACET_ORG]++] = v;
	}
}

/* A corpus of n documents, room for cap; held. */
static struct corpus *
corpus_make(uint64_t seed, size_t n, size_t cap, int orgs)
{
	struct corpus	*c = hold(H_CORPUS, calloc(1, sizeof(*c)));
	size_t		 i;

	vocab_init();
	c->seed = seed;
	c->orgs = orgs;
	c->n = cap;
	c->d = calloc(cap, sizeof(*c->d));
	assert_non_null(c->d);
	for (i = 0; i < n; i++)
		gen_doc(c, (int)i, 0);
	return c;
}

static struct corpus *
corpus_new(uint64_t seed, size_t n, size_t cap)
{
	return corpus_make(seed, n, cap, 0);
}

static void
corpus_free(struct corpus *c)
{
	size_t	 i;

	for (i = 0; c->d && i < c->n; i++)
		doc_clear(&c->d[i]);
	free(c->d);
	free(c);
}

static size_t
corpus_live(const struct corpus *c)
{
	size_t	 i, n = 0;

	for (i = 0; i < c->n; i++)
		n += c->d[i].live != 0;
	return n;
}

static enum err
put_doc(struct idx *ix, struct idx_ctx *ctx, const struct bdoc *d)
{
	struct idx_text	 t[NTEXT];
	struct idx_doc	 doc;
	size_t		 i;
	int		 f;

	memset(&doc, 0, sizeof(doc));
	for (i = 0; i < d->ntext; i++) {
		t[i].field = d->field[i];
		t[i].lang = TEXT_NOLANG;
		t[i].text = d->text[i];
		t[i].len = d->textlen[i];
	}
	doc.key = d->key;
	doc.year = d->year;
	doc.texts = t;
	doc.textsz = d->ntext;
	for (f = 0; f < FACET__MAX; f++) {
		doc.values[f] = d->vals[f];
		doc.valuesz[f] = d->nval[f];
	}
	return idx_put(ix, ctx, &doc);
}

static struct idx *
build(struct idx_ctx *ctx, const struct corpus *c)
{
	struct idx	*ix = hold(H_IDX, idx_new());
	size_t		 i;
	enum err	 e;

	for (i = 0; i < c->n; i++)
		if (c->d[i].live && (e = put_doc(ix, ctx, &c->d[i])) != ERR_OK)
			fail_msg("seed %llu: idx_put %s: %s",
			    (unsigned long long)c->seed, c->d[i].key, err_str(e));
	assert_int_equal(idx_size(ix), corpus_live(c));
	return ix;
}

/* ---- queries ------------------------------------------------------------- */

#define QCLAUSE	4
#define QALT	3
#define QWORD	3

/* One word, or a phrase of words; the last may be a prefix. */
struct alt {
	int		 nw;
	int		 prefix;
	char		 shown[QWORD][48];	/* as typed */
	char		 fold[QWORD][48];	/* folded */
	int		 tok[QWORD];		/* -1: no document has it */
	uint64_t	 pbits[BITW];		/* prefix: the words it starts */
};

/* Alternatives ORed, or (neg) one word excluded. */
struct clause {
	int		 neg;
	int		 nalt;
	struct alt	 alt[QALT];
};

struct bq {
	int		 nc;
	struct clause	 c[QCLAUSE];
	const char	*vals[FACET__MAX][VALMAX];
	size_t		 nval[FACET__MAX];
	int		 yfrom, yto;
	enum idx_sort	 sort;
	unsigned	 facets;
	int		 prefix;
	char		 text[IDX_QUERY_MAX + 1];
};

static void
alt_word(struct alt *a, const char *shown)
{
	int	 i = a->nw++;

	snprintf(a->shown[i], sizeof(a->shown[i]), "%s", shown);
	bf_fold(shown, strlen(shown), a->fold[i], sizeof(a->fold[i]));
	a->tok[i] = intern(a->fold[i], 0);
}

/* Renders the clauses into text, and works out the prefix word sets. */
static void
render_query(struct bq *q)
{
	size_t	 o = 0;
	int	 i, j, k, t;

	q->text[0] = '\0';
	for (i = 0; i < q->nc; i++) {
		struct clause *c = &q->c[i];

		for (j = 0; j < c->nalt; j++) {
			struct alt *a = &c->alt[j];

			if (o > 0)
				o += (size_t)snprintf(q->text + o,
				    sizeof(q->text) - o, " ");
			if (j > 0)
				o += (size_t)snprintf(q->text + o,
				    sizeof(q->text) - o, "OR ");
			if (c->neg)
				o += (size_t)snprintf(q->text + o,
				    sizeof(q->text) - o, "-");
			if (a->nw > 1)
				o += (size_t)snprintf(q->text + o,
				    sizeof(q->text) - o, "\"");
			for (k = 0; k < a->nw; k++)
				o += (size_t)snprintf(q->text + o,
				    sizeof(q->text) - o, "%s%s", k ? " " : "",
				    a->shown[k]);
			if (a->nw > 1)
				o += (size_t)snprintf(q->text + o,
				    sizeof(q->text) - o, "\"");
			memset(a->pbits, 0, sizeof(a->pbits));
			if (a->prefix)
				for (t = 0; t < ntok; t++)
					if (strncmp(tokstr[t], a->fold[0],
					    strlen(a->fold[0])) == 0)
						setbit(a->pbits, t);
		}
	}
	assert_true(o < sizeof(q->text));
}

static int
alt_match(const struct alt *a, const struct bdoc *d)
{
	size_t	 t, p;
	int	 k;

	if (a->nw == 1 && a->prefix) {
		for (k = 0; k < BITW; k++)
			if (a->pbits[k] & d->bits[k])
				return 1;
		return 0;
	}
	for (k = 0; k < a->nw; k++)
		if (a->tok[k] < 0 || !hasbit(d->bits, a->tok[k]))
			return 0;
	if (a->nw == 1)
		return 1;
	for (t = 0; t < d->ntext; t++)
		for (p = 0; p + (size_t)a->nw <= d->ntok[t]; p++) {
			for (k = 0; k < a->nw; k++)
				if (d->tok[t][p + (size_t)k] != a->tok[k])
					break;
			if (k == a->nw)
				return 1;
		}
	return 0;
}

static int
bf_text(const struct bq *q, const struct bdoc *d)
{
	int	 i, j, m;

	for (i = 0; i < q->nc; i++) {
		for (m = 0, j = 0; j < q->c[i].nalt && !m; j++)
			m = alt_match(&q->c[i].alt[j], d);
		if (q->c[i].neg)
			m = !m;
		if (!m)
			return 0;
	}
	return 1;
}

/* The filters, but for those of facet skip (FACET__MAX: none skipped). */
static int
bf_filters(const struct bq *q, const struct bdoc *d, int skip)
{
	size_t	 i, j;
	int	 f;

	for (f = 0; f < FACET__MAX; f++) {
		int ok = 0;

		if (f == skip || q->nval[f] == 0)
			continue;
		for (i = 0; i < q->nval[f] && !ok; i++)
			for (j = 0; j < d->nval[f] && !ok; j++)
				ok = strcmp(q->vals[f][i], d->vals[f][j]) == 0;
		if (!ok)
			return 0;
	}
	if (skip == FACET_YEAR)
		return 1;	/* the year range is the year facet's own */
	if (q->yfrom && (d->year == 0 || d->year < q->yfrom))
		return 0;
	if (q->yto && (d->year == 0 || d->year > q->yto))
		return 0;
	return 1;
}

struct ecount {
	const char	*value;
	uint32_t	 count;
};

static int
ecount_cmp(const void *a, const void *b)
{
	const struct ecount *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->value, y->value);
}

/* Disjunctive counts of facet f, sorted; returns how many. */
static size_t
bf_counts(const struct corpus *c, const struct bq *q, int f,
    struct ecount **out)
{
	struct ecount	*e = NULL;
	size_t		 n = 0, cap = 0, i, j, k;

	for (i = 0; i < c->n; i++) {
		const struct bdoc *d = &c->d[i];

		if (!d->live || !bf_text(q, d) || !bf_filters(q, d, f))
			continue;
		for (j = 0; j < d->nval[f]; j++) {
			for (k = 0; k < n; k++)
				if (strcmp(e[k].value, d->vals[f][j]) == 0)
					break;
			if (k == n) {
				if (n == cap) {
					cap = cap ? 2 * cap : 16;
					e = realloc(e, cap * sizeof(*e));
					assert_non_null(e);
				}
				e[n].value = d->vals[f][j];
				e[n++].count = 0;
			}
			e[k].count++;
		}
	}
	if (n > 0)
		qsort(e, n, sizeof(*e), ecount_cmp);
	*out = e;
	return n;
}

static void
describe(const struct bq *q, char *buf, size_t cap)
{
	size_t	 o = 0, i;
	int	 f;

	o += (size_t)snprintf(buf + o, cap - o, "text=\"%s\"", q->text);
	for (f = 0; f < FACET__MAX && o < cap; f++) {
		if (q->nval[f] == 0)
			continue;
		o += (size_t)snprintf(buf + o, cap - o, " %s=[",
		    idx_facet_names[f]);
		for (i = 0; i < q->nval[f] && o < cap; i++)
			o += (size_t)snprintf(buf + o, cap - o, "%s%s",
			    i ? "," : "", q->vals[f][i]);
		if (o < cap)
			o += (size_t)snprintf(buf + o, cap - o, "]");
	}
	if (o < cap && (q->yfrom || q->yto))
		o += (size_t)snprintf(buf + o, cap - o, " year_from=%d year_to=%d",
		    q->yfrom, q->yto);
	if (o < cap)
		o += (size_t)snprintf(buf + o, cap - o, " sort=%s facets=0x%x%s",
		    q->sort == IDX_SORT_NEWEST ? "newest" : "relevance",
		    q->facets, q->prefix ? " prefix=1" : "");
}

static void
to_query(const struct bq *q, struct idx_query *iq, size_t offset, size_t limit)
{
	int	 f;

	memset(iq, 0, sizeof(*iq));
	iq->text = q->text;
	for (f = 0; f < FACET__MAX; f++) {
		iq->values[f] = q->vals[f];
		iq->valuesz[f] = q->nval[f];
	}
	iq->year_from = q->yfrom;
	iq->year_to = q->yto;
	iq->sort = q->sort;
	iq->offset = offset;
	iq->limit = limit;
	iq->facets = q->facets;
	iq->typos = 0;
	iq->prefix = q->prefix;
}

static enum err
search(struct idx *ix, struct idx_ctx *ctx, const struct bq *q, size_t offset,
    size_t limit, struct idx_result *res)
{
	struct idx_query iq;

	to_query(q, &iq, offset, limit);
	memset(res, 0, sizeof(*res));
	return idx_search(ix, ctx, &iq, res);
}

/* A document's id from its key, or -1. */
static int
key_id(const struct corpus *c, const char *key)
{
	int	 id;

	if (key == NULL || sscanf(key, "practice/d%d", &id) != 1 || id < 0 ||
	    (size_t)id >= c->n || strcmp(c->d[id].key, key) != 0)
		return -1;
	return id;
}

static void
doc_desc(const struct bdoc *d, char *buf, size_t cap)
{
	size_t	 o, t;

	o = (size_t)snprintf(buf, cap, "%s year %d", d->key, d->year);
	for (t = 0; t < d->ntext && o < cap; t++)
		o += (size_t)snprintf(buf + o, cap - o, " | %s: %s",
		    d->field[t] == FIELD_TITLE ? "title" :
		    d->field[t] == FIELD_SUMMARY ? "summary" : "body",
		    d->text[t]);
}

#define WHY(...) do { snprintf(why, whysz, __VA_ARGS__); goto fail; } while (0)

/*
 * Runs q and compares total, the keys of every hit (over all pages), hit
 * order and years, and the counts of every facet with the brute force.
 * Returns 0, or 1 with what differs in why.
 */
static int
check_query(struct idx *ix, struct idx_ctx *ctx, const struct corpus *c,
    const struct bq *q, char *why, size_t whysz)
{
	struct idx_result	 res;
	struct ecount		*e = NULL;
	unsigned char		*want, *seen;
	uint64_t		 total = 0, got = 0;
	size_t			 i, n, offset = 0;
	double			 lastscore = HUGE_VAL;
	int			 lastyear = 1 << 30, f, byyear, id;
	enum err		 err;
	char			 dd[4096];

	memset(&res, 0, sizeof(res));
	want = calloc(c->n + 1, 1);
	seen = calloc(c->n + 1, 1);
	assert_true(want && seen);
	for (i = 0; i < c->n; i++)
		if (c->d[i].live && bf_text(q, &c->d[i]) &&
		    bf_filters(q, &c->d[i], FACET__MAX)) {
			want[i] = 1;
			total++;
		}
	byyear = q->sort == IDX_SORT_NEWEST || q->nc == 0;
	for (;;) {
		err = search(ix, ctx, q, offset, IDX_LIMIT_MAX, &res);
		if (err != ERR_OK)
			WHY("idx_search offset %zu: %s (%s)", offset,
			    err_str(err), res.error ? res.error : "no message");
		if (res.total != total)
			WHY("total: expected %llu, got %llu%s",
			    (unsigned long long)total,
			    (unsigned long long)res.total,
			    offset ? " (on a later page)" : "");
		if (res.hitsz != (total > offset ?
		    (total - offset < IDX_LIMIT_MAX ? total - offset :
		    IDX_LIMIT_MAX) : 0))
			WHY("%zu hits at offset %zu of %llu", res.hitsz,
			    offset, (unsigned long long)total);
		if (offset == 0)
			for (f = 0; f < FACET__MAX; f++) {
				if (!(q->facets & (1u << f))) {
					if (res.countsz[f] != 0)
						WHY("facet %s not asked for, "
						    "but %zu counts",
						    idx_facet_names[f],
						    res.countsz[f]);
					continue;
				}
				n = bf_counts(c, q, f, &e);
				for (i = 0; i < n || i < res.countsz[f]; i++) {
					const char *gv = i < res.countsz[f] ?
					    res.counts[f][i].value : "(none)";
					uint32_t gc = i < res.countsz[f] ?
					    res.counts[f][i].count : 0;

					if (i < n && i < res.countsz[f] &&
					    gv != NULL &&
					    strcmp(gv, e[i].value) == 0 &&
					    gc == e[i].count)
						continue;
					WHY("facet %s count #%zu: expected "
					    "%s=%u, got %s=%u (%zu values "
					    "expected, %zu got)",
					    idx_facet_names[f], i,
					    i < n ? e[i].value : "(none)",
					    i < n ? e[i].count : 0,
					    gv ? gv : "(null)", gc, n,
					    res.countsz[f]);
				}
				free(e);
				e = NULL;
			}
		for (i = 0; i < res.hitsz; i++) {
			const struct idx_hit *h = &res.hits[i];

			if ((id = key_id(c, h->key)) < 0 || !c->d[id].live)
				WHY("hit %zu: unknown key \"%s\"", offset + i,
				    h->key ? h->key : "(null)");
			if (!want[id]) {
				doc_desc(&c->d[id], dd, sizeof(dd));
				WHY("hit %zu is %s, which does not match: %s",
				    offset + i, h->key, dd);
			}
			if (seen[id])
				WHY("hit %zu: %s comes twice", offset + i,
				    h->key);
			seen[id] = 1;
			got++;
			if (h->year != c->d[id].year)
				WHY("hit %s: year %d, not %d", h->key, h->year,
				    c->d[id].year);
			if (byyear && h->year > lastyear)
				WHY("hit %zu %s (year %d) after year %d: not "
				    "newest first", offset + i, h->key, h->year,
				    lastyear);
			if (q->nc == 0 && h->score != 0)
				WHY("browse hit %s has score %g", h->key,
				    h->score);
			if (!byyear && !(h->score <= lastscore))
				WHY("hit %zu %s (score %.17g) after score "
				    "%.17g: not by relevance", offset + i,
				    h->key, h->score, lastscore);
			lastyear = h->year;
			lastscore = h->score;
		}
		offset += res.hitsz;
		idx_result_free(&res);
		memset(&res, 0, sizeof(res));
		if (offset >= total || offset == 0)
			break;
	}
	if (got != total)
		WHY("%llu distinct hits over all pages, total %llu",
		    (unsigned long long)got, (unsigned long long)total);
	for (i = 0; i < c->n; i++)
		if (want[i] && !seen[i]) {
			doc_desc(&c->d[i], dd, sizeof(dd));
			WHY("missing hit %s: %s", c->d[i].key, dd);
		}
	free(want);
	free(seen);
	return 0;
fail:
	idx_result_free(&res);
	free(e);
	free(want);
	free(seen);
	return 1;
}

/*
 * Shrinks a failing query: drops clauses, alternatives, filter values, the
 * year range, counted facets and the sort while it still fails.
 */
static void
shrink(struct idx *ix, struct idx_ctx *ctx, const struct corpus *c,
    struct bq *q, char *why, size_t whysz)
{
	struct bq	*t = malloc(sizeof(*t));
	int		 again = 1, i, j, f;
	size_t		 k;

	assert_non_null(t);
#define TRY(mod) do {							\
	*t = *q;							\
	mod;								\
	render_query(t);						\
	if (check_query(ix, ctx, c, t, why, whysz)) {			\
		*q = *t;						\
		again = 1;						\
	}								\
} while (0)
	while (again) {
		again = 0;
		for (i = q->nc - 1; i >= 0; i--) {
			int pos = 0;

			for (j = 0; j < q->nc; j++)
				pos += j != i && !q->c[j].neg;
			if (pos == 0 && q->nc > 1)
				continue;	/* no purely negative query */
			if (q->prefix && i == q->nc - 1)
				continue;	/* keep the prefix last */
			TRY((memmove(&t->c[i], &t->c[i + 1],
			    (size_t)(t->nc - i - 1) * sizeof(t->c[0])), t->nc--));
		}
		for (i = 0; i < q->nc; i++)
			for (j = q->c[i].nalt - 1; j >= 0 && q->c[i].nalt > 1;
			    j--)
				TRY((memmove(&t->c[i].alt[j], &t->c[i].alt[j + 1],
				    (size_t)(t->c[i].nalt - j - 1) *
				    sizeof(t->c[i].alt[0])), t->c[i].nalt--));
		for (f = 0; f < FACET__MAX; f++)
			for (k = q->nval[f]; k-- > 0;)
				TRY((memmove(&t->vals[f][k], &t->vals[f][k + 1],
				    (t->nval[f] - k - 1) * sizeof(char *)),
				    t->nval[f]--));
		if (q->yfrom)
			TRY(t->yfrom = 0);
		if (q->yto)
			TRY(t->yto = 0);
		for (f = 0; f < FACET__MAX; f++)
			if (q->facets & (1u << f))
				TRY(t->facets &= ~(1u << f));
		if (q->sort != IDX_SORT_RELEVANCE)
			TRY(t->sort = IDX_SORT_RELEVANCE);
	}
#undef TRY
	render_query(q);
	check_query(ix, ctx, c, q, why, whysz);
	free(t);
}

/* Checks q; on failure appends what differs to a report. */
static void
note_query(struct idx *ix, struct idx_ctx *ctx, const struct corpus *c,
    const struct bq *q, char *report, size_t cap)
{
	char	 why[2048], d[1024];
	size_t	 o = strlen(report);

	if (!check_query(ix, ctx, c, q, why, sizeof(why)))
		return;
	describe(q, d, sizeof(d));
	snprintf(report + o, cap - o, "\n#   %s\n#     %s", d, why);
}

/* Checks q; on failure shrinks it and fails the test with both. */
static void
expect_query(struct idx *ix, struct idx_ctx *ctx, const struct corpus *c,
    struct bq *q, const char *what, int qno)
{
	static char	 why[8192], orig[2048], small[2048];

	if (!check_query(ix, ctx, c, q, why, sizeof(why)))
		return;
	describe(q, orig, sizeof(orig));
	shrink(ix, ctx, c, q, why, sizeof(why));
	describe(q, small, sizeof(small));
	fail_msg("%s: seed %llu, %zu docs, query #%d: %s\n"
	    "# minimal failing query: %s\n# %s", what,
	    (unsigned long long)c->seed, corpus_live(c), qno, orig, small, why);
}

/* ---- random queries ------------------------------------------------------ */

enum qmode { Q_WORDS, Q_PREFIX, Q_OPS };

/* A live document, or NULL if there is none. */
static const struct bdoc *
random_doc(struct rng *r, const struct corpus *c)
{
	int	 i, id;

	for (i = 0; i < 1000; i++) {
		id = (int)rbelow(r, (uint32_t)c->n);
		if (c->d[id].live)
			return &c->d[id];
	}
	return NULL;
}

/* A word as a user types it: from a document, Zipf or unknown. */
static void
random_word(struct rng *r, const struct corpus *c, char *out, size_t cap)
{
	const struct bdoc *d;
	uint32_t	 x = rbelow(r, 100);
	size_t		 t;
	int		 v = -1;

	if (x < 55 && (d = random_doc(r, c)) != NULL) {
		t = rbelow(r, (uint32_t)d->ntext);
		if (d->ntok[t] > 0)
			v = tokvoc[d->tok[t][rbelow(r, (uint32_t)d->ntok[t])]];
	} else if (x < 95)
		v = rpct(r, 50) ? zipf_word(r) : (int)rbelow(r, NVOCAB);
	if (v < 0) {
		snprintf(out, cap, "zeta%u", rbelow(r, 50));
		return;
	}
	render(vocab[v], random_form(r), out, cap);
}

/* The first n characters of a UTF-8 string, in place. */
static void
cut_chars(char *s, size_t n)
{
	size_t	 i = 0;

	while (s[i] && n > 0) {
		i += ((unsigned char)s[i] >= 0xc0) ? 2 : 1;
		n--;
	}
	s[i] = '\0';
}

static size_t
nchars(const char *s)
{
	size_t	 n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void
add_word_clause(struct bq *q, const char *w, int neg)
{
	struct clause *cl = &q->c[q->nc++];

	memset(cl, 0, sizeof(*cl));
	cl->neg = neg;
	cl->nalt = 1;
	alt_word(&cl->alt[0], w);
}

/* A phrase of 2-3 words, mostly words that follow each other somewhere. */
static void
random_phrase(struct rng *r, const struct corpus *c, struct alt *a)
{
	const struct bdoc *d = random_doc(r, c);
	char		 w[64];
	int		 n = 2 + (int)rpct(r, 30), k;
	size_t		 t, p;

	memset(a, 0, sizeof(*a));
	if (d != NULL && rpct(r, 85)) {
		if (rpct(r, 15) && d->ntext > 1 && d->ntok[1] > 0) {
			/* Across the end of the title: must not match. */
			render(vocab[tokvoc[d->tok[0][d->ntok[0] - 1]]],
			    random_form(r), w, sizeof(w));
			alt_word(a, w);
			render(vocab[tokvoc[d->tok[1][0]]], random_form(r), w,
			    sizeof(w));
			alt_word(a, w);
			return;
		}
		t = rbelow(r, (uint32_t)d->ntext);
		if (d->ntok[t] >= (size_t)n) {
			p = rbelow(r, (uint32_t)(d->ntok[t] - (size_t)n + 1));
			for (k = 0; k < n; k++) {
				render(vocab[tokvoc[d->tok[t][p + (size_t)k]]],
				    random_form(r), w, sizeof(w));
				alt_word(a, w);
			}
			return;
		}
	}
	for (k = 0; k < n; k++) {
		random_word(r, c, w, sizeof(w));
		alt_word(a, w);
	}
}

static void
random_filters(struct rng *r, const struct corpus *c, struct bq *q)
{
	static const int pool[] = { FACET_TOPIC, FACET_COUNTRY, FACET_YEAR,
	    FACET_CITY, FACET_LANG, FACET_KIND, FACET_TOPIC, FACET_COUNTRY,
	    FACET_YEAR, FACET_ORG };
	uint32_t	 x = rbelow(r, 100);
	int		 nf = x < 40 ? 0 : x < 70 ? 1 : x < 90 ? 2 : 3, i, f;
	size_t		 k, j, nv;

	for (i = 0; i < nf; i++) {
		f = pool[rbelow(r, sizeof(pool) / sizeof(pool[0]))];
		if (q->nval[f] > 0)
			continue;
		nv = 1 + rbelow(r, 3);
		for (k = 0; k < nv; k++) {
			const struct bdoc *d = random_doc(r, c);
			const char *v;

			if (rpct(r, 4))
				v = f == FACET_YEAR ? "1999" : "zz-unknown";
			else if (d != NULL && d->nval[f] > 0 && rpct(r, 70))
				v = d->vals[f][rbelow(r, (uint32_t)d->nval[f])];
			else switch (f) {
			case FACET_TOPIC:
				v = topics[rbelow(r, NTOPIC)];
				break;
			case FACET_COUNTRY:
				v = countries[rbelow(r, NCOUNTRY)];
				break;
			case FACET_YEAR:
				v = years[rbelow(r, 26)];
				break;
			case FACET_CITY:
				v = cities[rbelow(r, NCITY)];
				break;
			case FACET_LANG:
				v = langs[rbelow(r, NLANG)];
				break;
			case FACET_KIND:
				v = kinds[rbelow(r, 2)];
				break;
			default:
				v = c->orgs ? orgnames[rbelow(r, NORG)] :
				    "some-organisation";
				break;
			}
			for (j = 0; j < q->nval[f]; j++)
				if (strcmp(q->vals[f][j], v) == 0)
					break;
			if (j == q->nval[f])
				q->vals[f][q->nval[f]++] = v;
		}
	}
	if (rpct(r, 20)) {
		q->yfrom = rpct(r, 70) ? 2000 + (int)rbelow(r, 26) : 0;
		q->yto = rpct(r, 70) || q->yfrom == 0 ?
		    (q->yfrom ? q->yfrom : 2000) + (int)rbelow(r, 12) : 0;
	}
}

static void
random_query(struct rng *r, const struct corpus *c, enum qmode mode,
    struct bq *q)
{
	char		 w[64];
	uint32_t	 x = rbelow(r, 100);
	int		 nw, i, npos = 0;

	memset(q, 0, sizeof(*q));
	if (mode == Q_WORDS) {
		nw = x < 20 ? 0 : x < 55 ? 1 : x < 85 ? 2 : 3;
		for (i = 0; i < nw; i++) {
			random_word(r, c, w, sizeof(w));
			add_word_clause(q, w, 0);
		}
	} else if (mode == Q_PREFIX) {
		nw = x < 60 ? 1 : x < 90 ? 2 : 3;
		for (i = 0; i < nw; i++) {
			random_word(r, c, w, sizeof(w));
			if (i == nw - 1)
				cut_chars(w, 2 + rbelow(r,
				    (uint32_t)nchars(w) - 1));
			add_word_clause(q, w, 0);
		}
		q->c[q->nc - 1].alt[0].prefix = 1;
		q->prefix = 1;
	} else {
		nw = 1 + (int)rbelow(r, 3);
		for (i = 0; i < nw; i++) {
			struct clause *cl = &q->c[q->nc];
			int k, na;

			x = rbelow(r, 100);
			if (x < 20 && npos > 0) {
				random_word(r, c, w, sizeof(w));
				add_word_clause(q, w, 1);
				continue;
			}
			npos++;
			if (x < 45) {
				random_word(r, c, w, sizeof(w));
				add_word_clause(q, w, 0);
			} else if (x < 70) {
				memset(cl, 0, sizeof(*cl));
				cl->nalt = 1;
				random_phrase(r, c, &cl->alt[0]);
				q->nc++;
			} else {
				memset(cl, 0, sizeof(*cl));
				na = 2 + (int)rpct(r, 30);
				for (k = 0; k < na; k++) {
					if (rpct(r, 15))
						random_phrase(r, c,
						    &cl->alt[cl->nalt]);
					else {
						random_word(r, c, w, sizeof(w));
						alt_word(&cl->alt[cl->nalt], w);
					}
					cl->nalt++;
				}
				q->nc++;
			}
		}
	}
	random_filters(r, c, q);
	q->sort = rpct(r, 30) ? IDX_SORT_NEWEST : IDX_SORT_RELEVANCE;
	x = rbelow(r, 100);
	if (x < 10)
		q->facets = (1u << FACET__MAX) - 1;
	else if (x >= 35)
		for (i = 0; i < FACET__MAX; i++)
			if (rpct(r, 40))
				q->facets |= 1u << i;
	render_query(q);
}

/* ---- the properties ---------------------------------------------------- */

static struct idx_ctx *
ctx_new(void)
{
	return hold(H_CTX, idx_ctx_new());
}

/* A query of words, "a phrase", -word and OR, for the hand-made checks. */
static void
hand_query(struct bq *q, const char *text, int prefix)
{
	char		 buf[256], *p, *s;
	struct clause	*cl = NULL;
	int		 or_next = 0;

	memset(q, 0, sizeof(*q));
	snprintf(buf, sizeof(buf), "%s", text);
	q->prefix = prefix;
	for (p = strtok_r(buf, " ", &s); p; p = strtok_r(NULL, " ", &s)) {
		if (strcmp(p, "OR") == 0) {
			or_next = 1;
			continue;
		}
		if (or_next && cl != NULL) {
			alt_word(&cl->alt[cl->nalt++], p);
			or_next = 0;
			continue;
		}
		cl = &q->c[q->nc++];
		cl->nalt = 1;
		if (*p == '-') {
			cl->neg = 1;
			p++;
		}
		if (*p == '"') {
			/* two-word phrase: "a b" */
			alt_word(&cl->alt[0], p + 1);
			p = strtok_r(NULL, " ", &s);
			p[strlen(p) - 1] = '\0';
			alt_word(&cl->alt[0], p);
		} else
			alt_word(&cl->alt[0], p);
	}
	if (prefix)
		q->c[q->nc - 1].alt[0].prefix = 1;
	render_query(q);
}

/* The keys the brute force finds, "d0 d2" style. */
static void
bf_keys(const struct corpus *c, const struct bq *q, char *out, size_t cap)
{
	size_t	 i, o = 0;

	out[0] = '\0';
	for (i = 0; i < c->n; i++)
		if (c->d[i].live && bf_text(q, &c->d[i]) &&
		    bf_filters(q, &c->d[i], FACET__MAX))
			o += (size_t)snprintf(out + o, cap - o, "%sd%zu",
			    o ? " " : "", i);
}

static void
hand_doc(struct corpus *c, int id, int year, const char *title,
    const char *summary, const char *body, const char *topic1,
    const char *topic2, const char *country, const char *city,
    const char *lang, const char *kind)
{
	struct bdoc	*d = &c->d[id];
	const char	*t[3] = { title, summary, body };
	size_t		 i;

	doc_clear(d);
	memset(d, 0, sizeof(*d));
	d->id = id;
	d->live = 1;
	d->year = year;
	snprintf(d->key, sizeof(d->key), "practice/d%04d", id);
	for (i = 0; i < 3; i++) {
		if (t[i] == NULL)
			continue;
		d->field[d->ntext] = i == 0 ? FIELD_TITLE : i == 1 ?
		    FIELD_SUMMARY : FIELD_BODY;
		d->text[d->ntext] = strdup(t[i]);
		assert_non_null(d->text[d->ntext]);
		d->textlen[d->ntext] = strlen(t[i]);
		bf_tokens(d, d->ntext);
		d->ntext++;
	}
	d->vals[FACET_TOPIC][d->nval[FACET_TOPIC]++] = topic1;
	if (topic2)
		d->vals[FACET_TOPIC][d->nval[FACET_TOPIC]++] = topic2;
	d->vals[FACET_COUNTRY][d->nval[FACET_COUNTRY]++] = country;
	if (year) {
		snprintf(d->yearstr, sizeof(d->yearstr), "%d", year);
		d->vals[FACET_YEAR][d->nval[FACET_YEAR]++] = d->yearstr;
	}
	if (city)
		d->vals[FACET_CITY][d->nval[FACET_CITY]++] = city;
	d->vals[FACET_LANG][d->nval[FACET_LANG]++] = lang;
	d->vals[FACET_KIND][d->nval[FACET_KIND]++] = kind;
}

/* An empty corpus with room for n hand-made documents. */
static struct corpus *
hand_corpus(size_t n)
{
	return corpus_new(0, 0, n);
}

static void
expect_counts(const struct corpus *c, const struct bq *q, int f,
    const char *want)
{
	struct ecount	*e;
	char		 got[512];
	size_t		 n, i, o = 0;

	n = bf_counts(c, q, f, &e);
	got[0] = '\0';
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(got + o, sizeof(got) - o, "%s%s=%u",
		    i ? " " : "", e[i].value, e[i].count);
	free(e);
	if (strcmp(got, want) != 0)
		fail_msg("brute force counts of %s: want \"%s\", got \"%s\"",
		    idx_facet_names[f], want, got);
}

static void
expect_keys(const struct corpus *c, const struct bq *q, const char *want)
{
	char	 got[1024];

	bf_keys(c, q, got, sizeof(got));
	if (strcmp(got, want) != 0)
		fail_msg("brute force on \"%s\"%s: want \"%s\", got \"%s\"",
		    q->text, q->prefix ? " (prefix)" : "", want, got);
}

/*
 * The brute force itself, on four hand-made documents, against answers
 * worked out by hand; then the index on the same queries.
 */
static void
brute_force_by_hand(void **state)
{
	static const struct {
		const char	*text;
		int		 prefix;
		const char	*want;
	} cases[] = {
		{ "genere4", 0, "d0 d1" },
		{ "GÈNERE4 alpha1", 0, "d0 d1" },
		{ "Alpha1", 0, "d0 d1" },
		{ "alpha1", 1, "d0 d1 d2" },
		{ "beta2 alph", 1, "d0 d1" },
		{ "\"alpha1 beta2\"", 0, "d0" },
		{ "\"beta2 alpha1\"", 0, "d0" },
		{ "\"alpha10 beta2\"", 0, "" },	/* summary, then body */
		{ "\"alpha1 Gamma3\"", 0, "" },
		{ "alpha1 -beta2", 0, "" },
		{ "alpha1 -gamma3", 0, "d0" },
		{ "gamma3 OR delta5", 0, "d1 d2" },
		{ "genere4 gamma3 OR delta5", 0, "d1" },
		{ "nino7", 0, "d3" },
		{ "FACADE9 CITTÀ3 Über8", 0, "d3" },
		{ "alpha", 0, "" },
		{ "zeta1", 0, "" },
	};
	struct corpus	*c = hand_corpus(4);
	struct idx_ctx	*ctx = ctx_new();
	struct idx	*ix;
	struct bq	*q = hmalloc(sizeof(*q));
	char		 why[4096];
	size_t		 i;

	(void)state;
	hand_doc(c, 0, 2010, "Alpha1 beta2", "GÈNERE4 alpha10",
	    "beta2 alpha1", "housing", "climate", "ES", "city-001", "ca",
	    "practice");
	hand_doc(c, 1, 2015, "gènere4, alpha1", "beta2. Gamma3", NULL,
	    "housing", NULL, "FR", "city-002", "fr", "practice");
	hand_doc(c, 2, 0, "ALPHA100 delta5", NULL, NULL, "climate", NULL,
	    "ES", "city-001", "en", "city");
	hand_doc(c, 3, 2020, "niño7 über8", "Façade9 città3", NULL, "water",
	    NULL, "IT", NULL, "it", "practice");
	ix = build(ctx, c);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hand_query(q, cases[i].text, cases[i].prefix);
		expect_keys(c, q, cases[i].want);
		q->facets = (1u << FACET__MAX) - 1;
		expect_query(ix, ctx, c, q, "by hand", (int)i);
	}

	/* Browse with filters; disjunctive counts worked out by hand. */
	hand_query(q, "", 0);
	q->vals[FACET_TOPIC][q->nval[FACET_TOPIC]++] = "housing";
	q->facets = (1u << FACET_TOPIC) | (1u << FACET_COUNTRY);
	expect_keys(c, q, "d0 d1");
	/* The topic filter is left out of the topic counts. */
	expect_counts(c, q, FACET_TOPIC, "climate=2 housing=2 water=1");
	expect_counts(c, q, FACET_COUNTRY, "ES=1 FR=1");
	expect_query(ix, ctx, c, q, "by hand, browse", 100);
	q->vals[FACET_COUNTRY][q->nval[FACET_COUNTRY]++] = "ES";
	expect_keys(c, q, "d0");
	expect_counts(c, q, FACET_TOPIC, "climate=2 housing=1");
	expect_counts(c, q, FACET_COUNTRY, "ES=1 FR=1");
	expect_query(ix, ctx, c, q, "by hand, browse", 101);

	/* Years: d2 has none and fails any bound. */
	hand_query(q, "", 0);
	q->yfrom = 2012;
	expect_keys(c, q, "d1 d3");
	q->yfrom = 0;
	q->yto = 2015;
	q->facets = (1u << FACET_YEAR) | (1u << FACET_COUNTRY);
	expect_keys(c, q, "d0 d1");
	/* The range is the year facet's own filter. */
	expect_counts(c, q, FACET_YEAR, "2010=1 2015=1 2020=1");
	expect_counts(c, q, FACET_COUNTRY, "ES=1 FR=1");
	expect_query(ix, ctx, c, q, "by hand, years", 102);
	q->vals[FACET_YEAR][q->nval[FACET_YEAR]++] = "2020";
	expect_keys(c, q, "");
	expect_counts(c, q, FACET_YEAR, "2010=1 2015=1 2020=1");
	expect_counts(c, q, FACET_COUNTRY, "");
	expect_query(ix, ctx, c, q, "by hand, years", 103);
	q->sort = IDX_SORT_NEWEST;
	q->yto = 0;
	expect_keys(c, q, "d3");
	expect_query(ix, ctx, c, q, "by hand, newest", 104);

	/* The checker catches a wrong answer: d3 is taken for dead. */
	hand_query(q, "nino7", 0);
	c->d[3].live = 0;
	if (!check_query(ix, ctx, c, q, why, sizeof(why)))
		fail_msg("check_query missed a hit that should not be there");
	c->d[3].live = 1;

	release(ix);
	release(ctx);
	release(c);
	release(q);
}

/*
 * With typos = 0, a word of a TEXT_NOLANG text is found by itself only: not
 * by a longer query word that begins with it.
 */
static void
no_truncated_matches(void **state)
{
	static const struct {
		const char	*text;
		const char	*want;
	} cases[] = {
		{ "alpha12", "d1" },
		{ "alpha1", "d0" },
		{ "Rosario", "d3" },
		{ "rosa", "d2" },
		{ "beta7", "d0 d1" },
	};
	struct corpus	*c = hand_corpus(4);
	struct idx_ctx	*ctx = ctx_new();
	struct idx	*ix;
	struct bq	*q = hmalloc(sizeof(*q));
	size_t		 i;
	static char	 report[8192];

	(void)state;
	hand_doc(c, 0, 2010, "alpha1 beta7", NULL, NULL, "housing", NULL,
	    "ES", NULL, "en", "practice");
	hand_doc(c, 1, 2011, "alpha12 beta7", NULL, NULL, "housing", NULL,
	    "ES", NULL, "en", "practice");
	hand_doc(c, 2, 2012, "Rosa", NULL, NULL, "housing", NULL,
	    "AR", NULL, "es", "city");
	hand_doc(c, 3, 2013, "Rosario", NULL, NULL, "housing", NULL,
	    "AR", NULL, "es", "city");
	ix = build(ctx, c);
	report[0] = '\0';
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hand_query(q, cases[i].text, 0);
		expect_keys(c, q, cases[i].want);
		note_query(ix, ctx, c, q, report, sizeof(report));
	}
	if (report[0])
		fail_msg("words found by longer query words:%s", report);
	release(ix);
	release(ctx);
	release(c);
	release(q);
}

/* Prefixes of one letter, and prefixes that begin many words. */
static void
prefix_edge_cases(void **state)
{
	static const struct {
		const char	*text;
		const char	*want;
	} cases[] = {
		{ "kappa05", "d50 d51 d52 d53 d54 d55 d56 d57 d58 d59" },
		{ "lambda1 kappa09", "d90" },
		{ "lambda1 k", "d90" },
		{ "kappa", NULL },	/* d0 to d99 */
		{ "kap", NULL },
		{ "k", NULL },
		{ "lambda2 ci", "d100" },	/* "ci": an Italian stopword */
		{ "lambda2 de", "d100" },	/* "de": a stopword of four */
		{ "lambda2 ne", "d100" },	/* "ne": one of French */
	};
	struct corpus	*c = hand_corpus(102);
	struct idx_ctx	*ctx = ctx_new();
	struct idx	*ix;
	struct bq	*q = hmalloc(sizeof(*q));
	char		 title[64], all[1024];
	size_t		 i, o = 0;
	static char	 report[8192];

	(void)state;
	for (i = 0; i < 100; i++) {
		snprintf(title, sizeof(title), "kappa%03zu%s", i,
		    i == 90 ? " lambda1" : "");
		hand_doc(c, (int)i, 2000 + (int)(i % 20), title, NULL, NULL,
		    "housing", NULL, "ES", NULL, "en", "practice");
		o += (size_t)snprintf(all + o, sizeof(all) - o, "%sd%zu",
		    i ? " " : "", i);
	}
	hand_doc(c, 100, 2000, "lambda2 città5 delta3 néant1", NULL, NULL,
	    "housing", NULL, "ES", NULL, "en", "practice");
	hand_doc(c, 101, 2000, "lambda2 omega1", NULL, NULL, "housing", NULL,
	    "ES", NULL, "en", "practice");
	ix = build(ctx, c);
	report[0] = '\0';
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hand_query(q, cases[i].text, 1);
		expect_keys(c, q, cases[i].want ? cases[i].want : all);
		note_query(ix, ctx, c, q, report, sizeof(report));
	}
	if (report[0])
		fail_msg("prefixes that do not find every word they begin:%s",
		    report);
	release(ix);
	release(ctx);
	release(c);
	release(q);
}

static void
run_random(uint64_t seed, size_t ndocs, int nq, enum qmode mode,
    const char *what)
{
	struct corpus	*c = corpus_new(seed, ndocs, ndocs);
	struct idx_ctx	*ctx = ctx_new();
	struct idx	*ix;
	struct bq	*q = hmalloc(sizeof(*q));
	struct rng	 r = rseed(seed, 99, (uint64_t)mode);
	int		 i, withhits = 0, text = 0, filtered = 0;
	size_t		 k, sum = 0;
	uint64_t	 total;

	ix = build(ctx, c);
	for (i = 0; i < nq; i++) {
		random_query(&r, c, mode, q);
		expect_query(ix, ctx, c, q, what, i);
		for (total = 0, k = 0; k < c->n; k++)
			total += bf_text(q, &c->d[k]) &&
			    bf_filters(q, &c->d[k], FACET__MAX);
		withhits += total > 0;
		sum += total;
		text += q->nc > 0;
		for (k = 0; k < FACET__MAX; k++)
			if (q->nval[k] > 0) {
				filtered++;
				break;
			}
	}
	print_message("# %s, seed %llu, %zu docs: %d queries (%d with text, "
	    "%d filtered), %d with hits, %.1f hits on average\n", what,
	    (unsigned long long)seed, ndocs, nq, text, filtered, withhits,
	    (double)sum / nq);
	release(ix);
	release(ctx);
	release(c);
	release(q);
}

/* Words, filters, counts: exact against the brute force. */
static void
random_exact(void **state)
{
	(void)state;
	run_random(1, 300, 300, Q_WORDS, "exact words");
	run_random(2, 700, 300, Q_WORDS, "exact words");
	run_random(3, 1000, 300, Q_WORDS, "exact words");
}

/* More matches than a page: paging must neither repeat nor skip. */
static void
random_paging(void **state)
{
	(void)state;
	run_random(4, 2000, 150, Q_WORDS, "paging");
}

static void
random_prefix(void **state)
{
	(void)state;
	run_random(5, 500, 300, Q_PREFIX, "prefix");
	run_random(6, 1000, 300, Q_PREFIX, "prefix");
}

static void
random_operators(void **state)
{
	(void)state;
	run_random(7, 500, 300, Q_OPS, "phrases and operators");
	run_random(8, 1000, 300, Q_OPS, "phrases and operators");
}

static int
hit_key_cmp(const void *a, const void *b)
{
	const struct idx_hit *x = a, *y = b;

	return strcmp(x->key, y->key);
}

static int
close_enough(double a, double b)
{
	double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);

	return fabs(a - b) <= 1e-9 * m || a == b;
}

struct hits {
	struct idx_hit	*h;	/* keys owned */
	size_t		 n;
	uint64_t	 total;
};

static void
hits_free(struct hits *h)
{
	size_t	 i;

	for (i = 0; i < h->n; i++)
		free((char *)h->h[i].key);
	free(h->h);
	memset(h, 0, sizeof(*h));
}

/* Every hit of q, page by page. */
static void
all_hits(struct idx *ix, struct idx_ctx *ctx, const struct bq *q,
    struct hits *out)
{
	struct idx_result	 res;
	struct idx_hit		*h;
	size_t			 i, offset = 0, got;
	enum err		 e;

	memset(out, 0, sizeof(*out));
	do {
		if ((e = search(ix, ctx, q, offset, IDX_LIMIT_MAX, &res)) !=
		    ERR_OK) {
			idx_result_free(&res);
			hits_free(out);
			fail_msg("search \"%s\": %s", q->text, err_str(e));
		}
		out->total = res.total;
		h = realloc(out->h, (out->n + res.hitsz + 1) * sizeof(*h));
		assert_non_null(h);
		out->h = h;
		for (i = 0; i < res.hitsz; i++) {
			out->h[out->n] = res.hits[i];
			out->h[out->n].key = strdup(res.hits[i].key);
			assert_non_null(out->h[out->n].key);
			out->n++;
		}
		offset += res.hitsz;
		got = res.hitsz;
		idx_result_free(&res);
	} while (got > 0 && offset < out->total);
}

/*
 * Whether a and b rank q the same: the same scores in the same order, and
 * each key with the same score. *reordered tells whether keys of equal
 * scores came in another order. Returns 0, or 1 with the difference in why.
 */
static int
ranking_differs(struct idx *a, struct idx *b, struct idx_ctx *ctx,
    const struct bq *q, int *reordered, char *why, size_t whysz)
{
	struct hits	 ra, rb;
	size_t		 i;
	int		 bad = 0;

	*reordered = 0;
	all_hits(a, ctx, q, &ra);
	all_hits(b, ctx, q, &rb);
	if (ra.total != rb.total || ra.n != rb.n) {
		snprintf(why, whysz, "total %llu (%zu hits) against %llu "
		    "(%zu hits)", (unsigned long long)ra.total, ra.n,
		    (unsigned long long)rb.total, rb.n);
		bad = 1;
	}
	for (i = 0; !bad && i < ra.n; i++) {
		if (!close_enough(ra.h[i].score, rb.h[i].score)) {
			snprintf(why, whysz, "hit %zu: %s score %.17g against "
			    "%s score %.17g", i, ra.h[i].key, ra.h[i].score,
			    rb.h[i].key, rb.h[i].score);
			bad = 1;
		}
		if (strcmp(ra.h[i].key, rb.h[i].key) != 0)
			*reordered = 1;
	}
	if (!bad && ra.n) {
		qsort(ra.h, ra.n, sizeof(*ra.h), hit_key_cmp);
		qsort(rb.h, rb.n, sizeof(*rb.h), hit_key_cmp);
	}
	for (i = 0; !bad && i < ra.n; i++)
		if (strcmp(ra.h[i].key, rb.h[i].key) != 0 ||
		    !close_enough(ra.h[i].score, rb.h[i].score)) {
			snprintf(why, whysz, "%s score %.17g against %s score "
			    "%.17g", ra.h[i].key, ra.h[i].score, rb.h[i].key,
			    rb.h[i].score);
			bad = 1;
		}
	hits_free(&ra);
	hits_free(&rb);
	return bad;
}

/* Random replacements, deletions and additions on a. */
static void
churn(struct idx *a, struct idx_ctx *ctx, struct corpus *c, size_t *next,
    struct rng *r, int ops)
{
	int	 i, id;
	enum err e;

	for (i = 0; i < ops; i++) {
		uint32_t x = rbelow(r, 100);

		id = (int)rbelow(r, (uint32_t)*next);
		if (x < 45) {
			/* Replace a live document (a few: with itself). */
			if (!c->d[id].live)
				continue;
			if (x >= 3)
				gen_doc(c, id, c->d[id].version + 1);
			if ((e = put_doc(a, ctx, &c->d[id])) != ERR_OK)
				fail_msg("seed %llu op %d: replace %s: %s",
				    (unsigned long long)c->seed, i,
				    c->d[id].key, err_str(e));
		} else if (x < 75) {
			e = idx_delete(a, c->d[id].key);
			if (e != (c->d[id].live ? ERR_OK : ERR_NOTFOUND))
				fail_msg("seed %llu op %d: delete %s (%s): %s",
				    (unsigned long long)c->seed, i,
				    c->d[id].key, c->d[id].live ? "live" :
				    "deleted", err_str(e));
			if (c->d[id].live && idx_delete(a, c->d[id].key) !=
			    ERR_NOTFOUND)
				fail_msg("seed %llu op %d: %s deleted twice",
				    (unsigned long long)c->seed, i,
				    c->d[id].key);
			c->d[id].live = 0;
		} else {
			/* A new document, or a deleted one back. */
			if (x < 85 && !c->d[id].live)
				gen_doc(c, id, c->d[id].version + 1);
			else if (*next < c->n)
				gen_doc(c, id = (int)(*next)++, 0);
			else
				continue;
			if ((e = put_doc(a, ctx, &c->d[id])) != ERR_OK)
				fail_msg("seed %llu op %d: add %s: %s",
				    (unsigned long long)c->seed, i,
				    c->d[id].key, err_str(e));
		}
	}
	if (idx_size(a) != corpus_live(c))
		fail_msg("seed %llu: idx_size %zu after churn, %zu live",
		    (unsigned long long)c->seed, idx_size(a), corpus_live(c));
}

static void
incremental_seed(uint64_t seed, size_t ndocs)
{
	struct corpus	*c = corpus_new(seed, ndocs, ndocs + ndocs / 2);
	struct idx_ctx	*ctx = ctx_new();
	struct idx	*a, *b;
	struct bq	*q = hmalloc(sizeof(*q));
	struct rng	 r = rseed(seed, 77, 0), qr;
	size_t		 next = ndocs;
	int		 i, reordered = 0, ro;
	char		 why[2048], d[2048];

	a = build(ctx, c);

	/* Few changes: dead postings well under a fifth. */
	churn(a, ctx, c, &next, &r, (int)ndocs / 20);
	qr = rseed(seed, 78, 0);
	for (i = 0; i < 80; i++) {
		random_query(&qr, c, i % 3 == 2 ? Q_OPS : Q_WORDS, q);
		expect_query(a, ctx, c, q, "incremental, few changes", i);
	}

	/* Many changes. */
	churn(a, ctx, c, &next, &r, (int)ndocs);
	b = build(ctx, c);
	qr = rseed(seed, 79, 0);
	for (i = 0; i < 120; i++) {
		random_query(&qr, c, i % 3 == 2 ? Q_OPS : i % 3 == 1 ?
		    Q_PREFIX : Q_WORDS, q);
		expect_query(a, ctx, c, q, "incremental, after churn", i);
		expect_query(b, ctx, c, q, "rebuilt, after churn", i);
	}

	/* A last few changes, so there are dead postings to compact. */
	churn(a, ctx, c, &next, &r, 30);
	release(b);
	b = build(ctx, c);
	assert_int_equal(idx_compact(a), ERR_OK);
	assert_int_equal(idx_size(a), idx_size(b));
	qr = rseed(seed, 80, 0);
	for (i = 0; i < 150; i++) {
		random_query(&qr, c, i % 3 == 2 ? Q_OPS : Q_WORDS, q);
		if (q->nc == 0)
			continue;
		q->sort = IDX_SORT_RELEVANCE;
		expect_query(a, ctx, c, q, "compacted", i);
		if (ranking_differs(a, b, ctx, q, &ro, why, sizeof(why))) {
			describe(q, d, sizeof(d));
			fail_msg("seed %llu, query #%d: compacted against "
			    "rebuilt: %s\n# query: %s",
			    (unsigned long long)seed, i, why, d);
		}
		reordered += ro;
	}
	if (reordered)
		print_message("# seed %llu: %d of 150 queries ranked equal "
		    "scores in another order after compaction than rebuilt "
		    "(allowed: ties are unordered)\n",
		    (unsigned long long)seed, reordered);
	release(a);
	release(b);
	release(ctx);
	release(c);
	release(q);
}

/*
 * Facets whose documents have many values (up to 7 of 300 organisations):
 * filters and disjunctive counts on them, with replacements and deletes,
 * against the brute force; and a context that indexes two indexes in turn
 * (its word cache must keep their terms apart).
 */
static void
many_values(void **state)
{
	struct corpus	*c = corpus_make(13, 700, 1000, 1);
	struct corpus	*o = corpus_new(14, 300, 300);
	struct idx_ctx	*ctx = ctx_new();
	struct idx	*a, *b;
	struct bq	*q = hmalloc(sizeof(*q));
	struct rng	 r = rseed(13, 77, 0), qr = rseed(13, 78, 0);
	size_t		 next = 700;
	int		 i;

	(void)state;
	a = build(ctx, c);
	b = build(ctx, o);
	churn(a, ctx, c, &next, &r, 400);
	for (i = 0; i < 300; i++) {
		random_query(&qr, c, i % 3 == 2 ? Q_OPS : Q_WORDS, q);
		if (i % 2 == 0 && q->nval[FACET_ORG] == 0 && rpct(&qr, 60)) {
			const struct bdoc *d = random_doc(&qr, c);

			q->vals[FACET_ORG][q->nval[FACET_ORG]++] = d != NULL &&
			    d->nval[FACET_ORG] > 0 ? d->vals[FACET_ORG][0] :
			    orgnames[rbelow(&qr, NORG)];
			q->facets |= 1u << FACET_ORG;
			render_query(q);
		}
		expect_query(a, ctx, c, q, "many values", i);
		random_query(&qr, o, Q_WORDS, q);
		expect_query(b, ctx, o, q, "second index", i);
	}
	release(a);
	release(b);
	release(ctx);
	release(c);
	release(o);
	release(q);
}

/*
 * New terms wait unsorted until a batch is merged into the sorted order
 * (by idx_put when enough have come, by idx_compact): prefixes must find
 * every term wherever it waits. Words "w%05d" come in batches that
 * interleave, so each merge puts terms between the sorted ones.
 */
static void
term_order(void **state)
{
	struct idx_ctx	*ctx = ctx_new();
	struct idx	*ix = hold(H_IDX, idx_new());
	struct idx_query q;
	struct idx_result res;
	struct idx_text	 t;
	struct idx_doc	 d;
	char		 key[32], text[32], pre[8];
	int		 batch, i, w, n, want;

	(void)state;
	for (batch = 0; batch < 4; batch++) {
		for (i = 0; i < 6000; i++) {
			w = i * 4 + (batch * 3) % 4;	/* 0, 3, 2, 1 mod 4 */
			snprintf(key, sizeof(key), "practice/w%d", w);
			n = snprintf(text, sizeof(text), "w%05d", w);
			memset(&d, 0, sizeof(d));
			t.field = FIELD_TITLE;
			t.lang = TEXT_NOLANG;
			t.text = text;
			t.len = (size_t)n;
			d.key = key;
			d.texts = &t;
			d.textsz = 1;
			assert_int_equal(idx_put(ix, ctx, &d), ERR_OK);
		}
		if (batch < 2)
			assert_int_equal(idx_compact(ix), ERR_OK);
		for (n = 0; n < 40; n++) {
			/* Prefixes "w01", "w012", "w0123": fewer than PREFIX_MAX terms. */
			w = (n * 7919) % 24000;
			snprintf(pre, sizeof(pre), "w%05d", w);
			pre[3 + n % 3] = '\0';
			for (want = 0, i = 0; i < 24000; i++) {
				snprintf(text, sizeof(text), "w%05d", i);
				want += (i % 4 == 0 || (batch >= 1 && i % 4 == 3) ||
				    (batch >= 2 && i % 4 == 2) || batch >= 3) &&
				    strncmp(text, pre, strlen(pre)) == 0;
			}
			memset(&q, 0, sizeof(q));
			q.text = pre;
			q.prefix = 1;
			q.limit = 1;
			assert_int_equal(idx_search(ix, ctx, &q, &res), ERR_OK);
			if (res.total != (uint64_t)want)
				fail_msg("after batch %d, prefix %s: %llu "
				    "matches, want %d", batch, pre,
				    (unsigned long long)res.total, want);
			idx_result_free(&res);
		}
	}
	release(ix);
	release(ctx);
}

/*
 * The word cache of a context: it grows while a large vocabulary is
 * indexed (keeping what it knew), and one context indexes two indexes in
 * turn, where one word has different term ids. Every word must still be
 * found in exactly the documents of its own index that hold it, by a
 * search (which analyses the query without the cache).
 */
/* Puts a document of one Catalan body text; no cmocka: threads call it. */
static enum err
put_text(struct idx *ix, struct idx_ctx *ctx, const char *key,
    const char *text)
{
	struct idx_text	 t;
	struct idx_doc	 d;

	memset(&d, 0, sizeof(d));
	t.field = FIELD_BODY;
	t.lang = TEXT_CA;
	t.text = text;
	t.len = strlen(text);
	d.key = key;
	d.texts = &t;
	d.textsz = 1;
	return idx_put(ix, ctx, &d);
}

static void
put_words(struct idx *ix, struct idx_ctx *ctx, const char *key,
    const char *text)
{
	assert_int_equal(put_text(ix, ctx, key, text), ERR_OK);
}

static void
word_cache(void **state)
{
	enum { N = 12000 };
	struct idx_ctx	*ctx = ctx_new();
	struct idx	*a = hold(H_IDX, idx_new());
	struct idx	*b = hold(H_IDX, idx_new());
	struct idx_query q;
	struct idx_result res;
	char		 key[32], text[96], word[24];
	int		 i, j, lines0;

	(void)state;
	put_words(a, ctx, "practice/first", "començament");
	lines0 = (int)ctx->wclines;
	for (i = 0; i < N; i++) {
		/* Doc i of a: words i and i + 1; of b: N-1-i and N-i, after a
		 * word of its own so that b's term ids differ from a's. */
		snprintf(key, sizeof(key), "practice/a%d", i);
		snprintf(text, sizeof(text), "pàgina%05d Pàgina%05d", i,
		    (i + 1) % N);
		put_words(a, ctx, key, text);
		j = N - 1 - i;
		snprintf(key, sizeof(key), "practice/b%d", j);
		snprintf(text, sizeof(text), "propi%05d pàgina%05d pàgina%05d",
		    j, j, (j + 1) % N);
		put_words(b, ctx, key, text);
	}
	/* 3 * N distinct words: the cache doubled several times. */
	if ((int)ctx->wclines < lines0 * 8)
		fail_msg("the word cache has %d lines, from %d: it did not "
		    "grow", (int)ctx->wclines, lines0);
	for (i = 0; i < N; i += 7) {
		struct idx *ix = i % 2 ? a : b;
		const char *p = i % 2 ? "a" : "b";
		char want1[32], want2[32];

		/* Typed without the accent and in upper case. */
		snprintf(word, sizeof(word), "PAGINA%05d", i);
		memset(&q, 0, sizeof(q));
		q.text = word;
		q.limit = 5;
		assert_int_equal(idx_search(ix, ctx, &q, &res), ERR_OK);
		snprintf(want1, sizeof(want1), "practice/%s%d", p, i);
		snprintf(want2, sizeof(want2), "practice/%s%d", p,
		    (i + N - 1) % N);
		if (res.total != 2 || res.hitsz != 2 ||
		    !((strcmp(res.hits[0].key, want1) == 0 &&
		    strcmp(res.hits[1].key, want2) == 0) ||
		    (strcmp(res.hits[0].key, want2) == 0 &&
		    strcmp(res.hits[1].key, want1) == 0)))
			fail_msg("%s in index %s: %llu hits (%s, %s), want %s "
			    "and %s", word, p, (unsigned long long)res.total,
			    res.hitsz > 0 ? res.hits[0].key : "-",
			    res.hitsz > 1 ? res.hits[1].key : "-", want1,
			    want2);
		idx_result_free(&res);
	}
	release(a);
	release(b);
	release(ctx);
}

/*
 * Postings wait in the index and go to their terms a batch at a time,
 * sorted by term: when a million are waiting (inside idx_put) and before
 * a search. 11,000 documents of 100 words from a vocabulary of 300 give
 * 1.1 million postings: every word must then have exactly its documents,
 * and a document put after that is found by the next search.
 */
static void
staged_postings(void **state)
{
	enum { N = 11000, V = 300, W = 100 };
	struct idx_ctx	*ctx = ctx_new();
	struct idx	*ix = hold(H_IDX, idx_new());
	struct idx_query q;
	struct idx_result res;
	static char	 text[W * 6 + 1];
	static int	 want[V];
	char		 key[32], word[16];
	int		 i, j, v, o;

	(void)state;
	for (i = 0; i < N; i++) {
		/* Words i, i + 1, ..., i + 99 (mod 300): each once. */
		for (o = 0, j = 0; j < W; j++) {
			v = (i + j) % V;
			o += snprintf(text + o, sizeof(text) - (size_t)o,
			    "v%03d ", v);
			want[v]++;
		}
		snprintf(key, sizeof(key), "practice/%d", i);
		put_words(ix, ctx, key, text);
	}
	put_words(ix, ctx, "practice/last", "v007 darrer");
	want[7]++;
	for (v = 0; v < V; v += 7) {
		snprintf(word, sizeof(word), "v%03d", v);
		memset(&q, 0, sizeof(q));
		q.text = word;
		q.limit = 1;
		assert_int_equal(idx_search(ix, ctx, &q, &res), ERR_OK);
		if (res.total != (uint64_t)want[v])
			fail_msg("%s: %llu documents, want %d", word,
			    (unsigned long long)res.total, want[v]);
		idx_result_free(&res);
	}
	memset(&q, 0, sizeof(q));
	q.text = "darrer";
	q.limit = 1;
	assert_int_equal(idx_search(ix, ctx, &q, &res), ERR_OK);
	assert_int_equal(res.total, 1);
	assert_string_equal(res.hits[0].key, "practice/last");
	idx_result_free(&res);
	release(ix);
	release(ctx);
}

/*
 * One writer and three readers at once: every search must see every
 * document whose idx_put returned before the search began (their postings
 * may be waiting: the search writes them first), and never more documents
 * than were put. The writer counts a document once idx_put has returned.
 */
enum { RW_DOCS = 3000, RW_READERS = 3 };

struct rw {
	struct idx	*ix;
	atomic_int	 done;		/* documents put and returned */
	atomic_int	 finished;	/* the writer is through */
	atomic_int	 bad;		/* searches that broke the rule */
	atomic_int	 searches;
	char		 why[160];
};

static void *
rw_writer(void *arg)
{
	struct rw	*rw = arg;
	struct idx_ctx	*ctx = idx_ctx_new();
	char		 key[32], text[64];
	int		 i;

	for (i = 0; ctx != NULL && i < RW_DOCS; i++) {
		snprintf(key, sizeof(key), "practice/%d", i);
		snprintf(text, sizeof(text), "alfa beta paraula%d", i);
		if (put_text(rw->ix, ctx, key, text) != ERR_OK)
			break;
		atomic_store(&rw->done, i + 1);
	}
	idx_ctx_free(ctx);
	atomic_store(&rw->finished, 1);
	return NULL;
}

static void *
rw_reader(void *arg)
{
	struct rw	*rw = arg;
	struct idx_ctx	*ctx = idx_ctx_new();
	struct idx_query q;
	struct idx_result res;
	int		 before, k = 0;

	while (ctx != NULL && !atomic_load(&rw->finished)) {
		before = atomic_load(&rw->done);
		memset(&q, 0, sizeof(q));
		q.text = k++ % 2 ? "alfa" : "beta";
		q.limit = 1;
		if (idx_search(rw->ix, ctx, &q, &res) != ERR_OK)
			atomic_fetch_add(&rw->bad, 1);
		else if (res.total < (uint64_t)before ||
		    res.total > RW_DOCS) {
			if (atomic_fetch_add(&rw->bad, 1) == 0)
				snprintf(rw->why, sizeof(rw->why), "a search "
				    "found %llu documents when %d were put",
				    (unsigned long long)res.total, before);
		}
		idx_result_free(&res);
		atomic_fetch_add(&rw->searches, 1);
		/* glibc's lock prefers readers: let the writer in. */
		nanosleep(&(struct timespec){ 0, 200000 }, NULL);
	}
	idx_ctx_free(ctx);
	return NULL;
}

static void
readers_and_writer(void **state)
{
	struct rw	*rw = hmalloc(sizeof(*rw));
	pthread_t	 w, r[RW_READERS];
	int		 i;

	(void)state;
	memset(rw, 0, sizeof(*rw));
	rw->ix = hold(H_IDX, idx_new());
	assert_int_equal(pthread_create(&w, NULL, rw_writer, rw), 0);
	for (i = 0; i < RW_READERS; i++)
		assert_int_equal(pthread_create(&r[i], NULL, rw_reader, rw), 0);
	pthread_join(w, NULL);
	for (i = 0; i < RW_READERS; i++)
		pthread_join(r[i], NULL);
	if (atomic_load(&rw->bad) > 0)
		fail_msg("%d of %d searches: %s", atomic_load(&rw->bad),
		    atomic_load(&rw->searches), rw->why);
	assert_int_equal(atomic_load(&rw->done), RW_DOCS);
	assert_true(atomic_load(&rw->searches) > 0);
	release(rw->ix);
	release(rw);
}

static void
incremental_vs_rebuild(void **state)
{
	(void)state;
	incremental_seed(11, 600);
	incremental_seed(12, 900);
}

/*
 * "That happens by itself when a fifth of the documents are dead": deleting
 * documents one by one, there comes a point where the scores are those of
 * an index built afresh (whichever way "a fifth" is counted).
 */
static void
auto_compaction(void **state)
{
	struct corpus	*c = corpus_new(41, 101, 101);
	struct idx_ctx	*ctx = ctx_new();
	struct idx	*a, *b;
	struct bq	*q = hmalloc(sizeof(*q));
	char		 why[2048];
	int		 k, same_at = -1, ro;

	(void)state;
	a = build(ctx, c);
	for (k = 1; k <= 40 && same_at < 0; k++) {
		assert_int_equal(idx_delete(a, c->d[k].key), ERR_OK);
		c->d[k].live = 0;
		b = build(ctx, c);
		hand_query(q, vocab[zrank[0]], 0);
		if (!ranking_differs(a, b, ctx, q, &ro, why, sizeof(why))) {
			hand_query(q, vocab[zrank[3]], 0);
			if (!ranking_differs(a, b, ctx, q, &ro, why,
			    sizeof(why)))
				same_at = k;
		}
		release(b);
	}
	if (same_at < 0)
		fail_msg("40 of 101 documents deleted one by one, and the "
		    "scores never were those of a rebuilt index (last: %s)",
		    why);
	print_message("# scores as rebuilt after %d of 101 deleted\n", same_at);
	release(a);
	release(ctx);
	release(c);
	release(q);
}

/* ---- behaviour ----------------------------------------------------------- */

/* The total of a query of text only. */
static uint64_t
total_of(struct idx *ix, struct idx_ctx *ctx, const char *text)
{
	struct bq		*q = hmalloc(sizeof(*q));
	struct idx_result	 res;
	uint64_t		 t;
	enum err		 e;
	char			 m[512];

	snprintf(q->text, sizeof(q->text), "%s", text);
	e = search(ix, ctx, q, 0, 10, &res);
	snprintf(m, sizeof(m), "%s", res.error ? res.error : "no message");
	t = res.total;
	idx_result_free(&res);
	release(q);
	if (e != ERR_OK)
		fail_msg("search \"%s\": %s (%s)", text, err_str(e), m);
	return t;
}

/* An invalid query: ERR_INVALID with a message, which is returned (held). */
static char *
invalid(struct idx *ix, struct idx_ctx *ctx, struct idx_query *iq,
    const char *what)
{
	struct idx_result	 res;
	enum err		 e;
	char			*m;

	memset(&res, 0, sizeof(res));
	e = idx_search(ix, ctx, iq, &res);
	m = res.error && res.error[0] ? strdup(res.error) : NULL;
	idx_result_free(&res);
	if (e != ERR_INVALID) {
		free(m);
		fail_msg("%s: %s, not ERR_INVALID", what, err_str(e));
	}
	if (m == NULL)
		fail_msg("%s: ERR_INVALID without a message", what);
	print_message("# %s: \"%s\"\n", what, m);
	return hold(H_MEM, m);
}

static void
valid(struct idx *ix, struct idx_ctx *ctx, struct idx_query *iq,
    const char *what)
{
	struct idx_result	 res;
	enum err		 e;
	char			 m[512];

	memset(&res, 0, sizeof(res));
	e = idx_search(ix, ctx, iq, &res);
	snprintf(m, sizeof(m), "%s", res.error ? res.error : "no message");
	idx_result_free(&res);
	if (e != ERR_OK)
		fail_msg("%s: %s (%s)", what, err_str(e), m);
}

static void
limits(void **state)
{
	struct corpus		*c = corpus_new(21, 200, 200);
	struct idx_ctx		*ctx = ctx_new();
	struct idx		*ix;
	struct idx_query	 iq;
	static char		 text[IDX_QUERY_MAX + 2];
	static const char	*vals[IDX_FILTERS_MAX + 1];
	static char		 valbuf[IDX_FILTERS_MAX + 1][16];
	char			*m1, *m2, *m3, *m4;
	size_t			 i, o;

	(void)state;
	ix = build(ctx, c);

	/* Query text: IDX_QUERY_MAX bytes are fine, one more is not. */
	memset(&iq, 0, sizeof(iq));
	iq.limit = 10;
	memset(text, ' ', sizeof(text));
	memcpy(text, vocab[0], strlen(vocab[0]));
	text[IDX_QUERY_MAX] = '\0';
	iq.text = text;
	valid(ix, ctx, &iq, "query of IDX_QUERY_MAX bytes");
	text[IDX_QUERY_MAX] = 'x';
	text[IDX_QUERY_MAX + 1] = '\0';
	m1 = invalid(ix, ctx, &iq, "query of IDX_QUERY_MAX + 1 bytes");

	/* Words: IDX_TERMS_MAX are fine, one more is not. */
	for (o = 0, i = 0; i < IDX_TERMS_MAX; i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o, "%s%s",
		    i ? " " : "", vocab[i]);
	iq.text = text;
	valid(ix, ctx, &iq, "IDX_TERMS_MAX words");
	snprintf(text + o, sizeof(text) - o, " %s", vocab[IDX_TERMS_MAX]);
	m2 = invalid(ix, ctx, &iq, "IDX_TERMS_MAX + 1 words");

	/* Filter values: IDX_FILTERS_MAX in all are fine, one more is not. */
	memset(&iq, 0, sizeof(iq));
	iq.limit = 10;
	for (i = 0; i <= IDX_FILTERS_MAX; i++) {
		snprintf(valbuf[i], sizeof(valbuf[i]), "v%zu", i);
		vals[i] = valbuf[i];
	}
	vals[0] = countries[9];
	iq.values[FACET_COUNTRY] = vals;
	iq.valuesz[FACET_COUNTRY] = IDX_FILTERS_MAX / 2;
	iq.values[FACET_CITY] = vals + IDX_FILTERS_MAX / 2;
	iq.valuesz[FACET_CITY] = IDX_FILTERS_MAX - IDX_FILTERS_MAX / 2;
	valid(ix, ctx, &iq, "IDX_FILTERS_MAX filter values");
	iq.valuesz[FACET_CITY]++;
	m3 = invalid(ix, ctx, &iq, "IDX_FILTERS_MAX + 1 filter values");

	/* Hits per page. */
	memset(&iq, 0, sizeof(iq));
	iq.limit = IDX_LIMIT_MAX;
	valid(ix, ctx, &iq, "limit IDX_LIMIT_MAX");
	iq.limit = IDX_LIMIT_MAX + 1;
	m4 = invalid(ix, ctx, &iq, "limit IDX_LIMIT_MAX + 1");

	/* Each message says which limit. */
	if (!strcmp(m1, m2) || !strcmp(m1, m3) || !strcmp(m1, m4) ||
	    !strcmp(m2, m3) || !strcmp(m2, m4) || !strcmp(m3, m4))
		fail_msg("the same message for different problems: \"%s\", "
		    "\"%s\", \"%s\", \"%s\"", m1, m2, m3, m4);
	release(m1);
	release(m2);
	release(m3);
	release(m4);
	release(ix);
	release(ctx);
	release(c);
}

/* Total and hits of a query; the result is freed. */
static void
total_hits(struct idx *ix, struct idx_ctx *ctx, const struct bq *q,
    size_t offset, uint64_t *total, size_t *hitsz)
{
	struct idx_result	 res;
	enum err		 e;

	e = search(ix, ctx, q, offset, 10, &res);
	*total = res.total;
	*hitsz = res.hitsz;
	idx_result_free(&res);
	if (e != ERR_OK)
		fail_msg("search \"%s\": %s", q->text, err_str(e));
}

static void
behaviour(void **state)
{
	struct corpus		*c = corpus_new(22, 300, 300);
	struct idx_ctx		*ctx = ctx_new();
	struct idx		*ix;
	struct bq		*q = hmalloc(sizeof(*q));
	struct idx_text		 t[2];
	struct idx_doc		 doc;
	uint64_t		 before, n, n_es;
	size_t			 hitsz;
	char			 why[4096], w[64];

	(void)state;
	ix = build(ctx, c);

	/* Deleting what is not there. */
	assert_int_equal(idx_delete(ix, "practice/none"), ERR_NOTFOUND);
	assert_int_equal(idx_delete(ix, ""), ERR_NOTFOUND);
	assert_int_equal(idx_size(ix), 300);

	/* Invalid UTF-8: refused, nothing changed. */
	before = total_of(ix, ctx, vocab[zrank[0]]);
	assert_true(before > 0);
	memset(&doc, 0, sizeof(doc));
	t[0].field = FIELD_TITLE;
	t[0].lang = TEXT_NOLANG;
	t[0].text = "zeta7 fresh";
	t[0].len = strlen(t[0].text);
	t[1].field = FIELD_BODY;
	t[1].lang = TEXT_NOLANG;
	t[1].text = "zeta8 \xc3\x28 bad";
	t[1].len = strlen(t[1].text);
	doc.key = "practice/new";
	doc.year = 2020;
	doc.texts = t;
	doc.textsz = 2;
	assert_int_equal(idx_put(ix, ctx, &doc), ERR_INVALID);
	assert_int_equal(idx_size(ix), 300);
	assert_int_equal(total_of(ix, ctx, vocab[zrank[0]]), before);
	assert_int_equal(total_of(ix, ctx, "zeta7"), 0);
	assert_int_equal(total_of(ix, ctx, "zeta8"), 0);
	/* ... and the same in place of a document that is there. */
	doc.key = c->d[5].key;
	t[1].text = "zeta8 \xff";
	t[1].len = strlen(t[1].text);
	assert_int_equal(idx_put(ix, ctx, &doc), ERR_INVALID);
	assert_int_equal(idx_size(ix), 300);
	assert_int_equal(total_of(ix, ctx, "zeta7"), 0);
	assert_int_equal(total_of(ix, ctx, vocab[zrank[0]]), before);
	hand_query(q, "", 0);
	q->facets = (1u << FACET__MAX) - 1;
	expect_query(ix, ctx, c, q, "after a refused put", 0);
	/* Document 5 is still found by its words. */
	render(vocab[tokvoc[c->d[5].tok[0][0]]], CASE_LOWER, w, sizeof(w));
	hand_query(q, w, 0);
	expect_query(ix, ctx, c, q, "after a refused replace", 1);
	/* A valid put of the new document does change things. */
	t[1].text = "zeta8 fine";
	t[1].len = strlen(t[1].text);
	doc.key = "practice/new";
	assert_int_equal(idx_put(ix, ctx, &doc), ERR_OK);
	assert_int_equal(idx_size(ix), 301);
	assert_int_equal(total_of(ix, ctx, "zeta8"), 1);
	assert_int_equal(idx_delete(ix, "practice/new"), ERR_OK);
	assert_int_equal(total_of(ix, ctx, "zeta8"), 0);
	assert_int_equal(idx_size(ix), 300);

	/* An unknown facet value filters everything out; no error. */
	hand_query(q, "", 0);
	q->vals[FACET_COUNTRY][0] = "ZZ";
	q->nval[FACET_COUNTRY] = 1;
	total_hits(ix, ctx, q, 0, &n, &hitsz);
	assert_int_equal(n, 0);
	assert_int_equal(hitsz, 0);
	q->facets = (1u << FACET__MAX) - 1;
	expect_query(ix, ctx, c, q, "unknown value", 2);
	/* ORed with a known one, it is as if it were not there. */
	q->vals[FACET_COUNTRY][1] = "ES";
	q->nval[FACET_COUNTRY] = 2;
	total_hits(ix, ctx, q, 0, &n, &hitsz);
	q->vals[FACET_COUNTRY][0] = "ES";
	q->nval[FACET_COUNTRY] = 1;
	total_hits(ix, ctx, q, 0, &n_es, &hitsz);
	assert_int_equal(n, n_es);
	expect_query(ix, ctx, c, q, "known value", 3);

	/* An offset past the end: no hits, the same total. */
	hand_query(q, "", 0);
	total_hits(ix, ctx, q, 5000, &n, &hitsz);
	assert_int_equal(n, 300);
	assert_int_equal(hitsz, 0);

	/* The checker is not blind to a wrong total. */
	c->d[7].live = 0;
	if (!check_query(ix, ctx, c, q, why, sizeof(why)))
		fail_msg("check_query missed a wrong total");
	c->d[7].live = 1;

	release(q);
	release(ix);
	release(ctx);
	release(c);
}

static void
empty_index(void **state)
{
	struct corpus	*c = corpus_new(31, 30, 30);
	struct idx_ctx	*ctx = ctx_new();
	struct idx	*ix = hold(H_IDX, idx_new());
	struct bq	*q = hmalloc(sizeof(*q));
	struct rng	 r = rseed(31, 1, 1);
	size_t		 i;
	int		 k, pass;

	(void)state;
	assert_int_equal(idx_size(ix), 0);
	assert_int_equal(idx_delete(ix, c->d[0].key), ERR_NOTFOUND);
	assert_int_equal(idx_compact(ix), ERR_OK);
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			/* Emptied: every document put, then deleted. */
			for (i = 0; i < c->n; i++)
				assert_int_equal(put_doc(ix, ctx, &c->d[i]),
				    ERR_OK);
			assert_int_equal(idx_size(ix), c->n);
			for (i = 0; i < c->n; i++)
				assert_int_equal(idx_delete(ix, c->d[i].key),
				    ERR_OK);
			assert_int_equal(idx_size(ix), 0);
		}
		for (k = 0; k < 60; k++) {
			/* Words drawn from the documents; none is there. */
			for (i = 0; i < c->n; i++)
				c->d[i].live = 1;
			random_query(&r, c, (enum qmode)(k % 3), q);
			for (i = 0; i < c->n; i++)
				c->d[i].live = 0;
			q->facets = (1u << FACET__MAX) - 1;
			expect_query(ix, ctx, c, q, pass ? "emptied index" :
			    "empty index", k);
		}
	}
	assert_int_equal(idx_compact(ix), ERR_OK);
	expect_query(ix, ctx, c, q, "emptied and compacted index", 0);
	release(q);
	release(ix);
	release(ctx);
	release(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(brute_force_by_hand, teardown),
		cmocka_unit_test_teardown(random_exact, teardown),
		cmocka_unit_test_teardown(random_paging, teardown),
		cmocka_unit_test_teardown(random_prefix, teardown),
		cmocka_unit_test_teardown(random_operators, teardown),
		cmocka_unit_test_teardown(incremental_vs_rebuild, teardown),
		cmocka_unit_test_teardown(many_values, teardown),
		cmocka_unit_test_teardown(term_order, teardown),
		cmocka_unit_test_teardown(word_cache, teardown),
		cmocka_unit_test_teardown(staged_postings, teardown),
		cmocka_unit_test_teardown(readers_and_writer, teardown),
		cmocka_unit_test_teardown(no_truncated_matches, teardown),
		cmocka_unit_test_teardown(prefix_edge_cases, teardown),
		cmocka_unit_test_teardown(auto_compaction, teardown),
		cmocka_unit_test_teardown(behaviour, teardown),
		cmocka_unit_test_teardown(limits, teardown),
		cmocka_unit_test_teardown(empty_index, teardown),
	};
	int	 rc, i;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	for (i = 0; i < ntok; i++)
		free(tokstr[i]);
	return rc;
}

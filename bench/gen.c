/*
 * gen.c - deterministic corpus and query-mix generator for the search
 * benchmark (issue 3, "## Benchmark"; bench/README.md has the figures).
 *
 * SPDX-License-Identifier: MIT
 *
 *   gen [-n docs | docs] [-s seed] [-t topics.json] [-d dictdir] [-o out]
 *       writes the corpus as TSV, one practice per line:
 *       id lang year country city topics(;) title summary body
 *   gen -q queries [-n docs] [-s seed] ... [-o out]
 *       writes the query mix for a corpus of that many docs:
 *       text topics(;) countries(;) year_from year_to   (empty when absent)
 *
 * Everything is a pure function of (seed, word lists, topics.json): document
 * k depends only on the seed and k (each document seeds its own PRNG), so
 * document 42 is the same in a corpus of 1,000 and of 1,000,000, batches of
 * documents are rendered on two threads with the same output, and the query
 * generator can regenerate any document's title and summary without the
 * corpus.  Another version of a word-list package gives another (equally
 * valid) corpus, so the vocabulary sizes are printed.
 *
 * Words: per language, Debian's list minus apostrophe forms and capitalised
 * (proper) names, shuffled with the seed into a rank order, drawn with a
 * Zipf law (s = 1.0) by Vose's alias method.  Text has sentences (capital
 * first letter, commas, full stops) and the odd number (a year).  Each topic
 * has per language a vocabulary of GEN_TOPIC_WORDS words (Zipf again) from
 * which a share of each field's words is drawn: documents on a topic share
 * words, so words co-occur as in real text, and a query of two words is not
 * an intersection of independent sets that is nearly always one document.
 * Countries are Zipf-skewed over a fixed list of 60 codes, cities
 * c0001..c5000 each belong to one country, topics are the slugs of
 * data/topics.json (1-4 per document, mildly skewed).
 *
 * Queries: 40% keywords, 40% keywords + 1-3 filters, 20% browse (1-3
 * filters, no text).  Keywords are 1-3 words of the title and summary of a
 * random document, so Zipf-weighted like the text and related to each other,
 * topic words weighted up (users type what a practice is about), the
 * GEN_QUERY_SKIP most frequent ranks left out (a stopword band: each is in
 * more than half of its language's documents).  Filters of a keyword query
 * come from the same document 70% of the time, random otherwise.  One
 * keyword query in ten is typed without accents.
 *
 * On stderr: vocabulary sizes, time, and "raw_text_bytes N" (title +
 * summary + body), the base of the index memory target.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define GEN_SEED_DEFAULT   UINT64_C(20240503)
#define GEN_DOCS_DEFAULT   1000000UL
#define GEN_ZIPF_S         1.0
#define GEN_YEAR_MIN       2000
#define GEN_YEAR_MAX       2025
#define GEN_CITIES         5000
#define GEN_WORD_MAX       31       /* longer list entries are skipped */
#define GEN_TITLE_MIN      4
#define GEN_TITLE_MAX      10
#define GEN_SUMMARY_MIN    15
#define GEN_SUMMARY_MAX    40
#define GEN_BODY_MIN       80
#define GEN_BODY_MAX       300
#define GEN_TOPICS_MAX     4
#define GEN_QUERY_SKIP     20       /* stopword band left out of queries */
#define GEN_QUERY_TOPIC_WEIGHT 4  /* topic words are likelier query words */
#define GEN_TOPIC_WORDS    300      /* words of a topic's vocabulary */
#define GEN_TOPIC_RANKS    20000    /* drawn from these general ranks */
/* Percentage of the words of each field drawn from a topic vocabulary. */
#define GEN_TOPIC_TITLE    50
#define GEN_TOPIC_SUMMARY  35
#define GEN_TOPIC_BODY     20
#define GEN_THREADS        2        /* the machine has 2 cores */
#define GEN_BATCH          8192UL   /* documents per thread and round */

/* A text word is a rank in the language's vocabulary plus decoration. */
#define W_END    UINT32_C(0x80000000)   /* full stop after the word */
#define W_COMMA  UINT32_C(0x40000000)   /* comma after the word */
#define W_NUM    UINT32_C(0x20000000)   /* a number (low bits), not a word */
#define W_TOPIC  UINT32_C(0x10000000)   /* drawn from a topic vocabulary */
#define W_VALUE  UINT32_C(0x0fffffff)

enum lang { LANG_CA, LANG_EN, LANG_ES, LANG_FR, LANG_IT, LANG__MAX };

static const char *const lang_code[LANG__MAX] = { "ca", "en", "es", "fr", "it" };
static const char *const lang_file[LANG__MAX] = {
	"catalan", "american-english", "spanish", "french", "italian"
};

/* Most frequent first: the order of the Zipf ranks. */
static const char *const country_code[] = {
	"ES", "IT", "FR", "PT", "DE", "GB", "NL", "BE", "MX", "AR",
	"CH", "AT", "IE", "DK", "SE", "NO", "FI", "PL", "CZ", "GR",
	"BR", "CO", "CL", "MA", "TN", "TR", "HU", "RO", "BG", "HR",
	"SI", "RS", "BA", "AD", "LU", "MT", "CY", "US", "CA", "PE",
	"EC", "UY", "BO", "CU", "SN", "DZ", "EG", "LB", "JO", "IL",
	"UA", "MD", "LT", "LV", "EE", "SK", "AL", "MK", "ME", "IS"
};
#define GEN_COUNTRIES (sizeof(country_code) / sizeof(country_code[0]))

/* ---- PRNG: splitmix64 to seed, xoshiro256** to draw -------------------- */

struct rng {
	uint64_t s[4];
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static void
rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * UINT64_C(0xd1342543de82ef95));

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in [0, n), n < 2^32 (multiply-shift; the bias is below 2^-32). */
static inline uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

static inline double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* ---- memory and output ------------------------------------------------- */

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		fprintf(stderr, "gen: out of memory\n");
		exit(1);
	}
	return p;
}

struct buf {
	char	*p;
	size_t	 len;	/* bytes used of p */
	size_t	 cap;	/* bytes allocated at p */
};

static void
buf_reserve(struct buf *b, size_t n)
{
	if (b->len + n <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + n)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (p == NULL) {
		fprintf(stderr, "gen: out of memory\n");
		exit(1);
	}
	b->p = p;
	b->cap = cap;
}

static inline void
buf_add(struct buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static inline void
buf_addc(struct buf *b, char c)
{
	buf_reserve(b, 1);
	b->p[b->len++] = c;
}

static inline void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void
buf_addu(struct buf *b, unsigned long v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof(tmp), "%lu", v);

	buf_add(b, tmp, (size_t)n);
}

static void
buf_flush(struct buf *b, FILE *out)
{
	if (b->len && fwrite(b->p, 1, b->len, out) != b->len) {
		fprintf(stderr, "gen: write: %s\n", strerror(errno));
		exit(1);
	}
	b->len = 0;
}

/* Reads a whole file into a NUL-terminated heap string the caller frees. */
static char *
slurp(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	struct buf b = { 0 };
	char tmp[65536];
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(&b, tmp, n);
	if (ferror(f)) {
		fprintf(stderr, "gen: %s: read error\n", path);
		exit(1);
	}
	fclose(f);
	buf_addc(&b, '\0');
	*lenp = b.len - 1;
	return b.p;
}

/* ---- Zipf sampling with Vose's alias method ---------------------------- */

struct alias_slot {
	uint32_t	 thresh;	/* keep this slot when the low 32 bits < thresh */
	uint32_t	 other;		/* else take other */
};

struct alias {
	struct alias_slot *slot;	/* one per outcome, one cache line fetch per draw */
	uint32_t	 n;		/* entries in slot */
};

/* Builds a sampler over [0, n) with weight 1 / (i + 1)^s. */
static void
alias_zipf(struct alias *a, uint32_t n, double s)
{
	double *p = xmalloc(n * sizeof(*p));
	uint32_t *small = xmalloc(n * sizeof(*small));
	uint32_t *large = xmalloc(n * sizeof(*large));
	uint32_t ns = 0, nl = 0;
	double sum = 0;

	a->slot = xmalloc(n * sizeof(*a->slot));
	a->n = n;
	for (uint32_t i = 0; i < n; i++) {
		p[i] = s == 1.0 ? 1.0 / (i + 1.0) : 1.0 / pow(i + 1.0, s);
		sum += p[i];
	}
	for (uint32_t i = 0; i < n; i++) {
		p[i] = p[i] * n / sum;
		if (p[i] < 1.0)
			small[ns++] = i;
		else
			large[nl++] = i;
	}
	while (ns > 0 && nl > 0) {
		uint32_t l = small[--ns], g = large[nl - 1];
		a->slot[l].thresh = (uint32_t)(p[l] * 4294967296.0);
		a->slot[l].other = g;
		p[g] -= 1.0 - p[l];
		if (p[g] < 1.0) {
			nl--;
			small[ns++] = g;
		}
	}
	/* What is left has probability 1 up to rounding. */
	while (nl > 0) {
		uint32_t g = large[--nl];
		a->slot[g].thresh = UINT32_MAX;
		a->slot[g].other = g;
	}
	while (ns > 0) {
		uint32_t l = small[--ns];
		a->slot[l].thresh = UINT32_MAX;
		a->slot[l].other = l;
	}
	free(p);
	free(small);
	free(large);
}

static inline uint32_t
alias_draw(const struct alias *a, struct rng *r)
{
	uint64_t x = rng_next(r);
	uint32_t i = (uint32_t)(((x >> 32) * a->n) >> 32);

	return (uint32_t)x < a->slot[i].thresh ? i : a->slot[i].other;
}

/* ---- vocabularies ------------------------------------------------------ */

/* One cache line fetch per word: the text sits beside its length. */
struct word {
	uint8_t		 len;			/* bytes used in s */
	char		 s[GEN_WORD_MAX];	/* not NUL-terminated */
};

struct vocab {
	struct word	*word;		/* the word of rank i */
	uint32_t	 wordsz;	/* entries in word */
	struct alias	 zipf;		/* draws a rank */
};

/* Length of the valid UTF-8 sequence at s, 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f))
			return 0;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

/*
 * A word for the bulk vocabulary: valid UTF-8, no apostrophe (' or U+2019),
 * no space or control character, not starting with a capital (ASCII or
 * Latin-1 À..Þ), at most GEN_WORD_MAX bytes.
 */
static int
word_ok(const unsigned char *w, size_t n)
{
	if (n == 0 || n > GEN_WORD_MAX)
		return 0;
	if ((w[0] >= 'A' && w[0] <= 'Z') ||
	    (w[0] == 0xc3 && w[1] >= 0x80 && w[1] <= 0x9e && w[1] != 0x97))
		return 0;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(w + i);
		if (k == 0 || i + k > n)
			return 0;
		if (w[i] <= ' ' || w[i] == '\'' || w[i] == 0x7f)
			return 0;
		if (k == 3 && w[i] == 0xe2 && w[i + 1] == 0x80 && w[i + 2] == 0x99)
			return 0;
		i += k;
	}
	return 1;
}

static void
vocab_load(struct vocab *v, const char *dir, enum lang lang, uint64_t seed)
{
	struct buf path = { 0 };
	size_t len, cap = 1024;
	uint32_t *off, n = 0;	/* offsets of the usable words in text */
	char *text;
	struct rng r;

	buf_adds(&path, dir);
	buf_addc(&path, '/');
	buf_adds(&path, lang_file[lang]);
	buf_addc(&path, '\0');
	text = slurp(path.p, &len);
	off = xmalloc(cap * sizeof(*off));
	for (size_t i = 0; i < len;) {
		size_t e = i;
		while (e < len && text[e] != '\n')
			e++;
		size_t end = e;
		if (end > i && text[end - 1] == '\r')
			end--;
		text[end] = '\0';
		if (word_ok((unsigned char *)text + i, end - i)) {
			if (n == cap) {
				cap *= 2;
				uint32_t *o = realloc(off, cap * sizeof(*o));
				if (o == NULL) {
					fprintf(stderr, "gen: out of memory\n");
					exit(1);
				}
				off = o;
			}
			off[n++] = (uint32_t)i;
		}
		i = e + 1;
	}
	if (n < 1000) {
		fprintf(stderr, "gen: %s: only %u usable words\n", path.p, n);
		exit(1);
	}
	/* The list is sorted; the rank order is a seeded Fisher-Yates shuffle. */
	rng_seed(&r, seed, UINT64_C(0x766f636162) + lang);
	for (uint32_t i = n - 1; i > 0; i--) {
		uint32_t j = rng_below(&r, i + 1), t = off[i];
		off[i] = off[j];
		off[j] = t;
	}
	v->word = xmalloc(n * sizeof(*v->word));
	v->wordsz = n;
	for (uint32_t i = 0; i < n; i++) {
		size_t wl = strlen(text + off[i]);
		v->word[i].len = (uint8_t)wl;
		memcpy(v->word[i].s, text + off[i], wl);
	}
	alias_zipf(&v->zipf, n, GEN_ZIPF_S);
	free(off);
	free(text);
	free(path.p);
}

/* ---- topics and places ------------------------------------------------- */

struct gen {
	uint64_t	 seed;
	unsigned long	 ndocs;
	struct vocab	 vocab[LANG__MAX];
	char		**topic;	/* topic slugs */
	uint32_t	 topicsz;	/* entries in topic */
	struct alias	 topic_zipf;
	struct alias	 country_zipf;
	uint32_t	*city;		/* city ids (1-based) grouped by country */
	uint32_t	 city_first[GEN_COUNTRIES + 1]; /* country c: city[first[c]..first[c+1]) */
	uint32_t	 city_country[GEN_CITIES + 1];	/* country of city id */
	/* Topic vocabularies: topic_word[(lang * topicsz + t) * GEN_TOPIC_WORDS
	 * + i] is the language rank of the i-th word of topic t. */
	uint32_t	*topic_word;
	struct alias	 topic_word_zipf;	/* draws i */
};

/* Collects the "slug" values of topics.json (no JSON library needed for
 * one flat list of ASCII slugs). */
static void
topics_load(struct gen *g, const char *path)
{
	size_t len, cap = 32;
	char *json = slurp(path, &len), *p = json;

	g->topic = xmalloc(cap * sizeof(*g->topic));
	g->topicsz = 0;
	while ((p = strstr(p, "\"slug\"")) != NULL) {
		p += 6;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ':')
			p++;
		if (*p++ != '"')
			continue;
		char *e = strchr(p, '"');
		if (e == NULL || e == p)
			break;
		if (g->topicsz == cap) {
			fprintf(stderr, "gen: %s: more than %zu topics\n", path, cap);
			exit(1);
		}
		size_t n = (size_t)(e - p);
		g->topic[g->topicsz] = xmalloc(n + 1);
		memcpy(g->topic[g->topicsz], p, n);
		g->topic[g->topicsz][n] = '\0';
		for (size_t i = 0; i < n; i++)
			if (p[i] == '\t' || p[i] == ';' || p[i] == '\\') {
				fprintf(stderr, "gen: %s: bad slug\n", path);
				exit(1);
			}
		g->topicsz++;
		p = e + 1;
	}
	free(json);
	if (g->topicsz < GEN_TOPICS_MAX) {
		fprintf(stderr, "gen: %s: too few topics (%u)\n", path, g->topicsz);
		exit(1);
	}
	alias_zipf(&g->topic_zipf, g->topicsz, 0.6);
}

/* Cities: the first GEN_COUNTRIES go one to each country, the others to a
 * Zipf-drawn country, so big countries have many cities. */
static void
places_make(struct gen *g)
{
	uint32_t count[GEN_COUNTRIES] = { 0 }, fill[GEN_COUNTRIES];
	struct rng r;

	alias_zipf(&g->country_zipf, GEN_COUNTRIES, GEN_ZIPF_S);
	rng_seed(&r, g->seed, UINT64_C(0x63697479));
	for (uint32_t id = 1; id <= GEN_CITIES; id++) {
		uint32_t c = id <= GEN_COUNTRIES ? id - 1 : alias_draw(&g->country_zipf, &r);
		g->city_country[id] = c;
		count[c]++;
	}
	g->city_first[0] = 0;
	for (uint32_t c = 0; c < GEN_COUNTRIES; c++) {
		g->city_first[c + 1] = g->city_first[c] + count[c];
		fill[c] = g->city_first[c];
	}
	g->city = xmalloc(GEN_CITIES * sizeof(*g->city));
	for (uint32_t id = 1; id <= GEN_CITIES; id++)
		g->city[fill[g->city_country[id]]++] = id;
}

/*
 * Each topic has, per language, a vocabulary of GEN_TOPIC_WORDS words taken
 * at random among the GEN_TOPIC_RANKS most frequent (skipping the stopword
 * band), with its own Zipf law: documents on a topic share words, so the
 * words of a query co-occur the way real ones do (a word may belong to
 * several topics, or twice to one, which only merges weights).
 */
static void
topic_vocab_make(struct gen *g)
{
	struct rng r;

	g->topic_word = xmalloc((size_t)LANG__MAX * g->topicsz * GEN_TOPIC_WORDS *
	    sizeof(*g->topic_word));
	rng_seed(&r, g->seed, UINT64_C(0x746f706963));
	for (int l = 0; l < LANG__MAX; l++) {
		uint32_t span = g->vocab[l].wordsz < GEN_TOPIC_RANKS ?
		    g->vocab[l].wordsz : GEN_TOPIC_RANKS;
		for (uint32_t t = 0; t < g->topicsz; t++)
			for (uint32_t i = 0; i < GEN_TOPIC_WORDS; i++)
				g->topic_word[((size_t)l * g->topicsz + t) *
				    GEN_TOPIC_WORDS + i] = GEN_QUERY_SKIP +
				    rng_below(&r, span - GEN_QUERY_SKIP);
	}
	alias_zipf(&g->topic_word_zipf, GEN_TOPIC_WORDS, GEN_ZIPF_S);
}

/* ---- documents --------------------------------------------------------- */

struct doc {
	enum lang	 lang;
	int		 year;
	uint32_t	 country;
	uint32_t	 city;
	uint32_t	 topic[GEN_TOPICS_MAX];	/* topic indexes, ascending */
	uint32_t	 topicsz;		/* entries used in topic */
	uint32_t	 title[GEN_TITLE_MAX];	/* words, see W_* */
	uint32_t	 titlesz;		/* entries used in title */
	uint32_t	 summary[GEN_SUMMARY_MAX];
	uint32_t	 summarysz;
	uint32_t	 body[GEN_BODY_MAX];
	uint32_t	 bodysz;
};

/* Fills w[0..n) with words, topic_pct percent of them from the
 * vocabulary of one of the document's topics; with sentences, decorates
 * them with commas and full stops and sprinkles numbers. */
static void
text_make(const struct gen *g, struct rng *r, const struct doc *d,
    uint32_t *w, uint32_t n, uint32_t topic_pct, int sentences)
{
	const struct vocab *v = &g->vocab[d->lang];
	uint32_t left = 6 + rng_below(r, 13);

	for (uint32_t i = 0; i < n; i++) {
		uint64_t x = rng_next(r);
		if (sentences && (x & 127) == 0) {
			w[i] = W_NUM | (1950 + (uint32_t)((x >> 8) % 76));
		} else if (((x >> 24) & 0xffff) * 100 < topic_pct * 65536u) {
			uint32_t t = d->topic[(x >> 40) % d->topicsz];
			w[i] = W_TOPIC | g->topic_word[((size_t)d->lang *
			    g->topicsz + t) * GEN_TOPIC_WORDS +
			    alias_draw(&g->topic_word_zipf, r)];
		} else
			w[i] = alias_draw(&v->zipf, r);
		if (!sentences)
			continue;
		if (--left == 0 || i == n - 1) {
			w[i] |= W_END;
			left = 6 + rng_below(r, 13);
		} else if (((x >> 16) & 15) == 0)
			w[i] |= W_COMMA;
	}
}

/*
 * Draws document id.  The body comes last in the random stream, so the
 * query generator can stop before it (with_body = 0) and still get the
 * same title and summary.
 */
static void
doc_make(const struct gen *g, unsigned long id, struct doc *d, int with_body)
{
	struct rng r;

	rng_seed(&r, g->seed, id);
	d->lang = (enum lang)rng_below(&r, LANG__MAX);
	d->year = GEN_YEAR_MIN + (int)rng_below(&r, GEN_YEAR_MAX - GEN_YEAR_MIN + 1);
	d->country = alias_draw(&g->country_zipf, &r);
	/* Cities within a country are skewed too: u^2 favours the first. */
	uint32_t first = g->city_first[d->country];
	uint32_t n = g->city_first[d->country + 1] - first;
	double u = rng_unit(&r);
	d->city = g->city[first + (uint32_t)(u * u * n)];
	d->topicsz = 1 + rng_below(&r, GEN_TOPICS_MAX);
	for (uint32_t i = 0; i < d->topicsz;) {
		uint32_t t = alias_draw(&g->topic_zipf, &r), j;
		for (j = 0; j < i && d->topic[j] != t; j++)
			;
		if (j == i)
			d->topic[i++] = t;
	}
	for (uint32_t i = 1; i < d->topicsz; i++)
		for (uint32_t j = i; j > 0 && d->topic[j - 1] > d->topic[j]; j--) {
			uint32_t t = d->topic[j];
			d->topic[j] = d->topic[j - 1];
			d->topic[j - 1] = t;
		}
	d->titlesz = GEN_TITLE_MIN + rng_below(&r, GEN_TITLE_MAX - GEN_TITLE_MIN + 1);
	text_make(g, &r, d, d->title, d->titlesz, GEN_TOPIC_TITLE, 0);
	d->summarysz = GEN_SUMMARY_MIN +
	    rng_below(&r, GEN_SUMMARY_MAX - GEN_SUMMARY_MIN + 1);
	text_make(g, &r, d, d->summary, d->summarysz, GEN_TOPIC_SUMMARY, 1);
	d->bodysz = 0;
	if (with_body) {
		d->bodysz = GEN_BODY_MIN + rng_below(&r, GEN_BODY_MAX - GEN_BODY_MIN + 1);
		text_make(g, &r, d, d->body, d->bodysz, GEN_TOPIC_BODY, 1);
	}
}

/* Capitalises the first letter of the word just written at b->p[at]:
 * ASCII and Latin-1 (à..þ, not ÷) cover the five languages' initials. */
static void
capitalise(struct buf *b, size_t at)
{
	unsigned char *s = (unsigned char *)b->p + at;

	if (s[0] >= 'a' && s[0] <= 'z')
		s[0] = (unsigned char)(s[0] - 32);
	else if (s[0] == 0xc3 && s[1] >= 0xa0 && s[1] <= 0xbe && s[1] != 0xb7)
		s[1] = (unsigned char)(s[1] - 32);
}

/* Appends the words as text; returns the bytes written. */
static size_t
text_render(struct buf *b, const struct vocab *v, const uint32_t *w,
    uint32_t n)
{
	size_t start = b->len;
	int cap = 1;

	for (uint32_t i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(b, ' ');
		if (w[i] & W_NUM) {
			buf_addu(b, w[i] & W_VALUE);
		} else {
			uint32_t rank = w[i] & W_VALUE;
			size_t at = b->len;
			buf_add(b, v->word[rank].s, v->word[rank].len);
			if (cap)
				capitalise(b, at);
		}
		cap = 0;
		if (w[i] & W_END) {
			buf_addc(b, '.');
			cap = 1;
		} else if (w[i] & W_COMMA)
			buf_addc(b, ',');
	}
	return b->len - start;
}

static void
city_render(struct buf *b, uint32_t id)
{
	char tmp[16];
	int n = snprintf(tmp, sizeof(tmp), "c%04u", (unsigned)id);

	buf_add(b, tmp, (size_t)n);
}

/* A batch of consecutive documents rendered into one buffer. */
struct batch {
	const struct gen	*g;
	unsigned long		 first;	/* first id */
	unsigned long		 last;	/* last id, inclusive */
	struct buf		 out;	/* TSV lines */
	unsigned long long	 raw;	/* title + summary + body bytes */
	struct doc		 doc;	/* scratch */
};

static void *
batch_render(void *arg)
{
	struct batch *bt = arg;
	const struct gen *g = bt->g;
	struct doc *d = &bt->doc;
	struct buf *b = &bt->out;

	b->len = 0;
	bt->raw = 0;
	for (unsigned long id = bt->first; id <= bt->last; id++) {
		doc_make(g, id, d, 1);
		const struct vocab *v = &g->vocab[d->lang];
		buf_addu(b, id);
		buf_addc(b, '\t');
		buf_adds(b, lang_code[d->lang]);
		buf_addc(b, '\t');
		buf_addu(b, (unsigned long)d->year);
		buf_addc(b, '\t');
		buf_adds(b, country_code[d->country]);
		buf_addc(b, '\t');
		city_render(b, d->city);
		buf_addc(b, '\t');
		for (uint32_t i = 0; i < d->topicsz; i++) {
			if (i > 0)
				buf_addc(b, ';');
			buf_adds(b, g->topic[d->topic[i]]);
		}
		buf_addc(b, '\t');
		bt->raw += text_render(b, v, d->title, d->titlesz);
		buf_addc(b, '\t');
		bt->raw += text_render(b, v, d->summary, d->summarysz);
		buf_addc(b, '\t');
		bt->raw += text_render(b, v, d->body, d->bodysz);
		buf_addc(b, '\n');
	}
	return NULL;
}

/*
 * Writes the corpus; returns the raw text bytes (title + summary + body).
 * Documents are independent, so batches are rendered by GEN_THREADS threads
 * and written in id order: the output does not depend on the thread count.
 */
static unsigned long long
corpus_write(const struct gen *g, FILE *out)
{
	struct batch *bt = xmalloc(GEN_THREADS * sizeof(*bt));
	pthread_t tid[GEN_THREADS];
	unsigned long long raw = 0;

	memset(bt, 0, GEN_THREADS * sizeof(*bt));
	for (unsigned long next = 1; next <= g->ndocs;) {
		int nt = 0;
		for (; nt < GEN_THREADS && next <= g->ndocs; nt++) {
			bt[nt].g = g;
			bt[nt].first = next;
			bt[nt].last = next + GEN_BATCH - 1 < g->ndocs ?
			    next + GEN_BATCH - 1 : g->ndocs;
			next = bt[nt].last + 1;
			if (nt > 0 && pthread_create(&tid[nt], NULL, batch_render,
			    &bt[nt]) != 0) {
				fprintf(stderr, "gen: cannot start a thread\n");
				exit(1);
			}
		}
		batch_render(&bt[0]);
		for (int i = 1; i < nt; i++)
			pthread_join(tid[i], NULL);
		for (int i = 0; i < nt; i++) {
			buf_flush(&bt[i].out, out);
			raw += bt[i].raw;
		}
	}
	for (int i = 0; i < GEN_THREADS; i++)
		free(bt[i].out.p);
	free(bt);
	return raw;
}

/* ---- queries ----------------------------------------------------------- */

/* Appends word w without its accents, as a user on a foreign keyboard
 * types it: Latin-1 letters and the Catalan l·l lose their marks. */
static void
unaccent_render(struct buf *b, const char *w, size_t n)
{
	/* U+00C0..U+00FF folded; 0 keeps the letter as is. */
	static const char fold[64] =
	    "AAAAAAACEEEEIIII" "DNOOOOO\0OUUUUYTs"
	    "aaaaaaaceeeeiiii" "dnooooo\0ouuuuyty";

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		if (c == 0xc3 && i + 1 < n) {
			unsigned char d = (unsigned char)w[i + 1];
			char f = d >= 0x80 && d <= 0xbf ? fold[d - 0x80] : 0;
			if (f) {
				buf_addc(b, f);
				i++;
				continue;
			}
		}
		if (c == 0xc2 && i + 1 < n && (unsigned char)w[i + 1] == 0xb7) {
			buf_addc(b, '.');	/* col·lectiu typed col.lectiu */
			i++;
			continue;
		}
		buf_addc(b, w[i]);
	}
}

/* One filter value or the year range, from the document (when d is not
 * NULL) or random. */
static void
filter_pick(const struct gen *g, struct rng *r, const struct doc *d,
    uint32_t *topic, uint32_t *ntopic, uint32_t *country, uint32_t *ncountry,
    int *yfrom, int *yto)
{
	for (;;) {
		uint32_t kind = rng_below(r, 3);
		if (kind == 2 && (*yfrom || *yto))
			continue;	/* one year range per query */
		if (kind == 0 && *ntopic < GEN_TOPICS_MAX) {
			uint32_t t = d ? d->topic[rng_below(r, d->topicsz)]
			    : alias_draw(&g->topic_zipf, r);
			for (uint32_t i = 0; i < *ntopic; i++)
				if (topic[i] == t)
					return;
			topic[(*ntopic)++] = t;
			return;
		}
		if (kind == 1 && *ncountry < 3) {
			uint32_t c = d ? d->country : alias_draw(&g->country_zipf, r);
			for (uint32_t i = 0; i < *ncountry; i++)
				if (country[i] == c)
					return;
			country[(*ncountry)++] = c;
			return;
		}
		if (kind == 2) {
			int y = d ? d->year : GEN_YEAR_MIN +
			    (int)rng_below(r, GEN_YEAR_MAX - GEN_YEAR_MIN + 1);
			int width = (int)rng_below(r, 10);
			int from = y - (int)rng_below(r, (uint32_t)width + 1);
			int to = from + width;
			uint32_t open = rng_below(r, 10);
			if (from < GEN_YEAR_MIN)
				from = GEN_YEAR_MIN;
			if (to > GEN_YEAR_MAX)
				to = GEN_YEAR_MAX;
			*yfrom = open == 0 ? 0 : from;	/* "until 2012" */
			*yto = open == 1 ? 0 : to;	/* "since 2018" */
			return;
		}
	}
}

static void
queries_write(const struct gen *g, unsigned long nq, FILE *out)
{
	struct buf b = { 0 };
	struct doc *d = xmalloc(sizeof(*d));
	unsigned long nclass[3] = { 0 };

	for (unsigned long q = 0; q < nq; q++) {
		struct rng r;
		uint32_t topic[GEN_TOPICS_MAX], ntopic = 0, country[3], ncountry = 0;
		int yfrom = 0, yto = 0;
		uint32_t cls = 0, pct;

		rng_seed(&r, g->seed ^ UINT64_C(0x7175657279), q);
		pct = rng_below(&r, 100);
		cls = pct < 40 ? 0 : pct < 80 ? 1 : 2;
		nclass[cls]++;
		if (cls < 2) {
			/* Candidate words: title and summary minus numbers and the
			 * stopword band; a topic word counts several times, as
			 * users type what a practice is about. */
			uint32_t cand[(GEN_TITLE_MAX + GEN_SUMMARY_MAX) *
			    GEN_QUERY_TOPIC_WEIGHT], ncand = 0;
			doc_make(g, 1 + (unsigned long)rng_below(&r, (uint32_t)g->ndocs), d, 0);
			for (uint32_t i = 0; i < d->titlesz + d->summarysz; i++) {
				uint32_t w = i < d->titlesz ? d->title[i]
				    : d->summary[i - d->titlesz];
				if ((w & W_NUM) || (w & W_VALUE) < GEN_QUERY_SKIP)
					continue;
				for (uint32_t k = (w & W_TOPIC) ?
				    GEN_QUERY_TOPIC_WEIGHT : 1; k > 0; k--)
					cand[ncand++] = w & W_VALUE;
			}
			pct = rng_below(&r, 100);
			uint32_t nw = pct < 35 ? 1 : pct < 75 ? 2 : 3, got = 0;
			uint32_t chosen[3];
			int plain = rng_below(&r, 10) == 0;
			const struct vocab *v = &g->vocab[d->lang];
			while (got < nw && ncand > 0) {
				uint32_t k = rng_below(&r, ncand), w = cand[k], j;
				cand[k] = cand[--ncand];
				for (j = 0; j < got && chosen[j] != w; j++)
					;
				if (j < got)
					continue;
				chosen[got] = w;
				if (got++ > 0)
					buf_addc(&b, ' ');
				if (plain)
					unaccent_render(&b, v->word[w].s, v->word[w].len);
				else
					buf_add(&b, v->word[w].s, v->word[w].len);
			}
		}
		if (cls > 0) {
			uint32_t nf = 1 + rng_below(&r, 3);
			for (uint32_t i = 0; i < nf; i++) {
				int own = cls == 1 && rng_below(&r, 10) < 7;
				filter_pick(g, &r, own ? d : NULL, topic, &ntopic,
				    country, &ncountry, &yfrom, &yto);
			}
		}
		buf_addc(&b, '\t');
		for (uint32_t i = 0; i < ntopic; i++) {
			if (i > 0)
				buf_addc(&b, ';');
			buf_adds(&b, g->topic[topic[i]]);
		}
		buf_addc(&b, '\t');
		for (uint32_t i = 0; i < ncountry; i++) {
			if (i > 0)
				buf_addc(&b, ';');
			buf_adds(&b, country_code[country[i]]);
		}
		buf_addc(&b, '\t');
		if (yfrom)
			buf_addu(&b, (unsigned long)yfrom);
		buf_addc(&b, '\t');
		if (yto)
			buf_addu(&b, (unsigned long)yto);
		buf_addc(&b, '\n');
	}
	buf_flush(&b, out);
	free(b.p);
	free(d);
	fprintf(stderr, "gen: %lu queries: %lu keywords, %lu keywords + filters, "
	    "%lu browse\n", nq, nclass[0], nclass[1], nclass[2]);
}

/* ---- main -------------------------------------------------------------- */

static void
gen_free(struct gen *g)
{
	for (int l = 0; l < LANG__MAX; l++) {
		free(g->vocab[l].word);
		free(g->vocab[l].zipf.slot);
	}
	for (uint32_t t = 0; t < g->topicsz; t++)
		free(g->topic[t]);
	free(g->topic);
	free(g->topic_zipf.slot);
	free(g->country_zipf.slot);
	free(g->city);
	free(g->topic_word);
	free(g->topic_word_zipf.slot);
}

static unsigned long
parse_count(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v == 0 || v > 4000000000UL) {
		fprintf(stderr, "gen: bad %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

static void
usage(void)
{
	fprintf(stderr, "usage: gen [-n docs] [-q queries] [-s seed] "
	    "[-t topics.json] [-d dictdir] [-o out]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct gen g;
	const char *topics = "data/topics.json", *dict = "/usr/share/dict";
	const char *outpath = NULL;
	unsigned long nq = 0;
	struct timespec t0, t1;
	FILE *out = stdout;
	int c;

	memset(&g, 0, sizeof(g));
	g.seed = GEN_SEED_DEFAULT;
	g.ndocs = GEN_DOCS_DEFAULT;
	while ((c = getopt(argc, argv, "n:q:s:t:d:o:")) != -1) {
		switch (c) {
		case 'n': g.ndocs = parse_count(optarg, "document count"); break;
		case 'q': nq = parse_count(optarg, "query count"); break;
		case 's': g.seed = parse_count(optarg, "seed"); break;
		case 't': topics = optarg; break;
		case 'd': dict = optarg; break;
		case 'o': outpath = optarg; break;
		default: usage();
		}
	}
	if (optind < argc) {
		/* The brief's form: gen N */
		if (optind + 1 != argc)
			usage();
		g.ndocs = parse_count(argv[optind], "document count");
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	topics_load(&g, topics);
	places_make(&g);
	for (int l = 0; l < LANG__MAX; l++)
		vocab_load(&g.vocab[l], dict, (enum lang)l, g.seed);
	topic_vocab_make(&g);
	fprintf(stderr, "gen: seed %llu, %u topics, %zu countries, %u cities, "
	    "vocabulary", (unsigned long long)g.seed, g.topicsz,
	    (size_t)GEN_COUNTRIES, GEN_CITIES);
	for (int l = 0; l < LANG__MAX; l++)
		fprintf(stderr, " %s %u", lang_code[l], g.vocab[l].wordsz);
	fputc('\n', stderr);
	if (outpath != NULL && (out = fopen(outpath, "wb")) == NULL) {
		fprintf(stderr, "gen: %s: %s\n", outpath, strerror(errno));
		return 1;
	}
	if (nq > 0) {
		queries_write(&g, nq, out);
	} else {
		unsigned long long raw = corpus_write(&g, out);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		fprintf(stderr, "gen: %lu docs in %.2f s\n", g.ndocs,
		    (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		fprintf(stderr, "raw_text_bytes %llu\n", raw);
	}
	if (fflush(out) != 0 || (out != stdout && fclose(out) != 0)) {
		fprintf(stderr, "gen: write: %s\n", strerror(errno));
		return 1;
	}
	gen_free(&g);
	return 0;
}

/* idx_index.c - building the index: terms, postings, documents, facets.
 * SPDX-License-Identifier: MIT */
#include <sys/mman.h>
#include <sys/random.h>

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "idx_int.h"

const char *const idx_facet_names[FACET__MAX] = { "topic", "country", "year",
    "city", "organisation", "language", "kind" };

enum idx_facet
idx_facet_by_name(const char *s)
{
	size_t	 i;

	for (i = 0; i < FACET__MAX; i++)
		if (strcmp(s, idx_facet_names[i]) == 0)
			return (enum idx_facet)i;
	return FACET__MAX;
}

/* ---- strings and hashes ------------------------------------------------ */

#define HUGE_PAGE	(2u * 1024 * 1024)

/*
 * Large tables probed at random (the word cache, the term hash, the term
 * and document arrays) miss the TLB on most probes with 4 KiB pages: ask
 * for huge pages where the system gives them on request. Only the 2 MiB
 * pages wholly inside the block are advised.
 */
static void
huge_pages(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	uintptr_t	 a = ((uintptr_t)p + HUGE_PAGE - 1) &
			    ~(uintptr_t)(HUGE_PAGE - 1);
	uintptr_t	 e = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE_PAGE - 1);

	if (n >= 2 * HUGE_PAGE && e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

#define ARENA_BLOCK	(256 * 1024)

static char *
arena_dup(struct arena *a, const char *s, size_t n)
{
	char	**b, *p;
	size_t	 want = n + 1;

	if (want > a->left) {
		size_t	 sz = want > ARENA_BLOCK ? want : ARENA_BLOCK;

		if ((b = realloc(a->blocks, (a->blocksz + 1) *
		    sizeof(*b))) == NULL)
			return NULL;
		a->blocks = b;
		if ((a->cur = malloc(sz)) == NULL)
			return NULL;
		a->blocks[a->blocksz++] = a->cur;
		a->left = sz;
	}
	p = a->cur;
	memcpy(p, s, n);
	p[n] = '\0';
	a->cur += want;
	a->left -= want;
	return p;
}

static void
arena_free(struct arena *a)
{
	size_t	 i;

	for (i = 0; i < a->blocksz; i++)
		free(a->blocks[i]);
	free(a->blocks);
	memset(a, 0, sizeof(*a));
}

uint32_t
idx_hash(const char *s, size_t n)
{
	uint32_t	 h = 2166136261u;	/* FNV-1a */
	size_t		 i;

	for (i = 0; i < n; i++) {
		h ^= (uint8_t)s[i];
		h *= 16777619u;
	}
	return h;
}

/*
 * Open-addressing tables of ids (+1; 0 is empty), sized to powers of two.
 * The strings live in the entries the ids name.
 */
/* hash_of returns UINT32_MAX for an entry to drop (a dead document). */
static int
slots_rehash(uint32_t **slots, uint32_t *nslots, uint32_t n,
    uint32_t (*hash_of)(const void *, uint32_t), const void *ctx)
{
	uint32_t	*ns, i, h, id;

	if ((ns = calloc(n, sizeof(*ns))) == NULL)
		return -1;
	huge_pages(ns, n * sizeof(*ns));
	for (i = 0; i < *nslots; i++) {
		if ((id = (*slots)[i]) == 0 ||
		    (h = hash_of(ctx, id - 1)) == UINT32_MAX)
			continue;
		h &= n - 1;
		while (ns[h])
			h = (h + 1) & (n - 1);
		ns[h] = id;
	}
	free(*slots);
	*slots = ns;
	*nslots = n;
	return 0;
}

static int
slots_grow(uint32_t **slots, uint32_t *nslots, uint32_t used,
    uint32_t (*hash_of)(const void *, uint32_t), const void *ctx)
{
	if (*nslots && used * 2 < *nslots)
		return 0;
	return slots_rehash(slots, nslots, *nslots ? *nslots * 2 : 1024,
	    hash_of, ctx);
}

static uint32_t
term_hash_of(const void *ctx, uint32_t id)
{
	return ((const struct idx *)ctx)->terms[id].hash;
}

static uint32_t
key_hash_of(const void *ctx, uint32_t id)
{
	const char	*k = ((const struct idx *)ctx)->docs[id].key;
	uint32_t	 h;

	if (k == NULL)
		return UINT32_MAX;	/* dead: dropped from the table */
	h = idx_hash(k, strlen(k));
	return h == UINT32_MAX ? 0 : h;
}

static uint32_t
value_hash_of(const void *ctx, uint32_t id)
{
	const char *s = ((const struct facet *)ctx)->v[id].s;

	return idx_hash(s, strlen(s));
}

uint32_t
idx_term_find(const struct idx *ix, const char *s, size_t n)
{
	uint32_t	 h, i, id;

	if (ix->ntslots == 0)
		return UINT32_MAX;
	h = idx_hash(s, n);
	for (i = h & (ix->ntslots - 1); (id = ix->tslots[i]) != 0;
	    i = (i + 1) & (ix->ntslots - 1)) {
		const struct term *t = &ix->terms[id - 1];

		if (t->hash == h && strncmp(t->s, s, n) == 0 &&
		    t->s[n] == '\0')
			return id - 1;
	}
	return UINT32_MAX;
}

static uint32_t
term_get(struct idx *ix, const char *s, size_t n)
{
	struct term	*t;
	uint32_t	 id, h, i;

	if ((id = idx_term_find(ix, s, n)) != UINT32_MAX)
		return id;
	if (ix->termsz >= UINT32_MAX - 1)
		return UINT32_MAX;	/* ids stop short of the word cache's WC_NONE */
	if (ix->termsz == ix->termcap) {
		uint32_t cap = ix->termcap ? ix->termcap * 2 : 4096;

		if ((t = realloc(ix->terms, cap * sizeof(*t))) == NULL)
			return UINT32_MAX;
		huge_pages(t, cap * sizeof(*t));
		ix->terms = t;
		ix->termcap = cap;
	}
	if (ix->pendingsz == ix->pendingcap) {
		uint32_t	 cap = ix->pendingcap ? ix->pendingcap * 2 : 1024;
		uint32_t	*p = realloc(ix->pending, cap * sizeof(*p));

		if (p == NULL)
			return UINT32_MAX;
		ix->pending = p;
		ix->pendingcap = cap;
	}
	id = ix->termsz;
	t = &ix->terms[id];
	memset(t, 0, sizeof(*t));
	if ((t->s = arena_dup(&ix->strings, s, n)) == NULL)
		return UINT32_MAX;
	t->hash = idx_hash(s, n);
	ix->termsz++;
	if (slots_grow(&ix->tslots, &ix->ntslots, ix->termsz, term_hash_of,
	    ix) != 0) {
		ix->termsz--;
		return UINT32_MAX;
	}
	for (i = t->hash & (ix->ntslots - 1); ix->tslots[i];
	    i = (i + 1) & (ix->ntslots - 1))
		;
	h = i;
	ix->tslots[h] = id + 1;
	ix->pending[ix->pendingsz++] = id;
	return id;
}

struct sterm {
	const char	*s;
	uint32_t	 id;
};

static int
sterm_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sterm *)a)->s,
	    ((const struct sterm *)b)->s);
}

enum err
idx_terms_sort(struct idx *ix)
{
	struct sterm	*p;
	uint32_t	*m, i = 0, j = 0, k = 0;

	if (ix->pendingsz == 0)
		return ERR_OK;
	if ((p = malloc(ix->pendingsz * sizeof(*p))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < ix->pendingsz; i++) {
		p[i].s = ix->terms[ix->pending[i]].s;
		p[i].id = ix->pending[i];
	}
	qsort(p, ix->pendingsz, sizeof(*p), sterm_cmp);
	if ((m = malloc((ix->sortedsz + ix->pendingsz) * sizeof(*m))) == NULL) {
		free(p);
		return ERR_NOMEM;
	}
	/*
	 * Each new term finds its place by galloping from the last one's:
	 * comparisons grow with the new terms, not with the sorted ones,
	 * whose strings lie all over memory.
	 */
	i = 0;
	for (j = 0; j < ix->pendingsz; j++) {
		uint32_t lo = i, hi = i, step = 1, mid;

		while (hi < ix->sortedsz &&
		    strcmp(ix->terms[ix->sorted[hi]].s, p[j].s) <= 0) {
			lo = hi + 1;
			hi += step;
			step *= 2;
		}
		if (hi > ix->sortedsz)
			hi = ix->sortedsz;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (strcmp(ix->terms[ix->sorted[mid]].s, p[j].s) <= 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo > i)
			memcpy(m + k, ix->sorted + i, (lo - i) * sizeof(*m));
		k += lo - i;
		i = lo;
		m[k++] = p[j].id;
	}
	if (ix->sortedsz > i)
		memcpy(m + k, ix->sorted + i, (ix->sortedsz - i) *
		    sizeof(*m));
	k += ix->sortedsz - i;
	free(p);
	free(ix->sorted);
	ix->sorted = m;
	ix->sortedsz = k;
	ix->pendingsz = 0;
	return ERR_OK;
}

/* ---- postings ------------------------------------------------------------ */

static size_t
varint_put(uint8_t *out, uint32_t v)
{
	size_t	 n = 0;

	while (v >= 0x80) {
		out[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	out[n++] = (uint8_t)v;
	return n;
}

/*
 * Appends one document's posting to a term: a skip point every SKIP_EVERY
 * postings, the docid delta, the size of the body, then the body (the
 * field mask, the tf of each field in the mask, and the positions,
 * delta-coded field by field).
 */
static enum err
term_append(struct term *t, uint32_t doc, const uint8_t *body, size_t bodysz)
{
	uint8_t		*o;
	size_t		 need;

	if (t->df % SKIP_EVERY == 0 && t->df > 0) {
		if (t->skipsz == t->skipcap) {
			uint32_t	 cap = t->skipcap ? t->skipcap * 2 : 4;
			struct skip	*sk = realloc(t->skips, cap * sizeof(*sk));

			if (sk == NULL)
				return ERR_NOMEM;
			t->skips = sk;
			t->skipcap = cap;
		}
		t->skips[t->skipsz].doc = doc;
		t->skips[t->skipsz].prev = t->last;
		t->skips[t->skipsz].off = t->len;
		t->skipsz++;
	}
	/* Two varints of at most 5 bytes, then the body. */
	need = 10 + bodysz;
	if (t->len + need > t->cap) {
		uint32_t	 cap = t->cap ? t->cap : 16;
		uint8_t		*p;

		while (cap < t->len + need)
			cap *= 2;
		if ((p = realloc(t->p, cap)) == NULL)
			return ERR_NOMEM;
		t->p = p;
		t->cap = cap;
	}
	o = t->p + t->len;
	o += varint_put(o, doc - t->last);
	o += varint_put(o, (uint32_t)bodysz);
	memcpy(o, body, bodysz);
	t->len = (uint32_t)(o + bodysz - t->p);
	t->last = doc;
	t->df++;
	return ERR_OK;
}

/* ---- analysis of a document ------------------------------------------ */

/*
 * What indexing makes of a word depends only on its language and on how it
 * is written: normalizing, the stopword test and two stems each time are
 * most of the cost of indexing, and words follow Zipf's law. So each
 * context remembers, in a set-associative cache, the term ids a word as
 * written (in one language) gave in one index: most words then cost one
 * lookup, with no normalizing, stemming or dictionary lookup. Term ids are
 * never reused within an index, so an entry stays true.
 *
 * An entry is 16 bytes, four to a cache line: a corpus of a million
 * documents writes about two million distinct words, and at 64 bytes an
 * entry (the word's bytes beside its ids) a cache that held them was too
 * big for the processor's caches, and one that fitted missed a word in
 * nine. So a word is known by a 64-bit fingerprint of its bytes, its
 * length, its language and the index's serial number (which keeps another
 * index's entries out), as search engines know URLs and terms. Two
 * different words share a fingerprint with a chance of 2^-64 for each
 * pair compared: with four entries compared for each of the ~2 million
 * first sightings of a word in that build, about 4e-13 for the whole
 * build, far below the rate of memory errors. The seed is drawn for each
 * context, so that nobody can write a word to collide with another.
 */
#define WC_LINES_MIN	1024	/* lines of a new cache: 64 KiB */
#define WC_LINES_MAX	2097152	/* lines at most: 128 MiB */
#define WC_WAYS		4
#define WC_NONE		UINT32_MAX
#define WC_STOP		0	/* term[1] of a stopword (term[0] WC_NONE) */
#define WC_EMPTY	1	/* and of a word with nothing left */

struct wc_slot {
	uint64_t	 fp;		/* fingerprint; 0: empty slot */
	uint32_t	 term[2];	/* term ids; WC_NONE for none */
};

_Static_assert(sizeof(struct wc_slot) * WC_WAYS == 64, "a set is a line");

static inline uint64_t
wc_mix(uint64_t x)
{
	x ^= x >> 32;
	x *= 0xd6e8feb86659fd93ull;
	x ^= x >> 32;
	x *= 0xd6e8feb86659fd93ull;
	x ^= x >> 32;
	return x;
}

/*
 * The fingerprint of a word as written: the bytes eight at a time, each
 * chunk folded into a state that a bijective mix then scrambles, so that
 * two inputs of one length differ in the state until one collision of the
 * whole mix. Never 0, which marks an empty slot.
 */
static uint64_t
wc_hash(uint64_t seed, enum text_lang lang, const char *s, size_t n)
{
	uint64_t	 h = wc_mix(seed ^ ((uint64_t)lang << 56) ^ n), c;
	size_t		 i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&c, s + i, 8);
		h = wc_mix(h ^ c) + 0x9e3779b97f4a7c15ull;
	}
	if (i < n) {
		/*
		 * The last 1 to 7 bytes by loads that overlap, which between
		 * them read every byte (the length is in the state): copying
		 * them into a cleared word would stall on the store.
		 */
		const uint8_t	*t = (const uint8_t *)s + i;
		size_t		 r = n - i;
		uint32_t	 lo, hi;

		if (r >= 4) {
			memcpy(&lo, t, 4);
			memcpy(&hi, t + r - 4, 4);
			c = (uint64_t)lo | (uint64_t)hi << 32;
		} else
			c = (uint64_t)t[0] | (uint64_t)t[r / 2] << 8 |
			    (uint64_t)t[r - 1] << 16;
		h = wc_mix(h ^ c ^ (uint64_t)r << 59) + 0x9e3779b97f4a7c15ull;
	}
	return wc_mix(h) | 1;
}

static const struct wc_slot *
wc_find(struct wc_slot *wc, uint32_t mask, uint64_t fp)
{
	struct wc_slot	*set = &wc[(size_t)(fp & mask) * WC_WAYS], t;
	size_t		 w;

	for (w = 0; w < WC_WAYS; w++)
		if (set[w].fp == fp) {
			if (w == 0)
				return &set[0];
			/* A hit moves up a way: frequent words stay. */
			t = set[w - 1];
			set[w - 1] = set[w];
			set[w] = t;
			return &set[w - 1];
		}
	return NULL;
}

static void
wc_insert(struct wc_slot *wc, uint32_t mask, const struct wc_slot *x)
{
	struct wc_slot	*set = &wc[(size_t)(x->fp & mask) * WC_WAYS];
	size_t		 w;

	for (w = 0; w < WC_WAYS - 1; w++)
		if (set[w].fp == x->fp)
			break;
	/* New words come in at the second way, below the most used. */
	if (w == WC_WAYS - 1) {
		memmove(&set[2], &set[1], (WC_WAYS - 2) * sizeof(*set));
		w = 1;
	}
	set[w] = *x;
}

/*
 * Makes the context's cache twice the size (or WC_LINES_MIN lines, the
 * first time), keeping what it knew: a set's words go to one of the two
 * sets their fingerprints now name, in the same order of use. Without
 * memory for a new cache the old one stays.
 */
static void
wc_grow(struct idx_ctx *ctx)
{
	uint32_t	 n = ctx->wc ? ctx->wclines * 2 : WC_LINES_MIN, i, w;
	struct wc_slot	*nw = calloc((size_t)n * WC_WAYS, sizeof(*nw));
	uint8_t		 used[2];

	ctx->wcnew = 0;
	if (nw == NULL)
		return;
	huge_pages(nw, (size_t)n * WC_WAYS * sizeof(*nw));
	if (ctx->wc == NULL && getrandom(&ctx->wcseed, sizeof(ctx->wcseed),
	    0) != sizeof(ctx->wcseed))
		ctx->wcseed = (uint64_t)time(NULL) ^ (uintptr_t)ctx;
	for (i = 0; ctx->wc != NULL && i < ctx->wclines; i++) {
		used[0] = used[1] = 0;
		for (w = 0; w < WC_WAYS; w++) {
			const struct wc_slot *x = &ctx->wc[(size_t)i * WC_WAYS +
			    w];
			unsigned half;

			if (x->fp == 0)
				continue;
			half = (x->fp & ctx->wclines) != 0;
			nw[(size_t)(x->fp & (n - 1)) * WC_WAYS + used[half]++] =
			    *x;
		}
	}
	free(ctx->wc);
	ctx->wc = nw;
	ctx->wclines = n;
}

/*
 * A document's words are grouped by term in a small hash table of its own:
 * each distinct term keeps a chain of its occurrences in text order, which
 * is position order within each field. No sorting is needed. A term comes
 * by its id (from the cache) or by its string, looked up under the lock.
 */
struct lterm {
	uint32_t	 id;	/* term id; UINT32_MAX: not looked up yet */
	uint32_t	 off;	/* the string in the scratch buffer */
	uint32_t	 len;	/* bytes of the string; 0 for an id */
	uint32_t	 hash;
	uint32_t	 first;	/* first occurrence; UINT32_MAX: merged away */
	uint32_t	 last;	/* last occurrence */
};

struct occ {
	uint32_t	 pos;
	uint32_t	 next;	/* next occurrence of the term, or UINT32_MAX */
	uint8_t		 field;
};

/* A word the cache did not know: its entry, once its terms have ids. */
struct wfill {
	struct wc_slot	 slot;
	uint32_t	 lt[2];	/* local terms of the slot's terms, or WC_NONE */
};

/* A word of a text as written, collected before its analysis. */
struct pword {
	uint32_t	 off;	/* its bytes in the analysis's raws */
	uint32_t	 len;
	uint32_t	 pos;
	int		 whole;
	uint64_t	 fp;	/* wc_hash, or 0 when not cacheable */
};

struct analysis {
	struct idx_ctx	*ctx;
	struct buf	 raws;	/* the words of one text as written */
	struct pword	*pw;
	uint32_t	 pwsz;	/* entries used in pw */
	uint32_t	 pwcap;	/* entries allocated in pw */
	struct wc_slot	*wc;	/* the context's cache, or NULL */
	uint32_t	 wcmask;	/* its lines - 1 */
	uint64_t	 wcseed;	/* the context's seed and the index's serial */
	struct buf	 strs;	/* term strings, back to back */
	struct lterm	*terms;
	uint32_t	 termsz;	/* entries used in terms */
	uint32_t	 termcap;	/* entries allocated in terms */
	uint32_t	*slots;	/* local hash: term index + 1 */
	uint32_t	 nslots;	/* power of two */
	struct occ	*occ;
	uint32_t	 occsz;	/* entries used in occ */
	uint32_t	 occcap;	/* entries allocated in occ */
	struct wfill	*fills;
	uint32_t	 fillsz;	/* entries used in fills */
	uint32_t	 fillcap;	/* entries allocated in fills */
	enum text_lang	 lang;
	uint8_t		 field;
	uint32_t	 base;	/* position of this text in its field */
	uint32_t	 maxpos;	/* last position seen in this text */
	uint32_t	 words[FIELD__MAX];	/* words per field */
	int		 oom;
};

static uint32_t
id_hash(uint32_t id)
{
	return (id + 1) * 2654435761u;
}

static int
local_grow(struct analysis *an)
{
	uint32_t	 n = an->nslots ? an->nslots * 2 : 512, i, h;
	uint32_t	*ns = calloc(n, sizeof(*ns));

	if (ns == NULL)
		return -1;
	for (i = 0; i < an->termsz; i++) {
		for (h = an->terms[i].hash & (n - 1); ns[h]; h = (h + 1) & (n - 1))
			;
		ns[h] = i + 1;
	}
	free(an->slots);
	an->slots = ns;
	an->nslots = n;
	return 0;
}

/*
 * Adds an occurrence of a term, by id (n 0) or by string; returns the
 * local term, UINT32_MAX when out of memory.
 */
static uint32_t
add_occ(struct analysis *an, uint32_t tid, const char *s, size_t n,
    uint32_t pos)
{
	uint32_t	 h = n ? idx_hash(s, n) : id_hash(tid), i, id;
	struct lterm	*t;
	struct occ	*o;

	if ((an->termsz + 1) * 2 > an->nslots && local_grow(an) != 0)
		goto oom;
	for (i = h & (an->nslots - 1); (id = an->slots[i]) != 0;
	    i = (i + 1) & (an->nslots - 1)) {
		t = &an->terms[id - 1];
		if (t->hash == h && t->len == n && (n ? memcmp(an->strs.p +
		    t->off, s, n) == 0 : t->id == tid))
			break;
	}
	if (an->occsz == an->occcap) {
		uint32_t cap = an->occcap ? an->occcap * 2 : 256;

		if ((o = realloc(an->occ, cap * sizeof(*o))) == NULL)
			goto oom;
		an->occ = o;
		an->occcap = cap;
	}
	o = &an->occ[an->occsz];
	o->pos = pos;
	o->field = an->field;
	o->next = UINT32_MAX;
	if (id == 0) {
		if (an->termsz == an->termcap) {
			uint32_t cap = an->termcap ? an->termcap * 2 : 128;

			if ((t = realloc(an->terms, cap * sizeof(*t))) == NULL)
				goto oom;
			an->terms = t;
			an->termcap = cap;
		}
		t = &an->terms[an->termsz];
		t->id = n ? UINT32_MAX : tid;
		t->off = (uint32_t)an->strs.len;
		t->len = (uint32_t)n;
		t->hash = h;
		t->first = t->last = an->occsz;
		if (n)
			buf_put(&an->strs, s, n);
		an->slots[i] = id = ++an->termsz;
	} else {
		t = &an->terms[id - 1];
		/* A compound's whole can repeat its first part's place. */
		if (an->occ[t->last].field == an->field &&
		    an->occ[t->last].pos == pos)
			return id - 1;
		an->occ[t->last].next = an->occsz;
		t->last = an->occsz;
	}
	an->occsz++;
	return id - 1;
oom:
	an->oom = 1;
	return UINT32_MAX;
}

/* Remembers what a word gave: la and lb are local terms or WC_NONE. */
static void
add_fill(struct analysis *an, uint64_t fp, uint32_t t0, uint32_t t1,
    uint32_t la, uint32_t lb)
{
	struct wfill	*f;

	if (an->fillsz == an->fillcap) {
		uint32_t cap = an->fillcap ? an->fillcap * 2 : 64;

		if ((f = realloc(an->fills, cap * sizeof(*f))) == NULL) {
			an->oom = 1;
			return;
		}
		an->fills = f;
		an->fillcap = cap;
	}
	f = &an->fills[an->fillsz++];
	f->slot.fp = fp;
	f->slot.term[0] = t0;
	f->slot.term[1] = t1;
	f->lt[0] = la;
	f->lt[1] = lb;
}

/*
 * Collects a word of a text, and asks for its cache set now: the sets of a
 * whole text load side by side instead of one after the other.
 */
static int
collect_word(const struct text_word *rw, void *arg)
{
	struct analysis	*an = arg;
	struct pword	*p;

	if (an->pwsz == an->pwcap) {
		uint32_t cap = an->pwcap ? an->pwcap * 2 : 256;

		if ((p = realloc(an->pw, cap * sizeof(*p))) == NULL) {
			an->oom = 1;
			return 1;
		}
		an->pw = p;
		an->pwcap = cap;
	}
	p = &an->pw[an->pwsz++];
	p->off = (uint32_t)an->raws.len;
	p->len = (uint32_t)rw->rawsz;
	p->pos = rw->pos;
	p->whole = rw->whole;
	p->fp = 0;
	/* Without a call when there is room (there mostly is). */
	if (an->raws.len + rw->rawsz + 1 <= an->raws.cap && !an->raws.oom) {
		memcpy(an->raws.p + an->raws.len, rw->raw, rw->rawsz);
		an->raws.len += rw->rawsz;
		an->raws.p[an->raws.len] = '\0';
	} else
		buf_put(&an->raws, rw->raw, rw->rawsz);
	if (an->wc != NULL && !rw->whole) {
		p->fp = wc_hash(an->wcseed, an->lang, rw->raw, rw->rawsz);
		__builtin_prefetch(&an->wc[(size_t)(p->fp & an->wcmask) *
		    WC_WAYS]);
	}
	return an->raws.oom;
}

/* Indexes a word as written: from the cache, or the long way. */
static void
analyze_word(struct analysis *an, const struct text_word *rw, uint64_t fp)
{
	const struct wc_slot	*c;
	struct text_word	 w;
	char			 a[TEXT_WORD_MAX + 1], b[TEXT_WORD_MAX + 1];
	char			 lower[TEXT_WORD_MAX + 1];
	char			 folded[TEXT_WORD_MAX + 1];
	size_t			 na, nb;
	uint32_t		 pos = an->base + rw->pos, la, lb;
	int			 cacheable = fp != 0;

	if (cacheable && (c = wc_find(an->wc, an->wcmask, fp)) != NULL) {
		if (c->term[0] == WC_NONE && c->term[1] == WC_EMPTY)
			return;
		if (rw->pos > an->maxpos)
			an->maxpos = rw->pos;
		if (c->term[0] != WC_NONE)
			add_occ(an, c->term[0], NULL, 0, pos);
		if (c->term[1] != WC_NONE && c->term[0] != WC_NONE)
			add_occ(an, c->term[1], NULL, 0, pos);
		return;
	}
	if (!text_word_norm(rw, &w, lower, folded)) {
		if (cacheable)
			add_fill(an, fp, WC_NONE, WC_EMPTY, WC_NONE, WC_NONE);
		return;
	}
	if (w.pos > an->maxpos)
		an->maxpos = w.pos;
	if (!w.whole && text_stopword(an->lang, w.folded, w.foldedsz)) {
		if (cacheable)
			add_fill(an, fp, WC_NONE, WC_STOP, WC_NONE, WC_NONE);
		return;
	}
	na = text_stem(an->ctx->stem, an->lang, &w, 0, a);
	la = add_occ(an, 0, a, na, pos);
	lb = UINT32_MAX;
	if (an->lang < TEXT_LANG__MAX && w.lower != w.folded) {
		/* Written with accents: also the stem of the bare letters. */
		nb = text_stem(an->ctx->stem, an->lang, &w, 1, b);
		if (nb != na || memcmp(a, b, na) != 0)
			lb = add_occ(an, 0, b, nb, pos);
	}
	if (cacheable && !an->oom)
		add_fill(an, fp, 0, WC_NONE, la, lb);
}

/*
 * Readies the context's scratch for a document, keeping its memory (a
 * local hash grown by a long document is made small again).
 */
static void
analysis_reset(struct analysis *an, struct idx_ctx *ctx, uint64_t serial)
{
	an->ctx = ctx;
	an->wc = ctx->wc;
	an->wcmask = ctx->wclines - 1;
	an->wcseed = wc_mix(ctx->wcseed ^ serial);	/* one per index */
	buf_reset(&an->strs);
	an->strs.oom = 0;
	buf_reset(&an->raws);
	an->raws.oom = 0;
	an->pwsz = an->termsz = an->occsz = an->fillsz = 0;
	if (an->nslots > 4096) {
		free(an->slots);
		an->slots = NULL;
		an->nslots = 0;
	} else if (an->nslots > 0)
		memset(an->slots, 0, an->nslots * sizeof(*an->slots));
	memset(an->words, 0, sizeof(an->words));
	an->oom = 0;
}

/* Analyses one text into the scratch; next[] holds each field's next base. */
static enum err
analyze_text(struct analysis *an, const struct idx_text *t,
    uint32_t next[FIELD__MAX])
{
	uint32_t	 k;
	enum err	 e;

	an->lang = t->lang;
	an->field = (uint8_t)t->field;
	an->base = next[t->field];
	an->maxpos = 0;
	an->pwsz = 0;
	buf_reset(&an->raws);
	if ((e = text_words_raw(t->text, t->len, collect_word, an)) != ERR_OK)
		return e;
	for (k = 0; k < an->pwsz && !an->oom && !an->raws.oom; k++) {
		struct text_word	 rw;

		memset(&rw, 0, sizeof(rw));
		rw.raw = an->raws.p + an->pw[k].off;
		rw.rawsz = an->pw[k].len;
		rw.pos = an->pw[k].pos;
		rw.whole = an->pw[k].whole;
		analyze_word(an, &rw, an->pw[k].fp);
	}
	if (an->oom || an->strs.oom || an->raws.oom)
		return ERR_NOMEM;
	/* Texts of one field never make a phrase across each other. */
	next[t->field] = an->base + an->maxpos + FIELD_GAP;
	an->words[t->field] += an->maxpos + (t->len ? 1 : 0);
	return ERR_OK;
}

/*
 * Analyses a document into the context's scratch. Texts are read field by
 * field, so that each term's occurrences come field by field, in position
 * order within each.
 */
static enum err
analyze(struct idx_ctx *ctx, uint64_t serial, const struct idx_doc *d,
    struct analysis *an)
{
	uint32_t	 next[FIELD__MAX] = { 0 };
	size_t		 i, f;
	enum err	 e;

	analysis_reset(an, ctx, serial);
	for (i = 0; i < d->textsz; i++)
		if (d->texts[i].field >= FIELD__MAX)
			return ERR_INVALID;
	for (f = 0; f < FIELD__MAX; f++)
		for (i = 0; i < d->textsz; i++)
			if (d->texts[i].field == f && (e = analyze_text(an,
			    &d->texts[i], next)) != ERR_OK)
				return e;
	return ERR_OK;
}

static void
analysis_free(struct analysis *an)
{
	if (an == NULL)
		return;
	buf_free(&an->strs);
	buf_free(&an->raws);
	free(an->pw);
	free(an->terms);
	free(an->slots);
	free(an->occ);
	free(an->fills);
	free(an);
}

/* Merges src's occurrences into dst's chain, in text order. */
static void
merge_chain(struct analysis *an, struct lterm *dst, struct lterm *src)
{
	uint32_t	 a = dst->first, b = src->first, k;
	uint32_t	 head = UINT32_MAX, tail = UINT32_MAX;

	while (a != UINT32_MAX || b != UINT32_MAX) {
		if (b == UINT32_MAX || (a != UINT32_MAX && a < b)) {
			k = a;
			a = an->occ[a].next;
		} else {
			k = b;
			b = an->occ[b].next;
		}
		if (tail != UINT32_MAX && an->occ[tail].field ==
		    an->occ[k].field && an->occ[tail].pos == an->occ[k].pos)
			continue;
		if (tail == UINT32_MAX)
			head = k;
		else
			an->occ[tail].next = k;
		tail = k;
	}
	an->occ[tail].next = UINT32_MAX;
	dst->first = head;
	dst->last = tail;
	src->first = UINT32_MAX;
}

/*
 * Gives every local term its id (the write lock is held): strings are
 * looked up or added; one that turns out to be a term the cache already
 * gave is merged into it.
 */
static enum err
resolve_terms(struct idx *ix, struct analysis *an)
{
	uint32_t	 i, h, id;

	for (i = 0; i < an->termsz; i++) {
		struct lterm *t = &an->terms[i];

		if (t->id != UINT32_MAX)
			continue;
		if ((t->id = term_get(ix, an->strs.p + t->off, t->len)) ==
		    UINT32_MAX)
			return ERR_NOMEM;
		h = id_hash(t->id);
		for (h &= an->nslots - 1; (id = an->slots[h]) != 0;
		    h = (h + 1) & (an->nslots - 1))
			if (an->terms[id - 1].len == 0 &&
			    an->terms[id - 1].id == t->id) {
				merge_chain(an, &an->terms[id - 1], t);
				break;
			}
	}
	return ERR_OK;
}

/*
 * Teaches the context's cache the words it did not know, now that their
 * terms have ids; counts them towards the cache's growth.
 */
static void
learn_words(struct idx_ctx *ctx, struct analysis *an)
{
	uint32_t	 i, k;

	if (an->wc == NULL)
		return;
	for (i = 0; i < an->fillsz; i++) {
		struct wfill *f = &an->fills[i];

		for (k = 0; k < 2; k++)
			if (f->lt[k] != WC_NONE)
				f->slot.term[k] = an->terms[f->lt[k]].id;
		wc_insert(an->wc, an->wcmask, &f->slot);
	}
	ctx->wcnew += an->fillsz;
}

/* ---- facets ---------------------------------------------------------- */

static uint32_t
value_get(struct idx *ix, struct facet *f, const char *s)
{
	size_t		 n = strlen(s);
	uint32_t	 h = idx_hash(s, n), i, id;
	struct fvalue	*v;

	if (f->nslots)
		for (i = h & (f->nslots - 1); (id = f->slots[i]) != 0;
		    i = (i + 1) & (f->nslots - 1))
			if (strcmp(f->v[id - 1].s, s) == 0)
				return id - 1;
	if (f->vsz == f->vcap) {
		uint32_t cap = f->vcap ? f->vcap * 2 : 64;

		if ((v = realloc(f->v, cap * sizeof(*v))) == NULL)
			return UINT32_MAX;
		f->v = v;
		f->vcap = cap;
	}
	v = &f->v[f->vsz];
	if ((v->s = arena_dup(&ix->strings, s, n)) == NULL ||
	    (v->bm = roaring_bitmap_create()) == NULL)
		return UINT32_MAX;
	id = f->vsz++;
	if (slots_grow(&f->slots, &f->nslots, f->vsz, value_hash_of, f) != 0)
		return UINT32_MAX;
	for (i = h & (f->nslots - 1); f->slots[i]; i = (i + 1) & (f->nslots - 1))
		;
	f->slots[i] = id + 1;
	return id;
}

static uint32_t
key_find(const struct idx *ix, const char *key)
{
	uint32_t	 h, i, id;

	if (ix->nkslots == 0)
		return UINT32_MAX;
	h = idx_hash(key, strlen(key));
	for (i = h & (ix->nkslots - 1); (id = ix->kslots[i]) != 0;
	    i = (i + 1) & (ix->nkslots - 1))
		if (id != UINT32_MAX && ix->docs[id - 1].key &&
		    strcmp(ix->docs[id - 1].key, key) == 0)
			return id - 1;
	return UINT32_MAX;
}

/* The packed form of a document's values of one facet (see idx_int.h). */
static uint32_t
fcode(const uint32_t *ids, size_t n)
{
	uint32_t	 c = 0;
	size_t		 i;

	if (n == 0)
		return 0;
	if (n == 1)
		return ids[0] < FCODE_ONE - 1 ? FCODE_ONE | ids[0] : FCODE_MANY;
	if (n > 4)
		return FCODE_MANY;
	for (i = 0; i < n; i++) {
		if (ids[i] >= 127)
			return FCODE_MANY;
		c |= (ids[i] + 1) << (8 * i);
	}
	return c;
}

/* Doubles the room for documents: docs and the dense arrays beside it. */
static int
docs_grow(struct idx *ix)
{
	uint32_t	 cap = ix->doccap ? ix->doccap * 2 : 1024;
	struct doc	*d;
	struct dfacts	*x;

	if ((d = realloc(ix->docs, cap * sizeof(*d))) == NULL)
		return -1;
	ix->docs = d;
	if ((x = realloc(ix->facts, cap * sizeof(*x))) == NULL)
		return -1;
	huge_pages(d, cap * sizeof(*d));
	huge_pages(x, cap * sizeof(*x));
	ix->facts = x;
	ix->doccap = cap;
	return 0;
}

/* ---- the index ------------------------------------------------------- */

/* Serial numbers of indexes, for the word caches of contexts. */
static atomic_uint	 serials;

struct idx *
idx_new(void)
{
	struct idx	*ix;

	if ((ix = calloc(1, sizeof(*ix))) == NULL)
		return NULL;
	/* Never 0, which marks an empty cache slot. */
	while ((ix->serial = atomic_fetch_add(&serials, 1) + 1) == 0)
		;
	if (pthread_rwlock_init(&ix->lock, NULL) != 0) {
		free(ix);
		return NULL;
	}
	if ((ix->live = roaring_bitmap_create()) == NULL ||
	    (ix->noyear = roaring_bitmap_create()) == NULL) {
		idx_free(ix);
		return NULL;
	}
	return ix;
}

void
idx_free(struct idx *ix)
{
	size_t	 i, j;

	if (ix == NULL)
		return;
	for (i = 0; i < ix->termsz; i++) {
		free(ix->terms[i].p);
		free(ix->terms[i].skips);
	}
	free(ix->terms);
	free(ix->staged);
	free(ix->slog);
	free(ix->tslots);
	free(ix->sorted);
	free(ix->pending);
	for (i = 0; i < ix->docsz; i++) {
		free(ix->docs[i].key);
		free(ix->docs[i].vals);
	}
	free(ix->docs);
	free(ix->facts);
	free(ix->kslots);
	for (i = 0; i < FACET__MAX; i++) {
		for (j = 0; j < ix->facets[i].vsz; j++)
			roaring_bitmap_free(ix->facets[i].v[j].bm);
		free(ix->facets[i].v);
		free(ix->facets[i].slots);
	}
	for (i = 0; i < YEAR_MAX - YEAR_MIN + 1; i++)
		if (ix->years[i])
			roaring_bitmap_free(ix->years[i]);
	if (ix->noyear)
		roaring_bitmap_free(ix->noyear);
	if (ix->live)
		roaring_bitmap_free(ix->live);
	arena_free(&ix->strings);
	pthread_rwlock_destroy(&ix->lock);
	free(ix);
}

struct idx_ctx *
idx_ctx_new(void)
{
	struct idx_ctx	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->stem = text_stemmers_new()) == NULL) {
		free(c);
		return NULL;
	}
	return c;
}

void
idx_ctx_free(struct idx_ctx *c)
{
	if (c == NULL)
		return;
	text_stemmers_free(c->stem);
	analysis_free(c->an);
	free(c->wc);
	free(c);
}

size_t
idx_size(struct idx *ix)
{
	size_t	 n;

	pthread_rwlock_rdlock(&ix->lock);
	n = ix->nlive;
	pthread_rwlock_unlock(&ix->lock);
	return n;
}

static roaring_bitmap_t *
year_bitmap(struct idx *ix, int year, int create)
{
	if (year < YEAR_MIN || year > YEAR_MAX)
		return ix->noyear;
	if (ix->years[year - YEAR_MIN] == NULL && create)
		ix->years[year - YEAR_MIN] = roaring_bitmap_create();
	return ix->years[year - YEAR_MIN];
}

/* Takes a live document out of every set; its postings stay, dead. */
static void
kill_doc(struct idx *ix, uint32_t id)
{
	struct doc	*d = &ix->docs[id];
	roaring_bitmap_t *yb;
	size_t		 f, k = 0, i;

	roaring_bitmap_remove(ix->live, id);
	if ((yb = year_bitmap(ix, d->year, 0)) != NULL)
		roaring_bitmap_remove(yb, id);
	for (f = 0; f < FACET__MAX; f++) {
		for (i = 0; i < d->nval[f]; i++)
			roaring_bitmap_remove(ix->facets[f].v[d->vals[k++]].bm,
			    id);
		ix->facts[id].fcode[f] = 0;
	}
	for (f = 0; f < FIELD__MAX; f++)
		ix->lensum[f] -= ix->facts[id].flen[f];
	free(d->key);
	d->key = NULL;
	ix->nlive--;
	ix->ndead++;
}

/* Flush the waiting postings at this many (16 bytes each, and bodies). */
#define STAGED_MAX	(1u << 20)

/*
 * Writes a document's postings to the waiting ones (the write lock is
 * held). The occurrences of a term come field by field, in position order
 * within each (analyze), so one pass gives the tf of each field and the
 * positions, delta-coded field by field.
 */
static enum err
add_postings(struct idx *ix, uint32_t id, const struct analysis *an)
{
	size_t		 i, need;
	uint32_t	 tf[FIELD__MAX], k, last, n;
	unsigned	 f;
	uint8_t		*o, *body;
	enum err	 e;

	for (i = 0; i < an->termsz; i++) {
		const struct lterm *lt = &an->terms[i];

		if (lt->first == UINT32_MAX)
			continue;	/* merged into another */
		/* The occurrences per field, and so the room they need. */
		memset(tf, 0, sizeof(tf));
		n = 0;
		for (k = lt->first; k != UINT32_MAX; k = an->occ[k].next) {
			tf[an->occ[k].field]++;
			n++;
		}
		/* Mask, a tf per field, a position per occurrence. */
		need = 1 + 5 * FIELD__MAX + 5 * (size_t)n;
		if (ix->sloglen + need > UINT32_MAX) {
			/* Offsets are 32-bit: what waits goes first. */
			if ((e = idx_flush_locked(ix)) != ERR_OK)
				return e;
			if (need > UINT32_MAX)
				return ERR_NOMEM;
		}
		if (ix->sloglen + need > ix->slogcap) {
			size_t	 cap = ix->slogcap ? ix->slogcap : 65536;

			while (cap < ix->sloglen + need)
				cap *= 2;
			if ((o = realloc(ix->slog, cap)) == NULL)
				return ERR_NOMEM;
			ix->slog = o;
			ix->slogcap = cap;
		}
		if (ix->stagedsz == ix->stagedcap) {
			uint32_t	 cap = ix->stagedcap ? ix->stagedcap * 2 :
			    4096;
			struct staged	*st = realloc(ix->staged, cap *
			    sizeof(*st));

			if (st == NULL)
				return ERR_NOMEM;
			ix->staged = st;
			ix->stagedcap = cap;
		}
		body = o = ix->slog + ix->sloglen;
		*o = 0;
		o++;
		for (f = 0; f < FIELD__MAX; f++)
			if (tf[f] > 0) {
				*body |= (uint8_t)(1u << f);
				o += varint_put(o, tf[f]);
			}
		last = 0;
		f = an->occ[lt->first].field;
		for (k = lt->first; k != UINT32_MAX; k = an->occ[k].next) {
			const struct occ *oc = &an->occ[k];

			if (oc->field != f) {
				f = oc->field;
				last = 0;
			}
			o += varint_put(o, oc->pos - last);
			last = oc->pos;
		}
		ix->staged[ix->stagedsz].term = lt->id;
		ix->staged[ix->stagedsz].doc = id;
		ix->staged[ix->stagedsz].off = (uint32_t)ix->sloglen;
		ix->staged[ix->stagedsz].sz = (uint32_t)(o - body);
		ix->stagedsz++;
		ix->sloglen += (size_t)(o - body);
	}
	return ERR_OK;
}

/*
 * Sorts the waiting postings by term, keeping docid order within a term
 * (least significant digit first, 11 bits a pass); NULL when out of
 * memory, and the caller appends them as they are.
 */
static struct staged *
staged_sort(struct idx *ix)
{
	struct staged	*a = ix->staged, *b, *t;
	uint32_t	 cnt[2048], bits, shift, i, sum, c;

	if ((b = malloc((size_t)ix->stagedsz * sizeof(*b))) == NULL)
		return NULL;
	for (bits = 1; bits < 32 && (1u << bits) < ix->termsz; bits++)
		;
	for (shift = 0; shift < bits; shift += 11) {
		memset(cnt, 0, sizeof(cnt));
		for (i = 0; i < ix->stagedsz; i++)
			cnt[(a[i].term >> shift) & 2047]++;
		for (sum = 0, i = 0; i < 2048; i++) {
			c = cnt[i];
			cnt[i] = sum;
			sum += c;
		}
		for (i = 0; i < ix->stagedsz; i++)
			b[cnt[(a[i].term >> shift) & 2047]++] = a[i];
		t = a;
		a = b;
		b = t;
	}
	/* a has the sorted order; b is the other buffer. */
	if (a != ix->staged) {
		free(ix->staged);
		ix->staged = a;
		ix->stagedcap = ix->stagedsz;
	} else
		free(b);
	return a;
}

enum err
idx_flush_locked(struct idx *ix)
{
	struct staged	*st;
	enum err	 e = ERR_OK;
	uint32_t	 i;

	if (ix->stagedsz == 0)
		return ERR_OK;
	/* A handful (a put, then a search) gains nothing by sorting. */
	if (ix->stagedsz >= 4096)
		(void)staged_sort(ix);	/* unsorted, it is only slower */
	st = ix->staged;
	for (i = 0; i < ix->stagedsz; i++) {
		struct term *t = &ix->terms[st[i].term];

		/*
		 * Each term's entry, then the end of its postings and the body
		 * to append there, ahead.
		 */
		if (i + 64 < ix->stagedsz)
			__builtin_prefetch(&ix->terms[st[i + 64].term]);
		if (i + 24 < ix->stagedsz) {
			const struct term *pt = &ix->terms[st[i + 24].term];

			/* The bodies are in docid order, the terms are not. */
			__builtin_prefetch(ix->slog + st[i + 24].off);

			if (pt->p != NULL)
				__builtin_prefetch(pt->p + pt->len, 1);
		}
		if (term_append(t, st[i].doc, ix->slog + st[i].off,
		    st[i].sz) != ERR_OK) {
			/* Its document would be half there: it goes. */
			if (ix->docs[st[i].doc].key != NULL)
				kill_doc(ix, st[i].doc);
			e = ERR_NOMEM;
		}
	}
	ix->stagedsz = 0;
	ix->sloglen = 0;
	return e;
}

enum err
idx_put(struct idx *ix, struct idx_ctx *ctx, const struct idx_doc *d)
{
	struct analysis	*an;
	struct doc	*doc = NULL;
	uint32_t	 id = 0, old, nv = 0, k = 0, i;
	int		 lens = 0;	/* added to lensum */
	roaring_bitmap_t *yb;
	enum err	 e;
	size_t		 f;

	if (d->key == NULL || *d->key == '\0')
		return ERR_INVALID;
	/* Analysis needs no lock: bad text changes nothing. */
	/*
	 * The word cache is only for writers: made small on the first put,
	 * and doubled, up to WC_LINES_MAX lines, each time it has been taught
	 * a word for every two lines (the distinct words grow with the
	 * documents indexed; a cache that lags behind them misses).
	 */
	if (ctx->wc == NULL || (ctx->wclines < WC_LINES_MAX &&
	    ctx->wcnew >= ctx->wclines / 2))
		wc_grow(ctx);
	if (ctx->an == NULL && (ctx->an = calloc(1, sizeof(*ctx->an))) == NULL)
		return ERR_NOMEM;
	an = ctx->an;
	if ((e = analyze(ctx, ix->serial, d, an)) != ERR_OK)
		return e;
	for (f = 0; f < FACET__MAX; f++) {
		if (d->valuesz[f] > 255)
			return ERR_INVALID;
		nv += (uint32_t)d->valuesz[f];
	}

	pthread_rwlock_wrlock(&ix->lock);
	e = ERR_NOMEM;
	if ((old = key_find(ix, d->key)) != UINT32_MAX)
		kill_doc(ix, old);
	if (ix->docsz == ix->doccap && docs_grow(ix) != 0)
		goto out;
	if (ix->docsz == UINT32_MAX - 1)
		goto out;
	id = ix->docsz;
	doc = &ix->docs[id];
	memset(doc, 0, sizeof(*doc));
	if ((doc->key = strdup(d->key)) == NULL ||
	    (nv && (doc->vals = malloc(nv * sizeof(uint32_t))) == NULL)) {
		free(doc->key);
		goto out;
	}
	ix->docsz++;
	doc->year = d->year;
	for (f = 0; f < FACET__MAX; f++) {
		doc->nval[f] = (uint8_t)d->valuesz[f];
		ix->facts[id].fcode[f] = 0;
		for (i = 0; i < d->valuesz[f]; i++) {
			uint32_t v = value_get(ix, &ix->facets[f],
			    d->values[f][i]);

			if (v == UINT32_MAX)
				goto out;
			doc->vals[k++] = v;
			roaring_bitmap_add(ix->facets[f].v[v].bm, id);
		}
		ix->facts[id].fcode[f] = fcode(doc->vals + k -
		    d->valuesz[f], d->valuesz[f]);
	}
	ix->facts[id].year = d->year;
	for (f = 0; f < FIELD__MAX; f++) {
		ix->facts[id].flen[f] = (uint16_t)(an->words[f] > 65535 ?
		    65535 : an->words[f]);
		ix->lensum[f] += ix->facts[id].flen[f];
	}
	lens = 1;
	if ((e = resolve_terms(ix, an)) != ERR_OK ||
	    (e = add_postings(ix, id, an)) != ERR_OK ||
	    (ix->stagedsz >= STAGED_MAX && (e = idx_flush_locked(ix)) !=
	    ERR_OK))
		goto out;
	if ((yb = year_bitmap(ix, d->year, 1)) == NULL) {
		e = ERR_NOMEM;
		goto out;
	}
	roaring_bitmap_add(yb, id);
	roaring_bitmap_add(ix->live, id);
	ix->nlive++;
	/* The key table, by the new docid. */
	if (slots_grow(&ix->kslots, &ix->nkslots, ix->nlive + ix->ndead,
	    key_hash_of, ix) != 0) {
		e = ERR_NOMEM;
		goto out;
	}
	{
		uint32_t h = idx_hash(d->key, strlen(d->key));

		for (i = h & (ix->nkslots - 1); ix->kslots[i] &&
		    ix->docs[ix->kslots[i] - 1].key != NULL;
		    i = (i + 1) & (ix->nkslots - 1))
			;
		ix->kslots[i] = id + 1;
	}
	/*
	 * New terms are merged into the sorted order in batches that grow
	 * with it (queries scan the pending ones), so that merging stays a
	 * small share of indexing however many terms there are.
	 */
	if (ix->pendingsz >= 4096 && ix->pendingsz >= ix->sortedsz / 32)
		e = idx_terms_sort(ix);
	else
		e = ERR_OK;
out:
	if (e != ERR_OK && ix->docsz > 0 && doc == &ix->docs[ix->docsz - 1] &&
	    doc->key != NULL && !roaring_bitmap_contains(ix->live,
	    ix->docsz - 1)) {
		/* Out of memory half-way: what was added is dead. */
		uint32_t j = 0;

		for (f = 0; f < FACET__MAX; f++)
			for (i = 0; i < doc->nval[f] && j < k; i++, j++)
				roaring_bitmap_remove(
				    ix->facets[f].v[doc->vals[j]].bm, id);
		if (lens)
			for (f = 0; f < FIELD__MAX; f++)
				ix->lensum[f] -= ix->facts[id].flen[f];
		free(doc->key);
		doc->key = NULL;
		for (f = 0; f < FACET__MAX; f++)
			ix->facts[ix->docsz - 1].fcode[f] = 0;
		ix->ndead++;
	}
	pthread_rwlock_unlock(&ix->lock);
	if (e == ERR_OK)
		learn_words(ctx, an);
	if (e == ERR_OK && ix->ndead > 0 && ix->ndead * 4 > ix->nlive)
		e = idx_compact(ix);
	return e;
}

enum err
idx_delete(struct idx *ix, const char *key)
{
	uint32_t	 id;
	enum err	 e = ERR_OK;
	int		 compact;

	pthread_rwlock_wrlock(&ix->lock);
	if ((id = key_find(ix, key)) == UINT32_MAX)
		e = ERR_NOTFOUND;
	else
		kill_doc(ix, id);
	/* More than a fifth dead: rewrite (amortized over those deletes). */
	compact = ix->ndead * 4 > ix->nlive;
	pthread_rwlock_unlock(&ix->lock);
	if (e == ERR_OK && compact)
		e = idx_compact(ix);
	return e;
}

/* ---- compaction ------------------------------------------------------- */

/* Rewrites one term's postings without the dead documents. */
static enum err
compact_term(struct idx *ix, struct term *t)
{
	struct pcursor	 c;
	struct term	 n;

	memset(&n, 0, sizeof(n));
	n.s = t->s;
	n.hash = t->hash;
	pc_init(&c, t);
	while (pc_next(&c)) {
		if (ix->docs[c.doc].key == NULL)
			continue;
		if (term_append(&n, c.doc, c.rest, (size_t)(c.restend -
		    c.rest)) != ERR_OK)
			goto nomem;
	}
	free(t->p);
	free(t->skips);
	*t = n;
	return ERR_OK;
nomem:
	free(n.p);
	free(n.skips);
	return ERR_NOMEM;
}

enum err
idx_compact(struct idx *ix)
{
	enum err	 e = ERR_OK;
	uint32_t	 i, n;

	pthread_rwlock_wrlock(&ix->lock);
	e = idx_flush_locked(ix);
	/* Loading is over: the room for waiting postings goes back. */
	free(ix->staged);
	ix->staged = NULL;
	ix->stagedcap = 0;
	free(ix->slog);
	ix->slog = NULL;
	ix->slogcap = 0;
	if (e != ERR_OK)
		goto out;
	if (ix->ndead == 0) {
		/* Nothing dead: give back what growth by doubling left over. */
		for (i = 0; i < ix->termsz; i++) {
			struct term	*t = &ix->terms[i];
			uint8_t		*p;
			struct skip	*sk;

			if (t->len < t->cap && t->len > 0 &&
			    (p = realloc(t->p, t->len)) != NULL) {
				t->p = p;
				t->cap = t->len;
			}
			if (t->skipsz < t->skipcap && t->skipsz > 0 &&
			    (sk = realloc(t->skips, t->skipsz *
			    sizeof(*sk))) != NULL) {
				t->skips = sk;
				t->skipcap = t->skipsz;
			}
		}
		e = idx_terms_sort(ix);
		goto out;
	}
	for (i = 0; i < ix->termsz; i++)
		if ((e = compact_term(ix, &ix->terms[i])) != ERR_OK)
			goto out;
	for (i = 0; i < ix->docsz; i++)
		if (ix->docs[i].key == NULL) {
			free(ix->docs[i].vals);
			ix->docs[i].vals = NULL;
			memset(ix->docs[i].nval, 0, sizeof(ix->docs[i].nval));
		}
	/* The key table anew, without the dead. */
	for (n = 1024; n < ix->nlive * 2 + 2; n *= 2)
		;
	if (slots_rehash(&ix->kslots, &ix->nkslots, n, key_hash_of, ix) != 0) {
		e = ERR_NOMEM;
		goto out;
	}
	ix->ndead = 0;
out:
	pthread_rwlock_unlock(&ix->lock);
	return e;
}

size_t
idx_bytes(struct idx *ix)
{
	size_t	 n = sizeof(*ix), i, j;

	pthread_rwlock_rdlock(&ix->lock);
	n += ix->strings.blocksz * ARENA_BLOCK;
	n += (size_t)ix->termcap * sizeof(struct term);
	n += (size_t)ix->stagedcap * sizeof(struct staged) + ix->slogcap;
	for (i = 0; i < ix->termsz; i++)
		n += ix->terms[i].cap + ix->terms[i].skipcap *
		    sizeof(struct skip);
	n += ((size_t)ix->ntslots + ix->sortedsz + ix->pendingcap +
	    ix->nkslots) * sizeof(uint32_t);
	n += (size_t)ix->doccap * (sizeof(struct doc) + sizeof(struct dfacts));
	for (i = 0; i < ix->docsz; i++) {
		const struct doc *d = &ix->docs[i];

		if (d->key)
			n += strlen(d->key) + 1;
		for (j = 0; j < FACET__MAX; j++)
			n += d->nval[j] * sizeof(uint32_t);
	}
	for (i = 0; i < FACET__MAX; i++) {
		n += ix->facets[i].vcap * sizeof(struct fvalue) +
		    ix->facets[i].nslots * sizeof(uint32_t);
		for (j = 0; j < ix->facets[i].vsz; j++)
			n += roaring_bitmap_size_in_bytes(
			    ix->facets[i].v[j].bm);
	}
	for (i = 0; i < YEAR_MAX - YEAR_MIN + 1; i++)
		if (ix->years[i])
			n += roaring_bitmap_size_in_bytes(ix->years[i]);
	n += roaring_bitmap_size_in_bytes(ix->live) +
	    roaring_bitmap_size_in_bytes(ix->noyear);
	pthread_rwlock_unlock(&ix->lock);
	return n;
}

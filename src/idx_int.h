/* idx_int.h - internals shared by the idx_ files; not a public interface.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_IDX_INT_H
#define INTERCITY_IDX_INT_H

#include <pthread.h>
#include <stdint.h>

#include <roaring/roaring.h>

#include "idx.h"

#define SKIP_EVERY	64	/* postings between skip points */
#define YEAR_MIN	1900	/* years kept for sorting by newest */
#define YEAR_MAX	2100
#define FIELD_GAP	64	/* positions between texts of one field */

/*
 * A posting list: for each document, in increasing docid order,
 *   varint docid delta, varint bytes of the rest of the posting, then the
 *   rest: byte field mask, varint tf per field in the mask, and each
 *   field's positions delta-coded.
 * Skip points let an intersection jump ahead without decoding; between
 * them, the size of the rest lets a seek step over a posting reading two
 * varints.
 */
struct skip {
	uint32_t	 doc;	/* docid of the posting that starts at off */
	uint32_t	 prev;	/* docid before it (the delta's base) */
	uint32_t	 off;	/* byte offset of the posting */
};

struct term {
	char		*s;	/* the term, NUL-terminated (arena) */
	uint32_t	 hash;
	uint32_t	 df;	/* postings, dead ones too until compaction */
	uint32_t	 last;	/* docid of the last posting */
	uint8_t		*p;	/* encoded postings */
	uint32_t	 len;	/* bytes used in p */
	uint32_t	 cap;	/* bytes allocated in p */
	struct skip	*skips;
	uint32_t	 skipsz;	/* entries used in skips */
	uint32_t	 skipcap;	/* entries allocated in skips */
};

struct doc {
	char		*key;	/* NULL once the document is dead */
	int		 year;
	uint8_t		 nval[FACET__MAX];	/* values per facet */
	uint32_t	*vals;	/* value ids, facet by facet */
};

/*
 * What a query reads of each document, side by side so that a document
 * costs one cache miss: the facet values packed (FCODE_*; 0 once dead),
 * the words per field (BM25F) and the year.
 */
struct dfacts {
	uint32_t	 fcode[FACET__MAX];
	uint16_t	 flen[FIELD__MAX];
	int32_t		 year;
};

struct fvalue {
	char		*s;
	roaring_bitmap_t *bm;	/* live documents with this value */
};

struct facet {
	struct fvalue	*v;
	uint32_t	 vsz;	/* entries used in v */
	uint32_t	 vcap;	/* entries allocated in v */
	uint32_t	*slots;	/* hash: value id + 1, 0 empty */
	uint32_t	 nslots;	/* power of two */
};

/* Blocks of strings that live as long as the index. */
struct arena {
	char		*cur;	/* the block being filled */
	size_t		 left;	/* bytes left in it */
	char		**blocks;
	size_t		 blocksz;	/* entries in blocks */
};

struct idx {
	pthread_rwlock_t lock;
	uint32_t	 serial;	/* tells indexes apart in word caches */
	struct arena	 strings;

	struct term	*terms;
	uint32_t	 termsz;	/* entries used in terms */
	uint32_t	 termcap;	/* entries allocated in terms */
	uint32_t	*tslots;	/* hash: term id + 1, 0 empty */
	uint32_t	 ntslots;	/* power of two */
	uint32_t	*sorted;	/* term ids in string order */
	uint32_t	 sortedsz;	/* entries in sorted */
	uint32_t	*pending;	/* newer term ids, not yet in sorted */
	uint32_t	 pendingsz;	/* entries used in pending */
	uint32_t	 pendingcap;	/* entries allocated in pending */

	struct doc	*docs;
	uint32_t	 docsz;		/* docids handed out */
	uint32_t	 doccap;	/* entries allocated in docs */
	uint32_t	*kslots;	/* hash of keys: docid + 1, 0 empty */
	uint32_t	 nkslots;	/* power of two */
	uint32_t	 nlive;		/* live documents */
	uint32_t	 ndead;		/* dead documents with postings left */
	roaring_bitmap_t *live;
	uint64_t	 lensum[FIELD__MAX];	/* words per field, live docs */

	struct facet	 facets[FACET__MAX];
	roaring_bitmap_t *years[YEAR_MAX - YEAR_MIN + 1];
	roaring_bitmap_t *noyear;	/* live documents without a year */

	/*
	 * The same facts per document, dense by docid, so a query can test
	 * filters and count values in one pass over its matches instead of
	 * intersecting bitmaps value by value.
	 */
	struct dfacts	*facts;		/* by docid, doccap entries */

	/*
	 * Postings waiting to be appended to their terms (idx_index.c): a
	 * document's postings are written here, in docid order, and go to
	 * their terms a batch at a time, grouped by term, before any search
	 * reads the index (idx_flush_locked). Each term's entry and the end
	 * of its postings are then touched once a batch instead of once a
	 * document.
	 */
	struct staged	*staged;
	uint32_t	 stagedsz;	/* entries used in staged */
	uint32_t	 stagedcap;	/* entries allocated in staged */
	uint8_t		*slog;		/* the postings' bodies, back to back */
	size_t		 sloglen;	/* bytes used in slog */
	size_t		 slogcap;	/* bytes allocated in slog */
};

/* A posting waiting: its body (mask, tf, positions) is in slog. */
struct staged {
	uint32_t	 term;
	uint32_t	 doc;
	uint32_t	 off;	/* of the body in slog */
	uint32_t	 sz;	/* bytes of the body */
};

/*
 * Appends the waiting postings to their terms; the write lock is held.
 * ERR_NOMEM leaves the documents whose postings could not all be written
 * dead, and nothing waiting.
 */
enum err	 idx_flush_locked(struct idx *);

/*
 * A document's values of one facet in 32 bits: 0 none (or dead);
 * FCODE_ONE | id for one value; two to four values of ids below 127 as
 * bytes id + 1, lowest byte first; FCODE_MANY: read docs[].vals.
 */
#define FCODE_ONE	0x80000000u
#define FCODE_MANY	0xffffffffu

struct wc_slot;
struct analysis;

struct idx_ctx {
	struct text_stemmers *stem;
	struct wc_slot	*wc;	/* what indexing made of words (idx_index.c);
				   NULL until the first idx_put */
	uint32_t	 wclines;	/* lines (sets) in wc, a power of two */
	uint32_t	 wcnew;		/* words taught to wc since it grew */
	uint64_t	 wcseed;	/* drawn when wc is made */
	struct analysis	*an;	/* a document's analysis: scratch kept
				   between idx_put calls (idx_index.c) */
};

uint32_t	 idx_hash(const char *, size_t);
/* Term id of a string, or UINT32_MAX. Caller holds the lock. */
uint32_t	 idx_term_find(const struct idx *, const char *, size_t);
/* Merges pending terms into the sorted order. Caller holds the write lock. */
enum err	 idx_terms_sort(struct idx *);

/* A year as 1 + its offset from YEAR_MIN; 0 outside YEAR_MIN..YEAR_MAX. */
static inline int
idx_ycode(int year)
{
	return year >= YEAR_MIN && year <= YEAR_MAX ? year - YEAR_MIN + 1 : 0;
}

/* Reads a varint at *p (bounded by end); advances *p. */
static inline uint32_t
idx_varint(const uint8_t **p, const uint8_t *end)
{
	uint32_t	 v = 0;
	unsigned	 shift = 0;

	while (*p < end) {
		uint8_t b = *(*p)++;

		v |= (uint32_t)(b & 0x7f) << shift;
		if (!(b & 0x80) || (shift += 7) > 28)
			break;
	}
	return v;
}

/* Walks one term's postings. */
struct pcursor {
	const struct term *t;
	const uint8_t	*p;	/* next posting */
	const uint8_t	*end;
	uint32_t	 skip;	/* next skip point to consider */
	int		 started;
	/* The current posting: */
	uint32_t	 doc;
	const uint8_t	*rest;	/* the rest of it: mask, tf, positions */
	const uint8_t	*restend;
	int		 loaded;	/* what follows was read from rest */
	uint8_t		 mask;
	uint32_t	 tf[FIELD__MAX];
	const uint8_t	*pos;	/* its positions */
	uint32_t	 possz;	/* bytes of positions */
};

static inline void
pc_init(struct pcursor *c, const struct term *t)
{
	c->t = t;
	c->p = t->p;
	c->end = t->p + t->len;
	c->skip = 0;
	c->started = 0;
	c->doc = 0;
}

/*
 * Moves to the next posting; 0 at the end. Only its docid is read: the
 * rest waits for pc_fields, as most postings a query walks are not scored.
 */
static inline int
pc_next(struct pcursor *c)
{
	uint32_t	 n;

	if (c->p >= c->end)
		return 0;
	c->doc = (c->started ? c->doc : 0) + idx_varint(&c->p, c->end);
	c->started = 1;
	n = idx_varint(&c->p, c->end);
	c->rest = c->p;
	c->p = (size_t)(c->end - c->p) < n ? c->end : c->p + n;
	c->restend = c->p;
	c->loaded = 0;
	return 1;
}

/*
 * Reads the field mask and the tf per field at the start of a posting's
 * rest (p to end); returns where its positions start.
 */
static inline const uint8_t *
idx_fields(const uint8_t *p, const uint8_t *end, uint8_t *mask,
    uint32_t tf[FIELD__MAX])
{
	unsigned	 f;

	*mask = p < end ? *p++ : 0;
	for (f = 0; f < FIELD__MAX; f++)
		tf[f] = (*mask & (1u << f)) ? idx_varint(&p, end) : 0;
	return p;
}

/* Reads the current posting's field mask, tf per field and positions. */
static inline void
pc_fields(struct pcursor *c)
{
	if (c->loaded)
		return;
	c->pos = idx_fields(c->rest, c->restend, &c->mask, c->tf);
	c->possz = (uint32_t)(c->restend - c->pos);
	c->loaded = 1;
}

/* Moves to the first posting with doc >= target; 0 if none. */
static inline int
pc_seek(struct pcursor *c, uint32_t target)
{
	if (c->started && c->doc >= target)
		return 1;
	/* Jump to the last skip point at or before the target. */
	while (c->skip < c->t->skipsz && c->t->skips[c->skip].doc <= target) {
		const struct skip *s = &c->t->skips[c->skip++];

		if (c->t->p + s->off > c->p || !c->started) {
			c->p = c->t->p + s->off;
			c->doc = s->prev;
			c->started = 1;
		}
	}
	/* Within a block: pc_next steps over a posting by its size. */
	while (pc_next(c))
		if (c->doc >= target) {
			/*
			 * The next seek often lands in the next block: its
			 * postings are a cache miss worth starting now.
			 */
			if (c->skip < c->t->skipsz)
				__builtin_prefetch(c->t->p +
				    c->t->skips[c->skip].off);
			return 1;
		}
	return 0;
}

#endif

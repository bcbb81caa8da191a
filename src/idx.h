/* idx.h - the search index: inverted index, facets, ranking, queries.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_IDX_H
#define INTERCITY_IDX_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "text.h"

/*
 * The index is derived: it holds what search needs of the published records
 * and is rebuilt from the store at start-up. It knows nothing of the store's
 * format; idx_load.c turns records into idx_docs.
 *
 * Concurrency: any number of threads may search while one thread writes; a
 * write is applied whole before any search sees it (a readers-writer lock).
 * Each searching thread passes its own idx_ctx (stemmers are per thread).
 */

enum idx_field {
	FIELD_TITLE,
	FIELD_SUMMARY,
	FIELD_NAMES,	/* city, organisation and topic names */
	FIELD_BODY,
	FIELD__MAX
};

enum idx_facet {
	FACET_TOPIC,
	FACET_COUNTRY,
	FACET_YEAR,
	FACET_CITY,
	FACET_ORG,
	FACET_LANG,
	FACET_KIND,
	FACET__MAX
};

/* "topic", "country", ... as used in URLs and on the command line. */
extern const char *const idx_facet_names[FACET__MAX];
enum idx_facet	 idx_facet_by_name(const char *);

/* Limits, enforced by idx_search (ERR_INVALID with a message). */
#define IDX_QUERY_MAX		1024	/* bytes of query text */
#define IDX_TERMS_MAX		32	/* words in a query */
#define IDX_FILTERS_MAX		256	/* facet values in all filters */
#define IDX_LIMIT_MAX		1000	/* hits per page */

struct idx_text {
	enum idx_field	 field;
	enum text_lang	 lang;	/* TEXT_NOLANG for names */
	const char	*text;	/* UTF-8 */
	size_t		 len;	/* bytes in text */
};

/* A record as the index sees it; every string is copied by idx_put. */
struct idx_doc {
	const char		 *key;	   /* unique: "practice/slug" */
	int			  year;	   /* 0 when none; sorts "newest" */
	const struct idx_text	 *texts;
	size_t			  textsz;  /* entries in texts */
	const char *const	 *values[FACET__MAX]; /* facet values */
	size_t			  valuesz[FACET__MAX]; /* entries per facet */
};

struct idx;
struct idx_ctx;

struct idx	*idx_new(void);
void		 idx_free(struct idx *);
/*
 * Per-thread search state; NULL when out of memory. A context that indexes
 * (idx_put) also keeps a cache of what it made of words, which grows with
 * the distinct words it meets, up to 128 MiB (8 million words): free
 * the context after a bulk load.
 */
struct idx_ctx	*idx_ctx_new(void);
void		 idx_ctx_free(struct idx_ctx *);

/*
 * Adds a document, or replaces the one with the same key. ERR_INVALID if a
 * text is not valid UTF-8 (nothing is changed then), ERR_NOMEM. Its
 * postings may wait in the index to be written with others, grouped by
 * term (much faster for a bulk load); the next search writes them first,
 * so every search sees every document put before it.
 */
enum err	 idx_put(struct idx *, struct idx_ctx *, const struct idx_doc *);
/* Removes a document; ERR_NOTFOUND if there is none with that key. */
enum err	 idx_delete(struct idx *, const char *key);
/* Number of documents. */
size_t		 idx_size(struct idx *);
/*
 * Deletes and replacements leave dead postings behind, which searches skip:
 * matches, totals and counts are exact at once, but the document frequencies
 * in scores still count the dead until the postings are rewritten. That
 * happens by itself when a fifth of the documents are dead, or now with
 * idx_compact(); after it, scores equal those of an index built afresh.
 * With nothing dead, idx_compact() gives back the slack that growing the
 * posting lists left (call it after a bulk load); it also writes the
 * postings still waiting and gives back the room they took.
 */
enum err	 idx_compact(struct idx *);
/* Bytes of memory the index holds (allocated sizes, not counting malloc's
 * own overhead). */
size_t		 idx_bytes(struct idx *);

/* ---- searching -------------------------------------------------------- */

enum idx_sort {
	IDX_SORT_RELEVANCE,	/* browse (no text) falls back to newest */
	IDX_SORT_NEWEST,
	IDX_SORT__MAX
};

struct idx_query {
	const char	*text;		/* the words typed; NULL or "" browses */
	/* Filters: values ORed within a facet, facets ANDed. */
	const char *const *values[FACET__MAX];
	size_t		 valuesz[FACET__MAX];
	int		 year_from;	/* 0: no lower bound */
	int		 year_to;	/* 0: no upper bound */
	enum idx_sort	 sort;
	size_t		 offset;
	size_t		 limit;		/* hits wanted, <= IDX_LIMIT_MAX */
	unsigned	 facets;	/* facets to count: 1u << FACET_* */
	int		 typos;		/* typo tolerance: 1 on (default), 0 off */
	int		 prefix;	/* the last word is a prefix (typing) */
};

struct idx_hit {
	const char	*key;	/* borrowed from the result */
	double		 score;	/* 0 when browsing */
	int		 year;
};

struct idx_count {
	const char	*value;	/* borrowed from the result */
	uint32_t	 count;
};

struct idx_result {
	uint64_t	 total;			/* exact number of matches */
	struct idx_hit	*hits;
	size_t		 hitsz;			/* entries in hits */
	struct idx_count *counts[FACET__MAX];	/* values with count > 0,
						   by count, then value */
	size_t		 countsz[FACET__MAX];	/* entries per facet */
	char		*terms;		/* matched terms, NUL-separated,
					   for snippets (owned) */
	size_t		 termsz;	/* bytes in terms */
	char		*error;		/* for ERR_INVALID: what is wrong */
	void		*mem;		/* owned strings */
};

/*
 * Runs a query. Hits come best first (IDX_SORT_RELEVANCE) or newest first;
 * hits equal in score and year come in an unspecified order. A year range
 * is part of the year facet's filter. "x a OR b" is x AND (a OR b); a phrase
 * never spans two texts. Counts are disjunctive: a facet's counts are computed with
 * every filter except that facet's own, so a user can widen a selection.
 * Returns ERR_OK, ERR_INVALID (res->error says which limit or which part of
 * the query), ERR_NOMEM. Free the result with idx_result_free() in any case.
 */
enum err	 idx_search(struct idx *, struct idx_ctx *, const struct idx_query *,
		    struct idx_result *);
void		 idx_result_free(struct idx_result *);

/*
 * A snippet of text around the words a result matched, at most about
 * maxlen bytes, HTML-escaped, with matched words in <mark>...</mark>.
 * The caller frees it. NULL when out of memory or text is invalid UTF-8.
 */
char		*idx_snippet(struct idx_ctx *, const struct idx_result *,
		    const char *text, size_t len, enum text_lang, size_t maxlen);

/* ---- feeding the index from the store (idx_load.c) --------------------- */

struct db;

/*
 * Indexes every published practice, organisation, city and partnership of
 * the store. Keys are "kind/slug". Returns ERR_OK and the number of
 * documents in *n, or the store's error.
 */
enum err	 idx_load(struct idx *, struct idx_ctx *, struct db *, size_t *n);

#endif

/* site.h - what the web serves from: a read-only snapshot of the store's
 * records and the search index built from them.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_SITE_H
#define INTERCITY_SITE_H

#include <pthread.h>
#include <time.h>

#include <jansson.h>

#include "err.h"
#include "idx.h"
#include "model.h"
#include "text.h"

/*
 * The store is the truth; the site is derived from it at start-up, like
 * the index, so pages are rendered from memory without a query per
 * request. Nothing in a site changes after site_load: any number of
 * threads read it at once.
 */
struct site {
	struct idx	*idx;
	json_t		*recs[KIND__MAX];	/* slug -> record (countries
						   by upper-case code) */
	json_t		*published;	/* published practices, newest first */
	json_t		*topics;	/* topic records in file order */
	json_t		*org_practices;	/* organisation slug -> [practice] */
	json_t		*org_members;	/* organisation slug -> [membership] */
	json_t		*city_members;	/* city slug -> [membership] */
	json_t		*city_partners;	/* city slug -> [partnership] */
	json_t		*city_practices; /* city slug -> [practice], newest
					   first */
	json_t		*org_children;	/* organisation slug -> [organisation]
					   whose parent it is */
	json_t		*claims;	/* "kind/slug" -> [claim], preferred
					   first */
	time_t		 loaded;	/* when; Last-Modified of pages */
	/* Rendered fragments worth keeping (graph layouts): the one part of
	 * a site that changes after loading, under its own lock. */
	pthread_mutex_t	 cache_lock;
	json_t		*cache;		/* key -> string */
	size_t		 cachesz;	/* bytes held in cache */
};

#define SITE_CACHE_MAX	(64 * 1024 * 1024)	/* bytes of fragments */

/*
 * A fragment cached under key, or NULL. The string stays valid as long as
 * the site: entries are never replaced or removed.
 */
const char	*site_cache_get(struct site *, const char *key);
/* Keeps a copy of the fragment unless the key is there or the cache is
 * full (SITE_CACHE_MAX). */
void		 site_cache_put(struct site *, const char *key, const char *s);
/* From now on, in every site, no fragment is kept and none is found (serve
 * --no-cache: pages rendered whole, to measure or to compare). */
void		 site_cache_off(void);
/* 0 after site_cache_off: pages also take no shortcut through the derived
 * maps where they could look at every record, so the two can be compared. */
int		 site_cache_on(void);

/* Reads the store and builds the index. ERR_* with *msg on failure. */
enum err	 site_load(struct db *, struct site **, char **msg);
void		 site_free(struct site *);

/* A record by kind and slug (countries by code), borrowed; NULL if none. */
json_t		*site_get(const struct site *, enum kind, const char *slug);

/*
 * The text of an i18n value in lang, or else in English, Catalan, Spanish,
 * French, Italian, or any language present. *got (may be NULL) says which
 * was used. NULL when the value has no text at all.
 */
const char	*site_text(json_t *i18n, enum text_lang lang,
		    enum text_lang *got);
/* 1 when the i18n value's text in lang is marked machine-translated. */
int		 site_machine(json_t *i18n, enum text_lang lang);

/* Display names in lang: country by code, topic, city, organisation or
 * group by slug. The slug itself when unknown. */
const char	*site_name(const struct site *, enum kind, const char *slug,
		    enum text_lang);

/*
 * Keeps *slot in step with the store: a thread asks the store every second
 * whether another process wrote to it (db_data_version; `version` is the
 * value read before the current site was loaded) and, if so, builds a new
 * site and swaps it in. Requests still using the previous site run on: it
 * is freed a minute later, far beyond any request's life (clients idle for
 * 30 s are dropped; pages render in milliseconds). The watcher owns db.
 * NULL when out of memory (db is closed then).
 */
struct site_watch;
struct site_watch *site_watch(struct db *, long version,
		    struct site *_Atomic *slot);
/* Stops the thread, frees the sites it retired and closes its store. */
void		 site_unwatch(struct site_watch *);

/* The cities of a partnership: its city parties, then the cities of its
 * group parties (at most 64). Returns how many. */
size_t		 site_party_cities(const struct site *, json_t *partnership,
		    const char *out[64]);
/* 1 when the city has a membership of the organisation. */
/* Members of an organisation now: memberships without an end, or ending
 * after today (UTC). */
size_t		 site_current_members(const struct site *, const char *org);
int		 site_member_of(const struct site *, const char *city,
		    const char *org);

/* A search facet value's display name in lang: topic, country, city and
 * organisation names, a language's own name; the value itself otherwise. */
const char	*site_facet_label(const struct site *, enum idx_facet,
		    const char *value, enum text_lang);

/* This thread's search context (created on first use, freed when the
 * thread ends). NULL when out of memory. */
struct idx_ctx	*site_ctx(void);

#endif

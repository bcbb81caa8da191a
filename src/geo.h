/* geo.h - the gazetteer: places by folded name and country, distances.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_GEO_H
#define INTERCITY_GEO_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Longest name key kept, in bytes; longer names are cut. */
#define GEO_KEY_MAX	160
/* Default acceptance radius between a given point and the gazetteer's. */
#define GEO_MAXKM_DEFAULT	30.0
/* Radius of geo_similar(): a name that is not in the gazetteer may be a
 * spelling of a place this close to its point, never farther. */
#define GEO_SIMILAR_KM	5.0
/* An alternate name ("Cologne") is taken within this radius at most... */
#define GEO_ALT_KM	10.0
/* ...and within this one when a place far away bears it as its main name
 * ("Hudson", New Jersey, is not Jersey City, once called Hudson). */
#define GEO_ALT_OVER_KM	2.0
/* Without a point, an alternate name is taken only when one place of the
 * country bears it and that place has at least this many inhabitants. */
#define GEO_ALT_POP	150000

/* A place of the gazetteer. Strings are owned by the gazetteer. */
struct geo_place {
	uint32_t	 id;		/* GeoNames id */
	const char	*name;		/* GeoNames' name, UTF-8 */
	const char	*ascii;		/* plain-ASCII spelling, or "" */
	char		 cc[3];		/* ISO 3166-1 alpha-2 */
	double		 lat, lon;
	long		 population;	/* 0 when unknown */
	const char	*alts;		/* other names, comma-separated, or "" */
};

/* Which of a place's names a lookup compares with. */
enum geo_names {
	GEO_NAMES_MAIN,		/* its name and ASCII name */
	GEO_NAMES_ALT,		/* its alternate names (exonyms such as
				   "Cologne", older names, transliterations) */
	GEO_NAMES__MAX
};

struct geo;

/*
 * Loads a gazetteer file (data/gazetteer.tsv.gz; gzipped or plain, see
 * data/README.md). Returns NULL and sets *msg (heap, the caller frees) when
 * the file cannot be read or a line is malformed. Free with geo_free().
 */
struct geo	*geo_load(const char *path, char **msg);
void		 geo_free(struct geo *);
size_t		 geo_size(const struct geo *);

/*
 * The key a name is looked up by: NFKC, case and accents folded, every run
 * of ASCII punctuation and spaces one space, trimmed ("Saint-Étienne" and
 * "saint etienne" give "saint etienne"). Writes at most GEO_KEY_MAX bytes and
 * a NUL to out; returns the length, 0 for an empty key or invalid UTF-8.
 */
size_t		 geo_key(const char *name, char out[GEO_KEY_MAX + 1]);

/*
 * The places of a country one of whose names (which: main or alternate) has
 * the key of name. Fills out[] with up to outsz of them (in GeoNames id
 * order) and returns how many there are in all. The pointers live as long as
 * the gazetteer.
 */
size_t		 geo_lookup(const struct geo *, const char *name,
		    const char *cc, enum geo_names which,
		    const struct geo_place **out, size_t outsz);

/*
 * The place of a country nearest to a point, whatever its name, if one lies
 * within maxkm (its distance in *km); else NULL. A linear walk over the
 * country's places: for hints in reports, not for matching.
 */
const struct geo_place *geo_nearest(const struct geo *, const char *cc,
		    double lat, double lon, double maxkm, double *km);

/* Great-circle distance in km (haversine, mean Earth radius 6371.0088 km). */
double		 geo_distance_km(double lat1, double lon1, double lat2,
		    double lon2);

enum geo_status {
	GEO_FOUND,	/* one place chosen */
	GEO_NONE,	/* no place of that name in that country */
	GEO_TOO_FAR,	/* places of that name, all beyond the radius */
	GEO__MAX
};

struct geo_match {
	const struct geo_place	*place;	/* GEO_FOUND: the place; GEO_TOO_FAR:
					   the nearest one; else NULL */
	double			 km;	/* distance from the given point to
					   place, or -1 without a point */
	size_t			 candidates; /* places with the name */
	enum geo_names		 by;	/* GEO_FOUND: which name matched */
};

/*
 * Reconciles a name in a country: among the places with the name's key,
 * the nearest to (lat, lon) when has_point, which must then lie within
 * maxkm; without a point, the most populous (ties: the lowest id). Places'
 * main names are tried first; their alternate names only when no main name
 * gives a place (so "Cologne" in Italy is Cologne, in Germany Köln), and
 * more strictly (GEO_ALT_KM, GEO_ALT_OVER_KM, GEO_ALT_POP).
 */
enum geo_status	 geo_resolve(const struct geo *, const char *name,
		    const char *cc, int has_point, double lat, double lon,
		    double maxkm, struct geo_match *);

/*
 * For a name that no place of its country bears: the nearest place within
 * maxkm of (lat, lon) whose name or ASCII name (not an alternate) is a
 * spelling of it, in *km its distance; else NULL. Spellings, compared on
 * geo_key()s without spaces and apostrophes: the same letters ("Guryevsk",
 * "Gur'yevsk"); one edit apart (two from 10 letters) with the same first
 * letter, as many words and no digit ("Odesa", "Odessa"; "Mukachevo",
 * "Mukacheve"); or one name and the other with a qualifier ("Rottenburg am
 * Neckar", "Rottenburg"; "Bad Kötzting", "Kötzting").
 * Nothing else: "Prague 1" is not Malá Strana nor "Anderlecht" Brussels,
 * however near.
 */
const struct geo_place *geo_similar(const struct geo *, const char *name,
		    const char *cc, double lat, double lon, double maxkm,
		    double *km);

/* Whether two names are spellings of each other by the rules above. */
int		 geo_same_spelling(const char *a, const char *b);

#endif

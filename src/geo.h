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

/* A place of the gazetteer. Strings are owned by the gazetteer. */
struct geo_place {
	uint32_t	 id;		/* GeoNames id */
	const char	*name;		/* GeoNames' name, UTF-8 */
	const char	*ascii;		/* plain-ASCII spelling, or "" */
	char		 cc[3];		/* ISO 3166-1 alpha-2 */
	double		 lat, lon;
	long		 population;	/* 0 when unknown */
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
 * The places of a country whose name or ASCII name has the key of name.
 * Fills out[] with up to outsz of them (in GeoNames id order) and returns how
 * many there are in all. The pointers live as long as the gazetteer.
 */
size_t		 geo_lookup(const struct geo *, const char *name,
		    const char *cc, const struct geo_place **out, size_t outsz);

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
};

/*
 * Reconciles a name in a country: among the places with the name's key,
 * the nearest to (lat, lon) when has_point, which must then lie within
 * maxkm; without a point, the most populous (ties: the lowest id).
 */
enum geo_status	 geo_resolve(const struct geo *, const char *name,
		    const char *cc, int has_point, double lat, double lon,
		    double maxkm, struct geo_match *);

#endif

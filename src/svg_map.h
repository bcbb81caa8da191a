/* svg_map.h - server-made SVG world maps: country shapes from
 * data/world.json in the Equal Earth projection, cities as points and
 * partnerships as great-circle arcs.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_SVG_MAP_H
#define INTERCITY_SVG_MAP_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* The world map's viewBox is 0 0 SVG_MAP_W svg_map_h (the height follows
 * from Equal Earth's aspect ratio, 2.05458). */
#define SVG_MAP_W	1000.0
extern const double	 svg_map_h;

struct svg_map_point {
	const char	*id;		/* data-city, e.g. a slug; required */
	const char	*label;		/* the point's <title>, e.g. a name; or NULL */
	double		 lat, lon;	/* degrees, WGS 84 */
	int		 highlight;	/* draw with class "hl" */
};

struct svg_map_arc {
	size_t		 from, to;	/* indices into svg_map.points */
};

struct svg_map {
	const char			*id;	/* prefix of the element ids ("map" if NULL) */
	const char			*title;	/* <title>, required */
	const char			*desc;	/* <desc>, or NULL */
	const struct svg_map_point	*points;
	size_t				 pointsz;	/* entries in points */
	const struct svg_map_arc	*arcs;
	size_t				 arcsz;		/* entries in arcs */
	const char *const		*countries;	/* alpha-2 codes drawn with class "hl" */
	size_t				 countriesz;	/* entries in countries */
	int				 fit;	/* fit the viewBox to the points and arcs */
};

/*
 * Loads the country shapes (data/world.json) once, projecting them ahead of
 * rendering. On failure returns ERR_IO, ERR_INVALID or ERR_NOMEM and, when
 * msg is not NULL, sets *msg to a sentence the caller frees. Loading again
 * replaces the shapes; not thread-safe: call it before serving.
 */
enum err	 svg_map_load(const char *path, char **msg);
void		 svg_map_free(void);

/*
 * Appends an <svg> element to b: role="img" with a <title> and <desc>, one
 * <path data-country="ES"> per country, one <path class="arc"> per arc and
 * one <circle data-city> per point, every string escaped. Without loaded
 * shapes the map has points and arcs only. With fit set, the viewBox frames
 * the points and arcs with a margin and only countries that touch it are
 * drawn. Returns ERR_INVALID for a missing title or point id, a point off
 * the globe (|lat| > 90, |lon| > 180, NaN) or an arc index out of range
 * (b is then unchanged), ERR_NOMEM when b ran out of memory.
 */
enum err	 svg_map(struct buf *b, const struct svg_map *);

/* Equal Earth on the unit sphere (Šavrič, Patterson and Jenny, 2018):
 * x east, y north, |x| <= 2.70663, |y| <= 1.31736. */
void		 svg_map_equal_earth(double lat, double lon, double *x, double *y);
/* The same scaled into the world map's viewBox: x right, y down. */
void		 svg_map_xy(double lat, double lon, double *x, double *y);

#endif

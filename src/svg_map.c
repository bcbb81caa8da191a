/* svg_map.c - server-made SVG world maps in the Equal Earth projection:
 * country shapes, city points and great-circle arcs, escaped by construction.
 * SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "html.h"
#include "svg_map.h"

/*
 * Coordinates are written in tenths of a viewBox unit: integers ("tenths")
 * internally, printed with at most one decimal. Country paths and arcs use
 * relative moves ("l") between rounded points, so the sum of the deltas is
 * exact and a 1000-unit-wide world stays light.
 */

/* ---- Equal Earth ---------------------------------------------------------- */

#define EE_A1	 1.340264
#define EE_A2	(-0.081106)
#define EE_A3	 0.000893
#define EE_A4	 0.003796
/* x at lon 180, lat 0 and y at lat 90 on the unit sphere, from the formulas
 * below (2 sqrt(3) pi / (3 A1), and y(pi/3)). */
#define EE_XMAX	 2.7066299836960743
#define EE_YMAX	 1.3173627591574133
#define MAP_SCALE	(SVG_MAP_W / (2 * EE_XMAX))

const double	 svg_map_h = 2 * EE_YMAX * (SVG_MAP_W / (2 * EE_XMAX));

#define DEG	(M_PI / 180)

void
svg_map_equal_earth(double lat, double lon, double *x, double *y)
{
	double	 t = asin(sqrt(3) / 2 * sin(lat * DEG));
	double	 t2 = t * t, t6 = t2 * t2 * t2;

	*x = 2 * sqrt(3) * (lon * DEG) * cos(t) /
	    (3 * (9 * EE_A4 * t6 * t2 + 7 * EE_A3 * t6 + 3 * EE_A2 * t2 + EE_A1));
	*y = t * (EE_A1 + EE_A2 * t2 + t6 * (EE_A3 + EE_A4 * t2));
}

void
svg_map_xy(double lat, double lon, double *x, double *y)
{
	double	 ex, ey;

	svg_map_equal_earth(lat, lon, &ex, &ey);
	*x = (ex + EE_XMAX) * MAP_SCALE;
	*y = (EE_YMAX - ey) * MAP_SCALE;
}

/* A projected point in tenths of a viewBox unit. */
struct pt {
	long	 x, y;
};

static struct pt
project(double lat, double lon)
{
	struct pt	 p;
	double		 x, y;

	svg_map_xy(lat, lon, &x, &y);
	p.x = lround(x * 10);
	p.y = lround(y * 10);
	return p;
}

/* A number in tenths, shortest form: 12.0 -> "12", -0.5 -> "-0.5". */
static void
put_tenths(struct buf *b, long v)
{
	const char	*sign = v < 0 ? "-" : "";
	long		 a = labs(v);

	if (a % 10 == 0)
		buf_printf(b, "%s%ld", sign, a / 10);
	else
		buf_printf(b, "%s%ld.%ld", sign, a / 10, a % 10);
}

/* "x y" or "x-y": the separator is only needed before a positive number. */
static void
put_pair(struct buf *b, long x, long y)
{
	put_tenths(b, x);
	if (y >= 0)
		buf_putc(b, ' ');
	put_tenths(b, y);
}

/* A polyline as "Mx y" then one relative "l" with the deltas. Repeated
 * points are skipped; a closed ring ends in "z". */
struct pathw {
	struct buf	*b;
	struct pt	 last;
	int		 n;	/* points written in this subpath */
};

static void
path_move(struct pathw *w, struct pt p)
{
	buf_putc(w->b, 'M');
	put_pair(w->b, p.x, p.y);
	w->last = p;
	w->n = 1;
}

static void
path_line(struct pathw *w, struct pt p)
{
	long	 dx = p.x - w->last.x, dy = p.y - w->last.y;

	if (dx == 0 && dy == 0)
		return;
	if (w->n == 1)
		buf_putc(w->b, 'l');
	else if (dx >= 0)
		buf_putc(w->b, ' ');
	put_pair(w->b, dx, dy);
	w->last = p;
	w->n++;
}

/* ---- the country shapes --------------------------------------------------- */

struct country {
	char		 id[3];		/* alpha-2 code, or "" */
	char		*d;		/* the path data, in world coordinates */
	struct pt	 min, max;	/* bounding box */
};

static struct {
	struct country	*c;
	size_t		 csz;	/* entries in c */
} world;

void
svg_map_free(void)
{
	size_t	 i;

	for (i = 0; i < world.csz; i++)
		free(world.c[i].d);
	free(world.c);
	world.c = NULL;
	world.csz = 0;
}

static enum err
load_fail(char **msg, enum err e, const char *path, const char *what)
{
	size_t	 n;

	if (msg != NULL) {
		n = strlen(path) + strlen(what) + 3;
		if ((*msg = malloc(n)) != NULL)
			snprintf(*msg, n, "%s: %s", path, what);
	}
	return e;
}

/* One country's rings into c; returns a sentence on bad data, NULL if fine
 * (c->d is NULL after running out of memory). */
static const char *
load_country(struct country *c, json_t *jc, double scale)
{
	json_t		*jid = json_object_get(jc, "id");
	json_t		*rings = json_object_get(jc, "rings"), *r;
	struct buf	 b = { 0 };
	struct pathw	 w = { &b, { 0, 0 }, 0 };
	struct pt	 p;
	size_t		 i, k;
	const char	*id;

	if (json_is_string(jid)) {
		id = json_string_value(jid);
		if (strlen(id) != 2 || !isupper((unsigned char)id[0]) ||
		    !isupper((unsigned char)id[1]))
			return "a country id is not an alpha-2 code";
		memcpy(c->id, id, 3);
	} else if (!json_is_null(jid))
		return "a country id is neither a string nor null";
	if (!json_is_array(rings))
		return "a country has no rings";
	c->min.x = c->min.y = LONG_MAX;
	c->max.x = c->max.y = LONG_MIN;
	json_array_foreach(rings, i, r) {
		if (!json_is_array(r) || json_array_size(r) < 6 ||
		    json_array_size(r) % 2 != 0)
			return "a ring is not an even list of at least 6 numbers";
		for (k = 0; k < json_array_size(r); k += 2) {
			json_t	*lon = json_array_get(r, k), *lat = json_array_get(r, k + 1);

			if (!json_is_integer(lon) || !json_is_integer(lat))
				return "a ring holds a value that is not an integer";
			p = project((double)json_integer_value(lat) / scale,
			    (double)json_integer_value(lon) / scale);
			if (k == 0)
				path_move(&w, p);
			else
				path_line(&w, p);
			if (p.x < c->min.x) c->min.x = p.x;
			if (p.y < c->min.y) c->min.y = p.y;
			if (p.x > c->max.x) c->max.x = p.x;
			if (p.y > c->max.y) c->max.y = p.y;
		}
		buf_putc(&b, 'z');
	}
	c->d = buf_take(&b);
	return NULL;
}

enum err
svg_map_load(const char *path, char **msg)
{
	json_error_t	 je;
	json_t		*root = NULL, *list, *jc;
	double		 scale;
	size_t		 i;
	const char	*bad;
	enum err	 e = ERR_OK;

	if (msg != NULL)
		*msg = NULL;
	svg_map_free();
	if ((root = json_load_file(path, 0, &je)) == NULL) {
		e = load_fail(msg, je.line < 0 ? ERR_IO : ERR_INVALID, path, je.text);
		goto out;
	}
	list = json_object_get(root, "countries");
	scale = json_number_value(json_object_get(root, "scale"));
	if (!json_is_array(list) || json_array_size(list) == 0 || !(scale >= 1)) {
		e = load_fail(msg, ERR_INVALID, path, "no \"countries\" or \"scale\"");
		goto out;
	}
	if ((world.c = calloc(json_array_size(list), sizeof(*world.c))) == NULL) {
		e = load_fail(msg, ERR_NOMEM, path, "out of memory");
		goto out;
	}
	json_array_foreach(list, i, jc) {
		world.csz = i + 1;
		if ((bad = load_country(&world.c[i], jc, scale)) != NULL) {
			e = load_fail(msg, ERR_INVALID, path, bad);
			goto out;
		}
		if (world.c[i].d == NULL) {
			e = load_fail(msg, ERR_NOMEM, path, "out of memory");
			goto out;
		}
	}
out:
	if (e != ERR_OK)
		svg_map_free();
	json_decref(root);
	return e;
}

/* ---- great circles -------------------------------------------------------- */

/* Degrees of arc per sample along a great circle. */
#define ARC_STEP	3.0
#define ARC_MAXSAMPLES	121

struct vec {
	double	 x, y, z;
};

static struct vec
to_vec(double lat, double lon)
{
	struct vec	 v = { cos(lat * DEG) * cos(lon * DEG),
	    cos(lat * DEG) * sin(lon * DEG), sin(lat * DEG) };

	return v;
}

static void
from_vec(struct vec v, double *lat, double *lon)
{
	*lat = atan2(v.z, hypot(v.x, v.y)) / DEG;
	*lon = atan2(v.y, v.x) / DEG;
}

/*
 * Samples the great circle from a to b into lat[] and lon[] (at least 2,
 * at most ARC_MAXSAMPLES points, ends exactly at a and b); returns the
 * count. Antipodal points have no single great circle: the one through
 * the point 90 degrees from a towards the north pole (or towards lon 0 at
 * a pole) is taken.
 */
static size_t
arc_sample(const struct svg_map_point *a, const struct svg_map_point *b,
    double *lat, double *lon)
{
	struct vec	 va = to_vec(a->lat, a->lon), vb = to_vec(b->lat, b->lon);
	struct vec	 u;	/* unit vector orthogonal to va in the arc's plane */
	double		 d, w, s, t, len;
	size_t		 n, i;

	d = va.x * vb.x + va.y * vb.y + va.z * vb.z;
	d = d > 1 ? 1 : d < -1 ? -1 : d;
	w = acos(d);
	u.x = vb.x - d * va.x;
	u.y = vb.y - d * va.y;
	u.z = vb.z - d * va.z;
	len = sqrt(u.x * u.x + u.y * u.y + u.z * u.z);
	if (len < 1e-9) {
		/* Same or antipodal point: any perpendicular will do. */
		if (fabs(va.z) < 0.999999) {
			u.x = -va.z * va.x;
			u.y = -va.z * va.y;
			u.z = 1 - va.z * va.z;
		} else {
			u.x = 1;
			u.y = u.z = 0;
		}
		len = sqrt(u.x * u.x + u.y * u.y + u.z * u.z);
	}
	u.x /= len;
	u.y /= len;
	u.z /= len;
	n = (size_t)ceil(w / DEG / ARC_STEP) + 1;
	if (n < 2)
		n = 2;
	if (n > ARC_MAXSAMPLES)
		n = ARC_MAXSAMPLES;
	lat[0] = a->lat;
	lon[0] = a->lon;
	for (i = 1; i + 1 < n; i++) {
		struct vec	 v;

		t = w * (double)i / (double)(n - 1);
		s = sin(t);
		v.x = cos(t) * va.x + s * u.x;
		v.y = cos(t) * va.y + s * u.y;
		v.z = cos(t) * va.z + s * u.z;
		from_vec(v, &lat[i], &lon[i]);
	}
	lat[n - 1] = b->lat;
	lon[n - 1] = b->lon;
	return n;
}

/*
 * Writes the sampled arc as path data, cut where it crosses the
 * antimeridian: the segment is ended at lon +-180 (the latitude
 * interpolated along it) and a new subpath starts on the other edge.
 * Widens the bounding box (min, max) to the points written.
 */
static void
arc_path(struct buf *b, const double *lat, const double *lon, size_t n,
    struct pt *min, struct pt *max)
{
	struct pathw	 w = { b, { 0, 0 }, 0 };
	struct pt	 p;
	size_t		 i;
	double		 l0, l1, edge, f, cl;

	for (i = 0; i < n; i++) {
		if (i > 0 && fabs(lon[i] - lon[i - 1]) > 180) {
			l0 = lon[i - 1];
			l1 = lon[i] + (lon[i] > l0 ? -360 : 360);
			edge = l1 > l0 ? 180 : -180;
			f = (edge - l0) / (l1 - l0);
			cl = lat[i - 1] + f * (lat[i] - lat[i - 1]);
			path_line(&w, project(cl, edge));
			path_move(&w, project(cl, -edge));
		}
		p = project(lat[i], lon[i]);
		if (i == 0)
			path_move(&w, p);
		else
			path_line(&w, p);
		if (p.x < min->x) min->x = p.x;
		if (p.y < min->y) min->y = p.y;
		if (p.x > max->x) max->x = p.x;
		if (p.y > max->y) max->y = p.y;
	}
	/* A zero-length arc (a city paired with itself) still has a point. */
	if (w.n == 1)
		buf_puts(b, "l0 0");
}

/* ---- rendering ------------------------------------------------------------ */

/* Fitting: the smallest frame, in tenths, and its shape. */
#define FIT_MINW	600	/* 60 units, about 2,000 km */
#define FIT_MARGIN	0.15	/* of the framed size, on each side */
#define FIT_ASPECT	1.6	/* width / height at least, at most */

/* The viewBox in tenths. */
struct box {
	long	 x, y, w, h;
};

static struct box
fit_box(struct pt min, struct pt max)
{
	struct box	 v;
	long		 worldw = lround(SVG_MAP_W * 10), worldh = lround(svg_map_h * 10);
	double		 w = (double)(max.x - min.x), h = (double)(max.y - min.y);
	double		 cx = (double)(max.x + min.x) / 2, cy = (double)(max.y + min.y) / 2;

	w *= 1 + 2 * FIT_MARGIN;
	h *= 1 + 2 * FIT_MARGIN;
	if (w < FIT_MINW)
		w = FIT_MINW;
	if (w < h * FIT_ASPECT)
		w = h * FIT_ASPECT;
	if (h < w / FIT_ASPECT)
		h = w / FIT_ASPECT;
	v.w = lround(w);
	v.h = lround(h);
	if (v.w >= worldw || v.h >= worldh) {
		v.x = v.y = 0;
		v.w = worldw;
		v.h = worldh;
		return v;
	}
	v.x = lround(cx - w / 2);
	v.y = lround(cy - h / 2);
	/* Keep the frame on the map rather than over empty space. */
	if (v.x < 0) v.x = 0;
	if (v.y < 0) v.y = 0;
	if (v.x + v.w > worldw) v.x = worldw - v.w;
	if (v.y + v.h > worldh) v.y = worldh - v.h;
	return v;
}

static int
country_listed(const struct svg_map *m, const char *id)
{
	size_t	 i;

	for (i = 0; i < m->countriesz; i++)
		if (m->countries[i] != NULL && strcmp(m->countries[i], id) == 0)
			return 1;
	return 0;
}

/* The Equal Earth outline: the meridians +-180 from pole to pole. */
static void
outline(struct buf *b)
{
	struct pathw	 w = { b, { 0, 0 }, 0 };
	int		 lat;

	for (lat = -90; lat <= 90; lat += 5)
		if (lat == -90)
			path_move(&w, project(lat, -180));
		else
			path_line(&w, project(lat, -180));
	for (lat = 90; lat >= -90; lat -= 5)
		path_line(&w, project(lat, 180));
	buf_putc(b, 'z');
}

enum err
svg_map(struct buf *b, const struct svg_map *m)
{
	struct buf	 arcs = { 0 };
	double		 lat[ARC_MAXSAMPLES], lon[ARC_MAXSAMPLES];
	const char	*id = m->id != NULL ? m->id : "map";
	struct pt	 min = { LONG_MAX, LONG_MAX }, max = { LONG_MIN, LONG_MIN };
	struct pt	 p;
	struct box	 v = { 0, 0, lround(SVG_MAP_W * 10), lround(svg_map_h * 10) };
	long		 r;
	size_t		 i, n;
	enum err	 e = ERR_OK;

	if (m->title == NULL || *id == '\0')
		return ERR_INVALID;
	for (i = 0; i < m->pointsz; i++)
		if (m->points[i].id == NULL ||
		    !(fabs(m->points[i].lat) <= 90) || !(fabs(m->points[i].lon) <= 180))
			return ERR_INVALID;
	for (i = 0; i < m->arcsz; i++)
		if (m->arcs[i].from >= m->pointsz || m->arcs[i].to >= m->pointsz)
			return ERR_INVALID;

	/* Arcs first, into their own buffer: they widen the fitted frame. */
	for (i = 0; i < m->arcsz; i++) {
		const struct svg_map_point	*a = &m->points[m->arcs[i].from];
		const struct svg_map_point	*z = &m->points[m->arcs[i].to];

		html_lit(&arcs, "<path class=\"arc\" data-from=\"");
		html_attr(&arcs, a->id);
		html_lit(&arcs, "\" data-to=\"");
		html_attr(&arcs, z->id);
		html_lit(&arcs, "\" d=\"");
		n = arc_sample(a, z, lat, lon);
		arc_path(&arcs, lat, lon, n, &min, &max);
		html_lit(&arcs, "\"/>\n");
	}
	for (i = 0; i < m->pointsz; i++) {
		p = project(m->points[i].lat, m->points[i].lon);
		if (p.x < min.x) min.x = p.x;
		if (p.y < min.y) min.y = p.y;
		if (p.x > max.x) max.x = p.x;
		if (p.y > max.y) max.y = p.y;
	}
	if (m->fit && m->pointsz > 0)
		v = fit_box(min, max);
	/* Points keep their size on screen whatever the frame: 3 units in
	 * the whole world, in tenths. */
	r = lround((double)v.w * 3 / SVG_MAP_W);
	if (r < 1)
		r = 1;

	html_lit(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"");
	put_tenths(b, v.x);
	buf_putc(b, ' ');
	put_tenths(b, v.y);
	buf_putc(b, ' ');
	put_tenths(b, v.w);
	buf_putc(b, ' ');
	put_tenths(b, v.h);
	html_lit(b, "\" role=\"img\" aria-labelledby=\"");
	html_attr(b, id);
	html_lit(b, "-title");
	if (m->desc != NULL) {
		html_lit(b, " ");
		html_attr(b, id);
		html_lit(b, "-desc");
	}
	html_lit(b, "\">\n<title id=\"");
	html_attr(b, id);
	html_lit(b, "-title\">");
	html_str(b, m->title);
	html_lit(b, "</title>\n");
	if (m->desc != NULL) {
		html_lit(b, "<desc id=\"");
		html_attr(b, id);
		html_lit(b, "-desc\">");
		html_str(b, m->desc);
		html_lit(b, "</desc>\n");
	}
	if (!m->fit) {
		html_lit(b, "<path class=\"sphere\" d=\"");
		outline(b);
		html_lit(b, "\"/>\n");
	}

	html_lit(b, "<g class=\"countries\">\n");
	for (i = 0; i < world.csz; i++) {
		const struct country	*c = &world.c[i];

		/* Outside the frame: not sent. */
		if (c->max.x < v.x || c->min.x > v.x + v.w ||
		    c->max.y < v.y || c->min.y > v.y + v.h)
			continue;
		html_lit(b, "<path");
		if (c->id[0] != '\0') {
			if (country_listed(m, c->id))
				html_lit(b, " class=\"hl\"");
			html_lit(b, " data-country=\"");
			html_attr(b, c->id);
			html_lit(b, "\"");
		}
		html_lit(b, " d=\"");
		buf_puts(b, c->d);	/* digits and path letters only, built at load */
		html_lit(b, "\"/>\n");
	}
	html_lit(b, "</g>\n<g class=\"arcs\">\n");
	if (arcs.p != NULL)
		buf_put(b, arcs.p, arcs.len);
	html_lit(b, "</g>\n<g class=\"cities\">\n");
	for (i = 0; i < m->pointsz; i++) {
		const struct svg_map_point	*pt = &m->points[i];

		p = project(pt->lat, pt->lon);
		if (pt->highlight)
			html_lit(b, "<circle class=\"hl\" data-city=\"");
		else
			html_lit(b, "<circle data-city=\"");
		html_attr(b, pt->id);
		html_lit(b, "\" cx=\"");
		put_tenths(b, p.x);
		html_lit(b, "\" cy=\"");
		put_tenths(b, p.y);
		html_lit(b, "\" r=\"");
		put_tenths(b, r);
		if (pt->label != NULL) {
			html_lit(b, "\"><title>");
			html_str(b, pt->label);
			html_lit(b, "</title></circle>\n");
		} else
			html_lit(b, "\"/>\n");
	}
	html_lit(b, "</g>\n</svg>\n");
	if (arcs.oom || b->oom)
		e = ERR_NOMEM;
	buf_free(&arcs);
	return e;
}

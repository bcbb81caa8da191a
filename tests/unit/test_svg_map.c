/* test_svg_map.c - the SVG world map in svg_map.c: Equal Earth values,
 * well-formed SVG whose points, arcs and countries match the input
 * (recomputed and compared), escaping of hostile text, the fitted small
 * map, and the weight of a whole-world map with 200 cities and 300 arcs.
 * SPDX-License-Identifier: MIT
 */
#include "testutil.h"

#include <ctype.h>
#include <math.h>

#include <zlib.h>

#include "svg_map.h"

/* ---- helpers that read the SVG back ---------------------------------------- */

/*
 * A small well-formedness check: tags nest and close, attribute values are
 * quoted and hold no "<", every "&" starts an entity XML knows. Returns NULL
 * when well-formed, else where it broke.
 */
static const char *
xml_check(const char *s)
{
	const char	*stack[64];
	size_t		 namelen[64], depth = 0, n;
	const char	*p = s, *name;
	int		 elements = 0;

	while (*p) {
		if (*p == '&') {
			if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) &&
			    strncmp(p, "&gt;", 4) && strncmp(p, "&quot;", 6) &&
			    strncmp(p, "&apos;", 6) && strncmp(p, "&#", 2))
				return p;
			p++;
			continue;
		}
		if (*p == '>')
			return p;
		if (*p != '<') {
			p++;
			continue;
		}
		p++;
		if (*p == '/') {
			p++;
			name = p;
			while (isalnum((unsigned char)*p))
				p++;
			n = (size_t)(p - name);
			if (depth == 0 || n != namelen[depth - 1] ||
			    strncmp(name, stack[depth - 1], n) || *p != '>')
				return name;
			depth--;
			p++;
			continue;
		}
		name = p;
		while (isalnum((unsigned char)*p))
			p++;
		if (p == name)
			return p;
		n = (size_t)(p - name);
		elements++;
		for (;;) {
			while (*p == ' ' || *p == '\n')
				p++;
			if (*p == '>' || (p[0] == '/' && p[1] == '>'))
				break;
			while (isalnum((unsigned char)*p) || *p == '-')
				p++;
			if (p[0] != '=' || p[1] != '"')
				return p;
			p += 2;
			while (*p && *p != '"') {
				if (*p == '<')
					return p;
				if (*p == '&' && strncmp(p, "&amp;", 5) &&
				    strncmp(p, "&lt;", 4) && strncmp(p, "&gt;", 4) &&
				    strncmp(p, "&quot;", 6) && strncmp(p, "&#", 2))
					return p;
				p++;
			}
			if (*p++ != '"')
				return p;
		}
		if (*p == '/') {
			p += 2;
			continue;
		}
		if (depth == 64)
			return p;
		stack[depth] = name;
		namelen[depth++] = n;
		p++;
	}
	return depth == 0 && elements > 0 ? NULL : "unclosed";
}

static size_t
count(const char *hay, const char *needle)
{
	size_t	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* The element that starts with `start` (e.g. `<circle data-city="bcn"`),
 * which must occur exactly once; returns it up to its ">", in a static
 * buffer. */
static const char *
element(const char *svg, const char *start)
{
	static char	 el[65536];
	const char	*p = strstr(svg, start), *e;

	if (p == NULL) {
		fail_msg("no %s", start);
		return "";
	}
	if (strstr(p + 1, start) != NULL)
		fail_msg("%s more than once", start);
	e = strchr(p, '>');
	assert_non_null(e);
	assert_true((size_t)(e - p) < sizeof(el));
	memcpy(el, p, (size_t)(e - p));
	el[e - p] = '\0';
	return el;
}

/* An attribute's value as a number. */
static double
attr_num(const char *el, const char *name)
{
	char		 key[64];
	const char	*p;

	snprintf(key, sizeof(key), " %s=\"", name);
	p = strstr(el, key);
	if (p == NULL)
		fail_msg("no %s in %s", name, el);
	return strtod(p + strlen(key), NULL);
}

/* Path data ("Mx yl1 2 3-4...z") as absolute points; starts[] gets the
 * index where each subpath begins. Returns the number of points. */
static size_t
path_points(const char *d, double *x, double *y, size_t max,
    size_t *starts, size_t *nstarts)
{
	size_t	 n = 0;
	char	 cmd = 0;
	char	*end;
	double	 a, b;

	*nstarts = 0;
	while (*d && *d != '"') {
		if (*d == 'M' || *d == 'l' || *d == 'z') {
			cmd = *d++;
			continue;
		}
		if (*d == ' ') {
			d++;
			continue;
		}
		a = strtod(d, &end);
		assert_true(end != d);
		d = end;
		while (*d == ' ')
			d++;
		b = strtod(d, &end);
		assert_true(end != d);
		d = end;
		assert_true(n < max);
		if (cmd == 'M') {
			starts[(*nstarts)++] = n;
			x[n] = a;
			y[n] = b;
		} else {
			assert_int_equal(cmd, 'l');
			x[n] = x[n - 1] + a;
			y[n] = y[n - 1] + b;
		}
		n++;
	}
	return n;
}

static void
load_world(void)
{
	char	*path = tu_path(tu_datadir(), "world.json"), *msg = NULL;

	if (svg_map_load(path, &msg) != ERR_OK)
		fail_msg("%s", msg);
	free(path);
}

static int
setup(void **state)
{
	(void)state;
	load_world();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	svg_map_free();
	return 0;
}

/* ---- Equal Earth ---------------------------------------------------------- */

static void
projection(void **state)
{
	double	 x, y, x2, y2;
	int	 lat, lon;

	(void)state;
	svg_map_equal_earth(0, 0, &x, &y);
	assert_true(fabs(x) < 1e-12 && fabs(y) < 1e-12);
	/*
	 * lat 45, lon 90 worked through the published formulas by hand:
	 * theta = asin(sqrt(3)/2 sin 45) = 0.659058;
	 * x = 2 sqrt(3) (pi/2) cos(theta) / (3 (9 A4 t^8 + 7 A3 t^6 + 3 A2 t^2 + A1))
	 *   = 1.159854; y = theta (A1 + A2 t^2 + t^6 (A3 + A4 t^2)) = 0.860231.
	 */
	svg_map_equal_earth(45, 90, &x, &y);
	assert_true(fabs(x - 1.159854) < 1e-6);
	assert_true(fabs(y - 0.860231) < 1e-6);
	/* The frame: lon 180 on the equator, and the pole line. */
	svg_map_equal_earth(0, 180, &x, &y);
	assert_true(fabs(x - 2.706630) < 1e-6 && fabs(y) < 1e-12);
	svg_map_equal_earth(90, 0, &x, &y);
	assert_true(fabs(y - 1.317363) < 1e-6);
	/* Symmetric about the equator and the central meridian; the poles are
	 * lines (x still varies with lon there), meridians bend inwards. */
	for (lat = -90; lat <= 90; lat += 15)
		for (lon = -180; lon <= 180; lon += 30) {
			svg_map_equal_earth(lat, lon, &x, &y);
			svg_map_equal_earth(-lat, -lon, &x2, &y2);
			assert_true(fabs(x + x2) < 1e-12 && fabs(y + y2) < 1e-12);
			svg_map_equal_earth(lat, -lon, &x2, &y2);
			assert_true(fabs(x + x2) < 1e-12 && fabs(y - y2) < 1e-12);
		}
	svg_map_equal_earth(90, 180, &x, &y);
	svg_map_equal_earth(60, 180, &x2, &y2);
	assert_true(x > 1.0 && x < x2);
	/* The viewBox: 1000 wide, the centre in the middle, y down. */
	assert_true(fabs(svg_map_h - 486.716) < 1e-3);
	svg_map_xy(0, 0, &x, &y);
	assert_true(fabs(x - 500) < 1e-9 && fabs(y - svg_map_h / 2) < 1e-9);
	svg_map_xy(90, -180, &x, &y);
	assert_true(fabs(y) < 1e-9);
	svg_map_xy(0, -180, &x, &y);
	assert_true(fabs(x) < 1e-9);
	svg_map_xy(-90, 0, &x, &y);
	assert_true(fabs(y - svg_map_h) < 1e-9);
}

/* ---- loading -------------------------------------------------------------- */

static void
load_errors(void **state)
{
	char	*dir = tu_tmpdir(), *path = tu_path(dir, "w.json"), *msg = NULL;

	(void)state;
	assert_int_equal(svg_map_load("/nonexistent/world.json", &msg), ERR_IO);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "/nonexistent/world.json"));
	free(msg);
	tu_write(path, "{\"scale\":10,\"countries\":[{\"id\":\"ES\",\"rings\":[[1,2,3]]}]}");
	assert_int_equal(svg_map_load(path, &msg), ERR_INVALID);
	assert_non_null(strstr(msg, "ring"));
	free(msg);
	tu_write(path, "{\"scale\":10,\"countries\":[{\"id\":\"<s>\",\"rings\":[]}]}");
	assert_int_equal(svg_map_load(path, &msg), ERR_INVALID);
	free(msg);
	tu_write(path, "{\"scale\":10,\"countries\":[");
	assert_int_equal(svg_map_load(path, &msg), ERR_INVALID);
	free(msg);
	free(path);
	tu_rmdir(dir);
	load_world();	/* for the tests that follow */
}

/* ---- the map's data against the input -------------------------------------- */

static const struct svg_map_point cities[] = {
	{ "barcelona", "Barcelona", 41.3874, 2.1686, 1 },
	{ "havana", "La Habana", 23.1136, -82.3666, 0 },
	{ "tokyo", "東京", 35.6762, 139.6503, 0 },
	{ "san-francisco", "San Francisco", 37.7749, -122.4194, 0 },
	{ "suva", "Suva", -18.1248, 178.4501, 0 },
	{ "apia", "Apia", -13.8507, -171.7514, 0 },
};
static const struct svg_map_arc pairs[] = {
	{ 0, 1 },	/* Barcelona - Havana: over the Atlantic */
	{ 2, 3 },	/* Tokyo - San Francisco: across the antimeridian */
	{ 4, 5 },	/* Suva - Apia: short, across the antimeridian */
	{ 0, 2 },	/* Barcelona - Tokyo: over Russia */
};

static void
check_arc(const char *svg, const struct svg_map_arc *a, size_t wantsub)
{
	const struct svg_map_point	*f = &cities[a->from], *t = &cities[a->to];
	char		 start[256];
	const char	*el, *d;
	static double	 x[4096], y[4096];
	size_t		 starts[8], ns, n, i;
	double		 fx, fy, tx, ty, miny = 1e9;

	snprintf(start, sizeof(start), "<path class=\"arc\" data-from=\"%s\" data-to=\"%s\"",
	    f->id, t->id);
	el = element(svg, start);
	d = strstr(el, " d=\"");
	assert_non_null(d);
	n = path_points(d + 4, x, y, 4096, starts, &ns);
	assert_int_equal(ns, wantsub);
	assert_true(n >= 2);
	svg_map_xy(f->lat, f->lon, &fx, &fy);
	svg_map_xy(t->lat, t->lon, &tx, &ty);
	/* Ends at the projected cities, within the rounding to 0.1 (deltas
	 * are exact: they sum rounded points). */
	assert_true(fabs(x[0] - fx) <= 0.051 && fabs(y[0] - fy) <= 0.051);
	assert_true(fabs(x[n - 1] - tx) <= 0.051 && fabs(y[n - 1] - ty) <= 0.051);
	for (i = 0; i < n; i++) {
		assert_true(x[i] >= -0.05 && x[i] <= SVG_MAP_W + 0.05);
		if (y[i] < miny)
			miny = y[i];
	}
	/* A split arc meets the edges of the map at the same height. */
	for (i = 1; i < ns; i++) {
		double	 ex = x[starts[i] - 1], sx = x[starts[i]];

		assert_true(fabs(y[starts[i] - 1] - y[starts[i]]) <= 0.1);
		svg_map_xy((f->lat + t->lat) / 2, 180, &fx, &fy);
		assert_true((ex > 900 && sx < 100) || (ex < 100 && sx > 900));
	}
	/* Northern-hemisphere great circles bow towards the pole: the arc
	 * goes higher on the map than either end. */
	if (f->lat > 20 && t->lat > 20)
		assert_true(miny < fmin(y[0], y[n - 1]) - 5);
}

static void
data_matches(void **state)
{
	static const char *const hl[] = { "ES", "CU" };
	struct svg_map	 m = { 0 };
	struct buf	 b = { 0 };
	const char	*bad, *el;
	char		 start[128];
	double		 x, y;
	size_t		 i;

	(void)state;
	m.id = "coop";
	m.title = "Partnerships";
	m.desc = "Six cities and four partnerships.";
	m.points = cities;
	m.pointsz = sizeof(cities) / sizeof(cities[0]);
	m.arcs = pairs;
	m.arcsz = sizeof(pairs) / sizeof(pairs[0]);
	m.countries = hl;
	m.countriesz = 2;
	assert_int_equal(svg_map(&b, &m), ERR_OK);
	bad = xml_check(b.p);
	if (bad != NULL)
		fail_msg("not well-formed at: %.60s", bad);
	assert_non_null(strstr(b.p, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" "
	    "viewBox=\"0 0 1000 486.7\" role=\"img\" aria-labelledby=\"coop-title coop-desc\">"));
	assert_non_null(strstr(b.p, "<title id=\"coop-title\">Partnerships</title>"));
	assert_non_null(strstr(b.p, "<desc id=\"coop-desc\">Six cities and four partnerships.</desc>"));
	assert_null(strstr(b.p, "<script"));
	assert_null(strstr(b.p, "style="));

	/* Every point once, with its label and projected position. */
	assert_int_equal(count(b.p, "<circle "), m.pointsz);
	for (i = 0; i < m.pointsz; i++) {
		snprintf(start, sizeof(start), "data-city=\"%s\"", cities[i].id);
		assert_int_equal(count(b.p, start), 1);
		snprintf(start, sizeof(start), "<circle %sdata-city=\"%s\"",
		    cities[i].highlight ? "class=\"hl\" " : "", cities[i].id);
		el = element(b.p, start);
		svg_map_xy(cities[i].lat, cities[i].lon, &x, &y);
		assert_true(fabs(attr_num(el, "cx") - x) <= 0.051);
		assert_true(fabs(attr_num(el, "cy") - y) <= 0.051);
		assert_true(attr_num(el, "r") > 0);
		snprintf(start, sizeof(start), "<title>%s</title></circle>", cities[i].label);
		assert_non_null(strstr(strstr(b.p, el), start));
	}

	/* Every arc once, from and to the projected cities; the two across
	 * the Pacific are cut in two at the antimeridian. */
	assert_int_equal(count(b.p, "<path class=\"arc\""), m.arcsz);
	check_arc(b.p, &pairs[0], 1);
	check_arc(b.p, &pairs[1], 2);
	check_arc(b.p, &pairs[2], 2);
	check_arc(b.p, &pairs[3], 1);

	/* Countries by code, each once; the requested ones highlighted. */
	assert_int_equal(count(b.p, "data-country=\""), 175);
	assert_int_equal(count(b.p, "<path class=\"hl\""), 2);
	element(b.p, "<path class=\"hl\" data-country=\"ES\"");
	element(b.p, "<path class=\"hl\" data-country=\"CU\"");
	element(b.p, "<path data-country=\"FR\"");
	element(b.p, "<path data-country=\"RU\"");
	element(b.p, "<path data-country=\"FJ\"");
	element(b.p, "<path data-country=\"XK\"");
	element(b.p, "<path data-country=\"AQ\"");
	/* Spain's first ring is on the map where Spain is. */
	el = element(b.p, "<path class=\"hl\" data-country=\"ES\"");
	svg_map_xy(40, -4, &x, &y);
	assert_true(fabs(strtod(strstr(el, "d=\"M") + 4, NULL) - x) < 30);
	buf_free(&b);
}

static void
hostile(void **state)
{
	static const struct svg_map_point pts[] = {
		{ "a\"><script>alert(1)</script>", "<script>alert('x')</script>", 10, 10, 0 },
		{ "b&c", "Ciutat \"Vella\" & <b>", -10, -10, 1 },
	};
	static const struct svg_map_arc arc = { 0, 1 };
	static const char *const hl[] = { "\"><script>" };
	struct svg_map	 m = { 0 };
	struct buf	 b = { 0 };
	const char	*bad;

	(void)state;
	m.id = "x\"y";
	m.title = "<script>alert(\"t\")</script>";
	m.desc = "It's <b>bold</b> & \"quoted\"";
	m.points = pts;
	m.pointsz = 2;
	m.arcs = &arc;
	m.arcsz = 1;
	m.countries = hl;
	m.countriesz = 1;
	assert_int_equal(svg_map(&b, &m), ERR_OK);
	bad = xml_check(b.p);
	if (bad != NULL)
		fail_msg("not well-formed at: %.60s", bad);
	assert_null(strstr(b.p, "<script"));
	assert_null(strstr(b.p, "<b>"));
	assert_non_null(strstr(b.p, "<title id=\"x&quot;y-title\">"
	    "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;</title>"));
	assert_non_null(strstr(b.p, "&#39;s &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;</desc>"));
	assert_non_null(strstr(b.p, "data-city=\"a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
	assert_non_null(strstr(b.p, "data-from=\"a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" "
	    "data-to=\"b&amp;c\""));
	assert_non_null(strstr(b.p, "<title>Ciutat &quot;Vella&quot; &amp; &lt;b&gt;</title>"));
	assert_int_equal(count(b.p, "class=\"hl\""), 1);	/* the point, no country */
	buf_free(&b);
}

static void
invalid(void **state)
{
	static const struct svg_map_point pts[] = {
		{ "a", "A", 10, 10, 0 },
		{ "b", "B", 95, 10, 0 },
	};
	static const struct svg_map_arc arc = { 0, 2 };
	struct svg_map	 m = { 0 };
	struct buf	 b = { 0 };

	(void)state;
	m.points = pts;
	m.pointsz = 1;
	assert_int_equal(svg_map(&b, &m), ERR_INVALID);	/* no title */
	m.title = "t";
	m.arcs = &arc;
	m.arcsz = 1;
	assert_int_equal(svg_map(&b, &m), ERR_INVALID);	/* index 2 of 1 */
	m.arcsz = 0;
	m.pointsz = 2;
	assert_int_equal(svg_map(&b, &m), ERR_INVALID);	/* lat 95 */
	assert_int_equal(b.len, 0);
	m.pointsz = 1;
	assert_int_equal(svg_map(&b, &m), ERR_OK);
	assert_null(xml_check(b.p));
	buf_free(&b);
}

/* The small map of a city page: framed on the points, nearby countries only. */
static void
fit(void **state)
{
	static const struct svg_map_point pts[] = {
		{ "barcelona", "Barcelona", 41.3874, 2.1686, 1 },
		{ "paris", "Paris", 48.8566, 2.3522, 0 },
	};
	static const struct svg_map_arc arc = { 0, 1 };
	struct svg_map	 m = { 0 };
	struct buf	 b = { 0 };
	double		 vx, vy, vw, vh, x, y;
	size_t		 i;
	const char	*p;

	(void)state;
	m.title = "Barcelona and Paris";
	m.points = pts;
	m.pointsz = 2;
	m.arcs = &arc;
	m.arcsz = 1;
	m.fit = 1;
	assert_int_equal(svg_map(&b, &m), ERR_OK);
	assert_null(xml_check(b.p));
	p = strstr(b.p, "viewBox=\"");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "viewBox=\"%lf %lf %lf %lf\"", &vx, &vy, &vw, &vh), 4);
	assert_true(vw < 100 && vw >= 60);
	assert_true(vw / vh > 1.55 && vw / vh < 1.65);
	for (i = 0; i < 2; i++) {
		svg_map_xy(pts[i].lat, pts[i].lon, &x, &y);
		/* Inside, with a margin. */
		assert_true(x > vx + vw * 0.1 && x < vx + vw * 0.9);
		assert_true(y > vy + vh * 0.1 && y < vy + vh * 0.9);
	}
	assert_non_null(strstr(b.p, "data-country=\"ES\""));
	assert_non_null(strstr(b.p, "data-country=\"FR\""));
	assert_null(strstr(b.p, "data-country=\"JP\""));
	assert_null(strstr(b.p, "data-country=\"BR\""));
	assert_true(count(b.p, "data-country=") < 60);
	assert_null(strstr(b.p, "class=\"sphere\""));
	fprintf(stderr, "# fitted map of two cities: %zu bytes\n", b.len);
	assert_true(b.len < 40 * 1024);
	buf_free(&b);
}

/* ---- page weight ----------------------------------------------------------- */

#define WEIGHT_POINTS	200
#define WEIGHT_ARCS	300
#define WEIGHT_MAX	(250 * 1024)

static void
weight(void **state)
{
	static struct svg_map_point	 pts[WEIGHT_POINTS];
	static struct svg_map_arc	 arcs[WEIGHT_ARCS];
	static char			 ids[WEIGHT_POINTS][16], names[WEIGHT_POINTS][32];
	struct svg_map	 m = { 0 };
	struct buf	 b = { 0 };
	unsigned long	 seed = 12345, zlen;
	unsigned char	*z;
	size_t		 i;

	(void)state;
	/* Cities spread over the inhabited latitudes; pairs at random, so
	 * most arcs are long (a heavier case than real twinnings). */
	for (i = 0; i < WEIGHT_POINTS; i++) {
		seed = seed * 1103515245 + 12345;
		pts[i].lat = -45 + (double)((seed >> 8) % 1150) / 10;
		seed = seed * 1103515245 + 12345;
		pts[i].lon = -180 + (double)((seed >> 8) % 3600) / 10;
		snprintf(ids[i], sizeof(ids[i]), "city-%zu", i);
		snprintf(names[i], sizeof(names[i]), "City number %zu", i);
		pts[i].id = ids[i];
		pts[i].label = names[i];
	}
	for (i = 0; i < WEIGHT_ARCS; i++) {
		seed = seed * 1103515245 + 12345;
		arcs[i].from = (seed >> 8) % WEIGHT_POINTS;
		seed = seed * 1103515245 + 12345;
		arcs[i].to = (seed >> 8) % WEIGHT_POINTS;
	}
	m.title = "Partnerships of the world";
	m.desc = "200 cities and 300 partnerships.";
	m.points = pts;
	m.pointsz = WEIGHT_POINTS;
	m.arcs = arcs;
	m.arcsz = WEIGHT_ARCS;
	assert_int_equal(svg_map(&b, &m), ERR_OK);
	assert_null(xml_check(b.p));
	assert_int_equal(count(b.p, "<circle "), WEIGHT_POINTS);
	assert_int_equal(count(b.p, "<path class=\"arc\""), WEIGHT_ARCS);
	zlen = compressBound(b.len);
	z = malloc(zlen);
	assert_non_null(z);
	assert_int_equal(compress2(z, &zlen, (const unsigned char *)b.p, b.len, 9), Z_OK);
	fprintf(stderr, "# whole-world map, %d cities, %d arcs: %zu bytes, %lu deflated\n",
	    WEIGHT_POINTS, WEIGHT_ARCS, b.len, zlen);
	assert_true(b.len < WEIGHT_MAX);
	free(z);
	buf_reset(&b);
	m.pointsz = m.arcsz = 0;
	assert_int_equal(svg_map(&b, &m), ERR_OK);
	fprintf(stderr, "# whole-world map, countries only: %zu bytes\n", b.len);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(projection),
		cmocka_unit_test(load_errors),
		cmocka_unit_test(data_matches),
		cmocka_unit_test(hostile),
		cmocka_unit_test(invalid),
		cmocka_unit_test(fit),
		cmocka_unit_test(weight),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

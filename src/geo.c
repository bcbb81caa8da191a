/* geo.c - the gazetteer: places by folded name and country, distances.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "buf.h"
#include "geo.h"
#include "model.h"
#include "text.h"

/* One name of a place, in the index sorted by country, key, then id. */
struct geo_ent {
	const char	*key;	/* folded name, in keys */
	uint32_t	 place;	/* index in places[] */
	char		 cc[2];	/* the place's country */
};

struct geo {
	char		*text;	 /* the file, its tabs and newlines now NULs */
	struct geo_place *places; /* in file (GeoNames id) order */
	size_t		 placesz; /* entries in places[] */
	char		*keys;	 /* the folded names, NUL-separated */
	struct geo_ent	*ents;	 /* the index */
	size_t		 entsz;	 /* entries in ents[] */
};

size_t
geo_key(const char *name, char out[GEO_KEY_MAX + 1])
{
	char	 tmp[GEO_KEY_MAX * 2 + 1];
	size_t	 n = strlen(name), len, i, o = 0;
	int	 space = 0;

	out[0] = '\0';
	if (!model_utf8_valid(name, n))
		return 0;
	len = text_norm(name, n, 1, tmp, sizeof(tmp));
	for (i = 0; i < len && o < GEO_KEY_MAX; i++) {
		unsigned char c = (unsigned char)tmp[i];

		if (c < 0x80 && !(c >= 'a' && c <= 'z') &&
		    !(c >= '0' && c <= '9')) {
			space = o > 0;
			continue;
		}
		if (space && o + 1 < GEO_KEY_MAX)
			out[o++] = ' ';
		space = 0;
		out[o++] = (char)c;
	}
	/* A cut may split a character; drop its partial bytes. */
	while (o > 0 && (unsigned char)out[o - 1] >= 0x80 && i < len) {
		size_t	 k = o;

		while (k > 0 && ((unsigned char)out[k - 1] & 0xc0) == 0x80)
			k--;
		if (k > 0 && model_utf8_valid(out + k - 1, o - k + 1))
			break;
		o = k > 0 ? k - 1 : 0;
	}
	out[o] = '\0';
	return o;
}

double
geo_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	const double	 r = 6371.0088, rad = M_PI / 180.0;
	double		 dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double		 a;

	a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) *
	    sin(dlon / 2) * sin(dlon / 2);
	if (a > 1)
		a = 1;
	return 2 * r * asin(sqrt(a));
}

/* ---- loading ------------------------------------------------------------- */

/* Reads a gzipped or plain file whole (zlib reads both). 0 or an errno. */
static int
read_all(const char *path, struct buf *b)
{
	gzFile	 gz;
	char	 chunk[1 << 16];
	int	 n, rc = 0;

	if ((gz = gzopen(path, "rb")) == NULL)
		return errno ? errno : ENOMEM;
	while ((n = gzread(gz, chunk, sizeof(chunk))) > 0)
		buf_put(b, chunk, (size_t)n);
	if (n < 0)
		rc = EIO;
	gzclose(gz);
	if (rc == 0 && b->oom)
		rc = ENOMEM;
	return rc;
}

/* Sets *msg to a heap string (NULL when out of memory). */
static void	 set_msg(char **, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
set_msg(char **msg, const char *fmt, ...)
{
	struct buf	 b = { 0 };
	va_list		 ap;

	free(*msg);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	*msg = buf_take(&b);
}

static int
ent_cmp(const void *a, const void *b)
{
	const struct geo_ent	*x = a, *y = b;
	int			 c;

	if ((c = memcmp(x->cc, y->cc, 2)) != 0)
		return c;
	if ((c = strcmp(x->key, y->key)) != 0)
		return c;
	return x->place < y->place ? -1 : x->place > y->place;
}

/* Splits a line into its 7 tab-separated fields in place; 0 if malformed. */
static int
split_line(char *line, char *f[7])
{
	size_t	 i;

	for (i = 0; i < 7; i++) {
		f[i] = line;
		line = strchr(line, '\t');
		if (i < 6) {
			if (line == NULL)
				return 0;
			*line++ = '\0';
		}
	}
	return line == NULL;
}

static int
parse_place(char *f[7], struct geo_place *p)
{
	char	*end;
	long	 id;

	errno = 0;
	id = strtol(f[0], &end, 10);
	if (*end || id <= 0 || id > (long)UINT32_MAX || errno)
		return 0;
	p->id = (uint32_t)id;
	p->name = f[1];
	p->ascii = f[2];
	if (strlen(f[3]) != 2 || !*f[1] || !model_utf8_valid(f[1],
	    strlen(f[1])))
		return 0;
	memcpy(p->cc, f[3], 3);
	p->lat = strtod(f[4], &end);
	if (*end || end == f[4] || p->lat < -90 || p->lat > 90)
		return 0;
	p->lon = strtod(f[5], &end);
	if (*end || end == f[5] || p->lon < -180 || p->lon > 180)
		return 0;
	p->population = strtol(f[6], &end, 10);
	return !*end && end != f[6] && p->population >= 0;
}

struct geo *
geo_load(const char *path, char **msg)
{
	struct geo	*g = NULL;
	struct buf	 b = { 0 }, keys = { 0 };
	size_t		*keyoff = NULL;
	char		*line, *nl, *f[7], key[GEO_KEY_MAX + 1];
	size_t		 lines = 0, i, lineno = 0;
	int		 rc;

	*msg = NULL;
	if ((rc = read_all(path, &b)) != 0) {
		buf_free(&b);
		set_msg(msg, "%s: cannot read the gazetteer: %s", path,
		    strerror(rc));
		return NULL;
	}
	if ((g = calloc(1, sizeof(*g))) == NULL)
		goto oom;
	g->text = buf_take(&b);
	for (line = g->text; *line; line++)
		lines += *line == '\n';
	lines++;
	g->places = calloc(lines, sizeof(*g->places));
	g->ents = calloc(lines * 2, sizeof(*g->ents));
	keyoff = calloc(lines * 2, sizeof(*keyoff));
	if (g->places == NULL || g->ents == NULL || keyoff == NULL)
		goto oom;
	/*
	 * Keys go to one buffer that may move as it grows, so entries keep
	 * offsets until the end and become pointers then.
	 */
	for (line = g->text; *line; line = nl) {
		struct geo_place *p = &g->places[g->placesz];
		size_t		  k1, k2;

		lineno++;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		else
			nl = line + strlen(line);
		if (!split_line(line, f) || !parse_place(f, p)) {
			set_msg(msg, "%s:%zu: not a gazetteer line (id, name, "
			    "ascii, country, lat, lon, population)", path, lineno);
			goto fail;
		}
		if ((k1 = geo_key(p->name, key)) > 0) {
			keyoff[g->entsz] = keys.len;
			buf_put(&keys, key, k1 + 1);
			g->ents[g->entsz].place = (uint32_t)g->placesz;
			memcpy(g->ents[g->entsz++].cc, p->cc, 2);
		}
		if (*p->ascii && (k2 = geo_key(p->ascii, key)) > 0 &&
		    (k1 == 0 || strcmp(key, keys.p + keyoff[g->entsz - 1]))) {
			keyoff[g->entsz] = keys.len;
			buf_put(&keys, key, k2 + 1);
			g->ents[g->entsz].place = (uint32_t)g->placesz;
			memcpy(g->ents[g->entsz++].cc, p->cc, 2);
		}
		g->placesz++;
	}
	if (keys.oom)
		goto oom;
	g->keys = buf_take(&keys);
	for (i = 0; i < g->entsz; i++)
		g->ents[i].key = g->keys + keyoff[i];
	qsort(g->ents, g->entsz, sizeof(*g->ents), ent_cmp);
	free(keyoff);
	return g;
oom:
	set_msg(msg, "%s: out of memory loading the gazetteer", path);
fail:
	buf_free(&b);
	buf_free(&keys);
	free(keyoff);
	geo_free(g);
	return NULL;
}

void
geo_free(struct geo *g)
{
	if (g == NULL)
		return;
	free(g->text);
	free(g->places);
	free(g->keys);
	free(g->ents);
	free(g);
}

size_t
geo_size(const struct geo *g)
{
	return g->placesz;
}

/* ---- lookup -------------------------------------------------------------- */

size_t
geo_lookup(const struct geo *g, const char *name, const char *cc,
    const struct geo_place **out, size_t outsz)
{
	struct geo_ent	 probe;
	char		 key[GEO_KEY_MAX + 1];
	size_t		 lo = 0, hi = g->entsz, mid, n = 0;

	if (cc == NULL || strlen(cc) != 2 || geo_key(name, key) == 0)
		return 0;
	probe.key = key;
	probe.place = 0;
	memcpy(probe.cc, cc, 2);
	/* The first entry not before (cc, key, 0). */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ent_cmp(&g->ents[mid], &probe) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < g->entsz && memcmp(g->ents[lo].cc, cc, 2) == 0 &&
	    strcmp(g->ents[lo].key, key) == 0; lo++) {
		if (n < outsz)
			out[n] = &g->places[g->ents[lo].place];
		n++;
	}
	return n;
}

const struct geo_place *
geo_nearest(const struct geo *g, const char *cc, double lat, double lon,
    double maxkm, double *km)
{
	const struct geo_place	*best = NULL, *p;
	struct geo_ent		 probe;
	size_t			 lo = 0, hi = g->entsz, mid;
	double			 d, bestkm = maxkm;

	if (cc == NULL || strlen(cc) != 2)
		return NULL;
	probe.key = "";
	probe.place = 0;
	memcpy(probe.cc, cc, 2);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ent_cmp(&g->ents[mid], &probe) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < g->entsz && memcmp(g->ents[lo].cc, cc, 2) == 0; lo++) {
		p = &g->places[g->ents[lo].place];
		/* A degree of latitude is over 110 km: most need no sine. */
		if (fabs(p->lat - lat) * 110.5 > bestkm)
			continue;
		d = geo_distance_km(lat, lon, p->lat, p->lon);
		if (d <= bestkm && (best == NULL || d < bestkm ||
		    p->population > best->population)) {
			best = p;
			bestkm = d;
		}
	}
	if (best && km)
		*km = bestkm;
	return best;
}

/* More than this many places with one name in one country are not weighed. */
#define GEO_CANDIDATES_MAX	64

enum geo_status
geo_resolve(const struct geo *g, const char *name, const char *cc,
    int has_point, double lat, double lon, double maxkm, struct geo_match *m)
{
	const struct geo_place	*c[GEO_CANDIDATES_MAX], *best = NULL;
	double			 bestkm = -1, km;
	size_t			 n, i;

	memset(m, 0, sizeof(*m));
	m->km = -1;
	n = geo_lookup(g, name, cc, c, GEO_CANDIDATES_MAX);
	m->candidates = n;
	if (n > GEO_CANDIDATES_MAX)
		n = GEO_CANDIDATES_MAX;
	if (n == 0)
		return GEO_NONE;
	for (i = 0; i < n; i++) {
		if (has_point) {
			km = geo_distance_km(lat, lon, c[i]->lat, c[i]->lon);
			if (best == NULL || km < bestkm) {
				best = c[i];
				bestkm = km;
			}
		} else if (best == NULL || c[i]->population >
		    best->population || (c[i]->population ==
		    best->population && c[i]->id < best->id))
			best = c[i];
	}
	m->place = best;
	m->km = bestkm;
	if (has_point && bestkm > maxkm)
		return GEO_TOO_FAR;
	return GEO_FOUND;
}

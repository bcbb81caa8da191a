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
	unsigned char	 which;	/* enum geo_names */
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

/*
 * Splits a line into its 7 or 8 tab-separated fields in place (f[7] is ""
 * when the alternates column is absent); 0 if malformed.
 */
static int
split_line(char *line, char *f[8])
{
	size_t	 i;

	for (i = 0; i < 8; i++) {
		f[i] = line;
		line = strchr(line, '\t');
		if (i == 6 && line == NULL) {
			f[7] = f[6] + strlen(f[6]);
			return 1;
		}
		if (i < 7) {
			if (line == NULL)
				return 0;
			*line++ = '\0';
		}
	}
	return line == NULL;
}

static int
parse_place(char *f[8], struct geo_place *p)
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
	p->alts = f[7];
	return !*end && end != f[6] && p->population >= 0 &&
	    model_utf8_valid(f[7], strlen(f[7]));
}

/*
 * Adds a name of place i to the index unless its key is empty or one of the
 * place's names has it already (from the entry first on). 0 on success.
 */
static int
add_name(struct geo *g, struct buf *keys, size_t *keyoff, size_t first,
    const char *name, size_t namelen, enum geo_names which)
{
	char	 tmp[GEO_KEY_MAX + 1], key[GEO_KEY_MAX + 1];
	size_t	 k, j;

	if (namelen > GEO_KEY_MAX)
		namelen = GEO_KEY_MAX;
	memcpy(tmp, name, namelen);
	tmp[namelen] = '\0';
	if ((k = geo_key(tmp, key)) == 0)
		return 0;
	for (j = first; j < g->entsz; j++)
		if (strcmp(keys->p + keyoff[j], key) == 0)
			return 0;
	keyoff[g->entsz] = keys->len;
	buf_put(keys, key, k + 1);
	g->ents[g->entsz].place = (uint32_t)g->placesz;
	g->ents[g->entsz].which = (unsigned char)which;
	memcpy(g->ents[g->entsz++].cc, g->places[g->placesz].cc, 2);
	return keys->oom;
}

struct geo *
geo_load(const char *path, char **msg)
{
	struct geo	*g = NULL;
	struct buf	 b = { 0 }, keys = { 0 };
	size_t		*keyoff = NULL;
	char		*line, *nl, *f[8];
	const char	*a, *comma;
	size_t		 lines = 0, commas = 0, i, lineno = 0, first;
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
	for (line = g->text; *line; line++) {
		lines += *line == '\n';
		commas += *line == ',';
	}
	lines++;
	/* At most a name, an ASCII name and 1 + commas alternates a line. */
	g->places = calloc(lines, sizeof(*g->places));
	g->ents = calloc(lines * 3 + commas, sizeof(*g->ents));
	keyoff = calloc(lines * 3 + commas, sizeof(*keyoff));
	if (g->places == NULL || g->ents == NULL || keyoff == NULL)
		goto oom;
	/*
	 * Keys go to one buffer that may move as it grows, so entries keep
	 * offsets until the end and become pointers then.
	 */
	for (line = g->text; *line; line = nl) {
		struct geo_place *p = &g->places[g->placesz];

		lineno++;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		else
			nl = line + strlen(line);
		if (!split_line(line, f) || !parse_place(f, p)) {
			set_msg(msg, "%s:%zu: not a gazetteer line (id, name, "
			    "ascii, country, lat, lon, population, alternates)",
			    path, lineno);
			goto fail;
		}
		first = g->entsz;
		if (add_name(g, &keys, keyoff, first, p->name, strlen(p->name),
		    GEO_NAMES_MAIN) || add_name(g, &keys, keyoff, first,
		    p->ascii, strlen(p->ascii), GEO_NAMES_MAIN))
			goto oom;
		for (a = p->alts; *a; a = *comma ? comma + 1 : comma) {
			if ((comma = strchr(a, ',')) == NULL)
				comma = a + strlen(a);
			if (add_name(g, &keys, keyoff, first, a,
			    (size_t)(comma - a), GEO_NAMES_ALT))
				goto oom;
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
    enum geo_names which, const struct geo_place **out, size_t outsz)
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
		if (g->ents[lo].which != which)
			continue;
		if (n < outsz)
			out[n] = &g->places[g->ents[lo].place];
		n++;
	}
	return n;
}

/* The first entry of a country in the index. */
static size_t
country_first(const struct geo *g, const char *cc)
{
	struct geo_ent	 probe;
	size_t		 lo = 0, hi = g->entsz, mid;

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
	return lo;
}

static int	 same_keys(const char *, const char *);

/*
 * The place of the country nearest to a point within maxkm (the most
 * populous at equal distance), by its main name only (alternates hold old
 * names of regions and districts, "Ningxia" among Yinchuan's); with a key,
 * only places whose name is another spelling of it (same_keys). Distance
 * in *km when km is not NULL. NULL when none.
 */
static const struct geo_place *
nearest_main(const struct geo *g, const char *cc, const char *key,
    double lat, double lon, double maxkm, double *km)
{
	const struct geo_place	*best = NULL, *p;
	size_t			 lo;
	double			 d, bestkm = maxkm;

	for (lo = country_first(g, cc); lo < g->entsz &&
	    memcmp(g->ents[lo].cc, cc, 2) == 0; lo++) {
		if (g->ents[lo].which != GEO_NAMES_MAIN)
			continue;
		p = &g->places[g->ents[lo].place];
		/* A degree of latitude is over 110 km: most need no sine. */
		if (fabs(p->lat - lat) * 110.5 > bestkm ||
		    (key != NULL && !same_keys(key, g->ents[lo].key)))
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

const struct geo_place *
geo_nearest(const struct geo *g, const char *cc, double lat, double lon,
    double maxkm, double *km)
{
	if (cc == NULL || strlen(cc) != 2)
		return NULL;
	return nearest_main(g, cc, NULL, lat, lon, maxkm, km);
}

/* More than this many places with one name in one country are not weighed. */
#define GEO_CANDIDATES_MAX	64

/* geo_resolve() on one kind of name. */
static enum geo_status
resolve_names(const struct geo *g, const char *name, const char *cc,
    enum geo_names which, int has_point, double lat, double lon,
    double maxkm, struct geo_match *m)
{
	const struct geo_place	*c[GEO_CANDIDATES_MAX], *best = NULL;
	double			 bestkm = -1, km;
	size_t			 n, i;

	memset(m, 0, sizeof(*m));
	m->km = -1;
	m->by = which;
	n = geo_lookup(g, name, cc, which, c, GEO_CANDIDATES_MAX);
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

enum geo_status
geo_resolve(const struct geo *g, const char *name, const char *cc,
    int has_point, double lat, double lon, double maxkm, struct geo_match *m)
{
	struct geo_match	 alt;
	enum geo_status		 st, ast;

	st = resolve_names(g, name, cc, GEO_NAMES_MAIN, has_point, lat, lon,
	    maxkm, m);
	if (st == GEO_FOUND)
		return st;
	/*
	 * Only then the alternate names: a place's own name always wins over
	 * another place's exonym. A main name too far from the point leaves
	 * room for an alternate one near it ("Halle" at Halle (Saale), not
	 * Halle (Westf.)).
	 */
	ast = resolve_names(g, name, cc, GEO_NAMES_ALT, has_point, lat, lon,
	    fmin(maxkm, st == GEO_NONE ? GEO_ALT_KM : GEO_ALT_OVER_KM), &alt);
	if (ast == GEO_FOUND && !has_point && (alt.candidates != 1 ||
	    alt.place->population < GEO_ALT_POP))
		ast = GEO_NONE;
	if (ast == GEO_FOUND) {
		*m = alt;
		return ast;
	}
	/*
	 * An alternate name far from the point says nothing: "Santa Fe" near
	 * Granada is Santafé, not Santa Fe de Mondújar (once "Santa Fe")
	 * 108 km away, so the name stays one the gazetteer lacks.
	 */
	return st;
}

/* ---- spellings ----------------------------------------------------------- */

/* A key without spaces and typographic apostrophes, in out (same size). */
static size_t
compact(const char *key, char out[GEO_KEY_MAX + 1])
{
	const unsigned char	*s = (const unsigned char *)key;
	size_t			 o = 0;

	while (*s) {
		if (*s == ' ') {
			s++;
			continue;
		}
		/* U+2018, U+2019, U+02BB, U+02BC */
		if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0x98 ||
		    s[2] == 0x99)) {
			s += 3;
			continue;
		}
		if (s[0] == 0xca && (s[1] == 0xbb || s[1] == 0xbc)) {
			s += 2;
			continue;
		}
		out[o++] = (char)*s++;
	}
	out[o] = '\0';
	return o;
}

/*
 * Optimal string alignment distance between a and b (bytes), or limit + 1
 * when it exceeds limit.
 */
static size_t
edits(const char *a, size_t la, const char *b, size_t lb, size_t limit)
{
	size_t	 d[3][GEO_KEY_MAX + 2], i, j, v, rowmin;
	size_t	*pp = d[0], *p = d[1], *c = d[2], *t;

	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	for (j = 0; j <= lb; j++)
		p[j] = j;
	for (i = 1; i <= la; i++) {
		c[0] = i;
		rowmin = i;
		for (j = 1; j <= lb; j++) {
			v = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (rowmin > limit)
			return limit + 1;
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[lb] > limit ? limit + 1 : p[lb];
}

/*
 * Words that qualify a German or English town's name by where it lies
 * ("am Main", "an der Oder", "im Breisgau", "upon Tyne"): such a name and
 * the bare one are one town. Romance "de", "sur", "en" are left out: there
 * they often tell two neighbouring villages apart.
 */
static const char *const qualifiers[] = {
	"am", "an", "auf", "bei", "im", "in", "ob", "upon",
};

/* Whether long is short and then a qualified place ("weiden in der ..."),
 * or "bad " and short. Both are keys. */
static int
qualified(const char *lng, const char *shrt)
{
	size_t		 n = strlen(shrt), i, w;
	const char	*rest;

	if (strncmp(lng, "bad ", 4) == 0 && strcmp(lng + 4, shrt) == 0)
		return 1;
	if (strncmp(lng, shrt, n) != 0 || lng[n] != ' ')
		return 0;
	rest = lng + n + 1;
	w = strcspn(rest, " ");
	if (rest[w] != ' ')
		return 0;	/* a qualifier is followed by a place */
	for (i = 0; i < sizeof(qualifiers) / sizeof(qualifiers[0]); i++)
		if (strlen(qualifiers[i]) == w && strncmp(rest, qualifiers[i],
		    w) == 0)
			return 1;
	return 0;
}

/* Words in a key. */
static size_t
words(const char *key)
{
	size_t	 n = *key != '\0';

	for (; *key; key++)
		n += *key == ' ';
	return n;
}

/* geo_same_spelling() on two keys. */
static int
same_keys(const char *ka, const char *kb)
{
	char	 ca[GEO_KEY_MAX + 1], cb[GEO_KEY_MAX + 1];
	size_t	 la, lb, m;

	la = compact(ka, ca);
	lb = compact(kb, cb);
	if (la == 0 || lb == 0)
		return 0;
	if (strcmp(ca, cb) == 0)
		return 1;
	m = la < lb ? la : lb;
	/*
	 * Edits only between names of as many words and without digits:
	 * "Budapest II" is not "Budapesti", nor "Prague 1" Prague.
	 */
	if (m >= 5 && ca[0] == cb[0] && words(ka) == words(kb) &&
	    strpbrk(ka, "0123456789") == NULL &&
	    strpbrk(kb, "0123456789") == NULL &&
	    edits(ca, la, cb, lb, m >= 10 ? 2 : 1) <= (m >= 10 ? 2 : 1))
		return 1;
	return qualified(ka, kb) || qualified(kb, ka);
}

int
geo_same_spelling(const char *a, const char *b)
{
	char	 ka[GEO_KEY_MAX + 1], kb[GEO_KEY_MAX + 1];

	if (geo_key(a, ka) == 0 || geo_key(b, kb) == 0)
		return 0;
	return same_keys(ka, kb);
}

const struct geo_place *
geo_similar(const struct geo *g, const char *name, const char *cc,
    double lat, double lon, double maxkm, double *km)
{
	char	 key[GEO_KEY_MAX + 1];

	if (cc == NULL || strlen(cc) != 2 || geo_key(name, key) == 0)
		return NULL;
	return nearest_main(g, cc, key, lat, lon, maxkm, km);
}

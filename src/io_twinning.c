/* io_twinning.c - import of twin-town lists, reconciled to the gazetteer.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "geo.h"
#include "io.h"
#include "text.h"

const char *const io_unres_names[IO_UNRES__MAX] = {
	[IO_UNRES_NO_NAME] = "empty",
	[IO_UNRES_COUNTRY] = "unknown-country",
	[IO_UNRES_REGION] = "region",
	[IO_UNRES_NOT_FOUND] = "not-in-gazetteer",
	[IO_UNRES_TOO_FAR] = "too-far",
	[IO_UNRES_SAME_CITY] = "same-city",
};

/* The source every imported partnership names. */
#define TW_SOURCE	"wikipedia-twin-towns"
#define TW_SOURCE_URL	"https://en.wikipedia.org/wiki/" \
			"Lists_of_twin_towns_and_sister_cities"
/* How far the report looks for a place near an unknown name. */
#define TW_HINT_KM	5.0
/* Longest name part of a city slug, so two slugs fit a partnership's. */
#define TW_SLUG_NAME_MAX 40

/* ---- a string map ------------------------------------------------------- */

struct smap_ent {
	char	*key;	/* owned; NULL for an empty slot */
	size_t	 val;
};

struct smap {
	struct smap_ent	*v;	/* slots */
	size_t		 cap;	/* slots in v, a power of two */
	size_t		 n;	/* slots used */
};

static uint64_t
smap_hash(const char *s)
{
	uint64_t	 h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct smap_ent *
smap_slot(const struct smap *m, const char *key)
{
	size_t	 i = (size_t)smap_hash(key) & (m->cap - 1);

	while (m->v[i].key && strcmp(m->v[i].key, key))
		i = (i + 1) & (m->cap - 1);
	return &m->v[i];
}

/* Whether the key is there; its value goes to *val when val is not NULL. */
static int
smap_get(const struct smap *m, const char *key, size_t *val)
{
	struct smap_ent	*e;

	if (m->cap == 0)
		return 0;
	e = smap_slot(m, key);
	if (e->key && val)
		*val = e->val;
	return e->key != NULL;
}

/* Adds or replaces a key. Returns ERR_NOMEM or ERR_OK. */
static enum err
smap_put(struct smap *m, const char *key, size_t val)
{
	struct smap_ent	*e;
	size_t		 i;

	if ((m->n + 1) * 2 > m->cap) {
		struct smap	 g = { NULL, m->cap ? m->cap * 2 : 1024, 0 };

		if ((g.v = calloc(g.cap, sizeof(*g.v))) == NULL)
			return ERR_NOMEM;
		for (i = 0; i < m->cap; i++)
			if (m->v[i].key) {
				*smap_slot(&g, m->v[i].key) = m->v[i];
				g.n++;
			}
		free(m->v);
		*m = g;
	}
	e = smap_slot(m, key);
	if (e->key == NULL) {
		if ((e->key = strdup(key)) == NULL)
			return ERR_NOMEM;
		m->n++;
	}
	e->val = val;
	return ERR_OK;
}

static void
smap_free(struct smap *m)
{
	size_t	 i;

	for (i = 0; i < m->cap; i++)
		free(m->v[i].key);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* Trims ASCII spaces in place. */
static char *
trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/* ---- CSV rows ----------------------------------------------------------- */

#define TW_FIELDS_MAX	8

struct row {
	struct buf	 f[TW_FIELDS_MAX + 1]; /* fields, one too many kept */
	size_t		 n;	/* fields read */
	long		 line;	/* the row's first line */
};

/*
 * Reads one RFC 4180 row from text at *pos. Returns 1 for a row, 0 at the
 * end, -1 for an unterminated quote.
 */
static int
row_read(const char *text, size_t len, size_t *pos, long *line,
    struct row *r)
{
	size_t	 i = *pos, k;
	int	 quoted;

	if (i >= len)
		return 0;
	for (k = 0; k <= TW_FIELDS_MAX; k++)
		buf_reset(&r->f[k]);
	r->n = 0;
	r->line = *line;
	for (;;) {
		struct buf *b = &r->f[r->n < TW_FIELDS_MAX ? r->n :
		    TW_FIELDS_MAX];

		quoted = i < len && text[i] == '"';
		if (quoted)
			i++;
		for (; i < len; i++) {
			if (quoted && text[i] == '"') {
				if (i + 1 < len && text[i + 1] == '"') {
					buf_putc(b, '"');
					i++;
					continue;
				}
				quoted = 0;
				continue;
			}
			if (!quoted && (text[i] == ',' || text[i] == '\n' ||
			    text[i] == '\r'))
				break;
			if (text[i] == '\n')
				(*line)++;
			buf_putc(b, text[i]);
		}
		r->n++;
		if (quoted) {
			*pos = len;
			return -1;
		}
		if (i < len && text[i] == ',') {
			i++;
			continue;
		}
		if (i < len && text[i] == '\r')
			i++;
		if (i < len && text[i] == '\n')
			i++;
		(*line)++;
		break;
	}
	*pos = i;
	return 1;
}

/* Field i, trimmed in place ("" when absent). */
static char *
row_str(struct row *r, size_t i)
{
	static char	 empty[1];

	return i < r->n && r->f[i].p ? trim(r->f[i].p) : empty;
}

static void
row_free(struct row *r)
{
	size_t	 k;

	for (k = 0; k <= TW_FIELDS_MAX; k++)
		buf_free(&r->f[k]);
}

/* ---- countries ---------------------------------------------------------- */

/*
 * Spellings on Wikipedia's lists that are not the English names of
 * data/countries.json. The constituent countries of the United Kingdom are
 * GB in GeoNames; Northern Cyprus's towns are CY there.
 */
static const struct {
	const char	*name;
	const char	*code;
} country_aliases[] = {
	{ "Bosnia and Hercegovina", "BA" }, { "Brunei", "BN" },
	{ "Burma", "MM" }, { "Cape Verde", "CV" },
	{ "Congo", "CG" }, { "Czech Republic", "CZ" },
	{ "Democratic Republic of the Congo", "CD" },
	{ "East Timor", "TL" }, { "England", "GB" },
	{ "Falkland Islands", "FK" }, { "Georgia (country)", "GE" },
	{ "Great Britain", "GB" }, { "Grece", "GR" }, { "Holland", "NL" },
	{ "Ivory Coast", "CI" }, { "Japa", "JP" }, { "Kazakhstah", "KZ" },
	{ "Laos", "LA" }, { "Macedonia", "MK" }, { "Madagaskar", "MG" },
	{ "Micronesia", "FM" }, { "Moldavia", "MD" }, { "Moldova", "MD" },
	{ "North Korea", "KP" }, { "Northern Cyprus", "CY" },
	{ "Northern Ireland", "GB" }, { "Palestine", "PS" },
	{ "People's Republic of China", "CN" }, { "PRC", "CN" },
	{ "Republic of China", "TW" }, { "Republic of Ireland", "IE" },
	{ "Republic of Macedonia", "MK" }, { "Russia", "RU" },
	{ "São Tomé and Príncipe", "ST" }, { "Scotland", "GB" },
	{ "South Korea", "KR" }, { "Surinam", "SR" }, { "Swaziland", "SZ" },
	{ "Syria", "SY" }, { "The Bahamas", "BS" }, { "The Gambia", "GM" },
	{ "The Netherlands", "NL" }, { "Turkey", "TR" }, { "UK", "GB" },
	{ "United Kingdom", "GB" }, { "United States", "US" },
	{ "United States of America", "US" }, { "US", "US" },
	{ "USA", "US" }, { "Vatican City", "VA" }, { "Vietnam", "VN" },
	{ "Wales", "GB" }, { "West Bank", "PS" },
};

/* Codes are packed into a map value: two bytes. */
static size_t
cc_pack(const char *cc)
{
	return (size_t)(unsigned char)cc[0] << 8 | (unsigned char)cc[1];
}

static void
cc_unpack(size_t v, char cc[3])
{
	cc[0] = (char)(v >> 8);
	cc[1] = (char)(v & 0xff);
	cc[2] = '\0';
}

struct loadctx {
	struct smap	*countries;	/* folded English name -> code */
	struct smap	*slugs;		/* city slugs in use -> 1 */
	struct smap	*bygid;		/* "g<id>" -> index in cities */
	struct smap	*byname;	/* "cc\tkey" -> index in cities */
	struct smap	*pairs;		/* "a\tb" twinned city slugs -> 0 */
	struct tw_cities *cities;
	enum err	 e;
};

static int
load_country(json_t *rec, void *arg)
{
	struct loadctx	*lc = arg;
	const char	*code = json_string_value(json_object_get(rec, "code"));
	const char	*en = json_string_value(json_object_get(
			    json_object_get(rec, "names"), "en"));
	char		 key[GEO_KEY_MAX + 1];

	if (code && strlen(code) == 2 && en && geo_key(en, key) > 0 &&
	    (lc->e = smap_put(lc->countries, key, cc_pack(code))) != ERR_OK)
		return 1;
	return 0;
}

/* The code of a country as written on the lists, or 0. */
static int
country_code(const struct smap *m, const char *name, char cc[3])
{
	char		 key[GEO_KEY_MAX + 1], part[GEO_KEY_MAX + 1];
	const char	*comma;
	size_t		 v;

	if (geo_key(name, key) > 0 && smap_get(m, key, &v)) {
		cc_unpack(v, cc);
		return 1;
	}
	/*
	 * "Réunion, France" is Réunion (RE in GeoNames), "England, United
	 * Kingdom" and "Brandenburg, Germany" are the country after the comma.
	 */
	if ((comma = strstr(name, ", ")) == NULL ||
	    comma - name > GEO_KEY_MAX)
		return 0;
	memcpy(part, name, (size_t)(comma - name));
	part[comma - name] = '\0';
	if (geo_key(part, key) > 0 && smap_get(m, key, &v)) {
		cc_unpack(v, cc);
		return 1;
	}
	if (geo_key(strrchr(name, ',') + 1, key) > 0 && smap_get(m, key, &v)) {
		cc_unpack(v, cc);
		return 1;
	}
	return 0;
}

/* ---- cities ------------------------------------------------------------- */

struct tw_city {
	char			*slug;
	const struct geo_place	*place;	/* for a new city; NULL if stored */
	int			 stored; /* already in the store */
	int			 used;	 /* named by a resolved pair */
};

struct tw_cities {
	struct tw_city	*v;	/* cities met, stored or new */
	size_t		 n;	/* entries used in v */
	size_t		 cap;	/* entries allocated in v */
};

/* Adds a city (taking slug); returns its index or (size_t)-1. */
static size_t
city_add(struct tw_cities *cs, char *slug, const struct geo_place *p,
    int stored)
{
	if (cs->n == cs->cap) {
		size_t		 cap = cs->cap ? cs->cap * 2 : 1024;
		struct tw_city	*v = realloc(cs->v, cap * sizeof(*v));

		if (v == NULL) {
			free(slug);
			return (size_t)-1;
		}
		cs->v = v;
		cs->cap = cap;
	}
	cs->v[cs->n].slug = slug;
	cs->v[cs->n].place = p;
	cs->v[cs->n].stored = stored;
	cs->v[cs->n].used = 0;
	return cs->n++;
}

/* Files a stored city under a name in its country; the first one kept. */
static int
by_name(struct loadctx *lc, const char *cc, const char *name, size_t i)
{
	char	 key[GEO_KEY_MAX + 4 + 1];

	memcpy(key, cc, 2);
	key[2] = '\t';
	if (geo_key(name, key + 3) > 0 && !smap_get(lc->byname, key, NULL) &&
	    (lc->e = smap_put(lc->byname, key, i)) != ERR_OK)
		return 1;
	return 0;
}

static int
load_city(json_t *rec, void *arg)
{
	struct loadctx	*lc = arg;
	const char	*slug = json_string_value(json_object_get(rec, "slug"));
	const char	*name = json_string_value(json_object_get(rec, "name"));
	const char	*cc = json_string_value(json_object_get(rec, "country"));
	json_t		*gid = json_object_get(rec, "geonames_id");
	char		 key[GEO_KEY_MAX + 4 + 1], *dup;
	size_t		 i;

	if (slug == NULL || (dup = strdup(slug)) == NULL ||
	    (i = city_add(lc->cities, dup, NULL, 1)) == (size_t)-1) {
		lc->e = ERR_NOMEM;
		return 1;
	}
	if ((lc->e = smap_put(lc->slugs, slug, i)) != ERR_OK)
		return 1;
	if (json_is_integer(gid)) {
		snprintf(key, sizeof(key), "g%lld", json_integer_value(gid));
		if ((lc->e = smap_put(lc->bygid, key, i)) != ERR_OK)
			return 1;
	} else if (cc && strlen(cc) == 2) {
		/*
		 * A stored city without an id is matched by name: its own
		 * and its localized ones (the demo's Athens is "Αθήνα",
		 * and "Athens" in English, GeoNames' name for it).
		 */
		const char	*loc;
		json_t		*v;

		if (name != NULL && by_name(lc, cc, name, i) != 0)
			return 1;
		json_object_foreach(json_object_get(rec, "names"), loc, v)
			if (json_is_string(v) && by_name(lc, cc,
			    json_string_value(v), i) != 0)
				return 1;
	}
	return 0;
}

/* Sorted "a\tb" of two slugs into b. */
static void
pair_key(struct buf *b, const char *x, const char *y)
{
	buf_reset(b);
	if (strcmp(x, y) > 0) {
		const char *t = x;

		x = y;
		y = t;
	}
	buf_printf(b, "%s\t%s", x, y);
}

static int
load_partnership(json_t *rec, void *arg)
{
	struct loadctx	*lc = arg;
	json_t		*parties = json_object_get(rec, "parties");
	const char	*kind = json_string_value(json_object_get(rec, "kind"));
	const char	*a, *b;
	struct buf	 k = { 0 };

	if (kind == NULL || strcmp(kind, "twinning") ||
	    json_array_size(parties) != 2)
		return 0;
	a = json_string_value(json_object_get(json_array_get(parties, 0),
	    "city"));
	b = json_string_value(json_object_get(json_array_get(parties, 1),
	    "city"));
	if (a == NULL || b == NULL)
		return 0;
	pair_key(&k, a, b);
	lc->e = k.oom ? ERR_NOMEM : smap_put(lc->pairs, k.p, 0);
	buf_free(&k);
	return lc->e != ERR_OK;
}

/*
 * A new city's slug: its ASCII name in lower case, words joined by "-",
 * then "-" and the country in lower case ("lyon-fr"); if that is taken, the
 * GeoNames id is added ("springfield-us-4409896"). The caller frees.
 */
static char *
city_slug(const struct smap *slugs, const struct geo_place *p)
{
	struct buf	 b = { 0 };
	char		*folded = NULL, *s;
	const char	*src = *p->ascii ? p->ascii : p->name;
	size_t		 n = 0, i;
	int		 dash = 0;

	if (text_fold(src, strlen(src), &folded, &n) != ERR_OK)
		n = 0;
	for (i = 0; i < n && b.len < TW_SLUG_NAME_MAX; i++) {
		char c = folded[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && b.len > 0)
				buf_putc(&b, '-');
			buf_putc(&b, c);
			dash = 0;
		} else if ((unsigned char)c < 0x80)
			dash = 1;
	}
	free(folded);
	while (b.len > 0 && b.p[b.len - 1] == '-')
		b.p[--b.len] = '\0';
	if (b.len == 0)
		buf_puts(&b, "city");
	buf_printf(&b, "-%c%c", p->cc[0] | 0x20, p->cc[1] | 0x20);
	if (!b.oom && smap_get(slugs, b.p, NULL))
		buf_printf(&b, "-%u", (unsigned)p->id);
	s = buf_take(&b);
	return s;
}

/* ---- reconciling a side ------------------------------------------------- */

/* Words that name a region, district or borough rather than a town. */
static const char *const region_words[] = {
	"area", "borough", "canton", "county", "department", "departement",
	"district", "governorate", "island", "islands", "krai", "kreis",
	"landkreis", "municipality", "oblast", "okrug", "prefecture",
	"province", "provincia", "raion", "rayon", "region", "regione",
	"state", "voivodeship",
};

static int
looks_regional(const char *name)
{
	char		 key[GEO_KEY_MAX + 1], *w, *save = NULL;
	size_t		 i;

	/* "Seoul – Yangcheon", "Vienna 13 – Hietzing": a city's district. */
	if (strstr(name, " \xe2\x80\x93 ") || strstr(name, " - "))
		return 1;
	if (geo_key(name, key) == 0)
		return 0;
	for (w = strtok_r(key, " ", &save); w; w = strtok_r(NULL, " ", &save))
		for (i = 0; i < sizeof(region_words) /
		    sizeof(region_words[0]); i++)
			if (strcmp(w, region_words[i]) == 0)
				return 1;
	return 0;
}

/*
 * Variant v (0 to 3) of a name into out: the name as written, then without
 * a trailing "(...)", ", ..." or " City". 0 when the variant does not apply.
 */
static int
name_variant(const char *name, size_t v, char out[GEO_KEY_MAX + 1])
{
	const char	*cut;
	size_t		 n = strlen(name);

	if (v == 1 && (cut = strchr(name, '(')) != NULL)
		n = (size_t)(cut - name);
	else if (v == 2 && (cut = strchr(name, ',')) != NULL)
		n = (size_t)(cut - name);
	else if (v == 3 && n > 5 && strcmp(name + n - 5, " City") == 0)
		n -= 5;
	else if (v > 0)
		return 0;
	if (n > GEO_KEY_MAX)
		n = GEO_KEY_MAX;
	memcpy(out, name, n);
	out[n] = '\0';
	return 1;
}

/*
 * Whether a place is the city a name says it lies in: "Almaly (Almaty)" is
 * a district of Almaty, so Almaty is no spelling of it.
 */
static int
is_parent(const char *name, const struct geo_place *p)
{
	char		 in[GEO_KEY_MAX + 1];
	const char	*open = strchr(name, '('), *close;
	size_t		 n;

	if (open == NULL || (close = strchr(open, ')')) == NULL)
		return 0;
	n = (size_t)(close - open - 1);
	if (n > GEO_KEY_MAX)
		n = GEO_KEY_MAX;
	memcpy(in, open + 1, n);
	in[n] = '\0';
	return geo_same_spelling(in, p->name) || (*p->ascii &&
	    geo_same_spelling(in, p->ascii));
}

struct side {
	const char	*name;
	const char	*country;
	int		 has_point;
	double		 lat, lon;
};

struct tw {
	const struct io_twinning_opts *opts;
	const struct geo	*geo;
	struct smap		 countries, slugs, bygid, byname, pairs;
	struct tw_cities	 cities;
	struct io_twinning_report *rep;
};

static enum err
unresolved(struct tw *t, long line, int side, const struct side *sd,
    enum io_unres why, const char *detail)
{
	struct io_unresolved	*v, *u;

	t->rep->unres[why]++;
	if ((v = realloc(t->rep->list, (t->rep->listsz + 1) *
	    sizeof(*v))) == NULL)
		return ERR_NOMEM;
	t->rep->list = v;
	u = &v[t->rep->listsz++];
	u->line = line;
	u->side = side;
	u->name = strdup(sd->name);
	u->country = strdup(sd->country);
	u->why = why;
	u->detail = detail ? strdup(detail) : NULL;
	if (u->name == NULL || u->country == NULL || (detail && !u->detail))
		return ERR_NOMEM;
	return ERR_OK;
}

/*
 * Resolves a side to an index in t->cities, or (size_t)-1 after listing
 * it as unresolved. Sets *e on out-of-memory.
 */
static size_t
resolve(struct tw *t, long line, int sidenum, const struct side *sd,
    enum err *e)
{
	struct geo_match	 m, best;
	enum geo_status		 st = GEO_NONE, bst = GEO_NONE;
	char			 cc[3], variant[GEO_KEY_MAX + 1];
	char			 key[GEO_KEY_MAX + 4 + 1], detail[300];
	size_t			 i, v;
	int			 regional, similar = 0;
	char			*slug;

	memset(&best, 0, sizeof(best));
	if (!*sd->name || !*sd->country) {
		*e = unresolved(t, line, sidenum, sd, IO_UNRES_NO_NAME, NULL);
		return (size_t)-1;
	}
	if (!country_code(&t->countries, sd->country, cc)) {
		*e = unresolved(t, line, sidenum, sd, IO_UNRES_COUNTRY, NULL);
		return (size_t)-1;
	}
	regional = looks_regional(sd->name);
	/*
	 * The name as written, then without a trailing "(...)", ", ..." or
	 * " City" ("Frankfurt (Oder)" is in GeoNames whole; "Brooklyn, New
	 * York" and "Jilin City" are not).
	 */
	for (v = 0; v < 4 && bst != GEO_FOUND; v++) {
		if (!name_variant(sd->name, v, variant))
			continue;
		st = geo_resolve(t->geo, variant, cc, sd->has_point, sd->lat,
		    sd->lon, t->opts->maxkm, &m);
		/*
		 * A region or borough is not the town that has its name as an
		 * alternate ("Maui County" is not Wailuku's).
		 */
		if (m.by == GEO_NAMES_ALT && (regional || (st == GEO_FOUND &&
		    is_parent(sd->name, m.place))))
			st = GEO_NONE;
		if (st == GEO_FOUND || (st == GEO_TOO_FAR && bst == GEO_NONE) ||
		    (st == GEO_TOO_FAR && m.km < best.km)) {
			bst = st;
			best = m;
		}
	}
	/*
	 * Not a name of the gazetteer: another spelling of a place near the
	 * given point ("Odesa" at Odessa, "Bad Kötzting" at Kötzting), never
	 * for a region, never for a name that a place far away bears.
	 */
	for (v = 0; bst == GEO_NONE && sd->has_point && !regional && v < 4;
	    v++) {
		const struct geo_place	*p;
		double			 km = 0;

		if (!name_variant(sd->name, v, variant))
			continue;
		if ((p = geo_similar(t->geo, variant, cc, sd->lat, sd->lon,
		    GEO_SIMILAR_KM, &km)) != NULL && !is_parent(sd->name, p)) {
			bst = GEO_FOUND;
			best.place = p;
			best.km = km;
			similar = 1;
		}
	}
	if (bst == GEO_NONE) {
		const struct geo_place	*near = NULL;
		double			 km = 0;

		/*
		 * A hint for whoever reads the report: the place at the given
		 * point, which may be what the name means under another name.
		 */
		if (sd->has_point)
			near = geo_nearest(t->geo, cc, sd->lat, sd->lon,
			    TW_HINT_KM, &km);
		if (near)
			snprintf(detail, sizeof(detail), "nearest gazetteer "
			    "place: %s (%s, GeoNames %u), %.1f km", near->name,
			    cc, (unsigned)near->id, km);
		*e = unresolved(t, line, sidenum, sd, regional ?
		    IO_UNRES_REGION : IO_UNRES_NOT_FOUND, near ? detail : NULL);
		return (size_t)-1;
	}
	if (bst == GEO_TOO_FAR) {
		snprintf(detail, sizeof(detail), "%s (%s, GeoNames %u) is "
		    "%.0f km from the given point", best.place->name, cc,
		    (unsigned)best.place->id, best.km);
		*e = unresolved(t, line, sidenum, sd, IO_UNRES_TOO_FAR, detail);
		return (size_t)-1;
	}
	if (similar)
		t->rep->by_similar++;
	else if (best.by == GEO_NAMES_ALT)
		t->rep->by_alt++;
	snprintf(key, sizeof(key), "g%u", (unsigned)best.place->id);
	if (smap_get(&t->bygid, key, &i))
		return i;
	memcpy(key, cc, 2);
	key[2] = '\t';
	if (geo_key(best.place->name, key + 3) > 0 && smap_get(&t->byname,
	    key, &i))
		goto found;
	if ((slug = city_slug(&t->slugs, best.place)) == NULL ||
	    (i = city_add(&t->cities, slug, best.place, 0)) == (size_t)-1 ||
	    smap_put(&t->slugs, t->cities.v[i].slug, i) != ERR_OK) {
		*e = ERR_NOMEM;
		return (size_t)-1;
	}
found:
	snprintf(key, sizeof(key), "g%u", (unsigned)best.place->id);
	if ((*e = smap_put(&t->bygid, key, i)) != ERR_OK)
		return (size_t)-1;
	return i;
}

/* ---- the import --------------------------------------------------------- */

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const geocoded_header[] = { "city1", "country1", "lat1",
	"lng1", "city2", "country2", "lat2", "lng2" };
static const char *const raw_header[] = { "city1", "country1", "city2",
	"country2" };

/* Reads a coordinate column; 1 if absent, 0 if malformed. */
static int
coord(const char *s, double lim, int *has, double *out)
{
	char	*end;

	if (*s == '\0') {
		*has = 0;
		return 1;
	}
	*out = strtod(s, &end);
	return *trim(end) == '\0' && end != s && *out >= -lim && *out <= lim;
}

static json_t *
source_record(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "slug", TW_SOURCE,
	    "url", TW_SOURCE_URL, "title", "Lists of twin towns and sister "
	    "cities", "publisher", "Wikipedia", "language", "en");
}

static json_t *
city_record(const struct tw_city *c)
{
	const struct geo_place	*p = c->place;
	json_t			*r;

	r = json_pack("{s:s, s:s, s:s, s:f, s:f, s:I}", "slug", c->slug,
	    "name", p->name, "country", p->cc, "lat", p->lat, "lon", p->lon,
	    "geonames_id", (json_int_t)p->id);
	if (r && p->population > 0)
		json_object_set_new(r, "population",
		    json_integer(p->population));
	return r;
}

struct newpair {
	size_t	 a, b;	/* indexes in cities, slugs in sorted order */
	long	 line;
};

/* A progress line on stderr, at most four times a second unless forced. */
static void	 progress(double *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static void
progress(double *last, int force, const char *fmt, ...)
{
	va_list	 ap;
	double	 t = now_s();

	if (!force && t - *last < 0.25)
		return;
	*last = t;
	fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

enum err
io_twinning_import(struct db *db, const char *file,
    const struct io_twinning_opts *opts, struct io_twinning_report *rep)
{
	struct buf	 text = { 0 };
	double		 start = now_s();
	enum err	 e;
	int		 rc;

	if ((rc = buf_read_file(&text, file)) != 0) {
		memset(rep, 0, sizeof(*rep));
		io_report_add(&rep->base, file, 0, 0, NULL, "cannot read the "
		    "file: %s", strerror(rc));
		buf_free(&text);
		return ERR_IO;
	}
	e = io_twinning_import_text(db, file, text.p ? text.p : "", text.len,
	    opts, rep);
	rep->seconds = now_s() - start;
	buf_free(&text);
	return e;
}

enum err
io_twinning_import_text(struct db *db, const char *file, const char *txt,
    size_t len, const struct io_twinning_opts *opts,
    struct io_twinning_report *rep)
{
	struct tw		 t;
	struct loadctx		 lc;
	struct buf		 k = { 0 };
	struct row		 r;
	struct geo		*geo = NULL;
	struct newpair		*np = NULL;
	struct problem		 pb = { 0 };
	enum db_put_result	 res;
	const char		*author = opts->author ? opts->author : "import";
	size_t			 pos = 0, npsz = 0, npcap = 0, i, ncols, total;
	size_t			 stored = 0;
	long			 line = 1;
	enum err		 e = ERR_OK;
	int			 rc, in_tx = 0, show, geocoded;
	double			 start = now_s(), last = 0, tstore;
	char			*msg = NULL;

	memset(rep, 0, sizeof(*rep));
	memset(&t, 0, sizeof(t));
	memset(&r, 0, sizeof(r));
	t.opts = opts;
	t.rep = rep;
	show = opts->progress && isatty(STDERR_FILENO);

	/* 1. The file must be well-formed throughout before anything else. */
	if (len > 0 && !model_utf8_valid(txt, len)) {
		io_report_add(&rep->base, file, 0, 0, NULL, "not valid UTF-8");
		goto out;
	}
	if (len >= 3 && memcmp(txt, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	rc = row_read(txt, len, &pos, &line, &r);
	geocoded = rc == 1 && r.n == 8;
	ncols = geocoded ? 8 : 4;
	for (i = 0; rc == 1 && i < r.n && r.n == ncols; i++)
		if (strcmp(row_str(&r, i),
		    geocoded ? geocoded_header[i] : raw_header[i]) != 0)
			break;
	if (rc != 1 || r.n != ncols || i != ncols) {
		io_report_add(&rep->base, file, 1, 0, "header", "a twinning "
		    "list starts with the header city1,country1,lat1,lng1,"
		    "city2,country2,lat2,lng2 or city1,country1,city2,"
		    "country2");
		goto out;
	}

	/* 2. What the reconciliation needs: countries, gazetteer, store. */
	memset(&lc, 0, sizeof(lc));
	lc.countries = &t.countries;
	lc.slugs = &t.slugs;
	lc.bygid = &t.bygid;
	lc.byname = &t.byname;
	lc.pairs = &t.pairs;
	lc.cities = &t.cities;
	if ((e = db_each(db, KIND_COUNTRY, load_country, &lc)) != ERR_OK ||
	    (e = lc.e) != ERR_OK)
		goto dbfail;
	if (t.countries.n == 0) {
		io_report_add(&rep->base, NULL, 0, 0, NULL, "the store has no "
		    "countries to match country names to; run \"intercity "
		    "init\" first");
		goto out;
	}
	for (i = 0; i < sizeof(country_aliases) / sizeof(country_aliases[0]);
	    i++) {
		char key[GEO_KEY_MAX + 1];

		if (geo_key(country_aliases[i].name, key) > 0 &&
		    (e = smap_put(&t.countries, key,
		    cc_pack(country_aliases[i].code))) != ERR_OK)
			goto out;
	}
	if ((e = db_each(db, KIND_CITY, load_city, &lc)) != ERR_OK ||
	    (e = lc.e) != ERR_OK ||
	    (e = db_each(db, KIND_PARTNERSHIP, load_partnership, &lc)) !=
	    ERR_OK || (e = lc.e) != ERR_OK)
		goto dbfail;
	if ((geo = geo_load(opts->gazetteer, &msg)) == NULL) {
		io_report_add(&rep->base, NULL, 0, 0, NULL, "%s",
		    msg ? msg : "out of memory");
		e = ERR_IO;
		goto out;
	}
	t.geo = geo;

	/* 3. Every row: check, reconcile, pair. */
	while ((rc = row_read(txt, len, &pos, &line, &r)) == 1) {
		struct side	 sd[2];
		size_t		 c[2], s;
		int		 bad = 0;

		if (show)
			progress(&last, 0, "reconciling: %ld pairs, %.0f%%",
			    rep->pairs, 100.0 * (double)pos / (double)len);
		if (r.n == 1 && *row_str(&r, 0) == '\0')
			continue;	/* a blank line */
		if (r.n != ncols) {
			io_report_add(&rep->base, file, r.line, 0, "row",
			    "%zu fields where the header has %zu", r.n, ncols);
			continue;
		}
		rep->pairs++;
		for (s = 0; s < 2; s++) {
			size_t	 o = s * (ncols / 2);

			sd[s].name = row_str(&r, o);
			sd[s].country = row_str(&r, o + 1);
			sd[s].has_point = geocoded;
			if (!geocoded)
				continue;
			if (!coord(row_str(&r, o + 2), 90, &sd[s].has_point,
			    &sd[s].lat) || !coord(row_str(&r, o + 3), 180,
			    &sd[s].has_point, &sd[s].lon)) {
				io_report_add(&rep->base, file, r.line, 0,
				    s ? "columns \"lat2\", \"lng2\"" :
				    "columns \"lat1\", \"lng1\"",
				    "not a latitude and longitude");
				bad = 1;
			}
		}
		if (bad || rep->base.nerrors > 0)
			continue;
		for (s = 0; s < 2; s++) {
			c[s] = resolve(&t, r.line, (int)s + 1, &sd[s], &e);
			if (e != ERR_OK)
				goto out;
		}
		if (c[0] == (size_t)-1 || c[1] == (size_t)-1) {
			rep->pairs_unresolved++;
			continue;
		}
		if (c[0] == c[1]) {
			if ((e = unresolved(&t, r.line, 0, &sd[0],
			    IO_UNRES_SAME_CITY, t.cities.v[c[0]].slug)) !=
			    ERR_OK)
				goto out;
			rep->pairs_unresolved++;
			continue;
		}
		t.cities.v[c[0]].used = t.cities.v[c[1]].used = 1;
		pair_key(&k, t.cities.v[c[0]].slug, t.cities.v[c[1]].slug);
		if (k.oom) {
			e = ERR_NOMEM;
			goto out;
		}
		if (smap_get(&t.pairs, k.p, &i)) {
			/* Stored before (0) or read before (1 + its index). */
			if (i > 0)
				rep->repeats++;
			else {
				rep->base.count[KIND_PARTNERSHIP]
				    [DB_UNCHANGED]++;
				if ((e = smap_put(&t.pairs, k.p, (size_t)-1))
				    != ERR_OK)
					goto out;
			}
			continue;
		}
		if (npsz == npcap) {
			struct newpair *v;

			npcap = npcap ? npcap * 2 : 1024;
			if ((v = realloc(np, npcap * sizeof(*v))) == NULL) {
				e = ERR_NOMEM;
				goto out;
			}
			np = v;
		}
		if (strcmp(t.cities.v[c[0]].slug, t.cities.v[c[1]].slug) > 0) {
			s = c[0];
			c[0] = c[1];
			c[1] = s;
		}
		np[npsz].a = c[0];
		np[npsz].b = c[1];
		np[npsz].line = r.line;
		if ((e = smap_put(&t.pairs, k.p, ++npsz)) != ERR_OK)
			goto out;
	}
	if (rc == -1)
		io_report_add(&rep->base, file, r.line, 0, "row", "a quoted "
		    "field is not closed");
	rep->base.records = rep->pairs;
	if (rep->base.nerrors > 0)
		goto out;

	/* 4. Store the new cities and partnerships in one transaction. */
	for (i = 0, total = npsz > 0 ? 1 + npsz : 0; i < t.cities.n; i++) {
		if (t.cities.v[i].stored && t.cities.v[i].used)
			rep->base.count[KIND_CITY][DB_UNCHANGED]++;
		total += !t.cities.v[i].stored && t.cities.v[i].used;
	}
	if ((e = db_begin(db)) != ERR_OK)
		goto dbfail;
	in_tx = 1;
	tstore = now_s();
	for (i = 0; i < t.cities.n + npsz + 1; i++) {
		enum kind	 kind;
		json_t		*rec;

		if (i == 0) {
			/* Only needed, and only stored, with a new pair. */
			if (npsz == 0)
				continue;
			kind = KIND_SOURCE;
			rec = source_record();
		} else if (i <= t.cities.n) {
			const struct tw_city *c = &t.cities.v[i - 1];

			if (c->stored || !c->used)
				continue;
			kind = KIND_CITY;
			rec = city_record(c);
		} else {
			const struct newpair *p = &np[i - 1 - t.cities.n];
			struct buf	 slug = { 0 };

			kind = KIND_PARTNERSHIP;
			buf_printf(&slug, "twinning--%s--%s",
			    t.cities.v[p->a].slug, t.cities.v[p->b].slug);
			rec = slug.oom ? NULL : json_pack("{s:s, s:s, "
			    "s:[{s:s}, {s:s}], s:s}", "slug", slug.p, "kind",
			    "twinning", "parties", "city",
			    t.cities.v[p->a].slug, "city",
			    t.cities.v[p->b].slug, "source", TW_SOURCE);
			buf_free(&slug);
		}
		if (rec == NULL) {
			e = ERR_NOMEM;
			goto out;
		}
		if ((e = model_check(kind, rec, &pb)) == ERR_OK)
			e = db_put(db, kind, rec, author, &res, &pb);
		json_decref(rec);
		if (e == ERR_INVALID) {
			/* Made here from the gazetteer: a bug if it happens. */
			io_report_add(&rep->base, file, i > t.cities.n ?
			    np[i - 1 - t.cities.n].line : 0, 0, pb.path,
			    "cannot store a %s: %s", model_kinds[kind].name,
			    pb.msg ? pb.msg : "invalid");
			e = ERR_OK;
			continue;
		}
		if (e != ERR_OK)
			goto dbfail;
		rep->base.count[kind][res]++;
		stored++;
		if (show)
			progress(&last, 0, "storing: %zu/%zu records", stored,
			    total);
	}
	if (show && stored > 0)
		progress(&last, 1, "stored %zu records in %.1f s\n", stored,
		    now_s() - tstore);
	else if (show)
		progress(&last, 1, "%s", "");
	if (rep->base.nerrors == 0 && !opts->dry_run) {
		if ((e = db_commit(db)) != ERR_OK)
			goto dbfail;
		in_tx = 0;
	}
	goto out;
dbfail:
	if (e == ERR_OK)
		e = ERR_DB;
	io_report_add(&rep->base, NULL, 0, 0, NULL, "the store failed: %s",
	    e == ERR_NOMEM ? "out of memory" : db_errmsg(db));
out:
	if (in_tx)
		db_rollback(db);
	rep->seconds = now_s() - start;
	problem_clear(&pb);
	free(msg);
	free(np);
	row_free(&r);
	buf_free(&k);
	for (i = 0; i < t.cities.n; i++)
		free(t.cities.v[i].slug);
	free(t.cities.v);
	smap_free(&t.countries);
	smap_free(&t.slugs);
	smap_free(&t.bygid);
	smap_free(&t.byname);
	smap_free(&t.pairs);
	geo_free(geo);
	if (e != ERR_OK)
		return e;
	return rep->base.nerrors > 0 ? ERR_INVALID : ERR_OK;
}

void
io_twinning_report_free(struct io_twinning_report *rep)
{
	size_t	 i;

	for (i = 0; i < rep->listsz; i++) {
		free(rep->list[i].name);
		free(rep->list[i].country);
		free(rep->list[i].detail);
	}
	free(rep->list);
	io_report_free(&rep->base);
	memset(rep, 0, sizeof(*rep));
}

/* A TSV field: tabs and line breaks become spaces. */
static void
tsv_field(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

void
io_twinning_report_tsv(FILE *f, const struct io_twinning_report *rep)
{
	size_t	 i;

	fputs("line\tside\tname\tcountry\treason\tdetail\n", f);
	for (i = 0; i < rep->listsz; i++) {
		const struct io_unresolved *u = &rep->list[i];

		fprintf(f, "%ld\t%d\t", u->line, u->side);
		tsv_field(f, u->name);
		fputc('\t', f);
		tsv_field(f, u->country);
		fprintf(f, "\t%s\t", io_unres_names[u->why]);
		tsv_field(f, u->detail);
		fputc('\n', f);
	}
}

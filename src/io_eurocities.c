/* io_eurocities.c - the Eurocities member list as network, cities, memberships.
 * SPDX-License-Identifier: MIT
 *
 * Reads city-vote's members-wikidata-enriched.json (github.com/c-riq/
 * city-vote, public-data/city-networks/eurocities): {"members": [{
 * "name_on_website", "wikidata_id", "wikidata_name", "latitude",
 * "longitude", "population", "country", "country_name"}, ...],
 * "not_found": ["name", ...]}. Each member becomes a membership of the
 * Eurocities network; its city is a stored one with the same Wikidata id,
 * else a stored one with the same folded name and country and no Wikidata
 * id, else a new one. The records go through the ordinary import (checks,
 * one transaction, upsert by slug), so a second import changes nothing.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "io.h"
#include "text.h"

#define EC_ORG		"eurocities"
#define EC_SOURCE	"eurocities-members-city-vote"
#define EC_SOURCE_URL	"https://github.com/c-riq/city-vote/tree/main/" \
			"public-data/city-networks/eurocities"
/* When the copy in tests/data/eurocities was taken from the repository. */
#define EC_ACCESSED	"2026-11-23"
#define EC_HQ_WIKIDATA	"Q239"	/* City of Brussels */

/* A city the members may be matched to: stored, or made by this import. */
struct ec_city {
	char	*slug;
	char	*country;	/* ISO code */
	char	*wikidata;	/* or NULL */
	char	*folded;	/* text_fold of the name */
	char	**names;	/* text_fold of the localized names */
	size_t	 namesz;	/* entries in names[] */
	const char *member;	/* name of the member that made it, or NULL */
	int	 joined;	/* a membership was made for it */
};

struct ec_country {
	char	*folded;	/* a folded name, in any language */
	char	 code[3];
};

struct ec {
	struct ec_city	*cities;	/* stored and new cities */
	size_t		 citiesz;	/* entries in cities[] */
	size_t		 citiescap;	/* entries allocated in cities[] */
	struct ec_country *countries;	/* country names */
	size_t		 countriesz;	/* entries in countries[] */
	int		 oom;
};

/* Names Wikidata and the file use that data/countries.json writes otherwise. */
static const struct {
	const char	*name;	/* folded */
	const char	*code;
} ec_aliases[] = {
	{ "turkey", "TR" },
	{ "moldova", "MD" },
	{ "czech republic", "CZ" },
	{ "russia", "RU" },
	{ "kosovo", "XK" },
};

/* ---- small helpers ------------------------------------------------------ */

/* The folded form of s, or NULL (invalid UTF-8 or out of memory). */
static char *
fold(const char *s)
{
	char	*out = NULL;
	size_t	 n;

	if (s == NULL || text_fold(s, strlen(s), &out, &n) != ERR_OK)
		return NULL;
	return out;
}

static int
wikidata_valid(const char *s)
{
	size_t	 i;

	if (s == NULL || s[0] != 'Q' || s[1] < '1' || s[1] > '9')
		return 0;
	for (i = 2; s[i] != '\0'; i++)
		if (!isdigit((unsigned char)s[i]) || i > 12)
			return 0;
	return 1;
}

static void
ec_free(struct ec *x)
{
	size_t	 i;

	for (i = 0; i < x->citiesz; i++) {
		free(x->cities[i].slug);
		free(x->cities[i].country);
		free(x->cities[i].wikidata);
		free(x->cities[i].folded);
		while (x->cities[i].namesz > 0)
			free(x->cities[i].names[--x->cities[i].namesz]);
		free(x->cities[i].names);
	}
	free(x->cities);
	for (i = 0; i < x->countriesz; i++)
		free(x->countries[i].folded);
	free(x->countries);
}

/* Adds a city to the match list; returns it, or NULL when out of memory. */
static struct ec_city *
ec_city_add(struct ec *x, const char *slug, const char *country,
    const char *wikidata, const char *name)
{
	struct ec_city	*c;

	if (x->citiesz == x->citiescap) {
		size_t cap = x->citiescap ? x->citiescap * 2 : 512;

		if ((c = realloc(x->cities, cap * sizeof(*c))) == NULL) {
			x->oom = 1;
			return NULL;
		}
		x->cities = c;
		x->citiescap = cap;
	}
	c = &x->cities[x->citiesz];
	memset(c, 0, sizeof(*c));
	c->slug = strdup(slug);
	c->country = strdup(country ? country : "");
	c->wikidata = wikidata ? strdup(wikidata) : NULL;
	c->folded = fold(name);
	if (c->slug == NULL || c->country == NULL || c->folded == NULL ||
	    (wikidata && c->wikidata == NULL)) {
		free(c->slug);
		free(c->country);
		free(c->wikidata);
		free(c->folded);
		x->oom = 1;
		return NULL;
	}
	x->citiesz++;
	return c;
}

static int
load_city(json_t *rec, void *arg)
{
	struct ec	*x = arg;
	struct ec_city	*c;
	const char	*name = json_string_value(json_object_get(rec, "name"));
	const char	*lang;
	json_t		*names = json_object_get(rec, "names"), *t;

	c = ec_city_add(x, json_string_value(json_object_get(rec, "slug")),
	    json_string_value(json_object_get(rec, "country")),
	    json_string_value(json_object_get(rec, "wikidata_id")),
	    name ? name : "");
	if (c == NULL || json_object_size(names) == 0)
		return x->oom;
	/* "Αθήνα" is also "Athens": the localized names match too. */
	if ((c->names = calloc(json_object_size(names),
	    sizeof(*c->names))) == NULL) {
		x->oom = 1;
		return 1;
	}
	json_object_foreach(names, lang, t) {
		const char *s = json_is_string(t) ? json_string_value(t) :
		    json_string_value(json_object_get(t, "text"));

		if (s != NULL && (c->names[c->namesz] = fold(s)) != NULL)
			c->namesz++;
	}
	return x->oom;
}

static int
load_country(json_t *rec, void *arg)
{
	struct ec		*x = arg;
	struct ec_country	*v;
	const char		*code, *lang;
	json_t			*names, *t;

	code = json_string_value(json_object_get(rec, "code"));
	names = json_object_get(rec, "names");
	if (code == NULL || strlen(code) != 2)
		return 0;
	json_object_foreach(names, lang, t) {
		const char *s = json_is_string(t) ? json_string_value(t) :
		    json_string_value(json_object_get(t, "text"));

		if (s == NULL)
			continue;
		if ((v = realloc(x->countries, (x->countriesz + 1) *
		    sizeof(*v))) == NULL) {
			x->oom = 1;
			return 1;
		}
		x->countries = v;
		v = &v[x->countriesz];
		memcpy(v->code, code, 3);
		if ((v->folded = fold(s)) == NULL) {
			x->oom = 1;
			return 1;
		}
		x->countriesz++;
	}
	return 0;
}

/* The ISO code of a country named in the file (a name or a code), or NULL. */
static const char *
country_code(const struct ec *x, const char *name)
{
	const char	*code = NULL;
	char		*f;
	size_t		 i;

	if (name == NULL)
		return NULL;
	if (strlen(name) == 2 && isupper((unsigned char)name[0]) &&
	    isupper((unsigned char)name[1])) {
		for (i = 0; i < x->countriesz; i++)
			if (strcmp(x->countries[i].code, name) == 0)
				return x->countries[i].code;
		return NULL;
	}
	if ((f = fold(name)) == NULL)
		return NULL;
	for (i = 0; i < x->countriesz && code == NULL; i++)
		if (strcmp(x->countries[i].folded, f) == 0)
			code = x->countries[i].code;
	for (i = 0; i < sizeof(ec_aliases) / sizeof(ec_aliases[0]) &&
	    code == NULL; i++)
		if (strcmp(ec_aliases[i].name, f) == 0)
			code = ec_aliases[i].code;
	free(f);
	return code;
}

static struct ec_city *
by_wikidata(struct ec *x, const char *q)
{
	size_t	 i;

	for (i = 0; q && i < x->citiesz; i++)
		if (x->cities[i].wikidata && strcmp(x->cities[i].wikidata,
		    q) == 0)
			return &x->cities[i];
	return NULL;
}

/*
 * A city of the country with this folded name and no Wikidata id (one with
 * another id is another place of the same name).
 */
static struct ec_city *
by_name(struct ec *x, const char *folded, const char *country)
{
	struct ec_city	*c;
	size_t		 i, j;

	for (i = 0; folded && i < x->citiesz; i++) {
		c = &x->cities[i];
		if (c->wikidata != NULL || strcmp(c->country, country) != 0)
			continue;
		if (strcmp(c->folded, folded) == 0)
			return c;
		for (j = 0; j < c->namesz; j++)
			if (strcmp(c->names[j], folded) == 0)
				return c;
	}
	return NULL;
}

/*
 * Latin letters that folding keeps because Unicode does not decompose them
 * ("Wrocław", "Tromsø"), spelled in ASCII for slugs.
 */
static const struct {
	const char	*utf8;
	const char	*ascii;
} ec_translit[] = {
	{ "\xc5\x82", "l" }, { "\xc3\xb8", "o" }, { "\xc3\xa6", "ae" },
	{ "\xc3\x9f", "ss" }, { "\xc4\x91", "d" }, { "\xc4\xb1", "i" },
	{ "\xc5\x93", "oe" }, { "\xc3\xbe", "th" }, { "\xc3\xb0", "d" },
	{ "\xc4\xa7", "h" },
};

static int
slug_taken(const struct ec *x, const char *slug)
{
	size_t	 i;

	for (i = 0; i < x->citiesz; i++)
		if (strcmp(x->cities[i].slug, slug) == 0)
			return 1;
	return 0;
}

/*
 * A free city slug for a name: the folded name with runs of other
 * characters as "-"; then with the country code; then with the Wikidata id.
 * The caller frees the result; NULL when out of memory.
 */
static char *
new_slug(const struct ec *x, const char *name, const char *country,
    const char *wikidata)
{
	struct buf	 b = { 0 };
	char		*f, *p;
	int		 dash = 0;

	if ((f = fold(name)) == NULL)
		return NULL;
	for (p = f; *p != '\0' && b.len < 100; p++) {
		const char	*t = NULL;
		size_t		 i;

		for (i = 0; i < sizeof(ec_translit) / sizeof(ec_translit[0]) &&
		    t == NULL; i++)
			if (strncmp(p, ec_translit[i].utf8, 2) == 0)
				t = ec_translit[i].ascii;
		if (t != NULL) {
			if (dash && b.len > 0)
				buf_putc(&b, '-');
			buf_puts(&b, t);
			dash = 0;
			p++;
			continue;
		}
		if (isalnum((unsigned char)*p) && !(*p & 0x80)) {
			if (dash && b.len > 0)
				buf_putc(&b, '-');
			buf_putc(&b, (char)tolower((unsigned char)*p));
			dash = 0;
		} else
			dash = 1;
	}
	free(f);
	if (b.len == 0)
		buf_puts(&b, wikidata ? wikidata : "city");
	if (b.p)
		b.p[0] = (char)tolower((unsigned char)b.p[0]);
	if (!b.oom && slug_taken(x, b.p)) {
		buf_putc(&b, '-');
		buf_putc(&b, (char)tolower((unsigned char)country[0]));
		buf_putc(&b, (char)tolower((unsigned char)country[1]));
		if (!b.oom && slug_taken(x, b.p) && wikidata)
			buf_printf(&b, "-q%s", wikidata + 1);
	}
	if (b.oom) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/*
 * The city's name from Wikidata's label, without the administrative words
 * the label sometimes carries ("Malmö Municipality", "City of Brussels").
 * The caller frees it.
 */
static char *
city_name(const char *label)
{
	static const char *const suffixes[] = {
		" Metropolitan Municipality", " Municipality",
	};
	size_t	 n = strlen(label), i, m;

	if (strncmp(label, "City of ", 8) == 0 && n > 8) {
		label += 8;
		n -= 8;
	}
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		m = strlen(suffixes[i]);
		if (n > m && strcmp(label + n - m, suffixes[i]) == 0) {
			n -= m;
			break;
		}
	}
	return strndup(label, n);
}

/*
 * The record to store: the fresh one, or the stored one of the same slug
 * with the fresh fields it lacks, so that what people added by hand (a
 * description, dates, a role) is kept. Returns a new reference or NULL.
 */
static json_t *
merge_stored(struct db *db, enum kind k, const char *slug, json_t *fresh)
{
	json_t		*stored = NULL, *v;
	const char	*key;

	if (db_get(db, k, slug, &stored) != ERR_OK || stored == NULL)
		return json_incref(fresh);
	json_object_foreach(fresh, key, v)
		if (json_object_get(stored, key) == NULL)
			json_object_set(stored, key, v);
	return stored;
}

/* ---- the reader --------------------------------------------------------- */

struct ec_read {
	const struct io_source	*src;
	size_t			 file;
	struct db		*db;
	struct io_recs		*rs;
	struct io_report	*rep;
	struct ec		 x;
};

static void
member_error(struct ec_read *r, size_t i, const char *field, const char *msg)
{
	char	 where[96];

	if (field)
		snprintf(where, sizeof(where), "$.members[%zu].%s", i, field);
	else
		snprintf(where, sizeof(where), "$.members[%zu]", i);
	io_report_add(r->rep, r->src->name, io_json_line(r->src->text,
	    r->src->len, "members", i, field), 0, where, "%s", msg);
}

/* Adds a record after checking it; its problems are the member's. */
static enum err
add_rec(struct ec_read *r, enum kind k, json_t *rec, size_t member)
{
	struct problem	 pb = { 0 };
	enum err	 e;
	long		 line = 1;

	if (rec == NULL)
		return ERR_NOMEM;
	if (member != SIZE_MAX)
		line = io_json_line(r->src->text, r->src->len, "members",
		    member, NULL);
	if ((e = model_check(k, rec, &pb)) == ERR_INVALID) {
		char	 where[64];

		if (member == SIZE_MAX)
			snprintf(where, sizeof(where), "$");
		else
			snprintf(where, sizeof(where), "$.members[%zu]",
			    member);
		io_report_add(r->rep, r->src->name, line, 0, where, "the %s "
		    "made from it is not valid: %s%s%s",
		    model_kinds[k].name, pb.path ? pb.path : "",
		    pb.path ? ": " : "", pb.msg ? pb.msg : "");
		e = ERR_OK;
	} else if (e == ERR_OK)
		e = io_recs_add(r->rs, k, rec, r->file, member, line);
	problem_clear(&pb);
	json_decref(rec);
	return e;
}

/* A number field that may be null: 1 when present, 0 when null or absent. */
static int
number(struct ec_read *r, size_t i, json_t *m, const char *field,
    double lo, double hi, double *out)
{
	json_t	*v = json_object_get(m, field);
	char	 msg[128];

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_number(v) || json_number_value(v) < lo ||
	    json_number_value(v) > hi || isnan(json_number_value(v))) {
		snprintf(msg, sizeof(msg), "must be a number from %g to %g, "
		    "or null", lo, hi);
		member_error(r, i, field, msg);
		return -1;
	}
	*out = json_number_value(v);
	return 1;
}

/* One member: check it, match or make its city, make its membership. */
static enum err
read_member(struct ec_read *r, size_t i, json_t *m)
{
	struct ec_city	*c = NULL;
	const char	*listed, *label, *q, *cc;
	char		*name = NULL, *folded = NULL, *folded2 = NULL;
	char		*slug = NULL;
	double		 lat = 0, lon = 0, pop = 0;
	int		 haslat, haslon, haspop;
	enum err	 e = ERR_OK;
	json_t		*v;
	size_t		 before = r->rep->nerrors;

	if (!json_is_object(m)) {
		member_error(r, i, NULL, "a member must be an object");
		return ERR_OK;
	}
	listed = json_string_value(json_object_get(m, "name_on_website"));
	if (listed == NULL || *listed == '\0')
		member_error(r, i, "name_on_website", "a member needs a name "
		    "(a non-empty string)");
	label = json_string_value(json_object_get(m, "wikidata_name"));
	if ((v = json_object_get(m, "wikidata_name")) != NULL &&
	    !json_is_null(v) && (label == NULL || *label == '\0'))
		member_error(r, i, "wikidata_name", "must be a non-empty "
		    "string or null");
	q = json_string_value(v = json_object_get(m, "wikidata_id"));
	if (v != NULL && !json_is_null(v) && !wikidata_valid(q))
		member_error(r, i, "wikidata_id", "a Wikidata id is \"Q\" and "
		    "digits, such as \"Q1492\"");
	cc = country_code(&r->x, json_string_value(json_object_get(m,
	    "country_name")));
	if (cc == NULL)
		member_error(r, i, "country_name", r->x.countriesz == 0 ?
		    "the store holds no countries yet: run \"intercity init\" "
		    "first" : "not a country name or ISO code known to "
		    "data/countries.json");
	haslat = number(r, i, m, "latitude", -90, 90, &lat);
	haslon = number(r, i, m, "longitude", -180, 180, &lon);
	haspop = number(r, i, m, "population", 0, 1e10, &pop);
	if (haslat >= 0 && haslon >= 0 && haslat != haslon)
		member_error(r, i, "longitude", "latitude and longitude go "
		    "together: give both or neither");
	if (r->rep->nerrors > before)
		return ERR_OK;

	if ((name = city_name(label ? label : listed)) == NULL ||
	    (folded = fold(name)) == NULL || (folded2 = fold(listed)) == NULL) {
		e = ERR_NOMEM;
		goto out;
	}
	if ((c = by_wikidata(&r->x, q)) == NULL &&
	    (c = by_name(&r->x, folded, cc)) == NULL)
		c = by_name(&r->x, folded2, cc);
	if (c != NULL && c->member == NULL)
		r->rep->matched[KIND_CITY]++;
	if (c != NULL && c->joined) {
		/* Listed twice ("Lyon" and "Lyon Metropole"): one membership. */
		io_report_skip(r->rep, listed, "the same city as \"%s\" "
		    "(%s%s%s), which is already a member: one membership",
		    c->member ? c->member : c->slug, c->slug, q ? ", " : "",
		    q ? q : "");
		goto out;
	}
	if (c == NULL) {
		json_t	*rec;

		if ((slug = new_slug(&r->x, name, cc, q)) == NULL ||
		    (c = ec_city_add(&r->x, slug, cc, q, name)) == NULL) {
			e = ERR_NOMEM;
			goto out;
		}
		c->member = listed;
		rec = json_pack("{s:s, s:s, s:s}", "slug", slug, "name", name,
		    "country", cc);
		if (rec && haslat > 0) {
			json_object_set_new(rec, "lat", json_real(lat));
			json_object_set_new(rec, "lon", json_real(lon));
		}
		if (rec && haspop > 0)
			json_object_set_new(rec, "population",
			    json_integer((json_int_t)llround(pop)));
		if (rec && q)
			json_object_set_new(rec, "wikidata_id",
			    json_string(q));
		if ((e = add_rec(r, KIND_CITY, rec, i)) != ERR_OK)
			goto out;
	}
	c->joined = 1;
	if (c->member == NULL)
		c->member = listed;
	{
		struct buf	 ms = { 0 };
		json_t		*fresh;

		buf_printf(&ms, EC_ORG "--%s", c->slug);
		fresh = json_pack("{s:s, s:s, s:s}", "organisation", EC_ORG,
		    "city", c->slug, "source", EC_SOURCE);
		e = ms.oom || fresh == NULL ? ERR_NOMEM : add_rec(r,
		    KIND_MEMBERSHIP, merge_stored(r->db, KIND_MEMBERSHIP, ms.p,
		    fresh), i);
		json_decref(fresh);
		buf_free(&ms);
	}
out:
	free(name);
	free(folded);
	free(folded2);
	free(slug);
	return e;
}

/* The headquarters: a city with Brussels' Wikidata id, or a new one. */
static enum err
headquarters(struct ec_read *r, const char **slug)
{
	struct ec_city	*c;
	char		*s;
	json_t		*rec;

	if ((c = by_wikidata(&r->x, EC_HQ_WIKIDATA)) != NULL ||
	    (c = by_name(&r->x, "brussels", "BE")) != NULL ||
	    (c = by_name(&r->x, "bruxelles", "BE")) != NULL) {
		*slug = c->slug;
		return ERR_OK;
	}
	if ((s = new_slug(&r->x, "Brussels", "BE", EC_HQ_WIKIDATA)) == NULL)
		return ERR_NOMEM;
	c = ec_city_add(&r->x, s, "BE", EC_HQ_WIKIDATA, "Brussels");
	rec = c ? json_pack("{s:s, s:s, s:s, s:f, s:f, s:s}", "slug", s,
	    "name", "Brussels", "country", "BE", "lat", 50.846667, "lon",
	    4.3525, "wikidata_id", EC_HQ_WIKIDATA) : NULL;
	free(s);
	if (c == NULL)
		return ERR_NOMEM;
	*slug = c->slug;
	return add_rec(r, KIND_CITY, rec, SIZE_MAX);
}

/* The source and the network, each merged with a stored version. */
static enum err
network(struct ec_read *r, const char *hq)
{
	json_t		*src, *org, *name;
	enum err	 e;
	size_t		 i;

	src = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "slug", EC_SOURCE,
	    "url", EC_SOURCE_URL, "title", "Eurocities members matched to "
	    "Wikidata (city-vote public data)", "publisher", "city-vote",
	    "language", "en", "accessed", EC_ACCESSED);
	if (src == NULL)
		return ERR_NOMEM;
	e = add_rec(r, KIND_SOURCE, merge_stored(r->db, KIND_SOURCE,
	    EC_SOURCE, src), SIZE_MAX);
	json_decref(src);
	if (e != ERR_OK)
		return e;
	if ((name = json_object()) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < MODEL_LANGSZ; i++)
		json_object_set_new(name, model_langs[i],
		    json_string("Eurocities"));
	org = json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:s}", "slug",
	    EC_ORG, "kind", "network", "name", name, "founded", "1986",
	    "headquarters", hq, "website", "https://eurocities.eu", "scope",
	    "european", "source", EC_SOURCE);
	if (org == NULL)
		return ERR_NOMEM;
	e = add_rec(r, KIND_ORG, merge_stored(r->db, KIND_ORG, EC_ORG, org),
	    SIZE_MAX);
	json_decref(org);
	return e;
}

/*
 * The dated member count: every name the website listed, matched to
 * Wikidata or not ("members" and "not_found"). Only with a date given by
 * whoever took the list: the file itself is undated, and the day it was
 * copied (the source's "accessed") says nothing of when the list held.
 */
static enum err
member_count(struct ec_read *r, const char *as_of, size_t members,
    size_t not_found)
{
	json_t		*claim, *note;
	char		 count[32], text[300];

	snprintf(count, sizeof(count), "%zu", members + not_found);
	snprintf(text, sizeof(text), "The names listed as members on "
	    "eurocities.eu when the list was taken: %zu matched to Wikidata "
	    "by the source, %zu not matched.", members, not_found);
	if ((note = json_pack("{s:s}", "en", text)) == NULL)
		return ERR_NOMEM;
	claim = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "subject",
	    "organisation/" EC_ORG, "property", "member_count", "value", count,
	    "as_of", as_of, "source", EC_SOURCE, "note", note);
	return add_rec(r, KIND_CLAIM, claim, SIZE_MAX);
}

enum err
io_eurocities_read(const struct io_source *src, size_t file, struct db *db,
    const char *as_of, struct io_recs *rs, struct io_report *rep)
{
	struct ec_read	 r;
	json_error_t	 je;
	json_t		*doc = NULL, *members, *nf, *v;
	const char	*key, *hq = NULL;
	size_t		 i, before = rep->nerrors;
	enum err	 e = ERR_OK;

	memset(&r, 0, sizeof(r));
	r.src = src;
	r.file = file;
	r.db = db;
	r.rs = rs;
	r.rep = rep;

	doc = json_loadb(src->text, src->len, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL) {
		io_report_add(rep, src->name, je.line > 0 ? je.line : 0,
		    je.column > 0 ? je.column : 0, NULL, "%s", je.text);
		return ERR_INVALID;
	}
	if (!json_is_object(doc)) {
		io_report_add(rep, src->name, 1, 0, "$", "the document must be "
		    "an object with \"members\" and \"not_found\"");
		e = ERR_INVALID;
		goto out;
	}
	json_object_foreach(doc, key, v)
		if (strcmp(key, "members") && strcmp(key, "not_found"))
			io_report_add(rep, src->name, io_json_line(src->text,
			    src->len, key, SIZE_MAX, NULL), 0, "$", "unknown "
			    "key \"%s\": a Eurocities member list has "
			    "\"members\" and \"not_found\"", key);
	members = json_object_get(doc, "members");
	nf = json_object_get(doc, "not_found");
	if (!json_is_array(members))
		io_report_add(rep, src->name, io_json_line(src->text, src->len,
		    "members", SIZE_MAX, NULL), 0, "$.members", "must be an "
		    "array of members");
	if (nf != NULL && !json_is_array(nf))
		io_report_add(rep, src->name, io_json_line(src->text, src->len,
		    "not_found", SIZE_MAX, NULL), 0, "$.not_found", "must be "
		    "an array of names");
	if (rep->nerrors > before) {
		e = ERR_INVALID;
		goto out;
	}

	if ((e = db_each(db, KIND_COUNTRY, load_country, &r.x)) != ERR_OK ||
	    (e = db_each(db, KIND_CITY, load_city, &r.x)) != ERR_OK)
		goto out;
	if (r.x.oom) {
		e = ERR_NOMEM;
		goto out;
	}
	json_array_foreach(members, i, v)
		if ((e = read_member(&r, i, v)) != ERR_OK)
			goto out;
	json_array_foreach(nf, i, v) {
		if (!json_is_string(v) || json_string_length(v) == 0) {
			char	 where[64];

			snprintf(where, sizeof(where), "$.not_found[%zu]", i);
			io_report_add(rep, src->name, io_json_line(src->text,
			    src->len, "not_found", i, NULL), 0, where,
			    "must be a non-empty string");
			continue;
		}
		io_report_skip(rep, json_string_value(v), "the source "
		    "found no Wikidata item for this member: not imported");
	}
	if (rep->nerrors > before) {
		e = ERR_INVALID;
		goto out;
	}
	if ((e = headquarters(&r, &hq)) != ERR_OK ||
	    (e = network(&r, hq)) != ERR_OK || (as_of != NULL &&
	    (e = member_count(&r, as_of, json_array_size(members),
	    json_array_size(nf))) != ERR_OK))
		goto out;
	if (rep->nerrors > before)
		e = ERR_INVALID;
out:
	ec_free(&r.x);
	json_decref(doc);
	return e;
}

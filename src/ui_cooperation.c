/* ui_cooperation.c - city-to-city cooperation: partnerships faceted by
 * kind, country, topic and period, narrowed to a city or a network, with
 * the partner cities on a world map.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "i18n.h"
#include "svg_map.h"
#include "ui.h"

#define COOP_PAGE	50	/* partnerships per page */
#define MAP_ARCS	300	/* arcs on one map: a phone must cope */
#define COOP_FACET_MAX	25	/* values listed per facet */

enum coop_facet { COOP_KIND, COOP_COUNTRY, COOP_TOPIC, COOP_PERIOD,
    COOP__MAX };

static const char *const coop_keys[COOP__MAX] = {
	"kind", "country", "topic", "period",
};
static const char *const coop_labels[COOP__MAX] = {
	N_("Kind"), N_("Country"), N_("Topic"), N_("Since"),
};
static const struct {
	const char	*value;
	const char	*label;
} kinds[] = {
	{ "twinning", N_("Twinning") },
	{ "cooperation", N_("Cooperation") },
	{ "friendship", N_("Friendship") },
	{ "project", N_("Joint project") },
};

struct coop_filter {
	const char	*vals[COOP__MAX][16];
	size_t		 valsz[COOP__MAX];
	const char	*city;		/* narrowed to a city */
	const char	*network;	/* narrowed to a network's members */
	long		 page;
};

static const char *
str(json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

static size_t
values(const struct site *site, json_t *p, enum coop_facet f,
    const char *v[64], char period[8])
{
	const char	*cities[64], *s;
	json_t		*t;
	size_t		 i, k, n = 0, nc;

	switch (f) {
	case COOP_KIND:
		v[n++] = str(p, "kind");
		break;
	case COOP_COUNTRY:
		nc = site_party_cities(site, p, cities);
		for (i = 0; i < nc; i++) {
			s = str(site_get(site, KIND_CITY, cities[i]), "country");
			for (k = 0; s != NULL && k < n; k++)
				if (strcmp(v[k], s) == 0)
					break;
			if (s != NULL && k == n && n < 64)
				v[n++] = s;
		}
		break;
	case COOP_TOPIC:
		json_array_foreach(json_object_get(p, "topics"), i, t)
			if (n < 64)
				v[n++] = json_string_value(t);
		break;
	default:
		if ((s = str(p, "since")) != NULL && strlen(s) >= 4) {
			snprintf(period, 8, "%.3s0", s);
			v[n++] = period;
		}
		break;
	}
	return n;
}

#define MISS_NARROW	(1u << COOP__MAX)	/* outside the city or network */

/*
 * Which filters a partnership fails: bit f for facet f, MISS_NARROW for
 * the city or network it was narrowed to. It counts for facet f when
 * nothing but bit f is set, and is listed when nothing is.
 */
static unsigned
misses(const struct site *site, json_t *p, const struct coop_filter *cf)
{
	const char	*v[64], *cities[64];
	char		 period[8];
	size_t		 f, n, i, k;
	unsigned	 miss = 0;
	int		 any;

	if (cf->city != NULL || cf->network != NULL) {
		n = site_party_cities(site, p, cities);
		for (any = 0, i = 0; i < n && !any; i++)
			any = (cf->city == NULL || strcmp(cities[i],
			    cf->city) == 0) && (cf->network == NULL ||
			    site_member_of(site, cities[i], cf->network));
		if (!any)
			return MISS_NARROW;
	}
	for (f = 0; f < COOP__MAX; f++) {
		if (cf->valsz[f] == 0)
			continue;
		n = values(site, p, (enum coop_facet)f, v, period);
		for (any = 0, i = 0; i < n && !any; i++)
			for (k = 0; k < cf->valsz[f]; k++)
				if (v[i] != NULL && strcmp(v[i],
				    cf->vals[f][k]) == 0)
					any = 1;
		if (!any)
			miss |= 1u << f;
	}
	return miss;
}

static const char *
kind_label(struct ui *u, const char *v)
{
	size_t	 i;

	for (i = 0; v != NULL && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].value, v) == 0)
			return T(u->lang, kinds[i].label);
	return v ? v : "";
}

static const char *
value_label(struct ui *u, int f, const char *v)
{
	switch ((enum coop_facet)f) {
	case COOP_KIND: return kind_label(u, v);
	case COOP_COUNTRY: return site_name(u->site, KIND_COUNTRY, v, u->lang);
	case COOP_TOPIC: return site_name(u->site, KIND_TOPIC, v, u->lang);
	default: return arena_printf(u->req->mem, "%ss", v);
	}
}

static void
parties(struct ui *u, json_t *p)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(json_object_get(p, "parties"), i, v) {
		if (i > 0)
			html_lit(u->b, " – ");
		if (str(v, "city") != NULL) {
			html_lit(u->b, "<a href=\"");
			ui_href(u, "/cities/");
			html_path(u->b, str(v, "city"));
			html_lit(u->b, "\">");
			html_str(u->b, site_name(u->site, KIND_CITY, str(v,
			    "city"), u->lang));
			html_lit(u->b, "</a>");
		} else
			html_str(u->b, site_name(u->site, KIND_GROUP, str(v,
			    "group"), u->lang));
	}
}

/* ---- the map ------------------------------------------------------------ */

struct map_build {
	struct ui		*u;
	struct svg_map_point	*pts;
	size_t			 ptsz, ptcap;
	struct svg_map_arc	*arcs;
	size_t			 arcsz, arccap;
	json_t			*index;	/* city slug -> point index */
	size_t			 skipped; /* arcs left out (cap) */
};

static long
point(struct map_build *m, const char *city, const char *focus)
{
	json_t	*rec = site_get(m->u->site, KIND_CITY, city), *have;
	json_t	*lat, *lon;

	if ((have = json_object_get(m->index, city)) != NULL)
		return (long)json_integer_value(have);
	lat = json_object_get(rec, "lat");
	lon = json_object_get(rec, "lon");
	if (!json_is_number(lat) || !json_is_number(lon) ||
	    m->ptsz == m->ptcap)
		return -1;
	m->pts[m->ptsz].id = city;
	m->pts[m->ptsz].label = site_name(m->u->site, KIND_CITY, city,
	    m->u->lang);
	m->pts[m->ptsz].lat = json_number_value(lat);
	m->pts[m->ptsz].lon = json_number_value(lon);
	m->pts[m->ptsz].highlight = focus != NULL && strcmp(focus, city) == 0;
	json_object_set_new(m->index, city, json_integer((json_int_t)m->ptsz));
	return (long)m->ptsz++;
}

/* A partnership as arcs: between its first party's cities and the rest. */
static void
add_partnership(struct map_build *m, json_t *p, const char *focus)
{
	const char	*cities[64];
	size_t		 n, i, k;
	long		 a, b;

	n = site_party_cities(m->u->site, p, cities);
	/* With a focus city, arcs run from it; else between all parties. */
	for (i = 0; i < n; i++)
		for (k = i + 1; k < n; k++) {
			if (focus != NULL && strcmp(cities[i], focus) != 0 &&
			    strcmp(cities[k], focus) != 0)
				continue;
			if (m->arcsz == m->arccap) {
				m->skipped++;
				continue;
			}
			a = point(m, cities[i], focus);
			b = point(m, cities[k], focus);
			if (a < 0 || b < 0 || a == b)
				continue;
			m->arcs[m->arcsz].from = (size_t)a;
			m->arcs[m->arcsz++].to = (size_t)b;
		}
}

/*
 * Which partnerships a full map draws: when they would make more than
 * MAP_ARCS lines, a first-come choice (the first slugs alphabetically) says
 * nothing. Partnerships other than twinnings come first (they are the ones
 * someone described), then those whose cities have the most partners, so
 * the map shows the hubs; ties keep the given order.
 */
struct ranked {
	json_t		*p;
	int		 curated;
	size_t		 degree;	/* partnerships of its cities, summed */
	size_t		 at;	/* its place in the given order */
};

static int
ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->curated != y->curated)
		return x->curated > y->curated ? -1 : 1;
	if (x->degree != y->degree)
		return x->degree > y->degree ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

static void
add_ranked(struct map_build *m, json_t **ps, size_t n, const char *focus)
{
	struct ranked	*r;
	const char	*cities[64], *kind;
	size_t		 i, k, nc;

	if (n <= MAP_ARCS || (r = arena_alloc(m->u->req->mem,
	    n * sizeof(*r))) == NULL) {
		for (i = 0; i < n; i++)
			add_partnership(m, ps[i], focus);
		return;
	}
	for (i = 0; i < n; i++) {
		r[i].p = ps[i];
		r[i].at = i;
		kind = json_string_value(json_object_get(ps[i], "kind"));
		r[i].curated = kind == NULL || strcmp(kind, "twinning") != 0;
		r[i].degree = 0;
		nc = site_party_cities(m->u->site, ps[i], cities);
		for (k = 0; k < nc; k++)
			r[i].degree += json_array_size(json_object_get(
			    m->u->site->city_partners, cities[k]));
	}
	qsort(r, n, sizeof(*r), ranked_cmp);
	for (i = 0; i < n; i++)
		add_partnership(m, r[i].p, focus);
}

static int
map_init(struct ui *u, struct map_build *m)
{
	memset(m, 0, sizeof(*m));
	m->u = u;
	m->ptcap = 2 * MAP_ARCS + 2;
	m->arccap = MAP_ARCS;
	m->pts = arena_alloc(u->req->mem, m->ptcap * sizeof(*m->pts));
	m->arcs = arena_alloc(u->req->mem, m->arccap * sizeof(*m->arcs));
	m->index = json_object();
	if (m->pts == NULL || m->arcs == NULL || m->index == NULL) {
		json_decref(m->index);
		u->b->oom = 1;
		return -1;
	}
	return 0;
}

static void
map_draw(struct map_build *m, const char *focus, int fit)
{
	struct ui	*u = m->u;
	struct svg_map	 sm;
	const char	*cc[1];
	char		 num[2][I18N_NUMBER_SIZE];

	if (m->arcsz == 0) {
		json_decref(m->index);
		return;
	}
	memset(&sm, 0, sizeof(sm));
	sm.id = "coopmap";
	sm.title = T(u->lang, "Partner cities on the world map");
	sm.desc = T(u->lang, "Each line joins two partner cities along the "
	    "shortest path on the globe. The table lists the same "
	    "partnerships.");
	sm.points = m->pts;
	sm.pointsz = m->ptsz;
	sm.arcs = m->arcs;
	sm.arcsz = m->arcsz;
	sm.fit = fit;
	if (focus != NULL && (cc[0] = json_string_value(json_object_get(
	    site_get(u->site, KIND_CITY, focus), "country"))) != NULL) {
		sm.countries = cc;
		sm.countriesz = 1;
	}
	html_lit(u->b, "<figure class=\"map\">\n");
	if (svg_map(u->b, &sm) != ERR_OK)
		u->res->status = 500;
	html_lit(u->b, "<figcaption>");
	html_str(u->b, sm.desc);
	if (m->skipped > 0) {
		html_lit(u->b, " ");
		i18n_number(u->lang, (long)m->arcsz, num[0]);
		i18n_number(u->lang, (long)(m->arcsz + m->skipped), num[1]);
		ui_subst2(u->b, T(u->lang, "The map shows %s lines of %s: "
		    "described partnerships first, then those between the "
		    "cities with the most partners. Narrow the selection to "
		    "see the rest."), num[0], num[1]);
	}
	html_lit(u->b, "</figcaption>\n</figure>\n");
	json_decref(m->index);
}

void
ui_partner_map(struct ui *u, json_t *partnerships, const char *focus,
    int fit)
{
	struct map_build	 m;
	json_t			*p, **ps;
	size_t			 i, n = json_array_size(partnerships);

	if (map_init(u, &m) != 0)
		return;
	if ((ps = arena_alloc(u->req->mem, (n + 1) * sizeof(*ps))) == NULL) {
		json_decref(m.index);
		u->b->oom = 1;
		return;
	}
	json_array_foreach(partnerships, i, p)
		ps[i] = p;
	add_ranked(&m, ps, n, focus);
	map_draw(&m, focus, fit);
}

/* Parses the keys; 0, or -1 after a 400 page. */
static int
parse(struct ui *u, struct coop_filter *cf)
{
	const struct http_arg	*a;
	size_t			 i, f;
	char			*end;

	memset(cf, 0, sizeof(*cf));
	cf->page = 1;
	for (i = 0; i < u->req->argsz; i++) {
		a = &u->req->args[i];
		if (a->val[0] == '\0')
			continue;
		if (strcmp(a->key, "city") == 0 || strcmp(a->key,
		    "network") == 0) {
			if (!model_slug_valid(a->val)) {
				ui_error(u, 400, arena_printf(u->req->mem,
				    "%s: \"%.60s\" is not an identifier",
				    a->key, a->val));
				return -1;
			}
			*(a->key[0] == 'c' ? &cf->city : &cf->network) = a->val;
			continue;
		}
		if (strcmp(a->key, "page") == 0) {
			cf->page = strtol(a->val, &end, 10);
			if (*end || cf->page < 1 || cf->page > 10000) {
				ui_error(u, 400, arena_printf(u->req->mem,
				    "page: \"%.60s\" is not a page number from "
				    "1 to 10000", a->val));
				return -1;
			}
			continue;
		}
		for (f = 0; f < COOP__MAX; f++)
			if (strcmp(a->key, coop_keys[f]) == 0)
				break;
		if (f == COOP__MAX)
			continue;
		if (strlen(a->val) > 64 || cf->valsz[f] == 16) {
			ui_error(u, 400, arena_printf(u->req->mem, "%s: too "
			    "many values, or a value longer than 64 bytes",
			    coop_keys[f]));
			return -1;
		}
		cf->vals[f][cf->valsz[f]++] = a->val;
	}
	return 0;
}

static void
query(struct buf *b, const struct coop_filter *cf, long page)
{
	size_t	 f, i;

	if (cf->city) {
		buf_puts(b, b->len ? "&city=" : "city=");
		html_query(b, cf->city);
	}
	if (cf->network) {
		buf_puts(b, b->len ? "&network=" : "network=");
		html_query(b, cf->network);
	}
	for (f = 0; f < COOP__MAX; f++)
		for (i = 0; i < cf->valsz[f]; i++) {
			if (b->len)
				buf_putc(b, '&');
			buf_puts(b, coop_keys[f]);
			buf_putc(b, '=');
			html_query(b, cf->vals[f][i]);
		}
	if (page > 1)
		buf_printf(b, "%spage=%ld", b->len ? "&" : "", page);
}

/* A partnership and the filters it misses (as misses()). */
struct coop_row {
	json_t		*p;
	unsigned	 miss;
};

/*
 * The facets with their counts, the total and the map of the rows that
 * miss no filter: from the layout's start to the list.
 */
static void
facets_and_map(struct ui *u, const struct coop_filter *cf,
    const struct coop_row *rows, size_t rowsz, size_t total)
{
	struct buf	*b = u->b;
	json_t		*counts;
	const char	*v[64];
	char		 period[8], num[I18N_NUMBER_SIZE];
	size_t		 f, r, n, i;

	html_lit(b, "<div class=\"layout\">\n<details class=\"facets\" open>\n"
	    "<summary><h2>");
	html_str(b, T(u->lang, "Filter"));
	html_lit(b, "</h2></summary>\n");
	for (f = 0; f < COOP__MAX; f++) {
		counts = json_object();
		for (r = 0; r < rowsz; r++) {
			if ((rows[r].miss & ~(1u << f)) != 0)
				continue;
			n = values(u->site, rows[r].p, (enum coop_facet)f, v,
			    period);
			for (i = 0; i < n; i++)
				json_object_set_new(counts, v[i], json_integer(
				    json_integer_value(json_object_get(counts,
				    v[i])) + 1));
		}
		ui_facet_fieldset(u, "c-", coop_keys[f], T(u->lang,
		    coop_labels[f]), counts, cf->vals[f], cf->valsz[f],
		    COOP_FACET_MAX, value_label, (int)f);
		json_decref(counts);
	}
	html_lit(b, "<div class=\"apply\"><button type=\"submit\">");
	html_str(b, T(u->lang, "Apply filters"));
	html_lit(b, "</button> <a href=\"");
	ui_href(u, "/cooperation");
	html_lit(b, "\">");
	html_str(b, T(u->lang, "Reset filter"));
	html_lit(b, "</a></div>\n</details>\n<section class=\"results\" "
	    "aria-labelledby=\"results-h\">\n");
	html_lit(b, "<h2 id=\"results-h\" class=\"total\">");
	i18n_number(u->lang, (long)total, num);
	ui_subst(b, TN(u->lang, "%s partnership", "%s partnerships",
	    (unsigned long)total), num);
	html_lit(b, "</h2>\n");
	{
		struct map_build m;

		json_t		**ps;
		size_t		  np = 0;

		if (map_init(u, &m) == 0) {
			if ((ps = arena_alloc(u->req->mem, (rowsz + 1) *
			    sizeof(*ps))) == NULL) {
				json_decref(m.index);
				b->oom = 1;
				return;
			}
			for (r = 0; r < rowsz; r++)
				if (rows[r].miss == 0)
					ps[np++] = rows[r].p;
			add_ranked(&m, ps, np, cf->city);
			map_draw(&m, cf->city, 0);
		}
	}
}

static int
ptr_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(json_t *const *)a;
	uintptr_t y = (uintptr_t)*(json_t *const *)b;

	return x < y ? -1 : x > y;
}

/* The partnerships of a membership's city; NULL when it names none. */
static json_t *
member_partners(const struct site *site, json_t *membership)
{
	const char *city = json_string_value(json_object_get(membership,
	    "city"));

	return city == NULL ? NULL : json_object_get(site->city_partners,
	    city);
}

/*
 * Narrowed to a city or a network, only the partnerships of that city, or
 * of the network's member cities, can pass (misses() says MISS_NARROW to
 * every other): their records, sorted by address, go to *cand for a
 * bsearch, so the thousands of others are not looked at. *cand stays NULL
 * when not narrowed. -1 when out of memory. Not with serve --no-cache,
 * which looks at every partnership, so test_cooperation_cache.sh can
 * compare the two.
 */
static int
narrowed(struct ui *u, const struct coop_filter *cf, json_t ***cand,
    size_t *candsz)
{
	const struct site *site = u->site;
	json_t		*m, *p, *list;
	size_t		 i, k, n = 0;

	*cand = NULL;
	*candsz = 0;
	if (cf->city != NULL)
		n = json_array_size(json_object_get(site->city_partners,
		    cf->city));
	else if (cf->network != NULL)
		json_array_foreach(json_object_get(site->org_members,
		    cf->network), i, m)
			n += json_array_size(member_partners(site, m));
	else
		return 0;
	if ((*cand = arena_alloc(u->req->mem, (n + 1) * sizeof(**cand))) ==
	    NULL)
		return -1;
	if (cf->city != NULL)
		json_array_foreach(json_object_get(site->city_partners,
		    cf->city), k, p)
			(*cand)[(*candsz)++] = p;
	else
		json_array_foreach(json_object_get(site->org_members,
		    cf->network), i, m) {
			list = member_partners(site, m);
			json_array_foreach(list, k, p)
				(*cand)[(*candsz)++] = p;
		}
	qsort(*cand, *candsz, sizeof(**cand), ptr_cmp);
	return 0;
}

void
ui_cooperation(struct http_req *req, struct http_resp *res)
{
	struct ui		 u;
	struct coop_filter	 cf;
	struct buf		*b, qs = { 0 };
	json_t			*p;
	const char		*slug, *name, *key = NULL, *cached = NULL;
	char			*frag;
	size_t			 f, n, total = 0, shown = 0, r, rowsz, start;
	enum text_lang		 got;
	struct coop_row		*rows;
	int			 unfiltered;
	json_t			**cand = NULL;
	size_t			 candsz = 0;

	if (ui_open(&u, req, res) != 0 || parse(&u, &cf) != 0)
		return;
	/* Each partnership is tested once; facets, total, map and list
	 * read the result. */
	/*
	 * The whole world unfiltered (facets over every partnership, the map
	 * of the first arcs) is the same for every reader of a snapshot in a
	 * language, and takes tens of milliseconds with the twinning lists:
	 * it is made once and kept with the snapshot. Then only the rows up
	 * to the page shown are needed: every partnership is listed.
	 */
	unfiltered = cf.city == NULL && cf.network == NULL;
	for (f = 0; f < COOP__MAX; f++)
		unfiltered = unfiltered && cf.valsz[f] == 0;
	if (unfiltered) {
		key = arena_printf(req->mem, "cooperation/%s",
		    text_lang_code(u.lang));
		cached = site_cache_get((struct site *)u.site, key);
	}
	rowsz = json_object_size(u.site->recs[KIND_PARTNERSHIP]);
	if (cached != NULL && rowsz > (size_t)cf.page * COOP_PAGE)
		rowsz = (size_t)cf.page * COOP_PAGE;
	if ((rows = arena_alloc(req->mem, (rowsz + 1) * sizeof(*rows))) ==
	    NULL) {
		res->status = 500;
		return;
	}
	if (site_cache_on() && narrowed(&u, &cf, &cand, &candsz) != 0) {
		res->status = 500;
		return;
	}
	rowsz = 0;
	json_object_foreach(u.site->recs[KIND_PARTNERSHIP], slug, p) {
		if (cached != NULL && rowsz == (size_t)cf.page * COOP_PAGE)
			break;
		rows[rowsz].p = p;
		rows[rowsz].miss = cand != NULL && bsearch(&p, cand, candsz,
		    sizeof(*cand), ptr_cmp) == NULL ? MISS_NARROW :
		    misses(u.site, p, &cf);
		total += rows[rowsz++].miss == 0;
	}
	if (cached != NULL)
		total = json_object_size(u.site->recs[KIND_PARTNERSHIP]);
	query(&qs, &cf, cf.page);
	u.query = qs.p;
	b = u.b;
	ui_begin(&u, T(u.lang, "City-to-city cooperation"), T(u.lang,
	    "Twinnings, cooperation agreements and joint projects between "
	    "cities."));
	html_lit(b, "<h1>");
	html_str(b, T(u.lang, "City-to-city cooperation"));
	html_lit(b, "</h1>\n");
	if (cf.city != NULL || cf.network != NULL) {
		html_lit(b, "<p class=\"note\">");
		html_str(b, T(u.lang, "Narrowed to:"));
		html_lit(b, " <strong><a href=\"");
		/* The name leads back to the city's or network's page. */
		if (cf.city != NULL) {
			ui_href(&u, "/cities/");
			html_path(b, cf.city);
		} else {
			const char *k = json_string_value(json_object_get(
			    site_get(u.site, KIND_ORG, cf.network), "kind"));

			ui_href(&u, k != NULL && strcmp(k, "project") == 0 ?
			    "/projects/" : "/networks/");
			html_path(b, cf.network);
		}
		html_lit(b, "\">");
		html_str(b, cf.city ? site_name(u.site, KIND_CITY, cf.city,
		    u.lang) : site_name(u.site, KIND_ORG, cf.network, u.lang));
		html_lit(b, "</a></strong> · <a href=\"");
		ui_href(&u, "/cooperation");
		html_lit(b, "\">");
		html_str(b, T(u.lang, "Show all cities"));
		html_lit(b, "</a></p>\n");
	}
	html_lit(b, "<form class=\"catalogue\" method=\"get\" action=\"");
	ui_href(&u, "/cooperation");
	html_lit(b, "\">\n");
	if (cf.city) {
		html_lit(b, "<input type=\"hidden\" name=\"city\" value=\"");
		html_attr(b, cf.city);
		html_lit(b, "\">\n");
	}
	if (cf.network) {
		html_lit(b, "<input type=\"hidden\" name=\"network\" value=\"");
		html_attr(b, cf.network);
		html_lit(b, "\">\n");
	}
	start = b->len;
	if (cached != NULL)
		buf_puts(b, cached);
	else
		facets_and_map(&u, &cf, rows, rowsz, total);
	if (unfiltered && cached == NULL && !b->oom && (frag = arena_alloc(
	    req->mem, b->len - start + 1)) != NULL) {
		memcpy(frag, b->p + start, b->len - start);
		frag[b->len - start] = '\0';
		site_cache_put((struct site *)u.site, key, frag);
	}
	html_lit(b, "<table class=\"data\"><thead><tr><th scope=\"col\">");
	html_str(b, T(u.lang, "Partners"));
	html_lit(b, "</th><th scope=\"col\">");
	html_str(b, T(u.lang, "Kind"));
	html_lit(b, "</th><th scope=\"col\">");
	html_str(b, T(u.lang, "Since"));
	html_lit(b, "</th><th scope=\"col\">");
	html_str(b, T(u.lang, "Name"));
	html_lit(b, "</th></tr></thead>\n<tbody>\n");
	n = 0;
	for (r = 0; r < rowsz; r++) {
		if (rows[r].miss != 0)
			continue;
		p = rows[r].p;
		if (n++ < (size_t)((cf.page - 1) * COOP_PAGE) ||
		    shown == COOP_PAGE)
			continue;
		shown++;
		html_lit(b, "<tr><td>");
		parties(&u, p);
		html_lit(b, "</td><td>");
		html_str(b, kind_label(&u, str(p, "kind")));
		html_lit(b, "</td><td>");
		if (str(p, "since")) {
			char date[64];

			i18n_date(u.lang, str(p, "since"), date);
			html_str(b, date);
		}
		name = site_text(json_object_get(p, "name"), u.lang, &got);
		html_lit(b, "</td><td");
		ui_lang_attr(&u, got);
		html_lit(b, ">");
		html_str(b, name);
		html_lit(b, "</td></tr>\n");
	}
	html_lit(b, "</tbody></table>\n");
	if (total > COOP_PAGE) {
		html_lit(b, "<nav class=\"pages\" aria-label=\"");
		html_str(b, T(u.lang, "Pages"));
		html_lit(b, "\"><ul>");
		if (cf.page > 1) {
			struct buf q = { 0 };

			query(&q, &cf, cf.page - 1);
			html_lit(b, "<li><a rel=\"prev\" href=\"");
			ui_href(&u, "/cooperation");
			if (q.len) {
				html_lit(b, "?");
				html_str(b, q.p);
			}
			html_lit(b, "\">");
			html_str(b, T(u.lang, "Previous"));
			html_lit(b, "</a></li>");
			buf_free(&q);
		}
		if ((size_t)cf.page * COOP_PAGE < total) {
			struct buf q = { 0 };

			query(&q, &cf, cf.page + 1);
			html_lit(b, "<li><a rel=\"next\" href=\"");
			ui_href(&u, "/cooperation?");
			html_str(b, q.p);
			html_lit(b, "\">");
			html_str(b, T(u.lang, "Next"));
			html_lit(b, "</a></li>");
			buf_free(&q);
		}
		html_lit(b, "</ul></nav>\n");
	}
	{
		const char	*q = ui_cooperation_query(&u);
		const char	*sep = *q ? "?" : "";
		struct ui_link	 l[] = {
			{ arena_printf(req->mem, "/partnerships.csv%s%s", sep,
			    q), "CSV" },
			{ arena_printf(req->mem, "/partnerships.json%s%s", sep,
			    q), "JSON" },
			{ arena_printf(req->mem, "/partnerships.geojson%s%s",
			    sep, q), "GeoJSON" },
			{ "/cities.geojson", T(u.lang, "cities (GeoJSON)") },
		};

		ui_downloads(&u, T(u.lang, "Download this list:"), l,
		    sizeof(l) / sizeof(l[0]));
	}
	html_lit(b, "</section>\n</div>\n</form>\n");
	ui_end(&u);
	buf_free(&qs);
}

/* ---- the same selection for the exports (ui_opendata.c) ---------------- */

json_t *
ui_cooperation_select(struct ui *u)
{
	struct coop_filter	 cf;
	json_t			*out, *p;
	const char		*slug;

	if (parse(u, &cf) != 0)
		return NULL;
	if ((out = json_array()) == NULL) {
		u->res->status = 500;
		return NULL;
	}
	json_object_foreach(u->site->recs[KIND_PARTNERSHIP], slug, p)
		if (misses(u->site, p, &cf) == 0)
			json_array_append(out, p);
	return out;
}

const char *
ui_cooperation_query(struct ui *u)
{
	struct coop_filter	 cf;
	struct buf		 qs = { 0 };
	const char		*r;

	/* Called on a request parse() has accepted already. */
	if (parse(u, &cf) != 0)
		return "";
	query(&qs, &cf, 1);
	r = arena_strdup(u->req->mem, qs.p ? qs.p : "");
	buf_free(&qs);
	return r ? r : "";
}

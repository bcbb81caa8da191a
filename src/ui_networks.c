/* ui_networks.c - city networks: the directory, a network's page (founding
 * with its sources side by side, members over time, growth chart), a
 * project's page, and a city's profile.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "i18n.h"
#include "svg_chart.h"
#include "svg_graph.h"
#include "ui.h"

static const struct {
	const char	*value;
	const char	*label;
} org_kinds[] = {
	{ "network", N_("Network") },
	{ "programme", N_("Programme") },
	{ "association", N_("Association") },
	{ "project", N_("Project") },
	{ "institution", N_("Institution") },
}, scopes[] = {
	{ "local", N_("Local") },
	{ "regional", N_("Regional") },
	{ "national", N_("National") },
	{ "european", N_("European") },
	{ "mediterranean", N_("Mediterranean") },
	{ "latin-american", N_("Latin American") },
	{ "international", N_("International") },
}, roles[] = {
	{ "founder", N_("Founder") },
	{ "member", N_("Member") },
	{ "observer", N_("Observer") },
	{ "board", N_("Board") },
	{ "host", N_("Host") },
	{ "secretariat", N_("Secretariat") },
	{ "partner", N_("Partner") },
	{ "lead", N_("Lead") },
}, partnership_kinds[] = {
	{ "twinning", N_("Twinning") },
	{ "cooperation", N_("Cooperation") },
	{ "friendship", N_("Friendship") },
	{ "project", N_("Joint project") },
};

#define LABEL(u, table, v) label_of((u), (table), \
	sizeof(table) / sizeof((table)[0]), (v))

static const char *
label_of(struct ui *u, const void *table, size_t n, const char *v)
{
	const struct { const char *value, *label; } *t = table;
	size_t	 i;

	for (i = 0; v != NULL && i < n; i++)
		if (strcmp(t[i].value, v) == 0)
			return T(u->lang, t[i].label);
	return v ? v : "";
}

static const char *
str(json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

const char *
ui_role_label(struct ui *u, const char *role)
{
	return LABEL(u, roles, role ? role : "member");
}

const char *
ui_partnership_kind_label(struct ui *u, const char *kind)
{
	return LABEL(u, partnership_kinds, kind);
}

const char *
ui_org_kind_label(struct ui *u, const char *kind)
{
	return LABEL(u, org_kinds, kind);
}

static void
city_link(struct ui *u, const char *slug)
{
	html_lit(u->b, "<a href=\"");
	ui_href(u, "/cities/");
	html_path(u->b, slug);
	html_lit(u->b, "\">");
	html_str(u->b, site_name(u->site, KIND_CITY, slug, u->lang));
	html_lit(u->b, "</a>");
}

static void
org_link(struct ui *u, json_t *org)
{
	const char	*kind = str(org, "kind");

	html_lit(u->b, "<a href=\"");
	ui_href(u, kind && strcmp(kind, "project") == 0 ? "/projects/" :
	    "/networks/");
	html_path(u->b, str(org, "slug"));
	html_lit(u->b, "\">");
	html_str(u->b, site_text(json_object_get(org, "name"), u->lang, NULL));
	html_lit(u->b, "</a>");
}

static void
date_text(struct ui *u, const char *date)
{
	char	 out[64];

	if (date == NULL) {
		html_lit(u->b, "—");
		return;
	}
	i18n_date(u->lang, date, out);
	html_lit(u->b, "<time datetime=\"");
	html_attr(u->b, date);
	html_lit(u->b, "\">");
	html_str(u->b, out);
	html_lit(u->b, "</time>");
}

/* Whether any member city of org has a partnership, so that the
 * cooperation map narrowed to the network would show something. */
static int
members_have_partners(const struct site *site, const char *org)
{
	json_t		*m;
	size_t		 i;

	json_array_foreach(json_object_get(site->org_members, org), i, m)
		if (json_array_size(json_object_get(site->city_partners,
		    str(m, "city"))) > 0)
			return 1;
	return 0;
}

/* ---- the directory ------------------------------------------------------ */

enum dir_facet { DIR_KIND, DIR_SCOPE, DIR_TOPIC, DIR_COUNTRY, DIR_DECADE,
    DIR__MAX };

static const char *const dir_keys[DIR__MAX] = {
	"kind", "scope", "topic", "country", "decade",
};
static const char *const dir_labels[DIR__MAX] = {
	N_("Kind"), N_("Scope"), N_("Topic"), N_("Headquarters"),
	N_("Founded"),
};

/* The values an organisation has for a directory facet, into v[]. */
static size_t
org_values(const struct site *site, json_t *org, enum dir_facet f,
    const char *v[64], char decade[8])
{
	json_t		*t, *hq;
	const char	*s;
	size_t		 i, n = 0;

	switch (f) {
	case DIR_KIND:
		v[n++] = str(org, "kind");
		break;
	case DIR_SCOPE:
		if ((s = str(org, "scope")) != NULL)
			v[n++] = s;
		break;
	case DIR_TOPIC:
		json_array_foreach(json_object_get(org, "topics"), i, t)
			if (n < 64)
				v[n++] = json_string_value(t);
		break;
	case DIR_COUNTRY:
		hq = site_get(site, KIND_CITY, str(org, "headquarters"));
		if (hq != NULL && (s = str(hq, "country")) != NULL)
			v[n++] = s;
		break;
	default:
		if ((s = str(org, "founded")) != NULL && strlen(s) >= 4) {
			snprintf(decade, 8, "%.3s0", s);
			v[n++] = decade;
		}
		break;
	}
	return n;
}

struct dir_filter {
	const char	*vals[DIR__MAX][16];
	size_t		 valsz[DIR__MAX];
	const char	*q;
};

/* Whether org passes every filter but `except` (DIR__MAX: all). */
static int
passes(const struct site *site, json_t *org, const struct dir_filter *df,
    enum dir_facet except, json_t *hits)
{
	const char	*v[64];
	char		 decade[8];
	size_t		 f, n, i, k;
	int		 any;

	if (hits != NULL && json_object_get(hits, str(org, "slug")) == NULL)
		return 0;
	for (f = 0; f < DIR__MAX; f++) {
		if (f == except || df->valsz[f] == 0)
			continue;
		n = org_values(site, org, (enum dir_facet)f, v, decade);
		for (any = 0, i = 0; i < n && !any; i++)
			for (k = 0; k < df->valsz[f]; k++)
				if (v[i] && strcmp(v[i], df->vals[f][k]) == 0)
					any = 1;
		if (!any)
			return 0;
	}
	return 1;
}

static const char *
dir_value_label(struct ui *u, int f, const char *v)
{
	switch ((enum dir_facet)f) {
	case DIR_KIND: return LABEL(u, org_kinds, v);
	case DIR_SCOPE: return LABEL(u, scopes, v);
	case DIR_TOPIC: return site_name(u->site, KIND_TOPIC, v, u->lang);
	case DIR_COUNTRY: return site_name(u->site, KIND_COUNTRY, v, u->lang);
	default: return arena_printf(u->req->mem, "%ss", v);
	}
}

/* Slugs of organisations the text matches, from the search index. */
static json_t *
text_hits(struct ui *u, const char *q)
{
	static const char *kind[] = { "organisation" };
	struct idx_query	 iq;
	struct idx_result	 r;
	json_t			*hits = json_object();
	size_t			 i;

	memset(&iq, 0, sizeof(iq));
	iq.text = q;
	iq.values[FACET_KIND] = kind;
	iq.valuesz[FACET_KIND] = 1;
	iq.limit = IDX_LIMIT_MAX;
	iq.typos = 1;
	if (idx_search(u->site->idx, site_ctx(), &iq, &r) == ERR_OK)
		for (i = 0; i < r.hitsz; i++)
			json_object_set_new(hits, r.hits[i].key +
			    strlen("organisation/"), json_true());
	idx_result_free(&r);
	return hits;
}

/* Reads the directory's keys into df and, with q, the organisations the
 * text matches into *hits (NULL without q; the caller frees it). 0, or
 * -1 after a 400 page. */
static int
dir_parse(struct ui *u, struct dir_filter *df, json_t **hits)
{
	struct http_req	*req = u->req;
	size_t		 i, f;

	memset(df, 0, sizeof(*df));
	*hits = NULL;
	df->q = http_arg(req, "q");
	for (i = 0; i < req->argsz; i++)
		for (f = 0; f < DIR__MAX; f++)
			if (strcmp(req->args[i].key, dir_keys[f]) == 0 &&
			    req->args[i].val[0] && df->valsz[f] < 16) {
				if (strlen(req->args[i].val) > 64) {
					ui_error(u, 400, arena_printf(req->mem,
					    "%s: a value longer than 64 bytes",
					    dir_keys[f]));
					return -1;
				}
				df->vals[f][df->valsz[f]++] = req->args[i].val;
			}
	if (df->q != NULL && strlen(df->q) > IDX_QUERY_MAX) {
		ui_error(u, 400, "q: the search text is longer than 1024 "
		    "bytes");
		return -1;
	}
	if (df->q != NULL && *df->q)
		*hits = text_hits(u, df->q);
	return 0;
}

/* The facet keys of df as a query string (URL-encoded, no "?"). */
static void
dir_query(struct buf *qs, const struct dir_filter *df)
{
	size_t	 f, i;

	for (f = 0; f < DIR__MAX; f++)
		for (i = 0; i < df->valsz[f]; i++) {
			buf_puts(qs, qs->len ? "&" : "");
			buf_puts(qs, dir_keys[f]);
			buf_putc(qs, '=');
			html_query(qs, df->vals[f][i]);
		}
}

static int
by_slug(const void *a, const void *b)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a,
	    "slug")), json_string_value(json_object_get(*(json_t *const *)b,
	    "slug")));
}

json_t *
ui_networks_select(struct ui *u)
{
	struct dir_filter	 df;
	json_t			*hits, *org, *out, **v;
	const char		*slug;
	size_t			 i, n = 0;

	if (dir_parse(u, &df, &hits) != 0)
		return NULL;
	v = arena_alloc(u->req->mem, (json_object_size(
	    u->site->recs[KIND_ORG]) + 1) * sizeof(*v));
	out = json_array();
	if (v == NULL || out == NULL) {
		json_decref(hits);
		json_decref(out);
		u->res->status = 500;
		return NULL;
	}
	json_object_foreach(u->site->recs[KIND_ORG], slug, org)
		if (strcmp(str(org, "kind"), "project") != 0 &&
		    passes(u->site, org, &df, DIR__MAX, hits))
			v[n++] = org;
	qsort(v, n, sizeof(*v), by_slug);
	for (i = 0; i < n; i++)
		json_array_append(out, v[i]);
	json_decref(hits);
	return out;
}

const char *
ui_networks_query(struct ui *u)
{
	struct dir_filter	 df;
	struct buf		 qs = { 0 };
	const char		*r;
	size_t			 i;

	memset(&df, 0, sizeof(df));
	for (i = 0; i < u->req->argsz; i++) {
		size_t f;

		for (f = 0; f < DIR__MAX; f++)
			if (strcmp(u->req->args[i].key, dir_keys[f]) == 0 &&
			    u->req->args[i].val[0] && df.valsz[f] < 16)
				df.vals[f][df.valsz[f]++] = u->req->args[i].val;
	}
	dir_query(&qs, &df);
	if ((df.q = http_arg(u->req, "q")) != NULL && *df.q) {
		buf_puts(&qs, qs.len ? "&q=" : "q=");
		html_query(&qs, df.q);
	}
	r = arena_strdup(u->req->mem, qs.p ? qs.p : "");
	buf_free(&qs);
	return r ? r : "";
}

void
ui_networks(struct http_req *req, struct http_resp *res)
{
	struct ui		 u;
	struct dir_filter	 df;
	struct buf		*b, qs = { 0 };
	json_t			*org, *hits = NULL, *counts;
	const char		*slug, *v[64];
	char			 decade[8], num[I18N_NUMBER_SIZE];
	size_t			 i, f, n, shown = 0;

	if (ui_open(&u, req, res) != 0 || dir_parse(&u, &df, &hits) != 0)
		return;
	dir_query(&qs, &df);
	u.query = qs.p;
	b = u.b;
	ui_begin(&u, T(u.lang, "City networks"), T(u.lang, "Networks, "
	    "programmes and associations of cities: who founded them, who "
	    "belongs, since when."));
	html_lit(b, "<h1>");
	html_str(b, T(u.lang, "City networks"));
	html_lit(b, "</h1>\n<form class=\"catalogue\" method=\"get\" action=\"");
	ui_href(&u, "/networks");
	html_lit(b, "\">\n<div class=\"searchbar\" role=\"search\"><label "
	    "for=\"q\">");
	html_str(b, T(u.lang, "Search the networks"));
	html_lit(b, "</label><div class=\"row\"><input type=\"search\" id=\"q\" "
	    "name=\"q\" maxlength=\"1024\" value=\"");
	html_str(b, df.q);
	html_lit(b, "\"><button type=\"submit\">");
	html_str(b, T(u.lang, "Search"));
	html_lit(b, "</button></div></div>\n<div class=\"layout\">\n"
	    "<details class=\"facets\" open>\n<summary><h2>");
	html_str(b, T(u.lang, "Filter"));
	html_lit(b, "</h2></summary>\n");
	for (f = 0; f < DIR__MAX; f++) {
		/* Disjunctive counts, by brute force: directories are small. */
		counts = json_object();
		json_object_foreach(u.site->recs[KIND_ORG], slug, org) {
			if (strcmp(str(org, "kind"), "project") == 0 ||
			    !passes(u.site, org, &df, (enum dir_facet)f, hits))
				continue;
			n = org_values(u.site, org, (enum dir_facet)f, v, decade);
			for (i = 0; i < n; i++)
				json_object_set_new(counts, v[i], json_integer(
				    json_integer_value(json_object_get(counts,
				    v[i])) + 1));
		}
		ui_facet_fieldset(&u, "n-", dir_keys[f], T(u.lang,
		    dir_labels[f]), counts, df.vals[f], df.valsz[f], SIZE_MAX,
		    dir_value_label, (int)f);
		json_decref(counts);
	}
	html_lit(b, "<div class=\"apply\"><button type=\"submit\">");
	html_str(b, T(u.lang, "Apply filters"));
	html_lit(b, "</button> <a href=\"");
	ui_href(&u, "/networks");
	html_lit(b, "\">");
	html_str(b, T(u.lang, "Reset filter"));
	html_lit(b, "</a></div>\n</details>\n<section class=\"results\" "
	    "aria-labelledby=\"results-h\">\n<h2 id=\"results-h\" "
	    "class=\"vh\">");
	html_str(b, T(u.lang, "City networks"));
	html_lit(b, "</h2>\n<table class=\"data\">\n<thead><tr><th scope=\"col\">");
	html_str(b, T(u.lang, "Name"));
	html_lit(b, "</th><th scope=\"col\">");
	html_str(b, T(u.lang, "Kind"));
	html_lit(b, "</th><th scope=\"col\">");
	html_str(b, T(u.lang, "Headquarters"));
	html_lit(b, "</th><th scope=\"col\">");
	html_str(b, T(u.lang, "Founded"));
	html_lit(b, "</th><th scope=\"col\" class=\"n\">");
	html_str(b, T(u.lang, "Members"));
	html_lit(b, "</th></tr></thead>\n<tbody>\n");
	json_object_foreach(u.site->recs[KIND_ORG], slug, org) {
		if (strcmp(str(org, "kind"), "project") == 0 ||
		    !passes(u.site, org, &df, DIR__MAX, hits))
			continue;
		shown++;
		html_lit(b, "<tr><td>");
		org_link(&u, org);
		if (str(org, "acronym")) {
			html_lit(b, " <abbr>");
			html_str(b, str(org, "acronym"));
			html_lit(b, "</abbr>");
		}
		html_lit(b, "</td><td>");
		html_str(b, LABEL(&u, org_kinds, str(org, "kind")));
		html_lit(b, "</td><td>");
		if (str(org, "headquarters"))
			city_link(&u, str(org, "headquarters"));
		html_lit(b, "</td><td>");
		if (str(org, "founded"))
			date_text(&u, str(org, "founded"));
		html_lit(b, "</td><td class=\"n\">");
		i18n_number(u.lang, (long)site_current_members(u.site, slug), num);
		html_str(b, num);
		html_lit(b, "</td></tr>\n");
	}
	html_lit(b, "</tbody>\n</table>\n");
	if (shown == 0) {
		html_lit(b, "<p class=\"empty\">");
		html_str(b, T(u.lang, "No network matches. Remove a filter or "
		    "try other words."));
		html_lit(b, "</p>\n");
	}
	{
		const char	*q = ui_networks_query(&u);
		const char	*sep = *q ? "?" : "";
		struct ui_link	 l[] = {
			{ arena_printf(req->mem, "/networks.csv%s%s", sep, q),
			    "CSV" },
			{ arena_printf(req->mem, "/networks.json%s%s", sep, q),
			    "JSON" },
			{ arena_printf(req->mem, "/networks.geojson%s%s", sep,
			    q), T(u.lang, "GeoJSON (headquarters)") },
		};

		ui_downloads(&u, T(u.lang, "Download this list:"), l,
		    sizeof(l) / sizeof(l[0]));
	}
	html_lit(b, "</section>\n</div>\n</form>\n");
	ui_end(&u);
	json_decref(hits);
	buf_free(&qs);
}

/* ---- the co-membership graph ------------------------------------------- */

#define GRAPH_CITIES	60	/* cities in one graph, most connected first */
#define GRAPH_NETWORKS	15	/* other networks, most shared first */

struct graph_build {
	struct ui		*u;
	struct svg_node		*nodes;
	size_t			 nodesz;
	struct svg_edge		*edges;
	size_t			 edgesz;
	size_t			 cap;	/* entries allocated in nodes */
	size_t			 edgecap; /* entries allocated in edges */
	json_t			*index;	/* node id -> index */
};

static long
node_of(struct graph_build *g, const char *kind, const char *slug, int focus)
{
	struct ui	*u = g->u;
	const char	*id = arena_printf(u->req->mem, "%s/%s", kind, slug);
	json_t		*have, *org;
	struct svg_node	*n;

	if (id == NULL)
		return -1;
	if ((have = json_object_get(g->index, id)) != NULL)
		return (long)json_integer_value(have);
	if (g->nodesz == g->cap)
		return -1;
	n = &g->nodes[g->nodesz];
	n->id = id;
	n->focus = focus;
	if (strcmp(kind, "city") == 0) {
		n->kind = SVG_NODE_CITY;
		n->label = site_name(u->site, KIND_CITY, slug, u->lang);
		n->href = arena_printf(u->req->mem, "/%s/cities/%s", u->code,
		    slug);
	} else {
		org = site_get(u->site, KIND_ORG, slug);
		n->kind = SVG_NODE_NETWORK;
		n->label = str(org, "acronym") ? str(org, "acronym") :
		    site_name(u->site, KIND_ORG, slug, u->lang);
		n->href = arena_printf(u->req->mem, "/%s/%s/%s", u->code,
		    org && strcmp(str(org, "kind"), "project") == 0 ?
		    "projects" : "networks", slug);
	}
	json_object_set_new(g->index, id, json_integer((json_int_t)g->nodesz));
	return (long)g->nodesz++;
}

static void
edge(struct graph_build *g, long a, long b)
{
	size_t	 i;

	if (a < 0 || b < 0 || g->edgesz == g->edgecap)
		return;
	for (i = 0; i < g->edgesz; i++)
		if (g->edges[i].a == (size_t)a && g->edges[i].b == (size_t)b)
			return;
	g->edges[g->edgesz].a = (size_t)a;
	g->edges[g->edgesz++].b = (size_t)b;
}

/* The `max` most frequent of counts (slug -> integer), into out. */
static size_t
top(struct ui *u, json_t *counts, size_t max, struct ui_count **out)
{
	size_t	 n;

	*out = ui_counts_sorted(u, counts, &n);
	return n < max ? n : max;
}

static void
bump(json_t *counts, const char *k)
{
	json_object_set_new(counts, k, json_integer(json_integer_value(
	    json_object_get(counts, k)) + 1));
}

static void
draw_graph(struct ui *u, struct graph_build *g, const char *desc,
    const char *key)
{
	struct svg_graph	 sg;
	struct buf		 svg = { 0 };
	const char		*cached;
	char			*msg = NULL;

	if (g->edgesz == 0)
		return;
	memset(&sg, 0, sizeof(sg));
	sg.title = T(u->lang, "Who belongs with whom");
	sg.desc = desc;
	sg.nodes = g->nodes;
	sg.nodesz = g->nodesz;
	sg.edges = g->edges;
	sg.edgesz = g->edgesz;
	html_lit(u->b, "<section class=\"comembers\" aria-labelledby="
	    "\"graph-h\"><h2 id=\"graph-h\">");
	html_str(u->b, T(u->lang, "Who belongs with whom"));
	/* The graph scrolls inside its div on a phone (site.css); the
	 * caption stays put under it. */
	html_lit(u->b, "</h2>\n<figure>\n<div class=\"scroll\">");
	/* Graphviz lays graphs out one at a time and takes milliseconds:
	 * a page's graph is made once per snapshot and language. */
	if ((cached = site_cache_get((struct site *)u->site, key)) != NULL)
		buf_puts(u->b, cached);
	else if (svg_graph(&svg, &sg, &msg) != ERR_OK)
		fprintf(stderr, "intercity: graph: %s\n", msg ? msg :
		    "failed");
	else if (!svg.oom) {
		site_cache_put((struct site *)u->site, key, svg.p);
		buf_put(u->b, svg.p, svg.len);
	}
	buf_free(&svg);
	html_lit(u->b, "</div>\n<figcaption>");
	html_str(u->b, desc);
	html_lit(u->b, "</figcaption>\n</figure>\n</section>\n");
	free(msg);
}

static int
graph_init(struct ui *u, struct graph_build *g)
{
	memset(g, 0, sizeof(*g));
	g->u = u;
	g->cap = 1 + GRAPH_CITIES + GRAPH_NETWORKS + 64;
	g->nodes = arena_alloc(u->req->mem, g->cap * sizeof(*g->nodes));
	g->edgecap = g->cap * 8;
	g->edges = arena_alloc(u->req->mem, g->edgecap * sizeof(*g->edges));
	g->index = json_object();
	if (g->nodes == NULL || g->edges == NULL || g->index == NULL) {
		json_decref(g->index);
		u->b->oom = 1;
		return -1;
	}
	return 0;
}

/*
 * A network, its member cities (those in most networks first), and the
 * other networks those cities share, joined by memberships.
 */
static void
network_graph(struct ui *u, const char *org)
{
	struct graph_build	 g;
	struct ui_count		*cities = NULL, *nets = NULL;
	json_t			*ccount = json_object(), *ncount = json_object();
	json_t			*m, *m2;
	size_t			 i, k, nc, nn;
	long			 self, c, o;

	json_array_foreach(json_object_get(u->site->org_members, org), i, m) {
		const char *city = str(m, "city");

		json_object_set_new(ccount, city, json_integer(json_array_size(
		    json_object_get(u->site->city_members, city))));
		json_array_foreach(json_object_get(u->site->city_members,
		    city), k, m2)
			if (strcmp(str(m2, "organisation"), org) != 0)
				bump(ncount, str(m2, "organisation"));
	}
	nc = top(u, ccount, GRAPH_CITIES, &cities);
	nn = top(u, ncount, GRAPH_NETWORKS, &nets);
	if (nc > 0 && graph_init(u, &g) == 0) {
		self = node_of(&g, "organisation", org, 1);
		for (i = 0; i < nn; i++)
			node_of(&g, "organisation", nets[i].value, 0);
		for (i = 0; i < nc; i++) {
			c = node_of(&g, "city", cities[i].value, 0);
			edge(&g, c, self);
			json_array_foreach(json_object_get(u->site->city_members,
			    cities[i].value), k, m2) {
				json_t *have = json_object_get(g.index,
				    arena_printf(u->req->mem, "organisation/%s",
				    str(m2, "organisation")));

				o = have ? (long)json_integer_value(have) : -1;
				if (o >= 0 && o != self)
					edge(&g, c, o);
			}
		}
		draw_graph(u, &g, T(u->lang, "The network (square) and its "
		    "member cities (dots), with the other networks those "
		    "cities belong to; a line is a membership. The members "
		    "table holds the same facts."), arena_printf(u->req->mem,
		    "graph/%s/organisation/%s", u->code, org));
		json_decref(g.index);
	}
	json_decref(ccount);
	json_decref(ncount);
}

/* A city, its networks, and the cities it meets in most of them. */
static void
city_graph(struct ui *u, const char *city)
{
	struct graph_build	 g;
	struct ui_count		*peers = NULL;
	json_t			*count = json_object(), *m, *m2;
	size_t			 i, k, np;
	long			 self, o, c;

	json_array_foreach(json_object_get(u->site->city_members, city), i, m)
		json_array_foreach(json_object_get(u->site->org_members,
		    str(m, "organisation")), k, m2)
			if (strcmp(str(m2, "city"), city) != 0)
				bump(count, str(m2, "city"));
	np = top(u, count, GRAPH_CITIES, &peers);
	if (json_array_size(json_object_get(u->site->city_members, city)) > 0 &&
	    graph_init(u, &g) == 0) {
		self = node_of(&g, "city", city, 1);
		json_array_foreach(json_object_get(u->site->city_members,
		    city), i, m) {
			o = node_of(&g, "organisation", str(m, "organisation"),
			    0);
			edge(&g, self, o);
		}
		for (i = 0; i < np; i++) {
			c = node_of(&g, "city", peers[i].value, 0);
			json_array_foreach(json_object_get(u->site->city_members,
			    peers[i].value), k, m2) {
				json_t *have = json_object_get(g.index,
				    arena_printf(u->req->mem, "organisation/%s",
				    str(m2, "organisation")));

				if (have != NULL)
					edge(&g, c, (long)json_integer_value(
					    have));
			}
		}
		draw_graph(u, &g, T(u->lang, "The city (large dot), its "
		    "networks and projects (squares), and the cities it meets "
		    "there most often; a line is a membership. The table of "
		    "networks above holds the city's own memberships."),
		    arena_printf(u->req->mem, "graph/%s/city/%s", u->code,
		    city));
		json_decref(g.index);
	}
	json_decref(count);
}

/* ---- a network --------------------------------------------------------- */

static void
source_link(struct ui *u, const char *slug)
{
	json_t	*src = site_get(u->site, KIND_SOURCE, slug);

	if (src == NULL)
		return;
	html_lit(u->b, "<a href=\"");
	html_attr(u->b, str(src, "url"));
	html_lit(u->b, "\">");
	html_str(u->b, str(src, "title"));
	html_lit(u->b, "</a>");
	if (str(src, "publisher")) {
		html_lit(u->b, " (");
		html_str(u->b, str(src, "publisher"));
		html_lit(u->b, ")");
	}
}

/* What sources say about one property, side by side, preferred first. */
static void
claims_table(struct ui *u, json_t *claims, const char *property,
    const char *caption)
{
	struct buf	*b = u->b;
	json_t		*c;
	size_t		 i, n = 0;
	enum text_lang	 got;
	const char	*note;
	char		 num[I18N_NUMBER_SIZE];

	json_array_foreach(claims, i, c)
		n += strcmp(str(c, "property"), property) == 0;
	if (n == 0)
		return;
	html_lit(b, "<table class=\"data claims\"><caption>");
	html_str(b, caption);
	html_lit(b, "</caption>\n<thead><tr><th scope=\"col\">");
	html_str(b, T(u->lang, "Value"));
	html_lit(b, "</th><th scope=\"col\">");
	html_str(b, T(u->lang, "As of"));
	html_lit(b, "</th><th scope=\"col\">");
	html_str(b, T(u->lang, "Source"));
	html_lit(b, "</th><th scope=\"col\">");
	html_str(b, T(u->lang, "Note"));
	html_lit(b, "</th></tr></thead>\n<tbody>\n");
	json_array_foreach(claims, i, c) {
		if (strcmp(str(c, "property"), property) != 0)
			continue;
		html_lit(b, "<tr");
		if (json_is_true(json_object_get(c, "preferred")))
			html_lit(b, " class=\"preferred\"");
		html_lit(b, "><td>");
		if (strcmp(property, "member_count") == 0 ||
		    strcmp(property, "population") == 0) {
			i18n_number(u->lang, atol(str(c, "value")), num);
			html_str(b, num);
		} else if (strcmp(property, "headquarters") == 0 &&
		    site_get(u->site, KIND_CITY, str(c, "value")))
			city_link(u, str(c, "value"));
		else if (strcmp(property, "founded") == 0 ||
		    strcmp(property, "constituted") == 0 ||
		    strcmp(property, "dissolved") == 0)
			date_text(u, str(c, "value"));
		else
			html_str(b, str(c, "value"));
		if (json_is_true(json_object_get(c, "preferred"))) {
			html_lit(b, " <span class=\"badge\">");
			html_str(b, T(u->lang, "preferred"));
			html_lit(b, "</span>");
		}
		html_lit(b, "</td><td>");
		if (str(c, "as_of"))
			date_text(u, str(c, "as_of"));
		html_lit(b, "</td><td>");
		source_link(u, str(c, "source"));
		html_lit(b, "</td><td");
		note = site_text(json_object_get(c, "note"), u->lang, &got);
		ui_lang_attr(u, got);
		html_lit(b, ">");
		html_str(b, note);
		html_lit(b, "</td></tr>\n");
	}
	html_lit(b, "</tbody></table>\n");
}

static const char *const member_sorts[] = {
	"city", "country", "role", "since", "until",
};
static const char *const member_heads[] = {
	N_("City"), N_("Country"), N_("Role"), N_("Since"), N_("Until"),
};

struct member_row {
	json_t		*m;
	const char	*key[5];	/* sort keys, as member_sorts */
	char		 folded[2][96];	/* city and country, folded */
	const char	*sk;		/* the chosen column's key */
};

/* By the chosen column (missing values last), then by city. */
static int
by_column(const void *a, const void *b)
{
	const struct member_row	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->sk ? x->sk : "\x7f", y->sk ? y->sk : "\x7f")) != 0)
		return c;
	return strcmp(x->folded[0], y->folded[0]);
}

static void
members_table(struct ui *u, const char *org, const char *sort)
{
	struct buf		*b = u->b;
	struct member_row	*rows;
	json_t			*list = json_object_get(u->site->org_members,
				    org), *m;
	size_t			 i, n = json_array_size(list), c;
	int			 col = 0;

	if (n == 0)
		return;
	for (c = 0; c < 5; c++)
		if (sort != NULL && strcmp(sort, member_sorts[c]) == 0)
			col = (int)c;
	if ((rows = arena_alloc(u->req->mem, n * sizeof(*rows))) == NULL) {
		b->oom = 1;
		return;
	}
	json_array_foreach(list, i, m) {
		const char *city = str(m, "city");
		json_t *rec = site_get(u->site, KIND_CITY, city);
		const char *cc = str(rec, "country");

		rows[i].m = m;
		rows[i].key[0] = site_name(u->site, KIND_CITY, city, u->lang);
		rows[i].key[1] = cc ? site_name(u->site, KIND_COUNTRY, cc,
		    u->lang) : "";
		rows[i].key[2] = str(m, "role") ? str(m, "role") : "member";
		rows[i].key[3] = str(m, "since");
		rows[i].key[4] = str(m, "until");
		text_norm(rows[i].key[0], strlen(rows[i].key[0]), 1,
		    rows[i].folded[0], sizeof(rows[i].folded[0]));
		text_norm(rows[i].key[1], strlen(rows[i].key[1]), 1,
		    rows[i].folded[1], sizeof(rows[i].folded[1]));
	}
	for (i = 0; i < n; i++)
		rows[i].sk = col < 2 ? rows[i].folded[col] : rows[i].key[col];
	qsort(rows, n, sizeof(*rows), by_column);

	html_lit(b, "<table class=\"data members\" id=\"members\"><caption>");
	html_str(b, T(u->lang, "Members"));
	html_lit(b, "</caption>\n<thead><tr>");
	for (c = 0; c < 5; c++) {
		html_lit(b, "<th scope=\"col\"");
		if ((int)c == col)
			html_lit(b, " aria-sort=\"ascending\"");
		html_lit(b, "><a href=\"");
		ui_href(u, u->rest);
		html_lit(b, "?sort=");
		html_str(b, member_sorts[c]);
		html_lit(b, "#members\">");
		html_str(b, T(u->lang, member_heads[c]));
		html_lit(b, "</a></th>");
	}
	html_lit(b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < n; i++) {
		const char *cc = str(site_get(u->site, KIND_CITY,
		    str(rows[i].m, "city")), "country");

		html_lit(b, "<tr><td>");
		city_link(u, str(rows[i].m, "city"));
		html_lit(b, "</td><td>");
		if (cc)
			html_str(b, site_name(u->site, KIND_COUNTRY, cc,
			    u->lang));
		html_lit(b, "</td><td>");
		html_str(b, LABEL(u, roles, rows[i].key[2]));
		html_lit(b, "</td><td>");
		if (rows[i].key[3])
			date_text(u, rows[i].key[3]);
		html_lit(b, "</td><td>");
		if (rows[i].key[4])
			date_text(u, rows[i].key[4]);
		html_lit(b, "</td></tr>\n");
	}
	html_lit(b, "</tbody></table>\n");
}

static int
by_date(const void *a, const void *b)
{
	const struct svg_point	*x = a, *y = b;

	return strcmp(x->date, y->date);
}

/*
 * Members over time from the membership dates (joining +1, leaving -1 on
 * their dates), with the dated counts sources give as marks; the same data
 * as a table for those who cannot see the chart.
 */
static void
growth(struct ui *u, json_t *org)
{
	struct buf		*b = u->b;
	struct svg_growth	 g;
	struct svg_point	*ev, *steps, *marks;
	json_t			*list = json_object_get(u->site->org_members,
				    str(org, "slug")), *m, *claims, *c;
	size_t			 i, n = 0, ns = 0, nm = 0, undated = 0;
	long			 count = 0;
	char			 num[I18N_NUMBER_SIZE], date[64];
	time_t			 t = time(NULL);
	struct tm		 tm;

	claims = json_object_get(u->site->claims, arena_printf(u->req->mem,
	    "organisation/%s", str(org, "slug")));
	ev = arena_alloc(u->req->mem, (2 * json_array_size(list) + 1) *
	    sizeof(*ev));
	steps = arena_alloc(u->req->mem, (2 * json_array_size(list) + 1) *
	    sizeof(*steps));
	marks = arena_alloc(u->req->mem, (json_array_size(claims) + 1) *
	    sizeof(*marks));
	if (ev == NULL || steps == NULL || marks == NULL) {
		b->oom = 1;
		return;
	}
	json_array_foreach(list, i, m) {
		if (str(m, "since") == NULL) {
			undated++;
			continue;
		}
		ev[n].date = str(m, "since");
		ev[n++].value = 1;
		if (str(m, "until") != NULL) {
			ev[n].date = str(m, "until");
			ev[n++].value = -1;
		}
	}
	qsort(ev, n, sizeof(*ev), by_date);
	for (i = 0; i < n; i++) {
		count += ev[i].value;
		if (ns > 0 && strcmp(steps[ns - 1].date, ev[i].date) == 0)
			steps[ns - 1].value = count;
		else {
			steps[ns].date = ev[i].date;
			steps[ns++].value = count;
		}
	}
	for (i = 0; i < ns; i++) {
		i18n_date(u->lang, steps[i].date, date);
		i18n_number(u->lang, steps[i].value, num);
		steps[i].label = arena_printf(u->req->mem, "%s: %s", date, num);
	}
	json_array_foreach(claims, i, c) {
		if (strcmp(str(c, "property"), "member_count") != 0 ||
		    str(c, "as_of") == NULL)
			continue;
		marks[nm].date = str(c, "as_of");
		marks[nm].value = atol(str(c, "value"));
		i18n_date(u->lang, marks[nm].date, date);
		i18n_number(u->lang, marks[nm].value, num);
		marks[nm].label = arena_printf(u->req->mem, "%s: %s (%s)",
		    date, num, T(u->lang, "according to a source"));
		nm++;
	}
	if (ns == 0 && nm == 0)
		return;
	gmtime_r(&t, &tm);
	memset(&g, 0, sizeof(g));
	g.title = T(u->lang, "Members over time");
	g.desc = T(u->lang, "A step line counts the member cities with a "
	    "known joining date; diamonds mark member counts that sources give "
	    "for a date. The table below holds the same figures.");
	g.steps = steps;
	g.stepsz = ns;
	g.marks = marks;
	g.marksz = nm;
	g.until = tm.tm_year + 1900;
	html_lit(b, "<section class=\"growth\" aria-labelledby=\"growth-h\">"
	    "<h2 id=\"growth-h\">");
	html_str(b, T(u->lang, "Members over time"));
	html_lit(b, "</h2>\n<figure>\n");
	svg_growth(b, &g);
	html_lit(b, "<figcaption>");
	html_str(b, g.desc);
	if (undated > 0) {
		html_lit(b, " ");
		i18n_number(u->lang, (long)undated, num);
		ui_subst(b, TN(u->lang, "%s member has no joining date and is "
		    "not counted in the line.", "%s members have no joining "
		    "date and are not counted in the line.", undated), num);
	}
	html_lit(b, "</figcaption>\n</figure>\n<table class=\"data\"><caption>");
	html_str(b, T(u->lang, "The chart's data"));
	html_lit(b, "</caption>\n<thead><tr><th scope=\"col\">");
	html_str(b, T(u->lang, "Date"));
	html_lit(b, "</th><th scope=\"col\" class=\"n\">");
	html_str(b, T(u->lang, "Members"));
	html_lit(b, "</th><th scope=\"col\">");
	html_str(b, T(u->lang, "Where from"));
	html_lit(b, "</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < ns + nm; i++) {
		const struct svg_point *p = i < ns ? &steps[i] : &marks[i - ns];

		html_lit(b, "<tr><td>");
		date_text(u, p->date);
		html_lit(b, "</td><td class=\"n\">");
		i18n_number(u->lang, p->value, num);
		html_str(b, num);
		html_lit(b, "</td><td>");
		html_str(b, i < ns ? T(u->lang, "membership dates") :
		    T(u->lang, "a source's count"));
		html_lit(b, "</td></tr>\n");
	}
	html_lit(b, "</tbody></table>\n</section>\n");
}

static void
practices_of_members(struct ui *u, const char *org)
{
	json_t		*list = json_object_get(u->site->org_members, org), *m;
	json_t		*seen = json_object(), *ps, *p;
	size_t		 i, k, shown = 0;

	json_array_foreach(list, i, m) {
		const char *city = str(m, "city");

		if (json_object_get(seen, city) != NULL)
			continue;
		json_object_set_new(seen, city, json_true());
		ps = json_object_get(u->site->city_practices, city);
		json_array_foreach(ps, k, p) {
			if (shown == 0) {
				html_lit(u->b, "<section aria-labelledby="
				    "\"mp-h\"><h2 id=\"mp-h\">");
				html_str(u->b, T(u->lang, "Practices from "
				    "member cities"));
				html_lit(u->b, "</h2>\n<ol class=\"hits\">\n");
			}
			if (shown++ < 10)
				ui_practice_item(u, p, NULL);
		}
	}
	if (shown > 0)
		html_lit(u->b, "</ol>\n</section>\n");
	json_decref(seen);
}

/* The organisation's page; projects get the same layout. */
static void
org_page(struct http_req *req, struct http_resp *res, int projects)
{
	struct ui	 u;
	struct buf	*b;
	json_t		*org, *claims, *v, *list;
	const char	*name, *desc, *kind;
	enum text_lang	 got, got2;
	size_t		 i;

	if (ui_open(&u, req, res) != 0)
		return;
	org = site_get(u.site, KIND_ORG, req->params[1]);
	kind = str(org, "kind");
	if (org == NULL || (strcmp(kind, "project") == 0) != projects) {
		ui_error(&u, 404, projects ? T(u.lang, "There is no project "
		    "with this name.") : T(u.lang, "There is no network with "
		    "this name."));
		return;
	}
	b = u.b;
	claims = json_object_get(u.site->claims, arena_printf(req->mem,
	    "organisation/%s", req->params[1]));
	name = site_text(json_object_get(org, "name"), u.lang, &got);
	if (!projects) {
		u.feed = arena_printf(req->mem, "/networks/%s.atom",
		    req->params[1]);
		u.feed_title = name;
	}
	ui_begin(&u, name, NULL);
	html_lit(b, "<article class=\"org\">\n<p class=\"kicker\">");
	html_str(b, LABEL(&u, org_kinds, kind));
	if (str(org, "scope")) {
		html_lit(b, " · ");
		html_str(b, LABEL(&u, scopes, str(org, "scope")));
	}
	html_lit(b, "</p>\n<h1");
	ui_lang_attr(&u, got);
	html_lit(b, ">");
	html_str(b, name);
	if (str(org, "acronym")) {
		html_lit(b, " <abbr>");
		html_str(b, str(org, "acronym"));
		html_lit(b, "</abbr>");
	}
	html_lit(b, "</h1>\n<dl class=\"facts\">\n");
	if (str(org, "founded")) {
		html_lit(b, "<div><dt>");
		html_str(b, T(u.lang, "Founded"));
		html_lit(b, "</dt><dd>");
		date_text(&u, str(org, "founded"));
		html_lit(b, "</dd></div>\n");
	}
	if (json_array_size(json_object_get(org, "founders")) > 0) {
		html_lit(b, "<div><dt>");
		html_str(b, T(u.lang, "Founders"));
		html_lit(b, "</dt><dd><ul class=\"plain\">");
		json_array_foreach(json_object_get(org, "founders"), i, v) {
			html_lit(b, "<li>");
			city_link(&u, json_string_value(v));
			html_lit(b, "</li>");
		}
		html_lit(b, "</ul></dd></div>\n");
	}
	if (str(org, "headquarters")) {
		html_lit(b, "<div><dt>");
		html_str(b, T(u.lang, "Headquarters"));
		html_lit(b, "</dt><dd>");
		city_link(&u, str(org, "headquarters"));
		html_lit(b, "</dd></div>\n");
	}
	if ((v = site_get(u.site, KIND_ORG, str(org, "parent"))) != NULL) {
		html_lit(b, "<div><dt>");
		html_str(b, T(u.lang, "Run by"));
		html_lit(b, "</dt><dd>");
		org_link(&u, v);
		html_lit(b, "</dd></div>\n");
	}
	if (str(org, "website")) {
		html_lit(b, "<div><dt>");
		html_str(b, T(u.lang, "Website"));
		html_lit(b, "</dt><dd><a href=\"");
		html_attr(b, str(org, "website"));
		html_lit(b, "\">");
		html_str(b, str(org, "website"));
		html_lit(b, "</a></dd></div>\n");
	}
	html_lit(b, "<div><dt>");
	html_str(b, T(u.lang, "Members"));
	html_lit(b, "</dt><dd>");
	{
		char num[I18N_NUMBER_SIZE];

		i18n_number(u.lang, (long)site_current_members(u.site,
		    req->params[1]), num);
		html_str(b, num);
	}
	html_lit(b, "</dd></div>\n</dl>\n");
	ui_lang_note(&u, got);
	if ((desc = site_text(json_object_get(org, "description"), u.lang,
	    &got2)) != NULL) {
		html_lit(b, "<div class=\"body\"");
		ui_lang_attr(&u, got2);
		html_lit(b, ">");
		if (html_markdown(b, desc, 1) != 0)
			b->oom = 1;
		html_lit(b, "</div>\n");
	}
	if (json_array_size(claims) > 0) {
		html_lit(b, "<section aria-labelledby=\"claims-h\"><h2 "
		    "id=\"claims-h\">");
		html_str(b, T(u.lang, "What the sources say"));
		html_lit(b, "</h2>\n");
		claims_table(&u, claims, "founded", T(u.lang, "Founding date"));
		claims_table(&u, claims, "constituted", T(u.lang,
		    "Constitution date"));
		claims_table(&u, claims, "member_count", T(u.lang,
		    "Number of members"));
		claims_table(&u, claims, "headquarters", T(u.lang,
		    "Headquarters"));
		html_lit(b, "</section>\n");
	}
	growth(&u, org);
	members_table(&u, req->params[1], http_arg(req, "sort"));
	if (json_array_size(json_object_get(u.site->org_members,
	    req->params[1])) > 0 || u.feed != NULL) {
		const char	*q = arena_printf(req->mem, "?network=%s",
		    req->params[1]);	/* a slug: nothing to escape */
		struct ui_link	 l[] = {
			{ arena_printf(req->mem, "/memberships.csv%s", q),
			    T(u.lang, "members (CSV)") },
			{ arena_printf(req->mem, "/memberships.json%s", q),
			    T(u.lang, "members (JSON)") },
			{ arena_printf(req->mem, "/cities.geojson%s", q),
			    T(u.lang, "member cities (GeoJSON)") },
			{ arena_printf(req->mem, "/partnerships.csv%s", q),
			    T(u.lang, "partnerships of members (CSV)") },
		};

		ui_downloads(&u, T(u.lang, "Download:"), l,
		    json_array_size(json_object_get(u.site->org_members,
		    req->params[1])) > 0 ? sizeof(l) / sizeof(l[0]) : 0);
	}
	if (members_have_partners(u.site, req->params[1])) {
		html_lit(b, "<p><a href=\"");
		ui_href(&u, "/cooperation?network=");
		html_query(b, req->params[1]);
		html_lit(b, "\">");
		html_str(b, T(u.lang, "See the members' partnerships on the "
		    "cooperation map"));
		html_lit(b, "</a></p>\n");
	}
	network_graph(&u, req->params[1]);
	list = json_object_get(u.site->org_children, req->params[1]);
	if (json_array_size(list) > 0) {
		html_lit(b, "<section aria-labelledby=\"projects-h\"><h2 "
		    "id=\"projects-h\">");
		html_str(b, T(u.lang, "Projects"));
		html_lit(b, "</h2>\n<ul>\n");
		json_array_foreach(list, i, v) {
			html_lit(b, "<li>");
			org_link(&u, v);
			html_lit(b, "</li>\n");
		}
		html_lit(b, "</ul>\n</section>\n");
	}
	practices_of_members(&u, req->params[1]);
	html_lit(b, "</article>\n");
	ui_end(&u);
}

void
ui_network(struct http_req *req, struct http_resp *res)
{
	org_page(req, res, 0);
}

void
ui_project(struct http_req *req, struct http_resp *res)
{
	org_page(req, res, 1);
}

/* ---- a city -------------------------------------------------------------- */

static void
party_names(struct ui *u, json_t *p, const char *self)
{
	json_t		*v;
	size_t		 i, n = 0;

	json_array_foreach(json_object_get(p, "parties"), i, v) {
		const char *city = str(v, "city"), *group = str(v, "group");

		if (city != NULL && strcmp(city, self) == 0)
			continue;
		if (n++ > 0)
			html_lit(u->b, ", ");
		if (city != NULL)
			city_link(u, city);
		else
			html_str(u->b, site_name(u->site, KIND_GROUP, group,
			    u->lang));
	}
}

void
ui_city(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	struct buf	*b;
	json_t		*city, *list, *m, *org, *p;
	const char	*slug, *cc;
	size_t		 i;
	char		 num[I18N_NUMBER_SIZE];
	enum text_lang	 got;

	if (ui_open(&u, req, res) != 0)
		return;
	slug = req->params[1];
	if ((city = site_get(u.site, KIND_CITY, slug)) == NULL) {
		ui_error(&u, 404, T(u.lang, "There is no city with this "
		    "name."));
		return;
	}
	b = u.b;
	cc = str(city, "country");
	u.feed = arena_printf(req->mem, "/cities/%s.atom", slug);
	u.feed_title = site_name(u.site, KIND_CITY, slug, u.lang);
	ui_begin(&u, site_name(u.site, KIND_CITY, slug, u.lang), NULL);
	html_lit(b, "<article class=\"city\">\n<p class=\"kicker\">");
	html_str(b, T(u.lang, "City"));
	html_lit(b, "</p>\n<h1>");
	html_str(b, site_name(u.site, KIND_CITY, slug, u.lang));
	html_lit(b, "</h1>\n<dl class=\"facts\">\n<div><dt>");
	html_str(b, T(u.lang, "Country"));
	html_lit(b, "</dt><dd>");
	html_str(b, site_name(u.site, KIND_COUNTRY, cc, u.lang));
	html_lit(b, "</dd></div>\n");
	if (str(city, "region")) {
		html_lit(b, "<div><dt>");
		html_str(b, T(u.lang, "Region"));
		html_lit(b, "</dt><dd>");
		html_str(b, str(city, "region"));
		html_lit(b, "</dd></div>\n");
	}
	if (json_integer_value(json_object_get(city, "population")) > 0) {
		html_lit(b, "<div><dt>");
		html_str(b, T(u.lang, "Population"));
		html_lit(b, "</dt><dd>");
		i18n_number(u.lang, (long)json_integer_value(json_object_get(
		    city, "population")), num);
		html_str(b, num);
		if (json_integer_value(json_object_get(city,
		    "population_year")) > 0) {
			html_lit(b, " (");
			html_long(b, (long)json_integer_value(json_object_get(
			    city, "population_year")));
			html_lit(b, ")");
		}
		html_lit(b, "</dd></div>\n");
	}
	html_lit(b, "</dl>\n");

	list = json_object_get(u.site->city_members, slug);
	if (json_array_size(list) > 0) {
		html_lit(b, "<section aria-labelledby=\"nets-h\"><h2 "
		    "id=\"nets-h\">");
		html_str(b, T(u.lang, "Networks and projects"));
		html_lit(b, "</h2>\n<table class=\"data\"><thead><tr>"
		    "<th scope=\"col\">");
		html_str(b, T(u.lang, "Name"));
		html_lit(b, "</th><th scope=\"col\">");
		html_str(b, T(u.lang, "Kind"));
		html_lit(b, "</th><th scope=\"col\">");
		html_str(b, T(u.lang, "Role"));
		html_lit(b, "</th><th scope=\"col\">");
		html_str(b, T(u.lang, "Since"));
		html_lit(b, "</th><th scope=\"col\">");
		html_str(b, T(u.lang, "Until"));
		html_lit(b, "</th></tr></thead>\n<tbody>\n");
		json_array_foreach(list, i, m) {
			org = site_get(u.site, KIND_ORG, str(m, "organisation"));
			if (org == NULL)
				continue;
			html_lit(b, "<tr><td>");
			org_link(&u, org);
			html_lit(b, "</td><td>");
			html_str(b, LABEL(&u, org_kinds, str(org, "kind")));
			html_lit(b, "</td><td>");
			html_str(b, LABEL(&u, roles, str(m, "role") ?
			    str(m, "role") : "member"));
			html_lit(b, "</td><td>");
			if (str(m, "since"))
				date_text(&u, str(m, "since"));
			html_lit(b, "</td><td>");
			if (str(m, "until"))
				date_text(&u, str(m, "until"));
			html_lit(b, "</td></tr>\n");
		}
		html_lit(b, "</tbody></table>\n</section>\n");
	}
	city_graph(&u, slug);
	list = json_object_get(u.site->city_partners, slug);
	if (json_array_size(list) > 0) {
		html_lit(b, "<p><a href=\"");
		ui_href(&u, "/cooperation?city=");
		html_query(b, slug);
		html_lit(b, "\">");
		html_str(b, T(u.lang, "See this city's partnerships on the "
		    "cooperation map"));
		html_lit(b, "</a></p>\n");
		html_lit(b, "<section aria-labelledby=\"partners-h\"><h2 "
		    "id=\"partners-h\">");
		html_str(b, T(u.lang, "Partnerships"));
		html_lit(b, "</h2>\n");
		ui_partner_map(&u, list, slug, 1);
		html_lit(b, "<table class=\"data\"><thead><tr>"
		    "<th scope=\"col\">");
		html_str(b, T(u.lang, "With"));
		html_lit(b, "</th><th scope=\"col\">");
		html_str(b, T(u.lang, "Kind"));
		html_lit(b, "</th><th scope=\"col\">");
		html_str(b, T(u.lang, "Since"));
		html_lit(b, "</th><th scope=\"col\">");
		html_str(b, T(u.lang, "Name"));
		html_lit(b, "</th></tr></thead>\n<tbody>\n");
		json_array_foreach(list, i, p) {
			const char *name = site_text(json_object_get(p, "name"),
			    u.lang, &got);

			html_lit(b, "<tr><td>");
			party_names(&u, p, slug);
			html_lit(b, "</td><td>");
			html_str(b, LABEL(&u, partnership_kinds, str(p, "kind")));
			html_lit(b, "</td><td>");
			if (str(p, "since"))
				date_text(&u, str(p, "since"));
			html_lit(b, "</td><td");
			ui_lang_attr(&u, got);
			html_lit(b, ">");
			html_str(b, name);
			html_lit(b, "</td></tr>\n");
		}
		html_lit(b, "</tbody></table>\n</section>\n");
	}
	list = json_object_get(u.site->city_practices, slug);
	if (json_array_size(list) > 0) {
		html_lit(b, "<section aria-labelledby=\"cp-h\"><h2 id=\"cp-h\">");
		html_str(b, T(u.lang, "Good practices"));
		html_lit(b, "</h2>\n<ol class=\"hits\">\n");
		json_array_foreach(list, i, p)
			ui_practice_item(&u, p, NULL);
		html_lit(b, "</ol>\n</section>\n");
	}
	{
		const char	*q = arena_printf(req->mem, "?city=%s", slug);
		struct ui_link	 l[] = {
			{ arena_printf(req->mem, "/memberships.csv%s", q),
			    T(u.lang, "memberships (CSV)") },
			{ arena_printf(req->mem, "/partnerships.csv%s", q),
			    T(u.lang, "partnerships (CSV)") },
			{ arena_printf(req->mem, "/partnerships.geojson%s", q),
			    T(u.lang, "partnerships (GeoJSON)") },
			{ arena_printf(req->mem, "/practices.csv%s", q),
			    T(u.lang, "practices (CSV)") },
		};

		ui_downloads(&u, T(u.lang, "Download:"), l,
		    sizeof(l) / sizeof(l[0]));
	}
	html_lit(b, "</article>\n");
	ui_end(&u);
}

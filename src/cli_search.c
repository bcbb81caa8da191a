/* cli_search.c - the search command.
 * SPDX-License-Identifier: MIT */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "cli.h"
#include "idx.h"

/* Display languages, in order of preference when the text has several. */
static const char *const prefer[] = { "en", "ca", "es", "fr", "it", NULL };

/* The text of an i18n field in the first language it has; sets *lang. */
static const char *
pick(json_t *obj, const char **lang)
{
	const char	*k;
	json_t		*v;
	size_t		 i;

	*lang = "";
	if (!json_is_object(obj))
		return json_string_value(obj);
	for (i = 0; prefer[i]; i++)
		if ((v = json_object_get(obj, prefer[i])) != NULL) {
			*lang = prefer[i];
			return json_string_value(json_is_object(v) ?
			    json_object_get(v, "text") : v);
		}
	json_object_foreach(obj, k, v) {
		*lang = k;
		return json_string_value(json_is_object(v) ?
		    json_object_get(v, "text") : v);
	}
	return NULL;
}

/* A record's title and the text to quote from. */
static void
describe(json_t *rec, const char **title, const char **snip, const char **lang)
{
	static const char *const titles[] = { "title", "name", NULL };
	static const char *const texts[] = { "summary", "body", "description",
	    NULL };
	const char	*l;
	size_t		 i;

	*title = *snip = NULL;
	*lang = "";
	for (i = 0; titles[i] && *title == NULL; i++)
		*title = pick(json_object_get(rec, titles[i]), lang);
	for (i = 0; texts[i] && *snip == NULL; i++)
		*snip = pick(json_object_get(rec, texts[i]), &l);
}

/* What is shown of a hit: its kind and slug, title and snippet. */
struct hit_view {
	char		 kind[32];
	const char	*slug;	/* in the hit's key */
	json_t		*rec;	/* the stored record, or NULL */
	const char	*title;	/* in rec, or NULL */
	char		*snippet; /* HTML, owned, or NULL */
};

static void
hit_view(struct db *db, struct idx_ctx *ctx, const struct idx_result *res,
    const struct idx_hit *h, size_t maxlen, struct hit_view *v)
{
	const char	*slash = strchr(h->key, '/'), *snip, *lang;

	memset(v, 0, sizeof(*v));
	snprintf(v->kind, sizeof(v->kind), "%.*s", (int)(slash - h->key),
	    h->key);
	v->slug = slash + 1;
	db_get(db, model_kind_by_name(v->kind), v->slug, &v->rec);
	describe(v->rec, &v->title, &snip, &lang);
	if (snip)
		v->snippet = idx_snippet(ctx, res, snip, strlen(snip),
		    text_lang(lang), maxlen);
}

static void
hit_view_free(struct hit_view *v)
{
	json_decref(v->rec);
	free(v->snippet);
}

/* HTML snippet to terminal text: marks in bold on a terminal, else *...*. */
static void
print_plain(const char *html, int tty)
{
	const char	*p = html;

	while (*p) {
		if (strncmp(p, "<mark>", 6) == 0) {
			fputs(tty ? "\033[1m" : "*", stdout);
			p += 6;
		} else if (strncmp(p, "</mark>", 7) == 0) {
			fputs(tty ? "\033[0m" : "*", stdout);
			p += 7;
		} else if (strncmp(p, "&amp;", 5) == 0) {
			putchar('&');
			p += 5;
		} else if (strncmp(p, "&lt;", 4) == 0) {
			putchar('<');
			p += 4;
		} else if (strncmp(p, "&gt;", 4) == 0) {
			putchar('>');
			p += 4;
		} else if (strncmp(p, "&quot;", 6) == 0) {
			putchar('"');
			p += 6;
		} else if (strncmp(p, "&#39;", 5) == 0) {
			putchar('\'');
			p += 5;
		} else
			putchar(*p++);
	}
}

/* "2015..2020", "2015..", "..2020" or "2018". */
static int
parse_years(const char *s, int *from, int *to)
{
	const char	*dots = strstr(s, "..");
	char		*end;
	long		 a = 0, b = 0;

	if (dots == NULL) {
		a = strtol(s, &end, 10);
		if (*end || end == s || a < 1 || a > 9999)
			return -1;
		*from = *to = (int)a;
		return 0;
	}
	if (dots != s) {
		a = strtol(s, &end, 10);
		if (end != dots || a < 1 || a > 9999)
			return -1;
	}
	if (dots[2] != '\0') {
		b = strtol(dots + 2, &end, 10);
		if (*end || b < 1 || b > 9999)
			return -1;
	}
	if (a && b && a > b)
		return -1;
	*from = (int)a;
	*to = (int)b;
	return 0;
}

int
cli_search(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "topic", required_argument, NULL, 'T' },
		{ "country", required_argument, NULL, 'C' },
		{ "city", required_argument, NULL, 'c' },
		{ "organisation", required_argument, NULL, 'o' },
		{ "language", required_argument, NULL, 'L' },
		{ "kind", required_argument, NULL, 'k' },
		{ "year", required_argument, NULL, 'y' },
		{ "limit", required_argument, NULL, 'n' },
		{ "offset", required_argument, NULL, 'O' },
		{ "sort", required_argument, NULL, 's' },
		{ "no-typos", no_argument, NULL, 't' },
		{ "prefix", no_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct idx_query	 q;
	struct idx_result	 res;
	struct idx		*ix = NULL;
	struct idx_ctx		*ctx = NULL;
	struct db		*db = NULL;
	const char		**vals[FACET__MAX] = { 0 };
	enum idx_facet		 f;
	size_t			 i, n;
	char			*end;
	long			 v;
	int			 ch, json = 0, rc = EXIT_IO, tty;
	enum err		 e;

	memset(&q, 0, sizeof(q));
	memset(&res, 0, sizeof(res));
	q.limit = 10;
	q.typos = 1;
	q.facets = (1u << FACET_TOPIC) | (1u << FACET_COUNTRY) |
	    (1u << FACET_YEAR) | (1u << FACET_KIND);
	for (i = 0; i < FACET__MAX; i++)
		if ((vals[i] = calloc((size_t)argc + 1, sizeof(char *))) ==
		    NULL)
			goto out;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		f = FACET__MAX;
		switch (ch) {
		case 'd': c->db_path = optarg; break;
		case 'T': f = FACET_TOPIC; break;
		case 'C': f = FACET_COUNTRY; break;
		case 'c': f = FACET_CITY; break;
		case 'o': f = FACET_ORG; break;
		case 'L': f = FACET_LANG; break;
		case 'k': f = FACET_KIND; break;
		case 'y':
			if (parse_years(optarg, &q.year_from, &q.year_to)) {
				cli_warn("search: --year \"%s\" is not a year or "
				    "a range such as 2015..2020", optarg);
				rc = EXIT_USAGE;
				goto out;
			}
			break;
		case 'n':
		case 'O':
			v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 0 ||
			    (ch == 'n' && v > IDX_LIMIT_MAX) || v > 1000000) {
				cli_warn("search: --%s must be a number from 0 "
				    "to %d, not \"%s\"", ch == 'n' ? "limit" :
				    "offset", ch == 'n' ? IDX_LIMIT_MAX :
				    1000000, optarg);
				rc = EXIT_USAGE;
				goto out;
			}
			if (ch == 'n')
				q.limit = (size_t)v;
			else
				q.offset = (size_t)v;
			break;
		case 's':
			if (strcmp(optarg, "relevance") == 0)
				q.sort = IDX_SORT_RELEVANCE;
			else if (strcmp(optarg, "newest") == 0)
				q.sort = IDX_SORT_NEWEST;
			else {
				cli_warn("search: --sort must be relevance or "
				    "newest, not \"%s\"", optarg);
				rc = EXIT_USAGE;
				goto out;
			}
			break;
		case 't': q.typos = 0; break;
		case 'p': q.prefix = 1; break;
		case 'j': json = 1; break;
		case 'h':
			printf("usage: intercity search [OPTIONS] [QUERY]\n\n"
			    "Searches practices, organisations, cities and "
			    "partnerships, in any of the\nfive languages. Words "
			    "are ANDed; \"a phrase\"; -word excludes; a OR b.\n"
			    "No query lists everything, newest first.\n\n"
			    "  --topic SLUG, --country CC, --city SLUG, "
			    "--organisation SLUG,\n  --language LANG, --kind "
			    "KIND   filters (repeat for several values)\n"
			    "  --year 2015..2020   a year or a range\n"
			    "  --sort relevance|newest, --limit N (10), "
			    "--offset N\n"
			    "  --prefix            the last word is a prefix "
			    "(as you type)\n"
			    "  --no-typos          no typo tolerance\n"
			    "  --json              machine-readable output\n");
			rc = EXIT_OK;
			goto out;
		default:
			rc = EXIT_USAGE;
			goto out;
		}
		if (f != FACET__MAX)
			vals[f][q.valuesz[f]++] = optarg;
	}
	for (i = 0; i < FACET__MAX; i++)
		q.values[i] = vals[i];
	if (argc - optind > 1) {
		cli_warn("search: give the query as one argument, in quotes");
		rc = EXIT_USAGE;
		goto out;
	}
	q.text = optind < argc ? argv[optind] : NULL;
	if ((db = cli_open(c, 0)) == NULL)
		goto out;
	if ((ix = idx_new()) == NULL || (ctx = idx_ctx_new()) == NULL)
		goto out;
	if ((e = idx_load(ix, ctx, db, &n)) != ERR_OK) {
		cli_warn("search: cannot index the store: %s", err_str(e));
		goto out;
	}
	if ((e = idx_search(ix, ctx, &q, &res)) != ERR_OK) {
		cli_warn("search: %s", res.error ? res.error : err_str(e));
		rc = e == ERR_INVALID ? EXIT_USAGE : EXIT_IO;
		goto out;
	}

	tty = isatty(STDOUT_FILENO);
	if (json) {
		json_t	*out = json_object(), *hits = json_array(),
			*facets = json_object();

		for (i = 0; i < res.hitsz; i++) {
			struct hit_view	 hv;
			json_t		*h;

			hit_view(db, ctx, &res, &res.hits[i], 200, &hv);
			h = json_pack("{s:s,s:s,s:f,s:i}", "kind", hv.kind,
			    "slug", hv.slug, "score", res.hits[i].score,
			    "year", res.hits[i].year);
			if (hv.title)
				json_object_set_new(h, "title",
				    json_string(hv.title));
			if (hv.snippet)
				json_object_set_new(h, "snippet",
				    json_string(hv.snippet));
			json_array_append_new(hits, h);
			hit_view_free(&hv);
		}
		for (i = 0; i < FACET__MAX; i++) {
			json_t	*a;
			size_t	 k;

			if (!(q.facets & (1u << i)))
				continue;
			a = json_array();
			for (k = 0; k < res.countsz[i]; k++)
				json_array_append_new(a, json_pack("{s:s,s:i}",
				    "value", res.counts[i][k].value, "count",
				    (int)res.counts[i][k].count));
			json_object_set_new(facets, idx_facet_names[i], a);
		}
		json_object_set_new(out, "total", json_integer(
		    (json_int_t)res.total));
		json_object_set_new(out, "hits", hits);
		json_object_set_new(out, "facets", facets);
		json_dumpf(out, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(out);
	} else {
		printf("%llu result%s\n", (unsigned long long)res.total,
		    res.total == 1 ? "" : "s");
		for (i = 0; i < res.hitsz; i++) {
			struct hit_view	 hv;

			hit_view(db, ctx, &res, &res.hits[i], 160, &hv);
			printf("\n%zu. %s", q.offset + i + 1, hv.title ? hv.title :
			    res.hits[i].key);
			if (res.hits[i].year)
				printf(" (%d)", res.hits[i].year);
			printf("  [%s]\n", res.hits[i].key);
			if (hv.snippet) {
				fputs("   ", stdout);
				print_plain(hv.snippet, tty);
				putchar('\n');
			}
			hit_view_free(&hv);
		}
		for (i = 0; i < FACET__MAX; i++) {
			size_t	 k;

			if (!(q.facets & (1u << i)) || res.countsz[i] == 0)
				continue;
			printf("\n%s:", idx_facet_names[i]);
			for (k = 0; k < res.countsz[i] && k < 12; k++)
				printf("%s %s (%u)", k ? "," : "",
				    res.counts[i][k].value,
				    res.counts[i][k].count);
			if (res.countsz[i] > 12)
				printf(", ...");
			putchar('\n');
		}
	}
	rc = EXIT_OK;
out:
	idx_result_free(&res);
	idx_ctx_free(ctx);
	idx_free(ix);
	db_close(db);
	for (i = 0; i < FACET__MAX; i++)
		free(vals[i]);
	return rc;
}

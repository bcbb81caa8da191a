/* fuzz_query.c - libFuzzer target: the search query parser. The input is
 * the query text of idx_search on a small fixed index, with prefix matching
 * off and on, typos on and off; the answer must be ERR_OK, or ERR_INVALID
 * with a message, and every hit one of the records.
 * Snippets are made for the hits, as the result page does.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idx.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fixed {
	const char	*key;
	int		 year;
	enum text_lang	 lang;
	const char	*title, *body, *names;
	const char	*topic, *country, *year_s, *city;
};

/* A few records in the five languages, with names, numbers, elisions,
 * hyphens and accents for the query words to meet. */
static const struct fixed docs[] = {
	{ "practice/superilles", 2016, TEXT_CA, "Superilles de Barcelona",
	  "Les superilles recuperen l'espai públic per a la ciutadania: "
	  "col·laboració veïnal, pacificació del trànsit i 21 places noves.",
	  "Barcelona Eurocities", "mobility", "ES", "2016", "barcelona" },
	{ "practice/housing-first", 2019, TEXT_EN, "Housing First in Vienna",
	  "Vienna's housing-first programme gives homeless people a flat "
	  "first, then support. 1,200 tenancies since 2019.",
	  "Wien Vienna", "housing", "AT", "2019", "vienna" },
	{ "practice/presupuestos", 2021, TEXT_ES, "Presupuestos participativos",
	  "La ciudadanía decide el 5% del presupuesto municipal; "
	  "cooperación con asociaciones vecinales.",
	  "Madrid", "participation", "ES", "2021", "madrid" },
	{ "practice/regie-eau", 2010, TEXT_FR, "Régie publique de l'eau",
	  "Paris remunicipalise l'eau : une régie publique, des tarifs "
	  "sociaux et l'Observatoire parisien de l'eau.",
	  "Paris Eau de Paris", "water", "FR", "2010", "paris" },
	{ "practice/beni-comuni", 2014, TEXT_IT, "Regolamento dei beni comuni",
	  "Bologna: patti di collaborazione tra cittadini e città "
	  "per la cura dei beni comuni urbani.",
	  "Bologna", "commons", "IT", "2014", "bologna" },
	{ "city/barcelona", 0, TEXT_NOLANG, "Barcelona", "", "Barcelona",
	  NULL, "ES", NULL, "barcelona" },
};

/* The same records twice: as put (every term still pending, the state of
 * a store filled live through the API) and compacted (terms sorted, the
 * state after start-up). */
static struct idx	*fresh, *compact;
static struct idx_ctx	*ctx;

static struct idx *
build(int compacted)
{
	struct idx	*ix;
	size_t		 i;

	if ((ix = idx_new()) == NULL)
		abort();
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		const struct fixed *d = &docs[i];
		struct idx_text	 t[3] = {
			{ FIELD_TITLE, d->lang, d->title, strlen(d->title) },
			{ FIELD_BODY, d->lang, d->body, strlen(d->body) },
			{ FIELD_NAMES, TEXT_NOLANG, d->names, strlen(d->names) },
		};
		const char	*topic[1] = { d->topic }, *country[1] =
				    { d->country }, *year[1] = { d->year_s },
				    *city[1] = { d->city }, *lang[1] =
				    { text_lang_code(d->lang) }, *kind[1];
		struct idx_doc	 doc;
		char		 k[32];

		snprintf(k, sizeof(k), "%.*s", (int)strcspn(d->key, "/"),
		    d->key);
		kind[0] = k;
		memset(&doc, 0, sizeof(doc));
		doc.key = d->key;
		doc.year = d->year;
		doc.texts = t;
		doc.textsz = 3;
		if (d->topic) {
			doc.values[FACET_TOPIC] = topic;
			doc.valuesz[FACET_TOPIC] = 1;
		}
		doc.values[FACET_COUNTRY] = country;
		doc.valuesz[FACET_COUNTRY] = 1;
		if (d->year_s) {
			doc.values[FACET_YEAR] = year;
			doc.valuesz[FACET_YEAR] = 1;
		}
		doc.values[FACET_CITY] = city;
		doc.valuesz[FACET_CITY] = 1;
		if (d->lang != TEXT_NOLANG) {
			doc.values[FACET_LANG] = lang;
			doc.valuesz[FACET_LANG] = 1;
		}
		doc.values[FACET_KIND] = kind;
		doc.valuesz[FACET_KIND] = 1;
		if (idx_put(ix, ctx, &doc) != ERR_OK)
			abort();
	}
	if (compacted && idx_compact(ix) != ERR_OK)
		abort();
	return ix;
}

static const struct fixed *
doc_of(const char *key)
{
	size_t	 i;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		if (strcmp(docs[i].key, key) == 0)
			return &docs[i];
	return NULL;
}

static void
one(struct idx *ix, const char *text, int prefix, int typos, enum idx_sort sort)
{
	struct idx_query	 q;
	struct idx_result	 res;
	const struct fixed	*d;
	size_t			 i;
	enum err		 e;
	char			*snip;

	memset(&q, 0, sizeof(q));
	memset(&res, 0, sizeof(res));
	q.text = text;
	q.prefix = prefix;
	q.typos = typos;
	q.sort = sort;
	q.limit = 10;
	q.facets = (1u << FACET__MAX) - 1;
	e = idx_search(ix, ctx, &q, &res);
	if (e == ERR_INVALID) {
		if (res.error == NULL || res.error[0] == '\0') {
			fprintf(stderr, "ERR_INVALID without a message\n");
			abort();
		}
	} else if (e == ERR_OK) {
		if (res.total < res.hitsz) {
			fprintf(stderr, "total %llu < %zu hits\n",
			    (unsigned long long)res.total, res.hitsz);
			abort();
		}
		for (i = 0; i < res.hitsz; i++) {
			if ((d = doc_of(res.hits[i].key)) == NULL) {
				fprintf(stderr, "unknown hit %s\n",
				    res.hits[i].key);
				abort();
			}
			snip = idx_snippet(ctx, &res, d->body, strlen(d->body),
			    d->lang, 160);
			free(snip);
		}
	} else if (e != ERR_NOMEM) {
		fprintf(stderr, "idx_search: unexpected %d\n", e);
		abort();
	}
	idx_result_free(&res);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*text;

	if (ctx == NULL) {
		if ((ctx = idx_ctx_new()) == NULL)
			abort();
		fresh = build(0);
		compact = build(1);
	}
	/* The server hands the query over NUL-terminated. */
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(text, data, size);
	text[size] = '\0';
	one(compact, text, 0, 1, IDX_SORT_RELEVANCE);
	one(compact, text, 1, 1, IDX_SORT_RELEVANCE);
	one(compact, text, 1, 0, IDX_SORT_NEWEST);
	one(fresh, text, 1, 1, IDX_SORT_RELEVANCE);
	free(text);
	return 0;
}

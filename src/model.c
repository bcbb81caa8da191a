/* model.c - entity descriptors, validation and normalization of records.
 * SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "buf.h"
#include "model.h"

const char *const model_langs[MODEL_LANGSZ] = { "ca", "en", "es", "fr", "it" };

/* ---- the entities ------------------------------------------------------ */

static const char *const org_kinds[] = { "network", "programme",
    "association", "project", "institution", NULL };
static const char *const org_scopes[] = { "local", "regional", "national",
    "european", "mediterranean", "latin-american", "international", NULL };
static const char *const roles[] = { "founder", "member", "observer",
    "board", "host", "secretariat", "partner", "lead", NULL };
static const char *const partnership_kinds[] = { "twinning",
    "cooperation", "friendship", "project", NULL };
static const char *const statuses[] = { "draft", "submitted", "published",
    "archived", NULL };
static const char *const states[] = { "planned", "ongoing", "completed",
    NULL };
static const char *const properties[] = { "founded", "constituted",
    "dissolved", "member_count", "headquarters", "population", "other",
    NULL };

#define TXT(n, fl, mx)	{ n, FT_TEXT, fl, 0, mx, KIND__MAX, NULL, NULL }
#define I18N(n, fl, mx)	{ n, FT_I18N, fl, 0, mx, KIND__MAX, NULL, NULL }
#define INT(n, fl, lo, hi) { n, FT_INT, fl, lo, hi, KIND__MAX, NULL, NULL }
#define REAL(n, lo, hi)	{ n, FT_REAL, 0, lo, hi, KIND__MAX, NULL, NULL }
#define DATE(n, fl)	{ n, FT_DATE, fl, 0, 10, KIND__MAX, NULL, NULL }
#define ENUM(n, fl, v, d) { n, FT_ENUM, fl, 0, 40, KIND__MAX, v, d }
#define REF(n, fl, k)	{ n, FT_REF, fl, 0, MODEL_SLUG_MAX, k, NULL, NULL }
#define REFS(n, k)	{ n, FT_REFS, 0, 0, MODEL_SLUG_MAX, k, NULL, NULL }
#define SIMPLE(n, t, fl, mx) { n, t, fl, 0, mx, KIND__MAX, NULL, NULL }

static const struct field source_fields[] = {
	SIMPLE("url", FT_URL, F_REQ, 2000),
	TXT("title", F_REQ, 300),
	TXT("publisher", 0, 200),
	SIMPLE("language", FT_LANG, 0, 3),
	DATE("published", 0),
	DATE("accessed", 0),
};

static const struct field country_fields[] = {
	SIMPLE("code", FT_CODE, F_REQ, 2),
	I18N("names", F_REQ, 200),
};

static const struct field topic_fields[] = {
	I18N("label", F_REQ, 200),
};

static const struct field city_fields[] = {
	TXT("name", F_REQ, 200),
	I18N("names", 0, 200),
	SIMPLE("country", FT_COUNTRY, F_REQ, 2),
	TXT("region", 0, 200),
	REAL("lat", -90, 90),
	REAL("lon", -180, 180),
	INT("population", 0, 0, 100000000),
	INT("population_year", 0, 1000, 2100),
	INT("geonames_id", 0, 1, 2147483647),
	SIMPLE("wikidata_id", FT_WIKIDATA, 0, 20),
};

static const struct field group_fields[] = {
	I18N("name", F_REQ, 200),
	SIMPLE("country", FT_COUNTRY, 0, 2),
	REFS("cities", KIND_CITY),
	I18N("description", 0, 20000),
};

static const struct field org_fields[] = {
	ENUM("kind", F_REQ, org_kinds, NULL),
	I18N("name", F_REQ, 300),
	TXT("acronym", 0, 40),
	DATE("founded", 0),
	DATE("dissolved", 0),
	REFS("founders", KIND_CITY),
	REF("headquarters", 0, KIND_CITY),
	SIMPLE("website", FT_URL, 0, 2000),
	ENUM("scope", 0, org_scopes, NULL),
	REF("parent", 0, KIND_ORG),
	REFS("topics", KIND_TOPIC),
	SIMPLE("wikidata_id", FT_WIKIDATA, 0, 20),
	I18N("description", 0, 20000),
	REF("source", 0, KIND_SOURCE),
};

static const struct field membership_fields[] = {
	REF("organisation", F_REQ, KIND_ORG),
	REF("city", F_REQ, KIND_CITY),
	ENUM("role", 0, roles, "member"),
	DATE("since", 0),
	DATE("until", 0),
	REF("source", 0, KIND_SOURCE),
	I18N("note", 0, 2000),
};

static const struct field partnership_fields[] = {
	ENUM("kind", F_REQ, partnership_kinds, NULL),
	SIMPLE("parties", FT_PARTIES, F_REQ, 100),
	I18N("name", 0, 300),
	DATE("since", 0),
	DATE("until", 0),
	REFS("topics", KIND_TOPIC),
	REF("organisation", 0, KIND_ORG),
	I18N("description", 0, 20000),
	REF("source", 0, KIND_SOURCE),
};

static const struct field practice_fields[] = {
	ENUM("status", 0, statuses, "published"),
	REF("city", F_REQ, KIND_CITY),
	SIMPLE("country", FT_COUNTRY, 0, 2),
	INT("year", F_REQ, 1900, 2100),
	REFS("topics", KIND_TOPIC),
	REFS("organisations", KIND_ORG),
	I18N("title", F_REQ, 300),
	I18N("summary", 0, 2000),
	I18N("body", 0, 200000),
	I18N("context", 0, 20000),
	I18N("actions", 0, 20000),
	I18N("results", 0, 20000),
	I18N("cost", 0, 20000),
	I18N("partners", 0, 20000),
	I18N("transfer", 0, 20000),
	DATE("start", 0),
	DATE("end", 0),
	ENUM("state", 0, states, NULL),
	DATE("verified", 0),
	SIMPLE("seeking_partners", FT_BOOL, 0, 0),
	TXT("contact", 0, 300),
	SIMPLE("source_url", FT_URL, 0, 2000),
};

static const struct field collection_fields[] = {
	I18N("title", F_REQ, 300),
	I18N("description", 0, 20000),
	REFS("practices", KIND_PRACTICE),
};

static const struct field claim_fields[] = {
	SIMPLE("subject", FT_SUBJECT, F_REQ, 200),
	ENUM("property", F_REQ, properties, NULL),
	TXT("value", F_REQ, 2000),
	DATE("as_of", 0),
	REF("source", 0, KIND_SOURCE),
	SIMPLE("preferred", FT_BOOL, 0, 0),
	I18N("note", 0, 2000),
};

#define FIELDS(a)	a, sizeof(a) / sizeof((a)[0])

const struct kinddef model_kinds[KIND__MAX] = {
	[KIND_SOURCE] = { "source", "sources", "source", FIELDS(source_fields) },
	[KIND_COUNTRY] = { "country", "countries", "country",
	    FIELDS(country_fields) },
	[KIND_TOPIC] = { "topic", "topics", "topic", FIELDS(topic_fields) },
	[KIND_CITY] = { "city", "cities", "city", FIELDS(city_fields) },
	[KIND_GROUP] = { "group", "groups", "city_group", FIELDS(group_fields) },
	[KIND_ORG] = { "organisation", "organisations", "organisation",
	    FIELDS(org_fields) },
	[KIND_MEMBERSHIP] = { "membership", "memberships", "membership",
	    FIELDS(membership_fields) },
	[KIND_PARTNERSHIP] = { "partnership", "partnerships", "partnership",
	    FIELDS(partnership_fields) },
	[KIND_PRACTICE] = { "practice", "practices", "practice",
	    FIELDS(practice_fields) },
	[KIND_COLLECTION] = { "collection", "collections", "collection",
	    FIELDS(collection_fields) },
	[KIND_CLAIM] = { "claim", "claims", "claim", FIELDS(claim_fields) },
};

enum kind
model_kind_by_name(const char *s)
{
	size_t	 i;

	for (i = 0; i < KIND__MAX; i++)
		if (strcmp(s, model_kinds[i].name) == 0 ||
		    strcmp(s, model_kinds[i].plural) == 0)
			return (enum kind)i;
	return KIND__MAX;
}

const struct field *
model_field(enum kind k, const char *name)
{
	size_t	 i;

	for (i = 0; i < model_kinds[k].fieldsz; i++)
		if (strcmp(model_kinds[k].fields[i].name, name) == 0)
			return &model_kinds[k].fields[i];
	return NULL;
}

/* ---- small rules ------------------------------------------------------- */

int
model_slug_valid(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n == 0 || n > MODEL_SLUG_MAX || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

static int
digits(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
num(const char *s, size_t n)
{
	int	 v = 0;
	size_t	 i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int
model_date_valid(const char *s)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	size_t	 n = strlen(s);
	int	 y, m, d;

	if (n != 4 && n != 7 && n != 10)
		return 0;
	if (!digits(s, 4) || (y = num(s, 4)) < 1)
		return 0;
	if (n == 4)
		return 1;
	if (s[4] != '-' || !digits(s + 5, 2))
		return 0;
	m = num(s + 5, 2);
	if (m < 1 || m > 12)
		return 0;
	if (n == 7)
		return 1;
	if (s[7] != '-' || !digits(s + 8, 2))
		return 0;
	d = num(s + 8, 2);
	if (d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29)
		return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return 1;
}

int
model_date_cmp(const char *a, const char *b)
{
	size_t	 na = strlen(a), nb = strlen(b);
	int	 c = strncmp(a, b, na < nb ? na : nb);

	return c < 0 ? -1 : c > 0;
}

int
model_stamp_valid(const char *s)
{
	int	 h, mi, se;

	if (strlen(s) != 20 || s[10] != 'T' || s[19] != 'Z' ||
	    s[13] != ':' || s[16] != ':')
		return 0;
	{
		char	 d[11];

		memcpy(d, s, 10);
		d[10] = '\0';
		if (!model_date_valid(d) || strlen(d) != 10)
			return 0;
	}
	if (!digits(s + 11, 2) || !digits(s + 14, 2) || !digits(s + 17, 2))
		return 0;
	h = num(s + 11, 2);
	mi = num(s + 14, 2);
	se = num(s + 17, 2);
	return h < 24 && mi < 60 && se < 61;
}

void
model_stamp_now(char out[21])
{
	time_t		 t = time(NULL);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
model_utf8_valid(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, k, len;
	unsigned		 c;

	while (i < n) {
		c = p[i];
		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, c &= 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3, c &= 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, c &= 0x07;
		else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (p[i + k] & 0x3f);
		}
		if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
		    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

size_t
model_utf8_len(const char *s)
{
	size_t	 n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int
model_lang_valid(const char *s)
{
	size_t	 n = strlen(s);

	return (n == 2 || n == 3) && islower((unsigned char)s[0]) &&
	    islower((unsigned char)s[1]) &&
	    (n == 2 || islower((unsigned char)s[2]));
}

static int
url_valid(const char *s)
{
	const char	*p;

	if (strncmp(s, "https://", 8) == 0)
		p = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		p = s + 7;
	else
		return 0;
	if (*p == '\0' || *p == '/')
		return 0;
	for (; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '"' ||
		    *p == '<' || *p == '>' || *p == '\\')
			return 0;
	return 1;
}

static int
wikidata_valid(const char *s)
{
	size_t	 n = strlen(s);

	return n >= 2 && n <= 20 && s[0] == 'Q' && s[1] != '0' &&
	    digits(s + 1, n - 1);
}

static int
code_valid(const char *s)
{
	return strlen(s) == 2 && isupper((unsigned char)s[0]) &&
	    isupper((unsigned char)s[1]) && isascii(s[0]) && isascii(s[1]);
}

/* ---- checking a record ------------------------------------------------- */

struct ctx {
	struct problem	*pb;
	struct buf	 path;	/* where we are inside the record */
};

static enum err
fail(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static enum err
fail(struct ctx *c, const char *fmt, ...)
{
	struct buf	 b = { 0 };
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	problem_clear(c->pb);
	c->pb->path = c->path.len ? strdup(c->path.p) : NULL;
	c->pb->msg = buf_take(&b);
	return c->pb->msg ? ERR_INVALID : ERR_NOMEM;
}

/* Quotes a value for a message, cut to a readable length. */
static const char *
shown(const char *s, char out[64])
{
	size_t	 n = strlen(s), cut = 0;

	if (n <= 40) {
		snprintf(out, 64, "\"%s\"", s);
		return out;
	}
	/* Cut on a character boundary. */
	cut = 37;
	while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	snprintf(out, 64, "\"%.*s...\"", (int)cut, s);
	return out;
}

static const char *
type_name(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "a value";
}

/*
 * Validates and normalizes one string in place (NFC). max is in characters;
 * 0 means the string may be empty only if allow_empty.
 */
static enum err
check_text(struct ctx *c, json_t *v, long long max)
{
	const char	*s;
	size_t		 n, len;
	unsigned char	*nfc;
	char		 q[64];

	if (!json_is_string(v))
		return fail(c, "must be a string, not %s", type_name(v));
	s = json_string_value(v);
	n = json_string_length(v);
	/* Jansson accepts "\u0000"; we do not store it. */
	if (strlen(s) != n || !model_utf8_valid(s, n))
		return fail(c, "is not valid UTF-8 text");
	if (n == 0)
		return fail(c, "is empty; leave the field out instead");
	{
		/* Only text with non-ASCII bytes can change under NFC. */
		size_t	 i;

		for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++)
			;
		if (i < n) {
			if ((nfc = utf8proc_NFC((const utf8proc_uint8_t *)s)) ==
			    NULL)
				return fail(c, "cannot be normalized: %s",
				    shown(s, q));
			if (strcmp((char *)nfc, s) != 0 &&
			    json_string_set(v, (char *)nfc)) {
				free(nfc);
				return ERR_NOMEM;
			}
			free(nfc);
			s = json_string_value(v);
		}
	}
	/*
	 * The limit applies to the text as stored: some characters grow
	 * under NFC (U+0958 becomes two code points), so count after it.
	 */
	len = model_utf8_len(s);
	if (max > 0 && len > (size_t)max)
		return fail(c, "is %zu characters long; at most %lld are allowed",
		    len, max);
	return ERR_OK;
}

static enum err
check_string_rule(struct ctx *c, json_t *v, int (*ok)(const char *),
    const char *what)
{
	enum err	 e;
	char		 q[64];

	if ((e = check_text(c, v, 0)) != ERR_OK)
		return e;
	if (!ok(json_string_value(v)))
		return fail(c, "%s is not %s", shown(json_string_value(v), q),
		    what);
	return ERR_OK;
}

static enum err
check_i18n(struct ctx *c, json_t *v, long long max)
{
	const char	*lang;
	json_t		*t, *x;
	size_t		 mark = c->path.len;
	enum err	 e;

	if (!json_is_object(v))
		return fail(c, "must be an object of texts by language "
		    "({\"en\": \"...\"}), not %s", type_name(v));
	if (json_object_size(v) == 0)
		return fail(c, "has no text in any language");
	json_object_foreach(v, lang, t) {
		buf_printf(&c->path, ".%s", lang);
		if (!model_lang_valid(lang))
			return fail(c, "\"%s\" is not a language code "
			    "(two or three lower-case letters, such as \"ca\")",
			    lang);
		if (json_is_object(t)) {
			const char	*k;

			json_object_foreach(t, k, x)
				if (strcmp(k, "text") && strcmp(k, "origin"))
					return fail(c, "unknown key \"%s\"; a "
					    "translation has \"text\" and "
					    "\"origin\"", k);
			if ((x = json_object_get(t, "origin")) != NULL &&
			    (!json_is_string(x) ||
			    (strcmp(json_string_value(x), "human") &&
			    strcmp(json_string_value(x), "machine"))))
				return fail(c, "origin must be \"human\" or "
				    "\"machine\"");
			if ((x = json_object_get(t, "text")) == NULL)
				return fail(c, "has no \"text\"");
			buf_puts(&c->path, ".text");
			if ((e = check_text(c, x, max)) != ERR_OK)
				return e;
		} else if ((e = check_text(c, t, max)) != ERR_OK)
			return e;
		c->path.len = mark;
		c->path.p[mark] = '\0';
	}
	return ERR_OK;
}

static enum err
check_slug_ref(struct ctx *c, json_t *v)
{
	char	 q[64];

	if (!json_is_string(v))
		return fail(c, "must be a slug (a string), not %s",
		    type_name(v));
	if (!model_slug_valid(json_string_value(v)))
		return fail(c, "%s is not a slug (lower-case letters, digits "
		    "and \"-\")", shown(json_string_value(v), q));
	return ERR_OK;
}

static enum err
check_refs(struct ctx *c, json_t *v)
{
	size_t		 i, j, mark = c->path.len;
	json_t		*x;
	enum err	 e;

	if (!json_is_array(v))
		return fail(c, "must be an array of slugs, not %s",
		    type_name(v));
	json_array_foreach(v, i, x) {
		buf_printf(&c->path, "[%zu]", i);
		if ((e = check_slug_ref(c, x)) != ERR_OK)
			return e;
		for (j = 0; j < i; j++)
			if (json_equal(json_array_get(v, j), x))
				return fail(c, "\"%s\" is listed twice",
				    json_string_value(x));
		c->path.len = mark;
		c->path.p[mark] = '\0';
	}
	return ERR_OK;
}

static enum err
check_parties(struct ctx *c, json_t *v)
{
	size_t		 i, j, mark = c->path.len;
	json_t		*x, *y;
	const char	*k;
	enum err	 e;

	if (!json_is_array(v))
		return fail(c, "must be an array of parties, not %s",
		    type_name(v));
	if (json_array_size(v) < 2)
		return fail(c, "needs at least two parties");
	if (json_array_size(v) > 100)
		return fail(c, "has %zu parties; at most 100 are allowed",
		    json_array_size(v));
	json_array_foreach(v, i, x) {
		buf_printf(&c->path, "[%zu]", i);
		if (!json_is_object(x))
			return fail(c, "must be {\"city\": slug} or "
			    "{\"group\": slug}, not %s", type_name(x));
		json_object_foreach(x, k, y)
			if (strcmp(k, "city") && strcmp(k, "group") &&
			    strcmp(k, "role"))
				return fail(c, "unknown key \"%s\"; a party "
				    "has \"city\" or \"group\", and \"role\"",
				    k);
		if ((json_object_get(x, "city") == NULL) ==
		    (json_object_get(x, "group") == NULL))
			return fail(c, "must have exactly one of \"city\" and "
			    "\"group\"");
		k = json_object_get(x, "city") ? "city" : "group";
		buf_printf(&c->path, ".%s", k);
		if ((e = check_slug_ref(c, json_object_get(x, k))) != ERR_OK)
			return e;
		c->path.len = mark;
		buf_printf(&c->path, "[%zu]", i);
		if ((y = json_object_get(x, "role")) != NULL) {
			buf_puts(&c->path, ".role");
			if ((e = check_text(c, y, 100)) != ERR_OK)
				return e;
		}
		c->path.len = mark;
		c->path.p[mark] = '\0';
		for (j = 0; j < i; j++) {
			json_t *o = json_array_get(v, j);

			if (json_equal(json_object_get(o, k),
			    json_object_get(x, k))) {
				buf_printf(&c->path, "[%zu]", i);
				return fail(c, "%s \"%s\" is already party %zu",
				    k, json_string_value(
				    json_object_get(x, k)), j);
			}
		}
	}
	return ERR_OK;
}

static enum err
check_subject(struct ctx *c, json_t *v)
{
	const char	*s, *slash;
	char		 kname[32], q[64];
	enum kind	 k;

	if (!json_is_string(v))
		return fail(c, "must be \"kind/slug\", not %s", type_name(v));
	s = json_string_value(v);
	if ((slash = strchr(s, '/')) == NULL ||
	    (size_t)(slash - s) >= sizeof(kname))
		return fail(c, "%s is not \"kind/slug\" (such as "
		    "\"organisation/rainbow-cities-network\")", shown(s, q));
	memcpy(kname, s, (size_t)(slash - s));
	kname[slash - s] = '\0';
	k = model_kind_by_name(kname);
	if (k == KIND__MAX || strcmp(kname, model_kinds[k].name) ||
	    k == KIND_SOURCE || k == KIND_COUNTRY || k == KIND_TOPIC ||
	    k == KIND_CLAIM || k == KIND_COLLECTION)
		return fail(c, "\"%s\" is not a kind claims can be about "
		    "(city, group, organisation, membership, partnership, "
		    "practice)", kname);
	if (!model_slug_valid(slash + 1))
		return fail(c, "%s is not a slug", shown(slash + 1, q));
	return ERR_OK;
}

static enum err
check_field(struct ctx *c, const struct field *f, json_t *v)
{
	char	 q[64];
	size_t	 i;

	switch (f->type) {
	case FT_TEXT:
		return check_text(c, v, f->max);
	case FT_INT:
		if (!json_is_integer(v))
			return fail(c, "must be an integer, not %s",
			    type_name(v));
		if (json_integer_value(v) < f->min ||
		    json_integer_value(v) > f->max)
			return fail(c, "%lld is out of range (%lld to %lld)",
			    (long long)json_integer_value(v), f->min, f->max);
		return ERR_OK;
	case FT_REAL: {
		double	 d;

		if (!json_is_number(v))
			return fail(c, "must be a number, not %s",
			    type_name(v));
		d = json_number_value(v);
		if (!isfinite(d) || d < (double)f->min || d > (double)f->max)
			return fail(c, "%g is out of range (%lld to %lld)", d,
			    f->min, f->max);
		return ERR_OK;
	}
	case FT_BOOL:
		if (!json_is_boolean(v))
			return fail(c, "must be true or false, not %s",
			    type_name(v));
		return ERR_OK;
	case FT_DATE:
		return check_string_rule(c, v, model_date_valid,
		    "a date (YYYY, YYYY-MM or YYYY-MM-DD that exists)");
	case FT_ENUM:
		if (!json_is_string(v))
			return fail(c, "must be a string, not %s",
			    type_name(v));
		for (i = 0; f->values[i]; i++)
			if (strcmp(json_string_value(v), f->values[i]) == 0)
				return ERR_OK;
		{
			struct buf	 b = { 0 };
			enum err	 e;

			for (i = 0; f->values[i]; i++)
				buf_printf(&b, "%s\"%s\"", i ? ", " : "",
				    f->values[i]);
			e = fail(c, "%s is not one of %s",
			    shown(json_string_value(v), q), b.p ? b.p : "");
			buf_free(&b);
			return e;
		}
	case FT_URL:
		if (check_text(c, v, f->max) != ERR_OK)
			return ERR_INVALID;
		if (!url_valid(json_string_value(v)))
			return fail(c, "%s is not an http:// or https:// URL",
			    shown(json_string_value(v), q));
		return ERR_OK;
	case FT_LANG:
		return check_string_rule(c, v, model_lang_valid,
		    "a language code (such as \"ca\")");
	case FT_WIKIDATA:
		return check_string_rule(c, v, wikidata_valid,
		    "a Wikidata id (such as \"Q1492\")");
	case FT_CODE:
	case FT_COUNTRY:
		return check_string_rule(c, v, code_valid,
		    "an ISO 3166-1 alpha-2 country code (such as \"ES\")");
	case FT_REF:
		return check_slug_ref(c, v);
	case FT_REFS:
		return check_refs(c, v);
	case FT_I18N:
		return check_i18n(c, v, f->max);
	case FT_PARTIES:
		return check_parties(c, v);
	case FT_SUBJECT:
		return check_subject(c, v);
	case FT__MAX:
		break;
	}
	return fail(c, "has a type this version does not know");
}

/* Rules that involve several fields. */
static enum err
check_record_rules(struct ctx *c, enum kind k, json_t *rec)
{
	json_t		*a, *b;
	const char	*p;
	char		 q[64];

	buf_reset(&c->path);
	if ((a = json_object_get(rec, "lat")) != NULL) {
		if (json_object_get(rec, "lon") == NULL)
			return fail(c, "\"lat\" is given without \"lon\"");
	} else if (json_object_get(rec, "lon") != NULL)
		return fail(c, "\"lon\" is given without \"lat\"");

	{
		static const char *const pairs[][2] = {
			{ "since", "until" }, { "start", "end" },
			{ "founded", "dissolved" },
		};
		size_t	 i;

		for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
			a = json_object_get(rec, pairs[i][0]);
			b = json_object_get(rec, pairs[i][1]);
			if (a && b && model_date_cmp(json_string_value(b),
			    json_string_value(a)) < 0) {
				buf_puts(&c->path, pairs[i][1]);
				return fail(c, "%s is before %s %s",
				    json_string_value(b), pairs[i][0],
				    json_string_value(a));
			}
		}
	}

	if (k == KIND_CLAIM) {
		p = json_string_value(json_object_get(rec, "property"));
		a = json_object_get(rec, "value");
		buf_puts(&c->path, "value");
		if (strcmp(p, "founded") == 0 || strcmp(p, "constituted") == 0 ||
		    strcmp(p, "dissolved") == 0) {
			if (!model_date_valid(json_string_value(a)))
				return fail(c, "%s is not a date, which a "
				    "\"%s\" claim needs",
				    shown(json_string_value(a), q), p);
		} else if (strcmp(p, "member_count") == 0 ||
		    strcmp(p, "population") == 0) {
			const char *s = json_string_value(a);

			if (strlen(s) > 12 || !digits(s, strlen(s)))
				return fail(c, "%s is not a whole number, which "
				    "a \"%s\" claim needs", shown(s, q), p);
		}
	}
	return ERR_OK;
}

/* Derived slugs: memberships and claims may leave them out. */
static enum err
derive_slug(struct ctx *c, enum kind k, json_t *rec)
{
	struct buf	 b = { 0 };
	const char	*s;
	json_t		*v;
	size_t		 i;

	if (k == KIND_MEMBERSHIP) {
		buf_puts(&b, json_string_value(json_object_get(rec,
		    "organisation")));
		buf_printf(&b, "--%s", json_string_value(json_object_get(rec,
		    "city")));
		if ((v = json_object_get(rec, "role")) != NULL &&
		    strcmp(json_string_value(v), "member"))
			buf_printf(&b, "--%s", json_string_value(v));
		if ((v = json_object_get(rec, "since")) != NULL)
			buf_printf(&b, "--%s", json_string_value(v));
	} else if (k == KIND_CLAIM) {
		s = json_string_value(json_object_get(rec, "subject"));
		buf_puts(&b, strchr(s, '/') + 1);
		buf_printf(&b, "--%s", json_string_value(json_object_get(rec,
		    "property")));
		if ((v = json_object_get(rec, "as_of")) != NULL)
			buf_printf(&b, "--%s", json_string_value(v));
		if ((v = json_object_get(rec, "source")) != NULL)
			buf_printf(&b, "--%s", json_string_value(v));
	} else
		return fail(c, "is required");
	if (b.oom) {
		buf_free(&b);
		return ERR_NOMEM;
	}
	for (i = 0; i < b.len; i++)
		if (b.p[i] == '_')
			b.p[i] = '-';
	if (b.len > MODEL_SLUG_MAX) {
		buf_free(&b);
		return fail(c, "cannot be derived: it would be longer than %d "
		    "characters; give one", MODEL_SLUG_MAX);
	}
	if (json_object_set_new(rec, "slug", json_string(b.p))) {
		buf_free(&b);
		return ERR_NOMEM;
	}
	buf_free(&b);
	return ERR_OK;
}

enum err
model_check(enum kind k, json_t *rec, struct problem *pb)
{
	const struct kinddef	*kd = &model_kinds[k];
	const struct field	*f;
	struct ctx		 c = { pb, { 0 } };
	const char		*key;
	json_t			*v;
	enum err		 e = ERR_OK;
	size_t			 i;
	char			 q[64];

	problem_clear(pb);
	if (!json_is_object(rec)) {
		e = fail(&c, "a %s must be an object, not %s", kd->name,
		    type_name(rec));
		goto out;
	}

	/* Unknown keys are nearly always typos: say so. */
	json_object_foreach(rec, key, v) {
		if (strcmp(key, "created") == 0 || strcmp(key, "updated") == 0 ||
		    (strcmp(key, "slug") == 0 && k != KIND_COUNTRY) ||
		    model_field(k, key) != NULL)
			continue;
		buf_puts(&c.path, key);
		e = fail(&c, "unknown field %s in a %s", shown(key, q),
		    kd->name);
		goto out;
	}

	for (i = 0; i < kd->fieldsz; i++) {
		f = &kd->fields[i];
		buf_reset(&c.path);
		buf_puts(&c.path, f->name);
		if ((v = json_object_get(rec, f->name)) == NULL ||
		    json_is_null(v)) {
			if (v != NULL)
				json_object_del(rec, f->name);
			if (f->flags & F_REQ) {
				e = fail(&c, "is required in a %s", kd->name);
				goto out;
			}
			continue;
		}
		if ((e = check_field(&c, f, v)) != ERR_OK)
			goto out;
		if (f->type == FT_REAL) {
			/*
			 * Six decimals (about 10 cm) print back exactly with
			 * 15 significant digits, so exports round-trip to
			 * the bit.
			 */
			double d = round(json_number_value(v) * 1e6) / 1e6;

			if (json_object_set_new(rec, f->name,
			    json_real(d == 0 ? 0 : d))) {
				e = ERR_NOMEM;
				goto out;
			}
		}
	}

	for (i = 0; i < 2; i++) {
		static const char *const stamps[2] = { "created", "updated" };

		buf_reset(&c.path);
		buf_puts(&c.path, stamps[i]);
		if ((v = json_object_get(rec, stamps[i])) != NULL &&
		    (!json_is_string(v) ||
		    !model_stamp_valid(json_string_value(v)))) {
			e = fail(&c, "must be a UTC time such as "
			    "\"2026-11-23T10:00:00Z\"");
			goto out;
		}
	}

	if ((e = check_record_rules(&c, k, rec)) != ERR_OK)
		goto out;

	buf_reset(&c.path);
	buf_puts(&c.path, "slug");
	if (k != KIND_COUNTRY) {
		if ((v = json_object_get(rec, "slug")) == NULL)
			e = derive_slug(&c, k, rec);
		else
			e = check_slug_ref(&c, v);
	}
out:
	buf_free(&c.path);
	return e;
}

const char *
model_slug(enum kind k, json_t *rec, char code[3])
{
	const char	*s;

	if (k != KIND_COUNTRY)
		return json_string_value(json_object_get(rec, "slug"));
	if ((s = json_string_value(json_object_get(rec, "code"))) == NULL ||
	    strlen(s) != 2)
		return NULL;
	code[0] = (char)tolower((unsigned char)s[0]);
	code[1] = (char)tolower((unsigned char)s[1]);
	code[2] = '\0';
	return code;
}

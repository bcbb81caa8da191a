/* api_json.c - what every API answer shares: CORS, the lang= key, compact
 * JSON, RFC 9457 problem details, and records as summary items.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "model.h"

/* ---- answers --------------------------------------------------------- */

int
api_path(const char *path)
{
	return path != NULL && strncmp(path, "/api/", 5) == 0;
}

static const char *
status_title(unsigned status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 414: return "URI Too Long";
	case 500: return "Internal Server Error";
	default: return "Error";
	}
}

static int
to_buf(const char *p, size_t n, void *arg)
{
	struct buf	*b = arg;

	buf_put(b, p, n);
	return b->oom ? -1 : 0;
}

/* The problem is written by hand, not with Jansson: it must come out even
 * when the reason is that memory ran out. */
static void
json_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p;

	buf_putc(b, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7f) {
			buf_puts(b, "\\u00");
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		} else
			buf_putc(b, (char)*p);
	}
	buf_putc(b, '"');
}

void
api_problem(struct http_resp *res, unsigned status, const char *param,
    const char *detail)
{
	struct buf	*b = &res->body;

	buf_reset(b);
	b->oom = 0;
	res->status = status;
	res->type = "application/problem+json";
	res->cors = "*";
	res->data = NULL;
	res->modified = 0;
	buf_printf(b, "{\"type\":\"about:blank\",\"title\":\"%s\","
	    "\"status\":%u", status_title(status), status);
	if (detail != NULL && model_utf8_valid(detail, strlen(detail))) {
		buf_puts(b, ",\"detail\":");
		json_str(b, detail);
	}
	if (param != NULL && model_utf8_valid(param, strlen(param))) {
		buf_puts(b, ",\"parameter\":");
		json_str(b, param);
	}
	buf_puts(b, "}");
}

void
api_form_error(struct api *a, const struct form_error *e)
{
	struct buf	 m = { 0 };
	const char	*p = strstr(e->fmt, "%s");

	/* "page: "-1" is not a page number from 1 to 1000", as the
	 * catalogue's 400 page says it, in English. */
	buf_printf(&m, "%s: ", e->param);
	if (p == NULL)
		buf_puts(&m, e->fmt);
	else {
		buf_put(&m, e->fmt, (size_t)(p - e->fmt));
		buf_puts(&m, e->value);
		buf_puts(&m, p + 2);
	}
	api_problem(a->res, 400, e->param, m.oom ? NULL : m.p);
	buf_free(&m);
}

/* ---- the JSON writer -------------------------------------------------- */

void
api_out_init(struct api_out *o, struct buf *b)
{
	memset(o, 0, sizeof(*o));
	o->b = b;
}

/* Before a value or a key: the comma, unless a key or nothing came. */
static void
member(struct api_out *o)
{
	if (o->key) {
		o->key = 0;
		return;
	}
	if (o->more[o->depth])
		buf_putc(o->b, ',');
	o->more[o->depth] = 1;
}

static void
open_(struct api_out *o, char c)
{
	member(o);
	buf_putc(o->b, c);
	if (o->depth + 1 < API_OUT_DEPTH)
		o->depth++;
	else
		o->b->oom = 1;	/* deeper than any answer goes */
	o->more[o->depth] = 0;
}

static void
close_(struct api_out *o, char c)
{
	buf_putc(o->b, c);
	if (o->depth > 0)
		o->depth--;
}

void
api_obj(struct api_out *o)
{
	open_(o, '{');
}

void
api_obj_end(struct api_out *o)
{
	close_(o, '}');
}

void
api_arr(struct api_out *o)
{
	open_(o, '[');
}

void
api_arr_end(struct api_out *o)
{
	close_(o, ']');
}

/* s escaped for a JSON string: runs of plain bytes are copied at once. */
static void
escaped(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s, *run;
	char	 e[8];

	for (;;) {
		for (run = p; *p >= 0x20 && *p != '"' && *p != '\\' &&
		    !(*p == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 ||
		    p[2] == 0xa9)); p++)
			;
		if (p > run)
			buf_put(b, run, (size_t)(p - run));
		if (*p == '\0')
			break;
		switch (*p) {
		case '"': buf_put(b, "\\\"", 2); break;
		case '\\': buf_put(b, "\\\\", 2); break;
		case '\b': buf_put(b, "\\b", 2); break;
		case '\f': buf_put(b, "\\f", 2); break;
		case '\n': buf_put(b, "\\n", 2); break;
		case '\r': buf_put(b, "\\r", 2); break;
		case '\t': buf_put(b, "\\t", 2); break;
		case 0xe2:	/* U+2028, U+2029 */
			buf_put(b, p[2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
			p += 2;
			break;
		default:
			memcpy(e, "\\u00", 4);
			e[4] = hex[*p >> 4];
			e[5] = hex[*p & 15];
			buf_put(b, e, 6);
			break;
		}
		p++;
	}
}

static void
quoted(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	escaped(b, s);
	buf_putc(b, '"');
}

void
api_key(struct api_out *o, const char *k)
{
	member(o);
	quoted(o->b, k);
	buf_putc(o->b, ':');
	o->key = 1;
}

void
api_str(struct api_out *o, const char *s)
{
	member(o);
	if (s == NULL)
		buf_put(o->b, "null", 4);
	else
		quoted(o->b, s);
}

void
api_int(struct api_out *o, long long v)
{
	char			 d[24], *p = d + sizeof(d);
	unsigned long long	 u = v < 0 ? 0ULL - (unsigned long long)v :
				    (unsigned long long)v;

	member(o);
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	buf_put(o->b, p, (size_t)(d + sizeof(d) - p));
}

void
api_null(struct api_out *o)
{
	member(o);
	buf_put(o->b, "null", 4);
}

void
api_kstr(struct api_out *o, const char *key, const char *s)
{
	if (s == NULL)
		return;
	api_key(o, key);
	api_str(o, s);
}

void
api_kint(struct api_out *o, const char *key, long long v)
{
	api_key(o, key);
	api_int(o, v);
}

void
api_json(struct api_out *o, json_t *v)
{
	member(o);
	if (v == NULL || json_dump_callback(v, to_buf, o->b, JSON_COMPACT |
	    JSON_PRESERVE_ORDER | JSON_ENCODE_ANY) != 0)
		o->b->oom = 1;
}

void
api_begin(struct api *a, struct api_out *o)
{
	api_out_init(o, &a->res->body);
	api_obj(o);
}

void
api_end(struct api *a, struct api_out *o)
{
	api_obj_end(o);
	if (a->res->body.oom) {
		api_problem(a->res, 500, NULL, "out of memory");
		return;
	}
	a->res->type = "application/json; charset=utf-8";
	/* The data only changes when the server restarts with a new store. */
	a->res->modified = a->site->loaded;
}

int
api_open(struct api *a, struct http_req *req, struct http_resp *res)
{
	const struct app	*app = req->app;
	const char		*l = http_arg(req, "lang");

	memset(a, 0, sizeof(*a));
	a->req = req;
	a->res = res;
	a->site = app->site;
	a->lang = TEXT_EN;
	res->cors = "*";
	if (l != NULL && *l != '\0') {
		if ((a->lang = text_lang(l)) == TEXT_NOLANG) {
			struct form_error e = { "lang", "\"%s\" is not a "
			    "language of the site (ca, en, es, fr or it)", l };

			if (strlen(l) > 60)
				e.value = "(too long)";
			api_form_error(a, &e);
			return -1;
		}
		a->lang_given = 1;
	}
	a->code = text_lang_code(a->lang);
	return 0;
}

/* The parameter a refused request is most likely about. */
static const char *
refused_param(struct http_req *req, unsigned status)
{
	const char	*q, *end;
	size_t		 i;

	if (status == 414 && req->target != NULL &&
	    (q = strchr(req->target, '?')) != NULL) {
		/* The target was cut: the first key is all there is. */
		q++;
		end = q + strcspn(q, "=&");
		return *end == '=' ? arena_strndup(req->mem, q,
		    (size_t)(end - q)) : NULL;
	}
	if (req->args == NULL)
		return NULL;
	if (req->argsz > HTTP_ARGS_MAX)
		return req->args[HTTP_ARGS_MAX - 1].key;
	for (i = 0; i < req->argsz; i++)
		if (!model_utf8_valid(req->args[i].val,
		    strlen(req->args[i].val)))
			return req->args[i].key;
	return NULL;
}

void
api_refused(struct http_req *req, struct http_resp *res, unsigned status,
    const char *msg)
{
	const char	*param = refused_param(req, status);

	/* "q: the address is longer than 8,192 bytes", like form errors. */
	if (param != NULL && msg != NULL)
		msg = arena_printf(req->mem, "%s: %s", param, msg);
	api_problem(res, status, param, msg);
}

void
api_not_found(struct http_req *req, struct http_resp *res)
{
	api_problem(res, 404, NULL, arena_printf(req->mem, "nothing is at "
	    "this address; the API is described at %s/openapi.json",
	    API_PREFIX));
}

/* ---- records --------------------------------------------------------- */

static const char *
text_of(json_t *v)
{
	if (json_is_object(v))
		v = json_object_get(v, "text");
	return json_string_value(v);
}

const char *
api_text(struct api *a, json_t *i18n, const char **code)
{
	enum text_lang	 got;
	const char	*t, *k;
	json_t		*v;

	if (code != NULL)
		*code = NULL;
	if ((t = site_text(i18n, a->lang, &got)) == NULL)
		return NULL;
	if (code == NULL)
		return t;
	if (got != TEXT_NOLANG) {
		*code = text_lang_code(got);
		return t;
	}
	/* Some other language: say which. */
	json_object_foreach(i18n, k, v)
		if (text_of(v) == t)
			*code = k;
	return t;
}

const char *
api_name(struct api *a, enum kind k, const char *slug)
{
	json_t	*rec;

	switch (k) {
	case KIND_PRACTICE:
	case KIND_COLLECTION:
	case KIND_SOURCE:
		if ((rec = site_get(a->site, k, slug)) == NULL)
			return slug;
		if (k == KIND_SOURCE)
			return json_string_value(json_object_get(rec, "title"));
		return api_text(a, json_object_get(rec, "title"), NULL);
	default:
		return site_name(a->site, k, slug, a->lang);
	}
}

void
api_ref(struct api *a, struct api_out *o, enum kind k, const char *slug)
{
	const char	*name;

	if (slug == NULL) {
		api_null(o);
		return;
	}
	name = api_name(a, k, slug);
	api_obj(o);
	api_kstr(o, k == KIND_COUNTRY ? "code" : "slug", slug);
	api_kstr(o, "name", name ? name : slug);
	api_obj_end(o);
}

/* "city" and, when the store knows it, "country": a city and its country. */
static void
city_ref(struct api *a, struct api_out *o, const char *slug)
{
	const char	*cc;

	api_key(o, "city");
	api_ref(a, o, KIND_CITY, slug);
	if ((cc = json_string_value(json_object_get(site_get(a->site,
	    KIND_CITY, slug), "country"))) != NULL) {
		api_key(o, "country");
		api_ref(a, o, KIND_COUNTRY, cc);
	}
}

static const char *const segments[KIND__MAX] = {
	[KIND_ORG] = "organisations",
	[KIND_CITY] = "cities",
	[KIND_MEMBERSHIP] = "memberships",
	[KIND_PARTNERSHIP] = "partnerships",
	[KIND_PRACTICE] = "practices",
	[KIND_TOPIC] = "topics",
	[KIND_COLLECTION] = "collections",
};

const char *
api_segment(enum kind k)
{
	return (unsigned)k < KIND__MAX ? segments[k] : NULL;
}

int
api_visible(enum kind k, json_t *rec)
{
	const char	*st;

	if (rec == NULL)
		return 0;
	if (k != KIND_PRACTICE)
		return 1;
	st = json_string_value(json_object_get(rec, "status"));
	return st == NULL || strcmp(st, "published") == 0;
}

/* The year a date ("2011-05") starts with; 0 when none. */
static int
year_of(json_t *date)
{
	const char	*s = json_string_value(date);

	return s != NULL && strlen(s) >= 4 ? atoi(s) : 0;
}

static void
set_str(struct api_out *o, const char *key, json_t *v)
{
	api_kstr(o, key, json_string_value(v));
}

static void
set_year(struct api_out *o, int year)
{
	if (year > 0)
		api_kint(o, "year", year);
}

static void
set_refs(struct api *a, struct api_out *o, const char *key, enum kind k,
    json_t *slugs)
{
	json_t	*s;
	size_t	 i;

	api_key(o, key);
	api_arr(o);
	json_array_foreach(slugs, i, s)
		api_ref(a, o, k, json_string_value(s));
	api_arr_end(o);
}

/* "Barcelona – Havana": a partnership without a name of its own. */
static char *
parties_title(struct api *a, json_t *rec)
{
	struct buf	 b = { 0 };
	json_t		*p;
	const char	*s;
	size_t		 i;

	json_array_foreach(json_object_get(rec, "parties"), i, p) {
		if (i)
			buf_puts(&b, " – ");
		if ((s = json_string_value(json_object_get(p, "city"))))
			buf_puts(&b, api_name(a, KIND_CITY, s));
		else if ((s = json_string_value(json_object_get(p, "group"))))
			buf_puts(&b, api_name(a, KIND_GROUP, s));
	}
	return b.oom ? NULL : b.p;
}

/* "Barcelona – Rainbow Cities Network"; the caller frees it. */
static char *
membership_title(struct api *a, const char *city, const char *org)
{
	struct buf	 b = { 0 };

	buf_puts(&b, api_name(a, KIND_CITY, city));
	buf_puts(&b, " – ");
	buf_puts(&b, api_name(a, KIND_ORG, org));
	return b.oom ? NULL : b.p;
}

int
api_item(struct api *a, struct api_out *o, enum kind k, json_t *rec)
{
	const char	*slug, *title = NULL, *code = NULL, *s;
	char		*own = NULL;

	slug = json_string_value(json_object_get(rec, "slug"));
	if (k == KIND_COUNTRY || slug == NULL || api_segment(k) == NULL)
		return -1;
	api_obj(o);
	api_kstr(o, "kind", k == KIND_ORG ? "organisation" :
	    model_kinds[k].name);
	api_kstr(o, "slug", slug);
	/* Practices have pages; the other kinds are given as data. */
	api_key(o, "url");
	member(o);
	buf_putc(o->b, '"');
	if (k == KIND_PRACTICE)
		buf_printf(o->b, "/%s/practices/", a->code);
	else
		buf_printf(o->b, API_PREFIX "/%s/", api_segment(k));
	escaped(o->b, slug);
	buf_putc(o->b, '"');

	switch (k) {
	case KIND_PRACTICE:
	case KIND_COLLECTION:
		title = api_text(a, json_object_get(rec, "title"), &code);
		break;
	case KIND_TOPIC:
		title = api_text(a, json_object_get(rec, "label"), &code);
		break;
	case KIND_ORG:
		title = api_text(a, json_object_get(rec, "name"), &code);
		break;
	case KIND_CITY:
		title = site_name(a->site, KIND_CITY, slug, a->lang);
		if (json_object_get(json_object_get(rec, "names"), a->code))
			code = a->code;
		break;
	case KIND_PARTNERSHIP:
		title = api_text(a, json_object_get(rec, "name"), &code);
		if (title == NULL)
			title = own = parties_title(a, rec);
		break;
	case KIND_MEMBERSHIP:
		/* "Barcelona – Rainbow Cities Network": names, no sentence
		 * to translate. */
		s = json_string_value(json_object_get(rec, "organisation"));
		own = membership_title(a, json_string_value(json_object_get(rec,
		    "city")), s);
		title = own;
		break;
	default:
		break;
	}
	api_kstr(o, "title", title ? title : slug);
	api_kstr(o, "title_lang", code);
	free(own);

	switch (k) {
	case KIND_PRACTICE:
		s = json_string_value(json_object_get(rec, "city"));
		api_key(o, "city");
		api_ref(a, o, KIND_CITY, s);
		s = json_string_value(json_object_get(rec, "country"));
		api_key(o, "country");
		api_ref(a, o, KIND_COUNTRY, s);
		set_year(o, (int)json_integer_value(json_object_get(rec,
		    "year")));
		set_refs(a, o, "topics", KIND_TOPIC, json_object_get(rec,
		    "topics"));
		break;
	case KIND_ORG:
		set_str(o, "type", json_object_get(rec, "kind"));
		api_kstr(o, "acronym", json_string_value(json_object_get(rec,
		    "acronym")));
		if ((s = json_string_value(json_object_get(rec,
		    "headquarters"))) != NULL)
			city_ref(a, o, s);
		set_year(o, year_of(json_object_get(rec, "founded")));
		set_refs(a, o, "topics", KIND_TOPIC, json_object_get(rec,
		    "topics"));
		api_kint(o, "members", (long long)site_current_members(a->site,
		    slug));
		break;
	case KIND_MEMBERSHIP:
		city_ref(a, o, json_string_value(json_object_get(rec, "city")));
		api_key(o, "organisation");
		api_ref(a, o, KIND_ORG, json_string_value(json_object_get(rec,
		    "organisation")));
		s = json_string_value(json_object_get(rec, "role"));
		api_kstr(o, "role", s ? s : "member");
		set_str(o, "since", json_object_get(rec, "since"));
		set_str(o, "until", json_object_get(rec, "until"));
		set_year(o, year_of(json_object_get(rec, "since")));
		break;
	case KIND_CITY:
		s = json_string_value(json_object_get(rec, "country"));
		api_key(o, "country");
		api_ref(a, o, KIND_COUNTRY, s);
		break;
	case KIND_PARTNERSHIP:
		set_str(o, "type", json_object_get(rec, "kind"));
		set_year(o, year_of(json_object_get(rec, "since")));
		set_refs(a, o, "topics", KIND_TOPIC, json_object_get(rec,
		    "topics"));
		break;
	default:
		break;
	}
	return 0;
}

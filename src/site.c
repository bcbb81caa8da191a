/* site.c - the snapshot of the store that pages are rendered from.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "db.h"
#include "i18n.h"
#include "site.h"

struct loading {
	struct site	*s;
	enum kind	 k;
};

static int
keep(json_t *rec, void *arg)
{
	struct loading	*l = arg;
	const char	*key;
	char		 code[3];

	if (l->k == KIND_COUNTRY)
		key = json_string_value(json_object_get(rec, "code"));
	else
		key = model_slug(l->k, rec, code);
	if (key == NULL)
		return 0;
	json_object_set(l->s->recs[l->k], key, rec);
	if (l->k == KIND_TOPIC)
		json_array_append(l->s->topics, rec);
	return 0;
}

/* Newest first, then by slug, so lists are stable. */
static int
by_year(const void *a, const void *b)
{
	json_t *const	*x = a, *const *y = b;
	json_int_t	 ya, yb;

	ya = json_integer_value(json_object_get(*x, "year"));
	yb = json_integer_value(json_object_get(*y, "year"));
	if (ya != yb)
		return ya > yb ? -1 : 1;
	return strcmp(json_string_value(json_object_get(*x, "slug")),
	    json_string_value(json_object_get(*y, "slug")));
}

/* Appends rec to the list under key in obj, making the list. */
static void
push(json_t *obj, const char *key, json_t *rec)
{
	json_t	*list;

	if (key == NULL)
		return;
	if ((list = json_object_get(obj, key)) == NULL) {
		list = json_array();
		json_object_set_new(obj, key, list);
	}
	json_array_append(list, rec);
}

/* Preferred claims first, then by date ("as_of"), then by slug. */
static int
by_preference(const void *a, const void *b)
{
	json_t *const	*x = a, *const *y = b;
	int		 px, py, c;
	const char	*ax, *ay;

	px = json_is_true(json_object_get(*x, "preferred"));
	py = json_is_true(json_object_get(*y, "preferred"));
	if (px != py)
		return py - px;
	ax = json_string_value(json_object_get(*x, "as_of"));
	ay = json_string_value(json_object_get(*y, "as_of"));
	if ((c = strcmp(ax ? ax : "", ay ? ay : "")) != 0)
		return c;
	ax = json_string_value(json_object_get(*x, "slug"));
	ay = json_string_value(json_object_get(*y, "slug"));
	return strcmp(ax ? ax : "", ay ? ay : "");
}

/* Who belongs where, who partners whom, and what sources say. */
static enum err
relate(struct site *s)
{
	const char	*slug, *key;
	json_t		*rec, *v, *list, **tmp;
	size_t		 i, n;

	json_object_foreach(s->recs[KIND_MEMBERSHIP], slug, rec) {
		push(s->org_members, json_string_value(json_object_get(rec,
		    "organisation")), rec);
		push(s->city_members, json_string_value(json_object_get(rec,
		    "city")), rec);
	}
	json_object_foreach(s->recs[KIND_PARTNERSHIP], slug, rec) {
		const char	*cities[64];

		n = site_party_cities(s, rec, cities);
		for (i = 0; i < n; i++)
			push(s->city_partners, cities[i], rec);
	}
	json_array_foreach(s->published, i, rec)
		push(s->city_practices, json_string_value(json_object_get(rec,
		    "city")), rec);
	json_object_foreach(s->recs[KIND_ORG], slug, rec)
		push(s->org_children, json_string_value(json_object_get(rec,
		    "parent")), rec);
	json_object_foreach(s->recs[KIND_CLAIM], slug, rec)
		push(s->claims, json_string_value(json_object_get(rec,
		    "subject")), rec);
	json_object_foreach(s->claims, key, list) {
		n = json_array_size(list);
		if (n < 2)
			continue;
		if ((tmp = calloc(n, sizeof(*tmp))) == NULL)
			return ERR_NOMEM;
		json_array_foreach(list, i, v)
			tmp[i] = json_incref(v);
		qsort(tmp, n, sizeof(*tmp), by_preference);
		json_array_clear(list);
		for (i = 0; i < n; i++)
			json_array_append_new(list, tmp[i]);
		free(tmp);
	}
	return ERR_OK;
}

static enum err
derive(struct site *s)
{
	const char	*slug, *st;
	json_t		*rec, **v = NULL, *o, *list;
	size_t		 n = 0, i, cap;

	cap = json_object_size(s->recs[KIND_PRACTICE]);
	if (cap && (v = calloc(cap, sizeof(*v))) == NULL)
		return ERR_NOMEM;
	json_object_foreach(s->recs[KIND_PRACTICE], slug, rec) {
		st = json_string_value(json_object_get(rec, "status"));
		if (st == NULL || strcmp(st, "published") == 0)
			v[n++] = rec;
	}
	qsort(v, n, sizeof(*v), by_year);
	for (i = 0; i < n; i++) {
		json_array_append(s->published, v[i]);
		json_array_foreach(json_object_get(v[i], "organisations"),
		    cap, o) {
			slug = json_string_value(o);
			if ((list = json_object_get(s->org_practices, slug))
			    == NULL) {
				list = json_array();
				json_object_set_new(s->org_practices, slug, list);
			}
			json_array_append(list, v[i]);
		}
	}
	free(v);
	return ERR_OK;
}

enum err
site_load(struct db *db, struct site **out, char **msg)
{
	struct site	*s;
	struct loading	 l;
	struct idx_ctx	*ctx = NULL;
	struct buf	 m = { 0 };
	size_t		 k, n;
	enum err	 e = ERR_NOMEM;

	*out = NULL;
	*msg = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return ERR_NOMEM;
	s->published = json_array();
	s->topics = json_array();
	s->org_practices = json_object();
	s->org_members = json_object();
	s->city_members = json_object();
	s->city_partners = json_object();
	s->city_practices = json_object();
	s->org_children = json_object();
	s->claims = json_object();
	s->cache = json_object();
	pthread_mutex_init(&s->cache_lock, NULL);
	if (s->cache == NULL || s->org_members == NULL || s->city_members == NULL ||
	    s->city_partners == NULL || s->city_practices == NULL ||
	    s->org_children == NULL || s->claims == NULL)
		goto out;
	for (k = 0; k < KIND__MAX; k++)
		if ((s->recs[k] = json_object()) == NULL)
			goto out;
	if (s->published == NULL || s->topics == NULL ||
	    s->org_practices == NULL)
		goto out;
	l.s = s;
	for (k = 0; k < KIND__MAX; k++) {
		l.k = (enum kind)k;
		if ((e = db_each(db, l.k, keep, &l)) != ERR_OK) {
			buf_printf(&m, "reading %s: %s", model_kinds[k].plural,
			    db_errmsg(db));
			goto out;
		}
	}
	if ((e = derive(s)) != ERR_OK || (e = relate(s)) != ERR_OK)
		goto out;
	e = ERR_NOMEM;
	if ((s->idx = idx_new()) == NULL || (ctx = idx_ctx_new()) == NULL)
		goto out;
	if ((e = idx_load(s->idx, ctx, db, &n)) != ERR_OK) {
		buf_printf(&m, "building the search index: %s", err_str(e));
		goto out;
	}
	idx_compact(s->idx);
	s->loaded = time(NULL);
	*out = s;
	s = NULL;
out:
	idx_ctx_free(ctx);
	site_free(s);
	if (m.len)
		*msg = buf_take(&m);
	buf_free(&m);
	return e;
}

void
site_free(struct site *s)
{
	size_t	 k;

	if (s == NULL)
		return;
	idx_free(s->idx);
	for (k = 0; k < KIND__MAX; k++)
		json_decref(s->recs[k]);
	json_decref(s->published);
	json_decref(s->topics);
	json_decref(s->org_practices);
	json_decref(s->org_members);
	json_decref(s->city_members);
	json_decref(s->city_partners);
	json_decref(s->city_practices);
	json_decref(s->org_children);
	json_decref(s->claims);
	json_decref(s->cache);
	pthread_mutex_destroy(&s->cache_lock);
	free(s);
}

/* Set once by serve --no-cache before any request. */
static atomic_int cache_off;

void
site_cache_off(void)
{
	atomic_store(&cache_off, 1);
}

int
site_cache_on(void)
{
	return !atomic_load(&cache_off);
}

const char *
site_cache_get(struct site *s, const char *key)
{
	const char	*v;

	if (atomic_load(&cache_off))
		return NULL;
	pthread_mutex_lock(&s->cache_lock);
	v = json_string_value(json_object_get(s->cache, key));
	pthread_mutex_unlock(&s->cache_lock);
	return v;
}

void
site_cache_put(struct site *s, const char *key, const char *v)
{
	size_t	 n = strlen(v);

	if (atomic_load(&cache_off))
		return;
	pthread_mutex_lock(&s->cache_lock);
	if (json_object_get(s->cache, key) == NULL &&
	    s->cachesz + n <= SITE_CACHE_MAX &&
	    json_object_set_new(s->cache, key, json_string(v)) == 0)
		s->cachesz += n;
	pthread_mutex_unlock(&s->cache_lock);
}

json_t *
site_get(const struct site *s, enum kind k, const char *slug)
{
	if (slug == NULL || (unsigned)k >= KIND__MAX)
		return NULL;
	return json_object_get(s->recs[k], slug);
}

static const char *
text_of(json_t *v)
{
	if (json_is_object(v))
		v = json_object_get(v, "text");
	return json_string_value(v);
}

const char *
site_text(json_t *i18n, enum text_lang lang, enum text_lang *got)
{
	static const enum text_lang order[] = {
		TEXT_EN, TEXT_CA, TEXT_ES, TEXT_FR, TEXT_IT,
	};
	const char	*t, *key;
	json_t		*v;
	size_t		 i;

	if (got != NULL)
		*got = lang;
	if (!json_is_object(i18n))
		return NULL;
	if ((unsigned)lang < TEXT_LANG__MAX &&
	    (t = text_of(json_object_get(i18n, text_lang_code(lang)))) != NULL)
		return t;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if ((t = text_of(json_object_get(i18n,
		    text_lang_code(order[i])))) != NULL) {
			if (got != NULL)
				*got = order[i];
			return t;
		}
	json_object_foreach(i18n, key, v)
		if ((t = text_of(v)) != NULL) {
			if (got != NULL)
				*got = TEXT_NOLANG;
			return t;
		}
	return NULL;
}

int
site_machine(json_t *i18n, enum text_lang lang)
{
	json_t		*v;
	const char	*o;

	if ((unsigned)lang >= TEXT_LANG__MAX)
		return 0;
	v = json_object_get(i18n, text_lang_code(lang));
	o = json_string_value(json_object_get(v, "origin"));
	return o != NULL && strcmp(o, "machine") == 0;
}

const char *
site_name(const struct site *s, enum kind k, const char *slug,
    enum text_lang lang)
{
	json_t		*rec = site_get(s, k, slug);
	const char	*t = NULL;

	if (rec == NULL)
		return slug;
	switch (k) {
	case KIND_COUNTRY:
		t = site_text(json_object_get(rec, "names"), lang, NULL);
		break;
	case KIND_TOPIC:
		t = site_text(json_object_get(rec, "label"), lang, NULL);
		break;
	case KIND_CITY:
		/* A city's own name unless the language has its own. */
		if ((unsigned)lang < TEXT_LANG__MAX)
			t = json_string_value(json_object_get(json_object_get(
			    rec, "names"), text_lang_code(lang)));
		if (t == NULL)
			t = json_string_value(json_object_get(rec, "name"));
		break;
	default:
		t = site_text(json_object_get(rec, "name"), lang, NULL);
		break;
	}
	return t ? t : slug;
}

size_t
site_party_cities(const struct site *s, json_t *p, const char *out[64])
{
	json_t		*v, *g, *c;
	const char	*city;
	size_t		 i, k, n = 0;

	json_array_foreach(json_object_get(p, "parties"), i, v) {
		if ((city = json_string_value(json_object_get(v, "city")))) {
			if (n < 64)
				out[n++] = city;
			continue;
		}
		g = site_get(s, KIND_GROUP, json_string_value(json_object_get(v,
		    "group")));
		json_array_foreach(json_object_get(g, "cities"), k, c)
			if (n < 64)
				out[n++] = json_string_value(c);
	}
	return n;
}

size_t
site_current_members(const struct site *s, const char *org)
{
	json_t		*m;
	size_t		 i, n = 0;
	char		 today[11];
	time_t		 t = time(NULL);
	struct tm	 tm;
	const char	*until;

	gmtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	json_array_foreach(json_object_get(s->org_members, org), i, m) {
		until = json_string_value(json_object_get(m, "until"));
		if (until == NULL || strcmp(until, today) > 0)
			n++;
	}
	return n;
}

int
site_member_of(const struct site *s, const char *city, const char *org)
{
	json_t	*m;
	size_t	 i;

	json_array_foreach(json_object_get(s->city_members, city), i, m)
		if (strcmp(json_string_value(json_object_get(m,
		    "organisation")), org) == 0)
			return 1;
	return 0;
}

const char *
site_facet_label(const struct site *s, enum idx_facet f, const char *v,
    enum text_lang lang)
{
	const char	*name;

	switch (f) {
	case FACET_TOPIC:
		return site_name(s, KIND_TOPIC, v, lang);
	case FACET_COUNTRY:
		return site_name(s, KIND_COUNTRY, v, lang);
	case FACET_CITY:
		return site_name(s, KIND_CITY, v, lang);
	case FACET_ORG:
		return site_name(s, KIND_ORG, v, lang);
	case FACET_LANG:
		name = i18n_name(text_lang(v));
		return name[0] ? name : v;
	default:
		return v;
	}
}

/* ---- per-thread search contexts ----------------------------------------- */

static pthread_key_t	 ctx_key;
static pthread_once_t	 ctx_once = PTHREAD_ONCE_INIT;

static void
ctx_free(void *p)
{
	idx_ctx_free(p);
}

static void
ctx_init(void)
{
	pthread_key_create(&ctx_key, ctx_free);
}

struct idx_ctx *
site_ctx(void)
{
	struct idx_ctx	*c;

	pthread_once(&ctx_once, ctx_init);
	if ((c = pthread_getspecific(ctx_key)) == NULL) {
		c = idx_ctx_new();
		pthread_setspecific(ctx_key, c);
	}
	return c;
}

/* ---- following the store's writes --------------------------------------- */

#define SITE_RETIRE_SECONDS	60

struct retired {
	struct site	*site;
	time_t		 at;	/* when it was swapped out */
};

struct site_watch {
	struct db		*db;
	long			 version;
	struct site *_Atomic	*slot;
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;
	int			 stop;		/* under lock */
	struct retired		 old[64];
	size_t			 oldsz;		/* entries used in old */
};

static void
retire(struct site_watch *w, struct site *s, time_t now)
{
	size_t	 i, k = 0;

	for (i = 0; i < w->oldsz; i++)
		if (now - w->old[i].at >= SITE_RETIRE_SECONDS)
			site_free(w->old[i].site);
		else
			w->old[k++] = w->old[i];
	w->oldsz = k;
	if (s == NULL)
		return;
	/* Writes faster than one a second for a minute: the oldest goes. */
	if (w->oldsz == sizeof(w->old) / sizeof(w->old[0])) {
		site_free(w->old[0].site);
		memmove(w->old, w->old + 1, --w->oldsz * sizeof(w->old[0]));
	}
	w->old[w->oldsz].site = s;
	w->old[w->oldsz++].at = now;
}

static void *
watch(void *arg)
{
	struct site_watch	*w = arg;
	struct site		*fresh, *prev;
	struct timespec		 until;
	char			*msg;
	long			 v;
	enum err		 e;

	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		if (pthread_cond_timedwait(&w->wake, &w->lock, &until) !=
		    ETIMEDOUT || w->stop)
			continue;
		pthread_mutex_unlock(&w->lock);
		retire(w, NULL, time(NULL));
		if (db_data_version(w->db, &v) == ERR_OK && v != w->version) {
			w->version = v;
			msg = NULL;
			if ((e = site_load(w->db, &fresh, &msg)) == ERR_OK) {
				prev = atomic_exchange(w->slot, fresh);
				retire(w, prev, time(NULL));
				fprintf(stderr, "intercity: the store changed; "
				    "pages now show %zu published practices\n",
				    json_array_size(fresh->published));
			} else
				fprintf(stderr, "intercity: the store changed "
				    "but could not be read again (%s); pages "
				    "show the previous state\n",
				    msg ? msg : err_str(e));
			free(msg);
		}
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct site_watch *
site_watch(struct db *db, long version, struct site *_Atomic *slot)
{
	struct site_watch	*w;

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		db_close(db);
		return NULL;
	}
	w->db = db;
	w->version = version;
	w->slot = slot;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, watch, w) != 0) {
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->wake);
		db_close(db);
		free(w);
		return NULL;
	}
	return w;
}

void
site_unwatch(struct site_watch *w)
{
	size_t	 i;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	for (i = 0; i < w->oldsz; i++)
		site_free(w->old[i].site);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	db_close(w->db);
	free(w);
}

/* db_sqlite.c - the store on SQLite: schema, migrations, records, revisions.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "db.h"

/* "ICTY": marks a file as an intercity store. */
#define DB_APPLICATION_ID	0x49435459

/* ---- schema and migrations --------------------------------------------- */

/*
 * migrations[v] takes a store from version v to v + 1. Never edit a released
 * step: add one. Tests open a store made at every earlier version.
 */
static const char *const migrations[DB_SCHEMA_VERSION] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE entity ("
	"  id      INTEGER PRIMARY KEY,"
	"  kind    TEXT NOT NULL CHECK (kind IN ('source', 'country', 'topic',"
	"          'city', 'group', 'organisation', 'membership', 'partnership',"
	"          'practice', 'collection', 'claim')),"
	"  slug    TEXT NOT NULL,"
	"  created TEXT NOT NULL,"
	"  updated TEXT NOT NULL,"
	"  UNIQUE (kind, slug));"
	"CREATE TABLE source ("
	"  id INTEGER PRIMARY KEY REFERENCES entity(id) ON DELETE CASCADE,"
	"  url TEXT NOT NULL, title TEXT NOT NULL, publisher TEXT,"
	"  language TEXT, published TEXT, accessed TEXT);"
	"CREATE TABLE country ("
	"  id INTEGER PRIMARY KEY REFERENCES entity(id) ON DELETE CASCADE,"
	"  code TEXT NOT NULL UNIQUE);"
	"CREATE TABLE topic ("
	"  id INTEGER PRIMARY KEY REFERENCES entity(id) ON DELETE CASCADE);"
	"CREATE TABLE city ("
	"  id INTEGER PRIMARY KEY REFERENCES entity(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  country INTEGER NOT NULL REFERENCES country(id),"
	"  region TEXT, lat REAL, lon REAL, population INTEGER,"
	"  population_year INTEGER, geonames_id INTEGER, wikidata_id TEXT);"
	"CREATE INDEX city_country ON city(country);"
	"CREATE INDEX city_wikidata ON city(wikidata_id)"
	"  WHERE wikidata_id IS NOT NULL;"
	"CREATE INDEX city_geonames ON city(geonames_id)"
	"  WHERE geonames_id IS NOT NULL;"
	"CREATE TABLE city_group ("
	"  id INTEGER PRIMARY KEY REFERENCES entity(id) ON DELETE CASCADE,"
	"  country INTEGER REFERENCES country(id));"
	"CREATE TABLE organisation ("
	"  id INTEGER PRIMARY KEY REFERENCES entity(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL, acronym TEXT, founded TEXT, dissolved TEXT,"
	"  headquarters INTEGER REFERENCES city(id), website TEXT, scope TEXT,"
	"  parent INTEGER REFERENCES organisation(id), wikidata_id TEXT,"
	"  source INTEGER REFERENCES source(id));"
	"CREATE TABLE membership ("
	"  id INTEGER PRIMARY KEY REFERENCES entity(id) ON DELETE CASCADE,"
	"  organisation INTEGER NOT NULL REFERENCES organisation(id),"
	"  city INTEGER NOT NULL REFERENCES city(id),"
	"  role TEXT NOT NULL, since TEXT, until TEXT,"
	"  source INTEGER REFERENCES source(id));"
	"CREATE INDEX membership_organisation ON membership(organisation);"
	"CREATE INDEX membership_city ON membership(city);"
	"CREATE TABLE partnership ("
	"  id INTEGER PRIMARY KEY REFERENCES entity(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL, since TEXT, until TEXT,"
	"  organisation INTEGER REFERENCES organisation(id),"
	"  source INTEGER REFERENCES source(id));"
	"CREATE TABLE party ("
	"  partnership INTEGER NOT NULL REFERENCES partnership(id)"
	"    ON DELETE CASCADE,"
	"  pos INTEGER NOT NULL,"
	"  city INTEGER REFERENCES city(id),"
	"  grp INTEGER REFERENCES city_group(id),"
	"  role TEXT,"
	"  PRIMARY KEY (partnership, pos),"
	"  CHECK ((city IS NULL) <> (grp IS NULL))) WITHOUT ROWID;"
	"CREATE INDEX party_city ON party(city);"
	"CREATE INDEX party_grp ON party(grp);"
	"CREATE TABLE practice ("
	"  id INTEGER PRIMARY KEY REFERENCES entity(id) ON DELETE CASCADE,"
	"  status TEXT NOT NULL,"
	"  city INTEGER NOT NULL REFERENCES city(id),"
	"  country INTEGER NOT NULL REFERENCES country(id),"
	"  year INTEGER NOT NULL, start TEXT, \"end\" TEXT, state TEXT,"
	"  verified TEXT, seeking_partners INTEGER NOT NULL DEFAULT 0,"
	"  contact TEXT, source_url TEXT);"
	"CREATE INDEX practice_city ON practice(city);"
	"CREATE INDEX practice_country ON practice(country);"
	"CREATE TABLE collection ("
	"  id INTEGER PRIMARY KEY REFERENCES entity(id) ON DELETE CASCADE);"
	"CREATE TABLE claim ("
	"  id INTEGER PRIMARY KEY REFERENCES entity(id) ON DELETE CASCADE,"
	"  subject INTEGER NOT NULL REFERENCES entity(id),"
	"  property TEXT NOT NULL, value TEXT NOT NULL, as_of TEXT,"
	"  source INTEGER REFERENCES source(id),"
	"  preferred INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX claim_subject ON claim(subject);"
	"CREATE TABLE translation ("
	"  entity INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,"
	"  field TEXT NOT NULL, lang TEXT NOT NULL, value TEXT NOT NULL,"
	"  origin TEXT NOT NULL CHECK (origin IN ('human', 'machine')),"
	"  PRIMARY KEY (entity, field, lang)) WITHOUT ROWID;"
	"CREATE TABLE link ("
	"  entity INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,"
	"  field TEXT NOT NULL, pos INTEGER NOT NULL,"
	"  target INTEGER NOT NULL REFERENCES entity(id),"
	"  PRIMARY KEY (entity, field, pos)) WITHOUT ROWID;"
	"CREATE INDEX link_target ON link(target);"
	"CREATE TABLE revision ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL, slug TEXT NOT NULL,"
	"  action TEXT NOT NULL CHECK (action IN ('update', 'delete')),"
	"  author TEXT NOT NULL, at TEXT NOT NULL, data TEXT NOT NULL);"
	"CREATE INDEX revision_record ON revision(kind, slug);",
};

/* ---- statements ------------------------------------------------------- */

enum stmt {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_SAVEPOINT,
	STMT_RELEASE,
	STMT_ROLLBACK_TO,
	STMT_ENTITY_FIND,
	STMT_ENTITY_INSERT,
	STMT_ENTITY_TOUCH,
	STMT_ENTITY_DELETE,
	STMT_ENTITY_LIST,
	STMT_ENTITY_COUNT,
	STMT_COUNTRY_FIND,
	STMT_CITY_COUNTRY,
	STMT_TR_DELETE,
	STMT_TR_INSERT,
	STMT_TR_GET,
	STMT_LINK_DELETE,
	STMT_LINK_INSERT,
	STMT_LINK_GET,
	STMT_PARTY_DELETE,
	STMT_PARTY_INSERT,
	STMT_PARTY_GET,
	STMT_REVISION_INSERT,
	STMT_REVISION_LIST,
	STMT_CLAIM_RIVAL,
	STMT_REFERRERS,
	STMT_DATA_VERSION,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_SAVEPOINT] = "SAVEPOINT put",
	[STMT_RELEASE] = "RELEASE put",
	[STMT_ROLLBACK_TO] = "ROLLBACK TO put",
	[STMT_ENTITY_FIND] = "SELECT id FROM entity WHERE kind = ?1 AND slug = ?2",
	[STMT_ENTITY_INSERT] = "INSERT INTO entity (kind, slug, created, updated)"
	    " VALUES (?1, ?2, ?3, ?4)",
	[STMT_ENTITY_TOUCH] = "UPDATE entity SET updated = ?2 WHERE id = ?1",
	[STMT_ENTITY_DELETE] = "DELETE FROM entity WHERE id = ?1",
	[STMT_ENTITY_LIST] = "SELECT id FROM entity WHERE kind = ?1"
	    " ORDER BY slug",
	[STMT_ENTITY_COUNT] = "SELECT count(*) FROM entity WHERE kind = ?1",
	[STMT_COUNTRY_FIND] = "SELECT id FROM country WHERE code = ?1",
	[STMT_CITY_COUNTRY] = "SELECT country FROM city WHERE id = ?1",
	[STMT_TR_DELETE] = "DELETE FROM translation WHERE entity = ?1",
	[STMT_TR_INSERT] = "INSERT INTO translation"
	    " (entity, field, lang, value, origin) VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_TR_GET] = "SELECT field, lang, value, origin FROM translation"
	    " WHERE entity = ?1 ORDER BY field, lang",
	[STMT_LINK_DELETE] = "DELETE FROM link WHERE entity = ?1",
	[STMT_LINK_INSERT] = "INSERT INTO link (entity, field, pos, target)"
	    " VALUES (?1, ?2, ?3, ?4)",
	[STMT_LINK_GET] = "SELECT l.field, e.slug FROM link l"
	    " JOIN entity e ON e.id = l.target WHERE l.entity = ?1"
	    " ORDER BY l.field, l.pos",
	[STMT_PARTY_DELETE] = "DELETE FROM party WHERE partnership = ?1",
	[STMT_PARTY_INSERT] = "INSERT INTO party (partnership, pos, city, grp,"
	    " role) VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_PARTY_GET] = "SELECT (SELECT slug FROM entity WHERE id = p.city),"
	    " (SELECT slug FROM entity WHERE id = p.grp), p.role FROM party p"
	    " WHERE p.partnership = ?1 ORDER BY p.pos",
	[STMT_REVISION_INSERT] = "INSERT INTO revision"
	    " (kind, slug, action, author, at, data)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[STMT_REVISION_LIST] = "SELECT id, action, author, at, data"
	    " FROM revision WHERE kind = ?1 AND slug = ?2 ORDER BY id",
	[STMT_CLAIM_RIVAL] = "SELECT e2.slug FROM entity e1"
	    " JOIN claim c1 ON c1.id = e1.id"
	    " JOIN claim c2 ON c2.subject = c1.subject"
	    "   AND c2.property = c1.property AND c2.preferred AND c2.id <> c1.id"
	    " JOIN entity e2 ON e2.id = c2.id"
	    " WHERE e1.kind = 'claim' AND e1.slug = ?1 ORDER BY e2.slug LIMIT 1",
	/* What refers to a record, for the message when it cannot go. */
	[STMT_DATA_VERSION] = "PRAGMA data_version",
	[STMT_REFERRERS] = "SELECT e.kind, count(*) FROM ("
	    "  SELECT entity AS id FROM link WHERE target = ?1"
	    "  UNION ALL SELECT partnership FROM party"
	    "    WHERE city = ?1 OR grp = ?1"
	    "  UNION ALL SELECT id FROM claim WHERE subject = ?1"
	    "  UNION ALL SELECT id FROM city WHERE country = ?1"
	    "  UNION ALL SELECT id FROM city_group WHERE country = ?1"
	    "  UNION ALL SELECT id FROM practice WHERE country = ?1 OR city = ?1"
	    "  UNION ALL SELECT id FROM organisation WHERE headquarters = ?1"
	    "    OR parent = ?1 OR source = ?1"
	    "  UNION ALL SELECT id FROM membership WHERE organisation = ?1"
	    "    OR city = ?1 OR source = ?1"
	    "  UNION ALL SELECT id FROM partnership WHERE organisation = ?1"
	    "    OR source = ?1"
	    "  UNION ALL SELECT id FROM claim WHERE source = ?1"
	    ") r JOIN entity e ON e.id = r.id GROUP BY e.kind ORDER BY e.kind",
};

/*
 * The per-kind statements are made from the model's field tables, so that a
 * field added to the model is stored, read and exported without a second list
 * to keep in step. Only compile-time names go into this SQL; values are bound.
 */
struct kindsql {
	sqlite3_stmt	*insert;	/* (id, columns...) */
	sqlite3_stmt	*update;	/* columns... where id */
	sqlite3_stmt	*get;		/* slug, created, updated, columns... */
	const struct field *cols[32];	/* fields stored as columns */
	size_t		 colsz;		/* entries used in cols[] */
};

struct db {
	sqlite3		*h;
	sqlite3_stmt	*s[STMT__MAX];
	struct kindsql	 k[KIND__MAX];
	int		 opened_version;
};

static int
is_column(const struct field *f)
{
	return f->type != FT_I18N && f->type != FT_REFS &&
	    f->type != FT_PARTIES;
}

static int
prepare_kind(struct db *db, enum kind k)
{
	const struct kinddef	*kd = &model_kinds[k];
	struct kindsql		*ks = &db->k[k];
	struct buf		 ins = { 0 }, vals = { 0 }, upd = { 0 },
				 get = { 0 };
	const struct field	*f;
	size_t			 i;
	int			 rc = SQLITE_NOMEM;

	buf_printf(&ins, "INSERT INTO \"%s\" (id", kd->table);
	buf_puts(&vals, "?1");
	buf_printf(&upd, "UPDATE \"%s\" SET ", kd->table);
	buf_puts(&get, "SELECT e.slug, e.created, e.updated");
	for (i = 0; i < kd->fieldsz; i++) {
		f = &kd->fields[i];
		if (!is_column(f))
			continue;
		if (ks->colsz == sizeof(ks->cols) / sizeof(ks->cols[0]))
			goto out;
		ks->cols[ks->colsz++] = f;
		buf_printf(&ins, ", \"%s\"", f->name);
		buf_printf(&vals, ", ?%zu", ks->colsz + 1);
		buf_printf(&upd, "%s\"%s\" = ?%zu", ks->colsz > 1 ? ", " : "",
		    f->name, ks->colsz + 1);
		switch (f->type) {
		case FT_COUNTRY:
			buf_printf(&get, ", (SELECT code FROM country"
			    " WHERE id = t.\"%s\")", f->name);
			break;
		case FT_REF:
			buf_printf(&get, ", (SELECT slug FROM entity"
			    " WHERE id = t.\"%s\")", f->name);
			break;
		case FT_SUBJECT:
			buf_printf(&get, ", (SELECT kind || '/' || slug FROM"
			    " entity WHERE id = t.\"%s\")", f->name);
			break;
		default:
			buf_printf(&get, ", t.\"%s\"", f->name);
			break;
		}
	}
	buf_printf(&ins, ") VALUES (%s)", vals.p);
	buf_puts(&upd, " WHERE id = ?1");
	buf_printf(&get, " FROM entity e JOIN \"%s\" t ON t.id = e.id"
	    " WHERE e.id = ?1", kd->table);
	if (ins.oom || upd.oom || get.oom || vals.oom)
		goto out;
	if ((rc = sqlite3_prepare_v3(db->h, ins.p, -1, SQLITE_PREPARE_PERSISTENT,
	    &ks->insert, NULL)) != SQLITE_OK)
		goto out;
	if (ks->colsz && (rc = sqlite3_prepare_v3(db->h, upd.p, -1,
	    SQLITE_PREPARE_PERSISTENT, &ks->update, NULL)) != SQLITE_OK)
		goto out;
	rc = sqlite3_prepare_v3(db->h, get.p, -1, SQLITE_PREPARE_PERSISTENT,
	    &ks->get, NULL);
out:
	buf_free(&ins);
	buf_free(&vals);
	buf_free(&upd);
	buf_free(&get);
	return rc;
}

/* ---- opening ------------------------------------------------------------ */

static int
exec(sqlite3 *h, const char *sql)
{
	return sqlite3_exec(h, sql, NULL, NULL, NULL);
}

static int
pragma_int(sqlite3 *h, const char *sql, int *out)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL)) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Brings the open handle from its version to "to", in one transaction. */
static int
migrate(sqlite3 *h, int from, int to)
{
	char	 sql[64];
	int	 v, rc;

	if (from >= to)
		return SQLITE_OK;
	if ((rc = exec(h, "BEGIN IMMEDIATE")) != SQLITE_OK)
		return rc;
	for (v = from; v < to; v++)
		if ((rc = exec(h, migrations[v])) != SQLITE_OK)
			goto fail;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", to);
	if ((rc = exec(h, sql)) != SQLITE_OK)
		goto fail;
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d",
	    DB_APPLICATION_ID);
	if ((rc = exec(h, sql)) != SQLITE_OK)
		goto fail;
	return exec(h, "COMMIT");
fail:
	exec(h, "ROLLBACK");
	return rc;
}

static sqlite3 *
open_handle(const char *path, char **msg)
{
	sqlite3	*h = NULL;
	int	 rc;

	rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		if (msg)
			*msg = h ? strdup(sqlite3_errmsg(h)) :
			    strdup(sqlite3_errstr(rc));
		sqlite3_close(h);
		return NULL;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, 5000);
	/*
	 * WAL lets readers (the web server's threads) go on while one writer
	 * imports; NORMAL sync is safe in WAL mode and much faster.
	 */
	if (exec(h, "PRAGMA foreign_keys = ON") != SQLITE_OK ||
	    exec(h, "PRAGMA journal_mode = WAL") != SQLITE_OK ||
	    exec(h, "PRAGMA synchronous = NORMAL") != SQLITE_OK) {
		if (msg)
			*msg = strdup(sqlite3_errmsg(h));
		sqlite3_close(h);
		return NULL;
	}
	return h;
}

struct db *
db_open(const char *path, char **msg)
{
	struct db	*db;
	int		 version = 0, appid = 0, ntables = 0, rc;
	size_t		 i;
	char		 b[256];

	if (msg)
		*msg = NULL;
	if ((db = calloc(1, sizeof(*db))) == NULL) {
		if (msg)
			*msg = strdup("out of memory");
		return NULL;
	}
	if ((db->h = open_handle(path, msg)) == NULL) {
		free(db);
		return NULL;
	}
	if ((rc = pragma_int(db->h, "PRAGMA user_version", &version)) ||
	    (rc = pragma_int(db->h, "PRAGMA application_id", &appid)) ||
	    (rc = pragma_int(db->h, "SELECT count(*) FROM sqlite_schema",
	    &ntables))) {
		snprintf(b, sizeof(b), "cannot read %s: %s", path,
		    sqlite3_errmsg(db->h));
		goto fail;
	}
	if (ntables > 0 && appid != DB_APPLICATION_ID) {
		snprintf(b, sizeof(b), "%s is an SQLite file, but not an "
		    "intercity store", path);
		goto fail;
	}
	if (version > DB_SCHEMA_VERSION) {
		snprintf(b, sizeof(b), "%s has schema version %d, newer than "
		    "this intercity knows (%d): use a newer intercity", path,
		    version, DB_SCHEMA_VERSION);
		goto fail;
	}
	db->opened_version = version;
	if ((rc = migrate(db->h, version, DB_SCHEMA_VERSION)) != SQLITE_OK) {
		snprintf(b, sizeof(b), "cannot migrate %s from version %d: %s",
		    path, version, sqlite3_errmsg(db->h));
		goto fail;
	}
	for (i = 0; i < STMT__MAX; i++)
		if (sqlite3_prepare_v3(db->h, stmts[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &db->s[i], NULL) != SQLITE_OK) {
			snprintf(b, sizeof(b), "cannot prepare statement %zu: "
			    "%s", i, sqlite3_errmsg(db->h));
			goto fail;
		}
	for (i = 0; i < KIND__MAX; i++)
		if (prepare_kind(db, (enum kind)i) != SQLITE_OK) {
			snprintf(b, sizeof(b), "cannot prepare the %s "
			    "statements: %s", model_kinds[i].name,
			    sqlite3_errmsg(db->h));
			goto fail;
		}
	return db;
fail:
	if (msg && *msg == NULL)
		*msg = strdup(b);
	db_close(db);
	return NULL;
}

void
db_close(struct db *db)
{
	size_t	 i;

	if (db == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(db->s[i]);
	for (i = 0; i < KIND__MAX; i++) {
		sqlite3_finalize(db->k[i].insert);
		sqlite3_finalize(db->k[i].update);
		sqlite3_finalize(db->k[i].get);
	}
	sqlite3_close(db->h);
	free(db);
}

int
db_opened_version(const struct db *db)
{
	return db->opened_version;
}

const char *
db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->h);
}

enum err
db_create_at_version(const char *path, int version)
{
	sqlite3	*h;
	int	 rc;

	if (version < 0 || version > DB_SCHEMA_VERSION)
		return ERR_INVALID;
	if ((h = open_handle(path, NULL)) == NULL)
		return ERR_DB;
	rc = migrate(h, 0, version);
	sqlite3_close(h);
	return rc == SQLITE_OK ? ERR_OK : ERR_DB;
}

/* ---- statement helpers ------------------------------------------------- */

static sqlite3_stmt *
S(struct db *db, enum stmt i)
{
	sqlite3_reset(db->s[i]);
	sqlite3_clear_bindings(db->s[i]);
	return db->s[i];
}

static enum err
run(struct db *db, enum stmt i)
{
	int	 rc = sqlite3_step(S(db, i));

	sqlite3_reset(db->s[i]);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? ERR_OK : ERR_DB;
}

static enum err
done(sqlite3_stmt *st)
{
	int	 rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return ERR_OK;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? ERR_CONFLICT : ERR_DB;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

enum err
db_begin(struct db *db)
{
	return run(db, STMT_BEGIN);
}

enum err
db_commit(struct db *db)
{
	return run(db, STMT_COMMIT);
}

enum err
db_rollback(struct db *db)
{
	return run(db, STMT_ROLLBACK);
}

/* Finds a record's id; ERR_NOTFOUND when there is none. */
static enum err
find(struct db *db, enum kind k, const char *slug, sqlite3_int64 *id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (k == KIND_COUNTRY) {
		char	 code[3] = { 0 };

		/* Countries are referred to by upper-case code. */
		if (strlen(slug) == 2) {
			code[0] = (char)(slug[0] >= 'a' && slug[0] <= 'z' ?
			    slug[0] - 32 : slug[0]);
			code[1] = (char)(slug[1] >= 'a' && slug[1] <= 'z' ?
			    slug[1] - 32 : slug[1]);
		}
		st = S(db, STMT_COUNTRY_FIND);
		sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	} else {
		st = S(db, STMT_ENTITY_FIND);
		bind_text(st, 1, model_kinds[k].name);
		bind_text(st, 2, slug);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ERR_OK;
	return rc == SQLITE_DONE ? ERR_NOTFOUND : ERR_DB;
}

/* Resolves a reference, or says in the problem which one is unknown. */
static enum err
resolve(struct db *db, enum kind k, const char *slug, const char *path,
    sqlite3_int64 *id, struct problem *pb)
{
	enum err	 e;

	if ((e = find(db, k, slug, id)) == ERR_NOTFOUND)
		return problem_set(pb, path, "unknown %s \"%s\": no %s has "
		    "this %s, in the store or earlier in this import",
		    model_kinds[k].name, slug, model_kinds[k].name,
		    k == KIND_COUNTRY ? "code" : "slug");
	return e;
}

/* ---- reading a record -------------------------------------------------- */

static json_t *
column_json(sqlite3_stmt *st, int i, const struct field *f)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return NULL;
	case SQLITE_INTEGER:
		if (f->type == FT_BOOL)
			return sqlite3_column_int(st, i) ? json_true() : NULL;
		if (f->type == FT_REAL)
			return json_real(sqlite3_column_double(st, i));
		return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(st, i));
	default:
		return json_string((const char *)sqlite3_column_text(st, i));
	}
}

/* Builds the canonical record for an entity id. */
static enum err
get_by_id(struct db *db, enum kind k, sqlite3_int64 id, json_t **out)
{
	const struct kinddef	*kd = &model_kinds[k];
	struct kindsql		*ks = &db->k[k];
	json_t			*rec = NULL, *tr = NULL, *ln = NULL,
				*parties = NULL, *v, *o;
	sqlite3_stmt		*st;
	const char		*field;
	enum err		 e = ERR_NOMEM;
	size_t			 i, c;
	int			 rc;

	*out = NULL;
	if ((rec = json_object()) == NULL || (tr = json_object()) == NULL ||
	    (ln = json_object()) == NULL)
		goto out;

	/* Translations and links, grouped by field. */
	st = S(db, STMT_TR_GET);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		field = (const char *)sqlite3_column_text(st, 0);
		if ((o = json_object_get(tr, field)) == NULL &&
		    (json_object_set_new(tr, field, o = json_object()) || !o))
			goto out;
		if (strcmp((const char *)sqlite3_column_text(st, 3),
		    "machine") == 0)
			v = json_pack("{s:s,s:s}", "text",
			    (const char *)sqlite3_column_text(st, 2),
			    "origin", "machine");
		else
			v = json_string((const char *)sqlite3_column_text(st,
			    2));
		if (v == NULL || json_object_set_new(o,
		    (const char *)sqlite3_column_text(st, 1), v))
			goto out;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		e = ERR_DB;
		goto out;
	}
	st = S(db, STMT_LINK_GET);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		field = (const char *)sqlite3_column_text(st, 0);
		if ((o = json_object_get(ln, field)) == NULL &&
		    (json_object_set_new(ln, field, o = json_array()) || !o))
			goto out;
		if (json_array_append_new(o, json_string(
		    (const char *)sqlite3_column_text(st, 1))))
			goto out;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		e = ERR_DB;
		goto out;
	}

	st = ks->get;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		e = rc == SQLITE_DONE ? ERR_NOTFOUND : ERR_DB;
		goto out;
	}
	if (k != KIND_COUNTRY && json_object_set_new(rec, "slug",
	    json_string((const char *)sqlite3_column_text(st, 0))))
		goto out;
	for (i = c = 0; i < kd->fieldsz; i++) {
		const struct field *f = &kd->fields[i];

		v = NULL;
		if (is_column(f)) {
			v = column_json(st, 3 + (int)c++, f);
		} else if (f->type == FT_I18N) {
			if ((v = json_object_get(tr, f->name)) != NULL)
				json_incref(v);
		} else if (f->type == FT_REFS) {
			if ((v = json_object_get(ln, f->name)) != NULL)
				json_incref(v);
		} else if (f->type == FT_PARTIES) {
			sqlite3_stmt *ps = S(db, STMT_PARTY_GET);

			if ((parties = json_array()) == NULL)
				goto out;
			sqlite3_bind_int64(ps, 1, id);
			while (sqlite3_step(ps) == SQLITE_ROW) {
				json_t	*p = json_object();
				int	 isgrp = sqlite3_column_type(ps, 0) ==
				    SQLITE_NULL;

				if (p == NULL || json_array_append_new(parties,
				    p) || json_object_set_new(p,
				    isgrp ? "group" : "city", json_string(
				    (const char *)sqlite3_column_text(ps,
				    isgrp ? 1 : 0))))
					goto out;
				if (sqlite3_column_type(ps, 2) != SQLITE_NULL &&
				    json_object_set_new(p, "role", json_string(
				    (const char *)sqlite3_column_text(ps, 2))))
					goto out;
			}
			sqlite3_reset(ps);
			v = parties;
			parties = NULL;
		}
		if (v != NULL && json_object_set_new(rec, f->name, v))
			goto out;
	}
	if (json_object_set_new(rec, "created",
	    json_string((const char *)sqlite3_column_text(st, 1))) ||
	    json_object_set_new(rec, "updated",
	    json_string((const char *)sqlite3_column_text(st, 2))))
		goto out;
	sqlite3_reset(st);
	*out = rec;
	rec = NULL;
	e = ERR_OK;
out:
	json_decref(rec);
	json_decref(tr);
	json_decref(ln);
	json_decref(parties);
	return e;
}

enum err
db_get(struct db *db, enum kind k, const char *slug, json_t **out)
{
	sqlite3_int64	 id;
	enum err	 e;

	*out = NULL;
	if ((e = find(db, k, slug, &id)) != ERR_OK)
		return e;
	return get_by_id(db, k, id, out);
}

/* ---- writing a record -------------------------------------------------- */

/* Binds the kind's columns from the record, resolving references. */
static enum err
bind_columns(struct db *db, enum kind k, sqlite3_stmt *st, json_t *rec,
    struct problem *pb)
{
	struct kindsql	*ks = &db->k[k];
	sqlite3_int64	 id;
	json_t		*v;
	enum err	 e;
	size_t		 i;
	int		 p;

	for (i = 0; i < ks->colsz; i++) {
		const struct field *f = ks->cols[i];

		p = (int)i + 2;
		v = json_object_get(rec, f->name);
		if (v == NULL) {
			if (f->type == FT_ENUM && f->def)
				bind_text(st, p, f->def);
			else if (f->type == FT_BOOL)
				sqlite3_bind_int(st, p, 0);
			else if (k == KIND_PRACTICE &&
			    strcmp(f->name, "country") == 0) {
				/* A practice is in its city's country. */
				sqlite3_stmt *cs;

				if ((e = resolve(db, KIND_CITY,
				    json_string_value(json_object_get(rec,
				    "city")), "city", &id, pb)) != ERR_OK)
					return e;
				cs = S(db, STMT_CITY_COUNTRY);
				sqlite3_bind_int64(cs, 1, id);
				if (sqlite3_step(cs) == SQLITE_ROW)
					sqlite3_bind_int64(st, p,
					    sqlite3_column_int64(cs, 0));
				sqlite3_reset(cs);
			} else
				sqlite3_bind_null(st, p);
			continue;
		}
		switch (f->type) {
		case FT_INT:
			sqlite3_bind_int64(st, p, json_integer_value(v));
			break;
		case FT_REAL:
			sqlite3_bind_double(st, p, json_number_value(v));
			break;
		case FT_BOOL:
			sqlite3_bind_int(st, p, json_is_true(v));
			break;
		case FT_COUNTRY:
		case FT_REF:
			if ((e = resolve(db, f->type == FT_COUNTRY ?
			    KIND_COUNTRY : f->ref, json_string_value(v),
			    f->name, &id, pb)) != ERR_OK)
				return e;
			sqlite3_bind_int64(st, p, id);
			break;
		case FT_SUBJECT: {
			const char	*s = json_string_value(v);
			const char	*slash = strchr(s, '/');
			char		 kname[32];
			enum kind	 sk;

			snprintf(kname, sizeof(kname), "%.*s",
			    (int)(slash - s), s);
			sk = model_kind_by_name(kname);
			if ((e = resolve(db, sk, slash + 1, f->name, &id,
			    pb)) != ERR_OK)
				return e;
			sqlite3_bind_int64(st, p, id);
			break;
		}
		default:
			bind_text(st, p, json_string_value(v));
			break;
		}
	}
	return ERR_OK;
}

/* Writes translations, links and parties of a record, all anew. */
static enum err
put_children(struct db *db, enum kind k, sqlite3_int64 id, json_t *rec,
    struct problem *pb)
{
	const struct kinddef	*kd = &model_kinds[k];
	sqlite3_stmt		*st;
	sqlite3_int64		 tid;
	const char		*lang;
	json_t			*v, *t, *o;
	char			 path[160];
	enum err		 e;
	size_t			 i, j;

	st = S(db, STMT_TR_DELETE);
	sqlite3_bind_int64(st, 1, id);
	if ((e = done(st)) != ERR_OK)
		return e;
	st = S(db, STMT_LINK_DELETE);
	sqlite3_bind_int64(st, 1, id);
	if ((e = done(st)) != ERR_OK)
		return e;
	if (k == KIND_PARTNERSHIP) {
		st = S(db, STMT_PARTY_DELETE);
		sqlite3_bind_int64(st, 1, id);
		if ((e = done(st)) != ERR_OK)
			return e;
	}

	for (i = 0; i < kd->fieldsz; i++) {
		const struct field *f = &kd->fields[i];

		if ((v = json_object_get(rec, f->name)) == NULL)
			continue;
		switch (f->type) {
		case FT_I18N:
			json_object_foreach(v, lang, t) {
				const char *origin = "human";

				if (json_is_object(t)) {
					o = json_object_get(t, "origin");
					if (o)
						origin = json_string_value(o);
					t = json_object_get(t, "text");
				}
				st = S(db, STMT_TR_INSERT);
				sqlite3_bind_int64(st, 1, id);
				bind_text(st, 2, f->name);
				bind_text(st, 3, lang);
				bind_text(st, 4, json_string_value(t));
				bind_text(st, 5, origin);
				if ((e = done(st)) != ERR_OK)
					return e;
			}
			break;
		case FT_REFS:
			json_array_foreach(v, j, t) {
				snprintf(path, sizeof(path), "%s[%zu]",
				    f->name, j);
				if ((e = resolve(db, f->ref,
				    json_string_value(t), path, &tid, pb)) !=
				    ERR_OK)
					return e;
				st = S(db, STMT_LINK_INSERT);
				sqlite3_bind_int64(st, 1, id);
				bind_text(st, 2, f->name);
				sqlite3_bind_int64(st, 3, (sqlite3_int64)j);
				sqlite3_bind_int64(st, 4, tid);
				if ((e = done(st)) != ERR_OK)
					return e;
			}
			break;
		case FT_PARTIES:
			json_array_foreach(v, j, t) {
				int	 grp = json_object_get(t, "group") != NULL;

				snprintf(path, sizeof(path), "%s[%zu].%s",
				    f->name, j, grp ? "group" : "city");
				if ((e = resolve(db, grp ? KIND_GROUP :
				    KIND_CITY, json_string_value(json_object_get(
				    t, grp ? "group" : "city")), path, &tid,
				    pb)) != ERR_OK)
					return e;
				st = S(db, STMT_PARTY_INSERT);
				sqlite3_bind_int64(st, 1, id);
				sqlite3_bind_int64(st, 2, (sqlite3_int64)j);
				if (grp)
					sqlite3_bind_int64(st, 4, tid);
				else
					sqlite3_bind_int64(st, 3, tid);
				if ((o = json_object_get(t, "role")) != NULL)
					bind_text(st, 5, json_string_value(o));
				if ((e = done(st)) != ERR_OK)
					return e;
			}
			break;
		default:
			break;
		}
	}
	return ERR_OK;
}

static enum err
revision_add(struct db *db, enum kind k, const char *slug,
    const char *action, const char *author, json_t *old)
{
	sqlite3_stmt	*st;
	char		 now[21], *data;
	enum err	 e;

	if ((data = json_dumps(old, JSON_COMPACT)) == NULL)
		return ERR_NOMEM;
	model_stamp_now(now);
	st = S(db, STMT_REVISION_INSERT);
	bind_text(st, 1, model_kinds[k].name);
	bind_text(st, 2, slug);
	bind_text(st, 3, action);
	bind_text(st, 4, author);
	bind_text(st, 5, now);
	bind_text(st, 6, data);
	e = done(st);
	free(data);
	return e;
}

/* Equal apart from the timestamps. */
static int
same_content(json_t *a, json_t *b)
{
	json_t	*x = json_copy(a), *y = json_copy(b);
	int	 eq;

	if (x == NULL || y == NULL) {
		json_decref(x);
		json_decref(y);
		return 0;
	}
	json_object_del(x, "created");
	json_object_del(x, "updated");
	json_object_del(y, "created");
	json_object_del(y, "updated");
	eq = json_equal(x, y);
	json_decref(x);
	json_decref(y);
	return eq;
}

enum err
db_put(struct db *db, enum kind k, json_t *rec, const char *author,
    enum db_put_result *res, struct problem *pb)
{
	struct kindsql	*ks = &db->k[k];
	sqlite3_stmt	*st;
	sqlite3_int64	 id;
	json_t		*old = NULL, *new = NULL;
	const char	*slug, *created, *updated;
	char		 now[21], code[3];
	enum err	 e, found;

	problem_clear(pb);
	if ((slug = model_slug(k, rec, code)) == NULL)
		return problem_set(pb, "slug", "is missing");
	model_stamp_now(now);
	found = find(db, k, slug, &id);
	if (found != ERR_OK && found != ERR_NOTFOUND)
		return found;
	if ((e = run(db, STMT_SAVEPOINT)) != ERR_OK)
		return e;

	if (found == ERR_OK) {
		if ((e = get_by_id(db, k, id, &old)) != ERR_OK)
			goto fail;
		st = S(db, STMT_ENTITY_TOUCH);
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, now);
		if ((e = done(st)) != ERR_OK)
			goto fail;
		if (ks->update != NULL) {
			sqlite3_reset(ks->update);
			sqlite3_clear_bindings(ks->update);
			sqlite3_bind_int64(ks->update, 1, id);
			if ((e = bind_columns(db, k, ks->update, rec, pb)) !=
			    ERR_OK || (e = done(ks->update)) != ERR_OK)
				goto fail;
		}
	} else {
		created = json_string_value(json_object_get(rec, "created"));
		updated = json_string_value(json_object_get(rec, "updated"));
		if (created == NULL)
			created = now;
		if (updated == NULL)
			updated = created;
		st = S(db, STMT_ENTITY_INSERT);
		bind_text(st, 1, model_kinds[k].name);
		bind_text(st, 2, slug);
		bind_text(st, 3, created);
		bind_text(st, 4, updated);
		if ((e = done(st)) != ERR_OK)
			goto fail;
		id = sqlite3_last_insert_rowid(db->h);
		sqlite3_reset(ks->insert);
		sqlite3_clear_bindings(ks->insert);
		sqlite3_bind_int64(ks->insert, 1, id);
		if ((e = bind_columns(db, k, ks->insert, rec, pb)) != ERR_OK ||
		    (e = done(ks->insert)) != ERR_OK)
			goto fail;
	}
	if ((e = put_children(db, k, id, rec, pb)) != ERR_OK)
		goto fail;

	if (old == NULL)
		*res = DB_CREATED;
	else {
		/*
		 * Compare what is stored now with what was: an import of the
		 * same data must change nothing, not even "updated".
		 */
		if ((e = get_by_id(db, k, id, &new)) != ERR_OK)
			goto fail;
		if (same_content(old, new)) {
			*res = DB_UNCHANGED;
			run(db, STMT_ROLLBACK_TO);
		} else {
			*res = DB_UPDATED;
			if ((e = revision_add(db, k, slug, "update", author,
			    old)) != ERR_OK)
				goto fail;
		}
	}
	e = run(db, STMT_RELEASE);
	json_decref(old);
	json_decref(new);
	return e;
fail:
	if (e == ERR_CONFLICT && pb->msg == NULL)
		problem_set(pb, NULL, "breaks a rule of the store: %s",
		    sqlite3_errmsg(db->h));
	else if (e == ERR_DB && pb->msg == NULL)
		problem_set(pb, NULL, "the store failed: %s",
		    sqlite3_errmsg(db->h));
	run(db, STMT_ROLLBACK_TO);
	run(db, STMT_RELEASE);
	json_decref(old);
	json_decref(new);
	return e == ERR_CONFLICT ? ERR_INVALID : e;
}

enum err
db_delete(struct db *db, enum kind k, const char *slug, const char *author,
    struct problem *pb)
{
	sqlite3_stmt	*st;
	sqlite3_int64	 id;
	json_t		*old = NULL;
	enum err	 e;

	problem_clear(pb);
	if ((e = find(db, k, slug, &id)) != ERR_OK) {
		if (e == ERR_NOTFOUND)
			problem_set(pb, NULL, "there is no %s \"%s\"",
			    model_kinds[k].name, slug);
		return e;
	}
	if ((e = get_by_id(db, k, id, &old)) != ERR_OK)
		return e;
	if ((e = run(db, STMT_SAVEPOINT)) != ERR_OK)
		goto out;
	if ((e = revision_add(db, k, slug, "delete", author, old)) != ERR_OK)
		goto undo;
	st = S(db, STMT_ENTITY_DELETE);
	sqlite3_bind_int64(st, 1, id);
	if ((e = done(st)) == ERR_CONFLICT) {
		struct buf	 b = { 0 };

		st = S(db, STMT_REFERRERS);
		sqlite3_bind_int64(st, 1, id);
		while (sqlite3_step(st) == SQLITE_ROW)
			buf_printf(&b, "%s%lld %s", b.len ? ", " : "",
			    (long long)sqlite3_column_int64(st, 1),
			    sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		problem_set(pb, NULL, "%s \"%s\" is still referred to by "
		    "other records (%s); change or delete those first",
		    model_kinds[k].name, slug, b.p ? b.p : "unknown");
		buf_free(&b);
		goto undo;
	}
	if (e != ERR_OK)
		goto undo;
	e = run(db, STMT_RELEASE);
	goto out;
undo:
	run(db, STMT_ROLLBACK_TO);
	run(db, STMT_RELEASE);
out:
	json_decref(old);
	return e;
}

/* ---- walking ------------------------------------------------------------ */

enum err
db_each(struct db *db, enum kind k, int (*cb)(json_t *, void *), void *arg)
{
	sqlite3_stmt	*st;
	json_t		*rec;
	enum err	 e = ERR_OK;
	int		 rc, stop = 0;

	st = S(db, STMT_ENTITY_LIST);
	bind_text(st, 1, model_kinds[k].name);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((e = get_by_id(db, k, sqlite3_column_int64(st, 0), &rec)) !=
		    ERR_OK)
			break;
		stop = cb(rec, arg);
		json_decref(rec);
	}
	if (e == ERR_OK && !stop && rc != SQLITE_DONE)
		e = ERR_DB;
	sqlite3_reset(st);
	return e;
}

enum err
db_count(struct db *db, enum kind k, long *n)
{
	sqlite3_stmt	*st = S(db, STMT_ENTITY_COUNT);
	int		 rc;

	bind_text(st, 1, model_kinds[k].name);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ERR_OK : ERR_DB;
}

enum err
db_data_version(struct db *db, long *v)
{
	sqlite3_stmt	*st = S(db, STMT_DATA_VERSION);
	int		 rc;

	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*v = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ERR_OK : ERR_DB;
}

enum err
db_history(struct db *db, enum kind k, const char *slug,
    int (*cb)(const struct db_revision *, void *), void *arg)
{
	sqlite3_stmt		*st = S(db, STMT_REVISION_LIST);
	struct db_revision	 r;
	int			 rc;

	bind_text(st, 1, model_kinds[k].name);
	bind_text(st, 2, slug);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.id = (long)sqlite3_column_int64(st, 0);
		r.action = (const char *)sqlite3_column_text(st, 1);
		r.author = (const char *)sqlite3_column_text(st, 2);
		r.at = (const char *)sqlite3_column_text(st, 3);
		r.data = (const char *)sqlite3_column_text(st, 4);
		if (cb(&r, arg))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ERR_OK : ERR_DB;
}

enum err
db_claim_rival(struct db *db, const char *slug, char **rival)
{
	sqlite3_stmt	*st = S(db, STMT_CLAIM_RIVAL);
	enum err	 e = ERR_OK;
	int		 rc;

	*rival = NULL;
	bind_text(st, 1, slug);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((*rival = strdup((const char *)sqlite3_column_text(st,
		    0))) == NULL)
			e = ERR_NOMEM;
	} else if (rc != SQLITE_DONE)
		e = ERR_DB;
	sqlite3_reset(st);
	return e;
}

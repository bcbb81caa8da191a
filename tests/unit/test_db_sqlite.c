/* test_db_sqlite.c - the SQLite store: pragmas, put/get, revisions, deletes,
 * references and migrations from every earlier schema version.
 * SPDX-License-Identifier: MIT */
#include "testutil.h"

#include <sqlite3.h>

#include "db.h"
#include "model.h"

struct fx {
	char		*dir;
	char		*path;
	struct db	*db;
};

static int
setup(void **state)
{
	struct fx	*fx = calloc(1, sizeof(*fx));
	char		*msg = NULL;

	fx->dir = tu_tmpdir();
	fx->path = tu_path(fx->dir, "t.db");
	fx->db = db_open(fx->path, &msg);
	if (fx->db == NULL)
		fail_msg("db_open: %s", msg);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	db_close(fx->db);
	free(fx->path);
	tu_rmdir(fx->dir);
	free(fx);
	return 0;
}

/* Checks and stores a record given as JSON text; returns the result. */
static enum err
put(struct db *db, enum kind k, const char *text, enum db_put_result *res,
    struct problem *pb)
{
	json_t			*rec = tu_json(text);
	enum db_put_result	 r;
	enum err		 e;

	if ((e = model_check(k, rec, pb)) == ERR_OK)
		e = db_put(db, k, rec, "tester", res ? res : &r, pb);
	json_decref(rec);
	return e;
}

static void
must_put(struct db *db, enum kind k, const char *text)
{
	struct problem	 pb = { 0 };

	if (put(db, k, text, NULL, &pb) != ERR_OK)
		fail_msg("put %s: %s: %s", text, pb.path ? pb.path : "",
		    pb.msg ? pb.msg : "?");
	problem_clear(&pb);
}

static void
base(struct db *db)
{
	must_put(db, KIND_COUNTRY, "{\"code\":\"ES\",\"names\":{\"ca\":\"Espanya\","
	    "\"en\":\"Spain\"}}");
	must_put(db, KIND_COUNTRY, "{\"code\":\"CU\",\"names\":{\"en\":\"Cuba\"}}");
	must_put(db, KIND_CITY, "{\"slug\":\"barcelona\",\"name\":\"Barcelona\","
	    "\"country\":\"ES\",\"population\":1636193}");
	must_put(db, KIND_CITY, "{\"slug\":\"havana\",\"name\":\"La Habana\","
	    "\"names\":{\"ca\":\"L'Havana\",\"en\":\"Havana\"},\"country\":\"CU\"}");
}

static int
sql_int(const char *path, const char *sql)
{
	sqlite3		*h;
	sqlite3_stmt	*st;
	int		 v = -1;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static char *
sql_text(const char *path, const char *sql)
{
	sqlite3		*h;
	sqlite3_stmt	*st;
	char		*v = NULL;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static void
file_settings(void **state)
{
	struct fx	*fx = *state;
	char		*mode;

	mode = sql_text(fx->path, "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	free(mode);
	assert_int_equal(sql_int(fx->path, "PRAGMA user_version"),
	    DB_SCHEMA_VERSION);
	assert_int_equal(sql_int(fx->path, "PRAGMA application_id"),
	    0x49435459);
	assert_int_equal(db_opened_version(fx->db), 0);
}

static void
put_get_roundtrip(void **state)
{
	struct fx	*fx = *state;
	json_t		*rec;
	char		*s;

	base(fx->db);
	assert_int_equal(db_get(fx->db, KIND_CITY, "havana", &rec), ERR_OK);
	json_object_del(rec, "created");
	json_object_del(rec, "updated");
	s = json_dumps(rec, JSON_COMPACT);
	/* Canonical: slug first, fields in descriptor order, langs sorted. */
	assert_string_equal(s, "{\"slug\":\"havana\",\"name\":\"La Habana\","
	    "\"names\":{\"ca\":\"L'Havana\",\"en\":\"Havana\"},\"country\":\"CU\"}");
	free(s);
	json_decref(rec);
	assert_int_equal(db_get(fx->db, KIND_CITY, "nowhere", &rec),
	    ERR_NOTFOUND);
	assert_null(rec);
	assert_int_equal(db_get(fx->db, KIND_COUNTRY, "es", &rec), ERR_OK);
	assert_string_equal(json_string_value(json_object_get(rec, "code")),
	    "ES");
	assert_null(json_object_get(rec, "slug"));
	json_decref(rec);
}

static int
count_revisions(const struct db_revision *r, void *arg)
{
	json_t	**last = arg;

	json_decref(*last);
	*last = json_loads(r->data, 0, NULL);
	assert_non_null(*last);
	return 0;
}

static void
revisions(void **state)
{
	struct fx		*fx = *state;
	enum db_put_result	 res;
	struct problem		 pb = { 0 };
	json_t			*old = NULL, *cur;
	char			*before, *after;
	long			 n;

	base(fx->db);
	before = sql_text(fx->path, "SELECT updated FROM entity WHERE "
	    "slug = 'barcelona'");

	/* The same record again: nothing changes, no revision. */
	assert_int_equal(put(fx->db, KIND_CITY, "{\"slug\":\"barcelona\","
	    "\"name\":\"Barcelona\",\"country\":\"ES\",\"population\":1636193}",
	    &res, &pb), ERR_OK);
	assert_int_equal(res, DB_UNCHANGED);
	after = sql_text(fx->path, "SELECT updated FROM entity WHERE "
	    "slug = 'barcelona'");
	assert_string_equal(before, after);
	free(after);
	assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM revision"), 0);

	/* A change keeps the previous version. */
	assert_int_equal(put(fx->db, KIND_CITY, "{\"slug\":\"barcelona\","
	    "\"name\":\"Barcelona\",\"country\":\"ES\",\"population\":1700000,"
	    "\"names\":{\"fr\":\"Barcelone\"}}", &res, &pb), ERR_OK);
	assert_int_equal(res, DB_UPDATED);
	assert_int_equal(db_history(fx->db, KIND_CITY, "barcelona",
	    count_revisions, &old), ERR_OK);
	assert_non_null(old);
	assert_int_equal(json_integer_value(json_object_get(old, "population")),
	    1636193);
	assert_null(json_object_get(old, "names"));
	json_decref(old);
	assert_int_equal(db_get(fx->db, KIND_CITY, "barcelona", &cur), ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(cur, "population")),
	    1700000);
	/* created is kept; updated moves on only on a real change. */
	assert_string_equal(json_string_value(json_object_get(cur, "created")),
	    before);
	json_decref(cur);
	free(before);

	/* Delete keeps the last version too. */
	assert_int_equal(db_delete(fx->db, KIND_CITY, "havana", "tester", &pb),
	    ERR_OK);
	assert_int_equal(db_count(fx->db, KIND_CITY, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM revision "
	    "WHERE action = 'delete' AND slug = 'havana' AND data LIKE "
	    "'%L''Havana%'"), 1);
	/* Translations went with it. */
	assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM translation "
	    "WHERE value = 'L''Havana'"), 0);
	problem_clear(&pb);
}

static void
references(void **state)
{
	struct fx	*fx = *state;
	struct problem	 pb = { 0 };
	json_t		*rec;

	base(fx->db);
	assert_int_equal(put(fx->db, KIND_CITY, "{\"slug\":\"x\",\"name\":\"X\","
	    "\"country\":\"ZZ\"}", NULL, &pb), ERR_INVALID);
	assert_string_equal(pb.path, "country");
	assert_non_null(strstr(pb.msg, "unknown country \"ZZ\""));

	must_put(fx->db, KIND_TOPIC, "{\"slug\":\"education\",\"label\":"
	    "{\"en\":\"Education\"}}");
	must_put(fx->db, KIND_ORG, "{\"slug\":\"rcn\",\"kind\":\"network\","
	    "\"name\":{\"en\":\"Rainbow Cities Network\"},\"founded\":\"2011\","
	    "\"founders\":[\"barcelona\"],\"topics\":[\"education\"]}");
	assert_int_equal(put(fx->db, KIND_ORG, "{\"slug\":\"o2\",\"kind\":"
	    "\"network\",\"name\":{\"en\":\"O\"},\"topics\":[\"education\","
	    "\"nope\"]}", NULL, &pb), ERR_INVALID);
	assert_string_equal(pb.path, "topics[1]");
	assert_non_null(strstr(pb.msg, "unknown topic \"nope\""));
	/* The failed record left nothing behind. */
	assert_int_equal(db_get(fx->db, KIND_ORG, "o2", &rec), ERR_NOTFOUND);

	/* Parties: a city and a group; unknown group is located. */
	must_put(fx->db, KIND_GROUP, "{\"slug\":\"palestinian-cities\","
	    "\"name\":{\"en\":\"Palestinian cities\"}}");
	must_put(fx->db, KIND_PARTNERSHIP, "{\"slug\":\"bcn-pal\",\"kind\":"
	    "\"cooperation\",\"parties\":[{\"city\":\"barcelona\"},{\"group\":"
	    "\"palestinian-cities\"},{\"city\":\"havana\",\"role\":\"partner\"}]}");
	assert_int_equal(db_get(fx->db, KIND_PARTNERSHIP, "bcn-pal", &rec),
	    ERR_OK);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(rec, "parties"), 1), "group")), "palestinian-cities");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(rec, "parties"), 2), "role")), "partner");
	json_decref(rec);
	assert_int_equal(put(fx->db, KIND_PARTNERSHIP, "{\"slug\":\"p2\",\"kind\":"
	    "\"cooperation\",\"parties\":[{\"city\":\"barcelona\"},{\"group\":"
	    "\"nope\"}]}", NULL, &pb), ERR_INVALID);
	assert_string_equal(pb.path, "parties[1].group");

	/* A referenced record cannot go, and the message says why. */
	assert_int_equal(db_delete(fx->db, KIND_CITY, "barcelona", "t", &pb),
	    ERR_CONFLICT);
	assert_non_null(strstr(pb.msg, "still referred to"));
	assert_non_null(strstr(pb.msg, "partnership"));
	assert_non_null(strstr(pb.msg, "organisation"));
	assert_int_equal(db_get(fx->db, KIND_CITY, "barcelona", &rec), ERR_OK);
	json_decref(rec);
	assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM revision"), 0);

	/* Practices default to their city's country. */
	must_put(fx->db, KIND_PRACTICE, "{\"slug\":\"p\",\"city\":\"havana\","
	    "\"year\":2018,\"title\":{\"en\":\"T\"}}");
	assert_int_equal(db_get(fx->db, KIND_PRACTICE, "p", &rec), ERR_OK);
	assert_string_equal(json_string_value(json_object_get(rec, "country")),
	    "CU");
	assert_string_equal(json_string_value(json_object_get(rec, "status")),
	    "published");
	json_decref(rec);
	problem_clear(&pb);
}

static void
claims_preferred(void **state)
{
	struct fx	*fx = *state;
	char		*rival = NULL;

	base(fx->db);
	must_put(fx->db, KIND_ORG, "{\"slug\":\"rcn\",\"kind\":\"network\","
	    "\"name\":{\"en\":\"RCN\"}}");
	must_put(fx->db, KIND_CLAIM, "{\"slug\":\"c1\",\"subject\":"
	    "\"organisation/rcn\",\"property\":\"founded\",\"value\":\"2011\","
	    "\"preferred\":true}");
	must_put(fx->db, KIND_CLAIM, "{\"slug\":\"c2\",\"subject\":"
	    "\"organisation/rcn\",\"property\":\"founded\",\"value\":\"2013\"}");
	assert_int_equal(db_claim_rival(fx->db, "c1", &rival), ERR_OK);
	assert_null(rival);
	must_put(fx->db, KIND_CLAIM, "{\"slug\":\"c2\",\"subject\":"
	    "\"organisation/rcn\",\"property\":\"founded\",\"value\":\"2013\","
	    "\"preferred\":true}");
	assert_int_equal(db_claim_rival(fx->db, "c2", &rival), ERR_OK);
	assert_string_equal(rival, "c1");
	free(rival);
	/* Another property of the same subject is no rival. */
	must_put(fx->db, KIND_CLAIM, "{\"slug\":\"c3\",\"subject\":"
	    "\"organisation/rcn\",\"property\":\"member_count\","
	    "\"value\":\"32\",\"preferred\":true}");
	assert_int_equal(db_claim_rival(fx->db, "c3", &rival), ERR_OK);
	assert_null(rival);
}

static void
transactions(void **state)
{
	struct fx	*fx = *state;
	struct problem	 pb = { 0 };
	long		 n;

	base(fx->db);
	assert_int_equal(db_begin(fx->db), ERR_OK);
	must_put(fx->db, KIND_CITY, "{\"slug\":\"maputo\",\"name\":\"Maputo\","
	    "\"country\":\"ES\"}");
	/* A failing record inside the transaction does not end it. */
	assert_int_equal(put(fx->db, KIND_CITY, "{\"slug\":\"y\",\"name\":\"Y\","
	    "\"country\":\"ZZ\"}", NULL, &pb), ERR_INVALID);
	assert_int_equal(db_count(fx->db, KIND_CITY, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(db_rollback(fx->db), ERR_OK);
	assert_int_equal(db_count(fx->db, KIND_CITY, &n), ERR_OK);
	assert_int_equal(n, 2);
	problem_clear(&pb);
}

/* The schema as sqlite_schema lists it, for comparing two stores. */
static char *
schema_of(const char *path)
{
	return sql_text(path, "SELECT group_concat(type || ' ' || name || ': ' "
	    "|| coalesce(sql, ''), char(10)) FROM (SELECT * FROM sqlite_schema "
	    "ORDER BY type, name)");
}

static void
migrations(void **state)
{
	struct fx	*fx = *state;
	char		*fresh = schema_of(fx->path), *old, *migrated, *msg;
	struct db	*db;
	int		 v;

	/* From every earlier version, opening brings the store up to date. */
	for (v = 0; v < DB_SCHEMA_VERSION; v++) {
		char	 name[32];

		snprintf(name, sizeof(name), "v%d.db", v);
		old = tu_path(fx->dir, name);
		assert_int_equal(db_create_at_version(old, v), ERR_OK);
		assert_int_equal(sql_int(old, "PRAGMA user_version"), v);
		db = db_open(old, &msg);
		assert_non_null(db);
		assert_int_equal(db_opened_version(db), v);
		base(db);
		db_close(db);
		migrated = schema_of(old);
		assert_string_equal(migrated, fresh);
		free(migrated);
		free(old);
	}
	free(fresh);
}

static void
refuses_foreign_files(void **state)
{
	struct fx	*fx = *state;
	char		*p = tu_path(fx->dir, "other.db"), *msg = NULL;
	sqlite3		*h;

	assert_int_equal(sqlite3_open(p, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE t(x)", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);
	assert_null(db_open(p, &msg));
	assert_non_null(strstr(msg, "not an intercity store"));
	free(msg);

	/* A newer schema is not touched. */
	assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_null(db_open(fx->path, &msg));
	assert_non_null(strstr(msg, "newer"));
	free(msg);
	assert_int_equal(sql_int(fx->path, "PRAGMA user_version"), 99);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(file_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(put_get_roundtrip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(revisions, setup, teardown),
		cmocka_unit_test_setup_teardown(references, setup, teardown),
		cmocka_unit_test_setup_teardown(claims_preferred, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(migrations, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_foreign_files, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_io.c - import and export: locating errors, CSV, round trips,
 * all-or-nothing imports.
 * SPDX-License-Identifier: MIT */
#include "testutil.h"

#include "db.h"
#include "io.h"

struct fx {
	char		*dir;
	struct db	*db;
};

static int
setup(void **state)
{
	struct fx	*fx = calloc(1, sizeof(*fx));
	char		*p, *msg = NULL;

	fx->dir = tu_tmpdir();
	p = tu_path(fx->dir, "t.db");
	fx->db = db_open(p, &msg);
	if (fx->db == NULL)
		fail_msg("db_open: %s", msg);
	free(p);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	db_close(fx->db);
	tu_rmdir(fx->dir);
	free(fx);
	return 0;
}

static const struct io_import_opts quiet = { IO_AUTO, 0, 0, "test", NULL };

/* Imports files; returns the result and fills the report. */
static enum err
import(struct db *db, struct io_report *rep, const struct io_import_opts *o,
    size_t n, ...)
{
	char	*files[8];
	va_list	 ap;
	size_t	 i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		files[i] = va_arg(ap, char *);
	va_end(ap);
	return io_import(db, files, n, o ? o : &quiet, rep);
}

static void
base(struct fx *fx)
{
	struct io_report	 rep;
	char			*c = tu_path(tu_datadir(), "countries.json");
	char			*t = tu_path(tu_datadir(), "topics.json");

	assert_int_equal(import(fx->db, &rep, NULL, 2, c, t), ERR_OK);
	assert_int_equal(rep.count[KIND_COUNTRY][DB_CREATED], 250);
	assert_int_equal(rep.count[KIND_TOPIC][DB_CREATED], 22);
	io_report_free(&rep);
	free(c);
	free(t);
}

static char *
export_json(struct db *db)
{
	char	*s = NULL;
	size_t	 n = 0;
	FILE	*f = open_memstream(&s, &n);

	assert_int_equal(io_export_json(db, f), ERR_OK);
	fclose(f);
	return s;
}

static void
json_lines(void **state)
{
	const char *doc =
	    "{\n"
	    "  \"format\": \"intercity\",\n"
	    "  \"cities\": [\n"
	    "    {\"slug\": \"a\"},\n"
	    "    {\n"
	    "      \"slug\": \"b\",\n"
	    "      \"names\": {\"ca\": \"x\",\n"
	    "                \"en\": \"y\"}\n"
	    "    }\n"
	    "  ],\n"
	    "  \"partnerships\": [{\"parties\": [{\"city\": \"a\"},\n"
	    "     {\"group\": \"g\"}]}]\n"
	    "}\n";
	size_t n = strlen(doc);

	(void)state;
	assert_int_equal(io_json_line(doc, n, "cities", 0, NULL), 4);
	assert_int_equal(io_json_line(doc, n, "cities", 1, NULL), 5);
	assert_int_equal(io_json_line(doc, n, "cities", 1, "slug"), 6);
	assert_int_equal(io_json_line(doc, n, "cities", 1, "names.en"), 8);
	assert_int_equal(io_json_line(doc, n, "partnerships", 0,
	    "parties[1].group"), 12);
	/* Unknown parts fall back to the deepest known place. */
	assert_int_equal(io_json_line(doc, n, "cities", 1, "nope"), 5);
	assert_int_equal(io_json_line(doc, n, "cities", 9, NULL), 3);
	assert_int_equal(io_json_line(doc, n, "nope", 0, NULL), 1);
}

static void
csv_columns(void **state)
{
	char	*c;

	(void)state;
	c = io_csv_column("title.en");
	assert_string_equal(c, "title:en");
	free(c);
	c = io_csv_column("title.en.text");
	assert_string_equal(c, "title:en");
	free(c);
	c = io_csv_column("topics[2]");
	assert_string_equal(c, "topics");
	free(c);
	c = io_csv_column("year");
	assert_string_equal(c, "year");
	free(c);
}

static void
csv_writer(void **state)
{
	char	*s = NULL;
	size_t	 n = 0;
	FILE	*f = open_memstream(&s, &n);

	(void)state;
	io_csv_field(f, "plain");
	fputc('|', f);
	io_csv_field(f, "a,b");
	fputc('|', f);
	io_csv_field(f, "say \"hi\"");
	fputc('|', f);
	io_csv_field(f, "two\nlines");
	fputc('|', f);
	io_csv_field(f, " padded");
	fclose(f);
	assert_string_equal(s, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|"
	    "\" padded\"");
	free(s);
}

static void
demo_roundtrip(void **state)
{
	struct fx		*fx = *state;
	struct io_report	 rep;
	struct db		*db2;
	char			*demo = tu_path(tu_datadir(), "demo/demo.json");
	char			*e1, *e2, *f1, *p2, *msg = NULL;

	base(fx);
	assert_int_equal(import(fx->db, &rep, NULL, 1, demo), ERR_OK);
	assert_int_equal(rep.count[KIND_CITY][DB_CREATED], 13);
	assert_int_equal(rep.count[KIND_PRACTICE][DB_CREATED], 1);
	io_report_free(&rep);

	/* export -> import into an empty store -> export: the same bytes. */
	e1 = export_json(fx->db);
	f1 = tu_path(fx->dir, "e1.json");
	tu_write(f1, e1);
	p2 = tu_path(fx->dir, "second.db");
	db2 = db_open(p2, &msg);
	assert_non_null(db2);
	assert_int_equal(import(db2, &rep, NULL, 1, f1), ERR_OK);
	io_report_free(&rep);
	e2 = export_json(db2);
	assert_string_equal(e1, e2);
	free(e2);

	/* Importing the export again changes nothing. */
	assert_int_equal(import(db2, &rep, NULL, 1, f1), ERR_OK);
	for (size_t k = 0; k < KIND__MAX; k++) {
		assert_int_equal(rep.count[k][DB_CREATED], 0);
		assert_int_equal(rep.count[k][DB_UPDATED], 0);
	}
	io_report_free(&rep);
	e2 = export_json(db2);
	assert_string_equal(e1, e2);
	free(e2);

	/* The demo facts are there as written. */
	assert_non_null(strstr(e1, "\"founded\": \"2016-06-28\""));
	assert_non_null(strstr(e1, "\"as_of\": \"2017-11-01\""));
	assert_non_null(strstr(e1, "col·laboració") ? e1 : strstr(e1, "·"));

	db_close(db2);
	free(e1);
	free(f1);
	free(p2);
	free(demo);
}

static void
csv_import(void **state)
{
	struct fx		*fx = *state;
	struct io_report	 rep;
	char			*demo = tu_path(tu_datadir(), "demo/demo.json");
	char			*csv = tu_path(fx->dir, "p.csv");
	json_t			*rec;

	base(fx);
	assert_int_equal(import(fx->db, &rep, NULL, 1, demo), ERR_OK);
	io_report_free(&rep);
	tu_write(csv, "\xef\xbb\xbfslug,city,year,topics,title:ca,title:en,"
	    "body:en,seeking_partners,machine_translated\r\n"
	    "bcn-test,barcelona,2020,education; roma,\"Prova, amb coma\","
	    "Test,\"Two\nlines with \"\"quotes\"\"\",yes,ca\r\n"
	    "\r\n"
	    "hav-test,havana,2021,,,Havana test,,,\r\n");
	assert_int_equal(import(fx->db, &rep, NULL, 1, csv), ERR_OK);
	assert_int_equal(rep.count[KIND_PRACTICE][DB_CREATED], 2);
	io_report_free(&rep);
	assert_int_equal(db_get(fx->db, KIND_PRACTICE, "bcn-test", &rec),
	    ERR_OK);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_object_get(rec, "title"), "ca"), "text")), "Prova, amb coma");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_object_get(rec, "title"), "ca"), "origin")), "machine");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    rec, "body"), "en")), "Two\nlines with \"quotes\"");
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    rec, "topics"), 1)), "roma");
	assert_true(json_is_true(json_object_get(rec, "seeking_partners")));
	assert_string_equal(json_string_value(json_object_get(rec, "country")),
	    "ES");
	json_decref(rec);
	free(csv);
	free(demo);
}

/* Every error case leaves the store exactly as it was. */
static void
expect_error(struct fx *fx, const char *name, const char *content,
    const char *want1, const char *want2)
{
	struct io_report	 rep;
	char			*path = tu_path(fx->dir, name);
	char			*before = export_json(fx->db), *after, *line;
	size_t			 n = 0;
	FILE			*f;

	tu_write(path, content);
	assert_int_equal(import(fx->db, &rep, NULL, 1, path), ERR_INVALID);
	assert_true(rep.nerrors >= 1);
	f = open_memstream(&line, &n);
	io_error_print(f, &rep.errors[0]);
	fclose(f);
	if (strstr(line, want1) == NULL || (want2 && !strstr(line, want2)))
		fail_msg("%s: error \"%s\" lacks \"%s\" / \"%s\"", name, line,
		    want1, want2 ? want2 : "");
	free(line);
	io_report_free(&rep);
	after = export_json(fx->db);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(path);
}

static void
errors_are_located(void **state)
{
	struct fx	*fx = *state;

	base(fx);
	expect_error(fx, "a.json", "{\"cities\": [\n"
	    "  {\"slug\": \"ok\", \"name\": \"Ok\", \"country\": \"ES\"},\n"
	    "  {\"slug\": \"bad\",\n   \"name\": \"Bad\",\n"
	    "   \"country\": \"ZZ\"}\n]}\n",
	    "a.json:5: $.cities[1].country: unknown country \"ZZ\"", NULL);
	expect_error(fx, "b.json", "{\"cities\": [\n"
	    "  {\"slug\": \"x\", \"name\": \"X\", \"country\": \"ES\"},\n"
	    "  {\"slug\": \"x\", \"name\": \"Y\", \"country\": \"ES\"}]}",
	    "b.json:3: $.cities[1].slug: duplicate slug \"x\"", "b.json:2");
	expect_error(fx, "c.json", "{\"cities\": [\n  {\"slug\": \"x\",",
	    "c.json:2:", NULL);
	expect_error(fx, "d.json", "", "d.json: the file is empty", NULL);
	expect_error(fx, "e.json", "{\"citys\": []}",
	    "e.json:1: $.citys: unknown key in the document", NULL);
	expect_error(fx, "f.json", "{\"cities\": [], \"cities\": []}",
	    "f.json:1:", "duplicate");
	expect_error(fx, "g.json", "{\"cities\": [{\"slug\": \"x\", \"name\": "
	    "\"\xff\", \"country\": \"ES\"}]}", "g.json:1:", "not valid UTF-8");
	expect_error(fx, "h.csv", "slug,city,year,title:en\nx,barcelona,20x,T\n",
	    "h.csv:2: column \"year\": \"20x\" is not a whole number", NULL);
	expect_error(fx, "i.csv", "slug,year,title:en\nx,2020,T\n",
	    "h", "no \"city\" column");
	expect_error(fx, "j.csv", "slug,city,year,title:en\nx,bar\"celona,2020,T\n",
	    "j.csv:2:2: a quote inside unquoted field 2", NULL);
	expect_error(fx, "k.csv", "slug,city,year,title:en\n\"x,barcelona,2020,T\n",
	    "k.csv:2:1: a quoted field is never closed", NULL);
	expect_error(fx, "l.csv", "slug,city,year,title:en\nx,nowhere,2020,T\n",
	    "l.csv:2: column \"city\": unknown city \"nowhere\"", NULL);
	expect_error(fx, "m.csv", "slug,city,year,title:en,colour\n",
	    "unknown column \"colour\"", NULL);
	expect_error(fx, "n.csv", "", "n.csv: the file is empty", NULL);
	expect_error(fx, "o.csv", "slug,city,year,title:en\nx,barcelona,2020\n",
	    "o.csv:2: the row has 3 fields but the header has 4", NULL);
}

static void
all_or_nothing(void **state)
{
	struct fx		*fx = *state;
	struct io_report	 rep;
	struct io_import_opts	 dry = { IO_AUTO, 1, 0, "test", NULL };
	char			*good = tu_path(fx->dir, "good.json");
	char			*bad = tu_path(fx->dir, "bad.json");
	long			 n;

	base(fx);
	tu_write(good, "{\"cities\": [{\"slug\": \"g1\", \"name\": \"G\", "
	    "\"country\": \"ES\"}, {\"slug\": \"g2\", \"name\": \"H\", "
	    "\"country\": \"FR\"}]}");
	tu_write(bad, "{\"memberships\": [{\"organisation\": \"nope\", "
	    "\"city\": \"g1\"}]}");
	/* The good file is not stored when the other one fails. */
	assert_int_equal(import(fx->db, &rep, NULL, 2, good, bad), ERR_INVALID);
	assert_non_null(strstr(rep.errors[0].msg, "unknown organisation"));
	io_report_free(&rep);
	assert_int_equal(db_count(fx->db, KIND_CITY, &n), ERR_OK);
	assert_int_equal(n, 0);

	/* A dry run counts and stores nothing. */
	assert_int_equal(import(fx->db, &rep, &dry, 1, good), ERR_OK);
	assert_int_equal(rep.count[KIND_CITY][DB_CREATED], 2);
	io_report_free(&rep);
	assert_int_equal(db_count(fx->db, KIND_CITY, &n), ERR_OK);
	assert_int_equal(n, 0);

	/* A missing file is an I/O error naming it. */
	assert_int_equal(import(fx->db, &rep, NULL, 1, "/nonexistent/x.json"),
	    ERR_IO);
	assert_string_equal(rep.errors[0].file, "/nonexistent/x.json");
	io_report_free(&rep);
	free(good);
	free(bad);
}

static void
parents_first(void **state)
{
	struct fx		*fx = *state;
	struct io_report	 rep;
	char			*p = tu_path(fx->dir, "orgs.json");

	base(fx);
	/* The child comes first in the file; the import orders them. */
	tu_write(p, "{\"organisations\": ["
	    "{\"slug\": \"child\", \"kind\": \"project\", \"name\": {\"en\": \"C\"},"
	    " \"parent\": \"mid\"},"
	    "{\"slug\": \"mid\", \"kind\": \"programme\", \"name\": {\"en\": \"M\"},"
	    " \"parent\": \"top\"},"
	    "{\"slug\": \"top\", \"kind\": \"network\", \"name\": {\"en\": \"T\"}}]}");
	assert_int_equal(import(fx->db, &rep, NULL, 1, p), ERR_OK);
	assert_int_equal(rep.count[KIND_ORG][DB_CREATED], 3);
	io_report_free(&rep);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_lines),
		cmocka_unit_test(csv_columns),
		cmocka_unit_test(csv_writer),
		cmocka_unit_test_setup_teardown(demo_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(csv_import, setup, teardown),
		cmocka_unit_test_setup_teardown(errors_are_located, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(parents_first, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

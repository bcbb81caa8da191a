/* test_i18n.c - catalogues, plurals, numbers, dates and language
 * negotiation in i18n.c. The .mo files are compiled by msgfmt from small .po
 * files at test time; damaged ones are crafted byte by byte.
 * SPDX-License-Identifier: MIT */
#include "testutil.h"

#include <limits.h>
#include <sys/stat.h>

#include "i18n.h"

static const char *const langs[TEXT_LANG__MAX] = {
	"ca", "en", "es", "fr", "it",
};

static const char *const plural_forms[TEXT_LANG__MAX] = {
	"nplurals=2; plural=(n != 1);",
	"nplurals=2; plural=(n != 1);",
	"nplurals=2; plural=(n != 1);",
	"nplurals=2; plural=(n > 1);",
	"nplurals=2; plural=(n != 1);",
};

/* Per language: "Search", "%d practice(s)" singular and plural, "City"
 * (left untranslated: msgfmt leaves it out of the .mo). */
static const char *const tr[TEXT_LANG__MAX][3] = {
	{ "Cerca", "%d pràctica", "%d pràctiques" },
	{ "Find", "%d practice", "%d practices" },
	{ "Buscar", "%d práctica", "%d prácticas" },
	{ "Rechercher", "%d pratique", "%d pratiques" },
	{ "Cerca", "%d pratica", "%d pratiche" },
};

static char	*dir;

static void
write_po(const char *d, size_t l)
{
	char	 text[2048], *po = NULL, *mo = NULL, name[16], cmd[4096];

	snprintf(text, sizeof(text),
	    "msgid \"\"\n"
	    "msgstr \"\"\n"
	    "\"Project-Id-Version: intercity test\\n\"\n"
	    "\"PO-Revision-Date: 2026-01-01 00:00+0000\\n\"\n"
	    "\"Last-Translator: test\\n\"\n"
	    "\"Language-Team: test\\n\"\n"
	    "\"Language: %s\\n\"\n"
	    "\"MIME-Version: 1.0\\n\"\n"
	    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	    "\"Content-Transfer-Encoding: 8bit\\n\"\n"
	    "\"Plural-Forms: %s\\n\"\n"
	    "\n"
	    "msgid \"Search\"\n"
	    "msgstr \"%s\"\n"
	    "\n"
	    "msgid \"%%d practice\"\n"
	    "msgid_plural \"%%d practices\"\n"
	    "msgstr[0] \"%s\"\n"
	    "msgstr[1] \"%s\"\n"
	    "\n"
	    "msgid \"City\"\n"
	    "msgstr \"\"\n"
	    "\n"
	    "msgid \"Quote \\\"%%s\\\"\"\n"
	    "msgstr \"«%%s» (%s)\"\n",
	    langs[l], plural_forms[l], tr[l][0], tr[l][1], tr[l][2], langs[l]);
	snprintf(name, sizeof(name), "%s.po", langs[l]);
	po = tu_path(d, name);
	snprintf(name, sizeof(name), "%s.mo", langs[l]);
	mo = tu_path(d, name);
	tu_write(po, text);
	snprintf(cmd, sizeof(cmd), "msgfmt --check -o '%s' '%s'", mo, po);
	if (system(cmd) != 0)
		fail_msg("msgfmt failed: %s", cmd);
	free(po);
	free(mo);
}

/* A fresh directory with a copy of the five catalogues compiled once by
 * setup (msgfmt is too slow to run for every case). */
static char *
make_catalogues(void)
{
	char	*d = tu_tmpdir(), cmd[4096];

	snprintf(cmd, sizeof(cmd), "cp '%s'/*.mo '%s'/", dir, d);
	if (system(cmd) != 0)
		fail_msg("%s failed", cmd);
	return d;
}

static int
setup(void **state)
{
	size_t	 l;

	(void)state;
	dir = tu_tmpdir();
	for (l = 0; l < TEXT_LANG__MAX; l++)
		write_po(dir, l);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	i18n_free();
	tu_rmdir(dir);
	return 0;
}

/* After each test, so that a failed one leaves no catalogue behind. */
static int
unload(void **state)
{
	(void)state;
	i18n_free();
	return 0;
}

static void
load_ok(const char *d)
{
	char	*msg = NULL;
	enum err e = i18n_load(d, &msg);

	if (e != ERR_OK)
		fail_msg("i18n_load(%s): %d %s", d, e, msg ? msg : "");
	assert_null(msg);
}

/* ---- reading and writing .mo files ------------------------------------ */

static void
read_all(const char *path, unsigned char **p, size_t *n)
{
	FILE	*f = fopen(path, "rb");
	long	 len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	*p = malloc((size_t)len);
	assert_non_null(*p);
	assert_int_equal(fread(*p, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
}

static void
write_bytes(const char *path, const void *p, size_t n)
{
	FILE	*f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static uint32_t
get32(const unsigned char *p, size_t off)
{
	uint32_t	 v;

	memcpy(&v, p + off, 4);
	return v;
}

static void
put32(unsigned char *p, size_t off, uint32_t v)
{
	memcpy(p + off, &v, 4);
}

/* A string literal and its length without the final NUL, NULs inside kept. */
#define S(s)	(s), sizeof(s) - 1
#define HEADER	S("Content-Type: text/plain; charset=UTF-8\n")

struct mo_entry {
	const char	*orig;		/* may hold NULs (plural forms) */
	size_t		 origlen;	/* bytes, without the final NUL */
	const char	*trans;
	size_t		 translen;
};

/* A .mo file of the given entries (sorted by the caller), with no hash
 * table, the way a minimal msgfmt would lay it out. */
static void
write_mo(const char *path, const struct mo_entry *e, size_t n)
{
	unsigned char	 out[4096];
	size_t		 i, at = 28 + 16 * n;

	memset(out, 0, sizeof(out));
	put32(out, 0, 0x950412deU);
	put32(out, 4, 0);
	put32(out, 8, (uint32_t)n);
	put32(out, 12, 28);
	put32(out, 16, (uint32_t)(28 + 8 * n));
	for (i = 0; i < n; i++) {
		put32(out, 28 + 8 * i, (uint32_t)e[i].origlen);
		put32(out, 28 + 8 * i + 4, (uint32_t)at);
		memcpy(out + at, e[i].orig, e[i].origlen);
		at += e[i].origlen + 1;
	}
	for (i = 0; i < n; i++) {
		put32(out, 28 + 8 * n + 8 * i, (uint32_t)e[i].translen);
		put32(out, 28 + 8 * n + 8 * i + 4, (uint32_t)at);
		memcpy(out + at, e[i].trans, e[i].translen);
		at += e[i].translen + 1;
	}
	assert_true(at <= sizeof(out));
	write_bytes(path, out, at);
}

/* ---- catalogues ----------------------------------------------------- */

static void
messages(void **state)
{
	size_t	 l;

	(void)state;
	load_ok(dir);
	for (l = 0; l < TEXT_LANG__MAX; l++) {
		assert_string_equal(i18n_get((enum text_lang)l, "Search"),
		    tr[l][0]);
		/* Not translated: the msgid itself, the same pointer. */
		assert_string_equal(i18n_get((enum text_lang)l, "City"),
		    "City");
		assert_string_equal(i18n_get((enum text_lang)l, "Nowhere"),
		    "Nowhere");
		/* Before and after every entry in sort order. */
		assert_string_equal(i18n_get((enum text_lang)l, "AAA"), "AAA");
		assert_string_equal(i18n_get((enum text_lang)l, "zzz"), "zzz");
		/* A prefix of a msgid is another msgid. */
		assert_string_equal(i18n_get((enum text_lang)l, "Sea"), "Sea");
	}
	assert_string_equal(i18n_get(TEXT_FR, "Quote \"%s\""), "«%s» (fr)");
	assert_string_equal(i18n_get(TEXT_CA, "Quote \"%s\""), "«%s» (ca)");
	/* A language outside the five: the msgid. */
	assert_string_equal(i18n_get(TEXT_NOLANG, "Search"), "Search");
	assert_string_equal(i18n_nget(TEXT_NOLANG, "%d practice",
	    "%d practices", 2), "%d practices");
	assert_string_equal(i18n_name(TEXT_CA), "català");
	assert_string_equal(i18n_name(TEXT_NOLANG), "");
	i18n_free();
	/* Nothing loaded: every message is its msgid. */
	assert_string_equal(i18n_get(TEXT_FR, "Search"), "Search");
	assert_string_equal(i18n_nget(TEXT_FR, "%d practice",
	    "%d practices", 5), "%d practices");
}

static void
plurals(void **state)
{
	static const unsigned long ns[] = { 0, 1, 2, 5, 21, 1000000 };
	size_t		 l, i;
	unsigned long	 n;
	int		 many;

	(void)state;
	load_ok(dir);
	for (l = 0; l < TEXT_LANG__MAX; l++)
		for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
			n = ns[i];
			many = l == TEXT_FR ? n > 1 : n != 1;
			assert_string_equal(i18n_nget((enum text_lang)l,
			    "%d practice", "%d practices", n),
			    tr[l][many ? 2 : 1]);
		}
	/* French: zero is singular; the others: plural. */
	assert_string_equal(i18n_nget(TEXT_FR, "%d practice", "%d practices",
	    0), "%d pratique");
	assert_string_equal(i18n_nget(TEXT_ES, "%d practice", "%d practices",
	    0), "%d prácticas");
	/* T() on a plural entry gives the singular. */
	assert_string_equal(i18n_get(TEXT_IT, "%d practice"), "%d pratica");
	/* Missing from the catalogue: English's rule picks one or many,
	 * but the language's rule decides which. */
	assert_string_equal(i18n_nget(TEXT_FR, "%d city", "%d cities", 0),
	    "%d city");
	assert_string_equal(i18n_nget(TEXT_CA, "%d city", "%d cities", 0),
	    "%d cities");
	assert_string_equal(i18n_nget(TEXT_EN, "%d city", "%d cities", 1),
	    "%d city");
	i18n_free();
}

/* Empty translations, written by hand since msgfmt leaves them out. */
static void
empty_translations(void **state)
{
	const struct mo_entry es[] = {
		{ S(""), HEADER },
		{ S("%d practice\0%d practices"), S("\0") },
		{ S("%d topic\0%d topics"), S("%d tema\0") },
		{ S("Search"), S("") },
		{ S("Topic"), S("Tema") },
	};
	char	*d = make_catalogues(), *p = tu_path(d, "es.mo");

	(void)state;
	write_mo(p, es, sizeof(es) / sizeof(es[0]));
	load_ok(d);
	assert_string_equal(i18n_get(TEXT_ES, "Topic"), "Tema");
	assert_string_equal(i18n_get(TEXT_ES, "Search"), "Search");
	/* Both forms empty. */
	assert_string_equal(i18n_nget(TEXT_ES, "%d practice", "%d practices",
	    1), "%d practice");
	assert_string_equal(i18n_nget(TEXT_ES, "%d practice", "%d practices",
	    3), "%d practices");
	/* Only the plural form empty: the singular is translated, the plural
	 * falls back to English. */
	assert_string_equal(i18n_nget(TEXT_ES, "%d topic", "%d topics", 1),
	    "%d tema");
	assert_string_equal(i18n_nget(TEXT_ES, "%d topic", "%d topics", 3),
	    "%d topics");
	/* The other languages are read as usual. */
	assert_string_equal(i18n_get(TEXT_CA, "Search"), "Cerca");
	i18n_free();
	free(p);
	tu_rmdir(d);
}

/*
 * A msgid translated without plural forms (a catalogue not merged since a
 * T() became a TN()) has only one form: the plural must fall back to the
 * English, not run on into the next string of the file.
 */
static void
singular_entry_plural_lookup(void **state)
{
	const struct mo_entry fr[] = {
		{ S(""), HEADER },
		{ S("%d file"), S("%d fichier") },
		{ S("Zebra"), S("Zèbre") },
	};
	char	*d = make_catalogues(), *p = tu_path(d, "fr.mo");

	(void)state;
	write_mo(p, fr, sizeof(fr) / sizeof(fr[0]));
	load_ok(d);
	assert_string_equal(i18n_nget(TEXT_FR, "%d file", "%d files", 1),
	    "%d fichier");
	assert_string_equal(i18n_nget(TEXT_FR, "%d file", "%d files", 2),
	    "%d files");
	/* The last string of the file: nothing after it to run into. */
	assert_string_equal(i18n_nget(TEXT_FR, "Zebra", "Zebras", 2),
	    "Zebras");
	i18n_free();
	free(p);
	tu_rmdir(d);
}

/* A second load replaces the catalogues of the first. */
static void
reload(void **state)
{
	const struct mo_entry ca[] = {
		{ S(""), HEADER },
		{ S("Search"), S("Cercar") },
	};
	char	*d = make_catalogues(), *p = tu_path(d, "ca.mo");

	(void)state;
	write_mo(p, ca, sizeof(ca) / sizeof(ca[0]));
	load_ok(dir);
	assert_string_equal(i18n_get(TEXT_CA, "Search"), "Cerca");
	load_ok(d);
	assert_string_equal(i18n_get(TEXT_CA, "Search"), "Cercar");
	assert_string_equal(i18n_get(TEXT_FR, "Search"), "Rechercher");
	load_ok(dir);
	assert_string_equal(i18n_get(TEXT_CA, "Search"), "Cerca");
	i18n_free();
	free(p);
	tu_rmdir(d);
}

/* ---- damaged catalogues ----------------------------------------------- */

/* fr.mo replaced by bytes; the load must fail with ERR_INVALID, a message
 * naming the file, and leave no catalogue behind. */
static void
refused(const unsigned char *bytes, size_t n, const char *what)
{
	char	*d = make_catalogues(), *p = tu_path(d, "fr.mo"), *msg = NULL;
	enum err e;

	write_bytes(p, bytes, n);
	e = i18n_load(d, &msg);
	if (e != ERR_INVALID || msg == NULL || strstr(msg, p) == NULL)
		fail_msg("%s: got %d, \"%s\"", what, e, msg ? msg : "(null)");
	/* Nothing half-loaded stays. */
	assert_string_equal(i18n_get(TEXT_CA, "Search"), "Search");
	free(msg);
	free(p);
	tu_rmdir(d);
}

static void
damaged(void **state)
{
	char		*mo = tu_path(dir, "fr.mo");
	unsigned char	*good, *bad;
	size_t		 n, i;
	uint32_t	 nmsg, orig, trans;

	(void)state;
	read_all(mo, &good, &n);
	bad = malloc(n);
	assert_non_null(bad);
	nmsg = get32(good, 8);
	orig = get32(good, 12);
	trans = get32(good, 16);
	assert_true(nmsg >= 3);

	refused(good, 0, "empty file");
	refused(good, 20, "shorter than the header");
	refused(good, 27, "one byte short of the header");
	refused(good, n / 2, "truncated in the middle");
	refused(good, n - 1, "last NUL cut off");

	memcpy(bad, good, n);
	put32(bad, 0, 0xde120495U);	/* the other byte order */
	refused(bad, n, "big-endian magic");
	memcpy(bad, good, n);
	memcpy(bad, "\x7f" "ELF", 4);
	refused(bad, n, "wrong magic");
	memcpy(bad, good, n);
	put32(bad, 4, 1u << 16);	/* major revision 1 */
	refused(bad, n, "unknown revision");

	memcpy(bad, good, n);
	put32(bad, 8, 0x20000000u);	/* more messages than bytes */
	refused(bad, n, "message count too big");
	memcpy(bad, good, n);
	put32(bad, 8, 0xffffffffu);
	refused(bad, n, "message count 2^32-1");
	memcpy(bad, good, n);
	put32(bad, 12, (uint32_t)n);	/* originals' table past the end */
	refused(bad, n, "originals' table out of range");
	memcpy(bad, good, n);
	put32(bad, 16, 0xfffffff8u);	/* translations' table, wrapping */
	refused(bad, n, "translations' table out of range");
	for (i = 0; i < nmsg; i++) {
		memcpy(bad, good, n);
		put32(bad, orig + 8 * i + 4, 0xfffffff0u);
		refused(bad, n, "string offset out of range");
		memcpy(bad, good, n);
		put32(bad, trans + 8 * i, 0xffffffffu);
		refused(bad, n, "string length out of range");
		memcpy(bad, good, n);
		put32(bad, trans + 8 * i, (uint32_t)n);
		refused(bad, n, "string length the file's size");
		/* A string not ending in NUL. */
		memcpy(bad, good, n);
		bad[get32(good, orig + 8 * i + 4) + get32(good, orig + 8 * i)] =
		    'x';
		refused(bad, n, "string without its NUL");
	}
	/* The untouched bytes still load. */
	write_bytes(mo, good, n);
	load_ok(dir);
	assert_string_equal(i18n_get(TEXT_FR, "Search"), "Rechercher");
	i18n_free();
	free(good);
	free(bad);
	free(mo);
}

static void
missing(void **state)
{
	char	*d = make_catalogues(), *p = tu_path(d, "it.mo"), *msg = NULL;

	(void)state;
	assert_int_equal(unlink(p), 0);
	assert_int_equal(i18n_load(d, &msg), ERR_INVALID);
	assert_non_null(msg);
	assert_non_null(strstr(msg, p));
	assert_string_equal(i18n_get(TEXT_CA, "Search"), "Search");
	free(msg);
	msg = NULL;
	assert_int_equal(i18n_load("/nonexistent/locale", &msg), ERR_INVALID);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "/nonexistent/locale/ca.mo"));
	free(msg);
	/* A directory where a file should be. */
	msg = NULL;
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(i18n_load(d, &msg), ERR_INVALID);
	assert_non_null(msg);
	assert_non_null(strstr(msg, p));
	free(msg);
	free(p);
	tu_rmdir(d);
}

/* ---- numbers and dates ------------------------------------------------ */

#define NNBSP	"\xe2\x80\xaf"	/* U+202F NARROW NO-BREAK SPACE */

static void
numbers(void **state)
{
	static const struct {
		enum text_lang	 l;
		long		 n;
		const char	*s;
	} t[] = {
		{ TEXT_EN, 0, "0" },
		{ TEXT_EN, 999, "999" },
		{ TEXT_EN, 1000, "1,000" },
		{ TEXT_EN, 1234, "1,234" },
		{ TEXT_EN, 1234567, "1,234,567" },
		{ TEXT_EN, -1234567, "-1,234,567" },
		{ TEXT_EN, -999, "-999" },
		{ TEXT_CA, 1234567, "1.234.567" },
		{ TEXT_CA, 1234, "1.234" },
		{ TEXT_IT, 1234567, "1.234.567" },
		{ TEXT_IT, 100000, "100.000" },
		{ TEXT_ES, 1234, "1234" },
		{ TEXT_ES, -1234, "-1234" },
		{ TEXT_ES, 12345, "12.345" },
		{ TEXT_ES, 1234567, "1.234.567" },
		{ TEXT_ES, 999, "999" },
		{ TEXT_FR, 999, "999" },
		{ TEXT_FR, 1234, "1" NNBSP "234" },
		{ TEXT_FR, 1234567, "1" NNBSP "234" NNBSP "567" },
		{ TEXT_FR, -12345, "-12" NNBSP "345" },
		{ TEXT_EN, LONG_MAX, "9,223,372,036,854,775,807" },
		{ TEXT_EN, LONG_MIN, "-9,223,372,036,854,775,808" },
		{ TEXT_IT, LONG_MIN, "-9.223.372.036.854.775.808" },
	};
	char	 out[I18N_NUMBER_SIZE];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(out, 'Z', sizeof(out));
		i18n_number(t[i].l, t[i].n, out);
		if (strcmp(out, t[i].s) != 0)
			fail_msg("%s %ld: \"%s\", not \"%s\"",
			    langs[t[i].l], t[i].n, out, t[i].s);
	}
}

/*
 * French separators take three bytes, so the longest numbers need more than
 * the digits' room: the output must fit I18N_NUMBER_SIZE (allocated exactly,
 * so ASan sees any byte written past it).
 */
static void
numbers_french_long(void **state)
{
	char	*out = malloc(I18N_NUMBER_SIZE);

	(void)state;
	assert_non_null(out);
	i18n_number(TEXT_FR, 999999999999999L, out);
	assert_string_equal(out, "999" NNBSP "999" NNBSP "999" NNBSP "999"
	    NNBSP "999");
	i18n_number(TEXT_FR, LONG_MAX, out);
	assert_string_equal(out, "9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP
	    "854" NNBSP "775" NNBSP "807");
	i18n_number(TEXT_FR, LONG_MIN, out);
	assert_string_equal(out, "-9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP
	    "854" NNBSP "775" NNBSP "808");
	/* 38 bytes and the NUL. */
	assert_int_equal(strlen(out), 38);
	free(out);
}

static void
dates(void **state)
{
	static const struct {
		enum text_lang	 l;
		const char	*in, *out;
	} t[] = {
		{ TEXT_CA, "2026", "2026" },
		{ TEXT_CA, "2026-11", "novembre de 2026" },
		{ TEXT_CA, "2026-11-23", "23 de novembre de 2026" },
		{ TEXT_CA, "2026-04-01", "1 d’abril de 2026" },
		{ TEXT_CA, "2026-08-15", "15 d’agost de 2026" },
		{ TEXT_CA, "2026-10-02", "2 d’octubre de 2026" },
		{ TEXT_CA, "2026-03-07", "7 de març de 2026" },
		{ TEXT_EN, "2026", "2026" },
		{ TEXT_EN, "2026-04", "April 2026" },
		{ TEXT_EN, "2026-04-01", "1 April 2026" },
		{ TEXT_EN, "1999-12-31", "31 December 1999" },
		{ TEXT_ES, "2026-01", "enero de 2026" },
		{ TEXT_ES, "2026-04-01", "1 de abril de 2026" },
		{ TEXT_FR, "2026-04-01", "1er avril 2026" },
		{ TEXT_FR, "2026-04-02", "2 avril 2026" },
		{ TEXT_FR, "2026-08-11", "11 août 2026" },
		{ TEXT_FR, "2026-02", "février 2026" },
		{ TEXT_FR, "2026", "2026" },
		{ TEXT_IT, "2026-06-21", "21 giugno 2026" },
		{ TEXT_IT, "2026-12", "dicembre 2026" },
		{ TEXT_IT, "2026-04-01", "1 aprile 2026" },
		/* Not a date: shown as it is. */
		{ TEXT_EN, "soon", "soon" },
		{ TEXT_EN, "2026-13", "2026-13" },
		{ TEXT_EN, "", "" },
	};
	char	 out[64];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		i18n_date(t[i].l, t[i].in, out);
		if (strcmp(out, t[i].out) != 0)
			fail_msg("%s %s: \"%s\", not \"%s\"", langs[t[i].l],
			    t[i].in, out, t[i].out);
	}
}

/* ---- negotiation ------------------------------------------------------ */

static void
negotiate(void **state)
{
	static const struct {
		const char	*al;
		enum text_lang	 l;
	} t[] = {
		{ "ca", TEXT_CA },
		{ "fr", TEXT_FR },
		{ "ca-ES", TEXT_CA },
		{ "es-419", TEXT_ES },
		{ "CA-es", TEXT_CA },
		{ "FR", TEXT_FR },
		{ "it-IT,it;q=0.9,en;q=0.8", TEXT_IT },
		{ "de-DE,de;q=0.9,fr;q=0.8,en;q=0.7", TEXT_FR },
		{ "en;q=0.5, es;q=0.9", TEXT_ES },
		{ "en;q=0.5,es;q=0.5", TEXT_EN },
		{ "es;q=0.5,en;q=0.5", TEXT_ES },
		{ "fr;q=0, it;q=0.1", TEXT_IT },
		{ "fr;q=0", TEXT_EN },
		{ "de, ca;q=0.1", TEXT_CA },
		{ "  ,, ca ,", TEXT_CA },
		{ "*", TEXT_EN },
		{ "*, fr;q=0.5", TEXT_FR },
		{ "de", TEXT_EN },
		{ "cat", TEXT_EN },
		{ "car, es", TEXT_ES },
		{ "", TEXT_EN },
		{ "garbage;;;==,,\xff\xfe", TEXT_EN },
		{ ";q=1", TEXT_EN },
		{ "f", TEXT_EN },
		{ "en-GB;q=0.8, ca;q=0.9", TEXT_CA },
		/* Spaces around ";" and an upper-case Q (RFC 9110). */
		{ "fr; q=0.5, it", TEXT_IT },
		{ "fr ; q=0.5, it;q=0.6", TEXT_IT },
		{ "fr;Q=0.1, es;q=0.2", TEXT_ES },
		{ "fr;q=0, en", TEXT_EN },
		{ "fr;level=1, it;q=0.5", TEXT_FR },
	};
	size_t	 i;

	(void)state;
	assert_int_equal(i18n_negotiate(NULL), TEXT_EN);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (i18n_negotiate(t[i].al) != t[i].l)
			fail_msg("\"%s\": %s, not %s", t[i].al,
			    langs[i18n_negotiate(t[i].al)], langs[t[i].l]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(messages, unload),
		cmocka_unit_test_teardown(plurals, unload),
		cmocka_unit_test_teardown(empty_translations, unload),
		cmocka_unit_test_teardown(singular_entry_plural_lookup,
		    unload),
		cmocka_unit_test_teardown(reload, unload),
		cmocka_unit_test_teardown(damaged, unload),
		cmocka_unit_test_teardown(missing, unload),
		cmocka_unit_test_teardown(numbers, unload),
		cmocka_unit_test_teardown(numbers_french_long, unload),
		cmocka_unit_test_teardown(dates, unload),
		cmocka_unit_test_teardown(negotiate, unload),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

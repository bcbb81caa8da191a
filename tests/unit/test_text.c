/* test_text.c - text analysis: folding, words, elisions, compounds,
 * stopwords, stemming, and hostile input.
 * SPDX-License-Identifier: MIT */
#include "testutil.h"

#include <utf8proc.h>

#include "text.h"

/* The words of a text as "folded@pos" separated by spaces ("*" = whole). */
struct collect {
	char	 out[4096];
	size_t	 n;
	size_t	 words;
};

static int
collect(const struct text_word *w, void *arg)
{
	struct collect	*c = arg;
	int		 k;

	k = snprintf(c->out + c->n, sizeof(c->out) - c->n, "%s%.*s@%u%s",
	    c->n ? " " : "", (int)w->foldedsz, w->folded, w->pos,
	    w->whole ? "*" : "");
	if (k > 0 && (size_t)k < sizeof(c->out) - c->n)
		c->n += (size_t)k;
	c->words++;
	return 0;
}

static const char *
words(const char *s)
{
	static struct collect	 c;

	memset(&c, 0, sizeof(c));
	assert_int_equal(text_words(s, strlen(s), collect, &c), ERR_OK);
	return c.out;
}

static void
folding(void **state)
{
	(void)state;
	assert_string_equal(words("gènere"), "genere@0");
	assert_string_equal(words("GÈNERE"), "genere@0");
	assert_string_equal(words("Genere"), "genere@0");
	/* Decomposed input (e + combining grave) folds the same way. */
	assert_string_equal(words("ge\xcc\x80nere"), "genere@0");
	/* Compatibility forms: ligature, full-width digits, sharp s. */
	assert_string_equal(words("ﬁnança ２０１８ Straße"),
	    "financa@0 2018@1 strasse@2");
	assert_string_equal(words("Medellín, Tétouan i Köln"),
	    "medellin@0 tetouan@1 i@2 koln@3");
	/* Letters whose mark is part of the letter, typed without it. */
	assert_string_equal(words("Łódź Ørsted Ærø Þingvellir Đakovo œuvre"),
	    "lodz@0 orsted@1 aero@2 thingvellir@3 dakovo@4 oeuvre@5");
	assert_string_equal(words("İstanbul ŁÓDŹ"), "istanbul@0 lodz@1");
}

static void
catalan_middle_dot(void **state)
{
	(void)state;
	assert_string_equal(words("col·laboració"), "collaboracio@0");
	assert_string_equal(words("col.laboració"), "collaboracio@0");
	assert_string_equal(words("COL·LABORACIÓ"), "collaboracio@0");
	assert_string_equal(words("col•laboració"), "collaboracio@0");
	/* A full stop elsewhere still ends a sentence. */
	assert_string_equal(words("final. La xarxa"),
	    "final@0 la@1 xarxa@2");
	assert_string_equal(words("vol.la"), "volla@0");
}

static void
elisions(void **state)
{
	(void)state;
	assert_string_equal(words("l'Havana"), "havana@0");
	assert_string_equal(words("l’Havana"), "havana@0");
	assert_string_equal(words("d'Amsterdam"), "amsterdam@0");
	assert_string_equal(words("dell'Europa"), "europa@0");
	assert_string_equal(words("qu'elle"), "elle@0");
	assert_string_equal(words("L'Ajuntament d’Amsterdam"),
	    "ajuntament@0 amsterdam@1");
	assert_string_equal(words("Barcelona's network"),
	    "barcelona@0 network@1");
	assert_string_equal(words("O'Neill"), "o@0 neill@1");
	/* Quotes around words are not apostrophes. */
	assert_string_equal(words("'xarxa'"), "xarxa@0");
}

static void
compounds(void **state)
{
	(void)state;
	assert_string_equal(words("Tangier-Tétouan corridor"),
	    "tangier@0 tetouan@1 tangiertetouan@0* corridor@2");
	assert_string_equal(words("2018-2021"), "2018@0 2021@1 20182021@0*");
	/* A dash between spaced words is punctuation. */
	assert_string_equal(words("Barcelona - Maputo"),
	    "barcelona@0 maputo@1");
	assert_string_equal(words("Barcelona–Maputo"), "barcelona@0 maputo@1");
	assert_string_equal(words("-x- y-"), "x@0 y@1");
}

static void
edge_cases(void **state)
{
	struct collect	 c;
	char		*big;
	size_t		 i;

	(void)state;
	assert_string_equal(words(""), "");
	assert_string_equal(words("!!! ... ,;: ---"), "");
	assert_string_equal(words("hola 🌈 món"), "hola@0 mon@1");
	assert_string_equal(words("Москва 東京 Barcelona"),
	    "москва@0 東京@1 barcelona@2");
	/* Separators and Latin-1 letters (the splitter's fast paths). */
	assert_string_equal(words("dues×tres àà÷èè"),
	    "dues@0 tres@1 aa@2 ee@3");
	assert_string_equal(words("a_b\tc\nd+e=f/g(h)i\"j\x7fk"),
	    "a@0 b@1 c@2 d@3 e@4 f@5 g@6 h@7 i@8 j@9 k@10");
	assert_string_equal(words("ÀÉÎÕÜÇÑ ÿþ"), "aeioucn@0 yth@1");
	memset(&c, 0, sizeof(c));
	assert_int_equal(text_words("àb\xc3", 4, collect, &c), ERR_INVALID);
	assert_int_equal(text_words("àb\xc3\xc3", 5, collect, &c),
	    ERR_INVALID);

	/* A 10,000-character word is cut, not refused, and ends cleanly. */
	big = malloc(20010);
	for (i = 0; i < 10000; i++)
		memcpy(big + 2 * i, "é", 2);
	memcpy(big + 20000, " fi", 4);
	memset(&c, 0, sizeof(c));
	assert_int_equal(text_words(big, strlen(big), collect, &c), ERR_OK);
	assert_int_equal(c.words, 2);
	assert_non_null(strstr(c.out, " fi@1"));
	assert_true(strchr(c.out, '@') - c.out <= TEXT_WORD_MAX);
	/* The same in ASCII, which the splitter copies a run at a time. */
	memset(big, 'a', 10000);
	memcpy(big + 10000, "-b2 fi", 7);
	memset(&c, 0, sizeof(c));
	assert_int_equal(text_words(big, strlen(big), collect, &c), ERR_OK);
	assert_int_equal(c.words, 4);
	assert_non_null(strstr(c.out, " b2@1 "));
	assert_non_null(strstr(c.out, " fi@2"));
	assert_true(strchr(c.out, '@') - c.out <= TEXT_WORD_MAX);
	free(big);

	/* Invalid UTF-8 is an error, not a guess. */
	memset(&c, 0, sizeof(c));
	assert_int_equal(text_words("bad \xff byte", 10, collect, &c),
	    ERR_INVALID);
	assert_int_equal(text_words("\xe2\x82", 2, collect, &c), ERR_INVALID);
}

static int
spans(const struct text_word *w, void *arg)
{
	char	*out = arg;
	size_t	 n = strlen(out);

	snprintf(out + n, 256 - n, "[%zu,%zu)", w->start, w->end);
	return 0;
}

static void
word_spans(void **state)
{
	char		 out[256] = "";
	const char	*s = "La xarxa d’Amsterdam col·labora";

	(void)state;
	assert_int_equal(text_words(s, strlen(s), spans, out), ERR_OK);
	/* "d’" is dropped: Amsterdam starts after the 3-byte apostrophe. */
	assert_string_equal(out, "[0,2)[3,8)[13,22)[23,34)");
}

static int
stop_after_two(const struct text_word *w, void *arg)
{
	int	*n = arg;

	(void)w;
	return ++*n == 2;
}

static void
callback_stops(void **state)
{
	int	 n = 0;

	(void)state;
	assert_int_equal(text_words("a b c d", 7, stop_after_two, &n), ERR_OK);
	assert_int_equal(n, 2);
}

static void
stopwords(void **state)
{
	(void)state;
	assert_true(text_stopword(TEXT_CA, "de", 2));
	assert_true(text_stopword(TEXT_CA, "mes", 3));	/* "més" folded */
	assert_true(text_stopword(TEXT_EN, "the", 3));
	assert_true(text_stopword(TEXT_ES, "y", 1));
	assert_true(text_stopword(TEXT_FR, "ou", 2));
	assert_true(text_stopword(TEXT_IT, "della", 5));
	assert_false(text_stopword(TEXT_CA, "xarxa", 5));
	assert_false(text_stopword(TEXT_EN, "de", 2));
	assert_false(text_stopword(TEXT_NOLANG, "the", 3));
	/* A prefix of a stopword is not one. */
	assert_false(text_stopword(TEXT_EN, "th", 2));
	assert_int_equal(text_lang("ca"), TEXT_CA);
	assert_int_equal(text_lang("it"), TEXT_IT);
	assert_int_equal(text_lang("de"), TEXT_NOLANG);
	assert_string_equal(text_lang_code(TEXT_FR), "fr");
}

/* The term of the first word of s in lang. */
/* The term of a word in lang, from its accented or its folded form. */
static const char *
stem_of(struct text_stemmers *ts, enum text_lang l, const char *s, int unacc)
{
	static char		 out[TEXT_WORD_MAX + 1];
	char			 f[TEXT_WORD_MAX + 1], lo[TEXT_WORD_MAX + 1];
	struct text_word	 w = { 0 };

	w.foldedsz = text_norm(s, strlen(s), 1, f, sizeof(f));
	w.folded = f;
	w.lowersz = text_norm(s, strlen(s), 0, lo, sizeof(lo));
	w.lower = lo;
	w.end = strlen(s);
	text_stem(ts, l, &w, unacc, out);
	return out;
}

static const char *
term(struct text_stemmers *ts, enum text_lang l, const char *s)
{
	return stem_of(ts, l, s, 0);
}

static void
stemming(void **state)
{
	struct text_stemmers	*ts = text_stemmers_new();
	char			 a[TEXT_WORD_MAX + 1];

	(void)state;
	assert_non_null(ts);
	/*
	 * Written without accents, a word is found through the stem of its
	 * folded form, which the index keeps beside the accented one.
	 */
	strcpy(a, stem_of(ts, TEXT_CA, "collaboració", 1));
	assert_string_equal(term(ts, TEXT_CA, "collaboracio"), a);
	strcpy(a, stem_of(ts, TEXT_CA, "gènere", 1));
	assert_string_equal(term(ts, TEXT_CA, "GENERE"), a);
	/* Stems of accented forms are folded: French "éducation". */
	assert_string_equal(term(ts, TEXT_FR, "éducation"), "educ");
	assert_string_equal(term(ts, TEXT_CA, "educació"), "educ");
	assert_string_equal(term(ts, TEXT_ES, "educación"), "educ");
	assert_string_equal(term(ts, TEXT_EN, "education"), "educ");
	/* Plurals meet their singular. */
	strcpy(a, term(ts, TEXT_CA, "xarxes"));
	assert_string_equal(term(ts, TEXT_CA, "xarxa"), a);
	strcpy(a, term(ts, TEXT_EN, "networks"));
	assert_string_equal(term(ts, TEXT_EN, "network"), a);
	strcpy(a, term(ts, TEXT_FR, "villes"));
	assert_string_equal(term(ts, TEXT_FR, "ville"), a);
	strcpy(a, term(ts, TEXT_IT, "città"));
	assert_string_equal(term(ts, TEXT_IT, "citta"), a);
	/*
	 * A query is stemmed in every language, and a Spanish word finds the
	 * Catalan text that shares its stem.
	 */
	{
		static const char *const pairs[][2] = {
			{ "municipios", "municipis" },
			{ "cooperación", "cooperació" },
			{ "cooperacion", "cooperació" },
			{ "intercultural", "interculturals" },
		};
		size_t	 p, l;
		int	 met;

		for (p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++) {
			char	 d[2][TEXT_WORD_MAX + 1];
			int	 u, v;

			/* The Catalan text's terms: accented and folded. */
			strcpy(d[0], stem_of(ts, TEXT_CA, pairs[p][1], 0));
			strcpy(d[1], stem_of(ts, TEXT_CA, pairs[p][1], 1));
			/*
			 * The index looks each query stem (of the accented
			 * and the folded form, in every language) up whole
			 * and, if long, cut by up to three letters, keeping
			 * six (see expand() in idx_query.c).
			 */
			for (l = 0, met = 0; l < TEXT_LANG__MAX; l++)
				for (u = 0; u < 2; u++)
					for (v = 0; v < 2; v++) {
						const char *q = stem_of(ts,
						    (enum text_lang)l,
						    pairs[p][0], u);
						size_t qn = strlen(q);
						size_t an = strlen(d[v]);

						met |= an <= qn &&
						    an + 3 >= qn && an >= 6 &&
						    strncmp(q, d[v], an) == 0;
					}
			strcpy(a, d[0]);
			if (!met)
				fail_msg("no stem of \"%s\" meets \"%s\" (%s)",
				    pairs[p][0], pairs[p][1], a);
		}
	}
	/* Numbers and names without a language are left whole. */
	assert_string_equal(term(ts, TEXT_EN, "2018"), "2018");
	assert_string_equal(term(ts, TEXT_NOLANG, "Barcelona"), "barcelona");
	text_stemmers_free(ts);
	text_stemmers_free(NULL);
}

static void
fold_strings(void **state)
{
	char	*out;
	size_t	 n;

	(void)state;
	assert_int_equal(text_fold("L’Havana ÀÉÏ", strlen("L’Havana ÀÉÏ"), &out,
	    &n), ERR_OK);
	assert_string_equal(out, "l’havana aei");
	free(out);
	assert_int_equal(text_fold("\xff", 1, &out, &n), ERR_INVALID);
	assert_null(out);
}

/*
 * What stripping does beyond utf8proc: the bare letters of the pieces below
 * (ø, æ, ð, þ after case folding) become ASCII. In place; returns the new
 * length (never longer: each two-byte letter gives one or two bytes).
 */
static utf8proc_ssize_t
fold_bare(utf8proc_uint8_t *s, utf8proc_ssize_t n)
{
	static const struct {
		const char	*from, *to;
	} map[] = {
		{ "\xc3\xb8", "o" }, { "\xc3\xa6", "ae" },
		{ "\xc3\xb0", "d" }, { "\xc3\xbe", "th" },
	};
	utf8proc_ssize_t i, o = 0;
	size_t		 k;

	for (i = 0; i < n;) {
		for (k = 0; k < sizeof(map) / sizeof(map[0]); k++)
			if (i + 1 < n && memcmp(s + i, map[k].from, 2) == 0)
				break;
		if (k < sizeof(map) / sizeof(map[0])) {
			memcpy(s + o, map[k].to, strlen(map[k].to));
			o += (utf8proc_ssize_t)strlen(map[k].to);
			i += 2;
		} else
			s[o++] = s[i++];
	}
	s[o] = '\0';
	return o;
}

/*
 * text_norm answers words of ASCII and Latin-1 letters from a table, and
 * anything else through utf8proc: random words of both kinds (with
 * combining marks, "ß", "ŀ", Greek) must normalize exactly as utf8proc
 * does (with fold_bare when stripping), cut to any buffer size on a
 * character boundary.
 */
static void
norm_fast_path(void **state)
{
	static const char *const pieces[] = {
		"a", "Z", "l", "9", "-", "\xc3\x80", "\xc3\x89", "\xc3\x9f",
		"\xc3\xa7", "\xc3\xb1", "\xc3\xbf", "\xc3\x97", "\xc3\xb8",
		"\xc3\x86", "\xc3\x90", "\xc3\xbe", "\xc3\x9e",
		"\xcc\x81",	/* combining acute */
		"\xc5\x80",	/* l with middle dot */
		"\xce\xa3",	/* Greek capital sigma */
		"\xc2\xaa",	/* feminine ordinal: NFKC "a" */
	};
	const size_t	 np = sizeof(pieces) / sizeof(pieces[0]);
	uint64_t	 x = 88172645463325252u;
	char		 in[64], out[64];
	size_t		 n, k, cap, got, want;
	int		 t, strip, latin1;

	(void)state;
	for (t = 0; t < 20000; t++) {
		latin1 = t % 2;
		n = 0;
		for (k = 0; k < (size_t)(1 + t % 11); k++) {
			const char *p;

			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			p = pieces[x % (latin1 ? 17 : np)];
			memcpy(in + n, p, strlen(p));
			n += strlen(p);
		}
		for (strip = 0; strip < 2; strip++) {
			utf8proc_uint8_t *ref = NULL;
			utf8proc_ssize_t  rn;

			rn = utf8proc_map((const utf8proc_uint8_t *)in,
			    (utf8proc_ssize_t)n, &ref, UTF8PROC_STABLE |
			    UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
			    UTF8PROC_COMPOSE | (strip ? UTF8PROC_STRIPMARK : 0));
			assert_true(rn >= 0);
			if (strip)
				rn = fold_bare(ref, rn);
			for (cap = 1; cap <= (size_t)rn + 2; cap++) {
				want = (size_t)rn < cap ? (size_t)rn : cap - 1;
				while (want > 0 && want < (size_t)rn &&
				    (ref[want] & 0xc0) == 0x80)
					want--;
				got = text_norm(in, n, strip, out, cap);
				if (got != want || memcmp(out, ref, want) != 0 ||
				    out[got] != '\0')
					fail_msg("text_norm(\"%.*s\", strip %d, "
					    "cap %zu) = \"%s\", utf8proc says "
					    "\"%.*s\"", (int)n, in, strip, cap,
					    out, (int)want, ref);
			}
			free(ref);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(folding),
		cmocka_unit_test(catalan_middle_dot),
		cmocka_unit_test(elisions),
		cmocka_unit_test(compounds),
		cmocka_unit_test(edge_cases),
		cmocka_unit_test(word_spans),
		cmocka_unit_test(callback_stops),
		cmocka_unit_test(stopwords),
		cmocka_unit_test(stemming),
		cmocka_unit_test(fold_strings),
		cmocka_unit_test(norm_fast_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

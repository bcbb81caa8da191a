/* test_geo.c - the gazetteer in geo.c: loading, lookup, reconciling, distance.
 * SPDX-License-Identifier: MIT */
#include <math.h>

#include <zlib.h>

#include "testutil.h"

#include "geo.h"

/* A small gazetteer, as tools/gazetteer writes it (real GeoNames rows). */
static const char fixture[] =
    "2988507\tParis\t\tFR\t48.8534\t2.3488\t2138551\n"
    "2996944\tLyon\t\tFR\t45.7485\t4.8467\t472317\n"
    "3033435\tBérat\t\tFR\t43.3786\t1.1757\t1589\n"
    "3186084\tBerat\t\tAL\t40.7058\t19.9522\t46866\n"
    "3093133\tŁódź\tLodz\tPL\t51.7500\t19.4667\t768755\n"
    "2978640\tSaint-Étienne\t\tFR\t45.4339\t4.3900\t172565\n"
    "3128760\tBarcelona\t\tES\t41.3888\t2.1590\t1621537\n"
    "3648559\tBarcelona\t\tVE\t10.1363\t-64.6862\t424795\n"
    "1726701\tBarcelona\t\tPH\t13.7715\t123.0485\t2639\n"
    "1726705\tBarcelona\t\tPH\t12.8683\t124.1419\t3258\n"
    "2643743\tLondon\t\tGB\t51.5085\t-0.1257\t8961989\n"
    "6058560\tLondon\t\tCA\t42.9834\t-81.2330\t346765\n"
    /* With alternate names (the 8th column), as made from GeoNames. */
    "2886242\tKöln\t\tDE\t50.9333\t6.9500\t963395\tCologne,Colonia,"
    "Keulen,Kolonia\n"
    "3178287\tCologne\t\tIT\t45.5786\t9.9418\t7032\t\n"
    "2911522\tHalle (Saale)\t\tDE\t51.4820\t11.9697\t237865\t"
    "Halle,Halle an der Saale\n"
    "2911520\tHalle\t\tDE\t52.0601\t8.3608\t21071\tHalle (Westf.)\n"
    "698740\tOdessa\t\tUA\t46.4775\t30.7326\t1001558\tOdesa\n"
    "2885070\tKötzting\t\tDE\t49.1769\t12.8550\t7334\t\n"
    "557906\tGur’yevsk\t\tRU\t54.7703\t20.6031\t12000\t\n"
    "1526384\tAlmaty\t\tKZ\t43.2500\t76.9167\t2000900\tAlma-Ata\n"
    "3067696\tPrague\t\tCZ\t50.0880\t14.4208\t1165581\tPraha\n";

static char *dir, *plain, *gz;

static int
setup(void **state)
{
	FILE	*f;
	gzFile	 z;

	(void)state;
	dir = tu_tmpdir();
	plain = malloc(strlen(dir) + 20);
	gz = malloc(strlen(dir) + 20);
	sprintf(plain, "%s/g.tsv", dir);
	sprintf(gz, "%s/g.tsv.gz", dir);
	f = fopen(plain, "w");
	fputs(fixture, f);
	fclose(f);
	z = gzopen(gz, "wb");
	gzwrite(z, fixture, (unsigned)strlen(fixture));
	gzclose(z);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(plain);
	unlink(gz);
	rmdir(dir);
	free(plain);
	free(gz);
	free(dir);
	return 0;
}

static void
keys(void **state)
{
	char	 k[GEO_KEY_MAX + 1];

	(void)state;
	assert_int_equal(geo_key("Saint-Étienne", k), strlen("saint etienne"));
	assert_string_equal(k, "saint etienne");
	geo_key("  BÉRAT ", k);
	assert_string_equal(k, "berat");
	geo_key("Frankfurt (Oder)", k);
	assert_string_equal(k, "frankfurt oder");
	assert_int_equal(geo_key("--", k), 0);
	assert_int_equal(geo_key("\xff", k), 0);
}

static void
distance(void **state)
{
	(void)state;
	/* Paris to London is about 344 km; a point to itself is 0. */
	assert_true(fabs(geo_distance_km(48.8534, 2.3488, 51.5085, -0.1257) -
	    343.9) < 1.0);
	assert_true(geo_distance_km(41.3888, 2.1590, 41.3888, 2.1590) < 1e-9);
	/* Antipodes: half the circumference, no NaN from rounding. */
	assert_true(fabs(geo_distance_km(0, 0, 0, 180) - M_PI * 6371.0088) <
	    1e-6);
}

static void
lookup(void **state)
{
	const struct geo_place	*out[8];
	struct geo		*g;
	char			*msg = NULL;
	size_t			 n;

	(void)state;
	g = geo_load(gz, &msg);
	assert_non_null(g);
	assert_null(msg);
	assert_int_equal(geo_size(g), 21);
	/* Accents and case folded, the country respected. */
	n = geo_lookup(g, "Berat", "FR", GEO_NAMES_MAIN, out, 8);
	assert_int_equal(n, 1);
	assert_int_equal(out[0]->id, 3033435);
	n = geo_lookup(g, "BÉRAT", "AL", GEO_NAMES_MAIN, out, 8);
	assert_int_equal(n, 1);
	assert_int_equal(out[0]->id, 3186084);
	assert_int_equal(geo_lookup(g, "Berat", "IT", GEO_NAMES_MAIN, out, 8), 0);
	/* The ASCII name finds the place too. */
	n = geo_lookup(g, "Lodz", "PL", GEO_NAMES_MAIN, out, 8);
	assert_int_equal(n, 1);
	assert_string_equal(out[0]->name, "Łódź");
	assert_int_equal(geo_lookup(g, "saint etienne", "FR", GEO_NAMES_MAIN, out, 8), 1);
	assert_int_equal(geo_lookup(g, "Barcelona", "PH", GEO_NAMES_MAIN, out, 8), 2);
	assert_int_equal(geo_lookup(g, "Barcelona", "PH", GEO_NAMES_MAIN, out, 1), 2);
	geo_free(g);
	/* The plain file loads the same. */
	g = geo_load(plain, &msg);
	assert_non_null(g);
	assert_int_equal(geo_size(g), 21);
	geo_free(g);
}

static void
resolve(void **state)
{
	struct geo_match	 m;
	struct geo		*g;
	char			*msg = NULL;
	double			 km = -1;

	(void)state;
	g = geo_load(gz, &msg);
	assert_non_null(g);
	/* Without a point: the most populous of the name. */
	assert_int_equal(geo_resolve(g, "Barcelona", "PH", 0, 0, 0, 30, &m),
	    GEO_FOUND);
	assert_int_equal(m.place->id, 1726705);
	assert_int_equal(m.candidates, 2);
	/* With a point: the nearest, within the radius. */
	assert_int_equal(geo_resolve(g, "Barcelona", "PH", 1, 13.77, 123.05,
	    30, &m), GEO_FOUND);
	assert_int_equal(m.place->id, 1726701);
	assert_true(m.km >= 0 && m.km < 1);
	/* A point far from every place of the name. */
	assert_int_equal(geo_resolve(g, "Lyon", "FR", 1, 48.85, 2.35, 30, &m),
	    GEO_TOO_FAR);
	assert_int_equal(m.place->id, 2996944);
	assert_true(m.km > 380 && m.km < 400);
	assert_int_equal(geo_resolve(g, "Lyon", "FR", 1, 48.85, 2.35, 500,
	    &m), GEO_FOUND);
	assert_int_equal(geo_resolve(g, "Lyonnais", "FR", 0, 0, 0, 30, &m),
	    GEO_NONE);
	assert_null(m.place);
	assert_int_equal(geo_resolve(g, "London", "CA", 1, 42.98, -81.25, 30,
	    &m), GEO_FOUND);
	assert_int_equal(m.place->id, 6058560);
	/* The nearest place whatever its name, within a radius. */
	assert_non_null(geo_nearest(g, "FR", 45.75, 4.85, 5, &km));
	assert_int_equal(geo_nearest(g, "FR", 45.75, 4.85, 5, &km)->id,
	    2996944);
	assert_true(km < 1);
	assert_null(geo_nearest(g, "FR", 47.0, 0.0, 5, &km));
	assert_null(geo_nearest(g, "DE", 45.75, 4.85, 5, &km));
	geo_free(g);
}

static void
alternates(void **state)
{
	const struct geo_place	*out[8];
	struct geo_match	 m;
	struct geo		*g;
	char			*msg = NULL;

	(void)state;
	g = geo_load(gz, &msg);
	assert_non_null(g);
	/* Alternate names are looked up apart from main names. */
	assert_int_equal(geo_lookup(g, "Cologne", "DE", GEO_NAMES_MAIN, out,
	    8), 0);
	assert_int_equal(geo_lookup(g, "Cologne", "DE", GEO_NAMES_ALT, out,
	    8), 1);
	assert_int_equal(out[0]->id, 2886242);
	assert_string_equal(out[0]->alts, "Cologne,Colonia,Keulen,Kolonia");
	/* An exonym resolves in its country, with or without a point... */
	assert_int_equal(geo_resolve(g, "Cologne", "DE", 1, 50.9364, 6.9528,
	    30, &m), GEO_FOUND);
	assert_int_equal(m.place->id, 2886242);
	assert_int_equal(m.by, GEO_NAMES_ALT);
	assert_int_equal(geo_resolve(g, "Cologne", "DE", 0, 0, 0, 30, &m),
	    GEO_FOUND);
	assert_int_equal(m.place->id, 2886242);
	/* ...but a place's own name wins: Cologne in Italy is Cologne. */
	assert_int_equal(geo_resolve(g, "Cologne", "IT", 1, 45.58, 9.94, 30,
	    &m), GEO_FOUND);
	assert_int_equal(m.place->id, 3178287);
	assert_int_equal(m.by, GEO_NAMES_MAIN);
	/* A main name too far leaves room for an alternate one near. */
	assert_int_equal(geo_resolve(g, "Halle", "DE", 1, 51.4824, 11.9713,
	    30, &m), GEO_FOUND);
	assert_int_equal(m.place->id, 2911522);
	/* An alternate name beyond GEO_ALT_KM is not taken. */
	assert_int_equal(geo_resolve(g, "Odesa", "UA", 1, 46.3, 30.5, 30, &m),
	    GEO_NONE);
	/* Without a point, only for a place of GEO_ALT_POP or more. */
	assert_int_equal(geo_resolve(g, "Halle an der Saale", "DE", 0, 0, 0,
	    30, &m), GEO_FOUND);
	assert_int_equal(geo_resolve(g, "Halle (Westf.)", "DE", 0, 0, 0, 30,
	    &m), GEO_NONE);
	geo_free(g);
}

static void
similar(void **state)
{
	struct geo	*g;
	char		*msg = NULL;
	double		 km = -1;

	(void)state;
	assert_true(geo_same_spelling("Odesa", "Odessa"));
	assert_true(geo_same_spelling("Guryevsk", "Gur’yevsk"));
	assert_true(geo_same_spelling("Mukachevo", "Mukacheve"));
	assert_true(geo_same_spelling("Rottenburg am Neckar", "Rottenburg"));
	assert_true(geo_same_spelling("Weiden", "Weiden in der Oberpfalz"));
	assert_true(geo_same_spelling("Bad Kötzting", "Kötzting"));
	assert_false(geo_same_spelling("Prague 1", "Prague"));
	assert_false(geo_same_spelling("Budapest II", "Budapesti"));
	assert_false(geo_same_spelling("Sarria", "Parria"));
	assert_false(geo_same_spelling("Ciutadella de Menorca",
	    "Ciutadella"));
	assert_false(geo_same_spelling("Rottenburg am", "Rottenburg"));
	assert_false(geo_same_spelling("Kiel", "Kie"));
	g = geo_load(gz, &msg);
	assert_non_null(g);
	/* A spelling of the place at the point... */
	assert_non_null(geo_similar(g, "Bad Kötzting", "DE", 49.1769, 12.855,
	    GEO_SIMILAR_KM, &km));
	assert_true(km < 0.1);
	assert_int_equal(geo_similar(g, "Guryevsk", "RU", 54.77, 20.61,
	    GEO_SIMILAR_KM, &km)->id, 557906);
	/* ...not beyond the radius, nor in another country. */
	assert_null(geo_similar(g, "Bad Kötzting", "DE", 49.3, 12.855,
	    GEO_SIMILAR_KM, &km));
	assert_null(geo_similar(g, "Bad Kötzting", "AT", 49.1769, 12.855,
	    GEO_SIMILAR_KM, &km));
	/* Not a district for its city, nor an alternate name loosely. */
	assert_null(geo_similar(g, "Prague 1", "CZ", 50.0864, 14.4111,
	    GEO_SIMILAR_KM, &km));
	assert_null(geo_similar(g, "Alma-Atta", "KZ", 43.25, 76.92,
	    GEO_SIMILAR_KM, &km));
	geo_free(g);
}

static void
bad_files(void **state)
{
	char	*msg = NULL, *p;
	FILE	*f;

	(void)state;
	assert_null(geo_load("/nonexistent/gazetteer.tsv.gz", &msg));
	assert_non_null(strstr(msg, "cannot read the gazetteer"));
	free(msg);
	msg = NULL;
	p = malloc(strlen(dir) + 20);
	sprintf(p, "%s/bad.tsv", dir);
	f = fopen(p, "w");
	fputs("2988507\tParis\t\tFR\t48.8534\t2.3488\t2138551\n"
	    "2996944\tLyon\t\tFR\tnorth\t4.8467\t472317\n", f);
	fclose(f);
	assert_null(geo_load(p, &msg));
	assert_non_null(strstr(msg, "bad.tsv:2: not a gazetteer line"));
	free(msg);
	unlink(p);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys),
		cmocka_unit_test(distance),
		cmocka_unit_test(lookup),
		cmocka_unit_test(resolve),
		cmocka_unit_test(alternates),
		cmocka_unit_test(similar),
		cmocka_unit_test(bad_files),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

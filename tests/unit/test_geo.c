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
    "6058560\tLondon\t\tCA\t42.9834\t-81.2330\t346765\n";

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
	assert_int_equal(geo_size(g), 12);
	/* Accents and case folded, the country respected. */
	n = geo_lookup(g, "Berat", "FR", out, 8);
	assert_int_equal(n, 1);
	assert_int_equal(out[0]->id, 3033435);
	n = geo_lookup(g, "BÉRAT", "AL", out, 8);
	assert_int_equal(n, 1);
	assert_int_equal(out[0]->id, 3186084);
	assert_int_equal(geo_lookup(g, "Berat", "IT", out, 8), 0);
	/* The ASCII name finds the place too. */
	n = geo_lookup(g, "Lodz", "PL", out, 8);
	assert_int_equal(n, 1);
	assert_string_equal(out[0]->name, "Łódź");
	assert_int_equal(geo_lookup(g, "saint etienne", "FR", out, 8), 1);
	assert_int_equal(geo_lookup(g, "Barcelona", "PH", out, 8), 2);
	assert_int_equal(geo_lookup(g, "Barcelona", "PH", out, 1), 2);
	geo_free(g);
	/* The plain file loads the same. */
	g = geo_load(plain, &msg);
	assert_non_null(g);
	assert_int_equal(geo_size(g), 12);
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
		cmocka_unit_test(bad_files),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

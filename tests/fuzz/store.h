/* store.h - a store for the fuzz targets of the importers that read it
 * (twinning, Eurocities): a temporary SQLite file holding the countries of
 * data/countries.json and a few cities, made once per process. The targets
 * run from the repository root (run.sh goes there).
 * SPDX-License-Identifier: MIT */
#ifndef FUZZ_STORE_H
#define FUZZ_STORE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "io.h"

/* A temporary directory, removed at exit with what is in it. */
static char	 fuzz_dir[] = "/tmp/intercity-fuzz.XXXXXX";
static char	 fuzz_db_path[sizeof(fuzz_dir) + 16];

static void
fuzz_cleanup(void)
{
	char	 p[sizeof(fuzz_dir) + 32];

	snprintf(p, sizeof(p), "%s/store.db-wal", fuzz_dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/store.db-shm", fuzz_dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/cities.json", fuzz_dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/gazetteer.tsv", fuzz_dir);
	unlink(p);
	unlink(fuzz_db_path);
	rmdir(fuzz_dir);
}

/* Writes a file in the directory; its path in out. Aborts on failure. */
static void
fuzz_write(const char *name, const char *text, char *out, size_t outsz)
{
	FILE	*f;

	snprintf(out, outsz, "%s/%s", fuzz_dir, name);
	if ((f = fopen(out, "w")) == NULL || fputs(text, f) < 0 ||
	    fclose(f) != 0) {
		fprintf(stderr, "fuzz: cannot write %s\n", out);
		abort();
	}
}

/*
 * The store: countries and three cities (one with a Wikidata id, one with
 * a GeoNames id, one with neither), as the real imports meet them.
 */
static struct db *
fuzz_store(void)
{
	static const char cities[] = "{\"cities\": ["
	    "{\"slug\": \"barcelona\", \"name\": \"Barcelona\", \"country\": "
	    "\"ES\", \"lat\": 41.3888, \"lon\": 2.159, \"geonames_id\": "
	    "3128760, \"wikidata_id\": \"Q1492\"},"
	    "{\"slug\": \"koln\", \"name\": \"Köln\", \"country\": \"DE\", "
	    "\"geonames_id\": 2886242},"
	    "{\"slug\": \"lyon\", \"name\": \"Lyon\", \"country\": \"FR\"}]}";
	struct io_import_opts	 o = { IO_JSON, 0, 0, "fuzz", NULL };
	struct io_report	 rep;
	struct db		*db;
	char			*files[2], cpath[sizeof(fuzz_dir) + 32];
	char			*msg = NULL;

	if (mkdtemp(fuzz_dir) == NULL) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(fuzz_cleanup);
	snprintf(fuzz_db_path, sizeof(fuzz_db_path), "%s/store.db", fuzz_dir);
	if ((db = db_open(fuzz_db_path, &msg)) == NULL) {
		fprintf(stderr, "fuzz: %s\n", msg ? msg : "db_open failed");
		abort();
	}
	fuzz_write("cities.json", cities, cpath, sizeof(cpath));
	files[0] = (char *)"data/countries.json";
	files[1] = cpath;
	if (io_import(db, files, 2, &o, &rep) != ERR_OK) {
		fprintf(stderr, "fuzz: cannot load data/countries.json and "
		    "the cities (run from the repository root)\n");
		abort();
	}
	io_report_free(&rep);
	return db;
}

#endif

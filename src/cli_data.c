/* cli_data.c - the data commands: init, import, export, stats, history, delete.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "geo.h"
#include "io.h"

#define OPT_DB	{ "db", required_argument, NULL, 'd' }
#define OPT_HELP { "help", no_argument, NULL, 'h' }

static const char *
default_author(void)
{
	const char	*u = getenv("USER");
	struct passwd	*pw;

	if (u && *u)
		return u;
	if ((pw = getpwuid(getuid())) != NULL)
		return pw->pw_name;
	return "cli";
}

/* Prints the errors of a failed import and returns the exit status. */
static int
import_failed(const struct io_report *rep, enum err e)
{
	size_t	 i;

	for (i = 0; i < rep->errorsz; i++)
		io_error_print(stderr, &rep->errors[i]);
	if (rep->nerrors > rep->errorsz)
		fprintf(stderr, "... and %zu more errors\n",
		    rep->nerrors - rep->errorsz);
	if (e == ERR_INVALID) {
		cli_warn("%zu error%s; nothing was imported, the store is "
		    "unchanged", rep->nerrors, rep->nerrors == 1 ? "" : "s");
		return EXIT_DATA;
	}
	cli_warn("import failed (%s); nothing was imported", err_str(e));
	return EXIT_IO;
}

/* The formats "import --format" knows, by name. */
static const struct {
	const char	*name;
	enum io_format	 format;
} import_formats[] = {
	{ "json", IO_JSON },
	{ "csv", IO_CSV },
	{ "eurocities", IO_EUROCITIES },
};

static int
import_format(const char *name, enum io_format *out)
{
	size_t	 i;

	for (i = 0; i < sizeof(import_formats) / sizeof(import_formats[0]); i++)
		if (strcmp(import_formats[i].name, name) == 0) {
			*out = import_formats[i].format;
			return 0;
		}
	return -1;
}

/* Writes the entries an import skipped as TSV; 0 or -1. */
static int
import_report(const char *path, const struct io_report *rep)
{
	FILE	*f;
	int	 rc = 0;

	if ((f = fopen(path, "w")) == NULL) {
		cli_warn("import: cannot write the report %s: %s", path,
		    strerror(errno));
		return -1;
	}
	io_report_skips_tsv(f, rep);
	if (ferror(f) | fclose(f)) {
		cli_warn("import: cannot write the report %s", path);
		rc = -1;
	}
	return rc;
}

static void
import_summary(FILE *f, const struct io_report *rep, int dry)
{
	long	 changed = 0, n;
	size_t	 k;

	for (k = 0; k < KIND__MAX; k++) {
		const long *c = rep->count[k];

		n = c[DB_CREATED] + c[DB_UPDATED] + c[DB_UNCHANGED];
		if (n == 0)
			continue;
		changed += c[DB_CREATED] + c[DB_UPDATED];
		fprintf(f, "  %-14s %6ld: %ld new, %ld updated, %ld unchanged\n",
		    model_kinds[k].plural, n, c[DB_CREATED], c[DB_UPDATED],
		    c[DB_UNCHANGED]);
	}
	if (rep->matched[KIND_CITY] > 0)
		fprintf(f, "  %ld cities matched to stored cities\n",
		    rep->matched[KIND_CITY]);
	if (rep->skipsz > 0)
		fprintf(f, "  %zu entries not imported as such (see --report)\n",
		    rep->skipsz);
	if (dry)
		fprintf(f, "dry run: %ld records checked, %ld would change; "
		    "nothing was stored\n", rep->records, changed);
	else if (changed == 0)
		fprintf(f, "%ld records read; nothing changed\n", rep->records);
	else
		fprintf(f, "%ld records read; %ld stored\n", rep->records,
		    changed);
}

/* ---- import --format twinning ------------------------------------------ */

static void
twinning_summary(FILE *f, const struct io_twinning_report *rep, int dry,
    const char *report_path)
{
	const long	*ci = rep->base.count[KIND_CITY];
	const long	*pa = rep->base.count[KIND_PARTNERSHIP];
	long		 changed = 0, unres = 0;
	size_t		 k;

	for (k = 0; k < KIND__MAX; k++)
		changed += rep->base.count[k][DB_CREATED] +
		    rep->base.count[k][DB_UPDATED];
	for (k = 0; k < IO_UNRES__MAX; k++)
		unres += rep->unres[k];
	fprintf(f, "%ld pairs read in %.1f s (%ld repeated, e.g. in the other "
	    "direction)\n", rep->pairs, rep->seconds, rep->repeats);
	fprintf(f, "  %-14s %6ld: %ld new, %ld already stored\n", "cities",
	    ci[DB_CREATED] + ci[DB_UPDATED] + ci[DB_UNCHANGED], ci[DB_CREATED],
	    ci[DB_UPDATED] + ci[DB_UNCHANGED]);
	fprintf(f, "  %-14s %6ld: %ld new, %ld already stored\n",
	    "partnerships", pa[DB_CREATED] + pa[DB_UPDATED] + pa[DB_UNCHANGED],
	    pa[DB_CREATED], pa[DB_UPDATED] + pa[DB_UNCHANGED]);
	if (rep->by_alt + rep->by_similar > 0)
		fprintf(f, "  %-14s %6ld: names found as a place's alternate "
		    "name (%ld, such as Cologne for Köln) or as another "
		    "spelling of the place at the given point (%ld)\n",
		    "other names", rep->by_alt + rep->by_similar, rep->by_alt,
		    rep->by_similar);
	fprintf(f, "  %-14s %6ld: names not resolved to a city, so %ld pairs "
	    "left out\n", "unresolved", unres, rep->pairs_unresolved);
	for (k = 0; k < IO_UNRES__MAX; k++)
		if (rep->unres[k] > 0)
			fprintf(f, "    %-18s %6ld\n", io_unres_names[k],
			    rep->unres[k]);
	if (unres > 0)
		fprintf(f, report_path ? "the unresolved names are listed in "
		    "%s\n" : "list them with --report FILE\n", report_path);
	if (dry)
		fprintf(f, "dry run: %ld records would change; nothing was "
		    "stored\n", changed);
	else if (changed == 0)
		fprintf(f, "nothing changed\n");
	else
		fprintf(f, "%ld records stored\n", changed);
}

static int
import_twinning(struct cli *c, const char *file, const char *report_path,
    struct io_twinning_opts *tw, int quiet)
{
	struct io_twinning_report rep;
	struct buf		 gz = { 0 };
	struct db		*db;
	FILE			*f;
	enum err		 e;
	int			 rc = EXIT_OK;

	if (tw->gazetteer == NULL) {
		buf_printf(&gz, "%s/gazetteer.tsv.gz", c->data_dir);
		tw->gazetteer = gz.p;
	}
	if ((db = cli_open(c, 1)) == NULL) {
		buf_free(&gz);
		return EXIT_IO;
	}
	e = io_twinning_import(db, file, tw, &rep);
	if (e != ERR_OK)
		rc = import_failed(&rep.base, e);
	else {
		if (report_path) {
			if ((f = fopen(report_path, "w")) == NULL) {
				cli_warn("import: cannot write %s: %s",
				    report_path, strerror(errno));
				rc = EXIT_IO;
			} else {
				io_twinning_report_tsv(f, &rep);
				if (fclose(f) != 0) {
					cli_warn("import: cannot write %s",
					    report_path);
					rc = EXIT_IO;
				}
			}
		}
		if (!quiet)
			twinning_summary(stdout, &rep, tw->dry_run,
			    report_path);
	}
	io_twinning_report_free(&rep);
	db_close(db);
	buf_free(&gz);
	return rc;
}

int
cli_import(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		OPT_DB, OPT_HELP,
		{ "dry-run", no_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "author", required_argument, NULL, 'a' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "report", required_argument, NULL, 'r' },
		{ "gazetteer", required_argument, NULL, 'g' },
		{ "max-km", required_argument, NULL, 'k' },
		{ "as-of", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct io_import_opts	 io = { IO_AUTO, 0, 1, NULL, NULL };
	struct io_twinning_opts	 tw = { NULL, GEO_MAXKM_DEFAULT, 0, 1, NULL };
	const char		*report_path = NULL;
	char			*end;
	int			 twinning = 0;
	struct io_report	 rep;
	struct db		*db;
	enum err		 e;
	int			 ch, quiet = 0, rc;

	io.author = default_author();
	while ((ch = getopt_long(argc, argv, "nf:a:qh", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': c->db_path = optarg; break;
		case 'r': report_path = optarg; break;
		case 'g': tw.gazetteer = optarg; break;
		case 'o':
			if (!model_date_valid(optarg)) {
				cli_warn("import: --as-of: \"%s\" is not a date "
				    "(YYYY, YYYY-MM or YYYY-MM-DD)", optarg);
				return EXIT_USAGE;
			}
			io.as_of = optarg;
			break;
		case 'k':
			tw.maxkm = strtod(optarg, &end);
			if (*end || end == optarg || !(tw.maxkm > 0)) {
				cli_warn("import: --max-km takes a distance "
				    "in km, not \"%s\"", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'n': io.dry_run = 1; break;
		case 'a': io.author = optarg; break;
		case 'q': quiet = 1; io.progress = 0; break;
		case 'f':
			if (strcmp(optarg, "twinning") == 0)
				twinning = 1;
			else if (import_format(optarg, &io.format) != 0) {
				cli_warn("import: --format must be json, csv, "
				    "eurocities or twinning, not \"%s\"", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			printf("usage: intercity import [--dry-run] "
			    "[--format json|csv|eurocities] [--author NAME] "
			    "[--quiet] [--report FILE]\n"
			    "           [--as-of DATE] FILE...\n"
			    "       intercity import --format twinning "
			    "[--report FILE] [--max-km KM]\n"
			    "           [--gazetteer FILE] [--dry-run] "
			    "[--author NAME] [--quiet] FILE\n\n"
			    "Imports JSON documents and CSV practice sheets "
			    "(see docs/FORMAT.md) in one\ntransaction: if "
			    "any record is invalid, nothing is stored. "
			    "Records are\nupserted by slug; each replaced "
			    "version is kept as a revision by NAME.\n"
			    "--dry-run checks everything and reports what "
			    "would change.\n"
			    "--format eurocities reads city-vote's Eurocities "
			    "member list (network,\ncities matched by Wikidata "
			    "id, memberships); --report FILE lists as TSV\n"
			    "the entries of such a file not imported as such, "
			    "with the reason;\n--as-of DATE, the day the list "
			    "was taken from eurocities.eu, adds the sourced\n"
			    "claim \"N members as of DATE\" (the file holds no "
			    "date of its own).\n"
			    "--format twinning reads a twin-town list (CSV "
			    "city1,country1[,lat1,lng1],\ncity2,country2"
			    "[,lat2,lng2]), reconciles each name to the "
			    "gazetteer (same country,\nwithin KM of the "
			    "given point, default %.0f) and stores cities and "
			    "\"twinning\"\npartnerships; --report writes "
			    "the names it could not resolve, with the\n"
			    "reason, as TSV.\n", GEO_MAXKM_DEFAULT);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_warn("import: name at least one file to import");
		return EXIT_USAGE;
	}
	if (twinning) {
		if (io.as_of != NULL) {
			cli_warn("import: --as-of goes with --format "
			    "eurocities");
			return EXIT_USAGE;
		}
		if (argc - optind != 1) {
			cli_warn("import: --format twinning takes one file");
			return EXIT_USAGE;
		}
		tw.dry_run = io.dry_run;
		tw.progress = io.progress;
		tw.author = io.author;
		return import_twinning(c, argv[optind], report_path, &tw,
		    quiet);
	}
	if ((report_path && io.format != IO_EUROCITIES) || tw.gazetteer ||
	    tw.maxkm != GEO_MAXKM_DEFAULT || (io.as_of != NULL &&
	    io.format != IO_EUROCITIES)) {
		cli_warn("import: --report goes with --format eurocities or "
		    "twinning, --gazetteer and --max-km with twinning, --as-of "
		    "with eurocities");
		return EXIT_USAGE;
	}
	if ((db = cli_open(c, 1)) == NULL)
		return EXIT_IO;
	e = io_import(db, argv + optind, (size_t)(argc - optind), &io, &rep);
	if (e != ERR_OK)
		rc = import_failed(&rep, e);
	else {
		if (!quiet)
			import_summary(stdout, &rep, io.dry_run);
		rc = EXIT_OK;
		if (report_path != NULL &&
		    import_report(report_path, &rep) != 0)
			rc = EXIT_IO;
	}
	io_report_free(&rep);
	db_close(db);
	return rc;
}

int
cli_init(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		OPT_DB, OPT_HELP,
		{ "demo", no_argument, NULL, 'D' },
		{ "data", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct io_import_opts	 io = { IO_JSON, 0, 1, "init", NULL };
	struct io_report	 rep;
	struct buf		 b = { 0 };
	struct db		*db;
	glob_t			 g = { 0 };
	char			**files = NULL;
	size_t			 n = 0, i;
	int			 ch, demo = 0, rc;
	enum err		 e;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': c->db_path = optarg; break;
		case 'D': demo = 1; break;
		case 'p': c->data_dir = optarg; break;
		case 'h':
			printf("usage: intercity init [--demo] [--data DIR]\n\n"
			    "Creates the store (or brings an older one up to "
			    "date) and loads the\ncountries and the topic "
			    "vocabulary from DIR (default %s).\n--demo also "
			    "loads the demo dataset from DIR/demo/*.json.\n",
			    c->data_dir);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_warn("init: unexpected argument \"%s\"", argv[optind]);
		return EXIT_USAGE;
	}
	buf_printf(&b, "%s/demo/*.json", c->data_dir);
	if (demo && glob(b.p, 0, NULL, &g) != 0) {
		cli_warn("init: no demo data in %s/demo", c->data_dir);
		buf_free(&b);
		return EXIT_IO;
	}
	buf_free(&b);
	if ((files = calloc(2 + g.gl_pathc, sizeof(*files))) == NULL) {
		globfree(&g);
		return EXIT_IO;
	}
	buf_printf(&b, "%s/countries.json", c->data_dir);
	files[n++] = buf_take(&b);
	buf_printf(&b, "%s/topics.json", c->data_dir);
	files[n++] = buf_take(&b);
	for (i = 0; demo && i < g.gl_pathc; i++)
		files[n++] = strdup(g.gl_pathv[i]);
	globfree(&g);

	if ((db = cli_open(c, 1)) == NULL) {
		rc = EXIT_IO;
		goto out;
	}
	if (db_opened_version(db) < DB_SCHEMA_VERSION)
		fprintf(stderr, "%s: schema %d %s\n", c->db_path,
		    DB_SCHEMA_VERSION, db_opened_version(db) == 0 ? "created" :
		    "migrated");
	e = io_import(db, files, n, &io, &rep);
	if (e != ERR_OK)
		rc = import_failed(&rep, e);
	else {
		import_summary(stdout, &rep, 0);
		rc = EXIT_OK;
	}
	io_report_free(&rep);
	db_close(db);
out:
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	return rc;
}

int
cli_export(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		OPT_DB, OPT_HELP,
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*out = NULL;
	struct buf	 tmp = { 0 };
	struct db	*db;
	FILE		*f = stdout;
	enum err	 e;
	int		 ch, csv = 0, rc = EXIT_OK;

	while ((ch = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': c->db_path = optarg; break;
		case 'o': out = optarg; break;
		case 'f':
			if (strcmp(optarg, "csv") == 0)
				csv = 1;
			else if (strcmp(optarg, "json") != 0) {
				cli_warn("export: --format must be json or "
				    "csv, not \"%s\"", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			printf("usage: intercity export [--format json|csv] "
			    "[--output FILE]\n\n"
			    "json (default): every record, sorted by kind and "
			    "slug; importing it into an\nempty store "
			    "reproduces this one. csv: the practices as a "
			    "sheet.\nWrites to standard output unless "
			    "--output names a file.\n");
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_warn("export: unexpected argument \"%s\"", argv[optind]);
		return EXIT_USAGE;
	}
	if ((db = cli_open(c, 0)) == NULL)
		return EXIT_IO;
	if (out != NULL) {
		/* Written aside and renamed: a failed export leaves no stub. */
		buf_printf(&tmp, "%s.tmp", out);
		if (tmp.oom || (f = fopen(tmp.p, "w")) == NULL) {
			cli_warn("export: cannot write %s: %s", out,
			    strerror(errno));
			rc = EXIT_IO;
			goto done;
		}
	}
	e = csv ? io_export_csv(db, f) : io_export_json(db, f);
	if (fflush(f) != 0 && e == ERR_OK)
		e = ERR_IO;
	if (out != NULL) {
		if (fclose(f) != 0 && e == ERR_OK)
			e = ERR_IO;
		if (e == ERR_OK && rename(tmp.p, out) != 0)
			e = ERR_IO;
		if (e != ERR_OK)
			unlink(tmp.p);
	}
	if (e != ERR_OK) {
		cli_warn("export failed: %s%s%s", err_str(e),
		    e == ERR_DB ? ": " : "", e == ERR_DB ? db_errmsg(db) : "");
		rc = EXIT_IO;
	}
done:
	buf_free(&tmp);
	db_close(db);
	return rc;
}

int
cli_stats(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		OPT_DB, OPT_HELP,
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct db	*db;
	long		 n;
	size_t		 k;
	int		 ch, json = 0;

	while ((ch = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': c->db_path = optarg; break;
		case 'j': json = 1; break;
		case 'h':
			printf("usage: intercity stats [--json]\n\n"
			    "Counts the records of each kind in the store.\n");
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if ((db = cli_open(c, 0)) == NULL)
		return EXIT_IO;
	if (json)
		fputc('{', stdout);
	for (k = 0; k < KIND__MAX; k++) {
		if (db_count(db, (enum kind)k, &n) != ERR_OK) {
			cli_warn("stats: %s", db_errmsg(db));
			db_close(db);
			return EXIT_IO;
		}
		if (json)
			printf("%s\"%s\": %ld", k ? ", " : "",
			    model_kinds[k].plural, n);
		else
			printf("%-14s %8ld\n", model_kinds[k].plural, n);
	}
	if (json)
		puts("}");
	db_close(db);
	return EXIT_OK;
}

/* KIND SLUG arguments shared by history and delete. */
static int
kind_slug(const char *cmd, int argc, char **argv, enum kind *k)
{
	if (argc - optind != 2) {
		cli_warn("%s: give a kind and a slug, such as: intercity %s "
		    "city barcelona", cmd, cmd);
		return -1;
	}
	if ((*k = model_kind_by_name(argv[optind])) == KIND__MAX) {
		cli_warn("%s: unknown kind \"%s\"", cmd, argv[optind]);
		return -1;
	}
	return 0;
}

static int
print_revision(const struct db_revision *r, void *arg)
{
	(void)arg;
	printf("revision %ld  %s  %s by %s\n%s\n\n", r->id, r->at, r->action,
	    r->author, r->data);
	return 0;
}

int
cli_history(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { OPT_DB, OPT_HELP,
	    { NULL, 0, NULL, 0 } };
	struct db	*db;
	json_t		*cur = NULL;
	enum kind	 k;
	int		 ch;
	char		*s;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': c->db_path = optarg; break;
		case 'h':
			printf("usage: intercity history KIND SLUG\n\n"
			    "Shows the earlier versions of a record, oldest "
			    "first, then the current one.\n");
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (kind_slug("history", argc, argv, &k) != 0)
		return EXIT_USAGE;
	if ((db = cli_open(c, 0)) == NULL)
		return EXIT_IO;
	if (db_history(db, k, argv[optind + 1], print_revision, NULL) !=
	    ERR_OK) {
		cli_warn("history: %s", db_errmsg(db));
		db_close(db);
		return EXIT_IO;
	}
	if (db_get(db, k, argv[optind + 1], &cur) == ERR_OK) {
		s = json_dumps(cur, 0);
		printf("current\n%s\n", s ? s : "");
		free(s);
		json_decref(cur);
	} else
		printf("current: none (deleted or never stored)\n");
	db_close(db);
	return EXIT_OK;
}

int
cli_delete(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { OPT_DB, OPT_HELP,
	    { "author", required_argument, NULL, 'a' }, { NULL, 0, NULL, 0 } };
	struct problem	 pb = { 0 };
	const char	*author = default_author();
	struct db	*db;
	enum kind	 k;
	enum err	 e;
	int		 ch;

	while ((ch = getopt_long(argc, argv, "a:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': c->db_path = optarg; break;
		case 'a': author = optarg; break;
		case 'h':
			printf("usage: intercity delete [--author NAME] KIND "
			    "SLUG\n\nDeletes a record; the deleted version "
			    "is kept (see intercity history).\n");
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (kind_slug("delete", argc, argv, &k) != 0)
		return EXIT_USAGE;
	if ((db = cli_open(c, 0)) == NULL)
		return EXIT_IO;
	e = db_delete(db, k, argv[optind + 1], author, &pb);
	if (e != ERR_OK)
		cli_warn("delete: %s", pb.msg ? pb.msg : e == ERR_DB ?
		    db_errmsg(db) : err_str(e));
	problem_clear(&pb);
	db_close(db);
	if (e == ERR_NOTFOUND || e == ERR_CONFLICT)
		return EXIT_DATA;
	return e == ERR_OK ? EXIT_OK : EXIT_IO;
}

/* io.h - import and export: JSON documents and CSV practice sheets.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_IO_H
#define INTERCITY_IO_H

#include <stdio.h>

#include <jansson.h>

#include "db.h"
#include "err.h"
#include "model.h"

/* At most this many errors are kept; later ones are only counted. */
#define IO_ERRORS_MAX	50

/* One error in an input file, with where it is. */
struct io_error {
	char	*file;	/* the file as named on the command line */
	long	 line;	/* 1-based; 0 when the error is not in one place */
	long	 column;/* 1-based, for syntax errors; 0 otherwise */
	char	*where;	/* "$.cities[3].country" or "column \"year\"", or NULL */
	char	*msg;	/* what is wrong */
};

/* An entry of a third-party file that was not imported as such, and why. */
struct io_skip {
	char	*name;		/* as the file writes it */
	char	*reason;	/* a sentence */
};

struct io_report {
	struct io_error	*errors;	/* the first IO_ERRORS_MAX errors */
	size_t		 errorsz;	/* entries in errors[] */
	size_t		 nerrors;	/* all errors, kept or not */
	long		 records;	/* records read */
	long		 count[KIND__MAX][DB_PUT__MAX]; /* by kind and result */
	long		 matched[KIND__MAX]; /* stored records an entry was
					    matched to instead of creating one */
	struct io_skip	*skips;		/* entries not imported as such */
	size_t		 skipsz;	/* entries in skips[] */
};

enum io_format {
	IO_AUTO,	/* by file name: .csv is CSV, anything else JSON */
	IO_JSON,
	IO_CSV,
	IO_EUROCITIES,	/* city-vote's Eurocities members, see io_eurocities.c */
	IO__MAX
};

struct io_import_opts {
	enum io_format	 format;
	int		 dry_run;	/* validate and count, store nothing */
	int		 progress;	/* show progress on stderr */
	const char	*author;	/* who the revisions are by */
	const char	*as_of;		/* eurocities: the date the list was
					   taken, for a member count claim;
					   NULL for none */
};

/*
 * Imports files into the store in one transaction: every record of every
 * file is valid and stored, or nothing is. Returns ERR_OK, ERR_INVALID when
 * the report holds errors (nothing was stored), ERR_IO or ERR_DB. The caller
 * frees the report with io_report_free().
 */
enum err	 io_import(struct db *, char *const *files, size_t filesz,
		    const struct io_import_opts *, struct io_report *);
void		 io_report_free(struct io_report *);
/* Adds a skipped entry to the report (copies the strings). */
void		 io_report_skip(struct io_report *, const char *name,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Writes the skipped entries as TSV: a header, then "name\treason". */
void		 io_report_skips_tsv(FILE *, const struct io_report *);
/* Writes one error as "file:line: where: msg". */
void		 io_error_print(FILE *, const struct io_error *);

/* Everything, deterministically: sorted by kind and slug. */
enum err	 io_export_json(struct db *, FILE *);
/* The practices as a CSV sheet (see docs/FORMAT.md). */
enum err	 io_export_csv(struct db *, FILE *);

/* ---- internals shared by the io_ files -------------------------------- */

/* A record read from a file, waiting to be checked and stored. */
struct io_rec {
	enum kind	 kind;
	json_t		*rec;
	size_t		 file;	/* index into the import's files */
	size_t		 index;	/* JSON: index in its array */
	long		 line;	/* CSV: the row's first line; JSON: 0 */
};

struct io_source {
	char		*name;	/* as given */
	char		*text;	/* the whole file, for locating lines */
	size_t		 len;	/* bytes in text */
	enum io_format	 format;
};

struct io_recs {
	struct io_rec	*v;	/* records in file order */
	size_t		 n;	/* entries used in v */
	size_t		 cap;	/* entries allocated in v */
};

enum err	 io_recs_add(struct io_recs *, enum kind, json_t *, size_t file,
		    size_t index, long line);

/* Adds an error to the report (copies the strings). */
void		 io_report_add(struct io_report *, const char *file, long line,
		    long column, const char *where, const char *fmt, ...)
		    __attribute__((format(printf, 6, 7)));

/*
 * Reads the records of a JSON document. Syntax and shape errors go to the
 * report; returns ERR_INVALID if there were any.
 */
enum err	 io_json_read(const struct io_source *, size_t file,
		    struct io_recs *, struct io_report *);
/*
 * The line where the value at a path starts, for messages: path components
 * are the document key, the index in its array, then the field path inside
 * the record ("parties[1].city"). Returns the line of the deepest component
 * found.
 */
long		 io_json_line(const char *text, size_t len, const char *key,
		    size_t index, const char *fieldpath);

enum err	 io_csv_read(const struct io_source *, size_t file,
		    struct io_recs *, struct io_report *);
/* The CSV column a field path comes from ("title.en" -> "title:en"). */
char		*io_csv_column(const char *fieldpath);

/*
 * Reads the Eurocities member list (members-wikidata-enriched.json) into the
 * records that make the network, its new member cities and its memberships.
 * Cities are matched to stored ones (by Wikidata id, then by name and
 * country), so the reader needs the store. Errors go to the report as
 * "$.members[3].wikidata_id"; returns ERR_INVALID if there were any. The
 * file holds no date; with as_of (the day the list was taken from the
 * network's website) it also makes the claim "N members as of as_of", N
 * being the names listed, matched or not.
 */
enum err	 io_eurocities_read(const struct io_source *, size_t file,
		    struct db *, const char *as_of, struct io_recs *,
		    struct io_report *);

/*
 * RFC 4180 field writer for exports: quotes when needed. Exposed for tests.
 */
void		 io_csv_field(FILE *, const char *);

/* ---- twin-town lists (io_twinning.c) ------------------------------------- */

/* Why one side of a twinning pair could not be made a city. */
enum io_unres {
	IO_UNRES_NO_NAME,	/* the city or the country is empty */
	IO_UNRES_COUNTRY,	/* the country name is not one we know */
	IO_UNRES_REGION,	/* not in the gazetteer, and named like a region,
				   district or borough */
	IO_UNRES_NOT_FOUND,	/* no place of that name in that country */
	IO_UNRES_TOO_FAR,	/* places of that name, all too far from the
				   given coordinates */
	IO_UNRES_SAME_CITY,	/* both sides are the same place */
	IO_UNRES__MAX
};

/* "unknown-country" etc.: the reason column of the report. */
extern const char *const io_unres_names[IO_UNRES__MAX];

struct io_unresolved {
	long		 line;		/* 1-based line in the file */
	int		 side;		/* 1 or 2; 0 for the pair */
	char		*name;		/* as written */
	char		*country;	/* as written */
	enum io_unres	 why;
	char		*detail;	/* a sentence, or NULL */
};

struct io_twinning_opts {
	const char	*gazetteer;	/* data/gazetteer.tsv.gz */
	double		 maxkm;		/* acceptance radius for coordinates */
	int		 dry_run;	/* check and count, store nothing */
	int		 progress;	/* show progress on stderr if a tty */
	const char	*author;	/* who the revisions are by */
};

struct io_twinning_report {
	struct io_report	 base;	  /* file errors; counts of records
					     stored by kind (count[][]), with
					     cities reused counted unchanged */
	long			 pairs;	  /* data rows read */
	long			 repeats; /* pairs already read in this file,
					     in either direction */
	long			 pairs_unresolved; /* pairs left out */
	long			 unres[IO_UNRES__MAX]; /* sides left out */
	long			 by_alt;  /* sides resolved by a place's
					     alternate name ("Cologne") */
	long			 by_similar; /* sides resolved by a similar
					     spelling near the point */
	struct io_unresolved	*list;	  /* every side left out, in order */
	size_t			 listsz;  /* entries in list[] */
	double			 seconds; /* the whole import */
};

/*
 * Imports a twin-town list (CSV "city1,country1,lat1,lng1,city2,country2,
 * lat2,lng2", or the same without coordinates) in one transaction: each side
 * is reconciled to the gazetteer and becomes a city (an existing one when its
 * GeoNames id, or its name and country, are already stored), each resolved
 * pair one "twinning" partnership, the same pair in both directions once.
 * Sides that cannot be resolved are listed in the report with the reason.
 * Returns ERR_OK, ERR_INVALID for a malformed file (errors in base; nothing
 * stored), ERR_IO or ERR_DB. Free the report with io_twinning_report_free().
 */
enum err	 io_twinning_import(struct db *, const char *file,
		    const struct io_twinning_opts *,
		    struct io_twinning_report *);
/* The same on a list already in memory (NUL-terminated, len bytes), named
 * file in messages. */
enum err	 io_twinning_import_text(struct db *, const char *file,
		    const char *text, size_t len,
		    const struct io_twinning_opts *,
		    struct io_twinning_report *);
void		 io_twinning_report_free(struct io_twinning_report *);
/* The unresolved list as TSV: line, side, name, country, reason, detail. */
void		 io_twinning_report_tsv(FILE *, const struct io_twinning_report *);

#endif

/* model.h - the entities of intercity, their fields and validation rules.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_MODEL_H
#define INTERCITY_MODEL_H

#include <jansson.h>

#include "err.h"

/*
 * Entity kinds, in dependency order: a kind only refers to kinds before it
 * (organisations also to other organisations, which imports order), so
 * importing kind by kind resolves every reference.
 */
enum kind {
	KIND_SOURCE,
	KIND_COUNTRY,
	KIND_TOPIC,
	KIND_CITY,
	KIND_GROUP,
	KIND_ORG,
	KIND_MEMBERSHIP,
	KIND_PARTNERSHIP,
	KIND_PRACTICE,
	KIND_COLLECTION,
	KIND_CLAIM,
	KIND__MAX
};

enum ftype {
	FT_TEXT,	/* a string */
	FT_INT,		/* an integer within [min, max] */
	FT_REAL,	/* a number within [min, max] */
	FT_BOOL,	/* true or false; absent is false */
	FT_DATE,	/* "2011", "2016-06" or "2016-06-28", kept as written */
	FT_ENUM,	/* one of values[] */
	FT_URL,		/* http:// or https:// */
	FT_LANG,	/* ISO 639-1 code */
	FT_WIKIDATA,	/* "Q" and digits */
	FT_CODE,	/* the country's own ISO 3166-1 alpha-2 code */
	FT_COUNTRY,	/* reference to a country by code */
	FT_REF,		/* reference by slug to a record of kind ref */
	FT_REFS,	/* list of distinct references, kept in order */
	FT_I18N,	/* text per language */
	FT_PARTIES,	/* partnership parties: cities or groups */
	FT_SUBJECT,	/* "kind/slug" of any record */
	FT__MAX
};

#define F_REQ	0x01	/* must be present */

struct field {
	const char		*name;	/* JSON key and, for scalars, SQL column */
	enum ftype		 type;
	unsigned		 flags;	/* F_* */
	long long		 min;	/* FT_INT/FT_REAL: lowest value */
	long long		 max;	/* text: most characters; numbers: highest */
	enum kind		 ref;	/* FT_REF, FT_REFS: the kind referred to */
	const char *const	*values; /* FT_ENUM: NULL-terminated */
	const char		*def;	/* FT_ENUM: value when absent, or NULL */
};

struct kinddef {
	const char		*name;	 /* "city": CLI, subjects, revisions */
	const char		*plural; /* "cities": the JSON document's key */
	const char		*table;	 /* SQL table of the kind's scalars */
	const struct field	*fields; /* in canonical (export) order */
	size_t			 fieldsz; /* entries in fields[] */
};

extern const struct kinddef model_kinds[KIND__MAX];

/* Languages of the interface and of the demo content, in sorted order. */
extern const char *const model_langs[];
#define MODEL_LANGSZ	5

#define MODEL_SLUG_MAX	120

/* Kind by singular or plural name; returns KIND__MAX when unknown. */
enum kind	 model_kind_by_name(const char *);
/* Field of a kind by name, or NULL. */
const struct field *model_field(enum kind, const char *name);

/*
 * Validates a record of the given kind in place and brings it to its stored
 * form: text to Unicode NFC, coordinates to 6 decimals, a derived slug added
 * where the kind allows one. References are only checked for syntax here;
 * the store resolves them. On error returns ERR_INVALID (or ERR_NOMEM) and
 * fills the problem with the field path and what is wrong.
 */
enum err	 model_check(enum kind, json_t *rec, struct problem *);

/*
 * The record's slug, or NULL if it has none. A country's slug is its code in
 * lower case, written into code[] (which the result then points to).
 */
const char	*model_slug(enum kind, json_t *rec, char code[3]);

/* ---- rules shared with other modules ---------------------------------- */

int	 model_slug_valid(const char *);
/* A date with year, year-month or full precision that exists. */
int	 model_date_valid(const char *);
/* "2026-11-23T10:00:00Z". */
int	 model_stamp_valid(const char *);
/* Writes the current UTC time as a stamp into out[21]. */
void	 model_stamp_now(char out[21]);
/* Well-formed UTF-8 without NUL bytes, overlongs or surrogates. */
int	 model_utf8_valid(const char *, size_t);
/* Number of code points in valid UTF-8. */
size_t	 model_utf8_len(const char *);
int	 model_lang_valid(const char *);
/*
 * Compares two dates on the precision they share: -1, 0 or 1. "2016" and
 * "2016-06-28" compare equal.
 */
int	 model_date_cmp(const char *, const char *);

#endif

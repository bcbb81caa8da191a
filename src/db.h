/* db.h - the store: the source of truth for every record.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_DB_H
#define INTERCITY_DB_H

#include <jansson.h>

#include "err.h"
#include "model.h"

struct db;

/* The schema version this build writes (PRAGMA user_version). */
#define DB_SCHEMA_VERSION	1

/*
 * Opens or creates the store at path and migrates it forward to
 * DB_SCHEMA_VERSION. On error returns NULL and, if msg is not NULL, a
 * sentence saying why in *msg (the caller frees it).
 */
struct db	*db_open(const char *path, char **msg);
void		 db_close(struct db *);
/* The version the file had when it was opened (0 for a new file). */
int		 db_opened_version(const struct db *);
/* The last message of the underlying engine, for ERR_DB. */
const char	*db_errmsg(struct db *);

/* A transaction around many writes. Writes outside one commit each alone. */
enum err	 db_begin(struct db *);
enum err	 db_commit(struct db *);
enum err	 db_rollback(struct db *);

enum db_put_result {
	DB_CREATED,
	DB_UPDATED,
	DB_UNCHANGED,
	DB_PUT__MAX
};

/*
 * Stores a record checked by model_check(): creates it, or replaces the
 * record with the same slug, keeping the replaced version as a revision by
 * author. A replacement that changes nothing leaves the store untouched.
 * References are resolved here: an unknown one is ERR_INVALID with the
 * problem filled in (field path and message).
 */
enum err	 db_put(struct db *, enum kind, json_t *rec, const char *author,
		    enum db_put_result *, struct problem *);

/*
 * The stored record in canonical form (the JSON import format, fields in
 * descriptor order, languages sorted), or NULL with ERR_NOTFOUND. The caller
 * owns *out.
 */
enum err	 db_get(struct db *, enum kind, const char *slug, json_t **out);

/*
 * Deletes a record, keeping it as a revision. ERR_CONFLICT (with a problem
 * saying what still refers to it) when other records refer to it.
 */
enum err	 db_delete(struct db *, enum kind, const char *slug,
		    const char *author, struct problem *);

/*
 * Calls cb with each record of a kind in canonical form, sorted by slug.
 * The callback borrows rec; a non-zero return stops the walk (and is not an
 * error). The callback must not call db_each itself.
 */
enum err	 db_each(struct db *, enum kind,
		    int (*cb)(json_t *rec, void *arg), void *arg);

enum err	 db_count(struct db *, enum kind, long *);

/*
 * A number that changes whenever another connection commits to the store
 * (SQLite's PRAGMA data_version): a reader polls it to learn of writes.
 */
enum err	 db_data_version(struct db *, long *);

struct db_revision {
	long		 id;
	const char	*action;	/* "update" or "delete" */
	const char	*author;
	const char	*at;		/* UTC stamp */
	const char	*data;		/* the previous version, as JSON */
};

/* Calls cb with each revision of a record, oldest first. */
enum err	 db_history(struct db *, enum kind, const char *slug,
		    int (*cb)(const struct db_revision *, void *), void *arg);

/*
 * For a claim marked preferred: the slug of another preferred claim on the
 * same subject and property, if any (the caller frees *rival; NULL if none).
 * Imports ask once everything is written, so a file may move the preference
 * from one claim to another.
 */
enum err	 db_claim_rival(struct db *, const char *slug, char **rival);

/*
 * For tests of migrations: creates a new file holding the schema as it was
 * at the given earlier version. Returns ERR_OK or ERR_DB.
 */
enum err	 db_create_at_version(const char *path, int version);

#endif

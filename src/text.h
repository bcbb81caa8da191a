/* text.h - text analysis: words, folding, elisions, stopwords, stemming.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_TEXT_H
#define INTERCITY_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Content languages with a stemmer and stopwords, in sorted order. */
enum text_lang {
	TEXT_CA,
	TEXT_EN,
	TEXT_ES,
	TEXT_FR,
	TEXT_IT,
	TEXT_LANG__MAX
};
/* Text of no particular language (names): folded, never stemmed. */
#define TEXT_NOLANG	TEXT_LANG__MAX

/* Longest word kept, in bytes of folded UTF-8; longer words are cut. */
#define TEXT_WORD_MAX	128

/* "ca" -> TEXT_CA; anything else -> TEXT_NOLANG. */
enum text_lang	 text_lang(const char *code);
const char	*text_lang_code(enum text_lang);

/*
 * A word of a text, as text_words() finds it. The strings are borrowed for
 * the callback only.
 */
struct text_word {
	const char	*lower;	 /* NFKC, case-folded, accents kept: "gènere" */
	size_t		 lowersz; /* bytes in lower */
	const char	*folded; /* lower without accents: "genere" */
	size_t		 foldedsz; /* bytes in folded */
	uint32_t	 pos;	 /* position: 0, 1, 2, ... in the text */
	size_t		 start;	 /* first byte of the word in the input */
	size_t		 end;	 /* one past its last byte */
	int		 whole;	 /* the whole of a hyphenated compound, at the
				    position of its first part */
	const char	*raw;	 /* the word's bytes as written (elisions and
				    joiners taken out, compound parts joined) */
	size_t		 rawsz;	 /* bytes in raw */
};

/*
 * Splits UTF-8 text into words, the way the five content languages write
 * them: "col·laboració" and "col.laboració" are one word; elisions are split
 * off and dropped ("l'Havana" -> "havana", "dell'", "qu'"); an English
 * possessive "'s" is dropped; a hyphenated word gives its parts and then the
 * whole; numbers are words. Calls cb for each word; a non-zero return stops.
 * Returns ERR_INVALID if the text is not valid UTF-8.
 */
enum err	 text_words(const char *s, size_t n,
		    int (*cb)(const struct text_word *, void *), void *arg);

/*
 * As text_words, but lower and folded are left NULL (sizes 0): the callback
 * has raw, and calls text_word_norm() for the rest only if it needs it.
 * For a caller that remembers what it made of each word as written.
 */
enum err	 text_words_raw(const char *s, size_t n,
		    int (*cb)(const struct text_word *, void *), void *arg);
/*
 * Copies a word of text_words_raw to out with lower and folded made, in the
 * buffers given. Returns 0 when nothing is left of the word (only marks):
 * text_words skips such words.
 */
int		 text_word_norm(const struct text_word *, struct text_word *out,
		    char lower[TEXT_WORD_MAX + 1], char folded[TEXT_WORD_MAX + 1]);

/* Whether a folded word is a stopword of the language. */
int		 text_stopword(enum text_lang, const char *folded, size_t n);

/*
 * Stemmers are not thread-safe: each thread makes its own set.
 * text_stemmers_new() returns NULL when out of memory.
 */
struct text_stemmers;
struct text_stemmers *text_stemmers_new(void);
void		 text_stemmers_free(struct text_stemmers *);

/*
 * The term a word is indexed and searched under in a language: the Snowball
 * stem of the word, without accents. Stemmers know their language's accents,
 * so the stem of the accented form is the better one, and the one where
 * languages meet ("cooperació" and "cooperación" both give "cooper"). Text
 * written without accents stems differently ("cooperacio" gives "cooperac"),
 * so with unaccented set the folded form is stemmed instead: the index keeps
 * both terms where they differ, and a query tries both. TEXT_NOLANG gives
 * the folded word. The result goes to out (NUL-terminated, at most
 * TEXT_WORD_MAX bytes); its length is returned.
 */
size_t		 text_stem(struct text_stemmers *, enum text_lang,
		    const struct text_word *, int unaccented,
		    char out[TEXT_WORD_MAX + 1]);

/*
 * Folds a whole string (case, compatibility forms, accents) into out, for
 * comparisons outside word analysis. Returns ERR_INVALID on invalid UTF-8.
 */
enum err	 text_fold(const char *s, size_t n, char **out, size_t *outsz);

/* ---- internals shared by the text_ files ------------------------------ */

/*
 * Normalizes UTF-8 (NFKC and case folding; without accents if strip) into
 * out, cut on a character boundary to fit cap - 1 bytes, NUL-terminated.
 * The input must be valid UTF-8. Returns the length written.
 */
size_t		 text_norm(const char *s, size_t n, int strip, char *out,
		    size_t cap);
/* Whether the n bytes of w are one of the sorted strings of list. */
int		 text_listed(const char *const *list, size_t listsz,
		    const char *w, size_t n);

#endif

/* text_stem.c - languages, stopwords and Snowball stemming.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "text.h"

static const char *const codes[TEXT_LANG__MAX] = { "ca", "en", "es", "fr",
    "it" };
static const char *const snowball[TEXT_LANG__MAX] = { "catalan", "english",
    "spanish", "french", "italian" };

/*
 * Stopwords: the function words of each language, folded (no accents) and
 * sorted for binary search. Short on purpose: a word that carries meaning in
 * one language ("son", "era") is only dropped in its own.
 */
static const char *const stop_ca[] = {
	"a", "al", "als", "amb", "aquell", "aquella", "aquest", "aquesta",
	"aquestes", "aquests", "de", "del", "dels", "des", "el", "els", "en",
	"entre", "era", "es", "esta", "et", "fins", "fou", "ha", "han", "hi",
	"ho", "i", "ja", "jo", "la", "les", "li", "lo", "me", "mes", "molt",
	"ni", "no", "o", "on", "per", "pero", "perque", "que", "qui", "se",
	"sense", "seu", "seus", "seva", "seves", "si", "sobre", "son", "sota",
	"tambe", "te", "tot", "tots", "un", "una", "unes", "uns", "va", "van",
};

static const char *const stop_en[] = {
	"a", "about", "after", "all", "also", "an", "and", "any", "are", "as",
	"at", "be", "been", "but", "by", "can", "could", "did", "do", "does",
	"for", "from", "had", "has", "have", "he", "her", "his", "how", "i",
	"if", "in", "into", "is", "it", "its", "may", "more", "most", "not",
	"of", "on", "or", "our", "she", "so", "such", "than", "that", "the",
	"their", "them", "then", "there", "these", "they", "this", "those",
	"to", "under", "up", "was", "we", "were", "what", "when", "where",
	"which", "while", "who", "will", "with", "would", "you", "your",
};

static const char *const stop_es[] = {
	"a", "al", "algo", "algunos", "ante", "antes", "como", "con",
	"contra", "cual", "cuando", "de", "del", "desde", "donde", "durante",
	"e", "el", "ella", "ellas", "ellos", "en", "entre", "era", "es",
	"esa", "ese", "eso", "esta", "estas", "este", "esto", "estos", "fue",
	"ha", "han", "hasta", "hay", "la", "las", "le", "les", "lo", "los",
	"mas", "me", "mi", "muy", "ni", "no", "nos", "o", "os", "para",
	"pero", "por", "porque", "que", "se", "sea", "ser", "si", "sin",
	"sobre", "son", "su", "sus", "tambien", "tanto", "te", "tiene",
	"todo", "todos", "tu", "un", "una", "unas", "uno", "unos", "y", "ya",
};

static const char *const stop_fr[] = {
	"a", "au", "aux", "avec", "ce", "ces", "cette", "comme", "dans", "de",
	"des", "du", "elle", "en", "entre", "est", "et", "ete", "il", "ils",
	"je", "la", "le", "les", "leur", "leurs", "lui", "mais", "me", "meme",
	"mes", "ne", "ni", "nos", "notre", "nous", "on", "ou", "par", "pas",
	"pour", "qu", "que", "qui", "sa", "sans", "se", "ses", "si", "son",
	"sont", "sur", "ta", "te", "tes", "toi", "ton", "tous", "tout",
	"tres", "tu", "un", "une", "vos", "votre", "vous", "y",
};

static const char *const stop_it[] = {
	"a", "ad", "agli", "ai", "al", "alla", "alle", "anche", "che", "chi",
	"ci", "come", "con", "da", "dal", "dalla", "dei", "del", "della",
	"delle", "dello", "di", "e", "ed", "gli", "ha", "hanno", "i", "il",
	"in", "io", "la", "le", "lei", "lo", "loro", "lui", "ma", "mi", "ne",
	"nei", "nel", "nella", "noi", "non", "o", "per", "piu", "quale",
	"quando", "quella", "quello", "questa", "questo", "se", "si", "sia",
	"sono", "su", "sua", "sue", "sul", "sulla", "suo", "suoi", "tra",
	"tu", "un", "una", "uno", "vi",
};

#define LIST(a)	{ a, sizeof(a) / sizeof((a)[0]) }
static const struct {
	const char *const	*words;
	size_t			 wordsz;
} stops[TEXT_LANG__MAX] = {
	LIST(stop_ca), LIST(stop_en), LIST(stop_es), LIST(stop_fr),
	LIST(stop_it),
};

enum text_lang
text_lang(const char *code)
{
	size_t	 i;

	for (i = 0; i < TEXT_LANG__MAX; i++)
		if (strcmp(code, codes[i]) == 0)
			return (enum text_lang)i;
	return TEXT_NOLANG;
}

const char *
text_lang_code(enum text_lang l)
{
	return l < TEXT_LANG__MAX ? codes[l] : "";
}

int
text_listed(const char *const *list, size_t listsz, const char *w, size_t n)
{
	size_t	 lo = 0, hi = listsz, mid;
	int	 c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strncmp(w, list[mid], n);
		if (c == 0 && list[mid][n] != '\0')
			c = -1;
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

int
text_stopword(enum text_lang l, const char *w, size_t n)
{
	if (l >= TEXT_LANG__MAX)
		return 0;
	return text_listed(stops[l].words, stops[l].wordsz, w, n);
}

/*
 * Stemming is the dearest step of indexing, and words follow Zipf's law: a
 * small direct-mapped cache of (language, form, word) -> stem answers most
 * of them. Words longer than a slot are stemmed every time.
 */
#define CACHE_SLOTS	65536	/* a power of two */
#define CACHE_WORD	30	/* bytes of word or stem a slot holds */

struct cache_slot {
	uint8_t	 key;		/* language * 2 + unaccented, + 1; 0 empty */
	uint8_t	 inlen;
	uint8_t	 outlen;
	char	 in[CACHE_WORD];
	char	 out[CACHE_WORD];
};

struct text_stemmers {
	struct sb_stemmer	*s[TEXT_LANG__MAX];
	struct cache_slot	*cache;	/* CACHE_SLOTS entries */
};

struct text_stemmers *
text_stemmers_new(void)
{
	struct text_stemmers	*ts;
	size_t			 i;

	if ((ts = calloc(1, sizeof(*ts))) == NULL)
		return NULL;
	if ((ts->cache = calloc(CACHE_SLOTS, sizeof(*ts->cache))) == NULL) {
		free(ts);
		return NULL;
	}
	for (i = 0; i < TEXT_LANG__MAX; i++)
		if ((ts->s[i] = sb_stemmer_new(snowball[i], "UTF_8")) ==
		    NULL) {
			text_stemmers_free(ts);
			return NULL;
		}
	return ts;
}

void
text_stemmers_free(struct text_stemmers *ts)
{
	size_t	 i;

	if (ts == NULL)
		return;
	for (i = 0; i < TEXT_LANG__MAX; i++)
		if (ts->s[i])
			sb_stemmer_delete(ts->s[i]);
	free(ts->cache);
	free(ts);
}

size_t
text_stem(struct text_stemmers *ts, enum text_lang l,
    const struct text_word *w, int unaccented, char out[TEXT_WORD_MAX + 1])
{
	const sb_symbol		*st;
	const char		*in = unaccented ? w->folded : w->lower;
	size_t			 insz = unaccented ? w->foldedsz : w->lowersz;
	size_t			 i, n;
	struct cache_slot	*c = NULL;
	uint32_t		 h = 2166136261u;
	uint8_t			 key;

	/* Names and numbers are not stemmed. */
	for (i = 0; i < w->foldedsz && w->folded[i] >= '0' &&
	    w->folded[i] <= '9'; i++)
		;
	if (l >= TEXT_LANG__MAX || i == w->foldedsz) {
		memcpy(out, w->folded, w->foldedsz + 1);
		return w->foldedsz;
	}
	key = (uint8_t)(l * 2 + (unaccented ? 1 : 0) + 1);
	if (insz <= CACHE_WORD) {
		for (i = 0; i < insz; i++) {
			h ^= (uint8_t)in[i];
			h *= 16777619u;
		}
		h ^= key;
		h *= 16777619u;
		c = &ts->cache[h & (CACHE_SLOTS - 1)];
		if (c->key == key && c->inlen == insz &&
		    memcmp(c->in, in, insz) == 0) {
			memcpy(out, c->out, c->outlen);
			out[c->outlen] = '\0';
			return c->outlen;
		}
	}
	if ((st = sb_stemmer_stem(ts->s[l], (const sb_symbol *)in,
	    (int)insz)) == NULL || sb_stemmer_length(ts->s[l]) <= 0) {
		memcpy(out, w->folded, w->foldedsz + 1);
		return w->foldedsz;
	}
	/* Stems of accented words keep accents: fold them ("éduc"). */
	n = text_norm((const char *)st, (size_t)sb_stemmer_length(ts->s[l]),
	    1, out, TEXT_WORD_MAX + 1);
	if (c != NULL && n <= CACHE_WORD) {
		c->key = key;
		c->inlen = (uint8_t)insz;
		c->outlen = (uint8_t)n;
		memcpy(c->in, in, insz);
		memcpy(c->out, out, n);
	}
	return n;
}

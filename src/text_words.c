/* text_words.c - splitting text into words and folding them.
 * SPDX-License-Identifier: MIT */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <utf8proc.h>

#include "buf.h"
#include "text.h"

/* Raw bytes kept of one word before normalization; the rest is skipped. */
#define RAW_MAX		(4 * TEXT_WORD_MAX)

/* Prefixes that elide before a vowel: Catalan, French, Italian. */
static const char *const elisions[] = {
	"all", "bell", "c", "coll", "d", "dall", "dell", "j", "jusqu", "l",
	"lorsqu", "m", "n", "nell", "nessun", "pell", "presqu", "puisqu", "qu",
	"quell", "quelqu", "quest", "quoiqu", "s", "sant", "sull", "t", "un",
};

static int
is_word_cp(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

static int
is_letter(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static int
is_apostrophe(utf8proc_int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02bc || cp == 0xff07;
}

static int
is_hyphen(utf8proc_int32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static int
is_l(utf8proc_int32_t cp)
{
	return cp == 'l' || cp == 'L';
}

/*
 * The Catalan geminated l: "l·l". The middle dot (and its look-alikes)
 * joins any two letters; a full stop or a bullet only joins l and l, as
 * people type "col.laboració" when the dot is hard to find.
 */
static int
is_joiner(utf8proc_int32_t prev, utf8proc_int32_t cp, utf8proc_int32_t next)
{
	if (cp == 0x00b7 || cp == 0x0387 || cp == 0x2027)
		return is_letter(prev) && is_letter(next);
	if (cp == '.' || cp == 0x2022 || cp == 0x2219 || cp == 0x22c5)
		return is_l(prev) && is_l(next);
	return 0;
}

/* The code point at s[i], or -1 at the end or on invalid UTF-8. */
static utf8proc_int32_t
peek(const char *s, size_t n, size_t i)
{
	utf8proc_int32_t	 cp = -1;

	if (i >= n)
		return -1;
	if (utf8proc_iterate((const utf8proc_uint8_t *)s + i,
	    (utf8proc_ssize_t)(n - i), &cp) < 0)
		return -1;
	return cp;
}

/*
 * Latin-1 letters (U+00C0..U+00FF, two bytes C3 xx in UTF-8) are most of
 * the non-ASCII text in the five languages. Without combining marks in the
 * word, each character normalizes on its own, so a table made once with
 * utf8proc itself (so it cannot disagree) spares the decomposition.
 */
struct l1norm {
	char	 out[2][8];	/* [strip]: the character normalized */
	uint8_t	 len[2];	/* bytes in out */
};

static struct l1norm	 l1[64];
static pthread_once_t	 l1_once = PTHREAD_ONCE_INIT;

static size_t	 norm_slow(const char *, size_t, int, char *, size_t);

static void
l1_init(void)
{
	char	 in[2];
	size_t	 c, strip;

	for (c = 0; c < 64; c++) {
		in[0] = (char)0xc3;
		in[1] = (char)(0x80 + c);
		for (strip = 0; strip < 2; strip++)
			l1[c].len[strip] = (uint8_t)norm_slow(in, 2, (int)strip,
			    l1[c].out[strip], sizeof(l1[c].out[strip]));
	}
}

/* The fast path: -1 if the text has other than ASCII and C3 xx. */
static ssize_t
norm_latin1(const char *s, size_t n, int strip, char *out, size_t cap)
{
	size_t	 i, o = 0, k, w;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 && ((unsigned char)s[i] !=
		    0xc3 || i + 1 == n || ((unsigned char)s[++i] & 0xc0) !=
		    0x80))
			return -1;
	pthread_once(&l1_once, l1_init);
	for (i = 0; i < n; i++) {
		unsigned char		 c = (unsigned char)s[i];
		const struct l1norm	*t;

		if (c < 0x80) {
			if (o + 1 >= cap)
				break;
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			continue;
		}
		t = &l1[(unsigned char)s[++i] - 0x80];
		/* Whole characters of the result only, as norm_slow cuts. */
		for (k = 0; k < t->len[strip]; k += w) {
			c = (unsigned char)t->out[strip][k];
			w = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
			if (o + w >= cap)
				goto done;
			memcpy(out + o, t->out[strip] + k, w);
			o += w;
		}
	}
done:
	out[o] = '\0';
	return (ssize_t)o;
}

size_t
text_norm(const char *s, size_t n, int strip, char *out, size_t cap)
{
	ssize_t	 fast;

	if (cap == 0)
		return 0;
	if ((fast = norm_latin1(s, n, strip, out, cap)) >= 0)
		return (size_t)fast;
	return norm_slow(s, n, strip, out, cap);
}

/*
 * Letters that carry their mark in the letter itself, which stripping
 * marks leaves alone: folded as people type them without the key (Łódź as
 * lodz, Ørsted as orsted, Ærø as aero). After case folding, so lower case.
 */
static const struct {
	utf8proc_int32_t cp;
	char		 to[3];
} bare_letters[] = {
	{ 0x00e6, "ae" }, { 0x00f0, "d" }, { 0x00f8, "o" }, { 0x00fe, "th" },
	{ 0x0111, "d" }, { 0x0127, "h" }, { 0x0131, "i" }, { 0x0142, "l" },
	{ 0x0153, "oe" }, { 0x0167, "t" },
};

static const char *
bare_letter(utf8proc_int32_t cp)
{
	size_t	 i;

	if (cp < 0x00e6 || cp > 0x0167)
		return NULL;
	for (i = 0; i < sizeof(bare_letters) / sizeof(bare_letters[0]); i++)
		if (bare_letters[i].cp == cp)
			return bare_letters[i].to;
	return NULL;
}

/*
 * The code points of s normalized (NFKC, case folded; with strip, marks
 * stripped and bare letters folded): in buf (bufsz entries) when they fit,
 * else in memory the caller frees; *k says how many. NULL on invalid
 * UTF-8 or out of memory.
 */
static utf8proc_int32_t *
norm_cps(const char *s, size_t n, int strip, utf8proc_int32_t *buf,
    size_t bufsz, utf8proc_ssize_t *k)
{
	utf8proc_int32_t	*cps = buf, *wide;
	utf8proc_ssize_t	 i, j, extra = 0;
	utf8proc_option_t	 opt = UTF8PROC_STABLE | UTF8PROC_COMPAT |
				    UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE |
				    (strip ? UTF8PROC_STRIPMARK : 0);
	const char		*to;

	*k = utf8proc_decompose((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)n, cps, (utf8proc_ssize_t)bufsz, opt);
	if (*k > (utf8proc_ssize_t)bufsz) {
		if ((cps = malloc((size_t)*k * sizeof(*cps))) == NULL)
			return NULL;
		*k = utf8proc_decompose((const utf8proc_uint8_t *)s,
		    (utf8proc_ssize_t)n, cps, *k, opt);
	}
	if (*k < 0)
		goto fail;
	if (!strip)
		return cps;
	for (i = 0; i < *k; i++)
		if ((to = bare_letter(cps[i])) != NULL && to[1] != '\0')
			extra++;
	if (extra == 0) {
		for (i = 0; i < *k; i++)
			if ((to = bare_letter(cps[i])) != NULL)
				cps[i] = (unsigned char)to[0];
		return cps;
	}
	/* Some letters become two: into a new, longer array. */
	if ((wide = malloc((size_t)(*k + extra) * sizeof(*wide))) == NULL)
		goto fail;
	for (i = 0, j = 0; i < *k; i++) {
		if ((to = bare_letter(cps[i])) == NULL) {
			wide[j++] = cps[i];
			continue;
		}
		wide[j++] = (unsigned char)to[0];
		if (to[1] != '\0')
			wide[j++] = (unsigned char)to[1];
	}
	if (cps != buf)
		free(cps);
	*k = j;
	return wide;
fail:
	if (cps != buf)
		free(cps);
	return NULL;
}

static size_t
norm_slow(const char *s, size_t n, int strip, char *out, size_t cap)
{
	utf8proc_int32_t	 stackbuf[1024], *cps;
	utf8proc_ssize_t	 k, len;
	size_t			 i, o;

	if (cap == 0)
		return 0;
	/* ASCII, by far the most common case, needs no tables. */
	for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++)
		;
	if (i == n) {
		for (o = 0; o < n && o + 1 < cap; o++)
			out[o] = (char)((s[o] >= 'A' && s[o] <= 'Z') ?
			    s[o] + 32 : s[o]);
		out[o] = '\0';
		return o;
	}
	if ((cps = norm_cps(s, n, strip, stackbuf, 1024, &k)) == NULL) {
		out[0] = '\0';
		return 0;
	}
	/* Composes in place and writes UTF-8 over the code points. */
	len = utf8proc_reencode(cps, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (len < 0)
		len = 0;
	o = (size_t)len;
	if (o >= cap) {
		o = cap - 1;
		while (o > 0 && (((unsigned char *)cps)[o] & 0xc0) == 0x80)
			o--;
	}
	memcpy(out, cps, o);
	out[o] = '\0';
	if (cps != stackbuf)
		free(cps);
	return o;
}

enum err
text_fold(const char *s, size_t n, char **out, size_t *outsz)
{
	utf8proc_int32_t	 stackbuf[256], *cps;
	utf8proc_ssize_t	 k, len;
	enum err		 e = ERR_OK;

	*out = NULL;
	/* norm_cps says NULL to bad UTF-8 and to out of memory alike. */
	if (utf8proc_decompose((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)n, NULL, 0, UTF8PROC_STABLE) < 0)
		return ERR_INVALID;
	if ((cps = norm_cps(s, n, 1, stackbuf, 256, &k)) == NULL)
		return ERR_NOMEM;
	len = utf8proc_reencode(cps, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (len < 0)
		e = ERR_INVALID;
	else if ((*out = malloc((size_t)len + 1)) == NULL)
		e = ERR_NOMEM;
	else {
		memcpy(*out, cps, (size_t)len);
		(*out)[len] = '\0';
		if (outsz)
			*outsz = (size_t)len;
	}
	if (cps != stackbuf)
		free(cps);
	return e;
}

/* ---- the splitter -------------------------------------------------------- */

struct split {
	int		(*cb)(const struct text_word *, void *);
	void		*arg;
	int		 stop;		/* the callback asked to stop */
	uint32_t	 pos;		/* next word position */
	size_t		 rawsz;		/* bytes used in raw */
	size_t		 start, end;	/* the word's span in the input */
	utf8proc_int32_t last;		/* last code point of the word */
	/* A hyphenated compound being read. */
	size_t		 wholesz;	/* bytes used in whole */
	size_t		 wstart;	/* its first byte in the input */
	uint32_t	 wpos;		/* position of its first part */
	int		 parts;		/* parts emitted so far */
	int		 unnormalized;	/* text_words_raw */
	/* The buffers last: only the fields above need clearing. */
	char		 raw[RAW_MAX];	/* the word's bytes as written */
	char		 whole[RAW_MAX];/* the compound's parts' bytes, joined */
};

int
text_word_norm(const struct text_word *in, struct text_word *w,
    char lower[TEXT_WORD_MAX + 1], char folded[TEXT_WORD_MAX + 1])
{
	size_t	 i;

	*w = *in;
	w->foldedsz = text_norm(in->raw, in->rawsz, 1, folded,
	    TEXT_WORD_MAX + 1);
	if (w->foldedsz == 0)
		return 0;	/* only marks: nothing to find it by */
	for (i = 0; i < in->rawsz && (unsigned char)in->raw[i] < 0x80; i++)
		;
	if (i == in->rawsz) {
		/* ASCII: lower case is the folded form. */
		w->lower = folded;
		w->lowersz = w->foldedsz;
	} else {
		w->lowersz = text_norm(in->raw, in->rawsz, 0, lower,
		    TEXT_WORD_MAX + 1);
		w->lower = lower;
	}
	w->folded = folded;
	return 1;
}

static void
emit(struct split *sp, const char *raw, size_t rawsz, uint32_t pos,
    size_t start, size_t end, int whole)
{
	char			 lower[TEXT_WORD_MAX + 1];
	char			 folded[TEXT_WORD_MAX + 1];
	struct text_word	 r = { .raw = raw, .rawsz = rawsz, .pos = pos,
				    .start = start, .end = end, .whole = whole };
	struct text_word	 w;

	if (sp->stop || rawsz == 0)
		return;
	if (sp->unnormalized) {
		/* Every word of an index's texts: no copy. */
		if (sp->cb(&r, sp->arg))
			sp->stop = 1;
		return;
	}
	if (!text_word_norm(&r, &w, lower, folded))
		return;
	if (sp->cb(&w, sp->arg))
		sp->stop = 1;
}

/* Ends the current word: emits it, as a part of a compound or alone. */
static void
end_word(struct split *sp, int more_parts)
{
	if (sp->rawsz == 0)
		return;
	if (sp->parts == 0) {
		sp->wstart = sp->start;
		sp->wpos = sp->pos;
		sp->wholesz = 0;
	}
	emit(sp, sp->raw, sp->rawsz, sp->pos++, sp->start, sp->end, 0);
	if (more_parts || sp->parts > 0) {
		size_t	 k = sp->rawsz;

		if (sp->wholesz + k > RAW_MAX)
			k = RAW_MAX - sp->wholesz;
		memcpy(sp->whole + sp->wholesz, sp->raw, k);
		sp->wholesz += k;
		sp->parts++;
	}
	if (!more_parts && sp->parts > 1)
		emit(sp, sp->whole, sp->wholesz, sp->wpos, sp->wstart, sp->end,
		    1);
	if (!more_parts)
		sp->parts = 0;
	sp->rawsz = 0;
}

/* 1 for the bytes of ASCII letters and digits. */
static const uint8_t ascii_alnum[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

static int
is_elision(const char *raw, size_t n)
{
	char	 f[16];
	size_t	 fn;

	if (n >= sizeof(f) || (fn = text_norm(raw, n, 1, f, sizeof(f))) == 0)
		return 0;
	return text_listed(elisions, sizeof(elisions) / sizeof(elisions[0]),
	    f, fn);
}

static enum err
split_text(const char *s, size_t n, int raw,
    int (*cb)(const struct text_word *, void *), void *arg)
{
	struct split		 state, *sp = &state;
	utf8proc_int32_t	 cp, next;
	utf8proc_ssize_t	 len;
	size_t			 i = 0;
	enum err		 e = ERR_OK;

	/*
	 * About 1 KiB (two word buffers of RAW_MAX) on the stack: a search
	 * splits each query word, and a malloc there cost more than the rest.
	 * The buffers need no clearing: rawsz and wholesz say what is used.
	 */
	memset(sp, 0, offsetof(struct split, raw));
	sp->unnormalized = raw;
	sp->cb = cb;
	sp->arg = arg;
	while (i < n && !sp->stop) {
		unsigned char	 c = (unsigned char)s[i];

		/*
		 * ASCII letters and digits, most of any text, need no tables:
		 * a run of them is copied at once.
		 */
		if (ascii_alnum[c]) {
			size_t	 j = i + 1, k;

			while (j < n && ascii_alnum[(unsigned char)s[j]])
				j++;
			if (sp->rawsz == 0)
				sp->start = i;
			k = j - i;
			if (k > RAW_MAX - sp->rawsz)
				k = RAW_MAX - sp->rawsz;
			memcpy(sp->raw + sp->rawsz, s + i, k);
			sp->rawsz += k;
			sp->last = (unsigned char)s[j - 1];
			sp->end = i = j;
			continue;
		}
		/*
		 * Other ASCII ends a word, but for the three characters that
		 * may join words (l.l, elisions, compounds).
		 */
		if (c < 0x80 && c != '.' && c != '\'' && c != '-') {
			end_word(sp, 0);
			i++;
			continue;
		}
		/* Latin-1 letters, C3 80..BF but for the signs x and /. */
		if (c == 0xc3 && i + 1 < n && ((unsigned char)s[i + 1] &
		    0xc0) == 0x80 && (unsigned char)s[i + 1] != 0x97 &&
		    (unsigned char)s[i + 1] != 0xb7) {
			if (sp->rawsz == 0)
				sp->start = i;
			if (sp->rawsz + 2 <= RAW_MAX) {
				sp->raw[sp->rawsz++] = (char)c;
				sp->raw[sp->rawsz++] = s[i + 1];
			}
			sp->last = 0xc0 + ((unsigned char)s[i + 1] - 0x80);
			sp->end = i += 2;
			continue;
		}
		len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		    (utf8proc_ssize_t)(n - i), &cp);
		if (len < 0) {
			e = ERR_INVALID;
			break;
		}
		if (is_word_cp(cp)) {
			if (sp->rawsz == 0)
				sp->start = i;
			if (sp->rawsz + (size_t)len <= RAW_MAX) {
				memcpy(sp->raw + sp->rawsz, s + i, (size_t)len);
				sp->rawsz += (size_t)len;
			}
			sp->end = i + (size_t)len;
			sp->last = cp;
			i += (size_t)len;
			continue;
		}
		next = peek(s, n, i + (size_t)len);
		if (sp->rawsz > 0 && next >= 0 && is_word_cp(next)) {
			if (is_joiner(sp->last, cp, next)) {
				i += (size_t)len;
				continue;
			}
			if (is_apostrophe(cp)) {
				size_t	 after = i + (size_t)len;

				if (is_elision(sp->raw, sp->rawsz)) {
					/* "l'Havana": the article goes. */
					sp->rawsz = 0;
					i = after;
					continue;
				}
				if ((next == 's' || next == 'S') &&
				    (peek(s, n, after + 1) < 0 ||
				    !is_word_cp(peek(s, n, after + 1)))) {
					/* "Barcelona's": the possessive goes. */
					end_word(sp, 0);
					i = after + 1;
					continue;
				}
			}
			if (is_hyphen(cp)) {
				end_word(sp, 1);
				i += (size_t)len;
				continue;
			}
		}
		end_word(sp, 0);
		i += (size_t)len;
	}
	if (e == ERR_OK)
		end_word(sp, 0);
	return e;
}

enum err
text_words(const char *s, size_t n, int (*cb)(const struct text_word *, void *),
    void *arg)
{
	return split_text(s, n, 0, cb, arg);
}

enum err
text_words_raw(const char *s, size_t n,
    int (*cb)(const struct text_word *, void *), void *arg)
{
	return split_text(s, n, 1, cb, arg);
}

/* io_json.c - reading intercity JSON documents, and finding lines in them.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "io.h"
#include "model.h"

/* Jansson stops deeper nesting itself; this matches it for the scanner. */
#define SCAN_DEPTH_MAX	2048

/* Jansson's parse errors, in words a person editing the file can act on. */
static const char *
explain(json_error_t *je)
{
	static const struct {
		enum json_error_code	 code;
		const char		*say;
	} plain[] = {
		{ json_error_invalid_utf8, "the file is not valid UTF-8 text "
		    "here; save it as UTF-8" },
		{ json_error_premature_end_of_input, "the document ends too "
		    "soon: the file is cut short, or a bracket or quote is "
		    "missing" },
		{ json_error_end_of_input_expected, "there is more text after "
		    "the end of the document" },
		{ json_error_stack_overflow, "the document is nested too "
		    "deeply" },
		{ json_error_duplicate_key, "a key appears twice in the same "
		    "object" },
		{ json_error_null_character, "a string contains \\u0000, "
		    "which text may not hold" },
	};
	static __thread char	 out[256];
	enum json_error_code	 code = json_error_code(je);
	size_t			 i;

	/* A file cut short in the middle of a token says so differently. */
	if (code == json_error_invalid_syntax &&
	    strstr(je->text, "near end of file") != NULL)
		code = json_error_premature_end_of_input;
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (plain[i].code == code) {
			snprintf(out, sizeof(out), "%s (%s)", plain[i].say,
			    je->text);
			return out;
		}
	return je->text;
}

enum err
io_json_read(const struct io_source *src, size_t file, struct io_recs *recs,
    struct io_report *rep)
{
	json_error_t	 je;
	json_t		*doc, *v, *x;
	const char	*key;
	enum kind	 k;
	enum err	 e = ERR_OK;
	size_t		 i, before = rep->nerrors;

	if (src->len == 0) {
		io_report_add(rep, src->name, 0, 0, NULL, "the file is empty; "
		    "expected a JSON document such as {\"cities\": [...]}");
		return ERR_INVALID;
	}
	/*
	 * Duplicate keys are rejected: in a hand-edited file the second would
	 * silently win. Jansson also checks UTF-8 and limits nesting depth.
	 */
	doc = json_loadb(src->text, src->len, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL) {
		io_report_add(rep, src->name, je.line > 0 ? je.line : 0,
		    je.column > 0 ? je.column : 0, NULL, "%s", explain(&je));
		return ERR_INVALID;
	}
	if (!json_is_object(doc)) {
		io_report_add(rep, src->name, 1, 0, "$", "the document must be "
		    "an object such as {\"cities\": [...]}");
		json_decref(doc);
		return ERR_INVALID;
	}
	json_object_foreach(doc, key, v) {
		long line = io_json_line(src->text, src->len, key, (size_t)-1,
		    NULL);

		if (strcmp(key, "format") == 0) {
			if (!json_is_string(v) ||
			    strcmp(json_string_value(v), "intercity"))
				io_report_add(rep, src->name, line, 0,
				    "$.format", "must be \"intercity\"");
			continue;
		}
		if (strcmp(key, "version") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) != 1)
				io_report_add(rep, src->name, line, 0,
				    "$.version", "must be 1; this intercity "
				    "reads version 1 documents");
			continue;
		}
		k = model_kind_by_name(key);
		if (k == KIND__MAX || strcmp(key, model_kinds[k].plural)) {
			struct buf	 b = { 0 };

			for (i = 0; i < KIND__MAX; i++)
				buf_printf(&b, "%s%s", i ? ", " : "",
				    model_kinds[i].plural);
			{
				struct buf	 w = { 0 };

				buf_printf(&w, "$.%.60s", key);
				io_report_add(rep, src->name, line, 0, w.p,
				    "unknown key in the document; the known "
				    "ones are format, version, %s",
				    b.p ? b.p : "");
				buf_free(&w);
			}
			buf_free(&b);
			continue;
		}
		if (!json_is_array(v)) {
			io_report_add(rep, src->name, line, 0, NULL,
			    "$.%s must be an array of %s", key, key);
			continue;
		}
		json_array_foreach(v, i, x)
			if ((e = io_recs_add(recs, k, x, file, i, 0)) != ERR_OK)
				goto out;
	}
out:
	json_decref(doc);	/* the records hold their own references */
	if (e != ERR_OK)
		return e;
	return rep->nerrors > before ? ERR_INVALID : ERR_OK;
}

/* ---- locating a path in the text -------------------------------------- */

struct scan {
	const char	*p;	/* next byte */
	const char	*end;	/* one past the last byte */
	long		 line;	/* line of p */
};

static void
ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\n' || *s->p == '\r')) {
		if (*s->p == '\n')
			s->line++;
		s->p++;
	}
}

/* At a '"': steps over the string; the raw contents go to *str, *len. */
static int
string(struct scan *s, const char **str, size_t *len)
{
	const char	*start;

	if (s->p >= s->end || *s->p != '"')
		return 0;
	start = ++s->p;
	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\')
			s->p++;
		s->p++;
	}
	if (s->p >= s->end)
		return 0;
	*str = start;
	*len = (size_t)(s->p - start);
	s->p++;
	return 1;
}

static int
value(struct scan *s, int depth)
{
	const char	*str;
	size_t		 len;

	if (depth > SCAN_DEPTH_MAX)
		return 0;
	ws(s);
	if (s->p >= s->end)
		return 0;
	switch (*s->p) {
	case '"':
		return string(s, &str, &len);
	case '{':
	case '[': {
		char	 close = *s->p == '{' ? '}' : ']';
		int	 obj = close == '}';

		s->p++;
		ws(s);
		if (s->p < s->end && *s->p == close) {
			s->p++;
			return 1;
		}
		for (;;) {
			if (obj) {
				ws(s);
				if (!string(s, &str, &len))
					return 0;
				ws(s);
				if (s->p >= s->end || *s->p++ != ':')
					return 0;
			}
			if (!value(s, depth + 1))
				return 0;
			ws(s);
			if (s->p >= s->end)
				return 0;
			if (*s->p == ',') {
				s->p++;
				continue;
			}
			if (*s->p++ == close)
				return 1;
			return 0;
		}
	}
	default:
		while (s->p < s->end && *s->p != ',' && *s->p != '}' &&
		    *s->p != ']' && *s->p != ' ' && *s->p != '\n' &&
		    *s->p != '\r' && *s->p != '\t')
			s->p++;
		return 1;
	}
}

/* With s at an object, moves to the value of key; 0 if absent. */
static int
member(struct scan *s, const char *key, size_t keylen)
{
	const char	*str;
	size_t		 len;

	ws(s);
	if (s->p >= s->end || *s->p != '{')
		return 0;
	s->p++;
	for (;;) {
		ws(s);
		if (!string(s, &str, &len))
			return 0;
		ws(s);
		if (s->p >= s->end || *s->p++ != ':')
			return 0;
		ws(s);
		if (len == keylen && memcmp(str, key, len) == 0)
			return 1;
		if (!value(s, 1))
			return 0;
		ws(s);
		if (s->p >= s->end || *s->p != ',')
			return 0;
		s->p++;
	}
}

/* With s at an array, moves to element i; 0 if absent. */
static int
element(struct scan *s, size_t i)
{
	size_t	 n;

	ws(s);
	if (s->p >= s->end || *s->p != '[')
		return 0;
	s->p++;
	for (n = 0;; n++) {
		ws(s);
		if (n == i)
			return s->p < s->end && *s->p != ']';
		if (!value(s, 1))
			return 0;
		ws(s);
		if (s->p >= s->end || *s->p != ',')
			return 0;
		s->p++;
	}
}

long
io_json_line(const char *text, size_t len, const char *key, size_t index,
    const char *fieldpath)
{
	struct scan	 s = { text, text + len, 1 };
	long		 best;
	const char	*p, *q;

	ws(&s);
	best = s.line;
	if (!member(&s, key, strlen(key)))
		return best;
	best = s.line;
	if (index == (size_t)-1 || !element(&s, index))
		return best;
	best = s.line;
	for (p = fieldpath; p && *p; ) {
		if (*p == '.') {
			p++;
			continue;
		}
		if (*p == '[') {
			size_t	 i = (size_t)strtoul(p + 1, (char **)&q, 10);

			if (*q != ']' || !element(&s, i))
				return best;
			p = q + 1;
		} else {
			for (q = p; *q && *q != '.' && *q != '['; q++)
				;
			if (!member(&s, p, (size_t)(q - p)))
				return best;
			p = q;
		}
		best = s.line;
	}
	return best;
}

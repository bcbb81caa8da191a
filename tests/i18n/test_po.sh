#!/bin/sh
# test_po.sh - the interface is translated: every message of the source is
# in po/intercity.pot and translated (not fuzzy, formats kept) in each of
# the five languages.
# SPDX-License-Identifier: MIT
#
# Run from the repository root (sh tests/i18n/test_po.sh) or by tests/run.sh.
set -u
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

make -s pot POT="$tmp/current.pot" >/dev/null 2>"$tmp/xgettext.err"
if [ ! -s "$tmp/current.pot" ]; then
	not_ok "xgettext extracts the messages"
	sed 's/^/# /' "$tmp/xgettext.err"
	echo "1..$n"
	exit 1
fi
total=$(msgattrib --no-wrap "$tmp/current.pot" | grep -c '^msgid "[^"]')
[ "$total" -gt 50 ] && ok "xgettext finds $total messages in the source" ||
	not_ok "xgettext finds only $total messages"

# The committed template is current (make po refreshes it).
msgcmp --use-untranslated "$tmp/current.pot" po/intercity.pot \
    >"$tmp/cmp.out" 2>&1 &&
	ok "po/intercity.pot holds every message of the source" ||
	{ not_ok "po/intercity.pot is stale: run make po"; sed 's/^/# /' "$tmp/cmp.out" | head -20; }

for l in ca en es fr it; do
	po=po/$l.po
	if [ ! -f "$po" ]; then
		not_ok "$po exists"
		continue
	fi
	# Merged with the source's messages, nothing may stay untranslated.
	msgmerge --quiet --no-fuzzy-matching -o "$tmp/$l.po" "$po" \
	    "$tmp/current.pot" 2>"$tmp/$l.err"
	msgattrib --no-wrap --untranslated --no-obsolete "$tmp/$l.po" |
	    grep '^msgid "[^"]' >"$tmp/$l.untr" || true
	if [ -s "$tmp/$l.untr" ]; then
		not_ok "$l: $(wc -l <"$tmp/$l.untr") messages untranslated"
		sed 's/^/# /' "$tmp/$l.untr" | head -10
	else
		ok "$l: every message translated"
	fi
	msgattrib --no-wrap --only-fuzzy --no-obsolete "$po" | grep '^msgid "[^"]' \
	    >"$tmp/$l.fuzzy" || true
	[ -s "$tmp/$l.fuzzy" ] && not_ok "$l: fuzzy translations left" ||
		ok "$l: no fuzzy translation"
	msgfmt --check -o /dev/null "$po" 2>"$tmp/$l.fmt" &&
		ok "$l: msgfmt --check (headers, formats, plurals)" ||
		{ not_ok "$l: msgfmt --check fails"; sed 's/^/# /' "$tmp/$l.fmt" | head; }
	# i18n.c chooses plural forms by these same rules.
	case $l in
	fr) want='nplurals=2; plural=(n > 1);' ;;
	*) want='nplurals=2; plural=(n != 1);' ;;
	esac
	grep -qF "\"Plural-Forms: $want\\n\"" "$po" &&
		ok "$l: Plural-Forms is the rule i18n.c applies" ||
		not_ok "$l: Plural-Forms differs from i18n.c's rule ($want)"
done
echo "1..$n"
exit $fail

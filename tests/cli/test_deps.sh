#!/bin/sh
# test_deps.sh - scripts/deps.sh: as a user it prints the one apt-get line to
# run and fails; with everything installed it says nothing. TAP output.
# SPDX-License-Identifier: MIT
set -u
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d "${TEST_TMP:-/tmp}/deps.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }

# Stubs: a user that is not root, and a package database without libjansson-dev
# and chromium (and, for node/npm, the real commands on PATH).
mkdir "$tmp/bin"
cat >"$tmp/bin/id" <<'STUB'
#!/bin/sh
echo 1000
STUB
cat >"$tmp/bin/dpkg-query" <<'STUB'
#!/bin/sh
for p; do :; done
case "$p" in
libjansson-dev|chromium) exit 1 ;;
*) printf 'install ok installed' ;;
esac
STUB
cat >"$tmp/bin/apt-get" <<'STUB'
#!/bin/sh
echo "apt-get must not run for a user" >&2
exit 42
STUB
chmod +x "$tmp/bin/"*

PATH="$tmp/bin:$PATH" sh scripts/deps.sh >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -ne 0 ] && grep -qx '  apt-get install -y libjansson-dev' "$tmp/err" &&
    ! grep -q 42 "$tmp/err"; then
	ok "as a user, the build packages missing are one apt-get line"
else
	notok "as a user, the build packages missing are one apt-get line" \
	    "status $rc" "$(cat "$tmp/err")"
fi

PATH="$tmp/bin:$PATH" sh scripts/deps.sh --test >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -ne 0 ] &&
    grep -qx '  apt-get install -y libjansson-dev chromium' "$tmp/err"; then
	ok "--test adds the test packages to the same line"
else
	notok "--test adds the test packages to the same line" "status $rc" \
	    "$(cat "$tmp/err")"
fi

# Nothing missing: silent success (node_modules is current after make test).
cat >"$tmp/bin/dpkg-query" <<'STUB'
#!/bin/sh
printf 'install ok installed'
STUB
PATH="$tmp/bin:$PATH" sh scripts/deps.sh >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; then
	ok "with everything installed it is silent"
else
	notok "with everything installed it is silent" "status $rc" \
	    "$(cat "$tmp/err")"
fi
echo "1..$n"

#!/bin/sh
# test_serve.sh - "intercity serve" over HTTP: the page, headers, errors,
# command-line failures and a clean shutdown on SIGTERM. Prints TAP.
# SPDX-License-Identifier: MIT
#
# Run alone from the repository root (sh tests/http/test_serve.sh) or through
# tests/run.sh, which exports INTERCITY_BIN (the ASan build) and TEST_TMP.
set -u
cd "$(dirname "$0")/../.."

BIN=${INTERCITY_BIN:-$PWD/build/asan/intercity}
TEST_TMP=${TEST_TMP:-$PWD/test-results/tmp}
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

n=0
nfail=0
pid=""
stall=""
mkdir -p "$TEST_TMP"
tmp=$(mktemp -d "$TEST_TMP/http-serve.XXXXXX")

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); nfail=$((nfail + 1)); echo "not ok $n - $1"; }
# check DESC COMMAND...: one TAP line for whether COMMAND succeeds.
check() {
	d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
# Shows a file as TAP comments.
diag() { [ -f "$1" ] && sed 's/^/# /' "$1"; }

cleanup() {
	[ -n "$stall" ] && kill "$stall" 2>/dev/null
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null
		sleep 1
		kill -KILL "$pid" 2>/dev/null
	fi
	# Keep the server's stderr and the replies when something failed.
	[ "$nfail" -eq 0 ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# req NAME CURL-ARGS...: saves $tmp/NAME.head (headers, no CRs) and
# $tmp/NAME.body, and prints the status code (000 when there was no reply).
req() {
	name=$1
	shift
	code=$(curl -sS --max-time 5 -o "$tmp/$name.body" -D "$tmp/$name.raw" \
	    -w '%{http_code}' "$@" 2>"$tmp/$name.curlerr") || true
	tr -d '\r' <"$tmp/$name.raw" >"$tmp/$name.head" 2>/dev/null
	echo "${code:-000}"
}
# hdr NAME REGEX: the reply NAME has a header line matching REGEX (any case).
hdr() { grep -qiE "$2" "$tmp/$1.head"; }
is_4xx() { case $1 in 4??) return 0 ;; *) return 1 ;; esac; }

# --- a store and a server ----------------------------------------------------

db="$tmp/x.db"
if ! "$BIN" --db "$db" init --demo >"$tmp/init.out" 2>&1; then
	not_ok "init --demo creates a store"
	diag "$tmp/init.out"
	echo "1..$n"
	exit 1
fi
port=$(free_port)
base="http://127.0.0.1:$port"
"$BIN" --db "$db" serve --listen "127.0.0.1:$port" >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!

up=0
i=0
while [ $i -lt 100 ]; do
	if ! kill -0 "$pid" 2>/dev/null; then
		break
	fi
	if [ "$(curl -s --max-time 1 "$base/healthz" 2>/dev/null)" = "ok" ]; then
		up=1
		break
	fi
	sleep 0.1
	i=$((i + 1))
done
if [ "$up" -ne 1 ]; then
	not_ok "server answers /healthz within 10 s on 127.0.0.1:$port"
	diag "$tmp/serve.err"
	echo "1..$n"
	exit 1
fi
ok "server answers /healthz within 10 s"

# --- GET / ----------------------------------------------------------------------

code=$(req root -H 'Accept-Language: fr-CH, fr;q=0.9, en;q=0.8' "$base/")
check "GET / redirects (got $code)" [ "$code" = 302 ]
check "GET / with Accept-Language fr goes to /fr/" hdr root '^Location: /fr/$'
check "GET / varies on Accept-Language" hdr root '^Vary: Accept-Language$'
code=$(req root2 "$base/")
check "GET / without Accept-Language goes to /en/" hdr root2 '^Location: /en/$'

code=$(req home "$base/en/")
check "GET /en/ is 200 (got $code)" [ "$code" = 200 ]
check "GET /en/ is text/html; charset=utf-8" \
    hdr home '^Content-Type: text/html; charset=utf-8$'
check "GET /en/ body has <html lang=\"en\">" grep -qF '<html lang="en">' "$tmp/home.body"
# Whitespace-insensitive, so reformatting the page does not break these.
tr -d ' \t\n' <"$tmp/home.body" >"$tmp/home.flat"
check "GET /en/ counts the demo's 43 published practices" \
    grep -qF '<li><strong>43</strong>practices</li>' "$tmp/home.flat"
check "Content-Security-Policy has frame-ancestors 'none'" \
    hdr home "^Content-Security-Policy:.*frame-ancestors 'none'"
check "X-Content-Type-Options: nosniff" hdr home '^X-Content-Type-Options: nosniff$'
check "Referrer-Policy is present" hdr home '^Referrer-Policy: [a-z-]+'

code=$(req health "$base/healthz")
check "GET /healthz is 200 ok (got $code)" [ "$code:$(cat "$tmp/health.body")" = "200:ok" ]

# --- other methods and paths -----------------------------------------------------

code=$(req head -I "$base/en/")
check "HEAD /en/ is 200 (got $code)" [ "$code" = 200 ]
# curl -I writes the headers where the body would go, so ask over a socket.
raw_head() {
	python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"HEAD /en/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
head, sep, body = data.partition(b"\r\n\r\n")
sys.exit(0 if sep and head.startswith(b"HTTP/1.1 200") and body == b"" else 1)
' "$port"
}
check "HEAD /en/ sends no body" raw_head

code=$(req nope "$base/nope")
check "GET /nope is 404 (got $code)" [ "$code" = 404 ]
check "the 404 carries the security headers" hdr nope '^X-Content-Type-Options: nosniff$'

code=$(req post -X POST "$base/")
check "POST / (no body) is 405 (got $code)" [ "$code" = 405 ]

# A request with a body must still get an answer (405 or 413), not a
# dropped connection.
code=$(req postbody -X POST --data 'a=b' "$base/")
check "POST / with a body gets a 4xx reply (got $code)" is_4xx "$code"

# Targets longer than one command-line argument may be: sent by hand.
raw_status() {
	python3 -c '
import socket, sys
port, path = int(sys.argv[1]), sys.argv[2] * int(sys.argv[3])
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(("GET /" + sys.argv[4] + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").encode())
data = b""
while True:
    try:
        chunk = s.recv(65536)
    except ConnectionResetError:
        break
    if not chunk:
        break
    data += chunk
print(data[9:12].decode() if data.startswith(b"HTTP/1.1 ") else "000")
' "$port" "$@"
}
code=$(raw_status a 140000 "")
check "GET of a 140000-char path is 414 (got $code)" [ "$code" = 414 ]
code=$(raw_status a 140000 "en/practices?q=")
check "GET of a 140000-char query string is 414 (got $code)" [ "$code" = 414 ]
code=$(raw_status a 300000 "")
check "GET of a 300000-char path is a 4xx (got $code)" is_4xx "$code"
code=$(raw_status a 100000 "en/practices?q=")
check "GET with a 100 KB search text is 400 (got $code)" [ "$code" = 400 ]
code=$(raw_status "topic=a&" 5000 "en/practices?")
check "GET with 5000 filters is 400 (got $code)" [ "$code" = 400 ]

code=$(req after "$base/healthz")
check "the server still answers after the bad requests" [ "$code" = 200 ]

# --- command-line failures (no server is started) --------------------------------

timeout 10 "$BIN" --db "$db" serve --listen nonsense >"$tmp/cli1.out" 2>"$tmp/cli1.err"
rc=$?
check "serve --listen nonsense exits 1 (got $rc)" [ "$rc" -eq 1 ]
check "serve --listen nonsense says ADDRESS:PORT" grep -qF 'ADDRESS:PORT' "$tmp/cli1.err"

timeout 10 "$BIN" --db "$tmp/missing.db" serve --listen "127.0.0.1:$(free_port)" \
    >"$tmp/cli2.out" 2>"$tmp/cli2.err"
rc=$?
check "serve with a missing store exits 3 (got $rc)" [ "$rc" -eq 3 ]
check "serve with a missing store creates no file" [ ! -e "$tmp/missing.db" ]

timeout 10 "$BIN" --db "$db" serve --threads 0 >"$tmp/cli3.out" 2>"$tmp/cli3.err"
rc=$?
check "serve --threads 0 exits 1 (got $rc)" [ "$rc" -eq 1 ]

# --- SIGTERM -------------------------------------------------------------------

# A client that sent half a request and stalls must not hold up the stop
# (the connection timeout is 30 s).
python3 -c '
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
open(sys.argv[2], "w").write("connected\n")
time.sleep(20)
' "$port" "$tmp/stall.ready" 2>/dev/null &
stall=$!
i=0
while [ ! -s "$tmp/stall.ready" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done

kill -TERM "$pid"
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$pid" 2>/dev/null; then
	not_ok "SIGTERM stops the server within 5 s (with a stalled client)"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=""
	not_ok "server exits 0 on SIGTERM (it had to be killed)"
else
	wait "$pid"
	rc=$?
	pid=""
	ok "SIGTERM stops the server within 5 s (with a stalled client)"
	check "server exits 0 on SIGTERM (got $rc)" [ "$rc" -eq 0 ]
fi
kill "$stall" 2>/dev/null
stall=""

check "stderr says it is stopping" grep -qF 'stopping' "$tmp/serve.err"
if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$tmp/serve.err"; then
	not_ok "stderr has no sanitizer report"
	diag "$tmp/serve.err"
else
	ok "stderr has no sanitizer report"
fi
# libmicrohttpd logs misuse ("Application reported internal error",
# "MHD_quiesce_daemon ... requires MHD_USE_ITC") to stderr.
if grep -qE 'internal error|MHD_|requires' "$tmp/serve.err"; then
	not_ok "stderr has no libmicrohttpd error"
	grep -E 'internal error|MHD_|requires' "$tmp/serve.err" | sort | uniq -c | sed 's/^/# /'
else
	ok "stderr has no libmicrohttpd error"
fi

echo "1..$n"
[ "$nfail" -eq 0 ]

#!/usr/bin/env python3
# pages.py - checks for test_pages.sh; see there.
# SPDX-License-Identifier: MIT
import csv, glob, gzip, io, json, os, re, signal, socket, subprocess, sys
import tempfile, time, urllib.error, urllib.request
import xml.etree.ElementTree as ET

BIN = os.environ.get('INTERCITY_BIN', os.path.abspath('build/asan/intercity'))
TMP = os.environ.get('TEST_TMP', os.path.abspath('test-results/tmp'))
os.makedirs(TMP, exist_ok=True)
os.environ.setdefault('ASAN_OPTIONS', 'detect_leaks=1:abort_on_error=0:halt_on_error=1')
os.environ.setdefault('UBSAN_OPTIONS', 'print_stacktrace=1:halt_on_error=1')
os.environ.setdefault('LSAN_OPTIONS', 'suppressions=%s:print_suppressions=0' % os.path.abspath('tests/lsan.supp'))
tmp = tempfile.mkdtemp(prefix='http-pages.', dir=TMP)
LANGS = ['ca', 'es', 'en', 'fr', 'it']
n = 0
failed = 0


def check(desc, cond, diag=None):
    global n, failed
    n += 1
    if cond:
        print('ok %d - %s' % (n, desc))
    else:
        failed += 1
        print('not ok %d - %s' % (n, desc))
        if diag:
            for line in str(diag).splitlines()[:15]:
                print('# ' + line)
    sys.stdout.flush()


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Server:
    def __init__(self, name, files=None):
        self.db = os.path.join(tmp, name + '.db')
        out = subprocess.run([BIN, '--db', self.db, 'init', '--demo'],
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit('init failed: ' + out.stderr)
        for f in files or []:
            out = subprocess.run([BIN, '--db', self.db, 'import', f],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                raise SystemExit('import failed: ' + out.stderr)
        self.port = free_port()
        self.base = 'http://127.0.0.1:%d' % self.port
        self.err = open(os.path.join(tmp, name + '.err'), 'w')
        self.proc = subprocess.Popen(
            [BIN, '--db', self.db, 'serve', '--listen', '127.0.0.1:%d' % self.port,
             '--base-url', 'https://cities.example'], stderr=self.err)
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + '/healthz', timeout=1)
                return
            except Exception:
                time.sleep(0.1)
        raise SystemExit('server did not start')

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=20)
        self.err.close()
        return rc


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


opener = urllib.request.build_opener(NoRedirect)


def get(srv, path, headers=None):
    """(status, headers, body bytes)"""
    req = urllib.request.Request(srv.base + path, headers=headers or {})
    try:
        r = opener.open(req, timeout=20)
        return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def text(b):
    return b.decode('utf-8')


def total_of(html):
    m = re.search(r'id="results-h"[^>]*>([^<]*)</h2>', html)
    if not m:
        return None
    digits = re.sub(r'\D', '', m.group(1))
    return int(digits) if digits else None


def facet_count(html, facet, value):
    m = re.search(r'id="f-%s-%s"[^>]*>\s*<label[^>]*>.*?<span class="count">([^<]*)</span>'
                  % (re.escape(facet), re.escape(value)), html, re.S)
    return int(re.sub(r'\D', '', m.group(1))) if m else None


# ---- the demo data, read directly, for brute-force counts ---------------------
practices = []
city_country = {}
for f in sorted(glob.glob('data/demo/*.json')):
    d = json.load(open(f))
    city_country.update({c['slug']: c['country'] for c in d.get('cities', [])})
    practices += [p for p in d.get('practices', [])
                  if p.get('status', 'published') == 'published']
for p in practices:
    p.setdefault('country', city_country[p['city']])


def count(pred):
    return sum(1 for p in practices if pred(p))


srv = Server('demo')
try:
    # ---- languages -------------------------------------------------------------
    st, h, _ = get(srv, '/', {'Accept-Language': 'it-IT,it;q=0.9,en;q=0.5'})
    check('/ redirects an Italian reader to /it/', st == 302 and h['Location'] == '/it/')
    for l in LANGS:
        st, h, b = get(srv, '/%s/' % l)
        html = text(b)
        check('/%s/ is 200 with <html lang="%s">' % (l, l),
              st == 200 and '<html lang="%s">' % l in html)
        check('/%s/ has hreflang alternates for the five languages and x-default' % l,
              all('hreflang="%s"' % x in html for x in LANGS + ['x-default']))
        check('/%s/ says its language in Content-Language' % l, h['Content-Language'] == l)
    st, h, b = get(srv, '/ca/practices')
    check('the catalogue is in Catalan on /ca/', 'Bones pràctiques' in text(b))
    st, h, b = get(srv, '/fr/practices?topic=refugees')
    html = text(b)
    check('the language switcher keeps the page and its filters',
          'href="/ca/practices?topic=refugees"' in html and 'href="/it/practices?topic=refugees"' in html)

    # ---- the catalogue's counts against the data -------------------------------
    st, h, b = get(srv, '/en/practices')
    check('the whole catalogue counts every published practice (%d)' % len(practices),
          total_of(text(b)) == len(practices), total_of(text(b)))
    topics = sorted({t for p in practices for t in p.get('topics', [])})
    a, c = topics[0], topics[-1]
    st, h, b = get(srv, '/en/practices?topic=%s' % a)
    html = text(b)
    want = count(lambda p: a in p.get('topics', []))
    check('topic=%s finds %d practices' % (a, want), total_of(html) == want, total_of(html))
    want_c = count(lambda p: c in p.get('topics', []))
    check('with topic=%s ticked, topic %s still counts its own %d (disjunctive)' % (a, c, want_c),
          facet_count(html, 'topic', c) == want_c, facet_count(html, 'topic', c))
    st, h, b = get(srv, '/en/practices?topic=%s&topic=%s' % (a, c))
    want = count(lambda p: a in p.get('topics', []) or c in p.get('topics', []))
    check('two topics are ORed (%d)' % want, total_of(text(b)) == want, total_of(text(b)))
    st, h, b = get(srv, '/en/practices?topic=%s&topic=%s&country=es' % (a, c))
    html = text(b)
    want = count(lambda p: (a in p.get('topics', []) or c in p.get('topics', []))
                 and p.get('country', '') == 'ES')
    check('a country is ANDed with them, lower case accepted (%d)' % want, total_of(html) == want,
          total_of(html))
    fr = count(lambda p: (a in p.get('topics', []) or c in p.get('topics', [])) and p.get('country') == 'FR')
    check('the country facet counts France under the topic filters (%d)' % fr,
          (facet_count(html, 'country', 'FR') or 0) == fr, facet_count(html, 'country', 'FR'))
    check('active filters show as chips that remove one value',
          'href="/en/practices?topic=%s&amp;country=ES"' % a in html, re.findall(r'class="chips".{0,400}', html, re.S))
    st, h, b = get(srv, '/en/practices?from=2018&to=2020')
    want = count(lambda p: 2018 <= p['year'] <= 2020)
    check('a year range 2018..2020 finds %d' % want, total_of(text(b)) == want, total_of(text(b)))
    st, h, b = get(srv, '/en/practices?per_page=5&page=2&sort=newest')
    html = text(b)
    check('page 2 of 5 per page starts at 6', '<ol class="hits" start="6">' in html)
    check('pagination links keep the state', 'per_page=5&amp;page=3' in html)
    st, h, b = get(srv, '/en/practices?q=zzzzqqqq')
    check('a query with no match says so', st == 200 and 'class="empty"' in text(b))

    # ---- a practice ---------------------------------------------------------------
    st, h, b = get(srv, '/en/practices?topic=%s' % a)
    m = re.search(r'href="(/en/practices/[a-z0-9-]+)\?([^"]*)"', text(b))
    check('hits link to their practice with the list state', m is not None)
    if m:
        path, state = m.group(1), m.group(2).replace('&amp;', '&')
        st, h, b = get(srv, path + '?' + state)
        html = text(b)
        check('the practice page is 200', st == 200)
        check('Back returns to the same filtered list',
              ('href="/en/practices?%s"' % state.replace('&', '&amp;')) in html)
        check('the page links its PDF', 'href="%s.pdf"' % path in html)
        prec = [p for p in practices if p['slug'] == path.rsplit('/', 1)[1]][0]
        check("the practice's city links to the city's profile",
              'class="profile" href="/en/cities/%s"' % prec['city'] in html, prec['city'])
        st, h, pdf = get(srv, path + '.pdf')
        check('the PDF is served as application/pdf', st == 200 and
              h['Content-Type'] == 'application/pdf' and pdf.startswith(b'%PDF-'))
        pdfpath = os.path.join(tmp, 'practice.pdf')
        open(pdfpath, 'wb').write(pdf)
        txt = subprocess.run(['pdftotext', '-enc', 'UTF-8', pdfpath, '-'],
                             capture_output=True, text=True).stdout
        slug = path.rsplit('/', 1)[1]
        rec = [p for p in practices if p['slug'] == slug][0]
        title = rec['title'].get('en') or list(rec['title'].values())[0]
        check('the PDF holds the title and its source address',
              ' '.join(title.split()[:3]) in ' '.join(txt.split()) and
              ('/en/practices/' + slug) in txt.replace('\n', ''), txt[:300])
        ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        try:
            j = json.loads(ld.group(1))
            check('schema.org JSON-LD parses and names the page',
                  j['@type'] == 'Article' and j['url'] == 'https://cities.example' + path and j['headline'])
        except Exception as e:
            check('schema.org JSON-LD parses', False, e)
    fallback = [p for p in practices if 'en' not in p['title']]
    if fallback:
        p = fallback[0]
        st, h, b = get(srv, '/en/practices/' + p['slug'])
        html = text(b)
        check('a practice with no English text is shown in its language with a note',
              'class="note"' in html and 'lang="' in html.split('<h1', 1)[1][:20])

    # ---- caching and compression ------------------------------------------------------
    st, h, b = get(srv, '/en/practices')
    etag = h['ETag']
    st2, h2, b2 = get(srv, '/en/practices', {'If-None-Match': etag})
    check('a repeated request with If-None-Match gets 304 and no body', st2 == 304 and b2 == b'')
    st3, h3, b3 = get(srv, '/en/practices', {'Accept-Encoding': 'gzip'})
    check('gzip when accepted, and it decompresses to the page',
          h3['Content-Encoding'] == 'gzip' and gzip.decompress(b3) == b)
    check('pages say Last-Modified', h['Last-Modified'] is not None)
    css = re.search(r'href="(/static/site\.css\?v=[0-9a-f]+)"', text(b)).group(1)
    st, h, _ = get(srv, css)
    check('a versioned asset is cached for a year', 'immutable' in (h['Cache-Control'] or ''))
    st, h, _ = get(srv, '/static/site.css?v=0000000000')
    check('an asset with a stale version is not', h['Cache-Control'] == 'no-cache')

    # ---- open data --------------------------------------------------------------------
    st, h, b = get(srv, '/en/practices.csv?topic=%s' % a)
    rows = list(csv.DictReader(io.StringIO(text(b))))
    check('the CSV export holds the filtered list (%d rows)' % count(lambda p: a in p.get('topics', [])),
          st == 200 and len(rows) == count(lambda p: a in p.get('topics', [])), len(rows))
    st, h, b = get(srv, '/en/practices.json')
    path = os.path.join(tmp, 'export.json')
    open(path, 'wb').write(b)
    doc = json.loads(b)
    check('the JSON export holds every practice in the import format',
          doc['format'] == 'intercity' and len(doc['practices']) == len(practices))
    out = subprocess.run([BIN, '--db', srv.db, 'import', '--dry-run', path], capture_output=True, text=True)
    check('the JSON export imports back (dry run)', out.returncode == 0, out.stderr)
    st, h, b = get(srv, '/ca/practices.atom')
    try:
        feed = ET.fromstring(b)
        ns = {'a': 'http://www.w3.org/2005/Atom'}
        entries = feed.findall('a:entry', ns)
        check('the Atom feed parses and lists the newest practices',
              0 < len(entries) <= 50 and entries[0].find('a:title', ns).text)
    except ET.ParseError as e:
        check('the Atom feed parses', False, e)
    st, h, b = get(srv, '/sitemap.xml')
    try:
        sm = ET.fromstring(b)
        locs = [e.text for e in sm.iter('{http://www.sitemaps.org/schemas/sitemap/0.9}loc')]
        check('the sitemap lists every practice in five languages',
              sum(1 for x in locs if '/practices/' in x) == 5 * len(practices), len(locs))
    except ET.ParseError as e:
        check('the sitemap parses', False, e)
    st, h, b = get(srv, '/robots.txt')
    check('robots.txt points at the sitemap', 'Sitemap: https://cities.example/sitemap.xml' in text(b))

    # ---- errors --------------------------------------------------------------------
    for q, param in [('page=-1', 'page'), ('year=abc', 'year'), ('from=2030&to=2010', 'from'),
                     ('sort=best', 'sort'), ('per_page=0', 'per_page'), ('country=Spain', 'country'),
                     ('topic=%3Cscript%3E', 'topic'), ('q=%ff', None)]:
        st, h, b = get(srv, '/ca/practices?' + q)
        html = text(b)
        ok = st == 400 and (h['Content-Type'] or '').startswith('text/html') and \
            '<html lang="ca">' in html and 'role="alert"' in html
        if param:
            ok = ok and ('%s:' % param) in html
        check('%s gives a Catalan 400 page that names the parameter' % q, ok, html[:300])
    st, h, b = get(srv, '/ca/practices?topic=%3Cscript%3E')
    check('the offending value is escaped on the 400 page', '<script>' not in text(b))
    st, h, b = get(srv, '/es/practices/no-such-practice')
    check('an unknown practice is a Spanish 404 page', st == 404 and '<html lang="es">' in text(b))
    st, h, b = get(srv, '/xx/practices')
    check('an unknown language is a 404', st == 404)
    st, h, b = get(srv, '/ca/practices/no-such-practice.pdf')
    check('the PDF of an unknown practice is a 404 page', st == 404 and b'<html lang="ca">' in b)
    st, h, b = get(srv, '/ca/practices/barcelona-international-municipalism.pdf')
    txt = subprocess.run(['pdftotext', '-enc', 'UTF-8', '-', '-'], input=b,
                         capture_output=True).stdout.decode()
    check('the Catalan PDF keeps accents and the middle dot',
          'Barcelona i el municipalisme internacional' in txt and 'col·labora' in txt, txt[:300])

    # ---- networks, projects, cities ---------------------------------------------------
    demo = json.load(open('data/demo/demo.json'))
    st, h, b = get(srv, '/en/networks')
    html = text(b)
    nets = [o for o in demo['organisations'] if o['kind'] != 'project']
    check('the network directory lists every organisation but projects (%d)' % len(nets),
          st == 200 and all('/en/networks/%s"' % o['slug'] in html for o in nets) and
          '/en/networks/intersectionality-metropolitan-lgbti-policies"' not in html)
    st, h, b = get(srv, '/en/networks?scope=regional')
    html = text(b)
    check('the scope filter keeps the regional network only',
          '/en/networks/xarxa-municipis-lgtbi-catalunya"' in html and
          '/en/networks/rainbow-cities-network"' not in html)
    st, h, b = get(srv, '/en/networks/rainbow-cities-network')
    html = text(b)
    members = [m for m in demo['memberships'] if m['organisation'] == 'rainbow-cities-network']
    steps = re.findall(r'<circle class="step"[^>]*data-date="([^"]*)" data-value="(\d+)"', html)
    check('the growth chart steps to the founders\' count on the founding date',
          steps == [('2011', str(len(members)))], steps)
    marks = re.findall(r'<path class="mark"[^>]*data-date="([^"]*)" data-value="(\d+)"', html)
    claim = [c for c in demo['claims'] if c['subject'] == 'organisation/rainbow-cities-network'
             and c['property'] == 'member_count'][0]
    check('the dated member count from a source is a marked point (%s on %s)' % (claim['value'], claim['as_of']),
          marks == [(claim['as_of'], claim['value'])], marks)
    check('the chart has a title, a description and a data table',
          '<title id="growth-t">' in html and '<desc id="growth-d">' in html and 'The chart&#39;s data' in html)
    founded = re.search(r'<caption>Founding date</caption>(.*?)</table>', html, re.S)
    rows = re.findall(r'<tr( class="preferred")?><td>(?:<time[^>]*>)?([^<]*)', founded.group(1)) if founded else []
    check('conflicting founding dates side by side, the preferred one first',
          [(bool(p), v) for p, v in rows] == [(True, '2011'), (False, '2013')], rows)
    st, h, b = get(srv, '/en/networks/rainbow-cities-network?sort=city')
    cities = re.findall(r'<tr><td><a href="/en/cities/([a-z-]+)"', text(b).split('id="members"', 1)[-1])
    check('the members table sorts by city', cities == sorted(m['city'] for m in members), cities)
    st, h, b = get(srv, '/es/cities/barcelona')
    html = text(b)
    check('Barcelona\'s profile lists its networks with roles, its partnerships and its practices',
          st == 200 and '/es/networks/rainbow-cities-network"' in html and 'Havana' in html.replace('La Habana', 'Havana')
          and '/es/practices/barcelona-international-municipalism' in html, html[:200])
    nodes = set(re.findall(r'<g class="node[^"]*" data-id="([^"]+)"', html))
    bcn_orgs = {'organisation/' + m['organisation'] for m in demo['memberships'] if m['city'] == 'barcelona'}
    check('the co-membership graph (Graphviz) holds Barcelona and each of its %d networks' % len(bcn_orgs),
          'city/barcelona' in nodes and bcn_orgs <= nodes, sorted(nodes))
    edges = set(re.findall(r'<line [^>]*data-from="([^"]+)" data-to="([^"]+)"', html))
    check('each of Barcelona\'s memberships is an edge of the graph',
          all(('city/barcelona', o) in edges for o in bcn_orgs), sorted(edges)[:10])
    st, h, b = get(srv, '/en/cities/havana')
    check('a partner city lists the partnership back', st == 200 and '/en/cities/barcelona"' in text(b))
    st, h, b = get(srv, '/en/projects/intersectionality-metropolitan-lgbti-policies')
    check('a project page lists its partner cities', st == 200 and '/en/cities/montevideo"' in text(b))
    check('a project is not a network', get(srv, '/en/networks/intersectionality-metropolitan-lgbti-policies')[0] == 404)

    st, h, b = get(srv, '/en/cooperation')
    html = text(b)
    check('the cooperation page counts every partnership (%d)' % len(demo['partnerships']),
          st == 200 and total_of(html) == len(demo['partnerships']), total_of(html))
    arcs = set(re.findall(r'<path class="arc"[^>]*data-from="([^"]+)" data-to="([^"]+)"', html))
    check('the world map joins Barcelona and Havana with an arc',
          ('barcelona', 'havana') in arcs or ('havana', 'barcelona') in arcs, sorted(arcs))
    dots = set(re.findall(r'<circle[^>]*data-city="([^"]+)"', html))
    check('every arc ends at a city drawn on the map', all(a in dots and b2 in dots for a, b2 in arcs), dots)
    st, h, b = get(srv, '/en/cooperation?country=CU')
    check('the country facet narrows to Cuba\'s partnership', total_of(text(b)) == 1)
    st, h, b = get(srv, '/en/cooperation?city=havana')
    check('narrowing to a city keeps its partnerships only', total_of(text(b)) == 1 and 'Narrowed to' in text(b))
    st, h, b = get(srv, '/en/cooperation?page=0')
    check('a bad page number on the cooperation page is a 400', st == 400)
    st, h, b = get(srv, '/en/cities/barcelona')
    check('Barcelona\'s profile has a map of its partners', '<figure class="map">' in text(b) and 'data-city="havana"' in text(b))

    st, h, b = get(srv, '/en/cities.geojson')
    gj = json.loads(b)
    with_coords = [c for f in sorted(glob.glob('data/demo/*.json')) for c in json.load(open(f)).get('cities', [])
                   if 'lat' in c]
    check('cities.geojson is a FeatureCollection of every city with coordinates (%d)' % len(with_coords),
          h['Content-Type'] == 'application/geo+json' and gj['type'] == 'FeatureCollection' and
          len(gj['features']) == len(with_coords), len(gj['features']))
    bcn = [f for f in gj['features'] if f['id'] == 'barcelona'][0]
    check('a city is a Point at [lon, lat]', bcn['geometry'] == {'type': 'Point', 'coordinates': [2.159, 41.3888]},
          bcn['geometry'])
    st, h, b = get(srv, '/en/cities.geojson?network=rainbow-cities-network')
    ids = sorted(f['id'] for f in json.loads(b)['features'])
    check('network= keeps the member cities', ids == sorted(m['city'] for m in members), ids)
    st, h, b = get(srv, '/en/partnerships.geojson')
    gj = json.loads(b)
    hav = [f for f in gj['features'] if f['id'] == 'barcelona-havana']
    check('Barcelona–Havana is a line from Barcelona to Havana',
          hav and hav[0]['geometry']['type'] == 'MultiLineString' and
          hav[0]['geometry']['coordinates'][0][0] == [2.159, 41.3888], hav[:1])
    st, h, b = get(srv, '/en/memberships.csv?network=rainbow-cities-network')
    rows = list(csv.DictReader(io.StringIO(text(b))))
    check('memberships.csv lists a network\'s members with their roles',
          sorted(r['city'] for r in rows) == sorted(m['city'] for m in members) and
          all(r['role'] == 'founder' for r in rows), rows[:2])
    check('a malformed network= is a 400', get(srv, '/en/cities.geojson?network=%3Cx%3E')[0] == 400)

    # ---- a write to the store while serving -----------------------------------------
    late = {'format': 'intercity', 'version': 1, 'practices': [{
        'slug': 'late-arrival', 'city': 'barcelona', 'year': 2024,
        'title': {'en': 'A practice imported while the site runs'}}]}
    path = os.path.join(tmp, 'late.json')
    json.dump(late, open(path, 'w'))
    out = subprocess.run([BIN, '--db', srv.db, 'import', path], capture_output=True, text=True)
    seen = False
    for _ in range(50):
        if get(srv, '/en/practices/late-arrival')[0] == 200:
            seen = True
            break
        time.sleep(0.1)
    check('a practice imported while serving appears within 5 s', out.returncode == 0 and seen,
          out.stderr)
    st, h, b = get(srv, '/en/practices?q=imported+while')
    check('and the search finds it', total_of(text(b)) == 1)
finally:
    rc = srv.stop()
check('the server exits 0 on SIGTERM', rc == 0)
err = open(os.path.join(tmp, 'demo.err')).read()
check('no sanitizer report', 'Sanitizer' not in err and 'runtime error' not in err, err[-2000:])

# ---- hostile data ------------------------------------------------------------------
EVIL = '<script>alert(1)</script>"\'><img src=x onerror=alert(1)>'
evil = {
    'format': 'intercity', 'version': 1,
    'cities': [{'slug': 'evil-town', 'name': 'Evil ' + EVIL, 'country': 'ES'}],
    'practices': [{
        'slug': 'evil-practice', 'city': 'evil-town', 'year': 2020, 'topics': ['refugees'],
        'title': {'en': 'Evil ' + EVIL}, 'summary': {'en': 'Summary ' + EVIL},
        'body': {'en': 'Body ' + EVIL + '\n\n[link](javascript:alert(1))'},
        'source_url': 'https://example.org/?a=1&b=2'}],
    'collections': [{'slug': 'evil-collection', 'title': {'en': 'Coll ' + EVIL},
                     'description': {'en': 'Desc ' + EVIL}, 'practices': ['evil-practice']}],
}
path = os.path.join(tmp, 'evil.json')
json.dump(evil, open(path, 'w'))
srv = Server('evil', [path])
try:
    for p in ['/en/', '/en/practices', '/en/practices?q=evil', '/en/practices?city=evil-town',
              '/en/practices/evil-practice', '/en/collections', '/en/collections/evil-collection',
              '/en/topics/refugees', '/en/practices.atom', '/sitemap.xml']:
        st, h, b = get(srv, p)
        html = text(b)
        check('%s: hostile data comes out escaped' % p,
              st == 200 and '<script>alert' not in html and '<img src=x' not in html
              and 'javascript:' not in html, re.findall(r'.{60}alert.{20}', html)[:3])
    st, h, b = get(srv, '/en/practices/evil-practice')
    check('the hostile title is shown as text', '&lt;script&gt;alert(1)&lt;/script&gt;' in text(b))
finally:
    rc = srv.stop()
check('the server exits 0 after the hostile pages', rc == 0)
err = open(os.path.join(tmp, 'evil.err')).read()
check('no sanitizer report on the hostile pages', 'Sanitizer' not in err and 'runtime error' not in err,
      err[-2000:])
print('1..%d' % n)
if failed == 0:
    import shutil
    shutil.rmtree(tmp, ignore_errors=True)
sys.exit(1 if failed else 0)

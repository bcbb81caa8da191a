#!/usr/bin/env python3
# opendata.py - checks for test_opendata.sh; see there.
# SPDX-License-Identifier: MIT
import csv, glob, io, json, os, re, shutil, signal, socket, subprocess, sys
import tempfile, time, urllib.error, urllib.request
import xml.etree.ElementTree as ET

BIN = os.environ.get('INTERCITY_BIN', os.path.abspath('build/asan/intercity'))
TMP = os.environ.get('TEST_TMP', os.path.abspath('test-results/tmp'))
os.makedirs(TMP, exist_ok=True)
os.environ.setdefault('ASAN_OPTIONS', 'detect_leaks=1:abort_on_error=0:halt_on_error=1')
os.environ.setdefault('UBSAN_OPTIONS', 'print_stacktrace=1:halt_on_error=1')
os.environ.setdefault('LSAN_OPTIONS', 'suppressions=%s:print_suppressions=0' % os.path.abspath('tests/lsan.supp'))
tmp = tempfile.mkdtemp(prefix='http-opendata.', dir=TMP)
RNG = os.path.abspath('tests/http/atom.rng')
BASE = 'https://cities.example'
A = '{http://www.w3.org/2005/Atom}'
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
n = 0
failed = 0


def check(desc, cond, diag=None):
    global n, failed
    n += 1
    print('%s %d - %s' % ('ok' if cond else 'not ok', n, desc))
    if not cond:
        failed += 1
        for line in str(diag or '').splitlines()[:15]:
            print('# ' + line)
    sys.stdout.flush()


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Server:
    def __init__(self, name, files=()):
        self.name = name
        self.db = os.path.join(tmp, name + '.db')
        for args in [['init', '--demo']] + [['import', f] for f in files]:
            out = subprocess.run([BIN, '--db', self.db] + args, capture_output=True, text=True)
            if out.returncode != 0:
                raise SystemExit('%s failed: %s' % (args[0], out.stderr))
        self.base = 'http://127.0.0.1:%d' % free_port()
        self.err = open(os.path.join(tmp, name + '.err'), 'w')
        self.proc = subprocess.Popen([BIN, '--db', self.db, 'serve', '--listen', self.base[7:],
                                      '--base-url', BASE, '--access-log', '-'], stderr=self.err)
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + '/healthz', timeout=1)
                return
            except Exception:
                time.sleep(0.1)
        raise SystemExit('server did not start')

    def get(self, path):
        try:
            r = urllib.request.urlopen(self.base + path, timeout=20)
            return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=20)
        self.err.close()
        err = open(os.path.join(tmp, self.name + '.err')).read()
        check('%s: the server exits 0, no sanitizer report' % self.name,
              rc == 0 and 'Sanitizer' not in err and 'runtime error' not in err, err[-1500:])


# ---- the demo data, read directly --------------------------------------------------
D = {}
for f in sorted(glob.glob('data/demo/*.json')):
    for k, v in json.load(open(f)).items():
        if isinstance(v, list):
            D.setdefault(k, []).extend(v)
CITY = {c['slug']: c for c in D['cities']}
ORG = {o['slug']: o for o in D['organisations']}
GROUP = {g['slug']: g for g in D['groups']}
PUB = [p for p in D['practices'] if p.get('status', 'published') == 'published']


def mslug(m):
    s = m['organisation'] + '--' + m['city']
    if m.get('role', 'member') != 'member':
        s += '--' + m['role']
    if 'since' in m:
        s += '--' + m['since']
    return s


def text_in(i18n, lang):
    for l in [lang, 'en', 'ca', 'es', 'fr', 'it']:
        if l in i18n:
            return i18n[l]['text'] if isinstance(i18n[l], dict) else i18n[l]
    return None


def party_cities(p):
    out = []
    for x in p['parties']:
        out += [x['city']] if 'city' in x else GROUP[x['group']].get('cities', [])
    return out


def validate(xml_bytes, name):
    path = os.path.join(tmp, name + '.xml')
    open(path, 'wb').write(xml_bytes)
    r = subprocess.run(['xmllint', '--noout', '--relaxng', RNG, path], capture_output=True, text=True)
    return r.returncode == 0, r.stderr


def feed_check(srv, path, lang, want_ids, label):
    """Parses, validates and checks a feed against the ids it must hold."""
    st, h, b = srv.get(path)
    check('%s: 200 application/atom+xml' % label,
          st == 200 and h['Content-Type'] == 'application/atom+xml', (st, h['Content-Type']))
    ok, err = validate(b, re.sub(r'\W', '_', path))
    check('%s: valid against the Atom RELAX NG schema (RFC 4287)' % label, ok, err)
    try:
        feed = ET.fromstring(b)
    except ET.ParseError as e:
        check('%s: parses' % label, False, e)
        return None
    entries = feed.findall(A + 'entry')
    ids = [e.findtext(A + 'id') for e in entries]
    check('%s: xml:lang="%s", self and alternate links, an author' % (label, lang),
          feed.get(XML_LANG) == lang and
          feed.find(A + 'link[@rel="self"]').get('href') == BASE + path and
          feed.find(A + 'link[@rel="alternate"]').get('href') == BASE + path[:-5] and
          feed.findtext(A + 'author/' + A + 'name') == 'intercity' and
          feed.findtext(A + 'id') == BASE + path)
    check('%s: the %d entries the store holds (%d)' % (label, min(len(want_ids), 50), len(ids)),
          sorted(ids) == sorted(want_ids)[:50] if len(want_ids) <= 50 else len(ids) == 50,
          (sorted(set(ids) ^ set(want_ids)))[:6])
    pub = [e.findtext(A + 'published') for e in entries]
    check('%s: newest first' % label, pub == sorted(pub, reverse=True), pub[:8])
    upd = [e.findtext(A + 'updated') for e in entries]
    check('%s: the feed\'s updated is its newest entry\'s' % label,
          not upd or feed.findtext(A + 'updated') == max(upd), (feed.findtext(A + 'updated'), upd[:3]))
    check('%s: each entry has one alternate link to a page of the site in %s' % (label, lang),
          all(len(e.findall(A + 'link[@rel="alternate"]')) == 1 and
              e.find(A + 'link[@rel="alternate"]').get('href').startswith('%s/%s/' % (BASE, lang))
              for e in entries))
    return feed


srv = Server('demo')
try:
    # ---- feeds -------------------------------------------------------------------------
    for lang in ['ca', 'en', 'it']:
        ids = [BASE + '/practices/' + p['slug'] for p in PUB if 'education' in p.get('topics', [])]
        feed = feed_check(srv, '/%s/topics/education.atom' % lang, lang, ids, 'topic education (%s)' % lang)
        if feed is not None:
            want = {p['slug']: text_in(p['title'], lang) for p in PUB}
            got = [(e.findtext(A + 'id').rsplit('/', 1)[1], e.findtext(A + 'title'),
                    e.find(A + 'title').get(XML_LANG)) for e in feed.findall(A + 'entry')]
            check('topic education (%s): titles in %s, or marked with xml:lang' % (lang, lang),
                  all(t == want[s] and (x is None or x != lang) for s, t, x in got), got[:3])
            years = [int(e.findtext(A + 'published')[:4]) for e in feed.findall(A + 'entry')]
            bys = {p['slug']: p['year'] for p in PUB}
            check('topic education (%s): published is the practice\'s year' % lang,
                  years == [bys[s] for s, _, _ in got])

    bcn = 'barcelona'
    ids = [BASE + '/practices/' + p['slug'] for p in PUB if p['city'] == bcn]
    ids += [BASE + '/api/v1/memberships/' + mslug(m) for m in D['memberships'] if m['city'] == bcn and 'since' in m]
    ids += [BASE + '/api/v1/partnerships/' + p['slug'] for p in D['partnerships']
            if bcn in party_cities(p) and 'since' in p]
    feed = feed_check(srv, '/es/cities/barcelona.atom', 'es', ids, 'city barcelona (es)')
    if feed is not None:
        kinds = {e.findtext(A + 'id').split('/')[-2] for e in feed.findall(A + 'entry')}
        check('city barcelona: practices and dated memberships together', {'practices', 'memberships'} <= kinds, kinds)
        m = [e for e in feed.findall(A + 'entry') if '/memberships/rainbow-cities-network--' in e.findtext(A + 'id')]
        check('a membership entry: localized title and summary, links to the network, published on its date',
              m and m[0].findtext(A + 'title') == 'Barcelona, ciudad fundadora de Rainbow Cities Network' and
              m[0].find(A + 'link').get('href') == BASE + '/es/networks/rainbow-cities-network' and
              m[0].findtext(A + 'published') == '2011-01-01T00:00:00Z' and 'Fundadora' in m[0].findtext(A + 'summary'),
              [(x.findtext(A + 'title'), x.findtext(A + 'summary')) for x in m])
    st, h, b = srv.get('/ca/cities/barcelona.atom')
    st2, h2, b2 = srv.get('/ca/cities/barcelona.atom')
    check('a feed is the same on the next request (stable ids and times)', b == b2)
    fr = ET.fromstring(srv.get('/fr/cities/barcelona.atom')[2])
    check('entry ids are the same in every language',
          sorted(e.findtext(A + 'id') for e in fr.findall(A + 'entry')) ==
          sorted(e.findtext(A + 'id') for e in ET.fromstring(b).findall(A + 'entry')))

    rcn = 'rainbow-cities-network'
    members = {m['city'] for m in D['memberships'] if m['organisation'] == rcn}
    ids = [BASE + '/practices/' + p['slug'] for p in PUB if p['city'] in members or rcn in p.get('organisations', [])]
    ids += [BASE + '/api/v1/memberships/' + mslug(m) for m in D['memberships'] if m['organisation'] == rcn and 'since' in m]
    ids += [BASE + '/projects/' + o['slug'] for o in D['organisations']
            if o.get('parent') == rcn and o['kind'] == 'project' and 'founded' in o]
    feed = feed_check(srv, '/en/networks/rainbow-cities-network.atom', 'en', ids, 'network rainbow-cities-network (en)')
    if feed is not None:
        m = [e for e in feed.findall(A + 'entry') if '/memberships/' in e.findtext(A + 'id')]
        check('in a network\'s feed a membership links to the city',
              m and all(e.find(A + 'link').get('href').startswith(BASE + '/en/cities/') for e in m))
    for p in ['/it/cities/atlantis.atom', '/it/networks/atlantis.atom', '/it/topics/atlantis.atom']:
        st, h, b = srv.get(p)
        check('%s: an Italian 404 page' % p, st == 404 and b'<html lang="it">' in b)
    proj = [o['slug'] for o in D['organisations'] if o['kind'] == 'project'][0]
    check('a project has no network feed', srv.get('/en/networks/%s.atom' % proj)[0] == 404)

    for page, feedp in [('/en/cities/barcelona', '/en/cities/barcelona.atom'),
                        ('/ca/networks/rainbow-cities-network', '/ca/networks/rainbow-cities-network.atom'),
                        ('/fr/topics/education', '/fr/topics/education.atom')]:
        html = srv.get(page)[2].decode()
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)" href="([^"]*)">', html)
        check('%s advertises its feed first in <head>' % page, links and links[0][1] == feedp, links)
        check('%s shows a visible link to its feed' % page,
              re.search(r'<a type="application/atom\+xml" href="%s">[^<]+\(' % re.escape(feedp), html) is not None)

    # ---- exports -----------------------------------------------------------------------
    def csv_rows(path, name):
        st, h, b = srv.get(path)
        check('%s: 200 text/csv, attachment %s' % (path, name),
              st == 200 and h['Content-Type'] == 'text/csv; charset=utf-8' and
              h['Content-Disposition'] == 'attachment; filename="%s"' % name, (st, dict(h)))
        return list(csv.DictReader(io.StringIO(b.decode())))

    def json_doc(path, name, ctype='application/json'):
        st, h, b = srv.get(path)
        check('%s: 200 %s, attachment %s' % (path, ctype, name),
              st == 200 and h['Content-Type'] == ctype and
              h['Content-Disposition'] == 'attachment; filename="%s"' % name, (st, dict(h)))
        p = os.path.join(tmp, re.sub(r'\W', '_', path) + '.json')
        open(p, 'wb').write(b)
        return json.loads(b), p

    def imports_back(path):
        out = subprocess.run([BIN, '--db', srv.db, 'import', '--dry-run', path], capture_output=True, text=True)
        return out.returncode == 0

    rows = csv_rows('/en/cities.csv', 'cities.csv')
    check('cities.csv: every city, by slug, names in English, coordinates as numbers',
          [r['slug'] for r in rows] == sorted(CITY) and
          [r for r in rows if r['slug'] == 'havana'][0]['lon'] == '-82.383' and
          [r for r in rows if r['slug'] == 'havana'][0]['name'] == 'Havana')
    rows = csv_rows('/ca/cities.csv?network=%s' % rcn, 'cities.csv')
    check('cities.csv?network=: the members', sorted(r['slug'] for r in rows) == sorted(members))
    doc, p = json_doc('/en/cities.json?network=%s' % rcn, 'cities.json')
    check('cities.json: the members in the import format, and it imports back',
          doc['format'] == 'intercity' and sorted(c['slug'] for c in doc['cities']) == sorted(members) and imports_back(p))

    nets = [o for o in D['organisations'] if o['kind'] != 'project']
    rows = csv_rows('/en/networks.csv', 'networks.csv')
    check('networks.csv: every organisation but projects, with member counts',
          [r['slug'] for r in rows] == sorted(o['slug'] for o in nets) and
          [r for r in rows if r['slug'] == rcn][0]['members'] == str(len(members)))
    rows = csv_rows('/en/networks.csv?scope=regional', 'networks.csv')
    html = srv.get('/en/networks?scope=regional')[2].decode()
    check('networks.csv takes the directory\'s filters (scope=regional)',
          [r['slug'] for r in rows] == sorted(o['slug'] for o in nets if o.get('scope') == 'regional') and
          all('/en/networks/%s"' % r['slug'] in html for r in rows))
    check('the directory links its filtered exports',
          'href="/en/networks.csv?scope=regional"' in html and 'href="/en/networks.geojson?scope=regional"' in html)
    doc, p = json_doc('/en/networks.json', 'networks.json')
    check('networks.json imports back', doc['organisations'] and imports_back(p))
    doc, p = json_doc('/en/networks.geojson', 'networks.geojson', 'application/geo+json')
    hq = [o for o in nets if o.get('headquarters') in CITY and 'lat' in CITY[o['headquarters']]]
    check('networks.geojson: Points at [lon, lat] of the headquarters',
          doc['type'] == 'FeatureCollection' and sorted(f['id'] for f in doc['features']) == sorted(o['slug'] for o in hq) and
          all(f['geometry']['coordinates'] == [CITY[f['properties']['headquarters']]['lon'],
                                              CITY[f['properties']['headquarters']]['lat']] for f in doc['features']))
    check('networks.geojson: flat properties',
          all(not isinstance(v, (dict, list)) for f in doc['features'] for v in f['properties'].values()))

    rows = csv_rows('/en/memberships.csv?city=barcelona', 'memberships.csv')
    check('memberships.csv?city=barcelona: Barcelona\'s memberships',
          sorted(r['slug'] for r in rows) == sorted(mslug(m) for m in D['memberships'] if m['city'] == bcn))
    doc, p = json_doc('/en/memberships.json?network=%s&city=barcelona' % rcn, 'memberships.json')
    check('memberships.json?network=&city=: ANDed, imports back',
          [m['slug'] for m in doc['memberships']] == [mslug(m) for m in D['memberships']
                                                       if m['city'] == bcn and m['organisation'] == rcn] and imports_back(p))
    check('memberships.csv?city=<x>: a 400 page', srv.get('/en/memberships.csv?city=%3Cx%3E')[0] == 400)

    coop = [p for p in D['partnerships'] if p['kind'] == 'cooperation']
    rows = csv_rows('/en/partnerships.csv?kind=cooperation', 'partnerships.csv')
    check('partnerships.csv takes the cooperation page\'s facets (kind=cooperation)',
          sorted(r['slug'] for r in rows) == sorted(p['slug'] for p in coop))
    r = [x for x in rows if x['slug'] == 'barcelona-colombian-cities']
    check('partnerships.csv: a group stays one party, its cities are listed',
          r and r[0]['parties'] == 'Barcelona; Colombian cities' and r[0]['cities'] == 'barcelona;medellin' and
          r[0]['countries'] == 'ES;CO', r)
    html = srv.get('/en/cooperation?kind=cooperation&country=CU')[2].decode()
    check('the cooperation page links its exports with its filters',
          'href="/en/partnerships.csv?kind=cooperation&amp;country=CU"' in html and
          'href="/en/partnerships.geojson?kind=cooperation&amp;country=CU"' in html)
    doc, p = json_doc('/en/partnerships.geojson?kind=cooperation&country=CU', 'partnerships.geojson', 'application/geo+json')
    check('partnerships.geojson with the page\'s facets: Barcelona–Havana only',
          [f['id'] for f in doc['features']] == ['barcelona-havana'])
    doc, p = json_doc('/en/partnerships.json?city=havana', 'partnerships.json')
    check('partnerships.json?city=havana imports back', [x['slug'] for x in doc['partnerships']] == ['barcelona-havana']
          and imports_back(p))
    html = srv.get('/en/cities/barcelona')[2].decode()
    check('a city\'s page links its memberships, partnerships and practices as data',
          all('href="/en/%s?city=barcelona"' % x in html for x in
              ['memberships.csv', 'partnerships.csv', 'partnerships.geojson', 'practices.csv']))
    html = srv.get('/en/networks/%s' % rcn)[2].decode()
    check('a network\'s page links its members as CSV and JSON',
          'href="/en/memberships.json?network=%s"' % rcn in html and 'href="/en/memberships.csv?network=%s"' % rcn in html)
finally:
    srv.stop()

# ---- hostile data: markup in feeds, formulas in CSV ------------------------------------------
EVIL = '<script>alert(1)</script>"\'><img src=x onerror=alert(1)>&amp;'
FORMULAS = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-2+3', '@SUM(A1)', '\tTab', '\rCR']
evil = {
    'format': 'intercity', 'version': 1,
    'cities': [{'slug': 'evil-town', 'name': 'Evil ' + EVIL, 'country': 'ES', 'lat': -33.5, 'lon': -70.25}] +
              [{'slug': 'formula-%d' % i, 'name': f, 'country': 'FR'} for i, f in enumerate(FORMULAS)],
    'organisations': [{'slug': 'evil-network', 'kind': 'network', 'name': {'en': 'Net ' + EVIL},
                       'headquarters': 'evil-town'}],
    'memberships': [{'organisation': 'evil-network', 'city': 'evil-town', 'role': 'founder', 'since': '2020-02'}],
    'partnerships': [{'slug': 'evil-partnership', 'kind': 'twinning', 'since': '2021',
                      'parties': [{'city': 'evil-town'}, {'city': 'barcelona'}], 'name': {'en': '=CMD|"/c calc"!A1'}}],
    'practices': [{'slug': 'formula-practice', 'city': 'formula-0', 'year': 2022, 'title': {'en': '=1+1'}},
                  {'slug': 'evil-practice', 'city': 'evil-town', 'year': 2023, 'topics': ['refugees'],
                   'title': {'en': 'Evil ' + EVIL}, 'summary': {'en': 'Summary ' + EVIL}}],
}
path = os.path.join(tmp, 'evil.json')
json.dump(evil, open(path, 'w'))
srv = Server('evil', [path])
try:
    for p in ['/en/cities/evil-town.atom', '/en/networks/evil-network.atom', '/en/topics/refugees.atom']:
        st, h, b = srv.get(p)
        ok, err = validate(b, re.sub(r'\W', '_', p))
        feed = ET.fromstring(b)
        titles = [e.findtext(A + 'title') for e in feed.findall(A + 'entry')]
        check('%s: hostile text is escaped: the feed is valid and the title comes back as written' % p,
              ok and st == 200 and 'Evil ' + EVIL in titles + [feed.findtext(A + 'title')[:-len(' · intercity')]]
              and not any(el.tag.endswith('script') or el.tag.endswith('img') for el in feed.iter()),
              (err, titles[:3]))
    feed = ET.fromstring(srv.get('/en/cities/evil-town.atom')[2])
    check('the hostile city\'s feed: practice, membership and partnership',
          sorted(e.findtext(A + 'id').split('/')[-2] for e in feed.findall(A + 'entry')) ==
          ['memberships', 'partnerships', 'practices'])
    html = srv.get('/en/cities/evil-town')[2].decode()
    check('the hostile city\'s page: its feed link is escaped',
          '<script>alert' not in html and 'title="Evil &lt;script&gt;' in html)
    b = srv.get('/en/cities.csv')[2].decode()
    rows = {r['slug']: r for r in csv.DictReader(io.StringIO(b))}
    check('cities.csv: a name that starts like a formula gets an apostrophe (= + - @ tab CR)',
          all(rows['formula-%d' % i]['name'] == "'" + f for i, f in enumerate(FORMULAS)),
          [rows['formula-%d' % i]['name'] for i in range(len(FORMULAS))])
    check('cities.csv: negative coordinates stay numbers', rows['evil-town']['lat'] == '-33.5' and
          rows['evil-town']['lon'] == '-70.25', rows['evil-town'])
    check('cities.csv: quotes and commas are RFC 4180 quoted', rows['evil-town']['name'] == 'Evil ' + EVIL)
    rows = list(csv.DictReader(io.StringIO(srv.get('/en/partnerships.csv')[2].decode())))
    check('partnerships.csv: a formula in a name is neutralised',
          [r['name'] for r in rows if r['slug'] == 'evil-partnership'] == ["'=CMD|\"/c calc\"!A1"])
    rows = list(csv.DictReader(io.StringIO(srv.get('/en/practices.csv?city=formula-0')[2].decode())))
    check('the catalogue\'s CSV goes through the same writer', [r['title'] for r in rows] == ["'=1+1"], rows)
    b = srv.get('/en/memberships.csv?network=evil-network')[2].decode()
    check('memberships.csv: the hostile names are quoted, not executed',
          '"Net <script>alert(1)</script>""\'><img src=x onerror=alert(1)>&amp;"' in b, b)
finally:
    srv.stop()

print('1..%d' % n)
if failed == 0:
    shutil.rmtree(tmp, ignore_errors=True)
sys.exit(1 if failed else 0)

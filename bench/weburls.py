#!/usr/bin/env python3
# weburls.py - the fixed URL sets of the web server benchmark (issue 4).
#
# SPDX-License-Identifier: MIT
#
#   weburls.py demo DATADIR OUTDIR      from data/demo/*.json
#   weburls.py corpus CORPUS.tsv OUTDIR from bench/gen.c's corpus
#
# Writes OUTDIR/api.txt, OUTDIR/catalogue.txt and OUTDIR/practice.txt, 50
# request paths each, drawn with a fixed seed from the data: the same
# files every run.
#
# - api.txt: /api/v1/search?lang=en&... ; catalogue.txt: /{lang}/practices?...
#   (languages in turn). Both take the same 50 queries: 20 filters only,
#   from a practice (one of its topics and its country, one of its topics
#   and a random one, one of its topics and a year range around its year,
#   its country and year), 30 keywords (1-2 words from a practice's title) with 1-2
#   filters taken from that practice (its topic, country or a year range
#   around its year), like a reader who searched, then narrowed.
# - practice.txt: /{lang}/practices/{slug}, 50 practices (the demo has 43:
#   all of them, then again in another language).
import glob
import json
import os
import random
import sys
from urllib.parse import quote

LANGS = ["en", "ca", "es", "fr", "it"]
STOP = set("""a an and the of in for to on with by at from its their city
cities de del la las los el en y i per la les des du et le a al di e il
della dei per con una un uno d l que com amb pour sur dans""".split())


def words(title):
    out = []
    for w in title.replace(",", " ").replace(":", " ").replace(".", " ") \
            .replace("’", " ").replace("'", " ").split():
        w = w.strip("()«»\"“”-–").lower()
        if len(w) > 3 and w not in STOP and not w.isdigit():
            out.append(w)
    return out


def load_demo(datadir):
    cities, docs = {}, []
    for f in sorted(glob.glob(os.path.join(datadir, "demo", "*.json"))):
        d = json.load(open(f, encoding="utf-8"))
        for c in d.get("cities", []):
            cities[c["slug"]] = c["country"]
        docs.extend(d.get("practices", []))
    out = []
    for p in docs:
        if p.get("status", "published") != "published":
            continue
        title = p["title"].get("en") or next(iter(p["title"].values()))
        if isinstance(title, dict):
            title = title["text"]
        out.append({"slug": p["slug"], "year": p["year"],
                    "country": p.get("country") or cities.get(p["city"]),
                    "topics": p.get("topics", []), "title": title,
                    "langs": sorted(p["title"].keys())})
    return out


def load_corpus(path, rng, n=5000):
    # Reservoir sample of n lines: no need to hold 100k documents.
    sample = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i < n:
                sample.append(line)
            else:
                j = rng.randrange(i + 1)
                if j < n:
                    sample[j] = line
    out = []
    for line in sample:
        doc_id, lang, year, country, _city, topics, title = \
            line.split("\t")[:7]
        out.append({"slug": "p%06d" % int(doc_id), "year": int(year),
                    "country": country,
                    "topics": [t for t in topics.split(";") if t],
                    "title": title, "langs": [lang]})
    return out


def qs(pairs):
    return "&".join("%s=%s" % (k, quote(str(v), safe="")) for k, v in pairs)


def queries(docs, rng):
    topics = sorted({t for d in docs for t in d["topics"]})
    out = []
    for i in range(20):
        # Filters a reader would combine: taken from one practice, so that
        # most lists are not empty; the second topic of shape 1 is random.
        d = rng.choice([d for d in docs if d["topics"] and d["country"]])
        shape = i % 4
        if shape == 0:
            q = [("topic", rng.choice(d["topics"])),
                 ("country", d["country"])]
        elif shape == 1:
            a = rng.choice(d["topics"])
            b = rng.choice([t for t in topics if t != a])
            q = [("topic", a), ("topic", b)]
        elif shape == 2:
            q = [("topic", rng.choice(d["topics"])),
                 ("from", d["year"] - 2), ("to", d["year"] + 1)]
        else:
            q = [("country", d["country"]), ("year", d["year"])]
        out.append(q)
    while len(out) < 50:
        d = rng.choice(docs)
        w = words(d["title"])
        if not w:
            continue
        text = " ".join(rng.sample(w, min(len(w), rng.choice((1, 1, 2)))))
        q = [("q", text)]
        if d["topics"]:
            q.append(("topic", rng.choice(d["topics"])))
        if rng.random() < 0.5 and d["country"]:
            q.append(("country", d["country"]))
        elif rng.random() < 0.5:
            q += [("from", d["year"] - 3), ("to", d["year"] + 2)]
        out.append(q)
    return out


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("demo", "corpus"):
        sys.exit("usage: weburls.py demo DATADIR OUTDIR | "
                 "corpus CORPUS.tsv OUTDIR")
    rng = random.Random(4)
    docs = load_demo(sys.argv[2]) if sys.argv[1] == "demo" else \
        load_corpus(sys.argv[2], rng)
    os.makedirs(sys.argv[3], exist_ok=True)
    qq = queries(docs, rng)
    with open(os.path.join(sys.argv[3], "api.txt"), "w") as f:
        for q in qq:
            f.write("/api/v1/search?%s\n" % qs([("lang", "en")] + q))
    with open(os.path.join(sys.argv[3], "catalogue.txt"), "w") as f:
        for i, q in enumerate(qq):
            f.write("/%s/practices?%s\n" % (LANGS[i % 5], qs(q)))
    with open(os.path.join(sys.argv[3], "practice.txt"), "w") as f:
        pick = docs[:] if len(docs) <= 50 else rng.sample(docs, 50)
        rng.shuffle(pick)
        i = 0
        while i < 50:
            d = pick[i % len(pick)]
            # The page's language: one the practice exists in first, then
            # the others (the page then says the text is in another one).
            lang = d["langs"][0] if i < len(pick) else LANGS[i % 5]
            if i % 3 == 1:
                lang = LANGS[(i // 3) % 5]
            f.write("/%s/practices/%s\n" % (lang, d["slug"]))
            i += 1


if __name__ == "__main__":
    main()

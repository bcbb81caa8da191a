#!/usr/bin/env python3
# webcorpus.py - turns bench/gen.c's corpus (TSV) into intercity's JSON
# import format (docs/FORMAT.md), for the web server benchmark (issue 4).
#
# SPDX-License-Identifier: MIT
#
#   webcorpus.py corpus.tsv OUTDIR [PER_FILE]
#
# Writes OUTDIR/cities.json (every city of the corpus, in the country gen.c
# gave it) and OUTDIR/practices-NNN.json, PER_FILE practices each (default
# 20000), and prints the file names. A line of gen.c is
#     id lang year country city topics(;) title summary body
# and becomes the practice "p<id>" of city "<city>" (c0001..c5000) with its
# year, topics (slugs of data/topics.json), and title, summary and body in
# the line's language; the body gets paragraph breaks every few sentences so
# that the Markdown renderer does realistic work.
import json
import os
import sys

# A few real names, so pages are not all "c0001"; the rest are numbered.
CITY_WORDS = ["Nova", "Vila", "San", "Porto", "Bad", "Saint", "Monte",
              "Alta", "Bela", "Nord", "Sud", "Riva"]


def city_name(slug):
    n = int(slug[1:])
    return "%s %s %d" % (CITY_WORDS[n % len(CITY_WORDS)],
                         slug[1:].lstrip("0") or "0", n % 97)


def paragraphs(body):
    out, sent = [], []
    for s in body.split(". "):
        sent.append(s)
        if len(sent) == 4:
            out.append(". ".join(sent) + ".")
            sent = []
    if sent:
        out.append(". ".join(sent))
    return "\n\n".join(p.replace("..", ".") for p in out)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: webcorpus.py corpus.tsv OUTDIR [PER_FILE]")
    src, outdir = sys.argv[1], sys.argv[2]
    per = int(sys.argv[3]) if len(sys.argv) == 4 else 20000
    os.makedirs(outdir, exist_ok=True)
    cities = {}
    batch, nfile, files = [], 0, []

    def flush():
        nonlocal batch, nfile
        if not batch:
            return
        name = os.path.join(outdir, "practices-%03d.json" % nfile)
        with open(name, "w", encoding="utf-8") as f:
            json.dump({"format": "intercity", "version": 1,
                       "practices": batch}, f, ensure_ascii=False)
        files.append(name)
        nfile += 1
        batch = []

    with open(src, encoding="utf-8") as f:
        for line in f:
            (doc_id, lang, year, country, city, topics, title, summary,
             body) = line.rstrip("\n").split("\t")
            cities.setdefault(city, country)
            batch.append({
                "slug": "p%06d" % int(doc_id),
                "city": city,
                "year": int(year),
                "topics": [t for t in topics.split(";") if t],
                "title": {lang: title[:300]},
                "summary": {lang: summary[:2000]},
                "body": {lang: paragraphs(body)},
            })
            if len(batch) == per:
                flush()
    flush()
    name = os.path.join(outdir, "cities.json")
    with open(name, "w", encoding="utf-8") as f:
        json.dump({"format": "intercity", "version": 1, "cities": [
            {"slug": c, "name": city_name(c), "country": k}
            for c, k in sorted(cities.items())]}, f, ensure_ascii=False)
    print(name)
    for n in files:
        print(n)


if __name__ == "__main__":
    main()

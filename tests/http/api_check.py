#!/usr/bin/python3
# api_check.py - checks real API responses against the OpenAPI document.
# SPDX-License-Identifier: MIT
#
#   api_check.py OPENAPI.json MANIFEST
#
# MANIFEST has one line per response: "PATH<TAB>STATUS<TAB>CONTENT-TYPE<TAB>
# BODY-FILE" (PATH without the query). Each response must be declared by the
# document (path template, GET, status, media type) and its body must match
# the declared schema under JSON Schema 2020-12, with $refs resolved into the
# document's components. The schemas themselves are checked against the
# 2020-12 metaschema first. Prints one line per failure; exits 1 on any.
#
# Uses Debian's python3-jsonschema (scripts/deps.sh --test).
import json
import re
import sys
import warnings

import jsonschema
from jsonschema import Draft202012Validator

warnings.simplefilter("ignore", DeprecationWarning)


def template_re(path):
    # "/api/v1/practices/{slug}" -> one segment per parameter
    parts = re.split(r"(\{[^}/]+\})", path)
    return re.compile("^" + "".join("[^/]+" if p.startswith("{") else
                                    re.escape(p) for p in parts) + "$")


def main():
    if len(sys.argv) != 3:
        print("usage: api_check.py OPENAPI.json MANIFEST", file=sys.stderr)
        return 2
    doc = json.load(open(sys.argv[1], encoding="utf-8"))
    failures = []
    if not str(doc.get("openapi", "")).startswith("3.1"):
        failures.append("the document is not OpenAPI 3.1")
    for name, schema in doc.get("components", {}).get("schemas", {}).items():
        try:
            Draft202012Validator.check_schema(schema)
        except jsonschema.exceptions.SchemaError as e:
            failures.append("components/schemas/%s is not a 2020-12 "
                            "schema: %s" % (name, e.message))
    # Every $ref is resolved against the whole document.
    resolver = jsonschema.RefResolver.from_schema(doc)
    # Literal paths before templates, as the server routes them.
    routes = sorted(doc.get("paths", {}).items(), key=lambda kv: "{" in kv[0])
    checked = 0
    for line in open(sys.argv[2], encoding="utf-8"):
        if not line.strip():
            continue
        path, status, ctype, body_file = line.rstrip("\n").split("\t")
        where = "%s %s" % (path, status)
        op = None
        for tpl, item in routes:
            if template_re(tpl).match(path):
                op = item.get("get")
                break
        if op is None and status == "404":
            # Addresses the document cannot list: any other path under
            # /api/ must still answer with a problem.
            op = {"responses": {"404": {"content": {
                "application/problem+json": {
                    "schema": {"$ref": "#/components/schemas/Problem"}}}}}}
        if op is None:
            failures.append("%s: no GET operation in the document" % where)
            continue
        resp = op.get("responses", {}).get(status) or \
            op.get("responses", {}).get("default")
        if resp is None:
            failures.append("%s: status not declared" % where)
            continue
        content = resp.get("content")
        if status == "304" or content is None:
            if content is not None:
                failures.append("%s: declared with a body" % where)
            checked += 1
            continue
        media = ctype.split(";")[0].strip().lower()
        if media not in content:
            failures.append("%s: Content-Type %s not declared (%s)" %
                            (where, media, ", ".join(content)))
            continue
        schema = content[media].get("schema")
        try:
            body = json.load(open(body_file, encoding="utf-8"))
        except (OSError, ValueError) as e:
            failures.append("%s: the body is not JSON: %s" % (where, e))
            continue
        v = Draft202012Validator(schema, resolver=resolver)
        errs = sorted(v.iter_errors(body), key=lambda e: list(e.path))
        for e in errs[:5]:
            failures.append("%s: at /%s: %s" % (
                where, "/".join(str(p) for p in e.absolute_path),
                e.message[:300]))
        checked += 1
    for f in failures:
        print(f)
    print("%d responses checked, %d failures" % (checked, len(failures)))
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())

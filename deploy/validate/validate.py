"""Offline validation of the deployment descriptions (run by test/unit/deploy-manifests.test.ts).

  validate.py --k8s-version 1.33.0 [--k8s FILE]... [--compose FILE]...

Kubernetes documents are checked against the schemas bundled in the kubernetes-validate package (strict:
an unknown field is an error), an ECK `Elasticsearch` against deploy/validate/eck-elasticsearch.schema.json
(its pod template and volume claims against the same bundled Kubernetes definitions); a kind with no schema
is an error, never a warning. Compose files are checked against the Compose Specification's schema vendored
by check-jsonschema. Prints one JSON object: every document with its parsed content and its errors. Exit
status 0 when everything is valid, 1 otherwise. Reads no network.
"""

import argparse
import json
import os
import sys

import jsonschema
import kubernetes_validate.utils as kv
import yaml
from importlib import resources
from referencing import Registry, Resource

HERE = os.path.dirname(os.path.abspath(__file__))
CUSTOM = {("elasticsearch.k8s.elastic.co/v1", "Elasticsearch"): os.path.join(HERE, "eck-elasticsearch.schema.json")}


def error_text(e):
    path = ".".join(str(p) for p in e.absolute_path)
    return f"{path or '(root)'}: {e.message}"


def custom_validator(schema_file, version):
    with open(schema_file) as f:
        schema = json.load(f)
    defs = kv.schema_contents(f"kubernetes-json-schema/v{version}-local-strict/_definitions.json", version)
    registry = Resource.from_contents(defs) @ Registry()
    return jsonschema.validators.Draft202012Validator(schema, registry=registry)


def check_k8s(doc, version, custom):
    api, kind = doc.get("apiVersion"), doc.get("kind")
    if (api, kind) in CUSTOM:
        v = custom.setdefault((api, kind), custom_validator(CUSTOM[(api, kind)], version))
        return [error_text(e) for e in sorted(v.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])]
    try:
        kv.validate(doc, version, strict=True)
        return []
    except kv.ValidationError as e:
        return [error_text(e)]
    except kv.SchemaNotFoundError:
        return [f"no schema for {kind} {api}: not validated, so not accepted"]


def compose_validator():
    ref = resources.files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json")
    schema = json.loads(ref.read_text())
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--k8s-version", default="1.33.0")
    p.add_argument("--k8s", action="append", default=[])
    p.add_argument("--compose", action="append", default=[])
    a = p.parse_args()
    out = {"kubernetes": [], "compose": []}
    ok = True
    custom = {}
    for file in a.k8s:
        try:
            with open(file) as f:
                docs = [d for d in yaml.safe_load_all(f) if d is not None]
        except yaml.YAMLError as e:
            out["kubernetes"].append({"file": file, "index": 0, "errors": [f"YAML: {e}"], "doc": None})
            ok = False
            continue
        for i, doc in enumerate(docs):
            errors = check_k8s(doc, a.k8s_version, custom) if isinstance(doc, dict) else ["not a mapping"]
            ok = ok and not errors
            out["kubernetes"].append({"file": file, "index": i, "errors": errors, "doc": doc})
    if a.compose:
        v = compose_validator()
        for file in a.compose:
            try:
                with open(file) as f:
                    doc = yaml.safe_load(f)
                errors = [error_text(e) for e in v.iter_errors(doc)]
            except yaml.YAMLError as e:
                doc, errors = None, [f"YAML: {e}"]
            ok = ok and not errors
            out["compose"].append({"file": file, "errors": errors, "doc": doc})
    json.dump(out, sys.stdout, default=str)
    sys.stdout.write("\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

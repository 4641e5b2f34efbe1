"""Validates deploy/kubernetes/*.yaml: built-in kinds against the Kubernetes OpenAPI
schemas bundled in kubernetes-validate (PyPI), strictly (unknown fields are errors);
the custom resources (KEDA ScaledObject, Prometheus ServiceMonitor, Kustomization)
against the schemas in deploy/schemas/, which cover the fields we use, with their
types and required fields as the upstream CRDs define them. Exit 1 on any error.

    .venv/bin/python scripts/validate_manifests.py [FILES...]
"""

import glob
import json
import pathlib
import sys

import jsonschema
import kubernetes_validate
import yaml

KUBERNETES_VERSION = "1.30.0"
ROOT = pathlib.Path(__file__).resolve().parent.parent
CUSTOM = {
    ("keda.sh/v1alpha1", "ScaledObject"): "keda-scaledobject.json",
    ("monitoring.coreos.com/v1", "ServiceMonitor"): "servicemonitor.json",
    ("kustomize.config.k8s.io/v1beta1", "Kustomization"): "kustomization.json",
}


def validate(path: str) -> list[str]:
    errors = []
    with open(path, encoding="utf-8") as f:
        documents = [d for d in yaml.safe_load_all(f) if d is not None]
    for doc in documents:
        kind = (doc.get("apiVersion"), doc.get("kind"))
        name = f"{path}: {kind[1]}/{doc.get('metadata', {}).get('name', '?')}"
        if kind in CUSTOM:
            schema = json.loads((ROOT / "deploy" / "schemas" / CUSTOM[kind]).read_text())
            validator = jsonschema.Draft202012Validator(schema)
            errors += [f"{name}: {'.'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(doc)]
            continue
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as e:
            errors.append(f"{name}: {'.'.join(map(str, e.path))}: {e.message}")
        except kubernetes_validate.SchemaNotFoundError:
            errors.append(f"{name}: no schema for {kind[0]} {kind[1]} (add one to deploy/schemas/)")
    return errors


def main() -> int:
    files = sys.argv[1:] or sorted(glob.glob(str(ROOT / "deploy" / "kubernetes" / "*.yaml")))
    errors = [e for path in files for e in validate(path)]
    for error in errors:
        print(f"invalid: {error}", file=sys.stderr)
    print(f"manifests: {len(files)} files checked, {len(errors)} errors (Kubernetes {KUBERNETES_VERSION} schemas, strict)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

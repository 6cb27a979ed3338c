"""The JSON Schema of bundles and exports, made from fields.py so that it cannot drift from the
checks `merge` runs. The package ships it as `mentorlog/bundle.schema.json` (docs/bundle-format.md
explains it); `python -m mentorlog.services.bundle_schema` prints it anew.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mentorlog import fields as schema
from mentorlog.model import Phase
from mentorlog.services import bundle

SHIPPED = Path(__file__).resolve().parent.parent / "bundle.schema.json"
ULID = {"type": "string", "pattern": "^[0-7][0-9a-hjkmnp-tv-z]{25}$"}
STAMP = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"}
DAY = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
VERSION = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z [0-7][0-9a-hjkmnp-tv-z]{25}$",
}


def _domain(spec: schema.Field) -> dict[str, Any]:
    domain = spec.domain
    if isinstance(domain, schema.Text):
        return {"type": "string", "minLength": 1, "maxLength": domain.max_length}
    if isinstance(domain, schema.Choice):
        return {"enum": [member.value for member in domain.kind]}
    if isinstance(domain, schema.Int):
        return {"type": "integer", "minimum": domain.low, "maximum": domain.high}
    if isinstance(domain, schema.Day):
        return dict(DAY)
    if isinstance(domain, schema.Stamp):
        return dict(STAMP)
    if isinstance(domain, schema.Ref):
        return dict(ULID)
    if isinstance(domain, schema.Tags):
        return {
            "type": "array",
            "maxItems": schema.MAX_TAGS,
            "uniqueItems": True,
            "items": {"type": "string", "pattern": r"^[^\s#]{1,50}$"},
        }
    return {  # a goal revision's before or after
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"enum": list(schema.REVISABLE)},
    }


def _record(table: str, personal: bool) -> dict[str, Any]:
    specs = schema.TABLES[table]
    required = ["table", "id", "author", "created_at", "phase", "updated_at", "origin", "fields", "versions"]
    properties: dict[str, Any] = {
        "table": {"const": table},
        "id": ULID,
        "author": {"enum": ["mentor", "mentee"]},
        "created_at": STAMP,
        "phase": {"enum": [phase.value for phase in Phase]},
        "updated_at": STAMP,
        "origin": ULID,
        "fields": {"$ref": f"#/$defs/fields-{table}"},
        "versions": {
            "type": "object",
            "propertyNames": {"enum": list(specs)},
            "additionalProperties": VERSION,
        },
    }
    if personal:
        properties["visibility"] = {"enum": ["shared", "private"]}
        required.append("visibility")
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def bundle_schema() -> dict[str, Any]:
    """The schema of a bundle or an export (format 3; format 2 is the same without signatures)."""
    one_of = []
    for form in (bundle.BUNDLE, bundle.EXPORT):
        records = {"oneOf": [{"$ref": f"#/$defs/{form}-{t}"} for t in schema.TABLES]}
        one_of.append(
            {"properties": {"format": {"const": form}, "records": {"type": "array", "items": records}}}
        )
    defs: dict[str, Any] = {}
    for table, specs in schema.TABLES.items():
        defs[f"fields-{table}"] = {
            "type": "object",
            "properties": {
                name: {"description": spec.words, "anyOf": [_domain(spec), {"type": "null"}]}
                for name, spec in specs.items()
            },
            "additionalProperties": False,
        }
        defs[f"{bundle.BUNDLE}-{table}"] = _record(table, personal=False)
        defs[f"{bundle.EXPORT}-{table}"] = _record(table, personal=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://mentorlog.invalid/bundle.schema.json",
        "title": "mentorlog bundle or export, format 3 (format 2 reads the same, unsigned)",
        "description": "See docs/bundle-format.md in the mentorlog repository.",
        "type": "object",
        "required": ["format", "version", "pair_id", "from", "exported_at", "clock", "records"],
        "properties": {
            "format": {"enum": [bundle.BUNDLE, bundle.EXPORT]},
            "version": {"enum": list(bundle.LINE_VERSIONS)},
            "pair_id": ULID,
            "from": {
                "type": "object",
                "required": ["role", "journal_id"],
                "properties": {"role": {"enum": ["mentor", "mentee"]}, "journal_id": ULID},
                "additionalProperties": False,
            },
            "exported_at": STAMP,
            "clock": STAMP,
            "seen": {"anyOf": [STAMP, {"type": "null"}]},
            "merged": {
                "type": "array",
                "items": {"type": "array", "prefixItems": [STAMP, STAMP], "items": False},
            },
            "since": {"anyOf": [STAMP, {"type": "null"}]},
            "mentorlog_version": {"type": ["string", "null"]},
            "recipient": {
                "description": "a sealed bundle's: the sender's age X25519 public key",
                "type": "string",
                "pattern": f"^{bundle.RECIPIENT.pattern}$",
            },
            "signing_key": {
                "description": "a bundle's (format 3): the sender journal's Ed25519 signing key, as OpenSSH "
                "writes it",
                "type": "string",
                "pattern": "^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43}$",
            },
            "sealed_to": {
                "description": "how the bundle was sealed, as signed: the receiver's age key, `code`, or "
                "null (plain)",
                "anyOf": [
                    {"type": "string", "pattern": f"^{bundle.RECIPIENT.pattern}$"},
                    {"const": bundle.CODE},
                    {"type": "null"},
                ],
            },
            "auto_sync": {
                "description": "true when the sender syncs automatically through a folder (absent: false)",
                "type": "boolean",
            },
            "records": {"type": "array"},
            "signature": {
                "description": "a bundle's (format 3): the SSH signature (SSHSIG, namespace "
                "mentorlog-bundle) of every line before the last",
                "type": "string",
                "pattern": "^-----BEGIN SSH SIGNATURE-----\\n[A-Za-z0-9+/=\\n]+"
                "-----END SSH SIGNATURE-----\\n$",
            },
        },
        "additionalProperties": False,
        "oneOf": one_of,
        "$defs": defs,
    }


def schema_text() -> str:
    return json.dumps(bundle_schema(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    print(schema_text(), end="")

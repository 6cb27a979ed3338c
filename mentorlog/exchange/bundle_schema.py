"""The JSON Schema of bundles and exports, made from fields.py so that it cannot drift from the
checks `merge` runs. The package ships it as `mentorlog/bundle.schema.json` (docs/bundle-format.md
explains it); `python -m mentorlog.exchange.bundle_schema` prints it anew.

Every value rule is taken from the check itself, not restated: the patterns of texts, tags,
days and timestamps come from exchange/schema_patterns.py, which asks fields.py's checks; the
role-gated acts from the rules of `fields.ACT_ROLES`, asked about every value they look at.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mentorlog import fields as schema
from mentorlog.exchange import bundle
from mentorlog.exchange.schema_patterns import END, character_classes, patterns
from mentorlog.model import Phase

SHIPPED = Path(__file__).resolve().parent.parent / "bundle.schema.json"
ULID = {"type": "string", "pattern": "^" + schema.ULID + END}
ROLES = ["mentor", "mentee"]


# --- fields and records ---------------------------------------------------------------------


def _shared_defs() -> dict[str, Any]:
    """The rules many fields share, written once and referred to (`#/$defs/…`)."""
    classes = character_classes()
    made = patterns()
    return {
        "text": {"type": "string", "pattern": classes["not_blank"], "not": {"pattern": classes["forbidden"]}},
        "one-line-text": {
            "type": "string",
            "pattern": classes["not_blank"],
            "not": {"pattern": classes["one_line"]},
        },
        "day": made["day"],
        "stamp": made["stamp"],
        "version": made["version"],
        "id": ULID,
    }


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _domain(domain: schema.Domain) -> dict[str, Any]:
    if isinstance(domain, schema.Text):
        return {
            "type": "string",
            "$ref": "#/$defs/" + ("text" if domain.multiline else "one-line-text"),
            "minLength": 1,
            "maxLength": domain.max_length,
        }
    if isinstance(domain, schema.Choice):
        return {"enum": [member.value for member in domain.kind]}
    if isinstance(domain, schema.Int):
        return {"type": "integer", "minimum": domain.low, "maximum": domain.high}
    if isinstance(domain, schema.Day):
        return _ref("day")
    if isinstance(domain, schema.Stamp):
        return _ref("stamp")
    if isinstance(domain, schema.Ref):
        return _ref("id")
    if isinstance(domain, schema.Tags):
        return {
            "type": "array",
            "maxItems": schema.MAX_TAGS,
            "uniqueItems": True,
            "items": {
                "type": "string",
                "pattern": f"^{character_classes()['tag']}{{1,{schema.TAG_LENGTH}}}{END}",
            },
        }
    # a goal revision's before or after: the revised fields, each as the goal holds it
    return {
        "type": "object",
        "minProperties": 1,
        "properties": {
            name: {"anyOf": [_domain(revised), {"type": "null"}]} for name, revised in domain.domains
        },
        "additionalProperties": False,
    }


def _fields(table: str) -> dict[str, Any]:
    """A record's `fields`: every value in its domain or null; a required field present and not
    null, but for the words of a removed record (a tombstone travels without them)."""
    specs = schema.TABLES[table]
    always = [name for name, spec in specs.items() if spec.required and not spec.text]
    words = [name for name, spec in specs.items() if spec.required and spec.text]
    result: dict[str, Any] = {
        "type": "object",
        "properties": {
            name: (
                {"description": spec.words, **_domain(spec.domain)}
                if spec.required
                else {"description": spec.words, "anyOf": [_domain(spec.domain), {"type": "null"}]}
            )
            for name, spec in specs.items()
        },
        "additionalProperties": False,
    }
    if always:
        result["required"] = always
    if words:  # a tombstone (deleted_at given) travels without them
        for name in words:
            result["properties"][name] = {
                "description": specs[name].words,
                "anyOf": [_domain(specs[name].domain), {"type": "null"}],
            }
        result["if"] = {"properties": {"deleted_at": {"type": "string"}}, "required": ["deleted_at"]}
        result["else"] = {
            "required": words,
            "properties": {name: {"not": {"type": "null"}} for name in words},
        }
    return result


def _owner_only(name: str) -> dict[str, Any]:
    """A bookkeeping field of the owner's own export (declared not `shared`)."""
    domain = schema.BOOKKEEPING[name].domain
    assert isinstance(domain, schema.Choice), f"{name}: only a choice is written here"
    return {"description": "missing: shared", "enum": [member.value for member in domain.kind]}


def _record(table: str, personal: bool) -> dict[str, Any]:
    specs = schema.TABLES[table]
    required = ["table", "id", "author", "created_at", "phase", "updated_at", "origin", "fields"]
    properties: dict[str, Any] = {
        "table": {"const": table},
        "id": _ref("id"),
        "author": {"enum": ROLES},
        "created_at": _ref("stamp"),
        "phase": {"enum": [phase.value for phase in Phase]},
        "updated_at": _ref("stamp"),
        "origin": _ref("id"),
        "fields": {"$ref": f"#/$defs/fields-{table}"},
        "versions": {
            "description": "each field's version (missing or null: every field at the record's)",
            "anyOf": [
                {
                    "type": "object",
                    "propertyNames": {"enum": list(specs)},
                    "additionalProperties": _ref("version"),
                },
                {"type": "null"},
            ],
        },
    }
    if personal:  # what is declared not `shared` is in exports only; a missing visibility: shared
        properties.update({name: _owner_only(name) for name in schema.OWNER_ONLY})
    result = {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
    acts = act_conditions(table)
    if acts:
        result["allOf"] = acts
    return result


# --- role-gated acts ----------------------------------------------------------------------
# fields.ACT_ROLES holds each rule as a function of the record (the role an act must carry). The
# schema asks each function about every combination of the values it could look at (the record's
# choices, and whether it is removed), finds the fields its answer depends on, and writes one
# `if`/`then` per combination that asks for a role.

REMOVED = "1900-01-01T00:00:00.000Z"  # any stamp: a removed record


def _candidates(table: str, name: str) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {
        field: [None, *(member.value for member in spec.domain.kind)]
        for field, spec in schema.TABLES[table].items()
        if isinstance(spec.domain, schema.Choice) and field != name
    }
    found["deleted_at"] = [None, REMOVED]
    return found


def _rule(table: str, name: str, wanted: Any) -> tuple[list[str], dict[tuple[Any, ...], str]]:
    """The fields the rule depends on, and the role it asks for by their values (None left out)."""
    import itertools

    candidates = _candidates(table, name)
    fields = list(candidates)
    answers = {
        combo: wanted(dict(zip(fields, combo, strict=True)))
        for combo in itertools.product(*candidates.values())
    }
    depends = []
    for i, field in enumerate(fields):
        others = [j for j in range(len(fields)) if j != i]
        seen: dict[tuple[Any, ...], Any] = {}
        for combo, role in answers.items():
            key = tuple(combo[j] for j in others)
            if key in seen and seen[key] != role:
                depends.append(field)
                break
            seen.setdefault(key, role)
    positions = [fields.index(field) for field in depends]
    by_values = {}
    for combo, role in answers.items():
        if role is not None:
            by_values[tuple(combo[j] for j in positions)] = role
    return depends, by_values


def _matches(field: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {"properties": {field: {"type": "null"}}}  # absent or null
    if field == "deleted_at":
        return {"properties": {field: {"type": "string"}}, "required": [field]}
    return {"properties": {field: {"const": value}}, "required": [field]}


def act_conditions(table: str) -> list[dict[str, Any]]:
    """`if`/`then` pairs for the record of `table`: an act carries the role that may do it."""
    conditions = []
    for (gated, name), wanted in schema.ACT_ROLES.items():
        if gated != table:
            continue
        depends, by_values = _rule(table, name, wanted)
        for values, role in sorted(by_values.items(), key=lambda item: repr(item[0])):
            condition: dict[str, Any] = {}
            if depends:
                parts = [_matches(field, value) for field, value in zip(depends, values, strict=True)]
                inner: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
                for part in parts:
                    inner["properties"].update(part["properties"])
                    inner["required"] += part.get("required", [])
                if not inner["required"]:
                    del inner["required"]
                condition = {"type": "object", "properties": {"fields": inner}}
            allowed = {"anyOf": [{"const": role}, {"type": "null"}]}
            then = (
                {"type": "object", "properties": {"author": {"const": role}}}
                if name == "author"
                else {
                    "type": "object",
                    "properties": {"fields": {"type": "object", "properties": {name: allowed}}},
                }
            )
            conditions.append({"if": condition, "then": then} if condition else then)
    return conditions


def bundle_schema() -> dict[str, Any]:
    """The schema of a bundle or an export (format 3; format 2 is the same without signatures)."""
    stamp = _ref("stamp")
    forms = []  # by format, then by table: `if`/`then` tries one schema where `oneOf` tries them all
    for form in (bundle.BUNDLE, bundle.EXPORT):
        records = {
            "type": "object",
            "required": ["table"],
            "properties": {"table": {"enum": list(schema.TABLES)}},
            "allOf": [
                {"if": {"properties": {"table": {"const": t}}}, "then": {"$ref": f"#/$defs/{form}-{t}"}}
                for t in schema.TABLES
            ],
        }
        forms.append(
            {
                "if": {"properties": {"format": {"const": form}}},
                "then": {
                    "properties": {
                        "records": {"type": "array", "maxItems": bundle.MAX_RECORDS, "items": records}
                    }
                },
            }
        )
    defs = _shared_defs()
    for table in schema.TABLES:
        defs[f"fields-{table}"] = _fields(table)
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
            "pair_id": _ref("id"),
            "from": {
                "type": "object",
                "required": ["role", "journal_id"],
                "properties": {"role": {"enum": ROLES}, "journal_id": _ref("id")},
                "additionalProperties": False,
            },
            "exported_at": stamp,
            "clock": stamp,
            "seen": {"anyOf": [stamp, {"type": "null"}]},
            "merged": {
                "description": "the sender's merges of the receiver's bundles: pairs of timestamps",
                "anyOf": [
                    {
                        "type": "array",
                        "maxItems": bundle.MAX_MERGED,
                        "items": {
                            "type": "array",
                            "prefixItems": [stamp, stamp],
                            "minItems": 2,
                            "items": False,
                        },
                    },
                    {"type": "null"},
                ],
            },
            "since": {"anyOf": [stamp, {"type": "null"}]},
            "mentorlog_version": {"type": ["string", "null"]},
            "recipient": {
                "description": "a sealed bundle's: the sender's age X25519 public key",
                "type": "string",
                "pattern": f"^{bundle.RECIPIENT.pattern}{END}",
            },
            "signing_key": {
                "description": "a bundle's (format 3): the sender journal's Ed25519 signing key, as OpenSSH "
                "writes it",
                "type": "string",
                "pattern": "^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43}" + END,
            },
            "sealed_to": {
                "description": "how the bundle was sealed, as signed: the receiver's age key, `code`, or "
                "null (plain)",
                "anyOf": [
                    {"type": "string", "pattern": f"^{bundle.RECIPIENT.pattern}{END}"},
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
                "-----END SSH SIGNATURE-----\\n" + END,
            },
        },
        "additionalProperties": False,
        "allOf": forms,
        "$defs": defs,
    }


def schema_text() -> str:
    return json.dumps(bundle_schema(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    print(schema_text(), end="")

"""JSON Schema for pack files, for authors' editors (YAML language servers).

Generated from the same pydantic models the loader validates with, and
rewritten to draft-07 (``definitions`` instead of ``$defs``), which the
common YAML editor extensions understand without warnings.
"""

from __future__ import annotations

import json
from typing import Any

from .model import Manifest, SceneFile
from .playtest_file import PlaytestFile

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def _draft07(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    text = json.dumps(schema).replace('"#/$defs/', '"#/definitions/')
    out = json.loads(text)
    defs = out.pop("$defs", None)
    result: dict[str, Any] = {"$schema": DRAFT_07, "title": title, "description": description}
    result.update({k: v for k, v in out.items() if k not in ("title", "description")})
    if defs:
        result["definitions"] = defs
    return result


def schemas() -> dict[str, dict[str, Any]]:
    """file name -> schema: one for pack.yaml, one for scene files, one for playtest.yaml."""
    return {
        "pack.schema.json": _draft07(
            Manifest.model_json_schema(by_alias=True),
            "summit-game pack.yaml",
            "The manifest of a summit-game scene pack. See docs/authoring.md.",
        ),
        "scene.schema.json": _draft07(
            SceneFile.model_json_schema(by_alias=True),
            "summit-game scene file",
            "Scenes and endings of a summit-game scene pack. See docs/authoring.md.",
        ),
        "playtest.schema.json": _draft07(
            PlaytestFile.model_json_schema(by_alias=True),
            "summit-game playtest.yaml",
            "Lines of play and expectations that `summit-game playtest` checks. See docs/authoring.md.",
        ),
    }


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"

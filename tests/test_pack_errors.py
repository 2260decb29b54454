"""A corpus of broken packs: each breaks one thing, and gets exactly one located error.

Every case starts from the valid pack in ``tests/packs/minimal/`` (read it with
line numbers beside this file: ``cat -n tests/packs/minimal/pack.yaml``), applies
the edits listed in ``DEFECTS``, loads the copy and checks the one diagnostic
against ``TABLE``: file, line, column and code, exactly. Where it helps, the row
also names the text found at that line:column (so a column that drifts by one
fails with a readable message) and a piece of the message or hint an author
relies on (the "did you mean").

To add a case: add its edits to DEFECTS and one row to TABLE.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from summit_game.pack import CODES, PackError, load_pack

TEMPLATE = Path(__file__).parent / "packs" / "minimal"
P, S, SRC = "pack.yaml", "scenes/main.yaml", "sources/memo.md"
TWO_SOURCES = """\
  - id: other
    file: sources/memo.md
    title: "Another memo"
    authors: ["Test author"]
    publisher: "summit-game tests"
    date: "2026-01-02"
    url: "https://example.org/other"
    licence: "CC0 1.0"
variables:"""

SECOND_AGAIN = """\
  - id: second
    title: The vote again
    choices:
      - id: vote
        label: Vote
        cite:
          - quote: "Every meeting ends with a vote."
        goto: end
endings:"""

# case -> edits: (file, old text, new text) replaces the first occurrence of old;
# (file, None, bytes) writes the whole file; a callable gets the pack folder.


def _symlink_scene_outside(root: Path) -> None:
    outside = root.parent / "outside.yaml"
    outside.write_text("scenes: []\n")
    (root / "scenes" / "evil.yaml").symlink_to(outside)


def _symlink_source_outside(root: Path) -> None:
    outside = root.parent / "secret.md"
    outside.write_text("Talking helps. Walking out costs nothing today. Every meeting ends with a vote.\n")
    (root / SRC).unlink()
    (root / SRC).symlink_to(outside)


def _cut(name: str, start: str, stop: str, new: str):
    """An edit that replaces the text from ``start`` up to (not including) ``stop``."""
    def edit(root: Path) -> None:
        text = (root / name).read_text()
        a = text.index(start)
        b = text.index(stop, a)
        (root / name).write_text(text[:a] + new + text[b:])
    return edit


def _many_scene_files(root: Path) -> None:
    for i in range(401):
        (root / "scenes" / f"extra{i:03d}.yaml").write_text("")


DEFECTS: dict[str, list] = {
    # reading files
    "no_manifest": [lambda root: (root / P).unlink()],
    "scene_file_links_outside": [_symlink_scene_outside],
    "file_too_large": [(S, None, b"# padding\n" * 100_001)],
    "too_many_scene_files": [_many_scene_files],
    "invalid_utf8": [(S, "    title: The vote\n", "    title: The v\udcf6te\n")],
    "utf16_file": [lambda root: (root / S).write_bytes((root / S).read_text(encoding="utf-8").encode("utf-16"))],
    "colon_in_plain_value": [(S, "text: The two banks meet.", "text: Note: the two banks meet.")],
    "yaml_syntax": [(S, "    title: The vote\n", "    title: The vote\n   stray: [\n")],
    "tab_indent": [(S, "    title: The vote\n", "\ttitle: The vote\n")],
    "control_character": [(S, "title: The vote", "title: The \x07vote")],
    "bidi_in_expression": [(S, '"trust >= 2 and not ready"', '"trust >= 2\u202e and not ready"')],
    "second_document": [(S, "endings:", "---\nendings:")],
    "mapping_as_key": [(S, "    title: The vote\n", "    title: The vote\n    ? [a, b]\n    : c\n")],
    "duplicate_key": [(P, 'version: "1.0"\n', 'version: "1.0"\ntitle: "Again"\n')],
    "anchor": [(P, "  - id: east\n", "  - &east id: east\n")],
    "alias": [(P, "    title: Quick round\n", "    title: *round\n")],
    "python_tag": [(P, 'title: "Minimal pack"', 'title: !!python/object/apply:os.system ["ls"]')],
    "custom_tag": [(S, "label: Vote", "label: !shout Vote")],
    "deep_nesting": [(S, "label: Vote", "label: " + "[" * 70 + "]" * 70)],
    # past libyaml's own cap of 1,000 levels, which it meets first: the same error
    "deep_nesting_past_libyaml": [(S, "label: Vote", "label: " + "[" * 1100 + "]" * 1100)],
    # shape
    "unknown_key": [(S, "    text: The two banks meet.", "    txt: The two banks meet.")],
    "unknown_key_no_close_match": [(S, "    text: The two banks meet.", "    colour: red")],
    "missing_key": [(S, "    title: The vote\n", "")],
    "version_is_a_number": [(P, 'version: "1.0"', "version: 1.0")],
    "flag_starts_no": [(P, "  ready:\n    start: false", "  ready:\n    start: no")],
    "meter_starts_in_hex": [(P, "    start: 3\n", "    start: 0x10\n")],
    "meter_starts_with_a_decimal_point": [(P, "    start: 3\n", "    start: 3.0\n")],
    "meter_starts_quoted": [(P, "    start: 3\n", '    start: "3"\n')],
    "flag_starts_quoted": [(P, "  ready:\n    start: false", '  ready:\n    start: "false"')],
    "flag_with_bounds": [(P, "  ready:\n    start: false", "  ready:\n    start: false\n    max: 3")],
    "empty_if": [(S, '    if: "ready and trust >= 4"\n', "    if:\n")],
    "empty_roles": [(S, "roles: [east]", "roles:")],
    "role_text_as_text": [(S, "        label: Walk out\n", "        label: Walk out\n        role_text: You walk.\n")],
    "variable_as_a_number": [(P, "  trust:\n    start: 3\n    min: 0\n    max: 10\n", "  trust: 3\n")],
    "roles_as_words": [_cut(P, "roles:\n", "routes:", "roles: [east]\n")],
    "sources_as_a_file_name": [_cut(P, "sources:\n", "variables:", "sources: sources/memo.md\n")],
    "choice_key_at_the_scene_level": [(S, "    title: The vote\n", "    title: The vote\n    goto: end\n")],
    "cite_without_dash": [(S, '        cite:\n          - quote: "Talking helps."', '        cite:\n          quote: "Talking helps."')],
    "meter_starts_as_time": [(P, "    start: 3\n", "    start: 1:20\n")],
    "bad_id": [(S, "  - id: second\n", "  - id: Second\n")],
    "id_with_spaces": [(S, "goto: second", "goto: The second")],
    "role_key_in_capitals": [(S, "roles: [east]", "roles: [East]")],
    "id_too_long": [(S, "      - id: vote\n", "      - id: v" + "o" * 50 + "te\n")],
    "bad_literal": [(P, "    max: 10\n", "    max: 10\n    good: up\n")],
    "bad_kind": [(P, '    licence: "CC0 1.0"\n', '    licence: "CC0 1.0"\n    kind: Policy_brief\n')],
    "empty_label": [(S, "label: Vote", 'label: ""')],
    "quote_too_short": [(S, 'quote: "Talking helps."', 'quote: "Ta"')],
    "no_roles": [_cut(P, "roles:\n", "routes:", "roles: []\n")],
    "scene_file_not_a_mapping": [(S, None, b"- id: first\n")],
    "manifest_not_a_mapping": [(P, None, b"just some words\n")],
    "empty_scene_file_pattern": [(P, "start: first\n", 'start: first\nscene_files: [""]\n')],
    "scene_files_outside": [(P, "start: first\n", 'start: first\nscene_files: ["../*.yaml"]\n')],
    # references
    "duplicate_scene_id": [(S, "  - id: plain\n", "  - id: second\n")],
    "duplicate_id_meant_for_a_goto": [(S, "goto: second", "goto: second_b"), (S, "endings:", SECOND_AGAIN)],
    # a copied scene whose id was left as it was, named by the goto after its title ("The vote again")
    "duplicate_id_named_by_its_title": [(S, "goto: second", "goto: vote_again"), (S, "endings:", SECOND_AGAIN)],
    "effects_not_a_list": [(S, 'effects: ["trust += 1", "ready = true"]', 'effects: "trust += 1"')],
    "duplicate_choice_id": [(S, "      - id: leave\n", "      - id: talk\n")],
    "duplicate_role_id": [(P, "  - id: west\n", "  - id: east\n")],
    "reserved_id": [(S, "  - id: plain\n", "  - id: end\n")],
    "goto_missing_scene": [(S, "goto: second", "goto: secnd")],
    "route_start_missing": [(P, "    start: second", "    start: secon")],
    "start_missing": [(P, "start: first", "start: frist")],
    "start_is_an_ending": [(P, "start: first", "start: good")],
    "unknown_role": [(S, "roles: [east]", "roles: [east, eats]")],
    "unknown_role_in_condition": [(S, 'if: "trust >= 2 and not ready"', "if: \"not ready and role != 'eest'\"")],
    "unknown_source": [(S, "source: memo", "source: mmo")],
    "which_source": [
        (P, "variables:", TWO_SOURCES),
        (S, '          - quote: "Talking', '          - source: memo\n            quote: "Talking'),
        (S, '          - quote: "Every', '          - source: memo\n            quote: "Every'),
        (S, "          - source: memo\n            quote: \"Walking", '          - quote: "Walking'),
    ],
    "misquoted": [(S, "Walking out costs nothing today.", "Walking out costs nothing at all today.")],
    "misquoted_capitals": [(S, '"Talking helps."', '"talking helps."')],
    "quote_across_paragraphs": [(S, '"Talking helps."', '"nothing today. Every meeting"')],
    "no_sources_at_all": [
        _cut(P, "sources:\n", "variables:", ""),
        (S, "          - source: memo\n            quote: \"Walking", '          - quote: "Walking'),
    ],
    "scene_files_match_nothing": [(P, "start: first\n", 'start: first\nscene_files: ["chapters/*.yaml"]\n')],
    "misspelt_required_key": [(P, 'title: "Minimal pack"', 'tittle: "Minimal pack"')],
    "effect_out_of_bounds": [(S, '"trust += 1", "ready = true"', '"trust = 99", "ready = true"')],
    "equals_in_condition": [(S, 'if: "trust >= 2 and not ready"', 'if: "trust = 2"')],
    "source_file_missing": [(P, "sources/memo.md", "sources/mem.md")],
    "source_file_outside": [(P, "file: sources/memo.md", "file: ../secret.md")],
    "source_symlinked_outside": [_symlink_source_outside],
    "source_not_utf8": [(SRC, None, b"Talking helps. \xff\n")],
    "source_empty": [(SRC, None, b"")],
    "source_only_front_matter": [(SRC, None, b"---\ntitle: A memo\n---\n\n")],
    "source_is_a_folder": [(P, "file: sources/memo.md", "file: sources")],
    "source_is_a_fifo": [lambda root: (root / SRC).unlink(), lambda root: os.mkfifo(root / SRC)],
    # a name the system refuses to look up (Path.is_file raises on it in Python 3.11): CI's fuzzer found it
    "source_name_too_long": [(P, "file: sources/memo.md", "file: sources/" + "9" * 5000 + "memo.md")],
    "source_in_a_link_loop": [(P, "file: sources/memo.md", "file: loop/memo.md"),
                              lambda root: os.symlink("loop", root / "loop")],
    "front_matter_not_closed": [(SRC, None, b"---\ntitle: A memo\n\nTalking helps. Walking out costs nothing today.\n")],
    "paragraph_reference_twice": [(SRC, None, b"{1} Talking helps. Walking out costs nothing today.\n\n"
                                               b"{1} Every meeting ends with a vote.\n")],
    "paragraph_reference_alone": [(SRC, None, b"# A memo\n\n{2.1}\n\nTalking helps. Walking out costs nothing today.\n")],
    "paragraph_reference_after_a_block_quote_mark": [
        (SRC, None, b"# A memo\n\nTalking helps. Walking out costs nothing today.\n\n> {2.1} Every meeting ends with a vote.\n")],
    "unknown_route_in_condition": [
        (P, "    start: second\n", "    start: second\n  - id: full\n    title: Full meeting\n"),
        (S, 'if: "trust >= 2 and not ready"', "if: \"route == 'ful' or not ready\""),
    ],
    "choice_leads_nowhere": [(S, "        goto: end\nendings:", "endings:")],
    "scene_without_choices": [_cut(S, "    choices:\n      - id: vote", "endings:", "")],
    "auto_loop": [
        (S, "    title: The vote\n", "    title: The vote\n    auto:\n      - goto: first\n"),
        (S, "    text: The two banks meet.\n", "    text: The two banks meet.\n    auto:\n      - goto: second\n"),
    ],
    "chance_outcome_leads_nowhere": [(S, "        goto: end\nendings:", "        chance:\n          - text: Tie.\nendings:")],
    # expressions
    "expression_syntax": [(S, 'if: "trust >= 2 and not ready"', 'if: "trust >= = 2"')],
    "expression_power": [(S, 'if: "trust >= 2 and not ready"', 'if: "trust ** 2 > 3"')],
    "expression_call": [(S, 'if: "trust >= 2 and not ready"', "if: \"__import__('os') and ready\"")],
    "expression_attribute": [(S, 'if: "trust >= 2 and not ready"', 'if: "ready.__class__"')],
    "expression_lambda": [(S, 'if: "trust >= 2 and not ready"', 'if: "ready or (lambda: 1)"')],
    "expression_comprehension": [(S, 'if: "ready and trust >= 4"', 'if: "ready and [x for x in trust]"')],
    "expression_unknown_variable": [(S, 'if: "trust >= 2 and not ready"', 'if: "trust >= 2 and not redy"')],
    "expression_leading_spaces": [(S, 'if: "trust >= 2 and not ready"', 'if: "   trust >= 2 and not redy"')],
    "expression_after_non_ascii": [(S, 'if: "trust >= 2 and not ready"', "if: \"role != 'é' and redy\"")],
    "expression_type": [(S, 'if: "trust >= 2 and not ready"', 'if: "trust >= 2 and not trust"')],
    "condition_not_boolean": [(S, 'if: "ready and trust >= 4"', 'if: "trust + 4"')],
    "condition_is_a_number": [(S, 'if: "ready and trust >= 4"', "if: 4")],
    "expression_too_long": [(S, 'if: "trust >= 2 and not ready"', 'if: "' + "trust + " * 12_500 + '1 > 0"')],
    "expression_big_number": [(S, 'if: "ready and trust >= 4"', 'if: "ready and trust >= 99999999999"')],
    "effect_on_undeclared": [(S, '"trust += 1"', '"trsut += 1"')],
    "effect_not_assignment": [(S, '"ready = true"', '"ready == true"')],
    "effect_wrong_type": [(S, '"ready = true"', '"ready = 3"')],
    "effect_on_role": [(S, '"ready = true"', "\"role = 'west'\"")],
    "effect_in_block_scalar": [(S, 'effects: ["trust += 1", "ready = true"]', 'effects:\n          - >-\n            trsut += 1')],
    # bounds
    "start_out_of_bounds": [(P, "    start: 3\n", "    start: 30\n")],
    "min_above_max": [(P, "    min: 0\n", "    min: 20\n")],
    "role_start_out_of_bounds": [(P, "      trust: 2", "      trust: 99")],
    "role_start_unknown_variable": [(P, "      trust: 2", "      trusts: 2")],
    "role_start_flag_as_number": [(P, "      trust: 2", "      ready: 1")],
}

TABLE = [
    # case                          file                   line col  code     text there     message or hint
    ("no_manifest",                 "pack.yaml",              0,  0, "SG001", None,          "no pack.yaml"),
    ("scene_file_links_outside",    "scenes/evil.yaml",       0,  0, "SG001", None,          "outside the pack"),
    ("file_too_large",              "scenes/main.yaml",       0,  0, "SG002", None,          "limit is 1,000,000"),
    ("too_many_scene_files",        ".",                      0,  0, "SG002", None,          "limit is 400"),
    ("invalid_utf8",                "scenes/main.yaml",      22, 17, "SG003", None,          "0xf6"),
    ("utf16_file",                  "scenes/main.yaml",       1,  1, "SG003", None,          "the file is UTF-16"),
    ("colon_in_plain_value",        "scenes/main.yaml",       5, 15, "SG004", ": the",       "put the whole value in quotes"),
    ("yaml_syntax",                 "scenes/main.yaml",      23,  4, "SG004", "stray",       "indented less"),
    ("tab_indent",                  "scenes/main.yaml",      22,  1, "SG004", "\t",          "never tabs"),
    ("control_character",           "scenes/main.yaml",      22, 16, "SG004", "\x07",        "U+0007"),
    ("bidi_in_expression",          "scenes/main.yaml",       9, 24, "SG036", "\u202e",      "Trojan Source"),
    ("second_document",             "scenes/main.yaml",      29,  1, "SG004", "---",         "one YAML document"),
    ("mapping_as_key",              "scenes/main.yaml",      23,  7, "SG004", "[a, b]",      "plain value"),
    ("duplicate_key",               "pack.yaml",              7,  1, "SG005", "title",       "first defined at line 5"),
    ("anchor",                      "pack.yaml",             25,  5, "SG006", "&east",       "anchors"),
    ("alias",                       "pack.yaml",             35, 12, "SG006", "*round",      "aliases"),
    ("python_tag",                  "pack.yaml",              5,  8, "SG007", "!!python",    "python/object"),
    ("custom_tag",                  "scenes/main.yaml",      25, 16, "SG007", "!shout",      "!shout"),
    ("deep_nesting",                "scenes/main.yaml",      25, 75, "SG008", "[",           "deeper than 64"),
    ("deep_nesting_past_libyaml",   "scenes/main.yaml",      25, 1011, "SG008", "[",          "deeper than 64"),
    ("unknown_key",                 "scenes/main.yaml",       5,  5, "SG010", "txt",         "did you mean 'text'?"),
    ("unknown_key_no_close_match",  "scenes/main.yaml",       5,  5, "SG010", "colour",      "allowed here: id, title"),
    ("missing_key",                 "scenes/main.yaml",      21,  5, "SG011", "id: second",
     "missing required key 'title' add 'title:' here: the scene's heading."),
    ("version_is_a_number",         "pack.yaml",              6, 10, "SG012", "1.0",         "put it in quotes"),
    ("flag_starts_no",              "pack.yaml",             23, 12, "SG012", "no",          "write true or false"),
    # what YAML 1.2, and so an editor's schema, takes for the whole numbers 16 and 3
    ("meter_starts_in_hex",         "pack.yaml",             19, 12, "SG012", "0x10",        "decimal only: write 16"),
    ("meter_starts_with_a_decimal_point", "pack.yaml",       19, 12, "SG012", "3.0",
     "start: expected a whole number or true or false, got the number 3.0 a whole number is written without a "
     "decimal point or exponent: write 3"),
    ("meter_starts_quoted",         "pack.yaml",             19, 12, "SG012", '"3"',         "in quotes it is text: write 3 without the quotes"),
    ("flag_starts_quoted",          "pack.yaml",             23, 12, "SG012", '"false"',     "write false without the quotes"),
    ("flag_with_bounds",            "pack.yaml",             24,  5, "SG010", "max",
     "a flag has no max: it is true or false; only a meter has bounds delete the line, or make it a meter"),
    # `if:` or `roles:` with nothing after it would have meant "always" and "every role"
    ("empty_if",                    "scenes/main.yaml",      32,  8, "SG012", "",
     "if: expected text, got nothing (null) nothing is written after 'if:': write its value, or leave the key out"),
    ("empty_roles",                 "scenes/main.yaml",      16, 15, "SG012", "",          "roles: expected a list, got nothing"),
    ("role_text_as_text",           "scenes/main.yaml",      16, 20, "SG012", "You walk.",
     "role_text: expected a mapping, got text a mapping is written as lines indented under 'role_text:', "
     "e.g. '  ROLE: the text for that role'"),
    ("variable_as_a_number",        "pack.yaml",             18, 10, "SG012", "3",
     "trust: expected a mapping, got the number 3 a variable is a mapping: write 'trust:' and, under it, "
     "'  start: 3'"),
    ("roles_as_words",              "pack.yaml",             24,  9, "SG012", "east",
     "expected a mapping, got text each item here is a mapping: write '- id: east' and, under it, 'title:' and "
     "'briefing:'"),
    ("sources_as_a_file_name",      "pack.yaml",              8, 10, "SG012", "sources/memo.md",
     "sources: expected a list, got text 'sources' is a list of mappings, each starting with '- id: ...' on its "
     "own line"),
    ("choice_key_at_the_scene_level", "scenes/main.yaml",    23,  5, "SG010", "goto",
     "unknown key 'goto' 'goto' is a key of a choice, a chance outcome or an auto route, not of a scene: check where "
     "it sits (its indentation); allowed here: id, title,"),
    ("cite_without_dash",           "scenes/main.yaml",      12, 11, "SG012", "quote",
     "cite: expected a list, got a mapping each item of a list starts with '- ': write '- quote: ...', with the "
     "item's other keys lined up under 'quote'"),
    ("meter_starts_as_time",        "pack.yaml",             19, 12, "SG012", "1:20",        "got text"),
    ("bad_id",                      "scenes/main.yaml",      21,  9, "SG012", "Second",      "lower-case"),
    ("id_with_spaces",              "scenes/main.yaml",      13, 15, "SG012", "The second",
     "'The second' is not a valid id: use lower-case letters, digits and _, starting with a letter "
     "did you mean 'the_second'?"),
    ("role_key_in_capitals",        "scenes/main.yaml",      16, 17, "SG012", "East",        "did you mean 'east'?"),
    ("id_too_long",                 "scenes/main.yaml",      24, 13, "SG012", "voooo",       "at most 48"),
    ("bad_literal",                 "pack.yaml",             22, 11, "SG012", "up",          "'high', 'low' or 'none'"),
    ("bad_kind",                    "pack.yaml",             17, 11, "SG012", "Policy_brief",
     "'Policy_brief' is not a valid kind: use lower-case letters, spaces and hyphens, starting with a letter "
     "(e.g. article, policy brief, op-ed)"),
    ("empty_label",                 "scenes/main.yaml",      25, 16, "SG012", '""',          "must not be empty"),
    ("quote_too_short",             "scenes/main.yaml",      12, 20, "SG012", '"Ta"',        "at least 3 characters"),
    ("no_roles",                    "pack.yaml",             24,  8, "SG012", "[]",          "at least one item"),
    ("scene_file_not_a_mapping",    "scenes/main.yaml",       1,  1, "SG012", "- id",        "must be a mapping"),
    ("manifest_not_a_mapping",      "pack.yaml",              1,  1, "SG012", "just",        "must be a mapping"),
    ("empty_scene_file_pattern",    "pack.yaml",              8, 15, "SG012", '""]',         "must not be empty"),
    ("scene_files_outside",         "pack.yaml",              8, 15, "SG012", '"../',        "inside the pack folder"),
    ("duplicate_scene_id",          "scenes/main.yaml",      34,  9, "SG020", "second",      "first defined at scenes/main.yaml:21"),
    ("duplicate_id_meant_for_a_goto", "scenes/main.yaml",    29,  9, "SG020", "second",
     "duplicate id 'second' (first defined at scenes/main.yaml:21) goto 'second_b' (scenes/main.yaml:13) names no "
     "scene or ending: if this is the scene it means, rename this one 'second_b'; if not, correct that goto"),
    ("duplicate_id_named_by_its_title", "scenes/main.yaml",  29,  9, "SG020", "second",
     "duplicate id 'second' (first defined at scenes/main.yaml:21) goto 'vote_again' (scenes/main.yaml:13) names no "
     "scene or ending: if this is the scene it means, rename this one 'vote_again'; if not, correct that goto"),
    ("effects_not_a_list",          "scenes/main.yaml",      10, 18, "SG012", '"trust',
     'effects: expected a list, got text a list of one is written in brackets: ["trust += 1"]'),
    ("duplicate_choice_id",         "scenes/main.yaml",      14, 13, "SG020", "talk",        "duplicate choice id"),
    ("duplicate_role_id",           "pack.yaml",             28,  9, "SG020", "east",        "duplicate role id"),
    ("reserved_id",                 "scenes/main.yaml",      34,  9, "SG020", "end",         "reserved"),
    ("goto_missing_scene",          "scenes/main.yaml",      13, 15, "SG021", "secnd",       "did you mean 'second'?"),
    ("route_start_missing",         "pack.yaml",             36, 12, "SG021", "secon",       "did you mean 'second'?"),
    ("start_missing",               "pack.yaml",              7,  8, "SG022", "frist",       "did you mean 'first'?"),
    ("start_is_an_ending",          "pack.yaml",              7,  8, "SG022", "good",        "is an ending"),
    ("unknown_role",                "scenes/main.yaml",      16, 23, "SG023", "eats",        "did you mean 'east'?"),
    ("unknown_role_in_condition",   "scenes/main.yaml",       9, 36, "SG023", "'eest'",      "unknown role 'eest'"),
    ("unknown_source",              "scenes/main.yaml",      18, 21, "SG024", "mmo",         "did you mean 'memo'?"),
    ("which_source",                "scenes/main.yaml",      19, 13, "SG024", "quote",       "the pack has 2 sources"),
    ("misquoted",                   "scenes/main.yaml",      19, 20, "SG025", '"Walking',    'closest passage (paragraph 2): "Walking out costs nothing today."\nfirst difference: the quote adds "at all"'),
    ("misquoted_capitals",          "scenes/main.yaml",      12, 20, "SG025", '"talking',    "it differs only in capital letters"),
    ("quote_across_paragraphs",     "scenes/main.yaml",      12, 20, "SG025", '"nothing',    "runs across a paragraph break"),
    ("no_sources_at_all",           "scenes/main.yaml",      12, 13, "SG024", "quote",       "add the text you quote under 'sources:'"),
    ("scene_files_match_nothing",   "pack.yaml",              8, 14, "SG001", '["chapters',  "pattern 'chapters/*.yaml' matches no file"),
    ("misspelt_required_key",       "pack.yaml",              5,  1, "SG010", "tittle",      "did you mean 'title'?"),
    ("effect_out_of_bounds",        "scenes/main.yaml",       10, 19, "SG035", '"trust = 99"', "outside 0..10"),
    ("equals_in_condition",         "scenes/main.yaml",       9, 20, "SG030", '= 2"',          "compare with '=='"),
    ("source_file_missing",         "pack.yaml",             10, 11, "SG026", "sources/mem", "did you mean 'sources/memo.md'?"),
    ("source_file_outside",         "pack.yaml",             10, 11, "SG026", "../secret",   "outside the pack folder"),
    ("source_symlinked_outside",    "pack.yaml",             10, 11, "SG026", "sources/memo", "outside the pack folder"),
    ("source_not_utf8",             "pack.yaml",             10, 11, "SG026", "sources/memo", "not valid UTF-8 (byte 0xff on its line 1, column 16)"),
    ("source_empty",                "pack.yaml",             10, 11, "SG026", "sources/memo", "'sources/memo.md' has no text"),
    ("source_only_front_matter",    "pack.yaml",             10, 11, "SG026", "sources/memo", "has no text after its front matter"),
    ("source_is_a_folder",          "pack.yaml",             10, 11, "SG026", "sources",     "not a regular file"),
    ("source_is_a_fifo",            "pack.yaml",             10, 11, "SG026", "sources/memo", "not a regular file"),
    ("source_name_too_long",        "pack.yaml",             10, 11, "SG026", "sources/999", "File name too long"),
    ("source_in_a_link_loop",       "pack.yaml",             10, 11, "SG026", "loop/memo",   "Too many levels of symbolic links"),
    ("front_matter_not_closed",     "sources/memo.md",        1,  1, "SG029", "---",         "front matter opened on line 1 is never closed"),
    ("paragraph_reference_twice",   "sources/memo.md",        3,  1, "SG029", "{1} Every",   "{1} is used twice"),
    ("paragraph_reference_alone",   "sources/memo.md",        3,  1, "SG029", "{2.1}",       "{2.1} has no text after it"),
    ("paragraph_reference_after_a_block_quote_mark", "sources/memo.md", 5, 3, "SG029", "{2.1} Every",
     "{2.1} comes after the block quote's '>'"),
    ("unknown_route_in_condition",  "scenes/main.yaml",       9, 23, "SG027", "'ful'",       "did you mean 'full'?"),
    ("choice_leads_nowhere",        "scenes/main.yaml",      24,  9, "SG028", "id: vote",    "leads nowhere"),
    ("scene_without_choices",       "scenes/main.yaml",      21,  5, "SG028", "id: second",  "an ending belongs under endings:"),
    ("auto_loop",                   "scenes/main.yaml",       7, 15, "SG028", "second",      "first -> second -> first"),
    ("chance_outcome_leads_nowhere", "scenes/main.yaml",     29, 13, "SG028", "text: Tie",   "outcome leads nowhere"),
    ("expression_syntax",           "scenes/main.yaml",       9, 23, "SG030", "= 2",         "invalid syntax"),
    ("expression_power",            "scenes/main.yaml",       9, 20, "SG030", "** 2",        "'**' is not allowed"),
    ("expression_call",             "scenes/main.yaml",       9, 14, "SG030", "__import__",  "function calls"),
    ("expression_attribute",        "scenes/main.yaml",       9, 14, "SG030", "ready.__",    "attribute access"),
    ("expression_lambda",           "scenes/main.yaml",       9, 24, "SG030", "lambda",      "lambda"),
    ("expression_comprehension",    "scenes/main.yaml",      32, 20, "SG030", "[x for",      "comprehensions"),
    ("expression_unknown_variable", "scenes/main.yaml",       9, 33, "SG031", "redy",        "did you mean 'ready'?"),
    ("expression_leading_spaces",   "scenes/main.yaml",       9, 36, "SG031", "redy",        "did you mean 'ready'?"),
    ("expression_after_non_ascii",  "scenes/main.yaml",       9, 30, "SG031", "redy",        "did you mean 'ready'?"),
    ("expression_type",             "scenes/main.yaml",       9, 29, "SG032", "not trust",   "'not' needs true/false"),
    ("condition_not_boolean",       "scenes/main.yaml",      32, 10, "SG032", "trust + 4", "must be true or false"),
    ("condition_is_a_number",       "scenes/main.yaml",      32,  9, "SG012", "4",           "expected text"),
    ("expression_too_long",         "scenes/main.yaml",       9, 14, "SG033", "trust + ",    "100,005 characters"),
    ("expression_big_number",       "scenes/main.yaml",      32, 29, "SG033", "99999999999", "too large"),
    ("effect_on_undeclared",        "scenes/main.yaml",       10, 20, "SG031", "trsut",       "did you mean 'trust'?"),
    ("effect_not_assignment",       "scenes/main.yaml",       10, 34, "SG034", "ready ==",    "an effect changes a variable"),
    ("effect_wrong_type",           "scenes/main.yaml",       10, 42, "SG032", "3",           "is a flag (true/false)"),
    ("effect_on_role",              "scenes/main.yaml",       10, 34, "SG034", "role",        "set by the game"),
    ("effect_in_block_scalar",      "scenes/main.yaml",      11, 13, "SG031", ">-",          "unknown variable 'trsut'"),
    ("start_out_of_bounds",         "pack.yaml",             19, 12, "SG035", "30",          "outside 0..10"),
    ("min_above_max",               "pack.yaml",             20, 10, "SG035", "20",          "above max 10"),
    ("role_start_out_of_bounds",    "pack.yaml",             32, 14, "SG035", "99",          "outside 0..10"),
    ("role_start_unknown_variable", "pack.yaml",             32,  7, "SG031", "trusts",      "did you mean 'trust'?"),
    ("role_start_flag_as_number",   "pack.yaml",             32, 14, "SG032", "1",           "is a flag"),
]


def make_pack(tmp_path: Path, edits: list) -> Path:
    """Copy the template into ``tmp_path/pack`` and apply ``edits``."""
    root = tmp_path / "pack"
    shutil.copytree(TEMPLATE, root)
    for edit in edits:
        if callable(edit):
            edit(root)
            continue
        name, old, new = edit
        path = root / name
        if old is None:
            path.write_bytes(new)
            continue
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the template no longer holds {old!r} in {name}"
        path.write_bytes(text.replace(old, new, 1).encode("utf-8", "surrogateescape"))
    return root


def load_errors(root: Path, monkeypatch) -> list:
    monkeypatch.chdir(root)  # diagnostics name files relative to the working folder
    with pytest.raises(PackError) as info:
        load_pack(root)
    return info.value.diagnostics


def test_template_is_valid(monkeypatch):
    monkeypatch.chdir(TEMPLATE)
    pack = load_pack(TEMPLATE)
    assert list(pack.scenes) == ["first", "second"] and list(pack.endings) == ["good", "plain"]


def test_every_case_has_a_row_and_every_row_a_case():
    assert sorted(DEFECTS) == sorted(row[0] for row in TABLE)
    assert len(TABLE) == len({row[0] for row in TABLE})


def test_the_corpus_covers_every_error_code():
    # SG2xx are playtest.yaml's codes: tests/test_playtest.py covers those
    errors = {code for code, (severity, _) in CODES.items() if severity.value == "error" and not code.startswith("SG2")}
    assert errors - {row[4] for row in TABLE} == set()


@pytest.mark.parametrize("case,file,line,col,code,there,words", TABLE, ids=[row[0] for row in TABLE])
def test_broken_pack(tmp_path, monkeypatch, case, file, line, col, code, there, words):
    if ("fifo" in case and not hasattr(os, "mkfifo")) or ("links" in case or "symlinked" in case) and os.name == "nt":
        pytest.skip("needs POSIX FIFOs and symbolic links")
    root = make_pack(tmp_path, DEFECTS[case])
    diags = load_errors(root, monkeypatch)
    found = [(d.file, d.line, d.column, d.code) for d in diags]
    assert found == [(file, line, col, code)], "\n".join(d.format_text() for d in diags)
    d = diags[0]
    assert words in d.message + " " + d.hint
    assert d.is_error
    if there is not None:
        # the text at line:col is what the row says: columns count characters, from 1
        raw = (root / file).read_bytes().decode("utf-8", "replace")
        at = raw.split("\n")[line - 1][col - 1:]
        assert at.startswith(there), f"{file}:{line}:{col} is at {at[:30]!r}, expected {there!r}"


def test_missing_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PackError) as info:
        load_pack(tmp_path / "nowhere")
    [d] = info.value.diagnostics
    assert (d.file, d.line, d.column, d.code) == ("nowhere", 0, 0, "SG001")
    assert "does not exist" in d.message


def test_a_file_is_not_a_pack_folder(tmp_path, monkeypatch):
    (tmp_path / "pack.yaml").write_text("id: x\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PackError) as info:
        load_pack(tmp_path / "pack.yaml")
    [d] = info.value.diagnostics
    assert (d.file, d.code) == ("pack.yaml", "SG001") and d.message == "this is a file: a pack is a folder"
    assert d.hint == "give the folder that holds pack.yaml: ."


def test_a_scene_file_named_yml_is_named_when_the_pack_has_no_endings(tmp_path, monkeypatch):
    """The endings in scenes/endings.yml: the error is 'no endings', and the warning says why."""
    root = make_pack(tmp_path, [])
    text = (root / S).read_text()
    (root / S).write_text(text[:text.index("endings:")])
    (root / "scenes" / "endings.yml").write_text(text[text.index("endings:"):])
    got = load_errors(root, monkeypatch)
    assert [(d.file, d.code) for d in got] == [("pack.yaml", "SG011"), ("scenes/endings.yml", "SG113")]
    assert got[1].hint == "rename it to endings.yaml, or list it in pack.yaml's scene_files:"


def test_a_folder_without_pack_yaml_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(PackError) as info:
        load_pack("empty")
    assert info.value.diagnostics[0].hint == (
        "a pack folder holds pack.yaml; 'summit-game new DIR' writes a small working pack to start from")
    (tmp_path / "misnamed").mkdir()
    (tmp_path / "misnamed" / "Pack.yml").write_text("id: x\n")
    with pytest.raises(PackError) as info:
        load_pack("misnamed")
    [d] = info.value.diagnostics
    assert (d.file, d.code, d.message) == ("misnamed/pack.yaml", "SG001", "no pack.yaml in the pack folder")
    assert d.hint == "rename Pack.yml to pack.yaml: only that name is read"


def test_a_quote_from_the_other_source_says_which_has_it(tmp_path, monkeypatch):
    second = ("  - id: log\n    file: sources/log.md\n    title: \"A log\"\n    authors: [\"Test author\"]\n"
              "    publisher: \"summit-game tests\"\n    date: \"2026-01-01\"\n    url: \"https://example.org/log\"\n"
              "    licence: \"CC0 1.0\"\nvariables:")
    root = make_pack(tmp_path, [(P, "variables:", second), ("sources/log.md", None, b"# A log\n\nThe ferry runs at dawn.\n"),
                                (S, "Walking out costs nothing today.", "The ferry runs at dawn.")])
    got = load_errors(root, monkeypatch)
    [d] = [x for x in got if x.code == "SG025"]
    assert (d.file, d.line, d.message) == ("scenes/main.yaml", 19, "quote not found in source 'memo'")
    assert d.hint == "these words are in source 'log' (paragraph 2): write 'source: log'"
    # a citation naming no source, in a pack of two: the one that has its words is named
    assert [(x.line, x.code, x.hint) for x in got if x.code == "SG024"] == [
        (12, "SG024", "the pack has 2 sources: memo, log; these words are in 'memo': write 'source: memo'"),
        (27, "SG024", "the pack has 2 sources: memo, log; these words are in 'memo': write 'source: memo'")]


def test_the_manifest_named_instead_of_its_folder(tmp_path, monkeypatch):
    """``check my-pack/pack.yaml``, a natural slip: the hint names the folder to give instead."""
    (tmp_path / "my-pack").mkdir()
    (tmp_path / "my-pack" / "pack.yaml").write_text("id: x\n")
    (tmp_path / "notes.yaml").write_text("id: x\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PackError) as info:
        load_pack("my-pack/pack.yaml")
    [d] = info.value.diagnostics
    assert (d.file, d.code, d.message) == ("my-pack/pack.yaml", "SG001", "this is a file: a pack is a folder")
    assert d.hint == "give the folder that holds pack.yaml: my-pack"
    with pytest.raises(PackError) as info:
        load_pack("notes.yaml")  # a YAML file in no pack: a scene file is checked with a pack
    assert info.value.diagnostics[0].hint == (
        "give the folder that holds pack.yaml (a scene file is checked with its pack: its gotos, variables and "
        "sources are the pack's); 'summit-game new DIR' writes a small pack to put it in")
    (tmp_path / "notes.txt").write_text("id: x\n")
    with pytest.raises(PackError) as info:
        load_pack("notes.txt")
    assert info.value.diagnostics[0].hint == "give a pack's folder (the one that holds pack.yaml)"


def test_the_source_not_in_utf8_is_named_with_its_bad_byte(tmp_path, monkeypatch):
    root = make_pack(tmp_path, [])
    (root / SRC).write_bytes("Talking helps.\nCaf\u00e9 talks\n".encode("cp1252"))
    [d] = [d for d in load_errors(root, monkeypatch) if d.code == "SG026"]
    assert d.message == "cannot read source file 'sources/memo.md': not valid UTF-8 (byte 0xe9 on its line 2, column 4)"
    assert d.hint == "save it as UTF-8: a text saved as Windows-1252 or Latin-1 has bytes like this one"


def test_yaml_11_words_stay_text(tmp_path, monkeypatch):
    """`no`, `on`, `yes`, `1:20` and dates stay strings; only true/false are booleans."""
    root = make_pack(tmp_path, [
        (S, "label: Vote", "label: no"),
        (S, "label: Walk out", "label: on"),
        (S, "title: The vote", "title: 1:20"),
        (S, "title: Agreement", "title: 2025-08-15"),
    ])
    monkeypatch.chdir(root)
    pack = load_pack(root)
    assert pack.scenes["second"].choices[0].label == "no"
    assert pack.scenes["first"].choices[1].label == "on"
    assert pack.scenes["second"].title == "1:20"
    assert pack.endings["good"].title == "2025-08-15"


def test_all_errors_of_a_pass_are_reported_together(tmp_path, monkeypatch):
    """Authors fix a whole file per round: one load reports every shape error it can."""
    root = make_pack(tmp_path, [
        (S, "    text: The two banks meet.", "    txt: The two banks meet."),
        (S, "label: Vote", "label: 3"),
        (P, 'version: "1.0"', "version: 1.0"),
    ])
    diags = load_errors(root, monkeypatch)
    assert [(d.file, d.line, d.code) for d in diags] == [
        ("pack.yaml", 6, "SG012"), ("scenes/main.yaml", 5, "SG010"), ("scenes/main.yaml", 25, "SG012"),
    ]


def test_every_diagnostic_formats_as_file_line_col(tmp_path, monkeypatch):
    root = make_pack(tmp_path, DEFECTS["goto_missing_scene"])
    [d] = load_errors(root, monkeypatch)
    assert d.format_text().splitlines()[0] == (
        "scenes/main.yaml:13:15: error SG021: goto 'secnd' names no scene or ending"
    )
    assert d.format_github() == (
        "::error file=scenes/main.yaml,line=13,col=15,title=SG021::"
        "goto 'secnd' names no scene or ending (did you mean 'second'?)"
    )


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root reads any file")
def test_unreadable_scene_file(tmp_path, monkeypatch):  # pragma: no cover - CI runs as a user
    root = make_pack(tmp_path, [])
    (root / S).chmod(0)
    [d] = load_errors(root, monkeypatch)
    assert (d.file, d.code) == (S, "SG001")


# ---------------------------------------------------------------- warnings (summit-game check)
#
# A pack that loads can still have problems only play reveals. ``analyse`` explores the
# game's states (conditions included) and warns; each case below adds one such problem to
# the template and expects exactly the listed warnings.

from summit_game.engine.analysis import analyse  # noqa: E402

ORPHAN = """\
  - id: orphan
    title: Nobody comes here
    choices:
      - id: back
        label: Back
        cite:
          - quote: "Talking helps."
        goto: end
endings:"""

WARNINGS: dict[str, tuple[list, list[tuple[str, int, int, str]], str]] = {
    # case: (edits, [(file, line, col, code)], words in the first warning)
    "scene_file_named_yml": ([("scenes/more.yml", None, b"scenes: []\n")], [("scenes/more.yml", 0, 0, "SG113")],
                             "this scene file is not read: scene files end in .yaml"),
    "unreachable_scene": ([(S, "endings:", ORPHAN)], [(S, 29, 5, "SG101")], "'orphan' cannot be reached"),
    # The vote needs trust >= 5, but the only ways in leave trust at 2, 3 or 4: every player is stuck there.
    "soft_lock_by_condition": (
        [(S, "        label: Vote\n", '        label: Vote\n        if: "trust >= 5"\n')],
        [(S, 21, 5, "SG102"), (S, 31, 5, "SG106")],
        "scene 'second' can leave the east role with no available choice",
    ),
    "soft_lock_only_for_one_role": (
        [(S, "        label: Vote\n", "        label: Vote\n        roles: [east]\n"),
         (P, "    start: second\n", "    start: first\n")],
        [(S, 21, 5, "SG102")],
        "can leave the west role with no available choice",
    ),
    "auto_routes_loop_under_a_condition": (
        [(S, "    title: The vote\n", '    title: The vote\n    auto:\n      - if: "ready"\n        goto: first\n'),
         (S, "    text: The two banks meet.\n", '    text: The two banks meet.\n    auto:\n      - if: "ready"\n        goto: second\n')],
        [(S, 10, 9, "SG102"), (S, 36, 5, "SG106")],
        "choosing 'talk' in scene 'first' can leave the east role stuck: auto routes loop",
    ),
    "variable_never_read": (
        [(P, "  ready:\n", "  mood:\n    type: flag\n    start: false\n  ready:\n"),
         (S, '"ready = true"', '"ready = true", "mood = true"')],
        [(P, 22, 3, "SG103")], "'mood' is never read",
    ),
    "variable_never_written": (
        [(P, "  ready:\n", "  calm:\n    start: 1\n  ready:\n"),
         (S, 'if: "ready and trust >= 4"', 'if: "ready and trust >= 4 and calm >= 1"')],
        [(P, 22, 3, "SG104")], "'calm' is never changed",
    ),
    "choice_without_citation": (
        [(S, '        cite:\n          - quote: "Every meeting ends with a vote."\n', "")],
        [(S, 24, 9, "SG105")], "choice 'vote' in scene 'second' cites no source",
    ),
    "ending_no_path_reaches": (
        [(S, "  - id: plain\n", '  - id: never\n    title: Never\n    if: "trust > 5 and not ready"\n  - id: plain\n')],
        [(S, 34, 5, "SG106")], "ending 'never' is reached by no path",
    ),
    "last_ending_has_a_condition": (
        [(S, "    title: No agreement\n", '    title: No agreement\n    if: "not ready"\n')],
        [(S, 34, 5, "SG107")], "the last ending has a condition",
    ),
    "scene_for_one_role_reached_by_another": (
        [(S, "    title: The vote\n", "    title: The vote\n    roles: [east]\n")],
        [(S, 21, 5, "SG109")], "scene 'second' is for east but west can reach it",
    ),
    # a speaker for words the source does not put in quotation marks: its own words, labelled as someone's
    "speaker_for_the_sources_own_words": (
        [(S, '          - quote: "Talking helps."\n', '          - quote: "Talking helps."\n            speaker: The chair\n')],
        [(S, 13, 22, "SG118")], "'The chair' is named as the speaker, but these words are not inside quotation marks "
        "in source 'memo' (paragraph 2): the game would show the source's own words as theirs",
    ),
    # 'unavailable: hide' and 'reason' mean something only with an 'if': here they did nothing, silently
    "hide_without_if": (
        [(S, "        label: Vote\n", "        label: Vote\n        unavailable: hide\n")],
        [(S, 26, 22, "SG117")], "unavailable: hide does nothing here: choice 'vote' has no 'if', so it is always available",
    ),
    "reason_without_if": (
        [(S, "        label: Walk out\n", '        label: Walk out\n        reason: "Only when talks fail."\n')],
        [(S, 16, 17, "SG117")], "this reason is never shown: choice 'leave' has no 'if', so it is never unavailable",
    ),
}


@pytest.mark.parametrize("source", ['"Talking helps." Walking out costs nothing today.',
                                    "She said: “Talking helps.” Walking out costs nothing today.",
                                    "> Talking helps.\n\nWalking out costs nothing today."],
                         ids=["straight_marks", "curly_marks", "block_quote"])
def test_a_speaker_for_words_the_source_quotes_is_not_warned(tmp_path, monkeypatch, source):
    speaker = '          - quote: "Talking helps."\n            speaker: The chair\n'
    root = make_pack(tmp_path, [(S, '          - quote: "Talking helps."\n', speaker),
                                (SRC, "Talking helps. Walking out costs nothing today.", source)])
    monkeypatch.chdir(root)
    assert [w.code for w in analyse(load_pack(root))] == []


@pytest.mark.parametrize("source,where", [
    ('"Talking helps." Walking out costs nothing today.', "inside quotation marks"),
    ("> Talking helps.\n\nWalking out costs nothing today.", "in a block quote (a paragraph that starts with '>')"),
], ids=["marks", "block_quote"])
def test_words_the_source_quotes_without_a_speaker_are_sg110_in_marks_and_in_a_block_quote(
        tmp_path, monkeypatch, source, where):
    """A block quote is someone else's words for SG118 (a speaker is welcome there): so it is for SG110 too.
    Cited without a speaker, the game labelled a quoted statement as the memo's own argument, silently."""
    root = make_pack(tmp_path, [(SRC, "Talking helps. Walking out costs nothing today.", source)])
    monkeypatch.chdir(root)
    [w] = analyse(load_pack(root))
    assert (w.file, w.line, w.column, w.code) == (S, 12, 20, "SG110")
    assert w.message == (f"this quote is {where} in source 'memo' (paragraph 2): the source shows it is "
                         "reported speech, but the citation names no speaker")


@pytest.mark.parametrize("case", list(WARNINGS))
def test_warning(tmp_path, monkeypatch, case):
    edits, expected, words = WARNINGS[case]
    root = make_pack(tmp_path, edits)
    monkeypatch.chdir(root)
    warnings = analyse(load_pack(root))
    assert [(w.file, w.line, w.column, w.code) for w in warnings] == expected, "\n".join(
        w.format_text() for w in warnings)
    assert not any(w.is_error for w in warnings)
    assert words in warnings[0].message


def test_template_has_no_warnings(monkeypatch):
    monkeypatch.chdir(TEMPLATE)
    assert analyse(load_pack(TEMPLATE)) == []


def test_soft_lock_not_reported_when_the_condition_always_holds_there(tmp_path, monkeypatch):
    """Same vote guard (trust >= 5), but every way into the scene now brings trust to 5 or more."""
    root = make_pack(tmp_path, [
        (S, "        label: Vote\n", '        label: Vote\n        if: "trust >= 5"\n'),
        (S, '"trust += 1"', '"trust += 3"'),
        (P, "    start: second\n", "    start: second\n    set:\n      trust: 5\n"),
    ])
    monkeypatch.chdir(root)
    pack = load_pack(root)
    codes = [w.code for w in analyse(pack)]
    assert "SG102" not in codes, codes


def test_exploration_cap(tmp_path, monkeypatch):
    """With no states to spend, what needs a witness stays open and says so (SG108), nothing else."""
    monkeypatch.chdir(TEMPLATE)
    pack = load_pack(TEMPLATE)
    [w] = analyse(pack, cap=0)
    assert (w.file, w.line, w.column, w.code) == ("pack.yaml", 1, 1, "SG108")
    assert "the cap is 0" in w.message and "not checked: " in w.message and "good" in w.message
    assert "every other warning is exact" in w.hint


def test_capped_exploration_still_reports_scenes_no_goto_reaches(tmp_path, monkeypatch):
    """Unreachable is proved, not searched for: the orphan scene is reported with no states at all."""
    root = make_pack(tmp_path, [(S, "endings:", ORPHAN)])
    monkeypatch.chdir(root)
    codes = [(w.code, w.line) for w in analyse(load_pack(root), cap=0)]
    assert codes == [("SG108", 1), ("SG101", 29)]
    assert [(w.code, w.line) for w in analyse(load_pack(root), cap=2)] == [("SG101", 29)]


def test_one_mistake_one_error(tmp_path):
    """A misspelt required key, or citations in a pack with no sources, give a single error."""
    root = make_pack(tmp_path / "a", DEFECTS["misspelt_required_key"])
    with pytest.raises(PackError) as exc:
        load_pack(root)
    assert [d.code for d in exc.value.diagnostics] == ["SG010"]
    root = make_pack(tmp_path / "b", DEFECTS["no_sources_at_all"])
    with pytest.raises(PackError) as exc:
        load_pack(root)
    messages = [d.message for d in exc.value.diagnostics]
    assert messages.count("this quote has no source: the pack declares none") == 1
    assert messages == ["this quote has no source: the pack declares none"]


def test_control_characters_in_pack_text_are_refused(tmp_path):
    """An escape in a double-quoted string would reach the player's terminal."""
    root = make_pack(tmp_path / "a", [(P, 'title: "Minimal pack"', 'title: "Bridge \\e]0;PWNED\\a"')])
    with pytest.raises(PackError) as exc:
        load_pack(root)
    [d] = exc.value.diagnostics
    assert (d.file.endswith("pack.yaml"), d.line, d.column, d.code) == (True, 5, 8, "SG004")
    assert "control character U+001B" in d.message
    root = make_pack(tmp_path / "b", [(SRC, None, b"Talking helps. \x1b[2J Walking out costs nothing today.\n")])
    with pytest.raises(PackError) as exc:
        load_pack(root)
    assert [d.code for d in exc.value.diagnostics][0] == "SG026"
    assert "control character U+001B on its line 1" in exc.value.diagnostics[0].message


# ---------------------------------------------------------------- SG025: what the hint says, exactly

CHAIR = b"# A memo\n\nTalking helps. Walking out costs nothing today.\n\nEvery meeting ends with a vote.\n\n" \
        b"The chair said: \xe2\x80\x9cthe vote is the whole point\xe2\x80\x9d, and sat down.\n\n" \
        b"A vote - not a debate \xe2\x80\x93 settles it, and the count\xe2\x80\x94a show of hands\xe2\x80\x94is final.\n"


@pytest.mark.parametrize("quote,hint", [
    # the author rightly leaves out the source's opening mark: the difference is the word, not the mark
    ("the vote is the entire point",
     'closest passage (paragraph 4): "the vote is the whole point"\n'
     'first difference: the source has "whole" where the quote has "entire"'),
    # a mark left out inside the quote is the difference, shown as the source has it (curly)
    ("The chair said: the vote is the whole point",
     'closest passage (paragraph 4): "The chair said: \u201cthe vote is the whole point"\n'
     "first difference: the quotation marks: the source has \u201cthe where the quote has the"),
    ("the vote is the whole point, and sat",
     'closest passage (paragraph 4): "the vote is the whole point\u201d, and sat"\n'
     "first difference: the quotation marks: the source has point\u201d, where the quote has point,"),
    # the author typed curly marks around the quote in YAML, which keeps them as text
    ("\u201cEvery meeting ends with a vote.\u201d",
     'closest passage (paragraph 3): "Every meeting ends with a vote."\n'
     "first difference: the quote is in quotation marks the source does not have here: leave them out "
     '(YAML keeps curly quotation marks as part of the text: only straight ones, "...", enclose a value)'),
    # a dash closed up where the source spaces it, or the other way: the dash may differ, its spaces not
    ("A vote\u2014not a debate",
     'closest passage (paragraph 5): "A vote - not a debate"\n'
     'first difference: the spaces around a dash: the source has "vote - not" where the quote has "vote\u2014not" '
     "(a dash may be -, \u2013 or \u2014, but the spaces around it must be the source's)"),
    ("the count - a show of hands \u2013 is final",
     'closest passage (paragraph 5): "the count\u2014a show of hands\u2014is final"\n'
     'first difference: the spaces around a dash: the source has "count\u2014a" where the quote has "count - a" '
     "(a dash may be -, \u2013 or \u2014, but the spaces around it must be the source's)"),
    ('\\"Every meeting ends with a vote.',
     'closest passage (paragraph 3): "Every meeting ends with a vote."\n'
     "first difference: the quote starts with a quotation mark the source does not have here: leave it out"),
])
def test_quote_not_found_hint_points_at_the_real_difference(tmp_path, monkeypatch, quote, hint):
    root = make_pack(tmp_path, [(SRC, None, CHAIR), (S, "Walking out costs nothing today.", quote)])
    [d] = load_errors(root, monkeypatch)
    assert (d.file, d.line, d.column, d.code) == ("scenes/main.yaml", 19, 20, "SG025")
    assert d.message == "quote not found in source 'memo'"
    assert d.hint == hint


def test_paragraph_references_label_quotes_and_hints(tmp_path, monkeypatch):
    root = make_pack(tmp_path, [(SRC, None, b"{5.89.1} Talking helps. Walking out costs nothing today.\n\n"
                                            b"{\xc2\xa72} Every meeting ends with a vote.\n")])
    monkeypatch.chdir(root)
    pack = load_pack(root)
    quotes = {q.quote: (q.paragraph, q.ref, q.place) for q in pack.all_quotes()}
    assert quotes["Talking helps."] == (1, "5.89.1", "5.89.1")
    assert quotes["Every meeting ends with a vote."] == (2, "\u00a72", "\u00a72")
    assert pack.sources["memo"].text.body.startswith("Talking helps.")  # the marker is not text
    root = make_pack(tmp_path / "b", [(SRC, None, b"{5.89.1} Talking helps. Walking out costs nothing today.\n"),
                                      (S, "Every meeting ends with a vote.", "Walking out costs something today.")])
    [d] = load_errors(root, monkeypatch)
    assert d.hint.splitlines()[0] == 'closest passage (5.89.1): "Walking out costs nothing today."'

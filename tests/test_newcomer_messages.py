"""What a newcomer's first mistakes are told: each message names the fix, at the line.

Found by writing a new pack from README and docs/authoring.md alone (2026-12-02) and making the
mistakes a newcomer makes; these are the ones whose message did not say what to do.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_pack_errors import S, load_errors, make_pack

CHOICE = "      - id: leave\n"
PASTE = '- id: wave\n  label: Wave\n  effects: ["trust += 1"]\n  goto: end\n'  # a choice, at column 1
VOTE = ('      - id: vote\n        label: Vote\n        cite:\n          - quote: "Every meeting ends with a vote."\n'
        "        goto: end\n")
S_ENDINGS = (Path(__file__).parent / "packs" / "minimal" / S).read_text(encoding="utf-8")
S_ENDINGS = S_ENDINGS[S_ENDINGS.index("endings:"):]

CASES = [
    # words other formats use for a key of ours
    ("condition_for_if", (S, '    if: "ready and trust >= 4"\n', '    condition: "ready and trust >= 4"\n'),
     (32, 5, "SG010", "unknown key 'condition'", "did you mean 'if'?")),
    ("next_for_goto", (S, "        goto: second\n", "        next: second\n"),
     (13, 9, "SG010", "unknown key 'next'", "did you mean 'goto'?")),
    # a key of another mapping for this one's: a choice's 'title' is its label, a role's 'text' its briefing
    ("title_for_a_choice_s_label", (S, "        label: Walk out\n", "        title: Walk out\n"),
     (15, 9, "SG010", "unknown key 'title'", "did you mean 'label'?")),
    ("text_for_a_role_s_briefing", ("pack.yaml", "    briefing: You built the bridge.\n",
                                    "    text: You built the bridge.\n"),
     (27, 5, "SG010", "unknown key 'text'", "did you mean 'briefing'?")),
    # a required key under a name of the author's own: one error, at the name, saying what is missing
    ("own_name_for_a_required_key", (S, "        label: Walk out\n", "        caption: Walk out\n"),
     (15, 9, "SG010", "unknown key 'caption'",
      "this choice needs 'label:' and has none: if 'caption:' is meant as its label, write 'label:' instead")),
    # a scene cannot have a condition: it is entered by a goto
    ("if_on_a_scene", (S, "    title: The vote\n", "    title: The vote\n    if: \"ready\"\n"),
     (23, 5, "SG010", "unknown key 'if'",
      "a scene has no 'if': put the condition on the choices or auto routes that lead here (or on this scene's "
      "choices); allowed here: id, title, speaker, location, roles, text, role_text, cite, auto, choices")),
    # a list item without its '- ': its keys join the item above
    ("item_without_dash", (S, CHOICE, "        id: leave\n"),
     (14, 9, "SG005", "duplicate key 'id' (first defined at line 7)",
      "YAML would silently keep only the last value; remove or rename one; if this starts a new item of a list, "
      "write it '- id: ...'")),
    # a text block whose lines are not indented under its key
    ("block_not_indented", (S, "    text: The two banks meet.\n", "    text: |\n    The two banks meet.\n"),
     (6, 5, "SG004", "this line is not indented under 'text: |' (line 5), so it is not part of that text block",
      "this line is not 'key: value': if it goes on with a text block (text: |), indent it more than the key; "
      "if it is a long value, put the whole value in quotes")),
    # a goto (or the start) that gives a scene's or an ending's title: the hint names its id, not one made up
    # from the title's words ('the_vote', which is no scene's)
    ("goto_a_title", (S, "        goto: second\n", "        goto: The vote\n"),
     (13, 15, "SG012", "'The vote' is not a valid id: use lower-case letters, digits and _, starting with a letter",
      "that is the title of scene 'second'; goto takes its id: write goto: second")),
    ("goto_an_ending_title", (S, "        goto: end\n", "        goto: no  agreement\n"),
     (20, 15, "SG012", "'no agreement' is not a valid id: use lower-case letters, digits and _, starting with a "
      "letter", "that is the title of ending 'plain'; goto takes its id: write goto: plain")),
    ("start_a_title", ("pack.yaml", "start: first\n", "start: The council\n"),
     (7, 8, "SG012", "'The council' is not a valid id: use lower-case letters, digits and _, starting with a letter",
      "that is the title of scene 'first'; start takes its id: write start: first")),
    ("goto_words_no_title", (S, "        goto: second\n", "        goto: The Second\n"),
     (13, 15, "SG012", "'The Second' is not a valid id: use lower-case letters, digits and _, starting with a letter",
      "did you mean 'the_second'?")),
    # a key indented one space too deep under a 'key: value' line: YAML reads it as more of that value, so
    # libyaml's complaint ("mapping values are not allowed in this context") is about ': ', but quoting is not
    # the fix; said at the key
    ("key_indented_too_deep", (S, '        if: "trust >= 2', '         if: "trust >= 2'),
     (9, 10, "SG004", "'if:' is indented deeper than 'label:' on line 8, so YAML reads it as more of that value",
      "indent it as 'label:' is (8 spaces); if ': ' is part of a value, put the whole value in quotes")),
    # ... where the 'key: value' line is the one out of place: beside a key with nothing after it
    ("key_beside_the_key_it_belongs_under", ("pack.yaml", "  trust:\n    start: 3\n    min: 0\n",
                                             "  trust:\n  start: 3\n    min: 0\n"),
     (20, 5, "SG004", "'min:' is indented deeper than 'start:' on line 19, so YAML reads it as more of that value",
      "'start:' is beside 'trust:' (line 18), which has nothing after it: if 'start:' belongs under 'trust:', indent it as "
      "this line is; if not, indent this line as 'start:' is (2 spaces)")),
    ("colon_in_a_value_is_still_told_to_quote", (S, "    text: The two banks meet.\n",
                                                 "    text: Note: the two banks meet.\n"),
     (5, 15, "SG004", "the value of 'text:' holds ': ' (a colon and a space), which YAML reads as the start of a key",
      'put the whole value in quotes: text: "Note: the two banks meet."')),
    # the other words of libyaml's own: what happened, and what to write
    ("colon_after_a_quoted_value", (S, '        if: "trust >= 2 and not ready"\n', '        if: "trust >= 2": ready\n'),
     (9, 25, "SG004", "': ' after the value of 'if:' in \"...\", which YAML reads as a key",
      'put all of the value inside the "...", or take out what follows them')),
    ("key_without_its_colon_above_a_list", (S, "scenes:\n", "scenes\n"),
     (2, 7, "SG004", "no ':' after 'scenes'",
      "write 'scenes:': without the ':', YAML reads line 3 below as more of the word 'scenes'")),
    ("value_starting_with_an_at", (S, "    title: The council\n", "    title: @council\n"),
     (4, 12, "SG004", "a value cannot start with '@' in YAML", 'put the whole value in quotes: title: "@council"')),
    ("value_starting_with_a_backtick", (S, "    title: The council\n", "    title: `The` council\n"),
     (4, 12, "SG004", "a value cannot start with '`' in YAML", 'put the whole value in quotes: title: "`The` council"')),
    ("text_on_the_line_of_a_block_bar", (S, "    text: The two banks meet.\n", "    text: | The two banks meet.\n"),
     (5, 13, "SG004", "'|' starts a text block, and the text goes on the lines below it, not on its line",
      "write 'text: |' alone on its line and 'The two banks meet.' on the next, indented more than 'text:'")),
    ("markdown_emphasis_starts_a_value", (S, "    text: The two banks meet.\n", "    text: *Both* banks meet.\n"),
     (5, 11, "SG004", "a value cannot start with '*' in YAML: it reads it as an alias",
      'put the whole value in quotes: text: "*Both* banks meet."')),
    ("value_starting_with_a_dash", (S, "    title: The council\n", "    title: - The council\n"),
     (4, 12, "SG004", "a value cannot start with '-' in YAML: it reads it as a list item",
      'put the whole value in quotes: title: "- The council"')),
    ("brackets_start_a_value_of_words", (S, "    title: The council\n", "    title: [Aside] The council\n"),
     (4, 20, "SG004", "text follows the [...] that starts the value of 'title:', which YAML reads as a list",
      'put the whole value in quotes: title: "[Aside] The council"')),
    ("key_indented_deeper_than_a_quoted_value", (S, '        effects: ["trust += 1", "ready = true"]\n',
                                                 '         effects: ["trust += 1", "ready = true"]\n'),
     (10, 10, "SG004", "'effects:' is indented deeper than 'if:' on line 9, so it is neither a key beside it nor "
      "part of its value", "indent it as 'if:' is (8 spaces)")),
    ("no_space_after_an_item_s_dash", (S, "  - id: second\n", "  -id: second\n"),
     (21, 3, "SG004", "no space after the '-' that starts this item",
      "write '- id: second': without the space, YAML reads '-id: second' as one word, not an item of the list")),
    ("no_space_after_an_item_s_key", (S, "  - id: second\n", "  - id:second\n"),
     (21, 5, "SG004", "no space after the ':' of 'id:'",
      "write 'id: second': without the space, YAML reads 'id:second' as one word, not a key and its value")),
    ("top_level_key_indented", (S, "scenes:\n", " scenes:\n"),
     (2, 2, "SG004", "'scenes:' is indented, but it starts the file: a top-level key starts its line",
      "take out the space before it")),
    ("modeline_without_its_hash", (S, "# yaml-language-server:", " yaml-language-server:"),
     (1, 1, "SG004", "the editor's modeline has lost its '#'",
      "write '# yaml-language-server: ...' at the start of the line: without the '#', YAML reads it as a key")),
    ("no_space_after_a_colon", (S, "    title: The council\n", "    title:The council\n"),
     (4, 5, "SG004", "no space after the ':' of 'title:'",
      "write 'title: The council': without the space, YAML reads 'title:The council' as one word, not a key and its "
      "value")),
    # a tab that indents a key: libyaml says "found character that cannot start any token"
    ("tab_before_a_key", (S, "        goto: second\n", "\tgoto: second\n"),
     (13, 1, "SG004", "a tab character, which YAML does not allow here",
      "YAML indents with spaces, never tabs: replace the tab with spaces")),
    ("tab_inside_the_indentation", (S, "        goto: second\n", "      \t  goto: second\n"),
     (13, 7, "SG004", "a tab character, which YAML does not allow here",
      "YAML indents with spaces, never tabs: replace the tab with spaces")),
    # a goto that resembles no id: the hint says what a goto takes, and lists the pack's ids
    ("goto_like_nothing", (S, "        goto: second\n", "        goto: elsewhere\n"),
     (13, 15, "SG021", "goto 'elsewhere' names no scene or ending",
      "goto takes the id of a scene or an ending (first, good, plain, second), or 'end': the first ending whose "
      "'if' holds")),
    # no ending at all (the 'endings:' line deleted with them): where to write them
    ("no_endings", (S, S_ENDINGS, ""),
     (4, 1, "SG011", "the pack has no endings: add an 'endings:' list",
      "write 'endings:' at the start of a line in a scene file (beside 'scenes:') or in pack.yaml, then each "
      "ending as '- id: ...' with a 'title:' and 'text:'; the last one, without 'if', is where 'goto: end' goes "
      "when no other ending's 'if' holds")),
    # a mapping's first line indented as its key is, not under it: the key is empty and the line its sibling;
    # one error (at the empty key), not a second "unknown key 'trust'"
    ("mapping_not_indented_under_its_key", ("pack.yaml", "    start:\n      trust: 2\n", "    start:\n    trust: 2\n"),
     (31, 11, "SG012", "start: expected a mapping, got nothing (null)",
      "the line below, 'trust:', is indented as 'start:' is, so it is a key beside it, not its value: indent what "
      "belongs to 'start:' under it (2 spaces more)")),
    # a quotation mark inside a quote in the same marks: libyaml said "did not find expected key" and the hint
    # was to check the indentation
    ("quote_closed_early", (S, '- quote: "Talking helps."', '- quote: "Talking" helps."'),
     (12, 28, "SG004", "the value's closing \" comes before its end: text follows it",
      "a \" inside a value in \"...\" ends it: write the value in '...' instead, or each \" inside it as \\\"")),
    ("apostrophe_in_single_quotes", (S, '- quote: "Talking helps."', "- quote: 'Talking's helps.'"),
     (12, 28, "SG004", "the value's closing ' comes before its end: text follows it",
      "a ' inside a value in '...' ends it: write the value in \"...\" instead, or each ' inside it as ''")),
    # a closing mark forgotten: the value runs on to the next one, lines below, where libyaml complains
    ("quote_not_closed_runs_on", (S, "        label: Talk it through\n", '        label: "Talk it through\n'),
     (8, 16, "SG004", "a value opened with \" is not closed on its line",
      "so it runs on to the next \" (line 9) and what follows that is out of place: end it with \" on this line; "
      "a \" inside it is written \\\"")),
    ("quote_never_closed", (S, "    text: The two banks meet.\n", "    text: 'The two banks meet.\n"),
     (5, 11, "SG004", "a value opened with ' is never closed", "end it with ' on its line; a ' inside it is written ''")),
    # a list in brackets never closed: libyaml said "did not find expected ',' or ']'" on the line after it
    ("bracket_never_closed", (S, '        effects: ["trust += 1", "ready = true"]\n',
                              '        effects: ["trust += 1", "ready = true"\n'),
     (10, 18, "SG004", "the list opened with '[' here is never closed",
      "end it with ']' after its last item, on this line")),
    # ... after a comma, with the lines below it read into the list: libyaml said "did not find expected node
    # content" (and, at a '- ' below, the dash was blamed)
    ("bracket_never_closed_after_a_comma", (S, '        effects: ["trust += 1", "ready = true"]\n',
                                            '        effects: ["trust += 1", "ready = true",\n'),
     (10, 18, "SG004", "the list opened with '[' here is never closed",
      "end it with ']' after its last item, on this line")),
    ("brace_never_closed", (S, '          - quote: "Talking helps."\n', '          - {quote: "Talking helps."\n'),
     (12, 13, "SG004", "the mapping opened with '{' here is never closed",
      "end it with '}' after its last key and value, on this line")),
    ("comma_left_out_in_brackets", (S, '        effects: ["trust += 1", "ready = true"]\n',
                                    '        effects: ["trust += 1" "ready = true"]\n'),
     (10, 32, "SG004", "expected ',' or ']' here: the items of a list in '[...]' are separated by commas",
      "put a comma between two items; a value that holds a comma, '[' or ']' goes in quotes")),
    # a key indented less than its item's other keys: libyaml said "did not find expected '-' indicator"
    ("key_lined_up_with_the_dash", (S, "        goto: second\n", "      goto: second\n"),
     (13, 7, "SG004", "'goto:' is lined up with the '- ' of the item above (line 7), so it is neither a key of "
      "that item nor an item of the list", "indent it as 'id:' is (8 spaces), to make it a key of the item above")),
    ("key_indented_one_too_few", (S, "        goto: second\n", "       goto: second\n"),
     (13, 8, "SG004", "'goto:' is indented less than the keys of the item above ('id:', line 7), so it is neither "
      "a key of that item nor an item of the list",
      "indent it as 'id:' is (8 spaces), to make it a key of the item above")),
    ("item_without_its_dash", (S, CHOICE, "      id: leave\n"),
     (14, 7, "SG004", "'id:' is lined up with the '- ' of the item above (line 7), so it is neither a key of that "
      "item nor an item of the list", "to start an item of its own, write '- ' before it")),
    # a top-level block indented under the one above it: the hint says to put it beside that one first
    ("endings_under_scenes", (S, "endings:\n", "  endings:\n"),
     (29, 3, "SG004", "'endings:' is lined up with the '- ' of the item above (line 21), so it is neither a key of "
      "that item nor an item of the list", "indent it as 'scenes:' is (0 spaces), to make it a key beside "
      "'scenes:' (line 2); or as 'id:' is (4 spaces), to make it a key of the item above")),
    # a choice's '- ' lined up with its scene's keys: the hint names the list it belongs to
    ("choice_at_the_scene_s_keys", (S, CHOICE, "    - id: leave\n"),
     (14, 5, "SG004", "'- id:' starts a list item among the keys of the mapping that starts on line 3 ('id:')",
      "to start an item of the list above, line the '- ' up with the one on line 7 (6 spaces)")),
    # a choice pasted at the start of the line, between two scenes: the list it belongs to is the nearest above
    # whose items start with 'id:' (the choices), not the scenes' (the hint named 'scenes:' before)
    ("choice_pasted_at_column_one", (S, "  - id: second\n", PASTE + "  - id: second\n"),
     (21, 1, "SG004", "'- id:' starts a list item among the keys of the mapping that starts on line 2 ('scenes:')",
      "to start an item of the list above, line the '- ' up with the one on line 14 (6 spaces)")),
    # a key without its ':': libyaml said "could not find expected ':'", or blamed the line below
    ("colon_left_out", (S, "        label: Walk out\n", "        label Walk out\n"),
     (15, 9, "SG004", "no ':' after the key 'label'",
      "write 'label: Walk out': a key is followed by ':' (and a space before its value)")),
    ("colon_left_out_above_a_key", (S, CHOICE, "      - id leave\n"),
     (14, 9, "SG004", "no ':' after the key 'id'",
      "write 'id: leave': without the ':', YAML reads line 15 below as more of this line's words")),
    # an id given twice: where the first one is, and (a source) no error for each quote that does not name one
    ("choice_id_twice", (S, CHOICE, "      - id: talk\n"),
     (14, 13, "SG020", "duplicate choice id 'talk' in scene 'first' (first defined at line 7)",
      "a choice's id is unique within its scene, and saves refer to it: give this one its own")),
    ("role_id_twice", ("pack.yaml", "  - id: west\n", "  - id: east\n"),
     (28, 9, "SG020", "duplicate role id 'east' (first defined at line 25)", "each role has its own id: rename one")),
    ("source_id_twice", ("pack.yaml", '    licence: "CC0 1.0"\n',
                         '    licence: "CC0 1.0"\n  - id: memo\n    file: sources/memo.md\n    title: "A memo"\n'
                         '    authors: ["Test author"]\n    publisher: "summit-game tests"\n    date: "2026-01-01"\n'
                         '    url: "https://example.org/memo"\n    licence: "CC0 1.0"\n'),
     (17, 9, "SG020", "duplicate source id 'memo' (first defined at line 9)",
      "each source has its own id, which citations name: rename one")),
    # a stray '- ' before a choice's last key makes that key an item of its own, with no id
    ("dash_splits_a_choice", (S, "        goto: second\n", "      - goto: second\n"),
     (13, 9, "SG011", "this item has only goto: second; did a '- ' split one choice into two?",
      "if it belongs to the choice above ('talk', line 7), remove the '- ' before 'goto:' and line it up with "
      "that choice's keys; if it is a choice of its own, give it 'id:' and 'label:'")),
    ("dash_splits_a_choice_at_its_cite", (S, "        cite:\n          - source: memo\n",
                                          "      - cite:\n          - source: memo\n"),
     (17, 9, "SG011", "this item has only cite: and goto: end; did a '- ' split one choice into two?",
      "if it belongs to the choice above ('leave', line 14), remove the '- ' before 'cite:' and line it up with "
      "that choice's keys; if it is a choice of its own, give it 'id:' and 'label:'")),
    # ... and in braces, where there is no '- ' to remove: the key goes inside the choice's braces
    ("dash_splits_a_choice_in_braces", (S, VOTE, "      - {id: vote, label: Vote}\n      - {goto: end}\n"),
     (25, 9, "SG011", "this item has only goto: end; did a '- ' split one choice into two?",
      "if it belongs to the choice above ('vote', line 24), move goto: end inside that choice's braces, after a "
      "comma; if it is a choice of its own, give it 'id:' and 'label:'")),
    # a '- goto:' below a choice that has its goto already: not a split, and not "missing required key 'id'"
    ("dash_goto_after_a_whole_choice", (S, VOTE, VOTE + "      - goto: end\n"),
     (29, 9, "SG011", "this item has only goto: end, and the choice above ('vote', line 24) has its own 'goto:': "
      "is this item left over?",
      "if it is left over, delete it; if it is a choice of its own, give it 'id:' and 'label:'")),
    # a stray '- ' lined up with the choice's keys: libyaml said "did not find expected key"
    ("dash_among_a_choices_keys", (S, "        goto: second\n", "        - goto: second\n"),
     (13, 9, "SG004", "'- goto:' starts a list item among the keys of the mapping that starts on line 7 ('id:')",
      "remove the '- ' to make 'goto:' a key of it, lined up with 'id:'; to start an item of its own, line the "
      "'- ' up with the one on line 7")),
    # '- ' inside a list in brackets: libyaml said "did not find expected node content"
    ("dash_inside_brackets", (S, "    choices:\n" + VOTE, "    choices: [- id: vote, label: Vote, - goto: end]\n"),
     (23, 15, "SG004", "'- id:' inside [...]: a list in brackets has no '- ' before its items",
      "write the list one item a line under its key, each starting with '- ' and its other keys lined up under "
      "the first; or keep the brackets without the '- ', each item's keys in braces, the items separated by "
      "commas: [{id: a, label: A, goto: b}, {...}]")),
    # the same split seen from above: an auto route's '- if:' and, below it, '- goto:' (a route of its own)
    ("dash_splits_an_auto_route", (S, "    title: The vote\n",
                                   '    title: The vote\n    auto:\n      - if: "ready"\n      - goto: end\n'),
     (24, 9, "SG011", "this item has no 'goto:', and the item below (line 25) has only goto: end; did a '- ' split "
      "one auto route into two?", "remove the '- ' before 'goto:' on line 25 and line it up with 'if:' here")),
    # a choice of its own that lacks a key is told the key, not a split
    ("new_choice_without_label", (S, "        label: Walk out\n", ""),
     (14, 9, "SG011", "missing required key 'label'",
      "add 'label:' here: what the player picks.")),
    # a comma in a value of a {...} mapping ends the value: the rest is read as a key
    ("comma_in_a_flow_mapping_value", (S, '          - quote: "Talking helps."\n',
                                       "          - {quote: Talking helps, and so does listening.}\n"),
     (12, 36, "SG010", "unknown key 'and so does listening.'",
      "in a {...} mapping a comma ends a value: 'and so does listening.' is the rest of 'quote:' after its comma, "
      'read as a key: write it in quotes, quote: "Talking helps, and so does listening."')),
    # an effect written as arithmetic
    ("effect_as_sum", (S, '"trust += 1"', '"trust + 1"'),
     (10, 20, "SG034", "an effect changes a variable: did you mean 'trust += 1'?", "")),
    # a flag counted up like a meter: the docs call it a flag, and the fix is '= true'
    ("plus_equals_on_a_flag", (S, '"ready = true"', '"ready += 1"'),
     (10, 34, "SG032", "'ready' is a flag (true/false); += and -= need a number variable (a meter): "
      "write 'ready = true' or 'ready = false'", "")),
    # YAML's other words for true and false in an expression: 'yes' is no variable, and the fix is 'true'
    ("yes_for_a_flag_in_an_effect", (S, '"ready = true"', '"ready = yes"'),
     (10, 42, "SG031", "unknown variable 'yes'; a flag is true or false: write 'true'", "")),
    ("off_for_a_flag_in_a_condition", (S, '"trust >= 2 and not ready"', '"trust >= 2 and ready == Off"'),
     (9, 38, "SG031", "unknown variable 'Off'; a flag is true or false: write 'false'", "")),
    # a role's start: or a route's set: that sets the role or the route, or gives a meter a word
    ("role_in_a_role_s_start", ("pack.yaml", "      trust: 2\n", "      trust: 2\n      role: west\n"),
     (33, 13, "SG012", "role: expected a whole number or true or false, got text",
      "'role' is set by the game (the role the player chose), not a variable: remove this line; start values are "
      "for the variables under 'variables:' in pack.yaml")),
    ("role_as_a_number_in_a_role_s_start", ("pack.yaml", "      trust: 2\n", "      trust: 2\n      role: 2\n"),
     (33, 7, "SG031", "unknown variable 'role'",
      "'role' is set by the game (the role the player chose), not a variable: remove this line; start values are "
      "for the variables under 'variables:' in pack.yaml")),
    ("route_in_a_route_s_set", ("pack.yaml", "    start: second\n", "    start: second\n    set: {route: quick}\n"),
     (37, 18, "SG012", "route: expected a whole number or true or false, got text",
      "'route' is set by the game (the route the player chose), not a variable: remove this line; start values "
      "are for the variables under 'variables:' in pack.yaml")),
    ("a_word_for_a_meter_in_a_route_s_set", ("pack.yaml", "    start: second\n",
                                             "    start: second\n    set: {trust: high}\n"),
     (37, 18, "SG012", "trust: expected a whole number or true or false, got text",
      "a route's 'set:' gives variables their start values: a whole number for a meter, true or false for a flag")),
    # a key with nothing after it: an error for optional text keys too, as docs/authoring.md says (an empty
    # 'speaker:' would label someone's words as the source's own); a required one cannot be left out instead
    ("empty_speaker_on_a_citation", (S, '          - quote: "Talking helps."\n',
                                     '          - quote: "Talking helps."\n            speaker:\n'),
     (13, 21, "SG012", "speaker: expected text, got nothing (null)",
      "nothing is written after 'speaker:': write its value, or leave the key out")),
    ("empty_location_on_a_scene", (S, "    title: The council\n", "    title: The council\n    location:\n"),
     (5, 14, "SG012", "location: expected text, got nothing (null)",
      "nothing is written after 'location:': write its value, or leave the key out")),
    ("empty_type_of_a_variable", ("pack.yaml", "  ready:\n    start: false\n", "  ready:\n    type:\n    start: false\n"),
     (23, 10, "SG012", "type: nothing (null) is not allowed here: use 'meter' or 'flag'",
      "nothing is written after 'type:': write its value, or leave the key out")),
    ("empty_start_of_a_route", ("pack.yaml", "    start: second\n", "    start:\n"),
     (36, 11, "SG012", "start: expected text, got nothing (null)",
      "nothing is written after 'start:': write its value, or leave the key out")),
    ("empty_required_url", ("pack.yaml", '    url: "https://example.org/memo"\n', "    url:\n"),
     (15, 9, "SG012", "url: expected text, got nothing (null)",
      "nothing is written after 'url:': write its value ('url' is required here, so it cannot be left out)")),
]


@pytest.mark.parametrize("edit,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_newcomers_mistake_is_told_the_fix(tmp_path, monkeypatch, edit, expected):
    root = make_pack(tmp_path, [edit])
    [d] = load_errors(root, monkeypatch)
    assert (d.line, d.column, d.code, d.message, d.hint) == expected


def test_a_choice_pasted_among_the_scenes_is_told_it_is_a_choice(tmp_path, monkeypatch):
    """Indented as a scene, a pasted choice was four errors: no 'title' (and its 'label:' would be taken for
    one), and 'label', 'effects', 'goto' each "a key of a choice, not of a scene". One mistake, one error, at
    the item."""
    pasted = "".join("  " + line + "\n" for line in PASTE.splitlines())
    root = make_pack(tmp_path, [(S, "  - id: second\n", pasted + "  - id: second\n")])
    [d] = load_errors(root, monkeypatch)
    assert (d.line, d.column, d.code, d.message, d.hint) == (
        21, 5, "SG011", "this scene has keys of a choice (label, effects, goto) and no 'title:': is it a choice "
        "indented as a scene?", "A choice is an item under a scene's 'choices:': line its '- ' up with the '- ' of "
        "the others")


def test_a_key_swallowed_by_a_text_block_is_a_warning(tmp_path, monkeypatch):
    from summit_game.pack import load_pack

    block = ("    text: |\n      The two banks meet.\n      cite:\n        - quote: \"Talking helps.\"\n")
    root = make_pack(tmp_path, [(S, "    text: The two banks meet.\n", block)])
    monkeypatch.chdir(root)
    [w] = load_pack(root).warnings
    assert (w.file, w.line, w.column, w.code, w.message) == (
        "scenes/main.yaml", 5, 11, "SG115",
        "line 2 of this text reads 'cite:', a key, but is part of the text (and would be shown to the player)")
    assert w.hint.startswith("a text block (|) takes every line below it indented as deep as its first one")
    prose = "    text: |\n      The two banks meet.\n      Note: nobody speaks first.\n"
    root = make_pack(tmp_path / "b", [(S, "    text: The two banks meet.\n", prose)])
    assert load_pack(root).warnings == []


def test_a_hash_stuck_to_a_word_after_a_value_is_a_warning(tmp_path, monkeypatch):
    from summit_game.pack import load_pack

    root = make_pack(tmp_path, [(S, "label: Talk it through", "label: Talk it through #1"),
                                (S, "    title: The vote\n", "    title: The vote  # a comment, with its space\n")])
    monkeypatch.chdir(root)
    [w] = load_pack(root).warnings
    assert (w.file, w.line, w.column, w.code, w.message, w.hint) == (
        "scenes/main.yaml", 8, 16, "SG116", "'#1' after this value starts a comment: the value is 'Talk it through'",
        "to keep '#1' in the value, put the whole value in quotes (\"Talk it through #1\"); a comment is written "
        "'# ...', with a space")
    root = make_pack(tmp_path / "b", [(S, "label: Talk it through", 'label: "Talk it through #1"')])
    assert load_pack(root).warnings == []


@pytest.mark.parametrize("source,said", [
    ("trust <> 3", "invalid syntax; write '!=' instead of '<>'"),
    ("trust \u2265 3", "invalid character '\u2265' (U+2265); write '>=' instead of '\u2265'"),
    ("trust \u2264 3", "invalid character '\u2264' (U+2264); write '<=' instead of '\u2264'"),
    ("role == \u2018east\u2019", "invalid character '\u2018' (U+2018); write a straight quote, ', instead of \u2018"),
    ("trust \u2212 1 > 2", "invalid character '\u2212' (U+2212); write '-' instead of '\u2212'"),
])
def test_an_expression_typed_in_a_word_processor_is_told_the_ascii(source, said):
    from summit_game.pack.expr import ExprError, compile_condition

    with pytest.raises(ExprError) as exc:
        compile_condition(source, {"trust": "number"})
    assert (exc.value.code, exc.value.message) == ("SG030", "not a valid expression: " + said)


@pytest.mark.parametrize("patterns,said", [
    ('["scenes"]', "scene_files: pattern 'scenes' matches only folders, no scene file"),
    ('["scenes/**"]', "scene_files: pattern 'scenes/**' matches only folders, no scene file"),
    ('["scenes/*.yaml", "*.yaml"]', "scene_files: pattern '*.yaml' matches only pack.yaml or playtest.yaml, "
                                    "no scene file"),
])
def test_a_scene_files_pattern_that_matches_no_scene_file_says_so(tmp_path, monkeypatch, patterns, said):
    root = make_pack(tmp_path, [("pack.yaml", "start: first\n", f"start: first\nscene_files: {patterns}\n")])
    (root / "playtest.yaml").write_text("expect: []\n")
    found = [(d.line, d.code, d.message, d.hint) for d in load_errors(root, monkeypatch) if d.code == "SG001"]
    assert found == [(8, "SG001", said, "a pattern names files: e.g. scenes/*.yaml, or scenes/**/*.yaml for every "
                                        "folder below scenes/")]


def test_playtest_yaml_is_never_read_as_a_scene_file(tmp_path, monkeypatch):
    from summit_game.pack import load_pack

    root = make_pack(tmp_path, [("pack.yaml", "start: first\n", 'start: first\nscene_files: ["scenes/*.yaml", "*.yaml"]\n')])
    (root / "playtest.yaml").write_text("expect: []\n")
    (root / "extra.yaml").write_text("endings:\n  - {id: extra, title: Extra, if: \"trust >= 9\"}\n")
    monkeypatch.chdir(root)
    assert "extra" in load_pack(root).endings


def test_a_file_or_folder_inside_a_pack_given_for_the_pack_names_the_pack_folder(tmp_path, monkeypatch, capsys):
    """'check my-pack/scenes/main.yaml' opened with 'pack folder is not a folder' (what an editor's
    check-on-save runs): it checks the pack that holds the file, and says so; a YAML file in no pack is told
    it is a file and what to give. 'check my-pack/scenes' said 'no pack.yaml in the pack folder' and to start
    a new pack: the hint names the folder to give."""
    from summit_game.cli import main

    make_pack(tmp_path, [(S, "        goto: second\n", "        goto: secnd\n")])
    monkeypatch.chdir(tmp_path)
    assert main(["check", "pack/scenes/main.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out == ("pack/scenes/main.yaml:13:15: error SG021: goto 'secnd' names no scene or ending\n"
                   "    did you mean 'second'?\n")
    assert err.splitlines()[0] == ("summit-game check: 'pack/scenes/main.yaml' is a file of the pack in pack: "
                                   "checking that pack, with every file of it")
    assert main(["check", "--format", "json", "pack/scenes/main.yaml"]) == 1
    assert "is a file of the pack" not in capsys.readouterr().err  # JSON for a script: nothing said beside it
    (tmp_path / "lone.yaml").write_text("scenes: []\n")
    assert main(["check", "lone.yaml"]) == 1
    assert capsys.readouterr().out == (
        "lone.yaml: error SG001: this is a file: a pack is a folder\n"
        "    give the folder that holds pack.yaml (a scene file is checked with its pack: its gotos, variables "
        "and sources are the pack's); 'summit-game new DIR' writes a small pack to put it in\n")
    assert main(["check", "pack/scenes"]) == 1
    assert capsys.readouterr().out == (
        "pack/scenes/pack.yaml: error SG001: no pack.yaml in the pack folder\n"
        "    this folder is inside a pack: give the folder that holds pack.yaml, pack\n")
    assert main(["play", "--plain", "pack/scenes/main.yaml"]) == 1
    assert ("'pack/scenes/main.yaml' is a file of the pack in pack: give that folder (the one that holds "
            "pack.yaml)") in capsys.readouterr().err


THE_VOTE = [(S, "  - id: second\n", "  - id: the_vote\n"), (S, "        goto: second\n", "        goto: the_vote\n"),
            ("pack.yaml", "    start: second\n", "    start: the_vote\n")]


@pytest.mark.parametrize("typed,edits,hint", [
    # 'the_end' keeps the word 'end' and adds 'the'; 'the_vote' keeps 'the' and swaps 'end' for another word.
    # difflib's letter count preferred 'the_vote' (the shared 'the_' outweighs 'end')
    ("the_end", THE_VOTE, "did you mean 'end' (the first ending whose 'if' holds)?"),
    ("the_ending", THE_VOTE, "did you mean 'end' (the first ending whose 'if' holds)?"),
    # a word left out, and a letter slip inside a word of two, are still found
    ("vote", THE_VOTE, "did you mean 'the_vote'?"),
    ("the_vot", THE_VOTE, "did you mean 'the_vote'?"),
    ("god", [], "did you mean 'good'?"),
])
def test_a_misspelt_goto_is_told_the_id_it_most_likely_means(tmp_path, monkeypatch, typed, edits, hint):
    root = make_pack(tmp_path, edits + [(S, "        goto: end\n", f"        goto: {typed}\n")])
    [d] = load_errors(root, monkeypatch)
    assert (d.file, d.line, d.column, d.code, d.message, d.hint) == (
        "scenes/main.yaml", 20, 15, "SG021", f"goto '{typed}' names no scene or ending", hint)


def test_a_stray_dash_before_an_outcomes_goto_is_a_warning(tmp_path, monkeypatch):
    # In a chance list, '- goto: second' under an outcome made an outcome of its own (weight 1, no text),
    # drawn one game in three, and nothing was said: the goto meant for the outcome above never applied
    from summit_game.pack import load_pack

    split = ("        label: Walk out\n        chance:\n          - weight: 2\n            text: The east bank shrugs.\n"
             "          - goto: second\n")
    root = make_pack(tmp_path, [(S, "        label: Walk out\n", split)])
    monkeypatch.chdir(root)
    [w] = load_pack(root).warnings
    assert (w.file, w.line, w.column, w.code, w.message) == (
        "scenes/main.yaml", 19, 13, "SG119",
        "this outcome has only goto: second; did a '- ' split the outcome above (line 17) in two?")
    assert w.hint == ("as written it is an outcome of its own, drawn 1 time in 3 with no text; if the goto is the "
                      "outcome above's, remove the '- ' before 'goto:' and line it up with that outcome's keys")
    # the same goto lined up with the outcome's keys, or an outcome of its own with its text: nothing to say
    joined = split.replace("          - goto: second\n", "            goto: second\n")
    root = make_pack(tmp_path / "b", [(S, "        label: Walk out\n", joined)])
    assert load_pack(root).warnings == []
    own = split.replace("          - goto: second\n", "          - text: The west bank follows.\n            goto: second\n")
    root = make_pack(tmp_path / "c", [(S, "        label: Walk out\n", own)])
    assert load_pack(root).warnings == []
    # written as an outcome on purpose ('weight: 1' or 'effects: []' beside the goto): not a stray dash either
    meant = split.replace("          - goto: second\n", "          - weight: 1\n            goto: second\n")
    root = make_pack(tmp_path / "d", [(S, "        label: Walk out\n", meant)])
    assert load_pack(root).warnings == []


@pytest.mark.parametrize("edit", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_without_libyaml_each_mistake_is_told_the_same_fix(tmp_path, monkeypatch, edit):
    """Without libyaml the reader drives PyYAML's own parser, whose words for the same slip differ ("expected
    the node content" for "did not find expected node content"): the place, the code and the hint do not."""
    from summit_game.pack import _yaml

    root = make_pack(tmp_path, [edit])
    with_libyaml = [(d.line, d.column, d.code, d.hint) for d in load_errors(root, monkeypatch)]
    monkeypatch.setattr(_yaml, "_Parser", lambda text: _yaml._PurePython(text))
    assert [(d.line, d.column, d.code, d.hint) for d in load_errors(root, monkeypatch)] == with_libyaml


def test_a_choice_s_role_text_for_a_role_it_is_not_shown_to_is_a_warning(tmp_path, monkeypatch):
    """'leave' is for east only: a text for west there is never read, and check says so at west's line."""
    from summit_game.pack import load_pack

    text = "        roles: [east]\n        role_text:\n          west: You leave.\n"
    root = make_pack(tmp_path, [(S, "        roles: [east]\n", text)])
    monkeypatch.chdir(root)
    [w] = load_pack(root).warnings
    assert (w.file, w.line, w.column, w.code, w.message, w.hint) == (
        "scenes/main.yaml", 18, 11, "SG120",
        "role_text for 'west', a role this choice is not shown to (roles: east): no player reads it",
        "add 'west' to the choice's roles:, or delete this text")
    root = make_pack(tmp_path / "b", [(S, "        roles: [east]\n", "        roles: [east]\n        role_text:\n"
                                                                     "          east: You leave.\n")])
    monkeypatch.chdir(root)
    assert load_pack(root).warnings == []


def test_a_scene_s_role_text_for_a_role_it_is_not_for_is_a_warning(tmp_path, monkeypatch):
    from summit_game.pack import load_pack

    text = "    title: The vote\n    roles: [east, west]\n    role_text:\n      east: You vote.\n"
    root = make_pack(tmp_path, [(S, "    title: The vote\n", text)])
    monkeypatch.chdir(root)
    assert load_pack(root).warnings == []
    root = make_pack(tmp_path / "b", [(S, "    title: The vote\n", text.replace("[east, west]", "[west]"))])
    monkeypatch.chdir(root)
    [w] = load_pack(root).warnings
    assert (w.line, w.column, w.code, w.message, w.hint) == (
        25, 7, "SG120", "role_text for 'east', a role this scene is not for (roles: west): no player reads it",
        "add 'east' to the scene's roles:, or delete this text")


def test_a_quote_of_the_front_matter_is_told_it_is_never_quoted(tmp_path, monkeypatch):
    """A licence line put in the source's front matter, then quoted: SG025 says where the words are."""
    root = make_pack(tmp_path, [("sources/memo.md", "# A memo\n", "---\nLicence: CC0 1.0.\n---\n# A memo\n"),
                                (S, '          - quote: "Talking helps."\n',
                                 '          - quote: "Licence: CC0 1.0."\n')])
    [d] = load_errors(root, monkeypatch)
    assert (d.line, d.column, d.code, d.message, d.hint) == (
        12, 20, "SG025", "quote not found in source 'memo'",
        "these words are in its front matter (lines 1 to 3), which is a note for people and is never quoted: to "
        "quote them, put them in the text below it")

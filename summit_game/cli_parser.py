"""The command line's parser (argparse), read only when the command line has arguments.

``summit-game`` alone, the way most players start it, goes straight to the title with the
play command's defaults (``cli.main``); importing argparse and gettext and building the
parser took 4 ms of that first frame. A test keeps those defaults equal to this parser's.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__
EPILOG = """\
examples:
  summit-game                          start the game (the Anchorage scenario)
  summit-game play scenes/tutorial     play any pack folder
  summit-game play --plain --seed 3    play as plain text (screen readers, scripts)
  summit-game check scenes/anchorage   check a pack for errors and warnings
  summit-game quote tutorial "Trust is fragile"   where a passage is, and the citation to paste
  summit-game playtest scenes/tutorial every ending each role can reach, how often, by which choices
  summit-game graph tutorial > g.mmd   the pack as a Mermaid flowchart (--format dot for Graphviz)
  summit-game new my-pack              a small working pack to start writing from
  summit-game packs                    list the bundled packs
  summit-game serve                    play in browser tabs at http://127.0.0.1:8000
  summit-game schema --out docs/schema write JSON Schemas for your editor
  summit-game workshop --lan           a room votes on its phones, on a projector (see workshop --help)
  summit-game play --team Blue         a team's game: its debrief and record carry the name
  summit-game compare saves/           every team's path and ending side by side

exit codes: 0 done, 1 errors in a pack (or a game that cannot go on), 2 bad usage,
            3 plain mode's input ended before the game did (progress is in the autosave),
            70 the game stopped on an internal error (a bug: the autosave keeps your last decision),
            130 interrupted (Ctrl+C)

docs: docs/authoring.md (writing packs), README.md (playing)
"""


def _wrap(text: str, width: int = 78) -> str:
    """Paragraphs filled to ``width`` (a RawDescription parser keeps the blank lines between them)."""
    import textwrap

    return "\n\n".join(textwrap.fill(p, width) for p in text.split("\n\n"))


WORKSHOP_EPILOG = """\
examples:
  summit-game workshop                      Anchorage icebreaker; the voting page on this computer only
  summit-game workshop --lan                the room's phones vote (same Wi-Fi as this computer)
  summit-game workshop --lan --seconds 90 --role un_mediator
  summit-game workshop --no-phones          hands only: the facilitator types the counts
  summit-game workshop --resume             go on after a crash or a closed lid

keys on the projector: space start/pause the countdown, e +30 s, s close the vote now,
1-9 highlight an option (in a tie: pick it), + / - a raised hand more or fewer, n type the
count of hands, q the QR code large, Enter next decision (keys typed before the reveal is on
screen are ignored: it is always seen), Ctrl+P every command, Ctrl+Q quit;
on the role screen under 100 x 30 (80 x 24), b the role's briefing or the content note

exit codes: 0 done, 1 a pack with errors or a voting page that cannot start, 2 bad usage,
70 the projector stopped on an internal error (a bug: the record keeps every decision, --resume)
"""


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` reads it (COLUMNS, then the terminal,
    else 80), without importing shutil (and with it bz2 and lzma): a few ms of every start."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class _RawFormatter(argparse.RawDescriptionHelpFormatter, _Formatter):
    """Descriptions and epilogs as written (their blank lines and columns kept)."""


class _Printing(argparse.ArgumentParser):
    """argparse's own printing drops a refused write (``_print_message`` swallows OSError), so
    ``summit-game --help > /dev/full`` exited 0 having written nothing. Here the help (or the version)
    that standard output refuses is said on standard error, exit 1, as every command's output is; a reader
    that went away (``--help | head -1``) still ends it quietly."""

    def _print_message(self, message, file=None):  # type: ignore[override]
        if not message:
            return
        file = file or sys.stderr
        try:
            file.write(message)
            file.flush()
        except BrokenPipeError:
            from .output import silence

            silence(file)
        except (AttributeError, OSError) as exc:
            if file is sys.stderr or isinstance(exc, AttributeError):
                return  # nowhere left to say it: the exit code still does (2 for bad usage)
            from .output import silence, stream_name

            silence(file)
            what = ("the help" if message.startswith("usage:") else
                    "the version" if message.startswith("summit-game ") else "the output")
            reason = getattr(exc, "strerror", None) or str(exc)
            self.exit(1, f"{self.prog}: {what} could not be written to {stream_name(file)}: {reason}.\n")


class _LazyParser(_Printing):
    """A subcommand's parser that adds its arguments when that subcommand is used or shown.

    Adding an argument builds a help formatter (and asks for the terminal's size); doing it
    for every subcommand on every start was a tenth of ``summit-game check``'s whole time.
    """

    def __init__(self, *args, **kwargs) -> None:
        self._pending: list[tuple[tuple, dict]] = []
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def add_argument(self, *args, **kwargs):  # type: ignore[override]
        self._pending.append((args, kwargs))

    def _ready(self) -> None:
        pending, self._pending = self._pending, []
        for args, kwargs in pending:
            super().add_argument(*args, **kwargs)

    def parse_known_args(self, *args, **kwargs):  # type: ignore[override]
        self._ready()
        return super().parse_known_args(*args, **kwargs)

    def format_help(self) -> str:
        self._ready()
        return super().format_help()

    def format_usage(self) -> str:
        self._ready()
        return super().format_usage()


class _TopParser(_Printing):
    """The top parser. An argument no command takes is said by that command's parser (its usage, not the
    top's), with the closest option it has: 'play --plian' asks 'did you mean --plain?'."""

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        namespace, extras = self.parse_known_args(args, namespace)
        if extras:
            commands = self._subparsers._group_actions[0].choices if self._subparsers else {}  # type: ignore[union-attr]
            command = commands.get(getattr(namespace, "command", None)) or self
            word = extras[0].split("=", 1)[0]
            hint = ""
            if word.startswith("-"):
                import difflib

                options = sorted(o for o in command._option_string_actions if o.startswith("--"))
                close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]}?)" if close else ""
            command.error(f"unrecognized arguments: {' '.join(extras)}{hint}; "
                          f"'{command.prog} --help' lists what it takes")
        return namespace


class _Unused:
    """Stands for a subcommand's parser that this run does not use: whatever is added is dropped."""

    def __getattr__(self, name: str):
        return lambda *args, **kwargs: self


class _Only:
    """The subcommands' action, building only ``name``'s parser (each parser costs a help formatter
    and a few gettext look-ups; a start with a known subcommand never shows the others)."""

    def __init__(self, sub, name: str) -> None:
        self.sub, self.name = sub, name

    def add_parser(self, name: str, **kwargs):
        return self.sub.add_parser(name, **kwargs) if name == self.name else _Unused()


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; ``only``: build just that subcommand's parser (it is the one in use)."""
    p = _TopParser(
        prog="summit-game",
        description="A terminal policy game with verified quotations of its sources.",
        epilog=EPILOG,
        formatter_class=_RawFormatter,
    )
    p.add_argument("--version", action="version", version=f"summit-game {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_LazyParser)
    if only is not None:
        sub = _Only(sub, only)  # type: ignore[assignment]

    play = sub.add_parser("play", help="play a pack (the default command)",
                          description="Play a pack in the terminal (or, with --plain, as plain text). Exit 0 when "
                                      "the game ends or you quit, 1 when the pack has errors or a save cannot be "
                                      "used, 2 on bad usage (an unknown role or route, no terminal), 3 when plain "
                                      "mode's input ends before the game does, 70 on an internal error (the "
                                      "autosave keeps your last decision), 130 on Ctrl+C.")
    _play_args(play)

    check = sub.add_parser("check", help="check packs for errors and warnings",
                           description="Check scene packs: their files, sources and reachability, and "
                                       "playtest.yaml's keys and names, and its warnings (said with its errors, and with the pack's when "
                                       "the pack has errors, but for its names; no game is played for its "
                                       "expectations: that is 'playtest'). Exit 0 when clean, 1 on errors "
                                       "(or on warnings with --strict), 2 on bad usage.")
    check.add_argument("packs", nargs="+", metavar="PACK",
                       help="pack folder, a file of it (its pack is checked), or a bundled pack name")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--format", choices=["text", "json", "github"], default="text",
                       help="output format (default text; github: workflow annotations)")

    quote = sub.add_parser("quote", help="find where some words are in a pack's sources, and what to paste",
                           description="Find where a passage is in a pack's sources: the source, the paragraph "
                                       "(or the paragraph's own reference) and the exact text to paste as a "
                                       "citation, as the source has it. When the words are not there, the closest "
                                       "passages and their first difference; words over a paragraph break, or joined by "
                                       "'...', are pasted part by part, with which part takes a 'speaker:'. "
                                       "Uses the same matcher as 'check' "
                                       "(only typography is folded) and works while the scenes still have errors. "
                                       "Exit 0 found, 1 not found, 2 bad usage.")
    quote.add_argument("pack", metavar="PACK", help="pack folder, its pack.yaml, or a bundled pack name")
    quote.add_argument("words", metavar="WORDS", help="the words to look for, in quotes")
    quote.add_argument("--source", metavar="ID", help="look only in this source")
    quote.add_argument("--format", choices=["text", "json"], default="text", help="output format (default text)")
    pt = sub.add_parser(
        "playtest", help="every ending each role can reach, how often, and by which choices",
        description="Play every way through a pack (or many seeded random games) through the game's own "
                    "rules and report: each role's endings with their share and one shortest path to each "
                    "(as a line to paste into 'play --plain'), final meters per ending, what no game "
                    "reaches, soft-locks and errors with the path that reproduces them, and where each "
                    "variable is written and read. Checks the pack's playtest.yaml (lines of play and "
                    "expectations; see docs/authoring.md). Exit 0 when every expectation is met, 1 when "
                    "one is not (or the pack or its playtest.yaml has errors; with --strict also on a "
                    "soft-lock, an error or an unfinished game), 2 on bad usage.",
        epilog=PLAYTEST_EPILOG, formatter_class=_RawFormatter)
    pt.add_argument("pack", metavar="PACK", help="pack folder, its pack.yaml, or a bundled pack name")
    pt.add_argument("--role", help="explore only this role (default: every role)")
    pt.add_argument("--route", help="explore only this route (default: every route)")
    pt.add_argument("--strategy", choices=["exhaustive", "random"], default="exhaustive",
                    help="exhaustive (default): every choice and chance outcome, with exact shares; "
                         "random: seeded random games")
    pt.add_argument("--runs", type=int, default=None, metavar="N",
                    help="random: games per role, route and line; exhaustive: the random games that "
                         "estimate a role and route whose search stopped at --cap (default 1000)")
    pt.add_argument("--seed", type=int, default=0, metavar="S", help="the seed of the random games (default 0); "
                                                                     "the same seed gives the same report")
    pt.add_argument("--cap", type=int, default=None, metavar="N",
                    help="exhaustive: most states per role, route and line (default 100000); "
                         "past it, --runs random games estimate the shares")
    pt.add_argument("--strict", action="store_true",
                    help="also fail (exit 1) on a soft-lock, an error, games that do not end, or a warning "
                         "of playtest.yaml itself (SG114, SG116)")
    pt.add_argument("--format", choices=["text", "json"], default="text", help="report format (default text; json: the report, or the errors that stop it and playtest.yaml's warnings, as JSON on stdout)")

    graph = sub.add_parser(
        "graph", help="the pack's scenes and endings as a Mermaid or Graphviz graph",
        description="Print the pack as a graph: play begins at a Start node, with an edge to the first scene "
                    "(one to each route's first scene, named by its routes); scenes and endings as nodes, "
                    "choices as labelled edges "
                    "(with their conditions and the roles that see them), chance outcomes with their "
                    "weights, auto routes as dashed edges; every `goto: end` goes into one diamond, whose "
                    "dashed edges to the endings carry each ending's condition in order; nodes no game reaches and "
                    "scenes where a player can be stuck are marked. Mermaid renders on GitHub and GitLab "
                    "(in a ```mermaid block); DOT with Graphviz (dot -Tsvg). Exit 0, 1 when the pack has "
                    "errors, 2 on bad usage.",
        epilog=GRAPH_EPILOG, formatter_class=_RawFormatter)
    graph.add_argument("pack", metavar="PACK", help="pack folder, its pack.yaml, or a bundled pack name")
    graph.add_argument("--format", choices=["mermaid", "dot"], default="mermaid", help="output format (default mermaid)")
    graph.add_argument("--role", help="only the choices this role sees, and what this role can reach "
                                      "(explores the role's games: can take some seconds on a large pack)")

    new = sub.add_parser(
        "new", help="write a small working pack to start from",
        description="Write a starter pack into DIR: pack.yaml, two scenes and two endings in "
                    "scenes/meeting.yaml, one source in sources/notes.md, a playtest.yaml, and the JSON "
                    "Schemas its modelines point at (.schema/). It passes 'check --strict' and 'playtest' "
                    "as written. DIR must be new or empty. Exit 0, 2 when DIR is not empty (nothing is "
                    "written) or on bad usage, 1 when it cannot be written.",
        epilog="examples:\n  summit-game new my-pack\n  summit-game check --strict my-pack\n"
               "  summit-game playtest my-pack\n  summit-game play --plain my-pack\n\n"
               "docs/authoring.md, 'Your first pack, step by step', goes on from there.",
        formatter_class=_RawFormatter)
    new.add_argument("dir", metavar="DIR", help="the folder to create (or an empty one)")

    schema = sub.add_parser("schema", help="write the JSON Schemas for editors",
                            description="Write pack.schema.json, scene.schema.json and playtest.schema.json "
                                        "(JSON Schema draft-07) for YAML editors. With no --out, print the pack schema. "
                                        "Exit 0, 1 when the folder cannot be written, 2 on bad usage.",
                            formatter_class=_RawFormatter,
                            epilog="examples:\n"
                                   "  summit-game schema --out my-pack/.schema\n\n"
                                   "then start each file with a modeline that points at its schema (the files\n"
                                   "'summit-game new' writes have them), for a YAML language server such as\n"
                                   "VS Code's YAML extension:\n"
                                   "  # yaml-language-server: $schema=.schema/pack.schema.json       (pack.yaml)\n"
                                   "  # yaml-language-server: $schema=../.schema/scene.schema.json   (scenes/*.yaml)\n"
                                   "  # yaml-language-server: $schema=.schema/playtest.schema.json   (playtest.yaml)\n\n"
                                   "The editor checks the shape; only 'summit-game check' checks quotes, ids,\n"
                                   "expressions and reachability (docs/authoring.md, 'Your editor').")
    schema.add_argument("--out", metavar="DIR", help="folder to write the schema files into")

    serve = sub.add_parser(
        "serve", help="play in browser tabs, one game per team, e.g. for a workshop room",
        description="Serve the game to web browsers. Each tab asks a team's name, then plays its own game: "
                    "each team has its own saves folder (SAVES/teams/NAME), so Continue only offers that "
                    "team's games, and its debrief is a download from the ending screen. Who can open it: "
                    "only this computer unless --lan or --host says otherwise; --lan lets in the devices "
                    "on this computer's network (the room's Wi-Fi), and the address printed is one they "
                    "can open. Ctrl+C or SIGTERM stops the server and every game at once. Needs the "
                    "'serve' extra: pip install '.[serve]'. Exit 0 when stopped, 1 when it cannot start (the "
                    "address is in use, the pack has errors, textual-serve is not installed), 2 on bad usage.",
        epilog="examples:\n"
               "  summit-game serve                        this computer only, http://127.0.0.1:8000\n"
               "  summit-game serve --lan                  the room's phones and laptops too\n"
               "  summit-game serve anchorage --lan --route short --role ukraine_negotiator --seed 7\n"
               "                                           every team plays the same seat, route and chance\n"
               "  summit-game compare saves/teams          every team's path and ending side by side",
        formatter_class=_RawFormatter)
    serve.add_argument("pack", nargs="?", default=None, metavar="PACK",
                       help="pack folder or bundled pack name: every tab plays it (default: the title "
                            "screen lists all)")
    serve.add_argument("--lan", action="store_true",
                       help="let other devices on this computer's network in: listen on the address of the "
                            "network with the default route, and print that address")
    serve.add_argument("--host", default=None,
                       help="address to listen on (default 127.0.0.1: only this computer); 0.0.0.0 listens "
                            "on every network, and the address printed is the one other devices can open")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--saves", metavar="DIR", help=f"saves folder; each team gets DIR/teams/NAME ({SAVES_DEFAULT})")
    serve.add_argument("--route", help="every game plays this route, e.g. short (the icebreaker)")
    serve.add_argument("--role", help="every game plays this role (the title screen then starts it directly)")
    serve.add_argument("--seed", type=seed_value, default=None,
                       help="every game uses this seed for chance outcomes, so teams can compare like with like")
    serve.add_argument("--hide-verdicts", action="store_true",
                       help="keep the source's verdict on each option out of sight until after it is chosen")
    serve.add_argument("--max-games", type=int, default=24, metavar="N",
                       help="at most N games at once (default 24); a tab beyond that gets a page saying "
                            "the room is full")

    ws = sub.add_parser(
        "workshop", help="run it with a room: a projector screen, votes by phone or by hands, a timer, a debrief",
        description=_wrap("Run the game with a room on one screen (a projector). The room chooses whom it plays, "
                    "then votes on every decision, on its phones or by raised hands, on a countdown the "
                    "facilitator starts, pauses, extends and skips. The article's verdict on each option is "
                    "shown only after the vote. The room's record is written after every decision (--resume "
                    "goes on after a crash); the ending shows the room's debrief and writes it (Markdown and "
                    "JSON) to the saves folder.\n\n"
                    "Who can reach the voting page: by default only this computer (it listens on 127.0.0.1). "
                    "--lan lets the room's phones in: it listens on this computer's address on its network "
                    "(the interface with the default route) and shows that address; --host ADDR listens on ADDR. "
                    "A phone needs the 4-digit PIN shown on the screen (the QR code carries it); nothing about "
                    "the people voting is stored."),
        epilog=WORKSHOP_EPILOG, formatter_class=_RawFormatter)
    ws.add_argument("pack", nargs="?", default=None, metavar="PACK",
                    help="pack folder or bundled pack name (default: anchorage)")
    ws.add_argument("--route", help="route id (default: 'short', the ten-minute icebreaker, when the pack has one)")
    ws.add_argument("--role", help="the role the room plays (default: the room chooses on the first screen)")
    ws.add_argument("--seconds", type=int, default=None, metavar="N",
                    help="length of each vote (default 60; 0: no countdown, the facilitator closes each vote)")
    ws.add_argument("--seed", type=seed_value, default=None, help="seed for chance outcomes (default: random)")
    ws.add_argument("--lan", action="store_true",
                    help="let the room's phones reach the voting page (this computer's address on its network)")
    ws.add_argument("--host", default=None,
                    help="address for the voting page to listen on (default 127.0.0.1: this computer only)")
    ws.add_argument("--port", type=int, default=WORKSHOP_PORT,
                    help=f"port of the voting page (default {WORKSHOP_PORT}; 0: any free one)")
    ws.add_argument("--no-phones", action="store_true", help="hands only: no voting page at all")
    ws.add_argument("--resume", action="store_true",
                    help="go on with the last workshop in the saves folder (it says which file)")
    ws.add_argument("--saves", metavar="DIR", help=f"saves folder for the room's record and debrief ({SAVES_DEFAULT})")

    compare = sub.add_parser(
        "compare", help="teams' or rooms' paths and endings side by side",
        description="Compare finished games and workshops side by side: each decision (a room's vote split too), "
                    "the ending and the meters. A game writes its record beside its debrief "
                    "(debrief-....record.json in the saves folder), a workshop its live record after every decision "
                    "(workshop-....json) and its debrief's record at the end; a folder means every record inside it. "
                    "Exit 0 shown, 1 a file is not a readable record, 2 a file or folder is missing.",
        epilog="examples:\n  summit-game compare saves/\n"
               "  summit-game compare team-a.record.json team-b.record.json --format markdown > compare.md",
        formatter_class=_RawFormatter)
    compare.add_argument("records", nargs="+", metavar="RECORD", help="record file, or a folder of them")
    compare.add_argument("--format", choices=["table", "markdown"], default="table",
                         help="a table in the terminal (default) or Markdown")

    packs = sub.add_parser("packs", help="list the bundled packs", description="List the bundled packs: each one's name (what 'summit-game play NAME' takes), title, "
                                       "summary, sources, roles and routes. Exit 0.")
    packs.add_argument("--format", choices=["text", "json"], default="text", help="output format (default text)")
    return p


PLAYTEST_EPILOG = """\
examples:
  summit-game playtest scenes/tutorial                       the whole report, exact shares
  summit-game playtest anchorage --role ukraine_negotiator --route short
  summit-game playtest anchorage --strategy random --runs 5000 --seed 7
  summit-game playtest my-pack --format json > report.json

A path in the report is replayed by the line printed under it, e.g.
  printf '2\\n1\\n1\\n' | summit-game play --plain --role east --route full --seed 0 scenes/tutorial
"""


GRAPH_EPILOG = """\
examples:
  summit-game graph tutorial                      Mermaid, to paste into a ```mermaid block
  summit-game graph tutorial --format dot | dot -Tsvg > tutorial.svg
  summit-game graph anchorage --role us_envoy     what the US envoy sees and can reach
"""


#: where saves go when --saves is not given (summit_game/paths.py decides; platformdirs' user data folder)
WORKSHOP_PORT = 8080  # the voting page's default port (cli says it in the command that resumes a room)
SAVES_DEFAULT = ("default: $SUMMIT_GAME_SAVES if set, else ./saves if the working folder has one, else the user "
                 "data folder: ~/.local/share/summit-game/saves on Linux, ~/Library/Application "
                 "Support/summit-game/saves on macOS, %%LOCALAPPDATA%%\\summit-game\\saves on Windows")


def seed_value(text: str) -> int:
    """--seed: a whole number a save can hold (0 to 2**63 - 1)."""
    try:
        value = int(text) if len(text) <= 20 else -1
    except ValueError:
        value = -1
    if not 0 <= value < 2**63:
        from .pack.diagnostics import visible

        raise argparse.ArgumentTypeError(f"'{visible(text[:24], formats=True)}' is not a seed: use a whole number from 0 to {2**63 - 1}")
    return value


def _play_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("pack", nargs="?", default=None, metavar="PACK",
                   help="pack folder or bundled pack name (default: anchorage)")
    p.add_argument("--plain", action="store_true",
                   help="plain text: numbered choices on standard input, no box drawing")
    p.add_argument("--role", help="role id (plain mode asks when left out)")
    p.add_argument("--route", help="route id, e.g. a short icebreaker route")
    p.add_argument("--seed", type=seed_value, default=None, help="seed for chance outcomes (default: random)")
    p.add_argument("--hide-verdicts", action="store_true",
                   help="keep the source's verdict on each option out of sight until after it is chosen "
                        "(the consequence shows it); the TUI's v key and plain mode's v switch it")
    p.add_argument("--load", metavar="SLOT",
                   help="with --plain: go on with a saved game, e.g. --load autosave (the newest autosave of "
                        "this pack's games); the terminal game's title screen has Continue and Load")
    p.add_argument("--saves", metavar="DIR", help=f"saves folder for autosaves, saves and debriefs ({SAVES_DEFAULT})")
    p.add_argument("--watch", action="store_true",
                   help="for authors: reload the pack whenever its files change; your choices so far are replayed "
                        "on the edited pack (you are told where they no longer fit), and a pack with errors shows "
                        "them until it is fixed")
    p.add_argument("--team", metavar="NAME",
                   help="a team's name, written into the debrief and its JSON record (for summit-game compare); "
                        "at most 40 characters")

"""Command line: each subcommand is a thin call into the pack/engine/tui layers.

Exit codes: 0 success, 1 errors found (or a game that could not start),
2 bad usage.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .pack.globbing import what_is

if TYPE_CHECKING:
    import argparse


def _unknown(what: str, typed: str, shown: str, known) -> str:
    from .pack.suggest import unknown_id  # here: the title's start-up imports this module

    return unknown_id(what, typed, shown, known)


def _shown(value: object) -> str:
    """A name from the command line (a pack folder, a role, a source id) as this module prints it: control
    characters written out (``\\x1b``), so a folder named with an escape sequence cannot act on the terminal, and
    invisible format characters too (``\\u202e``), so a right-to-left override cannot reorder the message."""
    from .pack.diagnostics import visible

    return visible(str(value), formats=True)


def _shown_lines(text: str) -> str:
    """``text`` with control characters written out but its line breaks kept (the words a quote looked for
    are echoed in what it prints)."""
    from .pack.diagnostics import visible

    return visible(text, newlines=True)

#: diagnostics check prints as text or annotations (every one is counted, and --format json lists them all)
SHOWN_AT_MOST = 200


def cmd_check(args: argparse.Namespace) -> int:
    from .engine.analysis import analyse
    from .pack import PackError, load_pack
    from .pack.bundled import resolve_pack
    from .pack.diagnostics import render

    all_diags = []
    for name in args.packs:
        folder = resolve_pack(name)
        if what_is(folder) == "file":  # a scene file or playtest.yaml named: it is checked with its pack
            folder = _pack_of_file(name, folder, args.format == "text") or folder
        try:
            pack = load_pack(folder)
        except PackError as exc:
            if what_is(folder) == "missing":  # its hint says what to give instead, in every format (json too)
                all_diags += [d.replace(hint=d.hint or _why_not(name, folder)) for d in exc.diagnostics]
            else:
                all_diags += exc.diagnostics
                if what_is(folder) == "folder":  # playtest.yaml's own problems, told in the same round
                    from .pack.playtest_file import check_playtest_file

                    all_diags += check_playtest_file(folder)
            continue
        all_diags += analyse(pack)  # with the warnings found while loading (SG110, SG111)
        if what_is(Path(pack.root) / "playtest.yaml") != "missing":  # its shape and names; no game is played
            from .pack.playtest_file import check_playtest

            all_diags += check_playtest(pack)
    errors = sum(d.is_error for d in all_diags)
    warnings = len(all_diags) - errors
    if args.format == "json":
        print(render(all_diags, "json"))
    elif all_diags:
        # a hostile or badly broken file can hold tens of thousands of errors: a person reads the first
        # ones and fixes in rounds, and json keeps every one for scripts
        print(render(all_diags[:SHOWN_AT_MOST], args.format))
        if len(all_diags) > SHOWN_AT_MOST:
            print(f"... and {len(all_diags) - SHOWN_AT_MOST:,} more, not shown: fix these first, or see them all "
                  f"with 'summit-game check --format json'")
    if args.format == "text":
        status = "ok" if not all_diags else ("failed" if errors or args.strict else "ok with warnings")
        print(f"{len(args.packs)} pack(s) checked: {errors} error(s), {warnings} warning(s): {status}",
              file=sys.stderr)
    if errors or (args.strict and warnings):
        return 1
    return 0


class _ProgressLine:
    """What a long command is doing, on one line of a terminal's standard error, written over as it goes
    and cleared at the end; nothing when standard error is not a terminal (a file, a pipe, CI's log)."""

    def __init__(self) -> None:
        self.shown = 0

    def __call__(self) -> "Callable[[str], None] | None":
        try:
            tty = sys.stderr.isatty()
        except (AttributeError, ValueError, OSError):
            tty = False
        return self.show if tty else None

    def show(self, text: str) -> None:
        import shutil

        width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
        line = _shown(text)[:width]
        try:
            sys.stderr.write("\r" + line.ljust(self.shown) + "\r")
            sys.stderr.flush()
        except (OSError, ValueError):
            return
        self.shown = len(line)

    def clear(self) -> None:
        if self.shown:
            try:
                sys.stderr.write("\r" + " " * self.shown + "\r")
                sys.stderr.flush()
            except (OSError, ValueError):
                pass
            self.shown = 0


_progress_line = _ProgressLine()


def cmd_playtest(args: argparse.Namespace) -> int:
    from .engine.playtest import DEFAULT_CAP, DEFAULT_RUNS
    from .engine.playtest_report import render_json, render_text, run_playtest
    from .pack import PackError, load_pack
    from .pack.bundled import resolve_pack
    from .pack.diagnostics import json_safe, render
    from .pack.playtest_file import PlaytestFileError, read_playtest

    def usage(msg: str) -> int:
        print(f"summit-game playtest: {msg}", file=sys.stderr)
        return 2

    if args.cap is not None and args.strategy != "exhaustive":
        return usage("--cap goes with --strategy exhaustive")
    runs = DEFAULT_RUNS if args.runs is None else args.runs
    cap = DEFAULT_CAP if args.cap is None else args.cap
    if not 1 <= runs <= 10_000_000:
        return usage(f"--runs {runs}: give a number of games from 1 to 10,000,000")
    if not 1 <= cap <= 100_000_000:
        return usage(f"--cap {cap}: give a number of states from 1 to 100,000,000")
    def broken(diagnostics: list, why: str) -> int:
        """The errors that stop a playtest: as text on stderr, and with --format json also as JSON on stdout,
        so a script always reads JSON."""
        print(render(diagnostics, "text"), file=sys.stderr)
        print(f"cannot playtest {_shown(args.pack)}: {why}", file=sys.stderr)
        if args.format == "json":
            import json

            print(json_safe(json.dumps({"pack": args.pack, "error": why,
                                        "diagnostics": [d.as_dict() for d in diagnostics]}, indent=2, ensure_ascii=False)))
        return 1

    folder = resolve_pack(args.pack)
    try:
        pack = load_pack(folder)
    except PackError as exc:
        found = list(exc.diagnostics)
        if what_is(folder) == "folder":  # playtest.yaml's own problems, in the same round, as check says them
            from .pack.playtest_file import check_playtest_file

            found += check_playtest_file(folder)
        return broken(found, _why_not(args.pack, folder))
    if args.role is not None and args.role not in pack.roles:
        return usage(_unknown("role", args.role, _shown(args.role), pack.roles))
    if args.route is not None and args.route not in pack.routes:
        return usage(_unknown("route", args.route, _shown(args.route), pack.routes))
    try:
        playtest = read_playtest(pack)
    except PlaytestFileError as exc:
        return broken(exc.diagnostics, "its playtest.yaml has errors")
    if playtest.warnings:  # of playtest.yaml itself (SG114, SG116): said as check says a pack file's, on stderr
        print(render(playtest.warnings, "text"), file=sys.stderr)
    report = run_playtest(pack, playtest, pack_arg=args.pack, strategy=args.strategy, role=args.role,
                          route=args.route, runs=runs, seed=args.seed, cap=cap, progress=_progress_line())
    _progress_line.clear()
    # the report names the pack's files: a file name's control characters are written out (JSON escapes them)
    sys.stdout.write(json_safe(render_json(report)) if args.format == "json" else _shown_lines(render_text(report)))
    groups = report.explored()  # with the random estimate of a search stopped at its cap
    troubles = sum(len(g.problems) for g in groups) + sum(1 for g in report.groups + report.lines if g.unfinished > 1e-9)
    failed = report.failed or (args.strict and (troubles > 0 or bool(playtest.warnings)))
    if args.format == "text":
        n = len(playtest.expect)
        warned = f", {len(playtest.warnings)} warning(s) in {playtest.file}" if playtest.warnings else ""
        # expectations of roles, routes or lines --role / --route left out are counted apart: '0 of 16
        # met ... ok' read as sixteen failures that did not fail
        unchecked = f", {len(report.skipped)} not checked (--role or --route left them out)" if report.skipped else ""
        print(f"playtest {_shown(args.pack)}: {report.met} of {n - len(report.skipped)} expectation(s) met{unchecked}, "
              f"{sum(len(g.problems) for g in groups)} soft-lock(s) or error(s){_shown(warned)}: "
              f"{'failed' if failed else 'ok'}", file=sys.stderr)
    return 1 if failed else 0


def cmd_graph(args: argparse.Namespace) -> int:
    from .engine.graph import build_graph, to_dot, to_mermaid
    from .pack import PackError, load_pack
    from .pack.bundled import resolve_pack
    from .pack.diagnostics import render

    folder = resolve_pack(args.pack)
    try:
        pack = load_pack(folder)
    except PackError as exc:
        print(render(exc.diagnostics, "text"), file=sys.stderr)
        print(f"cannot draw {_shown(args.pack)}: {_why_not(args.pack, folder)}", file=sys.stderr)
        return 1
    if args.role is not None and args.role not in pack.roles:
        print(f"summit-game graph: {_unknown('role', args.role, _shown(args.role), pack.roles)}", file=sys.stderr)
        return 2
    g = build_graph(pack, args.role)
    sys.stdout.write(to_dot(g) if args.format == "dot" else to_mermaid(g))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .pack.starter import StarterError, write_starter

    folder = Path(args.dir)
    kind = what_is(folder)
    if kind in ("file", "other") or (kind == "folder" and any(folder.iterdir())):
        what = "is not a folder" if kind != "folder" else "is not empty; give a new folder (nothing was written)"
        print(f"summit-game new: {_shown(folder)} {what}", file=sys.stderr)
        return 2
    try:
        written = write_starter(folder)
    except StarterError as exc:
        print(f"summit-game new: {_shown(exc)}", file=sys.stderr)
        return 1
    import shlex

    shown = _shown(shlex.quote(str(folder)))
    print(f"wrote a starter pack in {_shown(folder)} ({len(written)} files). Next:")
    print(f"  summit-game check --strict {shown}   errors and warnings")
    print(f"  summit-game playtest {shown}         each role's endings and how to reach them")
    print(f"  summit-game play --plain {shown}     play it")
    print("docs/authoring.md ('Your first pack, step by step') goes on from here.")
    return 0


def cmd_packs(args: argparse.Namespace) -> int:
    import json

    from .pack import PackError, load_pack
    from .pack.bundled import bundled_packs

    rows = []
    for folder in bundled_packs():
        try:
            pack = load_pack(folder)
        except PackError as exc:
            rows.append({"folder": str(folder), "error": str(exc)})
            continue
        rows.append({
            "id": pack.id, "title": pack.title, "version": pack.version, "summary": pack.manifest.summary,
            "folder": str(folder), "roles": list(pack.roles), "routes": list(pack.routes),
            "sources": [s.reference() for s in pack.sources.values()],
        })
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    for r in rows:
        if "error" in r:
            print(f"{r['folder']}: cannot load: {r['error']}")
            continue
        print(f"{r['id']}  {r['title']} (v{r['version']})")
        if r["summary"]:
            print(f"    {r['summary']}")
        for ref in r["sources"]:
            print(f"    source: {ref}")
        print(f"    roles: {', '.join(r['roles'])}" + (f"; routes: {', '.join(r['routes'])}" if r["routes"] else ""))
    return 0


def cmd_quote(args: argparse.Namespace) -> int:
    from .pack import PackError
    from .pack.bundled import resolve_pack
    from .pack.citations import fold_text
    from .pack.diagnostics import render
    from .pack.loader import load_sources
    from .pack.lookup import lookup, render_json, render_text

    if not fold_text(args.words):
        print("summit-game quote: give the words to look for, e.g. summit-game quote PACK \"some words\"",
              file=sys.stderr)
        return 2
    def unread(diagnostics: list, why: str) -> int:
        """No source to look in: the errors on stderr, and with --format json as JSON on stdout too."""
        if diagnostics:
            print(render(diagnostics, "text"), file=sys.stderr)
        print(f"summit-game quote: {why}", file=sys.stderr)
        if args.format == "json":
            import json

            print(json.dumps({"words": args.words, "error": why, "diagnostics": [d.as_dict() for d in diagnostics]},
                             indent=2))
        return 1

    folder = resolve_pack(args.pack)
    try:
        sources, problems = load_sources(folder)
    except PackError as exc:
        failed = unread(exc.diagnostics, f"cannot read {_shown(folder)}")
        if what_is(folder) == "missing":  # for the person reading; the JSON's error stays as it was
            print(f"summit-game quote: {_why_not(args.pack, folder)}", file=sys.stderr)
        return failed
    if problems and not sources:
        return unread(problems, f"{_shown(folder)} has no source that could be read")
    if problems:
        print(render(problems, "text"), file=sys.stderr)
    if args.source is not None:
        if args.source not in sources:
            import difflib

            close = difflib.get_close_matches(args.source, list(sources), n=1)
            known = ", ".join(sources) or "none could be read"
            print(f"summit-game quote: no source '{_shown(args.source)}' in {_shown(folder)}"
                  + (f" (did you mean '{close[0]}'?)" if close else f" (sources: {known})"), file=sys.stderr)
            return 2
        sources = {args.source: sources[args.source]}
    if not sources:
        return unread([], f"{_shown(folder)} has no source that could be read")
    result = lookup(sources, args.words)
    print(render_json(result, sources) if args.format == "json" else _shown_lines(render_text(result, sources)))
    return 0 if result.ok else 1


def cmd_schema(args: argparse.Namespace) -> int:
    from .pack.schema import dumps, schemas

    all_schemas = schemas()
    if not args.out:
        sys.stdout.write(dumps(all_schemas["pack.schema.json"]))
        return 0
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, schema in all_schemas.items():
            (out / name).write_text(dumps(schema), encoding="utf-8")
            print(f"wrote {_shown(out / name)}")
    except OSError as exc:
        print(f"summit-game schema: cannot write to {_shown(out)}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


def _pack_of_file(name: str, file: Path, tell: bool) -> Path | None:
    """The pack folder above a file of it ('check my-pack/scenes/talks.yaml'), or None. A scene file's gotos,
    variables and sources are the pack's, so it is checked with its whole pack; ``tell`` says so on stderr."""
    from .pack.diagnostics import display_path
    from .pack.loader import enclosing_pack

    above = enclosing_pack(file)
    if above is not None and tell:
        print(f"summit-game check: '{_shown(name)}' is a file of the pack in {_shown(display_path(above))}: "
              f"checking that pack, with every file of it", file=sys.stderr)
    return above


def _why_not(name: object, folder: Path) -> str:
    """Why a pack cannot be used, and what to do: a folder that is not there is named as such (running
    'check' on it would only say it again), with the bundled packs and the closest of their names."""
    kind = what_is(folder)
    if kind in ("file", "other"):
        from .pack.diagnostics import display_path
        from .pack.loader import enclosing_pack

        above = enclosing_pack(folder) if kind == "file" else None
        if above is not None:
            return f"'{_shown(name)}' is a file of the pack in {_shown(display_path(above))}: give that folder (the one that holds pack.yaml)"
        return f"'{_shown(name)}' is not a folder: give the pack's folder (the one that holds pack.yaml)"
    if kind != "missing":
        return f"the pack has errors (run 'summit-game check {_shown(name)}')"
    import difflib

    from .pack.bundled import bundled_packs

    names = sorted(p.name for p in bundled_packs())
    close = difflib.get_close_matches(str(name), names, n=1)
    return (f"there is no folder '{_shown(name)}' and no bundled pack of that name"
            + (f" (did you mean '{close[0]}'?)" if close else "")
            + f"; the bundled packs are {', '.join(names) or 'none'} ('summit-game packs' describes them)")


def _report_pack_errors(exc, folder) -> int:
    from .pack.diagnostics import render

    print(render(exc.diagnostics, "text"), file=sys.stderr)
    print(f"cannot play {_shown(folder)}: {_why_not(folder, folder)}", file=sys.stderr)
    return 1


def _team(args: argparse.Namespace, command: str) -> str | None:
    if args.team is None:  # no --team: the engine is not imported before the first frame
        return ""
    from .engine.record import TeamNameError, check_team

    try:
        return check_team(args.team)
    except TeamNameError as exc:
        print(f"summit-game {command}: --team: {exc}", file=sys.stderr)
        return None


def cmd_play(args: argparse.Namespace) -> int:
    from .pack.bundled import resolve_pack

    team = _team(args, "play")
    if team is None:
        return 2
    if args.load is not None and not args.plain:
        print("summit-game play: --load goes with --plain (summit-game play --plain --load autosave); in the "
              "terminal game, the title screen's Continue and Load go on with a saved game", file=sys.stderr)
        return 2
    folder = resolve_pack(args.pack)
    if args.plain:
        from .pack import PackError, load_pack
        from .plain import run_plain

        try:
            pack = load_pack(folder)
        except PackError as exc:
            if not args.watch:
                return _report_pack_errors(exc, folder)
            pack = _wait_until_it_loads(exc, folder)
        return run_plain(pack, role=args.role, route=args.route, seed=args.seed, saves=args.saves, load=args.load,
                         team=team, hide_verdicts=args.hide_verdicts, watch=args.watch)
    if what_is(folder / "pack.yaml") != "file" or args.watch:
        # fail before the screen is taken over; the full check runs once the first frame is up
        from .pack import PackError, load_pack

        try:
            load_pack(folder)
        except PackError as exc:
            if not args.watch or what_is(folder / "pack.yaml") != "file":
                return _report_pack_errors(exc, folder)
            _wait_until_it_loads(exc, folder)
    if not os.environ.get("TEXTUAL_DRIVER") and os.environ.get("TERM") == "dumb":
        print("summit-game: this terminal (TERM=dumb) cannot draw the game's screen. Play it as plain text:\n"
              "  summit-game play --plain\n"
              "or, in a terminal that can draw it, set TERM (e.g. TERM=xterm-256color summit-game)", file=sys.stderr)
        return 2
    if not os.environ.get("TEXTUAL_DRIVER") and not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("summit-game: the game needs a terminal. For scripts, screen readers and pipes use plain mode:\n"
              "  summit-game play --plain", file=sys.stderr)
        return 2
    from .tui.app import run_app

    # no PACK: the title screen (Anchorage highlighted); a PACK: straight to its roles
    return run_app(pack_path=folder if args.pack is not None else None, role=args.role, route=args.route,
                   seed=args.seed, saves=args.saves, team=team, hide_verdicts=args.hide_verdicts,
                   watch=args.watch)


def _wait_until_it_loads(exc, folder: Path):
    """play --watch on a pack with errors: show them, and wait for the edit that fixes them."""
    from .engine.reload import PackWatcher
    from .pack import PackError, load_pack
    from .pack.diagnostics import render

    watcher = PackWatcher(folder).start()
    try:
        while True:
            print(render(exc.diagnostics, "text"), file=sys.stderr)
            print(f"{folder} has errors: fix them and save, and the game starts (Ctrl+C to stop).", file=sys.stderr)
            watcher.wait()
            watcher.changed()
            try:
                return load_pack(folder)
            except PackError as again:
                exc = again
    finally:
        watcher.stop()


def cmd_serve(args: argparse.Namespace) -> int:
    from . import lan

    def usage(msg: str) -> int:
        print(f"summit-game serve: {msg}", file=sys.stderr)
        return 2

    if not 0 < args.port < 65536:
        return usage(f"--port {args.port} is not a port number (1-65535)")
    if not 1 <= args.max_games <= 1000:
        return usage(f"--max-games {args.max_games}: give a number of games from 1 to 1000")
    try:
        listen = lan.listen(args.host, args.lan)
    except lan.AddressError as exc:
        return usage(str(exc))
    pack_arg = args.pack
    if args.pack is not None or args.role is not None or args.route is not None:
        # check the presets now, not in every tab
        from .pack import PackError, load_pack
        from .pack.bundled import resolve_pack

        folder = resolve_pack(args.pack)
        try:
            pack = load_pack(folder)
        except PackError as exc:
            return _report_pack_errors(exc, folder)
        if args.role is not None and args.role not in pack.roles:
            return usage(_unknown("role", args.role, _shown(args.role), pack.roles))
        if args.route is not None and args.route not in pack.routes:
            return usage(_unknown("route", args.route, _shown(args.route), pack.routes))
        pack_arg = str(folder.resolve())
    from .paths import saves_dir
    from .serve.web import run_serve
    from .serve.config import TabConfig

    saves = saves_dir(args.saves).resolve()
    config = TabConfig(saves_root=str(saves), public_url=listen.url(args.port).rstrip("/"), pack=pack_arg,
                       role=args.role, route=args.route, seed=args.seed, hide_verdicts=args.hide_verdicts)
    return run_serve(config, listen, args.port, args.max_games)


def cmd_workshop(args: argparse.Namespace) -> int:
    from . import lan

    def usage(message: str) -> int:
        print(f"summit-game workshop: {message}", file=sys.stderr)
        return 2

    if not 0 <= args.port < 65536:
        return usage(f"--port {args.port} is not a port number (0-65535)")
    go_on = go_on_command(args)  # as typed (--resume alone fills in the pack from the record)
    if args.seconds is not None and not 0 <= args.seconds <= 3600:
        return usage(f"--seconds {args.seconds}: give 0 (no countdown) to 3600")
    listen = None
    if not args.no_phones:
        try:
            listen = lan.listen(args.host, args.lan)
        except lan.AddressError as exc:
            return usage(str(exc))
    from .pack import PackError, load_pack
    from .pack.bundled import resolve_pack
    from .paths import saves_dir
    from .workshop import record as R

    resume = None
    if args.resume:
        folder = saves_dir(args.saves)
        pack_id = None
        if args.pack is not None:
            try:
                pack_id = load_pack(resolve_pack(args.pack)).id
            except PackError as exc:
                return _report_pack_errors(exc, resolve_pack(args.pack))
        resume = R.latest(folder, pack_id)
        if resume is None:
            print(f"summit-game workshop: no workshop to resume in {folder}"
                  + (f" for the pack '{pack_id}'" if pack_id else ""), file=sys.stderr)
            return 1
        if args.pack is None:
            args.pack = R.read(resume)["pack"]["id"]
        print(f"summit-game workshop: resuming {resume}", file=sys.stderr)
    folder = resolve_pack(args.pack)
    try:
        pack = load_pack(folder)
    except PackError as exc:
        return _report_pack_errors(exc, folder)
    route = args.route
    if route is None and resume is None:
        route = "short" if "short" in pack.routes else None
    if route is not None and route not in pack.routes:
        return usage(_unknown("route", route, _shown(route), pack.routes))
    if args.role is not None and args.role not in pack.roles:
        return usage(_unknown("role", args.role, _shown(args.role), pack.roles))
    if not os.environ.get("TEXTUAL_DRIVER") and os.environ.get("TERM") == "dumb":
        return usage("this terminal (TERM=dumb) cannot draw the projector's screen: run it in a terminal window "
                     "that can (or set TERM, e.g. TERM=xterm-256color)")
    if not os.environ.get("TEXTUAL_DRIVER") and not (sys.stdin.isatty() and sys.stdout.isatty()):
        return usage("the projector needs a terminal (run it in a terminal window on the projector)")
    from .tui.workshop.app import FROM_RECORD, run_workshop

    seconds = FROM_RECORD if (resume is not None and args.seconds is None) else (
        60 if args.seconds is None else (args.seconds or None))
    return run_workshop(pack, role=args.role, route=route, seconds=seconds, seed=args.seed, listen=listen,
                        port=args.port, phones=not args.no_phones, saves=args.saves, resume=resume,
                        go_on=go_on)


def go_on_command(args: argparse.Namespace) -> str:
    """The command that resumes this workshop, as the projector says it on the way out: with the saves folder,
    the pack and how phones reach the page given as they were here ('summit-game workshop --resume' alone
    looked in the default saves folder after a run with --saves, found nothing, and came back without --lan)."""
    import shlex

    from .cli_parser import WORKSHOP_PORT

    words = ["summit-game", "workshop"] + ([args.pack] if args.pack is not None else []) + ["--resume"]
    if args.no_phones:
        words.append("--no-phones")
    else:
        words += ["--lan"] if args.lan else []
        words += ["--host", args.host] if args.host else []
        words += ["--port", str(args.port)] if args.port != WORKSHOP_PORT else []
    words += ["--saves", args.saves] if args.saves else []
    return shlex.join(words)


def cmd_compare(args: argparse.Namespace) -> int:
    from .compare import run_compare

    return run_compare(args.records, args.format)


def _parser(only: str | None = None) -> "argparse.ArgumentParser":
    from .cli_parser import parser

    return parser(only)


#: what `summit-game play` with no options gives (tests/test_check_cli.py keeps it equal to the parser's)
BARE_PLAY = {"command": "play", "pack": None, "plain": False, "role": None, "route": None, "seed": None,
             "hide_verdicts": False, "load": None, "saves": None, "watch": False, "team": None}


def _command_typo(word: str, commands: set[str]) -> str | None:
    """The command ``word`` is a slip for ('plya', 'chek'), when it names no pack folder or bundled pack
    (``summit-game PACK`` plays PACK): else None."""
    if word.startswith("-") or "/" in word or "\\" in word or "." in word:
        return None
    import difflib

    close = difflib.get_close_matches(word.lower(), sorted(commands), n=1, cutoff=0.6)
    if not close:
        return None
    from .pack.bundled import resolve_pack

    return close[0] if what_is(resolve_pack(word)) == "missing" else None


def _bare_play():
    from types import SimpleNamespace

    return SimpleNamespace(**BARE_PLAY)


def main(argv: list[str] | None = None) -> int:
    program = argv is None  # the console script: this process is ours (a test passes argv)
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"play", "check", "graph", "new", "packs", "playtest", "quote", "schema", "serve", "compare",
                "workshop"}
    if not argv:  # `summit-game` alone: the title, with no parser to build (see cli_parser.py)
        args = _bare_play()
    else:
        if argv[0] not in commands and argv[0] not in ("-h", "--help", "--version"):
            typo = _command_typo(argv[0], commands)
            if typo is not None:
                print(f"summit-game: '{_shown(argv[0])}' is not a command, and there is no pack of that name: "
                      f"did you mean 'summit-game {typo}'? ('summit-game --help' lists the commands)", file=sys.stderr)
                return 2
            argv = ["play", *argv]
        args = _parser(argv[0] if argv[0] in commands else None).parse_args(argv)
    # the terminal game: no collection until its first frame is drawn (tui/heap.py); not with --watch,
    # which may wait a long time for an edit that fixes the pack before there is any frame
    paused = program and args.command == "play" and not args.plain and not args.watch
    if paused:
        from .tui.heap import pause_for_start

        pause_for_start()
    if program and args.command in ("play", "check"):
        from ._openssl import keep_openssl_out

        # 5 MiB of libcrypto a game never needs (see _openssl.py); for check, run on every save
        # in an editor, its 2 ms of loading
        keep_openssl_out(asyncio=args.command == "play" and not args.plain)
    handler = {"check": cmd_check, "graph": cmd_graph, "new": cmd_new, "packs": cmd_packs, "play": cmd_play,
               "playtest": cmd_playtest, "quote": cmd_quote, "schema": cmd_schema, "serve": cmd_serve,
               "compare": cmd_compare, "workshop": cmd_workshop}[args.command]
    if program and args.command not in ("play", "serve", "workshop"):
        # their text on stdout: a refused write is said as such (plain mode does the same for its own)
        from .output import Out

        sys.stdout = Out(sys.stdout)  # type: ignore[assignment]
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a path the system refuses, met where no command expected it: said, never a traceback
        from .pack.diagnostics import excerpt

        where = f" '{excerpt(str(exc.filename), 200)}'" if exc.filename is not None else ""
        print(f"summit-game {args.command}: cannot use{where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        from .output import OutputFailed, silence

        if not isinstance(exc, OutputFailed):
            raise
        silence(sys.stdout)
        print(f"summit-game {args.command}: the output could not be written to {exc.stream}: {exc.reason}.",
              file=sys.stderr)
        return 1
    finally:
        if paused:  # a play that stopped before its first frame (after it, this does nothing)
            from .tui.heap import resume_after_start

            resume_after_start()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

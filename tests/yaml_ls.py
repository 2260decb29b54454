"""A small LSP client for ``yaml-language-server``, driven the way VS Code's YAML extension drives it.

It speaks JSON-RPC over the server's stdio: ``initialize`` with the capabilities an editor
announces, ``initialized``, answers the server's ``workspace/configuration`` pulls with the
extension's default settings (the schema store off and no ``yaml.schemas``: the files'
``# yaml-language-server: $schema=...`` modelines are the only schema association), then
``didOpen`` and the diagnostics the server publishes, hover and completion.

No timing is involved in what is collected: the client waits for the server to say its
settings are applied (``yaml/schema/store/initialized``, sent once it has configured itself,
as VS Code's extension asks it to with ``yaml/supportSchemaSelection``) before opening any
file, so each opened file is validated once and its one ``publishDiagnostics`` is the answer.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Where ``.ci/run`` installs the pinned server (``npm ci --prefix .ci/lsp``; ignored by git).
CI_INSTALL = ROOT / ".ci" / "lsp" / "node_modules" / ".bin" / "yaml-language-server"
KNOWN_PATHS = (CI_INSTALL, Path("/tmp/lsp/node_modules/.bin/yaml-language-server"))

#: VS Code's YAML extension defaults (package.json of redhat.vscode-yaml), but for the schema
#: store, which is off so that nothing but the modeline associates a schema (and no network).
YAML_SETTINGS: dict[str, Any] = {
    "validate": True,
    "hover": True,
    "hoverAnchor": True,
    "completion": True,
    "format": {"enable": True, "singleQuote": False, "bracketSpacing": True, "proseWrap": "preserve",
               "printWidth": 80},
    "schemas": {},
    "schemaStore": {"enable": False, "url": "https://www.schemastore.org/api/json/catalog.json"},
    "kubernetesCRDStore": {"enable": False},
    "customTags": [],
    "maxItemsComputed": 5000,
    "disableDefaultProperties": False,
    "disableAdditionalProperties": False,
    "suggest": {"parentSkeletonSelectedFirst": False},
    "style": {"flowMapping": "allow", "flowSequence": "allow"},
    "keyOrdering": False,
    "yamlVersion": "1.2",
}
SECTIONS: dict[str, Any] = {
    "yaml": YAML_SETTINGS,
    "http": {"proxy": "", "proxyStrictSSL": True},
    "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2, "editor.autoIndent": "keep"},
    "editor": {"tabSize": 4, "detectIndentation": True},
}

CAPABILITIES: dict[str, Any] = {
    "workspace": {
        "configuration": True,
        "workspaceFolders": True,
        "didChangeConfiguration": {"dynamicRegistration": True},
        "didChangeWatchedFiles": {"dynamicRegistration": True},
    },
    "textDocument": {
        "synchronization": {"dynamicRegistration": True, "didSave": True},
        "publishDiagnostics": {"relatedInformation": True, "versionSupport": True},
        "hover": {"dynamicRegistration": True, "contentFormat": ["markdown", "plaintext"]},
        "completion": {
            "dynamicRegistration": True,
            "completionItem": {"snippetSupport": True, "documentationFormat": ["markdown", "plaintext"],
                               "insertReplaceSupport": True, "labelDetailsSupport": True},
        },
        "formatting": {"dynamicRegistration": True},
        "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
    },
}


def find_server() -> str | None:
    """The server's executable: $YAML_LANGUAGE_SERVER, the CI install, /tmp/lsp, or PATH."""
    env = os.environ.get("YAML_LANGUAGE_SERVER")
    if env:
        return env if Path(env).is_file() else None
    for path in KNOWN_PATHS:
        if path.is_file():
            return str(path)
    return shutil.which("yaml-language-server")


class ServerError(Exception):
    pass


class YamlLanguageServer:
    """One running server; use as a context manager."""

    def __init__(self, executable: str, root: Path, timeout: float = 60.0):
        self.timeout = timeout
        self.proc = subprocess.Popen(
            [executable, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=root,
        )
        self._next_id = 0
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._responses: dict[int, dict[str, Any]] = {}
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.stderr: list[str] = []
        self._version = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        root_uri = root.resolve().as_uri()
        self.request("initialize", {
            "processId": os.getpid(),
            "clientInfo": {"name": "Visual Studio Code", "version": "1.99.0"},
            "locale": "en",
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": root.name}],
            "capabilities": CAPABILITIES,
            "initializationOptions": {},
        })
        self.notify("initialized", {})
        self.notify("yaml/supportSchemaSelection", {})
        self._wait_for(lambda: any(n["method"] == "yaml/schema/store/initialized" for n in self.notifications),
                       "the server to apply its settings")

    # -- wire ----------------------------------------------------------------------------------

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = out.readline()
                if not line:
                    self._inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self._inbox.put(json.loads(body))

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace"))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self._next_id += 1
        ident = self._next_id
        self._send({"id": ident, "method": method, "params": params})
        self._wait_for(lambda: ident in self._responses, f"an answer to {method}")
        answer = self._responses.pop(ident)
        if "error" in answer:
            raise ServerError(f"{method}: {answer['error']}")
        return answer.get("result")

    def _handle(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" in message:  # a request from the server
            method, params = message["method"], message.get("params") or {}
            result: Any = None
            if method == "workspace/configuration":
                result = [SECTIONS.get(item.get("section"), None) for item in params.get("items", [])]
            self._send({"id": message["id"], "result": result})
        elif "id" in message:
            self._responses[message["id"]] = message
        elif message.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
        else:
            self.notifications.append(message)

    def _wait_for(self, done, what: str) -> None:
        while not done():
            try:
                message = self._inbox.get(timeout=self.timeout)
            except queue.Empty:
                raise ServerError(f"timed out waiting for {what}; stderr: {''.join(self.stderr)[-2000:]}")
            if message is None:
                raise ServerError(f"the server stopped while waiting for {what}; stderr: "
                                  f"{''.join(self.stderr)[-2000:]}")
            self._handle(message)

    def errors(self) -> list[str]:
        """Exceptions the server caught in its own code (hover, completion, validation), once each."""
        out = []
        for n in self.notifications:
            if n.get("method") == "telemetry/event" and str(n["params"].get("name", "")).endswith(".error"):
                out.append(f"{n['params']['name']}: {n['params'].get('properties', {}).get('error', '')[:800]}")
        self.notifications = [n for n in self.notifications if n.get("method") != "telemetry/event"]
        return out

    # -- documents -----------------------------------------------------------------------------

    @staticmethod
    def uri(path: Path) -> str:
        return path.resolve().as_uri()

    def open(self, path: Path, text: str | None = None) -> str:
        """Open a file (its text from disk unless given); its diagnostics come in later."""
        uri = self.uri(path)
        # the server caches a parse by uri and version: a file opened again gets a new version
        self._version += 1
        self.diagnostics.pop(uri, None)
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": self._version,
            "text": path.read_text(encoding="utf-8") if text is None else text}})
        return uri

    def close(self, uri: str) -> None:
        """Close a file; the server clears its diagnostics (an empty publish), which is awaited here."""
        self.diagnostics.pop(uri, None)
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        self._wait_for(lambda: uri in self.diagnostics, f"the diagnostics of {uri} to be cleared")
        del self.diagnostics[uri]

    def diagnostics_of(self, uris: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Wait until every file has been validated; uri -> its diagnostics."""
        self._wait_for(lambda: all(u in self.diagnostics for u in uris), f"diagnostics for {len(uris)} files")
        return {u: self.diagnostics[u] for u in uris}

    def hover(self, uri: str, line: int, character: int) -> str:
        """The hover text at a 0-based position ('' when none)."""
        result = self.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                      "position": {"line": line, "character": character}})
        if not result:
            return ""
        contents = result["contents"]
        if isinstance(contents, dict):
            return contents.get("value", "")
        if isinstance(contents, list):
            return "\n".join(c if isinstance(c, str) else c.get("value", "") for c in contents)
        return str(contents)

    def completion(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        result = self.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                           "position": {"line": line, "character": character}})
        if result is None:
            return []
        return result["items"] if isinstance(result, dict) else result

    def shutdown(self) -> None:
        if self.proc.poll() is None:
            try:
                self.request("shutdown", None)
                self.notify("exit", None)
                self.proc.wait(timeout=10)
            except (ServerError, OSError, subprocess.TimeoutExpired):
                pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self) -> "YamlLanguageServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

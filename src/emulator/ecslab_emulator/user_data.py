"""Which cluster an instance's ECS agent joins, read from its user data the way the instance would run it.

On AWS nothing reads ECS_CLUSTER out of user data: EC2 hands the (once Base64-decoded) bytes to cloud-init,
cloud-init runs them — a shell script, a `#cloud-config` document, a MIME multi-part archive of those, possibly
gzip-compressed — and whatever they write to /etc/ecs/ecs.config is what the agent reads when it starts
(bootstrap_container_instance.html).
So this module plays cloud-init and a small part of bash: it follows what gets written to which file, and only a line
`ECS_CLUSTER=…` that ends up in /etc/ecs/ecs.config counts — not one in a comment, in another file or in text that
nothing runs. User data that is Base64 text once more (encoded twice) is not decoded again: cloud-init would not run
it, so the agent falls back to the `default` cluster, as it does when ECS_CLUSTER is not set at all.

The shell it understands: echo, printf, cat and tee (with heredocs, pipes, `>`/`>>` and `tee -a`), `{ …; } >> file`
groups, `sh -c '…'`, sudo/env prefixes, simple variables (`NAME=value`, `export`, `$NAME`, `${NAME}`) and quoting.
Anything else (command substitution, sed, loops) is a command whose effect is unknown and ignored; both branches of
an `if` run. That covers the forms people write in user data; it is not a shell.
"""

import base64
import binascii
import gzip
import re
import zlib
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import yaml

ECS_CONFIG = "/etc/ecs/ecs.config"
GZIP_MAGIC = b"\x1f\x8b"
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_SHELLS = re.compile(r"^#!\s*(\S*/)?(env\s+)?(ba|da|z|k)?sh\b")
_CLOUD_INIT_STARTS = {  # cloud-init's handlers chosen by how a part starts (cloudinit/handlers)
    "#!": "text/x-shellscript", "#cloud-config": "text/cloud-config", "#cloud-boothook": "text/cloud-boothook",
    "#include": "text/x-include-url", "#part-handler": "text/part-handler", "## template: jinja": "text/jinja2",
}
# cloud-init stages: boothooks and bootcmd (init), write_files (init-network), scripts and runcmd (final)
_BOOT, _FILES, _FINAL = 0, 1, 2


def cluster_from_user_data(raw: bytes | None) -> str | None:
    """The ECS_CLUSTER the agent reads from /etc/ecs/ecs.config after cloud-init ran this user data, or None when
    it is not set (or empty). raw is what the instance sees: the RunInstances UserData after EC2's one Base64
    decoding. A cluster ARN gives its name, as the agent accepts either."""
    files = run_user_data(raw or b"")
    value = None
    for line in files.get(ECS_CONFIG, "").splitlines():
        key, sep, rest = line.strip().partition("=")
        if sep and key.strip() == "ECS_CLUSTER":
            value = _unquote(rest.strip())  # systemd's EnvironmentFile: the last assignment wins, quotes go
    if not value:
        return None
    return value.split(":cluster/", 1)[1] if value.startswith("arn:") and ":cluster/" in value else value


def decode_ec2_user_data(stored: str | bytes | None) -> bytes:
    """The bytes an instance gets from EC2: the RunInstances UserData parameter is Base64 on the wire; EC2 decodes
    it once (and refuses it when it is not Base64, InvalidUserData.Malformed)."""
    if not stored:
        return b""
    text = stored.decode("ascii") if isinstance(stored, bytes) else str(stored)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return b""


def run_user_data(raw: bytes) -> dict[str, str]:
    """The files cloud-init and the scripts it runs would write, path → content."""
    steps: list[tuple[int, str, Any]] = []  # (stage, kind, script text or write_files entries)
    _collect(_gunzip(raw), None, steps)
    shell = _Shell()
    for _, kind, text in sorted(steps, key=lambda s: s[0]):  # stable: parts keep their order within a stage
        if kind == "shell":
            shell.run(text)
        else:
            _write_files(shell.files, text)
    return shell.files


# ---- cloud-init: what runs, in which stage

def _gunzip(data: bytes) -> bytes:
    if data.startswith(GZIP_MAGIC):
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return data
    return data


def _collect(data: bytes, content_type: str | None, steps: list[tuple[int, str, Any]]) -> None:
    head = data[:4096].lower()
    if content_type is None and (head.startswith(b"content-type:") or b"\nmime-version:" in head
                                 or head.startswith(b"mime-version:")):
        message = message_from_bytes(data)
        if message.is_multipart():
            for part in message.walk():
                if not part.is_multipart():
                    _collect_part(part, steps)
            return
        _collect_part(message, steps)
        return
    text = data.decode("utf-8", errors="replace")
    kind = content_type if content_type not in (None, "text/plain", "text/x-not-multipart") else _by_start(text)
    if kind == "text/x-shellscript" and _SHELLS.match(text):
        steps.append((_FINAL, "shell", text))
    elif kind == "text/cloud-boothook":
        steps.append((_BOOT, "shell", text))
    elif kind == "text/cloud-config":
        _collect_cloud_config(text, steps)


def _collect_part(part: Message, steps: list[tuple[int, str, Any]]) -> None:
    payload = part.get_payload(decode=True)  # undoes Base64 / quoted-printable Content-Transfer-Encoding
    if not isinstance(payload, bytes):
        return
    content_type = part.get_content_type()
    if payload.startswith(GZIP_MAGIC):  # application/x-gzip parts are decompressed, then typed by their start
        payload, content_type = _gunzip(payload), "text/plain"
    _collect(payload, content_type, steps)


def _by_start(text: str) -> str | None:
    stripped = text.lstrip("\ufeff")
    for start, kind in sorted(_CLOUD_INIT_STARTS.items(), key=lambda kv: -len(kv[0])):
        if stripped.startswith(start):
            return kind
    return None


def _collect_cloud_config(text: str, steps: list[tuple[int, str, Any]]) -> None:
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError:
        return
    if not isinstance(config, dict):
        return
    for stage, key in ((_BOOT, "bootcmd"), (_FINAL, "runcmd")):
        for command in config.get(key) or []:
            if isinstance(command, list):  # a list is an argv, run without a shell
                command = " ".join(_quote(str(word)) for word in command)
            steps.append((stage, "shell", str(command)))
    if isinstance(config.get("write_files"), list):
        steps.append((_FILES, "write_files", config["write_files"]))


def _write_files(files: dict[str, str], entries: list[Any]) -> None:
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("path"):
            continue
        content = entry.get("content", "")
        content = content if isinstance(content, (str, bytes)) else str(content)
        encoding = str(entry.get("encoding") or "").lower()
        data = content.encode() if isinstance(content, str) else content
        if encoding in ("b64", "base64", "gz+b64", "gzip+base64", "gz+base64", "gzip+b64"):
            data = base64.b64decode(data)
        if encoding.startswith(("gz", "gzip")):
            data = _gunzip(data)
        text = data.decode("utf-8", errors="replace")
        path = str(entry["path"])
        files[path] = files.get(path, "") + text if entry.get("append") else text


# ---- a small part of bash

@dataclass
class _Word:
    """A shell word as (text, expandable) segments: single-quoted text is not expanded."""
    parts: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class _Token:
    kind: str  # "word", "op", "heredoc"
    text: str = ""
    word: _Word | None = None
    body: str = ""
    expand: bool = True


_OPERATORS = ("&&", "||", ";;", ">>", "<<-", "<<", "&>", ">&", ">|", ";", "&", "|", "(", ")", "<", ">", "\n")
_RESERVED = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac", "!", "in"}


def _tokenize(script: str) -> list[_Token]:
    script = script.replace("\\\n", "")
    tokens: list[_Token] = []
    pending_heredocs: list[_Token] = []
    i, n = 0, len(script)
    word: _Word | None = None

    def end_word() -> None:
        nonlocal word
        if word is not None:
            tokens.append(_Token("word", word=word))
            word = None

    while i < n:
        c = script[i]
        if c == "\n" and pending_heredocs:
            end_word()
            tokens.append(_Token("op", "\n"))
            i += 1
            for heredoc in pending_heredocs:
                lines = []
                while i < n:
                    j = script.find("\n", i)
                    line = script[i:] if j < 0 else script[i:j]
                    i = n if j < 0 else j + 1
                    candidate = line.lstrip("\t") if heredoc.text == "<<-" else line
                    if candidate == heredoc.body:
                        break
                    lines.append(candidate)
                heredoc.body = "\n".join(lines) + ("\n" if lines else "")
            pending_heredocs = []
            continue
        if c in " \t":
            end_word()
            i += 1
            continue
        if c == "#" and word is None:
            while i < n and script[i] != "\n":
                i += 1
            continue
        op = next((o for o in _OPERATORS if script.startswith(o, i)), None)
        if op is not None:
            end_word()
            i += len(op)
            if op in ("<<", "<<-"):
                while i < n and script[i] in " \t":
                    i += 1
                delimiter, quoted, i = _read_delimiter(script, i)
                heredoc = _Token("heredoc", op, body=delimiter, expand=not quoted)
                tokens.append(heredoc)
                pending_heredocs.append(heredoc)
            else:
                tokens.append(_Token("op", op))
            continue
        if word is None:
            word = _Word()
        if c == "'":
            j = script.find("'", i + 1)
            j = n if j < 0 else j
            word.parts.append((script[i + 1:j], False))
            i = j + 1
        elif c == '"':
            j, text = i + 1, []
            while j < n and script[j] != '"':
                if script[j] == "\\" and j + 1 < n and script[j + 1] in '"\\$`':
                    text.append(script[j + 1])
                    j += 2
                else:
                    text.append(script[j])
                    j += 1
            word.parts.append(("".join(text), True))
            i = j + 1
        elif c == "\\" and i + 1 < n:
            word.parts.append((script[i + 1], False))
            i += 2
        else:
            word.parts.append((c, True))
            i += 1
    end_word()
    for heredoc in pending_heredocs:  # a heredoc at the very end without its body
        heredoc.body = ""
    return tokens


def _read_delimiter(script: str, i: int) -> tuple[str, bool, int]:
    chars, quoted = [], False
    while i < len(script) and script[i] not in " \t\n;|&<>()":
        if script[i] in "'\"":
            quoted = True
        else:
            chars.append(script[i])
        i += 1
    return "".join(chars), quoted, i


@dataclass
class _Command:
    words: list[_Word] = field(default_factory=list)
    redirects: list[tuple[str, str | _Word]] = field(default_factory=list)  # (op, target word) or ("<<", body)
    group: list["_Pipeline"] | None = None


@dataclass
class _Pipeline:
    commands: list[_Command] = field(default_factory=list)


def _parse(tokens: list[_Token], i: int = 0, closing: str | None = None) -> tuple[list[_Pipeline], int]:
    pipelines: list[_Pipeline] = []
    pipeline, command = _Pipeline(), _Command()

    def finish_command() -> None:
        nonlocal command
        if command.words or command.redirects or command.group is not None:
            pipeline.commands.append(command)
        command = _Command()

    def finish_pipeline() -> None:
        nonlocal pipeline
        finish_command()
        if pipeline.commands:
            pipelines.append(pipeline)
        pipeline = _Pipeline()

    while i < len(tokens):
        token = tokens[i]
        if token.kind == "heredoc":
            command.redirects.append(("<<", _Word([(token.body, token.expand)])))
        elif token.kind == "op" and token.text in (">", ">>", ">|", "&>", ">&", "<"):
            target = tokens[i + 1].word if i + 1 < len(tokens) and tokens[i + 1].kind == "word" else None
            fd = None
            if command.words and _literal(command.words[-1]) in ("1", "2") and token.text != "&>":
                fd = _literal(command.words.pop())  # `2>` / `1>>`: the number names a descriptor
            if target is not None:
                op = token.text if fd != "2" else "2>"
                if token.text == ">&" and _literal(target) in ("1", "2"):
                    op = ">&" + _literal(target)
                command.redirects.append((op, target))
                i += 1
        elif token.kind == "op" and token.text == "|":
            finish_command()
        elif token.kind == "op" and token.text in (";", "&", "&&", "||", "\n", ";;"):
            finish_pipeline()
        elif token.kind == "op" and token.text == "(" or (token.kind == "word" and _literal(token.word) == "{"
                                                          and not command.words):
            group, i = _parse(tokens, i + 1, ")" if token.kind == "op" else "}")
            command.group = group
        elif closing is not None and ((token.kind == "op" and token.text == closing)
                                      or (token.kind == "word" and _literal(token.word) == closing
                                          and not command.words)):
            finish_pipeline()
            return pipelines, i
        elif token.kind == "word":
            if not command.words and _literal(token.word) in _RESERVED:
                pass  # control words: both branches of an if run, loops run once
            else:
                command.words.append(token.word)  # type: ignore[arg-type]
        i += 1
    finish_pipeline()
    return pipelines, i


def _literal(word: _Word | None) -> str:
    return "".join(text for text, _ in word.parts) if word is not None else ""


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


_VARIABLE = re.compile(r"\$(?:\{(" + _NAME + r")\}|(" + _NAME + r"))")


class _Shell:
    """Runs the parsed script against an in-memory file system; only what lands in files matters."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.env: dict[str, str] = {}

    def run(self, script: str) -> str:
        pipelines, _ = _parse(_tokenize(script))
        return self._run_list(pipelines)

    def _run_list(self, pipelines: list[_Pipeline]) -> str:
        out = []
        for pipeline in pipelines:
            data = ""
            for command in pipeline.commands:
                data = self._run_command(command, data)
            out.append(data)
        return "".join(out)

    def _expand(self, word: _Word) -> str:
        return "".join(_VARIABLE.sub(lambda m: self.env.get(m.group(1) or m.group(2), ""), text) if expand else text
                       for text, expand in word.parts)

    def _run_command(self, command: _Command, stdin: str) -> str:
        for op, target in command.redirects:
            if op == "<<":
                stdin = self._expand(target)  # type: ignore[arg-type]
            elif op == "<":
                stdin = self.files.get(self._expand(target), "")  # type: ignore[arg-type]
        if command.group is not None:
            out = self._run_list(command.group)
        else:
            out = self._simple([self._expand(w) for w in command.words], stdin)
        for op, target in command.redirects:
            if op in (">", ">|", "&>", ">>"):
                path = self._expand(target)  # type: ignore[arg-type]
                self.files[path] = (self.files.get(path, "") if op == ">>" else "") + out
                out = ""
            elif op == ">&2":
                out = ""
        return out

    def _simple(self, argv: list[str], stdin: str) -> str:
        assignments = []
        while argv and re.fullmatch(_NAME + "=.*", argv[0], re.DOTALL):
            assignments.append(argv.pop(0).partition("="))
        if not argv:  # `NAME=value` alone sets a variable; before a command it is that command's only
            self.env.update({name: value for name, _, value in assignments})
        while argv and argv[0] in ("sudo", "env", "command", "exec", "nohup", "time", "builtin"):
            argv.pop(0)
            while argv and (argv[0].startswith("-") or re.fullmatch(_NAME + "=.*", argv[0], re.DOTALL)):
                if argv.pop(0) in ("-u", "-g", "-C"):
                    argv.pop(0) if argv else None
        if not argv:
            return ""
        name, args = argv[0].rsplit("/", 1)[-1], argv[1:]
        if name == "export":
            for arg in args:
                key, sep, value = arg.partition("=")
                if sep:
                    self.env[key] = value
            return ""
        if name == "echo":
            return _echo(args)
        if name == "printf":
            return _printf(args)
        if name == "cat":
            paths = [a for a in args if not a.startswith("-") or a == "-"]
            return stdin if not paths else "".join(stdin if p == "-" else self.files.get(p, "") for p in paths)
        if name == "tee":
            append = any(a in ("-a", "--append") for a in args)
            for path in (a for a in args if not a.startswith("-")):
                self.files[path] = (self.files.get(path, "") if append else "") + stdin
            return stdin
        if name in ("sh", "bash", "dash") and "-c" in args[:-1]:
            return self.run(args[args.index("-c") + 1])
        return ""  # any other command: its effect is unknown here


def _echo(args: list[str]) -> str:
    newline, escapes = True, False
    while args and re.fullmatch(r"-[neE]+", args[0]):
        flags = args.pop(0)[1:]
        newline = newline and "n" not in flags
        escapes = ("e" in flags) or (escapes and "E" not in flags)
    text = " ".join(args)
    return (_escapes(text) if escapes else text) + ("\n" if newline else "")


def _escapes(text: str) -> str:
    table = {"n": "\n", "t": "\t", "\\": "\\", "r": "\r", "a": "\a", "'": "'", '"': '"'}
    return re.sub(r"\\([ntr\\a'\"])", lambda m: table[m.group(1)], text)


def _printf(args: list[str]) -> str:
    if not args:
        return ""
    fmt, values = args[0], args[1:]
    out = []
    while True:
        consumed = 0

        def one(match: re.Match[str]) -> str:
            nonlocal consumed
            if match.group(0) == "%%":
                return "%"
            value = values[consumed] if consumed < len(values) else ""
            consumed += 1
            return _escapes(value) if match.group(1) == "b" else value

        out.append(re.sub(r"%%|%[-+ #0-9.]*([sbdiu])", one, _escapes(fmt)))
        values = values[consumed:]
        if not values or consumed == 0:  # bash reuses the format while arguments remain
            return "".join(out)

"""YAML files → Python values that remember where each key and value was written."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

import yaml

from .errors import BriefkitError, Loc, Problem


class LocDict(dict):
    """A mapping read from YAML; `loc` is where it starts, `locs[key]` where each value is."""

    loc: Loc
    locs: dict
    key_locs: dict
    quoted: set  # keys whose value was written in quotes

    def at(self, key) -> Loc:
        """Return where the value of `key` was written (or the mapping itself if absent)."""
        return self.locs.get(key, self.loc)


class LocList(list):
    """A sequence read from YAML; `loc` is where it starts, `locs[i]` where item i is."""

    loc: Loc
    locs: list


def _loc(path: str, node) -> Loc:
    return Loc(path, node.start_mark.line + 1, node.start_mark.column + 1)


# libyaml's parser when present (5× faster on the fact base); same marks, same constructors.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader that keeps locations and refuses duplicate keys."""

    rel_path = "<yaml>"

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        out = LocDict()
        out.loc = _loc(self.rel_path, node)
        out.locs, out.key_locs, out.quoted = {}, {}, set()
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain word", key_node.start_mark) from None
            if key in out:
                first = out.key_locs[key]
                raise _DuplicateKey(key, _loc(self.rel_path, key_node), first)
            out[key] = self.construct_object(value_node, deep=True)
            out.locs[key] = _loc(self.rel_path, value_node)
            out.key_locs[key] = _loc(self.rel_path, key_node)
            if getattr(value_node, "style", None) in ("'", '"'):
                out.quoted.add(key)
        return out

    def construct_sequence(self, node, deep=False):
        out = LocList(self.construct_object(child, deep=True) for child in node.value)
        out.loc = _loc(self.rel_path, node)
        out.locs = [_loc(self.rel_path, child) for child in node.value]
        return out


# Dates stay text: briefkit parses them itself, so 2026-13-01 is reported at its line instead of
# crashing inside PyYAML's date constructor.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()}
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


class _DuplicateKey(Exception):
    def __init__(self, key, loc: Loc, first: Loc):
        super().__init__(key)
        self.key, self.loc, self.first = key, loc, first


def _hint_for(problem: str, line_text: str) -> str | None:
    if "\t" in line_text or "'\\t'" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return ("a value that contains ': ' must be quoted, e.g. quote: '…: …'; "
                "or a key is missing its indentation")
    if "could not find expected ':'" in problem:
        return "each line should read `key: value`; check the line above for a missing colon"
    if "found unexpected end of stream" in problem or "while scanning a quoted scalar" in problem:
        return "a quote (\" or ') is opened but never closed"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return "check the indentation: items of one list or mapping must line up"
    return None


def load(path: Path, rel: str) -> object:
    """Parse the YAML file `path` (shown to people as `rel`); raise BriefkitError on mistakes."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise BriefkitError(Problem(Loc(rel), f"cannot read file: {e.strerror}")) from None
    try:
        text = raw.decode("utf-8-sig")  # a BOM from Windows Notepad is fine
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise BriefkitError(Problem(Loc(rel, line), "file is not UTF-8 text",
                                    "save the file as UTF-8 (in Notepad: 另存为 → 编码 UTF-8)")) from None
    return loads(text, rel)


# Aliases (*name) repeat what an anchor (&name) holds; nested, a few lines expand to billions of
# values ("billion laughs"). No briefkit file needs more than a few, so the expanded size is
# counted from the parser's events before anything is built.
MAX_ALIAS_NODES = 10_000
_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\]}]")
_FW_COLON_KEY = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w.\-]*\s*(：)")
_CURLY = re.compile(r"[“”‘’]")
_FLOW_COLOUR = re.compile(r"(?:[\[{,]|\{[^}]*:)\s*(#[0-9A-Fa-f]{3,8})\b")  # [#1F4E79, …]: # starts a comment
# Spaces YAML does not count as spaces: an input method's full-width space, a web page's no-break
# space, zero-width characters. In the indentation, or after `key:` or `-`, they break the file.
ODD_SPACES = "\u3000\u00a0\u2000-\u200d\u202f\u205f\u2060\ufeff"
_ODD_INDENT = re.compile(r"^[ \t]*([" + ODD_SPACES + "])")
_ODD_AFTER = re.compile(r"^[ ]*(?:-[ ]+)?(?:(?P<key>[A-Za-z_][\w.\-]*)[ ]*:|(?P<dash>-))"
                        r"(?P<ch>[" + ODD_SPACES + "])")


def _check_aliases(text: str, rel: str) -> None:
    sizes: dict[str, int] = {}
    stack: list[list] = []  # [anchor, size] per open collection
    total = 0
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([event.anchor, 1])
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, n = stack.pop()
        elif isinstance(event, yaml.ScalarEvent):
            anchor, n = event.anchor, 1
        elif isinstance(event, yaml.AliasEvent):
            anchor = None
            if event.anchor not in sizes:
                raise BriefkitError(Problem(_mark_loc(rel, event.start_mark),
                                            f"alias '*{event.anchor}' names no anchor "
                                            f"'&{event.anchor}' above it",
                                            "write the anchor (&name) before its first use, or "
                                            "write the value out"))
            n = sizes[event.anchor]
            total += n
            if total > MAX_ALIAS_NODES:
                raise BriefkitError(Problem(_mark_loc(rel, event.start_mark),
                                            f"aliases here expand to more than {MAX_ALIAS_NODES:,} "
                                            "values", "write the values out instead of nesting "
                                            "aliases (*name) of anchors (&name)"))
        else:
            continue
        if anchor:
            sizes[anchor] = n
        if stack:
            stack[-1][1] += n


def _mark_loc(rel: str, mark) -> Loc:
    return Loc(rel, mark.line + 1, mark.column + 1)


def _likely_cause(lines: list[str], line: int | None, rel: str) -> Problem | None:
    """Return the IME mistake near a YAML error, reported at its own line: a full-width colon
    after a key, a tab in the indentation, a curly quote where a YAML quote was meant."""
    if not line:
        return None
    for n in range(min(line, len(lines)), max(0, line - 4), -1):
        text = lines[n - 1]
        m = _FW_COLON_KEY.match(text)
        if m:
            return Problem(Loc(rel, n, m.start(1) + 1), "full-width colon '：' (U+FF1A) — use ':'",
                           "type `key: value` with the input method in English mode")
        m = _FLOW_COLOUR.search(text)
        if m:
            return Problem(Loc(rel, n, m.start(1) + 1), f"'{m.group(1)}' is read as a comment, not "
                           "as a colour — in YAML, # starts a comment",
                           f'quote the colour: "{m.group(1)}"')
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in indent:
            return Problem(Loc(rel, n, indent.index("\t") + 1), "tab character (U+0009) in the "
                           "indentation — indent with spaces", "set the editor to insert spaces "
                           "for the Tab key")
        odd = _odd_space(text, rel, n)
        if odd is not None:
            return odd
    text = lines[line - 1] if line <= len(lines) else ""
    m = _CURLY.search(text)
    if m:
        ascii_ = '"' if m.group() in "“”" else "'"
        return Problem(Loc(rel, line, m.start() + 1), f"curly quote '{m.group()}' (U+{ord(m.group()):04X}) "
                       f"is not a YAML quote — use `{ascii_}`",
                       "quote a value with ASCII quotes typed in English mode; curly quotes "
                       "inside a quoted value are fine")
    return None


def _odd_space(text: str, rel: str, n: int) -> Problem | None:
    """Return the full-width, no-break or zero-width space of line `n` that YAML does not read
    as a space: in the indentation, or right after `key:` or a list's `-`."""
    from .errors import char_name

    m = _ODD_INDENT.match(text)
    if m:
        return Problem(Loc(rel, n, m.start(1) + 1), f"{char_name(m.group(1))} in the indentation "
                       "— YAML indents with ordinary spaces",
                       "delete the indentation and type it again with the input method in "
                       "English mode (半角)")
    m = _ODD_AFTER.match(text)
    if m:
        after = f"'{m.group('key')}:'" if m.group("key") else "'-'"
        rest = text[m.end():].strip(" " + ODD_SPACES.replace("-", ""))
        fixed = f"{m.group('key')}: {rest}" if m.group("key") else f"- {rest}"
        return Problem(Loc(rel, n, m.start("ch") + 1), f"{char_name(m.group('ch'))} after {after} "
                       "— YAML needs an ordinary space there",
                       f"retype that space with the input method in English mode: `{fixed.strip()}`")
    return None


def loads(text: str, rel: str) -> object:
    """Parse YAML text, reporting mistakes against the file name `rel`."""
    if not text.strip():
        raise BriefkitError(Problem(Loc(rel), "file is empty"))
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise BriefkitError(Problem(Loc(rel, line, col), "a NUL character in the file",
                                    "retype the line, or save the file again as UTF-8 text"))
    if _ALIAS.search(text):
        try:
            _check_aliases(text, rel)
        except yaml.YAMLError:
            pass  # reported with its place by the loader below
    loader = _Loader(text)
    loader.rel_path = rel
    try:
        return loader.get_single_data()
    except _DuplicateKey as e:
        raise BriefkitError(Problem(e.loc, f"duplicate key '{e.key}' (first written at line "
                                           f"{e.first.line})",
                                    "each key may appear once in a mapping; remove or rename one")) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        lines = text.splitlines()
        line_text = lines[line - 1] if line and line <= len(lines) else ""
        msg = (e.problem or e.context or "invalid YAML").strip()
        cause = _likely_cause(lines, line, rel)
        if cause is not None:
            raise BriefkitError(cause) from None
        if "\t" in line_text[: (col or 1)] or "tab" in msg:  # libyaml and PyYAML word it differently
            msg = "a tab character is used for indentation"
        raise BriefkitError(Problem(Loc(rel, line, col), f"invalid YAML: {msg}",
                                    _hint_for(msg, line_text))) from None
    except yaml.reader.ReaderError as e:  # a control character: name it and its line
        ch = e.character if isinstance(e.character, str) else chr(e.character or 0)
        pos = text.find(ch)  # the parser's position counts differently with libyaml
        if pos >= 0:
            line = text.count("\n", 0, pos) + 1
            col = pos - (text.rfind("\n", 0, pos) + 1) + 1
            raise BriefkitError(Problem(Loc(rel, line, col), f"control character U+{ord(ch):04X} "
                                        "in the file", "retype the line, or paste the text as "
                                        "plain text")) from None
        raise BriefkitError(Problem(Loc(rel), f"invalid YAML: {e}")) from None
    except yaml.YAMLError as e:
        raise BriefkitError(Problem(Loc(rel), f"invalid YAML: {e}")) from None
    finally:
        loader.dispose()


_COMMENT = re.compile(r"(\s*)#(\S*)")


def comment_after(path: Path, loc: Loc) -> tuple[int, str] | None:
    """Return (column of '#', the word after it) where a comment starts right where the empty
    value at `loc` was to be (`accent: #8B1A1A`: YAML reads the colour as a comment), or None."""
    try:
        lines = path.read_bytes().decode("utf-8-sig", errors="replace").splitlines()
    except OSError:
        return None
    if not loc.line or loc.line > len(lines):
        return None
    text = lines[loc.line - 1]
    start = (loc.col or 1) - 1
    m = _COMMENT.match(text, start)
    if not m or not (m.group(1) or start == 0 or text[start - 1].isspace()):
        return None
    return m.start() + len(m.group(1)) + 1, m.group(2)


def scalar_text(value) -> str:
    """Return a YAML scalar as the text the person wrote (dates and numbers back to text)."""
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)


def odd_char(text: str) -> tuple[int, str] | None:
    """Return (index, character) of the first character of `text` an input method or a copied
    page slipped in: a full-width, no-break or zero-width space, a control or format character,
    or a full-width form of an ASCII character (．＿：)."""
    import unicodedata

    for i, ch in enumerate(text):
        if (re.match("[" + ODD_SPACES + "]", ch) or unicodedata.category(ch) in ("Cc", "Cf")
                or "\uff01" <= ch <= "\uff5e" or ch == "\u3002"):
            return i, ch
    return None


def slipped_in(text: str) -> tuple[int, str, str] | None:
    """For a word (a key, an id) that holds an odd character (see odd_char), return its index,
    a note naming it and where ("after 'economy.' comes a full-width full stop …"), and the word
    as meant (odd spaces and invisible characters dropped, full-width forms made ASCII)."""
    import unicodedata

    from .errors import char_name

    found = odd_char(text) if isinstance(text, str) else None
    if found is None:
        return None
    i, ch = found
    kept = "".join(c for c in text.replace("\u3002", ".") if not re.match("[" + ODD_SPACES + "]", c)
                   and unicodedata.category(c) not in ("Cc", "Cf"))
    where = "it starts with" if i == 0 else f"after '{text[:i]}' comes"
    return i, f"{where} a {char_name(ch)}", unicodedata.normalize("NFKC", kept).strip()


def key_mistake(key, loc: Loc, allowed=()) -> Problem | None:
    """Return the error for an unknown key that holds an odd character (see odd_char): at that
    character, naming it, with the key as meant when it is one of `allowed`."""
    from .errors import char_name

    found = slipped_in(key)
    if found is None:
        return None
    i, note, meant = found
    at = Loc(loc.path, loc.line, (loc.col or 1) + i if loc.line else None)
    if i == 0 and re.match("[" + ODD_SPACES + "]", key[0]):
        return Problem(at, f"{char_name(key[0])} in the indentation — YAML indents with ordinary "
                       f"spaces, so it reads the key '{key}'",
                       "delete the indentation and type it again with the input method in "
                       "English mode (半角)")
    fix = f"write `{meant}:`" if meant in allowed else "retype the key"
    return Problem(at, f"unknown key '{key}': {note}", f"{fix} with the input method in English mode (半角)")


def value_col(mapping, key, index: int) -> Loc:
    """Return where character `index` of the one-line scalar value of `key` was written."""
    loc = mapping.at(key)
    if not loc.line or not loc.col:
        return loc
    return Loc(loc.path, loc.line, loc.col + index + (1 if key in getattr(mapping, "quoted", ()) else 0))


def invisible_chars(text: str) -> list[str]:
    """Return the characters of `text` that print as nothing or as garbage: control, format
    (zero-width, bidi), private-use and unassigned code points. Newlines are not counted."""
    import unicodedata

    out = []
    for ch in text:
        if ch in "\n" or ch in out:
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cn", "Cs"):
            out.append(ch)
    return out


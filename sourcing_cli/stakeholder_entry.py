"""One stakeholder's entry in a profile: finding it, reading it back, and writing it in place.

``sourcing interview --stakeholder NAME -o FILE`` changes one thing in FILE: NAME's entry under
``stakeholders:``. Everything else stays byte for byte as the user wrote it — other keys, other
stakeholders, comments, blank lines, quoting, line endings, a UTF-8 byte-order mark. The file is
parsed once (through :mod:`sourcing_cli.yamlio`, so every file problem is a located error), the
entry's place is found from the node positions of the composed YAML, and every save splices the
new entry into the original text (:class:`Place`):

* an existing entry (names match exactly, case included) is replaced where it stands, whatever its
  style, by the one-line flow mapping of the profile format (``{name: CFO, priorities: {cost: 5}}``; a long
  one continues on further lines); comments inside the old entry are not kept, comments around it
  are — and an entry whose data did not change keeps its own text;
* a new entry goes after the last one, in the list's own style (block ``- …`` or flow ``[…]``);
* with no ``stakeholders:`` key, the list is added at the end of the profile;
* a file that does not exist yet is created as a minimal profile (``version: 1``, ``answers: {}``)
  holding the list, with comments on how to go on.

An unfinished pairwise entry carries the criteria being compared in a trailing comment
(``# comparing: …``) so a rerun resumes at the next pair; the comment goes once every pair is
judged. Refused, each with a located error and what to do: top-level ``priorities``/``pairwise``
(a profile weighs with one voice or with stakeholders, never both), a ``stakeholders`` value that
is not a list, the same name twice, a name that differs from an existing one only in case, and an
entry of NAME that the interview could not rewrite without losing something (an unknown key, both
``priorities`` and ``pairwise``, values off their scale).
"""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml

from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import Diagnostic, InputError, UsageError, did_you_mean, quoted, show
from sourcing_cli.filekind import wrong_kind
from sourcing_cli.interview import PRIORITY
from sourcing_cli.methods.pairwise import _judgement
from sourcing_cli.profile_writer import SCHEMA_LINE, scalar
from sourcing_cli.records import record
from sourcing_cli.stakeholder_flow import Pair, StakeholderAnswers, pairs_of
from sourcing_cli.yamlio import YamlDocument, decode, load_text, read_bytes

Style = Literal["block", "flow", "list"]  # an item of a block list, of a flow list; a whole new list
KEYS = ("name", "priorities", "pairwise", "weight")
MAX_NAME = 200  # characters, as a profile's name
WRAP = 100  # columns an entry's line reaches before its judgements continue on the next line
PROGRESS = re.compile(r"[ \t]*#[ \t]*comparing:[ \t]*([A-Za-z0-9_, \t-]*?)[ \t]*(?:\(.*)?$")
NEW_FILE = """{schema}
# (editor support: `sourcing schema profile > profile.schema.json`)
#
# A group profile: each stakeholder weighs the criteria, added or revised with
#   {command}
# The answers about the work go under `answers:` (`sourcing init` writes every question with its
# options). Score it with: sourcing assess {path}
version: 1
answers: {{}}

stakeholders:
"""


def check_name(name: str) -> str | None:
    """Why ``name`` cannot name a stakeholder (``None`` when it can)."""
    if not name.strip():
        return "a stakeholder's name cannot be empty; give one such as --stakeholder CFO"
    if name != name.strip():
        return (f"the name {quoted(name)} starts or ends with spaces; names match exactly, so give "
                f"it without them: --stakeholder {quoted(name.strip())}")
    if len(name) > MAX_NAME:
        return f"a stakeholder's name has at most {MAX_NAME} characters; this one has {len(name)}"
    return None


@record
class Place:
    """Where the entry goes: the text before and after it, and how it is written there."""

    before: str
    after: str
    style: Style
    indent: int  # the column of the item's "- " (block), of the new list's key (list)
    newline: str  # the file's line ending
    found: StakeholderAnswers | None  # the entry as the file has it, when there is one
    answers: Mapping[str, Any]  # the profile's answers (for the defaults)
    written: tuple[Any, str] | None = None  # the entry's data and its text, as the file has them

    def text(self, entry: Mapping[str, Any], comparing: tuple[str, ...] | None = None) -> str:
        """The whole file with ``entry`` in its place (and the criteria still being compared);
        an entry whose data did not change keeps its text as the user wrote it."""
        if self.written is not None and comparing is None and _same(entry, self.written[0]):
            return self.before + self.written[1] + self.after
        return self._text(entry, comparing)

    def _text(self, entry: Mapping[str, Any], comparing: tuple[str, ...] | None) -> str:
        nl = self.newline
        if self.style == "flow":
            return self.before + flow(entry) + self.after
        dash = self.indent if self.style == "block" else self.indent + 2
        lines = flow(entry, dash + 4, dash + 2).split("\n")
        body = nl.join(lines)
        if comparing:
            body += f"  # comparing: {', '.join(comparing)} (unfinished)"
        if self.style == "block":
            return self.before + body + self.after
        pad = " " * self.indent
        head = f"{nl}{pad}# Each stakeholder's weights: sourcing interview --stakeholder NAME{nl}" \
               f"{pad}stakeholders:{nl}"
        return self.before + head + f"{pad}  - " + body + nl + self.after


def flow(value: Any, indent: int | None = None, first: int = 0, wrap: int = WRAP) -> str:
    """``value`` as one flow-style YAML node. With ``indent``, a line that would pass ``wrap``
    columns breaks after a comma between entries (never inside a judgement) and continues at
    ``indent``; the first line starts at column ``first``. YAML lets a flow collection span lines
    so long as they are indented under it."""
    text = _flow(value)
    if indent is None:
        return text.replace(_BREAK, " ")
    lines: list[str] = []
    line = ""
    for piece in text.split(_BREAK):
        start = first if not lines else indent
        if line and start + len(line) + 1 + len(piece) > wrap:
            lines.append(line)
            line = piece
        else:
            line = f"{line} {piece}" if line else piece
    lines.append(line)
    return ("\n" + " " * indent).join(lines)


_BREAK = "\x00"  # where a line may break: after a comma (a written scalar never holds a raw NUL)


def _flow(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ("," + _BREAK).join(f"{scalar(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        joint = ("," + _BREAK) if any(isinstance(v, list | Mapping) for v in value) else ", "
        return "[" + joint.join(_flow(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return str(int(value))  # 3, as a person writes a priority (3.0 reads back equal)
    return scalar(value)


def place(path: Path, shown: str, catalog: Catalog, name: str, command: str) -> Place:
    """Where NAME's entry goes in the profile at ``path`` (created when it does not exist)."""
    if not path.exists():
        head = NEW_FILE.format(schema=SCHEMA_LINE, command=command, path=shown)
        return Place(head + "  - ", "\n", "block", 2, "\n", None, {})
    raw = read_bytes(path, shown)
    for mark in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if raw.startswith(mark):
            raise InputError.at(shown, 1, 1, "is UTF-16 or UTF-32 text; the interview writes UTF-8 "
                                             "— save the file as UTF-8 and run it again")
    bom = "\ufeff" if raw.startswith(codecs.BOM_UTF8) else ""
    text = decode(raw, shown)
    doc = load_text(text, shown)
    wrong = wrong_kind(doc, path.name, "profile")
    if wrong is not None:
        raise InputError([wrong])
    data = doc.data
    if not isinstance(data, dict):
        raise InputError.at(shown, 1, 1, "is not a profile (expected a mapping with version: 1 "
                                         "and answers); give a profile, or a new file name")
    errors = [doc.diag((key,), mixing(key, data[key], name), at_key=True)
              for key in ("priorities", "pairwise") if key in data]
    try:
        found = _place(doc, text, bom, catalog, name)
    except InputError as exc:  # every problem of the file together, in file order
        raise InputError(sorted([*errors, *exc.diagnostics], key=lambda d: (d.line, d.column))
                         ) from None
    if errors:
        raise InputError(errors)
    return found


def _place(doc: YamlDocument, text: str, bom: str, catalog: Catalog, name: str) -> Place:
    shown, data = doc.path, doc.data
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise UsageError(f"{shown}: cannot find where to write the stakeholder ({exc.__class__.__name__}"
                         "); write the file in block style and run again") from None
    assert isinstance(root, yaml.MappingNode)
    newline = "\r\n" if "\r\n" in text else "\n"
    answers: dict[str, Any] = data["answers"] if isinstance(data.get("answers"), dict) else {}
    given = {k: v for k, v in answers.items()
             if any(q.id == k and q.spec.check(v) is None for q in catalog.questions)}
    node = next((v for k, v in root.value if k.value == "stakeholders"), None)
    if node is None:
        if root.flow_style:
            raise UsageError(f"{shown}: the profile is one flow mapping ({{…}}); write it in block "
                             "style (one key a line) to add stakeholders to it")
        at = _line_end(text, _end(root))
        before = text[:at] if text[:at].endswith("\n") or not at else text[:at] + newline
        return Place(bom + before, text[at:], "list", root.start_mark.column, newline, None, given)
    listed = data["stakeholders"]
    if listed is None:
        start, end = node.start_mark.index, node.end_mark.index
        text = text[:start] + text[end:]
        at = _line_end(text, start)
        before = text[:at] if text[:at].endswith("\n") else text[:at] + newline
        indent = next(k for k, v in root.value if v is node).start_mark.column + 2
        return Place(bom + before + " " * indent + "- ", newline + text[at:], "block", indent,
                     newline, None, given)
    if not isinstance(listed, list) or not isinstance(node, yaml.SequenceNode):
        raise InputError([doc.diag(("stakeholders",), "stakeholders: expected a list such as "
                                   "[{name: CFO, priorities: {cost: 5}}], got " + show(listed))])
    index = _find(doc, listed, name)
    style: Style = "flow" if node.flow_style else "block"
    if index is None:
        if style == "flow":
            at = node.end_mark.index - 1
            return Place(bom + text[:at] + (", " if listed else ""), text[at:], "flow", 0, newline,
                         None, given)
        at = _line_end(text, _end(node))
        before = text[:at] if text[:at].endswith("\n") else text[:at] + newline
        column = node.start_mark.column
        return Place(bom + before + " " * column + "- ", newline + text[at:], "block", column,
                     newline, None, given)
    item = node.value[index]
    found = read_entry(doc, catalog, listed[index], ("stakeholders", index))
    start, end = item.start_mark.index, _end(item)
    line_end = _line_end(text, end)
    rest = text[end:line_end].rstrip("\r\n")
    progress = PROGRESS.match(rest) if style == "block" else None
    if progress is not None:
        end += len(rest)
        ids = tuple(c.strip() for c in progress.group(1).split(",") if c.strip())
        if found.mode == "pairwise" and len(ids) >= 2 and set(ids) <= set(catalog.criterion_ids):
            order = [c for c in catalog.criterion_ids if c in ids]
            if all(c in order for p in found.judgements for c in p):
                found.criteria = tuple(order)
    column = node.start_mark.column if style == "block" else 0
    kept = None if progress is not None else (listed[index], text[start:end])
    return Place(bom + text[:start], text[end:], style, column, newline, found, given, kept)


def _same(a: Any, b: Any) -> bool:
    """Equal as data, types included (``1`` is not ``1.0`` nor ``true``), mapping order aside."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def mixing(key: str, value: Any, name: str) -> str:
    """Why top-level ``key`` is refused, and what to write instead: the stakeholder entry that
    would carry the same weights (when it is short enough to quote), or, when empty, to delete it."""
    text = (f"{key}: a profile with stakeholders cannot also give top-level {key} (the weights "
            "come from one or the other); ")
    if value in (None, {}, []):
        return text + "this one is empty: delete the line, then run again"
    entry = flow({"name": name, key: value})
    if len(entry) > MAX_SUGGESTION:
        entry = f"{{name: {scalar(name)}, {key}: …}}"
    return (text + f"move them into a stakeholder (under `stakeholders:`, `- {entry}`) or delete "
                   "them, then run again")


MAX_SUGGESTION = 200  # characters of a suggested entry quoted in a message


def _find(doc: YamlDocument, listed: list[Any], name: str) -> int | None:
    """The index of NAME's entry; refusing the same name twice, and a name that differs from an
    existing one only in case."""
    matches = [i for i, item in enumerate(listed) if isinstance(item, dict) and item.get("name") == name]
    if len(matches) > 1:
        line = doc.value_pos(("stakeholders", matches[0]))[0]
        raise InputError([doc.diag(("stakeholders", matches[1], "name"),
                                   f"stakeholders[{matches[1]}].name: {quoted(name)} is already a "
                                   f"stakeholder at line {line}; remove one of them")])
    if matches:
        return matches[0]
    for i, item in enumerate(listed):
        other = item.get("name") if isinstance(item, dict) else None
        if isinstance(other, str) and other.casefold() == name.casefold():
            raise InputError([doc.diag(("stakeholders", i, "name"), (
                f"stakeholders[{i}].name: {quoted(other)} differs from {quoted(name)} only in case; "
                f"names match exactly — to revise that stakeholder, pass --stakeholder "
                f"{quoted(other)}"))])
    return None


def read_entry(doc: YamlDocument, catalog: Catalog, item: Any, loc: tuple[str | int, ...]
               ) -> StakeholderAnswers:
    """NAME's entry as answers to resume from; a located error for anything the interview could
    not write back as it was."""
    where = f"stakeholders[{loc[-1]}]"
    errors: list[Diagnostic] = []
    assert isinstance(item, dict)
    state = StakeholderAnswers(str(item["name"]))
    for key in item:
        if key not in KEYS:
            errors.append(doc.diag((*loc, key), f"{where}: unknown key {quoted(key)}; a stakeholder "
                                   "has name, priorities or pairwise, and weight"
                                   f"{did_you_mean(str(key), KEYS)}", at_key=True))
    if "priorities" in item and "pairwise" in item:
        errors.append(doc.diag((*loc, "pairwise"), f"{where}: give either priorities or pairwise "
                               "judgements, not both; delete one and run again", at_key=True))
    priorities = item.get("priorities")
    if "priorities" in item:
        state.mode = "priorities"
        if priorities is None:
            priorities = {}
        if not isinstance(priorities, dict):
            errors.append(doc.diag((*loc, "priorities"), f"{where}.priorities: expected a mapping "
                                   f"such as {{cost: 5}}, got {show(priorities)}"))
        else:
            for key, value in priorities.items():
                if key not in catalog.criterion_ids:
                    errors.append(doc.diag((*loc, "priorities", key), (
                        f"{where}.priorities: unknown criterion {quoted(key)}"
                        f"{did_you_mean(str(key), catalog.criterion_ids)}"), at_key=True))
                elif (problem := PRIORITY.check(value)) is not None:
                    errors.append(doc.diag((*loc, "priorities", key),
                                           f"{where}.priorities.{key}: {problem}"))
                else:
                    state.priorities[key] = value
    if "pairwise" in item:
        state.mode = "pairwise"
        _read_pairwise(doc, catalog, item.get("pairwise"), (*loc, "pairwise"), state, errors)
    if "weight" in item:
        weight = item["weight"]
        if isinstance(weight, bool) or not isinstance(weight, int | float) \
                or not math.isfinite(weight) or weight <= 0:
            errors.append(doc.diag((*loc, "weight"), f"{where}.weight: the voice weight must be a "
                                   f"number above 0, such as 1 or 2; got {show(weight)}"))
        else:
            state.weight = weight
    if errors:
        raise InputError(sorted(errors, key=lambda d: (d.line, d.column)))
    return state


def _read_pairwise(doc: YamlDocument, catalog: Catalog, raw: Any, loc: tuple[str | int, ...],
                   state: StakeholderAnswers, errors: list[Diagnostic]) -> None:
    name = f"stakeholders[{loc[1]}].pairwise"
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        errors.append(doc.diag(loc, f"{name}: expected a list of [a, b, N], got {show(raw)}"))
        return
    seen: dict[Pair, int] = {}
    rank = {c: i for i, c in enumerate(catalog.criterion_ids)}
    for i, item in enumerate(raw):
        judgement = _judgement(doc, catalog, item, (*loc, i), f"{name}[{i}]", errors)
        if judgement is None:
            continue
        a, b, ratio = judgement.more, judgement.less, judgement.ratio
        pair: Pair = (a, b) if rank[a] < rank[b] else (b, a)
        if pair in seen:
            line = doc.value_pos((*loc, seen[pair]))[0]
            errors.append(doc.diag((*loc, i), f"{name}[{i}]: [{a}, {b}] is already judged at line "
                                              f"{line}; remove one of them"))
            continue
        seen[pair] = i
        state.judgements[pair] = ratio if pair == (a, b) else 1 / ratio
        state.written[pair] = list(item)
    named = [c for c in catalog.criterion_ids if any(c in p for p in state.judgements)]
    if state.judgements and set(pairs_of(named)) <= set(state.judgements):
        state.criteria = tuple(named)  # complete: the criteria are the ones named
        state.judgements = {p: state.judgements[p] for p in pairs_of(named)}


def _end(node: yaml.Node) -> int:
    """Where a node's own text ends: a block collection's end mark lies past the comments and
    blank lines after it, so it ends where its last value ends."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return int(node.end_mark.index)


def _line_end(text: str, at: int) -> int:
    """The start of the line after the one holding ``at`` (a value ending with its line break,
    as a block scalar does, is already there)."""
    if at > 0 and text[at - 1] == "\n":
        return at
    found = text.find("\n", at)
    return len(text) if found < 0 else found + 1

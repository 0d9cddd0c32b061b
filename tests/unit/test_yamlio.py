"""The YAML reader: YAML 1.2 scalars, refusals with positions, and positions of every value."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sourcing_cli.errors import InputError
from sourcing_cli.yamlio import (
    _NOT_PRINTABLE,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    load_file,
    load_text,
)


def error_of(text: str) -> str:
    with pytest.raises(InputError) as info:
        load_text(text, "f.yaml")
    assert len(info.value.diagnostics) == 1
    return info.value.diagnostics[0].render()


def test_core_scalars() -> None:
    doc = load_text(
        "a: true\nb: 12\nc: 1.5\nd: 1e3\ne: ~\nf: 22:22\ng: 2027-05-01\nh: '0012'\ni: 0x1F\n"
        "j: .inf\nk: -.inf\nl: .nan\nm: 0o17\nn: \"NO\"\no: !!str yes\n",
        "f.yaml",
    )
    data = doc.data
    assert data["a"] is True and data["b"] == 12 and data["c"] == 1.5 and data["d"] == 1000.0
    assert data["e"] is None and data["f"] == "22:22" and data["g"] == "2027-05-01"
    assert data["h"] == "0012" and data["i"] == 31 and data["j"] == math.inf
    assert data["k"] == -math.inf and math.isnan(data["l"]) and data["m"] == 15
    assert data["n"] == "NO" and data["o"] == "yes"


@pytest.mark.parametrize("word", ["NO", "no", "Yes", "on", "OFF", "y", "N"])
def test_yaml_11_booleans_are_refused_with_a_hint(word: str) -> None:
    assert error_of(f"country: {word}\n") == (
        f"f.yaml:1:10: error: '{word}' is ambiguous: YAML 1.1 reads it as a boolean; "
        f'quote it ("{word}") for text, or write true/false'
    )


def test_zero_padded_integers_are_refused() -> None:
    assert error_of("n: 012345\n") == (
        "f.yaml:1:4: error: '012345' is ambiguous: YAML 1.1 reads a leading zero as octal; "
        'write 12345 or quote it ("012345") if it is a code'
    )


def test_ambiguous_words_as_keys_stay_text() -> None:
    assert load_text("on: 1\n", "f.yaml").data == {"on": 1}


def test_positions_of_keys_and_values() -> None:
    doc = load_text("a:\n  b: [1, {c: x}]\n", "f.yaml")
    assert doc.value_pos(("a", "b", 1, "c")) == (2, 14)
    assert doc.key_pos(("a", "b")) == (2, 3)
    assert doc.value_pos(("a", "nothing", "here")) == (2, 3)


def test_duplicate_keys() -> None:
    assert error_of("a: 1\nb: 2\na: 3\n") == (
        "f.yaml:3:1: error: duplicate key 'a' (first at line 1); keep one of them"
    )


def test_foreign_tags_are_refused() -> None:
    assert error_of("a: !!python/object:os.system x\n") == (
        "f.yaml:1:4: error: tag '!!python/object:os.system' is not allowed; remove it "
        "(only plain YAML data is read)"
    )
    assert error_of("a: !!python/tuple [1]\n").startswith("f.yaml:1:4: error: tag '!!python/tuple'")


def test_several_documents_are_refused() -> None:
    assert error_of("a: 1\n---\nb: 2\n") == (
        "f.yaml:2:1: error: several YAML documents in one file; keep one (remove this '---')"
    )


def test_empty_and_comment_only_files() -> None:
    assert error_of("") == "f.yaml:1:1: error: empty file; expected a YAML mapping"
    assert error_of("# nothing\n") == "f.yaml:1:1: error: empty file; expected a YAML mapping"


def test_billion_laughs_is_stopped_at_the_alias() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    message = error_of("\n".join(lines) + "\n")
    assert message.startswith("f.yaml:")
    assert f"document expands to over {MAX_NODES:,} values (through aliases?)" in message


def test_small_aliases_are_fine() -> None:
    doc = load_text("base: &b {x: 1}\nother: *b\n", "f.yaml")
    assert doc.data["other"] == {"x": 1}


def test_self_referencing_and_undefined_aliases() -> None:
    assert error_of("a: &x [*x]\n") == (
        "f.yaml:1:8: error: alias *x refers to the value that contains it"
    )
    assert "no anchor &y" in error_of("a: *y\n")


def test_merge_keys_are_refused() -> None:
    assert "merge keys ('<<') are not supported" in error_of("a: &x {b: 1}\nc:\n  <<: *x\n")


def test_deep_nesting_is_refused_before_the_parser_recurses() -> None:
    depth = 50_000
    message = error_of("[" * depth + "]" * depth)
    assert message == (
        f"f.yaml:1:{MAX_DEPTH + 1}: error: nesting deeper than {MAX_DEPTH} levels; "
        f"the limit is {MAX_DEPTH} (see docs/limits.md)"
    )


DEEP = 3000  # far past our limit and past libyaml's own (1,000 flow levels in PyYAML 6.0.4)
QUOTED = '"' + "[" * 2000 + '{"'


@pytest.mark.parametrize(("text", "line", "column"), [
    ("[" * DEEP, 1, MAX_DEPTH + 1),
    ("a: " + "{a: " * DEEP + "1" + "}" * DEEP, 1, 4 + 4 * (MAX_DEPTH - 1)),
    ("a: " + "[{b: " * DEEP, 1, 4 + 5 * (MAX_DEPTH // 2 - 1) + 1),
    ("a: " + "{b: [" * DEEP, 1, 4 + 5 * (MAX_DEPTH // 2 - 1) + 4),
    (f"a: [{QUOTED}, " + "[" * DEEP, 1, 6 + len(QUOTED) + MAX_DEPTH - 1),
    (f"a: {QUOTED}\nb: " + "[" * DEEP, 2, 3 + MAX_DEPTH),
    ("a: 1\nb:\n  - " + "[" * DEEP, 3, 5 + MAX_DEPTH - 2),
    ("- " * DEEP + "x\n", 1, 1 + 2 * MAX_DEPTH),
    ("".join(" " * i + "a:\n" for i in range(DEEP)) + " " * DEEP + "1\n", MAX_DEPTH + 1,
     MAX_DEPTH + 1),
    ("[\n" * DEEP, MAX_DEPTH + 1, 1),
], ids=["flow-lists", "flow-mappings-closed", "lists-in-mappings",
        "mappings-in-lists", "after-a-quoted-bracket-run", "second-line", "block-then-flow",
        "compact-block-lists", "block-mappings", "flow-over-lines"])
def test_our_depth_limit_fires_first_for_every_shape(text: str, line: int, column: int) -> None:
    """Whatever limits the parser library has of its own (libyaml reads ahead of the events it
    hands out and may stop first), the error is ours: at the first level past the limit."""
    assert error_of(text) == (
        f"f.yaml:{line}:{column}: error: nesting deeper than {MAX_DEPTH} levels; "
        f"the limit is {MAX_DEPTH} (see docs/limits.md)"
    )


@pytest.mark.parametrize("text", [
    'a: "' + "[" * 5000 + '"\n',
    "a: '" + "{[" * 5000 + "'\n",
    "a: x" + "[" * 5000 + "\n",
    "a: |\n  " + "[" * 5000 + "\n",
    "a: 1  # " + "[" * 5000 + "\n",
    "a: [" + ", ".join(['"[[[["'] * 2000) + "]\n",
    "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n",
])
def test_brackets_in_text_are_never_taken_for_nesting(text: str) -> None:
    assert isinstance(load_text(text, "f.yaml").data, dict)


def test_a_syntax_error_after_deep_but_allowed_nesting_is_the_parser_s() -> None:
    with pytest.raises(InputError) as info:
        load_text("a: " + "[" * (MAX_DEPTH - 1) + "\n", "f.yaml")
    (only,) = info.value.diagnostics
    assert only.message.startswith("invalid YAML: ")


def test_a_tab_in_the_indentation_is_named() -> None:
    assert error_of("a:\n\tb: 1\n") == (
        "f.yaml:2:1: error: invalid YAML: a tab in the indentation; indent with spaces")


def test_control_characters_are_each_located() -> None:
    with pytest.raises(InputError) as info:
        load_text("a: b\x07c\nd: \x1b[31m\n", "f.yaml")
    assert [d.render() for d in info.value.diagnostics] == [
        "f.yaml:1:5: error: control character U+0007 is not allowed in YAML; remove it, or write "
        "it as an escape in a double-quoted string",
        "f.yaml:2:4: error: control character U+001B is not allowed in YAML; remove it, or write "
        "it as an escape in a double-quoted string",
    ]


def test_the_refused_characters_are_exactly_those_yaml_does_not_allow() -> None:
    """The reader lists the characters it refuses; they are exactly the complement of what YAML
    1.2 (5.1) allows — tab, LF, CR, printable ASCII, NEL, and the printable ranges above — over
    every code point."""
    allowed = [(0x09, 0x0A), (0x0D, 0x0D), (0x20, 0x7E), (0x85, 0x85), (0xA0, 0xD7FF),
               (0xE000, 0xFFFD), (0x10000, 0x10FFFF)]
    every = "".join(map(chr, range(0x110000)))
    refused = {ord(c) for c in _NOT_PRINTABLE.findall(every)}
    assert refused == {n for n in range(0x110000)
                       if not any(low <= n <= high for low, high in allowed)}


def errors_of(text: str) -> list[str]:
    with pytest.raises(InputError) as info:
        load_text(text, "f.yaml")
    return [d.render() for d in info.value.diagnostics]


def test_every_problem_read_past_is_reported_together() -> None:
    assert errors_of(
        "a: NO\nb: yes\nc: on\nd: 1\nd: 2\ne: !!python/name:os.system x\nf: *nowhere\n"
        "? [g]\n: 1\n<<: {h: 1}\nn: 0012\n"
    ) == [
        "f.yaml:1:4: error: 'NO' is ambiguous: YAML 1.1 reads it as a boolean; quote it (\"NO\") "
        "for text, or write true/false",
        "f.yaml:2:4: error: 'yes' is ambiguous: YAML 1.1 reads it as a boolean; quote it (\"yes\") "
        "for text, or write true/false",
        "f.yaml:3:4: error: 'on' is ambiguous: YAML 1.1 reads it as a boolean; quote it (\"on\") "
        "for text, or write true/false",
        "f.yaml:5:1: error: duplicate key 'd' (first at line 4); keep one of them",
        "f.yaml:6:4: error: tag '!!python/name:os.system' is not allowed; remove it (only plain "
        "YAML data is read)",
        "f.yaml:7:4: error: alias *nowhere has no anchor &nowhere before it",
        "f.yaml:8:3: error: a key must be a plain value, not a list or mapping",
        "f.yaml:10:1: error: merge keys ('<<') are not supported; write the keys out",
        "f.yaml:11:4: error: '0012' is ambiguous: YAML 1.1 reads a leading zero as octal; write 12 "
        "or quote it (\"0012\") if it is a code",
    ]


def test_problems_before_a_stop_are_reported_with_it() -> None:
    assert errors_of("a: yes\nb: [1, 2\n")[0].startswith("f.yaml:1:4: error: 'yes' is ambiguous")
    assert errors_of("a: yes\n---\nb: 1\n") == [
        "f.yaml:1:4: error: 'yes' is ambiguous: YAML 1.1 reads it as a boolean; quote it (\"yes\") "
        "for text, or write true/false",
        "f.yaml:2:1: error: several YAML documents in one file; keep one (remove this '---')",
    ]


def test_a_flood_of_problems_stops_at_a_hundred() -> None:
    found = errors_of("".join(f"k{i}: yes\n" for i in range(500)))
    assert len(found) == 101
    assert found[-1] == (
        "f.yaml:101:7: error: more than 100 problems in this file; fix the ones above first")


def test_nested_complex_keys_are_one_error() -> None:
    assert errors_of("{" * 30 + "}" * 30) == [
        "f.yaml:1:2: error: a key must be a plain value, not a list or mapping"]
    assert errors_of("{" * DEEP) == [
        "f.yaml:1:2: error: a key must be a plain value, not a list or mapping",
        f"f.yaml:1:{MAX_DEPTH + 1}: error: nesting deeper than {MAX_DEPTH} levels; the limit is "
        f"{MAX_DEPTH} (see docs/limits.md)",
    ]


@pytest.mark.parametrize(("kind", "text", "hint", "value"), [
    ("boolean", "yes", "YAML 1.1 reads it as true, YAML 1.2 as text; write true", True),
    ("boolean", "Off", "YAML 1.1 reads it as false, YAML 1.2 as text; write false", False),
    ("text", "NO", 'YAML 1.1 reads it as a boolean; quote it ("NO")', "NO"),
    ("integer", "012", "YAML 1.1 reads a leading zero as octal; write 12", 12),
    ("text", "012", 'YAML 1.1 reads a leading zero as octal; quote it ("012")', "012"),
    (None, "y", 'YAML 1.1 reads it as a boolean; quote it ("y") for text, or write true/false', "y"),
])
def test_the_hint_suits_what_the_place_expects(kind: str | None, text: str, hint: str,
                                               value: object) -> None:
    doc = load_text(f"a:\n  b: [{text}]\n", "f.yaml", partial=True)
    assert [d.render() for d in doc.settle(lambda loc: kind if loc == ("a", "b", 0) else None)] == [
        f"f.yaml:2:7: error: '{text}' is ambiguous: {hint}"]
    assert doc.data == {"a": {"b": [value]}}
    assert doc.settle() == []  # settled once


def test_huge_integer() -> None:
    assert error_of("n: " + "9" * 5000 + "\n") == (
        "f.yaml:1:4: error: number is too large; quote it if it is text"
    )


def test_file_checks(tmp_path: Path) -> None:
    def err(path: Path) -> str:
        with pytest.raises(InputError) as info:
            load_file(path, path.name)
        return info.value.diagnostics[0].render()

    assert err(tmp_path / "missing.yaml") == "missing.yaml:1:1: error: no such file; check the path"
    assert err(tmp_path) == f"{tmp_path.name}:1:1: error: is a directory; give a YAML file"
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"a: 1\nb: \x00\x01")
    assert err(binary) == "bin.yaml:2:4: error: binary data (a NUL byte); give a YAML text file"
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: Caf\xe9\n".encode("latin-1"))
    assert err(latin) == "latin.yaml:1:10: error: not UTF-8 text; save the file as UTF-8"
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    assert err(big) == ("big.yaml:1:1: error: file is 4.0 MiB; the limit is 4 MiB for any file this tool "
                        "reads (see docs/limits.md)")
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_file(bom).data == {"a": 1}


@pytest.mark.parametrize("text", ["# a comment\n%BAD directive\n", "# c\n]\n", "# c\n}\n",
                                  "a: 1\n---\nb: [\n", "a: 1\nb: 2\n  c: 3\n"])
def test_a_syntax_error_is_not_mistaken_for_what_the_text_before_it_is(text: str) -> None:
    (only,) = errors_of(text)
    assert "invalid YAML: " in only or "several YAML documents" in only


# The resolver before plain scalars were resolved in one step: a chain of whole-text patterns,
# tried in this order. The one-step resolver must agree with it on every text.
_REFERENCE = [
    (r"^(?:~|null|Null|NULL|)$", lambda t: None),
    (r"^(?:true|True|TRUE)$", lambda t: True),
    (r"^(?:false|False|FALSE)$", lambda t: False),
    (r"^(?:y|Y|yes|Yes|YES|on|On|ON)$", None),
    (r"^(?:n|N|no|No|NO|off|Off|OFF)$", None),
    (r"^[-+]?0[0-9]+$", None),
    (r"^[-+]?[0-9]+$", int),
    (r"^0o[0-7]+$", lambda t: int(t[2:], 8)),
    (r"^0x[0-9a-fA-F]+$", lambda t: int(t[2:], 16)),
    (r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", float),
    (r"^[-+]?\.(?:inf|Inf|INF)$", lambda t: -math.inf if t.startswith("-") else math.inf),
    (r"^\.(?:nan|NaN|NAN)$", lambda t: math.nan),
]


def _reference(text: str) -> object:
    import re

    from sourcing_cli.yaml_events import _AMBIGUOUS

    for pattern, convert in _REFERENCE:
        if re.match(pattern, text):
            return _AMBIGUOUS if convert is None else convert(text)
    return text


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return type(a) is type(b) and a == b


def test_plain_scalars_resolve_as_the_pattern_chain_does() -> None:
    import itertools
    import random

    from sourcing_cli.yaml_events import _resolve

    texts = ["", "~", "null", "NULL", "nULL", "true", "True", "tRue", "yes", "Y", "off", "On",
             "no", "n", "0", "00", "007", "-007", "+0", "-0", "12", "+12", "-12", "0o17", "0o19",
             "0x1F", "0xG", "0X1F", "1.5", ".5", "5.", "-.5", "1e3", "1E-3", "1.e3", ".e3", "e3",
             ".inf", "-.Inf", "+.INF", ".nan", "-.nan", ".NaN", "inf", "nan", "1_000", "1 2",
             "١٢", "12a", "a12", "+", "-", ".", "..", "+-1", "0.0.1", "2026-03-01", "1:30"]
    rng = random.Random(3)
    alphabet = "0123456789+-.eExXoOabfnyINTtru_ ~"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(5000)]
    texts += ["".join(p) for p in itertools.product("0+-.1eox", repeat=3)]
    for text in texts:
        assert _same(_resolve(text, None), _reference(text)), text


def test_a_file_is_read_whole_whatever_its_stat_size_says() -> None:
    """Files are read by their size; one whose size says 0 (as /proc's do) is still read whole."""
    from sourcing_cli.yamlio import read_bytes

    status = Path("/proc/self/status")
    if not status.is_file():
        pytest.skip("no /proc here")
    data = read_bytes(status, "status", own=True)
    assert status.stat().st_size == 0 and b"Name:" in data and b"VmRSS" in data


@pytest.mark.parametrize("written", [r'"\0"', r'"\x00"', r'"\u0000"'])
def test_a_key_that_is_a_nul_character_is_kept_like_any_other(written: str) -> None:
    """A refused key's value is built under a key of its own and dropped; a key of the file that
    happens to be that text (a NUL, written as an escape) is still the user's, kept and reported."""
    doc = load_text(f"answers:\n  {written}: 3\n  b: 2\n", "x.yaml")
    assert doc.data == {"answers": {"\x00": 3, "b": 2}}
    flow = load_text(f"answers: {{{written}: 3, [x]: 4, b: 2}}\n", "x.yaml", partial=True)
    assert flow.data == {"answers": {"\x00": 3, "b": 2}}
    assert [p.message for p in flow.problems] == ["a key must be a plain value, not a list or mapping"]

"""The YAML reader: YAML 1.2 scalars, refusals with positions, and positions of every value."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sourcing_cli.errors import InputError
from sourcing_cli.yamlio import MAX_BYTES, MAX_DEPTH, MAX_NODES, load_file, load_text


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

"""Cue and place files that are not what they should be give a DataFileError naming the file and what is wrong."""
import struct
import zlib

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.milestones import DataFileError, load_cues, load_places

LOADERS = {"cues": load_cues, "places": load_places}


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("content, message", [
    (png(), r"bad\.yml: not UTF-8 text: byte 0 cannot be decoded"),
    ("kinds:\n  talks: [talks]\n".encode("utf-16"), r"bad\.yml: not UTF-8 text \(it looks like UTF-16\)"),
    (bytes(range(256)) * 4, r"bad\.yml: not UTF-8 text"),
    (b"kinds:\x00 [a]\n", r"bad\.yml: invalid YAML"),
    (b"[" * 100_000 + b"]" * 100_000, r"bad\.yml: invalid YAML: nested too deeply"),
    (b"just text", r"bad\.yml: expected a mapping, not str"),
    (b"- a\n- b\n", r"bad\.yml: expected a mapping, not list"),
    (b"a: [b\n", r"bad\.yml:\d: invalid YAML"),
    (b"a: !!python/object/apply:os.system [ls]\n", r"bad\.yml:1: invalid YAML"),
])
def test_files_that_are_not_yaml_mappings(write, loader, content, message):
    with pytest.raises(DataFileError, match=message):
        LOADERS[loader](write("bad.yml", content), base=None)


@pytest.mark.parametrize("content, message", [
    ("kinds:\n  talks: [talks]\n  deal: 3\n", r"bad\.yml:3: kinds 'deal': expected a list of cue words"),
    ("kinds:\n  talks: [talks, 2025-02-28]\n", r"bad\.yml:2: kinds 'talks': expected a list of cue words"),
    ("kinds:\n  talks: [talks, [nested]]\n", r"bad\.yml:2: kinds 'talks': expected a list"),
    ("kinds:\n  7: [seven]\n", r"bad\.yml:2: kinds '7': the name must be text"),
    ("kinds: [talks]\n", r"bad\.yml:1: 'kinds' must map a name to a list of cue words"),
    ("status:\n  upcoming: [will]\n  maybe: [perhaps]\n", r"bad\.yml:3: status 'maybe' is not one of"),
])
def test_malformed_cue_entries_name_the_line(write, content, message):
    with pytest.raises(DataFileError, match=message):
        load_cues(write("bad.yml", content), base=None)


@pytest.mark.parametrize("content, message", [
    ("places:\n  - {name: Geneva}\n  - {country: X}\n", r"bad\.yml:3: places\[1\]: needs a 'name'"),
    ("places:\n  - {name: 5}\n", r"bad\.yml:2: places\[0\]: needs a 'name'"),
    ("places:\n  - name: Geneva\n    aliases: {a: b}\n", r"bad\.yml:2: places\[0\] \(Geneva\): 'aliases' must be a list"),
    ("places:\n  - {name: Geneva, aliases: [Genf, 3]}\n", r"places\[0\] \(Geneva\): 'aliases' must be a list of names"),
    ("places:\n  - Geneva\n", r"bad\.yml: places\[0\]: expected a mapping with a 'name', not str"),
    ("places: {Geneva: x}\n", r"bad\.yml:1: 'places' must be a list"),
])
def test_malformed_place_entries_name_the_line(write, content, message):
    with pytest.raises(DataFileError, match=message):
        load_places(write("bad.yml", content), base=None)


def test_good_files_still_load(write):
    cues = load_cues(write("cues.yml", "kinds:\n  talks: [talks, 2025-02-30]\nstatus:\n  upcoming: [will]\n"), base=None)
    assert [k for k, _ in cues.kinds] == ["talks"] and set(cues.status) == {"upcoming"}
    assert cues.kinds[0][1].search("on 2025-02-30")  # not a date, so a word as written
    places = load_places(write("places.yml", "places:\n  - {name: Geneva, aliases: [Genf]}\n"), base=None)
    assert places.find("talks in Genf") == "Geneva"


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DataFileError, match=r"nope\.yml: cannot read"):
        load_cues(tmp_path / "nope.yml", base=None)


def _checked(loader, path):
    try:
        LOADERS[loader](path, base=None)
    except DataFileError as e:
        assert "junk.yml" in str(e)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(loader=st.sampled_from(list(LOADERS)), content=st.binary(max_size=300))
def test_junk_bytes_give_only_data_file_errors(write, loader, content):
    _checked(loader, write("junk.yml", content))


_JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10) | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=3),
    max_leaves=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(loader=st.sampled_from(list(LOADERS)), section=st.sampled_from(["kinds", "status", "places", "version"]),
       value=_JUNK)
def test_junk_values_give_only_data_file_errors(write, loader, section, value):
    _checked(loader, write("junk.yml", yaml.safe_dump({section: value}, allow_unicode=True)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(loader=st.sampled_from(list(LOADERS)), text=st.text(max_size=80))
def test_junk_text_gives_only_data_file_errors(write, loader, text):
    _checked(loader, write("junk.yml", f"kinds:\n  talks: [{text}]\nplaces:\n  - {{name: {text}}}\n"))

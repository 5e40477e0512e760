"""A malformed actors file, whatever is wrong in it, gives a GazetteerError naming the file, line and entry."""
import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.gazetteer import GazetteerError, load_gazetteer

ROLE = "roles: {envoy: {titles: [special envoy]}}\n"


@pytest.mark.parametrize("actor, message", [
    ("{name: X, kind: person, side: R, roles: [{role: envoy, from: 2025-02-30}]}",
     r"bad\.yml:3: actors\[0\] \(X\), line 3, role 'envoy': 'from' must be an ISO date \(YYYY-MM-DD\), not str '2025-02-30'"),
    ("{name: X, kind: person, side: R, roles: [{role: envoy, to: 0000-00-00}]}", r"'to' must be an ISO date"),
    ("{name: X, kind: person, side: R, roles: [{role: envoy, from: 20250101}]}", r"'from' must be an ISO date.*int"),
    ("{name: X, kind: person, side: R, roles: [{role: envoy, from: [2025-01-01]}]}", r"'from' must be an ISO date.*list"),
    ("{name: X, kind: person, side: R, roles: [{role: envoy, form: 2025-01-01}]}", r"role 'envoy': unknown key\(s\) form"),
    ("{name: X, kind: person, side: R, roles: [{from: 2025-02-30}]}", r"\(X\): each of 'roles' needs a 'role' id"),
    ("{name: X, kind: person, side: R, roles: 5}", r"\(X\): 'roles' must be a list"),
    ("{name: X, kind: person, side: R, roles: envoy}", r"\(X\): 'roles' must be a list"),
    ("{name: 5, kind: person, side: R}", r"actors\[0\]: 'name' must be a string, not int 5"),
    ("{name: [X], kind: person, side: R}", r"actors\[0\]: 'name' must be a string, not list"),
    ("{name: X, kind: [person], side: R}", r"\(X\): kind \['person'\] is not one of"),
    ("{name: X, kind: person, side: 7}", r"\(X\): 'side' must be a string, not int 7"),
    ("{name: X, kind: person, side: R, aliases: {a: b}}", r"\(X\): 'aliases' must be a list of non-empty strings"),
    ("{name: X, kind: person, side: R, country: [UA]}", r"\(X\): 'country' must be a string, not list"),
    ("{name: X, kind: person, side: R, remove: 'no'}", r"\(X\): 'remove' must be true or false, not str 'no'"),
    ("{name: X, kind: person, side: R, 1: one, null: two}", r"\(X\): unknown key\(s\) 1, None"),
])
def test_malformed_values_name_file_line_and_entry(write, actor, message):
    path = write("bad.yml", f"{ROLE}actors:\n  - {actor}\n")
    with pytest.raises(GazetteerError, match=message):
        load_gazetteer(path, base=None)


def test_valid_dates_still_load(write):
    path = write("ok.yml", f"{ROLE}actors:\n  - {{name: X, kind: person, side: R, "
                           f"roles: [{{role: envoy, from: 2024-02-29, to: '2025-01-20'}}]}}\n")
    (actor,) = load_gazetteer(path, base=None).actors
    assert actor.tenures[0].start == dt.date(2024, 2, 29) and actor.tenures[0].end == dt.date(2025, 1, 20)


@pytest.mark.parametrize("content, message", [
    ("roles: {r: {titles: [t], description: [d]}}\n", r"role 'r': 'description' must be a string"),
    ("roles: {r: {titles: [t], 3: x}}\n", r"role 'r': unknown key\(s\) 3"),
    ("7: x\nactors: []\n", r"bad\.yml: unknown top-level key\(s\) 7"),
    ("actors: " + "[" * 100_000 + "]" * 100_000 + "\n", r"bad\.yml: invalid YAML"),
])
def test_malformed_structure_names_the_file(write, content, message):
    with pytest.raises(GazetteerError, match=message):
        load_gazetteer(write("bad.yml", content), base=None)


def test_a_path_with_a_nul_character_is_an_error():
    with pytest.raises(GazetteerError, match="cannot read"):
        load_gazetteer("bad\x00.yml", base=None)


_JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | st.dates() | st.datetimes(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=3),
    max_leaves=6)
_FIELDS = ["name", "kind", "side", "aliases", "acronyms", "roles", "country", "notes", "remove", "role", "from", "to",
           "titles", "description", "actors", "entry"]
_TOKENS = st.sampled_from(["2025-02-30", "0000-00-00", "9999-99-99", "2025-13-01", "[", "{", "]", "*x", "&a", "? [a]",
                           ": :", "- -", "!!python/object:os.system", "!!binary x", "!!timestamp 1", "'", '"', "#",
                           "|", ">", "\t", "\x00", "\ufeff", "null", "~", "1e400", "0x1F"])


def _document(field: str, value) -> dict:
    """A valid actors file with `value` put where `field` goes."""
    spell = {"role": "envoy", "from": dt.date(2025, 1, 20)}
    actor = {"name": "X", "kind": "person", "side": "R", "aliases": ["Ex"], "roles": [spell]}
    doc = {"version": 1, "roles": {"envoy": {"description": "Envoy", "titles": ["special envoy"]}}, "actors": [actor]}
    if field in ("role", "from", "to"):
        spell[field] = value
    elif field in ("titles", "description"):
        doc["roles"]["envoy"][field] = value
    elif field == "actors":
        doc["actors"] = value
    elif field == "entry":
        doc["actors"] = [value]
    else:
        actor[field] = value
    return doc


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(_FIELDS), value=_JUNK)
def test_junk_values_load_or_raise_gazetteer_error(write, field, value):
    path = write("junk.yml", yaml.safe_dump(_document(field, value), allow_unicode=True))
    try:
        load_gazetteer(path, base=None)
    except GazetteerError as e:
        assert "junk.yml" in str(e)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["name", "side", "aliases", "roles", "from", "to", "country"]),
       text=st.one_of(_TOKENS, st.text(max_size=20), st.lists(_TOKENS, max_size=4).map(" ".join)))
def test_junk_text_loads_or_raises_gazetteer_error(write, field, text):
    lines = {"name": "X", "side": "R", "aliases": "[Ex]", "roles": "[{role: envoy, from: 2025-01-20, to: 2026-01-01}]",
             "country": "UA"}
    if field in ("from", "to"):
        lines["roles"] = "[{role: envoy, %s: %s}]" % (field, text)
    else:
        lines[field] = text
    body = "\n".join(f"    {key}: {value}" for key, value in lines.items())
    path = write("junk.yml", f"{ROLE}actors:\n  - kind: person\n{body}\n")
    try:
        load_gazetteer(path, base=None)
    except GazetteerError as e:
        assert "junk.yml" in str(e)

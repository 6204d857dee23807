"""The stopped-walk file: whatever it holds, loading it gives a walk the engine can take, or one UserFileError."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from pos_doctor.errors import UserFileError
from pos_doctor.playbooks import saved
from pos_doctor.playbooks.engine import WalkState

GOOD_STATE = WalkState(playbook="printer-paper", frames=[["printer-paper", "open-and-load"]],
                       visits={"printer-paper/open-and-load": 1}).to_json()

_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
                     lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3),
                     max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(sorted(GOOD_STATE)), value=_json)
def test_any_field_value_loads_cleanly_or_is_refused(tmp_path_factory, field, value):
    path = tmp_path_factory.mktemp("w") / "walk.json"
    saved.save(path, dict(GOOD_STATE, **{field: value}), {"simulate": "paper-out"}, lang="zh", note="n")
    try:
        doc = saved.load(path)
    except UserFileError as exc:
        assert str(path) in str(exc)
        return
    state = WalkState.from_json(doc["state"])  # what load() accepts, the engine can hold
    assert isinstance(state.frames[-1][0], str) and all(isinstance(v, int) for v in state.visits.values())


@settings(max_examples=100, deadline=None)
@given(doc=_json)
def test_any_json_document_loads_cleanly_or_is_refused(tmp_path_factory, doc):
    path = tmp_path_factory.mktemp("w") / "walk.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    try:
        got = saved.load(path)
    except UserFileError as exc:
        assert str(path) in str(exc) and exc.problems
        return
    # accepted only as a walk of this version, with a state naming its playbook
    assert got == doc and got["version"] == saved.VERSION and isinstance(got["state"]["playbook"], str)


def test_round_trip_keeps_language_note_and_devices(tmp_path):
    path = saved.new_path({"records": {"path": str(tmp_path / "h.db")}}, "printer-paper")
    saved.save(path, GOOD_STATE, {"terminal": "/dev/ttyUSB0"}, lang="zh", note="三号台")
    doc = saved.load(path)
    assert (doc["lang"], doc["note"], doc["device"]) == ("zh", "三号台", {"terminal": "/dev/ttyUSB0"})
    walks = saved.stopped_walks({"records": {"path": str(tmp_path / "h.db")}})
    assert [(w.number, w.playbook) for w in walks] == [(1, "printer-paper")]


def test_check_results_without_a_status_are_refused(tmp_path):
    path = tmp_path / "walk.json"
    saved.save(path, dict(GOOD_STATE, checks={"printer.receipt": {"id": "printer.receipt"}}), {})
    try:
        saved.load(path)
    except UserFileError as exc:
        assert any(what.startswith("state.checks:") for _, what in exc.problems)
    else:
        raise AssertionError("a check result without a status was accepted")


def test_a_walk_saved_by_another_version_is_refused_naming_that(tmp_path):
    path = tmp_path / "walk.json"
    saved.save(path, GOOD_STATE, {"simulate": "paper-out"})
    doc = json.loads(path.read_text(encoding="utf-8"))
    for version in (saved.VERSION + 1, saved.VERSION - 1, str(saved.VERSION), None):
        path.write_text(json.dumps(dict(doc, version=version)), encoding="utf-8")
        try:
            saved.load(path)
        except UserFileError as exc:
            assert [what for _, what in exc.problems] == ["was written by another pos-doctor version"], version
            assert "由另一个版本的 pos-doctor 写入" in exc.lines("zh")[0]
        else:
            raise AssertionError(f"a walk of version {version!r} was accepted")
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert saved.load(path)["state"] == GOOD_STATE  # the same file at this version loads

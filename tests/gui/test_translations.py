"""Every string of the main window is translated into Simplified Chinese."""

import xml.etree.ElementTree as ET

import pytest

from build_scripts import translations


@pytest.fixture(scope="module")
def ts():
    return translations.ts_path("zh_CN")


def test_catalogue_has_no_unfinished_or_empty_translation(ts):
    assert ts.exists()
    assert translations.problems(ts) == []


def test_every_tr_string_in_the_sources_is_in_the_catalogue():
    """lupdate into a temp copy: a new tr() string shows up as unfinished there."""
    assert translations.missing("zh_CN") == []


def test_compiled_catalogue_is_committed_and_current(ts, tmp_path):
    copy = tmp_path / ts.name
    copy.write_bytes(ts.read_bytes())
    fresh = translations.lrelease(copy)
    assert ts.with_suffix(".qm").read_bytes() == fresh.read_bytes(), "run translations.py"


def test_placeholders_survive_translation(ts):
    for message in ET.parse(ts).getroot().iter("message"):
        source = message.findtext("source")
        target = message.findtext("translation") or ""
        for n in range(1, 4):
            assert (f"%{n}" in source) == (f"%{n}" in target), source

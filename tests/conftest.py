"""Fixtures shared by the test modules. Everything builds on ``spacy.blank("en")``: no model download."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from confection import Config
from spacy.language import Language

import kpi_extract

#: pytester runs the kpi_regression plugin's own tests (tests/test_regression_plugin.py)
pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
#: every transcript the regression tests run on
FIXTURE_FILES = sorted(FIXTURES.glob("*.txt"))
SEED = FIXTURES / "kingsoft_cloud_2022q4.txt"


def read_fixture(path: Path) -> str:
    """A fixture's text exactly as the library sees it (UTF-8, line endings untouched)."""
    return path.read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed call (Kingsoft Cloud, 2022 Q4)."""
    return read_fixture(SEED)


@pytest.fixture(scope="session")
def seed_frame(seed_text: str):
    """``extract`` of the seed call (do not modify: shared by the session)."""
    return kpi_extract.extract(seed_text, doc_id=SEED.stem)


@pytest.fixture(scope="session")
def _blank_en() -> Language:
    return spacy.blank("en")


@pytest.fixture
def blank_nlp(_blank_en: Language) -> Iterator[Language]:
    """A shared ``spacy.blank("en")``; pipes a test adds are removed afterwards."""
    before = set(_blank_en.pipe_names)
    yield _blank_en
    for name in list(_blank_en.pipe_names):
        if name not in before:
            _blank_en.remove_pipe(name)


@pytest.fixture(params=[
    lambda nlp, tmp: spacy.util.load_model_from_config(nlp.config, auto_fill=True),
    lambda nlp, tmp: spacy.util.load_model_from_config(Config().from_str(nlp.config.to_str()), auto_fill=True),
    lambda nlp, tmp: (nlp.to_disk(tmp / "pipe"), spacy.load(tmp / "pipe"))[1],
], ids=["config", "config-text", "to_disk-spacy.load"])
def rebuild(request):
    """``rebuild(nlp, tmp_path)``: a pipeline built again from ``nlp.config`` (as an object and
    as text), or saved with ``to_disk`` and read with ``spacy.load``."""
    return request.param

"""The pytest plugin of kpi_extract: the ``kpi_regression`` fixture.

Registered through the ``pytest11`` entry point, so every pytest session of an environment
where kpi_extract is installed loads it. It is a top-level module, not
``kpi_extract.pytest_plugin``, because importing anything inside the package runs
``kpi_extract/__init__.py`` (spaCy, pandas: about two seconds): loading this module imports
pytest only, and the fixture imports :mod:`kpi_extract.testing.regression` (the fixture's
class; the records and their comparison are :mod:`kpi_extract.testing.facts`) when a test
uses it.

>>> def test_acme(kpi_regression):                                   # doctest: +SKIP
...     kpi_regression.check("fixtures/acme_q3.txt")

The fixture needs pytest-regressions (``pip install "kpi_extract[pytest]"``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from kpi_extract.testing.regression import KpiRegression

__all__ = ["kpi_regression"]


@pytest.fixture
def kpi_regression(request: pytest.FixtureRequest) -> KpiRegression:
    """Golden-file regression checks of extraction output.

    ``kpi_regression.check(path_or_text, *, doc_id=None, basename=None, columns=None,
    tolerances=None, **extract_kwargs)`` extracts the text and compares its rows, sorted by
    offset, with ``<test module folder>/<basename>.yml`` (pytest-regressions'
    ``data_regression`` format, keys in column order; ``basename`` is the test's name by
    default, as pytest-regressions names files: name one to share a file). Facts are matched
    by content (the sentence, the value as written, its occurrence there), so moved facts
    are unchanged and an edited value is changed; ``value`` within a relative 1e-9 counts as
    equal. A failure lists the facts added, removed and changed. A missing golden file is written and
    the test fails once; ``--force-regen`` rewrites a golden file that differs (the test
    fails once), ``--regen-all`` rewrites them all (tests pass). See
    :meth:`kpi_extract.testing.regression.KpiRegression.check`.
    """
    try:
        data_regression = request.getfixturevalue("data_regression")
    except pytest.FixtureLookupError:
        raise ImportError("the kpi_regression fixture needs pytest-regressions, installed and enabled: "
                          'pip install "kpi_extract[pytest]"') from None
    from kpi_extract.testing.regression import KpiRegression

    return KpiRegression(data_regression, request)

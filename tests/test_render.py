"""``kpi_extract.render``: displaCy span HTML of values, metric mentions and periods."""
from __future__ import annotations

import re

import pandas as pd
import pytest
import spacy

import kpi_extract
from kpi_extract import ConfigError, InputTypeError, KpiExtractError
from kpi_extract.formatting import display_data

TEXT = ("Fourth Quarter 2022 Earnings Call.\n"
        "Total revenue was RMB 2,131 million this quarter, up 5% year-over-year.\n"
        "We hired more engineers.\n")
COLORS = display_data()["render_colors"]
LABEL = re.compile(r"^\s*((?:VALUE|METRIC|PERIOD)\b[^<\n]*?)\s*$", re.MULTILINE)


def labels(html: str) -> list[str]:
    return LABEL.findall(html)


def linked(html: str, layer: str) -> dict[int, str]:
    """value number -> the metric id (``METRIC``) or ``"period"`` its label links it to."""
    out = {}
    for label in labels(html):
        if not label.startswith(layer):
            continue
        for group in label[len(layer):].split(";"):
            m = re.match(r" ?(\S*) → ([\d, ]+)$", group)
            if m:
                for n in m.group(2).split(", "):
                    out[int(n)] = m.group(1) or "period"
    return out


def test_text_layers_labels_and_colours():
    html = kpi_extract.render(TEXT, jupyter=False)
    assert labels(html) == ["METRIC revenue → 1, 2", "VALUE 1", "PERIOD → 1", "VALUE 2"]
    for layer in ("value", "metric", "period"):
        assert f"background: {COLORS[layer]}" in html
    assert html.count('class="spans"') == 3  # one block per paragraph
    assert "engineers" in html  # a paragraph without values is drawn too


def test_doc_input_gives_the_same_labels():
    doc = kpi_extract.default_pipeline()("Total revenue was RMB 2,131 million this quarter, up 5% year-over-year.")
    assert labels(kpi_extract.render(doc, jupyter=False)) == ["METRIC revenue → 1, 2", "VALUE 1", "PERIOD → 1",
                                                              "VALUE 2"]


def test_unlinked_mentions_are_drawn_without_arrow():
    html = kpi_extract.render("Revenue grew. We spent RMB 5 million on the office last quarter.", jupyter=False)
    assert "METRIC revenue" in labels(html)
    assert all(not label.startswith("METRIC revenue →") for label in labels(html))


@pytest.mark.parametrize("bad", [None, b"Revenue was $5 million.", 42, ["Revenue was $5 million."]])
def test_bad_input_type(bad):
    with pytest.raises(InputTypeError, match="str or a spaCy Doc") as info:
        kpi_extract.render(bad, jupyter=False)
    assert isinstance(info.value, KpiExtractError) and isinstance(info.value, TypeError)


def test_doc_without_kpi_annotations():
    with pytest.raises(InputTypeError, match="kpi_values"):
        kpi_extract.render(spacy.blank("en")("Revenue was $5 million."), jupyter=False)


@pytest.mark.parametrize("window", [(5,), (10, 5), "0:10", (0.5, 3), (-1, 5), [0, 10], (True, 5)])
def test_bad_window(window):
    with pytest.raises(ConfigError, match="window"):
        kpi_extract.render(TEXT, window=window, jupyter=False)


def test_unknown_colour_layer():
    with pytest.raises(ConfigError, match="entity"):
        kpi_extract.render(TEXT, colors={"entity": "#000"}, jupyter=False)


def test_colour_override():
    html = kpi_extract.render(TEXT, colors={"value": "#ff0000"}, jupyter=False)
    assert "background: #ff0000" in html and f"background: {COLORS['value']}" not in html
    assert f"background: {COLORS['metric']}" in html


def test_page_and_empty_text():
    assert kpi_extract.render(TEXT, page=True, jupyter=False).lstrip().startswith("<!DOCTYPE html>")
    assert kpi_extract.render("", jupyter=False) == ""


def test_outside_a_notebook_the_html_is_returned():
    assert isinstance(kpi_extract.render(TEXT), str)


# ---------------------------------------------------------------- the seed call
@pytest.fixture(scope="module")
def seed_html(seed_text):
    return kpi_extract.render(seed_text, jupyter=False)


def test_seed_every_value_is_numbered_in_text_order(seed_html, seed_frame):
    values = [label for label in labels(seed_html) if label.startswith("VALUE")]
    assert values == [f"VALUE {n}" for n in range(1, len(seed_frame) + 1)]


def test_seed_metric_links_are_the_frame_links(seed_frame, seed_html):
    """The metric label of value n names the metric of row n-1 of ``extract``."""
    shown = linked(seed_html, "METRIC")
    rows = seed_frame.reset_index(drop=True)
    expected = {i + 1: (m if isinstance(m, str) else "open")
                for i, (m, s) in enumerate(zip(rows["metric"].astype(object), rows["metric_start"]))
                if not pd.isna(s)}
    assert shown == expected


def test_seed_period_links(seed_frame, seed_html):
    shown = linked(seed_html, "PERIOD")
    with_period = {i + 1 for i, t in enumerate(seed_frame["period_text"].astype(object)) if isinstance(t, str)}
    assert set(shown) == with_period


def test_seed_window(seed_text):
    start, end = seed_text.index("Lastly, our total revenue"), seed_text.index("With a more balanced")
    html = kpi_extract.render(seed_text, window=(start, end), jupyter=False)
    assert [label for label in labels(html) if label.startswith("VALUE")] == ["VALUE 1", "VALUE 2", "VALUE 3",
                                                                              "VALUE 4"]
    assert "2,131" in html and "1,057.6" not in html and "Lastly" in html and "opment" not in html


def test_seed_only_sentences_with_values(seed_text, seed_frame):
    html = kpi_extract.render(seed_text, only_values=True, jupyter=False)
    assert html.count('class="spans"') == seed_frame["sentence"].nunique()
    assert "Thank you" not in html


"""``kpi_extract.render``: displaCy HTML of values, metric mentions and periods, on the text
as written, labelled with the frame's row index and the normalized value."""
from __future__ import annotations

import html as htmllib
import re

import pandas as pd
import pytest
import spacy

import kpi_extract
from kpi_extract import ConfigError, FrameError, InputTypeError, KpiExtractError
from kpi_extract.formatting import display_data, format_value
from kpi_extract.show.evidence import PHRASE_CHARS
from kpi_extract.show.render import SKIP_CHARS

TEXT = ("Fourth Quarter 2022 Earnings Call.\n"
        "Total revenue was RMB 2,131 million this quarter, up 7.9% year-over-year.\n"
        "We hired more engineers.\n")
COLORS = display_data()["render_colors"]
MARK = re.compile(r'<mark class="entity" style="background: ([^;]+);[^>]*>\s*(.*?)\s*<span[^>]*>(.*?)</span>\s*</mark>',
                  re.S)


def marks(html: str) -> list[tuple[str, str, str]]:
    """``(layer, text, label)`` of each mark, in text order."""
    layer = {v: k for k, v in COLORS.items()}
    return [(layer.get(bg, bg), htmllib.unescape(text), htmllib.unescape(label)) for bg, text, label in MARK.findall(html)]


def labels(html: str, layer: str | None = None) -> list[str]:
    return [label for kind, _, label in marks(html) if layer is None or kind == layer]


def linked(html: str, layer: str) -> dict[int, str]:
    """row -> the metric id (or quoted phrase) / resolved period its ``layer`` mark links it to
    (a metric mention inside a value is in the value's label, after " · ")."""
    out = {}
    shown = labels(html, layer) + ([label.split(" · ", 1)[1] for label in labels(html, "value") if " · " in label]
                                   if layer == "metric" else [])
    for label in shown:
        for group in label.split("; "):
            m = re.match(r"(.*) → ([#\d, ]+)$", group)
            if m:
                for n in m.group(2).split(", "):
                    out[int(n.lstrip("#"))] = m.group(1)
    return out


def plain(html: str) -> str:
    """The text of the blocks, marks' labels left out, whitespace as a browser shows it."""
    body = re.sub(r'<div class="kpi-(legend|skipped)".*?</div>', "", html, flags=re.S)
    body = re.sub(r"<span[^>]*>.*?</span>", "", body, flags=re.S).replace("<br>", "\n")
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", body)).split())


def test_text_marks_labels_and_colours():
    html = kpi_extract.render(TEXT, jupyter=False)
    assert marks(html) == [("metric", "Total revenue", "revenue → #0, #1"), ("value", "RMB 2,131 million", "#0 RMB 2.13bn"),
                           ("period", "this quarter", "2022 Q4 → #0"), ("value", "7.9%", "#1 7.9%")]
    assert html.count('class="entities"') == 3  # one block per paragraph
    assert "engineers" in html  # a paragraph without values is drawn too


@pytest.mark.parametrize("text, shown", [
    ("Gross margin was 7.9%, up year-over-year.", "7.9%, up year-over-year."),
    ("Revenue was RMB 2,131 million (US$ 309 million).", "(US$ 309 million)."),
    ("Net income was $5 million; EPS was $0.12.", "was $5 million; EPS was $0.12."),
])
def test_the_text_is_shown_as_written_not_as_tokens(text, shown):
    assert shown in plain(kpi_extract.render(text, jupyter=False))


def test_a_legend_names_the_layers():
    html = kpi_extract.render(TEXT, jupyter=False)
    legend = re.search(r'<div class="kpi-legend".*?</div>', html, re.S).group(0)
    for layer in ("value", "metric", "period"):
        assert f"background: {COLORS[layer]}" in legend and f">{layer}</mark>" in legend


def test_labels_never_overlap_marks_do_not_nest():
    html = kpi_extract.render("In Q4 revenue was $5 million, EPS $0.12, margin 7.9%, up 1.2 pp, 3x.", jupyter=False)
    body = html[html.index('<div class="entities"'):]
    assert body.count("<mark") == body.count("</mark>") == len(marks(html)) >= 8
    assert not re.search(r"<mark(?:(?!</mark>).)*<mark", body, re.S)


def test_doc_input_gives_the_same_marks():
    doc = kpi_extract.default_pipeline()("Total revenue was RMB 2,131 million this quarter, up 7.9% year-over-year.")
    assert labels(kpi_extract.render(doc, jupyter=False)) == ["revenue → #0, #1", "#0 RMB 2.13bn", "period → #0",
                                                              "#1 7.9%"]


def test_unlinked_mentions_are_drawn_without_arrow():
    html = kpi_extract.render("Revenue grew. We spent RMB 5 million on the office last quarter.", jupyter=False)
    assert "revenue" in labels(html, "metric")
    assert all("→" not in label for label in labels(html, "metric") if label.startswith("revenue"))


def test_an_open_vocabulary_link_shows_its_phrase():
    text = "Our cloud spend was RMB 5 million and our remarkable increase in adjusted stock profit was RMB 169 million."
    df = kpi_extract.extract(text, reporting_period="2022Q4")
    html = kpi_extract.render(text, df=df, jupyter=False)
    open_rows = df.index[df["metric"].isna() & df["metric_text"].notna()]
    assert len(open_rows) > 0
    for i in open_rows:
        phrase = df.loc[i, "metric_text"].lower()
        shown = linked(html, "metric")[i]
        assert shown.startswith('"') and shown.endswith('"') and "open" not in shown
        if len(phrase) <= PHRASE_CHARS:
            assert shown == f'"{phrase}"'
        else:
            assert shown.endswith('…"') and phrase.startswith(shown[1:-2]) and len(shown) <= PHRASE_CHARS + 2


def test_a_given_frame_numbers_the_values_with_its_index():
    df = kpi_extract.extract(TEXT, reporting_period="2023Q1").set_axis([10, 11])
    html = kpi_extract.render(TEXT, df=df, jupyter=False)
    assert labels(html, "value") == ["#10 RMB 2.13bn", "#11 7.9%"]
    assert labels(html, "period") == ["2023 Q1 → #10"]


def test_a_frame_without_the_columns_is_a_frame_error():
    with pytest.raises(FrameError, match="render"):
        kpi_extract.render(TEXT, df=pd.DataFrame({"start": [0]}), jupyter=False)


def test_a_long_text_starts_at_its_first_value():
    boiler = "Operator: Good day and welcome to the call. Please note this event is being recorded.\n" * 30
    text = boiler + TEXT
    html = kpi_extract.render(text, jupyter=False)
    assert "Good day" not in plain(html) and "Total revenue" in plain(html)
    assert f"{text.index('Total revenue'):,} characters before the first value" in html
    assert "Good day" in plain(kpi_extract.render(text, window=(0, len(text)), jupyter=False))
    assert "Fourth Quarter" in plain(kpi_extract.render(TEXT, jupyter=False))  # short: from the start
    assert len(boiler) > SKIP_CHARS


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
    return kpi_extract.render(seed_text, window=(0, len(seed_text)), jupyter=False)


def test_seed_every_value_is_labelled_with_its_row_and_value(seed_html, seed_frame):
    expected = [f"#{i} {format_value(v, u, qualifier=q)}"
                for i, v, u, q in zip(seed_frame.index, seed_frame["value"], seed_frame["unit"], seed_frame["qualifier"])]
    assert [label.split(" · ")[0] for label in labels(seed_html, "value")] == expected
    texts = [text for kind, text, _ in marks(seed_html) if kind == "value"]
    assert [" ".join(t.split()) for t in texts] == [" ".join(t.split()) for t in seed_frame["value_text"]]


def test_seed_metric_links_are_the_frame_links(seed_frame, seed_html):
    shown = linked(seed_html, "metric")
    with_mention = seed_frame[seed_frame["metric_start"].notna()]
    assert set(shown) == set(with_mention.index)
    for i, metric in with_mention["metric"].astype(object).items():
        if isinstance(metric, str):
            assert shown[i] == metric
        else:
            assert shown[i].startswith('"')


def test_seed_period_links(seed_frame, seed_html):
    shown = linked(seed_html, "period")
    with_period = set(seed_frame.index[seed_frame["period_text"].notna()])
    assert set(shown) == with_period
    for i in with_period:
        y, p = seed_frame.loc[i, "fiscal_year"], seed_frame.loc[i, "fiscal_period"]
        assert shown[i] in ("period", f"{y} {p}")


def test_seed_starts_at_the_first_value(seed_text, seed_frame):
    html = kpi_extract.render(seed_text, jupyter=False)
    first = int(seed_frame["start"].min())
    assert first > SKIP_CHARS and "characters before the first value" in html
    assert labels(html, "value")[0].startswith("#0 ")


def test_seed_window_keeps_the_row_index(seed_text, seed_frame):
    start, end = seed_text.index("Lastly, our total revenue"), seed_text.index("With a more balanced")
    html = kpi_extract.render(seed_text, window=(start, end), jupyter=False)
    inside = seed_frame[(seed_frame["start"] >= start) & (seed_frame["end"] <= end)]
    assert [int(label.split()[0].lstrip("#")) for label in labels(html, "value")] == list(inside.index)
    assert inside.index[0] > 0
    assert "2,131" in html and "1,057.6" not in html and "Lastly" in html and "opment" not in html


def test_seed_only_sentences_with_values(seed_text, seed_frame):
    html = kpi_extract.render(seed_text, only_values=True, jupyter=False)
    assert html.count('class="entities"') == seed_frame["sentence"].nunique()
    assert "Thank you" not in html

"""The building blocks of the data-file schemas (:mod:`kpi_extract.lexicon.schemas`): a
strict pydantic base model and the field types the files share.

pydantic (v2) does the checking rather than hand-written ``isinstance`` tests: one model per
data file documents its format, and a ``ValidationError`` carries the place of every fault
(``("metrics", 3, "synonyms", 0)``), which :func:`kpi_extract.lexicon.check` turns into a
``LexiconError`` naming the file, the entry and the field.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

__all__ = ["Data", "Phrase", "Words", "Forms", "Ints", "Factors", "Count", "Positive", "Fraction"]


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("a word or phrase must not be blank")
    return text


class Data(BaseModel):
    """A record of a data file. Every field is optional (an extension holds any part of a
    file; what a whole file must hold is checked by the code reading it); an unknown key is
    an error (a misspelt key would otherwise be ignored); keys starting with ``_`` are notes
    (``_comment``, ``_doc``, ``_what``) and are skipped; types are strict (``"5"`` is no
    number, ``1`` no word, ``true`` no count)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    @model_validator(mode="before")
    @classmethod
    def skip_notes(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            return {k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("_"))}
        return data


#: a word or phrase (not blank)
Phrase = Annotated[str, AfterValidator(_not_blank)]
#: a list of words or phrases
Words = list[Phrase]
#: surface forms mapped to a name (a unit, a scale, a label ...)
Forms = dict[Phrase, Phrase]
#: a count (an int >= 0)
Count = Annotated[int, Field(ge=0)]
#: an int >= 1
Positive = Annotated[int, Field(ge=1)]
#: surface forms mapped to an int (an ordinal, a year offset ...)
Ints = dict[Phrase, int]
#: surface forms mapped to a factor (a number > 0: ``"doubled"`` -> 2)
Factors = dict[Phrase, Annotated[float, Field(gt=0.0)]]
#: a number in [0, 1]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]

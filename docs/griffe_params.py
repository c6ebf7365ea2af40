"""A griffe extension for the API reference (mkdocs.yml loads it): kpi_extract's docstrings
write numpy parameters as ``name : what it is`` and let the signature's annotation give the
type, where numpydoc reads the text after `` : `` as the type. Each such line of a
``Parameters`` section becomes ``name`` with the text as its first description line, so the
reference shows the annotation as the type and the text as the description. Sphinx roles
(``:func:`~kpi_extract.api.extract` ``) become code (``extract``)."""
from __future__ import annotations

import re
from typing import Any

from griffe import Extension

_SECTION = re.compile(r"^(Parameters|Other Parameters)\n-+\n(.*?)(?=\n\n\S[^\n]*\n-+\n|\Z)", re.S | re.M)
_ROLE = re.compile(r":(?:func|class|meth|mod|data|attr|exc|obj):`(~?)([\w.]+)`")
_ITEM = re.compile(r"^(\*{0,2}\w+(?:, \*{0,2}\w+)*) : (.*)$", re.M)


def unfold(text: str) -> str:
    """``text`` with ``name : description`` lines of its Parameters sections as ``name`` and
    an indented ``description``."""
    text = _ROLE.sub(lambda m: f"`{m.group(2).rsplit('.', 1)[-1] if m.group(1) else m.group(2)}`", text)
    return _SECTION.sub(lambda m: m.group(0).replace(m.group(2), _ITEM.sub(r"\1\n    \2", m.group(2))), text)


class ColonDescriptions(Extension):
    """Rewrites the docstring of every object as :func:`unfold` says."""

    def on_object(self, *, obj: Any, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = unfold(obj.docstring.value)

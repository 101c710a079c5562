"""The eight cooperation axes of the Cities Network's Memorandum of Understanding.

The texts come from the updated MoU as quoted in the Kallithea council memo
(ref. 31502); the English versions and the examples are ours. The examples
give the axis linker words and phrases that typical practices under each axis use.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Axis:
    number: int
    title_el: str
    title_en: str
    text_el: str
    text_en: str
    examples_el: tuple[str, ...]
    examples_en: tuple[str, ...]

    def title(self, lang: str = "el") -> str:
        return self.title_en if lang == "en" else self.title_el

    def text(self, lang: str = "el") -> str:
        return self.text_en if lang == "en" else self.text_el


@lru_cache(maxsize=1)
def all_axes() -> tuple[Axis, ...]:
    raw = json.loads(resources.files("kb").joinpath("axes.json").read_text("utf-8"))
    return tuple(
        Axis(
            number=a["number"],
            title_el=a["title_el"],
            title_en=a["title_en"],
            text_el=a["text_el"],
            text_en=a["text_en"],
            examples_el=tuple(a["examples_el"]),
            examples_en=tuple(a["examples_en"]),
        )
        for a in raw
    )


def get_axis(number: int) -> Axis:
    for axis in all_axes():
        if axis.number == number:
            return axis
    raise KeyError(f"no MoU axis {number}: axes are numbered 1 to 8")


AXIS_NUMBERS = tuple(range(1, 9))

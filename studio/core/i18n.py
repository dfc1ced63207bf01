"""Two-language text. Strings live next to the code that shows them, as Text(zh, en) pairs."""

from __future__ import annotations

import os
from dataclasses import dataclass

LANGS = ("zh", "en")


def default_lang() -> str:
    lang = os.environ.get("QIXI_LANG", "zh")
    return lang if lang in LANGS else "zh"


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def __call__(self, lang: str | None = None, **fmt) -> str:
        lang = lang or default_lang()
        s = self.en if lang == "en" else self.zh
        return s.format(**{k: v(lang) if isinstance(v, Text) else v for k, v in fmt.items()}) if fmt else s

    def format(self, **fmt) -> Text:
        return Text(self("zh", **fmt), self("en", **fmt))  # a Text among the values goes in per language


class UserError(Exception):
    """A problem the user caused and can fix. Carries one sentence in each language.

    The UI and CLI show `err.text(lang)`; never a traceback.
    """

    def __init__(self, zh: str | Text, en: str | None = None):
        self.msg = zh if isinstance(zh, Text) else Text(zh, en if en is not None else zh)
        super().__init__(self.msg.en)

    def text(self, lang: str | None = None) -> str:
        return self.msg(lang)

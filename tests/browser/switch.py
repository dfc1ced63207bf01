"""Choosing the page's language as a person does: after the page has opened the switch."""

from __future__ import annotations

OPEN = (
    "() => { const r = [...document.querySelectorAll('#lang-switch input')]; return r.length > 0 && !r[0].disabled; }"
)


def choose_language(page, name: str, tap: bool = False, timeout_ms: int = 90000) -> None:
    """The switch opens when the page's load has run (studio/ui/shell.py). A click in the very instant it opens
    can land on the element Gradio is replacing, which no person manages; such a click is made again."""
    page.wait_for_function(OPEN, timeout=timeout_ms)
    radio = page.locator("#lang-switch").get_by_role("radio", name=name)
    for _ in range(3):
        label = page.locator("#lang-switch").get_by_text(name)
        label.tap() if tap else label.click()
        try:
            page.wait_for_function("(el) => el.checked", arg=radio.element_handle(), timeout=5000)
            return
        except Exception:
            continue
    raise AssertionError(f"the language switch did not take {name}")

"""Waiting for a Gradio page to settle instead of sleeping a fixed time after a click."""

from __future__ import annotations

# Busy while any status tracker shows its timer (Gradio draws `.progress-text` for a pending event, and removes it
# when the event is done); settled once the page's text has not changed for `quiet` ms with nothing busy. A tab's
# events start within ~0.2 s of the click (seen on the Chinese page, 2026-12-07), hence the floor of `least` ms.
QUIET_JS = """([quiet, least]) => {
  const w = window, now = performance.now(), text = document.body.innerText;
  if (w.__settleT0 === undefined) { w.__settleT0 = now; }
  if (document.querySelector('.progress-text') || text !== w.__settleText) {
    w.__settleText = text; w.__settleSince = now; return false;
  }
  if (now - w.__settleSince < quiet || now - w.__settleT0 < least) return false;
  delete w.__settleT0; delete w.__settleText; return true;
}"""


def settle(page, quiet_ms: int = 700, least_ms: int = 900, timeout_ms: int = 30000) -> None:
    """Returns once the page's events are done and its text has stood still for `quiet_ms` (at least `least_ms`
    after the call). A page that never settles (a clock on it) still returns after `timeout_ms`, as a sleep would."""
    page.evaluate("() => { delete window.__settleT0; delete window.__settleText; }")
    try:
        page.wait_for_function(QUIET_JS, arg=[quiet_ms, least_ms], polling=100, timeout=timeout_ms)
    except Exception as e:  # noqa: BLE001 - Playwright's TimeoutError; the test's own assertions judge the page
        if "Timeout" not in type(e).__name__:
            raise

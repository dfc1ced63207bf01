() => {
  // Keeps the page in step with the workspace without Gradio timers (studio/jobs/pulse.py says why).
  // Every 2 s a plain fetch asks for the workspace's fingerprint: its state (v) and a running job's
  // progress (p). Only when one changed does the page click the hidden refresh button of the jobs bar
  // and of the open tab: at once for the state, at most every `every` seconds for the progress (each
  // refresh costs the browser far more than the server). Opening a tab refreshes it at once, so every
  // tab shows the workspace as it is when opened. A hidden page asks nothing.
  if (window.qixiPulse) return;
  window.qixiPulse = true;
  if (new URLSearchParams(window.location.search).has("annotator")) return;   // a partner's card
  const base = window.location.pathname.replace(/\/+$/, "");
  let last = null, lastTab = null, busy = false, settle = false;
  let progress = null, moved = false, pressedAt = -Infinity, every = 6000;
  const press = (id) => { const b = document.getElementById(id); if (b) b.click(); };
  const openTab = () => {
    const t = document.querySelector("#tabs button[role=tab][aria-selected=true]");
    return t && t.id ? t.id.replace(/-button$/, "") : null;
  };
  const beat = async (ask) => {
    if (busy || document.hidden) return;
    busy = true;
    try {
      let now = last;
      if (ask) {
        const r = await fetch(base + "/qixi/pulse", { cache: "no-store", credentials: "same-origin" });
        if (r.ok) {
          const j = await r.json();
          now = j.v;
          if (j.p !== progress) { moved = true; progress = j.p; }
          if (j.every) every = j.every * 1000;
        }
      }
      const tab = openTab();
      // One more press on the beat after a change: an answer that was computed before the change and
      // arrived after it is corrected within a beat (a view redraws only what differs from what it shows).
      // (a beat's fetch takes a moment: half a second of slack keeps a 6 s limit from becoming 8 s)
      const due = moved && performance.now() - pressedAt >= every - 500;
      if (now !== last || settle || due) {
        press("pulse-bar"); if (tab) press("pulse-" + tab);
        moved = false; pressedAt = performance.now();
      }
      else if (tab && tab !== lastTab) press("pulse-" + tab);
      settle = now !== last;
      last = now; lastTab = tab;
    } catch (e) { /* the server restarts: ask again on the next beat */ }
    finally { busy = false; }
  };
  // After a language switch (studio/ui/shell.py calls this once the switch is done): views built
  // from the store are rebuilt in the new language.
  window.qixiPulseNow = () => { press("pulse-bar"); const t = openTab(); if (t) press("pulse-" + t); };
  setInterval(() => beat(true), 2000);
  // A tab opened by a click or by a button that switches tabs: refresh it without waiting.
  new MutationObserver(() => { if (openTab() !== lastTab) beat(false); })
    .observe(document.body, { subtree: true, attributes: true, attributeFilter: ["aria-selected"] });
  document.addEventListener("visibilitychange", () => { if (!document.hidden) beat(true); });
}

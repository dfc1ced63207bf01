() => {
  // Keyboard and tap shortcuts for the Annotate tab's labelling card (studio/ui/annotate_tab.py).
  // 1-4 choose, Enter confirm (Ctrl+Enter inside a text box), U undo, S skip, B back;
  // tapping a reply card chooses it. Installed once per page.
  if (window.qixiAnnotateKeys) return;
  window.qixiAnnotateKeys = true;
  // A partner's personal link shows the labelling card only (style.css hides the rest).
  if (new URLSearchParams(window.location.search).has("annotator")) {
    document.documentElement.classList.add("qixi-annotator-mode");
  }
  const shown = (el) => !!el && el.offsetParent !== null;
  const press = (id) => {
    const el = document.getElementById(id);
    const btn = el && (el.tagName === "BUTTON" ? el : el.querySelector("button"));
    if (shown(btn) && !btn.disabled) btn.click();
  };
  const choose = (k) => {
    const inputs = document.querySelectorAll("#ann-choice input[type=radio]");
    if (inputs[k] && shown(inputs[k].closest("label") || inputs[k])) inputs[k].click();
  };
  document.addEventListener("keydown", (ev) => {
    if (!shown(document.getElementById("ann-work")) || ev.altKey || ev.isComposing) return;
    const t = ev.target;
    const typing = t && (t.tagName === "TEXTAREA" || t.isContentEditable ||
                         (t.tagName === "INPUT" && !["radio", "checkbox", "button"].includes(t.type)));
    if (typing) {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); press("ann-confirm"); }
      return;
    }
    if (ev.ctrlKey || ev.metaKey) return;
    const key = ev.key.toLowerCase();
    if (["1", "2", "3", "4"].includes(key)) { ev.preventDefault(); choose(Number(key) - 1); }
    else if (key === "enter") { ev.preventDefault(); press("ann-confirm"); }
    else if (key === "u") { ev.preventDefault(); press("ann-undo"); }
    else if (key === "s") { ev.preventDefault(); press("ann-skip"); }
    else if (key === "b") { ev.preventDefault(); press("ann-back"); }
  });
  // Undo and back must also work on the "all done" card, where the choices are hidden.
  document.addEventListener("keydown", (ev) => {
    if (shown(document.getElementById("ann-work")) || !shown(document.getElementById("ann-nav"))) return;
    const t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey || (t && (t.tagName === "TEXTAREA" || t.tagName === "INPUT"))) return;
    const key = ev.key.toLowerCase();
    if (key === "u") { ev.preventDefault(); press("ann-undo"); }
    else if (key === "b") { ev.preventDefault(); press("ann-back"); }
  });
  document.addEventListener("click", (ev) => {
    const reply = ev.target.closest && ev.target.closest("#ann-view .qa-reply[data-side]");
    if (reply) choose(reply.dataset.side === "left" ? 0 : 1);
  });
  // The owner's partner cards (#ann-links): copy here; renew and turn-off go to the hidden buttons with
  // the card's name (the events read window.qixiLinkWho); turning off asks on the card first.
  const copyText = async (text, code) => {
    try { await navigator.clipboard.writeText(text); return true; } catch (e) { /* not a secure page */ }
    const range = document.createRange();
    range.selectNodeContents(code);
    const sel = window.getSelection();
    sel.removeAllRanges(); sel.addRange(range);
    try { return document.execCommand("copy"); } catch (e) { return false; }
  };
  document.addEventListener("click", async (ev) => {
    const btn = ev.target.closest && ev.target.closest("#ann-links button[data-act]");
    if (!btn) return;
    const card = btn.closest(".qa-link");
    const ask = card.querySelector(".qa-link-ask");
    const acts = card.querySelector(".qa-link-text > .qa-link-acts");
    const act = btn.dataset.act;
    if (act === "copy") {
      const code = card.querySelector("code");
      const ok = await copyText(code.innerText, code);
      const was = btn.dataset.label || btn.textContent;
      btn.dataset.label = was;
      btn.textContent = ok ? btn.dataset.done : btn.dataset.manual;
      setTimeout(() => { btn.textContent = was; }, 2500);
    } else if (act === "revoke") {
      ask.hidden = false; acts.hidden = true;
      ask.querySelector("button[data-act=cancel]").focus();
    } else if (act === "cancel") {
      ask.hidden = true; acts.hidden = false;
    } else if (act === "renew" || act === "revoke-yes") {
      window.qixiLinkWho = card.dataset.name;
      btn.disabled = true;        // until the cards are redrawn (or a while, if the server said no)
      setTimeout(() => { btn.disabled = false; }, 8000);
      const el = document.getElementById(act === "renew" ? "ann-link-renew" : "ann-link-revoke");
      const hidden = el && (el.tagName === "BUTTON" ? el : el.querySelector("button"));
      if (hidden) hidden.click();
    }
  });
}

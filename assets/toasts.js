() => {
  // Gradio 6.31 titles a toast with its type in English ("Info", "Warning", "Error"), whatever the page's
  // language, and takes no title from the server. This names it in the language chosen on the page.
  if (window.qixiToasts) return;
  window.qixiToasts = true;
  const WORDS = {
    zh: { info: "提示", warning: "注意", error: "出错了", success: "完成" },
    en: { info: "Info", warning: "Warning", error: "Error", success: "Done" },
  };
  const lang = () => {
    const on = document.querySelector("#lang-switch input:checked");
    return on && on.value === "en" ? "en" : "zh";
  };
  const name = (title) => {
    const kind = ["info", "warning", "error", "success"].find((k) => title.classList.contains(k));
    const text = [...title.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    const word = kind && WORDS[lang()][kind];
    if (text && word && text.textContent.trim() !== word) text.textContent = word + " ";
  };
  new MutationObserver(() => document.querySelectorAll(".toast-title").forEach(name))
    .observe(document.body, { childList: true, subtree: true, characterData: true });
}

// showcase serve: reload this page after every good rebuild; show content errors over it
// after a bad one (the page keeps showing the last good site). Never part of `build` output.
(() => {
  "use strict";
  const me = document.currentScript;
  const generation = me ? me.dataset.generation : "";
  // The server lists the errors in a page served while the content has them.
  let box = document.getElementById("showcase-problems");

  const hide = () => {
    if (box) {
      box.remove();
      box = null;
    }
  };

  const show = (text) => {
    if (!box) {
      box = document.createElement("div");
      box.id = "showcase-problems";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:60vh;overflow:auto;" +
        "margin:0;padding:1rem 1.25rem;background:#1a1f2b;color:#fff;border-top:6px solid #e5484d;" +
        "box-shadow:0 -4px 24px rgba(0,0,0,.35);font:15px/1.5 system-ui,sans-serif;text-align:left";
      const head = document.createElement("div");
      head.style.cssText = "display:flex;gap:1rem;align-items:center;justify-content:space-between";
      const title = document.createElement("strong");
      title.textContent =
        generation === "0"
          ? "The site has errors and is not built yet. It is served as soon as they are fixed."
          : "The content has errors. This page shows the last good version of the site.";
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "Dismiss";
      close.style.cssText =
        "min-width:44px;min-height:32px;padding:.25rem .75rem;font:inherit;cursor:pointer;" +
        "color:#1a1f2b;background:#fff;border:2px solid #fff;border-radius:4px";
      close.addEventListener("click", hide);
      const list = document.createElement("pre");
      list.style.cssText =
        "margin:.75rem 0 0;white-space:pre-wrap;word-break:break-word;" +
        "font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#fff;background:none";
      head.append(title, close);
      box.append(head, list);
      document.body.append(box);
    }
    // Text, never markup: messages quote content.
    box.querySelector("pre").textContent = text;
  };

  if (box) {
    const close = box.querySelector("button");
    close.hidden = false;
    close.addEventListener("click", hide);
  }

  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") hide();
  });

  const events = new EventSource("/__showcase/events");
  // A rebuild may have finished between serving this page and connecting.
  events.addEventListener("hello", (e) => {
    if (e.data !== generation) location.reload();
  });
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("problems", (e) => show(e.data));
  events.addEventListener("clear", hide);
})();

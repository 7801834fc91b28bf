/* global document, window, URL */
/*
 * tagteam chat embed. Add to any page:
 *   <script src="https://YOUR-TAGTEAM/embed.js" data-chat-key="TEAM_CHAT_KEY" data-title="Chat with us" async></script>
 * It adds a button that opens the customer chat in an iframe served by tagteam. Nothing internal
 * is loaded into the host page.
 */
(function () {
  var script = document.currentScript;
  if (!script) return;
  var key = script.getAttribute("data-chat-key") || "";
  var title = script.getAttribute("data-title") || "Chat with us";
  var origin = new URL(script.src, window.location.href).origin;
  var src = origin + "/widget.html?key=" + encodeURIComponent(key) + "&title=" + encodeURIComponent(title);

  var button = document.createElement("button");
  button.type = "button";
  button.textContent = title;
  button.setAttribute("aria-expanded", "false");
  button.style.cssText =
    "position:fixed;right:20px;bottom:20px;z-index:2147483000;padding:12px 18px;border:0;border-radius:24px;" +
    "background:#1f5f73;color:#fff;font:600 14px system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.2);cursor:pointer";

  var frame = null;
  button.addEventListener("click", function () {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.src = src;
      frame.title = title;
      frame.style.cssText =
        "position:fixed;right:20px;bottom:76px;z-index:2147483000;width:min(380px,calc(100vw - 40px));" +
        "height:min(560px,calc(100vh - 100px));border:1px solid #e3e6ea;border-radius:10px;background:#fff;" +
        "box-shadow:0 8px 32px rgba(0,0,0,.2)";
      document.body.appendChild(frame);
    } else {
      frame.style.display = frame.style.display === "none" ? "block" : "none";
    }
    button.setAttribute("aria-expanded", frame.style.display === "none" ? "false" : "true");
  });
  document.body.appendChild(button);
})();

/*
 * Đồng hành chat bubble. One tag on any page:
 *   <script src="https://<server>/widget.js" data-title="Hỏi đáp cùng Đồng hành" data-color="#0b5394"
 *           data-commune="Xã Định Hòa" defer></script>
 * adds a round button at the bottom right; it opens the chat in a panel (full screen on phones). The chat runs in an
 * iframe served by the Đồng hành server, so the host page's styles and scripts cannot break it, and nothing is
 * downloaded until the citizen opens it.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__dongHanhWidget) return;
  window.__dongHanhWidget = true;

  var data = script.dataset || {};
  var origin = new URL(script.src, window.location.href).origin;
  var title = (data.title || 'Hỏi đáp cùng Đồng hành').slice(0, 80);
  var color = /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/.test(data.color || '') ? data.color : '#0b5394';
  var commune = (data.commune || '').slice(0, 80);

  var css =
    '.dh-w-btn{position:fixed;right:16px;bottom:16px;z-index:2147483000;width:64px;height:64px;border-radius:50%;border:0;' +
    'background:' + color + ';color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.3);cursor:pointer;display:flex;align-items:center;justify-content:center}' +
    '.dh-w-btn:focus-visible{outline:3px solid #f1c232;outline-offset:3px}' +
    '.dh-w-btn svg{width:32px;height:32px}' +
    '.dh-w-panel{position:fixed;right:16px;bottom:92px;z-index:2147483000;width:400px;height:min(640px,calc(100vh - 110px));' +
    'background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);display:none;flex-direction:column;overflow:hidden;' +
    "font-family:'Noto Sans','Segoe UI',Roboto,Arial,sans-serif}" +
    '.dh-w-panel[data-open="true"]{display:flex}' +
    '.dh-w-head{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:10px 12px;background:' + color + ';color:#fff}' +
    '.dh-w-head h2{margin:0;font-size:18px;font-weight:600}' +
    '.dh-w-close{min-width:44px;min-height:44px;border:0;border-radius:22px;background:rgba(255,255,255,.15);color:#fff;font-size:16px;cursor:pointer}' +
    '.dh-w-close:focus-visible{outline:3px solid #f1c232}' +
    '.dh-w-frame{flex:1;border:0;width:100%}' +
    '@media (max-width:600px){.dh-w-panel{right:0;bottom:0;width:100vw;height:100vh;border-radius:0}}';

  var style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);

  var button = document.createElement('button');
  button.type = 'button';
  button.className = 'dh-w-btn';
  button.setAttribute('aria-label', 'Mở hộp hỏi đáp: ' + title);
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'dh-w-panel');
  button.innerHTML =
    '<svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor"><path d="M12 3C6.5 3 2 6.6 2 11c0 2.3 1.2 4.4 3.2 5.9L4.5 21l4.2-2.3c1 .3 2.1.4 3.3.4 5.5 0 10-3.6 10-8s-4.5-8-10-8z"/></svg>';

  var panel = document.createElement('div');
  panel.id = 'dh-w-panel';
  panel.className = 'dh-w-panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', title);
  var head = document.createElement('div');
  head.className = 'dh-w-head';
  var heading = document.createElement('h2');
  heading.textContent = title;
  var close = document.createElement('button');
  close.type = 'button';
  close.className = 'dh-w-close';
  close.textContent = 'Đóng';
  close.setAttribute('aria-label', 'Đóng hộp hỏi đáp');
  head.appendChild(heading);
  head.appendChild(close);
  panel.appendChild(head);

  var frame = null;
  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.className = 'dh-w-frame';
      frame.title = title;
      var query = 'title=' + encodeURIComponent(title) + '&color=' + encodeURIComponent(color) + '&commune=' + encodeURIComponent(commune);
      frame.src = origin + '/embed?' + query;
      panel.appendChild(frame);
    }
    panel.setAttribute('data-open', 'true');
    button.setAttribute('aria-expanded', 'true');
    close.focus();
  }
  function hide() {
    panel.setAttribute('data-open', 'false');
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }
  button.addEventListener('click', function () {
    if (panel.getAttribute('data-open') === 'true') hide();
    else open();
  });
  close.addEventListener('click', hide);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') hide();
  });

  function attach() {
    document.body.appendChild(panel);
    document.body.appendChild(button);
  }
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach);
})();

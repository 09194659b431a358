// Starts the retroauth app in its own page (an external module, so the Content-Security-Policy
// needs no inline script). The Wasm module is fetched from this same origin; nothing else is
// requested. In this standalone mode a service worker keeps a copy of the app's own files for
// offline use (never any data you enter). `history: true`: each step of the guided flow is a
// browser history entry (Back = previous step); only the step's name goes into the URL.
import init, { mount } from './retroauth-web.js';

function fatal(text) {
  const box = document.getElementById('fatal');
  if (box) {
    box.textContent = text;
    box.hidden = false;
  }
}

init()
  .then(() => mount(document.getElementById('app'), { mode: 'standalone', history: true }))
  .catch(() => fatal('retroauth could not start. This browser may not support WebAssembly, or a file is missing.'));

if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => {
    // Offline use is a convenience; the app works without it.
  });
}

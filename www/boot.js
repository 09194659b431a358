// Starts the retroauth app (an external module, so the Content-Security-Policy needs no inline
// script). The Wasm module is fetched from this same origin; nothing else is requested.
import init from './retroauth-web.js';

init().catch(() => {
  const fatal = document.getElementById('fatal');
  if (fatal) {
    fatal.textContent = 'retroauth could not start. This browser may not support WebAssembly, or a file is missing.';
    fatal.hidden = false;
  }
});

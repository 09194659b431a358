// <retro-auth-request>: retroauth as a custom element for billing portals.
//
//   <script type="module" src="https://your-host/retroauth/embed.js"></script>
//   <retro-auth-request></retro-auth-request>
//
//   const el = document.querySelector('retro-auth-request');
//   el.prefill = caseObject;                  // a property, never an attribute: no data in the DOM
//   el.addEventListener('retro-auth:change', (e) => e.detail);   // {valid, errorCount, …}, no patient data
//   el.addEventListener('retro-auth:complete', (e) => e.detail.pdf); // the packet Blob, on the user's action
//   const summary = await el.validate();
//   const { pdf, sha256, filename } = await el.generatePdf();
//   await el.reset();
//
// The app renders in an open shadow root (styles do not leak either way). Theme it with CSS
// custom properties on the element (--ra-accent, --ra-font, --ra-bg, --ra-surface, --ra-text,
// --ra-border, --ra-radius…) or ::part(root). The packet engine runs in a Web Worker, which
// browsers only start from the page's own origin: serve these files from the portal's origin,
// or use the iframe mode (embed.html) across origins. One element per page.
const BASE = new URL('./', import.meta.url).href;
let modulePromise = null;

function loadModule() {
  if (!modulePromise) {
    modulePromise = import(`${BASE}retroauth-web.js`).then(async (module) => {
      await module.default({ module_or_path: `${BASE}retroauth-web_bg.wasm` });
      return module;
    });
  }
  return modulePromise;
}

class RetroAuthRequest extends HTMLElement {
  #handle = null;
  #ready = null;

  connectedCallback() {
    if (this.#ready) return;
    const shadow = this.shadowRoot || this.attachShadow({ mode: 'open' });
    const style = document.createElement('link');
    style.rel = 'stylesheet';
    style.href = `${BASE}styles.css`;
    const root = document.createElement('div');
    root.setAttribute('part', 'root');
    shadow.replaceChildren(style, root);
    this.#ready = loadModule().then((module) => {
      this.#handle = module.mount(root, { mode: 'widget', assetBase: BASE });
      return this.#handle;
    });
    this.#ready.catch(() => {
      root.textContent = 'retroauth could not start in this page.';
      this.dispatchEvent(new CustomEvent('retro-auth:error', {
        bubbles: true, composed: true, detail: { code: 'load_failed', message: 'the app could not be loaded' },
      }));
    });
  }

  disconnectedCallback() {
    if (this.#handle) this.#handle.destroy();
    this.#handle = null;
    this.#ready = null;
  }

  /** Loads a case (object or JSON text in the retroauth case format, schema_version "1.0"). */
  set prefill(caseData) {
    this.whenReady().then((handle) => handle.prefill(caseData)).catch((error) => {
      this.dispatchEvent(new CustomEvent('retro-auth:error', {
        bubbles: true, composed: true, detail: { code: 'prefill_rejected', message: String(error && error.message) },
      }));
    });
  }

  whenReady() {
    return this.#ready || Promise.reject(new Error('retro-auth-request is not connected'));
  }

  async validate() { return (await this.whenReady()).validate(); }

  async generatePdf() { return (await this.whenReady()).generatePdf(); }

  async reset() { (await this.whenReady()).reset(); }
}

if (!customElements.get('retro-auth-request')) {
  customElements.define('retro-auth-request', RetroAuthRequest);
}

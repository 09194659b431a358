// The analysis engine's Web Worker: loads the retroauth-analysis Wasm module (claim-data
// validation, code sets, medical-necessity checks) and analyses the case off the main thread,
// so typing never waits for the checks. It fetches only its own module files and never logs.
import init, { analyze } from './retroauth-analysis.js';

const ready = init();

self.onmessage = async (event) => {
  const { id, caseJson, today } = event.data || {};
  try {
    await ready;
    self.postMessage({ id, ok: true, result: analyze(caseJson, today) });
  } catch (error) {
    const message = error && typeof error.message === 'string' ? error.message : 'the checks could not run';
    self.postMessage({ id, ok: false, error: message });
  }
};

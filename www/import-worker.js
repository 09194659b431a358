// The import engine's Web Worker: loads the retroauth-import Wasm module (X12 835/837 and
// FHIR R4 importers) on the first import only, reads the files off the main thread and posts
// progress while it reads, so a 10 MB remittance never freezes the page. It fetches only its
// own module files and never logs. The last import stays in this worker's memory until the
// page asks for a claim, imports again, or terminates the worker ("Clear all data", lock).
import init, { import_files, imported_case, forget } from './retroauth-import.js';

const ready = init();

self.onmessage = async (event) => {
  const { id, op, names, buffers, index } = event.data || {};
  try {
    await ready;
    let result;
    if (op === 'import') {
      const arrays = (buffers || []).map((buffer) => new Uint8Array(buffer));
      result = import_files(names || [], arrays, (progress) => self.postMessage({ id, progress }));
    } else if (op === 'case') {
      result = imported_case(index);
    } else if (op === 'forget') {
      forget();
      result = true;
    } else {
      throw new Error('unknown request');
    }
    self.postMessage({ id, ok: true, result });
  } catch (error) {
    const message = error && typeof error.message === 'string' ? error.message : 'the import failed';
    self.postMessage({ id, ok: false, error: message });
  }
};

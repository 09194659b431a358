//! Fuzz target: `import_fhir` on any text (valid JSON or not).
#![no_main]

use libfuzzer_sys::fuzz_target;
use retroauth::core::import;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(file) = import::import_fhir(text)
    {
        for case in &file.cases {
            assert!(!case.case.case_id.is_empty());
            let _ = case.case.to_json_pretty();
        }
    }
});

//! Fuzz target: `import_any` (format sniffing, UTF-8 handling, then the matching parser) on raw
//! bytes, and joining whatever it imports with itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use retroauth::core::import;

fuzz_target!(|data: &[u8]| {
    if let Ok(mut file) = import::import_any(data) {
        let other = file.clone();
        let _ = import::join_claims(&mut file, &other);
    }
});

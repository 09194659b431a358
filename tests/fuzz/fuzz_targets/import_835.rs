//! Fuzz target: `import_835` (and the streaming reader) on any text. Inputs that do not start
//! with an ISA get the fixture's ISA in front half of the time, so the fuzzer spends its time
//! past the interchange header.
#![no_main]

use libfuzzer_sys::fuzz_target;
use retroauth::core::import::{self, ClaimStream, Format};

const ISA: &str =
    "ISA*00*          *00*          *ZZ*S              *ZZ*R              *250101*1200*^*00501*000000001*0*P*:~";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let inputs = [text.to_string(), format!("{ISA}GS*HP*S*R*20250101*1200*1*X*005010X221A1~ST*835*0001~{text}")];
    for input in &inputs {
        if let Ok(file) = import::import_835(input) {
            for case in &file.cases {
                assert!(!case.case.case_id.is_empty());
                let _ = case.case.to_json_pretty();
            }
        }
        if let Ok(mut stream) = ClaimStream::new(input, Format::X12_835) {
            let mut done = 0;
            while stream.next().is_some() {
                let progress = stream.progress();
                assert!(progress.bytes_done >= done && progress.bytes_done <= progress.bytes_total);
                done = progress.bytes_done;
            }
            let _ = stream.finish();
        }
    }
});

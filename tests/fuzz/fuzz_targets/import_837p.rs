//! Fuzz target: `import_837p` on any text, with and without a valid envelope in front.
#![no_main]

use libfuzzer_sys::fuzz_target;
use retroauth::core::import;

const ISA: &str =
    "ISA*00*          *00*          *ZZ*S              *ZZ*R              *250101*1200*^*00501*000000001*0*P*:~";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let inputs = [
        text.to_string(),
        format!("{ISA}GS*HC*S*R*20250101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~HL*1**20*1~{text}"),
    ];
    for input in &inputs {
        if let Ok(file) = import::import_837p(input) {
            for case in &file.cases {
                assert!(!case.case.case_id.is_empty());
                let _ = case.case.to_json_pretty();
            }
        }
    }
});

//! Fuzz target: `import_837p` on any text; an input with no interchange header
//! (`x12::find_isa`) is read a second time with a valid envelope in front.
#![no_main]

use libfuzzer_sys::fuzz_target;
use retroauth::core::import::{self, x12};

const ENVELOPE: &str = "ISA*00*          *00*          *ZZ*S              *ZZ*R              *250101*1200*^*00501*000000001*0*P*:~GS*HC*S*R*20250101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~HL*1**20*1~";

/// Cases serialised per input.
const SERIALISED: usize = 4;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    read(&text);
    if x12::find_isa(&text).is_none() {
        read(&format!("{ENVELOPE}{text}"));
    }
});

fn read(input: &str) {
    if let Ok(file) = import::import_837p(input) {
        for (i, case) in file.cases.iter().enumerate() {
            assert!(!case.case.case_id.is_empty());
            if i < SERIALISED {
                let _ = case.case.to_json_pretty();
            }
        }
    }
}

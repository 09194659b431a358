//! Fuzz target: the 835 reader (`ClaimStream`, which `import_835` and `import_any` use) on any
//! text. An input with no interchange header (`x12::find_isa`) is read a second time with the
//! fixture's envelope in front, so the fuzzer spends its time past the ISA; an input with one is
//! read once (prefixing it would only read the same interchange again). Progress must grow and
//! stay within the input; every case gets an id; the first cases must serialise.
#![no_main]

use libfuzzer_sys::fuzz_target;
use retroauth::core::import::{ClaimStream, Format, x12};

const ENVELOPE: &str = "ISA*00*          *00*          *ZZ*S              *ZZ*R              *250101*1200*^*00501*000000001*0*P*:~GS*HP*S*R*20250101*1200*1*X*005010X221A1~ST*835*0001~";

/// Cases serialised per input (serialising is the same code for every case; more only costs time).
const SERIALISED: usize = 4;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    read(&text);
    if x12::find_isa(&text).is_none() {
        read(&format!("{ENVELOPE}{text}"));
    }
});

fn read(input: &str) {
    let Ok(mut stream) = ClaimStream::new(input, Format::X12_835) else { return };
    let mut done = 0;
    let mut cases = 0;
    while let Some(case) = stream.next() {
        let progress = stream.progress();
        assert!(progress.bytes_done >= done && progress.bytes_done <= progress.bytes_total);
        done = progress.bytes_done;
        assert!(!case.case.case_id.is_empty());
        if cases < SERIALISED {
            let _ = case.case.to_json_pretty();
        }
        cases += 1;
    }
    assert_eq!(stream.progress().cases, cases);
    let _ = stream.finish();
}

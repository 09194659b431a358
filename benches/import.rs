//! Benchmark of the importers (`make bench`): an X12 835 of 1, 2.5, 5 and 10 MB (generated:
//! claims with 1–4 service lines, claim and line adjustments, remarks, one in three denied for
//! authorization), imported whole and through the streaming reader; a 10 MB 837P; a 10 MB FHIR
//! Bundle of ExplanationOfBenefit + Claim + Patient + Coverage. Target (native release): a 10 MB
//! 835 in under 1 s, time linear in size. Plain `fn main` (`harness = false`): it prints a table
//! and says whether the 10 MB 835 met the 1 s target. Under `cargo test` it runs on inputs a
//! hundred times smaller, as a smoke test.

use retroauth::core::import::{self, ClaimStream, Format};
use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "../tests/support/synth_import.rs"]
mod synth;

use synth::{claims_837, era_835, fhir_bundle};

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    match last {
        Some(out) => (best, out),
        None => (best, f()),
    }
}

fn row(what: &str, bytes: usize, claims: usize, time: Duration) {
    let mb = bytes as f64 / 1_000_000.0;
    println!(
        "| {what:<28} | {mb:>6.2} | {claims:>7} | {:>8.1} | {:>7.1} |",
        time.as_secs_f64() * 1000.0,
        mb / time.as_secs_f64()
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this file too (unoptimised):
    // then it only checks that every generator and importer works, on small inputs.
    let full = std::env::args().any(|a| a == "--bench");
    let scale = if full { 1 } else { 100 };
    let runs = if full { 3 } else { 1 };
    println!("| input                        |     MB |  claims |       ms |    MB/s |");
    println!("|------------------------------|--------|---------|----------|---------|");
    let mut ten_mb = Duration::ZERO;
    for size in [1_000_000, 2_500_000, 5_000_000, 10_000_000] {
        let (text, claims) = era_835(size / scale);
        let (time, file) = best_of(runs, || import::import_835(black_box(&text)).expect("835"));
        assert_eq!(file.cases.len(), claims);
        assert_eq!(file.auth_related().count(), claims / 3);
        row("835 import_835", text.len(), claims, time);
        if size == 10_000_000 {
            ten_mb = time;
            let (time, count) = best_of(runs, || {
                let mut stream = ClaimStream::new(black_box(&text), Format::X12_835).expect("835");
                let mut count = 0;
                while let Some(case) = stream.next() {
                    black_box(&case);
                    count += 1;
                    if count % 1000 == 0 {
                        black_box(stream.progress());
                    }
                }
                count
            });
            assert_eq!(count, claims);
            row("835 ClaimStream (streamed)", text.len(), claims, time);
        }
    }
    let (text, claims) = claims_837(10_000_000 / scale);
    let (time, file) = best_of(runs, || import::import_837p(black_box(&text)).expect("837"));
    assert_eq!(file.cases.len(), claims);
    row("837P import_837p", text.len(), claims, time);
    let (text, claims) = fhir_bundle(10_000_000 / scale);
    let (time, file) = best_of(runs, || import::import_fhir(black_box(&text)).expect("fhir"));
    assert_eq!(file.cases.len(), claims);
    row("FHIR Bundle import_fhir", text.len(), claims, time);
    if full {
        println!();
        let verdict = if ten_mb < Duration::from_secs(1) { "target met" } else { "TARGET MISSED" };
        println!("10 MB 835: {:.0} ms (target: under 1000 ms): {verdict}", ten_mb.as_secs_f64() * 1000.0);
    }
}

//! Fuzz target: the attachment reader (`core::packet::check_attachment`: PDF, PNG, JPEG) on any
//! bytes. Tight limits keep each input cheap; the reader must refuse, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use retroauth::core::packet::{Attachment, AttachmentLimits, PacketOptions, check_attachment};

fuzz_target!(|data: &[u8]| {
    let options = PacketOptions {
        limits: AttachmentLimits {
            max_bytes_each: 1 << 20,
            max_bytes_total: 1 << 20,
            max_pages: 50,
            max_pages_total: 50,
            max_pixels: 4_000_000,
            max_decompressed: 8 << 20,
        },
        ..PacketOptions::default()
    };
    let attachment = Attachment { name: "fuzz.bin".to_string(), bytes: data.to_vec() };
    if let Ok(info) = check_attachment(&attachment, &options) {
        assert!(info.pages >= 1);
    }
});

//! Attachments to the PDF packet, checked with poppler and qpdf (helpers in
//! `tests/support/pdf.rs`; the tools must be installed, these tests fail without them): PDFs
//! and images appended in order, listed and framed; bad files refused with clear messages;
//! owner-password-only PDFs opened; the JPEG variants decoders read accepted and the rest refused
//! with the reason; `inspect_attachment`'s summaries; and a many-page scan keeping its shared
//! image and font shared.
//!
//! Every PDF is written to `target/test-packets/` for a look.
#![cfg(feature = "pdf")]

mod support;

use std::path::Path;

use retroauth::core::packet::{
    Attachment, AttachmentProblem, Packet, PacketError, PacketInput, PacketOptions, PageSize,
};

use support::pdf::*;

#[test]
fn attachments_are_appended_in_order_listed_and_framed() {
    let case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let inner = generated_pdf();
    let inner_pages = {
        let path = write(
            "attachment-inner.pdf",
            &Packet { bytes: inner.clone(), page_count: 0, warnings: vec![], draft: None },
        );
        info_field(&pdfinfo(&path), "Pages").parse::<usize>().expect("pages")
    };
    let attachments = vec![
        attachment("eob-remittance.pdf", inner),
        attachment("photo-exif-rotated.jpg", fixture("photo-exif-rotated.jpg")),
        attachment("scan-gray.png", fixture("scan-gray.png")),
        attachment("logo-alpha.png", fixture("logo-alpha.png")),
        attachment("palette.png", fixture("palette.png")),
        attachment("cmyk.jpg", fixture("cmyk.jpg")),
    ];
    let input = PacketInput { attachments: &attachments, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
    let packet = build_with(input, &PacketOptions::default()).expect("packet with attachments");
    let path = write("attachments.pdf", &packet);
    check_qpdf(&path);
    check_fonts_embedded(&path);
    let plain = build(&case, LETTER, PageSize::Letter);
    assert_eq!(packet.page_count, plain.page_count + inner_pages + 5, "one page per image, all PDF pages");
    assert_eq!(info_field(&pdfinfo(&path), "Pages").parse::<usize>().ok(), Some(packet.page_count));
    assert!(info_field(&pdfinfo(&path), "Page size").starts_with("612 x 792 pts"), "attachment pages are Letter too");

    // Every page, attachment pages included, has our header and "Page N of M".
    let raw = text_of(&path, true);
    let pages: Vec<String> = raw.split('\u{0C}').map(squash).filter(|p| !p.is_empty()).collect();
    assert_eq!(pages.len(), packet.page_count);
    let header = header_patient(&case);
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&header), "page {}: no header", i + 1);
        assert!(page.contains(&format!("Page{}of{}", i + 1, packet.page_count)), "page {}: no page number", i + 1);
    }
    // The attached PDF's own text is there, in order, on the pages after the index.
    let first_attachment = plain.page_count;
    assert!(pages[first_attachment].contains("Attachment1:eob-remittance.pdf"), "{}", pages[first_attachment]);
    let inner_patient = support::load_case("05-colonoscopy-coded-screening-documented-diagnostic.json").claim.patient;
    assert!(pages[first_attachment].contains(&squash(&inner_patient.last_name)));
    // The index lists every attachment with its pages.
    let index = &pages[plain.page_count - 1];
    let start = plain.page_count + 1;
    assert!(
        index.contains(&format!("6.Attachment1:eob-remittance.pdf{start}\u{2013}{}", start + inner_pages - 1)),
        "{index}"
    );
    assert!(index.contains(&format!("7.Attachment2:photo-exif-rotated.jpg{}", start + inner_pages)), "{index}");
    assert!(index.contains(&format!("11.Attachment6:cmyk.jpg{}", packet.page_count)), "{index}");
    // The cover counts every page.
    assert!(pages[0].contains(&format!("Pages:{},includingthiscoversheet", packet.page_count)));

    // Deterministic with attachments too.
    let again = build_with(input, &PacketOptions::default()).expect("again");
    assert!(again.bytes == packet.bytes);
}

#[test]
fn bad_attachments_are_refused_with_clear_messages() {
    let case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let good = generated_pdf();
    let dir = out_dir();
    std::fs::write(dir.join("plain-for-encryption.pdf"), &good).expect("write");
    let encrypt = |name: &str, user: &str| -> Vec<u8> {
        let out = dir.join(name);
        let plain = dir.join("plain-for-encryption.pdf");
        let args = [
            "--encrypt",
            user,
            "owner-secret",
            "256",
            "--",
            plain.to_str().expect("utf-8"),
            out.to_str().expect("utf-8"),
        ];
        let output = run("qpdf", &args);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        std::fs::read(out).expect("read encrypted")
    };
    let password = encrypt("encrypted-password.pdf", "user-secret");
    let jpeg = fixture("photo-exif-rotated.jpg");
    let png = fixture("scan-gray.png");
    let cases: Vec<(Attachment, AttachmentProblem, &str)> = vec![
        (attachment("locked.pdf", password), AttachmentProblem::Encrypted, "needs a password"),
        (attachment("half.pdf", good[..good.len() / 2].to_vec()), AttachmentProblem::Unreadable, "damaged"),
        (attachment("header-only.pdf", b"%PDF-1.7\n".to_vec()), AttachmentProblem::Unreadable, "damaged"),
        (attachment("notes.txt", b"just text".to_vec()), AttachmentProblem::UnknownType, "%PDF-"),
        (attachment("empty.pdf", Vec::new()), AttachmentProblem::Empty, "empty"),
        (attachment("cut.jpg", jpeg[..jpeg.len() / 2].to_vec()), AttachmentProblem::Unreadable, "damaged"),
        (attachment("cut.png", png[..png.len() - 20].to_vec()), AttachmentProblem::Unreadable, "damaged"),
    ];
    for (bad, expected, words) in &cases {
        let attachments = vec![attachment("fine.png", fixture("palette.png")), bad.clone()];
        let input =
            PacketInput { attachments: &attachments, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
        match build_with(input, &PacketOptions::default()) {
            Err(PacketError::Attachment(error)) => {
                assert_eq!(error.index, 1, "{}", bad.name);
                assert_eq!(&error.problem, expected, "{}", bad.name);
                let message = error.to_string();
                assert!(message.starts_with(&format!("attachment 2 ({})", bad.name)), "{message}");
                assert!(message.contains(words), "{message}");
            }
            Err(other) => panic!("{}: {other}", bad.name),
            Ok(_) => panic!("{}: accepted", bad.name),
        }
    }
    // Size limits: each file, and all together.
    let limits = retroauth::core::packet::AttachmentLimits { max_bytes_each: 1000, ..Default::default() };
    let big = vec![attachment("big.jpg", jpeg.clone())];
    let options = PacketOptions { limits, ..Default::default() };
    let input = PacketInput { attachments: &big, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
    match build_with(input, &options) {
        Err(PacketError::Attachment(error)) => {
            assert!(matches!(error.problem, AttachmentProblem::TooLarge { .. }));
            assert!(error.to_string().contains("the limit is"), "{error}");
        }
        other => panic!("oversized file accepted: {:?}", other.map(|p| p.page_count)),
    }
    let limits = retroauth::core::packet::AttachmentLimits { max_bytes_total: 4000, ..Default::default() };
    let two = vec![attachment("a.jpg", jpeg.clone()), attachment("b.jpg", jpeg)];
    let options = PacketOptions { limits, ..Default::default() };
    let input = PacketInput { attachments: &two, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
    assert!(matches!(
        build_with(input, &options),
        Err(PacketError::Attachment(e)) if e.index == 1 && matches!(e.problem, AttachmentProblem::TotalTooLarge { .. })
    ));
    // The app's early check says the same.
    let checked = retroauth::core::packet::check_attachment(&attachment("x.png", png), &PacketOptions::default());
    assert!(checked.is_ok_and(|info| info.pages == 1));
}

/// A synthetic scan-like PDF: `pages` pages that all draw the same image and write with the same
/// embedded font (DejaVu Sans, ~700 KB). Half the pages share one resource dictionary by
/// reference; the other half have direct dictionaries that point at the same objects.
fn shared_resource_pdf(pages: usize) -> Vec<u8> {
    use lopdf::{Dictionary, Object, Stream, dictionary};
    let mut doc = lopdf::Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core/packet/fonts/DejaVuSans.ttf"))
        .expect("DejaVu Sans");
    let mut font_file = Stream::new(dictionary! { "Length1" => font_bytes.len() as i64 }, font_bytes);
    let _ = font_file.compress();
    let font_file_id = doc.add_object(font_file);
    let descriptor_id = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "DejaVuSans", "Flags" => 32,
        "FontBBox" => vec![(-1021).into(), (-463).into(), 1793.into(), 1232.into()],
        "ItalicAngle" => 0, "Ascent" => 928, "Descent" => -236, "CapHeight" => 729, "StemV" => 80,
        "FontFile2" => font_file_id,
    });
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "DejaVuSans",
        "Encoding" => "WinAnsiEncoding", "FontDescriptor" => descriptor_id,
    });
    // A 300 × 300 grey "scan" of pseudo-random noise: it does not compress.
    let mut state = 0x1234_5678_u32;
    let pixels: Vec<u8> = (0..300 * 300)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 24) as u8
        })
        .collect();
    let image_id = doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 300, "Height" => 300,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        pixels,
    ));
    let shared_resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
        "XObject" => dictionary! { "Im1" => image_id },
    });
    let mut kids = Vec::new();
    for n in 0..pages {
        let content =
            format!("q 300 0 0 300 150 300 cm /Im1 Do Q BT /F1 14 Tf 72 720 Td (Scanned page {}) Tj ET", n + 1);
        let content_id = doc.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
        let resources: Object = if n % 2 == 0 {
            Object::Reference(shared_resources)
        } else {
            Object::Dictionary(dictionary! {
                "Font" => dictionary! { "F1" => font_id },
                "XObject" => dictionary! { "Im1" => image_id },
            })
        };
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Contents" => content_id, "Resources" => resources,
        })));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Count" => pages as i64, "Kids" => kids }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc.compress();
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save the synthetic PDF");
    bytes
}

#[test]
fn a_many_page_attachment_keeps_its_shared_image_and_font_shared() {
    let case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let base = build_with(PacketInput::new(&case, LETTER, support::fixed_today()), &PacketOptions::default())
        .expect("no attachments");
    for pages in [1usize, 12, 55] {
        let scan = shared_resource_pdf(pages);
        let files = vec![attachment("scan.pdf", scan.clone())];
        let input = PacketInput { attachments: &files, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
        let packet = build_with(input, &PacketOptions::default()).expect("builds");
        let path = write(&format!("shared-resources-{pages}.pdf"), &packet);
        check_qpdf(&path);
        // The packet's own pages (the furniture of the attachment pages and the index line)
        // cost at most 2 KB a page; the attachment itself at most 10 % more than its file.
        let own = base.bytes.len() + 2048 * pages;
        let bound = own + scan.len() + scan.len() / 10;
        eprintln!(
            "attachment of {pages} page(s): {} bytes; packet {} bytes (without it {}; bound {bound})",
            scan.len(),
            packet.bytes.len(),
            base.bytes.len()
        );
        assert!(packet.bytes.len() <= bound, "{pages} pages: packet {} > bound {bound}", packet.bytes.len());
        // Every attachment page is there and readable.
        let text = squash(&text_of(&path, false));
        for n in [1, pages] {
            assert!(text.contains(&format!("Scannedpage{n}")), "page {n} of the attachment");
        }
        assert_eq!(info_field(&pdfinfo(&path), "Pages").parse::<usize>().ok(), Some(packet.page_count));
    }
}

/// `qpdf --encrypt "" owner BITS [options]`: a PDF that opens without a password.
fn owner_only(name: &str, plain: &[u8], bits: &str, extra: &[&str]) -> Vec<u8> {
    let dir = out_dir();
    let source = dir.join(format!("{name}.plain.pdf"));
    let out = dir.join(format!("{name}.pdf"));
    std::fs::write(&source, plain).expect("write");
    let mut args = vec!["--allow-weak-crypto", "--encrypt", "", "owner-secret", bits];
    args.extend_from_slice(extra);
    args.extend(["--", source.to_str().expect("utf-8"), out.to_str().expect("utf-8")]);
    let output = run("qpdf", &args);
    assert!(output.status.success(), "qpdf {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    std::fs::read(out).expect("read")
}

#[test]
fn owner_password_only_pdfs_are_opened_and_attached() {
    let case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let inner_case = support::load_case("05-colonoscopy-coded-screening-documented-diagnostic.json");
    let plain = generated_pdf();
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("rc4-40", owner_only("owner-rc4-40", &plain, "40", &[])),
        ("rc4-128", owner_only("owner-rc4-128", &plain, "128", &["--use-aes=n"])),
        ("aes-128", owner_only("owner-aes-128", &plain, "128", &["--use-aes=y"])),
        ("aes-256", owner_only("owner-aes-256", &plain, "256", &[])),
        ("aes-256, no printing", owner_only("owner-aes-256-noprint", &plain, "256", &["--print=none"])),
    ];
    for (label, bytes) in &variants {
        assert!(bytes.windows(8).any(|w| w == b"/Encrypt"), "{label}: qpdf did not encrypt");
        let info =
            retroauth::core::packet::check_attachment(&attachment("eob.pdf", bytes.clone()), &PacketOptions::default())
                .unwrap_or_else(|e| panic!("{label}: refused: {e}"));
        assert!(info.was_encrypted, "{label}");
        assert!(info.pages >= 5, "{label}: {} pages", info.pages);
        let files = vec![attachment("eob.pdf", bytes.clone())];
        let input = PacketInput { attachments: &files, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
        let packet = build_with(input, &PacketOptions::default()).unwrap_or_else(|e| panic!("{label}: {e}"));
        let path = write(&format!("with-owner-only-{}.pdf", label.replace([',', ' '], "-")), &packet);
        check_qpdf(&path);
        // The attachment's text arrives decrypted: its own patient's claim number is in the text.
        let text = squash(&text_of(&path, false));
        assert!(text.contains(&squash(&inner_case.claim.claim.claim_number)), "{label}: attachment text not readable");
        let info = pdfinfo(&path);
        assert_eq!(info_field(&info, "Encrypted"), "no", "{label}");
    }
    // A user password is still refused, with the reason.
    let locked = {
        let dir = out_dir();
        let source = dir.join("user-locked.plain.pdf");
        let out = dir.join("user-locked.pdf");
        std::fs::write(&source, &plain).expect("write");
        let output = run(
            "qpdf",
            &[
                "--encrypt",
                "open-me",
                "owner",
                "256",
                "--",
                source.to_str().expect("utf-8"),
                out.to_str().expect("utf-8"),
            ],
        );
        assert!(output.status.success());
        std::fs::read(out).expect("read")
    };
    let error = retroauth::core::packet::inspect_attachment("locked.pdf", &locked, &PacketOptions::default())
        .expect_err("needs a password");
    assert_eq!(error.problem, AttachmentProblem::Encrypted);
    assert!(error.to_string().contains("needs a password to open"), "{error}");
}

#[test]
fn jpeg_variants_decoders_read_are_accepted_and_the_rest_refused_with_the_reason() {
    let case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let photo = fixture("photo-exif-rotated.jpg");
    let with = |prefix: &[u8], body: &[u8], suffix: &[u8]| [prefix, body, suffix].concat();
    // Stray bytes between two segments (after the first APPn): decoders skip them.
    let stray_between = {
        let app_len = usize::from(u16::from_be_bytes([photo[4], photo[5]]));
        let cut = 4 + app_len;
        [&photo[..cut], &[0x00, 0x00, 0x13][..], &photo[cut..]].concat()
    };
    let accepted: Vec<(&str, Vec<u8>, (u32, u32))> = vec![
        ("baseline with EXIF", photo.clone(), (160, 120)),
        ("progressive", fixture("progressive.jpg"), (64, 48)),
        ("Adobe CMYK", fixture("cmyk.jpg"), (40, 30)),
        ("leading junk", with(b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n", &photo, b""), (160, 120)),
        ("leading NULs", with(&[0u8; 300], &photo, b""), (160, 120)),
        ("trailing junk", with(b"", &photo, &[0x55u8; 500]), (160, 120)),
        ("stray bytes between segments", stray_between, (160, 120)),
    ];
    for (label, bytes, (width, height)) in &accepted {
        let info = retroauth::core::packet::inspect_attachment("photo.jpg", bytes, &PacketOptions::default())
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(info.kind, retroauth::core::packet::AttachmentKind::Jpeg, "{label}");
        assert_eq!(info.dimensions, retroauth::core::packet::Dimensions::Pixels { width: *width, height: *height });
        let files = vec![attachment("photo.jpg", bytes.clone())];
        let input = PacketInput { attachments: &files, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
        let packet = build_with(input, &PacketOptions::default()).unwrap_or_else(|e| panic!("{label}: {e}"));
        let path = write(&format!("jpeg-{}.pdf", label.replace(' ', "-")), &packet);
        check_qpdf(&path);
        // poppler decodes the image without complaint.
        let png = out_dir().join(format!("jpeg-{}", label.replace(' ', "-")));
        let last = packet.page_count.to_string();
        let output = run(
            "pdftoppm",
            &[
                "-r",
                "30",
                "-png",
                "-f",
                &last,
                "-l",
                &last,
                path.to_str().expect("utf-8"),
                png.to_str().expect("utf-8"),
            ],
        );
        assert!(output.status.success(), "{label}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(
            !String::from_utf8_lossy(&output.stderr).contains("rror"),
            "{label}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let arithmetic = fixture("arithmetic.jpg");
    let refused: Vec<(&str, Vec<u8>, &str)> = vec![
        ("arithmetic-coded", arithmetic, "arithmetic-coded JPEG"),
        ("truncated", photo[..photo.len() - 40].to_vec(), "damaged or incomplete"),
        ("junk past 1024 bytes", with(&[0x20u8; 2000], &photo, b""), "only PDF, PNG and JPEG"),
    ];
    for (label, bytes, words) in &refused {
        let error = retroauth::core::packet::inspect_attachment("photo.jpg", bytes, &PacketOptions::default())
            .expect_err(label);
        assert!(error.to_string().contains(words), "{label}: {error}");
        assert!(error.to_string().starts_with("attachment 1 (photo.jpg): "), "{label}: {error}");
    }
}

#[test]
fn inspect_summarises_each_kind_and_names_pdf_page_size() {
    let pdf = retroauth::core::packet::inspect_attachment("a4.pdf", &generated_pdf(), &PacketOptions::default())
        .expect("a packet is a fine attachment");
    assert_eq!(pdf.kind, retroauth::core::packet::AttachmentKind::Pdf);
    assert!(pdf.summary().starts_with(&format!("PDF, {} pages, 8.3 \u{d7} 11.7 in", pdf.pages)), "{}", pdf.summary());
    assert!(!pdf.was_encrypted);
    let png =
        retroauth::core::packet::inspect_attachment("scan.png", &fixture("scan-gray.png"), &PacketOptions::default())
            .expect("png");
    assert_eq!(png.summary(), "PNG, 1 page, 120 \u{d7} 160 px");
    // A PDF with junk before its header (allowed within the first 1024 bytes).
    let junk = [b"garbage from a mail gateway\n".to_vec(), generated_pdf()].concat();
    assert!(retroauth::core::packet::inspect_attachment("x.pdf", &junk, &PacketOptions::default()).is_ok());
    let error = retroauth::core::packet::inspect_attachment("notes.docx", b"PK\x03\x04", &PacketOptions::default())
        .expect_err("not a PDF");
    assert_eq!(
        error.to_string(),
        "attachment 1 (notes.docx): only PDF, PNG and JPEG files can be attached, and this is none of them (a PDF starts with %PDF-)"
    );
}

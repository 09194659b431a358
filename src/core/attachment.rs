//! What kind of file an attachment is, by its first bytes (never by its name): PDF, JPEG or
//! PNG, the three kinds a packet accepts.
//!
//! One reader for every place that asks: the packet engine (`packet::attach`, which then checks
//! the whole file) and the app's attachment list (which has no `pdf` feature, so it cannot link
//! the engine). Sniffing only looks at the magic bytes; a file that sniffs as a PDF may still be
//! refused by the packet engine as damaged.
//!
//! * **PNG**: the 8-byte signature at the very start.
//! * **PDF**: `%PDF-` within the first [`LEADING_JUNK`] bytes (ISO 32000-1, annex H.3: a
//!   header may follow other bytes).
//! * **JPEG**: the start-of-image marker `FF D8 FF` within the first [`LEADING_JUNK`] bytes
//!   (decoders skip to it).
//!
//! When both a PDF header and a JPEG marker are there, whichever comes first decides.

/// The kind of file an attachment is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachmentKind {
    /// A PDF document.
    Pdf,
    /// A JPEG image.
    Jpeg,
    /// A PNG image.
    Png,
}

impl AttachmentKind {
    /// "PDF", "JPEG" or "PNG", as the app and the packet engine show it.
    pub fn label(self) -> &'static str {
        match self {
            AttachmentKind::Pdf => "PDF",
            AttachmentKind::Jpeg => "JPEG",
            AttachmentKind::Png => "PNG",
        }
    }
}

/// Bytes before a PDF header or a JPEG start-of-image marker that are skipped, at most.
pub const LEADING_JUNK: usize = 1024;

/// The PNG signature.
pub const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// What the first bytes of a file say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sniffed {
    /// The kind.
    pub kind: AttachmentKind,
    /// Where the file's own data starts: the offset of the PDF header or the JPEG marker (0 for
    /// a PNG).
    pub start: usize,
}

/// The kind of file `bytes` is by its magic bytes, or `None` when it is none of the three.
pub fn sniff(bytes: &[u8]) -> Option<Sniffed> {
    if bytes.starts_with(PNG_MAGIC) {
        return Some(Sniffed { kind: AttachmentKind::Png, start: 0 });
    }
    let head = &bytes[..bytes.len().min(LEADING_JUNK + 8)];
    let pdf_at = head.windows(5).position(|w| w == b"%PDF-").filter(|at| *at <= LEADING_JUNK);
    let jpeg_at = head.windows(3).position(|w| w == [0xFF, 0xD8, 0xFF]).filter(|at| *at <= LEADING_JUNK);
    match (pdf_at, jpeg_at) {
        (Some(pdf), jpeg) if jpeg.is_none_or(|j| pdf < j) => Some(Sniffed { kind: AttachmentKind::Pdf, start: pdf }),
        (_, Some(jpeg)) => Some(Sniffed { kind: AttachmentKind::Jpeg, start: jpeg }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(bytes: &[u8]) -> Option<AttachmentKind> {
        sniff(bytes).map(|s| s.kind)
    }

    #[test]
    fn each_kind_by_its_magic_bytes() {
        assert_eq!(kind(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Some(AttachmentKind::Pdf));
        assert_eq!(kind(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F']), Some(AttachmentKind::Jpeg));
        assert_eq!(kind(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(AttachmentKind::Png));
        for other in [&b""[..], b"%PDF", b"GIF89a", b"PK\x03\x04", b"\x89PNG\r\n", b"<html>%PDF"] {
            // "<html>%PDF" has no dash: not a header.
            assert_eq!(kind(other), None, "{other:?}");
        }
    }

    #[test]
    fn headers_after_leading_bytes_up_to_the_limit() {
        for junk in [1, 100, LEADING_JUNK] {
            let mut pdf = vec![b' '; junk];
            pdf.extend_from_slice(b"%PDF-1.4\n");
            assert_eq!(sniff(&pdf), Some(Sniffed { kind: AttachmentKind::Pdf, start: junk }), "{junk}");
            let mut jpeg = vec![0u8; junk];
            jpeg.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xDB]);
            assert_eq!(sniff(&jpeg), Some(Sniffed { kind: AttachmentKind::Jpeg, start: junk }), "{junk}");
        }
        for junk in [LEADING_JUNK + 1, LEADING_JUNK + 3, 4096] {
            let mut pdf = vec![b' '; junk];
            pdf.extend_from_slice(b"%PDF-1.4\n");
            assert_eq!(kind(&pdf), None, "{junk}");
        }
        // A PNG signature counts only at the start.
        assert_eq!(kind(b" \x89PNG\r\n\x1a\n"), None);
    }

    #[test]
    fn the_first_header_decides() {
        let mut pdf_first = b"%PDF-1.4\n".to_vec();
        pdf_first.extend_from_slice(&[0xFF, 0xD8, 0xFF]);
        assert_eq!(kind(&pdf_first), Some(AttachmentKind::Pdf));
        let mut jpeg_first = vec![0xFF, 0xD8, 0xFF, 0xE1];
        jpeg_first.extend_from_slice(b"Exif %PDF-1.4");
        assert_eq!(kind(&jpeg_first), Some(AttachmentKind::Jpeg));
    }

    #[test]
    fn labels() {
        let labels: Vec<&str> =
            [AttachmentKind::Pdf, AttachmentKind::Jpeg, AttachmentKind::Png].iter().map(|k| k.label()).collect();
        assert_eq!(labels, ["PDF", "JPEG", "PNG"]);
    }
}

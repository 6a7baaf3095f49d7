//! Business documents: accepted by what their bytes are, never by their file name.
//!
//! A seller's licence or ID scan is later opened by an operator, so the type that decides how
//! it is served must come from the content: a file name or a browser-supplied `Content-Type`
//! says whatever the uploader wants. Only PDF, JPEG and PNG are accepted; they cover scans and
//! phone photos, and every browser shows them without a plug-in.

/// Largest accepted document: 10 MiB, enough for a multi-page scan at a readable resolution.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

const PDF_MAGIC: &[u8] = b"%PDF-";
const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];
const PNG_MAGIC: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// What an uploaded document is, as recognised from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    Pdf,
    Jpeg,
    Png,
}

/// Why an upload was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than 10 MB")]
    TooLarge,
    #[error("only PDF, JPEG and PNG files are accepted")]
    UnsupportedType,
}

impl DocumentKind {
    /// Recognises the kind from the signature at the very start of the content. The signature
    /// must be at offset 0, as browsers' own sniffing requires: a PDF header further in (which
    /// some readers tolerate) is how polyglot files smuggle another format past a check.
    pub fn detect(bytes: &[u8]) -> Option<DocumentKind> {
        if bytes.starts_with(PDF_MAGIC) {
            Some(DocumentKind::Pdf)
        } else if bytes.starts_with(JPEG_MAGIC) {
            Some(DocumentKind::Jpeg)
        } else if bytes.starts_with(PNG_MAGIC) {
            Some(DocumentKind::Png)
        } else {
            None
        }
    }

    /// The media type to serve the document with.
    pub fn mime(&self) -> &'static str {
        match self {
            DocumentKind::Pdf => "application/pdf",
            DocumentKind::Jpeg => "image/jpeg",
            DocumentKind::Png => "image/png",
        }
    }

    /// The file extension, without a dot, for names the application gives the file.
    pub fn extension(&self) -> &'static str {
        match self {
            DocumentKind::Pdf => "pdf",
            DocumentKind::Jpeg => "jpg",
            DocumentKind::Png => "png",
        }
    }
}

/// Checks a whole upload: not empty, at most [`MAX_DOCUMENT_BYTES`], and of a known kind.
pub fn check_document(bytes: &[u8]) -> Result<DocumentKind, DocumentError> {
    if bytes.is_empty() {
        return Err(DocumentError::Empty);
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge);
    }
    DocumentKind::detect(bytes).ok_or(DocumentError::UnsupportedType)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The first bytes of real files as their producers write them.
    const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\n";
    const JPEG_JFIF: &[u8] = &[
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01,
    ];
    const JPEG_EXIF: &[u8] = &[
        0xFF, 0xD8, 0xFF, 0xE1, 0x2F, 0xFE, b'E', b'x', b'i', b'f', 0x00, 0x00,
    ];
    const PNG: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, b'I', b'H', b'D',
        b'R',
    ];

    #[test]
    fn kinds_come_from_content() {
        assert_eq!(check_document(PDF), Ok(DocumentKind::Pdf));
        assert_eq!(check_document(JPEG_JFIF), Ok(DocumentKind::Jpeg));
        assert_eq!(check_document(JPEG_EXIF), Ok(DocumentKind::Jpeg));
        assert_eq!(check_document(PNG), Ok(DocumentKind::Png));
        assert_eq!(check_document(b"%PDF-"), Ok(DocumentKind::Pdf));
    }

    #[test]
    fn everything_else_is_refused() {
        for bad in [
            &b"MZ\x90\x00 not a pdf.pdf"[..],
            b"GIF89a\x01\x00",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            b"PK\x03\x04 word.docx",
            b"RIFF\x00\x00\x00\x00WEBPVP8 ",
            // Almost right: the signature must be complete and at the start.
            b"%PDF",
            b"%pdf-1.7",
            b" %PDF-1.7",
            b"\xEF\xBB\xBF%PDF-1.7",
            &[0xFF, 0xD8],
            &PNG[..7],
            &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0B],
        ] {
            assert_eq!(
                check_document(bad),
                Err(DocumentError::UnsupportedType),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn size_limits() {
        assert_eq!(check_document(b""), Err(DocumentError::Empty));
        let mut at_limit = PDF.to_vec();
        at_limit.resize(MAX_DOCUMENT_BYTES, b' ');
        assert_eq!(check_document(&at_limit), Ok(DocumentKind::Pdf));
        at_limit.push(b' ');
        assert_eq!(check_document(&at_limit), Err(DocumentError::TooLarge));
        assert_eq!(MAX_DOCUMENT_BYTES, 10_485_760);
    }

    #[test]
    fn names_and_media_types() {
        let all = [DocumentKind::Pdf, DocumentKind::Jpeg, DocumentKind::Png];
        let mimes: Vec<_> = all.iter().map(DocumentKind::mime).collect();
        assert_eq!(mimes, ["application/pdf", "image/jpeg", "image/png"]);
        let exts: Vec<_> = all.iter().map(DocumentKind::extension).collect();
        assert_eq!(exts, ["pdf", "jpg", "png"]);
        assert_eq!(
            serde_json::to_string(&DocumentKind::Jpeg).unwrap(),
            r#""jpeg""#
        );
        assert_eq!(
            serde_json::from_str::<DocumentKind>(r#""png""#).unwrap(),
            DocumentKind::Png
        );
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let result = check_document(&bytes);
            prop_assert_eq!(result.ok(), DocumentKind::detect(&bytes).filter(|_| !bytes.is_empty()));
        }

        #[test]
        fn any_tail_after_a_signature_is_kept(tail in proptest::collection::vec(any::<u8>(), 0..64)) {
            for (magic, kind) in [(PDF_MAGIC, DocumentKind::Pdf), (JPEG_MAGIC, DocumentKind::Jpeg), (PNG_MAGIC, DocumentKind::Png)] {
                let bytes = [magic, &tail].concat();
                prop_assert_eq!(check_document(&bytes), Ok(kind));
            }
        }
    }
}

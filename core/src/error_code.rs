//! The stable error codes a document can fail with.
//!
//! These strings are a public contract: the API returns them, ERPs branch on them and
//! KPIs count them. Add codes; never rename or reuse one.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The bytes match no format Liasse reads.
    UnsupportedFormat,
    /// The file is empty.
    EmptyDocument,
    /// A PDF whose structure cannot be parsed.
    CorruptPdf,
    /// A PDF protected by a password or encryption.
    EncryptedPdf,
    /// XML that is not well-formed, declares a DTD, or is not a known e-invoice.
    MalformedXml,
    /// An e-mail whose MIME structure cannot be parsed.
    MalformedEmail,
    /// An image that cannot be decoded.
    CorruptImage,
    /// A spreadsheet that cannot be opened.
    CorruptSpreadsheet,
    /// Over the configured size limit.
    TooLarge,
    /// Over the configured page limit.
    TooManyPages,
    /// An image over the configured pixel limit.
    TooManyPixels,
    /// Containers nested deeper than allowed (MIME, archives).
    NestingTooDeep,
    /// The document took longer than the per-document time limit.
    Timeout,
    /// The pipeline panicked on this document (a bug; the worker carried on).
    InternalError,
    /// The stored input could not be decrypted (wrong key or tampered object).
    DecryptionFailed,
    /// The input object was not in the store.
    InputMissing,
    /// A transient failure (store or database) outlasted every retry.
    RetriesExhausted,
    /// The document used more CPU time than its per-document budget.
    CpuLimitExceeded,
    /// The document held more memory than its per-document budget.
    MemoryLimitExceeded,
    /// A compressed part (a ZIP entry of a workbook, a PDF stream or embedded file)
    /// expands past the configured ratio or size: a zip or flate bomb.
    DecompressionBomb,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 20] = [
        ErrorCode::UnsupportedFormat,
        ErrorCode::EmptyDocument,
        ErrorCode::CorruptPdf,
        ErrorCode::EncryptedPdf,
        ErrorCode::MalformedXml,
        ErrorCode::MalformedEmail,
        ErrorCode::CorruptImage,
        ErrorCode::CorruptSpreadsheet,
        ErrorCode::TooLarge,
        ErrorCode::TooManyPages,
        ErrorCode::TooManyPixels,
        ErrorCode::NestingTooDeep,
        ErrorCode::Timeout,
        ErrorCode::InternalError,
        ErrorCode::DecryptionFailed,
        ErrorCode::InputMissing,
        ErrorCode::RetriesExhausted,
        ErrorCode::CpuLimitExceeded,
        ErrorCode::MemoryLimitExceeded,
        ErrorCode::DecompressionBomb,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::UnsupportedFormat => "unsupported_format",
            ErrorCode::EmptyDocument => "empty_document",
            ErrorCode::CorruptPdf => "corrupt_pdf",
            ErrorCode::EncryptedPdf => "encrypted_pdf",
            ErrorCode::MalformedXml => "malformed_xml",
            ErrorCode::MalformedEmail => "malformed_email",
            ErrorCode::CorruptImage => "corrupt_image",
            ErrorCode::CorruptSpreadsheet => "corrupt_spreadsheet",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::TooManyPages => "too_many_pages",
            ErrorCode::TooManyPixels => "too_many_pixels",
            ErrorCode::NestingTooDeep => "nesting_too_deep",
            ErrorCode::Timeout => "timeout",
            ErrorCode::InternalError => "internal_error",
            ErrorCode::DecryptionFailed => "decryption_failed",
            ErrorCode::InputMissing => "input_missing",
            ErrorCode::RetriesExhausted => "retries_exhausted",
            ErrorCode::CpuLimitExceeded => "cpu_limit_exceeded",
            ErrorCode::MemoryLimitExceeded => "memory_limit_exceeded",
            ErrorCode::DecompressionBomb => "decompression_bomb",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ErrorCode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ErrorCode::ALL.into_iter().find(|code| code.as_str() == s).ok_or_else(|| format!("unknown error code {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {code}");
            assert_eq!(code.as_str().parse::<ErrorCode>(), Ok(code));
            assert_eq!(serde_json::to_string(&code).expect("serialises"), format!("\"{code}\""));
        }
    }
}

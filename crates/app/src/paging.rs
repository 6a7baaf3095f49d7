//! Page cursors for keyset pagination. A cursor names the last row of a page by its sort key
//! and id, so the next page seeks the index to it instead of counting the rows before it
//! (`OFFSET`), and stays right while rows are added between pages. Clients treat a cursor as
//! opaque: URL-safe base64 of the parts, one per line.

use base64::Engine;

use crate::{AppError, Result};

/// A cursor from its parts (which must not contain a newline).
pub(crate) fn encode(parts: &[&str]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(parts.join("\n"))
}

/// The `N` parts of a cursor made by [`encode`]; a cursor from elsewhere, or from a list with
/// another number of parts, is a `cursor-invalid` error on the field `cursor`.
pub(crate) fn decode<const N: usize>(cursor: &str) -> Result<[String; N]> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .map_err(|_| invalid())?;
    let text = String::from_utf8(raw).map_err(|_| invalid())?;
    let parts: Vec<String> = text.splitn(N, '\n').map(str::to_owned).collect();
    parts.try_into().map_err(|_| invalid())
}

pub(crate) fn invalid() -> AppError {
    AppError::invalid(
        "cursor",
        "cursor-invalid",
        "The page cursor is not valid for this list; start from the first page",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips_and_a_foreign_one_is_refused() {
        let c = encode(&["1700000000000000", "prd_x"]);
        let [at, id] = decode::<2>(&c).unwrap();
        assert_eq!((at.as_str(), id.as_str()), ("1700000000000000", "prd_x"));
        assert!(decode::<3>(&c).is_err());
        assert!(decode::<2>("not base64!").is_err());
        assert!(decode::<2>(&encode(&["one"])).is_err());
    }
}

//! Text as it may enter Shopdeck: no control characters but tab, line feed and carriage
//! return. A NUL byte cannot be stored in PostgreSQL at all, and the others are never typed
//! by a person; refusing them where requests enter keeps both databases holding the same text.

/// Whether `c` is refused in text that people or clients send.
pub fn is_refused_char(c: char) -> bool {
    (c <= '\u{1f}' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'
}

/// Whether `s` holds a refused control character.
pub fn has_refused_char(s: &str) -> bool {
    s.chars().any(is_refused_char)
}

/// Whether a JSON document's text (the raw body) spells a refused character, raw or as a
/// `\uXXXX` escape inside a string. Escaped backslashes (`\\u0000` is the six characters
/// `\u0000`) are told apart.
pub fn json_has_refused_char(json: &[u8]) -> bool {
    let mut i = 0;
    let mut in_string = false;
    while i < json.len() {
        let b = json[i];
        if in_string {
            match b {
                b'"' => in_string = false,
                b'\\' => {
                    if json.get(i + 1) == Some(&b'u') {
                        let code = json
                            .get(i + 2..i + 6)
                            .and_then(|h| std::str::from_utf8(h).ok())
                            .and_then(|h| u32::from_str_radix(h, 16).ok());
                        if code.and_then(char::from_u32).is_some_and(is_refused_char) {
                            return true;
                        }
                        i += 6;
                        continue;
                    }
                    i += 2;
                    continue;
                }
                0x7f => return true,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        }
        i += 1;
    }
    false
}

/// Whether URL-encoded text (a query string or a form body) decodes to a refused character.
pub fn urlencoded_has_refused_char(s: &[u8]) -> bool {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut i = 0;
    while i < s.len() {
        let b = match s[i] {
            b'%' => match (
                s.get(i + 1).and_then(|b| hex(*b)),
                s.get(i + 2).and_then(|b| hex(*b)),
            ) {
                (Some(h), Some(l)) => {
                    i += 2;
                    (h * 16 + l) as u8
                }
                _ => b'%',
            },
            b => b,
        };
        if (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f {
            return true;
        }
        i += 1;
    }
    false
}

/// The name a person goes by on their account (sellers' users and buyers): runs of white
/// space become one space, and 1 to [`DisplayName::MAX_CHARS`] characters remain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

/// Why a display name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisplayNameError {
    /// Nothing but white space.
    Empty,
    /// More than [`DisplayName::MAX_CHARS`] characters, or a control character.
    TooLong,
}

impl DisplayName {
    /// Longest display name, in characters (after white space is collapsed).
    pub const MAX_CHARS: usize = 60;

    pub fn parse(input: &str) -> Result<DisplayName, DisplayNameError> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(DisplayNameError::Empty);
        }
        if name.chars().count() > Self::MAX_CHARS || name.chars().any(char::is_control) {
            return Err(DisplayNameError::TooLong);
        }
        Ok(DisplayName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(
            DisplayName::parse("  Mina \t Park ").unwrap().as_str(),
            "Mina Park"
        );
        assert_eq!(DisplayName::parse(" \n "), Err(DisplayNameError::Empty));
        assert!(DisplayName::parse(&"é".repeat(60)).is_ok());
        assert_eq!(
            DisplayName::parse(&"é".repeat(61)),
            Err(DisplayNameError::TooLong)
        );
    }

    #[test]
    fn control_characters_are_found_where_they_hide() {
        assert!(has_refused_char("a\u{0}b"));
        assert!(has_refused_char("a\u{7f}"));
        assert!(!has_refused_char("line\nnext\ttab\r\n"));
        assert!(!has_refused_char("日本語 العربية"));
        assert!(json_has_refused_char(br#"{"login":"owner\u0000@x"}"#));
        assert!(json_has_refused_char(br#"{"t":"\u001B"}"#));
        assert!(
            !json_has_refused_char(br#"{"t":"a\\u0000b"}"#),
            "an escaped backslash"
        );
        assert!(!json_has_refused_char(br#"{"t":"a\nb\u00e9\"x"}"#));
        assert!(
            !json_has_refused_char(b"{\n\t\"a\": 1\r\n}"),
            "whitespace between tokens"
        );
        assert!(urlencoded_has_refused_char(b"q=a%00b"));
        assert!(urlencoded_has_refused_char(b"q=a%7Fb"));
        assert!(!urlencoded_has_refused_char(b"q=a%0Ab+c&d=%E6%97%A5"));
        assert!(!urlencoded_has_refused_char(b"q=100%"));
    }
}

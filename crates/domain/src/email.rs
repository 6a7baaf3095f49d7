//! Email addresses, parsed once at the edge.

use std::fmt;

/// A syntactically plausible email address, trimmed and with its domain lower-cased.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid email address")]
pub struct EmailError(pub String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let s = input.trim();
        let err = || EmailError(s.to_owned());
        if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(err());
        }
        let (local, domain) = s.rsplit_once('@').ok_or_else(err)?;
        if local.is_empty() || local.len() > 64 || local.contains('@') {
            return Err(err());
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let label_ok = |l: &&str| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        };
        if labels.len() < 2 || !labels.iter().all(label_ok) {
            return Err(err());
        }
        Ok(Email(format!("{local}@{}", domain.to_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses_and_normalises_the_domain() {
        assert_eq!(
            Email::parse(" Ann@Example.COM ").unwrap().as_str(),
            "Ann@example.com"
        );
        assert!(Email::parse("a.b+tag@shop.co.uk").is_ok());
    }

    #[test]
    fn rejects_what_cannot_receive_mail() {
        for bad in [
            "",
            "plain",
            "@x.com",
            "a@",
            "a@b",
            "a b@c.com",
            "a@-x.com",
            "a@x..com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}

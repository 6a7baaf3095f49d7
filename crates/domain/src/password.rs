//! The password policy: length and a refusal of the most common passwords.

/// Why a new password was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("a password needs at least {0} characters")]
    TooShort(usize),
    #[error("a password may have at most {0} characters")]
    TooLong(usize),
    #[error("this password is too common; choose another")]
    TooCommon,
}

pub const MIN_LEN: usize = 10;
pub const MAX_LEN: usize = 128;

/// Lower-cased passwords of 10+ characters that top the public breach lists.
const COMMON: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789a",
    "qwertyuiop",
    "1q2w3e4r5t",
    "password12",
    "password123",
    "password1234",
    "iloveyou12",
    "qwerty1234",
    "qwerty12345",
    "1qaz2wsx3edc",
    "abcdefghij",
    "0987654321",
    "1111111111",
    "0000000000",
    "aaaaaaaaaa",
    "passw0rd12",
    "welcome123",
    "letmein123",
    "administrator",
    "trustno1234",
    "football123",
    "baseball123",
    "sunshine123",
    "princess123",
    "1234qwerty",
    "q1w2e3r4t5",
    "zxcvbnm123",
    "asdfghjkl1",
    "qwertyuiop1",
    "123123123123",
    "1234512345",
    "987654321a",
    "password!!",
    "changeme123",
    "shopdeck123",
    "seller12345",
];

/// A password that satisfies the policy. It is never displayed or logged.
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(input: &str) -> Result<NewPassword, PasswordError> {
        let chars = input.chars().count();
        if chars < MIN_LEN {
            return Err(PasswordError::TooShort(MIN_LEN));
        }
        if chars > MAX_LEN {
            return Err(PasswordError::TooLong(MAX_LEN));
        }
        let lower = input.to_lowercase();
        let first = lower.chars().next();
        let one_char_repeated = lower.chars().all(|c| Some(c) == first);
        if one_char_repeated || COMMON.contains(&lower.as_str()) {
            return Err(PasswordError::TooCommon);
        }
        Ok(NewPassword(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert_eq!(
            NewPassword::parse("short").unwrap_err(),
            PasswordError::TooShort(10)
        );
        assert_eq!(
            NewPassword::parse("Password123").unwrap_err(),
            PasswordError::TooCommon
        );
        assert_eq!(
            NewPassword::parse("zzzzzzzzzzzz").unwrap_err(),
            PasswordError::TooCommon
        );
        assert!(NewPassword::parse("correct horse battery").is_ok());
        assert!(
            !format!("{:?}", NewPassword::parse("correct horse battery").unwrap())
                .contains("horse")
        );
    }
}

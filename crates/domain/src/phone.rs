//! Phone numbers, parsed from what a seller types for their country into E.164.
//!
//! The seller chooses the shop's country first, so a number is always read in that country's
//! numbering plan: the national form (`07700 900123`) and the international forms
//! (`+44 7700 900123`, `0044 7700 900123`) both give `+447700900123`, and a number from any
//! other country is refused rather than silently accepted. The rules here are deliberately a
//! small table (trunk prefix and national number length per country), not a full numbering-plan
//! database: they catch typos and wrong countries, not every unallocated range.

use std::fmt;

use crate::Country;

/// How many digits the national significant number (what follows the country code) may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DigitRange {
    pub min: u8,
    pub max: u8,
}

impl fmt::Display for DigitRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.max - self.min {
            0 => write!(f, "{}", self.min),
            1 => write!(f, "{} or {}", self.min, self.max),
            _ => write!(f, "{} to {}", self.min, self.max),
        }
    }
}

/// Why a phone number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("enter a phone number")]
    Empty,
    #[error(
        "a phone number may contain only digits, spaces, `+`, `-`, `.`, `/` and parentheses, not `{0}`"
    )]
    InvalidCharacter(char),
    #[error("`+` may appear only once, before the digits")]
    MisplacedPlus,
    #[error("a phone number has at most 15 digits")]
    TooLong,
    #[error("this is not a {country} number: {country} numbers start with +{calling_code}")]
    WrongCountry {
        country: &'static str,
        calling_code: &'static str,
    },
    #[error("{country} phone numbers have {expected} digits after +{calling_code}")]
    WrongLength {
        country: &'static str,
        calling_code: &'static str,
        expected: DigitRange,
    },
    #[error("this is not a valid {country} phone number")]
    InvalidNumber { country: &'static str },
    #[error("phone numbers from {0} are not supported yet")]
    UnsupportedCountry(&'static str),
}

/// What a national number starts with before its significant digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trunk {
    /// No trunk prefix: the national form is the national significant number (SG, MX).
    None,
    /// A leading `0` at home that is dropped after the country code (`020…` → `+44 20…`).
    Zero,
    /// The North American `1`, which is both the long-distance prefix and the country code.
    One,
    /// Italy: the leading `0` of fixed lines belongs to the number and stays after `+39`.
    Kept,
}

/// Extra structural checks beyond the length, for plans where a typo is otherwise likely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Any,
    /// NANP: area code and exchange (`NXX NXX XXXX`) both start with 2–9.
    Nanp,
    /// China: mobiles (`1[1-9]…`) have 11 digits, Beijing (`10…`) 10, other areas 10 or 11.
    China,
}

#[derive(Debug, Clone, Copy)]
struct Plan {
    country: &'static str,
    trunk: Trunk,
    digits: DigitRange,
    shape: Shape,
}

const fn plan(country: &'static str, trunk: Trunk, min: u8, max: u8, shape: Shape) -> Plan {
    Plan {
        country,
        trunk,
        digits: DigitRange { min, max },
        shape,
    }
}

/// The numbering plan of every supported country. Spain has no trunk prefix (its numbers start
/// with 6–9), and Mexico dropped its prefixes in 2019, so neither strips a leading digit.
const PLANS: &[Plan] = &[
    plan("US", Trunk::One, 10, 10, Shape::Nanp),
    plan("CA", Trunk::One, 10, 10, Shape::Nanp),
    plan("MX", Trunk::None, 10, 10, Shape::Any),
    plan("BR", Trunk::Zero, 10, 11, Shape::Any),
    plan("GB", Trunk::Zero, 9, 10, Shape::Any),
    plan("FR", Trunk::Zero, 9, 9, Shape::Any),
    plan("ES", Trunk::None, 9, 9, Shape::Any),
    plan("DE", Trunk::Zero, 6, 13, Shape::Any),
    plan("IT", Trunk::Kept, 6, 11, Shape::Any),
    plan("IE", Trunk::Zero, 7, 9, Shape::Any),
    plan("JP", Trunk::Zero, 9, 10, Shape::Any),
    plan("CN", Trunk::Zero, 10, 11, Shape::China),
    plan("SG", Trunk::None, 8, 8, Shape::Any),
    plan("MY", Trunk::Zero, 9, 10, Shape::Any),
    plan("TH", Trunk::Zero, 8, 9, Shape::Any),
    plan("PH", Trunk::Zero, 10, 10, Shape::Any),
    plan("ID", Trunk::Zero, 9, 12, Shape::Any),
    plan("VN", Trunk::Zero, 9, 10, Shape::Any),
    plan("AE", Trunk::Zero, 8, 9, Shape::Any),
    plan("SA", Trunk::Zero, 9, 9, Shape::Any),
];

/// More digits than this cannot be a phone number in any form (E.164 allows 15, plus an
/// international prefix); stopping early keeps a pasted essay from being copied around.
const MAX_TYPED_DIGITS: usize = 20;

/// A phone number in E.164 form (`+447700900123`), valid for the country it was parsed for.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber {
    e164: String,
    /// Length of the country calling code inside `e164`, after the `+`.
    cc_len: usize,
}

impl PhoneNumber {
    /// Parses a number as typed by a seller whose shop is in `country`.
    pub fn parse(input: &str, country: &Country) -> Result<PhoneNumber, PhoneError> {
        let plan = PLANS
            .iter()
            .find(|p| p.country == country.code)
            .ok_or(PhoneError::UnsupportedCountry(country.name))?;
        let cc = country.calling_code;
        if cc.is_empty() || cc.len() > 3 || !cc.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PhoneError::UnsupportedCountry(country.name));
        }
        let (plus, digits) = scan(input)?;
        if digits.is_empty() {
            return Err(PhoneError::Empty);
        }

        // `+`, the ITU-recommended `00`, or North America's `011` mark the international form.
        let international = if plus {
            Some(digits.as_str())
        } else if let Some(rest) = digits.strip_prefix("00") {
            Some(rest)
        } else if plan.trunk == Trunk::One {
            digits.strip_prefix("011")
        } else {
            None
        };

        let nsn = match international {
            Some(rest) => {
                let nsn = rest.strip_prefix(cc).ok_or(PhoneError::WrongCountry {
                    country: country.name,
                    calling_code: cc,
                })?;
                // `+44 (0)20 7946 0958` is how many Europeans write their number: the trunk
                // `0` in parentheses is a hint for callers at home, not part of the number.
                match plan.trunk {
                    Trunk::Zero => nsn.strip_prefix('0').unwrap_or(nsn),
                    Trunk::None | Trunk::One | Trunk::Kept => nsn,
                }
                .to_owned()
            }
            None => national(plan, cc, &digits)?,
        };
        let nsn = mexican_mobile_legacy(plan, nsn);
        validate(plan, country, &nsn)?;
        Ok(PhoneNumber {
            e164: format!("+{cc}{nsn}"),
            cc_len: cc.len(),
        })
    }

    /// The number as `+` and digits, for storage and for SMS providers.
    pub fn as_e164(&self) -> &str {
        &self.e164
    }

    /// The country calling code without `+` (`44`).
    pub fn country_code(&self) -> &str {
        &self.e164[1..1 + self.cc_len]
    }

    /// The national significant number: everything after the country code.
    pub fn national_number(&self) -> &str {
        &self.e164[1 + self.cc_len..]
    }

    /// The number for display with all but its last four digits hidden: `+44 •••• ••0123`.
    ///
    /// The country code is not secret and tells the seller which of their numbers this is.
    pub fn masked(&self) -> String {
        let nsn = self.national_number();
        let shown = nsn.len().saturating_sub(4);
        // The last group holds six characters (two hidden digits and the four shown ones), as
        // in the common 4+6 grouping of a British mobile; everything before it is one group.
        let head = nsn.len().saturating_sub(6);
        let mut out = format!("+{} ", self.country_code());
        for (i, c) in nsn.chars().enumerate() {
            if i == head && head > 0 {
                out.push(' ');
            }
            out.push(if i < shown { '•' } else { c });
        }
        out
    }
}

/// Reads the national form: drops the trunk prefix, and accepts a number typed with its
/// country code but without the `+` when the digits make no sense otherwise.
fn national(plan: &Plan, cc: &str, digits: &str) -> Result<String, PhoneError> {
    let nsn = match plan.trunk {
        Trunk::Zero => digits.strip_prefix('0').unwrap_or(digits),
        Trunk::One => digits.strip_prefix('1').unwrap_or(digits),
        Trunk::None | Trunk::Kept => digits,
    };
    let len_ok =
        |s: &str| (usize::from(plan.digits.min)..=usize::from(plan.digits.max)).contains(&s.len());
    if !len_ok(nsn)
        && let Some(rest) = digits.strip_prefix(cc)
        && len_ok(rest)
    {
        return Ok(rest.to_owned());
    }
    Ok(nsn.to_owned())
}

/// Mexican mobiles used to be dialled from abroad as `+52 1 …`; the `1` was abolished in 2019
/// but is still in many address books, and no Mexican area code starts with 1.
fn mexican_mobile_legacy(plan: &Plan, nsn: String) -> String {
    if plan.country == "MX" && nsn.len() == 11 && nsn.starts_with('1') {
        nsn[1..].to_owned()
    } else {
        nsn
    }
}

fn validate(plan: &Plan, country: &Country, nsn: &str) -> Result<(), PhoneError> {
    let len = nsn.len();
    if len < usize::from(plan.digits.min) || len > usize::from(plan.digits.max) {
        return Err(PhoneError::WrongLength {
            country: country.name,
            calling_code: country.calling_code,
            expected: plan.digits,
        });
    }
    let invalid = || PhoneError::InvalidNumber {
        country: country.name,
    };
    let b = nsn.as_bytes();
    // A significant number never starts with the trunk digit it would be confused with.
    if matches!(plan.trunk, Trunk::Zero | Trunk::One) && b[0] == b'0' {
        return Err(invalid());
    }
    match plan.shape {
        Shape::Any => {}
        Shape::Nanp => {
            if b[0] < b'2' || b[3] < b'2' {
                return Err(invalid());
            }
        }
        Shape::China => {
            let expected = match (b[0], b[1]) {
                (b'1', b'0') => 10..=10,
                (b'1', _) => 11..=11,
                _ => 10..=11,
            };
            if !expected.contains(&len) {
                return Err(invalid());
            }
        }
    }
    Ok(())
}

/// Maps full-width forms (`０`–`９`, `＋`, `（`, …), which Japanese and Chinese input methods
/// produce, to their ASCII counterparts.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Splits the input into "had a leading `+`" and its digits, refusing anything that is not
/// a digit or common separator.
fn scan(input: &str) -> Result<(bool, String), PhoneError> {
    let mut plus = false;
    let mut digits = String::new();
    for c in input.chars().map(fold_width) {
        match c {
            '0'..='9' => {
                if digits.len() == MAX_TYPED_DIGITS {
                    return Err(PhoneError::TooLong);
                }
                digits.push(c);
            }
            '+' if !plus && digits.is_empty() => plus = true,
            '+' => return Err(PhoneError::MisplacedPlus),
            // Hyphen-like characters that keyboards and word processors substitute for `-`,
            // including the katakana prolonged sound mark often typed in Japanese numbers.
            '-' | '.' | '(' | ')' | '/' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' => {}
            c if c.is_whitespace() => {}
            c => return Err(PhoneError::InvalidCharacter(c)),
        }
    }
    Ok((plus, digits))
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.e164)
    }
}

/// Masked, because a phone number is personal data and `Debug` output ends up in logs.
impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({})", self.masked())
    }
}

impl serde::Serialize for PhoneNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.e164)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn country(code: &str) -> Country {
        Country::by_code(code).unwrap()
    }

    fn e164(input: &str, code: &str) -> String {
        match PhoneNumber::parse(input, &country(code)) {
            Ok(p) => p.as_e164().to_owned(),
            Err(e) => panic!("{input} ({code}): {e}"),
        }
    }

    fn err(input: &str, code: &str) -> PhoneError {
        PhoneNumber::parse(input, &country(code)).unwrap_err()
    }

    #[test]
    fn british_numbers_in_every_common_spelling() {
        for input in [
            "+44 7700 900123",
            "+447700900123",
            "0044 7700 900123",
            "07700 900123",
            "07700-900-123",
            "(07700) 900.123",
            "+44 (0)7700 900123",
            "7700 900123",
            "447700900123",
        ] {
            assert_eq!(e164(input, "GB"), "+447700900123", "{input}");
        }
        assert_eq!(e164("020 7946 0958", "GB"), "+442079460958");
        // Some rural British numbers have nine significant digits.
        assert_eq!(e164("016977 3456", "GB"), "+44169773456");
    }

    #[test]
    fn north_american_numbers_take_an_optional_leading_one() {
        for input in [
            "(212) 555-0123",
            "212.555.0123",
            "1 212 555 0123",
            "+1 (212) 555-0123",
            "1-212-555-0123",
        ] {
            assert_eq!(e164(input, "US"), "+12125550123", "{input}");
        }
        assert_eq!(e164("416 555 0199", "CA"), "+14165550199");
        // Area codes and exchanges never start with 0 or 1.
        assert!(matches!(
            err("(012) 555-0123", "US"),
            PhoneError::InvalidNumber { .. }
        ));
        assert!(matches!(
            err("(212) 155-0123", "US"),
            PhoneError::InvalidNumber { .. }
        ));
        assert!(matches!(
            err("+1 1 212 555 0123", "US"),
            PhoneError::WrongLength { .. }
        ));
        assert!(matches!(
            err("212 555 012", "US"),
            PhoneError::WrongLength { .. }
        ));
    }

    #[test]
    fn european_numbers() {
        assert_eq!(e164("01 23 45 67 89", "FR"), "+33123456789");
        assert_eq!(e164("06.12.34.56.78", "FR"), "+33612345678");
        assert_eq!(e164("+33 6 12 34 56 78", "FR"), "+33612345678");
        assert_eq!(e164("612 34 56 78", "ES"), "+34612345678");
        assert_eq!(e164("+34 91 123 45 67", "ES"), "+34911234567");
        assert_eq!(e164("030 12345678", "DE"), "+493012345678");
        assert_eq!(e164("030/901820", "DE"), "+4930901820");
        assert_eq!(e164("0151 23456789", "DE"), "+4915123456789");
        assert_eq!(e164("087 123 4567", "IE"), "+353871234567");
        assert_eq!(e164("01 234 5678", "IE"), "+35312345678");
    }

    #[test]
    fn italian_fixed_lines_keep_their_zero() {
        assert_eq!(e164("06 1234 5678", "IT"), "+390612345678");
        assert_eq!(e164("+39 06 1234 5678", "IT"), "+390612345678");
        assert_eq!(e164("312 345 6789", "IT"), "+393123456789");
    }

    #[test]
    fn asian_numbers() {
        assert_eq!(e164("090-1234-5678", "JP"), "+819012345678");
        assert_eq!(e164("03-1234-5678", "JP"), "+81312345678");
        assert_eq!(e164("０９０－１２３４－５６７８", "JP"), "+819012345678");
        assert_eq!(e164("＋８１ ９０ １２３４ ５６７８", "JP"), "+819012345678");
        assert_eq!(e164("138 0013 8000", "CN"), "+8613800138000");
        assert_eq!(e164("010 1234 5678", "CN"), "+861012345678");
        assert_eq!(e164("0755 1234 5678", "CN"), "+8675512345678");
        assert_eq!(e164("6123 4567", "SG"), "+6561234567");
        assert_eq!(e164("+65 9123 4567", "SG"), "+6591234567");
        assert_eq!(e164("65 9123 4567", "SG"), "+6591234567");
        assert_eq!(e164("012-345 6789", "MY"), "+60123456789");
        assert_eq!(e164("011-1234 5678", "MY"), "+601112345678");
        assert_eq!(e164("081 234 5678", "TH"), "+66812345678");
        assert_eq!(e164("02 123 4567", "TH"), "+6621234567");
        assert_eq!(e164("0917 123 4567", "PH"), "+639171234567");
        assert_eq!(e164("0812-3456-7890", "ID"), "+6281234567890");
        assert_eq!(e164("091 234 5678", "VN"), "+84912345678");
        assert_eq!(e164("050 123 4567", "AE"), "+971501234567");
        assert_eq!(e164("04 123 4567", "AE"), "+97141234567");
        assert_eq!(e164("050 123 4567", "SA"), "+966501234567");
    }

    #[test]
    fn latin_american_numbers() {
        assert_eq!(e164("55 1234 5678", "MX"), "+525512345678");
        assert_eq!(e164("+52 1 55 1234 5678", "MX"), "+525512345678");
        assert_eq!(e164("(11) 91234-5678", "BR"), "+5511912345678");
        assert_eq!(e164("011 91234 5678", "BR"), "+5511912345678");
        assert_eq!(e164("(21) 2345-6789", "BR"), "+552123456789");
    }

    #[test]
    fn a_number_from_another_country_is_refused() {
        assert_eq!(
            err("+1 212 555 0123", "GB"),
            PhoneError::WrongCountry {
                country: "United Kingdom",
                calling_code: "44"
            }
        );
        assert!(matches!(
            err("0033 6 12 34 56 78", "DE"),
            PhoneError::WrongCountry { .. }
        ));
        assert!(matches!(
            err("011 44 7700 900123", "US"),
            PhoneError::WrongCountry { .. }
        ));
        assert!(matches!(
            err("+4 7700 900123", "GB"),
            PhoneError::WrongCountry { .. }
        ));
    }

    #[test]
    fn wrong_lengths_name_the_expected_count() {
        let e = err("0123 456", "FR");
        assert_eq!(
            e.to_string(),
            "France phone numbers have 9 digits after +33"
        );
        assert_eq!(
            err("07700 9001234", "GB").to_string(),
            "United Kingdom phone numbers have 9 or 10 digits after +44"
        );
        assert_eq!(
            err("030 1", "DE").to_string(),
            "Germany phone numbers have 6 to 13 digits after +49"
        );
        assert!(matches!(
            err("912 3456", "SG"),
            PhoneError::WrongLength { .. }
        ));
        // A mobile number with a digit missing, and one too many for Beijing.
        assert!(matches!(
            err("138 0013 800", "CN"),
            PhoneError::InvalidNumber { .. }
        ));
        assert!(matches!(
            err("010 1234 56789", "CN"),
            PhoneError::InvalidNumber { .. }
        ));
    }

    #[test]
    fn junk_is_refused_with_a_reason() {
        assert_eq!(err("", "GB"), PhoneError::Empty);
        assert_eq!(err("  ( ) - ", "GB"), PhoneError::Empty);
        assert_eq!(err("+", "GB"), PhoneError::Empty);
        assert_eq!(
            err("07700 900123 ext 5", "GB"),
            PhoneError::InvalidCharacter('e')
        );
        assert_eq!(
            err("1-800-FLOWERS", "US"),
            PhoneError::InvalidCharacter('F')
        );
        assert_eq!(err("07700+900123", "GB"), PhoneError::MisplacedPlus);
        assert_eq!(err("++44 7700 900123", "GB"), PhoneError::MisplacedPlus);
        assert_eq!(err(&"1".repeat(40), "GB"), PhoneError::TooLong);
        // The trunk prefix twice is not a number.
        assert!(matches!(
            err("+44 00 7700 90012", "GB"),
            PhoneError::InvalidNumber { .. }
        ));
        let nowhere = Country {
            code: "KR",
            ..country("GB")
        };
        assert!(matches!(
            PhoneNumber::parse("010 1234 5678", &nowhere),
            Err(PhoneError::UnsupportedCountry(_))
        ));
    }

    #[test]
    fn parts_and_masking() {
        let p = PhoneNumber::parse("+44 7700 900123", &country("GB")).unwrap();
        assert_eq!(p.country_code(), "44");
        assert_eq!(p.national_number(), "7700900123");
        assert_eq!(p.masked(), "+44 •••• ••0123");
        assert_eq!(p.to_string(), "+447700900123");
        assert_eq!(format!("{p:?}"), "PhoneNumber(+44 •••• ••0123)");
        assert_eq!(serde_json::to_string(&p).unwrap(), r#""+447700900123""#);
        let sg = PhoneNumber::parse("6123 4567", &country("SG")).unwrap();
        assert_eq!(sg.masked(), "+65 •• ••4567");
        let ie = PhoneNumber::parse("+353 1 234 5678", &country("IE")).unwrap();
        assert_eq!(ie.country_code(), "353");
        assert_eq!(ie.masked(), "+353 •• ••5678");
        let de = PhoneNumber::parse("030 901820", &country("DE")).unwrap();
        assert_eq!(de.masked(), "+49 •• ••1820");
    }

    #[test]
    fn every_supported_country_has_a_plan_and_a_round_trip() {
        let samples = [
            ("US", "212 555 0123"),
            ("CA", "416 555 0199"),
            ("MX", "55 1234 5678"),
            ("BR", "11 91234 5678"),
            ("GB", "07700 900123"),
            ("FR", "06 12 34 56 78"),
            ("ES", "612 345 678"),
            ("DE", "030 12345678"),
            ("IT", "06 1234 5678"),
            ("IE", "087 123 4567"),
            ("JP", "090 1234 5678"),
            ("CN", "138 0013 8000"),
            ("SG", "9123 4567"),
            ("MY", "012 345 6789"),
            ("TH", "081 234 5678"),
            ("PH", "0917 123 4567"),
            ("ID", "0812 3456 7890"),
            ("VN", "091 234 5678"),
            ("AE", "050 123 4567"),
            ("SA", "050 123 4567"),
        ];
        assert_eq!(samples.len(), Country::all().len());
        for c in Country::all() {
            let (_, input) = samples.iter().find(|(code, _)| *code == c.code).unwrap();
            let p = PhoneNumber::parse(input, c).unwrap();
            assert_eq!(p.country_code(), c.calling_code);
            // Stored numbers are read back by parsing their E.164 form.
            assert_eq!(PhoneNumber::parse(p.as_e164(), c).unwrap(), p);
        }
    }

    proptest! {
        #[test]
        fn parsing_arbitrary_text_never_panics(input in any::<String>()) {
            for c in Country::all() {
                let _ = PhoneNumber::parse(&input, c);
            }
        }

        #[test]
        fn parsing_phone_like_text_never_panics_and_stays_e164(
            input in "[+0-9 ()./-]{0,24}"
        ) {
            for c in Country::all() {
                if let Ok(p) = PhoneNumber::parse(&input, c) {
                    let e = p.as_e164();
                    prop_assert!(e.starts_with('+'));
                    prop_assert!(e.len() <= 16);
                    prop_assert!(e[1..].bytes().all(|b| b.is_ascii_digit()));
                    prop_assert_eq!(PhoneNumber::parse(e, c).unwrap(), p.clone());
                    let shown = p.masked().chars().filter(char::is_ascii_digit).count();
                    prop_assert_eq!(shown, c.calling_code.len() + 4);
                }
            }
        }
    }
}

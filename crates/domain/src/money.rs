//! Money: integer minor units plus an ISO 4217 currency.
//!
//! There are no floats anywhere near money. Arithmetic is checked and mixing currencies is an
//! error. Percentages are basis points (1 bp = 0.01 %). The one rounding rule, used wherever a
//! share of an amount is taken: round half away from zero to the currency's minor unit.

use std::fmt;

use crate::Locale;

/// Why a money operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("`{0}` is not a supported ISO 4217 currency code")]
    UnknownCurrency(String),
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
    #[error("the amount is too large")]
    Overflow,
    #[error("`{0}` is not a valid amount")]
    BadAmount(String),
}

/// An ISO 4217 currency Shopdeck knows how to format and settle.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: [u8; 3],
    exponent: u8,
}

/// (code, minor-unit exponent) for every supported currency.
const CURRENCIES: &[(&str, u8)] = &[
    ("USD", 2),
    ("GBP", 2),
    ("EUR", 2),
    ("JPY", 0),
    ("CNY", 2),
    ("SGD", 2),
    ("MYR", 2),
    ("THB", 2),
    ("PHP", 2),
    ("IDR", 2),
    ("VND", 0),
    ("KRW", 0),
    ("AED", 2),
    ("SAR", 2),
    ("MXN", 2),
    ("BRL", 2),
    ("CAD", 2),
    ("AUD", 2),
];

impl Currency {
    pub const USD: Currency = Currency {
        code: *b"USD",
        exponent: 2,
    };
    pub const GBP: Currency = Currency {
        code: *b"GBP",
        exponent: 2,
    };
    pub const JPY: Currency = Currency {
        code: *b"JPY",
        exponent: 0,
    };
    pub const EUR: Currency = Currency {
        code: *b"EUR",
        exponent: 2,
    };

    /// Parses an upper-case ISO 4217 code such as `USD`.
    pub fn parse(code: &str) -> Result<Self, MoneyError> {
        CURRENCIES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(c, e)| {
                let b = c.as_bytes();
                Currency {
                    code: [b[0], b[1], b[2]],
                    exponent: *e,
                }
            })
            .ok_or_else(|| MoneyError::UnknownCurrency(code.to_owned()))
    }

    pub fn code(&self) -> &str {
        // The code bytes always come from the ASCII table above.
        std::str::from_utf8(&self.code).unwrap_or("XXX")
    }

    /// Number of decimal places of the minor unit (2 for USD, 0 for JPY).
    pub fn exponent(&self) -> u8 {
        self.exponent
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(code: String) -> Result<Self, MoneyError> {
        Currency::parse(&code)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Currency {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[A-Z]{3}$"))
            .description(Some("ISO 4217 code"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Currency {}

impl<'de> serde::Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Currency::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A percentage in basis points: 250 bp = 2.5 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct BasisPoints(u32);

impl BasisPoints {
    /// At most 100 %.
    pub fn new(bp: u32) -> Option<Self> {
        (bp <= 10_000).then_some(Self(bp))
    }
    pub fn get(&self) -> u32 {
        self.0
    }
}

/// An amount in minor units of one currency. On the wire: `{"amount": 1999, "currency": "USD"}`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    amount: i64,
    currency: Currency,
}

impl Money {
    pub fn new(amount_minor: i64, currency: Currency) -> Self {
        Self {
            amount: amount_minor,
            currency,
        }
    }

    pub fn zero(currency: Currency) -> Self {
        Self::new(0, currency)
    }

    pub fn amount_minor(&self) -> i64 {
        self.amount
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        let amount = self
            .amount
            .checked_sub(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    pub fn checked_mul(self, quantity: u32) -> Result<Money, MoneyError> {
        let amount = self
            .amount
            .checked_mul(i64::from(quantity))
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// `rate` of this amount, rounded half away from zero to the minor unit.
    pub fn percent(self, rate: BasisPoints) -> Money {
        let product = i128::from(self.amount) * i128::from(rate.get());
        let quotient = product / 10_000;
        let remainder = product % 10_000;
        let rounded = if remainder.abs() * 2 >= 10_000 {
            quotient + product.signum()
        } else {
            quotient
        };
        // |rate| <= 100 %, so the result is never larger in magnitude than `self.amount`.
        Money::new(rounded as i64, self.currency)
    }

    /// Parses a decimal amount as a person types it ("19.99", "1500") in this currency;
    /// more decimals than the currency has is an error rather than a silent rounding.
    pub fn parse_decimal(input: &str, currency: Currency) -> Result<Money, MoneyError> {
        let bad = || MoneyError::BadAmount(input.to_owned());
        let s = input.trim();
        let (negative, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > usize::from(currency.exponent)
        {
            return Err(bad());
        }
        if s.contains('.') && frac.is_empty() {
            return Err(bad());
        }
        let scale = 10i64.pow(u32::from(currency.exponent));
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        let mut frac_value: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| bad())?
        };
        for _ in frac.len()..usize::from(currency.exponent) {
            frac_value *= 10;
        }
        let amount = whole
            .checked_mul(scale)
            .and_then(|w| w.checked_add(frac_value))
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(
            if negative { -amount } else { amount },
            currency,
        ))
    }

    /// The amount as a plain decimal string without currency ("19.99", "1500").
    pub fn to_decimal_string(&self) -> String {
        let exp = u32::from(self.currency.exponent);
        if exp == 0 {
            return self.amount.to_string();
        }
        let scale = 10u64.pow(exp);
        let abs = self.amount.unsigned_abs();
        let sign = if self.amount < 0 { "-" } else { "" };
        format!(
            "{sign}{}.{:0width$}",
            abs / scale,
            abs % scale,
            width = exp as usize
        )
    }
}

// No `Display`: an amount shown to a person goes through [`Money::format`] in their language,
// and machines get minor units and the code. `Debug` ("19.99 USD") is for logs and tests.
impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_decimal_string(), self.currency)
    }
}

// ---------------------------------------------------------------------------------------
// Showing an amount to a person

/// Where the currency sign goes in a locale's pattern.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SignAt {
    /// `¤#,##0.00`: en, zh-CN, ja.
    Before,
    /// `#,##0.00 ¤`: fr, es, ar.
    After,
}

/// The number symbols and currency pattern of a locale (CLDR 44, Latin digits).
struct NumberStyle {
    group: &'static str,
    decimal: &'static str,
    /// The fewest integer digits that get grouped: 4 almost everywhere, 5 in Spanish
    /// (CLDR's `minimumGroupingDigits` of 2: "1234,50" but "12.345,00").
    min_grouped_digits: usize,
    sign_at: SignAt,
}

const NBSP: &str = "\u{a0}";

fn style(locale: Locale) -> NumberStyle {
    let latin = |sign_at| NumberStyle {
        group: ",",
        decimal: ".",
        min_grouped_digits: 4,
        sign_at,
    };
    match locale {
        Locale::En | Locale::ZhCn | Locale::Ja => latin(SignAt::Before),
        // Arabic keeps western digits (as most Arabic shops do) and CLDR's `latn` symbols.
        Locale::Ar => latin(SignAt::After),
        Locale::Fr => NumberStyle {
            group: "\u{202f}",
            decimal: ",",
            min_grouped_digits: 4,
            sign_at: SignAt::After,
        },
        Locale::Es => NumberStyle {
            group: ".",
            decimal: ",",
            min_grouped_digits: 5,
            sign_at: SignAt::After,
        },
    }
}

/// The currency's sign as CLDR writes it in the locale; the ISO code where CLDR has no
/// symbol of its own there (so "SGD" in English, "JPY" in French).
fn symbol(currency: Currency, locale: Locale) -> &'static str {
    use Locale::*;
    let code = currency.code();
    let s = match (locale, code) {
        (En, "USD") | (Ja, "USD") => "$",
        (ZhCn, "USD") | (Ar, "USD") | (Es, "USD") => "US$",
        (Fr, "USD") => "$US",
        (_, "EUR") => "€",
        (Ar, "GBP") => "UK£",
        (Fr, "GBP") => "£GB",
        (Es, "GBP") => "GBP",
        (_, "GBP") => "£",
        (En, "JPY") => "¥",
        (Ja, "JPY") => "￥",
        (ZhCn, "JPY") | (Ar, "JPY") => "JP¥",
        (ZhCn, "CNY") => "¥",
        (Ja, "CNY") => "元",
        (En, "CNY") | (Ar, "CNY") => "CN¥",
        (ZhCn, "KRW") => "￦",
        (En | Ja | Fr | Es, "KRW") => "₩",
        (Ar, "VND") => "VND",
        (_, "VND") => "₫",
        (Ar, "PHP") => "PHP",
        (_, "PHP") => "₱",
        (En | ZhCn | Ja, "MXN") => "MX$",
        (Fr, "MXN") => "$MX",
        (En | ZhCn | Ja | Fr, "BRL") => "R$",
        (En | ZhCn | Ja, "CAD") => "CA$",
        (Fr, "CAD") => "$CA",
        (En | Ja, "AUD") => "A$",
        (ZhCn, "AUD") => "AU$",
        (Fr, "AUD") => "$AU",
        (Fr, "SGD") => "$SG",
        (Ar, "AED") => "د.إ.",
        (Ar, "SAR") => "ر.س.",
        _ => "",
    };
    if s.is_empty() {
        // The table above is the only source of symbols; the code of a supported currency
        // is one of CURRENCIES' static strings.
        CURRENCIES
            .iter()
            .find(|(c, _)| *c == code)
            .map_or("XXX", |(c, _)| c)
    } else {
        s
    }
}

impl Money {
    /// The amount as a person reading `locale` expects it, with the currency's sign.
    ///
    /// The rules (CLDR 44's standard currency format for each language, Latin digits):
    ///
    /// | locale | pattern        | group     | decimal | USD 1234.50      | JPY 6800   |
    /// |--------|----------------|-----------|---------|------------------|------------|
    /// | en     | `¤#,##0.00`    | `,`       | `.`     | `$1,234.50`      | `¥6,800`   |
    /// | zh-CN  | `¤#,##0.00`    | `,`       | `.`     | `US$1,234.50`    | `JP¥6,800` |
    /// | ja     | `¤#,##0.00`    | `,`       | `.`     | `$1,234.50`      | `￥6,800`  |
    /// | ar     | `#,##0.00 ¤`   | `,`       | `.`     | `1,234.50 US$`   | `6,800 JP¥`|
    /// | fr     | `#,##0.00 ¤`   | U+202F    | `,`     | `1 234,50 $US`   | `6 800 JPY`|
    /// | es     | `#,##0.00 ¤`   | `.`       | `,`     | `1234,50 US$`    | `6800 JPY` |
    ///
    /// - Decimals are the currency's minor unit ([`Currency::exponent`]): none for JPY,
    ///   KRW and VND, two for the others; never rounded, as the amount is already minor units.
    /// - A sign after the number is separated by a no-break space (U+00A0); a sign before it
    ///   touches the number, unless it ends in a letter ("SGD 1,234.50"), as CLDR's currency
    ///   spacing asks.
    /// - Spanish groups only from five integer digits ("1234,50" but "12.345,00").
    /// - Arabic keeps western digits, as most Arabic shops do; the web wraps the result in
    ///   a left-to-right isolate so it reads whole inside right-to-left text.
    /// - A negative amount starts with a hyphen-minus before everything: "-$5.00".
    /// - The sign is CLDR's symbol for the currency in that language, or the ISO code where
    ///   CLDR has none there ("SGD" in English, "JPY" in French and Spanish).
    pub fn format(&self, locale: Locale) -> String {
        let st = style(locale);
        let exp = u32::from(self.currency.exponent);
        let abs = self.amount.unsigned_abs();
        let scale = 10u64.pow(exp);
        let whole = (abs / scale).to_string();
        let mut number = String::with_capacity(whole.len() + 8);
        if whole.len() >= st.min_grouped_digits {
            for (i, ch) in whole.chars().enumerate() {
                if i > 0 && (whole.len() - i).is_multiple_of(3) {
                    number.push_str(st.group);
                }
                number.push(ch);
            }
        } else {
            number.push_str(&whole);
        }
        if exp > 0 {
            number.push_str(st.decimal);
            number.push_str(&format!("{:0width$}", abs % scale, width = exp as usize));
        }
        let sign = symbol(self.currency, locale);
        let minus = if self.amount < 0 { "-" } else { "" };
        match st.sign_at {
            SignAt::Before => {
                let gap = if sign.ends_with(|c: char| c.is_alphabetic()) {
                    NBSP
                } else {
                    ""
                };
                format!("{minus}{sign}{gap}{number}")
            }
            SignAt::After => format!("{minus}{number}{NBSP}{sign}"),
        }
    }

    /// A price range ("$12.00 – $15.00"), or one amount when both ends are equal. The ends
    /// are formatted by [`Money::format`] and joined by a spaced en dash.
    pub fn format_range(min: &Money, max: &Money, locale: Locale) -> String {
        if min == max {
            min.format(locale)
        } else {
            format!("{} – {}", min.format(locale), max.format(locale))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn adding_different_currencies_is_an_error() {
        let a = Money::new(100, Currency::USD);
        let b = Money::new(100, Currency::GBP);
        assert_eq!(
            a.checked_add(b),
            Err(MoneyError::CurrencyMismatch(Currency::USD, Currency::GBP))
        );
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        let a = Money::new(i64::MAX, Currency::USD);
        assert_eq!(
            a.checked_add(Money::new(1, Currency::USD)),
            Err(MoneyError::Overflow)
        );
        assert_eq!(a.checked_mul(2), Err(MoneyError::Overflow));
    }

    #[test]
    fn percent_rounds_half_away_from_zero() {
        let bp = BasisPoints::new(500).unwrap(); // 5 %
        assert_eq!(Money::new(10, Currency::USD).percent(bp).amount_minor(), 1); // 0.5 -> 1
        assert_eq!(Money::new(9, Currency::USD).percent(bp).amount_minor(), 0); // 0.45 -> 0
        assert_eq!(
            Money::new(-10, Currency::USD).percent(bp).amount_minor(),
            -1
        );
        assert_eq!(
            Money::new(1999, Currency::USD).percent(bp).amount_minor(),
            100
        );
        assert!(BasisPoints::new(10_001).is_none());
    }

    #[test]
    fn decimal_parsing_respects_the_minor_unit() {
        assert_eq!(
            Money::parse_decimal("19.99", Currency::USD)
                .unwrap()
                .amount_minor(),
            1999
        );
        assert_eq!(
            Money::parse_decimal("19.9", Currency::USD)
                .unwrap()
                .amount_minor(),
            1990
        );
        assert_eq!(
            Money::parse_decimal("1500", Currency::JPY)
                .unwrap()
                .amount_minor(),
            1500
        );
        assert!(Money::parse_decimal("15.5", Currency::JPY).is_err());
        assert!(Money::parse_decimal("1.999", Currency::USD).is_err());
        assert!(Money::parse_decimal("abc", Currency::USD).is_err());
        assert!(Money::parse_decimal("1.", Currency::USD).is_err());
        assert!(Money::parse_decimal("99999999999999999999", Currency::USD).is_err());
    }

    #[test]
    fn debug_uses_the_currency_exponent() {
        assert_eq!(
            format!("{:?}", Money::new(1999, Currency::USD)),
            "19.99 USD"
        );
        assert_eq!(format!("{:?}", Money::new(-5, Currency::GBP)), "-0.05 GBP");
        assert_eq!(format!("{:?}", Money::new(1500, Currency::JPY)), "1500 JPY");
    }

    #[test]
    fn currency_codes_are_checked() {
        assert!(Currency::parse("usd").is_err());
        assert!(Currency::parse("XYZ").is_err());
        assert_eq!(Currency::parse("JPY").unwrap().exponent(), 0);
        let json = serde_json::to_string(&Money::new(250, Currency::EUR)).unwrap();
        assert_eq!(json, r#"{"amount":250,"currency":"EUR"}"#);
        assert!(serde_json::from_str::<Money>(r#"{"amount":1,"currency":"ABC"}"#).is_err());
    }

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::USD)
    }

    #[test]
    fn format_follows_each_locale() {
        let jpy = Money::new(6800, Currency::JPY);
        let cases = [
            (Locale::En, "$1,234.50", "¥6,800"),
            (Locale::ZhCn, "US$1,234.50", "JP¥6,800"),
            (Locale::Ja, "$1,234.50", "￥6,800"),
            (Locale::Ar, "1,234.50\u{a0}US$", "6,800\u{a0}JP¥"),
            (
                Locale::Fr,
                "1\u{202f}234,50\u{a0}$US",
                "6\u{202f}800\u{a0}JPY",
            ),
            (Locale::Es, "1234,50\u{a0}US$", "6800\u{a0}JPY"),
        ];
        for (locale, dollars, yen) in cases {
            assert_eq!(usd(123_450).format(locale), dollars, "{locale}");
            assert_eq!(jpy.format(locale), yen, "{locale}");
        }
    }

    #[test]
    fn format_uses_the_minor_unit_and_groups_large_amounts() {
        assert_eq!(usd(5).format(Locale::En), "$0.05");
        assert_eq!(usd(-500).format(Locale::En), "-$5.00");
        assert_eq!(usd(-500).format(Locale::Fr), "-5,00\u{a0}$US");
        assert_eq!(usd(12_345_678_901).format(Locale::En), "$123,456,789.01");
        assert_eq!(
            Money::new(1_234_567, Currency::EUR).format(Locale::Es),
            "12.345,67\u{a0}€"
        );
        assert_eq!(Money::new(999, Currency::JPY).format(Locale::Ja), "￥999");
        assert_eq!(
            Money::new(1_000_000, Currency::JPY).format(Locale::Ja),
            "￥1,000,000"
        );
        assert_eq!(
            Money::new(123_400, Currency::parse("CNY").unwrap()).format(Locale::ZhCn),
            "¥1,234.00"
        );
        assert_eq!(
            Money::new(150_000, Currency::parse("KRW").unwrap()).format(Locale::En),
            "₩150,000"
        );
    }

    #[test]
    fn a_sign_in_letters_is_spaced_from_the_number() {
        let sgd = Currency::parse("SGD").unwrap();
        assert_eq!(Money::new(1999, sgd).format(Locale::En), "SGD\u{a0}19.99");
        let aed = Currency::parse("AED").unwrap();
        assert_eq!(Money::new(1999, aed).format(Locale::Ar), "19.99\u{a0}د.إ.");
        assert_eq!(Money::new(1999, aed).format(Locale::En), "AED\u{a0}19.99");
    }

    #[test]
    fn every_supported_currency_has_a_sign_in_every_locale() {
        for (code, _) in CURRENCIES {
            let c = Currency::parse(code).unwrap();
            for l in Locale::ALL {
                let s = Money::new(100, c).format(l);
                assert!(!s.contains("XXX"), "{code} {l}: {s}");
            }
        }
    }

    #[test]
    fn ranges_join_two_amounts_or_show_one() {
        let (a, b) = (
            Money::new(6800, Currency::JPY),
            Money::new(7200, Currency::JPY),
        );
        assert_eq!(Money::format_range(&a, &b, Locale::Ja), "￥6,800 – ￥7,200");
        assert_eq!(Money::format_range(&a, &a, Locale::Ja), "￥6,800");
    }

    proptest! {
        #[test]
        fn decimal_round_trip(amount in -1_000_000_000_000i64..1_000_000_000_000) {
            for cur in [Currency::USD, Currency::JPY] {
                let m = Money::new(amount, cur);
                prop_assert_eq!(Money::parse_decimal(&m.to_decimal_string(), cur).unwrap(), m);
            }
        }

        #[test]
        fn percent_never_exceeds_the_amount(amount in any::<i64>(), bp in 0u32..=10_000) {
            let m = Money::new(amount, Currency::USD);
            let p = m.percent(BasisPoints::new(bp).unwrap());
            prop_assert!(p.amount_minor().unsigned_abs() <= amount.unsigned_abs());
        }
    }
}

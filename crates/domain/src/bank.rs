//! Payout bank accounts: the form each country uses, validated, and never shown in full.
//!
//! Which fields a seller fills in depends on the shop's country: an IBAN in the IBAN countries,
//! an ABA routing number and account number in the US, a sort code and account number in the
//! UK (for sellers who do not know their IBAN), the Zengin bank/branch/type/number quadruple in
//! Japan, and elsewhere an account number with the bank's SWIFT/BIC code. The checks are the
//! ones a bank would make before accepting a transfer instruction (lengths, check digits,
//! country), so a typo is caught on the form rather than by a bounced payout weeks later.
//!
//! Account numbers are treated as secrets: `Debug` and `masked` show at most the last four
//! characters, and the full value is reachable only through the explicitly named `expose` and
//! `to_fields`.

use std::fmt;

use crate::Country;

/// Names of the input fields, as in [`BankFields`]; an error names the one to show it beside.
pub mod field {
    pub const IBAN: &str = "iban";
    pub const ROUTING_NUMBER: &str = "routing_number";
    pub const ACCOUNT_NUMBER: &str = "account_number";
    pub const SORT_CODE: &str = "sort_code";
    pub const BANK_CODE: &str = "bank_code";
    pub const BRANCH_CODE: &str = "branch_code";
    pub const ACCOUNT_TYPE: &str = "account_type";
    pub const SWIFT_BIC: &str = "swift_bic";
    pub const ACCOUNT_HOLDER: &str = "account_holder";
}

/// What is wrong with one field. The message is written to stand beside that field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BankErrorKind {
    #[error("this field is required")]
    Missing,
    #[error("use only {0}")]
    Characters(&'static str),
    #[error("must be {0}")]
    Length(String),
    #[error("the check digits do not match: look for a typo")]
    Checksum,
    #[error("this {what} is for an account in {found}, but the shop is registered in {expected}")]
    WrongCountry {
        what: &'static str,
        found: String,
        expected: &'static str,
    },
    #[error("IBANs from `{0}` are not supported")]
    UnsupportedCountry(String),
    #[error("this is not a routing number used by US banks")]
    UnknownRoutingPrefix,
    #[error("choose ordinary (普通) or current (当座)")]
    AccountType,
    #[error(
        "a SWIFT/BIC code has 8 or 11 characters: 4 letters for the bank, 2 for the country, \
         2 letters or digits for the location and optionally 3 for the branch"
    )]
    BicFormat,
}

/// A refused bank account: which field is wrong and why. Its message is the kind's alone,
/// because the form shows it beside the field named by `field`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct BankError {
    /// One of the [`field`] names.
    pub field: &'static str,
    pub kind: BankErrorKind,
}

impl BankError {
    fn new(field: &'static str, kind: BankErrorKind) -> BankError {
        BankError { field, kind }
    }
}

/// The bank details as the seller typed them. Blank strings count as missing, so an HTML form
/// can be deserialised straight into this.
#[derive(Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct BankFields {
    pub iban: Option<String>,
    pub routing_number: Option<String>,
    pub account_number: Option<String>,
    pub sort_code: Option<String>,
    pub bank_code: Option<String>,
    pub branch_code: Option<String>,
    pub account_type: Option<String>,
    pub swift_bic: Option<String>,
    pub account_holder: Option<String>,
}

/// Shows which fields were filled in but none of their values, since they hold account numbers.
impl fmt::Debug for BankFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |v: &Option<String>| if v.is_some() { "Some(…)" } else { "None" };
        f.debug_struct("BankFields")
            .field("iban", &format_args!("{}", shown(&self.iban)))
            .field(
                "routing_number",
                &format_args!("{}", shown(&self.routing_number)),
            )
            .field(
                "account_number",
                &format_args!("{}", shown(&self.account_number)),
            )
            .field("sort_code", &format_args!("{}", shown(&self.sort_code)))
            .field("bank_code", &format_args!("{}", shown(&self.bank_code)))
            .field("branch_code", &format_args!("{}", shown(&self.branch_code)))
            .field(
                "account_type",
                &format_args!("{}", shown(&self.account_type)),
            )
            .field("swift_bic", &format_args!("{}", shown(&self.swift_bic)))
            .field(
                "account_holder",
                &format_args!("{}", shown(&self.account_holder)),
            )
            .finish()
    }
}

/// The input field's value, trimmed, if the seller filled it in.
fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn required<'a>(name: &'static str, value: &'a Option<String>) -> Result<&'a str, BankError> {
    present(value).ok_or(BankError::new(name, BankErrorKind::Missing))
}

/// Maps full-width forms (`０`–`９`, `Ａ`–`Ｚ`), which Japanese and Chinese input methods produce,
/// to ASCII.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The value upper-cased, with full-width forms folded and spaces and dashes (which banks print
/// for readability) removed.
fn compact(value: &str) -> String {
    value
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Longer than any field here can be, checked first so a pasted essay is not copied around.
const MAX_FIELD_CHARS: usize = 200;

fn too_long(name: &'static str, value: &str) -> Result<(), BankError> {
    if value.chars().count() > MAX_FIELD_CHARS {
        return Err(BankError::new(
            name,
            BankErrorKind::Length(format!("at most {MAX_FIELD_CHARS} characters")),
        ));
    }
    Ok(())
}

/// A field made only of digits, with `min..=max` of them after spaces and dashes are removed.
fn digits(
    name: &'static str,
    value: &str,
    min: usize,
    max: usize,
    expected: &str,
) -> Result<String, BankError> {
    too_long(name, value)?;
    let s = compact(value);
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BankError::new(name, BankErrorKind::Characters("digits")));
    }
    if s.len() < min || s.len() > max {
        return Err(BankError::new(
            name,
            BankErrorKind::Length(expected.to_owned()),
        ));
    }
    Ok(s)
}

/// The name of a country for messages, falling back to its code.
fn country_name(code: &str) -> String {
    Country::by_code(code).map_or_else(|| code.to_owned(), |c| c.name.to_owned())
}

/// How many trailing characters of an account identifier may be shown: four, as banks print
/// on statements, but with at least three always hidden, so that a short account number (the
/// US allows four digits) is not given away whole.
fn visible_tail(len: usize) -> usize {
    4.min(len.saturating_sub(3))
}

fn tail(s: &str) -> &str {
    &s[s.len() - visible_tail(s.len())..]
}

/// IBAN lengths by country, from the SWIFT IBAN registry.
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SC", 31),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

/// An International Bank Account Number in electronic form: upper case, no spaces.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Iban(String);

impl Iban {
    /// Parses an IBAN as printed (`GB82 WEST 1234 5698 7654 32`) or typed in lower case.
    pub fn parse(input: &str) -> Result<Iban, BankError> {
        let err = |kind| BankError::new(field::IBAN, kind);
        too_long(field::IBAN, input)?;
        let mut s: String = input
            .chars()
            .map(fold_width)
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        // Statements print "IBAN GB82 WEST…", and the label is often copied with the number.
        if let Some(rest) = s.strip_prefix("IBAN") {
            s = rest.trim_start_matches(':').to_owned();
        }
        if s.is_empty() {
            return Err(err(BankErrorKind::Missing));
        }
        if !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(err(BankErrorKind::Characters("letters and digits")));
        }
        let b = s.as_bytes();
        if b.len() < 4 || !b[..2].iter().all(u8::is_ascii_uppercase) {
            return Err(err(BankErrorKind::Length(
                "a two-letter country code, two check digits and the account number".to_owned(),
            )));
        }
        let country = &s[..2];
        let expected = IBAN_LENGTHS
            .iter()
            .find(|(c, _)| *c == country)
            .map(|(_, len)| *len)
            .ok_or_else(|| err(BankErrorKind::UnsupportedCountry(country.to_owned())))?;
        if s.len() != expected {
            return Err(err(BankErrorKind::Length(format!(
                "{expected} characters for an IBAN from {country}"
            ))));
        }
        // Correctly computed check digits are always 02–98; 00, 01 and 99 pass the remainder
        // test only as aliases of 97, 98 and 02, and banks reject them.
        let check = &s[2..4];
        if !check.bytes().all(|b| b.is_ascii_digit()) || !("02"..="98").contains(&check) {
            return Err(err(BankErrorKind::Checksum));
        }
        if mod97(&s) != 1 {
            return Err(err(BankErrorKind::Checksum));
        }
        Ok(Iban(s))
    }

    /// The ISO 3166 country of the account.
    pub fn country_code(&self) -> &str {
        &self.0[..2]
    }

    /// The full IBAN, for the payout file. Never display or log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The last characters of the IBAN (four of them).
    pub fn last4(&self) -> &str {
        tail(&self.0)
    }

    /// The IBAN in its printed groups of four with everything hidden but the country and the
    /// last four characters: `GB•• •••• •••• •••• ••54 32`.
    pub fn masked(&self) -> String {
        let shown_from = self.0.len() - visible_tail(self.0.len());
        let mut out = String::new();
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i.is_multiple_of(4) {
                out.push(' ');
            }
            out.push(if i < 2 || i >= shown_from { c } else { '•' });
        }
        out
    }
}

/// ISO 7064 MOD 97-10 over an upper-case alphanumeric IBAN: the first four characters move to
/// the end and each letter becomes two digits (A = 10 … Z = 35).
fn mod97(iban: &str) -> u32 {
    let (head, rest) = iban.split_at(4);
    rest.bytes().chain(head.bytes()).fold(0u32, |acc, b| {
        if b.is_ascii_digit() {
            (acc * 10 + u32::from(b - b'0')) % 97
        } else {
            (acc * 100 + u32::from(b - b'A') + 10) % 97
        }
    })
}

impl fmt::Debug for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Iban({})", self.masked())
    }
}

/// A SWIFT/BIC code (ISO 9362): `DEUTDEFF` or `DEUTDEFF500`. Banks publish these, so it is not
/// secret and is shown in full.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Bic(String);

impl Bic {
    pub fn parse(input: &str) -> Result<Bic, BankError> {
        too_long(field::SWIFT_BIC, input)?;
        let s = compact(input);
        if s.is_empty() {
            return Err(BankError::new(field::SWIFT_BIC, BankErrorKind::Missing));
        }
        let b = s.as_bytes();
        let well_formed = (b.len() == 8 || b.len() == 11)
            && b[..6].iter().all(u8::is_ascii_uppercase)
            && b[6..].iter().all(u8::is_ascii_alphanumeric);
        if !well_formed {
            return Err(BankError::new(field::SWIFT_BIC, BankErrorKind::BicFormat));
        }
        Ok(Bic(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ISO 3166 country of the bank: letters 5 and 6.
    pub fn country_code(&self) -> &str {
        &self.0[4..6]
    }
}

impl fmt::Display for Bic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Bic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bic({})", self.0)
    }
}

/// A US ABA routing transit number: nine digits with a 3-7-1 weighted check digit. Routing
/// numbers identify banks and are public, so it is shown in full.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RoutingNumber(String);

impl RoutingNumber {
    pub fn parse(input: &str) -> Result<RoutingNumber, BankError> {
        let name = field::ROUTING_NUMBER;
        let s = digits(name, input, 9, 9, "9 digits")?;
        let d: Vec<u32> = s.bytes().map(|b| u32::from(b - b'0')).collect();
        // The first two digits name a Federal Reserve district (01–12), a thrift (21–32), an
        // electronic-only institution (61–72) or traveller's cheques (80); nothing else is
        // issued, which also rules out `000000000`, whose weighted sum is trivially zero.
        let prefix = d[0] * 10 + d[1];
        if !matches!(prefix, 1..=12 | 21..=32 | 61..=72 | 80) {
            return Err(BankError::new(name, BankErrorKind::UnknownRoutingPrefix));
        }
        let sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
        if !sum.is_multiple_of(10) {
            return Err(BankError::new(name, BankErrorKind::Checksum));
        }
        Ok(RoutingNumber(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RoutingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RoutingNumber({})", self.0)
    }
}

/// A UK sort code: six digits identifying a bank branch, printed `12-34-56`. Public, like a
/// routing number.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SortCode(String);

impl SortCode {
    pub fn parse(input: &str) -> Result<SortCode, BankError> {
        digits(field::SORT_CODE, input, 6, 6, "6 digits, such as 12-34-56").map(SortCode)
    }

    /// The six digits without separators.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SortCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}", &self.0[..2], &self.0[2..4], &self.0[4..])
    }
}

impl fmt::Debug for SortCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SortCode({self})")
    }
}

/// An account number in one of the national forms. Only the account forms construct it, each
/// after its own checks, so it is always valid for the account that holds it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AccountNumber(String);

impl AccountNumber {
    /// The full account number, for the payout file. Never display or log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The last characters of the account number: four, or fewer for a number of six digits or
    /// less, so that at least three stay hidden.
    pub fn last4(&self) -> &str {
        tail(&self.0)
    }

    /// `•••• 5432`. The dots are always four, so the length is not given away either.
    pub fn masked(&self) -> String {
        format!("•••• {}", self.last4())
    }
}

impl fmt::Debug for AccountNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountNumber({})", self.masked())
    }
}

/// The name on the account, as the bank has it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AccountHolder(String);

/// SEPA allows 70 characters for a creditor's name; other schemes allow fewer, and truncate.
const MAX_HOLDER_CHARS: usize = 70;

impl AccountHolder {
    pub fn parse(input: &str) -> Result<AccountHolder, BankError> {
        let name = field::ACCOUNT_HOLDER;
        too_long(name, input)?;
        // Collapsing runs of spaces keeps a pasted name comparable with the bank's records.
        let s = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.is_empty() {
            return Err(BankError::new(name, BankErrorKind::Missing));
        }
        if s.chars().count() > MAX_HOLDER_CHARS {
            return Err(BankError::new(
                name,
                BankErrorKind::Length(format!("at most {MAX_HOLDER_CHARS} characters")),
            ));
        }
        if s.chars().any(char::is_control) || !s.chars().any(char::is_alphabetic) {
            return Err(BankError::new(
                name,
                BankErrorKind::Characters("the name as your bank writes it"),
            ));
        }
        Ok(AccountHolder(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for AccountHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountHolder({:?})", self.0)
    }
}

/// A Japanese deposit type. Payouts go to ordinary (普通) or current (当座) accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JpAccountType {
    Ordinary,
    Current,
}

impl JpAccountType {
    /// Accepts the English names, the romanised and the Japanese ones (`futsu`, `普通預金`, …).
    pub fn parse(input: &str) -> Result<JpAccountType, BankError> {
        let s = input.trim().to_lowercase();
        match s.as_str() {
            "ordinary" | "futsu" | "futsuu" | "普通" | "普通預金" => {
                Ok(JpAccountType::Ordinary)
            }
            "current" | "checking" | "toza" | "touza" | "当座" | "当座預金" => {
                Ok(JpAccountType::Current)
            }
            "" => Err(BankError::new(field::ACCOUNT_TYPE, BankErrorKind::Missing)),
            _ => Err(BankError::new(
                field::ACCOUNT_TYPE,
                BankErrorKind::AccountType,
            )),
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            JpAccountType::Ordinary => "ordinary",
            JpAccountType::Current => "current",
        }
    }
}

/// An account identified by IBAN, with the bank's BIC if the seller gave it.
#[derive(Clone, PartialEq, Eq)]
pub struct IbanAccount {
    iban: Iban,
    bic: Option<Bic>,
    holder: AccountHolder,
}

impl IbanAccount {
    pub fn iban(&self) -> &Iban {
        &self.iban
    }
    pub fn bic(&self) -> Option<&Bic> {
        self.bic.as_ref()
    }
    pub fn holder(&self) -> &AccountHolder {
        &self.holder
    }
}

/// A US account for ACH payouts.
#[derive(Clone, PartialEq, Eq)]
pub struct UsAccount {
    routing_number: RoutingNumber,
    account_number: AccountNumber,
    holder: AccountHolder,
}

impl UsAccount {
    pub fn routing_number(&self) -> &RoutingNumber {
        &self.routing_number
    }
    pub fn account_number(&self) -> &AccountNumber {
        &self.account_number
    }
    pub fn holder(&self) -> &AccountHolder {
        &self.holder
    }
}

/// A UK account by sort code and eight-digit account number, for Faster Payments.
#[derive(Clone, PartialEq, Eq)]
pub struct GbAccount {
    sort_code: SortCode,
    account_number: AccountNumber,
    holder: AccountHolder,
}

impl GbAccount {
    pub fn sort_code(&self) -> &SortCode {
        &self.sort_code
    }
    pub fn account_number(&self) -> &AccountNumber {
        &self.account_number
    }
    pub fn holder(&self) -> &AccountHolder {
        &self.holder
    }
}

/// A Japanese account as the Zengin system addresses it.
#[derive(Clone, PartialEq, Eq)]
pub struct JpAccount {
    bank_code: String,
    branch_code: String,
    account_type: JpAccountType,
    account_number: AccountNumber,
    holder: AccountHolder,
}

impl JpAccount {
    /// The four-digit Zengin bank code (`0001` is Mizuho).
    pub fn bank_code(&self) -> &str {
        &self.bank_code
    }
    /// The three-digit branch code.
    pub fn branch_code(&self) -> &str {
        &self.branch_code
    }
    pub fn account_type(&self) -> JpAccountType {
        self.account_type
    }
    pub fn account_number(&self) -> &AccountNumber {
        &self.account_number
    }
    pub fn holder(&self) -> &AccountHolder {
        &self.holder
    }
}

/// An account anywhere else: the bank's own account number and its SWIFT/BIC code.
#[derive(Clone, PartialEq, Eq)]
pub struct SwiftAccount {
    bic: Bic,
    account_number: AccountNumber,
    holder: AccountHolder,
}

impl SwiftAccount {
    pub fn bic(&self) -> &Bic {
        &self.bic
    }
    pub fn account_number(&self) -> &AccountNumber {
        &self.account_number
    }
    pub fn holder(&self) -> &AccountHolder {
        &self.holder
    }
}

/// A validated payout account in the form its country uses.
#[derive(Clone, PartialEq, Eq)]
pub enum BankAccount {
    Iban(IbanAccount),
    Us(UsAccount),
    Gb(GbAccount),
    Jp(JpAccount),
    Swift(SwiftAccount),
}

/// The form a country's sellers fill in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Iban,
    Us,
    Gb,
    Jp,
    Swift,
}

/// Countries whose domestic transfers go by IBAN alone.
const IBAN_COUNTRIES: &[&str] = &["FR", "ES", "DE", "IT", "IE", "AE", "SA"];

fn form_for(country: &Country, fields: &BankFields) -> Form {
    let has_iban = present(&fields.iban).is_some();
    match country.code {
        "US" => Form::Us,
        "JP" => Form::Jp,
        // UK sellers know their sort code better than their IBAN; either will do.
        "GB" if has_iban => Form::Iban,
        "GB" => Form::Gb,
        // Brazil has IBANs for transfers from abroad, but sellers may not know theirs.
        "BR" if has_iban => Form::Iban,
        c if IBAN_COUNTRIES.contains(&c) => Form::Iban,
        _ => Form::Swift,
    }
}

fn same_country(
    name: &'static str,
    what: &'static str,
    found: &str,
    country: &Country,
) -> Result<(), BankError> {
    if found == country.code {
        return Ok(());
    }
    Err(BankError::new(
        name,
        BankErrorKind::WrongCountry {
            what,
            found: country_name(found),
            expected: country.name,
        },
    ))
}

impl BankAccount {
    /// Validates the fields in the form `country` uses. Payouts go to an account in the shop's
    /// own country, so an IBAN or BIC from elsewhere is refused. The first wrong field, in the
    /// order the form shows them (holder first), is the one reported.
    pub fn parse(country: &Country, fields: &BankFields) -> Result<BankAccount, BankError> {
        let holder =
            AccountHolder::parse(required(field::ACCOUNT_HOLDER, &fields.account_holder)?)?;
        let account = match form_for(country, fields) {
            Form::Iban => {
                let iban = Iban::parse(required(field::IBAN, &fields.iban)?)?;
                same_country(field::IBAN, "IBAN", iban.country_code(), country)?;
                let bic = present(&fields.swift_bic).map(Bic::parse).transpose()?;
                if let Some(bic) = &bic {
                    same_country(
                        field::SWIFT_BIC,
                        "SWIFT/BIC code",
                        bic.country_code(),
                        country,
                    )?;
                }
                BankAccount::Iban(IbanAccount { iban, bic, holder })
            }
            Form::Us => {
                let routing_number =
                    RoutingNumber::parse(required(field::ROUTING_NUMBER, &fields.routing_number)?)?;
                let account_number = digits(
                    field::ACCOUNT_NUMBER,
                    required(field::ACCOUNT_NUMBER, &fields.account_number)?,
                    4,
                    17,
                    "4 to 17 digits",
                )?;
                BankAccount::Us(UsAccount {
                    routing_number,
                    account_number: AccountNumber(account_number),
                    holder,
                })
            }
            Form::Gb => {
                let sort_code = SortCode::parse(required(field::SORT_CODE, &fields.sort_code)?)?;
                let account_number = digits(
                    field::ACCOUNT_NUMBER,
                    required(field::ACCOUNT_NUMBER, &fields.account_number)?,
                    8,
                    8,
                    "8 digits",
                )?;
                BankAccount::Gb(GbAccount {
                    sort_code,
                    account_number: AccountNumber(account_number),
                    holder,
                })
            }
            Form::Jp => {
                let bank_code = digits(
                    field::BANK_CODE,
                    required(field::BANK_CODE, &fields.bank_code)?,
                    4,
                    4,
                    "4 digits",
                )?;
                let branch_code = digits(
                    field::BRANCH_CODE,
                    required(field::BRANCH_CODE, &fields.branch_code)?,
                    3,
                    3,
                    "3 digits",
                )?;
                let account_type =
                    JpAccountType::parse(required(field::ACCOUNT_TYPE, &fields.account_type)?)?;
                let account_number = digits(
                    field::ACCOUNT_NUMBER,
                    required(field::ACCOUNT_NUMBER, &fields.account_number)?,
                    7,
                    7,
                    "7 digits (put zeros in front of a shorter number)",
                )?;
                BankAccount::Jp(JpAccount {
                    bank_code,
                    branch_code,
                    account_type,
                    account_number: AccountNumber(account_number),
                    holder,
                })
            }
            Form::Swift => {
                let raw = required(field::ACCOUNT_NUMBER, &fields.account_number)?;
                too_long(field::ACCOUNT_NUMBER, raw)?;
                let account_number = compact(raw);
                if !account_number.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err(BankError::new(
                        field::ACCOUNT_NUMBER,
                        BankErrorKind::Characters("letters and digits"),
                    ));
                }
                if !(5..=34).contains(&account_number.len()) {
                    return Err(BankError::new(
                        field::ACCOUNT_NUMBER,
                        BankErrorKind::Length("5 to 34 letters or digits".to_owned()),
                    ));
                }
                let bic = Bic::parse(required(field::SWIFT_BIC, &fields.swift_bic)?)?;
                same_country(
                    field::SWIFT_BIC,
                    "SWIFT/BIC code",
                    bic.country_code(),
                    country,
                )?;
                BankAccount::Swift(SwiftAccount {
                    bic,
                    account_number: AccountNumber(account_number),
                    holder,
                })
            }
        };
        Ok(account)
    }

    pub fn holder(&self) -> &AccountHolder {
        match self {
            BankAccount::Iban(a) => &a.holder,
            BankAccount::Us(a) => &a.holder,
            BankAccount::Gb(a) => &a.holder,
            BankAccount::Jp(a) => &a.holder,
            BankAccount::Swift(a) => &a.holder,
        }
    }

    /// The last (up to four) characters of the IBAN or account number.
    pub fn last4(&self) -> &str {
        match self {
            BankAccount::Iban(a) => a.iban.last4(),
            BankAccount::Us(a) => a.account_number.last4(),
            BankAccount::Gb(a) => a.account_number.last4(),
            BankAccount::Jp(a) => a.account_number.last4(),
            BankAccount::Swift(a) => a.account_number.last4(),
        }
    }

    /// The account for display: `GB•• •••• •••• •••• ••54 32` or `•••• 5432`.
    pub fn masked(&self) -> String {
        match self {
            BankAccount::Iban(a) => a.iban.masked(),
            BankAccount::Us(a) => a.account_number.masked(),
            BankAccount::Gb(a) => a.account_number.masked(),
            BankAccount::Jp(a) => a.account_number.masked(),
            BankAccount::Swift(a) => a.account_number.masked(),
        }
    }

    /// The fields in normalised form, for storage: parsing them again with the same country
    /// gives this account back. They hold the full account number.
    pub fn to_fields(&self) -> BankFields {
        let mut f = BankFields {
            account_holder: Some(self.holder().as_str().to_owned()),
            ..BankFields::default()
        };
        match self {
            BankAccount::Iban(a) => {
                f.iban = Some(a.iban.0.clone());
                f.swift_bic = a.bic.as_ref().map(|b| b.0.clone());
            }
            BankAccount::Us(a) => {
                f.routing_number = Some(a.routing_number.0.clone());
                f.account_number = Some(a.account_number.0.clone());
            }
            BankAccount::Gb(a) => {
                f.sort_code = Some(a.sort_code.0.clone());
                f.account_number = Some(a.account_number.0.clone());
            }
            BankAccount::Jp(a) => {
                f.bank_code = Some(a.bank_code.clone());
                f.branch_code = Some(a.branch_code.clone());
                f.account_type = Some(a.account_type.as_str().to_owned());
                f.account_number = Some(a.account_number.0.clone());
            }
            BankAccount::Swift(a) => {
                f.swift_bic = Some(a.bic.0.clone());
                f.account_number = Some(a.account_number.0.clone());
            }
        }
        f
    }
}

impl fmt::Debug for IbanAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IbanAccount")
            .field("iban", &self.iban)
            .field("bic", &self.bic)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for UsAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UsAccount")
            .field("routing_number", &self.routing_number)
            .field("account_number", &self.account_number)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for GbAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GbAccount")
            .field("sort_code", &self.sort_code)
            .field("account_number", &self.account_number)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for JpAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JpAccount")
            .field("bank_code", &self.bank_code)
            .field("branch_code", &self.branch_code)
            .field("account_type", &self.account_type)
            .field("account_number", &self.account_number)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for SwiftAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SwiftAccount")
            .field("bic", &self.bic)
            .field("account_number", &self.account_number)
            .finish_non_exhaustive()
    }
}

/// Delegates to the masked `Debug` of each form. The holder's name is left out of all of them:
/// it is personal data and adds nothing to a log line.
impl fmt::Debug for BankAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BankAccount::Iban(a) => a.fmt(f),
            BankAccount::Us(a) => a.fmt(f),
            BankAccount::Gb(a) => a.fmt(f),
            BankAccount::Jp(a) => a.fmt(f),
            BankAccount::Swift(a) => a.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn country(code: &str) -> Country {
        Country::by_code(code).unwrap()
    }

    fn holder() -> Option<String> {
        Some("Ann Lee".to_owned())
    }

    fn iban_fields(iban: &str) -> BankFields {
        BankFields {
            iban: Some(iban.to_owned()),
            account_holder: holder(),
            ..BankFields::default()
        }
    }

    fn kind(r: Result<impl fmt::Debug, BankError>, field: &str) -> BankErrorKind {
        let e = r.unwrap_err();
        assert_eq!(e.field, field, "{e:?}");
        e.kind
    }

    /// Builds a valid IBAN by computing the check digits for a country and BBAN.
    fn with_check_digits(country: &str, bban: &str) -> String {
        let remainder = mod97(&format!("{country}00{bban}"));
        format!("{country}{:02}{bban}", 98 - remainder)
    }

    #[test]
    fn published_example_ibans_are_accepted() {
        for (printed, country) in [
            ("GB82 WEST 1234 5698 7654 32", "GB"),
            ("DE89 3704 0044 0532 0130 00", "DE"),
            ("FR14 2004 1010 0505 0001 3M02 606", "FR"),
            ("ES91 2100 0418 4502 0005 1332", "ES"),
            ("IT60 X054 2811 1010 0000 0123 456", "IT"),
            ("IE29 AIBK 9311 5212 3456 78", "IE"),
            ("AE07 0331 2345 6789 0123 456", "AE"),
            ("SA03 8000 0000 6080 1016 7519", "SA"),
            ("BR18 0036 0305 0000 1000 9795 493C 1", "BR"),
            ("NL91 ABNA 0417 1643 00", "NL"),
            ("BE68 5390 0754 7034", "BE"),
        ] {
            let iban = Iban::parse(printed).unwrap_or_else(|e| panic!("{printed}: {e}"));
            assert_eq!(iban.country_code(), country);
            assert_eq!(iban.expose(), printed.replace(' ', ""));
        }
    }

    #[test]
    fn ibans_are_normalised() {
        let iban = Iban::parse("  gb82 west 1234 5698 7654 32 ").unwrap();
        assert_eq!(iban.expose(), "GB82WEST12345698765432");
        assert_eq!(
            Iban::parse("IBAN: GB82 WEST 1234 5698 7654 32").unwrap(),
            iban
        );
        assert_eq!(
            Iban::parse("ＧＢ８２ＷＥＳＴ１２３４５６９８７６５４３２").unwrap(),
            iban
        );
    }

    #[test]
    fn bad_ibans_are_refused_with_a_reason() {
        let iban = |s| Iban::parse(s).unwrap_err().kind;
        assert_eq!(iban("GB82 WEST 1234 5698 7654 33"), BankErrorKind::Checksum);
        assert_eq!(iban("GB83 WEST 1234 5698 7654 32"), BankErrorKind::Checksum);
        // Two adjacent characters swapped.
        assert_eq!(iban("DE89 3704 0044 0532 0103 00"), BankErrorKind::Checksum);
        assert_eq!(
            iban("GB82 WEST 1234 5698 7654"),
            BankErrorKind::Length("22 characters for an IBAN from GB".to_owned())
        );
        assert_eq!(
            iban("FR14 2004 1010 0505 0001 3M02 6066"),
            BankErrorKind::Length("27 characters for an IBAN from FR".to_owned())
        );
        assert_eq!(
            iban("XX82 WEST 1234 5698 7654 32"),
            BankErrorKind::UnsupportedCountry("XX".to_owned())
        );
        assert_eq!(
            iban("GB82-WEST-1234"),
            BankErrorKind::Characters("letters and digits")
        );
        assert_eq!(iban("   "), BankErrorKind::Missing);
        assert!(matches!(iban("G"), BankErrorKind::Length(_)));
        assert!(matches!(
            iban("1282WEST12345698765432"),
            BankErrorKind::Length(_)
        ));
        assert_eq!(iban("GBXXWEST12345698765432"), BankErrorKind::Checksum);
    }

    #[test]
    fn check_digit_aliases_are_refused() {
        // Find real IBANs whose check digits are 02, 97 and 98, then swap in the aliases 99,
        // 00 and 01: the remainder is still 1, but no bank issues such a number.
        for (real, alias) in [("02", "99"), ("97", "00"), ("98", "01")] {
            let valid = (0..10_000u32)
                .map(|n| with_check_digits("GB", &format!("WEST{n:014}")))
                .find(|s| &s[2..4] == real)
                .unwrap();
            assert!(Iban::parse(&valid).is_ok());
            let aliased = format!("GB{alias}{}", &valid[4..]);
            assert_eq!(mod97(&aliased), 1);
            assert_eq!(
                Iban::parse(&aliased).unwrap_err().kind,
                BankErrorKind::Checksum
            );
        }
    }

    #[test]
    fn iban_masking_shows_the_country_and_last_four_only() {
        let iban = Iban::parse("GB82 WEST 1234 5698 7654 32").unwrap();
        assert_eq!(iban.masked(), "GB•• •••• •••• •••• ••54 32");
        assert_eq!(iban.last4(), "5432");
        assert_eq!(format!("{iban:?}"), "Iban(GB•• •••• •••• •••• ••54 32)");
        let fr = Iban::parse("FR14 2004 1010 0505 0001 3M02 606").unwrap();
        assert_eq!(fr.masked(), "FR•• •••• •••• •••• •••• •••2 606");
    }

    #[test]
    fn iban_countries_need_an_iban_from_that_country() {
        let account =
            BankAccount::parse(&country("DE"), &iban_fields("DE89 3704 0044 0532 0130 00"))
                .unwrap();
        assert_eq!(account.masked(), "DE•• •••• •••• •••• ••30 00");
        assert_eq!(account.last4(), "3000");
        assert_eq!(account.holder().as_str(), "Ann Lee");

        assert_eq!(
            kind(
                BankAccount::parse(&country("FR"), &iban_fields("DE89370400440532013000")),
                "iban"
            ),
            BankErrorKind::WrongCountry {
                what: "IBAN",
                found: "Germany".to_owned(),
                expected: "France"
            }
        );
        assert_eq!(
            BankAccount::parse(&country("FR"), &iban_fields("DE89370400440532013000"))
                .unwrap_err()
                .to_string(),
            "this IBAN is for an account in Germany, but the shop is registered in France"
        );
        let no_iban = BankFields {
            account_number: Some("12345678".to_owned()),
            account_holder: holder(),
            ..BankFields::default()
        };
        assert_eq!(
            kind(BankAccount::parse(&country("ES"), &no_iban), "iban"),
            BankErrorKind::Missing
        );
        // Brazil takes an IBAN when one is given.
        assert!(
            BankAccount::parse(
                &country("BR"),
                &iban_fields("BR1800360305000010009795493C1")
            )
            .is_ok()
        );
    }

    #[test]
    fn a_bic_next_to_an_iban_is_optional_but_checked() {
        let mut f = iban_fields("DE89 3704 0044 0532 0130 00");
        f.swift_bic = Some("  ".to_owned());
        assert!(BankAccount::parse(&country("DE"), &f).is_ok());
        f.swift_bic = Some("COBADEFFXXX".to_owned());
        let BankAccount::Iban(a) = BankAccount::parse(&country("DE"), &f).unwrap() else {
            panic!("expected an IBAN account");
        };
        assert_eq!(a.bic().unwrap().as_str(), "COBADEFFXXX");
        f.swift_bic = Some("BNPAFRPP".to_owned());
        assert!(matches!(
            kind(BankAccount::parse(&country("DE"), &f), "swift_bic"),
            BankErrorKind::WrongCountry { .. }
        ));
        f.swift_bic = Some("COBA DE".to_owned());
        assert_eq!(
            kind(BankAccount::parse(&country("DE"), &f), "swift_bic"),
            BankErrorKind::BicFormat
        );
    }

    fn us(routing: &str, account: &str) -> Result<BankAccount, BankError> {
        BankAccount::parse(
            &country("US"),
            &BankFields {
                routing_number: Some(routing.to_owned()),
                account_number: Some(account.to_owned()),
                account_holder: holder(),
                ..BankFields::default()
            },
        )
    }

    #[test]
    fn us_routing_numbers_are_checked() {
        for routing in [
            "021000021",
            "011000015",
            "121000358",
            "026009593",
            "0210 0002 1",
        ] {
            assert!(us(routing, "123456789").is_ok(), "{routing}");
        }
        let routing = |r| kind(us(r, "123456789"), "routing_number");
        assert_eq!(routing("021000022"), BankErrorKind::Checksum);
        assert_eq!(routing("011000016"), BankErrorKind::Checksum);
        // Passes the weighted sum, but no bank has it.
        assert_eq!(routing("000000000"), BankErrorKind::UnknownRoutingPrefix);
        assert_eq!(routing("990000000"), BankErrorKind::UnknownRoutingPrefix);
        assert_eq!(
            routing("02100002"),
            BankErrorKind::Length("9 digits".to_owned())
        );
        assert_eq!(routing("02100002A"), BankErrorKind::Characters("digits"));
        assert_eq!(routing(""), BankErrorKind::Missing);
    }

    #[test]
    fn us_account_numbers_have_4_to_17_digits() {
        let account = us("021000021", "0001-2345-6789").unwrap();
        assert_eq!(account.masked(), "•••• 6789");
        assert_eq!(account.last4(), "6789");
        let BankAccount::Us(a) = &account else {
            panic!("expected a US account");
        };
        assert_eq!(a.routing_number().as_str(), "021000021");
        assert_eq!(a.account_number().expose(), "000123456789");
        assert!(us("021000021", "1234").is_ok());
        assert!(us("021000021", &"1".repeat(17)).is_ok());
        let account = |a| kind(us("021000021", a), "account_number");
        assert_eq!(
            account("123"),
            BankErrorKind::Length("4 to 17 digits".to_owned())
        );
        let eighteen = "1".repeat(18);
        assert_eq!(
            account(&eighteen),
            BankErrorKind::Length("4 to 17 digits".to_owned())
        );
        assert_eq!(account("12AB5678"), BankErrorKind::Characters("digits"));
    }

    #[test]
    fn short_account_numbers_keep_three_digits_hidden() {
        let account = us("021000021", "1234").unwrap();
        assert_eq!(account.last4(), "4");
        assert_eq!(account.masked(), "•••• 4");
        assert_eq!(us("021000021", "123456").unwrap().last4(), "456");
        assert_eq!(us("021000021", "1234567").unwrap().last4(), "4567");
    }

    fn gb(sort_code: &str, account: &str) -> Result<BankAccount, BankError> {
        BankAccount::parse(
            &country("GB"),
            &BankFields {
                sort_code: Some(sort_code.to_owned()),
                account_number: Some(account.to_owned()),
                account_holder: holder(),
                ..BankFields::default()
            },
        )
    }

    #[test]
    fn uk_sellers_may_give_a_sort_code_instead_of_an_iban() {
        let account = gb("12-34-56", "12345678").unwrap();
        let BankAccount::Gb(a) = &account else {
            panic!("expected a sort-code account");
        };
        assert_eq!(a.sort_code().to_string(), "12-34-56");
        assert_eq!(a.sort_code().as_str(), "123456");
        assert_eq!(account.masked(), "•••• 5678");
        assert!(gb("12 34 56", "1234 5678").is_ok());
        assert!(gb("123456", "12345678").is_ok());
        assert_eq!(
            kind(gb("12-34-5", "12345678"), "sort_code"),
            BankErrorKind::Length("6 digits, such as 12-34-56".to_owned())
        );
        assert_eq!(
            kind(gb("12-34-56", "1234567"), "account_number"),
            BankErrorKind::Length("8 digits".to_owned())
        );
        assert_eq!(
            kind(gb("", "12345678"), "sort_code"),
            BankErrorKind::Missing
        );
        // An IBAN, when given, wins, and must be British.
        let iban = BankAccount::parse(&country("GB"), &iban_fields("GB82 WEST 1234 5698 7654 32"))
            .unwrap();
        assert!(matches!(iban, BankAccount::Iban(_)));
        assert!(matches!(
            kind(
                BankAccount::parse(&country("GB"), &iban_fields("IE29AIBK93115212345678")),
                "iban"
            ),
            BankErrorKind::WrongCountry { .. }
        ));
    }

    fn jp(bank: &str, branch: &str, kind: &str, account: &str) -> Result<BankAccount, BankError> {
        BankAccount::parse(
            &country("JP"),
            &BankFields {
                bank_code: Some(bank.to_owned()),
                branch_code: Some(branch.to_owned()),
                account_type: Some(kind.to_owned()),
                account_number: Some(account.to_owned()),
                account_holder: Some("ヤマダ タロウ".to_owned()),
                ..BankFields::default()
            },
        )
    }

    #[test]
    fn japanese_accounts_use_zengin_codes() {
        let account = jp("0001", "001", "普通", "1234567").unwrap();
        let BankAccount::Jp(a) = &account else {
            panic!("expected a Japanese account");
        };
        assert_eq!(a.bank_code(), "0001");
        assert_eq!(a.branch_code(), "001");
        assert_eq!(a.account_type(), JpAccountType::Ordinary);
        assert_eq!(account.masked(), "•••• 4567");
        assert_eq!(
            jp("０００５", "２５１", "当座", "１２３４５６７")
                .unwrap()
                .last4(),
            "4567"
        );
        for t in ["ordinary", "Futsu", "普通預金"] {
            assert!(jp("0001", "001", t, "1234567").is_ok(), "{t}");
        }
        for t in ["current", "toza", "当座預金"] {
            let Ok(BankAccount::Jp(a)) = jp("0001", "001", t, "1234567") else {
                panic!("{t}");
            };
            assert_eq!(a.account_type(), JpAccountType::Current);
        }
        assert_eq!(
            kind(jp("001", "001", "普通", "1234567"), "bank_code"),
            BankErrorKind::Length("4 digits".to_owned())
        );
        assert_eq!(
            kind(jp("0001", "01", "普通", "1234567"), "branch_code"),
            BankErrorKind::Length("3 digits".to_owned())
        );
        assert_eq!(
            kind(jp("0001", "001", "savings", "1234567"), "account_type"),
            BankErrorKind::AccountType
        );
        assert!(matches!(
            kind(jp("0001", "001", "普通", "123456"), "account_number"),
            BankErrorKind::Length(_)
        ));
    }

    fn swift(code: &str, account: &str, bic: &str) -> Result<BankAccount, BankError> {
        BankAccount::parse(
            &country(code),
            &BankFields {
                account_number: Some(account.to_owned()),
                swift_bic: Some(bic.to_owned()),
                account_holder: holder(),
                ..BankFields::default()
            },
        )
    }

    #[test]
    fn other_countries_use_an_account_number_and_a_bic() {
        let account = swift("SG", "123-456789-0", "DBSSSGSGXXX").unwrap();
        let BankAccount::Swift(a) = &account else {
            panic!("expected a SWIFT account");
        };
        assert_eq!(a.bic().as_str(), "DBSSSGSGXXX");
        assert_eq!(a.bic().country_code(), "SG");
        assert_eq!(a.account_number().expose(), "1234567890");
        assert_eq!(account.masked(), "•••• 7890");
        assert!(swift("CN", "6222 0212 3456 7890 123", "bkchcnbj").is_ok());
        assert!(swift("MX", "002180700000000019", "BNMXMXMM").is_ok());
        assert!(swift("BR", "12345-6", "BRASBRRJ").is_ok());
        assert_eq!(
            swift("SG", "1234567890", "HSBCHKHHHKH")
                .unwrap_err()
                .to_string(),
            "this SWIFT/BIC code is for an account in HK, but the shop is registered in Singapore"
        );
        for bad in ["DBSSSGS", "DBSS1GSGXXX", "DBSSSGSGXX", "DBSSSG_G"] {
            assert_eq!(
                kind(swift("SG", "1234567890", bad), "swift_bic"),
                BankErrorKind::BicFormat,
                "{bad}"
            );
        }
        assert_eq!(
            kind(swift("SG", "1234", "DBSSSGSG"), "account_number"),
            BankErrorKind::Length("5 to 34 letters or digits".to_owned())
        );
        assert_eq!(
            kind(swift("SG", "1234/5678", "DBSSSGSG"), "account_number"),
            BankErrorKind::Characters("letters and digits")
        );
        assert_eq!(
            kind(swift("SG", "12345678", ""), "swift_bic"),
            BankErrorKind::Missing
        );
    }

    #[test]
    fn the_account_holder_is_required_and_tidied() {
        let mut f = iban_fields("DE89 3704 0044 0532 0130 00");
        f.account_holder = None;
        assert_eq!(
            kind(BankAccount::parse(&country("DE"), &f), "account_holder"),
            BankErrorKind::Missing
        );
        f.account_holder = Some("  Müller   GmbH ".to_owned());
        assert_eq!(
            BankAccount::parse(&country("DE"), &f)
                .unwrap()
                .holder()
                .as_str(),
            "Müller GmbH"
        );
        f.account_holder = Some("x".repeat(71));
        assert!(matches!(
            kind(BankAccount::parse(&country("DE"), &f), "account_holder"),
            BankErrorKind::Length(_)
        ));
        f.account_holder = Some("12345".to_owned());
        assert!(matches!(
            kind(BankAccount::parse(&country("DE"), &f), "account_holder"),
            BankErrorKind::Characters(_)
        ));
    }

    #[test]
    fn debug_never_shows_the_full_number() {
        let accounts = [
            (
                BankAccount::parse(&country("GB"), &iban_fields("GB82WEST12345698765432")).unwrap(),
                "12345698765432",
            ),
            (us("021000021", "000123456789").unwrap(), "000123456789"),
            (gb("12-34-56", "87654321").unwrap(), "87654321"),
            (jp("0001", "001", "普通", "7654321").unwrap(), "7654321"),
            (swift("SG", "1234567890", "DBSSSGSG").unwrap(), "1234567890"),
        ];
        for (account, secret) in accounts {
            let debug = format!("{account:?}");
            assert!(!debug.contains(secret), "{debug}");
            assert!(!debug.contains(&secret[..secret.len() - 4]), "{debug}");
            assert!(!debug.contains("Ann Lee"), "{debug}");
            assert!(!account.masked().contains(&secret[..secret.len() - 4]));
            let fields = format!("{:?}", account.to_fields());
            assert!(!fields.contains(secret), "{fields}");
        }
        assert_eq!(
            format!("{:?}", us("021000021", "000123456789").unwrap()),
            "UsAccount { routing_number: RoutingNumber(021000021), \
             account_number: AccountNumber(•••• 6789), .. }"
        );
    }

    #[test]
    fn fields_deserialise_from_a_form_and_round_trip() {
        let f: BankFields =
            serde_json::from_str(r#"{"iban": "GB82 WEST 1234 5698 7654 32", "account_holder": "Ann Lee", "sort_code": ""}"#)
                .unwrap();
        let account = BankAccount::parse(&country("GB"), &f).unwrap();
        assert_eq!(
            BankAccount::parse(&country("GB"), &account.to_fields()).unwrap(),
            account
        );
    }

    proptest! {
        #[test]
        fn parsing_arbitrary_strings_never_panics(
            a in any::<String>(),
            b in "[0-9A-Za-z -]{0,40}",
            c in any::<Option<String>>(),
        ) {
            let _ = Iban::parse(&a);
            let _ = Iban::parse(&b);
            let _ = Bic::parse(&a);
            let _ = RoutingNumber::parse(&b);
            let _ = SortCode::parse(&a);
            let _ = AccountHolder::parse(&a);
            let _ = JpAccountType::parse(&a);
            for country in Country::all() {
                let fields = BankFields {
                    iban: Some(b.clone()),
                    routing_number: Some(a.clone()),
                    account_number: Some(b.clone()),
                    sort_code: c.clone(),
                    bank_code: Some(a.clone()),
                    branch_code: c.clone(),
                    account_type: Some(a.clone()),
                    swift_bic: Some(b.clone()),
                    account_holder: Some(a.clone()),
                };
                if let Ok(account) = BankAccount::parse(country, &fields) {
                    prop_assert!(account.last4().len() <= 4);
                }
            }
        }

        #[test]
        fn valid_ibans_parse_and_any_changed_digit_is_caught(
            bban in "[0-9]{18}",
            position in 4usize..22,
            delta in 1u8..10,
        ) {
            let valid = with_check_digits("DE", &bban);
            let iban = Iban::parse(&valid).unwrap();
            prop_assert_eq!(iban.last4(), &valid[18..]);
            let account = BankAccount::parse(&country("DE"), &iban_fields(&valid)).unwrap();
            prop_assert_eq!(BankAccount::parse(&country("DE"), &account.to_fields()).unwrap(), account);

            let mut bytes = valid.into_bytes();
            bytes[position] = b'0' + (bytes[position] - b'0' + delta) % 10;
            let typo = String::from_utf8(bytes).unwrap();
            prop_assert_eq!(Iban::parse(&typo).unwrap_err().kind, BankErrorKind::Checksum);
        }

        #[test]
        fn masked_accounts_show_at_most_four_characters(account in "[0-9]{4,17}") {
            let parsed = us("021000021", &account).unwrap();
            let shown = parsed.masked().chars().filter(char::is_ascii_digit).count();
            prop_assert!(shown <= 4);
            prop_assert!(shown + 3 <= account.len());
            prop_assert!(parsed.masked().ends_with(parsed.last4()));
        }
    }
}

//! Shipping documents as one merged PDF: shipping labels, packing slips and pick lists, laid out
//! like TikTok Shop Seller Center prints them.
//!
//! - [`Label`]: a 4×6 in or A6 [`LabelSize`] shipping label with the carrier, a Code 128 barcode
//!   of the tracking number (printed in text under it), the ship-to and return addresses, the
//!   package and order ids, the weight and date, and a banner on sandbox shipments.
//! - [`PackingSlip`]: an A4 or Letter [`PaperSize`] list of an order's lines; it runs over as many
//!   pages as it needs, each repeating the header and saying "Page i of n".
//! - [`PickList`]: the SKUs to take from the shelves for a batch of orders, paginated the same way.
//!
//! [`render`] writes the pages of every [`Document`] in order into one PDF (a batch of 600 labels
//! is one 600-page file). The output is deterministic: the same documents give the same bytes.
//!
//! # Text and its limits
//!
//! Text WinAnsiEncoding (Windows-1252) can hold — ASCII and the Western European letters — is
//! set in the PDF base-14 fonts Helvetica and Helvetica-Bold, which every reader has, so no font
//! file is embedded for it. A line with any other character is set in DejaVu Sans (regular or
//! bold, shipped inside the binary by the `dejavu` crate): it is shaped with rustybuzz (Arabic
//! letters join), its runs are put in visual order by the Unicode bidi algorithm (Arabic and
//! Hebrew read right to left inside a left-to-right label), and each face is embedded once per
//! document as a subset of the glyphs used, with a ToUnicode map so the text can be searched
//! and copied in its logical order. That covers Latin (ğ, ł, ő…), Greek, Cyrillic, Arabic and
//! Hebrew.
//!
//! Chinese and Japanese are set in a **CJK fallback face** ([`CjkFonts`], Noto Sans CJK by
//! default), chosen per run by coverage: a run of characters DejaVu Sans lacks and the CJK face
//! has (kanji, hanzi, kana, full-width punctuation; spaces and punctuation join the run they
//! stand in) is shaped with the CJK face, the rest of the line stays in DejaVu Sans. No
//! crates.io package carries a CJK font (Noto Sans CJK is 19 MB a weight), so it is read at run
//! time from font files the operator installs — Debian's `fonts-noto-cjk` at
//! [`DEFAULT_CJK_FONT_PATHS`] unless configured — once per process, and handed to
//! [`render_with`] in [`Options::cjk`]. In a collection (`.ttc`) the Japanese face is used, or the
//! Simplified Chinese one when [`Options::han`] says so (both cover kana and both sets of
//! hanzi; they differ in the regional forms of some characters). Like DejaVu Sans it is
//! embedded once per document as a subset with a ToUnicode map: an OpenType font with CFF
//! outlines (Noto's) as a CIDFontType0 with `FontFile3` `/Subtype /OpenType`, a TrueType one as
//! a CIDFontType2; a one-label Japanese PDF is about 24 kB. Noto's faces cover Korean hangul
//! too. **Without a CJK face, Chinese, Japanese and Korean print as empty boxes** (the
//! `.notdef` glyph), as Thai and emoji always do: no face here covers them. Tabs and line
//! breaks inside a value print as spaces.
//!
//! The fixed words of the documents ("SHIP TO", "Qty", "Page 1 of 2"…) come from [`Words`],
//! which the caller fills in the reader's language; [`Words::default`] is English.
//!
//! Text that does not fit its place (a long product title, an address line) is cut and ends in
//! "…"; widths are measured with Helvetica's AFM metrics or the shaped glyphs' advances, so the
//! cut is where the text really reaches the edge. Addresses show at most 5 lines (3 for a
//! label's return address); further lines are joined onto the last one shown.
//!
//! # Barcodes
//!
//! The tracking number is encoded with Code 128 (the `code128` crate picks code sets A, B and C so
//! that runs of digits take half the width). It must be 1 to [`MAX_TRACKING_NUMBER_CHARS`]
//! printable ASCII characters. Bars are filled black rectangles [`BAR_HEIGHT_PT`] high; the module
//! (narrowest bar) is as wide as the label width allows with a quiet zone of 10 modules on each
//! side, capped at [`MAX_MODULE_PT`], and never narrower than [`MIN_MODULE_PT`]: a number whose
//! symbol would need narrower modules is refused with [`BarcodeProblem::TooWide`]. About 27
//! letters fit on either label size; digits take half the room, so 40 digits always fit.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// Most characters a tracking number may have.
pub const MAX_TRACKING_NUMBER_CHARS: usize = 40;
/// Narrowest module (narrowest bar or space) of a label barcode, in points.
pub const MIN_MODULE_PT: f32 = 0.8;
/// Widest module of a label barcode, in points (short numbers are not blown up further).
pub const MAX_MODULE_PT: f32 = 3.0;
/// Height of the bars of a label barcode, in points.
pub const BAR_HEIGHT_PT: f32 = 72.0;
/// Quiet zone on either side of a barcode, in modules.
pub const QUIET_ZONE_MODULES: u32 = 10;

const MM: f32 = 72.0 / 25.4;

/// The size of a shipping label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LabelSize {
    /// 4 × 6 inches (288 × 432 pt), the thermal-printer label most carriers use.
    #[default]
    FourBySix,
    /// A6, 105 × 148 mm (≈ 297.64 × 419.53 pt).
    A6,
}

impl LabelSize {
    /// Width and height in points (1/72 in).
    #[must_use]
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Self::FourBySix => (288.0, 432.0),
            Self::A6 => (105.0 * MM, 148.0 * MM),
        }
    }
}

/// The paper size of a packing slip or pick list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PaperSize {
    /// ISO A4, 210 × 297 mm (≈ 595.28 × 841.89 pt).
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in (612 × 792 pt).
    Letter,
}

impl PaperSize {
    /// Width and height in points (1/72 in).
    #[must_use]
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Self::A4 => (210.0 * MM, 297.0 * MM),
            Self::Letter => (612.0, 792.0),
        }
    }
}

/// A name and an address as printed, one line per entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PostalAddress {
    /// The recipient (or, for a return address, the shop).
    pub name: String,
    /// Street lines, then postcode and city, then country, each already formatted.
    pub lines: Vec<String>,
    /// The phone number, printed exactly as given (mask it before, e.g. `+44 ****** 789`).
    pub phone: Option<String>,
}

/// A shipping label for one package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub size: LabelSize,
    /// The carrier's name, e.g. "Royal Mail".
    pub carrier: String,
    /// The carrier's service, e.g. "Tracked 48".
    pub service: String,
    /// Encoded as the Code 128 barcode; see the [module documentation](self#barcodes).
    pub tracking_number: String,
    pub ship_to: PostalAddress,
    /// The shop's return address; its `name` is the shop name.
    pub ship_from: PostalAddress,
    pub package_id: String,
    /// The orders in the package (usually one).
    pub order_ids: Vec<String>,
    pub weight_grams: Option<u32>,
    /// The date printed on the label, already formatted.
    pub date: String,
    /// Prints a "Sandbox — not a real shipment" banner.
    pub sandbox: bool,
}

/// A packing slip: what is in the parcel of one order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackingSlip {
    pub paper: PaperSize,
    pub shop_name: String,
    pub order_id: String,
    /// The order date, already formatted.
    pub placed_on: String,
    pub ship_to: PostalAddress,
    pub lines: Vec<SlipLine>,
}

/// One line of a [`PackingSlip`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipLine {
    pub title: String,
    /// The variant's option values, e.g. "Red / XL".
    pub variant: String,
    pub seller_sku: String,
    pub quantity: u32,
}

/// A pick list: the SKUs to collect for a batch of orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickList {
    pub paper: PaperSize,
    /// When the list was generated, already formatted.
    pub generated_on: String,
    pub order_count: u32,
    /// Printed in the order given.
    pub rows: Vec<PickRow>,
}

/// One row of a [`PickList`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickRow {
    pub seller_sku: String,
    pub title: String,
    pub variant: String,
    /// Units to pick, over all orders.
    pub quantity: u32,
    /// Orders that contain this SKU.
    pub orders: u32,
}

/// One document of a batch given to [`render`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    Label(Label),
    PackingSlip(PackingSlip),
    PickList(PickList),
}

impl From<Label> for Document {
    fn from(label: Label) -> Self {
        Self::Label(label)
    }
}

impl From<PackingSlip> for Document {
    fn from(slip: PackingSlip) -> Self {
        Self::PackingSlip(slip)
    }
}

impl From<PickList> for Document {
    fn from(list: PickList) -> Self {
        Self::PickList(list)
    }
}

/// The fixed words printed on the documents, in the reader's language. Texts with `{…}` are
/// templates: the names in braces are replaced by the values (`{phone}`, `{id}`, `{ids}`,
/// `{count}`, `{weight}`, `{page}`, `{pages}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// The banner across a sandbox label.
    pub sandbox: String,
    /// Above the recipient's address ("SHIP TO").
    pub ship_to: String,
    /// Above the return address on a label ("FROM").
    pub from: String,
    /// A phone number line: `{phone}`.
    pub phone: String,
    /// Label footer: `{id}`.
    pub package_id: String,
    /// Label footer, one order: `{id}`.
    pub order_id: String,
    /// Label footer, several orders: `{count}` and `{ids}`.
    pub order_ids: String,
    /// Label footer: `{weight}`.
    pub weight: String,
    /// A packing slip's title.
    pub packing_slip: String,
    /// Before the order id in a packing slip's heading ("Order ID:").
    pub order_id_heading: String,
    /// Before the order date in a packing slip's heading ("Order date:").
    pub order_date: String,
    /// Column titles.
    pub product: String,
    pub variant: String,
    pub seller_sku: String,
    pub qty: String,
    pub orders: String,
    /// Under a packing slip's table: `{count}`.
    pub total_items: String,
    /// A pick list's title.
    pub pick_list: String,
    /// Pick list heading: before the date, the number of orders and of SKUs.
    pub generated: String,
    pub orders_heading: String,
    pub skus_heading: String,
    /// Under a pick list's table: `{count}`.
    pub total_quantity: String,
    /// At the foot of every packing slip and pick list page: `{page}` and `{pages}`.
    pub page: String,
}

impl Default for Words {
    /// English.
    fn default() -> Self {
        let s = str::to_owned;
        Self {
            sandbox: s("Sandbox — not a real shipment"),
            ship_to: s("SHIP TO"),
            from: s("FROM"),
            phone: s("Tel: {phone}"),
            package_id: s("Package ID: {id}"),
            order_id: s("Order ID: {id}"),
            order_ids: s("Order IDs ({count}): {ids}"),
            weight: s("Weight: {weight}"),
            packing_slip: s("PACKING SLIP"),
            order_id_heading: s("Order ID:"),
            order_date: s("Order date:"),
            product: s("Product"),
            variant: s("Variant"),
            seller_sku: s("Seller SKU"),
            qty: s("Qty"),
            orders: s("Orders"),
            total_items: s("Total items: {count}"),
            pick_list: s("Pick list"),
            generated: s("Generated:"),
            orders_heading: s("Orders:"),
            skus_heading: s("SKUs:"),
            total_quantity: s("Total quantity: {count}"),
            page: s("Page {page} of {pages}"),
        }
    }
}

/// Fills a [`Words`] template: each `{name}` becomes its value.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Which regional face of a CJK collection sets hanzi and kanji.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Han {
    /// Japanese forms (Noto Sans CJK JP), also used for every language but Chinese.
    #[default]
    Japanese,
    /// Simplified Chinese forms (Noto Sans CJK SC).
    Simplified,
}

/// Where Debian's `fonts-noto-cjk` puts Noto Sans CJK: the regular face, then the bold one.
pub const DEFAULT_CJK_FONT_PATHS: [&str; 2] = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
];

/// A CJK face in two weights, read from font files once and shared by every [`render_with`]
/// of the process (it is 40 MB with Noto Sans CJK: keep one in an `Arc`).
pub struct CjkFonts {
    /// Regular, then bold (the regular file again when no bold one was given).
    files: [CjkFile; 2],
}

struct CjkFile {
    path: std::path::PathBuf,
    /// The file and its Japanese and Simplified Chinese faces, parsed once (parsing a face of
    /// Noto Sans CJK for shaping takes about 15 ms in a debug build: not for every render).
    parsed: std::sync::Arc<ParsedFile>,
    /// The face index for Japanese and for Simplified Chinese (the same outside collections).
    faces: [u32; 2],
    /// The PostScript names of those faces, for the embedded fonts' names.
    names: [String; 2],
    /// Whether the outlines are CFF (embedded as `FontFile3`), not TrueType.
    cff: bool,
}

impl fmt::Debug for CjkFonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let files: Vec<String> = self
            .files
            .iter()
            .map(|file| format!("{} {:?}", file.path.display(), file.faces))
            .collect();
        f.debug_struct("CjkFonts").field("files", &files).finish()
    }
}

/// Faces parsed for shaping, by [`Han`], borrowing the file's bytes.
type HanFaces<'a> = [rustybuzz::Face<'a>; 2];

self_cell::self_cell!(
    /// A font file's bytes with the faces parsed from them.
    struct ParsedFile {
        owner: Vec<u8>,
        #[covariant]
        dependent: HanFaces,
    }
);

/// Why a CJK font file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FontError {
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("{path} is not an OpenType or TrueType font (or collection) this can parse")]
    NotAFont { path: String },
    #[error("{path} has no face with Japanese or Chinese characters")]
    NotCjk { path: String },
    #[error("{path} has CFF2 (variable) outlines, which cannot be embedded; use a static font")]
    Cff2 { path: String },
}

impl CjkFonts {
    /// Reads the regular face and, if given and present, the bold one (else the regular face
    /// serves for bold too). In a collection the faces whose family names end in `JP` and `SC`
    /// (not `Mono`) are used, else the first face with kana and hanzi.
    ///
    /// # Errors
    ///
    /// The regular file cannot be read or is not a CJK font; a bold file that exists but is
    /// not one.
    pub fn load(
        regular: &std::path::Path,
        bold: Option<&std::path::Path>,
    ) -> Result<CjkFonts, FontError> {
        let regular = CjkFile::load(regular)?;
        let bold = match bold.filter(|path| path.exists()) {
            Some(path) => CjkFile::load(path)?,
            None => CjkFile {
                path: regular.path.clone(),
                parsed: regular.parsed.clone(),
                faces: regular.faces,
                names: regular.names.clone(),
                cff: regular.cff,
            },
        };
        Ok(CjkFonts {
            files: [regular, bold],
        })
    }

    /// The files read: regular, then bold.
    #[must_use]
    pub fn paths(&self) -> [&std::path::Path; 2] {
        [&self.files[0].path, &self.files[1].path]
    }
}

impl CjkFile {
    fn load(path: &std::path::Path) -> Result<CjkFile, FontError> {
        use rustybuzz::ttf_parser;
        let shown = path.display().to_string();
        let data = std::fs::read(path).map_err(|e| FontError::Unreadable {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
        let mut candidates = Vec::new();
        for index in 0..count {
            let Ok(face) = ttf_parser::Face::parse(&data, index) else {
                continue;
            };
            let covers = ['あ', 'ア', '中', '国', '东']
                .iter()
                .all(|&c| face.glyph_index(c).is_some());
            if !covers {
                continue;
            }
            let name = |id: u16| {
                face.names()
                    .into_iter()
                    .filter(|n| n.name_id == id && n.is_unicode())
                    .find_map(|n| n.to_string())
            };
            let family = name(ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
                .or_else(|| name(ttf_parser::name_id::FAMILY))
                .unwrap_or_default();
            let postscript = name(ttf_parser::name_id::POST_SCRIPT_NAME)
                .unwrap_or_else(|| format!("CJK{index}"));
            let cff2 = face
                .raw_face()
                .table(ttf_parser::Tag::from_bytes(b"CFF2"))
                .is_some();
            let cff = face
                .raw_face()
                .table(ttf_parser::Tag::from_bytes(b"CFF "))
                .is_some();
            candidates.push((index, family, postscript, cff, cff2));
        }
        if candidates.is_empty() {
            return Err(if ttf_parser::Face::parse(&data, 0).is_ok() {
                FontError::NotCjk { path: shown }
            } else {
                FontError::NotAFont { path: shown }
            });
        }
        let pick = |region: &str| {
            candidates
                .iter()
                .find(|c| c.1.ends_with(region) && !c.1.contains("Mono"))
                .unwrap_or(&candidates[0])
        };
        let (jp, sc) = (pick("JP"), pick("SC"));
        if jp.4 || sc.4 {
            return Err(FontError::Cff2 { path: shown });
        }
        // PDF names are ASCII without delimiters.
        let clean = |name: &str| -> String {
            name.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect()
        };
        let faces = [jp.0, sc.0];
        let parsed = ParsedFile::try_new(data, |data| -> Result<HanFaces<'_>, FontError> {
            let parse = |index: u32| {
                rustybuzz::Face::from_slice(data, index).ok_or_else(|| FontError::NotAFont {
                    path: shown.clone(),
                })
            };
            Ok([parse(faces[0])?, parse(faces[1])?])
        })?;
        Ok(CjkFile {
            path: path.to_owned(),
            parsed: std::sync::Arc::new(parsed),
            faces,
            names: [clean(&jp.2), clean(&sc.2)],
            cff: jp.3,
        })
    }
}

/// What [`render_with`] needs besides the documents.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The fixed words, in the reader's language.
    pub words: Words,
    /// The CJK fallback face; without it Chinese and Japanese print as empty boxes.
    pub cjk: Option<std::sync::Arc<CjkFonts>>,
    /// Japanese or Chinese forms of the CJK face.
    pub han: Han,
}

/// Why [`render`] produced no PDF.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// The document list was empty.
    #[error("nothing to render: the list of documents is empty")]
    NoDocuments,
    /// A label's tracking number cannot be printed as a barcode.
    #[error("tracking number {} cannot be printed as a Code 128 barcode: {problem}", Shortened(.value))]
    TrackingNumber {
        /// The tracking number as given.
        value: String,
        problem: BarcodeProblem,
    },
    /// The embedded face could not be subset (a defect of the shipped font, not of the input).
    #[error("the embedded font could not be subset")]
    Font,
    /// The batch needs more PDF objects than the format can number (over a billion pages).
    #[error("the batch is too large for one PDF file")]
    TooLarge,
}

/// What is wrong with a tracking number, in [`PdfError::TrackingNumber`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BarcodeProblem {
    #[error("it is empty")]
    Empty,
    #[error("it has {chars} characters; at most {MAX_TRACKING_NUMBER_CHARS} are allowed")]
    TooLong { chars: usize },
    /// `position` counts characters from 1.
    #[error("character {position} ({character:?}) is not printable ASCII")]
    Unsupported { character: char, position: usize },
    #[error(
        "its barcode is {modules} modules wide with the quiet zones, and the label fits at most \
         {max_modules} at the minimum module width of {MIN_MODULE_PT} pt"
    )]
    TooWide { modules: u32, max_modules: u32 },
}

/// Displays at most 60 characters of a value, quoted.
struct Shortened<'a>(&'a str);

impl fmt::Display for Shortened<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MAX: usize = 60;
        match self.0.char_indices().nth(MAX) {
            Some((end, _)) => write!(f, "{:?}…", &self.0[..end]),
            None => write!(f, "{:?}", self.0),
        }
    }
}

/// Renders the documents, in order, into one PDF, in English and without a CJK face (see
/// [`render_with`]).
///
/// # Errors
///
/// As [`render_with`].
pub fn render(docs: &[Document]) -> Result<Vec<u8>, PdfError> {
    render_with(docs, &Options::default())
}

/// Renders the documents, in order, into one PDF, with the words and fonts of `options`.
///
/// # Errors
///
/// [`PdfError::NoDocuments`] for an empty list, [`PdfError::TrackingNumber`] for the first label
/// whose tracking number cannot be a barcode (nothing is rendered then), [`PdfError::TooLarge`]
/// past a billion pages, [`PdfError::Font`] if a face cannot be subset.
pub fn render_with(docs: &[Document], options: &Options) -> Result<Vec<u8>, PdfError> {
    if docs.is_empty() {
        return Err(PdfError::NoDocuments);
    }
    let ctx = Ctx::new(options)?;
    let mut writer = Writer::new();
    for doc in docs {
        match doc {
            Document::Label(label) => writer.add_page(label_page(&ctx, label)?)?,
            Document::PackingSlip(slip) => {
                for page in packing_slip_pages(&ctx, slip) {
                    writer.add_page(page)?;
                }
            }
            Document::PickList(list) => {
                for page in pick_list_pages(&ctx, list) {
                    writer.add_page(page)?;
                }
            }
        }
    }
    writer.finish(&ctx)
}

/// What every page of one render shares: the words, the parsed faces and the CJK subsets'
/// glyph numbering.
struct Ctx<'a> {
    words: &'a Words,
    cjk: Option<CjkCtx<'a>>,
}

struct CjkCtx<'a> {
    /// Regular and bold.
    files: [&'a CjkFile; 2],
    index: [u32; 2],
    names: [&'a str; 2],
    shapers: [&'a rustybuzz::Face<'a>; 2],
    /// The subsets' glyph numbers, given out as pages use glyphs: a CFF font's CIDs must be
    /// the subset's own glyph ids, so they are known before the subset is made.
    remap: std::cell::RefCell<[subsetter::GlyphRemapper; 2]>,
}

impl<'a> Ctx<'a> {
    fn new(options: &'a Options) -> Result<Self, PdfError> {
        let han = match options.han {
            Han::Japanese => 0,
            Han::Simplified => 1,
        };
        let cjk = match &options.cjk {
            None => None,
            Some(fonts) => {
                let [regular, bold] = &fonts.files;
                let index = [regular.faces[han], bold.faces[han]];
                Some(CjkCtx {
                    files: [regular, bold],
                    index,
                    names: [&regular.names[han], &bold.names[han]],
                    shapers: [
                        &regular.parsed.borrow_dependent()[han],
                        &bold.parsed.borrow_dependent()[han],
                    ],
                    remap: std::cell::RefCell::new([
                        subsetter::GlyphRemapper::new(),
                        subsetter::GlyphRemapper::new(),
                    ]),
                })
            }
        };
        Ok(Ctx {
            words: &options.words,
            cjk,
        })
    }

    /// The face that sets `typeface` in `font`'s weight.
    fn shaper(&self, typeface: Typeface, font: Font) -> &rustybuzz::Face<'_> {
        match (typeface, &self.cjk) {
            (Typeface::Cjk, Some(cjk)) => cjk.shapers[font.index()],
            _ => font.shaper(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// PDF file structure

const FONT_REGULAR: Name<'static> = Name(b"F1");
const FONT_BOLD: Name<'static> = Name(b"F2");
/// The embedded faces, for text WinAnsi cannot encode: DejaVu Sans regular and bold, then the
/// CJK face regular and bold (see [`slot`]).
const EMBEDDED: [Name<'static>; SLOTS] = [Name(b"F3"), Name(b"F4"), Name(b"F5"), Name(b"F6")];
const SLOTS: usize = 4;

/// The embedded fonts a face in a weight is written as.
fn slot(typeface: Typeface, font: Font) -> usize {
    match typeface {
        Typeface::DejaVu => font.index(),
        Typeface::Cjk => 2 + font.index(),
    }
}

/// Glyphs of one embedded font a page or document uses: by the CID written in the content
/// stream, the face's glyph id and the text it stands for.
type Used = BTreeMap<u16, (u16, String)>;

/// Writes pages as they come; the page tree, fonts and catalogue at the end.
struct Writer {
    pdf: Pdf,
    next_id: i32,
    catalog: Ref,
    page_tree: Ref,
    regular: Ref,
    bold: Ref,
    info: Ref,
    pages: Vec<Ref>,
    /// The embedded fonts (by [`slot`]): their font object once a page uses them, and every
    /// glyph used with the text it stands for.
    unicode: [Option<Ref>; SLOTS],
    glyphs: [Used; SLOTS],
}

impl Writer {
    fn new() -> Self {
        Self {
            pdf: Pdf::new(),
            next_id: 6,
            catalog: Ref::new(1),
            page_tree: Ref::new(2),
            regular: Ref::new(3),
            bold: Ref::new(4),
            info: Ref::new(5),
            pages: Vec::new(),
            unicode: [None; SLOTS],
            glyphs: Default::default(),
        }
    }

    fn alloc(&mut self) -> Result<Ref, PdfError> {
        let id = self.next_id;
        self.next_id = id.checked_add(1).ok_or(PdfError::TooLarge)?;
        Ok(Ref::new(id))
    }

    fn add_page(&mut self, canvas: Canvas) -> Result<(), PdfError> {
        let page_id = self.alloc()?;
        let content_id = self.alloc()?;
        let (width, height) = (canvas.width, canvas.height);
        let data = miniz_oxide::deflate::compress_to_vec_zlib(&canvas.content.finish(), 6);

        let mut unicode = [None; SLOTS];
        for (face, used) in canvas.glyphs.into_iter().enumerate() {
            if used.is_empty() {
                continue;
            }
            let id = match self.unicode[face] {
                Some(id) => id,
                None => {
                    let id = self.alloc()?;
                    self.unicode[face] = Some(id);
                    id
                }
            };
            unicode[face] = Some(id);
            for (cid, (gid, text)) in used {
                let entry = self.glyphs[face].entry(cid).or_insert((gid, String::new()));
                if entry.1.is_empty() {
                    entry.1 = text;
                }
            }
        }

        let mut page = self.pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, width, height));
        page.parent(self.page_tree);
        page.contents(content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts
            .pair(FONT_REGULAR, self.regular)
            .pair(FONT_BOLD, self.bold);
        for (name, id) in EMBEDDED.into_iter().zip(unicode) {
            if let Some(id) = id {
                fonts.pair(name, id);
            }
        }
        fonts.finish();
        resources.finish();
        page.finish();
        self.pdf
            .stream(content_id, &data)
            .filter(Filter::FlateDecode);
        self.pages.push(page_id);
        Ok(())
    }

    fn finish(mut self, ctx: &Ctx<'_>) -> Result<Vec<u8>, PdfError> {
        let count = i32::try_from(self.pages.len()).map_err(|_| PdfError::TooLarge)?;
        self.pdf.catalog(self.catalog).pages(self.page_tree);
        self.pdf
            .pages(self.page_tree)
            .kids(self.pages.iter().copied())
            .count(count);
        for (id, base) in [(self.regular, "Helvetica"), (self.bold, "Helvetica-Bold")] {
            self.pdf
                .type1_font(id)
                .base_font(Name(base.as_bytes()))
                .encoding_predefined(Name(b"WinAnsiEncoding"));
        }
        for face in [Font::Regular, Font::Bold] {
            let index = slot(Typeface::DejaVu, face);
            if let Some(id) = self.unicode[index] {
                let glyphs = std::mem::take(&mut self.glyphs[index]);
                self.embed(face, id, &glyphs)?;
            }
            let index = slot(Typeface::Cjk, face);
            if let (Some(id), Some(cjk)) = (self.unicode[index], &ctx.cjk) {
                let glyphs = std::mem::take(&mut self.glyphs[index]);
                self.embed_cjk(cjk, face, id, &glyphs)?;
            }
        }
        self.pdf
            .document_info(self.info)
            .producer(TextStr("Shopdeck"));
        Ok(self.pdf.finish())
    }

    /// Writes an embedded face as a Type 0 font with Identity-H encoding: its CIDs are the
    /// face's own glyph ids, mapped to the subset's by a CIDToGIDMap, so pages could be written
    /// before the subset was known. Only the glyphs used are embedded.
    fn embed(&mut self, face: Font, id: Ref, glyphs: &Used) -> Result<(), PdfError> {
        let cid_id = self.alloc()?;
        let descriptor_id = self.alloc()?;
        let file_id = self.alloc()?;
        let cmap_id = self.alloc()?;
        let map_id = self.alloc()?;
        let shaper = face.shaper();
        let base = Name(face.subset_name());

        let mut remapper = subsetter::GlyphRemapper::new();
        for &gid in glyphs.keys() {
            remapper.remap(gid);
        }
        let subset = subsetter::subset(face.data(), 0, &remapper).map_err(|_| PdfError::Font)?;
        let max = glyphs.keys().next_back().copied().unwrap_or(0);
        let mut map = Vec::with_capacity(2 * (usize::from(max) + 1));
        for cid in 0..=max {
            map.extend_from_slice(&remapper.get(cid).unwrap_or(0).to_be_bytes());
        }

        let scale = 1000.0 / shaper.units_per_em() as f32;
        self.pdf
            .type0_font(id)
            .base_font(base)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_id)
            .to_unicode(cmap_id);
        let info = IDENTITY;
        let mut cid = self.pdf.cid_font(cid_id);
        cid.subtype(CidFontType::Type2)
            .base_font(base)
            .system_info(info)
            .font_descriptor(descriptor_id)
            .default_width(0.0)
            .cid_to_gid_map_stream(map_id);
        let mut widths = cid.widths();
        for &gid in glyphs.keys() {
            let advance = shaper
                .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid))
                .unwrap_or(0);
            widths.consecutive(gid, [f32::from(advance) * scale]);
        }
        widths.finish();
        cid.finish();

        font_descriptor(
            &mut self.pdf,
            descriptor_id,
            base,
            FontFlags::NON_SYMBOLIC,
            shaper,
            face,
        )
        .font_file2(file_id);
        let file = miniz_oxide::deflate::compress_to_vec_zlib(&subset, 6);
        self.pdf
            .stream(file_id, &file)
            .filter(Filter::FlateDecode)
            .pair(
                Name(b"Length1"),
                i32::try_from(subset.len()).map_err(|_| PdfError::Font)?,
            );
        let map = miniz_oxide::deflate::compress_to_vec_zlib(&map, 6);
        self.pdf.stream(map_id, &map).filter(Filter::FlateDecode);
        self.write_to_unicode(cmap_id, glyphs);
        Ok(())
    }

    /// Writes the CJK face as a Type 0 font with Identity-H encoding whose CIDs are the
    /// subset's glyph ids (given out by [`CjkCtx::remap`] as pages were drawn): CFF outlines
    /// as a CIDFontType0 with the subset OpenType file as `FontFile3` (`/Subtype /OpenType`,
    /// PDF 1.6), TrueType ones as a CIDFontType2 with an identity CIDToGIDMap.
    fn embed_cjk(
        &mut self,
        cjk: &CjkCtx<'_>,
        face: Font,
        id: Ref,
        glyphs: &Used,
    ) -> Result<(), PdfError> {
        let cid_id = self.alloc()?;
        let descriptor_id = self.alloc()?;
        let file_id = self.alloc()?;
        let cmap_id = self.alloc()?;
        let weight = face.index();
        let file = cjk.files[weight];
        let shaper = cjk.shapers[weight];
        let tag: &[u8] = match face {
            Font::Regular => b"SHPDCR+",
            Font::Bold => b"SHPDCB+",
        };
        let base = [tag, cjk.names[weight].as_bytes()].concat();
        let base = Name(&base);

        let remapper = cjk.remap.borrow()[weight].clone();
        let subset = subsetter::subset(file.parsed.borrow_owner(), cjk.index[weight], &remapper)
            .map_err(|_| PdfError::Font)?;

        let scale = 1000.0 / shaper.units_per_em() as f32;
        self.pdf
            .type0_font(id)
            .base_font(base)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_id)
            .to_unicode(cmap_id);
        let info = IDENTITY;
        let mut cid = self.pdf.cid_font(cid_id);
        cid.subtype(if file.cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        })
        .base_font(base)
        .system_info(info)
        .font_descriptor(descriptor_id)
        .default_width(1000.0);
        if !file.cff {
            cid.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        let mut widths = cid.widths();
        for (&cid, &(gid, _)) in glyphs {
            let advance = shaper
                .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid))
                .unwrap_or(0);
            widths.consecutive(cid, [f32::from(advance) * scale]);
        }
        widths.finish();
        cid.finish();

        let mut descriptor = font_descriptor(
            &mut self.pdf,
            descriptor_id,
            base,
            FontFlags::SYMBOLIC,
            shaper,
            face,
        );
        if file.cff {
            descriptor.font_file3(file_id);
        } else {
            descriptor.font_file2(file_id);
        }
        descriptor.finish();
        let data = miniz_oxide::deflate::compress_to_vec_zlib(&subset, 6);
        let mut stream = self.pdf.stream(file_id, &data);
        stream.filter(Filter::FlateDecode);
        if file.cff {
            stream.pair(Name(b"Subtype"), Name(b"OpenType"));
        } else {
            stream.pair(
                Name(b"Length1"),
                i32::try_from(subset.len()).map_err(|_| PdfError::Font)?,
            );
        }
        stream.finish();
        self.write_to_unicode(cmap_id, glyphs);
        Ok(())
    }

    /// The ToUnicode map of an embedded font: what each CID stands for.
    fn write_to_unicode(&mut self, id: Ref, glyphs: &Used) {
        let mut cmap = UnicodeCmap::new(
            Name(b"Shopdeck-UCS"),
            SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"UCS"),
                supplement: 0,
            },
        );
        for (&cid, (gid, text)) in glyphs {
            // A character the face lacks shows as its .notdef box, which stands for nothing.
            if *gid != 0 && !text.is_empty() {
                cmap.pair_with_multiple(cid, text.chars());
            }
        }
        let cmap = cmap.finish();
        self.pdf.cmap(id, &cmap);
    }
}

// ---------------------------------------------------------------------------------------------
// Text: WinAnsi encoding and Helvetica metrics

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn name(self) -> Name<'static> {
        match self {
            Self::Regular => FONT_REGULAR,
            Self::Bold => FONT_BOLD,
        }
    }

    /// Advance width of a WinAnsi code in 1/1000 of the font size.
    fn advance(self, code: u8) -> u32 {
        let table = match self {
            Self::Regular => &HELVETICA_WIDTHS,
            Self::Bold => &HELVETICA_BOLD_WIDTHS,
        };
        u32::from(table[usize::from(code)])
    }

    fn index(self) -> usize {
        match self {
            Self::Regular => 0,
            Self::Bold => 1,
        }
    }

    fn data(self) -> &'static [u8] {
        match self {
            Self::Regular => dejavu::sans::regular(),
            Self::Bold => dejavu::sans::bold(),
        }
    }

    /// The PDF name of the subset: a six-letter tag, then the face's PostScript name.
    fn subset_name(self) -> &'static [u8] {
        match self {
            Self::Regular => b"SHPDKR+DejaVuSans",
            Self::Bold => b"SHPDKB+DejaVuSans-Bold",
        }
    }

    /// The embedded face, parsed once per process.
    fn shaper(self) -> &'static rustybuzz::Face<'static> {
        static FACES: LazyLock<[rustybuzz::Face<'static>; 2]> = LazyLock::new(|| {
            [Font::Regular, Font::Bold].map(|font| {
                rustybuzz::Face::from_slice(font.data(), 0).expect("DejaVu Sans parses")
            })
        });
        &FACES[self.index()]
    }

    /// Width of WinAnsi-encoded text in points.
    fn width(self, size: f32, text: &[u8]) -> f32 {
        let units: u32 = text.iter().map(|&code| self.advance(code)).sum();
        units as f32 * size / 1000.0
    }
}

/// The character collection of every embedded face: CIDs are the font's own glyph ids.
const IDENTITY: SystemInfo<'static> = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// An embedded face's descriptor, its metrics in the PDF's 1/1000 em; the caller adds the
/// font file.
fn font_descriptor<'p>(
    pdf: &'p mut Pdf,
    id: Ref,
    base: Name<'_>,
    flags: FontFlags,
    shaper: &rustybuzz::Face<'_>,
    face: Font,
) -> pdf_writer::writers::FontDescriptor<'p> {
    let scale = 1000.0 / shaper.units_per_em() as f32;
    let units = |v: i16| f32::from(v) * scale;
    let bbox = shaper.global_bounding_box();
    let mut d = pdf.font_descriptor(id);
    d.name(base)
        .flags(flags)
        .bbox(Rect::new(
            units(bbox.x_min),
            units(bbox.y_min),
            units(bbox.x_max),
            units(bbox.y_max),
        ))
        .italic_angle(0.0)
        .ascent(units(shaper.ascender()))
        .descent(units(shaper.descender()))
        .cap_height(units(shaper.capital_height().unwrap_or(shaper.ascender())))
        .stem_v(if face == Font::Bold { 140.0 } else { 80.0 });
    d
}

/// A font at a size in points.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    font: Font,
    size: f32,
}

const fn regular(size: f32) -> Style {
    Style {
        font: Font::Regular,
        size,
    }
}

const fn bold(size: f32) -> Style {
    Style {
        font: Font::Bold,
        size,
    }
}

const ELLIPSIS: u8 = 0x85;

/// The WinAnsiEncoding (Windows-1252) code of a character; `?` for characters it lacks, a space
/// for tabs and line breaks.
fn winansi(c: char) -> u8 {
    match c {
        ' '..='~' | '\u{A0}'..='\u{FF}' => u8::try_from(u32::from(c)).unwrap_or(b'?'),
        '\t' | '\n' | '\r' => b' ',
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => b'?',
    }
}

/// Encodes `text` (trimmed) in WinAnsi, cut with "…" so that it is at most `max_width` points
/// wide in `font` at `size`. Stops reading `text` at the cut, so huge values cost nothing.
fn fit(text: &str, font: Font, size: f32, max_width: f32) -> Vec<u8> {
    if size <= 0.0 || max_width <= 0.0 {
        return Vec::new();
    }
    // In 1/1000 of the font size, like the AFM widths.
    let max_units = max_width * 1000.0 / size;
    let fits = |units: u32| units as f32 <= max_units;
    let mut out = Vec::new();
    let mut units = 0_u32;
    for c in text.trim().chars() {
        let code = winansi(c);
        let advance = font.advance(code);
        if !fits(units + advance) {
            // Make room for the ellipsis; don't leave a space before it.
            let ellipsis = font.advance(ELLIPSIS);
            while let Some(&last) = out.last() {
                if fits(units + ellipsis) && last != b' ' {
                    break;
                }
                units -= font.advance(last);
                out.pop();
            }
            if fits(units + ellipsis) {
                out.push(ELLIPSIS);
            }
            return out;
        }
        units += advance;
        out.push(code);
    }
    out
}

/// Whether `text` has a character WinAnsi lacks, so that it is set in the embedded face.
fn needs_unicode(text: &str) -> bool {
    text.chars().any(|c| c != '?' && winansi(c) == b'?')
}

/// The embedded face a glyph comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Typeface {
    /// DejaVu Sans, shipped in the binary.
    DejaVu,
    /// The CJK fallback face, [`Options::cjk`].
    Cjk,
}

/// One glyph of a shaped line, in visual order (left to right).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Glyph {
    id: u16,
    typeface: Typeface,
    /// The advance the shaper chose, in font units.
    advance: i32,
    /// The characters it stands for (empty for the second glyph of a cluster).
    text: String,
}

/// Splits a run of one direction into runs of one face, in logical order: a character goes to
/// DejaVu Sans if it has it, else to the CJK face if that has it; spaces, punctuation and marks
/// stay in the run they follow when its face has them (or has no glyph for them at all, like
/// variation selectors, which the shaper applies to the character before).
fn split_by_face(ctx: &Ctx<'_>, font: Font, text: &str) -> Vec<(std::ops::Range<usize>, Typeface)> {
    let dejavu = font.shaper();
    let cjk = ctx.cjk.as_ref().map(|cjk| cjk.shapers[font.index()]);
    let has = |typeface: Typeface, c: char| match typeface {
        Typeface::DejaVu => dejavu.glyph_index(c).is_some(),
        Typeface::Cjk => cjk.is_some_and(|face| face.glyph_index(c).is_some()),
    };
    let mut runs: Vec<(std::ops::Range<usize>, Typeface)> = Vec::new();
    for (at, c) in text.char_indices() {
        let current = runs.last().map(|(_, typeface)| *typeface);
        let typeface = match current {
            Some(current) if !c.is_alphanumeric() && has(current, c) => current,
            _ if has(Typeface::DejaVu, c) => Typeface::DejaVu,
            _ if has(Typeface::Cjk, c) => Typeface::Cjk,
            Some(current) => current,
            None => Typeface::DejaVu,
        };
        let end = at + c.len_utf8();
        match runs.last_mut() {
            Some((range, last)) if *last == typeface => range.end = end,
            _ => runs.push((at..end, typeface)),
        }
    }
    runs
}

/// Shapes one line: runs of each direction in visual order (Unicode bidi algorithm), each cut
/// into runs of one face ([`split_by_face`]) shaped with that face, so Arabic joins and reads
/// right to left and kanji come from the CJK face.
fn shape_line(ctx: &Ctx<'_>, font: Font, text: &str) -> Vec<Glyph> {
    let bidi = unicode_bidi::ParagraphBidiInfo::new(text, None);
    let (levels, runs) = bidi.visual_runs(0..text.len());
    let mut glyphs = Vec::new();
    for run in runs {
        let Some(whole) = text.get(run.clone()) else {
            continue;
        };
        let rtl = levels[run.start].is_rtl();
        let mut pieces = split_by_face(ctx, font, whole);
        if rtl {
            pieces.reverse();
        }
        for (range, typeface) in pieces {
            let Some(part) = whole.get(range) else {
                continue;
            };
            shape_run(ctx, font, typeface, part, rtl, &mut glyphs);
        }
    }
    glyphs
}

/// Shapes `part`, all of one direction and face, onto `glyphs`.
fn shape_run(
    ctx: &Ctx<'_>,
    font: Font,
    typeface: Typeface,
    part: &str,
    rtl: bool,
    glyphs: &mut Vec<Glyph>,
) {
    let face = ctx.shaper(typeface, font);
    {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(part);
        buffer.guess_segment_properties();
        buffer.set_direction(if rtl {
            rustybuzz::Direction::RightToLeft
        } else {
            rustybuzz::Direction::LeftToRight
        });
        let shaped = rustybuzz::shape(face, &[], buffer);
        let infos = shaped.glyph_infos();
        let positions = shaped.glyph_positions();
        // Clusters are byte offsets into `part`; a cluster's text ends where the next
        // larger cluster starts.
        let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let mut seen = std::collections::HashSet::new();
        for (info, position) in infos.iter().zip(positions) {
            let start = info.cluster as usize;
            let end = starts
                .iter()
                .copied()
                .find(|&s| s > start)
                .unwrap_or(part.len());
            let cluster_text = if seen.insert(start) {
                part.get(start..end).unwrap_or_default().to_owned()
            } else {
                String::new()
            };
            glyphs.push(Glyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                typeface,
                advance: position.x_advance,
                text: cluster_text,
            });
        }
    }
}

fn shaped_width(ctx: &Ctx<'_>, font: Font, size: f32, glyphs: &[Glyph]) -> f32 {
    glyphs
        .iter()
        .map(|g| g.advance as f32 * size / ctx.shaper(g.typeface, font).units_per_em() as f32)
        .sum()
}

/// Shapes `text` (trimmed, line breaks as spaces) in the embedded face, cut with "…" so that it
/// is at most `max_width` points wide. Returns the glyphs and their width.
fn fit_unicode(
    ctx: &Ctx<'_>,
    text: &str,
    font: Font,
    size: f32,
    max_width: f32,
) -> (Vec<Glyph>, f32) {
    if size <= 0.0 || max_width <= 0.0 {
        return (Vec::new(), 0.0);
    }
    let clean: String = text
        .trim()
        .chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let glyphs = shape_line(ctx, font, &clean);
    let width = shaped_width(ctx, font, size, &glyphs);
    if width <= max_width {
        return (glyphs, width);
    }
    // The longest prefix that fits with the ellipsis, found by halving (each try shapes).
    let chars: Vec<char> = clean.chars().collect();
    let attempt = |n: usize| {
        let mut cut: String = chars[..n].iter().collect();
        cut.truncate(cut.trim_end().len());
        cut.push('…');
        let glyphs = shape_line(ctx, font, &cut);
        let width = shaped_width(ctx, font, size, &glyphs);
        (glyphs, width)
    };
    let (mut low, mut high) = (0, chars.len());
    let mut best = (Vec::new(), 0.0);
    while low < high {
        let mid = (low + high).div_ceil(2);
        let (glyphs, width) = attempt(mid);
        if width <= max_width {
            best = (glyphs, width);
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    if best.0.is_empty() {
        let (glyphs, width) = attempt(0);
        if width <= max_width {
            best = (glyphs, width);
        }
    }
    best
}

// ---------------------------------------------------------------------------------------------
// Drawing

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Center,
    Right,
}

/// One page being drawn. Positions are given from the top-left corner (`top` grows downwards),
/// as layouts are written; the PDF's bottom-up coordinates are computed here.
struct Canvas<'c> {
    ctx: &'c Ctx<'c>,
    width: f32,
    height: f32,
    content: Content,
    /// Glyphs of the embedded fonts (by [`slot`]) this page uses, with their text.
    glyphs: [Used; SLOTS],
}

/// Rounds to 1/1000 pt, which keeps the content streams short.
fn r(v: f32) -> f32 {
    (v * 1000.0).round() / 1000.0
}

impl<'c> Canvas<'c> {
    fn new(ctx: &'c Ctx<'c>, (width, height): (f32, f32)) -> Self {
        Self {
            ctx,
            width,
            height,
            content: Content::new(),
            glyphs: Default::default(),
        }
    }

    /// Draws one line of text whose baseline is `baseline` points below the top edge, anchored
    /// at `x` as `align` says, cut to `max_width`. Returns the width drawn.
    fn text(
        &mut self,
        (x, baseline): (f32, f32),
        align: Align,
        style: Style,
        text: &str,
        max_width: f32,
    ) -> f32 {
        let Style { font, size } = style;
        if needs_unicode(text) {
            return self.unicode_text((x, baseline), align, style, text, max_width);
        }
        let bytes = fit(text, font, size, max_width);
        if bytes.is_empty() {
            return 0.0;
        }
        let width = font.width(size, &bytes);
        let left = match align {
            Align::Left => x,
            Align::Center => x - width / 2.0,
            Align::Right => x - width,
        };
        self.content
            .begin_text()
            .set_font(font.name(), size)
            .next_line(r(left), r(self.height - baseline))
            .show(Str(&bytes))
            .end_text();
        width
    }

    /// [`Canvas::text`] for text WinAnsi cannot encode: shaped glyphs of the embedded face,
    /// two bytes each (Identity-H), nudged where the shaper's advance differs from the face's.
    fn unicode_text(
        &mut self,
        (x, baseline): (f32, f32),
        align: Align,
        style: Style,
        text: &str,
        max_width: f32,
    ) -> f32 {
        let Style { font, size } = style;
        let ctx = self.ctx;
        let (glyphs, width) = fit_unicode(ctx, text, font, size, max_width);
        if glyphs.is_empty() {
            return 0.0;
        }
        let left = match align {
            Align::Left => x,
            Align::Center => x - width / 2.0,
            Align::Right => x - width,
        };
        self.content
            .begin_text()
            .next_line(r(left), r(self.height - baseline));
        // One show operation per run of one face, switching fonts between them.
        for run in glyphs.chunk_by(|a, b| a.typeface == b.typeface) {
            let typeface = run[0].typeface;
            let face = ctx.shaper(typeface, font);
            let scale = 1000.0 / face.units_per_em() as f32;
            let slot = slot(typeface, font);
            let used = &mut self.glyphs[slot];
            self.content.set_font(EMBEDDED[slot], size);
            let mut show = self.content.show_positioned();
            let mut items = show.items();
            for glyph in run {
                // DejaVu Sans is written with its own glyph ids as CIDs; the CJK face with its
                // subset's (see `Writer::embed_cjk`).
                let cid = match (typeface, &ctx.cjk) {
                    (Typeface::Cjk, Some(cjk)) => {
                        cjk.remap.borrow_mut()[font.index()].remap(glyph.id)
                    }
                    _ => glyph.id,
                };
                let entry = used.entry(cid).or_insert((glyph.id, String::new()));
                if entry.1.is_empty() {
                    entry.1.clone_from(&glyph.text);
                }
                items.show(Str(&cid.to_be_bytes()));
                let natural = face
                    .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(glyph.id))
                    .map_or(0, i32::from);
                if natural != glyph.advance {
                    items.adjust(r((natural - glyph.advance) as f32 * scale));
                }
            }
        }
        self.content.end_text();
        width
    }

    /// [`Canvas::text`] starting at `x`.
    fn left(&mut self, x: f32, baseline: f32, style: Style, text: &str, max_width: f32) -> f32 {
        self.text((x, baseline), Align::Left, style, text, max_width)
    }

    /// [`Canvas::text`] ending at `x`.
    fn right(&mut self, x: f32, baseline: f32, style: Style, text: &str, max_width: f32) -> f32 {
        self.text((x, baseline), Align::Right, style, text, max_width)
    }

    /// [`Canvas::text`] centred on `x`.
    fn center(&mut self, x: f32, baseline: f32, style: Style, text: &str, max_width: f32) -> f32 {
        self.text((x, baseline), Align::Center, style, text, max_width)
    }

    /// Fills a rectangle whose top-left corner is `x`, `top`, in the current fill colour.
    fn fill_rect(&mut self, x: f32, top: f32, width: f32, height: f32) {
        self.content
            .rect(r(x), r(self.height - top - height), r(width), r(height))
            .fill_nonzero();
    }

    fn stroke_rect(&mut self, x: f32, top: f32, width: f32, height: f32, line: f32) {
        self.content
            .set_line_width(line)
            .rect(r(x), r(self.height - top - height), r(width), r(height))
            .stroke();
    }

    /// A horizontal rule at `top`, `gray` from 0 (black) to 1 (white).
    fn rule(&mut self, x1: f32, x2: f32, top: f32, line: f32, gray: f32) {
        let y = r(self.height - top);
        self.content
            .set_stroke_gray(gray)
            .set_line_width(line)
            .move_to(r(x1), y)
            .line_to(r(x2), y)
            .stroke()
            .set_stroke_gray(0.0);
    }
}

/// At most `max` non-blank lines; the lines past them are joined onto the last with ", ".
fn fold_lines(lines: &[String], max: usize) -> Vec<String> {
    let lines: Vec<&str> = lines
        .iter()
        .map(|line| line.trim())
        .filter(|line| !line.is_empty())
        .collect();
    if lines.len() <= max || max == 0 {
        return lines.into_iter().take(max).map(str::to_owned).collect();
    }
    let mut out: Vec<String> = lines[..max - 1].iter().map(|&l| l.to_owned()).collect();
    out.push(lines[max - 1..].join(", "));
    out
}

fn format_weight(grams: u32) -> String {
    if grams < 1000 {
        format!("{grams} g")
    } else {
        let hundredths = (u64::from(grams) + 5) / 10;
        format!("{}.{:02} kg", hundredths / 100, hundredths % 100)
    }
}

// ---------------------------------------------------------------------------------------------
// Code 128

/// A bar of a barcode, in modules from the left edge of the left quiet zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ModuleBar {
    x: u32,
    width: u32,
}

/// A Code 128 symbol in modules: `total_modules` includes both quiet zones.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Barcode {
    total_modules: u32,
    bars: Vec<ModuleBar>,
}

/// The Code 128 symbol of a tracking number: start code, data, check symbol and stop pattern,
/// with a quiet zone of [`QUIET_ZONE_MODULES`] on either side.
fn barcode(data: &str) -> Result<Barcode, BarcodeProblem> {
    let chars = data.chars().count();
    if chars == 0 {
        return Err(BarcodeProblem::Empty);
    }
    if chars > MAX_TRACKING_NUMBER_CHARS {
        return Err(BarcodeProblem::TooLong { chars });
    }
    if let Some((index, character)) = data
        .chars()
        .enumerate()
        .find(|(_, c)| !matches!(c, ' '..='~'))
    {
        return Err(BarcodeProblem::Unsupported {
            character,
            position: index + 1,
        });
    }
    let code = code128::Code128::encode(data.as_bytes());
    // Small enough for u32: at most 40 characters.
    let total_modules = u32::try_from(code.len()).unwrap_or(u32::MAX);
    let bars = code
        .bar_coordinates()
        .map(|bar| ModuleBar {
            x: bar.x,
            width: u32::from(bar.width),
        })
        .collect();
    Ok(Barcode {
        total_modules,
        bars,
    })
}

// ---------------------------------------------------------------------------------------------
// Shipping label

const LABEL_MARGIN: f32 = 10.0;
const SHIP_TO_MAX_LINES: usize = 5;
const FROM_MAX_LINES: usize = 3;

fn label_page<'c>(ctx: &'c Ctx<'c>, label: &Label) -> Result<Canvas<'c>, PdfError> {
    let words = ctx.words;
    let invalid = |problem| PdfError::TrackingNumber {
        value: label.tracking_number.clone(),
        problem,
    };
    let symbol = barcode(&label.tracking_number).map_err(invalid)?;
    let size = label.size.size_pt();
    let (width, _) = size;
    let max_modules = (width / MIN_MODULE_PT).floor() as u32;
    if symbol.total_modules > max_modules {
        return Err(invalid(BarcodeProblem::TooWide {
            modules: symbol.total_modules,
            max_modules,
        }));
    }

    let mut page = Canvas::new(ctx, size);
    let m = LABEL_MARGIN;
    let inner = width - 2.0 * m;
    let mut y = m;

    if label.sandbox {
        page.fill_rect(m, y, inner, 16.0);
        page.content.set_fill_gray(1.0);
        page.center(
            width / 2.0,
            y + 11.5,
            bold(10.0),
            &words.sandbox,
            inner - 8.0,
        );
        page.content.set_fill_gray(0.0);
        y += 20.0;
    }

    // Carrier, service and date.
    let date_width = page.right(width - m, y + 10.0, regular(9.0), &label.date, inner * 0.4);
    page.left(
        m,
        y + 14.0,
        bold(16.0),
        &label.carrier,
        inner - date_width - 8.0,
    );
    page.left(m, y + 27.0, regular(10.0), &label.service, inner);
    y += 33.0;
    page.rule(m, width - m, y, 1.0, 0.0);
    y += 8.0;

    // Ship to.
    page.left(m, y + 7.0, bold(7.5), &words.ship_to, inner);
    y += 10.0;
    page.left(m, y + 12.0, bold(13.0), &label.ship_to.name, inner);
    y += 16.0;
    for line in fold_lines(&label.ship_to.lines, SHIP_TO_MAX_LINES) {
        page.left(m, y + 10.0, regular(10.5), &line, inner);
        y += 12.5;
    }
    if let Some(phone) = &label.ship_to.phone {
        let line = fill(&words.phone, &[("phone", phone)]);
        page.left(m, y + 10.0, regular(10.0), &line, inner);
        y += 12.5;
    }
    y += 4.0;
    page.rule(m, width - m, y, 0.5, 0.0);
    y += 6.0;

    // Return address.
    page.left(m, y + 7.0, bold(7.0), &words.from, inner);
    y += 9.0;
    page.left(m, y + 8.5, bold(8.5), &label.ship_from.name, inner);
    y += 10.5;
    for line in fold_lines(&label.ship_from.lines, FROM_MAX_LINES) {
        page.left(m, y + 8.0, regular(8.0), &line, inner);
        y += 9.5;
    }
    if let Some(phone) = &label.ship_from.phone {
        let line = fill(&words.phone, &[("phone", phone)]);
        page.left(m, y + 8.0, regular(8.0), &line, inner);
        y += 9.5;
    }
    y += 4.0;
    page.rule(m, width - m, y, 1.0, 0.0);
    y += 10.0;

    // Barcode, centred, quiet zones included in the width.
    let module = (width / symbol.total_modules as f32).min(MAX_MODULE_PT);
    let left = (width - symbol.total_modules as f32 * module) / 2.0;
    for bar in &symbol.bars {
        page.fill_rect(
            left + bar.x as f32 * module,
            y,
            bar.width as f32 * module,
            BAR_HEIGHT_PT,
        );
    }
    y += BAR_HEIGHT_PT;
    page.center(
        width / 2.0,
        y + 14.0,
        bold(12.0),
        &label.tracking_number,
        inner,
    );
    y += 20.0;
    page.rule(m, width - m, y, 1.0, 0.0);
    y += 6.0;

    // Package, orders, weight.
    let mut footer = vec![fill(&words.package_id, &[("id", &label.package_id)])];
    match label.order_ids.as_slice() {
        [] => {}
        [one] => footer.push(fill(&words.order_id, &[("id", one)])),
        many => footer.push(fill(
            &words.order_ids,
            &[
                ("count", &many.len().to_string()),
                ("ids", &many.join(", ")),
            ],
        )),
    }
    if let Some(grams) = label.weight_grams {
        footer.push(fill(&words.weight, &[("weight", &format_weight(grams))]));
    }
    for line in footer {
        page.left(m, y + 9.0, regular(9.0), &line, inner);
        y += 11.5;
    }
    Ok(page)
}

// ---------------------------------------------------------------------------------------------
// Tables: packing slip and pick list

const PAGE_MARGIN: f32 = 40.0;
const ROW_HEIGHT: f32 = 18.0;
const TABLE_FONT_SIZE: f32 = 9.0;
const CELL_PADDING: f32 = 4.0;
/// Space kept under the last row of every page for the table's summary line.
const SUMMARY_SPACE: f32 = 22.0;
const SLIP_ADDRESS_MAX_LINES: usize = 5;

#[derive(Debug, Clone, Copy)]
enum Cell {
    Text(Align),
    /// An empty box for ticking off.
    Checkbox,
}

#[derive(Debug, Clone, Copy)]
struct Column<'w> {
    title: &'w str,
    /// Share of the table's width.
    share: f32,
    cell: Cell,
}

impl<'w> Column<'w> {
    const fn text(title: &'w str, share: f32, align: Align) -> Self {
        Self {
            title,
            share,
            cell: Cell::Text(align),
        }
    }

    const fn checkbox(share: f32) -> Self {
        Self {
            title: "",
            share,
            cell: Cell::Checkbox,
        }
    }
}

/// A table laid out over as many pages as it needs. `header` draws a page's header and returns
/// where the table starts; each page gets the column titles and "Page i of n", the last one the
/// `summary` line under its last row.
fn table_pages<'c>(
    ctx: &'c Ctx<'c>,
    size: (f32, f32),
    header: &dyn Fn(&mut Canvas<'c>) -> f32,
    columns: &[Column<'_>],
    rows: &[Vec<String>],
    summary: &str,
) -> Vec<Canvas<'c>> {
    let (width, height) = size;
    let m = PAGE_MARGIN;
    let inner = width - 2.0 * m;

    let mut first = Canvas::new(ctx, size);
    let table_top = header(&mut first);
    let rows_top = table_top + ROW_HEIGHT;
    let room = height - m - SUMMARY_SPACE - rows_top;
    let per_page = ((room / ROW_HEIGHT).floor() as usize).max(1);
    let page_count = rows.len().div_ceil(per_page).max(1);

    let mut pages = Vec::with_capacity(page_count);
    let mut first = Some(first);
    for index in 0..page_count {
        let mut page = match first.take() {
            Some(page) => page,
            None => {
                let mut page = Canvas::new(ctx, size);
                header(&mut page);
                page
            }
        };

        // Column titles, then the rows.
        let titles: Vec<&str> = columns.iter().map(|column| column.title).collect();
        draw_row(&mut page, columns, &titles, table_top, true);
        page.rule(m, width - m, rows_top, 1.0, 0.0);
        let start = index * per_page;
        let end = (start + per_page).min(rows.len());
        let mut y = rows_top;
        for row in rows.get(start..end).unwrap_or_default() {
            let cells: Vec<&str> = row.iter().map(String::as_str).collect();
            draw_row(&mut page, columns, &cells, y, false);
            y += ROW_HEIGHT;
            page.rule(m, width - m, y, 0.5, 0.7);
        }

        if index + 1 == page_count {
            page.right(width - m, y + 16.0, bold(11.0), summary, inner);
        }
        let number = fill(
            &ctx.words.page,
            &[
                ("page", &(index + 1).to_string()),
                ("pages", &page_count.to_string()),
            ],
        );
        page.center(width / 2.0, height - 20.0, regular(8.0), &number, inner);
        pages.push(page);
    }
    pages
}

/// Draws one table row whose top is `top` points below the page's top edge: the column titles
/// if `titles`, else a row of cells.
fn draw_row(page: &mut Canvas<'_>, columns: &[Column<'_>], cells: &[&str], top: f32, titles: bool) {
    let style = if titles {
        bold(TABLE_FONT_SIZE)
    } else {
        regular(TABLE_FONT_SIZE)
    };
    let inner = page.width - 2.0 * PAGE_MARGIN;
    let mut x = PAGE_MARGIN;
    for (column, value) in columns.iter().zip(cells) {
        let w = inner * column.share;
        let max_width = w - 2.0 * CELL_PADDING;
        let baseline = top + 12.5;
        match column.cell {
            Cell::Text(Align::Left) => {
                page.left(x + CELL_PADDING, baseline, style, value, max_width)
            }
            Cell::Text(Align::Center) => {
                page.center(x + w / 2.0, baseline, style, value, max_width)
            }
            Cell::Text(Align::Right) => {
                page.right(x + w - CELL_PADDING, baseline, style, value, max_width)
            }
            Cell::Checkbox if !titles => {
                page.stroke_rect(x + CELL_PADDING, top + 4.5, 9.0, 9.0, 0.75);
                0.0
            }
            Cell::Checkbox => 0.0,
        };
        x += w;
    }
}

/// Draws a document title and labelled values under it; returns where the next block starts.
fn page_heading(page: &mut Canvas<'_>, title: &str, subtitle: &str, facts: &[(&str, &str)]) -> f32 {
    let m = PAGE_MARGIN;
    let inner = page.width - 2.0 * m;
    let mut y = m;
    let subtitle_width = page.right(page.width - m, y + 14.0, bold(11.0), subtitle, inner * 0.35);
    page.left(
        m,
        y + 16.0,
        bold(16.0),
        title,
        inner - subtitle_width - 12.0,
    );
    y += 28.0;
    for (label, value) in facts {
        let label_width = page.left(m, y + 10.0, bold(10.0), label, inner);
        page.left(
            m + label_width + 4.0,
            y + 10.0,
            regular(10.0),
            value,
            inner - label_width - 4.0,
        );
        y += 14.0;
    }
    y += 4.0;
    page.rule(m, page.width - m, y, 1.0, 0.0);
    y + 8.0
}

fn packing_slip_pages<'c>(ctx: &'c Ctx<'c>, slip: &PackingSlip) -> Vec<Canvas<'c>> {
    let words = ctx.words;
    let address = fold_lines(&slip.ship_to.lines, SLIP_ADDRESS_MAX_LINES);
    let header = |page: &mut Canvas<'c>| {
        let m = PAGE_MARGIN;
        let inner = page.width - 2.0 * m;
        let facts = [
            (words.order_id_heading.as_str(), slip.order_id.as_str()),
            (words.order_date.as_str(), slip.placed_on.as_str()),
        ];
        let mut y = page_heading(page, &slip.shop_name, &words.packing_slip, &facts);
        page.left(m, y + 8.0, bold(8.0), &words.ship_to, inner);
        y += 11.0;
        page.left(m, y + 11.0, bold(11.0), &slip.ship_to.name, inner);
        y += 14.0;
        for line in &address {
            page.left(m, y + 10.0, regular(10.0), line, inner);
            y += 12.5;
        }
        if let Some(phone) = &slip.ship_to.phone {
            let line = fill(&words.phone, &[("phone", phone)]);
            page.left(m, y + 10.0, regular(10.0), &line, inner);
            y += 12.5;
        }
        y + 12.0
    };
    let columns = [
        Column::text(&words.product, 0.46, Align::Left),
        Column::text(&words.variant, 0.22, Align::Left),
        Column::text(&words.seller_sku, 0.22, Align::Left),
        Column::text(&words.qty, 0.10, Align::Right),
    ];
    let rows: Vec<Vec<String>> = slip
        .lines
        .iter()
        .map(|line| {
            vec![
                line.title.clone(),
                line.variant.clone(),
                line.seller_sku.clone(),
                line.quantity.to_string(),
            ]
        })
        .collect();
    let items: u64 = slip.lines.iter().map(|line| u64::from(line.quantity)).sum();
    let summary = fill(&words.total_items, &[("count", &items.to_string())]);
    table_pages(
        ctx,
        slip.paper.size_pt(),
        &header,
        &columns,
        &rows,
        &summary,
    )
}

fn pick_list_pages<'c>(ctx: &'c Ctx<'c>, list: &PickList) -> Vec<Canvas<'c>> {
    let words = ctx.words;
    let orders = list.order_count.to_string();
    let skus = list.rows.len().to_string();
    let header = |page: &mut Canvas<'c>| {
        let facts = [
            (words.generated.as_str(), list.generated_on.as_str()),
            (words.orders_heading.as_str(), orders.as_str()),
            (words.skus_heading.as_str(), skus.as_str()),
        ];
        page_heading(page, &words.pick_list, "", &facts) + 4.0
    };
    let columns = [
        Column::checkbox(0.05),
        Column::text(&words.seller_sku, 0.19, Align::Left),
        Column::text(&words.product, 0.40, Align::Left),
        Column::text(&words.variant, 0.18, Align::Left),
        Column::text(&words.qty, 0.08, Align::Right),
        Column::text(&words.orders, 0.10, Align::Right),
    ];
    let rows: Vec<Vec<String>> = list
        .rows
        .iter()
        .map(|row| {
            vec![
                String::new(),
                row.seller_sku.clone(),
                row.title.clone(),
                row.variant.clone(),
                row.quantity.to_string(),
                row.orders.to_string(),
            ]
        })
        .collect();
    let units: u64 = list.rows.iter().map(|row| u64::from(row.quantity)).sum();
    let summary = fill(&words.total_quantity, &[("count", &units.to_string())]);
    table_pages(
        ctx,
        list.paper.size_pt(),
        &header,
        &columns,
        &rows,
        &summary,
    )
}

// ---------------------------------------------------------------------------------------------
// Helvetica metrics

// Advance widths (1/1000 em) from Adobe's Core 14 AFM files (Helvetica.afm and
// Helvetica-Bold.afm, version 002.000), indexed by WinAnsiEncoding code; 0 for the codes
// WinAnsi leaves undefined, which `winansi` never produces.
#[rustfmt::skip]
const HELVETICA_WIDTHS: [u16; 256] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0,
    556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
    0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667,
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];

#[rustfmt::skip]
const HELVETICA_BOLD_WIDTHS: [u16; 256] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0,
    556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
    0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667,
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];

#[cfg(test)]
mod tests {
    use super::*;

    // --- Reading the PDF back, as a viewer would ---------------------------------------------

    fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
        haystack
            .windows(needle.len())
            .enumerate()
            .filter(|(_, window)| *window == needle)
            .map(|(at, _)| at)
            .collect()
    }

    /// Page objects: `/Type /Page` not followed by `s`.
    fn page_count(pdf: &[u8]) -> usize {
        find_all(pdf, b"/Type /Page")
            .into_iter()
            .filter(|&at| pdf.get(at + 11) != Some(&b's'))
            .count()
    }

    fn media_boxes(pdf: &[u8]) -> Vec<Vec<f32>> {
        find_all(pdf, b"/MediaBox [")
            .into_iter()
            .map(|at| {
                let rest = &pdf[at + 11..];
                let end = rest.iter().position(|&b| b == b']').unwrap();
                std::str::from_utf8(&rest[..end])
                    .unwrap()
                    .split_whitespace()
                    .map(|n| n.parse().unwrap())
                    .collect()
            })
            .collect()
    }

    /// The decompressed content stream of every page, in page order.
    fn contents(pdf: &[u8]) -> Vec<Vec<u8>> {
        find_all(pdf, b"/Contents ")
            .into_iter()
            .map(|at| {
                let digits: Vec<u8> = pdf[at + 10..]
                    .iter()
                    .copied()
                    .take_while(u8::is_ascii_digit)
                    .collect();
                let id = std::str::from_utf8(&digits).unwrap();
                let object = find_all(pdf, format!("\n{id} 0 obj").as_bytes())[0];
                let at = object + find_all(&pdf[object..], b"/Length ")[0];
                let digits: Vec<u8> = pdf[at + 8..]
                    .iter()
                    .copied()
                    .take_while(u8::is_ascii_digit)
                    .collect();
                let len: usize = std::str::from_utf8(&digits).unwrap().parse().unwrap();
                let start = at + find_all(&pdf[at..], b"stream\n")[0] + 7;
                miniz_oxide::inflate::decompress_to_vec_zlib(&pdf[start..start + len]).unwrap()
            })
            .collect()
    }

    #[derive(Debug)]
    struct Shown {
        font: String,
        size: f32,
        x: f32,
        y: f32,
        bytes: Vec<u8>,
    }

    impl Shown {
        fn width(&self) -> f32 {
            let font = if self.font == "F2" {
                Font::Bold
            } else {
                Font::Regular
            };
            font.width(self.size, &self.bytes)
        }

        fn text(&self) -> String {
            self.bytes.iter().map(|&b| char::from(b)).collect()
        }
    }

    fn numbers(line: &str) -> Vec<f32> {
        line.split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect()
    }

    /// Decodes a PDF literal `(…)` or hex `<…>` string.
    fn pdf_string(token: &str) -> Vec<u8> {
        let bytes = token.as_bytes();
        if bytes[0] == b'<' {
            let hex = &token[1..token.len() - 1];
            return (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect();
        }
        let inner = &bytes[1..bytes.len() - 1];
        let mut out = Vec::new();
        let mut i = 0;
        while i < inner.len() {
            if inner[i] == b'\\' {
                i += 1;
                match inner[i] {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let digits = inner[i..]
                            .iter()
                            .take(3)
                            .take_while(|b| (b'0'..=b'7').contains(b))
                            .count();
                        let octal = std::str::from_utf8(&inner[i..i + digits]).unwrap();
                        out.push(u8::from_str_radix(octal, 8).unwrap());
                        i += digits - 1;
                    }
                    other => out.push(other),
                }
            } else {
                out.push(inner[i]);
            }
            i += 1;
        }
        out
    }

    /// Every text run of a content stream with its font, size and position.
    fn shown(content: &[u8]) -> Vec<Shown> {
        let text = String::from_utf8_lossy(content);
        let mut runs = Vec::new();
        let (mut font, mut size, mut x, mut y) = (String::new(), 0.0, 0.0, 0.0);
        for line in text.lines() {
            if let Some(operands) = line.strip_suffix(" Tf") {
                let (name, points) = operands.split_once(' ').unwrap();
                font = name.trim_start_matches('/').to_owned();
                size = points.parse().unwrap();
            } else if let Some(operands) = line.strip_suffix(" Td") {
                let xy = numbers(operands);
                (x, y) = (xy[0], xy[1]);
            } else if let Some(operand) = line.strip_suffix(" Tj") {
                runs.push(Shown {
                    font: font.clone(),
                    size,
                    x,
                    y,
                    bytes: pdf_string(operand),
                });
            }
        }
        runs
    }

    fn all_text(content: &[u8]) -> Vec<String> {
        shown(content).iter().map(Shown::text).collect()
    }

    /// Filled rectangles as `[x, y, width, height]`.
    fn filled_rects(content: &[u8]) -> Vec<[f32; 4]> {
        let text = String::from_utf8_lossy(content);
        let lines: Vec<&str> = text.lines().collect();
        lines
            .windows(2)
            .filter(|pair| pair[0].ends_with(" re") && pair[1] == "f")
            .map(|pair| {
                let n = numbers(pair[0].trim_end_matches(" re"));
                [n[0], n[1], n[2], n[3]]
            })
            .collect()
    }

    // --- Sample documents --------------------------------------------------------------------

    fn address(name: &str, lines: &[&str], phone: Option<&str>) -> PostalAddress {
        PostalAddress {
            name: name.to_owned(),
            lines: lines.iter().map(|&l| l.to_owned()).collect(),
            phone: phone.map(str::to_owned),
        }
    }

    fn label(size: LabelSize, tracking_number: &str) -> Label {
        Label {
            size,
            carrier: "Royal Mail".to_owned(),
            service: "Tracked 48".to_owned(),
            tracking_number: tracking_number.to_owned(),
            ship_to: address(
                "Jane Doe",
                &[
                    "Flat 2",
                    "10 Downing Street",
                    "SW1A 2AA London",
                    "United Kingdom",
                ],
                Some("+44 ******* 789"),
            ),
            ship_from: address(
                "Acme Gadgets",
                &["Unit 5, Trade Park", "M1 1AA Manchester", "United Kingdom"],
                None,
            ),
            package_id: "pkg_01J9ZX".to_owned(),
            order_ids: vec!["ord_01J9ZW".to_owned()],
            weight_grams: Some(1250),
            date: "2025-03-14".to_owned(),
            sandbox: false,
        }
    }

    fn slip(lines: usize) -> PackingSlip {
        PackingSlip {
            paper: PaperSize::A4,
            shop_name: "Acme Gadgets".to_owned(),
            order_id: "ord_01J9ZW".to_owned(),
            placed_on: "2025-03-12".to_owned(),
            ship_to: address(
                "Jane Doe",
                &["10 Downing Street", "SW1A 2AA London", "United Kingdom"],
                Some("+44 ******* 789"),
            ),
            lines: (1..=lines)
                .map(|i| SlipLine {
                    title: format!("Wireless earbuds model {i}"),
                    variant: "Black / Standard".to_owned(),
                    seller_sku: format!("SKU-{i:04}"),
                    quantity: 2,
                })
                .collect(),
        }
    }

    fn pick_list(rows: usize) -> PickList {
        PickList {
            paper: PaperSize::Letter,
            generated_on: "2025-03-14 09:30".to_owned(),
            order_count: 42,
            rows: (1..=rows)
                .map(|i| PickRow {
                    seller_sku: format!("PICK-{i:03}"),
                    title: format!("Phone case {i}"),
                    variant: "Clear".to_owned(),
                    quantity: 3,
                    orders: 2,
                })
                .collect(),
        }
    }

    fn render_one(doc: impl Into<Document>) -> Vec<u8> {
        render(&[doc.into()]).unwrap()
    }

    // --- The file ----------------------------------------------------------------------------

    #[test]
    fn output_is_a_complete_pdf() {
        let pdf = render_one(label(LabelSize::FourBySix, "123456"));
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));
        assert_eq!(page_count(&pdf), 1);
        assert!(find_all(&pdf, b"/BaseFont /Helvetica-Bold").len() == 1);
        assert!(find_all(&pdf, b"/Encoding /WinAnsiEncoding").len() == 2);
    }

    #[test]
    fn an_empty_batch_is_an_error() {
        assert_eq!(render(&[]), Err(PdfError::NoDocuments));
    }

    #[test]
    fn a_batch_is_one_pdf_with_every_page_in_order() {
        let docs: Vec<Document> = vec![
            label(LabelSize::FourBySix, "123456").into(),
            label(LabelSize::A6, "TT1234").into(),
            label(LabelSize::FourBySix, "1Z999AA10123456784").into(),
            slip(120).into(),
            pick_list(10).into(),
        ];
        let pdf = render(&docs).unwrap();
        // The slip's table starts 213 pt below the top of A4 and must end 62 pt above the bottom:
        // 31 rows a page, so 120 lines take 4 pages.
        assert_eq!(page_count(&pdf), 3 + 4 + 1);
        assert_eq!(find_all(&pdf, b"/Count 8").len(), 1);

        let pages = contents(&pdf);
        assert_eq!(pages.len(), 8);
        assert!(all_text(&pages[0]).contains(&"123456".to_owned()));
        assert!(all_text(&pages[1]).contains(&"TT1234".to_owned()));
        assert!(all_text(&pages[2]).contains(&"1Z999AA10123456784".to_owned()));
        for (i, page) in pages[3..7].iter().enumerate() {
            let text = all_text(page);
            assert!(text.contains(&format!("Page {} of 4", i + 1)), "{text:?}");
            assert!(text.contains(&"PACKING SLIP".to_owned()));
            assert!(text.contains(&"ord_01J9ZW".to_owned()));
            assert!(text.contains(&"Seller SKU".to_owned()));
        }
        assert!(all_text(&pages[7]).contains(&"Pick list".to_owned()));
        assert!(all_text(&pages[7]).contains(&"Page 1 of 1".to_owned()));
    }

    #[test]
    fn page_sizes() {
        let docs: Vec<Document> = vec![
            label(LabelSize::FourBySix, "123456").into(),
            label(LabelSize::A6, "123456").into(),
            slip(1).into(),
            PackingSlip {
                paper: PaperSize::Letter,
                ..slip(1)
            }
            .into(),
            pick_list(1).into(),
        ];
        let boxes = media_boxes(&render(&docs).unwrap());
        assert_eq!(boxes[0], vec![0.0, 0.0, 288.0, 432.0]);
        let close =
            |got: &[f32], want: [f32; 4]| got.iter().zip(want).all(|(g, w)| (g - w).abs() < 0.01);
        assert!(
            close(&boxes[1], [0.0, 0.0, 297.64, 419.53]),
            "{:?}",
            boxes[1]
        );
        assert!(
            close(&boxes[2], [0.0, 0.0, 595.28, 841.89]),
            "{:?}",
            boxes[2]
        );
        assert_eq!(boxes[3], vec![0.0, 0.0, 612.0, 792.0]);
        assert_eq!(boxes[4], vec![0.0, 0.0, 612.0, 792.0]);
    }

    #[test]
    fn six_hundred_labels_make_one_six_hundred_page_pdf() {
        let docs: Vec<Document> = (0..600)
            .map(|i| {
                label(
                    LabelSize::FourBySix,
                    &format!("JT{:013}", 5_000_000_000_u64 + i),
                )
                .into()
            })
            .collect();
        let pdf = render(&docs).unwrap();
        assert_eq!(page_count(&pdf), 600);
        assert_eq!(find_all(&pdf, b"/Count 600").len(), 1);
    }

    // --- Barcodes ----------------------------------------------------------------------------

    /// Bar and space widths of the Code 128 patterns, from the symbol table of ISO/IEC 15417.
    const START_B: &str = "211214";
    const START_C: &str = "211232";
    const CODE_C: &str = "113141"; // value 99: switch to set C
    const STOP: &str = "2331112";

    fn widths_of(bars: &[ModuleBar]) -> String {
        let mut out = String::new();
        for (i, bar) in bars.iter().enumerate() {
            out.push_str(&bar.width.to_string());
            if let Some(next) = bars.get(i + 1) {
                out.push_str(&(next.x - bar.x - bar.width).to_string());
            }
        }
        out
    }

    #[test]
    fn digits_use_code_set_c() {
        // "123456" in set C is 12, 34, 56; check symbol (105 + 1·12 + 2·34 + 3·56) mod 103 = 44.
        let code = barcode("123456").unwrap();
        let expected = [START_C, "112232", "131123", "331121", "132131", STOP].concat();
        assert_eq!(widths_of(&code.bars), expected);
        assert_eq!(code.bars[0].x, QUIET_ZONE_MODULES);
        // 5 symbols of 11 modules, the 13-module stop pattern, two quiet zones.
        assert_eq!(code.total_modules, 5 * 11 + 13 + 20);
        let last = code.bars.last().unwrap();
        assert_eq!(last.x + last.width + QUIET_ZONE_MODULES, code.total_modules);
    }

    #[test]
    fn letters_then_digits_switch_from_set_b_to_c() {
        // "TT1234": start B, T (52), T (52), Code C (99), 12, 34;
        // check symbol (104 + 52 + 2·52 + 3·99 + 4·12 + 5·34) mod 103 = 775 mod 103 = 54.
        let code = barcode("TT1234").unwrap();
        let expected = [
            START_B, "213311", "213311", CODE_C, "112232", "131123", "311123", STOP,
        ]
        .concat();
        assert_eq!(widths_of(&code.bars), expected);
    }

    #[test]
    fn drawn_bars_decode_to_the_code_128_pattern() {
        for size in [LabelSize::FourBySix, LabelSize::A6] {
            let pdf = render_one(label(size, "TT1234"));
            let page = &contents(&pdf)[0];
            let mut bars: Vec<[f32; 4]> = filled_rects(page)
                .into_iter()
                .filter(|rect| (rect[3] - BAR_HEIGHT_PT).abs() < 0.01)
                .collect();
            bars.sort_by(|a, b| a[0].total_cmp(&b[0]));
            let module = bars.iter().map(|bar| bar[2]).fold(f32::MAX, f32::min);
            assert!(module >= MIN_MODULE_PT, "module {module}");
            let runs: String = bars
                .iter()
                .enumerate()
                .flat_map(|(i, bar)| {
                    let mut run = vec![(bar[2] / module).round()];
                    if let Some(next) = bars.get(i + 1) {
                        run.push(((next[0] - bar[0] - bar[2]) / module).round());
                    }
                    run
                })
                .map(|n| (n as u32).to_string())
                .collect();
            let expected = [
                START_B, "213311", "213311", CODE_C, "112232", "131123", "311123", STOP,
            ]
            .concat();
            assert_eq!(runs, expected);
            // Quiet zones of 10 modules fit on the label.
            let (width, _) = size.size_pt();
            let last = bars.last().unwrap();
            assert!(bars[0][0] >= 10.0 * module - 0.01);
            assert!(width - (last[0] + last[2]) >= 10.0 * module - 0.01);
        }
    }

    #[test]
    fn long_tracking_numbers_keep_the_minimum_module_width() {
        // 27 letters is the most a 4×6 label holds at 0.8 pt.
        let tracking = "ABCDEFGHIJKLMNOPQRSTUVWXYZA";
        let pdf = render_one(label(LabelSize::FourBySix, tracking));
        let bars: Vec<[f32; 4]> = filled_rects(&contents(&pdf)[0])
            .into_iter()
            .filter(|rect| (rect[3] - BAR_HEIGHT_PT).abs() < 0.01)
            .collect();
        let module = bars.iter().map(|bar| bar[2]).fold(f32::MAX, f32::min);
        assert!(module >= MIN_MODULE_PT, "module {module}");
        // Digits are packed two to a symbol: a 40-digit number fits.
        assert!(render(&[label(LabelSize::FourBySix, &"7".repeat(40)).into()]).is_ok());
    }

    #[test]
    fn unprintable_tracking_numbers_are_errors_not_panics() {
        let cases = [
            ("", BarcodeProblem::Empty),
            (
                "TT123456789Ä",
                BarcodeProblem::Unsupported {
                    character: 'Ä',
                    position: 12,
                },
            ),
            (
                "跟踪号码",
                BarcodeProblem::Unsupported {
                    character: '跟',
                    position: 1,
                },
            ),
            (
                "AB\n12",
                BarcodeProblem::Unsupported {
                    character: '\n',
                    position: 3,
                },
            ),
            (&"1".repeat(41), BarcodeProblem::TooLong { chars: 41 }),
            (
                "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGH",
                BarcodeProblem::TooWide {
                    // Start B, 34 letters and the check symbol; the stop pattern; quiet zones.
                    modules: 36 * 11 + 13 + 20,
                    max_modules: 360,
                },
            ),
        ];
        for (value, problem) in cases {
            let docs = [
                label(LabelSize::A6, "123").into(),
                label(LabelSize::FourBySix, value).into(),
            ];
            let err = render(&docs).unwrap_err();
            assert_eq!(
                err,
                PdfError::TrackingNumber {
                    value: value.to_owned(),
                    problem
                }
            );
        }
        let message = render(&[label(LabelSize::FourBySix, "TT12345Ä").into()])
            .unwrap_err()
            .to_string();
        assert!(message.contains("\"TT12345Ä\""), "{message}");
        assert!(message.contains("not printable ASCII"), "{message}");
    }

    // --- Text --------------------------------------------------------------------------------

    #[test]
    fn helvetica_widths_are_the_afm_ones() {
        // Helvetica: H 722, e 556, l 222, o 556.
        assert!((Font::Regular.width(10.0, b"Hello") - 22.78).abs() < 1e-4);
        // Helvetica-Bold: H 722, e 556, l 278, o 611.
        assert!((Font::Bold.width(10.0, b"Hello") - 24.45).abs() < 1e-4);
        assert_eq!(Font::Regular.advance(ELLIPSIS), 1000);
        assert_eq!(Font::Regular.advance(winansi('é')), 556);
        assert_eq!(Font::Bold.advance(winansi('€')), 556);
    }

    #[test]
    fn winansi_codes() {
        assert_eq!(winansi('A'), b'A');
        assert_eq!(winansi('ü'), 0xFC);
        assert_eq!(winansi('€'), 0x80);
        assert_eq!(winansi('—'), 0x97);
        for c in ['张', 'م', 'Ж', 'ğ', '😀', '\u{7}', '\u{85}'] {
            assert_eq!(winansi(c), b'?', "{c:?}");
            assert!(needs_unicode(&format!("a{c}")), "{c:?}");
        }
        assert!(!needs_unicode("Müller €5 (?)"));
    }

    #[test]
    fn text_outside_winansi_is_set_in_an_embedded_subset() {
        let mut doc = label(LabelSize::FourBySix, "123456");
        doc.ship_to.name = "Jane Łódź".to_owned();
        doc.ship_to.lines = vec!["شارع الملك فهد 12".to_owned(), "Москва".to_owned()];
        let pdf = render_one(doc);
        let page = &contents(&pdf)[0];
        // WinAnsi text stays in Helvetica; the rest is in the embedded face (F3, Identity-H).
        let text = all_text(page);
        assert!(text.contains(&"Royal Mail".to_owned()), "{text:?}");
        assert!(!text.iter().any(|t| t.contains('?')), "{text:?}");
        // The name is bold (F4), the two address lines regular (F3).
        assert_eq!(find_all(page, b"/F3 ").len(), 2);
        assert_eq!(find_all(page, b"/F4 ").len(), 1);
        assert_eq!(find_all(&pdf, b"/Encoding /Identity-H").len(), 2);
        assert_eq!(find_all(&pdf, b"/BaseFont /SHPDKR+DejaVuSans\n").len(), 2);
        assert_eq!(
            find_all(&pdf, b"/BaseFont /SHPDKB+DejaVuSans-Bold").len(),
            2
        );
        assert_eq!(find_all(&pdf, b"/ToUnicode ").len(), 2);
        // A document in WinAnsi only embeds nothing.
        let plain = render_one(label(LabelSize::FourBySix, "123456"));
        assert!(find_all(&plain, b"DejaVu").is_empty());
        // DejaVu Sans is 757 kB; the subset of the few dozen glyphs used is a few kB.
        assert!(pdf.len() < 30_000, "{} bytes", pdf.len());
    }

    #[test]
    fn arabic_is_shaped_right_to_left_and_cut_at_the_real_width() {
        let options = Options::default();
        let ctx = Ctx::new(&options).unwrap();
        // Shaped, the letters of "فهد" join: the glyphs are not the isolated forms.
        let joined = shape_line(&ctx, Font::Regular, "فهد");
        let isolated: Vec<u16> = "فهد"
            .chars()
            .map(|c| Font::Regular.shaper().glyph_index(c).unwrap().0)
            .collect();
        assert_eq!(joined.len(), 3);
        assert_ne!(joined.iter().map(|g| g.id).collect::<Vec<_>>(), isolated);
        // Right to left: the first glyph drawn (leftmost) is the last letter, د.
        assert_eq!(joined[0].text, "د");
        assert_eq!(joined[2].text, "ف");
        // A mixed line keeps the Latin run left to right.
        let mixed = shape_line(&ctx, Font::Regular, "Flat 2 شارع");
        let texts: String = mixed.iter().map(|g| g.text.as_str()).collect();
        assert!(texts.starts_with("Flat 2 "), "{texts}");

        let long = "شارع الملك فهد ".repeat(40);
        let (glyphs, width) = fit_unicode(&ctx, &long, Font::Regular, 10.0, 200.0);
        assert!(width <= 200.0 && width > 150.0, "{width}");
        assert!(glyphs.iter().any(|g| g.text == "…"));
        assert_eq!(
            fit_unicode(&ctx, "شارع", Font::Regular, 10.0, 1.0).0,
            vec![]
        );
    }

    // --- CJK fallback face -------------------------------------------------------------------

    /// Noto Sans CJK from `fonts-noto-cjk`, read once for the tests; `None` (with a note) when
    /// it is not installed, and a failure then under `SHOPDECK_TEST_REQUIRE_ALL=1`.
    fn noto_cjk() -> Option<std::sync::Arc<CjkFonts>> {
        static FONTS: std::sync::OnceLock<Option<std::sync::Arc<CjkFonts>>> =
            std::sync::OnceLock::new();
        let fonts = FONTS.get_or_init(|| {
            let [regular, bold] = DEFAULT_CJK_FONT_PATHS.map(std::path::Path::new);
            CjkFonts::load(regular, Some(bold))
                .ok()
                .map(std::sync::Arc::new)
        });
        if fonts.is_none() {
            let why = format!(
                "no CJK font at {}: apt-get install fonts-noto-cjk",
                DEFAULT_CJK_FONT_PATHS[0]
            );
            assert!(
                std::env::var("SHOPDECK_TEST_REQUIRE_ALL").as_deref() != Ok("1"),
                "SHOPDECK_TEST_REQUIRE_ALL=1 but {why}"
            );
            eprintln!("note: CJK test skipped: {why}");
        }
        fonts.clone()
    }

    fn with_cjk(cjk: Option<std::sync::Arc<CjkFonts>>) -> Options {
        Options {
            cjk,
            ..Options::default()
        }
    }

    fn japanese_label() -> Label {
        let mut doc = label(LabelSize::FourBySix, "123456");
        doc.ship_to.name = "山田 太郎".to_owned();
        doc.ship_to.lines = vec![
            "東京都渋谷区神宮前1-2-3".to_owned(),
            "150-0001 Japan".to_owned(),
        ];
        doc
    }

    #[test]
    fn collections_give_the_japanese_and_chinese_faces() {
        let Some(fonts) = noto_cjk() else { return };
        let [regular, bold] = &fonts.files;
        // NotoSansCJK-*.ttc: JP, KR, SC, TC, HK, then the Mono faces.
        assert_eq!(regular.faces, [0, 2]);
        assert_eq!(bold.faces, [0, 2]);
        assert_eq!(regular.names[0], "NotoSansCJKjp-Regular");
        assert_eq!(bold.names[1], "NotoSansCJKsc-Bold");
        assert!(regular.cff);
        assert!(matches!(
            CjkFonts::load(std::path::Path::new("/nonexistent/font.ttc"), None),
            Err(FontError::Unreadable { .. })
        ));
    }

    #[test]
    fn runs_dejavu_lacks_are_shaped_with_the_cjk_face() {
        let Some(fonts) = noto_cjk() else { return };
        let options = with_cjk(Some(fonts));
        let ctx = Ctx::new(&options).unwrap();
        let line = "東京都渋谷区神宮前1-2-3、Flat 2";
        let runs: Vec<(&str, Typeface)> = split_by_face(&ctx, Font::Regular, line)
            .into_iter()
            .map(|(range, typeface)| (&line[range], typeface))
            .collect();
        assert_eq!(
            runs,
            [
                ("東京都渋谷区神宮前", Typeface::Cjk),
                ("1-2-3", Typeface::DejaVu),
                ("、", Typeface::Cjk),
                ("Flat 2", Typeface::DejaVu),
            ]
        );
        // Every kanji has a real glyph (no .notdef) and the line reads back in order.
        let glyphs = shape_line(&ctx, Font::Regular, line);
        assert!(glyphs.iter().all(|g| g.id != 0), "{glyphs:?}");
        let text: String = glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, line);
        // Full-width ideographs are 1 em wide: nine at 10 pt are 90 pt.
        let kanji: Vec<Glyph> = glyphs
            .iter()
            .filter(|g| g.typeface == Typeface::Cjk)
            .take(9)
            .cloned()
            .collect();
        assert!((shaped_width(&ctx, Font::Regular, 10.0, &kanji) - 90.0).abs() < 0.01);
        // Noto Sans CJK JP has hangul as well.
        let korean = shape_line(&ctx, Font::Bold, "서울특별시");
        assert!(
            korean
                .iter()
                .all(|g| g.id != 0 && g.typeface == Typeface::Cjk),
            "{korean:?}"
        );
        // Cut to fit with an ellipsis like any other text.
        let (cut, width) = fit_unicode(&ctx, &line.repeat(10), Font::Bold, 10.0, 100.0);
        assert!(width <= 100.0 && width > 80.0, "{width}");
        assert!(cut.iter().any(|g| g.text == "…"));
        // Without the CJK face the same line is all DejaVu Sans, kanji as .notdef boxes.
        let plain = Options::default();
        let ctx = Ctx::new(&plain).unwrap();
        let glyphs = shape_line(&ctx, Font::Regular, line);
        assert!(glyphs.iter().all(|g| g.typeface == Typeface::DejaVu));
        assert_eq!(glyphs.iter().filter(|g| g.id == 0).count(), 10);
    }

    #[test]
    fn cjk_text_embeds_a_cff_subset_of_the_fallback_face() {
        let Some(fonts) = noto_cjk() else { return };
        let pdf = render_with(&[japanese_label().into()], &with_cjk(Some(fonts.clone()))).unwrap();
        let page = &contents(&pdf)[0];
        // The name is bold CJK (F6), the street regular CJK (F5) then DejaVu Sans (F3) for
        // "1-2-3"; "150-0001 Japan" stays in Helvetica.
        assert_eq!(find_all(page, b"/F6 ").len(), 1);
        assert_eq!(find_all(page, b"/F5 ").len(), 1);
        assert_eq!(find_all(page, b"/F3 ").len(), 1);
        assert!(all_text(page).contains(&"150-0001 Japan".to_owned()));
        assert_eq!(
            find_all(&pdf, b"/BaseFont /SHPDCR+NotoSansCJKjp-Regular").len(),
            2
        );
        assert_eq!(
            find_all(&pdf, b"/BaseFont /SHPDCB+NotoSansCJKjp-Bold").len(),
            2
        );
        assert_eq!(find_all(&pdf, b"/Subtype /CIDFontType0").len(), 2);
        assert_eq!(find_all(&pdf, b"/Subtype /OpenType").len(), 2);
        assert_eq!(find_all(&pdf, b"/FontFile3 ").len(), 2);
        assert_eq!(find_all(&pdf, b"/ToUnicode ").len(), 3);
        // Noto Sans CJK is 19 MB a weight; a label embeds a few kB of it.
        assert!(pdf.len() < 40_000, "{} bytes", pdf.len());
        // The same bytes every time.
        assert_eq!(
            render_with(&[japanese_label().into()], &with_cjk(Some(fonts.clone()))).unwrap(),
            pdf
        );
        // Simplified Chinese forms come from the SC face.
        let options = Options {
            han: Han::Simplified,
            ..with_cjk(Some(fonts))
        };
        let pdf = render_with(&[japanese_label().into()], &options).unwrap();
        assert_eq!(
            find_all(&pdf, b"/BaseFont /SHPDCR+NotoSansCJKsc-Regular").len(),
            2
        );
    }

    #[test]
    fn cjk_text_without_the_face_still_renders_as_boxes() {
        let pdf = render_with(&[japanese_label().into()], &with_cjk(None)).unwrap();
        assert_eq!(page_count(&pdf), 1);
        assert!(find_all(&pdf, b"NotoSansCJK").is_empty());
        assert!(find_all(&pdf, b"/FontFile3").is_empty());
        // The kanji are DejaVu's .notdef (CID 0), which the ToUnicode map leaves out.
        let page = &contents(&pdf)[0];
        assert_eq!(find_all(page, b"/F4 ").len(), 1);
        assert!(find_all(page, b"/F5 ").is_empty());
    }

    #[test]
    fn words_come_from_the_caller() {
        let words = Words {
            ship_to: "お届け先".to_owned(),
            phone: "電話：{phone}".to_owned(),
            page: "{page}/{pages} ページ".to_owned(),
            total_items: "合計 {count} 点".to_owned(),
            ..Words::default()
        };
        assert_eq!(fill(&words.phone, &[("phone", "+81 90")]), "電話：+81 90");
        let options = Options {
            words,
            ..with_cjk(noto_cjk())
        };
        let pdf = render_with(&[japanese_label().into(), slip(1).into()], &options).unwrap();
        assert_eq!(page_count(&pdf), 2);
        // Not in English any more (those words are set in the embedded faces, not Helvetica).
        let text = all_text(&contents(&pdf)[0]);
        assert!(!text.contains(&"SHIP TO".to_owned()), "{text:?}");
        let text = all_text(&contents(&pdf)[1]);
        assert!(!text.iter().any(|t| t.starts_with("Page ")), "{text:?}");
        assert!(text.contains(&"Seller SKU".to_owned()), "{text:?}");
    }

    #[test]
    fn parentheses_and_backslashes_are_escaped() {
        let mut doc = label(LabelSize::FourBySix, "123456");
        doc.ship_to.name = r"Jane (Jr.) \ Doe".to_owned();
        doc.ship_to.lines = vec!["Unit 5) rear (".to_owned()];
        let page = &contents(&render_one(doc))[0];
        // Balanced parentheses may stay as they are; a backslash is always doubled.
        assert_eq!(find_all(page, br"(Jane (Jr.) \\ Doe) Tj").len(), 1);
        assert_eq!(find_all(page, br"(Unit 5\) rear \() Tj").len(), 1);
        let text = all_text(page);
        assert!(text.contains(&r"Jane (Jr.) \ Doe".to_owned()));
        assert!(text.contains(&"Unit 5) rear (".to_owned()));
    }

    #[test]
    fn fit_cuts_with_an_ellipsis_at_the_real_width() {
        assert_eq!(fit("  Hello  ", Font::Regular, 10.0, 100.0), b"Hello");
        // At 10 pt "Hello" is 22.78 pt wide and "…" 10 pt.
        assert_eq!(fit("Hello", Font::Regular, 10.0, 22.78), b"Hello");
        // "He…" is 22.78 pt, one hair too wide for 22.7.
        assert_eq!(fit("Hello", Font::Regular, 10.0, 22.7), b"H\x85");
        // "Hello w…" is 42.78 pt, too wide for 40; "Hello …" would end in a space.
        assert_eq!(fit("Hello world", Font::Regular, 10.0, 40.0), b"Hello\x85");
        // No space is left before the ellipsis.
        assert_eq!(fit("Hi there", Font::Regular, 10.0, 22.0), b"Hi\x85");
        assert_eq!(fit("Hello", Font::Regular, 10.0, 5.0), b"");
        assert_eq!(fit("Hello", Font::Regular, 10.0, -1.0), b"");
        let huge = "W".repeat(1_000_000);
        assert!(Font::Bold.width(9.0, &fit(&huge, Font::Bold, 9.0, 200.0)) <= 200.0);
    }

    #[test]
    fn a_500_character_title_is_cut_to_its_cell() {
        let mut doc = slip(2);
        doc.lines[0].title = "Ultra-long product title ".repeat(20);
        assert_eq!(doc.lines[0].title.chars().count(), 500);
        let page = &contents(&render_one(doc))[0];
        let title = shown(page)
            .into_iter()
            .find(|run| run.text().starts_with("Ultra-long"))
            .unwrap();
        assert_eq!(title.bytes.last(), Some(&ELLIPSIS));
        let (width, _) = PaperSize::A4.size_pt();
        let cell_right = PAGE_MARGIN + (width - 2.0 * PAGE_MARGIN) * 0.46;
        assert!(
            title.x + title.width() <= cell_right - CELL_PADDING + 0.01,
            "{title:?}"
        );
        // The next column's text starts after the cell.
        let variant = shown(page)
            .into_iter()
            .find(|run| run.text() == "Black / Standard")
            .unwrap();
        assert!(variant.x >= cell_right);
    }

    #[test]
    fn the_fullest_label_stays_on_its_page() {
        for size in [LabelSize::FourBySix, LabelSize::A6] {
            let long = "Very long value that goes on and on ".repeat(15);
            let lines: Vec<String> = (0..12).map(|i| format!("{i} {long}")).collect();
            let doc = Label {
                carrier: long.clone(),
                service: long.clone(),
                ship_to: PostalAddress {
                    name: long.clone(),
                    lines: lines.clone(),
                    phone: Some(long.clone()),
                },
                ship_from: PostalAddress {
                    name: long.clone(),
                    lines,
                    phone: Some(long.clone()),
                },
                package_id: long.clone(),
                order_ids: (0..50).map(|i| format!("ord_{i:04}")).collect(),
                weight_grams: Some(u32::MAX),
                date: long.clone(),
                sandbox: true,
                ..label(size, "ABCDEFGHIJKLMNOPQRSTUVWXYZA")
            };
            let page = &contents(&render_one(doc))[0];
            let (width, height) = size.size_pt();
            let runs = shown(page);
            // Ship-to shows 5 lines and the return address 3.
            assert_eq!(
                runs.iter()
                    .filter(|run| run.text().starts_with("0 Very"))
                    .count(),
                2
            );
            assert_eq!(
                runs.iter()
                    .filter(|run| run.text().starts_with("4 Very"))
                    .count(),
                1
            );
            assert!(
                runs.iter()
                    .any(|run| run.text() == "Sandbox \u{97} not a real shipment")
            );
            for run in &runs {
                assert!(
                    run.x >= LABEL_MARGIN - 0.01
                        && run.x + run.width() <= width - LABEL_MARGIN + 0.01,
                    "{run:?}"
                );
                assert!(
                    run.y >= LABEL_MARGIN && run.y <= height - LABEL_MARGIN,
                    "{run:?}"
                );
            }
            for rect in filled_rects(page) {
                assert!(
                    rect[0] >= 0.0 && rect[0] + rect[2] <= width && rect[1] >= LABEL_MARGIN,
                    "{rect:?}"
                );
            }
        }
    }

    #[test]
    fn label_shows_what_the_carrier_needs() {
        let mut doc = label(LabelSize::FourBySix, "1Z999AA10123456784");
        doc.order_ids.push("ord_01J9ZY".to_owned());
        let text = all_text(&contents(&render_one(doc))[0]);
        for expected in [
            "Royal Mail",
            "Tracked 48",
            "1Z999AA10123456784",
            "SHIP TO",
            "Jane Doe",
            "SW1A 2AA London",
            "Tel: +44 ******* 789",
            "FROM",
            "Acme Gadgets",
            "Package ID: pkg_01J9ZX",
            "Order IDs (2): ord_01J9ZW, ord_01J9ZY",
            "Weight: 1.25 kg",
            "2025-03-14",
        ] {
            assert!(
                text.contains(&expected.to_owned()),
                "{expected} not in {text:?}"
            );
        }
        assert!(!text.iter().any(|t| t.starts_with("Sandbox")));
    }

    #[test]
    fn weights() {
        assert_eq!(format_weight(0), "0 g");
        assert_eq!(format_weight(999), "999 g");
        assert_eq!(format_weight(1000), "1.00 kg");
        assert_eq!(format_weight(1255), "1.26 kg");
        assert_eq!(format_weight(u32::MAX), "4294967.30 kg");
    }

    // --- Tables ------------------------------------------------------------------------------

    #[test]
    fn packing_slip_rows_are_split_over_pages_without_loss() {
        let pdf = render_one(slip(120));
        let pages = contents(&pdf);
        assert_eq!(pages.len(), 4);
        let texts: Vec<Vec<String>> = pages.iter().map(|page| all_text(page)).collect();
        let skus: Vec<&String> = texts
            .iter()
            .flatten()
            .filter(|t| t.starts_with("SKU-"))
            .collect();
        let expected: Vec<String> = (1..=120).map(|i| format!("SKU-{i:04}")).collect();
        assert_eq!(skus, expected.iter().collect::<Vec<_>>());
        for (i, text) in texts.iter().enumerate() {
            assert!(text.contains(&"Acme Gadgets".to_owned()));
            assert!(text.contains(&"Jane Doe".to_owned()));
            assert_eq!(text.contains(&"Total items: 240".to_owned()), i == 3);
        }
    }

    #[test]
    fn an_empty_packing_slip_is_one_page() {
        let pdf = render_one(slip(0));
        assert_eq!(page_count(&pdf), 1);
        let text = all_text(&contents(&pdf)[0]);
        assert!(text.contains(&"Total items: 0".to_owned()));
        assert!(text.contains(&"Page 1 of 1".to_owned()));
    }

    #[test]
    fn pick_list_keeps_the_given_order_and_paginates() {
        let mut list = pick_list(100);
        list.rows.reverse();
        let pdf = render_one(list);
        let pages = contents(&pdf);
        assert!(pages.len() > 1);
        let texts: Vec<Vec<String>> = pages.iter().map(|page| all_text(page)).collect();
        let skus: Vec<&String> = texts
            .iter()
            .flatten()
            .filter(|t| t.starts_with("PICK-"))
            .collect();
        let expected: Vec<String> = (1..=100).rev().map(|i| format!("PICK-{i:03}")).collect();
        assert_eq!(skus, expected.iter().collect::<Vec<_>>());
        let n = pages.len();
        for (i, text) in texts.iter().enumerate() {
            assert!(text.contains(&format!("Page {} of {n}", i + 1)));
            assert!(text.contains(&"Generated:".to_owned()));
            assert!(text.contains(&"42".to_owned()));
            assert_eq!(text.contains(&"Total quantity: 300".to_owned()), i + 1 == n);
        }
    }
}

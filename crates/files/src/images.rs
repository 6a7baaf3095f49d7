//! Product images: validation, decoding and the JPEG renditions shown in the shop.
//!
//! [`process_product_image`] takes the bytes a seller uploaded and either refuses them with an
//! [`ImageError`] the seller can act on, or returns a [`ProcessedImage`] with two JPEG renditions:
//! a `display` image (longest side at most [`DISPLAY_MAX_SIDE`]) and a `thumb`nail (longest side
//! at most [`THUMB_MAX_SIDE`]).
//!
//! The checks run from cheapest to most expensive, so hostile files are refused before they cost
//! anything:
//!
//! 1. the byte size ([`MAX_IMAGE_BYTES`]);
//! 2. the format, sniffed from the magic bytes (a file name or a client-supplied MIME type is
//!    never trusted);
//! 3. the dimensions, read from the header only, without decoding any pixels — a
//!    "decompression bomb" such as a 20 KB PNG claiming 100000×100000 px is refused here;
//! 4. only then the pixels are decoded, with [`image::Limits`] as a second guard.
//!
//! [`sample_image`] draws deterministic pictures in code, for demo data and tests.

use std::io::Cursor;

use image::imageops::{self, FilterType};
use image::metadata::Orientation;
use image::{
    DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageFormat as Codec, ImageReader,
    Limits, Rgb, RgbImage,
};

/// Largest accepted upload, in bytes (5 MiB).
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
/// Smallest accepted width and height, in pixels.
pub const MIN_SIDE: u32 = 300;
/// Largest accepted width and height, in pixels.
pub const MAX_SIDE: u32 = 4000;
/// Longest side of the `display` rendition, in pixels.
pub const DISPLAY_MAX_SIDE: u32 = 1200;
/// Longest side of the `thumb` rendition, in pixels.
pub const THUMB_MAX_SIDE: u32 = 240;
/// JPEG quality of the `display` rendition.
pub const DISPLAY_QUALITY: u8 = 85;
/// JPEG quality of the `thumb` rendition.
pub const THUMB_QUALITY: u8 = 80;
/// Most memory the decoder may allocate (a 4000×4000 RGBA image needs 64 MiB).
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;

/// An image format accepted for product images.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    /// JPEG (`image/jpeg`).
    Jpeg,
    /// PNG (`image/png`).
    Png,
    /// WebP (`image/webp`).
    WebP,
}

impl ImageFormat {
    /// The MIME type, e.g. `image/jpeg`.
    #[must_use]
    pub fn mime(&self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::WebP => "image/webp",
        }
    }

    /// The usual file extension, without the dot, e.g. `jpg`.
    #[must_use]
    pub fn extension(&self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::WebP => "webp",
        }
    }

    fn codec(self) -> Codec {
        match self {
            Self::Jpeg => Codec::Jpeg,
            Self::Png => Codec::Png,
            Self::WebP => Codec::WebP,
        }
    }

    /// Sniffs the format from the first bytes of the content.
    fn sniff(bytes: &[u8]) -> Result<Self, ImageError> {
        match image::guess_format(bytes) {
            Ok(Codec::Jpeg) => Ok(Self::Jpeg),
            Ok(Codec::Png) => Ok(Self::Png),
            Ok(Codec::WebP) => Ok(Self::WebP),
            Ok(other) => Err(ImageError::UnsupportedFormat {
                found: other.extensions_str().first().copied().unwrap_or("unknown"),
            }),
            Err(_) => Err(ImageError::NotAnImage),
        }
    }
}

/// Why an uploaded image was refused. The [`Display`](std::fmt::Display) text is meant for the
/// seller; [`ImageError::code`] gives a stable machine-readable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// The upload is larger than [`MAX_IMAGE_BYTES`].
    #[error("the image is larger than 5 MB")]
    TooLarge,
    /// The content is a known image format other than JPEG, PNG or WebP (GIF, BMP, TIFF…).
    /// `found` is the usual extension of the detected format, e.g. `gif`.
    #[error("the file is not a JPEG, PNG or WebP image")]
    UnsupportedFormat {
        /// Extension of the detected format, e.g. `gif`.
        found: &'static str,
    },
    /// The content is not an image at all (text, PDF, an archive…).
    #[error("the file is not a JPEG, PNG or WebP image")]
    NotAnImage,
    /// A side is shorter than [`MIN_SIDE`].
    #[error("the image is {width}×{height} px; each side needs at least 300 px")]
    TooSmall {
        /// Width in pixels, as stored in the file.
        width: u32,
        /// Height in pixels, as stored in the file.
        height: u32,
    },
    /// A side is longer than [`MAX_SIDE`].
    #[error("the image is {width}×{height} px; each side may be at most 4000 px")]
    TooBig {
        /// Width in pixels, as stored in the file.
        width: u32,
        /// Height in pixels, as stored in the file.
        height: u32,
    },
    /// The file could not be decoded: truncated, damaged, or using a variant of the format that
    /// cannot be read.
    #[error("the image file is damaged or incomplete")]
    Corrupt,
}

impl ImageError {
    /// A stable machine-readable code: `image-too-large`, `image-format`, `image-too-small`,
    /// `image-too-big` or `image-corrupt`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge => "image-too-large",
            Self::UnsupportedFormat { .. } | Self::NotAnImage => "image-format",
            Self::TooSmall { .. } => "image-too-small",
            Self::TooBig { .. } => "image-too-big",
            Self::Corrupt => "image-corrupt",
        }
    }
}

/// A validated product image and its JPEG renditions.
#[derive(Clone, PartialEq, Eq)]
pub struct ProcessedImage {
    /// Format of the uploaded file.
    pub format: ImageFormat,
    /// Width of the original, after applying its EXIF orientation.
    pub width: u32,
    /// Height of the original, after applying its EXIF orientation.
    pub height: u32,
    /// JPEG bytes, longest side at most [`DISPLAY_MAX_SIDE`], alpha flattened onto white.
    pub display: Vec<u8>,
    /// Width of `display`.
    pub display_width: u32,
    /// Height of `display`.
    pub display_height: u32,
    /// JPEG bytes, longest side at most [`THUMB_MAX_SIDE`], alpha flattened onto white.
    pub thumb: Vec<u8>,
    /// Width of `thumb`.
    pub thumb_width: u32,
    /// Height of `thumb`.
    pub thumb_height: u32,
}

impl std::fmt::Debug for ProcessedImage {
    // Keeps the (large) byte vectors out of logs and test failure messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProcessedImage")
            .field("format", &self.format)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("display", &format_args!("{} bytes", self.display.len()))
            .field("display_width", &self.display_width)
            .field("display_height", &self.display_height)
            .field("thumb", &format_args!("{} bytes", self.thumb.len()))
            .field("thumb_width", &self.thumb_width)
            .field("thumb_height", &self.thumb_height)
            .finish()
    }
}

/// Validates an uploaded product image and renders its `display` and `thumb` JPEGs.
///
/// See the [module documentation](self) for the order of the checks. EXIF orientation (as set
/// by phone cameras) is applied, so the renditions are upright; the reported `width`/`height`
/// are those of the upright picture.
///
/// # Errors
///
/// [`ImageError::TooLarge`], [`ImageError::UnsupportedFormat`], [`ImageError::NotAnImage`],
/// [`ImageError::TooSmall`], [`ImageError::TooBig`] or [`ImageError::Corrupt`].
pub fn process_product_image(bytes: &[u8]) -> Result<ProcessedImage, ImageError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ImageError::TooLarge);
    }
    let format = ImageFormat::sniff(bytes)?;

    // Header only: no pixel is decoded yet.
    let mut header_limits = Limits::default();
    header_limits.max_alloc = Some(MAX_DECODE_ALLOC);
    let (width, height) = reader(bytes, format, header_limits)
        .into_dimensions()
        // The format is known and no dimension limit applies yet, so any failure (including a
        // memory limit hit by an absurd metadata chunk) means a broken or hostile file.
        .map_err(|_| ImageError::Corrupt)?;
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(ImageError::TooBig { width, height });
    }
    if width < MIN_SIDE || height < MIN_SIDE {
        return Err(ImageError::TooSmall { width, height });
    }

    // The JPEG decoder quietly fills a truncated picture with grey; refuse it instead.
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(ImageError::Corrupt);
    }

    // Second guard: the decoder itself refuses anything larger.
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    let too_big = || ImageError::TooBig { width, height };
    let decode_error = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => too_big(),
        _ => ImageError::Corrupt,
    };
    let mut decoder = reader(bytes, format, limits)
        .into_decoder()
        .map_err(decode_error)?;
    if decoder.total_bytes() > MAX_DECODE_ALLOC {
        return Err(too_big());
    }
    // A broken EXIF block must not make an otherwise fine picture unusable.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    picture.apply_orientation(orientation);

    let (width, height) = (picture.width(), picture.height());
    let flat = flatten_onto_white(picture);

    let (display_width, display_height) = fit_within(width, height, DISPLAY_MAX_SIDE);
    let display = shrink(&flat, display_width, display_height);
    let (thumb_width, thumb_height) = fit_within(width, height, THUMB_MAX_SIDE);
    // Downscaling from the display rendition is much cheaper and looks the same.
    let thumb = shrink(display.as_ref(), thumb_width, thumb_height);

    Ok(ProcessedImage {
        format,
        width,
        height,
        display: encode_jpeg(display.as_ref(), DISPLAY_QUALITY),
        display_width,
        display_height,
        thumb: encode_jpeg(thumb.as_ref(), THUMB_QUALITY),
        thumb_width,
        thumb_height,
    })
}

fn reader(bytes: &[u8], format: ImageFormat, limits: Limits) -> ImageReader<Cursor<&[u8]>> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.codec());
    reader.limits(limits);
    reader
}

/// Whether a JPEG's marker structure runs from SOI to an EOI marker: segment lengths in range,
/// and every scan's entropy-coded data followed by another marker. Walking the segments (rather
/// than searching for `FF D9`) is needed because an EXIF thumbnail inside APP1 has its own EOI.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    const SOS: u8 = 0xDA;
    const EOI: u8 = 0xD9;
    let is_restart = |marker: u8| (0xD0..=0xD7).contains(&marker);
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut at = 2;
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return false;
        }
        // Any number of 0xFF fill bytes may precede a marker.
        while bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at + 1) else {
            return false;
        };
        if marker == EOI {
            return true;
        }
        if is_restart(marker) || marker == 0x01 {
            at += 2;
            continue;
        }
        let Some(length) = bytes.get(at + 2..at + 4) else {
            return false;
        };
        at += 2 + usize::from(u16::from_be_bytes([length[0], length[1]]));
        if at > bytes.len() {
            return false;
        }
        if marker == SOS {
            // Entropy-coded data: 0xFF is stuffed as FF 00; restart markers stay in the data.
            loop {
                match (bytes.get(at), bytes.get(at + 1)) {
                    (Some(0xFF), Some(&next)) if next != 0x00 && !is_restart(next) => break,
                    (Some(_), Some(_)) => at += 1,
                    _ => return false,
                }
            }
        }
    }
}

/// Converts to 8-bit RGB, compositing any transparency over a white background (JPEG has no
/// alpha channel, and black — the result of simply dropping alpha — looks broken).
fn flatten_onto_white(picture: DynamicImage) -> RgbImage {
    if !picture.has_alpha() {
        return picture.into_rgb8();
    }
    let rgba = picture.into_rgba8();
    let (width, height) = rgba.dimensions();
    let mut out = Vec::with_capacity(rgba.as_raw().len() / 4 * 3);
    for px in rgba.as_raw().chunks_exact(4) {
        let alpha = u32::from(px[3]);
        for &channel in &px[..3] {
            // c·a + 255·(1−a), with rounding; always ≤ 255.
            let value = (u32::from(channel) * alpha + 255 * (255 - alpha) + 127) / 255;
            out.push(u8::try_from(value).unwrap_or(u8::MAX));
        }
    }
    RgbImage::from_raw(width, height, out).unwrap_or_else(|| RgbImage::new(width, height))
}

/// The size of `width`×`height` scaled down (never up) so its longest side is at most
/// `max_side`, keeping the aspect ratio. Neither side becomes 0.
fn fit_within(width: u32, height: u32, max_side: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= max_side {
        return (width, height);
    }
    let scale = |side: u32| {
        let scaled =
            (u64::from(side) * u64::from(max_side) + u64::from(longest) / 2) / u64::from(longest);
        u32::try_from(scaled).unwrap_or(max_side).clamp(1, max_side)
    };
    (scale(width), scale(height))
}

/// Either borrows an image unchanged or owns a resized copy.
enum Shrunk<'a> {
    Same(&'a RgbImage),
    Resized(RgbImage),
}

impl AsRef<RgbImage> for Shrunk<'_> {
    fn as_ref(&self) -> &RgbImage {
        match self {
            Self::Same(image) => image,
            Self::Resized(image) => image,
        }
    }
}

/// Downscales `source` to exactly `width`×`height` (a no-op when it already has that size).
///
/// Like Pillow's `thumbnail`, large reductions first average whole blocks of pixels (fast and
/// alias-free) while at least twice the target size remains, then finish with a Catmull-Rom
/// (bicubic) filter for sharpness. This is several times faster than running a wide filter over
/// the full-size image and the result is visually the same.
fn shrink(source: &RgbImage, width: u32, height: u32) -> Shrunk<'_> {
    if source.dimensions() == (width, height) {
        return Shrunk::Same(source);
    }
    let block_x = (source.width() / width.max(1) / 2).max(1);
    let block_y = (source.height() / height.max(1) / 2).max(1);
    let resample =
        |image: &RgbImage| imageops::resize(image, width, height, FilterType::CatmullRom);
    if block_x > 1 || block_y > 1 {
        Shrunk::Resized(resample(&box_reduce(source, block_x, block_y)))
    } else {
        Shrunk::Resized(resample(source))
    }
}

/// Averages each `block_x`×`block_y` block of pixels into one (partial blocks at the right and
/// bottom edges are averaged over the pixels they have).
fn box_reduce(source: &RgbImage, block_x: u32, block_y: u32) -> RgbImage {
    let (width, height) = source.dimensions();
    let (out_w, out_h) = (width.div_ceil(block_x), height.div_ceil(block_y));
    let (width, block_x, out_w_usize) = (width as usize, block_x as usize, out_w as usize);
    let raw = source.as_raw();
    let stride = width * 3;
    // Sums stay below 255 · 4000² < u32::MAX for every image this module accepts.
    let mut sums = vec![0u32; out_w_usize * 3];
    let mut out = Vec::with_capacity(out_w_usize * out_h as usize * 3);
    for out_y in 0..out_h {
        sums.fill(0);
        let first_row = out_y * block_y;
        let rows = block_y.min(height - first_row);
        for y in first_row..first_row + rows {
            let row = &raw[y as usize * stride..(y as usize + 1) * stride];
            for (block, sum) in row.chunks(block_x * 3).zip(sums.chunks_exact_mut(3)) {
                for px in block.chunks_exact(3) {
                    sum[0] += u32::from(px[0]);
                    sum[1] += u32::from(px[1]);
                    sum[2] += u32::from(px[2]);
                }
            }
        }
        for (index, sum) in sums.chunks_exact(3).enumerate() {
            let columns = block_x.min(width - index * block_x) as u32;
            let count = columns * rows;
            for &channel in sum {
                out.push(((channel + count / 2) / count) as u8);
            }
        }
    }
    RgbImage::from_raw(out_w, out_h, out).unwrap_or_else(|| RgbImage::new(out_w, out_h))
}

fn encode_jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    // Encoding an in-memory RGB buffer into a Vec only fails for dimensions above 65535 px,
    // which the size checks above rule out.
    if image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::Rgb8,
        )
        .is_err()
    {
        out.clear();
    }
    out
}

/// Draws a deterministic picture and encodes it in `format`, for demo data and tests.
///
/// The picture is a soft diagonal two-colour gradient whose hues are derived from `seed`, with a
/// circle and a rounded rectangle placed according to `seed`, so different seeds give visibly
/// different images. The same arguments always give the same bytes. WebP output is lossless (the
/// only WebP encoding available). A zero width or height is treated as 1.
#[must_use]
pub fn sample_image(width: u32, height: u32, seed: u64, format: ImageFormat) -> Vec<u8> {
    let pixels = draw_sample(width.max(1), height.max(1), seed);
    let (w, h) = pixels.dimensions();
    let mut out = Vec::new();
    let result =
        match format {
            ImageFormat::Jpeg => image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
                .write_image(pixels.as_raw(), w, h, ExtendedColorType::Rgb8),
            ImageFormat::Png => image::codecs::png::PngEncoder::new(&mut out).write_image(
                pixels.as_raw(),
                w,
                h,
                ExtendedColorType::Rgb8,
            ),
            ImageFormat::WebP => image::codecs::webp::WebPEncoder::new_lossless(&mut out)
                .write_image(pixels.as_raw(), w, h, ExtendedColorType::Rgb8),
        };
    // Only JPEG can fail (sides above 65535 px); an empty result is the honest answer then.
    if result.is_err() {
        out.clear();
    }
    out
}

/// SplitMix64: a tiny deterministic generator, good enough for picking colours and positions.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in `[lo, hi)`.
    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        // 24 random bits map exactly onto f32's mantissa.
        let unit = (self.next() >> 40) as f32 / (1u64 << 24) as f32;
        lo + (hi - lo) * unit
    }
}

/// HSL (hue in degrees, saturation and lightness in 0..=1) to linear-ish RGB floats in 0..=255.
fn hsl(hue: f32, saturation: f32, lightness: f32) -> [f32; 3] {
    let hue = hue.rem_euclid(360.0) / 60.0;
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let x = chroma * (1.0 - (hue.rem_euclid(2.0) - 1.0).abs());
    let (r, g, b) = match hue {
        h if h < 1.0 => (chroma, x, 0.0),
        h if h < 2.0 => (x, chroma, 0.0),
        h if h < 3.0 => (0.0, chroma, x),
        h if h < 4.0 => (0.0, x, chroma),
        h if h < 5.0 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = lightness - chroma / 2.0;
    [(r + m) * 255.0, (g + m) * 255.0, (b + m) * 255.0]
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn draw_sample(width: u32, height: u32, seed: u64) -> RgbImage {
    let mut rng = SplitMix(seed);
    let hue = rng.range(0.0, 360.0);
    let top = hsl(hue, 0.55, 0.86);
    let bottom = hsl(hue + rng.range(30.0, 90.0), 0.50, 0.62);
    let circle_colour = hsl(hue + 180.0 + rng.range(-30.0, 30.0), 0.55, 0.66);
    let card_colour = hsl(hue + rng.range(100.0, 160.0), 0.35, 0.93);

    let (w, h) = (width as f32, height as f32);
    let mut canvas = Canvas {
        width: width as usize,
        height: height as usize,
        raw: vec![0; width as usize * height as usize * 3],
    };

    // Background: a smooth-stepped diagonal gradient. The colour depends only on the position
    // along the gradient, so it comes from a small lookup table.
    const STEPS: usize = 1024;
    let lut: Vec<[u8; 3]> = (0..STEPS)
        .map(|step| {
            let t = step as f32 / (STEPS - 1) as f32;
            to_bytes(mix(top, bottom, t * t * (3.0 - 2.0 * t)))
        })
        .collect();
    let angle = rng.range(0.3, 1.2);
    let (dx, dy) = (angle.cos(), angle.sin());
    let scale = (STEPS - 1) as f32 / (w * dx + h * dy).max(1.0);
    for (y, row) in canvas.raw.chunks_exact_mut(canvas.width * 3).enumerate() {
        let row_start = (y as f32 + 0.5) * dy;
        for (x, px) in row.chunks_exact_mut(3).enumerate() {
            let position = ((x as f32 + 0.5) * dx + row_start) * scale;
            // Float-to-int `as` saturates; the index is clamped to the table anyway.
            px.copy_from_slice(&lut[(position as usize).min(STEPS - 1)]);
        }
    }

    // A rounded rectangle ("card"), then a circle over it; both with anti-aliased edges.
    let card_half_w = w * rng.range(0.15, 0.28);
    let card_half_h = h * rng.range(0.10, 0.20);
    let card_x = rng.range(card_half_w, (w - card_half_w).max(card_half_w + 1.0));
    let card_y = rng.range(card_half_h, (h - card_half_h).max(card_half_h + 1.0));
    let corner = card_half_w.min(card_half_h) * 0.35;
    canvas.blend_shape(
        [
            card_x - card_half_w,
            card_y - card_half_h,
            card_x + card_half_w,
            card_y + card_half_h,
        ],
        card_colour,
        0.9,
        |fx, fy| {
            // Signed distance to a rounded box.
            let ex = (fx - card_x).abs() - card_half_w + corner;
            let ey = (fy - card_y).abs() - card_half_h + corner;
            let outside = (ex.max(0.0).powi(2) + ey.max(0.0).powi(2)).sqrt();
            outside + ex.max(ey).min(0.0) - corner
        },
    );

    let radius = w.min(h) * rng.range(0.18, 0.30);
    let cx = rng.range(radius, (w - radius).max(radius + 1.0));
    let cy = rng.range(radius, (h - radius).max(radius + 1.0));
    canvas.blend_shape(
        [cx - radius, cy - radius, cx + radius, cy + radius],
        circle_colour,
        0.85,
        |fx, fy| ((fx - cx).powi(2) + (fy - cy).powi(2)).sqrt() - radius,
    );

    RgbImage::from_raw(width, height, canvas.raw)
        .unwrap_or_else(|| RgbImage::from_pixel(width, height, Rgb([255, 255, 255])))
}

fn to_bytes(colour: [f32; 3]) -> [u8; 3] {
    // Rounds half up; float-to-int `as` saturates to 0..=255 (`round()` would be a slow libm
    // call on baseline x86-64).
    colour.map(|channel| (channel + 0.5) as u8)
}

/// An RGB8 pixel buffer for [`draw_sample`].
struct Canvas {
    width: usize,
    height: usize,
    raw: Vec<u8>,
}

impl Canvas {
    /// Blends `colour` (at `opacity`) over the pixels inside the shape given by the signed
    /// distance function `distance` (negative inside), visiting only the bounding box
    /// `[left, top, right, bottom]` (plus one pixel for the anti-aliased edge).
    fn blend_shape(
        &mut self,
        [left, top, right, bottom]: [f32; 4],
        colour: [f32; 3],
        opacity: f32,
        distance: impl Fn(f32, f32) -> f32,
    ) {
        // Float-to-int `as` saturates (negative → 0), and the ends are clamped to the canvas.
        let columns = (left - 1.0) as usize..((right + 1.0) as usize).min(self.width);
        let rows = (top - 1.0) as usize..((bottom + 1.0) as usize).min(self.height);
        for y in rows {
            let fy = y as f32 + 0.5;
            for x in columns.clone() {
                let cover = (0.5 - distance(x as f32 + 0.5, fy)).clamp(0.0, 1.0) * opacity;
                if cover > 0.0 {
                    let at = (y * self.width + x) * 3;
                    let px = &mut self.raw[at..at + 3];
                    let under = [f32::from(px[0]), f32::from(px[1]), f32::from(px[2])];
                    px.copy_from_slice(&to_bytes(mix(under, colour, cover)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_jpeg(bytes: &[u8]) -> RgbImage {
        assert_eq!(image::guess_format(bytes).ok(), Some(Codec::Jpeg));
        image::load_from_memory_with_format(bytes, Codec::Jpeg)
            .expect("rendition decodes")
            .into_rgb8()
    }

    fn check_round_trip(format: ImageFormat, width: u32, height: u32) {
        let bytes = sample_image(width, height, 7, format);
        let processed = process_product_image(&bytes).expect("valid image");
        assert_eq!(processed.format, format);
        assert_eq!((processed.width, processed.height), (width, height));

        let display = decode_jpeg(&processed.display);
        assert_eq!(
            display.dimensions(),
            (processed.display_width, processed.display_height)
        );
        assert!(display.width().max(display.height()) <= DISPLAY_MAX_SIDE);
        let thumb = decode_jpeg(&processed.thumb);
        assert_eq!(
            thumb.dimensions(),
            (processed.thumb_width, processed.thumb_height)
        );
        assert!(thumb.width().max(thumb.height()) <= THUMB_MAX_SIDE);

        // Aspect ratio kept (to within rounding).
        let ratio = f64::from(width) / f64::from(height);
        let thumb_ratio = f64::from(thumb.width()) / f64::from(thumb.height());
        assert!(
            (ratio - thumb_ratio).abs() < 0.02,
            "{ratio} vs {thumb_ratio}"
        );
    }

    #[test]
    fn jpeg_round_trips() {
        check_round_trip(ImageFormat::Jpeg, 1600, 1000);
    }

    #[test]
    fn png_round_trips() {
        check_round_trip(ImageFormat::Png, 600, 900);
    }

    #[test]
    fn webp_round_trips() {
        check_round_trip(ImageFormat::WebP, 500, 500);
    }

    #[test]
    fn small_images_are_not_upscaled() {
        let processed =
            process_product_image(&sample_image(300, 400, 1, ImageFormat::Png)).unwrap();
        assert_eq!(
            (processed.display_width, processed.display_height),
            (300, 400)
        );
        assert_eq!((processed.thumb_width, processed.thumb_height), (180, 240));
    }

    #[test]
    fn boundary_sizes_are_accepted() {
        let processed =
            process_product_image(&sample_image(4000, 300, 2, ImageFormat::Jpeg)).unwrap();
        assert_eq!((processed.width, processed.height), (4000, 300));
        assert_eq!(
            (processed.display_width, processed.display_height),
            (1200, 90)
        );
        assert_eq!((processed.thumb_width, processed.thumb_height), (240, 18));
    }

    #[test]
    fn too_small_is_rejected() {
        let error =
            process_product_image(&sample_image(299, 400, 3, ImageFormat::Png)).unwrap_err();
        assert_eq!(
            error,
            ImageError::TooSmall {
                width: 299,
                height: 400
            }
        );
        assert_eq!(error.code(), "image-too-small");
        assert_eq!(
            error.to_string(),
            "the image is 299×400 px; each side needs at least 300 px"
        );
    }

    #[test]
    fn too_big_is_rejected() {
        let error =
            process_product_image(&sample_image(4001, 300, 4, ImageFormat::Jpeg)).unwrap_err();
        assert_eq!(
            error,
            ImageError::TooBig {
                width: 4001,
                height: 300
            }
        );
        assert_eq!(error.code(), "image-too-big");
    }

    #[test]
    fn more_than_five_megabytes_is_rejected() {
        let mut bytes = sample_image(300, 300, 5, ImageFormat::Jpeg);
        bytes.resize(MAX_IMAGE_BYTES + 1, 0);
        let error = process_product_image(&bytes).unwrap_err();
        assert_eq!(error, ImageError::TooLarge);
        assert_eq!(error.code(), "image-too-large");
        assert_eq!(error.to_string(), "the image is larger than 5 MB");
    }

    #[test]
    fn gif_is_rejected() {
        // A complete 1×1 GIF.
        let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
        let error = process_product_image(gif).unwrap_err();
        assert_eq!(error, ImageError::UnsupportedFormat { found: "gif" });
        assert_eq!(error.code(), "image-format");
        assert_eq!(
            error.to_string(),
            "the file is not a JPEG, PNG or WebP image"
        );
    }

    #[test]
    fn bmp_and_pdf_and_text_are_rejected() {
        let bmp = process_product_image(b"BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00").unwrap_err();
        assert_eq!(bmp.code(), "image-format");
        assert_eq!(
            process_product_image(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").unwrap_err(),
            ImageError::NotAnImage
        );
        let text = process_product_image(b"just some text, not a picture").unwrap_err();
        assert_eq!(text, ImageError::NotAnImage);
        assert_eq!(text.code(), "image-format");
        assert_eq!(
            process_product_image(b"").unwrap_err(),
            ImageError::NotAnImage
        );
    }

    #[test]
    fn truncated_files_are_corrupt() {
        for format in [ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::WebP] {
            let bytes = sample_image(400, 400, 6, format);
            for keep in [bytes.len() / 2, 40] {
                let error = process_product_image(&bytes[..keep]).unwrap_err();
                assert_eq!(error, ImageError::Corrupt, "{format:?} cut to {keep} bytes");
                assert_eq!(error.code(), "image-corrupt");
            }
        }
    }

    #[test]
    fn jpeg_structure_walk() {
        let baseline = sample_image(320, 320, 8, ImageFormat::Jpeg);
        assert!(jpeg_is_complete(&baseline));
        assert!(!jpeg_is_complete(&baseline[..baseline.len() - 2]));
        // Trailing bytes after EOI (some cameras append data) are fine.
        let mut trailer = baseline.clone();
        trailer.extend_from_slice(b"camera trailer");
        assert!(jpeg_is_complete(&trailer));

        // An APP1 segment embedding a complete thumbnail (SOS…EOI) must not count as the end;
        // a progressive-style second scan, stuffed FF 00 bytes and restart markers are skipped.
        let app1_thumb: &[u8] = &[0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x11, 0xFF, 0xD9];
        let mut synthetic = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 11];
        synthetic.extend_from_slice(app1_thumb);
        synthetic.extend_from_slice(&[
            0xFF, 0xDA, 0x00, 0x03, 0x01, 0x12, 0xFF, 0x00, 0xFF, 0xD3, 0x34,
        ]);
        assert!(!jpeg_is_complete(&synthetic), "no EOI of its own yet");
        synthetic.extend_from_slice(&[0xFF, 0xFF, 0xDA, 0x00, 0x02, 0x56]);
        assert!(!jpeg_is_complete(&synthetic));
        synthetic.extend_from_slice(&[0xFF, 0xD9]);
        assert!(jpeg_is_complete(&synthetic));
        assert!(!jpeg_is_complete(&[0xFF, 0xD8, 0xFF, 0xE0, 0x40, 0x00]));
    }

    #[test]
    fn exif_orientation_is_applied() {
        // Minimal little-endian TIFF block: one IFD entry, Orientation (0x0112) = 6, i.e. the
        // stored picture must be turned 90° clockwise to be upright.
        let exif: Vec<u8> = [
            &b"II*\0"[..],
            &8u32.to_le_bytes(),
            &1u16.to_le_bytes(),
            &[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0],
            &0u32.to_le_bytes(),
        ]
        .concat();
        let stored = draw_sample(400, 320, 3);
        let mut jpeg = Vec::new();
        let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90);
        encoder.set_exif_metadata(exif).unwrap();
        encoder
            .write_image(stored.as_raw(), 400, 320, ExtendedColorType::Rgb8)
            .unwrap();

        let processed = process_product_image(&jpeg).unwrap();
        assert_eq!((processed.width, processed.height), (320, 400));
        assert_eq!((processed.thumb_width, processed.thumb_height), (192, 240));
    }

    /// CRC-32 (IEEE), as PNG chunks need it.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }

    #[test]
    fn decompression_bomb_is_refused_from_the_header() {
        // A hand-made PNG whose header claims 100000×100000 RGBA (40 GB decoded), followed by
        // a tiny IDAT. Decoding it would exhaust memory; the header check must stop it at once.
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]); // 8-bit RGBA, deflate, no filter, no interlace
        png_chunk(&mut png, b"IHDR", &ihdr);
        png_chunk(
            &mut png,
            b"IDAT",
            &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        );
        png_chunk(&mut png, b"IEND", &[]);

        let error = process_product_image(&png).unwrap_err();
        assert_eq!(
            error,
            ImageError::TooBig {
                width: 100_000,
                height: 100_000
            }
        );
    }

    #[test]
    fn transparency_is_flattened_onto_white() {
        // Left half fully transparent (and black underneath), right half opaque red.
        let rgba = image::RgbaImage::from_fn(400, 400, |x, _| {
            if x < 200 {
                image::Rgba([0, 0, 0, 0])
            } else {
                image::Rgba([200, 0, 0, 255])
            }
        });
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(rgba.as_raw(), 400, 400, ExtendedColorType::Rgba8)
            .unwrap();

        let processed = process_product_image(&png).unwrap();
        assert_eq!(processed.format, ImageFormat::Png);
        let thumb = decode_jpeg(&processed.thumb);
        let Rgb([r, g, b]) = *thumb.get_pixel(10, 120);
        assert!(
            r > 245 && g > 245 && b > 245,
            "transparent became {r},{g},{b}"
        );
        let Rgb([r, g, b]) = *thumb.get_pixel(230, 120);
        assert!(r > 170 && g < 40 && b < 40, "opaque red became {r},{g},{b}");
    }

    #[test]
    fn sample_images_are_deterministic_and_differ_by_seed() {
        let a = sample_image(320, 320, 1, ImageFormat::Png);
        assert_eq!(a, sample_image(320, 320, 1, ImageFormat::Png));
        assert_ne!(a, sample_image(320, 320, 2, ImageFormat::Png));
        for (format, codec) in [
            (ImageFormat::Jpeg, Codec::Jpeg),
            (ImageFormat::Png, Codec::Png),
            (ImageFormat::WebP, Codec::WebP),
        ] {
            let bytes = sample_image(310, 305, 9, format);
            let decoded = image::load_from_memory_with_format(&bytes, codec).unwrap();
            assert_eq!((decoded.width(), decoded.height()), (310, 305));
        }
    }

    #[test]
    fn formats_have_mime_and_extension() {
        assert_eq!(ImageFormat::Jpeg.mime(), "image/jpeg");
        assert_eq!(ImageFormat::Png.extension(), "png");
        assert_eq!(ImageFormat::WebP.mime(), "image/webp");
        assert_eq!(ImageFormat::WebP.extension(), "webp");
    }

    #[test]
    fn fit_within_keeps_aspect_and_never_upscales() {
        assert_eq!(fit_within(4000, 3000, 1200), (1200, 900));
        assert_eq!(fit_within(3000, 4000, 240), (180, 240));
        assert_eq!(fit_within(800, 600, 1200), (800, 600));
        assert_eq!(fit_within(4000, 1, 240), (240, 1));
    }
}

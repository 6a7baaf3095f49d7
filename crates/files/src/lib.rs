//! File formats Shopdeck reads and writes, as pure functions over bytes (no IO, no async):
//!
//! - [`images`]: validating uploaded product images and rendering their JPEG renditions;
//! - [`html`]: sanitising product descriptions and extracting their visible text;
//! - [`sheets`]: reading and writing CSV and XLSX files for bulk import and export;
//! - [`pdf`]: shipping labels, packing slips and pick lists as one merged PDF;
//! - [`video`]: a short MP4 clip drawn by code, for demo data.

pub mod html;
pub mod images;
pub mod pdf;
pub mod sheets;
pub mod video;

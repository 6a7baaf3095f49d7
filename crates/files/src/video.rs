//! A short video clip drawn by code, for demo data: an MP4 (ISO base media) file with one
//! H.264 track that every browser plays.
//!
//! No encoder is needed: H.264 lets a macroblock carry its samples as they are (`I_PCM`), so
//! each frame is an IDR picture of uncompressed 16×16 blocks. That makes the file large for its
//! size on screen (384 bytes a macroblock: 128×80 px at 8 frames a second is about 120 kB a
//! second), which is fine for a few seconds of demo video and keeps the writer to the two
//! formats' headers, with nothing to go wrong in between. Pure-Rust encoders that compress
//! (rav1e for AV1) take minutes to build and seconds per frame in a debug build, and the demo
//! is loaded by the test suite over a hundred times.

/// A clip `seconds` long of `width`×`height` pixels (rounded up to whole 16-pixel blocks) at
/// `fps` frames a second: a background whose colour turns and a light square that crosses it,
/// seeded so shops get different clips.
pub fn sample_clip(width: u32, height: u32, fps: u32, seconds: u32, seed: u64) -> Vec<u8> {
    let mbs_w = width.div_ceil(16).max(1);
    let mbs_h = height.div_ceil(16).max(1);
    let fps = fps.max(1);
    let frames = (fps * seconds.max(1)) as usize;
    let sps = nal(0x67, &sps_rbsp(mbs_w, mbs_h));
    let pps = nal(0x68, &pps_rbsp());
    let samples: Vec<Vec<u8>> = (0..frames)
        .map(|i| {
            let picture = draw(mbs_w, mbs_h, i, frames, seed);
            let slice = nal(0x65, &idr_slice_rbsp(mbs_w, mbs_h, i, &picture));
            let mut sample = Vec::with_capacity(slice.len() + 4);
            sample.extend_from_slice(&u32_be(slice.len()));
            sample.extend_from_slice(&slice);
            sample
        })
        .collect();
    mp4(mbs_w * 16, mbs_h * 16, fps, &sps, &pps, &samples)
}

/// One frame in 4:2:0: luma then Cb then Cr planes, full size.
struct Picture {
    y: Vec<u8>,
    cb: Vec<u8>,
    cr: Vec<u8>,
    width: usize,
}

fn draw(mbs_w: u32, mbs_h: u32, i: usize, frames: usize, seed: u64) -> Picture {
    let (w, h) = ((mbs_w * 16) as usize, (mbs_h * 16) as usize);
    let t = i as f64 / frames as f64;
    let hue = (seed as f64 * 0.37 + t) * std::f64::consts::TAU;
    // Chroma swings around grey; luma is a gentle vertical gradient. Samples stay inside the
    // video range (16–235), so no zero byte ever appears in a picture.
    let cb = (128.0 + 60.0 * hue.cos()) as u8;
    let cr = (128.0 + 60.0 * hue.sin()) as u8;
    let side = h / 2;
    let x0 = ((w - side) as f64 * t) as usize;
    let y0 = (h - side) / 2;
    let mut y = vec![0u8; w * h];
    for row in 0..h {
        for col in 0..w {
            let inside = (x0..x0 + side).contains(&col) && (y0..y0 + side).contains(&row);
            y[row * w + col] = if inside {
                225
            } else {
                (60 + row * 80 / h) as u8
            };
        }
    }
    let (cw, ch) = (w / 2, h / 2);
    let mut cbs = vec![cb; cw * ch];
    let mut crs = vec![cr; cw * ch];
    for row in y0 / 2..(y0 + side) / 2 {
        for col in x0 / 2..(x0 + side) / 2 {
            cbs[row * cw + col] = 128;
            crs[row * cw + col] = 128;
        }
    }
    Picture {
        y,
        cb: cbs,
        cr: crs,
        width: w,
    }
}

// ---------------------------------------------------------------------------------------
// H.264 (ITU-T H.264 §7.3): a Baseline sequence, every picture IDR with I_PCM macroblocks.

#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    acc: u8,
    n: u8,
}

impl Bits {
    fn bit(&mut self, b: bool) {
        self.acc = (self.acc << 1) | u8::from(b);
        self.n += 1;
        if self.n == 8 {
            self.bytes.push(self.acc);
            self.acc = 0;
            self.n = 0;
        }
    }
    fn u(&mut self, bits: u32, v: u32) {
        for i in (0..bits).rev() {
            self.bit((v >> i) & 1 == 1);
        }
    }
    /// Exp-Golomb, unsigned.
    fn ue(&mut self, v: u32) {
        let x = v + 1;
        let len = 32 - x.leading_zeros();
        self.u(len - 1, 0);
        self.u(len, x);
    }
    fn aligned(&self) -> bool {
        self.n == 0
    }
    fn align_zero(&mut self) {
        while !self.aligned() {
            self.bit(false);
        }
    }
    fn trailing(mut self) -> Vec<u8> {
        self.bit(true);
        self.align_zero();
        self.bytes
    }
}

const PROFILE_BASELINE: u8 = 66;
const CONSTRAINTS: u8 = 0xC0;
const LEVEL_3_0: u8 = 30;

fn sps_rbsp(mbs_w: u32, mbs_h: u32) -> Vec<u8> {
    let mut b = Bits::default();
    b.u(8, u32::from(PROFILE_BASELINE));
    b.u(8, u32::from(CONSTRAINTS));
    b.u(8, u32::from(LEVEL_3_0));
    b.ue(0); // seq_parameter_set_id
    b.ue(0); // log2_max_frame_num_minus4
    b.ue(2); // pic_order_cnt_type: output in decoding order
    b.ue(1); // max_num_ref_frames
    b.bit(false); // gaps_in_frame_num_value_allowed_flag
    b.ue(mbs_w - 1);
    b.ue(mbs_h - 1);
    b.bit(true); // frame_mbs_only_flag
    b.bit(true); // direct_8x8_inference_flag
    b.bit(false); // frame_cropping_flag
    b.bit(false); // vui_parameters_present_flag
    b.trailing()
}

fn pps_rbsp() -> Vec<u8> {
    let mut b = Bits::default();
    b.ue(0); // pic_parameter_set_id
    b.ue(0); // seq_parameter_set_id
    b.bit(false); // entropy_coding_mode_flag: CAVLC
    b.bit(false); // bottom_field_pic_order_in_frame_present_flag
    b.ue(0); // num_slice_groups_minus1
    b.ue(0); // num_ref_idx_l0_default_active_minus1
    b.ue(0); // num_ref_idx_l1_default_active_minus1
    b.bit(false); // weighted_pred_flag
    b.u(2, 0); // weighted_bipred_idc
    b.ue(0); // pic_init_qp_minus26 (se 0)
    b.ue(0); // pic_init_qs_minus26 (se 0)
    b.ue(0); // chroma_qp_index_offset (se 0)
    b.bit(false); // deblocking_filter_control_present_flag
    b.bit(false); // constrained_intra_pred_flag
    b.bit(false); // redundant_pic_cnt_present_flag
    b.trailing()
}

/// mb_type of an I_PCM macroblock in an I slice.
const I_PCM: u32 = 25;
/// slice_type 7: I, and every slice of the picture is I.
const SLICE_I_ALL: u32 = 7;

fn idr_slice_rbsp(mbs_w: u32, mbs_h: u32, index: usize, p: &Picture) -> Vec<u8> {
    let mut b = Bits::default();
    b.ue(0); // first_mb_in_slice
    b.ue(SLICE_I_ALL);
    b.ue(0); // pic_parameter_set_id
    b.u(4, 0); // frame_num (IDR: 0)
    b.ue((index % 2) as u32); // idr_pic_id differs between neighbouring IDR pictures
    b.bit(false); // no_output_of_prior_pics_flag
    b.bit(false); // long_term_reference_flag
    b.ue(0); // slice_qp_delta (se 0)
    let cw = p.width / 2;
    for my in 0..mbs_h as usize {
        for mx in 0..mbs_w as usize {
            b.ue(I_PCM);
            b.align_zero();
            for row in 0..16 {
                let at = (my * 16 + row) * p.width + mx * 16;
                b.bytes.extend_from_slice(&p.y[at..at + 16]);
            }
            for plane in [&p.cb, &p.cr] {
                for row in 0..8 {
                    let at = (my * 8 + row) * cw + mx * 8;
                    b.bytes.extend_from_slice(&plane[at..at + 8]);
                }
            }
        }
    }
    b.trailing()
}

/// A NAL unit: its header byte and the payload with emulation prevention (no `00 00 0x`
/// with x ≤ 3 inside).
fn nal(header: u8, rbsp: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rbsp.len() + 8);
    out.push(header);
    let mut zeros = 0;
    for &byte in rbsp {
        if zeros >= 2 && byte <= 3 {
            out.push(3);
            zeros = 0;
        }
        out.push(byte);
        zeros = if byte == 0 { zeros + 1 } else { 0 };
    }
    out
}

// ---------------------------------------------------------------------------------------
// MP4 (ISO/IEC 14496-12 and -15): ftyp, moov (one video track), mdat; moov first so the
// browser can start playing before the whole file has arrived.

fn u32_be(v: usize) -> [u8; 4] {
    u32::try_from(v).unwrap_or(u32::MAX).to_be_bytes()
}

fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 8);
    out.extend_from_slice(&u32_be(body.len() + 8));
    out.extend_from_slice(kind);
    out.extend_from_slice(body);
    out
}

fn full_box(kind: &[u8; 4], version_flags: u32, body: &[u8]) -> Vec<u8> {
    let mut b = version_flags.to_be_bytes().to_vec();
    b.extend_from_slice(body);
    boxed(kind, &b)
}

const MATRIX: [u32; 9] = [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000];

fn mp4(width: u32, height: u32, fps: u32, sps: &[u8], pps: &[u8], samples: &[Vec<u8>]) -> Vec<u8> {
    let timescale = fps * 1000;
    let delta = 1000u32;
    let count = u32::try_from(samples.len()).unwrap_or(u32::MAX);
    let duration = count * delta;
    let ftyp = boxed(b"ftyp", b"isom\0\0\x02\0isomiso2avc1mp41");
    let moov_for = |offset: u32| -> Vec<u8> {
        let mut mvhd = Vec::new();
        for v in [0, 0, timescale, duration, 0x0001_0000] {
            mvhd.extend_from_slice(&v.to_be_bytes());
        }
        mvhd.extend_from_slice(&0x0100u16.to_be_bytes());
        mvhd.extend_from_slice(&[0; 10]);
        for m in MATRIX {
            mvhd.extend_from_slice(&m.to_be_bytes());
        }
        mvhd.extend_from_slice(&[0; 24]);
        mvhd.extend_from_slice(&2u32.to_be_bytes());
        let mvhd = full_box(b"mvhd", 0, &mvhd);

        let mut tkhd = Vec::new();
        for v in [0, 0, 1, 0, duration, 0, 0] {
            tkhd.extend_from_slice(&u32::to_be_bytes(v));
        }
        tkhd.extend_from_slice(&[0; 8]); // layer, alternate_group, volume, reserved
        for m in MATRIX {
            tkhd.extend_from_slice(&m.to_be_bytes());
        }
        tkhd.extend_from_slice(&(width << 16).to_be_bytes());
        tkhd.extend_from_slice(&(height << 16).to_be_bytes());
        let tkhd = full_box(b"tkhd", 3, &tkhd);

        let mut mdhd = Vec::new();
        for v in [0, 0, timescale, duration] {
            mdhd.extend_from_slice(&u32::to_be_bytes(v));
        }
        mdhd.extend_from_slice(&0x55C4u16.to_be_bytes()); // "und"
        mdhd.extend_from_slice(&[0, 0]);
        let mdhd = full_box(b"mdhd", 0, &mdhd);
        let hdlr = full_box(
            b"hdlr",
            0,
            b"\0\0\0\0vide\0\0\0\0\0\0\0\0\0\0\0\0Shopdeck video\0",
        );

        let vmhd = full_box(b"vmhd", 1, &[0; 8]);
        let url = full_box(b"url ", 1, &[]);
        let mut dref = 1u32.to_be_bytes().to_vec();
        dref.extend_from_slice(&url);
        let dinf = boxed(b"dinf", &full_box(b"dref", 0, &dref));

        let mut avcc = vec![1, PROFILE_BASELINE, CONSTRAINTS, LEVEL_3_0, 0xFF, 0xE1];
        avcc.extend_from_slice(&u16::try_from(sps.len()).unwrap_or(0).to_be_bytes());
        avcc.extend_from_slice(sps);
        avcc.push(1);
        avcc.extend_from_slice(&u16::try_from(pps.len()).unwrap_or(0).to_be_bytes());
        avcc.extend_from_slice(pps);
        let avcc = boxed(b"avcC", &avcc);
        let mut avc1 = vec![0u8; 6];
        avc1.extend_from_slice(&1u16.to_be_bytes()); // data_reference_index
        avc1.extend_from_slice(&[0; 16]);
        avc1.extend_from_slice(&u16::try_from(width).unwrap_or(0).to_be_bytes());
        avc1.extend_from_slice(&u16::try_from(height).unwrap_or(0).to_be_bytes());
        avc1.extend_from_slice(&0x0048_0000u32.to_be_bytes());
        avc1.extend_from_slice(&0x0048_0000u32.to_be_bytes());
        avc1.extend_from_slice(&[0; 4]);
        avc1.extend_from_slice(&1u16.to_be_bytes()); // frame_count
        avc1.extend_from_slice(&[0; 32]); // compressorname
        avc1.extend_from_slice(&0x0018u16.to_be_bytes());
        avc1.extend_from_slice(&0xFFFFu16.to_be_bytes());
        avc1.extend_from_slice(&avcc);
        let mut stsd = 1u32.to_be_bytes().to_vec();
        stsd.extend_from_slice(&boxed(b"avc1", &avc1));
        let stsd = full_box(b"stsd", 0, &stsd);

        let mut stts = 1u32.to_be_bytes().to_vec();
        stts.extend_from_slice(&count.to_be_bytes());
        stts.extend_from_slice(&delta.to_be_bytes());
        let stts = full_box(b"stts", 0, &stts);
        let mut stsc = 1u32.to_be_bytes().to_vec();
        for v in [1, count, 1] {
            stsc.extend_from_slice(&u32::to_be_bytes(v));
        }
        let stsc = full_box(b"stsc", 0, &stsc);
        let mut stsz = 0u32.to_be_bytes().to_vec();
        stsz.extend_from_slice(&count.to_be_bytes());
        for s in samples {
            stsz.extend_from_slice(&u32_be(s.len()));
        }
        let stsz = full_box(b"stsz", 0, &stsz);
        let mut stco = 1u32.to_be_bytes().to_vec();
        stco.extend_from_slice(&offset.to_be_bytes());
        let stco = full_box(b"stco", 0, &stco);
        let stbl = boxed(b"stbl", &[stsd, stts, stsc, stsz, stco].concat());
        let minf = boxed(b"minf", &[vmhd, dinf, stbl].concat());
        let mdia = boxed(b"mdia", &[mdhd, hdlr, minf].concat());
        let trak = boxed(b"trak", &[tkhd, mdia].concat());
        boxed(b"moov", &[mvhd, trak].concat())
    };
    let moov_len = moov_for(0).len();
    let offset = u32::try_from(ftyp.len() + moov_len + 8).unwrap_or(0);
    let moov = moov_for(offset);
    let payload: usize = samples.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(ftyp.len() + moov.len() + payload + 8);
    out.extend_from_slice(&ftyp);
    out.extend_from_slice(&moov);
    out.extend_from_slice(&u32_be(payload + 8));
    out.extend_from_slice(b"mdat");
    for s in samples {
        out.extend_from_slice(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_golomb_codes_read_back() {
        let mut b = Bits::default();
        b.ue(0);
        b.ue(1);
        b.ue(25);
        // 1 | 010 | 000011010 → 1010 0000 1101 0(1 trailing) …
        assert_eq!(b.trailing(), vec![0b1010_0000, 0b1101_0100]);
    }

    #[test]
    fn the_clip_is_an_mp4_whose_boxes_add_up() {
        let clip = sample_clip(120, 72, 4, 1, 3);
        assert_eq!(&clip[4..8], b"ftyp");
        let ftyp = u32::from_be_bytes(clip[0..4].try_into().unwrap()) as usize;
        assert_eq!(&clip[ftyp + 4..ftyp + 8], b"moov");
        let moov = u32::from_be_bytes(clip[ftyp..ftyp + 4].try_into().unwrap()) as usize;
        let mdat_at = ftyp + moov;
        assert_eq!(&clip[mdat_at + 4..mdat_at + 8], b"mdat");
        let mdat = u32::from_be_bytes(clip[mdat_at..mdat_at + 4].try_into().unwrap()) as usize;
        assert_eq!(mdat_at + mdat, clip.len(), "nothing after mdat");
        // 4 frames of 8×5 macroblocks, each at least its samples.
        assert!(mdat > 4 * 40 * 384);
        // The first sample starts with its length and an IDR NAL header.
        let first = &clip[mdat_at + 8..];
        let len = u32::from_be_bytes(first[0..4].try_into().unwrap()) as usize;
        assert_eq!(first[4], 0x65);
        // The second sample follows right after.
        assert_eq!(first[4 + len + 4], 0x65);
    }

    #[test]
    fn emulation_prevention_breaks_start_code_patterns() {
        assert_eq!(
            nal(0x65, &[0, 0, 1, 0, 0, 0]),
            vec![0x65, 0, 0, 3, 1, 0, 0, 3, 0]
        );
    }
}

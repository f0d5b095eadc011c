//! Pictures: every raster image a record uses (logos, news images, brand files) is published
//! in a few widths, in WebP and in its own format, besides the original file.
//!
//! What is decided here, without reading pixels: the widths a picture gets ([`widths`]),
//! the files they go to ([`variant_output`]), the `srcset` that names them ([`srcset`]) and
//! the dimensions read from a file's header ([`dimensions`], at the content edge). Making a
//! file ([`Cache::variant`]) decodes, resizes and encodes it once: the result is kept in the
//! cache folder (`<root>/.showcase-cache/images/` unless `image_cache` in site.toml says
//! otherwise) under a hash of the source's bytes, the width, the format and the encoder
//! settings, so a rebuild with unchanged pictures resizes none.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

/// The widths pictures are published in (CSS pixels at 1x up to a 640 px column at 2x).
pub const WIDTHS: [u32; 4] = [320, 640, 960, 1280];

/// The widest a news image is shown (the article column, CSS pixels); a narrower one is
/// warned about (W008).
pub const NEWS_IMAGE_WIDTH: u32 = 720;
/// The height of a card's logo box (CSS pixels); a raster logo should be twice as high for
/// high-density screens (W008).
pub const LOGO_HEIGHT: u32 = 56;

/// The largest raster picture that is decoded (to resize it, or inside an SVG): at most this
/// many pixels a side and [`MAX_PICTURE_PIXELS`] in all; a larger one is refused (E026), so
/// that a small file that unpacks to gigabytes (a decompression bomb) is never decoded.
pub const MAX_PICTURE_SIDE: u32 = 16_384;
/// The most pixels a decoded raster picture may have (64 megapixels, 256 MB as RGBA).
pub const MAX_PICTURE_PIXELS: u64 = 64_000_000;

/// Whether a picture of `w`×`h` pixels is small enough to decode.
pub fn decodable((w, h): (u32, u32)) -> bool {
    w <= MAX_PICTURE_SIDE && h <= MAX_PICTURE_SIDE && w as u64 * h as u64 <= MAX_PICTURE_PIXELS
}

/// The encoder settings; part of every cache key, so changing them makes new files.
pub const ENCODER: &str = "v2 webp-lossy-q80-m1 jpeg-q82 png-fast gif-default catmull-rom-fir";
const WEBP_QUALITY: f32 = 80.0;
/// libwebp's effort, 0 (fastest) to 6 (default 4): encoding is most of a picture's cost
/// (on a 1600x900 photo, 47 ms for its four WebP widths at 1 against 32 ms to resize them).
const WEBP_METHOD: i32 = 1;
const JPEG_QUALITY: u8 = 82;

/// The formats published variants are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Png,
    Jpeg,
    Gif,
    Webp,
}

impl Format {
    /// The raster format of a file extension that is resized (`avif` is published as it is).
    pub fn of_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "png" => Some(Format::Png),
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "gif" => Some(Format::Gif),
            "webp" => Some(Format::Webp),
            _ => None,
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Gif => "gif",
            Format::Webp => "webp",
        }
    }
}

/// The widths a picture `original` pixels wide is published in: those of [`WIDTHS`] below
/// it, and its own width when that is not above the largest (never upscaled).
pub fn widths(original: u32) -> Vec<u32> {
    let mut out: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < original).collect();
    if original <= WIDTHS[WIDTHS.len() - 1] && original > 0 {
        out.push(original);
    }
    out
}

/// The height of a picture `w`×`h` scaled to `width` (at least 1).
pub fn scaled_height((w, h): (u32, u32), width: u32) -> u32 {
    ((h as u64 * width as u64 + w as u64 / 2) / w.max(1) as u64).max(1) as u32
}

/// Where the variant `width`/`format` of the file published at `output` goes:
/// `news/launch/photo.png` → `news/launch/photo-640w.webp`. The original format at the
/// original width is the original file itself.
pub fn variant_output(output: &str, width: u32, format: Format) -> String {
    let (dir, name) = match output.rsplit_once('/') {
        Some((d, n)) => (format!("{d}/"), n),
        None => (String::new(), output),
    };
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    format!("{dir}{stem}-{width}w.{}", format.extension())
}

/// A raster picture as published: its original file, dimensions and variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture<'a> {
    /// The original file, relative to the site root.
    pub output: &'a str,
    pub format: Format,
    pub size: (u32, u32),
}

impl<'a> Picture<'a> {
    pub fn new(output: &'a str, size: Option<(u32, u32)>) -> Option<Self> {
        let ext = output.rsplit_once('.')?.1;
        let format = Format::of_extension(ext)?;
        let size = size.filter(|(w, h)| *w > 0 && *h > 0)?;
        Some(Picture {
            output,
            format,
            size,
        })
    }
    /// The formats it is published in: its own, and WebP.
    pub fn formats(&self) -> Vec<Format> {
        if self.format == Format::Webp {
            vec![Format::Webp]
        } else {
            vec![self.format, Format::Webp]
        }
    }
    /// Whether `width`/`format` is the original file rather than a made variant.
    fn is_original(&self, width: u32, format: Format) -> bool {
        width == self.size.0 && format == self.format
    }
    /// The site path of `width`/`format`.
    pub fn path(&self, width: u32, format: Format) -> String {
        if self.is_original(width, format) {
            self.output.to_string()
        } else {
            variant_output(self.output, width, format)
        }
    }
    /// The files to make: (path, width, format), the original file not included.
    pub fn variants(&self) -> Vec<(String, u32, Format)> {
        let mut out = Vec::new();
        for format in self.formats() {
            for w in widths(self.size.0) {
                if !self.is_original(w, format) {
                    out.push((variant_output(self.output, w, format), w, format));
                }
            }
        }
        out
    }
    /// `srcset` of `format`: `/news/x/photo-320w.webp 320w, /news/x/photo-640w.webp 640w`.
    pub fn srcset(&self, format: Format) -> String {
        srcset(&self.widths_paths(format))
    }
    fn widths_paths(&self, format: Format) -> Vec<(String, u32)> {
        widths(self.size.0)
            .into_iter()
            .map(|w| (self.path(w, format), w))
            .collect()
    }
    /// The fallback `src`: the original format in the smallest width at least `display`
    /// pixels wide (or the widest there is).
    pub fn src(&self, display: u32) -> String {
        let ws = widths(self.size.0);
        let w = ws
            .iter()
            .copied()
            .find(|w| *w >= display)
            .or(ws.last().copied())
            .unwrap_or(self.size.0);
        format!("/{}", self.path(w, self.format))
    }
}

/// A `srcset` value from (site path, width) pairs.
pub fn srcset(paths: &[(String, u32)]) -> String {
    paths
        .iter()
        .map(|(p, w)| format!("/{p} {w}w"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Width and height of a raster file, from its header (the pixels are not read).
pub fn dimensions(path: &Path) -> Option<(u32, u32)> {
    image::ImageReader::open(path)
        .ok()?
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

/// Width and height of raster bytes, from their header (the pixels are not read).
pub fn dimensions_of(bytes: &[u8]) -> Option<(u32, u32)> {
    image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

/// The cache key of one variant: the source's bytes (hashed), width, format and encoder.
pub fn cache_key(source: &blake3::Hash, width: u32, format: Format) -> String {
    let mut h = blake3::Hasher::new();
    h.update(b"showcase-image\0");
    h.update(source.as_bytes());
    h.update(&width.to_le_bytes());
    h.update(format.extension().as_bytes());
    h.update(ENCODER.as_bytes());
    h.finalize().to_hex().to_string()
}

/// The pixels of `source`, if it is within [`MAX_PICTURE_SIDE`] and [`MAX_PICTURE_PIXELS`]
/// (`check` refuses larger pictures; this holds whatever the file became since).
fn decode(source: &[u8]) -> Result<image::DynamicImage, String> {
    let size = dimensions_of(source).ok_or("cannot read the picture's size")?;
    if !decodable(size) {
        return Err(format!(
            "the picture is {}×{} px, over {MAX_PICTURE_SIDE} px a side or {} megapixels",
            size.0,
            size.1,
            MAX_PICTURE_PIXELS / 1_000_000
        ));
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_PICTURE_SIDE);
    limits.max_image_height = Some(MAX_PICTURE_SIDE);
    let mut reader = image::ImageReader::new(Cursor::new(source))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    reader.limits(limits);
    reader.decode().map_err(|e| e.to_string())
}

/// `img` scaled to `width` (SIMD convolution, Catmull-Rom: `image`'s own resize took most
/// of a cold build's picture time), in 8-bit RGB or RGBA.
fn resize_image(img: &image::DynamicImage, width: u32) -> Result<image::DynamicImage, String> {
    use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
    let img = match img {
        image::DynamicImage::ImageRgb8(_) | image::DynamicImage::ImageRgba8(_) => img.clone(),
        other if other.color().has_alpha() => other.to_rgba8().into(),
        other => other.to_rgb8().into(),
    };
    if width == img.width() {
        return Ok(img);
    }
    let height = scaled_height((img.width(), img.height()), width);
    let mut out = image::DynamicImage::new(width, height, img.color());
    Resizer::new()
        .resize(
            &img,
            &mut out,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom)),
        )
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// `img` (8-bit RGB or RGBA, from [`resize_image`]) encoded as `format`.
fn encode(img: &image::DynamicImage, format: Format) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let (w, h) = (img.width(), img.height());
    // An opaque picture is written without an alpha channel (smaller, and faster to encode).
    let opaque = match img {
        image::DynamicImage::ImageRgba8(rgba) => rgba.pixels().all(|p| p.0[3] == 255),
        _ => true,
    };
    let rgb;
    let (pixels, colour) = if opaque && img.color().has_alpha() {
        rgb = img.to_rgb8();
        (rgb.as_raw().as_slice(), image::ExtendedColorType::Rgb8)
    } else {
        (img.as_bytes(), img.color().into())
    };
    let mut out = Vec::new();
    match format {
        Format::Webp => {
            // Lossy (libwebp): `image`'s own WebP encoder is lossless only, which makes
            // photos several times larger than JPEG.
            let encoder = if colour == image::ExtendedColorType::Rgb8 {
                webp::Encoder::from_rgb(pixels, w, h)
            } else {
                webp::Encoder::from_rgba(pixels, w, h)
            };
            let mut config = webp::WebPConfig::new().map_err(|_| "libwebp config")?;
            config.quality = WEBP_QUALITY;
            config.method = WEBP_METHOD;
            let mem = encoder
                .encode_advanced(&config)
                .map_err(|e| format!("WebP: {e:?}"))?;
            out.extend_from_slice(&mem);
        }
        Format::Jpeg => {
            let rgb = match colour {
                image::ExtendedColorType::Rgb8 => None,
                _ => Some(img.to_rgb8()),
            };
            let pixels = rgb.as_ref().map_or(pixels, |r| r.as_raw().as_slice());
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .write_image(pixels, w, h, image::ExtendedColorType::Rgb8)
                .map_err(|e| e.to_string())?;
        }
        Format::Png => {
            image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Fast,
                image::codecs::png::FilterType::Adaptive,
            )
            .write_image(pixels, w, h, colour)
            .map_err(|e| e.to_string())?;
        }
        Format::Gif => {
            let rgba = img.to_rgba8();
            image::codecs::gif::GifEncoder::new(&mut out)
                .encode(&rgba, w, h, image::ExtendedColorType::Rgba8)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

/// Resized pictures kept on disk by content hash, with counts of what a run made and found.
pub struct Cache {
    dir: PathBuf,
    resized: AtomicUsize,
    cached: AtomicUsize,
    /// Sources decoded for variants still to make, each decoded once for all its widths and
    /// formats and let go when the last of them is made.
    decoded: Mutex<HashMap<PathBuf, Arc<Decoded>>>,
}

/// A source scaled to one width, made by the first variant of that width that needs it.
type Scaled = OnceLock<Result<image::DynamicImage, String>>;

#[derive(Default)]
struct Decoded {
    image: OnceLock<Result<Arc<image::DynamicImage>, String>>,
    /// The source scaled to each width, shared by the formats of that width.
    scaled: Mutex<HashMap<u32, Arc<Scaled>>>,
    /// Variants of the source still to make.
    left: AtomicUsize,
}

type Stamp = (PathBuf, u64, Option<SystemTime>);

/// The hash of each source file's bytes by path, size and modification time, so that a
/// `serve` round or a rebuild in the same process reads an unchanged picture no more.
fn source_hashes() -> &'static Mutex<HashMap<Stamp, blake3::Hash>> {
    static HASHES: OnceLock<Mutex<HashMap<Stamp, blake3::Hash>>> = OnceLock::new();
    HASHES.get_or_init(Default::default)
}

impl Cache {
    pub fn new(dir: PathBuf) -> Self {
        Cache {
            dir,
            resized: AtomicUsize::new(0),
            cached: AtomicUsize::new(0),
            decoded: Mutex::new(HashMap::new()),
        }
    }
    /// How many variants this run resized, and how many it found in the cache.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.resized.load(Ordering::Relaxed),
            self.cached.load(Ordering::Relaxed),
        )
    }
    /// The cached file of `source` at `width` in `format`, made now if it is not there.
    pub fn variant(&self, source: &Path, width: u32, format: Format) -> Result<PathBuf, String> {
        let meta = source.metadata().map_err(|e| e.to_string())?;
        let stamp = (source.to_path_buf(), meta.len(), meta.modified().ok());
        let known = source_hashes()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&stamp)
            .copied();
        let mut bytes = None;
        let hash = match known {
            Some(h) => h,
            None => {
                let b = std::fs::read(source).map_err(|e| e.to_string())?;
                let h = blake3::hash(&b);
                source_hashes()
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(stamp, h);
                bytes = Some(b);
                h
            }
        };
        let key = cache_key(&hash, width, format);
        let path = self.dir.join(format!("{key}.{}", format.extension()));
        if path.is_file() {
            self.cached.fetch_add(1, Ordering::Relaxed);
            return Ok(path);
        }
        let entry = self
            .decoded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(source.to_path_buf())
            .or_default()
            .clone();
        let img = entry.image.get_or_init(|| {
            let bytes = match bytes {
                Some(b) => b,
                None => std::fs::read(source).map_err(|e| e.to_string())?,
            };
            let img = decode(&bytes)?;
            let uses = Picture::new(&source.to_string_lossy(), Some((img.width(), img.height())))
                .map_or(0, |p| p.variants().len());
            entry.left.store(uses, Ordering::SeqCst);
            Ok(Arc::new(img))
        });
        let made = img.clone().and_then(|img| {
            let slot = entry
                .scaled
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .entry(width)
                .or_default()
                .clone();
            match slot.get_or_init(|| resize_image(&img, width)) {
                Ok(scaled) => encode(scaled, format),
                Err(e) => Err(e.clone()),
            }
        });
        if entry.left.fetch_sub(1, Ordering::SeqCst) <= 1 {
            self.decoded
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(source);
        }
        let made = made?;
        std::fs::create_dir_all(&self.dir).map_err(|e| e.to_string())?;
        // Written beside, then renamed: a parallel run never sees half a file.
        let tmp = self.dir.join(format!(
            "{key}.{}.{:?}.tmp",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::write(&tmp, &made).map_err(|e| e.to_string())?;
        std::fs::rename(&tmp, &path).map_err(|e| e.to_string())?;
        self.resized.fetch_add(1, Ordering::Relaxed);
        Ok(path)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The start of a PNG whose header claims `w`×`h` pixels (a decompression bomb's).
    pub(crate) fn png_claiming(w: u32, h: u32) -> Vec<u8> {
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = !0u32;
            for b in bytes {
                crc ^= *b as u32;
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
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend(w.to_be_bytes());
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([8, 6, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(13u32.to_be_bytes());
        png.extend(&ihdr);
        png.extend(crc32(&ihdr).to_be_bytes());
        for chunk in [&b"IDAT"[..], b"IEND"] {
            png.extend(0u32.to_be_bytes());
            png.extend(chunk);
            png.extend(crc32(chunk).to_be_bytes());
        }
        png
    }

    #[test]
    fn a_decompression_bomb_is_not_decoded() {
        let bomb = png_claiming(100_000, 100_000);
        assert_eq!(dimensions_of(&bomb), Some((100_000, 100_000)));
        assert!(!decodable((100_000, 100_000)) && decodable((8000, 8000)));
        assert!(!decodable((20_000, 10)));
        let e = decode(&bomb).unwrap_err();
        assert_eq!(
            e,
            "the picture is 100000×100000 px, over 16384 px a side or 64 megapixels"
        );
    }

    #[test]
    fn widths_never_upscale_and_keep_a_smaller_original() {
        assert_eq!(widths(5758), [320, 640, 960, 1280]);
        assert_eq!(widths(1280), [320, 640, 960, 1280]);
        assert_eq!(widths(1000), [320, 640, 960, 1000]);
        assert_eq!(widths(640), [320, 640]);
        assert_eq!(widths(200), [200]);
        assert!(widths(0).is_empty());
    }

    #[test]
    fn variants_and_srcset() {
        let p = Picture::new("news/launch/photo.png", Some((700, 350))).unwrap();
        assert_eq!(p.formats(), [Format::Png, Format::Webp]);
        assert_eq!(
            p.srcset(Format::Webp),
            "/news/launch/photo-320w.webp 320w, /news/launch/photo-640w.webp 640w, /news/launch/photo-700w.webp 700w"
        );
        // The original width in the original format is the original file.
        assert_eq!(
            p.srcset(Format::Png),
            "/news/launch/photo-320w.png 320w, /news/launch/photo-640w.png 640w, /news/launch/photo.png 700w"
        );
        let made: Vec<String> = p.variants().into_iter().map(|v| v.0).collect();
        assert_eq!(made.len(), 5);
        assert!(!made.contains(&"news/launch/photo.png".to_string()));
        assert_eq!(p.src(400), "/news/launch/photo-640w.png");
        assert_eq!(p.src(2000), "/news/launch/photo.png");
        assert_eq!(scaled_height((700, 350), 320), 160);
        // SVG and unknown sizes are not pictures to resize.
        assert!(Picture::new("clusters/x/logo.svg", Some((10, 10))).is_none());
        assert!(Picture::new("clusters/x/logo.png", None).is_none());
        let w = Picture::new("a.webp", Some((2000, 100))).unwrap();
        assert_eq!(w.formats(), [Format::Webp]);
        assert_eq!(w.variants().len(), 4);
    }

    #[test]
    fn cache_key_follows_bytes_width_and_format() {
        let a = blake3::hash(b"one");
        let b = blake3::hash(b"two");
        let k = cache_key(&a, 320, Format::Webp);
        assert_eq!(k, cache_key(&a, 320, Format::Webp));
        assert_ne!(k, cache_key(&b, 320, Format::Webp));
        assert_ne!(k, cache_key(&a, 640, Format::Webp));
        assert_ne!(k, cache_key(&a, 320, Format::Png));
    }

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]));
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn dimensions_are_read_and_variants_resized_once() {
        let dir = std::env::temp_dir().join(format!("showcase-images-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let src = dir.join("p.png");
        std::fs::write(&src, png(700, 350)).unwrap();
        assert_eq!(dimensions(&src), Some((700, 350)));

        let cache = Cache::new(dir.join("cache"));
        for format in [Format::Webp, Format::Png, Format::Jpeg] {
            let made = cache.variant(&src, 320, format).unwrap();
            let img = image::load_from_memory(&std::fs::read(&made).unwrap()).unwrap();
            assert_eq!((img.width(), img.height()), (320, 160), "{format:?}");
        }
        assert_eq!(cache.counts(), (3, 0));
        let again = Cache::new(dir.join("cache"));
        again.variant(&src, 320, Format::Webp).unwrap();
        assert_eq!(again.counts(), (0, 1));

        // Every variant of a picture: decoded once, let go after the last.
        let all = Cache::new(dir.join("cache-all"));
        let picture = Picture::new("p.png", Some((700, 350))).unwrap();
        for (_, w, format) in picture.variants() {
            all.variant(&src, w, format).unwrap();
        }
        assert_eq!(all.counts(), (5, 0));
        assert!(all.decoded.lock().unwrap().is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}

//! Asset paths in records (`logo`, `image`, `files`, `variants.path`): the rules a file a
//! record ships must meet (a plain path inside the record's folder, a published type, within
//! the size limit, an SVG the sanitiser accepts, a picture small enough to decode), checked
//! against what the content edge (`content::assets`) found on disk. Nothing here reads a
//! file.

use super::checks::ALLOWED_ASSET_TYPES;
use super::fields::RecordCx;
use crate::content::assets::{AssetFile, is_plain_relative};
use crate::diag::Diagnostic;
use crate::images;
use crate::model::Asset;
use crate::source::{SourceFile, slash_path};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use toml::Spanned;

impl RecordCx<'_, '_> {
    /// A file the record ships, resolved inside its folder; copied to `<kind>/<slug>/<path>`.
    pub(super) fn asset(&mut self, path: &Spanned<String>, field: &str) -> Option<Asset> {
        let p = path.get_ref().trim();
        let span = path.span();
        let rel = Path::new(p);
        if !is_plain_relative(p) {
            self.error(
                "E017",
                format!("`{field}` path `{p}` must stay inside the record's folder"),
                span,
            )
            .hint = Some("use a path relative to the record, without `..` or a leading `/`".into());
            return None;
        }
        if !self.rec.own_folder && rel.components().count() > 1 {
            self.error(
                "E017",
                format!("`{field}` path `{p}` must name a file beside the record"),
                span,
            )
            .hint = Some(
                "or make the record a folder (`slug/index.md`) and put its files inside".into(),
            );
            return None;
        }
        let ext = rel
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !ALLOWED_ASSET_TYPES.contains(&ext.as_str()) {
            self.error(
                "E017",
                format!("`{field}`: files of type `.{ext}` are not published"),
                span,
            )
            .hint = Some(format!("allowed: {}", ALLOWED_ASSET_TYPES.join(", ")));
            return None;
        }
        // What is on disk there was found by the content edge (`content::assets`).
        let file = match self.rec.assets.get(p) {
            Some(AssetFile::File(f)) => f,
            Some(AssetFile::Outside) => {
                self.error(
                    "E017",
                    format!("`{field}` `{p}` leads outside the record's folder; it is not read"),
                    span,
                );
                return None;
            }
            Some(AssetFile::Missing) | None => {
                let joined = self.rec.dir.join(rel);
                self.error(
                    "E017",
                    format!("`{field}` names a file that does not exist: `{p}`"),
                    span,
                )
                .hint = Some(format!(
                    "expected it at {}",
                    slash_path(joined.strip_prefix(self.ctx.root).unwrap_or(&joined))
                ));
                return None;
            }
            Some(AssetFile::NotAFile) => {
                self.error(
                    "E017",
                    format!("`{field}` `{p}` is not a file inside the site"),
                    span,
                );
                return None;
            }
        };
        let bytes = file.bytes;
        if bytes > self.ctx.config.max_file_size {
            self.error(
                "E017",
                format!(
                    "`{field}` `{p}` is {} bytes, over the limit of {} bytes",
                    bytes, self.ctx.config.max_file_size
                ),
                span,
            )
            .hint = Some("compress the file, or raise `max_file_size` in site.toml".into());
            return None;
        }
        if ext == "svg" {
            match file.svg.as_deref() {
                Some(Ok(_)) => {}
                Some(Err(refused)) => {
                    // At the place in the SVG itself: its line and column.
                    let joined = self.rec.dir.join(rel);
                    let shown = slash_path(joined.strip_prefix(self.ctx.root).unwrap_or(&joined));
                    let svg = SourceFile::new(shown, joined, refused.text.to_string());
                    let d = Diagnostic::error(
                        refused.code,
                        format!("`{field}` SVG `{p}` {}", refused.message),
                    )
                    .in_file(Arc::new(svg), refused.span.clone())
                    .hint(refused.hint.clone());
                    self.diags.push(d);
                    return None;
                }
                None => {
                    self.error("E017", format!("`{field}` SVG `{p}` cannot be read"), span);
                    return None;
                }
            }
        }
        if let Some(size) = file.dimensions
            && images::Format::of_extension(&ext).is_some()
            && !images::decodable(size)
        {
            self.error(
                "E026",
                format!(
                    "`{field}` `{p}` is {}×{} px, too large to decode: at most {} px a side and \
                     {} megapixels",
                    size.0,
                    size.1,
                    images::MAX_PICTURE_SIDE,
                    images::MAX_PICTURE_PIXELS / 1_000_000
                ),
                span,
            )
            .hint = Some("export the picture smaller (2560 px wide is plenty for a page)".into());
            return None;
        }
        let source = file.source.clone();
        let output = format!(
            "{}/{}/{}",
            self.rec.kind.folder(),
            self.rec.slug,
            slash_path(rel)
        );
        let asset = Asset {
            source,
            output,
            bytes,
            dimensions: file.dimensions,
        };
        self.picture_checks(&asset, p, field, span);
        Some(asset)
    }

    /// Warnings about a raster picture: too heavy (`max_image_size`), or smaller than it is
    /// shown (a news image narrower than the article column, a logo lower than twice the
    /// height of a card's logo box).
    fn picture_checks(&mut self, asset: &Asset, p: &str, field: &str, span: Range<usize>) {
        let Some(picture) = asset.picture() else {
            return;
        };
        let limit = self.ctx.config.max_image_size;
        if asset.bytes > limit {
            let d = Diagnostic::warning(
                "W007",
                format!(
                    "`{field}` `{p}` is {} KB, over the {} KB a picture should weigh",
                    asset.bytes.div_ceil(1024),
                    limit / 1024
                ),
            )
            .at(self.loc(span.clone()))
            .hint(
                "export it smaller (a photo as JPEG or WebP, at most 2560 px wide), or raise \
                 `max_image_size` in site.toml",
            );
            self.diags.push(d);
        }
        let (w, h) = picture.size;
        let small = match field {
            "image" if w < images::NEWS_IMAGE_WIDTH => Some(format!(
                "is {w} px wide, narrower than the {} px it is shown at",
                images::NEWS_IMAGE_WIDTH
            )),
            "logo" if h < 2 * images::LOGO_HEIGHT => Some(format!(
                "is {h} px high, lower than {} px (twice the {} px it is shown at)",
                2 * images::LOGO_HEIGHT,
                images::LOGO_HEIGHT
            )),
            _ => None,
        };
        if let Some(what) = small {
            let d = Diagnostic::warning("W008", format!("`{field}` `{p}` {what}"))
                .at(self.loc(span))
                .hint("it will look blurred; use a larger original, or an SVG for a logo");
            self.diags.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::assemble::testing::*;
    use crate::content::assets::AssetFile;

    const NEWS: &str = "content/news/launch.md";
    const BASE: &str = "title = \"Launch\"\nsummary = \"A launch.\"\npublished = 2026-01-05\n";

    fn news(fields: &str) -> String {
        format!("+++\n{fields}+++\nBody.\n")
    }

    /// What `image = "{path}"` reports when the disk holds `found` there.
    fn image(path: &str, found: Option<AssetFile>) -> Vec<Seen> {
        let text = news(&format!(
            "{BASE}image = \"{path}\"\nimage_alt = \"A photo\"\n"
        ));
        let mut s = site(&[(NEWS, &text)]);
        if let Some(f) = found {
            s = s.asset(NEWS, path, f);
        }
        s.check()
    }

    #[test]
    fn asset_paths_stay_inside_the_record_folder() {
        let inside = "`image` path `../x.jpg` must stay inside the record's folder";
        assert_eq!(brief(&image("../x.jpg", None)), [("E017", inside, 5, 9)]);
        let beside = "`image` path `img/x.jpg` must name a file beside the record";
        assert_eq!(brief(&image("img/x.jpg", None)), [("E017", beside, 5, 9)]);
        let outside = "`image` `x.jpg` leads outside the record's folder; it is not read";
        assert_eq!(
            brief(&image("x.jpg", Some(AssetFile::Outside))),
            [("E017", outside, 5, 9)]
        );
        let not_file = "`image` `x.jpg` is not a file inside the site";
        assert_eq!(
            brief(&image("x.jpg", Some(AssetFile::NotAFile))),
            [("E017", not_file, 5, 9)]
        );
    }

    #[test]
    fn asset_files_must_exist_be_published_types_and_small() {
        let seen = image("x.jpg", Some(AssetFile::Missing));
        let missing = "`image` names a file that does not exist: `x.jpg`";
        assert_eq!(brief(&seen), [("E017", missing, 5, 9)]);
        assert_eq!(
            seen[0].hint.as_deref(),
            Some("expected it at content/news/x.jpg")
        );
        let exe = "`image`: files of type `.exe` are not published";
        assert_eq!(brief(&image("x.exe", None)), [("E017", exe, 5, 9)]);
        let huge = image("x.jpg", Some(file("content/news/x.jpg", 1 << 40, None)));
        assert_eq!((huge[0].code, huge[0].line, huge[0].col), ("E017", 5, 9));
        assert!(
            huge[0]
                .message
                .starts_with("`image` `x.jpg` is 1099511627776 bytes, over the limit of ")
        );
        assert!(image("x.jpg", Some(file("content/news/x.jpg", 10, None))).is_empty());
    }

    #[test]
    fn an_svg_with_a_script_is_refused_at_its_line_and_column() {
        let svg = Some(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect onload=\"alert(1)\"/>\n</svg>",
        );
        let seen = image("x.svg", Some(file("content/news/x.svg", 10, svg)));
        let msg = "`image` SVG `x.svg` has the event-handler attribute `onload`";
        let s = only(&seen, "content/news/x.svg");
        assert_eq!(
            (s.code, s.message.as_str(), s.line, s.col),
            ("E019", msg, 2, 9)
        );
        let costly = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">\n\
             <filter id=\"f\"><feMorphology radius=\"40\"/></filter>\n{}</svg>",
            "<rect width=\"9\" height=\"9\" filter=\"url(#f)\"/>\n".repeat(3)
        );
        let seen = image("x.svg", Some(file("content/news/x.svg", 10, Some(&costly))));
        let s = only(&seen, "content/news/x.svg");
        assert_eq!((s.code, s.line, s.col), ("E026", 2, 1), "{s:#?}");
        assert!(
            s.message
                .starts_with("`image` SVG `x.svg` is too costly to draw: ")
        );
    }

    #[test]
    fn a_picture_too_large_to_decode_is_refused() {
        let bomb = image(
            "x.png",
            Some(picture("content/news/x.png", 60 * 1024, 50_000, 50_000)),
        );
        let msg = "`image` `x.png` is 50000×50000 px, too large to decode: at most 16384 px a \
                   side and 64 megapixels";
        assert_eq!(brief(&bomb), [("E026", msg, 5, 9)]);
    }

    #[test]
    fn a_heavy_picture_is_warned_about() {
        let heavy = image(
            "x.jpg",
            Some(picture("content/news/x.jpg", 983 * 1024, 1280, 5758)),
        );
        let msg = "`image` `x.jpg` is 983 KB, over the 500 KB a picture should weigh";
        assert_eq!(brief(&heavy), [("W007", msg, 5, 9)]);
        let light = image(
            "x.jpg",
            Some(picture("content/news/x.jpg", 90 * 1024, 1280, 720)),
        );
        assert!(light.is_empty(), "{light:#?}");
        // An SVG is not resized, so neither weighed nor measured.
        let svg = image(
            "x.svg",
            Some(file("content/news/x.svg", 900 * 1024, Some("<svg/>"))),
        );
        assert!(svg.is_empty(), "{svg:#?}");
    }

    #[test]
    fn a_picture_smaller_than_it_is_shown_is_warned_about() {
        let narrow = image("x.png", Some(picture("content/news/x.png", 1000, 400, 300)));
        let msg = "`image` `x.png` is 400 px wide, narrower than the 720 px it is shown at";
        assert_eq!(brief(&narrow), [("W008", msg, 5, 9)]);
        let path = "content/clusters/oceanlab.toml";
        let text = format!("logo = \"logo.png\"\nlogo_alt = \"Ocean Lab logo\"\n{CLUSTER}");
        let low = |h: u32| {
            site(&[(path, &text)])
                .asset(
                    path,
                    "logo.png",
                    picture("content/clusters/logo.png", 1000, 800, h),
                )
                .check()
        };
        let msg =
            "`logo` `logo.png` is 60 px high, lower than 112 px (twice the 56 px it is shown at)";
        assert_eq!(brief(&low(60)), [("W008", msg, 1, 8)]);
        assert!(low(112).is_empty());
    }

    #[test]
    fn a_record_folder_may_hold_assets_in_subfolders() {
        let path = "content/news/launch/index.md";
        let text = news(&format!(
            "{BASE}image = \"img/x.jpg\"\nimage_alt = \"A photo\"\n"
        ));
        let (site, seen) = site(&[(path, &text)])
            .asset(
                path,
                "img/x.jpg",
                file("content/news/launch/img/x.jpg", 10, None),
            )
            .assemble();
        assert!(seen.is_empty(), "{seen:#?}");
        let image = site.unwrap().news[0].image.clone().unwrap();
        assert_eq!(image.output, "news/launch/img/x.jpg");
    }
}

//! The brand page: logos, colours, typefaces and other brand assets with their downloads.

use super::document::human_size;
use crate::model::*;
use crate::render::PageCx;
use crate::render::frame::{PageContent, View};
use crate::render::lang::*;
use serde::Serialize;

#[derive(Serialize)]
pub struct VariantView {
    pub url: String,
    /// The preview's picture (the download link keeps `url`, the original).
    pub pic: Pic,
    pub format: String,
    pub colourway: Colourway,
    pub colourway_label: String,
    pub min_width_px: Option<u32>,
    pub size: String,
    pub is_image: bool,
}

#[derive(Serialize)]
pub struct ColourView {
    pub name: String,
    pub hex: String,
    pub text_on: String,
    pub contrast: String,
}

#[derive(Serialize)]
pub struct BrandAssetView {
    pub slug: String,
    pub anchor: String,
    pub name: LText,
    pub kind: BrandKind,
    pub kind_label: String,
    pub primary: bool,
    pub alt: LText,
    pub variants: Vec<VariantView>,
    pub colours: Vec<ColourView>,
    pub usage: Option<LHtml>,
}

pub fn brand_view(l: &Lang, b: &BrandAsset) -> BrandAssetView {
    use crate::colour;
    BrandAssetView {
        slug: b.slug.clone(),
        anchor: b.slug.clone(),
        name: l.text(&b.name),
        kind: b.kind,
        kind_label: l.label("kind_brand_", b.kind.as_str()),
        primary: b.primary,
        alt: b
            .alt
            .as_ref()
            .map(|t| l.text(t))
            .unwrap_or_else(|| l.text(&b.name)),
        variants: b
            .variants
            .iter()
            .map(|v| VariantView {
                url: l.href(&v.asset.url()),
                pic: Pic::of(l.base(), &v.asset, Shown::Height(128, 320)),
                format: v.format.clone(),
                colourway: v.colourway,
                colourway_label: l.label("colourway_", v.colourway.as_str()),
                min_width_px: v.min_width_px,
                size: human_size(v.asset.bytes),
                is_image: matches!(
                    v.asset.extension().as_str(),
                    "svg" | "png" | "jpg" | "jpeg" | "webp" | "gif" | "avif"
                ),
            })
            .collect(),
        colours: b
            .colours
            .iter()
            .map(|c| {
                let rgb = colour::parse_hex(&c.hex).unwrap_or(colour::WHITE);
                let on = colour::text_on(rgb);
                ColourView {
                    name: c.name.clone(),
                    hex: c.hex.clone(),
                    text_on: colour::to_hex(on),
                    // The text colour's contrast on the fill, as the language writes "4.5".
                    contrast: crate::cldr::decimal(l.tag, colour::contrast(rgb, on), 1),
                }
            })
            .collect(),
        usage: b.usage.as_ref().map(|u| l.html(u)),
    }
}

/// The press kit as the brand page offers it.
#[derive(Serialize)]
pub struct PressKitView {
    pub url: String,
    /// Size of the brand files it holds (the zip is a little smaller).
    pub size: String,
}

/// The brand page.
pub struct BrandView {
    pub assets: Vec<BrandAssetView>,
    pub press_kit: PressKitView,
}

pub fn page(cx: &PageCx) -> PageContent {
    let brand = cx.read.all_brand();
    let total: u64 = brand
        .iter()
        .flat_map(|b| b.variants.iter())
        .map(|v| v.asset.bytes)
        .sum();
    let view = BrandView {
        assets: brand.iter().map(|b| brand_view(cx.l, b)).collect(),
        press_kit: PressKitView {
            url: cx.l.href(&crate::plan::url_of(crate::presskit::PATH)),
            size: human_size(total),
        },
    };
    PageContent {
        description: cx.t("brand_description"),
        ..PageContent::new("brand.html", "brand", cx.t("nav_brand"), View::Brand(view))
    }
}

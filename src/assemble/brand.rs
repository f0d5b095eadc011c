//! Brand records (`content/brand/`): logos, palettes and typefaces of the press kit.
//! Converts a [`RawBrandAsset`] into a [`BrandAsset`] with its file variants and colours.

use super::fields::RecordCx;
use crate::content::raw::RawBrandAsset;
use crate::model::*;
use toml::Spanned;

pub(super) fn convert_brand(cx: &mut RecordCx, r: RawBrandAsset) -> Option<BrandAsset> {
    let name = cx.text(r.name, "name", true);
    let kind = cx
        .required(r.kind, "kind")
        .map(|k| cx.choice::<BrandKind>(Some(k), "kind"));
    let alt = cx.text(r.alt, "alt", false);
    let usage = cx.text(r.usage.or(r.body), "usage", false);
    let mut variants = Vec::new();
    let mut seen_paths = std::collections::HashSet::new();
    for v in r.variants.map(Spanned::into_inner).unwrap_or_default() {
        let v = v.into_inner();
        if !seen_paths.insert(v.path.get_ref().trim().to_string()) {
            cx.error(
                "E003",
                format!(
                    "`{}` is listed twice in `variants`: each variant is a file of its own",
                    v.path.get_ref()
                ),
                v.path.span(),
            );
            continue;
        }
        let Some(asset) = cx.asset(&v.path, "variants.path") else {
            continue;
        };
        let colourway = cx.choice(
            v.colourway.map(|c| Spanned::new(v.path.span(), c)),
            "colourway",
        );
        variants.push(Variant {
            format: v
                .format
                .unwrap_or_else(|| asset.extension())
                .to_ascii_uppercase(),
            asset,
            colourway,
            min_width_px: v.min_width_px,
        });
    }
    if kind.is_some_and(BrandKind::is_image) && !variants.is_empty() && alt.is_none() {
        cx.error("E016", "a brand image needs `alt` text", 0..0)
            .hint = Some("add `alt` describing the image, e.g. \"Norlandia Clusters logo\"".into());
    }
    let mut colours = Vec::new();
    for c in r.colours.map(Spanned::into_inner).unwrap_or_default() {
        let c = c.into_inner();
        match crate::colour::parse_hex(c.hex.get_ref()) {
            Some(rgb) => colours.push(Colour {
                name: c.name,
                hex: crate::colour::to_hex(rgb),
            }),
            None => {
                cx.error(
                    "E003",
                    format!("`{}` is not a hex colour like #0b5d7a", c.hex.get_ref()),
                    c.hex.span(),
                );
            }
        }
    }
    Some(BrandAsset {
        slug: cx.rec.slug.clone(),
        name: name?,
        kind: kind?,
        variants,
        alt,
        colours,
        usage,
        primary: r.primary.map(Spanned::into_inner).unwrap_or(false),
    })
}

#[cfg(test)]
mod tests {
    use crate::assemble::testing::*;
    use crate::model::{BrandKind, Colourway};

    const LOGO: &str = "content/brand/logo.toml";

    #[test]
    fn a_logo_with_files_needs_alt_text() {
        let text = "name = \"Logo\"\nkind = \"logo\"\n[[variants]]\npath = \"logo.svg\"\ncolourway = \"negative\"\n";
        let seen = site(&[(LOGO, text)])
            .asset(
                LOGO,
                "logo.svg",
                file("content/brand/logo.svg", 10, Some("<svg/>")),
            )
            .check();
        assert_eq!(
            brief(&seen),
            [("E016", "a brand image needs `alt` text", 1, 1)]
        );
        let text = text.replace("kind = \"logo\"", "kind = \"palette\"");
        let (site, seen) = site(&[(LOGO, &text)])
            .asset(
                LOGO,
                "logo.svg",
                file("content/brand/logo.svg", 10, Some("<svg/>")),
            )
            .assemble();
        assert!(seen.is_empty(), "{seen:#?}");
        let b = &site.unwrap().brand[0];
        assert_eq!(
            (b.kind, b.variants[0].colourway),
            (BrandKind::Palette, Colourway::Negative)
        );
        assert_eq!(b.variants[0].format, "SVG");
    }

    #[test]
    fn kind_is_required_and_colours_are_hex() {
        let text = "name = \"Palette\"\n[[colours]]\nname = \"Sea\"\nhex = \"blue\"\n";
        let seen = site(&[(LOGO, text)]).check();
        assert_eq!(
            brief(&seen),
            [
                ("E004", "missing required field `kind`", 1, 1),
                ("E003", "`blue` is not a hex colour like #0b5d7a", 4, 7),
            ]
        );
    }
}

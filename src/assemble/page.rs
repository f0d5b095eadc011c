//! Free pages (`content/pages/`): converts a [`RawPage`] into a [`Page`]; its slug must not
//! take a URL the site uses for its own pages.

use super::fields::RecordCx;
use crate::content::raw::RawPage;
use crate::model::*;
use toml::Spanned;

pub(super) fn convert_page(cx: &mut RecordCx, r: RawPage) -> Option<Page> {
    if crate::routes::RESERVED.contains(&cx.rec.slug.as_str())
        || cx.ctx.config.has_language(&cx.rec.slug)
    {
        let slug = cx.rec.slug.clone();
        cx.error(
            "E008",
            format!("page slug `{slug}` is reserved for the site's own pages"),
            0..0,
        )
        .hint = Some("rename the page file".into());
        return None;
    }
    let title = cx.text(r.title, "title", true);
    let body = cx.text(r.body, "body", true);
    let description = cx.text(r.description, "description", false);
    Some(Page {
        slug: cx.rec.slug.clone(),
        title: title?,
        body: body?,
        description,
        weight: r.weight.map(Spanned::into_inner),
        origin: cx.origin(),
    })
}

#[cfg(test)]
mod tests {
    use crate::assemble::testing::*;

    #[test]
    fn a_page_cannot_take_a_reserved_slug_or_a_language() {
        for slug in ["clusters", "de"] {
            let path = format!("content/pages/{slug}.md");
            let seen = site(&[(&path, "+++\ntitle = \"X\"\n+++\nText.\n")]).check();
            let d = only(&seen, &path);
            let msg = format!("page slug `{slug}` is reserved for the site's own pages");
            assert_eq!(brief(&seen), [("E008", msg.as_str(), 1, 1)]);
            assert_eq!(d.hint.as_deref(), Some("rename the page file"));
        }
    }

    #[test]
    fn a_page_needs_a_body() {
        let seen = site(&[("content/pages/about.md", "+++\ntitle = \"About\"\n+++\n")]).check();
        assert_eq!(
            brief(&seen),
            [("E004", "missing required field `body`", 1, 1)]
        );
    }
}

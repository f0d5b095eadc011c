//! Atom feeds (RFC 4287) of news and success stories, one per language.

use super::pieces::{Piece, Pieces};
use super::xml_escape;
use crate::markdown;
use crate::model::{Kind, News, Site};
use crate::render::lang::Lang;
use crate::routes;

/// Feed entries: the most recent first.
pub const MAX_ENTRIES: usize = 50;

/// A `tag:` URI that stays the same however often the site is rebuilt or moved between paths.
pub fn entry_id(site: &Site, n: &News, lang: &str) -> String {
    let suffix = if lang == "en" {
        String::new()
    } else {
        format!("/{lang}")
    };
    format!(
        "tag:{},{}:news/{}{suffix}",
        site.host(),
        n.published,
        n.slug
    )
}

pub fn feed(site: &Site, l: &Lang, pieces: &Pieces) -> Vec<u8> {
    let lang = l.tag;
    let mut news: Vec<(usize, &News)> = site.news.iter().enumerate().collect();
    news.sort_by(|(_, a), (_, b)| b.published.cmp(&a.published).then(a.slug.cmp(&b.slug)));
    news.truncate(MAX_ENTRIES);
    let updated = news
        .iter()
        .map(|(_, n)| n.updated.unwrap_or(n.published))
        .max()
        .unwrap_or(site.build_date);
    let subtitle = site
        .config
        .description
        .as_ref()
        .map(|d| d.resolve(lang).text);
    let mut s = head(
        site,
        lang,
        &format!("feed/{lang}"),
        &routes::atom(lang),
        &routes::news_list(lang),
        updated,
        subtitle,
    );
    let at = site.config.languages.iter().position(|x| x == lang);
    for (i, n) in news {
        s.push_str(
            &pieces.get(Kind::News, i, Piece::AtomEntry, at.unwrap_or(0), || {
                entry(site, n, l)
            }),
        );
    }
    s.push_str("</feed>\n");
    s.into_bytes()
}

/// The feed element's opening and the feed's metadata: its `tag:` id (`feed/en`), its own
/// and its HTML page's URLs, when it last changed.
fn head(
    site: &Site,
    lang: &str,
    id: &str,
    self_url: &str,
    html_url: &str,
    updated: chrono::NaiveDate,
    subtitle: Option<&str>,
) -> String {
    let title = site.config.title.resolve(lang);
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    s.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n"
    ));
    s.push_str(&format!("<title>{}</title>\n", xml_escape(title.text)));
    if let Some(d) = subtitle {
        s.push_str(&format!("<subtitle>{}</subtitle>\n", xml_escape(d)));
    }
    s.push_str(&format!("<id>tag:{},2000:{id}</id>\n", site.host()));
    s.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&site.config.permalink(self_url))
    ));
    s.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&site.config.permalink(html_url))
    ));
    s.push_str(&format!("<updated>{updated}T00:00:00Z</updated>\n"));
    s.push_str(&format!(
        "<author><name>{}</name></author>\n",
        xml_escape(title.text)
    ));
    s.push_str("<generator uri=\"https://github.com/showcase-ssg\">showcase</generator>\n");
    s
}

/// One news item as an Atom entry in `lang`.
fn entry(site: &Site, n: &News, l: &Lang) -> String {
    let lang = l.tag;
    let mut s = String::new();
    let t = n.title.resolve(lang);
    let summary = n.summary.resolve(lang);
    s.push_str(&format!("<entry xml:lang=\"{}\">\n", t.lang));
    s.push_str(&format!("<title>{}</title>\n", xml_escape(t.text)));
    s.push_str(&format!("<id>{}</id>\n", entry_id(site, n, lang)));
    s.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&site.config.permalink(&routes::news(lang, &n.slug)))
    ));
    s.push_str(&format!(
        "<published>{}T00:00:00Z</published>\n",
        n.published
    ));
    s.push_str(&format!(
        "<updated>{}T00:00:00Z</updated>\n",
        n.updated.unwrap_or(n.published)
    ));
    for a in &n.authors {
        s.push_str(&format!(
            "<author><name>{}</name></author>\n",
            xml_escape(a)
        ));
    }
    s.push_str(&category(
        n.kind.as_str(),
        &l.label("kind_news_", n.kind.as_str()),
    ));
    s.push_str(&format!(
        "<summary xml:lang=\"{}\">{}</summary>\n",
        summary.lang,
        xml_escape(summary.text)
    ));
    if let Some(b) = &n.body {
        let r = b.resolve(lang);
        s.push_str(&format!(
            "<content type=\"html\" xml:lang=\"{}\">{}</content>\n",
            r.lang,
            xml_escape(&markdown::to_html(
                r.text,
                lang,
                routes::base_path(&site.config.base_url),
            ))
        ));
    }
    s.push_str("</entry>\n");
    s
}

/// The Atom feed of open calls in `lang`, closing soonest first.
pub fn calls_feed(site: &Site, l: &Lang) -> Vec<u8> {
    let lang = l.tag;
    use crate::model::Call;
    let today = site.build_date;
    let (mut open, _) = crate::model::current_calls(&site.calls, today);
    open.truncate(MAX_ENTRIES);
    // A call's date for the feed: when it was last changed, or opened.
    let changed = |c: &Call| {
        c.updated
            .or(c.opens.map(|o| c.zone.to_local(o).0.date()))
            .unwrap_or(today)
    };
    let updated = open.iter().map(|c| changed(c)).max().unwrap_or(today);
    let mut s = head(
        site,
        lang,
        &format!("calls/{lang}"),
        &routes::calls_atom(lang),
        &routes::calls(lang),
        updated,
        None,
    );
    for c in open {
        let t = c.title.resolve(lang);
        let summary = c.summary.resolve(lang);
        let suffix = if lang == "en" {
            String::new()
        } else {
            format!("/{lang}")
        };
        s.push_str(&format!("<entry xml:lang=\"{}\">\n", t.lang));
        s.push_str(&format!("<title>{}</title>\n", xml_escape(t.text)));
        s.push_str(&format!(
            "<id>tag:{},2000:calls/{}{suffix}</id>\n",
            site.host(),
            c.slug
        ));
        s.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&site.config.permalink(&routes::call(lang, &c.slug)))
        ));
        s.push_str(&format!("<updated>{}T00:00:00Z</updated>\n", changed(c)));
        s.push_str(&format!(
            "<author><name>{}</name></author>\n",
            xml_escape(&c.funder)
        ));
        s.push_str(&category(
            c.kind.as_str(),
            &l.label("kind_call_", c.kind.as_str()),
        ));
        s.push_str(&format!(
            "<summary xml:lang=\"{}\">{}</summary>\n",
            summary.lang,
            xml_escape(summary.text)
        ));
        s.push_str("</entry>\n");
    }
    s.push_str("</feed>\n");
    s.into_bytes()
}

/// An entry's category: its kind as a term for programs, and as a label in the feed's
/// language for the people reading it (RFC 4287 4.2.2).
fn category(term: &str, label: &str) -> String {
    format!(
        "<category term=\"{}\" label=\"{}\"/>\n",
        xml_escape(term),
        xml_escape(label)
    )
}

//! Checks of single values that need no context: URLs, email addresses, phone numbers and
//! asset types (an SVG's content is checked by `crate::svg`). Pure functions, shared by the
//! field conversions.

pub const ALLOWED_ASSET_TYPES: [&str; 21] = [
    "svg", "png", "jpg", "jpeg", "webp", "gif", "avif", "pdf", "docx", "xlsx", "pptx", "odt",
    "ods", "odp", "txt", "csv", "zip", "eps", "ai", "otf", "woff2",
];

/// An absolute http(s) URL that can be written into any attribute, header or feed as it
/// is: a host with a dot (or `localhost`, with or without a port), and no whitespace, control
/// character or character that URLs must percent-encode (quotes, angle brackets, backslash...).
pub fn is_absolute_http_url(u: &str) -> bool {
    let u = u.trim();
    let Some(rest) = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
    else {
        return false;
    };
    let host_port = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (host, port_ok) = match host_port.rsplit_once(':') {
        Some((h, port)) => (
            h,
            !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()),
        ),
        None => (host_port, true),
    };
    let host_ok = host == "localhost"
        || (host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with("..")
            && !host.contains('@'));
    let chars_ok = !u.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
    });
    host_ok && port_ok && chars_ok
}

pub fn is_valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.contains(char::is_whitespace)
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

pub fn is_valid_phone(p: &str) -> bool {
    let digits = p.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits)
        && p.chars()
            .all(|c| c.is_ascii_digit() || " +-()./".contains(c))
        && p.chars().skip(1).all(|c| c != '+')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_emails_phones() {
        assert!(is_absolute_http_url("https://oceanlab.example.no/"));
        assert!(!is_absolute_http_url("www.example.org"));
        assert!(!is_absolute_http_url("javascript:alert(1)"));
        // `localhost` once let anything through (operator precedence): quotes, spaces, CRLF.
        assert!(is_absolute_http_url("http://localhost:1111/x"));
        assert!(is_absolute_http_url("http://localhost/"));
        for bad in [
            "http://localhost/\"><script>",
            "http://localhost/a b",
            "http://localhost/\r\nBEGIN:VEVENT",
            "http://localhostevil/",
            "https://example.org/\u{7f}",
            "https://example.org/<x>",
            "https://user@example.org/",
            "https://.example.org/",
            "https://example.org:x/",
        ] {
            assert!(!is_absolute_http_url(bad), "{bad:?} accepted");
        }
        assert!(is_valid_email("post@oceanlab.no"));
        assert!(!is_valid_email("post@oceanlab"));
        assert!(!is_valid_email("post oceanlab.no"));
        assert!(is_valid_phone("+47 55 12 34 56"));
        assert!(!is_valid_phone("call us"));
        assert!(!is_valid_phone("12"));
    }
}

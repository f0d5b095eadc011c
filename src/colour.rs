//! Colours from the programme's palette, made readable: the theme never trusts a brand
//! colour to reach WCAG contrast on its own, it darkens or lightens it until it does.

pub type Rgb = (u8, u8, u8);

pub fn parse_hex(s: &str) -> Option<Rgb> {
    let h = s.trim().strip_prefix('#')?;
    let full = match h.len() {
        3 => h.chars().flat_map(|c| [c, c]).collect::<String>(),
        6 => h.to_string(),
        _ => return None,
    };
    let v = u32::from_str_radix(&full, 16).ok()?;
    Some(((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

pub fn to_hex((r, g, b): Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn channel(c: u8) -> f64 {
    let c = c as f64 / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG relative luminance.
pub fn luminance((r, g, b): Rgb) -> f64 {
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

pub const WHITE: Rgb = (255, 255, 255);
pub const INK: Rgb = (17, 24, 39);

/// The text colour (white or near-black) that reads best on `bg`.
pub fn text_on(bg: Rgb) -> Rgb {
    if contrast(WHITE, bg) >= contrast(INK, bg) {
        WHITE
    } else {
        INK
    }
}

/// Move `fg` towards black (or white) until it reaches `min` contrast against `bg`.
pub fn readable_on(fg: Rgb, bg: Rgb, min: f64) -> Rgb {
    if contrast(fg, bg) >= min {
        return fg;
    }
    let towards = if luminance(bg) > 0.5 {
        (0u8, 0u8, 0u8)
    } else {
        WHITE
    };
    let mix = |t: f64| {
        let m = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
        (m(fg.0, towards.0), m(fg.1, towards.1), m(fg.2, towards.2))
    };
    (1..=20)
        .map(|i| mix(i as f64 / 20.0))
        .find(|c| contrast(*c, bg) >= min)
        .unwrap_or(towards)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_of_black_on_white_is_21() {
        assert!((contrast((0, 0, 0), WHITE) - 21.0).abs() < 0.01);
    }

    #[test]
    fn poor_brand_colours_are_made_readable() {
        let pale_yellow = parse_hex("#ffe66d").unwrap();
        let fixed = readable_on(pale_yellow, WHITE, 4.5);
        assert!(contrast(fixed, WHITE) >= 4.5);
        assert_eq!(text_on(pale_yellow), INK);
        assert_eq!(text_on(parse_hex("#0b3d5c").unwrap()), WHITE);
    }
}

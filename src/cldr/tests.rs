//! Whole outputs, as visitors read them, for the languages the theme ships and a few that
//! test the edges (scripts, numbering systems, grouping rules, the southern hemisphere).

use super::*;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::{America, Asia, Australia, Europe};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0)
        .single()
        .expect("an instant")
}

#[test]
fn tags_resolve_along_cldr_parents() {
    for (tag, id) in [
        ("en", "en-GB"),
        ("EN", "en-GB"),
        ("en-US", "en"),
        ("en-GB", "en-GB"),
        ("en-IE", "en-IE"),
        ("pt-BR", "pt"),
        ("pt-PT", "pt-PT"),
        ("de-AT", "de-AT"),
        ("de-DE", "de"),
        ("de_CH", "de-CH"),
        ("nn", "nn"),
        ("nb-NO", "nb"),
        ("no", "no"),
        ("nor", "no"),
        ("zh-TW", "zh-Hant"),
        ("zh", "zh-Hans"),
        ("sr", "sr-Cyrl"),
        ("sr-ME", "sr-Latn-ME"),
        ("sh", "sr-Latn"),
        ("iw", "he"),
        ("es-MX", "es-MX"),
        ("es-BO", "es-BO"),
        ("ca-ES-valencia", "ca-ES-valencia"),
        ("fr-x-private", "fr"),
        ("mt", "mt"),
        ("tlh", "en-GB"),
        ("", "en-GB"),
    ] {
        assert_eq!(locale(tag).id(), id, "{tag}");
    }
    assert_eq!(locale("es-MX").chain, ["es-MX", "es-419", "es"]);
    assert_eq!(locale("en").chain, ["en-GB", "en-001", "en"]);
    assert_eq!(locale("nb").chain, ["nb", "no"]);
}

#[test]
fn country_names_in_the_language() {
    for (tag, name) in [
        ("en", "Norway"),
        ("de", "Norwegen"),
        ("de-CH", "Norwegen"),
        ("fr", "Norvège"),
        ("nb", "Norge"),
        ("nn", "Noreg"),
        ("sv", "Norge"),
        ("fi", "Norja"),
        ("pl", "Norwegia"),
        ("is", "Noregur"),
        ("ar", "النرويج"),
        ("zh-TW", "挪威"),
        ("sr", "Норвешка"),
        ("sr-Latn", "Norveška"),
        ("mt", "in-Norveġja"),
        ("tlh", "Norway"),
    ] {
        assert_eq!(territory_name(tag, "NO"), name, "{tag}");
    }
    assert_eq!(territory_name("de", "GB"), "Vereinigtes Königreich");
    assert_eq!(territory_name("fr", "DE"), "Allemagne");
    assert_eq!(territory_name("en", "KR"), "South Korea");
    assert_eq!(territory_name("en", "BL"), "St Barthélemy");
    assert_eq!(territory_name("en-US", "BL"), "St. Barthélemy");
    // A name Danish writes as English does is not repeated in the data, yet it is Danish.
    assert_eq!(territory_name("da", "AD"), "Andorra");
    assert_eq!(territory_name("de", "QQ"), "QQ");
    let codes = territory_codes();
    assert!(codes.len() > 240, "{}", codes.len());
    assert!(codes.contains(&"NO") && codes.contains(&"XK"));
    assert!(!codes.contains(&"EU") && !codes.contains(&"001"));
    // Every ISO code the content may use has a name in English.
    for code in codes {
        assert_ne!(territory_name("en", code), code);
    }
}

/// 1 July 2026, July 2026 and 14:30 in each official EU language, Norwegian (both), Icelandic
/// and Arabic.
const DATES: &[(&str, &str, &str, &str)] = &[
    ("ar", "1 يوليو 2026", "يوليو 2026", "2:30 م"),
    ("bg", "1 юли 2026\u{202f}г.", "юли 2026\u{202f}г.", "14:30"),
    ("cs", "1. července 2026", "červenec 2026", "14:30"),
    ("da", "1. juli 2026", "juli 2026", "14.30"),
    ("de", "1. Juli 2026", "Juli 2026", "14:30"),
    ("el", "1 Ιουλίου 2026", "Ιούλιος 2026", "2:30\u{202f}μ.μ."),
    ("en", "1 July 2026", "July 2026", "14:30"),
    ("es", "1 de julio de 2026", "julio de 2026", "14:30"),
    ("et", "1. juuli 2026", "juuli 2026", "14:30"),
    ("fi", "1. heinäkuuta 2026", "heinäkuu 2026", "14.30"),
    ("fr", "1er juillet 2026", "juillet 2026", "14:30"),
    ("ga", "1 Iúil 2026", "Iúil 2026", "14:30"),
    ("hr", "1. srpnja 2026.", "srpanj 2026.", "14:30"),
    ("hu", "2026. július 1.", "2026. július", "14:30"),
    ("is", "1. júlí 2026", "júlí 2026", "14:30"),
    ("it", "1 luglio 2026", "luglio 2026", "14:30"),
    ("lt", "2026 m. liepos 1 d.", "2026 m. liepa", "14:30"),
    ("lv", "2026. gada 1. jūlijs", "2026. g. jūlijs", "14:30"),
    ("mt", "1 ta’ Lulju 2026", "Lulju 2026", "14:30"),
    ("nb", "1. juli 2026", "juli 2026", "14:30"),
    ("nl", "1 juli 2026", "juli 2026", "14:30"),
    ("nn", "1. juli 2026", "juli 2026", "14:30"),
    ("pl", "1 lipca 2026", "lipiec 2026", "14:30"),
    ("pt", "1 de julho de 2026", "julho de 2026", "14:30"),
    ("ro", "1 iulie 2026", "iulie 2026", "14:30"),
    ("sk", "1. júla 2026", "júl 2026", "14:30"),
    ("sl", "1. julij 2026", "julij 2026", "14:30"),
    ("sv", "1 juli 2026", "juli 2026", "14:30"),
];

#[test]
fn dates_months_and_times_in_each_language() {
    let afternoon = NaiveTime::from_hms_opt(14, 30, 0).expect("a time");
    for &(tag, date, month, clock) in DATES {
        assert_eq!(long_date(tag, day(2026, 7, 1)), date, "{tag}");
        assert_eq!(month_year(tag, 2026, 7), month, "{tag}");
        assert_eq!(time(tag, afternoon), clock, "{tag}");
    }
    assert_eq!(long_date("en-US", day(2026, 7, 1)), "July 1, 2026");
    assert_eq!(time("en-US", afternoon), "2:30\u{202f}PM");
    assert_eq!(time("en-US", NaiveTime::MIN), "12:00\u{202f}AM");
    assert_eq!(
        time("de", NaiveTime::from_hms_opt(9, 5, 0).expect("a time")),
        "09:05"
    );
    // Only the first of the month is an ordinal in French.
    assert_eq!(long_date("fr", day(2026, 7, 2)), "2 juillet 2026");
    assert_eq!(long_date("fr-CA", day(2026, 3, 1)), "1er mars 2026");
    assert_eq!(long_date("de", day(2026, 12, 31)), "31. Dezember 2026");
    // Scripts and numbering systems beyond Latin.
    assert_eq!(long_date("ja", day(2026, 7, 1)), "2026年7月1日");
    assert_eq!(long_date("bn", day(2026, 7, 1)), "১ জুলাই, ২০২৬");
    assert_eq!(
        long_date("eu", day(2026, 7, 1)),
        "2026(e)ko uztailaren 1(a)"
    );
    assert_eq!(time("zh-TW", afternoon), "下午2:30");
    assert_eq!(month_short("en", 7), "Jul");
    assert_eq!(month_short("en", 9), "Sept");
    assert_eq!(month_short("fr", 7), "juil.");
    assert_eq!(month_short("nb", 7), "jul");
    assert_eq!(
        date_time("en", "1 July 2026", "14:30"),
        "1 July 2026, 14:30"
    );
    assert_eq!(
        date_time("nn", "1. juli 2026", "14:30"),
        "1. juli 2026 kl. 14:30"
    );
    assert_eq!(
        date_time("fi", "1. heinäkuuta 2026", "14.30"),
        "1. heinäkuuta 2026 14.30"
    );
}

#[test]
fn every_language_the_theme_ships_has_its_dates_tested() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    for entry in std::fs::read_dir(dir).expect("the theme's i18n folder") {
        let path = entry.expect("an entry").path();
        let Some(tag) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        assert!(
            DATES.iter().any(|(t, ..)| *t == tag),
            "the theme speaks {tag}: add its date to DATES"
        );
        // Served by its own CLDR data, not English's.
        assert_eq!(locale(tag).language(), tag.split('-').next().unwrap_or(tag));
    }
}

#[test]
fn whole_numbers_group_as_the_language_does() {
    let cases: &[(&str, [&str; 5])] = &[
        ("en", ["0", "7", "1,234", "12,345", "1,234,567"]),
        ("de", ["0", "7", "1.234", "12.345", "1.234.567"]),
        // A narrow no-break space (U+202F) in French, a no-break space in Norwegian.
        (
            "fr",
            [
                "0",
                "7",
                "1\u{202f}234",
                "12\u{202f}345",
                "1\u{202f}234\u{202f}567",
            ],
        ),
        (
            "nb",
            ["0", "7", "1\u{a0}234", "12\u{a0}345", "1\u{a0}234\u{a0}567"],
        ),
        // minimumGroupingDigits 2: four digits stay together.
        ("es", ["0", "7", "1234", "12.345", "1.234.567"]),
        (
            "pl",
            ["0", "7", "1234", "12\u{a0}345", "1\u{a0}234\u{a0}567"],
        ),
        ("ar", ["0", "7", "1,234", "12,345", "1,234,567"]),
        // Groups of two after the first three.
        ("hi", ["0", "7", "1,234", "12,345", "12,34,567"]),
        ("bn", ["০", "৭", "১,২৩৪", "১২,৩৪৫", "১২,৩৪,৫৬৭"]),
        ("de-CH", ["0", "7", "1'234", "12'345", "1'234'567"]),
    ];
    for (tag, want) in cases {
        let got = [0, 7, 1234, 12345, 1_234_567].map(|n| integer(tag, n));
        assert_eq!(&got, want, "{tag}");
    }
    assert_eq!(integer("de", -1234), "-1.234");
    assert_eq!(integer("nb", -1234), "\u{2212}1\u{a0}234");
    assert_eq!(integer("en", u64::MAX), "18,446,744,073,709,551,615");
}

#[test]
fn decimals_and_percentages() {
    assert_eq!(decimal("en", 1234.5, 2), "1,234.5");
    assert_eq!(decimal("de", 1234.567, 2), "1.234,57");
    assert_eq!(decimal("fr", 0.25, 2), "0,25");
    assert_eq!(decimal("en", 2.0, 2), "2");
    assert_eq!(decimal("en", -0.001, 2), "0");
    assert_eq!(decimal("de", -1.5, 1), "-1,5");
    for (tag, want) in [
        ("en", "42%"),
        ("de", "42\u{a0}%"),
        // CLDR writes French shares with a no-break space (its groups take a narrow one).
        ("fr", "42\u{a0}%"),
        ("nb", "42\u{a0}%"),
        ("pl", "42%"),
        ("tr", "%42"),
        ("ar", "42\u{200e}%\u{200e}"),
    ] {
        assert_eq!(percent(tag, 42.0, 0), want, "{tag}");
    }
    assert_eq!(percent("de", 1000.0, 0), "1.000\u{a0}%");
    assert_eq!(percent("fr", 87.5, 1), "87,5\u{a0}%");
    assert_eq!(percent("en", 87.04, 1), "87%");
}

#[test]
fn zone_names_in_summer_and_winter() {
    let (summer, winter) = (at(2026, 7, 1), at(2026, 1, 15));
    for (tag, zone, july, january) in [
        (
            "de",
            Europe::Oslo,
            "Mitteleuropäische Sommerzeit",
            "Mitteleuropäische Normalzeit",
        ),
        (
            "fr",
            Europe::Paris,
            "heure d’été d’Europe centrale",
            "heure normale d’Europe centrale",
        ),
        (
            "nb",
            Europe::Oslo,
            "sentraleuropeisk sommertid",
            "sentraleuropeisk normaltid",
        ),
        (
            "en",
            Europe::Oslo,
            "Central European Summer Time",
            "Central European Standard Time",
        ),
        // A zone's own names: London's summer, Dublin's "standard" time in summer.
        (
            "en",
            Europe::London,
            "British Summer Time",
            "Greenwich Mean Time",
        ),
        (
            "en",
            Europe::Dublin,
            "Irish Standard Time",
            "Greenwich Mean Time",
        ),
        // chrono-tz's newer name for CLDR's Europe/Kiev.
        (
            "de",
            Europe::Kyiv,
            "Osteuropäische Sommerzeit",
            "Osteuropäische Normalzeit",
        ),
        // Summer in January in the south.
        (
            "en",
            Australia::Sydney,
            "Australian Eastern Standard Time",
            "Australian Eastern Daylight Time",
        ),
        (
            "en-US",
            America::New_York,
            "Eastern Daylight Time",
            "Eastern Standard Time",
        ),
        // No metazone name shipped: the language's GMT format.
        ("en", Asia::Kathmandu, "GMT+05:45", "GMT+05:45"),
        ("fr", Asia::Kathmandu, "UTC+05:45", "UTC+05:45"),
        (
            "de",
            chrono_tz::UTC,
            "Koordinierte Weltzeit",
            "Koordinierte Weltzeit",
        ),
    ] {
        assert_eq!(zone_name(tag, zone, summer), july, "{tag} {zone} in July");
        assert_eq!(
            zone_name(tag, zone, winter),
            january,
            "{tag} {zone} in January"
        );
    }
    assert_eq!(gmt_offset("en", 0), "GMT");
    assert_eq!(gmt_offset("fr", 0), "UTC");
    assert_eq!(gmt_offset("en", 7200), "GMT+02:00");
    assert_eq!(gmt_offset("fr", -(5 * 3600 + 1800)), "UTC\u{2212}05:30");
    assert_eq!(gmt_offset("fa", 7200), "\u{200e}+۰۲:۰۰ گرینویچ");
}

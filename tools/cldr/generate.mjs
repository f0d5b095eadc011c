#!/usr/bin/env node
// Writes src/cldr/data/*.tsv from the official CLDR JSON packages: what showcase needs to
// write country names, dates, times, numbers and time-zone names in a page's language.
//
//   node tools/cldr/generate.mjs              # installs the pinned packages into a temporary folder
//   CLDR_NODE_MODULES=/path/node_modules node tools/cldr/generate.mjs   # reuses an install
//
// Every locale that CLDR rates "modern" is written, so that any language a site declares
// finds its data. CLDR's JSON is resolved (de-AT repeats all of de), so each locale keeps
// only what differs from its parent: the Rust side walks the same parent chain.
// The output is sorted and has no timestamp: the same packages give the same bytes.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const VERSION = "48.2.0";
const PACKAGES = ["cldr-core", "cldr-bcp47", "cldr-dates-full", "cldr-localenames-full", "cldr-numbers-full"];
const COMMAND = "node tools/cldr/generate.mjs";
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "..", "src", "cldr", "data");

let modules = process.env.CLDR_NODE_MODULES;
let temp;
if (!modules) {
  temp = mkdtempSync(join(tmpdir(), "showcase-cldr-"));
  writeFileSync(join(temp, "package.json"), '{"private":true}');
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", ...PACKAGES.map((p) => `${p}@${VERSION}`)], {
    cwd: temp,
    stdio: ["ignore", "ignore", "inherit"],
  });
  modules = join(temp, "node_modules");
}
const json = (p) => JSON.parse(readFileSync(join(modules, p), "utf8"));
const installed = json("cldr-core/package.json").version;
if (installed !== VERSION) throw new Error(`cldr-core ${installed} installed, ${VERSION} expected`);

// Locales: CLDR's effective "modern" and "moderate" coverage, with their parents inside that
// set; and Maltese, an official EU language (the default theme speaks every one) that CLDR
// rates "basic" but names countries, months and zones in.
const EXTRA = ["mt"];
const coverage = json("cldr-core/coverageLevels.json").effectiveCoverageLevels;
const locales = Object.keys(coverage)
  .filter((l) => ["modern", "moderate"].includes(coverage[l]) || EXTRA.includes(l))
  .filter((l) => l !== "und" && l !== "root")
  .sort();
const inSet = new Set(locales);
const explicitParent = json("cldr-core/supplemental/parentLocales.json").supplemental.parentLocales.parentLocale;
function parentOf(l) {
  for (let p = l; ; ) {
    p = explicitParent[p] ?? (p.includes("-") ? p.slice(0, p.lastIndexOf("-")) : "root");
    if (p === "root" || p === "und") return "";
    if (inSet.has(p)) return p;
  }
}
const parent = Object.fromEntries(locales.map((l) => [l, parentOf(l)]));

// Time-zone names are the bulk of CLDR: all 160 metazones in every language would be about
// 1.4 MB. Kept: the metazones in use in Europe and the Atlantic (where the programmes are) and
// those of the cities that host the trade fairs and conferences clusters travel to; an event
// elsewhere reads as the language's GMT format ("GMT+05:45"), CLDR's own last fallback.
const HUBS = `America/New_York America/Chicago America/Denver America/Los_Angeles America/Anchorage
  America/Halifax America/Toronto America/Vancouver America/Sao_Paulo America/Mexico_City
  America/Bogota America/Buenos_Aires America/Santiago America/Lima America/Godthab Asia/Tokyo
  Asia/Seoul Asia/Shanghai Asia/Hong_Kong Asia/Taipei Asia/Singapore Asia/Calcutta Asia/Dubai
  Asia/Riyadh Asia/Jerusalem Asia/Bangkok Asia/Jakarta Asia/Kuala_Lumpur Asia/Manila Asia/Karachi
  Asia/Dhaka Asia/Saigon Asia/Almaty Asia/Tashkent Asia/Baku Asia/Tbilisi Asia/Yerevan Asia/Tehran
  Africa/Johannesburg Africa/Lagos Africa/Cairo Africa/Nairobi Africa/Algiers Australia/Sydney
  Australia/Perth Australia/Brisbane Australia/Adelaide Australia/Darwin Pacific/Auckland
  Pacific/Honolulu Atlantic/Reykjavik`.split(/\s+/);
const metazoneNow = {};
(function current(o, path) {
  for (const [k, v] of Object.entries(o)) {
    if (Array.isArray(v)) {
      const now = v.find(({ usesMetazone: u }) => !u._to);
      if (now) metazoneNow[`${path}${k}`] = now.usesMetazone._mzone;
    } else current(v, `${path}${k}/`);
  }
})(json("cldr-core/supplemental/metaZones.json").supplemental.metaZones.metazoneInfo.timezone, "");
const namedMetazones = new Set(
  Object.entries(metazoneNow)
    .filter(([zone]) => /^(Europe|Atlantic|Arctic)\//.test(zone) || HUBS.includes(zone))
    .map(([, mz]) => mz),
);
for (const h of HUBS) if (!metazoneNow[h]) throw new Error(`${h} is no CLDR zone with a metazone`);

// Per locale, a flat table of key -> value for each concern; `table[l]` is resolved data.
const tables = { territories: {}, dates: {}, numbers: {}, zones: {} };
const main = (pkg, l, file) => json(`${pkg}/main/${l}/${file}`).main[l];
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"]);
const joined = (o) => Array.from({ length: 12 }, (_, i) => o[String(i + 1)]).join("|");

for (const l of locales) {
  const t = {};
  for (const [code, name] of Object.entries(main("cldr-localenames-full", l, "territories.json").localeDisplayNames.territories)) {
    if (/^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.has(code)) t[code] = name;
  }
  tables.territories[l] = t;

  const g = main("cldr-dates-full", l, "ca-gregorian.json").dates.calendars.gregorian;
  const av = g.dateTimeFormats.availableFormats;
  tables.dates[l] = {
    long: av.yMMMMd ?? g.dateFormats.long,
    ym: av.yMMMM,
    time: g.timeFormats.short,
    datetime: g.dateTimeFormats.long,
    MMMM: joined(g.months.format.wide),
    LLLL: joined(g.months["stand-alone"].wide),
    MMM: joined(g.months.format.abbreviated),
    LLL: joined(g.months["stand-alone"].abbreviated),
    a: [g.dayPeriods.format.abbreviated.am, g.dayPeriods.format.abbreviated.pm].join("|"),
    G: g.eras.eraAbbr["1"],
  };

  const n = main("cldr-numbers-full", l, "numbers.json").numbers;
  const sys = n.defaultNumberingSystem;
  const sym = n[`symbols-numberSystem-${sys}`];
  const num = {
    decimal: sym.decimal,
    group: sym.group,
    minus: sym.minusSign,
    percentSign: sym.percentSign,
    minGroup: String(n.minimumGroupingDigits),
    pattern: n[`decimalFormats-numberSystem-${sys}`].standard,
    percent: n[`percentFormats-numberSystem-${sys}`].standard,
  };
  if (sys !== "latn") num.digits = json("cldr-core/supplemental/numberingSystems.json").supplemental.numberingSystems[sys]._digits;
  tables.numbers[l] = num;

  const z = main("cldr-dates-full", l, "timeZoneNames.json").dates.timeZoneNames;
  const zt = { gmt: z.gmtFormat, gmtZero: z.gmtZeroFormat, hour: z.hourFormat };
  const names = (prefix, long) => {
    // A zone without summer time has a standard name, or only a generic one.
    const standard = long?.standard ?? long?.generic;
    if (standard) zt[`${prefix}.s`] = standard;
    if (long?.daylight) zt[`${prefix}.d`] = long.daylight;
  };
  for (const [mz, v] of Object.entries(z.metazone ?? {})) if (namedMetazones.has(mz)) names(`mz.${mz}`, v.long);
  const walk = (o, path) => {
    for (const [k, v] of Object.entries(o)) {
      if (v && v._type === "zone") names(`z.${path}${k}`, v.long);
      else if (v && typeof v === "object" && !v._type) walk(v, `${path}${k}/`);
    }
  };
  walk(z.zone ?? {}, "");
  tables.zones[l] = zt;
}

// Only what differs from the parent, as the Rust side inherits along the same chain.
function resolved(table, l) {
  const chain = [];
  for (let p = l; p; p = parent[p]) chain.unshift(table[p]);
  return Object.assign({}, ...chain);
}
// `orEnglish`: a top-level locale also leaves out what it writes as English does ("Andorra"),
// since a name the language lacks is looked up in English.
function rows(table, orEnglish = false) {
  const lines = [];
  for (const l of locales) {
    const own = table[l];
    const inherited = parent[l] ? resolved(table, parent[l]) : orEnglish && l !== "en" ? table.en : {};
    for (const k of Object.keys(own).sort()) {
      if (own[k] !== undefined && own[k] !== inherited[k]) {
        const v = own[k];
        if (/[\t\n]/.test(v)) throw new Error(`${l} ${k}: a tab or newline in ${JSON.stringify(v)}`);
        lines.push(`${l}\t${k}\t${v}`);
      }
    }
  }
  return lines;
}

// Which pattern letters the Rust interpreter must know; fail here rather than print raw letters.
const KNOWN = /^(d{1,2}|M{1,4}|L{1,4}|y+|H{1,2}|h{1,2}|m{1,2}|a+|B+|G{1,3})$/;
for (const l of locales) {
  for (const k of ["long", "ym", "time"]) {
    const p = tables.dates[l][k].replace(/'[^']*'/g, "");
    for (const m of p.matchAll(/([A-Za-z])\1*/g)) {
      if (!KNOWN.test(m[0])) throw new Error(`${l} ${k}: pattern field ${m[0]} in ${tables.dates[l][k]} is not interpreted`);
    }
  }
}

// Language aliases (iw -> he, nor -> no, tl -> fil) whose replacement is served.
const served = (tag) => inSet.has(tag) || inSet.has(tag.split("-")[0]);
const aliasRows = Object.entries(json("cldr-core/supplemental/aliases.json").supplemental.metadata.alias.languageAlias)
  .filter(([from, v]) => /^[a-z]{2,3}$/.test(from) && served(v._replacement) && !inSet.has(from))
  .map(([from, v]) => `alias\t${from}\t${v._replacement}`);
// The script a language means when a tag names none (zh-TW -> Hant, sr -> Cyrl), for the
// languages served in more than one script.
const scripts = {};
for (const l of locales) {
  const [lang, script] = l.split("-");
  if (/^[A-Z][a-z]{3}$/.test(script ?? "")) (scripts[lang] ??= new Set()).add(script);
}
const likely = json("cldr-core/supplemental/likelySubtags.json").supplemental.likelySubtags;
const likelyRows = Object.entries(likely)
  .filter(([from]) => scripts[from.split("-")[0]] && /^[a-z]{2,3}(-[A-Z]{2}|-\d{3})?$/.test(from))
  .map(([from, to]) => [from, to.split("-")[1]])
  .filter(([from, script]) => scripts[from.split("-")[0]].has(script) || !from.includes("-"))
  .map(([from, script]) => `script\t${from}\t${script}`);
const localeRows = [...locales.map((l) => `locale\t${l}\t${parent[l]}`), ...aliasRows, ...likelyRows];

// Time zones: the metazone of each IANA zone since 2000 (events are not older), and the
// newer IANA names chrono-tz knows mapped to CLDR's canonical ones (Europe/Kyiv -> Europe/Kiev).
const mzRows = [];
const info = json("cldr-core/supplemental/metaZones.json").supplemental.metaZones.metazoneInfo.timezone;
const walkZones = (o, path) => {
  for (const [k, v] of Object.entries(o)) {
    if (Array.isArray(v)) {
      for (const { usesMetazone: u } of v) {
        if (u._to && u._to < "2000") continue;
        mzRows.push(`${path}${k}\t${u._mzone}\t${u._from ?? ""}\t${u._to ?? ""}`);
      }
    } else walkZones(v, `${path}${k}/`);
  }
};
walkZones(info, "");
for (const v of Object.values(json("cldr-bcp47/bcp47/timezone.json").keyword.u.tz)) {
  const [canonical, ...others] = (v._alias ?? "").split(" ");
  for (const o of others) if (o) mzRows.push(`${o}\t=${canonical}\t\t`);
}

const header = (what, columns) =>
  [
    `# ${what}`,
    `# CLDR ${VERSION} (Unicode CLDR JSON packages ${PACKAGES.join(", ")}), locales of modern and moderate coverage, and ${EXTRA.join(", ")}.`,
    `# Generated by \`${COMMAND}\` (see tools/cldr/README.md); do not edit. Columns: ${columns}.`,
  ].join("\n");
const write = (file, what, columns, lines) => {
  const sorted = [...lines].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  writeFileSync(join(out, file), `${header(what, columns)}\n${sorted.join("\n")}\n`);
};
mkdirSync(out, { recursive: true });
write("locales.tsv", "Locales and their parents; language aliases; the likely script of multi-script languages.", "kind, tag, parent or replacement or script", localeRows);
write("territories.tsv", "Country and territory names (ISO 3166-1 alpha-2), only where a locale differs from its parent (at the top: from English).", "locale, code, name", rows(tables.territories, true));
write("dates.tsv", "Gregorian date and time patterns and names, only where a locale differs from its parent.", "locale, key, value", rows(tables.dates));
write("numbers.tsv", "Number symbols and patterns of the default numbering system, only where a locale differs from its parent.", "locale, key, value", rows(tables.numbers));
write("zones.tsv", "Time-zone names (long; s = standard, d = daylight) of the metazones of Europe, the Atlantic and trade-fair cities, and GMT formats, only where a locale differs from its parent.", "locale, key, value", rows(tables.zones));
write("metazones.tsv", "Which metazone an IANA zone used since 2000 (from, to: UTC), and IANA names CLDR treats as aliases (=canonical).", "zone, metazone or =canonical, from, to", mzRows);

if (temp && existsSync(temp)) rmSync(temp, { recursive: true, force: true });

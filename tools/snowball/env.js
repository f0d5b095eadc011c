// SnowballEnv of frostem (src/snowball_env.rs), ported by hand; transpile.mjs inlines it in
// every generated stemmer (leading whitespace, blank lines and whole-line comments removed,
// so keep every statement on its own line or ended by a semicolon, and no comment after code).
//
// The Rust works on byte offsets into the UTF-8 text; so does this port: `$s` holds the word
// as a "byte string" (one JS char, code 0-255, per UTF-8 byte), so that cursor arithmetic,
// among tables, groupings, hop and next_char behave byte for byte as in Rust. Where Rust
// would panic (a slice off a char boundary), this throws. The state is the module's, not an
// object's: one word is stemmed at a time, and `$t` is the algorithm's Context.
var $s, $c, $l, $lb, $b, $k, $t;
// UTF-8 bytes of a string, as a byte string, and back.
function $u(w) {
return unescape(encodeURIComponent(w));
}
// str::is_char_boundary
function $bd(i) {
return i == 0 || i == $s.length || (i > 0 && i < $s.length && ($s.charCodeAt(i) & 192) != 128);
}
// A slice bound: Rust panics unless it is a char boundary.
function $x(i) {
if (!$bd(i)) throw Error("snowball: not a char boundary: " + i);
return i;
}
// current[i..].chars().next(): the code point at byte i, -1 for None (i at the end).
function $ch(i) {
$x(i);
if (i >= $s.length) return -1;
var a = $s.charCodeAt(i);
if (a < 128) return a;
var r = a < 224 ? a & 31 : a < 240 ? a & 15 : a & 7, n = a < 224 ? 1 : a < 240 ? 2 : 3;
while (n--) r = r << 6 | $s.charCodeAt(++i) & 63;
return r;
}
// Whether code point h is in grouping g of code points mi..ma (bit h - mi, least significant first).
function $in(g, mi, ma, h) {
return h <= ma && h >= mi && (g[(h - mi) >> 3] & 1 << ((h - mi) & 7)) != 0;
}
// current.chars().count()
function $n() {
for (var i = 0, m = 0; i < $s.length; i++) if (($s.charCodeAt(i) & 192) != 128) m++;
return m;
}
// replace_s
function $rep(bra, ket, w) {
var adj = w.length - (ket - bra);
var r = $s.slice(0, $x(bra)) + w + $s.slice($x(ket));
$l += adj;
if ($c >= ket) $c += adj;
else if ($c > bra) $c = bra;
$s = r;
return adj;
}
// eq_s
function $eq(w) {
if ($c >= $l) return false;
if (!$s.startsWith(w, $x($c))) return false;
$c += w.length;
while (!$bd($c)) $c++;
return true;
}
// eq_s_b
function $eqb(w) {
if ($c - $lb < w.length) return false;
if (!$bd($c - w.length) || !$s.startsWith(w, $c - w.length)) return false;
$c -= w.length;
return true;
}
// slice_from
function $sf(w) {
var bra = $b;
$rep(bra, $k, w);
$k = bra + w.length;
}
// slice_del
function $sd() {
$sf("");
}
// insert
function $ins(bra, ket, w) {
var adj = $rep(bra, ket, w);
if (bra <= $b) $b += adj;
if (bra <= $k) $k += adj;
}
// assign_to
function $at() {
return $s.slice(0, $x($l));
}
// slice_to
function $st() {
if ($x($b) > $x($k)) throw Error("snowball: slice " + $b + ".." + $k);
return $s.slice($b, $k);
}
// next_char
function $nc() {
$c++;
while (!$bd($c)) $c++;
}
// previous_char
function $pc() {
$c--;
while (!$bd($c)) $c--;
}
// hop
function $hop(d) {
var r = $c;
while (d > 0) {
d--;
if (r >= $l) return false;
r++;
while (r < $l && !$bd(r)) r++;
}
$c = r;
return true;
}
// hop_checked
function $hopc(d) {
return d >= 0 && $hop(d);
}
// hop_back
function $hopb(d) {
var r = $c;
while (d > 0) {
d--;
if (r <= $lb) return false;
r--;
while (r > $lb && !$bd(r)) r--;
}
$c = r;
return true;
}
// hop_back_checked
function $hopbc(d) {
return d >= 0 && $hopb(d);
}
// in_grouping
function $ig(g, mi, ma) {
if ($c >= $l) return false;
var h = $ch($c);
if (h < 0 || !$in(g, mi, ma, h)) return false;
$nc();
return true;
}
// go_in_grouping
function $gig(g, mi, ma) {
while ($c < $l) {
var h = $ch($c);
if (h < 0) return false;
if (!$in(g, mi, ma, h)) return true;
$nc();
}
return false;
}
// in_grouping_b
function $igb(g, mi, ma) {
if ($c <= $lb) return false;
var c = $c;
$pc();
var h = $ch($c);
if (h < 0) return false;
if (!$in(g, mi, ma, h)) {
$c = c;
return false;
}
return true;
}
// go_in_grouping_b
function $gigb(g, mi, ma) {
while ($c > $lb) {
var c = $c;
$pc();
var h = $ch($c);
if (h < 0) return false;
if (!$in(g, mi, ma, h)) {
$c = c;
return true;
}
}
return false;
}
// out_grouping
function $og(g, mi, ma) {
if ($c >= $l) return false;
var h = $ch($c);
if (h >= 0 && !$in(g, mi, ma, h)) {
$nc();
return true;
}
return false;
}
// go_out_grouping
function $gog(g, mi, ma) {
while ($c < $l) {
var h = $ch($c);
if (h < 0) return false;
if ($in(g, mi, ma, h)) return true;
$nc();
}
return false;
}
// out_grouping_b
function $ogb(g, mi, ma) {
if ($c <= $lb) return false;
var c = $c;
$pc();
var h = $ch($c);
if (h >= 0) {
if (!$in(g, mi, ma, h)) return true;
$c = c;
}
return false;
}
// go_out_grouping_b
function $gogb(g, mi, ma) {
while ($c > $lb) {
var c = $c;
$pc();
var h = $ch($c);
if (h < 0) return false;
if ($in(g, mi, ma, h)) {
$c = c;
return true;
}
}
return false;
}
// An among table: entries [string, substring_i, result, method?], strings to UTF-8 bytes.
function $A(a) {
for (var i = 0; i < a.length; i++) a[i][0] = $u(a[i][0]);
return a;
}
// find_among (the methods of the entries take no arguments: the state is the module's)
function $fa(a) {
var i = 0, j = a.length, c = $c, l = $l, ci = 0, cj = 0, f = false, w, k, d, m, v;
for (;;) {
k = i + ((j - i) >> 1);
d = 0;
m = ci < cj ? ci : cj;
w = a[k][0];
for (v = m; v < w.length; v++) {
if (c + m == l) {
d = -1;
break;
}
d = $s.charCodeAt(c + m) - w.charCodeAt(v);
if (d != 0) break;
m++;
}
if (d < 0) {
j = k;
cj = m;
} else {
i = k;
ci = m;
}
if (j - i <= 1) {
if (i > 0 || j == i || f) break;
f = true;
}
}
for (;;) {
w = a[i];
if (ci >= w[0].length) {
$c = c + w[0].length;
if (!w[3]) return w[2];
if (w[3]()) {
$c = c + w[0].length;
return w[2];
}
}
i = w[1];
if (i < 0) return 0;
}
}
// find_among_b
function $fab(a) {
var i = 0, j = a.length, c = $c, lb = $lb, ci = 0, cj = 0, f = false, w, k, d, m, v;
for (;;) {
k = i + ((j - i) >> 1);
d = 0;
m = ci < cj ? ci : cj;
w = a[k][0];
for (v = w.length - m - 1; v >= 0; v--) {
if (c - m == lb) {
d = -1;
break;
}
d = $s.charCodeAt(c - m - 1) - w.charCodeAt(v);
if (d != 0) break;
m++;
}
if (d < 0) {
j = k;
cj = m;
} else {
i = k;
ci = m;
}
if (j - i <= 1) {
if (i > 0 || j == i || f) break;
f = true;
}
}
for (;;) {
w = a[i];
if (ci >= w[0].length) {
$c = c - w[0].length;
if (!w[3]) return w[2];
if (w[3]()) {
$c = c - w[0].length;
return w[2];
}
}
i = w[1];
if (i < 0) return 0;
}
}
// SnowballEnv::create, the algorithm's stem(), get_current
function $stem(w, stem) {
$s = $u(w);
$c = 0;
$l = $s.length;
$lb = 0;
$b = 0;
$k = 0;
stem();
return decodeURIComponent(escape($s));
}

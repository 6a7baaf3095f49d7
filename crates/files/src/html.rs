//! Product descriptions: sanitising seller-supplied HTML and extracting its visible text.
//!
//! Descriptions are shown to buyers on the shop's own pages, so whatever a seller submits (typed,
//! pasted from a word processor, or crafted to attack buyers) goes through
//! [`sanitize_description`] before it is stored. The allow-list is deliberately small:
//!
//! | tag | attributes |
//! | --- | --- |
//! | `p`, `br`, `ul`, `ol`, `li`, `strong`, `b`, `i`, `em`, `u` | none |
//! | `img` | `src` (only `/media/…` paths), `alt`, `width`, `height` (digits only) |
//!
//! Anything else is removed: unknown tags are unwrapped to their text (so a link becomes plain
//! text), `script`, `style` and other non-text containers (`iframe`, `svg`, `object`…) are dropped
//! together with their content, comments are stripped, and no `style`, `class` or `on…`
//! attribute survives. An `img` whose `src` is not one of our stored images (`http(s):`,
//! `data:`, `javascript:`, protocol-relative `//host`, `..` segments…) is removed entirely.
//!
//! [`plain_text`] and [`text_len`] give the text a buyer sees, for length limits and banned-word
//! checks.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::Builder;

/// Tags allowed in a stored description.
const ALLOWED_TAGS: [&str; 11] = [
    "p", "br", "ul", "ol", "li", "strong", "b", "i", "em", "u", "img",
];

/// Elements removed together with everything inside them: their content is code, styling or
/// embedded documents rather than text meant for the reader.
const DROPPED_WITH_CONTENT: [&str; 16] = [
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "template", "noscript", "noembed", "noframes", "textarea", "select",
];

/// Elements that separate words visually, so [`plain_text`] puts a space where they start or end.
const BLOCK_TAGS: [&str; 40] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "img",
    "option",
];

/// Longest accepted `width`/`height` attribute (in digits).
const MAX_DIMENSION_DIGITS: usize = 5;

static DESCRIPTION_CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder
        .tags(HashSet::from(ALLOWED_TAGS))
        .clean_content_tags(HashSet::from(DROPPED_WITH_CONTENT))
        .generic_attributes(HashSet::new())
        .generic_attribute_prefixes(HashSet::new())
        .tag_attributes(HashMap::from([(
            "img",
            HashSet::from(["src", "alt", "width", "height"]),
        )]))
        .tag_attribute_values(HashMap::new())
        .set_tag_attribute_values(HashMap::new())
        .allowed_classes(HashMap::new())
        // No absolute URL of any scheme; relative ones are checked by the attribute filter.
        .url_schemes(HashSet::new())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .id_prefix(None)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src") => is_media_path(value).then_some(Cow::Borrowed(value)),
            ("img", "width" | "height") => {
                let valid = !value.is_empty()
                    && value.len() <= MAX_DIMENSION_DIGITS
                    && value.bytes().all(|b| b.is_ascii_digit());
                valid.then_some(Cow::Borrowed(value))
            }
            _ => Some(Cow::Borrowed(value)),
        });
    builder
});

static TEXT_EXTRACTOR: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder
        .tags(HashSet::from(BLOCK_TAGS))
        .clean_content_tags(HashSet::from(DROPPED_WITH_CONTENT))
        .generic_attributes(HashSet::new())
        .generic_attribute_prefixes(HashSet::new())
        .tag_attributes(HashMap::new())
        .tag_attribute_values(HashMap::new())
        .set_tag_attribute_values(HashMap::new())
        .allowed_classes(HashMap::new())
        .link_rel(None)
        .strip_comments(true)
        .id_prefix(None);
    builder
});

/// Whether `src` is a path to one of our stored images: `/media/` followed only by letters,
/// digits and `-._~/`, with no `.`/`..` segment and no empty segment. Query strings, fragments,
/// percent-escapes, backslashes and whitespace are refused, so the browser cannot be steered to
/// another path or host.
fn is_media_path(src: &str) -> bool {
    let Some(rest) = src.strip_prefix("/media/") else {
        return false;
    };
    !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/'))
        && rest
            .split('/')
            .all(|segment| !matches!(segment, "" | "." | ".."))
}

/// Sanitises a product description for storage and display; see the [module
/// documentation](self) for what is kept.
///
/// Input without any tag is taken as plain text typed by the seller: it is HTML-escaped, blank
/// lines separate `<p>` paragraphs and single newlines become `<br>`. Entities in such text are
/// shown literally (`&amp;` stays visible as `&amp;`).
///
/// The result is stable: sanitising it again returns it unchanged. If HTML input leaves only
/// bare text, that text is wrapped in `<p>` so it is not later mistaken for plain text.
#[must_use]
pub fn sanitize_description(input: &str) -> String {
    if input.trim().is_empty() {
        return String::new();
    }
    if !contains_tag(input) {
        return render_description(&paragraphs_from_text(input));
    }
    let cleaned = drop_images_without_src(&DESCRIPTION_CLEANER.clean(input).to_string());
    let trimmed = cleaned.trim();
    if trimmed.is_empty() {
        String::new()
    } else if !trimmed.contains('<') {
        format!("<p>{trimmed}</p>")
    } else {
        render_description(&cleaned)
    }
}

/// A stored description as it is shown: lines typed as "- item" (or "• ", "* ") inside a
/// paragraph become a list, the rest stays as it was. Works on the sanitised HTML (so on
/// descriptions stored before lists were made at input too) and sanitises its result again, so
/// nothing but the allowed tags comes out.
pub fn render_description(stored: &str) -> String {
    if !stored.contains("<p>") {
        return stored.to_owned();
    }
    let mut out = String::with_capacity(stored.len() + 32);
    let mut rest = stored;
    while let Some(start) = rest.find("<p>") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 3..];
        let Some(end) = after.find("</p>") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        paragraph_with_lists(&after[..end], &mut out);
        rest = &after[end + 4..];
    }
    out.push_str(rest);
    drop_images_without_src(&DESCRIPTION_CLEANER.clean(&out).to_string())
}

fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    ["- ", "• ", "* ", "– "]
        .iter()
        .find_map(|m| t.strip_prefix(m))
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

/// One paragraph's lines (separated by `<br>`): runs of bullet lines as a `<ul>`, other runs as
/// paragraphs.
fn paragraph_with_lists(body: &str, out: &mut String) {
    let lines: Vec<&str> = body.split("<br>").collect();
    if !lines.iter().any(|l| bullet(l).is_some()) {
        out.push_str("<p>");
        out.push_str(body);
        out.push_str("</p>");
        return;
    }
    let mut para: Vec<&str> = Vec::new();
    let mut items: Vec<&str> = Vec::new();
    fn flush_para(para: &mut Vec<&str>, out: &mut String) {
        if !para.is_empty() {
            out.push_str("<p>");
            out.push_str(&para.join("<br>"));
            out.push_str("</p>");
            para.clear();
        }
    }
    fn flush_items(items: &mut Vec<&str>, out: &mut String) {
        if !items.is_empty() {
            out.push_str("<ul>");
            for i in items.iter() {
                out.push_str("<li>");
                out.push_str(i);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
            items.clear();
        }
    }
    for l in lines {
        match bullet(l) {
            Some(item) => {
                flush_para(&mut para, out);
                items.push(item);
            }
            None => {
                flush_items(&mut items, out);
                if !l.trim().is_empty() {
                    para.push(l);
                }
            }
        }
    }
    flush_para(&mut para, out);
    flush_items(&mut items, out);
}

/// Whether `input` contains something an HTML parser treats as markup: `<` followed by a letter
/// (a tag), `/` (an end tag), `!` (a comment or doctype) or `?`.
fn contains_tag(input: &str) -> bool {
    input
        .as_bytes()
        .windows(2)
        .any(|pair| pair[0] == b'<' && (pair[1].is_ascii_alphabetic() || b"/!?".contains(&pair[1])))
}

/// Turns plain text into HTML paragraphs: blank lines separate paragraphs, single line breaks
/// become `<br>`, and the text is escaped.
fn paragraphs_from_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut html = String::with_capacity(text.len() + 16);
    let mut lines: Vec<&str> = Vec::new();
    let flush = |lines: &mut Vec<&str>, html: &mut String| {
        if lines.is_empty() {
            return;
        }
        html.push_str("<p>");
        for (index, line) in lines.drain(..).enumerate() {
            if index > 0 {
                html.push_str("<br>");
            }
            escape_into(line, html);
        }
        html.push_str("</p>");
    };
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.trim().is_empty() {
            flush(&mut lines, &mut html);
        } else {
            lines.push(line);
        }
    }
    flush(&mut lines, &mut html);
    html
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

/// Removes `<img>` tags that have no `src` (ammonia drops a refused attribute, not its element).
///
/// Works on ammonia's serialised output, which is regular: text never contains a raw `<`, only
/// `img` carries attributes, and every attribute is written as `name="value"` with `"` escaped.
fn drop_images_without_src(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<img") {
        out.push_str(&rest[..start]);
        let tag_and_after = &rest[start..];
        let (tag, after) = tag_and_after.split_at(serialised_tag_len(tag_and_after));
        if tag_has_attribute(tag, "src") {
            out.push_str(tag);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Length of the serialised tag at the start of `html` (up to and including its `>`), skipping
/// `>` characters inside quoted attribute values.
fn serialised_tag_len(html: &str) -> usize {
    let mut in_quotes = false;
    for (index, byte) in html.bytes().enumerate() {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b'>' if !in_quotes => return index + 1,
            _ => {}
        }
    }
    html.len()
}

/// Whether a serialised tag such as `<img src="…" alt="…">` has the attribute `name`.
fn tag_has_attribute(tag: &str, name: &str) -> bool {
    let mut in_quotes = false;
    let mut word_start = None;
    for (index, byte) in tag.bytes().enumerate() {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b' ' if !in_quotes => word_start = Some(index + 1),
            b'=' if !in_quotes => {
                if word_start.is_some_and(|start| &tag[start..index] == name) {
                    return true;
                }
                word_start = None;
            }
            _ => {}
        }
    }
    false
}

/// The visible text of a description: tags removed (block elements such as `p`, `li` and `br`
/// separate words), `script`/`style` content dropped, entities decoded, and all whitespace —
/// including non-breaking spaces — collapsed to single spaces. Image `alt` text is not included.
#[must_use]
pub fn plain_text(html: &str) -> String {
    let cleaned = TEXT_EXTRACTOR.clean(html).to_string();
    // The serialised output contains only attribute-less block tags, text with `&`, `<`, `>`
    // and U+00A0 escaped, and nothing else.
    let mut text = String::with_capacity(cleaned.len());
    let mut rest = cleaned.as_str();
    while let Some(start) = rest.find(['<', '&']) {
        text.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('<') {
            text.push(' ');
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
        } else {
            let (decoded, len) = [
                ("&amp;", '&'),
                ("&lt;", '<'),
                ("&gt;", '>'),
                ("&quot;", '"'),
                ("&nbsp;", ' '),
            ]
            .into_iter()
            .find(|(entity, _)| rest.starts_with(entity))
            .map_or(('&', 1), |(entity, c)| (c, entity.len()));
            text.push(decoded);
            rest = &rest[len..];
        }
    }
    text.push_str(rest);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Number of characters (Unicode scalar values) in [`plain_text`] of `html`.
#[must_use]
pub fn text_len(html: &str) -> usize {
    plain_text(html).chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_lines_become_a_list_and_stay_escaped() {
        let typed = "Soft linen.\n- Deep pockets\n- Tie waist & belt <3\n\nMachine wash.";
        let html = sanitize_description(typed);
        assert_eq!(
            html,
            "<p>Soft linen.</p><ul><li>Deep pockets</li><li>Tie waist &amp; belt &lt;3</li></ul><p>Machine wash.</p>"
        );
        // Markup inside an item stays limited to the allowed tags.
        assert_eq!(
            render_description("<p>- <b>bold</b><br>- x<img src=x onerror=alert(1)></p>"),
            "<ul><li><b>bold</b></li><li>x</li></ul>"
        );
        // Stored before lists were made at input: shown as a list too.
        assert_eq!(
            render_description("<p>- one<br>- two</p>"),
            "<ul><li>one</li><li>two</li></ul>"
        );
        assert_eq!(render_description("<p>a - b</p>"), "<p>a - b</p>");
    }

    fn assert_harmless(output: &str) {
        let lower = output.to_ascii_lowercase();
        for needle in [
            "<script",
            "<svg",
            "<iframe",
            "<style",
            "<object",
            "<embed",
            "<a ",
            "<a>",
            "<form",
            "<math",
            " on",
            "style=",
            "class=",
            "href",
            "javascript:",
            "data:",
            "<!--",
        ] {
            assert!(!lower.contains(needle), "{needle:?} survived in {output:?}");
        }
        // Stable under re-sanitising.
        assert_eq!(sanitize_description(output), output, "not idempotent");
    }

    #[test]
    fn scripts_and_styles_are_dropped_with_content() {
        let out =
            sanitize_description("<p>Hi<script>alert(1)</script><style>p{color:red}</style></p>");
        assert_eq!(out, "<p>Hi</p>");
        assert_harmless(&out);
        assert_eq!(
            sanitize_description("<SCRIPT SRC=//evil.example/x.js></SCRIPT><p>ok</p>"),
            "<p>ok</p>"
        );
    }

    #[test]
    fn event_handlers_and_styles_are_removed() {
        let out = sanitize_description(
            r#"<p style="background:url(javascript:alert(1))" class="x" id="y" onclick="alert(1)">t</p><b onmouseover="alert(1)">b</b>"#,
        );
        assert_eq!(out, "<p>t</p><b>b</b>");
        assert_harmless(&out);
    }

    #[test]
    fn images_outside_media_are_removed() {
        for src in [
            "x",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java&#x09;script:alert(1)",
            "data:image/png;base64,iVBORw0KGgo=",
            "https://evil.example/a.jpg",
            "http://evil.example/a.jpg",
            "//evil.example/a.jpg",
            "/\\evil.example/a.jpg",
            "/media/../admin/delete",
            "/media//evil.example/a.jpg",
            "/media/a.jpg?x=1",
            "/media/%2e%2e/admin",
            " /media/a.jpg",
            "media/a.jpg",
            "/mediafoo/a.jpg",
            "/media/",
        ] {
            let out = sanitize_description(&format!(
                r#"<p>before<img src="{src}" alt="pic" onerror="alert(1)">after</p>"#
            ));
            assert_eq!(out, "<p>beforeafter</p>", "src {src:?}");
        }
        let out = sanitize_description("<img src=x onerror=alert(1)>");
        assert_eq!(out, "");
        let out = sanitize_description("<p><img alt=\"no source\"></p>");
        assert_eq!(out, "<p></p>");
    }

    #[test]
    fn own_images_are_kept_with_allowed_attributes() {
        let out = sanitize_description(
            r#"<p><IMG SRC="/media/ab/c-1_2.webp" ALT="A red &quot;mug&quot; > cup" width="640" height="480px" title="t" onerror="x" style="a"></p>"#,
        );
        assert_eq!(
            out,
            r#"<p><img src="/media/ab/c-1_2.webp" alt="A red &quot;mug&quot; &gt; cup" width="640"></p>"#
        );
        assert_harmless(&out);
    }

    #[test]
    fn links_are_unwrapped_to_text() {
        let out = sanitize_description(
            r#"<p>See <a href="javascript:alert(1)">this</a> and <a href="https://example.com" target="_blank">that</a></p>"#,
        );
        assert_eq!(out, "<p>See this and that</p>");
        assert_harmless(&out);
        // Only text left: wrapped so that it stays HTML.
        assert_eq!(
            sanitize_description(r#"<a href="/x">Tom & Jerry</a>"#),
            "<p>Tom &amp; Jerry</p>"
        );
    }

    #[test]
    fn dangerous_containers_are_dropped() {
        for input in [
            r#"<svg onload="alert(1)"><circle r="10"/></svg>"#,
            r#"<svg><script>alert(1)</script></svg>"#,
            r#"<iframe src="https://evil.example"></iframe>"#,
            r#"<iframe srcdoc="<script>alert(1)</script>"></iframe>"#,
            r#"<object data="x.swf"></object><embed src="x.swf">"#,
            r#"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"#,
            r#"<noscript><p title="</noscript><img src=x onerror=alert(1)>">"#,
            r#"<form action="https://evil.example"><input name="card"><button formaction="javascript:alert(1)">Pay</button></form>"#,
            r#"<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example"><link rel="stylesheet" href="x.css">"#,
            r#"<!-- <img src=x onerror=alert(1)> -->"#,
            r#"<scr<script>ipt>alert(1)</scr</script>ipt>"#,
            r#"<<script>script>alert(1)<</script>/script>"#,
            r#"<img src="/media/a.jpg"/onerror=alert(1)>"#,
            r#"<img """><script>alert(1)</script>">"#,
            r#"<details open ontoggle=alert(1)>x</details>"#,
        ] {
            let out = sanitize_description(input);
            assert_harmless(&out);
            assert!(!out.contains("<img src=\"x\""), "{input} → {out}");
        }
        assert_eq!(
            sanitize_description("<p>Pay</p><form><button>Pay now</button></form>"),
            "<p>Pay</p>Pay now"
        );
    }

    #[test]
    fn allowed_markup_is_preserved() {
        let input = "<p><strong>Bold</strong>, <b>b</b>, <i>i</i>, <em>em</em>, <u>u</u><br>next</p><ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>";
        assert_eq!(sanitize_description(input), input);
        // Unknown formatting tags are unwrapped, not dropped.
        assert_eq!(
            sanitize_description("<div><h2>Title</h2><span>text</span></div>"),
            "<p>Titletext</p>"
        );
    }

    #[test]
    fn comments_are_stripped() {
        assert_eq!(
            sanitize_description("<p>a<!-- secret -->b</p>"),
            "<p>ab</p>"
        );
    }

    #[test]
    fn plain_text_becomes_paragraphs() {
        let input =
            "Soft cotton T-shirt.\nMachine washable.\n\n\nSizes: S < M < L & XL\r\n\r\n   \n";
        assert_eq!(
            sanitize_description(input),
            "<p>Soft cotton T-shirt.<br>Machine washable.</p><p>Sizes: S &lt; M &lt; L &amp; XL</p>"
        );
        assert_eq!(sanitize_description("one line"), "<p>one line</p>");
        assert_eq!(sanitize_description("  \n\n "), "");
        assert_eq!(sanitize_description(""), "");
        // Entities typed as plain text are shown as typed.
        assert_eq!(
            sanitize_description("Tom &amp; Jerry"),
            "<p>Tom &amp;amp; Jerry</p>"
        );
        let stored = sanitize_description(input);
        assert_eq!(sanitize_description(&stored), stored);
    }

    #[test]
    fn entities_are_kept_escaped() {
        assert_eq!(
            sanitize_description(
                "<p>&lt;b&gt;not bold&lt;/b&gt; &amp; &copy; &#169; &#x1F600;</p>"
            ),
            "<p>&lt;b&gt;not bold&lt;/b&gt; &amp; © © 😀</p>"
        );
        assert_eq!(sanitize_description("<p>a&nbsp;b</p>"), "<p>a&nbsp;b</p>");
    }

    #[test]
    fn plain_text_extracts_visible_text() {
        assert_eq!(
            plain_text(
                "<p>Hello <b>big</b>\n  world</p><ul><li>one</li><li>two</li></ul>line<br>break"
            ),
            "Hello big world one two line break"
        );
        assert_eq!(
            plain_text("<p>&lt;tag&gt; &amp; &quot;q&quot; &copy;&nbsp;2024 caf&eacute;</p>"),
            "<tag> & \"q\" © 2024 café"
        );
        assert_eq!(
            plain_text("<p>x<script>var bad = 1;</script><style>.a{}</style>y<!-- no --></p>"),
            "xy"
        );
        assert_eq!(
            plain_text(r#"<p>a<img src="/media/a.jpg" alt="ALT">b</p>"#),
            "a b"
        );
        assert_eq!(plain_text("<p><strong>un</strong>broken</p>"), "unbroken");
        assert_eq!(plain_text(""), "");
        assert_eq!(plain_text("just text"), "just text");
    }

    #[test]
    fn text_len_counts_characters() {
        assert_eq!(text_len("<p>héllo</p><p>世界</p>"), 8);
        assert_eq!(text_len("<p>a &amp; b</p>"), 5);
        assert_eq!(text_len("<p>   </p>"), 0);
    }
}

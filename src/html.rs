//! HTML pages → the article's text and metadata.
//!
//! The page is parsed with `scraper` (html5ever, the HTML5 parsing algorithm: broken markup
//! is repaired the way browsers do, entities are decoded). The article is the largest
//! `<article>` (by text length), else `<main>` or `[role=main]`, else `<body>`. Inside it,
//! everything that is not article text is dropped: `script`, `style`, `noscript`,
//! `template`, `nav`, `aside`, `form`, `footer`, buttons and embedded media, hidden
//! elements, `header` outside an `<article>`, and boxes whose `class`/`id` names page
//! furniture (cookie and consent banners, share bars, newsletter boxes, related links,
//! breadcrumbs, comments, ads).
//!
//! Block elements (`p`, `div`, headings, `li`, `br`, table rows, …) end a line and
//! paragraphs are separated by a blank line, so the sentence splitter sees the same shape
//! as in a plain text article; list items start with `- `. Whitespace inside a block is
//! folded to single spaces. Evidence offsets of an HTML document refer to this extracted
//! text, not to the HTML bytes.
//!
//! Metadata: `title` from `og:title`, else `<title>`; `url` from `<link rel=canonical>`,
//! else `og:url`; `date` from `article:published_time`, `datePublished`, `date`/`pubdate`/
//! `dc.date` metas, else the first `<time datetime>` of the article; `source` from
//! `og:site_name`.

use crate::input::{clean_meta, meta_date, DocMeta};
use scraper::{ElementRef, Html, Node, Selector};

/// The text and metadata of an HTML page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    pub text: String,
    pub meta: DocMeta,
}

/// Extract the article of an HTML page (see the module docs).
pub fn article(html: &str) -> Article {
    let page = Html::parse_document(html);
    let root = main_element(&page);
    let mut out = Out::default();
    if let Some(root) = root {
        let in_article = root.value().name() == "article";
        walk(root, in_article, &mut out);
    }
    let date = meta_content(
        &page,
        &[
            "meta[property='article:published_time']",
            "meta[itemprop='datePublished']",
            "meta[name='date']",
            "meta[name='pubdate']",
            "meta[name='publishdate']",
            "meta[name='dc.date']",
            "meta[name='DC.date']",
            "meta[name='DC.date.issued']",
        ],
        "content",
    )
    .or_else(|| {
        let time = sel("time[datetime]");
        root.and_then(|r| r.select(&time).next())
            .and_then(|t| t.value().attr("datetime"))
            .map(str::to_owned)
    })
    .and_then(|d| meta_date(&d));
    let title = meta_content(&page, &["meta[property='og:title']"], "content").or_else(|| {
        page.select(&sel("title"))
            .next()
            .map(|t| t.text().collect::<String>())
    });
    let url = meta_content(&page, &["link[rel='canonical']"], "href")
        .or_else(|| meta_content(&page, &["meta[property='og:url']"], "content"));
    let source = meta_content(&page, &["meta[property='og:site_name']"], "content");
    Article {
        text: out.finish(),
        meta: DocMeta {
            title: clean_meta(title),
            date,
            url: clean_meta(url),
            source: clean_meta(source),
        },
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("the selectors of this module are valid")
}

/// The first non-empty `attr` of an element matching one of `selectors`, in order.
fn meta_content(page: &Html, selectors: &[&str], attr: &str) -> Option<String> {
    selectors.iter().find_map(|s| {
        page.select(&sel(s))
            .filter_map(|e| e.value().attr(attr))
            .map(str::trim)
            .find(|v| !v.is_empty())
            .map(str::to_owned)
    })
}

/// The element holding the article: the `<article>` with the most text, else `<main>` or
/// `[role=main]`, else `<body>` (or the whole document).
fn main_element(page: &Html) -> Option<ElementRef<'_>> {
    let mut best: Option<(ElementRef<'_>, usize)> = None;
    for a in page.select(&sel("article")) {
        let nested = a.ancestors().any(|n| {
            n.value()
                .as_element()
                .is_some_and(|e| e.name() == "article")
        });
        if nested {
            continue;
        }
        let mut out = Out::default();
        walk(a, true, &mut out);
        if best.is_none_or(|(_, len)| out.text.len() > len) {
            best = Some((a, out.text.len()));
        }
    }
    let best = best.filter(|(_, len)| *len > 0).map(|(a, _)| a);
    best.or_else(|| page.select(&sel("main, [role='main']")).next())
        .or_else(|| page.select(&sel("body")).next())
        .or_else(|| Some(page.root_element()))
}

/// Elements whose content is never article text.
const DROPPED: [&str; 22] = [
    "script", "style", "noscript", "template", "nav", "aside", "form", "footer", "button",
    "select", "textarea", "input", "iframe", "object", "embed", "svg", "canvas", "video", "audio",
    "map", "head", "dialog",
];

/// Elements that end a line (a paragraph break unless noted in `walk`).
const BLOCKS: [&str; 30] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "figure",
    "figcaption",
    "address",
    "hr",
    "details",
    "summary",
    "center",
    "body",
];

/// `class`/`id` words of page furniture; an element carrying one (as a whole word of the
/// attribute, split at non-alphanumerics) is dropped.
const FURNITURE: [&str; 26] = [
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "banner",
    "newsletter",
    "subscribe",
    "subscription",
    "share",
    "sharing",
    "social",
    "related",
    "recommended",
    "breadcrumb",
    "breadcrumbs",
    "comments",
    "comment",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "promo",
    "sidebar",
    "popup",
    "modal",
    "paywall",
];

fn is_furniture(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if matches!(
        el.attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "complementary")
    ) {
        return true;
    }
    ["class", "id"].iter().filter_map(|a| el.attr(a)).any(|v| {
        v.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| FURNITURE.iter().any(|f| w.eq_ignore_ascii_case(f)))
    })
}

fn walk(el: ElementRef<'_>, in_article: bool, out: &mut Out) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.inline(t),
            Node::Element(e) => {
                let name = e.name();
                if DROPPED.contains(&name) || (name == "header" && !in_article) || is_furniture(e) {
                    continue;
                }
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                if name == "br" {
                    out.line_break();
                    continue;
                }
                let block = BLOCKS.contains(&name);
                let tight = matches!(name, "li" | "tr" | "dt" | "dd");
                if block {
                    out.block_break(tight);
                }
                if name == "li" {
                    out.inline("- ");
                }
                if matches!(name, "td" | "th") {
                    out.inline(" ");
                }
                walk(child, in_article || name == "article", out);
                if block {
                    out.block_break(tight);
                }
            }
            _ => {}
        }
    }
}

/// The text being built: inline text is folded into single spaces; breaks are pending until
/// the next text, so that empty blocks leave no blank lines.
#[derive(Default)]
struct Out {
    text: String,
    /// 0: none, 1: a line break, 2: a paragraph break.
    pending: u8,
    space: bool,
}

impl Out {
    fn inline(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            if !self.text.is_empty() {
                match self.pending {
                    2 => self.text.push_str("\n\n"),
                    1 => self.text.push('\n'),
                    _ if self.space => self.text.push(' '),
                    _ => {}
                }
            }
            self.pending = 0;
            self.space = false;
            self.text.push(c);
        }
    }

    fn line_break(&mut self) {
        self.pending = self.pending.max(1);
    }

    fn block_break(&mut self, tight: bool) {
        self.pending = self.pending.max(if tight { 1 } else { 2 });
    }

    fn finish(mut self) -> String {
        self.text.push('\n');
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_article_and_drops_the_page() {
        let a = article(
            r#"<!doctype html><html><head><title>Talks &amp; more | Daily</title>
            <meta property="og:site_name" content="The Daily">
            <link rel="canonical" href="https://news.example/a/1">
            <meta property="article:published_time" content="2023-05-04T08:00:00+02:00">
            <script>var x = "Minister Foo met Bar.";</script></head>
            <body><nav><a href="/">Home</a> <a>World</a></nav>
            <div class="cookie-banner"><p>We use cookies.</p></div>
            <article><header><h1>Ministers meet</h1><p class="byline">By A. Writer</p></header>
            <p>First   sentence here.<br>Second line &eacute;t&eacute;.</p>
            <ul><li>one</li><li>two <b>bold</b>, more</li></ul>
            <div class="share-bar">Share this</div>
            <footer>Tags: x</footer></article>
            <footer>(c) The Daily</footer></body></html>"#,
        );
        assert_eq!(
            a.text,
            "Ministers meet\n\nBy A. Writer\n\nFirst sentence here.\nSecond line été.\n\n- one\n- two bold, more\n"
        );
        assert_eq!(a.meta.title.as_deref(), Some("Talks & more | Daily"));
        assert_eq!(a.meta.url.as_deref(), Some("https://news.example/a/1"));
        assert_eq!(a.meta.date.as_deref(), Some("2023-05-04"));
        assert_eq!(a.meta.source.as_deref(), Some("The Daily"));
    }

    #[test]
    fn falls_back_to_the_body_without_an_article() {
        let a = article("<p>Only <i>this</i>.</p><header>Site</header><script>x</script>");
        assert_eq!(a.text, "Only this.\n");
        assert_eq!(a.meta, DocMeta::default());
        assert_eq!(article("").text, "\n");
    }
}

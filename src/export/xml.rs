//! XML helpers shared by the GraphML and GEXF writers: the one escaping function every text
//! and attribute value goes through, NMTOKEN validation for ids, and a small `Xml` buffer.

use std::fmt::Write as _;

/// Whether `c` may appear in an XML 1.0 document (`#x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD
/// #x10000-#x10FFFF`). Surrogates cannot occur in a Rust `char`.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Append `s` to `out`, escaped for use both as element text and as a double- or
/// single-quoted attribute value:
/// - `&` `<` `>` `"` `'` become `&amp;` `&lt;` `&gt;` `&quot;` `&apos;`;
/// - tab, line feed and carriage return become character references (`&#9;` `&#10;` `&#13;`)
///   so that XML parsers' attribute-value and line-end normalization cannot change them;
/// - characters XML 1.0 forbids (C0 controls such as U+0000, U+000B, U+000C, and U+FFFE,
///   U+FFFF) become U+FFFD REPLACEMENT CHARACTER — they cannot be written at all, not even
///   as `&#11;`.
///
/// This is the only escaping routine of the GraphML and GEXF writers.
pub fn escape_into(out: &mut String, s: &str) {
    // Runs of characters that need nothing are copied whole. Only ASCII specials and
    // controls, and U+FFFE/U+FFFF (UTF-8 `EF BF BE`/`EF BF BF`), are not copied as they are:
    // every other char is an XML char.
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (replacement, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\t' => ("&#9;", 1),
            b'\n' => ("&#10;", 1),
            b'\r' => ("&#13;", 1),
            0..=0x1F => ("\u{FFFD}", 1),
            0xEF if bytes[i + 1..].starts_with(&[0xBF, 0xBE])
                || bytes[i + 1..].starts_with(&[0xBF, 0xBF]) =>
            {
                ("\u{FFFD}", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[copied..i]);
        out.push_str(replacement);
        i += len;
        copied = i;
    }
    out.push_str(&s[copied..]);
}

/// `escape_into` returning a new string.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// XML 1.0 (fifth edition) `NameStartChar`.
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 (fifth edition) `NameChar`: the characters a GraphML node id (an NMTOKEN) may
/// hold. Note that some characters Rust calls alphanumeric are not (`º`, `ª`, `²`, `①`).
pub fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Whether `s` is an XML `NMTOKEN` (one or more `NameChar`s): what GraphML requires of node
/// ids. Entity ids are built to be NMTOKENs (`model::Entity::id`); the writer checks it.
pub fn is_nmtoken(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_name_char)
}

/// A tiny indentation-aware XML text buffer.
pub struct Xml {
    pub buf: String,
}

impl Default for Xml {
    fn default() -> Self {
        Self::new()
    }
}

impl Xml {
    /// A buffer holding the XML declaration.
    pub fn new() -> Self {
        Xml {
            buf: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        }
    }

    /// `<name a="v" ...` (not closed): attribute values are escaped.
    pub fn open_tag(&mut self, indent: usize, name: &str, attrs: &[(&str, &str)]) {
        for _ in 0..indent {
            self.buf.push_str("  ");
        }
        self.buf.push('<');
        self.buf.push_str(name);
        for (k, v) in attrs {
            self.buf.push(' ');
            self.buf.push_str(k);
            self.buf.push_str("=\"");
            escape_into(&mut self.buf, v);
            self.buf.push('"');
        }
    }

    /// `<name attrs>` and a newline.
    pub fn start(&mut self, indent: usize, name: &str, attrs: &[(&str, &str)]) {
        self.open_tag(indent, name, attrs);
        self.buf.push_str(">\n");
    }

    /// `<name attrs/>` and a newline.
    pub fn empty(&mut self, indent: usize, name: &str, attrs: &[(&str, &str)]) {
        self.open_tag(indent, name, attrs);
        self.buf.push_str("/>\n");
    }

    /// `<name attrs>text</name>` and a newline; the text is escaped.
    pub fn text(&mut self, indent: usize, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open_tag(indent, name, attrs);
        self.buf.push('>');
        escape_into(&mut self.buf, text);
        let _ = writeln!(self.buf, "</{name}>");
    }

    /// `</name>` and a newline.
    pub fn end(&mut self, indent: usize, name: &str) {
        for _ in 0..indent {
            self.buf.push_str("  ");
        }
        let _ = writeln!(self.buf, "</{name}>");
    }

    /// Move the buffered text to `w` once it holds at least `min` bytes (0: always), so a
    /// large document is written piece by piece instead of held whole.
    pub fn drain_to(&mut self, w: &mut dyn std::io::Write, min: usize) -> std::io::Result<()> {
        if self.buf.len() >= min {
            w.write_all(self.buf.as_bytes())?;
            self.buf.clear();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_escape_equals_the_char_by_char_rules() {
        fn reference(s: &str) -> String {
            let mut out = String::new();
            for c in s.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&apos;"),
                    '\t' => out.push_str("&#9;"),
                    '\n' => out.push_str("&#10;"),
                    '\r' => out.push_str("&#13;"),
                    c if is_xml_char(c) => out.push(c),
                    _ => out.push('\u{FFFD}'),
                }
            }
            out
        }
        for s in [
            "",
            "plain",
            "a&b<c>d\"e'f\tg\nh\ri",
            "\0\x01\x0b\x0c\x1f\x7f\u{80}\u{9f}",
            "\u{fffe}\u{ffff}\u{fffd}\u{ef}\u{bf}\u{efbf}\u{e000}\u{10ffff}x",
            "Lê Đức Anh — «MOU» 中华人民共和国科学技术部 \u{200b}\u{feff}",
        ] {
            assert_eq!(escape(s), reference(s), "{s:?}");
        }
    }

    #[test]
    fn escapes_the_five_specials() {
        assert_eq!(escape(r#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
        assert_eq!(escape("]]>"), "]]&gt;");
        assert_eq!(escape("&amp;"), "&amp;amp;");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn whitespace_controls_become_references() {
        assert_eq!(escape("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
    }

    #[test]
    fn illegal_controls_are_replaced() {
        assert_eq!(
            escape("a\u{0}b\u{b}c\u{c}d\u{1f}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}"
        );
        assert_eq!(escape("\u{FFFE}\u{FFFF}"), "\u{FFFD}\u{FFFD}");
        // Legal non-ASCII passes through unchanged: C1 controls, RTL, emoji, combining marks.
        let s = "\u{85}\u{7f}עברית 🦀 e\u{301} \u{FFFD}";
        assert_eq!(escape(s), s);
    }

    #[test]
    fn xml_chars() {
        assert!(is_xml_char('\t') && is_xml_char('\u{10FFFF}') && is_xml_char(' '));
        assert!(!is_xml_char('\u{0}') && !is_xml_char('\u{b}') && !is_xml_char('\u{FFFE}'));
    }

    #[test]
    fn nmtokens() {
        assert!(is_nmtoken("person:cai-jianing"));
        assert!(is_nmtoken("event.2018-07-26"));
        assert!(is_nmtoken("person:léon-velarde"));
        assert!(is_nmtoken("organization:中国科学院"));
        assert!(is_nmtoken("123"));
        assert!(!is_nmtoken(""));
        assert!(!is_nmtoken("a b"));
        assert!(!is_nmtoken("a;b"));
        assert!(!is_nmtoken("a,b"));
        assert!(!is_nmtoken("a\"b"));
        assert!(!is_nmtoken("a/b"));
        // Alphanumeric to Rust, yet not XML name characters.
        for c in ['º', 'ª', '²', '①'] {
            assert!(c.is_alphanumeric() && !is_name_char(c), "{c}");
        }
    }

    #[test]
    fn xml_buffer() {
        let mut x = Xml::new();
        x.start(0, "g", &[("id", "a<b")]);
        x.text(1, "d", &[("key", "k")], "x&y");
        x.empty(1, "e", &[]);
        x.end(0, "g");
        assert_eq!(
            x.buf,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<g id=\"a&lt;b\">\n  <d key=\"k\">x&amp;y</d>\n  <e/>\n</g>\n"
        );
    }
}

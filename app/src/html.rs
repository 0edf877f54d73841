//! Text for the few places where Leptos writes a string into server-rendered
//! HTML *without* escaping it.
//!
//! Leptos escapes text in the body and attribute values, but two sinks are
//! written raw by the versions Kring uses: the document title that
//! leptos_meta's `<Title>` puts into `<head>` (leptos_meta 0.8.7 pushes the
//! string as it is), and the children of `<textarea>` (tachys 0.2.19 marks the
//! element as "do not escape children"; upstream leptos-rs/leptos#4730). A
//! topic titled `x</title><img onerror=…>` would otherwise run script in the
//! browser of everyone who opens its page.
//!
//! Both sinks are RCDATA in HTML: the browser decodes character references in
//! them, so escaping `&` and `<` on the server yields exactly the text as typed.
//! In the browser (after hydration) the same strings are set through DOM APIs
//! (`document.title`, text nodes), which never parse markup, so there the text
//! must stay raw, or the tab would show `&lt;`. Hence [`raw_sink`]: escaped
//! when rendering on the server, untouched in the browser.

/// Escapes text for an HTML text or attribute context: `&`, `<`, `>`, `"`, `'`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for a sink that Leptos writes raw on the server (`<title>`,
/// `<textarea>` children): escaped while rendering HTML on the server, as it is
/// in the browser, where it reaches the page through DOM APIs.
pub fn raw_sink(text: String) -> String {
    if cfg!(feature = "ssr") {
        escape(&text)
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"a</title><img src=x onerror="alert('1')"> & b"#),
            "a&lt;/title&gt;&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; b"
        );
        assert_eq!(escape("plain text · ünïcode"), "plain text · ünïcode");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn escaped_text_cannot_close_its_element() {
        for hostile in ["</title>", "</textarea>", "<script>", "</TEXTAREA >"] {
            assert!(!escape(hostile).contains('<'), "{hostile}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_server_escapes_raw_sinks() {
        assert_eq!(raw_sink("<b>&".into()), "&lt;b&gt;&amp;");
    }
}

//! Generated sections of Markdown files: the text between `<!-- gas:NAME -->` and `<!-- /gas:NAME -->`
//! belongs to the generator; everything else is left as it is.

use std::path::Path;

use anyhow::{bail, Context};

/// `text` with the section `name` replaced by `body` (a newline is kept on both sides). Fails when
/// the markers are missing or out of order.
///
/// # Errors
///
/// When `text` has no `<!-- gas:name -->` ... `<!-- /gas:name -->` pair.
pub fn replace_section(text: &str, name: &str, body: &str) -> anyhow::Result<String> {
    let open = format!("<!-- gas:{name} -->");
    let close = format!("<!-- /gas:{name} -->");
    let start = text
        .find(&open)
        .with_context(|| format!("no `{open}` marker"))?;
    let end = text
        .find(&close)
        .with_context(|| format!("no `{close}` marker"))?;
    if end < start {
        bail!("`{close}` comes before `{open}`");
    }
    let mut out = String::with_capacity(text.len() + body.len());
    out.push_str(&text[..start + open.len()]);
    out.push('\n');
    out.push_str(body.trim_end());
    out.push('\n');
    out.push_str(&text[end..]);
    Ok(out)
}

/// Applies `sections` to the file at `path`. With `write`, saves the result and returns whether it
/// changed; without, returns whether it would change (stale) and leaves the file alone.
///
/// # Errors
///
/// A missing file or marker, or a failed write.
pub fn update(path: &Path, sections: &[(&str, String)], write: bool) -> anyhow::Result<bool> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut new = text.clone();
    for (name, body) in sections {
        new =
            replace_section(&new, name, body).with_context(|| format!("in {}", path.display()))?;
    }
    let changed = new != text;
    if changed && write {
        std::fs::write(path, new).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_named_section() {
        let text = "intro\n<!-- gas:a -->\nold\n<!-- /gas:a -->\nmiddle\n<!-- gas:b -->\n<!-- /gas:b -->\nend\n";
        let out = replace_section(text, "a", "| new |\n").unwrap();
        assert_eq!(
            out,
            "intro\n<!-- gas:a -->\n| new |\n<!-- /gas:a -->\nmiddle\n<!-- gas:b -->\n<!-- /gas:b -->\nend\n"
        );
        assert_eq!(
            replace_section(&out, "a", "| new |").unwrap(),
            out,
            "idempotent"
        );
        assert!(replace_section(text, "c", "x").is_err());
        assert!(replace_section("<!-- /gas:a --><!-- gas:a -->", "a", "x").is_err());
    }
}

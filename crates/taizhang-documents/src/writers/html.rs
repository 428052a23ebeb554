//! `.html`: one self-contained page to paste into the portal's CMS or print.
//! Every string from the data goes through [`escape`]; nothing else is
//! interpolated into the markup.

use std::fmt::Write;

use crate::document::{Block, Cell, Document, PageSetup, Slot, Table, Value};

/// Escape text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
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

/// Official-document look on screen; in print, A4 with the document's
/// margins (see [`page_rule`]).
const STYLE: &str = r#"
body { margin: 0; background: #f3f3f3; color: #000; }
.doc { max-width: 156mm; margin: 12mm auto; padding: 37mm 26mm 35mm 28mm; background: #fff;
  font: 16pt/28.95pt "仿宋_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", serif; }
.doc.wide { max-width: none; padding: 15mm 12mm; }
h1 { font: 22pt/1.5 "方正小标宋简体", "小标宋", "华文中宋", STZhongsong, "宋体", SimSun, "Noto Serif CJK SC", serif;
  text-align: center; margin: 0 0 28.95pt; }
.subtitle { text-align: center; text-indent: 0; font-family: "楷体_GB2312", "楷体", KaiTi, STKaiti, serif; }
h2, h3 { font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }
h2 { font-family: "黑体", SimHei, "Noto Sans CJK SC", sans-serif; }
h3 { font-family: "楷体_GB2312", "楷体", KaiTi, STKaiti, serif; }
p { margin: 0; text-indent: 2em; text-align: justify; }
table { border-collapse: collapse; table-layout: fixed; width: 100%; margin: 6pt 0 14pt; font-size: 10.5pt; line-height: 1.4; }
th, td { border: 1px solid #000; padding: 2pt 3pt; vertical-align: middle; }
th { font-family: "黑体", SimHei, "Noto Sans CJK SC", sans-serif; font-weight: normal; text-align: center; }
td.c, td.n { text-align: center; }
@media print {
  body { background: none; }
  .doc { margin: 0; padding: 0; max-width: none; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; }
  h2, h3 { page-break-after: avoid; }
}
"#;

pub fn write(doc: &Document) -> String {
    let mut out = String::new();
    let title = escape(&doc.title_text());
    let title_lines: Vec<String> = doc.title.lines().map(escape).collect();
    let author = escape(&doc.author);
    let class = if doc.page.landscape {
        "doc wide"
    } else {
        "doc"
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"author\" content=\"{author}\">\n<title>{title}</title>\n\
         <style>{STYLE}{}</style>\n</head>\n<body>\n<article class=\"{class}\">\n<h1>{}</h1>\n",
        page_rule(&doc.page),
        title_lines.join("<br>")
    );
    for line in &doc.subtitle {
        let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", escape(line));
    }
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let tag = if *level <= 1 { "h2" } else { "h3" };
                let _ = writeln!(out, "<{tag}>{}</{tag}>", escape(text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p>{}</p>", escape(text));
            }
            Block::Table(t) => table(&mut out, t),
        }
    }
    out.push_str("</article>\n</body>\n</html>\n");
    out
}

/// The printed page: A4 in the document's orientation and margins (for the
/// official page, GB/T 9704's 37, 26, 35 and 28 mm).
fn page_rule(page: &PageSetup) -> String {
    format!(
        "@page {{ size: A4 {}; margin: {}mm {}mm {}mm {}mm; }}\n",
        if page.landscape {
            "landscape"
        } else {
            "portrait"
        },
        page.top_mm,
        page.right_mm,
        page.bottom_mm,
        page.left_mm
    )
}

fn table(out: &mut String, t: &Table) {
    let _ = writeln!(out, "<table aria-label=\"{}\">", escape(&t.caption));
    // The columns' proportions, as in the printed table.
    let total: f64 = t.widths.iter().sum();
    out.push_str("<colgroup>");
    for w in &t.widths {
        let _ = write!(out, "<col style=\"width:{:.1}%\">", w / total * 100.0);
    }
    out.push_str("</colgroup>\n");
    let layout = t.layout();
    for (r, slots) in layout.iter().enumerate() {
        if r == 0 && t.header_rows > 0 {
            out.push_str("<thead>\n");
        }
        if r == t.header_rows {
            out.push_str(if r == 0 {
                "<tbody>\n"
            } else {
                "</thead>\n<tbody>\n"
            });
        }
        out.push_str("<tr>");
        for slot in slots {
            if let Slot::Start { cell, .. } = slot {
                cell_html(out, cell);
            }
        }
        out.push_str("</tr>\n");
    }
    if layout.len() > t.header_rows {
        out.push_str("</tbody>\n");
    } else if t.header_rows > 0 {
        out.push_str("</thead>\n");
    }
    out.push_str("</table>\n");
}

fn cell_html(out: &mut String, cell: &Cell) {
    let tag = if cell.header { "th" } else { "td" };
    let _ = write!(out, "<{tag}");
    if cell.row_span > 1 {
        let _ = write!(out, " rowspan=\"{}\"", cell.row_span);
    }
    if cell.col_span > 1 {
        let _ = write!(out, " colspan=\"{}\"", cell.col_span);
    }
    if !cell.header {
        match (&cell.value, cell.centered) {
            (Value::Number(_), _) => out.push_str(" class=\"n\""),
            (_, true) => out.push_str(" class=\"c\""),
            _ => {}
        }
    }
    let _ = write!(out, ">{}</{tag}>", escape(&cell.display()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("长庆街道"), "长庆街道");
    }
}

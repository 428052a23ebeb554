//! The .html export: self-contained, and every user string escaped.

use super::sample_2023;
use crate::{render, Format, Narrative, Template};

const SCRIPT: &str = "<script>alert(1)</script>";
const ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";

#[test]
fn a_record_titled_script_is_only_ever_escaped() {
    let mut input = sample_2023();
    input.office.contact = format!("{SCRIPT}\"'&");
    input.figures.metrics[0].name = SCRIPT.into();
    input.figures.disclosures.by_category.0[0].0 = SCRIPT.into();
    input.narratives.push(Narrative {
        template: "standard".into(),
        section: "problems".into(),
        text: format!("{SCRIPT}<img src=x onerror=alert(2)>"),
    });
    input.ledger[0].sheet = format!("主动公开{SCRIPT}");
    for template in Template::ALL {
        let file = render(&input, template, Format::Html).unwrap();
        let html = String::from_utf8(file.bytes).unwrap();
        assert!(!html.contains("<script"), "{template:?}: a script element");
        assert!(!html.contains("<img"), "{template:?}");
        assert!(html.contains(ESCAPED), "{template:?}: the title, escaped");
    }
    let standard = String::from_utf8(
        render(&input, Template::Standard, Format::Html)
            .unwrap()
            .bytes,
    )
    .unwrap();
    assert!(standard.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
}

#[test]
fn the_page_is_one_file_with_print_styles_and_the_tables() {
    let file = render(&sample_2023(), Template::Standard, Format::Html).unwrap();
    assert_eq!(
        file.name,
        "长庆街道办事处2023年政府信息公开工作年度报告.html"
    );
    let html = String::from_utf8(file.bytes).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(r#"<meta charset="utf-8">"#));
    assert!(html.contains("@media print"));
    assert!(html.contains("@page { size: A4 portrait; margin: 37mm 26mm 35mm 28mm; }"));
    assert!(
        !html.contains("<link") && !html.contains("src="),
        "nothing outside the file"
    );
    assert!(html.contains("<title>长庆街道办事处2023年政府信息公开工作年度报告</title>"));
    assert!(html.contains("<h1>长庆街道办事处<br>2023年政府信息公开工作年度报告</h1>"));
    assert_eq!(html.matches("<table").count(), 3);
    assert!(html.contains(r#"<th rowspan="3" colspan="3">（本列数据的勾稽关系为"#));
    assert!(html.contains(r#"<th colspan="7">申请人情况</th>"#));
    assert!(html.contains(r#"<td rowspan="22" class="c">三、本年度办理结果</td>"#));
    assert!(html.contains("<thead>") && html.contains("</tbody>"));
}

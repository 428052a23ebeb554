//! Each view as an .xlsx workbook: a title line, a header row, one row per
//! item, a totals row. Figures are numbers (not text), so the clerk can go on
//! computing with them in Excel or WPS.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use super::grid::{MonthGrid, YearGrid};
use super::metrics::Metric;
use super::totals::{ByMonth, ByWindow, Comparison};
use taizhang_base::error::{Error, Result};

/// One cell of an exported table.
#[derive(Debug, Clone, PartialEq)]
pub enum XCell {
    Text(String),
    Number(f64),
    Empty,
}

fn count(n: i64) -> XCell {
    if n == 0 {
        XCell::Empty
    } else {
        XCell::Number(n as f64)
    }
}

fn opt(n: Option<i64>) -> XCell {
    n.map(count).unwrap_or(XCell::Empty)
}

fn text(s: impl Into<String>) -> XCell {
    XCell::Text(s.into())
}

/// A view as a table: what the workbook shows.
#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet's name (at most 31 characters) and the file's stem.
    pub name: String,
    /// The line above the table (office, window, period).
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<XCell>>,
    /// The last row is a totals row (bold).
    pub totals: bool,
}

impl Table {
    pub fn to_xlsx(&self) -> Result<Vec<u8>> {
        let xe =
            |e: rust_xlsxwriter::XlsxError| Error::Internal(format!("生成 Excel 文件失败：{e}"));
        let font = |f: Format| f.set_font_name("宋体").set_font_size(11);
        let title = font(Format::new()).set_bold().set_font_size(14);
        let header = font(Format::new())
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_border(FormatBorder::Thin)
            .set_background_color("F2F2F2");
        let body = font(Format::new()).set_border(FormatBorder::Thin);
        let number = body.clone().set_num_format("#,##0");
        let bold_body = body.clone().set_bold();
        let bold_number = number.clone().set_bold();
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let sheet_name: String = self
            .name
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        sheet.set_name(sheet_name).map_err(xe)?;
        let last_col = self.headers.len().saturating_sub(1) as u16;
        if last_col > 0 {
            sheet
                .merge_range(0, 0, 0, last_col, &self.title, &title)
                .map_err(xe)?;
        } else {
            sheet
                .write_string_with_format(0, 0, &self.title, &title)
                .map_err(xe)?;
        }
        for (c, h) in self.headers.iter().enumerate() {
            sheet
                .write_string_with_format(1, c as u16, h, &header)
                .map_err(xe)?;
            let width = if c == 0 {
                24.0
            } else {
                (h.chars().count() as f64 * 2.2).max(7.0)
            };
            sheet.set_column_width(c as u16, width).map_err(xe)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let is_total = self.totals && r + 1 == self.rows.len();
            let (tf, nf) = if is_total {
                (&bold_body, &bold_number)
            } else {
                (&body, &number)
            };
            let row_num = r as u32 + 2;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    XCell::Text(s) => sheet.write_string_with_format(row_num, c, s, tf),
                    XCell::Number(n) => sheet.write_number_with_format(row_num, c, *n, nf),
                    XCell::Empty => sheet.write_blank(row_num, c, tf),
                }
                .map_err(xe)?;
            }
        }
        sheet.set_freeze_panes(2, 1).map_err(xe)?;
        book.save_to_buffer().map_err(xe)
    }
}

fn item_label(name: &str, unit: &str) -> XCell {
    text(format!("{name}（{unit}）"))
}

pub fn month_grid_table(g: &MonthGrid, office: &str) -> Table {
    let mut headers = vec!["服务事项".to_string()];
    headers.extend(g.days.iter().map(|d| format!("{}日", d.day)));
    let with_month = g.month_entries_total > 0;
    if with_month {
        headers.push("整月录入".into());
    }
    headers.push("合计".into());
    let mut rows: Vec<Vec<XCell>> = g
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![item_label(&r.item.name, &r.item.unit)];
            row.extend(r.days.iter().map(|d| opt(*d)));
            if with_month {
                row.push(opt(r.month_entry));
            }
            row.push(count(r.total));
            row
        })
        .collect();
    let mut totals = vec![text("合计")];
    totals.extend(g.day_totals.iter().map(|n| count(*n)));
    if with_month {
        totals.push(count(g.month_entries_total));
    }
    totals.push(count(g.total));
    rows.push(totals);
    Table {
        name: format!("{}{}年{}月", g.window.name, g.year, g.month),
        title: format!(
            "{office}窗口业务登记表　窗口：{}　{}年{}月",
            g.window.name, g.year, g.month
        ),
        headers,
        rows,
        totals: true,
    }
}

const MONTHS: [&str; 12] = [
    "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
];

pub fn year_grid_table(g: &YearGrid, office: &str) -> Table {
    let mut headers = vec!["服务事项".to_string()];
    headers.extend(MONTHS.iter().map(|m| m.to_string()));
    headers.extend(["全年总数（历史）".to_string(), "合计".to_string()]);
    let mut rows: Vec<Vec<XCell>> = g
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![item_label(&r.item.name, &r.item.unit)];
            row.extend(r.months.iter().map(|m| count(m.total)));
            row.extend([opt(r.year_entry), count(r.total)]);
            row
        })
        .collect();
    let mut totals = vec![text("合计")];
    totals.extend(g.month_totals.iter().map(|n| count(*n)));
    totals.extend([count(g.year_entries_total), count(g.total)]);
    rows.push(totals);
    Table {
        name: format!("{}{}年", g.window.name, g.year),
        title: format!(
            "{office}窗口业务月度登记表　窗口：{}　{}年",
            g.window.name, g.year
        ),
        headers,
        rows,
        totals: true,
    }
}

pub fn by_window_table(t: &ByWindow, office: &str) -> Table {
    let mut headers = vec!["服务事项".to_string()];
    headers.extend(t.windows.iter().map(|w| w.name.clone()));
    headers.push("合计".into());
    let mut rows: Vec<Vec<XCell>> = t
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![item_label(&r.item.name, &r.item.unit)];
            row.extend(r.counts.iter().map(|n| count(*n)));
            row.push(count(r.total));
            row
        })
        .collect();
    let mut totals = vec![text("合计")];
    totals.extend(t.window_totals.iter().map(|n| count(*n)));
    totals.push(count(t.total));
    rows.push(totals);
    Table {
        name: format!("{}年各窗口汇总", t.year),
        title: format!("{office}{}年窗口业务汇总（按窗口）", t.year),
        headers,
        rows,
        totals: true,
    }
}

pub fn by_month_table(t: &ByMonth, office: &str, window: &str) -> Table {
    let mut headers = vec!["服务事项".to_string()];
    headers.extend(MONTHS.iter().map(|m| m.to_string()));
    headers.extend(["未分月（全年总数）".to_string(), "合计".to_string()]);
    let mut rows: Vec<Vec<XCell>> = t
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![item_label(&r.item.name, &r.item.unit)];
            row.extend(r.months.iter().map(|n| count(*n)));
            row.extend([count(r.whole_year), count(r.total)]);
            row
        })
        .collect();
    let mut totals = vec![text("合计")];
    totals.extend(t.month_totals.iter().map(|n| count(*n)));
    totals.extend([count(t.whole_year_total), count(t.total)]);
    rows.push(totals);
    Table {
        name: format!("{}年按月汇总", t.year),
        title: format!("{office}{}年窗口业务汇总（按月）　{window}", t.year),
        headers,
        rows,
        totals: true,
    }
}

pub fn compare_table(t: &Comparison, office: &str, window: &str) -> Table {
    let headers = [
        "服务事项",
        "单位",
        &format!("{}年", t.year),
        &format!("{}年", t.year - 1),
        "增减",
        "增减（%）",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut rows: Vec<Vec<XCell>> = t
        .rows
        .iter()
        .map(|r| {
            vec![
                text(&r.item.name),
                text(&r.item.unit),
                XCell::Number(r.this_year as f64),
                XCell::Number(r.last_year as f64),
                XCell::Number(r.change as f64),
                r.percent.map(XCell::Number).unwrap_or(XCell::Empty),
            ]
        })
        .collect();
    rows.push(vec![
        text("合计"),
        XCell::Empty,
        XCell::Number(t.this_year as f64),
        XCell::Number(t.last_year as f64),
        XCell::Number((t.this_year - t.last_year) as f64),
        XCell::Empty,
    ]);
    Table {
        name: format!("{}年同比", t.year),
        title: format!(
            "{office}{}年与{}年窗口业务对比　{window}",
            t.year,
            t.year - 1
        ),
        headers,
        rows,
        totals: true,
    }
}

pub fn metrics_table(year: i32, list: &[Metric], office: &str) -> Table {
    Table {
        name: format!("{year}年其他数据"),
        title: format!("{office}{year}年其他数据"),
        headers: vec!["名称".into(), "数值".into(), "单位".into()],
        rows: list
            .iter()
            .map(|m| vec![text(&m.name), XCell::Number(m.value), text(&m.unit)])
            .collect(),
        totals: false,
    }
}

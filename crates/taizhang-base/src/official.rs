//! The fixed vocabulary of the national standard yearly report
//! (政府信息公开工作年度报告格式, 国办公开办函〔2021〕30号, and the 2019 trial
//! format): table 三's columns and rows, table 四's groups, and the sections.
//! Labels are verbatim: exported tables must use them as they are. Codes are
//! those of `taizhang.dataset/1` and `taizhang.report/1`.

/// Table 三's applicant columns (the six applicant kinds), in order, then 总计.
pub const APPLICANT_KINDS: &[(&str, &str)] = &[
    ("natural_person", "自然人"),
    ("commercial_enterprise", "商业企业"),
    ("research_institution", "科研机构"),
    ("social_welfare_org", "社会公益组织"),
    ("legal_service_org", "法律服务机构"),
    ("other_org", "其他"),
];

/// The applicant kinds as named outside table 三's own header (forms, lists,
/// the ledger, prose, checks). In the table 其他 stands under the merged
/// 法人或其他组织 header; on its own it would read as a catch-all for every
/// kind of applicant, so it says which 其他 it is.
pub const APPLICANT_KIND_NAMES: &[(&str, &str)] = &[
    ("natural_person", "自然人"),
    ("commercial_enterprise", "商业企业"),
    ("research_institution", "科研机构"),
    ("social_welfare_org", "社会公益组织"),
    ("legal_service_org", "法律服务机构"),
    ("other_org", "其他（法人或其他组织）"),
];

/// The seven column codes of table 三 in `taizhang.report/1`.
pub const TABLE3_COLUMNS: &[&str] = &[
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
];

/// The printed top-left header cell of table 三.
pub const TABLE3_CORNER: &str =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// One row of table 三.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table3Row {
    /// Row key of the report JSON; for result rows also the application's result code.
    pub code: &'static str,
    /// The row's own label cell.
    pub label: &'static str,
    /// The merged label cell this row sits under (（三）不予公开 …), if any.
    pub group: Option<&'static str>,
    /// Whether this row is one of the 21 results an application can have.
    pub is_result: bool,
}

const fn row(code: &'static str, label: &'static str) -> Table3Row {
    Table3Row {
        code,
        label,
        group: None,
        is_result: false,
    }
}
const fn result(code: &'static str, label: &'static str, group: Option<&'static str>) -> Table3Row {
    Table3Row {
        code,
        label,
        group,
        is_result: true,
    }
}

pub const GROUP_RESULTS: &str = "三、本年度办理结果";
pub const GROUP_WITHHELD: &str = "（三）不予公开";
pub const GROUP_UNAVAILABLE: &str = "（四）无法提供";
pub const GROUP_NOT_PROCESSED: &str = "（五）不予处理";
pub const GROUP_OTHER: &str = "（六）其他处理";

/// Table 三's numbered rows, in printed order (2021 format). Rows from
/// `disclosed` to `results_total` sit under 三、本年度办理结果.
pub const TABLE3_ROWS: &[Table3Row] = &[
    row("new", "一、本年新收政府信息公开申请数量"),
    row("carried_in", "二、上年结转政府信息公开申请数量"),
    result("disclosed", "（一）予以公开", None),
    result(
        "partially_disclosed",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        None,
    ),
    result(
        "withheld.state_secret",
        "1.属于国家秘密",
        Some(GROUP_WITHHELD),
    ),
    result(
        "withheld.prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        Some(GROUP_WITHHELD),
    ),
    result(
        "withheld.security_stability",
        "3.危及“三安全一稳定”",
        Some(GROUP_WITHHELD),
    ),
    result(
        "withheld.third_party_rights",
        "4.保护第三方合法权益",
        Some(GROUP_WITHHELD),
    ),
    result(
        "withheld.internal_affairs",
        "5.属于三类内部事务信息",
        Some(GROUP_WITHHELD),
    ),
    result(
        "withheld.process_information",
        "6.属于四类过程性信息",
        Some(GROUP_WITHHELD),
    ),
    result(
        "withheld.enforcement_files",
        "7.属于行政执法案卷",
        Some(GROUP_WITHHELD),
    ),
    result(
        "withheld.administrative_inquiry",
        "8.属于行政查询事项",
        Some(GROUP_WITHHELD),
    ),
    result(
        "unavailable.not_held",
        "1.本机关不掌握相关政府信息",
        Some(GROUP_UNAVAILABLE),
    ),
    result(
        "unavailable.needs_creation",
        "2.没有现成信息需要另行制作",
        Some(GROUP_UNAVAILABLE),
    ),
    result(
        "unavailable.unclear_after_correction",
        "3.补正后申请内容仍不明确",
        Some(GROUP_UNAVAILABLE),
    ),
    result(
        "not_processed.petition",
        "1.信访举报投诉类申请",
        Some(GROUP_NOT_PROCESSED),
    ),
    result(
        "not_processed.duplicate",
        "2.重复申请",
        Some(GROUP_NOT_PROCESSED),
    ),
    result(
        "not_processed.publication",
        "3.要求提供公开出版物",
        Some(GROUP_NOT_PROCESSED),
    ),
    result(
        "not_processed.excessive",
        "4.无正当理由大量反复申请",
        Some(GROUP_NOT_PROCESSED),
    ),
    result(
        "not_processed.confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        Some(GROUP_NOT_PROCESSED),
    ),
    result(
        "other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        Some(GROUP_OTHER),
    ),
    result(
        "other.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        Some(GROUP_OTHER),
    ),
    result("other.other", "3.其他", Some(GROUP_OTHER)),
    row("results_total", "（七）总计"),
    row("carried_out", "四、结转下年度继续办理"),
];

/// The 21 result rows (the results an application can have), in order.
pub fn result_rows() -> impl Iterator<Item = &'static Table3Row> {
    TABLE3_ROWS.iter().filter(|r| r.is_result)
}

/// The label of a result code as the clerk sees it in a list: the group and
/// the row (不予公开·属于国家秘密), or the row alone.
pub fn result_label(code: &str) -> Option<String> {
    let r = result_rows().find(|r| r.code == code)?;
    let bare = |s: &str| {
        s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .to_string()
    };
    let group = |g: &str| {
        g.trim_start_matches(|c| "（）一二三四五六七".contains(c))
            .to_string()
    };
    Some(match r.group {
        Some(g) => format!("{}·{}", group(g), bare(r.label)),
        None => group(r.label),
    })
}

/// Table 四: the three kinds of case, each with five columns.
pub const APPEAL_KINDS: &[(&str, &str)] = &[
    ("reconsideration", "行政复议"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_reconsideration", "复议后起诉"),
];

/// Table 四's columns within each kind; `total` is the sum of the four before it.
pub const APPEAL_OUTCOMES: &[(&str, &str)] = &[
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
];

/// The sections of the standard report: key, heading, and whether it is prose
/// (from the narrative) rather than a table.
pub const STANDARD_SECTIONS: &[(&str, &str, bool)] = &[
    ("overview", "一、总体情况", true),
    ("proactive", "二、主动公开政府信息情况", false),
    ("applications", "三、收到和处理政府信息公开申请情况", false),
    ("appeals", "四、政府信息公开行政复议、行政诉讼情况", false),
    ("problems", "五、存在的主要问题及改进情况", true),
    ("other", "六、其他需要报告的事项", true),
];

/// The eight sections of the work summary (the 2018 reference's shape).
pub const SUMMARY_SECTIONS: &[(&str, &str)] = &[
    (
        "system",
        "一、政务公开工作制度建设、机构建设、审查机制建设情况",
    ),
    ("proactive", "二、主动公开工作开展情况"),
    ("applications", "三、依申请公开工作开展情况"),
    ("key_areas", "四、重点领域信息公开工作开展情况"),
    (
        "services",
        "五、“互联网+政务服务”网上办事等政务服务工作开展情况",
    ),
    ("platform", "六、政务公开平台建设情况"),
    ("problems", "七、工作中存在的困难和问题"),
    ("plans", "八、明年工作思路和有关意见建议"),
];

/// Table 四's group over the two kinds of lawsuit.
pub const APPEALS_LITIGATION: &str = "行政诉讼";

/// Table 二's header cell over the row labels.
pub const TABLE2_CONTENT: &str = "信息内容";

/// One block of table 二: the article item it reports on (a label row), its
/// column headers, and its rows (code, label). Codes are the keys of
/// `proactive` in `taizhang.report/1` where the format has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table2Block {
    pub item: &'static str,
    pub columns: &'static [&'static str],
    /// One key per column: a cell is `{row code}.{column key}`.
    pub keys: &'static [&'static str],
    pub rows: &'static [(&'static str, &'static str)],
}

/// Table 二 of the 2021 format.
pub const TABLE2: &[Table2Block] = &[
    Table2Block {
        item: "第二十条第（一）项",
        columns: &["本年制发件数", "本年废止件数", "现行有效件数"],
        keys: &["issued", "repealed", "in_force"],
        rows: &[("rules", "规章"), ("normative_documents", "行政规范性文件")],
    },
    Table2Block {
        item: "第二十条第（五）项",
        columns: &["本年处理决定数量"],
        keys: &["decisions"],
        rows: &[("licensing", "行政许可")],
    },
    Table2Block {
        item: "第二十条第（六）项",
        columns: &["本年处理决定数量"],
        keys: &["decisions"],
        rows: &[("penalty", "行政处罚"), ("enforcement", "行政强制")],
    },
    Table2Block {
        item: "第二十条第（八）项",
        columns: &["本年收费金额（单位：万元）"],
        keys: &["amount_wan_yuan"],
        rows: &[("fees", "行政事业性收费")],
    },
];

/// Table 二 of the 2019 trial format (report years 2019 and 2020).
pub const TABLE2_TRIAL: &[Table2Block] = &[
    Table2Block {
        item: "第二十条第（一）项",
        columns: &["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        keys: &["made", "published", "in_force"],
        rows: &[("rules", "规章"), ("normative_documents", "规范性文件")],
    },
    Table2Block {
        item: "第二十条第（五）项",
        columns: &["上一年项目数量", "本年增/减", "处理决定数量"],
        keys: &["previous_items", "change", "decisions"],
        rows: &[
            ("licensing", "行政许可"),
            ("other_services", "其他对外管理服务事项"),
        ],
    },
    Table2Block {
        item: "第二十条第（六）项",
        columns: &["上一年项目数量", "本年增/减", "处理决定数量"],
        keys: &["previous_items", "change", "decisions"],
        rows: &[("penalty", "行政处罚"), ("enforcement", "行政强制")],
    },
    Table2Block {
        item: "第二十条第（八）项",
        columns: &["上一年项目数量", "本年增/减"],
        keys: &["previous_items", "change"],
        rows: &[("fees", "行政事业性收费")],
    },
    Table2Block {
        item: "第二十条第（九）项",
        columns: &["采购项目数量", "采购总金额"],
        keys: &["items", "amount"],
        rows: &[("procurement", "政府集中采购")],
    },
];

/// The first report year of the national standard format: the revised
/// 条例 took effect on 15 May 2019 and the trial format with it, so no
/// standard report exists for an earlier year.
pub const STANDARD_FORMAT_FROM: i32 = 2019;

/// The cells of the trial format's table 二 that no register is a source
/// for: the clerk types them per year (`{row code}.{column key}`). 本年增/减
/// may be negative; every other is a count or an amount, not below zero.
pub const TABLE2_TRIAL_MANUAL: &[&str] = &[
    "licensing.previous_items",
    "licensing.change",
    "other_services.previous_items",
    "other_services.change",
    "other_services.decisions",
    "penalty.previous_items",
    "penalty.change",
    "enforcement.previous_items",
    "enforcement.change",
    "fees.previous_items",
    "fees.change",
    "procurement.items",
    "procurement.amount",
];

/// A trial-format table 二 cell's row and column labels (规章 · 本年新制作数量).
pub fn trial_cell_labels(cell: &str) -> Option<(&'static str, &'static str)> {
    let (row, key) = cell.split_once('.')?;
    TABLE2_TRIAL.iter().find_map(|b| {
        let label = b.rows.iter().find(|(code, _)| *code == row)?.1;
        let column = b.keys.iter().position(|k| *k == key)?;
        Some((label, b.columns[column]))
    })
}

/// Whether a report year uses the 2019 trial format (2019 and 2020) rather
/// than the 2021 format.
pub fn uses_trial_format(year: i32) -> bool {
    (2019..=2020).contains(&year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table3_has_21_results_and_25_numbered_rows() {
        // 予以公开, 部分公开, 不予公开 ×8, 无法提供 ×3, 不予处理 ×5, 其他处理 ×3.
        assert_eq!(result_rows().count(), 21);
        assert_eq!(TABLE3_ROWS.len(), 25);
        assert_eq!(TABLE3_COLUMNS.len(), APPLICANT_KINDS.len() + 1);
    }

    #[test]
    fn applicant_names_differ_from_the_header_only_for_other() {
        assert_eq!(APPLICANT_KIND_NAMES.len(), APPLICANT_KINDS.len());
        for ((code, header), (name_code, name)) in APPLICANT_KINDS.iter().zip(APPLICANT_KIND_NAMES) {
            assert_eq!(code, name_code);
            if *code == "other_org" {
                assert_eq!(*name, "其他（法人或其他组织）");
            } else {
                assert_eq!(header, name);
            }
        }
    }

    #[test]
    fn every_table2_block_has_a_key_per_column_and_manual_cells_exist() {
        for b in TABLE2.iter().chain(TABLE2_TRIAL) {
            assert_eq!(b.keys.len(), b.columns.len(), "{}", b.item);
        }
        for cell in TABLE2_TRIAL_MANUAL {
            assert!(trial_cell_labels(cell).is_some(), "{cell}");
        }
        assert_eq!(
            trial_cell_labels("procurement.amount"),
            Some(("政府集中采购", "采购总金额"))
        );
        assert_eq!(trial_cell_labels("rules.repealed"), None, "not a trial column");
    }

    #[test]
    fn result_labels_read_like_the_table() {
        assert_eq!(result_label("disclosed").unwrap(), "予以公开");
        assert_eq!(
            result_label("withheld.state_secret").unwrap(),
            "不予公开·属于国家秘密"
        );
        assert_eq!(
            result_label("other.no_correction")
                .unwrap()
                .split('、')
                .next()
                .unwrap(),
            "其他处理·申请人无正当理由逾期不补正"
        );
        assert!(result_label("new").is_none(), "not a result");
    }
}

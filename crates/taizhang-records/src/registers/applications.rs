//! 依申请公开: disclosure applications, each with its statutory clock
//! ([`clock`]), its result from table 三 of the yearly report, and the fee
//! charged ([`fee`]). [`counting`] turns the register (and the appeals) into
//! tables 三 and 四.

pub mod clock;
pub mod counting;
pub mod fee;

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, OptionalExtension};
use serde_json::{json, Value};

use crate::framework::status::{self, Cond, Op, StatusRule, Term, Today};
use crate::framework::{
    date_of, CodeOption, Ctx, Field, Hooks, Kind, MissingFact, Record, RegisterSpec, StatusFilter,
    YearRule,
};
use taizhang_base::dates::iso;
use taizhang_base::error::Problem;
use taizhang_base::official::{self, APPLICANT_KINDS};

use clock::{Clock, Facts, Status};
use counting::ApplicationFacts;

/// How an application arrived (`taizhang.dataset/1` codes).
pub const CHANNELS: &[(&str, &str)] = &[
    ("in_person", "当面"),
    ("mail", "邮寄"),
    ("online", "网络"),
    ("fax", "传真"),
    ("email", "电子邮件"),
    ("other", "其他"),
];

/// The day an application counts as received depends on how it came
/// (Regulation Art. 31); the form shows the rule for the chosen channel.
const RECEIPT_RULES: &[(&str, &str)] = &[
    ("in_person", "当面提交的，填写申请人提交申请的当天。"),
    (
        "mail",
        "邮寄的：挂号信、快递等需签收的，填写本机关签收的日期；平信等无需签收的，填写与申请人确认收到申请的日期。",
    ),
    ("online", "网上提交的，填写双方确认收到申请的日期。"),
    ("fax", "传真提交的，填写双方确认收到申请的日期。"),
    ("email", "电子邮件提交的，填写双方确认收到申请的日期。"),
    ("other", "填写本机关实际收到并与申请人确认的日期。"),
];

/// The 21 results of table 三, grouped as the table groups them.
static RESULTS: LazyLock<Vec<CodeOption>> = LazyLock::new(|| {
    official::result_rows()
        .map(|r| CodeOption {
            code: r.code,
            label: r.label,
            group: r.group,
            short: short_result(r.code),
        })
        .collect()
});

/// A result as lists name it: 不予公开·属于国家秘密, and 部分公开 without
/// the table's parenthetical counting note.
fn short_result(code: &str) -> String {
    let label = official::result_label(code).expect("a result row");
    match label.split_once('（') {
        Some((head, _)) if !head.is_empty() => head.to_string(),
        _ => label,
    }
}

fn results() -> &'static [CodeOption] {
    &RESULTS
}

pub const NO_CORRECTION: &str = "other.no_correction";
const UNCLEAR_AFTER_CORRECTION: &str = "unavailable.unclear_after_correction";

pub static SPEC: RegisterSpec = RegisterSpec {
    key: "applications",
    table: "applications",
    label: "依申请公开",
    noun: "申请",
    id_prefix: "a",
    fields: &[
        Field::new("serial", "编号", Kind::Text { max: 30 })
            .listed()
            .help("留空则按年度自动编号，如 2023-001"),
        Field::new("channel", "申请方式", Kind::Code(CHANNELS)),
        Field::new("received_on", "收到日期", Kind::Date)
            .required()
            .listed()
            .help("答复期限自收到之日起计算。先选择申请方式，这里会说明收到日期怎样认定。")
            .help_by("channel", RECEIPT_RULES),
        Field::new("applicant_kind", "申请人类型", Kind::Code(APPLICANT_KINDS)).required(),
        Field::new("applicant_name", "申请人", Kind::Text { max: 100 })
            .personal()
            .listed()
            .help("个人信息：不出现在年报中，导出数据包时须勾选才包含"),
        Field::new("applicant_contact", "联系方式", Kind::Text { max: 200 }).personal(),
        Field::new("request", "申请内容", Kind::LongText)
            .required()
            .listed(),
        Field::new("correction_requested_on", "补正通知日期", Kind::Date)
            .help("需要补正的，应在收到申请后7个工作日内一次性告知"),
        Field::new("correction_received_on", "收到补正日期", Kind::Date)
            .help("答复期限自收到补正之日起重新计算"),
        Field::new("extended_on", "延期批准日期", Kind::Date),
        Field::new(
            "extension_working_days",
            "延期工作日数",
            Kind::Int { min: 1, max: 20 },
        )
        .help("经负责人同意延期的，最长20个工作日"),
        Field::new("consultation_started_on", "征求意见开始", Kind::Date)
            .help("征求第三方或其他机关意见的，所需时间不计入答复期限"),
        Field::new("consultation_answered_on", "征求意见答复", Kind::Date),
        Field::new("replied_on", "答复日期", Kind::Date).listed(),
        Field::new("result", "办理结果", Kind::GroupedCode(results))
            .listed()
            .help("按年报表三的分类选择；部分公开的只选“部分公开”"),
        Field::new(
            "fee_yuan",
            "信息处理费",
            Kind::Int {
                min: 0,
                max: 10_000_000,
            },
        )
        .help("单位：元。填实际收取的金额，未收费的留空或填 0"),
        Field::new("note", "备注", Kind::LongText),
    ],
    year_rule: YearRule::Open {
        start: "received_on",
        end: "replied_on",
        footprint,
    },
    search_fields: &["serial", "applicant_name", "request"],
    default_sort: ("received_on", true),
    // The clock's status ([`clock::status`]) is these rules judged on the
    // row an application is stored as; they exclude each other.
    status_rules: &[
        StatusRule {
            code: "awaiting_correction",
            when: Cond::All(&[Cond::IsNull("replied_on"), AWAITING_CORRECTION]),
        },
        StatusRule {
            code: "in_progress",
            when: Cond::All(&[RUNNING, Cond::IsNull("extended_on")]),
        },
        StatusRule {
            code: "extended",
            when: Cond::All(&[RUNNING, Cond::NotNull("extended_on")]),
        },
        StatusRule {
            code: "consulting",
            when: Cond::All(&[
                Cond::IsNull("replied_on"),
                Cond::Not(&AWAITING_CORRECTION),
                CONSULTING,
                Cond::Any(&[Cond::IsNull("due_on"), DUE_NOT_PASSED]),
            ]),
        },
        StatusRule {
            code: "overdue",
            when: Cond::All(&[
                Cond::IsNull("replied_on"),
                Cond::Compare(Term::Column("due_on"), Op::Lt, Term::Today),
            ]),
        },
        StatusRule {
            code: "closed",
            when: Cond::NotNull("replied_on"),
        },
    ],
    statuses: &[
        StatusFilter::new("awaiting_correction", "待补正"),
        StatusFilter::new("in_progress", "办理中"),
        StatusFilter::new("extended", "已延期"),
        StatusFilter::new("consulting", "征求意见中"),
        StatusFilter::new("overdue", "已逾期"),
        StatusFilter::new("closed", "已办结"),
    ],
    hooks: &ApplicationHooks,
};

/// A correction was asked for and has not arrived.
const AWAITING_CORRECTION: Cond = Cond::All(&[
    Cond::NotNull("correction_requested_on"),
    Cond::IsNull("correction_received_on"),
]);
/// A consultation was started and not answered.
const CONSULTING: Cond = Cond::All(&[
    Cond::NotNull("consultation_started_on"),
    Cond::IsNull("consultation_answered_on"),
]);
const DUE_NOT_PASSED: Cond = Cond::Compare(Term::Column("due_on"), Op::Ge, Term::Today);
/// Open, its clock running and not past its due date.
const RUNNING: Cond = Cond::All(&[
    Cond::IsNull("replied_on"),
    DUE_NOT_PASSED,
    Cond::Not(&CONSULTING),
]);

/// The status code of an application with these facts and this clock on
/// `today`: the status rules judged on the row it is stored as.
pub(crate) fn status_code(f: &Facts, clock: &Clock, today: NaiveDate) -> Option<&'static str> {
    let row = [
        ("received_on", status::date(Some(f.received_on))),
        (
            "correction_requested_on",
            status::date(f.correction_requested_on),
        ),
        (
            "correction_received_on",
            status::date(f.correction_received_on),
        ),
        ("extended_on", status::date(f.extended_on)),
        (
            "consultation_started_on",
            status::date(f.consultation_started_on),
        ),
        (
            "consultation_answered_on",
            status::date(f.consultation_answered_on),
        ),
        ("replied_on", status::date(f.replied_on)),
        ("due_on", status::date(clock.running_due())),
    ];
    let today = Today {
        date: today,
        calendar: None,
    };
    let row = status::row(&row);
    SPEC.status_on(&row, &today)
}

/// The clock's facts of a record (one that passed its field checks).
impl TryFrom<&Record> for Facts {
    type Error = MissingFact;

    fn try_from(rec: &Record) -> Result<Facts, MissingFact> {
        Ok(Facts {
            received_on: date_of(rec, "received_on").ok_or(MissingFact("received_on"))?,
            correction_requested_on: date_of(rec, "correction_requested_on"),
            correction_received_on: date_of(rec, "correction_received_on"),
            extended_on: date_of(rec, "extended_on"),
            extension_working_days: rec
                .get("extension_working_days")
                .and_then(Value::as_u64)
                .map(|n| n as u32),
            consultation_started_on: date_of(rec, "consultation_started_on"),
            consultation_answered_on: date_of(rec, "consultation_answered_on"),
            replied_on: date_of(rec, "replied_on"),
        })
    }
}

/// What counting needs of a record.
impl TryFrom<&Record> for ApplicationFacts {
    type Error = MissingFact;

    fn try_from(rec: &Record) -> Result<ApplicationFacts, MissingFact> {
        let text = |k: &str| rec.get(k).and_then(Value::as_str).map(str::to_string);
        Ok(ApplicationFacts {
            id: text("id").unwrap_or_default(),
            applicant_kind: text("applicant_kind").unwrap_or_default(),
            received_on: date_of(rec, "received_on").ok_or(MissingFact("received_on"))?,
            replied_on: date_of(rec, "replied_on"),
            result: text("result"),
            fee_yuan: rec.get("fee_yuan").and_then(Value::as_i64).unwrap_or(0),
        })
    }
}

/// What an application counts in `year`: its rows and column of table 三,
/// and the fee, which counts (in section 六) in the year of the reply.
/// Nothing when it counts nowhere that year.
fn footprint(rec: &Record, year: i32) -> Option<Value> {
    let a = ApplicationFacts::try_from(rec).ok()?;
    let (rows, column) = counting::application_cells(&a, year);
    let fee = a
        .replied_on
        .filter(|r| r.year() == year)
        .map(|_| a.fee_yuan);
    (!rows.is_empty()).then(|| json!([rows, column, fee]))
}

/// The first column of the first row of a (cached) query, if any. Hooks run
/// for every record of an import: the statements are prepared once.
pub(crate) fn lookup<T: rusqlite::types::FromSql>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<Option<T>> {
    conn.prepare_cached(sql)?
        .query_row(params, |r| r.get(0))
        .optional()
}

/// The next free serial number of a year: `2023-001`, `2023-002` … after
/// the highest `YEAR-number` serial of that year. An index seek, not a scan:
/// past 999 the text order no longer follows the numbers, so the number
/// found is stepped up until it is free.
pub fn next_serial(conn: &rusqlite::Connection, year: i32) -> rusqlite::Result<String> {
    let prefix = format!("{year}-");
    let last: Option<String> = lookup(
        conn,
        "SELECT serial FROM applications WHERE year = ?1 AND serial > ?2 AND serial < ?3
         ORDER BY serial DESC LIMIT 1",
        // ':' follows '9': the range holds the serials `YEAR-` + a digit …
        params![year, prefix, format!("{prefix}:")],
    )?;
    let mut n: u32 = last
        .as_deref()
        .and_then(|s| s.strip_prefix(&prefix))
        .map(|digits| {
            digits
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|d| d.parse().ok())
        .unwrap_or(0);
    loop {
        n += 1;
        let serial = format!("{prefix}{n:03}");
        let taken: Option<bool> = lookup(
            conn,
            "SELECT EXISTS (SELECT 1 FROM applications WHERE year = ?1 AND serial = ?2)",
            params![year, serial],
        )?;
        if taken != Some(true) {
            return Ok(serial);
        }
    }
}

struct ApplicationHooks;

impl Hooks for ApplicationHooks {
    /// A blank serial keeps the stored one, or takes the year's next.
    fn complete(&self, ctx: &Ctx, rec: &mut Record) {
        if rec
            .get("serial")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.trim().is_empty())
        {
            return;
        }
        let stored: Option<String> = rec.get("id").and_then(Value::as_str).and_then(|id| {
            lookup(
                ctx.conn,
                "SELECT serial FROM applications WHERE id = ?1",
                [id],
            )
            .ok()
            .flatten()
        });
        let serial = match stored {
            Some(s) => Some(s),
            None => date_of(rec, "received_on").and_then(|d| next_serial(ctx.conn, d.year()).ok()),
        };
        if let Some(s) = serial {
            rec.insert("serial".into(), json!(s));
        }
    }

    fn check(&self, ctx: &Ctx, rec: &Record, prefix: &str, problems: &mut Vec<Problem>) {
        let mut rules = Rules {
            rec,
            prefix,
            problems,
        };
        rules.dates_in_order();
        rules.closed_iff_result();
        rules.pairs_complete();
        rules.result_fits_the_correction();
        rules.serial_unique(ctx);
    }

    fn stored(&self, ctx: &Ctx, rec: &Record) -> Vec<(&'static str, Value)> {
        let clock = Facts::try_from(rec)
            .ok()
            .map(|f| clock::compute(ctx.calendar, &f));
        let date = |d: Option<NaiveDate>| d.map(|d| json!(iso(d))).unwrap_or(Value::Null);
        vec![
            (
                "correction_due_on",
                date(clock.as_ref().map(|c| c.correction_due.due)),
            ),
            ("due_on", date(clock.as_ref().and_then(Clock::running_due))),
        ]
    }

    fn decorate(&self, ctx: &Ctx, rec: &mut Record) {
        let Ok(f) = Facts::try_from(&*rec) else {
            return;
        };
        let clock = clock::compute(ctx.calendar, &f);
        let status = clock::status(&clock, &f, ctx.today);
        let (label, kind) = status_words(ctx, &clock, &f, status);
        rec.insert("_status".into(), json!(status.code()));
        rec.insert("_status_label".into(), json!(label));
        rec.insert("_status_kind".into(), json!(kind));
        if let Some(due) = clock.running_due() {
            rec.insert("_due_on".into(), json!(iso(due)));
        }
        rec.insert("_due_explain".into(), json!(due_explain(&clock, &f)));
        rec.insert(
            "_correction_due_on".into(),
            json!(iso(clock.correction_due.due)),
        );
        rec.insert(
            "_correction_due_explain".into(),
            json!(clock.correction_due.explain()),
        );
        if let Some(asked) = f
            .correction_requested_on
            .filter(|_| clock.correction_late(&f))
        {
            let days = ctx
                .calendar
                .working_days_between(clock.correction_due.due, asked);
            rec.insert(
                "_correction_late".into(),
                json!(format!(
                    "补正通知晚于期限（{}）{days}个工作日发出",
                    iso(clock.correction_due.due)
                )),
            );
        }
        let provisional = clock
            .reply
            .as_ref()
            .is_some_and(|r| !r.unknown_years().is_empty());
        rec.insert("_due_provisional".into(), json!(provisional));
        rec.insert("_title".into(), json!(title(rec)));
    }

    fn new_id(&self, ctx: &Ctx, rec: &Record) -> Option<String> {
        let serial = rec.get("serial").and_then(Value::as_str)?;
        let id = format!("a-{serial}");
        let taken: Option<bool> = lookup(
            ctx.conn,
            "SELECT EXISTS (SELECT 1 FROM applications WHERE id = ?1)",
            [&id],
        )
        .unwrap_or(Some(true));
        (taken == Some(false)).then_some(id)
    }
}

/// How a reference names an application: its serial and what was asked.
fn title(rec: &Record) -> String {
    let serial = rec.get("serial").and_then(Value::as_str).unwrap_or("");
    let request = rec.get("request").and_then(Value::as_str).unwrap_or("");
    let mut excerpt: String = request.chars().take(24).collect();
    if request.chars().count() > 24 {
        excerpt.push('…');
    }
    format!("{serial} {excerpt}")
}

/// The status in words, and its colour.
fn status_words(ctx: &Ctx, clock: &Clock, f: &Facts, status: Status) -> (String, &'static str) {
    let due = clock.running_due();
    match status {
        Status::Closed => match (f.replied_on, due) {
            (Some(replied), Some(due)) if replied > due => (
                format!(
                    "已办结（超期{}个工作日）",
                    ctx.calendar.working_days_between(due, replied)
                ),
                "late",
            ),
            _ => (status.label().to_string(), "ok"),
        },
        Status::Overdue => {
            let days = due.map_or(0, |d| ctx.calendar.working_days_between(d, ctx.today));
            (format!("已逾期（超过{days}个工作日）"), "late")
        }
        Status::InProgress | Status::Extended => {
            let left = due.map_or(u32::MAX, |d| {
                ctx.calendar.working_days_between(ctx.today, d)
            });
            if left == 0 {
                (format!("{}（今日到期）", status.label()), "soon")
            } else if left <= clock::SOON_WORKING_DAYS {
                (format!("{}（剩{left}个工作日）", status.label()), "soon")
            } else {
                (status.label().to_string(), "")
            }
        }
        Status::AwaitingCorrection | Status::Consulting => (status.label().to_string(), ""),
    }
}

/// How the due date was computed, or why there is none yet.
fn due_explain(clock: &Clock, f: &Facts) -> String {
    if f.correction_requested_on.is_some() && f.correction_received_on.is_none() {
        return if f.replied_on.is_some() {
            "申请人未补正，未计算答复期限".to_string()
        } else {
            "待申请人补正：收到补正后，答复期限自收到之日起重新计算20个工作日".to_string()
        };
    }
    let Some(reply) = &clock.reply else {
        return String::new();
    };
    match clock.pause {
        Some(clock::Pause::Consulting { since }) if clock.running_due().is_none() => format!(
            "征求意见中（自 {since} 起），期间不计入答复期限；征求意见前的{}",
            reply.explain()
        ),
        _ => reply.explain(),
    }
}

/// The cross-field rules, each naming the field to fix.
struct Rules<'a> {
    rec: &'a Record,
    prefix: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Rules<'_> {
    fn date(&self, field: &str) -> Option<NaiveDate> {
        date_of(self.rec, field)
    }

    fn filled(&self, field: &str) -> bool {
        self.rec.get(field).is_some_and(|v| !v.is_null())
    }

    fn label(field: &str) -> &'static str {
        SPEC.field(field).map(|f| f.label).unwrap_or("")
    }

    fn problem(&mut self, field: &str, message: String) {
        self.problems
            .push(Problem::new(format!("{}{field}", self.prefix), message));
    }

    /// `later` must not be before `earlier` (when both are filled).
    fn not_before(&mut self, later: &str, earlier: &str) {
        if let (Some(l), Some(e)) = (self.date(later), self.date(earlier)) {
            if l < e {
                self.problem(
                    later,
                    format!(
                        "{}不能早于{}（{}）",
                        Self::label(later),
                        Self::label(earlier),
                        iso(e)
                    ),
                );
            }
        }
    }

    /// `second` needs `first` (a received correction needs its request …).
    fn needs(&mut self, second: &str, first: &str) {
        if self.filled(second) && !self.filled(first) {
            self.problem(
                first,
                format!(
                    "已填写{}，请同时填写{}",
                    Self::label(second),
                    Self::label(first)
                ),
            );
        }
    }

    fn dates_in_order(&mut self) {
        for field in [
            "correction_requested_on",
            "extended_on",
            "consultation_started_on",
            "replied_on",
        ] {
            self.not_before(field, "received_on");
        }
        self.not_before("correction_received_on", "correction_requested_on");
        self.not_before("consultation_answered_on", "consultation_started_on");
        for field in [
            "correction_requested_on",
            "correction_received_on",
            "extended_on",
            "consultation_started_on",
            "consultation_answered_on",
        ] {
            self.not_before("replied_on", field);
        }
    }

    fn closed_iff_result(&mut self) {
        let replied = self.filled("replied_on");
        let result = self.filled("result");
        if replied && !result {
            self.problem("result", "已填写答复日期，请选择办理结果".to_string());
        }
        if result && !replied {
            self.problem(
                "replied_on",
                "已选择办理结果，请填写答复日期（尚未答复的，办理结果留空）".to_string(),
            );
        }
    }

    fn pairs_complete(&mut self) {
        self.needs("correction_received_on", "correction_requested_on");
        self.needs("consultation_answered_on", "consultation_started_on");
        match (
            self.filled("extended_on"),
            self.filled("extension_working_days"),
        ) {
            (true, false) => self.problem(
                "extension_working_days",
                "已填写延期批准日期，请填写延期工作日数（1至20）".to_string(),
            ),
            (false, true) => self.problem(
                "extended_on",
                "已填写延期工作日数，请填写延期批准日期".to_string(),
            ),
            _ => {}
        }
        if self.date("replied_on").is_some()
            && self.date("consultation_started_on").is_some()
            && self.date("consultation_answered_on").is_none()
        {
            self.problem(
                "consultation_answered_on",
                "申请已答复，请填写征求意见答复日期（对方逾期未答复的，填写征求意见期限届满之日）"
                    .to_string(),
            );
        }
    }

    fn result_fits_the_correction(&mut self) {
        let result = self.rec.get("result").and_then(Value::as_str);
        let requested = self.date("correction_requested_on").is_some();
        let received = self.date("correction_received_on").is_some();
        if result == Some(NO_CORRECTION) && (!requested || received) {
            self.problem(
                "result",
                "办理结果“逾期不补正”只适用于已发出补正通知、且未收到补正的申请".to_string(),
            );
        }
        if result == Some(UNCLEAR_AFTER_CORRECTION) && !received {
            self.problem(
                "result",
                "办理结果“补正后申请内容仍不明确”只适用于已收到补正的申请，请填写收到补正日期"
                    .to_string(),
            );
        }
    }

    fn serial_unique(&mut self, ctx: &Ctx) {
        let (Some(serial), Some(received)) = (
            self.rec.get("serial").and_then(Value::as_str),
            self.date("received_on"),
        ) else {
            return;
        };
        let id = self.rec.get("id").and_then(Value::as_str);
        let taken: Option<bool> = lookup(
            ctx.conn,
            "SELECT EXISTS (SELECT 1 FROM applications WHERE year = ?1 AND serial = ?2 AND id IS NOT ?3)",
            params![received.year(), serial, id],
        )
        .unwrap_or(None);
        if taken == Some(true) {
            self.problem(
                "serial",
                format!(
                    "编号“{serial}”在{}年已被其他申请使用，请换一个编号或留空自动编号",
                    received.year()
                ),
            );
        }
    }
}

#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
#[cfg(test)]
mod tests;

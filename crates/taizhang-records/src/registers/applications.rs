//! 依申请公开: disclosure applications, each with its statutory clock
//! ([`clock`]), its result from table 三 of the yearly report, and the fee
//! charged ([`fee`]). [`counting`] turns the register (and the appeals) into
//! tables 三 and 四.

pub mod clock;
pub mod correction;
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
use taizhang_base::official::{self, APPLICANT_KIND_NAMES};

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
/// （六）2: the fee was not paid within its period (109号 Art. 7).
pub const FEE_UNPAID: &str = "other.fee_unpaid";
/// （六）3 其他: where practice records a withdrawal (撤回).
pub const OTHER: &str = "other.other";

/// How the fee is counted (109号 Art. 3: one basis per application, never both).
pub const FEE_BASES: &[(&str, &str)] = &[("per_item", "按件计收"), ("per_page", "按量计收")];
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
        Field::new("applicant_kind", "申请人类型", Kind::Code(APPLICANT_KIND_NAMES)).required(),
        Field::new("applicant_name", "申请人", Kind::Text { max: 100 })
            .personal()
            .listed()
            .help("个人信息：不出现在年报中，导出数据包时须勾选才包含"),
        Field::new("applicant_contact", "联系方式", Kind::Text { max: 200 }).personal(),
        Field::new("request", "申请内容", Kind::LongText)
            .required()
            .listed(),
        Field::new("item_count", "申请事项数", Kind::Int { min: 1, max: 999 })
            .help("一份申请含多项内容的，可按“一事一申请”拆分计算件数（国办函〔2020〕109号第四条），用于按件收费和台账；年报表三仍按申请计数，每件申请一个办理结果。留空为1"),
        Field::new("correction_needed", "需补正", Kind::Bool)
            .help("发出补正通知前先标记：首页提示7个工作日的补正通知期限"),
        Field::new("correction_requested_on", "补正通知日期", Kind::Date)
            .help("需要补正的，应在收到申请后7个工作日内一次性告知（条例第三十条）"),
        Field::new("correction_deadline_on", "补正期限", Kind::Date)
            .help("补正通知给申请人的期限。留空则按“设置”中的补正工作日数从补正通知日期起算"),
        Field::new("correction_received_on", "收到补正日期", Kind::Date)
            .help("答复期限自收到补正之日起重新计算"),
        Field::new("extended_on", "延期批准日期", Kind::Date)
            .help("须在答复期限届满前经政府信息公开工作机构负责人同意（条例第三十三条第一款）；期限届满后批准的不能延长"),
        Field::new(
            "extension_working_days",
            "延期工作日数",
            Kind::Int { min: 1, max: 20 },
        )
        .help("延长的期限最长不超过20个工作日，只能延长一次"),
        Field::new("extension_notified_on", "延期告知日期", Kind::Date)
            .help("延期应当告知申请人（条例第三十三条第一款）"),
        Field::new("consultation_started_on", "征求意见开始", Kind::Date)
            .help("征求第三方或其他机关意见所需时间不计入答复期限（条例第三十三条第二款），须在答复期限内开始；第三方应在15个工作日内提出意见（条例第三十二条）"),
        Field::new("consultation_answered_on", "征求意见答复", Kind::Date),
        Field::new("fee_basis", "收费方式", Kind::Code(FEE_BASES))
            .help("国办函〔2020〕109号：按件或按量，每件申请只能选一种"),
        Field::new("fee_pages", "按量页数", Kind::Int { min: 1, max: 1_000_000 })
            .help("按量计收的页数：30页以下免费，31–100页每页10元，101–200页每页20元，201页以上每页40元（超额累进）"),
        Field::new("fee_notice_on", "收费通知日期", Kind::Date)
            .help("收费通知至缴费的时间不计入答复期限（国办函〔2020〕109号第七条）"),
        Field::new("fee_served_on", "收费通知送达日期", Kind::Date)
            .help("申请人应自收到收费通知次日起20个工作日内缴费，逾期未缴的视为放弃申请"),
        Field::new("fee_paid_on", "缴费日期", Kind::Date),
        Field::new("withdrawn_on", "撤回日期", Kind::Date)
            .help("申请人撤回申请的，按“其他处理·其他”办结，答复日期为撤回日期"),
        Field::new("withdrawal_reason", "撤回理由", Kind::Text { max: 200 }),
        Field::new("replied_on", "答复日期", Kind::Date).listed(),
        Field::new("result", "办理结果", Kind::GroupedCode(results))
            .listed()
            .help("按年报表三的分类选择，每件申请一个结果；部分公开的只选“部分公开”。常见情形：申请人撤回的选“其他处理·3.其他”；逾期不补正的选“其他处理·1”；逾期未缴费的选“其他处理·2”"),
        Field::new(
            "fee_yuan",
            "信息处理费",
            Kind::Int {
                min: 0,
                max: 10_000_000,
            },
        )
        .help("单位：元。填收费通知的金额（按件或按量计算），未收费的留空或填 0；发出收费通知而未缴费的不计入年报第六部分的收费金额"),
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
            when: OPEN_AWAITING_CORRECTION,
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
            code: "awaiting_payment",
            when: Cond::All(&[
                OPEN_AWAITING_PAYMENT,
                Cond::Any(&[Cond::IsNull("due_on"), DUE_NOT_PASSED]),
            ]),
        },
        StatusRule {
            code: "overdue",
            when: OVERDUE,
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
        StatusFilter::new("awaiting_payment", "待缴费"),
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
/// Open past its due date.
const OVERDUE: Cond = Cond::All(&[
    Cond::IsNull("replied_on"),
    Cond::Compare(Term::Column("due_on"), Op::Lt, Term::Today),
]);
/// Open, awaiting a correction (the status rule's condition).
const OPEN_AWAITING_CORRECTION: Cond =
    Cond::All(&[Cond::IsNull("replied_on"), AWAITING_CORRECTION]);
/// Awaiting a payment with the clock paused (the status rule's condition).
const OPEN_AWAITING_PAYMENT: Cond = Cond::All(&[
    Cond::IsNull("replied_on"),
    Cond::Not(&AWAITING_CORRECTION),
    Cond::Not(&CONSULTING),
    AWAITING_PAYMENT,
]);

/// What the home page lists, each built on the status rules' conditions so
/// that the card and the list's filters cannot disagree:
/// - `overdue`: the 已逾期 status;
/// - `due_soon`: running (办理中 / 已延期) and due within 3 working days;
/// - `notice_due_soon`: marked 需补正, no notice yet, its 7 working days for
///   the notice ending within 3 working days (or ended);
/// - `awaiting_correction`: the 待补正 status, with its 补正期限;
/// - `payment_lapsed`: the 待缴费 status past its payment period.
pub static ATTENTION: &[(&str, Cond)] = &[
    ("overdue", OVERDUE),
    (
        "due_soon",
        Cond::All(&[
            RUNNING,
            Cond::Compare(
                Term::Column("due_on"),
                Op::Le,
                Term::WorkingDaysAfterToday(clock::SOON_WORKING_DAYS),
            ),
        ]),
    ),
    (
        "notice_due_soon",
        Cond::All(&[
            Cond::IsNull("replied_on"),
            Cond::Compare(Term::Column("correction_needed"), Op::Eq, Term::Int(1)),
            Cond::IsNull("correction_requested_on"),
            Cond::Compare(
                Term::Column("correction_due_on"),
                Op::Le,
                Term::WorkingDaysAfterToday(clock::SOON_WORKING_DAYS),
            ),
        ]),
    ),
    ("awaiting_correction", OPEN_AWAITING_CORRECTION),
    (
        "payment_lapsed",
        Cond::All(&[
            OPEN_AWAITING_PAYMENT,
            Cond::Compare(Term::Column("payment_due_on"), Op::Lt, Term::Today),
        ]),
    ),
];

/// A fee notice went out and the fee is not paid.
const AWAITING_PAYMENT: Cond = Cond::All(&[
    Cond::NotNull("fee_notice_on"),
    Cond::IsNull("fee_paid_on"),
]);
const DUE_NOT_PASSED: Cond = Cond::Compare(Term::Column("due_on"), Op::Ge, Term::Today);
/// Open, its clock running and not past its due date.
const RUNNING: Cond = Cond::All(&[
    Cond::IsNull("replied_on"),
    DUE_NOT_PASSED,
    Cond::Not(&CONSULTING),
    Cond::Not(&AWAITING_PAYMENT),
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
        ("fee_notice_on", status::date(f.fee_notice_on)),
        ("fee_paid_on", status::date(f.fee_paid_on)),
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
            fee_notice_on: date_of(rec, "fee_notice_on"),
            fee_paid_on: date_of(rec, "fee_paid_on"),
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
            fee_yuan: collected_fee(rec),
        })
    }
}

/// The fee collected: the amount, unless a fee notice went out and was never
/// paid (then nothing was collected; the application closes as （六）2).
fn collected_fee(rec: &Record) -> i64 {
    let unpaid = date_of(rec, "fee_notice_on").is_some() && date_of(rec, "fee_paid_on").is_none();
    if unpaid {
        return 0;
    }
    rec.get("fee_yuan").and_then(Value::as_i64).unwrap_or(0)
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

/// A blank serial keeps the stored one, or takes the year's next.
fn complete_serial(ctx: &Ctx, rec: &mut Record) {
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

struct ApplicationHooks;

impl Hooks for ApplicationHooks {
    /// A blank serial keeps the stored one, or takes the year's next; a blank
    /// item count is 1; a correction notice without its 补正期限 gives the
    /// office's default period — for an open application only: one closed
    /// before this field existed keeps what its notice said, unknown.
    fn complete(&self, ctx: &Ctx, rec: &mut Record) {
        if rec.get("item_count").is_none_or(Value::is_null) {
            rec.insert("item_count".into(), json!(1));
        }
        if let (Some(notice), None, None) = (
            date_of(rec, "correction_requested_on"),
            date_of(rec, "correction_deadline_on"),
            date_of(rec, "replied_on"),
        ) {
            let due = correction::default_deadline(ctx.calendar, notice, correction::days(ctx.conn));
            rec.insert("correction_deadline_on".into(), json!(iso(due)));
        }
        complete_serial(ctx, rec);
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
        rules.fee_consistent();
        rules.withdrawal_closes();
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
            (
                "payment_due_on",
                date(date_of(rec, "fee_served_on").map(|served| {
                    ctx.calendar
                        .add_working_days(served, clock::PAYMENT_WORKING_DAYS)
                        .due
                })),
            ),
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
        decorate_steps(ctx, rec, &f);
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

/// The dates the other steps run to: the third party's 15 working days
/// (Art. 32), the payment period (109号 Art. 7), the first day 逾期不补正 is
/// possible, and whether the extension was told to the applicant.
fn decorate_steps(ctx: &Ctx, rec: &mut Record, f: &Facts) {
    if let (Some(from), None) = (f.consultation_started_on, f.consultation_answered_on) {
        let due = ctx
            .calendar
            .add_working_days(from, clock::THIRD_PARTY_WORKING_DAYS);
        rec.insert("_third_party_due_on".into(), json!(iso(due.due)));
        rec.insert(
            "_third_party_due_explain".into(),
            json!(format!(
                "第三方应自收到征求意见之日起15个工作日内提出意见（条例第三十二条）：{}",
                due.explain()
            )),
        );
    }
    if let Some(served) = date_of(rec, "fee_served_on") {
        let due = ctx
            .calendar
            .add_working_days(served, clock::PAYMENT_WORKING_DAYS);
        rec.insert("_payment_due_on".into(), json!(iso(due.due)));
        rec.insert(
            "_payment_due_explain".into(),
            json!(format!(
                "缴费期限：自收到收费通知次日起20个工作日（国办函〔2020〕109号第七条），{}",
                due.explain()
            )),
        );
        let unpaid = f.fee_paid_on.is_none() && f.replied_on.is_none();
        rec.insert("_payment_lapsed".into(), json!(unpaid && ctx.today > due.due));
        let close = ctx.calendar.add_working_days(due.due, 1).due;
        rec.insert("_fee_unpaid_from".into(), json!(iso(close)));
    }
    if let Some(deadline) = date_of(rec, "correction_deadline_on") {
        let close = correction::default_close(ctx.calendar, deadline);
        rec.insert("_no_correction_from".into(), json!(iso(close)));
    }
    if f.extended_on.is_some() && date_of(rec, "extension_notified_on").is_none() {
        rec.insert("_extension_unnotified".into(), json!(true));
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
        Status::AwaitingCorrection | Status::Consulting | Status::AwaitingPayment => {
            (status.label().to_string(), "")
        }
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
        Some(clock::Pause::Consulting { since }) => format!(
            "征求意见中（自 {since} 起），期间不计入答复期限；征求意见前的{}",
            reply.explain()
        ),
        Some(clock::Pause::AwaitingPayment { since }) => format!(
            "待申请人缴费（收费通知 {since}），至缴费之日不计入答复期限；收费通知前的{}",
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
            "fee_notice_on",
            "withdrawn_on",
            "replied_on",
        ] {
            self.not_before(field, "received_on");
        }
        self.not_before("correction_received_on", "correction_requested_on");
        self.not_before("correction_deadline_on", "correction_requested_on");
        self.not_before("consultation_answered_on", "consultation_started_on");
        self.not_before("extension_notified_on", "extended_on");
        self.not_before("fee_served_on", "fee_notice_on");
        self.not_before("fee_paid_on", "fee_notice_on");
        for field in [
            "correction_requested_on",
            "correction_received_on",
            "extended_on",
            "consultation_started_on",
            "consultation_answered_on",
            "fee_notice_on",
            "fee_paid_on",
        ] {
            self.not_before("replied_on", field);
        }
    }

    /// One basis, with what it counts; the fee steps in their order; （六）2
    /// only for a notice served and never paid.
    fn fee_consistent(&mut self) {
        let basis = self.rec.get("fee_basis").and_then(Value::as_str);
        if self.filled("fee_pages") && basis != Some("per_page") {
            self.problem(
                "fee_basis",
                "已填写按量页数，请将收费方式选为“按量计收”（同一申请不能同时按件和按量计收）".to_string(),
            );
        }
        if basis == Some("per_page") && !self.filled("fee_pages") {
            self.problem("fee_pages", "收费方式为按量计收，请填写页数".to_string());
        }
        self.needs("fee_served_on", "fee_notice_on");
        self.needs("fee_paid_on", "fee_notice_on");
        let result = self.rec.get("result").and_then(Value::as_str);
        // Records from before the fee notice was recorded have no notice date.
        let noticed = self.filled("fee_notice_on");
        if result == Some(FEE_UNPAID)
            && noticed
            && (!self.filled("fee_served_on") || self.filled("fee_paid_on"))
        {
            self.problem(
                "result",
                "办理结果“逾期未按收费通知要求缴纳费用”只适用于收费通知已送达、且未缴费的申请，请填写收费通知送达日期".to_string(),
            );
        }
    }

    /// A withdrawal closes the application that day under （六）3 其他.
    fn withdrawal_closes(&mut self) {
        self.needs("withdrawal_reason", "withdrawn_on");
        let Some(withdrawn) = self.date("withdrawn_on") else {
            return;
        };
        let result = self.rec.get("result").and_then(Value::as_str);
        if result != Some(OTHER) || self.date("replied_on") != Some(withdrawn) {
            self.problem(
                "withdrawn_on",
                format!(
                    "申请人撤回的，办理结果应选“其他处理·3.其他”，答复日期填撤回日期（{}）",
                    iso(withdrawn)
                ),
            );
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
        if let (Some(NO_CORRECTION), Some(deadline), Some(replied)) = (
            result,
            self.date("correction_deadline_on"),
            self.date("replied_on"),
        ) {
            if replied <= deadline {
                self.problem(
                    "replied_on",
                    format!(
                        "补正期限（{}）届满后才能按逾期不补正办结，答复日期应晚于补正期限",
                        iso(deadline)
                    ),
                );
            }
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
mod step_tests;
#[cfg(test)]
mod tests;

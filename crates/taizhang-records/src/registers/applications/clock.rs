//! The statutory clock of a disclosure application (Regulation, 2019
//! revision, Art. 30–34): when the reply is due, how that date was reached,
//! and the application's status on a given day.
//!
//! - The reply is due 20 working days after receipt (Art. 33).
//! - A correction (补正) must be asked for within 7 working days of receipt;
//!   the 20 days then run again from the day the corrected application
//!   arrives, and nothing runs while the office waits for it (Art. 30).
//! - An extension of at most 20 working days, approved by the head of the
//!   disclosure office and told to the applicant, once (Art. 33 ¶1). It
//!   counts only when approved on or before the due date then running: an
//!   extension approved after the period ran out cannot save a late reply.
//! - The time taken consulting a third party or another organ does not count
//!   (Art. 33 ¶2): its working days are added, but only when it began while
//!   the clock still ran. The third party has 15 working days to answer
//!   (Art. 32), shown while the consultation runs.
//! - The days from the fee notice to the payment do not count either
//!   (国办函〔2020〕109号 Art. 7, as the project reads it), again only when the
//!   notice went out while the clock ran; the applicant has 20 working days
//!   from the day after the notice reached them to pay, after which the
//!   application counts as abandoned (table 三 （六）2).
//!
//! The steps apply in the order of their dates, each judged against the due
//! date the steps before it gave. Pure functions over the [`Calendar`]; the
//! register stores the results.

use chrono::{Datelike, NaiveDate};

use taizhang_base::calendar::{Calendar, DueComputation};

pub const REPLY_WORKING_DAYS: u32 = 20;
pub const CORRECTION_NOTICE_WORKING_DAYS: u32 = 7;
pub const MAX_EXTENSION_WORKING_DAYS: u32 = 20;
/// A consulted third party answers within 15 working days (Art. 32).
pub const THIRD_PARTY_WORKING_DAYS: u32 = 15;
/// The applicant pays within 20 working days from the day after the fee
/// notice reached them (国办函〔2020〕109号 Art. 7).
pub const PAYMENT_WORKING_DAYS: u32 = 20;
/// "Due soon" on the home page and in the list: within this many working days.
pub const SOON_WORKING_DAYS: u32 = 3;

/// The dates of an application that move its clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub received_on: NaiveDate,
    pub correction_requested_on: Option<NaiveDate>,
    pub correction_received_on: Option<NaiveDate>,
    pub extended_on: Option<NaiveDate>,
    pub extension_working_days: Option<u32>,
    pub consultation_started_on: Option<NaiveDate>,
    pub consultation_answered_on: Option<NaiveDate>,
    /// The fee notice's date and the payment's (109号 Art. 7).
    pub fee_notice_on: Option<NaiveDate>,
    pub fee_paid_on: Option<NaiveDate>,
    pub replied_on: Option<NaiveDate>,
}

impl Facts {
    /// An application received on `date`, with nothing else yet.
    pub fn received(date: NaiveDate) -> Facts {
        Facts {
            received_on: date,
            correction_requested_on: None,
            correction_received_on: None,
            extended_on: None,
            extension_working_days: None,
            consultation_started_on: None,
            consultation_answered_on: None,
            fee_notice_on: None,
            fee_paid_on: None,
            replied_on: None,
        }
    }

    fn awaiting_correction(&self) -> bool {
        self.correction_requested_on.is_some() && self.correction_received_on.is_none()
    }
}

/// One step of the reply's due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepKind {
    /// 20 working days from receipt, or from the corrected application's
    /// arrival (`restarted`).
    Base { restarted: bool },
    /// An approved extension, approved on that day.
    Extension { approved_on: NaiveDate },
    /// The working days a consultation took, added.
    Consultation { from: NaiveDate, to: NaiveDate },
    /// The working days from the fee notice to the payment, added.
    Fee { notice: NaiveDate, paid: NaiveDate },
}

/// A step that came too late to move the due date: it began after the due
/// date then running had passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Extension { approved_on: NaiveDate, due: NaiveDate },
    Consultation { from: NaiveDate, due: NaiveDate },
    Fee { notice: NaiveDate, due: NaiveDate },
}

impl Refused {
    /// One sentence: why the step does not move the due date.
    pub fn words(&self) -> String {
        match self {
            Refused::Extension { approved_on, due } => {
                format!("延期批准日 {approved_on} 已超过答复期限 {due}，不能延长")
            }
            Refused::Consultation { from, due } => {
                format!("征求意见开始日 {from} 已超过答复期限 {due}，征求意见时间不能扣除")
            }
            Refused::Fee { notice, due } => {
                format!("收费通知日 {notice} 已超过答复期限 {due}，缴费时间不能扣除")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub kind: StepKind,
    pub computation: DueComputation,
}

/// The reply's due date and the steps that led to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyDue {
    pub steps: Vec<Step>,
    /// Steps that came after the due date had passed, in date order.
    pub refused: Vec<Refused>,
}

impl ReplyDue {
    pub fn due(&self) -> NaiveDate {
        self.steps.last().expect("a base step").computation.due
    }

    /// Years crossed that have no holiday schedule: the date is provisional.
    pub fn unknown_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .steps
            .iter()
            .flat_map(|s| s.computation.unknown_years.iter().copied())
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// One sentence: the steps, then the holidays and make-up days crossed.
    ///
    /// 答复期限 2023-10-31：自收到申请（2023-09-27）起20个工作日至 2023-10-31；
    /// 跳过中秋节、国庆节 09-29至10-06，调休上班 10-07、10-08
    pub fn explain(&self) -> String {
        let parts: Vec<String> = self.steps.iter().map(step_words).collect();
        let mut s = format!("答复期限 {}：{}", self.due(), parts.join("，"));
        let days = days_crossed(&self.steps);
        if !days.is_empty() {
            s += "；";
            s += &days;
        }
        for refused in &self.refused {
            s += "；";
            s += &refused.words();
        }
        let unknown = self.unknown_years();
        if !unknown.is_empty() {
            let years: Vec<String> = unknown.iter().map(|y| format!("{y}年")).collect();
            s += &format!(
                "（{}节假日安排未录入，按周一至周五计算，仅供参考）",
                years.join("、")
            );
        }
        s
    }
}

fn step_words(step: &Step) -> String {
    let c = &step.computation;
    match &step.kind {
        StepKind::Base { restarted: false } => format!(
            "自收到申请（{}）起{}个工作日至 {}",
            c.start, c.working_days, c.due
        ),
        StepKind::Base { restarted: true } => format!(
            "自收到补正后的申请（{}）起重新计算{}个工作日至 {}",
            c.start, c.working_days, c.due
        ),
        StepKind::Extension { approved_on } => format!(
            "经批准（{approved_on}）延期{}个工作日至 {}",
            c.working_days, c.due
        ),
        StepKind::Consultation { from, to } => format!(
            "征求意见（{from}至{to}）用时{}个工作日不计入，顺延至 {}",
            c.working_days, c.due
        ),
        StepKind::Fee { notice, paid } => format!(
            "收费通知至缴费（{notice}至{paid}）用时{}个工作日不计入，顺延至 {}",
            c.working_days, c.due
        ),
    }
}

/// The named days off and make-up working days the steps crossed, written
/// with month and day (with the year too when they span two years).
fn days_crossed(steps: &[Step]) -> String {
    let skipped: Vec<&(String, NaiveDate, NaiveDate)> =
        steps.iter().flat_map(|s| &s.computation.skipped).collect();
    let makeup: Vec<NaiveDate> = steps
        .iter()
        .flat_map(|s| s.computation.makeup_days.iter().copied())
        .collect();
    let mut years: Vec<i32> = skipped
        .iter()
        .flat_map(|(_, a, b)| [a.year(), b.year()])
        .chain(makeup.iter().map(|d| d.year()))
        .collect();
    years.sort_unstable();
    years.dedup();
    let fmt = if years.len() > 1 { "%Y-%m-%d" } else { "%m-%d" };
    let day = |d: &NaiveDate| d.format(fmt).to_string();
    let mut out = vec![];
    if !skipped.is_empty() {
        let runs: Vec<String> = skipped
            .iter()
            .map(|(name, a, b)| {
                if a == b {
                    format!("{name} {}", day(a))
                } else {
                    format!("{name} {}至{}", day(a), day(b))
                }
            })
            .collect();
        out.push(format!("跳过{}", runs.join("、")));
    }
    if !makeup.is_empty() {
        let days: Vec<String> = makeup.iter().map(day).collect();
        out.push(format!("调休上班 {}", days.join("、")));
    }
    out.join("，")
}

/// Why the reply clock is not running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pause {
    /// A correction was asked for and has not arrived: the 20 days will run
    /// from its arrival.
    AwaitingCorrection,
    /// A consultation is under way since that day: its days will be added.
    Consulting { since: NaiveDate },
    /// A fee notice went out that day and is not paid: the days until the
    /// payment will be added.
    AwaitingPayment { since: NaiveDate },
}

/// Everything the clock says about an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    /// The last day to ask for a correction (7 working days after receipt).
    pub correction_due: DueComputation,
    /// The reply's due date so far; `None` while awaiting a correction (it
    /// will run from the correction's arrival). During a consultation it is
    /// the date before the consultation's days are added.
    pub reply: Option<ReplyDue>,
    pub pause: Option<Pause>,
}

impl Clock {
    /// Years without a holiday schedule that any of its due dates crosses
    /// (the correction notice's and the reply's): those dates are provisional.
    pub fn unknown_years(&self) -> Vec<i32> {
        let mut years = self.correction_due.unknown_years.clone();
        years.extend(self.reply.iter().flat_map(ReplyDue::unknown_years));
        years.sort_unstable();
        years.dedup();
        years
    }

    /// Whether the correction was asked for after the last day to ask for it
    /// (the clock still restarts from the corrected application: this is
    /// only flagged).
    pub fn correction_late(&self, f: &Facts) -> bool {
        f.correction_requested_on
            .is_some_and(|asked| asked > self.correction_due.due)
    }

    /// The due date the application is held to now: none while paused (a
    /// pause begun after the date had passed is no pause: [`compute`]
    /// refuses it). For a closed application, the date it was held to.
    pub fn running_due(&self) -> Option<NaiveDate> {
        let due = self.reply.as_ref().map(ReplyDue::due)?;
        self.pause.is_none().then_some(due)
    }
}

/// A step that may move the reply's due date, at the date it happened.
#[derive(Debug, Clone, Copy)]
enum Event {
    Extension { approved_on: NaiveDate, days: u32 },
    Consultation { from: NaiveDate, to: Option<NaiveDate> },
    Fee { notice: NaiveDate, paid: Option<NaiveDate> },
}

impl Event {
    fn date(&self) -> NaiveDate {
        match *self {
            Event::Extension { approved_on, .. } => approved_on,
            Event::Consultation { from, .. } => from,
            Event::Fee { notice, .. } => notice,
        }
    }
}

/// The steps after the base period, in the order of their dates.
fn events(f: &Facts) -> Vec<Event> {
    let mut out = vec![];
    if let (Some(approved_on), Some(days)) = (f.extended_on, f.extension_working_days) {
        let days = days.min(MAX_EXTENSION_WORKING_DAYS);
        out.push(Event::Extension { approved_on, days });
    }
    if let Some(from) = f.consultation_started_on {
        out.push(Event::Consultation {
            from,
            to: f.consultation_answered_on,
        });
    }
    if let Some(notice) = f.fee_notice_on {
        // Closed unpaid (（六）2): the whole wait was the applicant's, to the
        // close.
        out.push(Event::Fee {
            notice,
            paid: f.fee_paid_on.or(f.replied_on),
        });
    }
    // Stable: on the same day, extension, consultation, fee.
    out.sort_by_key(Event::date);
    out
}

/// Compute an application's clock. Closed applications keep the due date
/// they had, so that the list can tell an on-time reply from a late one.
pub fn compute(cal: &Calendar, f: &Facts) -> Clock {
    let correction_due = cal.add_working_days(f.received_on, CORRECTION_NOTICE_WORKING_DAYS);
    if f.awaiting_correction() {
        return Clock {
            correction_due,
            reply: None,
            pause: (f.replied_on.is_none()).then_some(Pause::AwaitingCorrection),
        };
    }
    let (start, restarted) = match f.correction_received_on {
        Some(arrived) if f.correction_requested_on.is_some() => (arrived, true),
        _ => (f.received_on, false),
    };
    let mut reply = ReplyDue {
        steps: vec![Step {
            kind: StepKind::Base { restarted },
            computation: cal.add_working_days(start, REPLY_WORKING_DAYS),
        }],
        refused: vec![],
    };
    let mut pause = None;
    for event in events(f) {
        if let Some(p) = apply(cal, &mut reply, event) {
            // The first open suspension holds the clock; a reply ends it.
            pause = pause.or(f.replied_on.is_none().then_some(p));
        }
    }
    Clock {
        correction_due,
        reply: Some(reply),
        pause,
    }
}

/// Apply one step to the due date so far: refused when it began after that
/// date; a suspension still open pauses the clock (returned).
fn apply(cal: &Calendar, reply: &mut ReplyDue, event: Event) -> Option<Pause> {
    let due = reply.due();
    if event.date() > due {
        reply.refused.push(match event {
            Event::Extension { approved_on, .. } => Refused::Extension { approved_on, due },
            Event::Consultation { from, .. } => Refused::Consultation { from, due },
            Event::Fee { notice, .. } => Refused::Fee { notice, due },
        });
        return None;
    }
    let (kind, days) = match event {
        Event::Extension { approved_on, days } => (StepKind::Extension { approved_on }, days),
        Event::Consultation { from, to: Some(to) } => (
            StepKind::Consultation { from, to },
            cal.working_days_between(from, to),
        ),
        Event::Consultation { from, to: None } => return Some(Pause::Consulting { since: from }),
        Event::Fee { notice, paid: Some(paid) } => (
            StepKind::Fee { notice, paid },
            cal.working_days_between(notice, paid),
        ),
        Event::Fee { notice, paid: None } => return Some(Pause::AwaitingPayment { since: notice }),
    };
    if days > 0 {
        reply.steps.push(Step {
            kind,
            computation: cal.add_working_days(due, days),
        });
    }
    None
}

/// The derived status: 待补正 · 办理中 · 已延期 · 征求意见中 · 待缴费 · 已办结 · 已逾期.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    AwaitingCorrection,
    InProgress,
    Extended,
    Consulting,
    AwaitingPayment,
    Closed,
    Overdue,
}

impl Status {
    const ALL: [Status; 7] = [
        Status::AwaitingCorrection,
        Status::InProgress,
        Status::Extended,
        Status::Consulting,
        Status::AwaitingPayment,
        Status::Closed,
        Status::Overdue,
    ];

    /// The code of the list's status filter.
    pub fn code(self) -> &'static str {
        match self {
            Status::AwaitingCorrection => "awaiting_correction",
            Status::InProgress => "in_progress",
            Status::Extended => "extended",
            Status::Consulting => "consulting",
            Status::AwaitingPayment => "awaiting_payment",
            Status::Closed => "closed",
            Status::Overdue => "overdue",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::AwaitingCorrection => "待补正",
            Status::InProgress => "办理中",
            Status::Extended => "已延期",
            Status::Consulting => "征求意见中",
            Status::AwaitingPayment => "待缴费",
            Status::Closed => "已办结",
            Status::Overdue => "已逾期",
        }
    }
}

/// The status on `today`: the register's status rules
/// ([`super::SPEC`]) judged on the row these facts and clock are stored as.
pub fn status(clock: &Clock, f: &Facts, today: NaiveDate) -> Status {
    let code = super::status_code(f, clock, today);
    Status::ALL
        .into_iter()
        .find(|s| Some(s.code()) == code)
        // The rules cover every application; none holding is no status yet.
        .unwrap_or(Status::InProgress)
}

#[cfg(test)]
mod tests;

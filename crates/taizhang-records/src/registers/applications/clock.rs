//! The statutory clock of a disclosure application (Regulation, 2019
//! revision, Art. 30–34): when the reply is due, how that date was reached,
//! and the application's status on a given day.
//!
//! - The reply is due 20 working days after receipt (Art. 33).
//! - A correction (补正) must be asked for within 7 working days of receipt;
//!   the 20 days then run again from the day the corrected application
//!   arrives, and nothing runs while the office waits for it (Art. 30).
//! - An approved extension adds at most 20 working days (Art. 33).
//! - Working days spent consulting a third party or another organ do not
//!   count: they are added (Art. 32, 34).
//!
//! Pure functions over the [`Calendar`]; the register stores the results.

use chrono::{Datelike, NaiveDate};

use taizhang_base::calendar::{Calendar, DueComputation};

pub const REPLY_WORKING_DAYS: u32 = 20;
pub const CORRECTION_NOTICE_WORKING_DAYS: u32 = 7;
pub const MAX_EXTENSION_WORKING_DAYS: u32 = 20;
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
            replied_on: None,
        }
    }

    fn awaiting_correction(&self) -> bool {
        self.correction_requested_on.is_some() && self.correction_received_on.is_none()
    }

    fn consulting_since(&self) -> Option<NaiveDate> {
        match (self.consultation_started_on, self.consultation_answered_on) {
            (Some(since), None) => Some(since),
            _ => None,
        }
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

    /// The due date the application is held to now: none while paused, except
    /// that a consultation begun after the date had passed does not excuse
    /// the delay. For a closed application, the date it was held to.
    pub fn running_due(&self) -> Option<NaiveDate> {
        let due = self.reply.as_ref().map(ReplyDue::due)?;
        match self.pause {
            Some(Pause::AwaitingCorrection) => None,
            Some(Pause::Consulting { since }) if since <= due => None,
            _ => Some(due),
        }
    }
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
    let mut steps = vec![Step {
        kind: StepKind::Base { restarted },
        computation: cal.add_working_days(start, REPLY_WORKING_DAYS),
    }];
    let last_due = |steps: &Vec<Step>| steps.last().expect("base step").computation.due;
    if let (Some(approved_on), Some(days)) = (f.extended_on, f.extension_working_days) {
        let days = days.min(MAX_EXTENSION_WORKING_DAYS);
        steps.push(Step {
            kind: StepKind::Extension { approved_on },
            computation: cal.add_working_days(last_due(&steps), days),
        });
    }
    if let (Some(from), Some(to)) = (f.consultation_started_on, f.consultation_answered_on) {
        let days = cal.working_days_between(from, to);
        if days > 0 {
            steps.push(Step {
                kind: StepKind::Consultation { from, to },
                computation: cal.add_working_days(last_due(&steps), days),
            });
        }
    }
    let pause = match (f.replied_on, f.consulting_since()) {
        (None, Some(since)) => Some(Pause::Consulting { since }),
        _ => None,
    };
    Clock {
        correction_due,
        reply: Some(ReplyDue { steps }),
        pause,
    }
}

/// The derived status: 待补正 · 办理中 · 已延期 · 征求意见中 · 已办结 · 已逾期.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    AwaitingCorrection,
    InProgress,
    Extended,
    Consulting,
    Closed,
    Overdue,
}

impl Status {
    const ALL: [Status; 6] = [
        Status::AwaitingCorrection,
        Status::InProgress,
        Status::Extended,
        Status::Consulting,
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

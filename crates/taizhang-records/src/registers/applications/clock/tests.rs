use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cal() -> Calendar {
    Calendar::bundled()
}

fn due(f: &Facts) -> NaiveDate {
    compute(&cal(), f).reply.expect("a reply due date").due()
}

#[test]
fn twenty_working_days_cross_national_day_and_its_makeup_weekend() {
    let f = Facts::received(d("2023-09-27"));
    let clock = compute(&cal(), &f);
    let reply = clock.reply.as_ref().unwrap();
    assert_eq!(reply.due(), d("2023-10-31"));
    assert_eq!(clock.running_due(), Some(d("2023-10-31")));
    assert_eq!(
        reply.explain(),
        "答复期限 2023-10-31：自收到申请（2023-09-27）起20个工作日至 2023-10-31；\
         跳过中秋节、国庆节 09-29至10-06，调休上班 10-07、10-08"
    );
    assert!(reply.unknown_years().is_empty());
}

#[test]
fn the_correction_notice_is_due_seven_working_days_after_receipt() {
    // 09-28, then 10-07 and 10-08 (调休 weekend), 10-09 … 10-12.
    let clock = compute(&cal(), &Facts::received(d("2023-09-27")));
    assert_eq!(clock.correction_due.due, d("2023-10-12"));
}

#[test]
fn across_a_year_end_new_years_day_is_skipped() {
    // 12-21 … 12-29 (7 days), 01-01 off, 01-02 … 01-18 (13 days).
    let f = Facts::received(d("2023-12-20"));
    assert_eq!(due(&f), d("2024-01-18"));
    let explain = compute(&cal(), &f).reply.unwrap().explain();
    assert!(explain.contains("跳过元旦 01-01"), "{explain}");
}

#[test]
fn a_year_end_explanation_with_days_in_both_years_names_the_years() {
    // The 2019 schedule's make-up Saturday 2018-12-29 and its New Year run
    // starting 2018-12-30.
    let f = Facts::received(d("2018-12-20"));
    let explain = compute(&cal(), &f).reply.unwrap().explain();
    assert!(explain.contains("2018-12-29"), "{explain}");
    assert!(explain.contains("2018-12-30至2019-01-01"), "{explain}");
}

#[test]
fn awaiting_a_correction_stops_the_clock_and_its_arrival_restarts_it() {
    let mut f = Facts::received(d("2023-09-27"));
    f.correction_requested_on = Some(d("2023-09-28"));
    let waiting = compute(&cal(), &f);
    assert_eq!(waiting.pause, Some(Pause::AwaitingCorrection));
    assert_eq!(waiting.reply, None);
    assert_eq!(waiting.running_due(), None);
    assert_eq!(
        status(&waiting, &f, d("2024-06-01")),
        Status::AwaitingCorrection,
        "never overdue while the applicant has the file"
    );

    f.correction_received_on = Some(d("2023-10-09"));
    let restarted = compute(&cal(), &f);
    assert_eq!(restarted.pause, None);
    let reply = restarted.reply.unwrap();
    assert_eq!(reply.due(), d("2023-11-06"), "20 working days from 10-09");
    assert!(
        reply
            .explain()
            .contains("自收到补正后的申请（2023-10-09）起重新计算20个工作日至 2023-11-06"),
        "{}",
        reply.explain()
    );
}

#[test]
fn an_extension_adds_its_working_days_to_the_due_date() {
    let mut f = Facts::received(d("2023-03-01"));
    assert_eq!(due(&f), d("2023-03-29"));
    f.extended_on = Some(d("2023-03-27"));
    f.extension_working_days = Some(20);
    // 03-30 … 04-04 (4), 04-05 清明 off, 04-06 … 04-21 (16), 04-23 调休 Sunday (17), 04-24 … 04-26 (20).
    let clock = compute(&cal(), &f);
    let reply = clock.reply.as_ref().unwrap();
    assert_eq!(reply.due(), d("2023-04-26"));
    let explain = reply.explain();
    assert!(
        explain.contains("经批准（2023-03-27）延期20个工作日至 2023-04-26"),
        "{explain}"
    );
    assert!(explain.contains("调休上班 04-23"), "{explain}");
    assert_eq!(status(&clock, &f, d("2023-04-10")), Status::Extended);
    assert_eq!(status(&clock, &f, d("2023-04-27")), Status::Overdue);
}

#[test]
fn an_extension_never_adds_more_than_twenty_working_days() {
    let mut f = Facts::received(d("2023-03-01"));
    f.extended_on = Some(d("2023-03-27"));
    f.extension_working_days = Some(20);
    let twenty = due(&f);
    f.extension_working_days = Some(45);
    assert_eq!(due(&f), twenty);
}

#[test]
fn consultation_days_are_added_and_pause_the_clock_while_under_way() {
    let mut f = Facts::received(d("2023-03-01"));
    f.consultation_started_on = Some(d("2023-03-06"));
    let consulting = compute(&cal(), &f);
    assert_eq!(
        consulting.pause,
        Some(Pause::Consulting {
            since: d("2023-03-06")
        })
    );
    assert_eq!(consulting.running_due(), None);
    assert_eq!(status(&consulting, &f, d("2023-05-01")), Status::Consulting);

    // 03-07 … 03-10: four working days, added after 03-29.
    f.consultation_answered_on = Some(d("2023-03-10"));
    let clock = compute(&cal(), &f);
    let reply = clock.reply.as_ref().unwrap();
    assert_eq!(reply.due(), d("2023-04-04"));
    assert!(
        reply
            .explain()
            .contains("征求意见（2023-03-06至2023-03-10）用时4个工作日不计入，顺延至 2023-04-04"),
        "{}",
        reply.explain()
    );
    assert_eq!(status(&clock, &f, d("2023-04-04")), Status::InProgress);
    assert_eq!(status(&clock, &f, d("2023-04-05")), Status::Overdue);
}

#[test]
fn a_consultation_begun_after_the_due_date_does_not_excuse_the_delay() {
    let mut f = Facts::received(d("2023-03-01"));
    f.consultation_started_on = Some(d("2023-04-03"));
    let clock = compute(&cal(), &f);
    assert_eq!(clock.running_due(), Some(d("2023-03-29")));
    assert_eq!(status(&clock, &f, d("2023-04-10")), Status::Overdue);
}

#[test]
fn correction_extension_and_consultation_combine_in_order() {
    let mut f = Facts::received(d("2023-09-27"));
    f.correction_requested_on = Some(d("2023-09-28"));
    f.correction_received_on = Some(d("2023-10-09"));
    f.consultation_started_on = Some(d("2023-10-16"));
    f.consultation_answered_on = Some(d("2023-10-20"));
    f.extended_on = Some(d("2023-11-01"));
    f.extension_working_days = Some(10);
    let reply = compute(&cal(), &f).reply.unwrap();
    let kinds: Vec<&StepKind> = reply.steps.iter().map(|s| &s.kind).collect();
    assert_eq!(
        kinds,
        vec![
            &StepKind::Base { restarted: true },
            &StepKind::Consultation {
                from: d("2023-10-16"),
                to: d("2023-10-20")
            },
            &StepKind::Extension {
                approved_on: d("2023-11-01")
            },
        ]
    );
    // In the order of their dates: 11-06 + 4 consultation days = 11-10;
    // the extension approved 11-01 (before 11-10) adds 10 = 11-24.
    assert_eq!(reply.due(), d("2023-11-24"));
}

#[test]
fn a_year_without_a_schedule_makes_the_date_provisional_and_says_so() {
    let f = Facts::received(d("2026-12-15"));
    let reply = compute(&cal(), &f).reply.unwrap();
    assert_eq!(reply.unknown_years(), vec![2027]);
    assert!(
        reply.explain().contains("2027年节假日安排未录入"),
        "{}",
        reply.explain()
    );
}

#[test]
fn status_runs_from_in_progress_to_overdue_the_day_after_the_due_date() {
    let f = Facts::received(d("2023-03-01"));
    let clock = compute(&cal(), &f);
    assert_eq!(status(&clock, &f, d("2023-03-29")), Status::InProgress);
    assert_eq!(status(&clock, &f, d("2023-03-30")), Status::Overdue);
    let mut replied = f.clone();
    replied.replied_on = Some(d("2023-04-20"));
    let clock = compute(&cal(), &replied);
    assert_eq!(status(&clock, &replied, d("2023-05-01")), Status::Closed);
    assert_eq!(
        clock.running_due(),
        Some(d("2023-03-29")),
        "a closed application keeps the date it was held to"
    );
}

#[test]
fn an_application_closed_for_want_of_correction_has_no_reply_due_date() {
    let mut f = Facts::received(d("2023-03-01"));
    f.correction_requested_on = Some(d("2023-03-02"));
    f.replied_on = Some(d("2023-04-20"));
    let clock = compute(&cal(), &f);
    assert_eq!((clock.pause, clock.running_due()), (None, None));
    assert_eq!(status(&clock, &f, d("2023-05-01")), Status::Closed);
}

#[test]
fn every_status_has_its_own_code_and_word() {
    let all = [
        Status::AwaitingCorrection,
        Status::InProgress,
        Status::Extended,
        Status::Consulting,
        Status::Closed,
        Status::Overdue,
    ];
    let words: Vec<&str> = all.iter().map(|s| s.label()).collect();
    assert_eq!(
        words,
        vec![
            "待补正",
            "办理中",
            "已延期",
            "征求意见中",
            "已办结",
            "已逾期"
        ]
    );
    let mut codes: Vec<&str> = all.iter().map(|s| s.code()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), all.len());
}

#[test]
fn a_correction_asked_for_after_its_seven_days_is_late_and_still_restarts_the_clock() {
    // Received 2023-09-27: the notice is due 2023-10-12 (see above).
    let mut f = Facts::received(d("2023-09-27"));
    f.correction_requested_on = Some(d("2023-10-12"));
    assert!(
        !compute(&cal(), &f).correction_late(&f),
        "the last day is in time"
    );
    f.correction_requested_on = Some(d("2023-10-13"));
    let clock = compute(&cal(), &f);
    assert!(clock.correction_late(&f));
    f.correction_received_on = Some(d("2023-10-16"));
    let restarted = compute(&cal(), &f);
    assert!(restarted.correction_late(&f));
    assert_eq!(
        restarted.running_due(),
        Some(d("2023-11-13")),
        "20 working days from the corrected application all the same"
    );
    let never_asked = Facts::received(d("2023-09-27"));
    assert!(!compute(&cal(), &never_asked).correction_late(&never_asked));
}

#[test]
fn the_correction_notice_date_explains_the_days_it_crossed() {
    let clock = compute(&cal(), &Facts::received(d("2023-09-27")));
    assert_eq!(
        clock.correction_due.explain(),
        "截止 2023-10-12：7个工作日，跳过中秋节、国庆节 09-29至10-06，调休上班 10-07、10-08"
    );
}

#[test]
fn a_clock_is_provisional_when_any_of_its_dates_crosses_an_unknown_year() {
    // Awaiting a correction there is no reply date, but the notice's own
    // date (7 working days from 12-28) reaches into 2027.
    let mut f = Facts::received(d("2026-12-28"));
    f.correction_requested_on = Some(d("2026-12-29"));
    let waiting = compute(&cal(), &f);
    assert!(waiting.reply.is_none());
    assert_eq!(waiting.unknown_years(), vec![2027]);
    // Early in 2026 nothing is provisional.
    assert!(compute(&cal(), &Facts::received(d("2026-03-02")))
        .unknown_years()
        .is_empty());
    // The reply alone crosses into 2027.
    let clock = compute(&cal(), &Facts::received(d("2026-12-15")));
    assert!(!clock.correction_due.is_provisional());
    assert_eq!(clock.unknown_years(), vec![2027]);
}

// Issue 15: the steps in the order of their dates, each judged against the
// due date then running; dates across 调休 (Spring Festival 2024: off 02-10
// to 02-17, working Sundays 02-04 and 02-18; National Day 2023: off 09-29 to
// 10-06, working 10-07 and 10-08).

/// Received 2024-01-25: 20 working days (with 02-04 and 02-18) to 02-27.
fn spring_festival_application() -> Facts {
    Facts::received(d("2024-01-25"))
}

#[test]
fn twenty_working_days_across_spring_festival_2024_count_its_working_sundays() {
    assert_eq!(due(&spring_festival_application()), d("2024-02-27"));
}

#[test]
fn an_extension_approved_on_the_due_date_extends_it() {
    let mut f = spring_festival_application();
    f.extended_on = Some(d("2024-02-27"));
    f.extension_working_days = Some(10);
    let clock = compute(&cal(), &f);
    let reply = clock.reply.as_ref().unwrap();
    assert_eq!(reply.due(), d("2024-03-12"));
    assert!(reply.refused.is_empty());
    f.replied_on = Some(d("2024-03-12"));
    let clock = compute(&cal(), &f);
    assert_eq!(status(&clock, &f, d("2024-03-20")), Status::Closed);
    assert!(f.replied_on <= clock.running_due(), "on time");
}

#[test]
fn an_extension_approved_after_the_due_date_does_not_extend_it_and_says_why() {
    let mut f = spring_festival_application();
    f.extended_on = Some(d("2024-02-28"));
    f.extension_working_days = Some(10);
    f.replied_on = Some(d("2024-03-05"));
    let clock = compute(&cal(), &f);
    let reply = clock.reply.as_ref().unwrap();
    assert_eq!(reply.due(), d("2024-02-27"), "the late extension adds nothing");
    assert_eq!(clock.running_due(), Some(d("2024-02-27")));
    assert!(
        reply
            .explain()
            .ends_with("；延期批准日 2024-02-28 已超过答复期限 2024-02-27，不能延长"),
        "{}",
        reply.explain()
    );
}

#[test]
fn a_consultation_begun_on_the_due_date_across_national_day_adds_its_days() {
    // Received 09-27, due 10-31; consulting 10-31 to 11-03 adds 3 days.
    let mut f = Facts::received(d("2023-09-27"));
    f.consultation_started_on = Some(d("2023-10-31"));
    f.consultation_answered_on = Some(d("2023-11-03"));
    assert_eq!(due(&f), d("2023-11-03"));
}

#[test]
fn a_consultation_begun_after_the_due_date_across_national_day_is_refused() {
    let mut f = Facts::received(d("2023-09-27"));
    f.consultation_started_on = Some(d("2023-11-01"));
    f.consultation_answered_on = Some(d("2023-11-03"));
    let reply = compute(&cal(), &f).reply.unwrap();
    assert_eq!(reply.due(), d("2023-10-31"));
    assert!(
        reply
            .explain()
            .contains("征求意见开始日 2023-11-01 已超过答复期限 2023-10-31，征求意见时间不能扣除"),
        "{}",
        reply.explain()
    );
}

#[test]
fn an_extension_counts_against_the_due_date_a_consultation_before_it_gave() {
    // Consulting 10-25 to 11-03 (7 days) moves 10-31 to 11-09; an extension
    // approved 11-08 is then within the period; without the consultation it
    // would have come after 10-31.
    let mut f = Facts::received(d("2023-09-27"));
    f.consultation_started_on = Some(d("2023-10-25"));
    f.consultation_answered_on = Some(d("2023-11-03"));
    f.extended_on = Some(d("2023-11-08"));
    f.extension_working_days = Some(5);
    let reply = compute(&cal(), &f).reply.unwrap();
    assert!(reply.refused.is_empty(), "{}", reply.explain());
    assert_eq!(reply.due(), d("2023-11-16"));
    f.consultation_started_on = None;
    f.consultation_answered_on = None;
    let reply = compute(&cal(), &f).reply.unwrap();
    assert_eq!(reply.due(), d("2023-10-31"));
    assert_eq!(reply.refused.len(), 1);
}

#[test]
fn the_days_from_fee_notice_to_payment_do_not_count_across_spring_festival() {
    // Notice 02-05, paid 02-19: 02-06..02-09, 02-18, 02-19 = 6 working days.
    let mut f = spring_festival_application();
    f.fee_notice_on = Some(d("2024-02-05"));
    let waiting = compute(&cal(), &f);
    assert_eq!(
        waiting.pause,
        Some(Pause::AwaitingPayment {
            since: d("2024-02-05")
        })
    );
    assert_eq!(waiting.running_due(), None, "no due date while unpaid");
    assert_eq!(status(&waiting, &f, d("2024-04-01")), Status::AwaitingPayment);
    f.fee_paid_on = Some(d("2024-02-19"));
    let reply = compute(&cal(), &f).reply.unwrap();
    assert_eq!(reply.due(), d("2024-03-06"));
    assert!(
        reply
            .explain()
            .contains("收费通知至缴费（2024-02-05至2024-02-19）用时6个工作日不计入，顺延至 2024-03-06"),
        "{}",
        reply.explain()
    );
}

#[test]
fn a_fee_notice_after_the_due_date_excludes_nothing() {
    let mut f = spring_festival_application();
    f.fee_notice_on = Some(d("2024-02-28"));
    let clock = compute(&cal(), &f);
    assert_eq!(clock.pause, None);
    assert_eq!(clock.running_due(), Some(d("2024-02-27")));
    assert_eq!(status(&clock, &f, d("2024-03-01")), Status::Overdue);
}

#[test]
fn the_payment_period_and_the_third_partys_days_cross_the_holidays() {
    // Served 09-28: 10-07, 10-08, then 18 weekdays to 11-01.
    assert_eq!(
        cal().add_working_days(d("2023-09-28"), PAYMENT_WORKING_DAYS).due,
        d("2023-11-01")
    );
    // Consultation from 02-05: 02-06..02-09, 02-18, 02-19..03-01 = 15.
    assert_eq!(
        cal()
            .add_working_days(d("2024-02-05"), THIRD_PARTY_WORKING_DAYS)
            .due,
        d("2024-03-01")
    );
}

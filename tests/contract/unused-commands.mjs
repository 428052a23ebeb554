// Commands in the core's table that no code in ui/js calls, and why they stay.
// The contract test (commands.test.mjs) fails when this list and the UI
// disagree: remove a command here once the UI calls it, or delete a command
// nothing needs.
export const UNUSED = {
  // What one day is (working or not, its holiday name); the page asks
  // calendar.due / calendar.between instead. Kept for the core's calendar
  // tests, which check date parsing through it.
  'calendar.day': 'the core’s calendar tests (api/calendar.rs)',
  // Tables 三 and 四 with the ids behind every cell and the failing relations;
  // the 年报 page reads report.figures / report.trace. Kept for the
  // applications tests (src/tests/applications.rs) that check the counting.
  'applications.figures': 'the core’s application counting tests',
};

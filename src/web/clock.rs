//! "Today" from the browser's clock, in the user's time zone. The core never reads a clock;
//! the app reads it here once per render and passes it in.

use chrono::NaiveDate;

/// The local calendar date.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date()).unwrap_or_default()
}

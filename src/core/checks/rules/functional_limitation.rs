//! `functional_limitation`: the problem's impact on daily life.
//!
//! ## What it checks
//! That a note states how the problem limits activities of daily living, self-care, work,
//! school, mobility, sleep or driving.
//!
//! ## Why it matters
//! Payers cover services that restore or protect function. Surgery and imaging criteria
//! (arthroplasty, cataract, spine) and therapy plans ask for the functional loss in words a
//! reviewer can check; a statement that the patient has *no* limitation defeats the request.
//!
//! ## What satisfies it
//! A limitation cue ("unable to", "cannot", "difficulty", "limits", "needs help", "max assist",
//! "has to stop", "missed 6 shifts", "has not worked", "on leave", "wakes 2-3x/night", "dropped
//! out of", "has not returned to") together with an activity (walking, stairs, dressing, work,
//! driving, sleep, grip, reading, ordering at a restaurant…), affirmed and about the patient.
//!
//! Does not count: explicit statements of no limitation ("independent with all ADLs",
//! "denies difficulty driving", "no trouble with cooking"), aggravating factors alone ("worse
//! with prolonged sitting"), limitations of someone else ("wife unable to continue care").
//!
//! ## References
//! * ../shared/cases/VOCABULARY.md §2 (`functional_limitation`).
//! * AAO cataract preferred practice pattern / payer cataract policies (visual function
//!   impairment); Medicare Benefit Policy Manual ch.15 §220.1 (functional status in therapy).

use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::{slice, word_count};

const LIMIT: u16 = 0;
const ACTIVITY: u16 = 1;
const STRONG: u16 = 2;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("unable to", LIMIT),
    ("unable", LIMIT),
    ("cannot", LIMIT),
    ("can't", LIMIT),
    ("can not", LIMIT),
    ("could not", LIMIT),
    ("couldn't", LIMIT),
    ("difficulty", LIMIT),
    ("difficult", LIMIT),
    ("trouble", LIMIT),
    ("struggles", LIMIT),
    ("limits", LIMIT),
    ("limited", LIMIT),
    ("limiting", LIMIT),
    ("limitation", LIMIT),
    ("limitations", LIMIT),
    ("restricted", LIMIT),
    ("needs help", LIMIT),
    ("needs assistance", LIMIT),
    ("needs assist", LIMIT),
    ("requires assistance", LIMIT),
    ("requires help", LIMIT),
    ("dependent", LIMIT),
    ("max assist", STRONG),
    ("mod assist", STRONG),
    ("min assist", STRONG),
    ("maximal assist", STRONG),
    ("moderate assist", STRONG),
    ("minimal assist", STRONG),
    ("contact guard", STRONG),
    ("one-person assist", STRONG),
    ("two-person assist", STRONG),
    ("1-person assist", STRONG),
    ("2-person assist", STRONG),
    ("has to stop", LIMIT),
    ("has to sit", LIMIT),
    ("must stop", LIMIT),
    ("only able", LIMIT),
    ("no longer", LIMIT),
    ("stopped", LIMIT),
    ("gave up", LIMIT),
    ("missed", LIMIT),
    ("missing", LIMIT),
    ("off work", STRONG),
    ("on leave", STRONG),
    ("out of work", STRONG),
    ("has not worked", STRONG),
    ("unable to work", STRONG),
    ("disabled", LIMIT),
    ("homebound", STRONG),
    ("bedbound", STRONG),
    ("bed-bound", STRONG),
    ("wheelchair-bound", STRONG),
    ("gravely disabled", STRONG),
    ("wakes", LIMIT),
    ("waking", LIMIT),
    ("awakens", LIMIT),
    ("interferes", LIMIT),
    ("interfering", LIMIT),
    ("impair*", LIMIT),
    ("affects", LIMIT),
    ("affecting", LIMIT),
    ("avoids", LIMIT),
    ("turned down", LIMIT),
    ("dropped out", LIMIT),
    ("has not returned", LIMIT),
    ("not returned to", LIMIT),
    ("uses a cane", STRONG),
    ("uses a walker", STRONG),
    ("short of breath walking", STRONG),
    ("short of breath after", STRONG),
    ("considerable and taxing effort", STRONG),
    ("manages her", LIMIT),
    ("manages his", LIMIT),
    ("lying down", LIMIT),
    ("before he has to", LIMIT),
    ("before she has to", LIMIT),
    ("walk*", ACTIVITY),
    ("ambulat*", ACTIVITY),
    ("stairs", ACTIVITY),
    ("steps", ACTIVITY),
    ("stand*", ACTIVITY),
    ("sitting", ACTIVITY),
    ("transfer*", ACTIVITY),
    ("dress*", ACTIVITY),
    ("bath*", ACTIVITY),
    ("shower*", ACTIVITY),
    ("toilet*", ACTIVITY),
    ("groom*", ACTIVITY),
    ("feeding", ACTIVITY),
    ("eat", ACTIVITY),
    ("eating", ACTIVITY),
    ("cook*", ACTIVITY),
    ("meal*", ACTIVITY),
    ("clean*", ACTIVITY),
    ("housework", ACTIVITY),
    ("household", ACTIVITY),
    ("chores", ACTIVITY),
    ("shop*", ACTIVITY),
    ("grocer*", ACTIVITY),
    ("drive", ACTIVITY),
    ("driving", ACTIVITY),
    ("work", ACTIVITY),
    ("works", ACTIVITY),
    ("working", ACTIVITY),
    ("worked", ACTIVITY),
    ("job", ACTIVITY),
    ("jobs", ACTIVITY),
    ("shifts", ACTIVITY),
    ("school", ACTIVITY),
    ("classes", ACTIVITY),
    ("sleep*", ACTIVITY),
    ("night", ACTIVITY),
    ("lift*", ACTIVITY),
    ("carry*", ACTIVITY),
    ("grip", ACTIVITY),
    ("gripping", ACTIVITY),
    ("grasp*", ACTIVITY),
    ("reach*", ACTIVITY),
    ("jars", ACTIVITY),
    ("typing", ACTIVITY),
    ("writing", ACTIVITY),
    ("write", ACTIVITY),
    ("read", ACTIVITY),
    ("reading", ACTIVITY),
    ("hobbies", ACTIVITY),
    ("exercise", ACTIVITY),
    ("hik*", ACTIVITY),
    ("run", ACTIVITY),
    ("running", ACTIVITY),
    ("jog*", ACTIVITY),
    ("play*", ACTIVITY),
    ("sport*", ACTIVITY),
    ("adl", ACTIVITY),
    ("adls", ACTIVITY),
    ("iadls", ACTIVITY),
    ("activities of daily living", ACTIVITY),
    ("daily activities", ACTIVITY),
    ("daily living", ACTIVITY),
    ("stating", ACTIVITY),
    ("verbally", ACTIVITY),
    ("naming", ACTIVITY),
    ("answering", ACTIVITY),
    ("self-care", ACTIVITY),
    ("mobility", ACTIVITY),
    ("out of bed", ACTIVITY),
    ("kneel*", ACTIVITY),
    ("squat*", ACTIVITY),
    ("bend*", ACTIVITY),
    ("climb*", ACTIVITY),
    ("garden*", ACTIVITY),
    ("care for", ACTIVITY),
    ("phone calls", ACTIVITY),
    ("order", ACTIVITY),
    ("communicat*", ACTIVITY),
    ("speak*", ACTIVITY),
    ("swallow*", ACTIVITY),
    ("sock", ACTIVITY),
    ("socks", ACTIVITY),
    ("shoe*", ACTIVITY),
    ("buttons", ACTIVITY),
    ("leave home", ACTIVITY),
    ("leaving home", ACTIVITY),
    ("truck", ACTIVITY),
    ("ladders", ACTIVITY),
    ("swim*", ACTIVITY),
    ("travel*", ACTIVITY),
    ("reposition*", ACTIVITY),
    ("turn", ACTIVITY),
    ("turning", ACTIVITY),
    ("roll*", ACTIVITY),
    ("floor", ACTIVITY),
    ("tools", ACTIVITY),
    ("instrument*", ACTIVITY),
    ("group", ACTIVITY),
    ("play", ACTIVITY),
    ("competitive", ACTIVITY),
    ("blocks", ACTIVITY),
    ("distance", ACTIVITY),
    ("activity", ACTIVITY),
    ("activities", ACTIVITY),
    ("function", ACTIVITY),
    ("independently", ACTIVITY),
];

/// Cues that only count with an activity right after them ("stopped hiking", "missed 6 shifts").
const WEAK: [&str; 11] = [
    "stopped",
    "missed",
    "wakes",
    "waking",
    "awakens",
    "affects",
    "affecting",
    "avoids",
    "no longer",
    "gave up",
    "lying down",
];

fn limitation_ok(cx: &Cx<'_, '_>, h: &crate::core::checks::notes::Hit) -> bool {
    let c = cx.ctx(h);
    !c.negated && !c.hypothetical && !c.other_person && !c.templated
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    for (sent, hits) in cx.groups(cx.own()) {
        let Some(s) = cx.sent(sent) else { continue };
        if matches!(s.section, Section::Plan | Section::Orders | Section::Goals | Section::Family | Section::Ros) {
            continue;
        }
        let function_field = matches!(s.section, Section::Function);
        let strong = hits.iter().any(|h| h.tag == STRONG && limitation_ok(cx, h));
        let (lower, _, _) = cx.lower_doc(sent);
        let activities: Vec<_> = hits.iter().filter(|h| h.tag == ACTIVITY).collect();
        let limited = hits.iter().filter(|h| h.tag == LIMIT && limitation_ok(cx, h)).any(|l| {
            let cue = slice(lower, l.start, l.end);
            let weak = WEAK.contains(&cue);
            activities.iter().any(|a| {
                if a.start >= l.end {
                    word_count(lower, l.end, a.start) <= if weak { 4 } else { 8 }
                } else {
                    // "Walking is difficult" — but not "Activity remains good and she has
                    // difficulty with depression": a noun cue takes its activity after it,
                    // and an activity stated as fine is not limited by what follows.
                    let gap = slice(lower, a.end, l.start);
                    let fine = ["good", "fine", "normal", "well", "independent", "unlimited", "unrestricted"]
                        .iter()
                        .any(|w| gap.split(|c: char| !c.is_alphanumeric()).any(|g| g == *w));
                    // "ambulates with some difficulty": the noun right after its activity.
                    let with_gap = gap.split_whitespace().count() <= 3 && gap.split_whitespace().any(|w| w == "with");
                    !weak
                        && (cue != "difficulty" || with_gap)
                        && !fine
                        && a.end <= l.start
                        && word_count(lower, a.end, l.start) <= 6
                }
            }) || (function_field && !weak)
        });
        if strong || limited {
            out.add(sent);
            if out.any() {
                break;
            }
        }
    }
    if !out.any() {
        out.reason("no limitation of daily activities, work, mobility or sleep is documented");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "functional_limitation",
            &[
                (true, "⟦Walks ~2 blocks before he has to stop.⟧ Needs help putting on his R sock and shoe."),
                (
                    true,
                    "⟦He has been unable to stand up straight or walk without pain and could not attend his classes.⟧",
                ),
                (true, "⟦Fissures on both palms - cannot grip tools; missed 6 shifts in July.⟧"),
                (true, "⟦FUNCTION: Needs max assist for lower-body dressing and bathing.⟧"),
                (true, "⟦Has not returned to competitive play; can jog 20 min.⟧"),
                (true, "⟦Knee pain limits walking to about 10 min.⟧"),
                (
                    false,
                    "He still reads the newspaper fine, denies difficulty driving at night, and has no trouble with TV or cooking.",
                ),
                (false, "Independent with all ADLs; no limitations in his daily activities reported."),
                (false, "Pain is worse with prolonged sitting."),
                (false, "Caregiver exhaustion - wife unable to continue care at home."),
                (false, "Nuclear cataract OD with glare disability (BAT 20/100)."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "functional_limitation",
            &[
                (false, "Limited English proficiency; Spanish interpreter used."),
                (true, "⟦Unable to climb the stairs to her apartment without stopping.⟧"),
            ],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "functional_limitation",
            &[
                (true, "⟦Requires assistance with bathing and dressing.⟧"),
                (true, "⟦She is now bedbound and dependent for all ADLs.⟧"),
                (true, "⟦Difficulty with ADLs due to shoulder pain; cannot reach overhead.⟧"),
                (true, "⟦Unable to work as a mechanic since the injury.⟧"),
                (true, "⟦Pain wakes him from sleep nightly.⟧"),
                (false, "No functional limitations. Works full time."),
                (false, "Fully independent in ADLs and IADLs."),
            ],
        );
    }

    #[test]
    fn attendance_and_unrelated_difficulty_are_not_limitations() {
        super::super::testing::vectors(
            "functional_limitation",
            &[
                // dictated, telegraphic, templated: missed visits for an intercurrent illness
                (false, "He has been ill with the flu for two weeks, so he has missed several appointments."),
                (false, "Missed 3 appointments (transportation)."),
                (false, "Attendance: missed appointments x2 this month."),
                // an activity stated as fine, then a difficulty with something else
                (false, "Activity remains good and she has ongoing difficulty with anxiety."),
                (false, "Activity level: good. Difficulty with insomnia."),
                (false, "ADLs fine; difficulty with depression noted."),
                // real limitations in the same styles still count
                (true, "⟦She has difficulty walking more than one block.⟧"),
                (true, "⟦Walking is difficult beyond 50 feet.⟧"),
                (true, "⟦Function: difficulty with stairs and dressing.⟧"),
                (true, "⟦She ambulates with some difficulty and a marked limp.⟧"),
                (true, "⟦Shoulder pain for years, now affecting her daily living and function.⟧"),
                (true, "⟦He continues to have difficulty stating yes or no verbally.⟧"),
            ],
        );
    }
}

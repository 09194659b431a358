//! `objective_exam_findings`: a clinician's examination or objective measurements.
//!
//! ## What it checks
//! That a clinician examined the patient and recorded findings pertinent to the complaint,
//! positive or pertinent-negative, or took objective measurements (range of motion, strength,
//! wound size, acuity).
//!
//! ## Why it matters
//! Criteria ask for objective findings, not only symptoms (e.g. neurological deficits for
//! spine imaging, joint findings for arthroplasty, an in-person exam for DME). A video visit
//! with "exam deferred" and patient-reported home readings gives the reviewer nothing to check.
//!
//! ## What satisfies it
//! * an exam section (`Exam:`, `Physical exam`, `O:`, `PE:`, `Mental status:`, `Gen:`,
//!   wound/measure tables) with at least one finding beyond vital signs;
//! * outside such a section, an explicit exam statement ("On exam … tenderness with guarding")
//!   or at least two physical-finding cues in one sentence ("Swelling and ecchymosis over the
//!   lateral ankle, TTP over the ATFL").
//!
//! Does not count: vital signs alone, patient-reported or home readings, "Exam: deferred",
//! review of systems, test results (ECG or monitor findings belong to `imaging_or_lab_results`).
//!
//! ## References
//! * ../shared/cases/VOCABULARY.md §2 (`objective_exam_findings`).
//! * CMS 1995/1997 E/M documentation guidelines (examination).

use super::shared::{TEST, TREAT, VITAL};
use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::{find_word, has_any, slice, words};

const SIGN: u16 = 0;
const EXAM_PHRASE: u16 = 1;
const DEFERRED: u16 = 2;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("tenderness", SIGN),
    ("tender", SIGN),
    ("ttp", SIGN),
    ("non-tender", SIGN),
    ("nontender", SIGN),
    ("guarding", SIGN),
    ("rebound", SIGN),
    ("rigidity", SIGN),
    ("crackles", SIGN),
    ("rales", SIGN),
    ("wheeze", SIGN),
    ("wheezes", SIGN),
    ("rhonchi", SIGN),
    ("breath sounds", SIGN),
    ("murmur", SIGN),
    ("gallop", SIGN),
    ("rrr", SIGN),
    ("jvp", SIGN),
    ("jvd", SIGN),
    ("pitting", SIGN),
    ("effusion", SIGN),
    ("ecchymosis", SIGN),
    ("erythema", SIGN),
    ("induration", SIGN),
    ("crepitus", SIGN),
    ("atrophy", SIGN),
    ("range of motion", SIGN),
    ("arom", SIGN),
    ("prom", SIGN),
    ("flexion", SIGN),
    ("dorsiflexion", SIGN),
    ("reflexes", SIGN),
    ("hyperreflexia", SIGN),
    ("babinski", SIGN),
    ("hoffmann", SIGN),
    ("clonus", SIGN),
    ("pinprick", SIGN),
    ("light touch", SIGN),
    ("slr", SIGN),
    ("straight leg raise", SIGN),
    ("faber", SIGN),
    ("fadir", SIGN),
    ("stinchfield", SIGN),
    ("lachman", SIGN),
    ("drawer", SIGN),
    ("mcmurray", SIGN),
    ("talar tilt", SIGN),
    ("ottawa", SIGN),
    ("spurling", SIGN),
    ("tinel", SIGN),
    ("phalen", SIGN),
    ("romberg", SIGN),
    ("antalgic", SIGN),
    ("trendelenburg", SIGN),
    ("lhermitte", SIGN),
    ("rovsing", SIGN),
    ("murphy", SIGN),
    ("afferent pupillary", SIGN),
    ("visual acuity", SIGN),
    ("bcva", SIGN),
    ("slit lamp", SIGN),
    ("fundus", SIGN),
    ("pallor", SIGN),
    ("icterus", SIGN),
    ("cyanosis", SIGN),
    ("clubbing", SIGN),
    ("mottling", SIGN),
    ("capillary refill", SIGN),
    ("diaphoretic", SIGN),
    ("pursed-lip", SIGN),
    ("accessory muscles", SIGN),
    ("retractions", SIGN),
    ("hepatomegaly", SIGN),
    ("splenomegaly", SIGN),
    ("hepatosplenomegaly", SIGN),
    ("ascites", SIGN),
    ("lymphadenopathy", SIGN),
    ("adenopathy", SIGN),
    ("waxy flexibility", SIGN),
    ("posturing", SIGN),
    ("negativism", SIGN),
    ("swelling", SIGN),
    ("edema", SIGN),
    ("strength", SIGN),
    ("sensation", SIGN),
    ("gait", SIGN),
    ("plaques", SIGN),
    ("granulation", SIGN),
    ("slough", SIGN),
    ("eschar", SIGN),
    ("undermining", SIGN),
    ("tunneling", SIGN),
    ("periwound", SIGN),
    ("dehiscence", SIGN),
    ("wound bed", SIGN),
    ("nail pitting", SIGN),
    ("conjunctival", SIGN),
    ("mucous membranes", SIGN),
    ("cva tenderness", SIGN),
    ("guaiac", SIGN),
    ("fontanelle", SIGN),
    ("well-appearing", SIGN),
    ("ill-appearing", SIGN),
    ("cachectic", SIGN),
    ("no acute distress", SIGN),
    ("nad", SIGN),
    ("alert and oriented", SIGN),
    ("oriented x", SIGN),
    ("on exam", EXAM_PHRASE),
    ("on examination", EXAM_PHRASE),
    ("exam", EXAM_PHRASE),
    ("examination", EXAM_PHRASE),
    ("examined", EXAM_PHRASE),
    ("physical exam", EXAM_PHRASE),
    ("exam shows", EXAM_PHRASE),
    ("exam revealed", EXAM_PHRASE),
    ("deferred", DEFERRED),
    ("not performed", DEFERRED),
    ("not examined", DEFERRED),
    ("unable to examine", DEFERRED),
    ("declined exam", DEFERRED),
    ("exam not done", DEFERRED),
];

const VITAL_FILLER: [&str; 35] = [
    "on",
    "ra",
    "room",
    "air",
    "at",
    "rest",
    "sitting",
    "supine",
    "standing",
    "c",
    "f",
    "kg",
    "cm",
    "lb",
    "lbs",
    "in",
    "bpm",
    "mmhg",
    "nc",
    "l",
    "min",
    "lpm",
    "o2",
    "via",
    "and",
    "with",
    "of",
    "the",
    "upright",
    "after",
    "afebrile",
    "m2",
    "mosteller",
    "bsa",
    "ideal",
];

/// Words an examiner uses to describe a finding (for sentences under an exam heading that
/// carry no sign cue or measurement).
const EXAM_WORDS: [&str; 58] = [
    "normal",
    "abnormal",
    "clear",
    "intact",
    "supple",
    "soft",
    "alert",
    "oriented",
    "awake",
    "positive",
    "negative",
    "unremarkable",
    "equal",
    "reactive",
    "no",
    "without",
    "mild",
    "mildly",
    "moderate",
    "severe",
    "decreased",
    "increased",
    "diminished",
    "limited",
    "full",
    "present",
    "absent",
    "noted",
    "appears",
    "appeared",
    "palpable",
    "palpation",
    "regular",
    "irregular",
    "distended",
    "nondistended",
    "warm",
    "dry",
    "moist",
    "pink",
    "pale",
    "symmetric",
    "asymmetric",
    "weak",
    "weakness",
    "pain",
    "painful",
    "grossly",
    "deficit",
    "deficits",
    "stable",
    "unstable",
    "distress",
    "cooperative",
    "pleasant",
    "healthy",
    "obese",
    "atraumatic",
];

/// True when the sentence body has nothing but vital signs.
fn vitals_only(cx: &Cx<'_, '_>, sent: usize) -> bool {
    let Some(s) = cx.sent(sent) else { return false };
    let Some(doc) = cx.doc(sent) else { return false };
    let vitals: Vec<(usize, usize)> =
        cx.in_sent(cx.shared(), sent).iter().filter(|h| h.tag == VITAL).map(|h| (h.start, h.end)).collect();
    let mut content = 0;
    for (a, b) in words(&doc.lower, s.body, s.end) {
        let w = slice(&doc.lower, a, b);
        if vitals.iter().any(|&(va, vb)| a >= va && b <= vb) || w.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if VITAL_FILLER.contains(&w) || w.len() <= 1 {
            continue;
        }
        content += 1;
    }
    content == 0
}

fn hearsay(cx: &Cx<'_, '_>, sent: usize) -> bool {
    let (lower, s, e) = cx.lower_doc(sent);
    has_any(
        lower,
        s,
        e,
        &["pt-reported", "patient-reported", "self-reported", "home bp", "home cuff", "per patient", "reported by"],
    )
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    // 1. Exam sections.
    for i in cx.all_sentences() {
        let Some(s) = cx.sent(i) else { continue };
        if s.section != Section::Exam || s.heading {
            continue;
        }
        let own = cx.in_sent(cx.own(), i);
        if own.iter().any(|h| h.tag == DEFERRED && !cx.ctx(h).negated) {
            out.near(i, "the examination is documented as deferred or not performed");
            continue;
        }
        if hearsay(cx, i) {
            out.near(i, "only patient-reported readings are documented, not an examination");
            continue;
        }
        if cx.ctx_span(i, s.body, s.end).templated || vitals_only(cx, i) {
            continue;
        }
        // A study or a treatment named under "EXAM:" / "OBJECTIVE:" with no physical finding
        // ("EXAM: MRI LEFT SHOULDER", "Objective: pool therapy for strengthening") is the
        // service, not an examination.
        let shared = cx.in_sent(cx.shared(), i);
        // A sign word in capitals with nothing after it is a table header ("…,STRENGTH,ROM"),
        // not a finding; "STRENGTH: 4/5" is one.
        let original = cx.corpus.docs.get(s.note).map_or("", |d| d.text);
        let sign = cx.in_sent(cx.own(), i).iter().any(|h| {
            let word = slice(original, h.start, h.end);
            let after = slice(original, h.end, s.end).trim_start();
            h.tag == SIGN
                && (word.contains(|c: char| c.is_ascii_lowercase())
                    || after.starts_with(|c: char| c == ':' || c.is_ascii_digit()))
        });
        let body = slice(cx.corpus.docs.get(s.note).map_or("", |d| d.lower.as_str()), s.body, s.end);
        let treatment_words = ["therapy", "exercise", "strengthening", "stretching", "training", "program"];
        let named =
            shared.iter().any(|h| h.tag == TEST || h.tag == TREAT) || treatment_words.iter().any(|w| body.contains(w));
        let dates = cx.dates(i);
        let measured = body.char_indices().any(|(k, c)| {
            let at = s.body + k;
            c.is_ascii_digit() && !dates.iter().any(|d| d.start <= at && at < d.end)
        });
        let study = shared.iter().any(|h| h.tag == TEST);
        if named && !sign && (study || !measured) {
            continue;
        }
        // Under an exam heading, a sentence must still read as a finding: a sign, a
        // measurement or an examiner's descriptor ("supple", "clear", "intact", "no …").
        if !sign && !measured && !EXAM_WORDS.iter().any(|w| find_word(body, 0, body.len(), w).is_some()) {
            continue;
        }
        out.add(i);
        if out.any() {
            return out.finish();
        }
    }
    // 2. Exam statements elsewhere.
    for (sent, hits) in cx.groups(cx.own()) {
        let Some(s) = cx.sent(sent) else { continue };
        if matches!(
            s.section,
            Section::Ros
                | Section::Plan
                | Section::Orders
                | Section::Goals
                | Section::Family
                | Section::Pmh
                | Section::Results
                | Section::Findings
                | Section::Procedure
        ) || s.heading
        {
            continue;
        }
        if hits.iter().any(|h| h.tag == DEFERRED) || hearsay(cx, sent) {
            continue;
        }
        // Test results are not an examination.
        if cx.in_sent(cx.shared(), sent).iter().any(|h| h.tag == TEST) && !hits.iter().any(|h| h.tag == EXAM_PHRASE) {
            continue;
        }
        let signs: Vec<_> =
            hits.iter().filter(|h| h.tag == SIGN && !cx.ctx(h).hypothetical && !cx.ctx(h).templated).collect();
        let phrase = hits.iter().any(|h| h.tag == EXAM_PHRASE && !cx.ctx(h).negated && !cx.ctx(h).hypothetical);
        let mut distinct: Vec<(usize, usize)> = signs.iter().map(|h| (h.start, h.end)).collect();
        distinct.dedup();
        let history_part = matches!(
            s.section,
            Section::Hpi | Section::ChiefComplaint | Section::History | Section::Function | Section::Treatment
        );
        if (phrase && !signs.is_empty()) || (distinct.len() >= 2 && !history_part) {
            out.add(sent);
            break;
        }
    }
    if !out.any() {
        out.reason("no physical examination findings are documented (vital signs alone do not count)");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "objective_exam_findings",
            &[
                (true, "Exam: BP 136/74, HR 94. ⟦Thin; pursed-lip breathing; diminished breath sounds.⟧"),
                (true, "PHYSICAL EXAM:\n⟦R hip: flexion 85 deg, IR 0-5 deg (painful).⟧ FADIR reproduces groin pain."),
                (
                    true,
                    "⟦On exam in the ED he had focal right lower quadrant tenderness with voluntary guarding and rebound.⟧",
                ),
                (true, "⟦Swelling and ecchymosis over the lateral ankle, TTP over the ATFL; Ottawa negative.⟧"),
                (true, "O:\n| ⟦Wrist extension AROM | 22° | 48° | 70°⟧ |"),
                (false, "Exam: Deferred - video visit. Pt-reported home BP 138/82, HR 76 (home cuff)."),
                (false, "VS: T 37.4 HR 84 BP 124/76 RR 16 SpO2 99% RA"),
                (false, "Findings: predominantly sinus rhythm, HR 52-131. No pauses."),
                (false, "ROS: denies chest pain, no leg swelling."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "objective_exam_findings",
            &[
                (false, "HPI: reports leg swelling and edema for 2 weeks; video visit."),
                (true, "⟦General: alert, NAD.⟧ Lungs: CTA bilaterally. Ext: 2+ pitting edema to the knees."),
            ],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "objective_exam_findings",
            &[
                (true, "⟦O: R shoulder: painful arc 60-120, + Hawkins, + Neer, strength 4/5 ER.⟧"),
                (true, "⟦Physical examination reveals a well-healed incision and mild effusion.⟧"),
            ],
        );
    }

    #[test]
    fn studies_and_treatments_named_in_exam_sections() {
        super::super::testing::vectors(
            "objective_exam_findings",
            &[
                // radiology report header, telegraphic study line, stress-test title
                (false, "EXAM:,MRI RIGHT KNEE,CLINICAL:,Knee pain x 2 months."),
                (false, "EXAM: CT chest without contrast.\nINDICATION: cough."),
                (false, "Exam: Dobutamine stress echocardiogram.\nIndication: dyspnea."),
                // therapy progress note: the treatment given, not a measure
                (
                    false,
                    "OBJECTIVE: , Treatment has consisted of:,1.  Aquatic therapy with endurance and arm strengthening.,2.  Clinic sessions with core stabilization.",
                ),
                // real findings in the same styles still count
                (true, "EXAM:,⟦Knee: effusion, medial joint line tenderness, Lachman 2+.⟧"),
                (true, "⟦OBJECTIVE:  Knee flexion 95 degrees, extension -5 degrees.⟧"),
                // a truncated measures table: headers and a date, no values
                (false, "OBJECTIVE:\nASSESSMENT, DONE ON 12/21/06,STRENGTH,Activities"),
                (true, "OBJECTIVE:\n⟦STRENGTH: hip flexion 4/5, knee extension 4+/5⟧"),
            ],
        );
    }
}

//! Section detection: which part of a note a sentence belongs to.
//!
//! Notes label their parts in many ways: `CC:`, `CHIEF COMPLAINT:`, `Reason for visit:`,
//! `HPI:`, `S:`/`O:`/`A:`/`P:`, `A/P:`, `PHYSICAL EXAM` on a line of its own, `Labs / diagnostics:`,
//! `=== MICU ADMISSION HISTORY AND PHYSICAL ===` inside a chart export. A label at the start of
//! a sentence sets the section for that sentence and the ones after it, until the next known
//! label, a sub-note header (`=== … ===`, `SECTION 2 - …`) or the end of the note. Unknown
//! labels (`Patient:`, `R hip:`) do not change the section, so `R hip: flexion 85 deg` stays in
//! the exam.

/// The part of a note a sentence belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Section {
    /// Header, demographics or anything unlabelled.
    Other,
    /// Chief complaint / reason for visit or admission.
    ChiefComplaint,
    /// History of present illness, subjective, interval history.
    Hpi,
    /// A generic "History:" block (present illness and past history mixed).
    History,
    /// Past medical / surgical / psychiatric history, comorbidities.
    Pmh,
    /// Medications.
    Meds,
    /// Allergies.
    Allergies,
    /// Social history.
    Social,
    /// Family history.
    Family,
    /// Review of systems.
    Ros,
    /// Physical examination, objective measures, mental status.
    Exam,
    /// Labs, imaging, diagnostics, data.
    Results,
    /// Assessment, impression, diagnosis, MDM.
    Assessment,
    /// Plan, recommendations, disposition, follow-up.
    Plan,
    /// Combined assessment and plan.
    AssessmentPlan,
    /// Operative or procedure findings.
    Findings,
    /// Procedure description, procedure performed or planned.
    Procedure,
    /// Treatment goals.
    Goals,
    /// Functional status, homebound status.
    Function,
    /// Treatment tried so far (conservative care, prior attempts, alternatives).
    Treatment,
    /// Orders.
    Orders,
    /// Indications for a procedure.
    Indications,
    /// ED / hospital course.
    Course,
}

/// Normalises a label: lowercase, no trailing parenthetical or punctuation, single spaces.
pub(crate) fn normalize_label(raw: &str) -> String {
    let mut s = raw.trim().to_ascii_lowercase();
    if let Some(open) = s.find('(')
        && open > 0
    {
        s.truncate(open);
    }
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.trim_matches(|c: char| !c.is_alphanumeric() && c != ')').to_string()
}

fn exact(label: &str) -> Option<Section> {
    use Section::*;
    let kind = match label {
        "cc"
        | "chief complaint"
        | "chief complaints"
        | "chief concern"
        | "presenting complaint"
        | "presenting problem"
        | "reason for visit"
        | "reason for admission"
        | "reason for referral"
        | "reason for consultation"
        | "reason for consult"
        | "reason for encounter"
        | "reason for request"
        | "reason for transport"
        | "reason for evaluation"
        | "reason for exam"
        | "reason for study"
        | "reason for service"
        | "complaint"
        | "primary reason for home health"
        | "referral reason"
        | "referral reason on order"
        | "visit reason"
        | "presenting symptoms"
        | "reason for home health"
        | "reason for therapy"
        | "reason for referral/dx" => ChiefComplaint,
        "hpi"
        | "history of present illness"
        | "history of presenting illness"
        | "s"
        | "subjective"
        | "interval history"
        | "present illness"
        | "presentation"
        | "clinical history"
        | "history/hpi"
        | "brief history"
        | "clinical"
        | "clinical information"
        | "clinical indication"
        | "clinical data"
        | "history of the present illness"
        | "hx" => Hpi,
        "history"
        | "relevant history"
        | "background"
        | "medical background"
        | "weight history"
        | "history and physical" => History,
        "pmh"
        | "past medical history"
        | "medical history"
        | "past history"
        | "psh"
        | "past surgical history"
        | "surgical history"
        | "pmh/psh"
        | "pmhx"
        | "comorbidities"
        | "co-morbidities"
        | "problem list"
        | "past psychiatric history"
        | "psychiatric history"
        | "maternal history"
        | "birth history"
        | "prenatal history"
        | "risk factors"
        | "past medical/surgical history"
        | "past medical and surgical history"
        | "pmh/meds/allergies"
        | "prior history"
        | "obstetric history"
        | "substance use" => Pmh,
        "meds"
        | "medications"
        | "medication"
        | "current medications"
        | "home medications"
        | "meds reviewed"
        | "medication list"
        | "current meds"
        | "medications on admission"
        | "admission medications"
        | "discharge medications"
        | "medications at discharge"
        | "outpatient medications"
        | "rx" => Meds,
        "allergies" | "allergy" | "nkda" => Allergies,
        "sh" | "social" | "social history" | "family and social history" | "social hx" => Social,
        "fh" | "family history" | "family" | "family hx" => Family,
        "ros" | "review of systems" | "systems review" => Ros,
        "exam"
        | "physical exam"
        | "physical examination"
        | "pe"
        | "examination"
        | "o"
        | "objective"
        | "vs"
        | "vitals"
        | "vital signs"
        | "gen"
        | "general"
        | "heent"
        | "lungs"
        | "cv"
        | "heart"
        | "abdomen"
        | "abd"
        | "ext"
        | "extremities"
        | "neuro"
        | "skin"
        | "msk"
        | "mental status"
        | "mental status exam"
        | "mse"
        | "oral-motor exam"
        | "exam after rosc"
        | "objective this period"
        | "neurologic exam"
        | "neurological exam"
        | "focused exam"
        | "objective findings"
        | "measurements"
        | "wound assessment"
        | "on exam"
        | "pulm"
        | "resp"
        | "respiratory"
        | "cardiac"
        | "gu"
        | "gi"
        | "psych"
        | "chest"
        | "back"
        | "spine"
        | "gait" => Exam,
        "labs"
        | "lab"
        | "laboratory"
        | "lab results"
        | "imaging"
        | "results"
        | "data"
        | "diagnostics"
        | "labs / diagnostics"
        | "labs/diagnostics"
        | "work-up"
        | "workup"
        | "studies"
        | "radiology"
        | "pathology"
        | "labs/imaging"
        | "pcp work-up"
        | "biometry"
        | "investigations"
        | "test results"
        | "diagnostic studies"
        | "prior imaging"
        | "imaging reviewed"
        | "imaging/labs"
        | "labs and imaging"
        | "relevant results"
        | "diagnostic results"
        | "qualifying test"
        | "qualifying test on file"
        | "sleep study"
        | "laboratory data"
        | "laboratory studies"
        | "diagnostic data"
        | "radiologic data"
        | "comparison"
        | "details"
        | "x-rays"
        | "x-ray"
        | "pfts" => Results,
        "assessment"
        | "a"
        | "impression"
        | "impressions"
        | "mdm"
        | "medical decision making"
        | "clinical impression"
        | "consensus"
        | "diagnosis"
        | "diagnoses"
        | "dx"
        | "working diagnosis"
        | "discharge diagnoses"
        | "discharge diagnosis"
        | "principal diagnosis"
        | "secondary"
        | "final diagnosis"
        | "preoperative diagnosis"
        | "preoperative diagnoses"
        | "postoperative diagnosis"
        | "postoperative diagnoses"
        | "pre-operative diagnosis"
        | "post-operative diagnosis"
        | "admitting diagnosis"
        | "admission diagnosis"
        | "interpretation"
        | "conclusion"
        | "conclusions"
        | "problem" => Assessment,
        "plan"
        | "p"
        | "recommendations"
        | "recommendation"
        | "disposition"
        | "dispo"
        | "postoperative plan"
        | "post-op plan"
        | "plan of care"
        | "treatment plan"
        | "follow-up"
        | "follow up"
        | "next steps"
        | "followup"
        | "discharge plan"
        | "discharge instructions"
        | "plans"
        | "plans/recommendations"
        | "plan/recommendations"
        | "recommendations/plan"
        | "tests ordered" => Plan,
        "a/p"
        | "assessment and plan"
        | "assessment/plan"
        | "impression and plan"
        | "impression/plan"
        | "a&p"
        | "assessment & plan" => AssessmentPlan,
        "findings" | "operative findings" | "intraoperative findings" | "intra-operative findings" => Findings,
        "procedure"
        | "procedures"
        | "procedure performed"
        | "procedures performed"
        | "performed"
        | "planned procedure"
        | "planned"
        | "operation"
        | "operation performed"
        | "description"
        | "description of procedure"
        | "technique"
        | "procedure description"
        | "operative procedure"
        | "name of procedure" => Procedure,
        "anesthesia"
        | "estimated blood loss"
        | "ebl"
        | "complications"
        | "drains"
        | "specimens"
        | "specimen"
        | "fluids"
        | "implants"
        | "tourniquet time"
        | "procedure in detail"
        | "details of procedure"
        | "description of operation"
        | "operative technique" => Procedure,
        "goals" | "goal" | "stg" | "ltg" | "short-term goals" | "long-term goals" | "treatment goals"
        | "short term goals" | "long term goals" | "therapy goals" | "discharge goal" | "discharge goals"
        | "patient goals" => Goals,
        "function"
        | "functional status"
        | "functional"
        | "adls"
        | "homebound status"
        | "functional limitations"
        | "functional limitation"
        | "mobility" => Function,
        "treatment so far"
        | "treatment history"
        | "non-operative care to date"
        | "prior treatment"
        | "prior treatments"
        | "conservative care"
        | "conservative treatment"
        | "conservative management"
        | "prior weight-loss attempts"
        | "alternatives tried or considered"
        | "therapies tried"
        | "prior therapies"
        | "previous treatment"
        | "previous treatments"
        | "treatments tried"
        | "treatment to date"
        | "non-operative care"
        | "nonoperative care"
        | "medications tried"
        | "prior medications" => Treatment,
        "orders" | "order" | "admission orders" => Orders,
        "social work" | "social worker" | "social services" | "case management" | "family contact"
        | "family meeting" | "family update" => Plan,
        "indications"
        | "indication"
        | "medical necessity"
        | "indication for study"
        | "indications for procedure"
        | "indication for procedure"
        | "indications for surgery"
        | "reason for examination" => Indications,
        "ed course" | "hospital course" | "course" | "clinical course" => Course,
        _ => return None,
    };
    Some(kind)
}

/// Words that qualify a label without changing the section it names.
const QUALIFIER_PREFIXES: &[&str] =
    &["er ", "ed ", "emergency room ", "emergency department ", "overall ", "initial ", "final "];

/// The section a label names, if it is a known section label.
pub(crate) fn section_for_label(raw: &str) -> Option<Section> {
    let label = normalize_label(raw);
    if label.is_empty() || label.len() > 48 {
        return None;
    }
    if let Some(kind) = exact(&label) {
        return Some(kind);
    }
    // "ER course", "Emergency department course", "Overall impression", "Initial impression":
    // a setting or a ranking word before a known label names the same section.
    for prefix in QUALIFIER_PREFIXES {
        if let Some(rest) = label.strip_prefix(prefix)
            && let Some(kind) = exact(rest)
            && rest.len() > 2
        {
            return Some(kind);
        }
    }
    // "Diagnosis and plan", "Discussion and plan", "Problems and plan" — or a label whose first
    // letter an export dropped — name an assessment with its plan.
    if let Some(head) = label.strip_suffix(" and plan").or_else(|| label.strip_suffix("/plan"))
        && head.len() > 2
        && head.chars().all(|c| c.is_ascii_alphabetic() || c == ' ')
        && !["insurance", "payer", "benefit", "health"].iter().any(|w| head.contains(w))
    {
        return Some(Section::AssessmentPlan);
    }
    // "Plan of care 12/28/2024-02/25/2025", "Labs 02/14/2025", "Exam today" — but not
    // "Family medicine visit": the rest must be a date/time or a qualifier.
    let words: Vec<&str> = label.split(' ').collect();
    for take in (1..words.len().min(4)).rev() {
        let head = words.get(..take).map(|w| w.join(" ")).unwrap_or_default();
        let rest = words.get(take..).map(|w| w.join(" ")).unwrap_or_default();
        let qualifier = rest.chars().any(|c| c.is_ascii_digit())
            || matches!(
                rest.as_str(),
                "today"
                    | "this visit"
                    | "on admission"
                    | "at discharge"
                    | "reviewed"
                    | "on arrival"
                    | "this period"
                    | "summary"
                    | "updated"
            );
        if let Some(kind) = exact(&head) {
            // Single letters only as whole labels ("S:", "A:"), never as prefixes.
            if head.len() > 2 && qualifier {
                return Some(kind);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(section_for_label("CHIEF COMPLAINT"), Some(Section::ChiefComplaint));
        assert_eq!(section_for_label("A/P"), Some(Section::AssessmentPlan));
        assert_eq!(section_for_label("Labs / diagnostics"), Some(Section::Results));
        assert_eq!(section_for_label("Plan of care 12/28/2024-02/25/2025"), Some(Section::Plan));
        assert_eq!(section_for_label("Goals (set 12/02/2024)"), Some(Section::Goals));
        assert_eq!(section_for_label("R hip"), None);
        assert_eq!(section_for_label("Patient"), None);
        assert_eq!(section_for_label("S"), Some(Section::Hpi));
        assert_eq!(section_for_label("St"), None);
        assert_eq!(section_for_label("FAMILY MEDICINE VISIT"), None);
        assert_eq!(section_for_label("Labs 02/14/2025"), Some(Section::Results));
        // a setting or ranking word before a known label
        assert_eq!(section_for_label("ER COURSE"), Some(Section::Course));
        assert_eq!(section_for_label("Emergency Department Course:"), Some(Section::Course));
        assert_eq!(section_for_label("OVERALL IMPRESSION"), Some(Section::Assessment));
        assert_eq!(section_for_label("Initial impression"), Some(Section::Assessment));
        assert_eq!(section_for_label("ER physician"), None);
        assert_eq!(section_for_label("Final a"), None);
        // "<something> and plan" is an assessment with its plan
        assert_eq!(section_for_label("DIAGNOSIS AND PLAN"), Some(Section::AssessmentPlan));
        assert_eq!(section_for_label("Discussion and plan:"), Some(Section::AssessmentPlan));
        assert_eq!(section_for_label("Problems/plan"), Some(Section::AssessmentPlan));
        assert_eq!(section_for_label("MPRESSION AND PLAN"), Some(Section::AssessmentPlan));
        assert_eq!(section_for_label("Insurance and plan"), None);
        assert_eq!(section_for_label("Health plan"), None);
    }
}

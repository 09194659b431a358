//! The case builder: one [`Builder`] maps one resource (and what it refers to) into a case and
//! its report; the resource-kind files add its mapping methods.

use super::json::{list, safe_key, text};
use super::refs::{Found, Index};
use crate::core::import::{AdjustmentCode, ImportReport, ImportedCase, RemarkCode};
use crate::core::model::{Address, Case, SCHEMA_VERSION};
use std::collections::HashMap;

/// A party (provider, payer, referring provider…) read from a reference.
#[derive(Default)]
pub(super) struct Party {
    pub(super) name: Option<(String, String)>,
    pub(super) npi: Option<(String, String)>,
    pub(super) tin: Option<(String, String)>,
    pub(super) phone: Option<(String, String)>,
    pub(super) fax: Option<(String, String)>,
    pub(super) address: Option<(Address, String)>,
}

/// Which element of a resource the builder is mapping, for reports.
pub(super) struct Builder<'a, 'i> {
    pub(super) index: &'i mut Index<'a>,
    pub(super) case: Case,
    pub(super) report: ImportReport,
    pub(super) carc: Vec<AdjustmentCode>,
    pub(super) rarc: Vec<RemarkCode>,
    pub(super) diagnosis_sequence: HashMap<i64, usize>,
    pub(super) item_sequence: HashMap<i64, usize>,
    pub(super) codes_from: Vec<String>,
    /// Members outside the known lists that this builder read (STU3 names).
    pub(super) used_keys: Vec<&'static str>,
}

impl<'a, 'i> Builder<'a, 'i> {
    pub(super) fn new(index: &'i mut Index<'a>, source: String) -> Builder<'a, 'i> {
        Builder {
            index,
            case: Case { schema_version: SCHEMA_VERSION.to_string(), ..Case::default() },
            report: ImportReport::new(source),
            carc: Vec::new(),
            rarc: Vec::new(),
            diagnosis_sequence: HashMap::new(),
            item_sequence: HashMap::new(),
            codes_from: Vec::new(),
            used_keys: Vec::new(),
        }
    }

    pub(super) fn unmapped_keys(&mut self, found: &Found<'a>, known: &[&[&str]]) {
        let Some(object) = found.value.as_object() else { return };
        let kind = found.kind();
        for key in object.keys() {
            if known.iter().any(|k| k.contains(&key.as_str())) || self.used_keys.contains(&key.as_str()) {
                continue;
            }
            self.report.unmapped(format!("{kind}.{}", safe_key(key)), format!("{}.{}", found.path, safe_key(key)));
        }
        for (j, contained) in list(found.value, "contained").iter().enumerate() {
            let path = format!("{}.contained[{j}]", found.path);
            if !self.index.used.contains(&path) {
                let kind = text(contained, "resourceType").unwrap_or("resource");
                self.report.unmapped(format!("contained {} not referenced", safe_key(kind)), path);
            }
        }
    }

    pub(super) fn set(&mut self, target: &'static str, value: Option<(String, String)>) -> Option<String> {
        let (value, from) = value?;
        self.report.fill(target, from);
        Some(value)
    }

    pub(super) fn finish(self, auth_check: bool) -> ImportedCase {
        let auth_related =
            auth_check && (self.carc.iter().any(|c| c.auth_related) || self.rarc.iter().any(|r| r.auth_related));
        ImportedCase {
            case: self.case,
            report: self.report,
            auth_related,
            carc: self.carc,
            rarc: self.rarc,
            remit: None,
        }
    }
}

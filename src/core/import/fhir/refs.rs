//! Resolving references inside the file: the resources of a Bundle (nested Bundles to
//! [`MAX_BUNDLE_DEPTH`]), `#id` to a container's `contained` resources, `Type/id` and `fullUrl`
//! (`urn:uuid:` included) to Bundle entries, and which resources were used.

use super::json::{list, text};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// A resource found in the file.
#[derive(Clone)]
pub(super) struct Found<'a> {
    pub(super) value: &'a Value,
    pub(super) path: String,
    pub(super) container: &'a Value,
    pub(super) container_path: String,
}

impl<'a> Found<'a> {
    pub(super) fn kind(&self) -> &'a str {
        text(self.value, "resourceType").unwrap_or("")
    }
}

/// The resources of the file and what was used.
pub(super) struct Index<'a> {
    pub(super) resources: Vec<(&'a Value, String)>,
    pub(super) keys: HashMap<String, usize>,
    pub(super) used: HashSet<String>,
    pub(super) contained: HashMap<String, HashMap<String, usize>>,
    /// Bundles inside the Bundle that were read (their paths).
    pub(super) nested: Vec<String>,
    /// Bundles nested deeper than [`MAX_BUNDLE_DEPTH`], not read.
    pub(super) too_deep: Vec<String>,
}

/// How deep Bundles inside Bundles are read (`$.entry[i].resource.entry[j].resource…`).
pub(crate) const MAX_BUNDLE_DEPTH: usize = 4;

impl<'a> Index<'a> {
    pub(super) fn new(root: &'a Value) -> Index<'a> {
        let mut index = Index {
            resources: Vec::new(),
            keys: HashMap::new(),
            used: HashSet::new(),
            contained: HashMap::new(),
            nested: Vec::new(),
            too_deep: Vec::new(),
        };
        if text(root, "resourceType") == Some("Bundle") {
            index.bundle(root, "$", 1);
        } else {
            index.resources.push((root, "$".to_string()));
            if let (Some(kind), Some(id)) = (text(root, "resourceType"), text(root, "id")) {
                index.keys.insert(format!("{kind}/{id}"), 0);
            }
        }
        index
    }

    /// Indexes the entries of a Bundle at `path`; a Bundle entry is read in turn (up to
    /// [`MAX_BUNDLE_DEPTH`] levels).
    pub(super) fn bundle(&mut self, bundle: &'a Value, path: &str, depth: usize) {
        for (i, entry) in list(bundle, "entry").iter().enumerate() {
            let Some(resource) = entry.get("resource").filter(|r| r.is_object()) else { continue };
            let at = format!("{path}.entry[{i}].resource");
            if text(resource, "resourceType") == Some("Bundle") {
                if depth < MAX_BUNDLE_DEPTH {
                    self.nested.push(at.clone());
                    self.bundle(resource, &at, depth + 1);
                } else {
                    self.too_deep.push(at);
                }
                continue;
            }
            let n = self.resources.len();
            if let Some(url) = text(entry, "fullUrl") {
                self.keys.entry(url.to_string()).or_insert(n);
            }
            if let (Some(kind), Some(id)) = (text(resource, "resourceType"), text(resource, "id")) {
                self.keys.entry(format!("{kind}/{id}")).or_insert(n);
            }
            self.resources.push((resource, at));
        }
    }

    pub(super) fn found(&self, n: usize) -> Option<Found<'a>> {
        let (value, path) = self.resources.get(n)?;
        Some(Found { value, path: path.clone(), container: value, container_path: path.clone() })
    }

    /// Resolves a Reference (`{"reference": …}`) from `from`; `None` when it points outside the
    /// file or is not a literal reference.
    pub(super) fn resolve(&mut self, reference: &'a Value, from: &Found<'a>) -> Option<Found<'a>> {
        let target = text(reference, "reference")?;
        if let Some(id) = target.strip_prefix('#') {
            // One index per container, built on first use: linear however many references.
            let index = self.contained.entry(from.container_path.clone()).or_insert_with(|| {
                let mut ids = HashMap::new();
                for (j, c) in list(from.container, "contained").iter().enumerate() {
                    if let Some(id) = text(c, "id") {
                        ids.entry(id.to_string()).or_insert(j);
                    }
                }
                ids
            });
            let j = *index.get(id)?;
            let value = list(from.container, "contained").get(j)?;
            let path = format!("{}.contained[{j}]", from.container_path);
            self.used.insert(path.clone());
            return Some(Found { value, path, container: from.container, container_path: from.container_path.clone() });
        }
        let target = match target.find("/_history/") {
            Some(cut) => target.get(..cut).unwrap_or(target),
            None => target,
        };
        let n = self.keys.get(target).copied().or_else(|| {
            let mut parts = target.rsplit('/');
            let id = parts.next()?;
            let kind = parts.next()?;
            self.keys.get(&format!("{kind}/{id}")).copied()
        })?;
        let found = self.found(n)?;
        self.used.insert(found.path.clone());
        Some(found)
    }
}

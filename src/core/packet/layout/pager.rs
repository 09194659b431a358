//! A column of items to pages: an item goes to the next page when it (or the chain it is kept
//! with) does not fit, a continued table repeats its header, spaces are dropped at the top of a
//! page, and an attachment page takes a page of its own.

use std::collections::BTreeSet;

use super::flow::{Flow, FlowItem, ItemKind};
use super::text::runs_of;
use super::{BodyArea, Page, Rule};

pub(super) struct Pager<'a> {
    pub(super) body: BodyArea,
    pub(super) pages: Vec<Page>,
    /// Distance from the body top to the next free line, on the last page.
    pub(super) y: f32,
    pub(super) pending_anchors: Vec<usize>,
    pub(super) anchors: std::collections::BTreeMap<usize, usize>,
    pub(super) missing: &'a mut BTreeSet<char>,
}

impl Pager<'_> {
    fn body_height(&self) -> f32 {
        self.body.top - self.body.bottom
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = 0.0;
    }

    fn current(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }

    fn place(&mut self, item: &FlowItem) {
        let top = self.body.top - self.y;
        let page_index = self.current();
        for id in self.pending_anchors.drain(..) {
            self.anchors.insert(id, page_index);
        }
        match &item.kind {
            ItemKind::Line(line) => {
                let baseline = top - line.baseline;
                let mut runs = Vec::new();
                for (dx, glyphs) in &line.glyphs {
                    for g in glyphs {
                        if g.missing {
                            self.missing.insert(g.c);
                        }
                    }
                    runs.extend(runs_of(glyphs, self.body.left + dx, baseline, line.size));
                }
                if let Some(page) = self.pages.last_mut() {
                    page.runs.extend(runs);
                }
            }
            ItemKind::Rule => {
                let y = top - item.height / 2.0;
                if let Some(page) = self.pages.last_mut() {
                    page.rules.push(Rule { x1: self.body.left, x2: self.body.right, y, width: 0.6 });
                }
            }
            ItemKind::Space | ItemKind::Anchor(_) | ItemKind::EndAnchor(_) | ItemKind::External(..) => {}
        }
        self.y += item.height;
    }

    pub(super) fn section(&mut self, flow: &Flow<'_>) -> (usize, usize) {
        self.new_page();
        let first = self.current();
        let items = &flow.items;
        for (index, item) in items.iter().enumerate() {
            match item.kind {
                ItemKind::Anchor(id) => {
                    self.pending_anchors.push(id);
                    continue;
                }
                ItemKind::EndAnchor(id) => {
                    self.anchors.insert(id, self.current());
                    continue;
                }
                ItemKind::Space => {
                    if self.y > 0.0 {
                        if self.y + item.height > self.body_height() {
                            self.new_page();
                        } else {
                            self.y += item.height;
                        }
                    }
                    continue;
                }
                ItemKind::External(attachment, page) => {
                    let used = self.y > 0.0 || self.pages.last().is_some_and(|p| p.external.is_some());
                    if used {
                        self.new_page();
                    }
                    for id in self.pending_anchors.drain(..) {
                        self.anchors.insert(id, self.pages.len().saturating_sub(1));
                    }
                    if let Some(last) = self.pages.last_mut() {
                        last.external = Some((attachment, page));
                    }
                    // Nothing else goes on this page.
                    self.y = self.body_height();
                    continue;
                }
                ItemKind::Line(_) | ItemKind::Rule => {}
            }
            let need = chain_height(&items[index..]);
            let fits = self.y + need <= self.body_height();
            let item_fits = self.y + item.height <= self.body_height();
            if self.y > 0.0 && (!item_fits || (!fits && need <= self.body_height())) {
                self.new_page();
                if let Some((table, false)) = item.table
                    && let Some(header) = flow.headers.get(table)
                {
                    for line in header {
                        self.place(line);
                    }
                }
            }
            self.place(item);
        }
        let last = self.current();
        for id in self.pending_anchors.drain(..) {
            self.anchors.insert(id, last);
        }
        (first, last)
    }
}

/// Height of an item and the items it must stay with (spaces and anchors in between do not
/// end the chain).
fn chain_height(items: &[FlowItem]) -> f32 {
    let mut height = 0.0;
    for item in items {
        height += item.height;
        let content = matches!(item.kind, ItemKind::Line(_) | ItemKind::Rule);
        if content && !item.keep_with_next {
            break;
        }
    }
    height
}

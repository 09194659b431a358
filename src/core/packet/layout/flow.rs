//! A section's blocks to a column of items: wrapped lines placed in the content width, table
//! rows with their repeated header, rules, spaces and anchors, each with its height and whether
//! it must stay on the page of the item after it.

use super::text::{Glyph, align, wrap, wrap_directed};
use super::{BASELINE, Block, COLUMN_GAP, Cell, LINE_HEIGHT, Metrics, Span, Table};

/// Text placed relative to an item: `dx` from the content's left edge, `baseline` below the
/// item's top.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct PlacedLine {
    pub(super) glyphs: Vec<(f32, Vec<Glyph>)>,
    pub(super) baseline: f32,
    pub(super) size: f32,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum ItemKind {
    Line(PlacedLine),
    Rule,
    Space,
    Anchor(usize),
    EndAnchor(usize),
    External(usize, usize),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct FlowItem {
    pub(super) kind: ItemKind,
    pub(super) height: f32,
    pub(super) keep_with_next: bool,
    /// The table this line belongs to (index into the header list), and whether it is a header line.
    pub(super) table: Option<(usize, bool)>,
}

impl FlowItem {
    fn new(kind: ItemKind, height: f32) -> FlowItem {
        FlowItem { kind, height, keep_with_next: false, table: None }
    }
}

fn line_item(glyphs: Vec<(f32, Vec<Glyph>)>, size: f32) -> FlowItem {
    let height = size * LINE_HEIGHT;
    FlowItem::new(ItemKind::Line(PlacedLine { glyphs, baseline: size * BASELINE, size }), height)
}

/// Rows with at most this many lines are kept on one page.
const KEEP_ROW_LINES: usize = 6;

pub(super) struct Flow<'a> {
    pub(super) metrics: &'a dyn Metrics,
    pub(super) width: f32,
    pub(super) items: Vec<FlowItem>,
    /// Header lines of each table, repeated after a page break.
    pub(super) headers: Vec<Vec<FlowItem>>,
}

impl Flow<'_> {
    pub(super) fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { text, size } => {
                let lines = wrap(&[Span::bold(text.clone())], self.metrics, *size, self.width);
                for line in lines {
                    let mut item = line_item(vec![(align(&line, self.width), line)], *size);
                    item.keep_with_next = true;
                    self.items.push(item);
                }
            }
            Block::Text { spans, size } => {
                for line in wrap_directed(spans, self.metrics, *size, self.width, true) {
                    let dx = align(&line, self.width);
                    self.items.push(line_item(vec![(dx, line)], *size));
                }
            }
            Block::Table(table) => self.table(table),
            Block::Space(points) => self.items.push(FlowItem::new(ItemKind::Space, *points)),
            Block::Anchor(id) => self.items.push(FlowItem::new(ItemKind::Anchor(*id), 0.0)),
            Block::EndAnchor(id) => self.items.push(FlowItem::new(ItemKind::EndAnchor(*id), 0.0)),
            Block::External(attachment, page) => {
                self.items.push(FlowItem::new(ItemKind::External(*attachment, *page), 0.0));
            }
        }
    }

    fn table(&mut self, table: &Table) {
        let total: f32 = table.widths.iter().sum::<f32>().max(f32::EPSILON);
        let mut lefts = Vec::new();
        let mut widths = Vec::new();
        let mut x = 0.0;
        for fraction in &table.widths {
            let column = self.width * fraction / total;
            lefts.push(x);
            widths.push((column - COLUMN_GAP).max(12.0));
            x += column;
        }
        let id = self.headers.len();
        let mut header_items = Vec::new();
        if let Some(header) = &table.header {
            let cells: Vec<Cell> = header.iter().map(|h| Cell::bold(h.clone())).collect();
            for mut item in self.row(&cells, &lefts, &widths, table.size) {
                item.keep_with_next = true;
                item.table = Some((id, true));
                header_items.push(item);
            }
            let mut rule = FlowItem::new(ItemKind::Rule, 4.0);
            rule.keep_with_next = true;
            rule.table = Some((id, true));
            header_items.push(rule);
        }
        self.items.extend(header_items.iter().cloned());
        self.headers.push(header_items);
        for row in &table.rows {
            let mut lines = self.row(row, &lefts, &widths, table.size);
            let keep = lines.len() <= KEEP_ROW_LINES;
            let count = lines.len();
            for (i, item) in lines.iter_mut().enumerate() {
                item.keep_with_next = keep && i + 1 < count;
                item.table = Some((id, false));
            }
            self.items.extend(lines);
            let mut gap = FlowItem::new(ItemKind::Space, table.size * 0.35);
            gap.table = Some((id, false));
            self.items.push(gap);
        }
    }

    fn row(&self, cells: &[Cell], lefts: &[f32], widths: &[f32], size: f32) -> Vec<FlowItem> {
        let wrapped: Vec<Vec<Vec<Glyph>>> =
            cells.iter().zip(widths).map(|(cell, width)| wrap(&cell.spans, self.metrics, size, *width)).collect();
        let count = wrapped.iter().map(Vec::len).max().unwrap_or(0);
        (0..count)
            .map(|i| {
                let glyphs = wrapped
                    .iter()
                    .zip(lefts)
                    .zip(widths)
                    .filter_map(|((lines, left), width)| {
                        lines.get(i).map(|line| (*left + align(line, *width), line.clone()))
                    })
                    .collect();
                line_item(glyphs, size)
            })
            .collect()
    }
}

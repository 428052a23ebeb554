//! A small document model between the templates and the writers: a title,
//! subtitle lines, headings, paragraphs and tables with merged cells. The
//! templates say what is written; the writers say how each format lays it out.

/// Page setup, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    pub landscape: bool,
    pub top_mm: f64,
    pub bottom_mm: f64,
    pub left_mm: f64,
    pub right_mm: f64,
}

impl PageSetup {
    /// A4 portrait with the GB/T 9704 margins of official documents.
    pub const OFFICIAL: PageSetup = PageSetup {
        landscape: false,
        top_mm: 37.0,
        bottom_mm: 35.0,
        left_mm: 28.0,
        right_mm: 26.0,
    };

    /// A4 landscape with narrow margins, for wide register tables.
    pub const LEDGER: PageSetup = PageSetup {
        landscape: true,
        top_mm: 15.0,
        bottom_mm: 15.0,
        left_mm: 12.0,
        right_mm: 12.0,
    };
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The title; a `\n` marks where a long title breaks.
    pub title: String,
    pub subtitle: Vec<String>,
    /// Who wrote it (the office), for the files' metadata.
    pub author: String,
    pub blocks: Vec<Block>,
    pub page: PageSetup,
}

impl Document {
    pub fn new(title: impl Into<String>, author: impl Into<String>, page: PageSetup) -> Self {
        Document {
            title: title.into(),
            subtitle: vec![],
            author: author.into(),
            blocks: vec![],
            page,
        }
    }

    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading {
            level,
            text: text.into(),
        });
    }

    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    /// The title on one line, for metadata and sheets.
    pub fn title_text(&self) -> String {
        self.title.replace('\n', "")
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1 (一、… in 黑体) or level 2 (（一）… in 楷体).
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    Table(Table),
}

/// A table. `rows` hold only the cells that start at a position, like HTML:
/// a cell spanning rows or columns covers positions the following cells skip.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// A short name for the table on its own (an Excel sheet's name).
    pub name: String,
    /// What the table shows, printed above it where no heading does (a sheet).
    pub caption: String,
    /// Column widths in Latin character widths (a Chinese character is two),
    /// as a spreadsheet sizes columns; pages scale them to the text block.
    /// Their count is the table's number of columns.
    pub widths: Vec<f64>,
    /// How many of the first rows are header rows (repeated on each page).
    pub header_rows: usize,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: Value,
    pub row_span: usize,
    pub col_span: usize,
    /// Header cells are centred and set in bold face (黑体).
    pub header: bool,
    /// Centred rather than aligned to the start (numbers are always centred).
    pub centered: bool,
    /// The cell is the sum of a block of this table's cells (grid positions,
    /// inclusive), so spreadsheets can keep it live.
    pub sum_of: Option<Area>,
    /// The figure the cell shows (`applications.new.total`), for a preview
    /// that lists the records behind it; no writer prints it.
    pub path: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Empty,
}

/// A block of grid positions: rows and columns, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub rows: (usize, usize),
    pub cols: (usize, usize),
}

impl Cell {
    fn new(value: Value) -> Self {
        Cell {
            value,
            row_span: 1,
            col_span: 1,
            header: false,
            centered: false,
            sum_of: None,
            path: None,
        }
    }

    pub fn text(text: impl Into<String>) -> Self {
        Cell::new(Value::Text(text.into()))
    }

    pub fn header(text: impl Into<String>) -> Self {
        Cell {
            header: true,
            centered: true,
            ..Cell::text(text)
        }
    }

    pub fn centered(mut self) -> Self {
        self.centered = true;
        self
    }

    pub fn number(n: impl Into<f64>) -> Self {
        Cell::new(Value::Number(n.into()))
    }

    pub fn empty() -> Self {
        Cell::new(Value::Empty)
    }

    pub fn span(mut self, rows: usize, cols: usize) -> Self {
        self.row_span = rows.max(1);
        self.col_span = cols.max(1);
        self
    }

    /// The figure this cell shows (see [`Cell::path`]).
    pub fn figure(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn sum_of(mut self, area: Area) -> Self {
        self.sum_of = Some(area);
        self
    }

    /// The cell's content as text: numbers without trailing zeros.
    pub fn display(&self) -> String {
        match &self.value {
            Value::Text(t) => t.clone(),
            Value::Number(n) => super::sentences::decimal(*n, 4),
            Value::Empty => String::new(),
        }
    }
}

/// A cell at its grid position, or a position covered by a cell above it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slot<'a> {
    /// The cell starts here.
    Start {
        cell: &'a Cell,
        row: usize,
        col: usize,
    },
    /// Covered by a cell starting in an earlier row (vertical merge); the
    /// covering cell's column span is repeated so writers can continue it.
    Below { cell: &'a Cell, col: usize },
}

impl Table {
    /// Each row's slots from left to right, skipping positions covered by a
    /// cell of the same row; every grid position is accounted for exactly once
    /// (checked by the templates' tests).
    pub fn layout(&self) -> Vec<Vec<Slot<'_>>> {
        let columns = self.widths.len();
        // Which cell covers each position from an earlier row: (cell, start column).
        let mut covered: Vec<Vec<Option<(&Cell, usize)>>> =
            vec![vec![None; columns]; self.rows.len()];
        let mut out = Vec::with_capacity(self.rows.len());
        for (r, row) in self.rows.iter().enumerate() {
            let mut slots = vec![];
            let mut cells = row.iter();
            let mut c = 0;
            while c < columns {
                if let Some((cell, start)) = covered[r][c] {
                    if start == c {
                        slots.push(Slot::Below { cell, col: c });
                    }
                    c += 1;
                    continue;
                }
                let Some(cell) = cells.next() else { break };
                let below = (r + cell.row_span).min(self.rows.len());
                let right = (c + cell.col_span).min(columns);
                for positions in &mut covered[r + 1..below] {
                    for position in &mut positions[c..right] {
                        *position = Some((cell, c));
                    }
                }
                slots.push(Slot::Start {
                    cell,
                    row: r,
                    col: c,
                });
                c += cell.col_span;
            }
            out.push(slots);
        }
        out
    }

    /// The number of grid positions each row fills (cells plus covered
    /// positions); equal to the column count in a well-formed table.
    pub fn row_widths(&self) -> Vec<usize> {
        self.layout()
            .iter()
            .map(|slots| {
                slots
                    .iter()
                    .map(|s| match s {
                        Slot::Start { cell, .. } | Slot::Below { cell, .. } => cell.col_span,
                    })
                    .sum()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_places_cells_around_merged_ones() {
        // ┌───┬───────┐
        // │ A │   B   │
        // │   ├───┬───┤
        // │   │ C │ D │
        // └───┴───┴───┘
        let t = Table {
            name: "t".into(),
            caption: "t".into(),
            widths: vec![1.0; 3],
            header_rows: 0,
            rows: vec![
                vec![Cell::text("A").span(2, 1), Cell::text("B").span(1, 2)],
                vec![Cell::text("C"), Cell::text("D")],
            ],
        };
        let layout = t.layout();
        let starts: Vec<(usize, usize, String)> = layout
            .iter()
            .flatten()
            .filter_map(|s| match s {
                Slot::Start { cell, row, col } => Some((*row, *col, cell.display())),
                Slot::Below { .. } => None,
            })
            .collect();
        assert_eq!(
            starts,
            vec![
                (0, 0, "A".into()),
                (0, 1, "B".into()),
                (1, 1, "C".into()),
                (1, 2, "D".into())
            ]
        );
        assert!(matches!(layout[1][0], Slot::Below { col: 0, .. }));
        assert_eq!(t.row_widths(), vec![3, 3]);
    }
}

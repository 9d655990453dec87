//! A spreadsheet file (CSV or .xlsx) as rows of text cells, each with the row number the
//! coordinator sees in their spreadsheet program.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

/// The kinds of file an import takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// The format a file name ends in, if it is one the import reads.
    pub fn from_file_name(name: &str) -> Option<Self> {
        let name = name.trim().to_lowercase();
        if name.ends_with(".csv") {
            Some(Self::Csv)
        } else if name.ends_with(".xlsx") {
            Some(Self::Xlsx)
        } else {
            None
        }
    }
}

/// Why a file could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Not a CSV in UTF-8, or not an .xlsx workbook.
    Unreadable,
    /// No row with anything in it.
    Empty,
}

/// The non-empty rows of a file's first sheet: the first one is the header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// (row number as the spreadsheet shows it, counting from 1; the cells, trimmed)
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Reads `bytes` as `format`. Blank rows are left out but still counted, so row numbers match.
pub fn read(bytes: &[u8], format: Format) -> Result<Table, ReadError> {
    let rows = match format {
        Format::Csv => read_csv(bytes)?,
        Format::Xlsx => read_xlsx(bytes)?,
    };
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .collect();
    if rows.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(Table { rows })
}

fn read_csv(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, ReadError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| ReadError::Unreadable)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| ReadError::Unreadable)?;
        // A quoted cell may span lines, and blank lines before a record count as rows too: the
        // row is the line where the record's first cell starts.
        let line = record.position().map_or(rows.len() + 1, |p| {
            let blank = text
                .get(p.byte() as usize..)
                .unwrap_or_default()
                .chars()
                .take_while(|c| matches!(c, '\n' | '\r'))
                .filter(|c| *c == '\n')
                .count();
            p.line() as usize + blank
        });
        rows.push((line, record.iter().map(|c| c.trim().to_owned()).collect()));
    }
    Ok(rows)
}

/// Spreadsheet programs set to Russian or Kazakh save CSV with semicolons, since the comma is
/// their decimal mark: whichever of the two the header line has more of separates the cells.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c| header.matches(c).count();
    if count(';') > count(',') { b';' } else { b',' }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, ReadError> {
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| ReadError::Unreadable)?;
    let range = match workbook.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(_)) => return Err(ReadError::Unreadable),
        None => return Err(ReadError::Empty),
    };
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_column = range.start().map_or(0, |(_, column)| column as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            // Cells left of the used range are blank, so columns keep their places.
            let mut row = vec![String::new(); first_column];
            row.extend(cells.iter().map(cell_text));
            (first_row + i + 1, row)
        })
        .collect())
}

/// A cell as the coordinator typed it: a year or a phone number Excel stored as a number comes
/// back without a decimal point.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        other => other.to_string().trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_two_formats_by_name() {
        assert_eq!(Format::from_file_name("Members.CSV"), Some(Format::Csv));
        assert_eq!(Format::from_file_name("тізім.xlsx"), Some(Format::Xlsx));
        assert_eq!(Format::from_file_name("list.xls"), None);
        assert_eq!(Format::from_file_name("list.pdf"), None);
    }

    #[test]
    fn reads_commas_semicolons_a_byte_order_mark_and_keeps_row_numbers() {
        let table = read(
            "\u{feff}ФИО;Год рождения\n\nАсқар Жұмабаев;2005\n\"Анна\nКим\";2004\n".as_bytes(),
            Format::Csv,
        )
        .unwrap();
        let numbers: Vec<_> = table.rows.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [1, 3, 4]);
        assert_eq!(table.rows[0].1, ["ФИО", "Год рождения"]);
        assert_eq!(table.rows[1].1, ["Асқар Жұмабаев", "2005"]);
        let table = read(b"name,birth year\nAnna,2005", Format::Csv).unwrap();
        assert_eq!(table.rows[1].1, ["Anna", "2005"]);
    }

    #[test]
    fn refuses_what_is_not_a_table() {
        assert_eq!(read(b"", Format::Csv), Err(ReadError::Empty));
        assert_eq!(read(b" ,\n,,\n", Format::Csv), Err(ReadError::Empty));
        assert_eq!(read(&[0xff, 0xfe, 0x00], Format::Csv), Err(ReadError::Unreadable));
        assert_eq!(read(b"name,year\n", Format::Xlsx), Err(ReadError::Unreadable));
    }

    #[test]
    fn numbers_excel_stored_read_as_typed() {
        assert_eq!(cell_text(&Data::Float(2005.0)), "2005");
        assert_eq!(cell_text(&Data::Float(77011234567.0)), "77011234567");
        assert_eq!(cell_text(&Data::Int(2005)), "2005");
        assert_eq!(cell_text(&Data::String(" Асқар ".into())), "Асқар");
    }

    use crate::domain::hostile;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_on_any_bytes(text in hostile::text(), bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = read(text.as_bytes(), Format::Csv);
            let _ = read(&bytes, Format::Csv);
            let _ = read(&bytes, Format::Xlsx);
        }
    }
}

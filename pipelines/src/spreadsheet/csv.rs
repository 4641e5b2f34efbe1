//! CSV and TSV records (RFC 4180, with the usual liberties of spreadsheet exports): a
//! field that starts with `"` runs to the next lone `"` and may hold delimiters and line
//! breaks, `""` inside it is one quote; line ends are `\n` or `\r\n`.

/// The records of `text`, split on `delimiter` (an ASCII byte).
pub(crate) fn records(text: &str, delimiter: u8) -> Records<'_> {
    Records { rest: text, delimiter: char::from(delimiter) }
}

pub(crate) struct Records<'a> {
    rest: &'a str,
    delimiter: char,
}

impl Iterator for Records<'_> {
    type Item = Vec<String>;

    fn next(&mut self) -> Option<Vec<String>> {
        if self.rest.is_empty() {
            return None;
        }
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut in_quotes = false;
        let mut at_field_start = true;
        let mut chars = self.rest.char_indices().peekable();
        while let Some((index, c)) = chars.next() {
            if in_quotes {
                if c != '"' {
                    field.push(c);
                } else if chars.next_if(|&(_, next)| next == '"').is_some() {
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else if c == '"' && at_field_start {
                in_quotes = true;
                at_field_start = false;
            } else if c == self.delimiter {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
            } else if c == '\n' {
                if field.ends_with('\r') {
                    field.pop();
                }
                fields.push(field);
                self.rest = &self.rest[index + 1..];
                return Some(fields);
            } else {
                field.push(c);
                at_field_start = false;
            }
        }
        // The last record, without a line end (or inside an unclosed quote).
        if field.ends_with('\r') {
            field.pop();
        }
        fields.push(field);
        self.rest = "";
        Some(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str, delimiter: u8) -> Vec<Vec<String>> {
        records(text, delimiter).collect()
    }

    #[test]
    fn plain_records() {
        assert_eq!(all("a;b;c\r\n1;2;3\n", b';'), [["a", "b", "c"], ["1", "2", "3"]]);
        assert_eq!(all("a\tb\n\n1\t2", b'\t'), [vec!["a", "b"], vec![""], vec!["1", "2"]]);
        assert_eq!(all("a;;\n", b';'), [["a", "", ""]]);
    }

    #[test]
    fn quoted_fields() {
        let text = "\"Stylo; bleu\";\"dit \"\"fin\"\"\";\"deux\r\nlignes\"\r\nx;y;z\r\n";
        assert_eq!(all(text, b';'), [["Stylo; bleu", "dit \"fin\"", "deux\r\nlignes"], ["x", "y", "z"]]);
        // A quote inside an unquoted field is text.
        assert_eq!(all("12\" screen,2\n", b','), [["12\" screen", "2"]]);
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end() {
        assert_eq!(all("\"open;\nstill open", b';'), [["open;\nstill open"]]);
    }
}

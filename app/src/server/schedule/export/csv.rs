//! The published schedule as CSV (RFC 4180) for spreadsheets: one row per
//! session with day, start, end (event time zone), room, title, hosts, votes
//! and capacity. Cells that a spreadsheet would run as a formula (starting
//! with `=`, `+`, `-`, `@`) are prefixed with `'`.

use super::Published;

fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub fn csv(p: &Published) -> String {
    let tz = p.event.tz();
    let mut out = String::from("day,start,end,room,title,hosts,votes,capacity\r\n");
    let counts = p.counts_public();
    for s in &p.sessions {
        let start = s.start.with_timezone(&tz);
        let end = s.end.with_timezone(&tz);
        let votes = if counts {
            s.topics.iter().map(|t| t.votes).sum::<i64>().to_string()
        } else {
            String::new()
        };
        let row = [
            start.format("%Y-%m-%d").to_string(),
            start.format("%H:%M").to_string(),
            end.format("%H:%M").to_string(),
            s.room.name.clone(),
            s.title(),
            s.hosts().join(", "),
            votes,
            s.room.capacity.to_string(),
        ];
        out.push_str(&row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-1"), "'-1");
    }
}

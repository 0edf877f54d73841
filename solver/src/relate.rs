//! Relatedness of topics, from their text and from who voted for them.
//!
//! Text: TF-IDF over title, description and tags (tags count three times, the
//! title twice), with English stop words removed and a light suffix-stripping
//! stemmer, compared by cosine. Co-votes: cosine of the voter sets. The score
//! is `0.6 × text + 0.4 × co-votes` (text alone when nobody voted), in [0, 1].
//! It groups topics into tracks, chooses what to merge when topics outnumber
//! room-slots (never below [`MERGE_THRESHOLD`]), and ranks likely duplicates
//! for organizers.

use crate::instance::Instance;
use std::collections::{BTreeMap, HashMap};

/// Two topics may share a session only at or above this score.
pub const MERGE_THRESHOLD: f64 = 0.25;
/// Consecutive sessions in one room at or above this score form a track.
pub const TRACK_THRESHOLD: f64 = 0.15;

const STOP: &[&str] = &[
    "a",
    "about",
    "after",
    "all",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "bring",
    "but",
    "by",
    "can",
    "do",
    "does",
    "don't",
    "for",
    "from",
    "get",
    "has",
    "have",
    "how",
    "i",
    "i'd",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "let's",
    "like",
    "me",
    "more",
    "my",
    "no",
    "not",
    "of",
    "on",
    "or",
    "other",
    "others",
    "our",
    "out",
    "over",
    "so",
    "some",
    "than",
    "that",
    "the",
    "their",
    "them",
    "there",
    "they",
    "this",
    "to",
    "up",
    "us",
    "use",
    "using",
    "vs",
    "want",
    "was",
    "we",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "will",
    "with",
    "without",
    "would",
    "you",
    "your",
    "yes",
    "just",
    "open",
    "discussion",
    "talk",
    "share",
    "session",
    "experiences",
    "stories",
    "war",
    "help",
    "anyone",
    "works",
    "hurts",
    "approach",
    "especially",
    "around",
    "hear",
    "tried",
    "last",
    "year",
    "questions",
    "lets",
];

/// A light stemmer: strips common English suffixes so that "containers",
/// "containerized" and "container" meet.
pub fn stem(word: &str) -> String {
    // Two passes, so that "containerized" and "containers" meet.
    let once = stem_once(word);
    stem_once(&once)
}

fn stem_once(word: &str) -> String {
    let w = word;
    for (suffix, min_stem) in [
        ("izations", 4),
        ("ization", 4),
        ("ations", 4),
        ("ation", 4),
        ("ingly", 4),
        ("ings", 4),
        ("ing", 4),
        ("ized", 4),
        ("ised", 4),
        ("edly", 4),
        ("ies", 3),
        ("ers", 4),
        ("er", 4),
        ("ed", 4),
        ("es", 4),
        ("s", 3),
    ] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if stem.chars().count() >= min_stem {
                return if suffix == "ies" {
                    format!("{stem}y")
                } else {
                    stem.to_string()
                };
            }
        }
    }
    w.to_string()
}

pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| w.chars().count() > 1 && !STOP.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

pub struct Relatedness {
    n: usize,
    score: Vec<f32>,
}

fn cosine(a: &BTreeMap<usize, f64>, b: &BTreeMap<usize, f64>) -> f64 {
    let dot: f64 = a.iter().filter_map(|(k, x)| b.get(k).map(|y| x * y)).sum();
    let na: f64 = a.values().map(|x| x * x).sum::<f64>().sqrt();
    let nb: f64 = b.values().map(|x| x * x).sum::<f64>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

impl Relatedness {
    pub fn new(inst: &Instance) -> Self {
        Self::from_parts(&inst.topics, &inst.votes)
    }

    /// Relatedness of `topics` (by index) from their text and `votes`, with
    /// no rooms or slots needed (the web app ranks duplicates with it).
    pub fn from_parts(topics: &[crate::instance::Topic], votes: &[crate::instance::Votes]) -> Self {
        let n = topics.len();
        // Term frequencies.
        let mut vocab: HashMap<String, usize> = HashMap::new();
        let mut tf: Vec<BTreeMap<usize, f64>> = Vec::with_capacity(n);
        for t in topics {
            let mut m: BTreeMap<usize, f64> = BTreeMap::new();
            let mut add = |word: String, w: f64| {
                let next = vocab.len();
                let id = *vocab.entry(word).or_insert(next);
                *m.entry(id).or_default() += w;
            };
            for w in tokens(&t.title) {
                add(w, 2.0);
            }
            for w in tokens(&t.description) {
                add(w, 1.0);
            }
            for tag in &t.tags {
                add(format!("#{}", tag.to_lowercase()), 3.0);
                for w in tokens(tag) {
                    add(w, 1.0);
                }
            }
            tf.push(m);
        }
        let mut df = vec![0usize; vocab.len()];
        for m in &tf {
            for &k in m.keys() {
                df[k] += 1;
            }
        }
        let tfidf: Vec<BTreeMap<usize, f64>> = tf
            .into_iter()
            .map(|m| {
                m.into_iter()
                    .map(|(k, v)| {
                        (
                            k,
                            (1.0 + v.ln()) * ((1.0 + n as f64) / (1.0 + df[k] as f64)).ln(),
                        )
                    })
                    .collect()
            })
            .collect();
        // Voter vectors.
        let index: HashMap<&str, usize> = topics
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        let mut voters: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
        for (p, v) in votes.iter().enumerate() {
            for t in &v.topics {
                if let Some(&ti) = index.get(t.as_str()) {
                    voters[ti].insert(p, 1.0);
                }
            }
        }
        let any_votes = voters.iter().any(|v| !v.is_empty());
        let mut score = vec![0f32; n * n];
        for i in 0..n {
            score[i * n + i] = 1.0;
            for j in i + 1..n {
                let text = cosine(&tfidf[i], &tfidf[j]);
                let s = if any_votes {
                    0.6 * text + 0.4 * cosine(&voters[i], &voters[j])
                } else {
                    text
                };
                score[i * n + j] = s as f32;
                score[j * n + i] = s as f32;
            }
        }
        Relatedness { n, score }
    }

    pub fn score(&self, a: usize, b: usize) -> f64 {
        f64::from(self.score[a * self.n + b])
    }

    /// Pairs of topics at or above `min_score`, most related first: likely
    /// duplicates for an organizer to look at.
    pub fn ranked_pairs(&self, min_score: f64, limit: usize) -> Vec<(usize, usize, f64)> {
        let mut out = Vec::new();
        for i in 0..self.n {
            for j in i + 1..self.n {
                let s = self.score(i, j);
                if s >= min_score {
                    out.push((i, j, s));
                }
            }
        }
        out.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
        out.truncate(limit);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemming_and_stop_words() {
        assert_eq!(stem("containers"), stem("container"));
        assert_eq!(stem("containerized"), stem("container"));
        assert_eq!(stem("monitoring"), "monitor");
        assert_eq!(stem("policies"), "policy");
        assert_eq!(
            tokens("How do we use Containers in the monitoring?"),
            [stem("container"), "monitor".to_string()]
        );
    }

    #[test]
    fn similar_topics_score_higher_than_unrelated_ones() {
        let inst = Instance::from_json(
            &serde_json::json!({
                "name": "r", "rooms": [{"id": "r", "capacity": 5}],
                "slots": [{"id": "s", "start": "2026-10-26T10:00:00Z", "end": "2026-10-26T11:00:00Z"}],
                "topics": [
                    {"id": "a", "title": "Data persistence in Docker containers", "hosts": ["x"], "tags": ["docker"]},
                    {"id": "b", "title": "Docker volumes and persistent data", "hosts": ["y"], "tags": ["docker"]},
                    {"id": "c", "title": "Blameless postmortems", "hosts": ["z"], "tags": ["culture"]}
                ],
                "votes": [{"participant": "p", "topics": ["a", "b"]}, {"participant": "q", "topics": ["c"]}]
            })
            .to_string(),
        )
        .unwrap();
        let r = Relatedness::new(&inst);
        assert!(r.score(0, 1) > MERGE_THRESHOLD, "{}", r.score(0, 1));
        assert!(r.score(0, 2) < TRACK_THRESHOLD, "{}", r.score(0, 2));
        let pairs = r.ranked_pairs(0.1, 10);
        assert_eq!((pairs[0].0, pairs[0].1), (0, 1));
    }
}

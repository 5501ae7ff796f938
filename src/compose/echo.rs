//! Sentences that echo each other, used by [`super::sections`] when it
//! chooses wording: two sentences in a row opening with the same word
//! (“注重……。注重……”), and a practice title or general sentence repeating
//! a phrase of the text beside it (“落实‘三会一课’制度。严格落实‘三会一课’制度”).
//! Plain character tests, no word lists: a word is approximated by the
//! first two characters, a phrase by a run of four Chinese characters.

use std::collections::HashSet;

/// Chinese characters in a row that count as a repeated phrase.
const PHRASE: usize = 4;

/// Chinese characters in a row that make a set formula (作为首要政治任务),
/// said once per report.
const FORMULA: usize = 6;

/// The opening word of a sentence: its first two characters.
pub fn opening(sentence: &str) -> String {
    sentence.chars().take(2).collect()
}

/// The last sentence of a text (after its last inner 。).
pub fn last_sentence(text: &str) -> &str {
    let body = text.strip_suffix('。').unwrap_or(text);
    body.rfind('。').map_or(text, |i| &text[i + '。'.len_utf8()..])
}

/// Whether two sentences open with the same word.
pub fn same_opening(a: &str, b: &str) -> bool {
    let (a, b) = (opening(a), opening(b));
    a.chars().count() == 2 && a == b
}

fn han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Runs of [`PHRASE`] Chinese characters in a text.
fn phrases(text: &str) -> Vec<String> {
    runs(text, PHRASE)
}

/// Runs of `n` Chinese characters in a text.
fn runs(text: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for run in text.split(|c: char| !han(c)) {
        let cs: Vec<char> = run.chars().collect();
        out.extend(cs.windows(n).map(|w| w.iter().collect::<String>()));
    }
    out
}

/// The formulas a report has said so far (its opening, the frames,
/// effects, method clauses and drafted items chosen), as runs of
/// [`FORMULA`] Chinese characters: a later choice repeats none of them.
#[derive(Debug, Default)]
pub struct Said {
    runs: HashSet<String>,
}

impl Said {
    /// Remembers a text's formulas.
    pub fn add(&mut self, text: &str) {
        self.runs.extend(runs(text, FORMULA));
    }

    /// How many formulas of `text` were said already.
    pub fn repeats(&self, text: &str) -> usize {
        runs(text, FORMULA).iter().filter(|r| self.runs.contains(*r)).count()
    }
}

/// The first of `list` repeating no formula `said` and not opening like
/// `prev`; else the first repeating none; else the one repeating fewest.
/// `plain` strips terms that are no formula (the level's own words).
pub fn freshest<'a>(list: &'a [String], said: &Said, prev: &str, plain: impl Fn(&str) -> String) -> Option<&'a String> {
    let shared: Vec<usize> = list.iter().map(|s| said.repeats(&plain(s))).collect();
    let best = shared.iter().copied().min()?;
    let pos = (0..list.len()).find(|&i| shared[i] == 0 && !same_opening(&list[i], prev)).or_else(|| (0..list.len()).find(|&i| shared[i] == best))?;
    list.get(pos)
}

/// Whether `a` repeats a phrase of four Chinese characters found in `b`.
pub fn shares_phrase(a: &str, b: &str) -> bool {
    let theirs = phrases(b);
    phrases(a).iter().any(|p| theirs.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openings_compare_two_characters() {
        assert!(same_opening("注重把党组织建在产业链上。", "注重发挥党员作用。"));
        assert!(!same_opening("注重把党组织建在产业链上。", "坚持重心下移。"));
        assert!(!same_opening("注", "注"));
    }

    #[test]
    fn the_last_sentence_of_a_text() {
        assert_eq!(last_sentence("一年来，开展学习12次。目前，共有党员39名。"), "目前，共有党员39名。");
        assert_eq!(last_sentence("开展学习12次。"), "开展学习12次。");
    }

    #[test]
    fn phrases_are_four_chinese_characters_in_a_row() {
        assert!(shares_phrase("落实“三会一课”制度", "严格落实“三会一课”制度，召开支部党员大会4次"));
        assert!(shares_phrase("储备后备力量", "截至年底，储备村级后备力量31名。"));
        assert!(!shares_phrase("加强梯队建设", "截至年底，储备村级后备力量31名。"));
        // Punctuation breaks a run: “会、一课” is not a phrase.
        assert!(!shares_phrase("三会、一课", "三会一课"));
    }

    #[test]
    fn said_formulas_are_not_chosen_again() {
        let mut said = Said::default();
        said.add("把学习贯彻党的二十大精神作为首要政治任务");
        let list = ["把深入学习贯彻党的创新理论作为首要政治任务".to_string(), "坚持以政治建设为统领".to_string()];
        assert_eq!(freshest(&list, &said, "", str::to_string), Some(&list[1]));
        assert_eq!(freshest(&list[..1], &said, "", str::to_string), Some(&list[0]), "the least repeating when all repeat");
    }

    #[test]
    fn formulas_are_six_chinese_characters_in_a_row() {
        let mut said = Said::default();
        said.add("把学习贯彻党的二十大精神作为首要政治任务");
        assert_eq!(said.repeats("把深入学习贯彻党的创新理论作为首要政治任务"), 4, "学习贯彻党的、作为首要政治、为首要政治任、首要政治任务");
        said.add("突出政治引领");
        assert_eq!(said.repeats("坚持政治引领"), 0, "shorter than a formula");
    }
}

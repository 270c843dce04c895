//! The catalog explains in its own words: no French, Italian or Japanese sentence of the built-in
//! catalog may read like a sentence of Microsoft's localized NDR pages (the seeds in
//! `shared/seeds`), measured with a character similarity ratio (2·matches / total length).

use std::collections::HashSet;
use std::path::Path;

use mail_lsp::catalog::Entry;
use mail_lsp::lang::Lang;
use similar::{Algorithm, TextDiff, capture_diff_slices, get_diff_ratio};

/// Sentences at least this similar to a seed sentence are too close.
const MAX_RATIO: f32 = 0.7;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/seeds");

/// Splits a text into sentences on `.` `!` `?` `。` and line ends.
pub fn sentences(text: &str) -> Vec<&str> {
    text.split(['.', '!', '?', '。', '\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The language of a seed page: kana means Japanese, else the more frequent function words.
fn seed_language(text: &str) -> Lang {
    if text.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)) {
        return Lang::Ja;
    }
    let count = |words: &[&str]| words.iter().map(|w| text.matches(w).count()).sum::<usize>();
    let french = count(&[" le ", " les ", " des ", " est ", " vous "]);
    let italian = count(&[" il ", " della ", " per ", " che ", " sono "]);
    if french > italian { Lang::Fr } else { Lang::It }
}

/// A sentence prepared for fast comparison: its characters sorted, and its distinct bigrams.
struct Prepared<'a> {
    text: &'a str,
    chars: Vec<char>,
    sorted: Vec<char>,
    bigrams: Vec<(char, char)>,
    /// For each distinct character, the bit set of its positions (for the LCS below).
    masks: Vec<(char, Vec<u64>)>,
}

impl<'a> Prepared<'a> {
    fn new(text: &'a str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut bigrams: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        bigrams.sort_unstable();
        bigrams.dedup();
        let mut sorted = chars.clone();
        sorted.sort_unstable();
        let words = chars.len().div_ceil(64).max(1);
        let mut masks: Vec<(char, Vec<u64>)> = Vec::new();
        for (i, c) in chars.iter().enumerate() {
            let at = match masks.binary_search_by_key(c, |(k, _)| *k) {
                Ok(at) => at,
                Err(at) => {
                    masks.insert(at, (*c, vec![0; words]));
                    at
                }
            };
            masks[at].1[i / 64] |= 1 << (i % 64);
        }
        Prepared {
            text,
            chars,
            sorted,
            bigrams,
            masks,
        }
    }
}

/// How many items two sorted lists have in common, counting repeats.
fn shared<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// The ratio, or `None` when cheap bounds already rule the pair out.
fn similarity(a: &Prepared, b: &Prepared) -> Option<f32> {
    let (la, lb) = (a.sorted.len(), b.sorted.len());
    let total = (la + lb).max(1) as f32;
    // Matches cannot exceed the shorter sentence.
    if 2.0 * la.min(lb) as f32 / total < MAX_RATIO {
        return None;
    }
    // Sentences this similar share most of their bigrams (pairs at 0.6 still share half);
    // unrelated sentences of the same language share far fewer.
    let bigrams = shared(&a.bigrams, &b.bigrams);
    if 2.0 * bigrams as f32 / ((a.bigrams.len() + b.bigrams.len()).max(1) as f32) < 0.3 {
        return None;
    }
    // Matches cannot exceed the characters the two have in common.
    if 2.0 * shared(&a.sorted, &b.sorted) as f32 / total < MAX_RATIO {
        return None;
    }
    // A minimal diff keeps exactly a longest common subsequence, so this is the ratio itself,
    // computed cheaply; the diff runs only for the pairs that fail.
    if 2.0 * lcs(a, &b.chars) as f32 / total < MAX_RATIO {
        return None;
    }
    Some(ratio(&a.chars, &b.chars))
}

/// The length of a longest common subsequence of two sentences, 64 positions of `a` at a time
/// (the bit-vector method of Crochemore, Iliopoulos, Pinzon and Reid).
fn lcs(a: &Prepared, b: &[char]) -> usize {
    let words = a.chars.len().div_ceil(64).max(1);
    let mut v = vec![u64::MAX; words];
    for c in b {
        let Ok(at) = a.masks.binary_search_by_key(c, |(k, _)| *k) else {
            continue;
        };
        let m = &a.masks[at].1;
        let (mut carry, mut borrow) = (false, false);
        for w in 0..words {
            let u = v[w] & m[w];
            let (sum, c1) = v[w].overflowing_add(u);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            let (diff, b1) = v[w].overflowing_sub(u);
            let (diff, b2) = diff.overflowing_sub(u64::from(borrow));
            carry = c1 || c2;
            borrow = b1 || b2;
            v[w] = sum | diff;
        }
    }
    (0..a.chars.len())
        .filter(|&i| v[i / 64] & (1 << (i % 64)) == 0)
        .count()
}

/// `TextDiff::from_chars(a, b).ratio()`, on characters split once per sentence rather than once
/// per pair.
fn ratio(a: &[char], b: &[char]) -> f32 {
    let ops = capture_diff_slices(Algorithm::Myers, a, b);
    get_diff_ratio(&ops, a.len(), b.len())
}

/// Every French, Italian and Japanese text of an entry, with where it sits.
fn texts(entry: &Entry, lang: Lang) -> Vec<(&'static str, &str)> {
    let mut out = vec![
        ("title", entry.title.get(lang).as_str()),
        ("cause", entry.cause.get(lang).as_str()),
    ];
    out.extend(entry.steps.get(lang).iter().map(|s| ("steps", s.as_str())));
    if let Some(admin) = &entry.admin_steps {
        out.extend(admin.get(lang).iter().map(|s| ("admin_steps", s.as_str())));
    }
    out
}

fn read_seeds() -> Vec<(Lang, String)> {
    let dir = Path::new(SEEDS);
    let listing = std::fs::read_dir(dir).unwrap_or_else(|e| {
        panic!(
            "the seed pages must be present at {} to check the catalog's wording: {e}",
            dir.display()
        )
    });
    let mut seeds: Vec<(Lang, String)> = listing
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            (seed_language(&text), text)
        })
        .collect();
    seeds.sort_by_key(|(lang, _)| lang.code());
    assert!(
        seeds.len() >= 3,
        "expected the French, Italian and Japanese seed pages in {}, found {}",
        dir.display(),
        seeds.len()
    );
    seeds
}

#[test]
fn no_catalog_sentence_reads_like_a_seed_sentence() {
    let seeds = read_seeds();
    let mut offending = Vec::new();
    for lang in [Lang::Fr, Lang::It, Lang::Ja] {
        let seed_sentences: HashSet<&str> = seeds
            .iter()
            .filter(|(l, _)| *l == lang)
            .flat_map(|(_, text)| sentences(text))
            .collect();
        assert!(!seed_sentences.is_empty(), "no {lang:?} seed page");
        let seed_sentences: Vec<Prepared> = seed_sentences.into_iter().map(Prepared::new).collect();
        let shortest = if lang == Lang::Ja { 20 } else { 40 };
        let mut checked = HashSet::new();
        for entry in super::builtin().entries() {
            for (field, text) in texts(entry, lang) {
                for sentence in sentences(text) {
                    if sentence.chars().count() < shortest || !checked.insert(sentence) {
                        continue;
                    }
                    let ours = Prepared::new(sentence);
                    for seed in &seed_sentences {
                        if let Some(ratio) = similarity(&ours, seed)
                            && ratio >= MAX_RATIO
                        {
                            offending.push(format!(
                                "{}:{} {:?} {field} ({lang:?}, {ratio:.2})\n  ours: {sentence}\n  seed: {}",
                                entry.source.file, entry.line, entry.codes, seed.text
                            ));
                        }
                    }
                }
            }
        }
        // The spam stamp tables (catalog/stamps/) speak in our own words too.
        for table in mail_lsp::catalog::stamps::all() {
            let maps = [&table.fields, &table.symbols, &table.values];
            for (key, meaning) in maps.iter().flat_map(|m| m.iter()) {
                for sentence in sentences(meaning.get(lang)) {
                    if sentence.chars().count() < shortest || !checked.insert(sentence) {
                        continue;
                    }
                    let ours = Prepared::new(sentence);
                    for seed in &seed_sentences {
                        if let Some(ratio) = similarity(&ours, seed)
                            && ratio >= MAX_RATIO
                        {
                            offending.push(format!(
                                "catalog/stamps/{}.toml {key} ({lang:?}, {ratio:.2})\n  ours: {sentence}\n  seed: {}",
                                table.vendor, seed.text
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        offending.is_empty(),
        "{} catalog sentences are too close to the seed pages; say them in our own words:\n{}",
        offending.len(),
        offending.join("\n")
    );
}

#[test]
fn the_similarity_measure_behaves_as_expected() {
    assert_eq!(
        sentences("Première phrase. Deuxième ! Troisième ?\n受信者。終わり"),
        [
            "Première phrase",
            "Deuxième",
            "Troisième",
            "受信者",
            "終わり"
        ]
    );
    let copied = Prepared::new("L'indirizzo del destinatario non è formattato correttamente");
    let same = Prepared::new("L'indirizzo del destinatario non è formattato correttamente.");
    assert!(similarity(&copied, &same).is_some_and(|r| r > 0.95));
    let ours = Prepared::new("Il server remoto ha rifiutato la connessione sulla porta 25");
    assert!(similarity(&copied, &ours).is_none_or(|r| r < MAX_RATIO));
    // The same ratio as similar's own text diff.
    for (a, b) in [
        (
            "Vérifiez l'adresse du destinataire",
            "Relisez l'adresse du destinataire",
        ),
        (
            "宛先アドレスの形式が正しくない",
            "受信者のアドレスの形式が正しくないか",
        ),
    ] {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        let expected = TextDiff::from_chars(a, b).ratio();
        assert_eq!(ratio(&chars(a), &chars(b)), expected, "{a} / {b}");
        let total = (a.chars().count() + b.chars().count()) as f32;
        let by_lcs = 2.0 * lcs(&Prepared::new(a), &chars(b)) as f32 / total;
        assert!(
            (by_lcs - expected).abs() < 1e-6,
            "{a} / {b}: {by_lcs} {expected}"
        );
    }
}

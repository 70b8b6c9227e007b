/// The candidate closest to `word`, when it is close enough to be the word the user meant.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    let tolerance = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| {
            let distance = strsim::damerau_levenshtein(&word, &candidate.to_lowercase());
            (distance, candidate)
        })
        .filter(|(distance, _)| *distance <= tolerance)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn finds_near_misses_only() {
        let keys = ["services", "ports", "provider", "vm"];
        assert_eq!(did_you_mean("servics", keys), Some("services"));
        assert_eq!(did_you_mean("port", keys), Some("ports"));
        assert_eq!(did_you_mean("Provider", keys), Some("provider"));
        assert_eq!(did_you_mean("vn", keys), Some("vm"));
        assert_eq!(did_you_mean("database", keys), None);
    }
}

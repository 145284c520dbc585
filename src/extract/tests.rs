use super::*;

fn run(text: &str) -> Extraction {
    let lex = Lexicon::builtin().unwrap();
    extract(
        &Document {
            id: "t.txt".into(),
            text: text.into(),
            ..Document::default()
        },
        &lex,
    )
}

fn names(x: &Extraction, label: Label) -> Vec<String> {
    let mut v: Vec<String> = x
        .entities
        .iter()
        .filter(|e| e.label == label && e.named)
        .map(|e| e.name.clone())
        .collect();
    v.sort();
    v
}

fn rels(x: &Extraction, t: RelType) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = x
        .relations
        .iter()
        .filter(|r| r.rel_type == t)
        .map(|r| {
            (
                x.entities[r.source].name.clone(),
                x.entities[r.target].name.clone(),
            )
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn title_chain_and_apposition() {
    let x = run("On March 3, 2020, Ana Ruiz, Director General of the Department of Research of the Ministry of Science (MOS) of Chile, met with Tran Van Hoa, Vice Minister of the Ministry of Industry of Vietnam.");
    assert_eq!(names(&x, Label::Person), ["Ana Ruiz", "Tran Van Hoa"]);
    assert_eq!(
        names(&x, Label::Organization),
        [
            "Department of Research",
            "Ministry of Industry of Vietnam",
            "Ministry of Science"
        ]
    );
    assert_eq!(
        rels(&x, RelType::MetWith),
        [("Ana Ruiz".into(), "Tran Van Hoa".into())]
    );
    assert_eq!(rels(&x, RelType::Attended).len(), 2);
}

#[test]
fn signing_and_short_forms() {
    let x = run("Minister Zhou Haiyan met Dr. Khalid bin Salman Al-Harbi in Riyadh. Minister Zhou and Al-Harbi signed the Memorandum of Understanding on Marine Science. The MOU will be implemented soon.");
    assert_eq!(
        names(&x, Label::Person),
        ["Khalid bin Salman Al-Harbi", "Zhou Haiyan"]
    );
    assert_eq!(
        names(&x, Label::Agreement),
        ["Memorandum of Understanding on Marine Science"]
    );
    assert_eq!(rels(&x, RelType::Signed).len(), 2);
}

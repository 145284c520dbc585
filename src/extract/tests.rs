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
fn titles_of_other_civil_services_stand_after_a_name() {
    // `State Minister`, `Pro-Vice-Chancellor`, `Vice-Rector` are titles (schema/lexicon/titles.tsv).
    for title in [
        "State Minister for Science and Technology of Nepal",
        "Pro-Vice-Chancellor of the University of Lagos",
        "Vice-Rector of the University of Porto",
    ] {
        let x = run(&format!(
            "On May 3, 2023, Hari Prasad Koirala, {title}, met Vice Minister Li Wen in Kathmandu."
        ));
        assert_eq!(
            names(&x, Label::Person),
            ["Hari Prasad Koirala", "Li Wen"],
            "{title}"
        );
        assert_eq!(
            rels(&x, RelType::MetWith),
            [("Hari Prasad Koirala".into(), "Li Wen".into())],
            "{title}"
        );
    }
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

/// The unnamed events of an extraction, with who attended each (sorted).
fn unnamed_events(x: &Extraction) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = (0..x.entities.len())
        .filter(|&e| x.entities[e].label == Label::Event && !x.entities[e].named)
        .map(|e| {
            let mut v: Vec<String> = x
                .relations
                .iter()
                .filter(|r| r.rel_type == RelType::Attended && r.target == e)
                .map(|r| x.entities[r.source].name.clone())
                .collect();
            v.sort();
            v.dedup();
            v
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_handover_ceremony_is_an_event_beside_the_talks() {
    let x = run("On May 2, 2022, Minister Ana Ruiz attended the handover ceremony of the Solar Research Centre in Lima. Ambassador Tom Berg also attended the ceremony. After the ceremony, Minister Ruiz met with Ambassador Berg.");
    assert_eq!(
        unnamed_events(&x),
        [
            vec!["Ana Ruiz".to_string(), "Tom Berg".to_string()],
            vec!["Ana Ruiz".to_string(), "Tom Berg".to_string()]
        ]
    );
    assert_eq!(
        rels(&x, RelType::MetWith),
        [("Ana Ruiz".into(), "Tom Berg".into())]
    );
    // Without a ceremony of its own, `the signing ceremony` is still the signing.
    let y = run("Minister Ana Ruiz and Dr. Tom Berg signed the Memorandum of Understanding on Marine Science. Dr. Eva Lind was present at the signing ceremony.");
    assert_eq!(
        unnamed_events(&y),
        [vec![
            "Ana Ruiz".to_string(),
            "Eva Lind".to_string(),
            "Tom Berg".to_string()
        ]]
    );
}

#[test]
fn a_later_meeting_with_someone_new_is_another_event() {
    let x = run("Minister Ana Ruiz held talks with Dr. Tom Berg, President of the National Research Council. The two sides discussed joint calls. Minister Ruiz also met with Dr. Eva Lind, Rector of the University of Lima, and Prof. Karl Olsen.");
    assert_eq!(
        unnamed_events(&x),
        [
            vec![
                "Ana Ruiz".to_string(),
                "Eva Lind".to_string(),
                "Karl Olsen".to_string()
            ],
            vec!["Ana Ruiz".to_string(), "Tom Berg".to_string()],
        ]
    );
    assert!(has(&x, RelType::MetWith, "Ana Ruiz", "Eva Lind"));
    // `also` between people who already met: the same talks.
    let y = run("Minister Ana Ruiz held talks with Dr. Tom Berg. Minister Ruiz and Dr. Berg also met with the press.");
    assert_eq!(unnamed_events(&y).len(), 1);
}

#[test]
fn a_meeting_before_the_signing_is_not_the_signing() {
    let x = run("The MoU was signed by Dr. Ana Ruiz and Dr. Tom Berg in the presence of Ambassador Eva Lind. Before the signing ceremony, Dr. Berg and his delegation held a meeting with Prof. Karl Olsen. The delegation also called on Minister Ida Holm.");
    let events = unnamed_events(&x);
    assert!(events.contains(&vec!["Karl Olsen".to_string(), "Tom Berg".to_string()]));
    assert!(events.contains(&vec![
        "Ana Ruiz".to_string(),
        "Eva Lind".to_string(),
        "Tom Berg".to_string()
    ]));
    // `Dr. Berg and his delegation`: Berg heads the delegation that called on Holm.
    assert!(
        has(&x, RelType::MetWith, "Ida Holm", "Tom Berg")
            || has(&x, RelType::MetWith, "Tom Berg", "Ida Holm")
    );
}

#[test]
fn together_with_and_accompanied_attend_the_event() {
    let x = run("The Fifth Regional Forum on Water Science opened in Lima. Minister Ana Ruiz addressed the opening ceremony, together with Dr. Tom Berg, Director of the Water Institute.");
    assert!(has(
        &x,
        RelType::Attended,
        "Tom Berg",
        "Fifth Regional Forum on Water Science"
    ));
    assert!(has(
        &x,
        RelType::Attended,
        "Ana Ruiz",
        "Fifth Regional Forum on Water Science"
    ));
    let y = run("Ambassador Ana Ruiz paid a courtesy call on Minister Tom Berg. Counsellor Dr. Eva Lind accompanied the Ambassador during the courtesy call.");
    assert_eq!(
        unnamed_events(&y),
        [vec![
            "Ana Ruiz".to_string(),
            "Eva Lind".to_string(),
            "Tom Berg".to_string()
        ]]
    );
}

#[test]
fn a_delegation_with_a_modifier_is_led_to_the_event() {
    let x = run("Minister Ana Ruiz led a Peruvian delegation to the 7th Meeting of Ministers of Science of the Andean Community.");
    assert!(has(
        &x,
        RelType::Attended,
        "Ana Ruiz",
        "7th Meeting of Ministers of Science of the Andean Community"
    ));
    let y = run("Minister Ana Ruiz led a high-level delegation to the Second Global Summit on Ocean Science.");
    assert!(has(
        &y,
        RelType::Attended,
        "Ana Ruiz",
        "Second Global Summit on Ocean Science"
    ));
}

#[test]
fn a_meeting_in_a_place_between_two_people() {
    let x = run("The fund was announced after a meeting in Lima between the Director General of the Ministry, Dr. Ana Ruiz, and Chile's Minister of Science, Prof. Tom Berg.");
    assert_eq!(
        rels(&x, RelType::MetWith),
        [("Ana Ruiz".into(), "Tom Berg".into())]
    );
}

#[test]
fn signing_at_a_named_event() {
    // Co-chairs who sign at the end of the meeting: no signing event besides the meeting.
    let x = run("The 5th Meeting of the Peru-Chile Joint Committee was co-chaired by Minister Ana Ruiz and Minister Tom Berg. They agreed on a Work Plan 2024-2026, which Minister Ruiz and Minister Berg signed at the end of the meeting.");
    assert!(unnamed_events(&x).is_empty());
    assert!(has(&x, RelType::Signed, "Tom Berg", "Work Plan 2024-2026"));
    // `signed on the sidelines of EVENT`: the signers attended it.
    let y = run("Minister Ana Ruiz and Minister Tom Berg signed an Executive Programme of Cooperation for 2024-2027. The programme, signed on the sidelines of the 4th Session of the Peru-Chile Joint Commission, covers student exchanges.");
    assert!(has(
        &y,
        RelType::Attended,
        "Ana Ruiz",
        "4th Session of the Peru-Chile Joint Commission"
    ));
    assert!(has(
        &y,
        RelType::Attended,
        "Tom Berg",
        "4th Session of the Peru-Chile Joint Commission"
    ));
}

#[test]
fn also_spoke_at_the_event_last_named() {
    let x = run("The Fifth Regional Expo on Energy opened in Lima. At the Second Conference on Solar Power, held the same day, Minister Ana Ruiz delivered a speech. Dr. Tom Berg, a member of the National Energy Council, also spoke.");
    assert!(has(
        &x,
        RelType::Attended,
        "Tom Berg",
        "Second Conference on Solar Power"
    ));
    assert!(!has(
        &x,
        RelType::Attended,
        "Tom Berg",
        "Fifth Regional Expo on Energy"
    ));
}

#[test]
fn the_role_noun_is_the_subject_she_refers_to() {
    let x = run("The ceremony was attended by the Principal Secretary of the State Department for Research, Ana Ruiz, and the Ambassador of Chile, Mr. Tom Berg. The principal secretary thanked the donors. She later held talks with Ambassador Berg.");
    assert_eq!(
        rels(&x, RelType::MetWith),
        [("Ana Ruiz".into(), "Tom Berg".into())]
    );
}

#[test]
fn a_renewal_signed_by_two_people_at_the_summit() {
    let x = run("The 2024 Peru-Chile Research Summit opened in Lima. The European Union and Peru used the summit to sign the renewal of the Agreement on Science and Technology. The renewal was signed by Dr. Ana Ruiz, Director of the National Research Council, and Mr. Tom Berg, Ambassador of Chile.");
    assert!(has(
        &x,
        RelType::Signed,
        "Ana Ruiz",
        "Agreement on Science and Technology"
    ));
    assert!(has(
        &x,
        RelType::Signed,
        "Peru",
        "Agreement on Science and Technology"
    ));
    assert!(has(
        &x,
        RelType::Attended,
        "Tom Berg",
        "2024 Peru-Chile Research Summit"
    ));
    assert!(unnamed_events(&x).is_empty());
}

#[test]
fn a_meeting_between_the_two() {
    let x = run("The protocol was signed by Minister Ana Ruiz and Minister Tom Berg, following a meeting between the delegations headed by the two at the ministry.");
    assert_eq!(
        rels(&x, RelType::MetWith),
        [("Ana Ruiz".into(), "Tom Berg".into())]
    );
}

#[test]
fn the_agreement_between_two_countries_was_signed() {
    let x = run("The intergovernmental agreement on science and technology between Peru and Chile was signed in 1992.");
    assert_eq!(
        names(&x, Label::Agreement),
        ["intergovernmental agreement on science and technology between Peru and Chile"]
    );
    assert_eq!(rels(&x, RelType::Signed).len(), 2);
}

#[test]
fn talks_held_as_a_named_dialogue() {
    let x = run("Vice Minister Ana Ruiz received Chile's Minister of Science, Mr. Tom Berg, in Lima and held the first Peru-Chile Science Policy Dialogue.");
    assert!(has(
        &x,
        RelType::Attended,
        "Tom Berg",
        "Peru-Chile Science Policy Dialogue"
    ));
    assert!(unnamed_events(&x).is_empty());
}

#[test]
fn two_people_with_titles_between_attended() {
    let x = run("On May 2, Minister Ana Ruiz attended the handover ceremony. Minister of Higher Education of Peru Prof. Tom Berg, Rector of the University of Lima Prof. Eva Lind and many students attended the ceremony.");
    assert_eq!(
        unnamed_events(&x),
        [vec![
            "Ana Ruiz".to_string(),
            "Eva Lind".to_string(),
            "Tom Berg".to_string()
        ]]
    );
}

#[test]
fn a_working_session_and_a_delegation_from_an_organization() {
    let x = run("The Peru Research Council received a delegation from the Science Department of Cusco Province led by its Director, Mr. Tom Berg. Later, the Cusco delegation held a working session with Ambassador Ana Ruiz.");
    assert!(
        has(&x, RelType::MetWith, "Ana Ruiz", "Tom Berg")
            || has(&x, RelType::MetWith, "Tom Berg", "Ana Ruiz")
    );
}

#[test]
fn the_center_and_the_two_ministries_signed() {
    let x = run("The Peru-Chile Technology Transfer Center opened in Lima. An agreement on a solar laboratory was signed by the Center and the National Research Council of Chile.");
    assert!(has(
        &x,
        RelType::Signed,
        "Peru-Chile Technology Transfer Center",
        "agreement on a solar laboratory"
    ));
    let y = run("Following the talks, the two ministries signed the Joint Statement on Solar Energy between the Ministry of Energy of Peru and the Ministry of Science of Chile.");
    let signed = rels(&y, RelType::Signed);
    assert_eq!(signed.len(), 2, "{signed:?}");
}

#[test]
fn in_his_speech_at_the_event() {
    let x = run("Meanwhile, Dr. Tom Berg, in his speech at the Second Conference on Solar Power, said the region needs more engineers.");
    assert!(has(
        &x,
        RelType::Attended,
        "Tom Berg",
        "Second Conference on Solar Power"
    ));
}

#[test]
fn an_event_hosted_by_is_no_meeting() {
    let x = run("Prof. Tom Berg delivered a keynote speech at the Second Conference on Solar Power, hosted by the University of Lima.");
    assert!(rels(&x, RelType::MetWith).is_empty());
    assert!(has(
        &x,
        RelType::Attended,
        "Tom Berg",
        "Second Conference on Solar Power"
    ));
}

#[test]
fn the_ambassador_named_with_honorifics() {
    let x = run("Ambassador of Peru to Chile, H.E. Mr. Tom Berg, paid a courtesy call on Prof. Ana Ruiz, Rector of the University of Santiago. Later in the day, the Ambassador met with Dr. Eva Lind, Director of the Solar Institute.");
    assert!(
        has(&x, RelType::MetWith, "Eva Lind", "Tom Berg")
            || has(&x, RelType::MetWith, "Tom Berg", "Eva Lind")
    );
}

#[test]
fn signers_after_a_degree_with_a_dot() {
    let x = run("The MoU was signed by Prof. Ana Ruiz, M.Sc., Rector of the University of Lima, and Prof. Tom Berg, President of the University of Santiago.");
    assert_eq!(rels(&x, RelType::Signed).len(), 2);
}

#[test]
fn exchanged_views_is_no_signing() {
    let x = run("Ambassador Tom Berg met with Minister Ana Ruiz. The two sides exchanged views on the implementation of the Agreement on Economic Cooperation.");
    assert!(rels(&x, RelType::Signed).is_empty());
}

#[test]
fn a_meeting_on_another_day_is_another_event() {
    let x = run("On June 18, 2024, Minister Ana Ruiz held talks with Minister Tom Berg in Lima. On June 19, 2024, Minister Berg met with Prof. Eva Lind at the University of Lima.");
    assert_eq!(unnamed_events(&x).len(), 2);
}

#[test]
fn acronyms_after_a_native_name_or_before_a_long_expansion() {
    let x = run("The National Agency for Research (Agencia Nacional de Investigacion, ANDI) met with Dr. Tom Berg. Minister Ana Ruiz said ANDI would fund the project.");
    let orgs = names(&x, Label::Organization);
    assert!(!orgs.contains(&"ANDI".to_string()), "{orgs:?}");
    let e = x
        .entities
        .iter()
        .find(|e| e.name == "National Agency for Research")
        .unwrap();
    assert!(e.acronyms.contains("ANDI"));
    let y = run("Dr. Tom Berg of KIREP (Korea Institute of S&T Research Evaluation and Planning) met Minister Ana Ruiz.");
    let orgs = names(&y, Label::Organization);
    assert_eq!(
        orgs,
        ["Korea Institute of S&T Research Evaluation and Planning"]
    );
}

fn has(x: &Extraction, t: RelType, a: &str, b: &str) -> bool {
    rels(x, t)
        .iter()
        .any(|(s, o)| (s == a && o == b) || (t == RelType::MetWith && s == b && o == a))
}

fn attended_talks(x: &Extraction, who: &str) -> bool {
    x.relations.iter().any(|r| {
        r.rel_type == RelType::Attended
            && x.entities[r.source].name == who
            && !x.entities[r.target].named
    })
}

#[test]
fn hoped_for_signing_and_invitations_are_not_facts() {
    let x = run("Minister Rui Costa met Dr. Lena Marsh in Lisbon. She hoped that the two sides would sign a memorandum of understanding on ocean data soon, and invited Minister Costa to attend the Ocean Data Summit 2025. A framework agreement on marine research is to be signed next year.");
    assert!(rels(&x, RelType::Signed).is_empty(), "{:?}", x.relations);
    assert!(!has(
        &x,
        RelType::Attended,
        "Rui Costa",
        "Ocean Data Summit 2025"
    ));
}

#[test]
fn background_agreement_signed_in_a_year_has_no_signers() {
    let x = run("Minister Rui Costa hosted Dr. Lena Marsh for talks. The visit marks 20 years of the Agreement on Scientific Cooperation between the Government of Portugal and the Government of Norway, signed in 2004.");
    assert!(rels(&x, RelType::Signed).is_empty(), "{:?}", x.relations);
}

#[test]
fn the_letter_is_the_letter_of_intent_not_the_last_agreement() {
    let x = run("Minister Rui Costa met Dr. Lena Marsh. They discussed the Ocean Action Plan. Following the talks, a Letter of Intent on Joint Funding was signed. The letter was signed by the Director of the Agency, Dr. Paulo Viana, and the Head of the Council, Ms Ana Lind.");
    assert!(has(
        &x,
        RelType::Signed,
        "Paulo Viana",
        "Letter of Intent on Joint Funding"
    ));
    assert!(has(
        &x,
        RelType::Signed,
        "Ana Lind",
        "Letter of Intent on Joint Funding"
    ));
    assert!(!has(
        &x,
        RelType::Signed,
        "Paulo Viana",
        "Ocean Action Plan"
    ));
}

#[test]
fn co_chairs_of_a_session_named_before_attend_sign_and_met() {
    let x = run("The 5th Session of the Portugal-Norway Joint Committee was held in Oslo. It was co-chaired by Rui Costa, Vice Minister of Science, and Dr. Lena Marsh, State Secretary for Research. A Work Plan for 2025-2027 was signed by the co-chairs.");
    let session = "5th Session of the Portugal-Norway Joint Committee";
    assert!(has(&x, RelType::Attended, "Rui Costa", session));
    assert!(has(&x, RelType::Attended, "Lena Marsh", session));
    assert!(has(&x, RelType::MetWith, "Rui Costa", "Lena Marsh"));
    assert!(has(
        &x,
        RelType::Signed,
        "Lena Marsh",
        "Work Plan for 2025-2027"
    ));
}

#[test]
fn on_behalf_of_an_organization_signs_with_the_person() {
    let x = run("The Arrangement on Research Cooperation was signed by the Ambassador, H.E. Lena Marsh, on behalf of the European Commission, and by the Minister of Education, Hon. Dr. Paulo Viana.");
    let a = "Arrangement on Research Cooperation";
    assert!(has(&x, RelType::Signed, "Lena Marsh", a));
    assert!(has(&x, RelType::Signed, "Paulo Viana", a));
    assert!(has(&x, RelType::Signed, "European Commission", a));
}

#[test]
fn delegation_led_by_after_a_description_and_pronoun_clauses() {
    let x = run("Prof. Dr. Rui Costa, President of the Ocean Agency, welcomed a delegation from the Polar Institute, the largest research body of Norway, led by Dr. Lena Marsh, its Director. On the following day, the delegation visited the Marine Centre, where they were received by its Director, Dr. Paulo Viana.");
    assert!(has(&x, RelType::MetWith, "Rui Costa", "Lena Marsh"));
    assert!(has(&x, RelType::MetWith, "Lena Marsh", "Paulo Viana"));
    assert!(!has(&x, RelType::MetWith, "Marine Centre", "Paulo Viana"));
}

#[test]
fn he_in_a_later_clause_is_the_person_the_sentence_opened_with() {
    let x = run("Minister of Science Dr. Rui Costa said today that the two countries are partners, as he received a Norwegian delegation led by Ms. Lena Marsh.");
    assert!(has(&x, RelType::MetWith, "Rui Costa", "Lena Marsh"));
}

#[test]
fn called_on_the_title_holder_and_appositive_lists() {
    let x = run("The agreement was signed by the Vice Chancellor, Prof. Rui Costa, and Prof. Lena Marsh, who led a six-member delegation to Lisbon. Prior to the signing, the delegation called on the Vice Chancellor. Paulo Viana, Director of the Marine Centre, Ana Lind, Ambassador of Norway to Portugal, and officials of the ministry also attended the meeting.");
    assert!(has(&x, RelType::MetWith, "Rui Costa", "Lena Marsh"));
    assert!(attended_talks(&x, "Paulo Viana"));
    assert!(attended_talks(&x, "Ana Lind"));
}

#[test]
fn taking_part_present_during_and_speeches_attend() {
    let x = run("Minister Rui Costa met with Dr. Lena Marsh on Tuesday. Also taking part in the meeting were the president of the Science Council, Paulo Viana, and the ambassador, Ana Lind. H.E. Mr. Jon Berg, Ambassador of Norway, and senior officers were present during the meeting. The 3rd Ocean Forum will be held in Oslo.");
    for p in ["Paulo Viana", "Ana Lind", "Jon Berg"] {
        assert!(
            attended_talks(&x, p),
            "{p}: {:?}",
            rels(&x, RelType::Attended)
        );
        assert!(!has(&x, RelType::Attended, p, "3rd Ocean Forum"));
    }
    let y = run("The Lisbon Ocean Forum opened on Monday. Vice Minister of Science Rui Costa delivered a congratulatory speech.");
    assert!(has(
        &y,
        RelType::Attended,
        "Rui Costa",
        "Lisbon Ocean Forum"
    ));
}

#[test]
fn speakers_listed_after_addressed_by_attend() {
    let x = run("The 4th Ocean Forum was held in Lisbon.\nThe opening ceremony was also addressed by:\n- Rui Costa, Minister of Science of Portugal;\n- Lena Marsh, State Secretary of Norway.");
    assert!(has(&x, RelType::Attended, "Rui Costa", "4th Ocean Forum"));
    assert!(has(&x, RelType::Attended, "Lena Marsh", "4th Ocean Forum"));
}

#[test]
fn a_later_call_is_another_gathering() {
    let x = run("Minister Rui Costa met with a delegation led by Dr. Lena Marsh in Lisbon. Earlier in the day, the delegation called on Dr. Paulo Viana, Director of the Marine Centre.");
    let talks: Vec<&LocalEntity> = x
        .entities
        .iter()
        .filter(|e| e.label == Label::Event && !e.named)
        .collect();
    assert_eq!(talks.len(), 2, "{talks:?}");
    assert!(has(&x, RelType::MetWith, "Lena Marsh", "Paulo Viana"));
    assert!(!x.relations.iter().any(|r| r.rel_type == RelType::Attended
        && x.entities[r.source].name == "Paulo Viana"
        && x.entities[r.target].name.contains("Rui Costa")));
}

#[test]
fn initials_and_capitalized_family_names_are_short_forms() {
    let x = run("Minister Rui Alberto Costa received Prof. Dr. Lena Maria Marsh. The Programme of Cooperation was signed. The document was signed by R. Costa and L. M. Marsh.");
    assert_eq!(
        names(&x, Label::Person),
        ["Lena Maria Marsh", "Rui Alberto Costa"]
    );
    assert!(has(
        &x,
        RelType::Signed,
        "Rui Alberto Costa",
        "Programme of Cooperation"
    ));
    assert!(has(
        &x,
        RelType::Signed,
        "Lena Maria Marsh",
        "Programme of Cooperation"
    ));
    let y = run("Prof. ZHANG Wenli, Vice President of the Ocean Academy, met with Dr. Lena Marsh. ZHANG and Dr. Marsh signed the Memorandum of Understanding on Ocean Data.");
    assert_eq!(names(&y, Label::Person), ["Lena Marsh", "ZHANG Wenli"]);
    assert!(names(&y, Label::Organization).iter().all(|n| n != "ZHANG"));
    assert!(has(
        &y,
        RelType::Signed,
        "ZHANG Wenli",
        "Memorandum of Understanding on Ocean Data"
    ));
}

#[test]
fn the_meeting_is_the_talks_not_a_meeting_named_later_or_the_framework() {
    let x = run("A meeting between Minister Rui Costa and Dr. Lena Marsh took place in Lisbon. The meeting was held within the framework of the 5th Meeting of the Joint Working Group on Science. The following took part in the meeting:\n- Ambassador of Norway Paulo Viana;\n- Rector of the Ocean University Ana Lind.");
    assert!(attended_talks(&x, "Rui Costa"));
    assert!(
        attended_talks(&x, "Paulo Viana"),
        "{:?}",
        rels(&x, RelType::Attended)
    );
    assert!(attended_talks(&x, "Ana Lind"));
}

#[test]
fn working_session_with_an_organization_then_welcomed_by() {
    let x = run("Minister Rui Costa received a delegation led by Dr. Lena Marsh. The delegation had a working session with the Ocean Academy of Science, where they were welcomed by its President, Prof. Paulo Viana.");
    assert!(has(
        &x,
        RelType::MetWith,
        "Lena Marsh",
        "Ocean Academy of Science"
    ));
    assert!(has(&x, RelType::MetWith, "Lena Marsh", "Paulo Viana"));
}

#[test]
fn a_name_before_on_the_topic_is_not_an_organization() {
    let x = run("Minister Rui Costa visited Oslo. Costa held talks with Prof. Lena Marsh-Berg on the Nordic Ocean Data Center and other topics.");
    assert!(names(&x, Label::Organization).contains(&"Nordic Ocean Data Center".to_string()));
    assert!(has(&x, RelType::MetWith, "Rui Costa", "Lena Marsh-Berg"));
    let y = run("They discussed the Work Plan on the Joint Laboratory on Water Technology.");
    assert_eq!(
        names(&y, Label::Agreement),
        ["Work Plan on the Joint Laboratory on Water Technology"]
    );
}

#[test]
fn md_is_part_of_a_name_and_bullets_stay_whole() {
    let x = run("The 2nd Delta Forum was held in Dhaka.\nThe forum was also addressed by:\n- Md. Rafiqul Hasan, Deputy Minister of Higher Education of Bangladesh;\n- Lena Marsh, State Secretary of Norway.");
    assert!(
        has(
            &x,
            RelType::Attended,
            "Md. Rafiqul Hasan",
            "2nd Delta Forum"
        ),
        "{:?}",
        names(&x, Label::Person)
    );
}

#[test]
fn on_behalf_of_a_name_without_head_word() {
    let x = run("In the presence of the Minister, a Letter of Intent on Battery Research was signed by Prof. Rui Costa, Secretary, and Ms. Lena Marsh on behalf of Nordic Energia.");
    assert!(has(
        &x,
        RelType::Signed,
        "Nordic Energia",
        "Letter of Intent on Battery Research"
    ));
    assert!(has(
        &x,
        RelType::Signed,
        "Lena Marsh",
        "Letter of Intent on Battery Research"
    ));
}

#[test]
fn a_bare_name_after_a_meeting_verb_is_a_person() {
    for (text, other) in [
        (
            "On May 4, 2023, Vice Minister Li Wen met Tomas Berg Larsen in Oslo.",
            "Tomas Berg Larsen",
        ),
        (
            "On May 4, 2023, Vice Minister Li Wen was received by Tomas Berg at the university.",
            "Tomas Berg",
        ),
        (
            "On May 4, 2023, Vice Minister Li Wen held talks with Tomas Berg and Ana Lund.",
            "Ana Lund",
        ),
    ] {
        let x = run(text);
        assert!(
            has(&x, RelType::MetWith, "Li Wen", other)
                || has(&x, RelType::MetWith, other, "Li Wen"),
            "{text}: {:?}",
            rels(&x, RelType::MetWith)
        );
    }
    // Organizations, countries and places after the verb stay what they are.
    let x = run("On May 4, 2023, Vice Minister Li Wen met Nordic Energy Agency officials in Oslo.");
    assert_eq!(names(&x, Label::Person), ["Li Wen"]);
}

#[test]
fn named_days_are_events_but_world_days_are_not() {
    let x =
        run("On June 2, 2023, Minister Ana Lund attended the Nordic-Baltic Science Day in Riga.");
    assert!(has(
        &x,
        RelType::Attended,
        "Ana Lund",
        "Nordic-Baltic Science Day"
    ));
    let y =
        run("On June 2, 2023, the council held a ceremony to mark World Science Day for Peace.");
    assert!(
        names(&y, Label::Event).is_empty(),
        "{:?}",
        names(&y, Label::Event)
    );
}

#[test]
fn acronym_with_its_head_in_brackets_and_reversed_names() {
    let x = run("The Nordic Research Agency (NRA, President Kang Min-soo) signed a memorandum of understanding with the Baltic Science Council. Min-soo Kang, President of NRA, said it opens a new chapter.");
    assert_eq!(names(&x, Label::Person), ["Kang Min-soo"]);
    assert!(has(
        &x,
        RelType::AffiliatedWith,
        "Kang Min-soo",
        "Nordic Research Agency"
    ));
    let org = x
        .entities
        .iter()
        .find(|e| e.name == "Nordic Research Agency")
        .unwrap();
    assert!(org.acronyms.contains("NRA"));
}

#[test]
fn an_agreement_between_the_a_and_the_b_is_one_name_with_its_parties_inside() {
    let x = run("On 4 June 2024, the Agreement on Scientific Cooperation between the Nordic Academy of Sciences and the Baltic Research Council for the years 2024-2028 was signed in Riga.");
    assert_eq!(
        names(&x, Label::Agreement),
        ["Agreement on Scientific Cooperation between the Nordic Academy of Sciences and the Baltic Research Council for the years 2024-2028"]
    );
    assert_eq!(
        names(&x, Label::Organization),
        ["Baltic Research Council", "Nordic Academy of Sciences"]
    );
    let y = run("Li Wen and Ana Lund signed the Memorandum of Understanding on the Establishment of the Nordic Joint Laboratory for Robotics.");
    assert_eq!(
        names(&y, Label::Agreement),
        ["Memorandum of Understanding on the Establishment of the Nordic Joint Laboratory for Robotics"]
    );
}

#[test]
fn headline_countries_sign_an_instrument_between_the_two_states() {
    let text = "Norway and Chile Sign Executive Programme\n\nOn May 2, 2024, Minister Ana Lund and Minister Pedro Soto signed the Executive Programme of Scientific Cooperation between the Kingdom of Norway and the Republic of Chile for 2024-2026. A memorandum of understanding between the University of Oslo and the University of Chile was also signed by their rectors.";
    let x = run(text);
    let full = "Executive Programme of Scientific Cooperation between the Kingdom of Norway and the Republic of Chile for 2024-2026";
    assert!(
        has(&x, RelType::Signed, "Norway", full),
        "{:?}",
        rels(&x, RelType::Signed)
    );
    assert!(has(&x, RelType::Signed, "Chile", full));
    // The headline's short form is the same instrument; the memorandum is another one.
    assert_eq!(
        names(&x, Label::Agreement).len(),
        2,
        "{:?}",
        names(&x, Label::Agreement)
    );
    // An instrument between two institutions: the headline's countries did not sign it.
    let y = run("Norway and Chile sign memorandum\n\nOn May 2, 2024, the Memorandum of Understanding on Polar Research between the University of Oslo and the University of Chile was signed by the two rectors.");
    assert!(!rels(&y, RelType::Signed)
        .iter()
        .any(|(a, _)| a == "Norway" || a == "Chile"));
}

#[test]
fn headline_countries_sign_an_instrument_between_their_ministries() {
    let text = "Norway and Chile Sign Joint Declaration\n\nOn May 2, 2024, Minister Ana Lund and Minister Pedro Soto signed the Joint Declaration on Polar Research between the Ministry of Science of the Kingdom of Norway and the Federal Ministry of Research of the Republic of Chile.";
    let x = run(text);
    let full = "Joint Declaration on Polar Research between the Ministry of Science of the Kingdom of Norway and the Federal Ministry of Research of the Republic of Chile";
    assert!(
        has(&x, RelType::Signed, "Norway", full),
        "{:?}",
        rels(&x, RelType::Signed)
    );
    assert!(has(&x, RelType::Signed, "Chile", full));
    // A ministry and a research council: not an instrument between the two states.
    let y = run("Norway and Chile sign memorandum\n\nOn May 2, 2024, the Memorandum of Understanding on Polar Research between the Ministry of Science of the Kingdom of Norway and the Chilean Research Council was signed by Ana Lund and Pedro Soto.");
    assert!(!rels(&y, RelType::Signed)
        .iter()
        .any(|(a, _)| a == "Norway" || a == "Chile"));
    // `Renew` ends a capitalized phrase in a headline: `Chile` is the country.
    let z = run("Norway and Chile Renew Programme\n\nThe two ministers met in Oslo.");
    assert!(
        names(&z, Label::Country).contains(&"Chile".to_string()),
        "{:?}",
        names(&z, Label::Country)
    );
}

#[test]
fn headline_states_renew_a_programme_named_in_the_text() {
    let text = "Norway and Chile Renew Executive Programme\n\nOn May 2, 2024, the two ministers signed the Executive Programme of Scientific Cooperation between the Kingdom of Norway and the Republic of Chile for 2024-2026. They agreed to renew the memorandum on polar research next year.";
    let x = run(text);
    let full = "Executive Programme of Scientific Cooperation between the Kingdom of Norway and the Republic of Chile for 2024-2026";
    assert!(
        has(&x, RelType::Signed, "Norway", full),
        "{:?}",
        rels(&x, RelType::Signed)
    );
    assert!(has(&x, RelType::Signed, "Chile", full));
    // Institutions renewing in a headline, and `renew` in running text: no signing.
    let y = run("Nordic Academy and Baltic Academy Renew Agreement\n\nThe Nordic Academy and the Baltic Academy renew the Agreement on Scientific Cooperation every five years.");
    assert!(
        rels(&y, RelType::Signed).is_empty(),
        "{:?}",
        rels(&y, RelType::Signed)
    );
}

#[test]
fn guests_received_by_signed_by_the_two_and_the_ceremony_attended_by() {
    let text = "A delegation of the Nordic Academy, headed by its President, Prof. Ana Lund, visited the Baltic Academy on 3 June 2024. The guests were received by the President of the Baltic Academy, Prof. Jonas Berg. On 4 June, the Agreement on Scientific Cooperation was signed by the two presidents. The ceremony was attended by Dr. Eva Toth, Ambassador of Hungary to Latvia.";
    let x = run(text);
    assert!(has(&x, RelType::MetWith, "Ana Lund", "Jonas Berg"));
    assert!(has(
        &x,
        RelType::Signed,
        "Ana Lund",
        "Agreement on Scientific Cooperation"
    ));
    assert!(has(
        &x,
        RelType::Signed,
        "Jonas Berg",
        "Agreement on Scientific Cooperation"
    ));
    // The ceremony with its own list of guests is a gathering beside the talks.
    let events = unnamed_events(&x);
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(
        events.iter().any(|e| e == &["Eva Toth".to_string()]),
        "{events:?}"
    );
}

#[test]
fn an_agreement_on_a_capitalized_topic_keeps_it() {
    let x = run("During the forum, the Nordic Space Council and the Baltic Mapping Agency signed an agreement on cooperation in Earth observation.");
    assert_eq!(
        names(&x, Label::Agreement),
        ["agreement on cooperation in Earth observation"]
    );
    let y = run("The Nordic Space Council and the Baltic Mapping Agency signed an agreement on cooperation in Riga on Monday.");
    assert_eq!(names(&y, Label::Agreement), ["agreement on cooperation"]);
}

#[test]
fn delegation_members_attend_the_talks() {
    let text = "On April 2, 2024, Minister Ana Lund received a delegation of the Baltic Research Council headed by its President, Prof. Jonas Berg. The Baltic delegation also included Dr. Eva Toth, Director of Research, and Mr. Piotr Nowak, Ambassador of Poland to Norway.";
    let x = run(text);
    let events = unnamed_events(&x);
    assert!(
        events.iter().any(|e| e.contains(&"Eva Toth".to_string())
            && e.contains(&"Piotr Nowak".to_string())
            && e.contains(&"Jonas Berg".to_string())),
        "{events:?}"
    );
}

#[test]
fn the_two_who_met_signed_not_a_country_named_before() {
    let x = run("On May 2, 2024, Minister Ana Lund held talks with Chilean Minister Pedro Soto in Oslo. After the talks with the Chilean minister, the two signed the Plan of Action on Polar Research.");
    let plan = "Plan of Action on Polar Research";
    let signed = rels(&x, RelType::Signed);
    assert!(has(&x, RelType::Signed, "Ana Lund", plan), "{signed:?}");
    assert!(has(&x, RelType::Signed, "Pedro Soto", plan), "{signed:?}");
    assert!(!signed.iter().any(|(a, _)| a == "Chile"), "{signed:?}");
}

#[test]
fn the_two_who_met_signed() {
    let x = run("On May 2, 2024, Minister Ana Lund held talks with Minister Pedro Soto in Oslo. After the talks, the two signed the Plan of Action on Polar Research.");
    assert!(has(
        &x,
        RelType::Signed,
        "Ana Lund",
        "Plan of Action on Polar Research"
    ));
    assert!(has(
        &x,
        RelType::Signed,
        "Pedro Soto",
        "Plan of Action on Polar Research"
    ));
}

#[test]
fn function_words_in_capitals_are_no_acronyms() {
    let x = run("STATE DEPARTMENT FOR SCIENCE AND RESEARCH\n\nRWANDA AND GHANA SIGN MOU ON SPACE SCIENCE\n\nThe National Space Agency (NSA) and the Ghana Space Institute signed a memorandum of understanding in Kigali.");
    let orgs = names(&x, Label::Organization);
    for w in ["AND", "FOR", "ON"] {
        assert!(!orgs.iter().any(|o| o == w), "{w} in {orgs:?}");
    }
    assert!(orgs.iter().any(|o| o.contains("Space Agency")), "{orgs:?}");
}

#[test]
fn agreement_between_two_bodies_without_articles() {
    let x = run("On May 2, 2024, Prof. Ana Lund and Prof. Wei Hong signed a Memorandum of Understanding on Student Exchange between Northfield State University and Lakeside Normal University.");
    let name = "Memorandum of Understanding on Student Exchange between Northfield State University and Lakeside Normal University";
    assert_eq!(names(&x, Label::Agreement), [name]);
    let orgs = names(&x, Label::Organization);
    assert!(
        orgs.iter().any(|o| o == "Northfield State University")
            && orgs.iter().any(|o| o == "Lakeside Normal University"),
        "{orgs:?}"
    );
    assert!(has(&x, RelType::Signed, "Ana Lund", name));
}

#[test]
fn capital_letterheads_bylines_and_labels_are_no_acronyms() {
    let x = run("REPUBLIC OF GHANA\nMINISTRY OF OCEANS\nPRESS RELEASE\n\nBy WANG Lei | Daily News\n\nAccra, May 2, 2024\n\nThe Ocean Research Council (ORC) met with the Ghana Space Institute on Monday. ORC and KELP will share data.\n\nPHOTO: the two delegations in Accra.\n\nDR. JANE MENSAH-OWUSU, PhD\nDIRECTOR OF COMMUNICATIONS");
    let orgs = names(&x, Label::Organization);
    for w in ["MINISTRY", "PRESS", "WANG", "PHOTO", "JANE", "DIRECTOR"] {
        assert!(!orgs.iter().any(|o| o == w), "{w} in {orgs:?}");
    }
    assert!(orgs.iter().any(|o| o == "KELP"), "{orgs:?}");
    assert!(
        orgs.iter().any(|o| o == "Ocean Research Council"),
        "{orgs:?}"
    );
}

#[test]
fn called_on_him_is_the_subject_before() {
    let x = run("Minister Ana Lund received a delegation on May 2, 2024. The minister made the remarks when a delegation of the Ocean Council led by its President Dr. Pedro Soto called on him at his office.");
    assert!(
        has(&x, RelType::MetWith, "Ana Lund", "Pedro Soto"),
        "{:?}",
        rels(&x, RelType::MetWith)
    );
}

#[test]
fn signed_during_the_meeting_and_were_present() {
    let x = run("On May 2, 2024, Minister Ana Lund met with Dr. Pedro Soto, President of the Ocean Council. During the meeting, a Memorandum of Understanding was signed between the Ocean Council and the Lake Institute. Dr. Maria Berg and Prof. Jon Dahl signed the MoU. Ambassador Kari Holm and Director Lena Vik were present.");
    let talks: Vec<&LocalEntity> = x
        .entities
        .iter()
        .filter(|e| e.label == Label::Event)
        .collect();
    assert_eq!(talks.len(), 1, "{talks:?}");
    for p in [
        "Ana Lund",
        "Pedro Soto",
        "Maria Berg",
        "Jon Dahl",
        "Kari Holm",
        "Lena Vik",
    ] {
        assert!(
            attended_talks(&x, p),
            "{p}: {:?}",
            rels(&x, RelType::Attended)
        );
    }
}

#[test]
fn met_respectively_is_a_meeting_each_and_the_meetings_are_all() {
    let x = run("On May 2, 2024, in Oslo, Minister Ana Lund held talks with Dr. Pedro Soto. In Bergen Harbour, Vice Minister Lund met respectively with Kari Holm, Rector of the Bergen Institute, and Lena Vik, President of the Fjord Council. Director Jon Dahl attended the meetings.");
    let persons = names(&x, Label::Person);
    assert!(
        !persons.iter().any(|p| p == "Bergen Harbour"),
        "{persons:?}"
    );
    let talks = x
        .entities
        .iter()
        .filter(|e| e.label == Label::Event && !e.named)
        .count();
    assert_eq!(talks, 3, "{:?}", rels(&x, RelType::Attended));
    for p in ["Kari Holm", "Lena Vik"] {
        assert!(has(&x, RelType::MetWith, "Ana Lund", p), "{p}");
    }
    let dahl = x
        .relations
        .iter()
        .filter(|r| r.rel_type == RelType::Attended && x.entities[r.source].name == "Jon Dahl")
        .count();
    assert_eq!(dahl, 3, "{:?}", rels(&x, RelType::Attended));
    // Holm's meeting is not Vik's.
    let events_of = |p: &str| -> Vec<usize> {
        x.relations
            .iter()
            .filter(|r| r.rel_type == RelType::Attended && x.entities[r.source].name == p)
            .map(|r| r.target)
            .collect()
    };
    assert!(events_of("Kari Holm")
        .iter()
        .all(|e| !events_of("Lena Vik").contains(e)));
}

#[test]
fn the_delegation_visited_where_it_met() {
    let x = run("On May 2, 2024, Minister Ana Lund met with a delegation headed by Dr. Pedro Soto, Minister of Science of Chile. On May 3, the delegation visited the Fjord Institute, where it met with its director, Dr. Kari Holm. The delegation also visited the Lake Council, where it held a working meeting with its President, Lena Vik.");
    for p in ["Kari Holm", "Lena Vik"] {
        assert!(
            has(&x, RelType::MetWith, "Pedro Soto", p),
            "{p}: {:?}",
            rels(&x, RelType::MetWith)
        );
    }
}

#[test]
fn magister_is_an_honorific_and_co_chairs_met() {
    let x = run("The Fifth Session of the Alpha-Beta Joint Commission for Scientific Cooperation was held on May 3, 2024. The session was co-chaired by State Secretary Dr. Milan Petrov and Mgr. Jan Novak, Deputy Minister of Education of the Czech Republic.");
    assert!(
        has(&x, RelType::MetWith, "Milan Petrov", "Jan Novak"),
        "{:?}",
        rels(&x, RelType::MetWith)
    );
    assert!(has(
        &x,
        RelType::Attended,
        "Jan Novak",
        "Fifth Session of the Alpha-Beta Joint Commission for Scientific Cooperation"
    ));
}

#[test]
fn meeting_of_an_acronym_body_is_one_event() {
    let x = run("The Third General Assembly of the Ocean Science Alliance (OSA) opened on May 2, 2024. The memorandum was signed during the 12th General Meeting of OSA by Dr. Ana Lund and Dr. Pedro Soto.");
    let events = names(&x, Label::Event);
    assert!(
        events.iter().any(|e| e == "12th General Meeting of OSA"),
        "{events:?}"
    );
}

#[test]
fn witnesses_named_with_a_signing_did_not_sign() {
    let x = run("On May 2, 2024, Minister Ana Lund and Minister Pedro Soto co-chaired the 3rd Joint Committee Meeting on Ocean Science. Dr. Kari Holm and Dr. Lena Vik signed the Implementing Arrangement on Marine Data, with Lund and Soto as witnesses.");
    let signers: Vec<String> = rels(&x, RelType::Signed).into_iter().map(|r| r.0).collect();
    assert!(signers.iter().any(|p| p == "Kari Holm"), "{signers:?}");
    assert!(
        !signers.iter().any(|p| p == "Ana Lund" || p == "Pedro Soto"),
        "{signers:?}"
    );
}

#[test]
fn headline_demonyms_and_plural_institutions_renew_their_instrument() {
    let x = run("Danish and Peruvian academies renew cooperation agreement in Lima\n\nOn 3 May 2025, the Agreement on Scientific Cooperation between the Royal Danish Academy of Sciences and the Peruvian Academy of Sciences for the years 2025-2029 was signed by the two presidents, Prof. Anne Holm and Dr. Luis Vega.");
    let full = "Agreement on Scientific Cooperation between the Royal Danish Academy of Sciences and the Peruvian Academy of Sciences for the years 2025-2029";
    let signed = rels(&x, RelType::Signed);
    assert!(
        has(
            &x,
            RelType::Signed,
            "Royal Danish Academy of Sciences",
            full
        ),
        "{signed:?}"
    );
    assert!(
        has(&x, RelType::Signed, "Peruvian Academy of Sciences", full),
        "{signed:?}"
    );
    assert!(has(&x, RelType::Signed, "Anne Holm", full), "{signed:?}");
    // Not the countries, and not without a plural institution noun in the headline.
    assert!(
        !signed.iter().any(|(a, _)| a == "Denmark" || a == "Peru"),
        "{signed:?}"
    );
    let y = run("Denmark and Peru renew cooperation agreement in Lima\n\nOn 3 May 2025, the Agreement on Scientific Cooperation between the Royal Danish Academy of Sciences and the Peruvian Academy of Sciences for the years 2025-2029 was signed by the two presidents, Prof. Anne Holm and Dr. Luis Vega.");
    assert!(
        !rels(&y, RelType::Signed)
            .iter()
            .any(|(a, _)| a.contains("Academy")),
        "{:?}",
        rels(&y, RelType::Signed)
    );
}

#[test]
fn a_short_family_name_in_capitals_refers_to_its_person() {
    let x = run("A delegation led by Vice President WU Hongmei visited Ghana. In Accra, WU met with Dr. Kofi Mensah, Minister of Science. On May 3, WU held talks with Dr. Ama Owusu, Director of the Science Council.");
    assert!(
        has(&x, RelType::MetWith, "WU Hongmei", "Kofi Mensah"),
        "{:?}",
        rels(&x, RelType::MetWith)
    );
    assert!(has(&x, RelType::MetWith, "WU Hongmei", "Ama Owusu"));
    // Without a person of that family name, capitals of that length are an acronym.
    let y = run("In Accra, WU met with Dr. Kofi Mensah, Minister of Science.");
    assert!(
        !names(&y, Label::Person).contains(&"WU".to_string()),
        "{:?}",
        names(&y, Label::Person)
    );
}

#[test]
fn the_co_chairs_sign_the_minutes_of_their_meeting() {
    let x = run("On May 2, 2024, the Fifth Meeting of the Chile-Norway Joint Committee on Scientific Cooperation was held in Oslo. The meeting was co-chaired by Ana Ruiz, Vice Minister of Science of Chile, and Jens Holm, Director General of the Research Council of Norway. At the end of the meeting, the two co-chairs signed the Minutes of the Fifth Meeting of the Chile-Norway Joint Committee on Scientific Cooperation. Minutes later, they left.");
    let minutes = "Minutes of the Fifth Meeting of the Chile-Norway Joint Committee on Scientific Cooperation";
    assert_eq!(names(&x, Label::Agreement), [minutes]);
    assert!(
        has(&x, RelType::Signed, "Ana Ruiz", minutes),
        "{:?}",
        rels(&x, RelType::Signed)
    );
    assert!(has(&x, RelType::Signed, "Jens Holm", minutes));
}

#[test]
fn the_head_named_before_an_apposition_and_his_delegation() {
    let x = run("On May 2, 2024, Minister Ana Ruiz held talks in Lima with Dr. Jens Holm, Minister of Research of the Kingdom of Denmark, and his delegation. On May 3, the Danish delegation visited the National University of Engineering, where it was received by its Vice President, Prof. Luis Vega.");
    assert!(
        has(&x, RelType::MetWith, "Jens Holm", "Luis Vega"),
        "{:?}",
        rels(&x, RelType::MetWith)
    );
    assert!(!has(&x, RelType::MetWith, "Ana Ruiz", "Luis Vega"));
}

#[test]
fn an_acronym_after_the_parents_acronym_is_the_institutes() {
    let x = run("The Institute of Soil Studies of NAS (ISSN) and the Polar Centre, NAS (PCNAS) signed a memorandum. ISSN Director Ana Ruiz attended.");
    let acronyms: Vec<(String, Vec<String>)> = x
        .entities
        .iter()
        .filter(|e| e.label == Label::Organization && !e.acronyms.is_empty())
        .map(|e| (e.name.clone(), e.acronyms.iter().cloned().collect()))
        .collect();
    assert!(
        acronyms.contains(&("Institute of Soil Studies".into(), vec!["ISSN".into()]))
            && acronyms.contains(&("Polar Centre".into(), vec!["PCNAS".into()])),
        "{acronyms:?}"
    );
    // The parent is not spelled out by the institute's acronym.
    assert!(
        acronyms
            .iter()
            .all(|(name, a)| name != "NAS" || a == &["NAS"]),
        "{acronyms:?}"
    );
}

#[test]
fn a_date_after_on_ends_an_organizations_name() {
    let x = run("The Science Day will be organized by Lakeside University on 12 June 2025.");
    assert_eq!(names(&x, Label::Organization), ["Lakeside University"]);
}

#[test]
fn a_name_after_a_bare_head_word_is_a_person() {
    let x = run("The meeting was also attended by Secretary General of the Ministry Anna Kask and the Rector of the Universidad Mayor de San Pedro.");
    assert_eq!(names(&x, Label::Person), ["Anna Kask"]);
    assert!(
        !names(&x, Label::Organization)
            .iter()
            .any(|o| o.contains("Anna")),
        "{:?}",
        names(&x, Label::Organization)
    );
}

#[test]
fn central_european_degrees_stand_before_a_name() {
    let x = run("The delegation was welcomed by its director, RNDr. Pavel Dvorak, Ph.D., and by PhDr. Eva Mala, CSc.");
    assert_eq!(names(&x, Label::Person), ["Eva Mala", "Pavel Dvorak"]);
}

#[test]
fn a_society_named_after_a_country_is_the_second_party() {
    let x = run("Polish Academy of Sciences and Korea Society for the Advancement of Science renew agreement\n\nThe Memorandum of Understanding between the Polish Academy of Sciences and the Korea Society for the Advancement of Science was signed in Warsaw.");
    assert_eq!(
        names(&x, Label::Organization),
        [
            "Korea Society for the Advancement of Science",
            "Polish Academy of Sciences"
        ]
    );
}

#[test]
fn the_opening_of_a_named_event_is_that_event() {
    let x = run("Ambassador Ana Ruiz Attends Opening of the 2025 Lakeland Science Week\n\nAmbassador Ana Ruiz attended the opening ceremony of the 2025 Lakeland Science Week in Riga.");
    assert_eq!(names(&x, Label::Event), ["2025 Lakeland Science Week"]);
    assert_eq!(
        rels(&x, RelType::Attended),
        [("Ana Ruiz".into(), "2025 Lakeland Science Week".into())]
    );
}

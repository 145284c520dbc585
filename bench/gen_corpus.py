#!/usr/bin/env python3
"""A small synthetic corpus of S&T-diplomacy news articles, for timing `newsgraph build`.

The fallback of bench/build_bench.sh when ../shared/bench/gen_corpus.py is not there:
articles of the genre (an official meets a delegation, a memorandum is signed, a forum is
attended) with varied names, titles, organizations, dates and filler sentences, about
175 words each. It writes no gold graph: use it for speed and memory, not accuracy.
The same --seed always gives the same corpus, byte for byte. Standard library only.

    python3 bench/gen_corpus.py --docs 20000 --seed 1 --out /tmp/corpus
"""
import argparse
import os
import random

COUNTRIES = [  # name, demonym, science body, its acronym
    ("China", "Chinese", "Ministry of Science and Technology", "MOST"),
    ("Peru", "Peruvian", "National Council of Science, Technology and Technological Innovation", "CONCYTEC"),
    ("Panama", "Panamanian", "National Secretariat of Science, Technology and Innovation", "SENACYT"),
    ("Thailand", "Thai", "National Science and Technology Development Agency", "NSTDA"),
    ("Indonesia", "Indonesian", "National Research and Innovation Agency", "BRIN"),
    ("Brazil", "Brazilian", "Ministry of Science, Technology and Innovation", "MCTI"),
    ("Argentina", "Argentine", "National Scientific and Technical Research Council", "CONICET"),
    ("Egypt", "Egyptian", "Academy of Scientific Research and Technology", "ASRT"),
    ("Kenya", "Kenyan", "National Commission for Science, Technology and Innovation", "NACOSTI"),
    ("South Africa", "South African", "Department of Science and Innovation", "DSI"),
    ("Germany", "German", "Federal Ministry of Education and Research", "BMBF"),
    ("France", "French", "National Centre for Scientific Research", "CNRS"),
    ("Viet Nam", "Vietnamese", "National Foundation for Science and Technology Development", "NAFOSTED"),
    ("Mongolia", "Mongolian", "Mongolian Foundation for Science and Technology", "MFST"),
    ("Serbia", "Serbian", "Science Fund of the Republic of Serbia", "SFRS"),
    ("Chile", "Chilean", "National Agency for Research and Development", "ANID"),
]
GIVEN = ["Li", "Wang", "Maria", "Ahmed", "Peter", "Somchai", "Ana", "Juan", "Fatima", "Nguyen",
         "Helen", "Carlos", "Amina", "Dmitri", "Laura", "Kwame", "Mei", "Jose", "Sara", "Tomas"]
FAMILY = ["Wei", "Costa", "Said", "Evans", "Tan", "Silva", "Okafor", "Ivanova", "Rossi", "Meng",
          "Haddad", "Mensah", "Garcia", "Kim", "Novak", "Ferreira", "Zhou", "Banda", "Lopez", "Petrov"]
TITLES = ["Minister", "Vice Minister", "Deputy Director General", "President", "Director General",
          "Secretary General", "Ambassador", "Chair", "Counsellor"]
FIELDS = ["artificial intelligence", "space technology", "green hydrogen", "biotechnology",
          "ocean science", "renewable energy", "digital agriculture", "public health"]
EVENTS = ["Joint Committee Meeting on Science and Technology Cooperation", "Science and Technology Forum",
          "Innovation Dialogue", "Young Scientists Exchange Conference", "Technology Transfer Summit"]
ORDINALS = ["2nd", "3rd", "4th", "5th", "8th", "10th", "12th"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
FILLER = [
    "The two sides exchanged views on policy for innovation and on the training of young researchers.",
    "Exchanges of scientists, joint research projects and training workshops were discussed in depth.",
    "Both sides agreed that joint laboratories and science parks are practical channels of cooperation.",
    "Cooperation in {f} and {g} will also be strengthened.",
    "The delegation also visited several laboratories and a technology incubator.",
    "The two sides agreed to push forward the implementation of earlier agreements.",
]


def person(rng):
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def article(rng):
    (c1, d1, org1, acr1), (c2, d2, org2, acr2) = rng.sample(COUNTRIES, 2)
    p1, p2, p3 = person(rng), person(rng), person(rng)
    t1, t2, t3 = rng.choice(TITLES), rng.choice(TITLES), rng.choice(TITLES)
    year = rng.randint(2015, 2024)
    month = rng.choice(MONTHS)
    day = rng.randint(1, 28)
    event = f"{rng.choice(ORDINALS)} {d1}-{d2} {rng.choice(EVENTS)}"
    field = rng.choice(FIELDS)
    fill = lambda: rng.choice(FILLER).format(f=rng.choice(FIELDS), g=rng.choice(FIELDS))
    paras = [
        f"{t1} {p1} Meets {d2} Delegation",
        f"On {month} {day}, {year}, {p1}, {t1} of the {org1} ({acr1}) of {c1}, held talks with "
        f"a visiting delegation headed by {p2}, {t2} of the {org2} of {c2}. The meeting took "
        f"place on the sidelines of the {event}. {fill()}",
        f"{p1} welcomed {p2} and the delegation. {fill()} {fill()}",
        f"{p2} said that {c2} attaches great importance to cooperation with {c1} in {field}. {fill()}",
        f"{p1} and {p2} signed the Memorandum of Understanding between {acr1} {c1} and {acr2} "
        f"{c2} on Cooperation in {field.title()}. {fill()}",
        f"{p3}, {t3} of the {org1}, was present at the meeting. {fill()} {fill()}",
    ]
    if rng.random() < 0.5:
        paras[2], paras[3] = paras[3], paras[2]
    return "\n\n".join(paras) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    for i in range(args.docs):
        with open(os.path.join(args.out, f"syn_{i:07d}.txt"), "w", encoding="utf-8") as f:
            f.write(article(rng))


if __name__ == "__main__":
    main()

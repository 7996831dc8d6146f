"""The names and shapes a generated council is made of (cpdsync/simulator/generate.py): job
roles, teams, people's names, course tracks with their idnumber prefixes, categories and tags,
the mandatory courses, and when in the year completions fall. The example mappings are written
against these."""

from __future__ import annotations

JOB_ROLES = (
    "Newly Qualified Social Worker (ASYE)",
    "Social Worker",
    "Senior Social Worker",
    "Advanced Practitioner",
    "Practice Supervisor",
    "Team Manager",
)
JOB_ROLE_WEIGHTS = (10, 45, 20, 10, 8, 7)
TEAMS = (
    "Children North",
    "Children South",
    "Children Disability",
    "Fostering and Adoption",
    "Adults East",
    "Adults West",
    "Mental Health",
)
COUNCILS = ("Northmoor", "Eastvale", "Westbridge", "Southholme", "Ashcombe", "Kingsford")
FIRST_NAMES = tuple(
    [
        "Amara",
        "Ben",
        "Chloe",
        "Daniel",
        "Esther",
        "Farah",
        "George",
        "Hannah",
        "Imran",
        "Jade",
        "Kwame",
        "Laura",
        "Megan",
        "Nadia",
        "Oliver",
        "Priya",
        "Rhys",
        "Sophie",
        "Tariq",
        "Uma",
        "Victoria",
        "William",
        "Yasmin",
        "Zainab",
        "Aaron",
        "Bethany",
        "Callum",
        "Deborah",
        "Emeka",
        "Fiona",
        "Grace",
        "Harvey",
        "Isla",
        "Joseph",
        "Keisha",
        "Liam",
        "Maryam",
        "Niall",
        "Olivia",
        "Patrick",
        "Rosa",
        "Samuel",
        "Thomas",
        "Abigail",
        "Bilal",
        "Ciara",
        "Dylan",
        "Eleanor",
        "Femi",
        "Gemma",
    ]
)
LAST_NAMES = tuple(
    [
        "Okafor",
        "Whitfield",
        "Hughes",
        "Kowalski",
        "Mensah",
        "Ahmed",
        "Pemberton",
        "Clarke",
        "Hussain",
        "Taylor",
        "Boateng",
        "Evans",
        "Price",
        "Khan",
        "Walsh",
        "Patel",
        "Morgan",
        "Green",
        "Begum",
        "Roberts",
        "Nowak",
        "Campbell",
        "Adeyemi",
        "Lewis",
        "Wright",
        "Murphy",
        "Singh",
        "Edwards",
        "Thompson",
        "Ali",
        "Walker",
        "Robinson",
        "Wood",
        "Jackson",
        "Harris",
        "Martin",
        "Cooper",
        "Ward",
        "Turner",
        "Hill",
        "Scott",
        "Baker",
        "Carter",
        "Mitchell",
        "Parker",
        "Bennett",
        "Shah",
        "Collins",
        "Stewart",
        "Reid",
    ]
)

# (idnumber prefix, category key, title stems, tags)
TRACKS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "SG-CH": (
        "children",
        (
            "Child Protection Enquiries (Section 47)",
            "Neglect: Recognition and Response",
            "Contextual Safeguarding",
            "Child Sexual Exploitation",
            "Domestic Abuse and Children",
            "Working Together to Safeguard Children",
            "Harmful Practices and FGM",
        ),
        ("safeguarding", "children"),
    ),
    "SG-AD": (
        "adults",
        (
            "Section 42 Enquiries",
            "Self-Neglect and Hoarding",
            "Financial Abuse",
            "Modern Slavery",
            "Making Safeguarding Personal",
            "Domestic Abuse and Adults",
        ),
        ("safeguarding", "adults"),
    ),
    "PS": (
        "practice",
        (
            "Direct Work with Children",
            "Strengths-Based Practice",
            "Motivational Interviewing",
            "Trauma-Informed Practice",
            "Assessment and Analysis",
            "Recording with Care",
            "Working with Families in Conflict",
            "Anti-Racist Practice",
        ),
        ("practice-skills",),
    ),
    "LEG": (
        "legal",
        (
            "Court Skills and Report Writing",
            "The Care Act 2014",
            "Public Law Outline",
            "Deprivation of Liberty Safeguards",
            "Human Rights in Practice",
            "The Children Act 1989",
        ),
        ("legal",),
    ),
    "LDR": (
        "leadership",
        (
            "Reflective Supervision",
            "Leading Practice Improvement",
            "Managing Caseloads Safely",
            "Coaching Skills for Practice Supervisors",
        ),
        ("leadership",),
    ),
}
MANDATORY: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "MAN-SGREFRESH-CH",
        "Safeguarding Children Refresher",
        ("mandatory", "safeguarding", "children"),
    ),
    ("MAN-SGREFRESH-AD", "Safeguarding Adults Refresher", ("mandatory", "safeguarding", "adults")),
    ("MAN-DATAPROT", "Data Protection and Information Sharing", ("mandatory",)),
    ("MAN-MCA", "Mental Capacity Act in Practice", ("mandatory", "legal", "adults")),
)
# What a course summary in Moodle says after the course's name, by its first tag (a course
# without tags is an information pack): demo text, so the SWE-form export has a course's own
# words to describe it with.
SUMMARY_FOCUS: dict[str, str] = {
    "mandatory": "The council's required refresher: the law, local procedures and what has "
    "changed since you last took it.",
    "peer-discussion": "A facilitated group where practitioners bring a case, think it "
    "through together and agree what to try next.",
    "safeguarding": "Case studies, the thresholds that apply and how to work with partner "
    "agencies when risk is high.",
    "practice-skills": "Practical techniques to use in direct work, with time to rehearse "
    "them and plan how to apply them.",
    "legal": "The legal framework, recent case law and how to evidence decisions so they "
    "stand up to scrutiny.",
    "leadership": "For supervisors and senior practitioners: building a culture of "
    "reflective, accountable practice.",
    "": "Reference material about local services; it does not track completion.",
}
HOURS = ("1.5", "3", "3", "6", "6", "12")
PROVIDERS = (
    "Workforce Development",
    "Legal Services",
    "Principal Social Worker",
    "Research in Practice",
)
# Relative share of a year's completions per month, December first: a rush before 30 November.
MONTH_WEIGHTS = (4, 3, 6, 6, 6, 5, 4, 3, 7, 10, 18, 16)
MONTHS = (12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)

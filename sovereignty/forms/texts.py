"""The words of the response form in French and English: headers, expected answers, instructions.

Words that are read back as values (Yes, No, I don't know...) live in :mod:`layout` instead.
"""

from __future__ import annotations

from sovereignty.core.model import Lang

T: dict[str, dict[Lang, str]] = {
    "title": {"fr": "Formulaire de réponse de l'éditeur", "en": "Vendor response form"},
    "bank": {"fr": "Questionnaire", "en": "Questionnaire"},
    "respondent": {"fr": "Répondant", "en": "Respondent"},
    "name": {"fr": "Nom et prénom", "en": "Full name"},
    "organisation": {"fr": "Société", "en": "Company"},
    "role": {"fr": "Fonction", "en": "Position"},
    "email": {"fr": "Courriel", "en": "E-mail"},
    "date": {"fr": "Date de la réponse", "en": "Date of the response"},
    "how": {"fr": "Comment remplir ce formulaire", "en": "How to fill in this form"},
    "count": {
        "fr": "Ce formulaire comporte {questions} questions réparties en {sheets} feuilles.",
        "en": "This form holds {questions} questions over {sheets} sheets.",
    },
    "h_number": {"fr": "N°", "en": "No."},
    "h_id": {"fr": "Identifiant", "en": "Identifier"},
    "h_question": {"fr": "Question", "en": "Question"},
    "h_expected": {"fr": "Réponse attendue", "en": "Expected answer"},
    "h_answer": {"fr": "Réponse", "en": "Answer"},
    "h_comment": {"fr": "Commentaire", "en": "Comment"},
    "h_evidence": {"fr": "Justificatif (pièce, page)", "en": "Evidence (document, page)"},
    "h_help": {"fr": "Aide, contexte et références", "en": "Help, context and references"},
    "required": {"fr": "Obligatoire.", "en": "Required."},
    "optional": {"fr": "Facultatif.", "en": "Optional."},
    "or_unknown": {"fr": " ou « Je ne sais pas »", "en": " or “I don't know”"},
    "yes_no": {"fr": "Liste : Oui / Non", "en": "List: Yes / No"},
    "single": {"fr": "Liste déroulante : un choix", "en": "Drop-down list: one choice"},
    "multiple": {
        "fr": "Plusieurs choix : « Oui » en face de chaque choix retenu (lignes suivantes)",
        "en": "Several choices: “Yes” against each choice that applies (rows below)",
    },
    "at_least": {"fr": " ; au moins {n}", "en": "; at least {n}"},
    "text": {
        "fr": "Texte libre ({n} caractères au plus)",
        "en": "Free text (at most {n} characters)",
    },
    "number": {"fr": "Nombre", "en": "Number"},
    "integer": {"fr": "Nombre entier", "en": "Whole number"},
    "between": {"fr": " entre {low} et {high}", "en": " between {low} and {high}"},
    "min": {"fr": " d'au moins {low}", "en": " of at least {low}"},
    "max": {"fr": " d'au plus {high}", "en": " of at most {high}"},
    "unit": {"fr": " (en {unit})", "en": " (in {unit})"},
    "date_fmt": {"fr": "Date (AAAA-MM-JJ)", "en": "Date (YYYY-MM-DD)"},
    "records": {
        "fr": "Tableau : une ligne par élément dans la feuille « {sheet} »",
        "en": "Table: one row per item in the sheet “{sheet}”",
    },
    "records_intro": {
        "fr": "Une ligne par élément ({n} au plus) ; laissez les lignes inutiles vides. "
        "Plusieurs choix dans une cellule : séparez-les par « ; ». * : colonne obligatoire.",
        "en": "One row per item ({n} at most); leave unused rows empty. Several choices in one "
        "cell: separate them with “;”. *: required column.",
    },
    "several": {"fr": "Plusieurs choix parmi : ", "en": "Several choices among: "},
    "why": {"fr": "Pourquoi : ", "en": "Why: "},
    "evidence": {"fr": "Pièces utiles : ", "en": "Useful documents: "},
    "legal": {"fr": "Références : ", "en": "References: "},
    "list_error": {
        "fr": "Choisissez une valeur de la liste.",
        "en": "Choose a value from the list.",
    },
    "rows_below": {"fr": "↓ lignes suivantes", "en": "↓ rows below"},
}

INSTRUCTIONS: dict[Lang, tuple[str, ...]] = {
    "fr": (
        "Répondez dans les cellules jaunes (colonne « Réponse », « Commentaire », "
        "« Justificatif ») de chaque feuille ; les autres cellules sont protégées.",
        "Listes déroulantes : choisissez une valeur de la liste. « Je ne sais pas » est une "
        "réponse admise lorsqu'elle y figure, et préférable à une réponse approximative.",
        "Questions à choix multiples : indiquez « Oui » en face de chaque choix retenu, « Non » "
        "ou rien pour les autres.",
        "Tableaux (sous-traitants, flux de données…) : une ligne par élément dans la feuille "
        "dédiée ; plusieurs valeurs dans une même cellule se séparent par « ; ».",
        "Nombres : le nombre seul, sans unité (l'unité est indiquée). Dates : AAAA-MM-JJ ou "
        "JJ/MM/AAAA.",
        "Certaines questions ne s'appliquent que selon une réponse précédente (« Uniquement "
        "si … ») : laissez-les vides lorsqu'elles ne s'appliquent pas.",
        "Une cellule vide n'efface jamais une réponse déjà transmise : elle signifie « pas de "
        "réponse dans ce formulaire ». Pour corriger une réponse, donnez la nouvelle ; pour la "
        "retirer, répondez « Je ne sais pas » (lorsque la liste le propose) en l'expliquant en "
        "commentaire. Les réponses aux questions qui ne s'appliquent plus après une réponse "
        "modifiée sont retirées automatiquement.",
        "Société : le nom de votre société tel qu'il figure dans votre offre ; un formulaire au "
        "nom d'une autre société que l'offre à laquelle il est rattaché est refusé à l'import.",
        "Justificatif : la référence de la pièce jointe à votre offre qui étaye la réponse "
        "(nom du fichier, page).",
        "Ne renommez, ne supprimez et ne déplacez aucune feuille, ligne ou colonne. N'utilisez "
        "pas de formule : elles ne sont jamais calculées à l'import et la cellule est refusée.",
        "Enregistrez au format Excel .xlsx (sans macro, sans mot de passe) et joignez le "
        "fichier à votre offre.",
    ),
    "en": (
        "Answer in the yellow cells (columns “Answer”, “Comment”, “Evidence”) of each sheet; "
        "the other cells are protected.",
        "Drop-down lists: choose a value from the list. “I don't know” is an accepted answer "
        "where the list offers it, and better than an approximate answer.",
        "Multiple-choice questions: put “Yes” against each choice that applies, “No” or "
        "nothing against the others.",
        "Tables (sub-processors, data flows…): one row per item in the dedicated sheet; "
        "several values in one cell are separated by “;”.",
        "Numbers: the number alone, without its unit (the unit is given). Dates: YYYY-MM-DD "
        "or DD/MM/YYYY.",
        "Some questions apply only given an earlier answer (“Only if …”): leave them empty "
        "when they do not apply.",
        "An empty cell never erases an answer already given: it means “no answer in this "
        "form”. To correct an answer, give the new one; to withdraw it, answer “I don't know” "
        "(where the list offers it) and explain why in the comment. Answers to questions that "
        "no longer apply after a changed answer are removed automatically.",
        "Company: your company's name as in your offer; a form naming another company than the "
        "offer it is attached to is refused on import.",
        "Evidence: the reference of the document attached to your offer that supports the "
        "answer (file name, page).",
        "Do not rename, delete or move any sheet, row or column. Do not use formulas: they "
        "are never calculated on import and the cell is refused.",
        "Save as an Excel .xlsx workbook (no macros, no password) and attach it to your offer.",
    ),
}

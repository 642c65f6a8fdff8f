"""The documents a visitor may be asked to bring to a service, named in each of the desks' languages.

A service lists document keys (Service.documents); the names live here, with the code, because every desk
shows them, not only the demo. They are proper nouns of Italian administration more than interface text, so
they are written out per language here rather than left to the message catalogues.
"""

from __future__ import annotations

from collections.abc import Iterable

FALLBACK_LANGUAGE = "it"

DOCUMENTS: dict[str, dict[str, str]] = {
    "id": {
        "it": "Documento d'identità",
        "en": "Identity document",
        "fr": "Pièce d'identité",
        "es": "Documento de identidad",
        "ar": "وثيقة الهوية",
        "uk": "Документ, що посвідчує особу",
        "ro": "Act de identitate",
        "sq": "Dokument identifikimi",
        "zh_Hans": "身份证件",
    },
    "tax_code": {
        "it": "Codice fiscale o tessera sanitaria",
        "en": "Tax code (codice fiscale) or health card (tessera sanitaria)",
        "fr": "Code fiscal (codice fiscale) ou carte sanitaire (tessera sanitaria)",
        "es": "Código fiscal (codice fiscale) o tarjeta sanitaria (tessera sanitaria)",
        "ar": "الرقم الضريبي (codice fiscale) أو البطاقة الصحية (tessera sanitaria)",
        "uk": "Податковий код (codice fiscale) або медична картка (tessera sanitaria)",
        "ro": "Codul fiscal (codice fiscale) sau cardul de sănătate (tessera sanitaria)",
        "sq": "Kodi fiskal (codice fiscale) ose karta shëndetësore (tessera sanitaria)",
        "zh_Hans": "税号（codice fiscale）或医保卡（tessera sanitaria）",
    },
    "residence_permit": {
        "it": "Permesso di soggiorno (cittadini non UE)",
        "en": "Residence permit (non-EU citizens)",
        "fr": "Titre de séjour (citoyens non européens)",
        "es": "Permiso de residencia (ciudadanos de fuera de la UE)",
        "ar": "تصريح الإقامة (لمواطني الدول من خارج الاتحاد الأوروبي)",
        "uk": "Посвідка на проживання (для громадян країн поза ЄС)",
        "ro": "Permis de ședere (cetățeni din afara UE)",
        "sq": "Leje qëndrimi (për shtetasit jashtë BE-së)",
        "zh_Hans": "居留许可（非欧盟公民）",
    },
    "cv": {
        "it": "Il suo curriculum (CV)",
        "en": "Your CV",
        "fr": "Votre CV",
        "es": "Su currículum (CV)",
        "ar": "سيرتك الذاتية (CV)",
        "uk": "Ваше резюме (CV)",
        "ro": "CV-ul dumneavoastră",
        "sq": "CV-ja juaj",
        "zh_Hans": "您的简历（CV）",
    },
    "did": {
        "it": "La sua DID (dichiarazione di immediata disponibilità), se l'ha già fatta",
        "en": "Your DID (declaration of availability for work), if you have one",
        "fr": "Votre DID (déclaration de disponibilité pour travailler), si vous en avez une",
        "es": "Su DID (declaración de disponibilidad para trabajar), si ya la tiene",
        "ar": "إقرار DID (الاستعداد الفوري للعمل)، إن كان لديك",
        "uk": "Ваша DID (декларація про готовність до роботи), якщо вона у вас є",
        "ro": "Declarația DID (de disponibilitate pentru muncă), dacă o aveți",
        "sq": "Deklarata DID (e gatishmërisë për punë), nëse e keni",
        "zh_Hans": "您的DID（立即就业意向声明），如已办理",
    },
    "certificates": {
        "it": "Diplomi o attestati di studio e di formazione",
        "en": "School or training certificates",
        "fr": "Diplômes ou attestations de formation",
        "es": "Títulos o certificados de estudios o de formación",
        "ar": "الشهادات الدراسية أو شهادات التدريب",
        "uk": "Документи про освіту або навчання",
        "ro": "Diplome sau certificate de studii ori de formare",
        "sq": "Diploma ose certifikata shkollore dhe kursesh",
        "zh_Hans": "学历证书或培训证书",
    },
    "payslips": {
        "it": "Buste paga recenti o contratto di lavoro",
        "en": "Recent payslips or your employment contract",
        "fr": "Bulletins de salaire récents ou contrat de travail",
        "es": "Nóminas recientes o contrato de trabajo",
        "ar": "قسائم الراتب الأخيرة أو عقد العمل",
        "uk": "Останні розрахункові листи або трудовий договір",
        "ro": "Fluturași de salariu recenți sau contractul de muncă",
        "sq": "Fletëpagesat e fundit ose kontrata e punës",
        "zh_Hans": "最近的工资单或劳动合同",
    },
}


def document_name(key: str, lang: str) -> str | None:
    """Return a document's name in a language, in Italian where it has none, None for an unknown key."""
    names = DOCUMENTS.get(key)
    if names is None:
        return None
    return names.get(lang) or names[FALLBACK_LANGUAGE]


def documents_to_bring(keys: Iterable[str], lang: str) -> list[str]:
    """Return the names of a service's documents in a language, in the service's order, skipping unknown keys."""
    names = (document_name(key, lang) for key in keys)
    return [name for name in names if name]

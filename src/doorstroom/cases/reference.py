"""Reference data of case work that every region starts with."""

NATIONAL_LEAVING_REASONS = (
    # DOMAIN.md, legal task 2: 'record why they left (verkeerde studiekeuze, andere
    # verwachtingen, liever werken, persoonlijke of psychische problemen, ...)'; the seeds'
    # 'Aanpak vsv' names the first four. The rest are the reasons caseworkers commonly
    # record; a region adds its own.
    "verkeerde studiekeuze",
    "andere verwachtingen over de opleiding",
    "liever aan het werk",
    "persoonlijke of psychische problemen",
    "problemen thuis",
    "geldzorgen of schulden",
    "lichamelijke ziekte",
    "zwangerschap of zorg voor een kind",
    "problemen met de school (begeleiding, sfeer, pesten)",
    "uitgeschreven door de school",
    "verhuisd",
    "geen passende opleiding gevonden",
)

//! The pieces of the one-sentence DMARC alignment reasoning.
//!
//! Placeholders: `{d}` the authenticated domain, `{from}` the From domain, `{org}` its
//! organizational domain, `{result}` a method result, `{recorded}` the recorded DMARC verdict.

use crate::lang::Tr;

pub const HEADING: Tr = Tr {
    en: "DMARC alignment",
    fr: "Alignement DMARC",
    it: "Allineamento DMARC",
    ja: "DMARC アラインメント",
};

pub const SEPARATOR: Tr = Tr {
    en: "; ",
    fr: " ; ",
    it: "; ",
    ja: "。",
};

pub const SPF_ALIGNED: Tr = Tr {
    en: "SPF passed for {d}, which is aligned with {from}",
    fr: "SPF a réussi pour {d}, aligné sur {from}",
    it: "SPF superato per {d}, allineato con {from}",
    ja: "SPF は {d} で合格し、{from} とアラインしています",
};

pub const SPF_RELAXED: Tr = Tr {
    en: "SPF passed for {d}, which is aligned with {from} only under relaxed alignment (same organizational domain {org})",
    fr: "SPF a réussi pour {d}, aligné sur {from} seulement en alignement souple (même domaine organisationnel {org})",
    it: "SPF superato per {d}, allineato con {from} solo con allineamento rilassato (stesso dominio organizzativo {org})",
    ja: "SPF は {d} で合格し、緩和モードでのみ {from} とアラインしています (組織ドメイン {org} が共通)",
};

pub const SPF_UNALIGNED: Tr = Tr {
    en: "SPF passed for {d}, which is not aligned with {from}",
    fr: "SPF a réussi pour {d}, qui n'est pas aligné sur {from}",
    it: "SPF superato per {d}, che non è allineato con {from}",
    ja: "SPF は {d} で合格しましたが、{from} とはアラインしていません",
};

pub const SPF_NOT_PASSED: Tr = Tr {
    en: "SPF gave {result} for {d}",
    fr: "SPF a donné {result} pour {d}",
    it: "SPF ha dato {result} per {d}",
    ja: "SPF は {d} について {result} でした",
};

pub const SPF_ABSENT: Tr = Tr {
    en: "no SPF result names the envelope domain",
    fr: "aucun résultat SPF n'indique le domaine d'enveloppe",
    it: "nessun risultato SPF indica il dominio di envelope",
    ja: "エンベロープ ドメインを示す SPF 結果がありません",
};

pub const DKIM_ALIGNED: Tr = Tr {
    en: "DKIM passed for {d}, aligned with {from}",
    fr: "DKIM a réussi pour {d}, aligné sur {from}",
    it: "DKIM superato per {d}, allineato con {from}",
    ja: "DKIM は {d} で合格し、{from} とアラインしています",
};

pub const DKIM_RELAXED: Tr = Tr {
    en: "DKIM passed for {d}, aligned with {from} only under relaxed alignment",
    fr: "DKIM a réussi pour {d}, aligné sur {from} seulement en alignement souple",
    it: "DKIM superato per {d}, allineato con {from} solo con allineamento rilassato",
    ja: "DKIM は {d} で合格し、緩和モードでのみ {from} とアラインしています",
};

pub const DKIM_UNALIGNED: Tr = Tr {
    en: "no aligned DKIM signature (DKIM passed only for {d})",
    fr: "aucune signature DKIM alignée (DKIM n'a réussi que pour {d})",
    it: "nessuna firma DKIM allineata (DKIM superato solo per {d})",
    ja: "アラインした DKIM 署名はありません (DKIM の合格は {d} のみ)",
};

pub const DKIM_NOT_PASSED: Tr = Tr {
    en: "no aligned DKIM signature (DKIM gave {result} for {d})",
    fr: "aucune signature DKIM alignée (DKIM a donné {result} pour {d})",
    it: "nessuna firma DKIM allineata (DKIM ha dato {result} per {d})",
    ja: "アラインした DKIM 署名はありません (DKIM は {d} について {result})",
};

pub const DKIM_ABSENT: Tr = Tr {
    en: "no aligned DKIM signature",
    fr: "aucune signature DKIM alignée",
    it: "nessuna firma DKIM allineata",
    ja: "アラインした DKIM 署名はありません",
};

pub const PASSES: Tr = Tr {
    en: " → DMARC passes",
    fr: " → DMARC réussit",
    it: " → DMARC superato",
    ja: "。→ DMARC は合格",
};

pub const FAILS: Tr = Tr {
    en: " → DMARC fails",
    fr: " → DMARC échoue",
    it: " → DMARC non superato",
    ja: "。→ DMARC は不合格",
};

pub const WOULD_PASS: Tr = Tr {
    en: " → DMARC would pass if {from} published a DMARC record",
    fr: " → DMARC réussirait si {from} publiait un enregistrement DMARC",
    it: " → DMARC sarebbe superato se {from} pubblicasse un record DMARC",
    ja: "。→ {from} が DMARC レコードを公開していれば DMARC は合格します",
};

pub const WOULD_FAIL: Tr = Tr {
    en: " → DMARC would fail if {from} published a DMARC record",
    fr: " → DMARC échouerait si {from} publiait un enregistrement DMARC",
    it: " → DMARC non sarebbe superato se {from} pubblicasse un record DMARC",
    ja: "。→ {from} が DMARC レコードを公開すると DMARC は不合格になります",
};

pub const RECORDED_FAIL: Tr = Tr {
    en: " (yet the server recorded dmarc={recorded}: the policy may ask for strict alignment with adkim=s or aspf=s, or these results do not show everything it saw)",
    fr: " (le serveur a pourtant noté dmarc={recorded} : la stratégie exige peut-être un alignement strict avec adkim=s ou aspf=s, ou ces résultats ne montrent pas tout ce qu'il a vu)",
    it: " (eppure il server ha registrato dmarc={recorded}: il criterio potrebbe richiedere l'allineamento rigoroso con adkim=s o aspf=s, oppure questi risultati non mostrano tutto ciò che ha visto)",
    ja: " (ただしサーバーは dmarc={recorded} と記録しています。ポリシーが adkim=s や aspf=s で厳密なアラインを求めているか、ここに見えない結果があります)",
};

pub const RECORDED_PASS: Tr = Tr {
    en: " (yet the server recorded dmarc={recorded}, perhaps because a trusted ARC chain overrode the failure or from results not shown here)",
    fr: " (le serveur a pourtant noté dmarc={recorded}, peut-être parce qu'une chaîne ARC de confiance a pris le pas sur l'échec, ou d'après des résultats absents d'ici)",
    it: " (eppure il server ha registrato dmarc={recorded}, forse perché una catena ARC attendibile ha prevalso sul fallimento, o in base a risultati non mostrati qui)",
    ja: " (ただしサーバーは dmarc={recorded} と記録しています。信頼された ARC チェーンが失敗を上書きしたか、ここに見えない結果に基づく可能性があります)",
};

//! Sentences decoding Microsoft 365 anti-spam stamps and SpamAssassin headers.
//!
//! Meanings come from Microsoft's "Anti-spam message headers" and SCL/BCL pages. Keys and values
//! only seen in real messages and decoded by the community are marked undocumented, so the hover
//! can say so.

use crate::lang::Tr;

/// A meaning and whether the vendor documents it.
pub type Meaning = (Tr, bool);

const fn doc(tr: Tr) -> Option<Meaning> {
    Some((tr, true))
}

const fn wild(tr: Tr) -> Option<Meaning> {
    Some((tr, false))
}

pub const UNDOCUMENTED: Tr = Tr {
    en: "seen in the wild; not documented by the vendor",
    fr: "observé en pratique ; non documenté par l'éditeur",
    it: "osservato in pratica; non documentato dal fornitore",
    ja: "実際のメールで見られる値で、ベンダーは文書化していません",
};

pub const UNKNOWN_KEY: Tr = Tr {
    en: "not documented; Microsoft says undocumented fields are for its internal diagnostics",
    fr: "non documenté ; Microsoft indique que les champs non documentés servent à ses diagnostics internes",
    it: "non documentato; Microsoft indica che i campi non documentati servono alla sua diagnostica interna",
    ja: "文書化されていません。Microsoft は、未公開のフィールドは社内の診断用だとしています",
};

/// What a key of a Microsoft stamp means.
pub fn key_meaning(key: &str) -> Option<Meaning> {
    match key {
        "arc" => doc(Tr {
            en: "ARC information the filter recorded (AAR results, AMS signature, AS seal with cv=)",
            fr: "informations ARC notées par le filtre (résultats AAR, signature AMS, sceau AS avec cv=)",
            it: "informazioni ARC registrate dal filtro (risultati AAR, firma AMS, sigillo AS con cv=)",
            ja: "フィルターが記録した ARC 情報 (AAR の結果、AMS の署名、cv= を含む AS のシール)",
        }),
        "cat" => doc(Tr {
            en: "protection policy category applied to the message",
            fr: "catégorie de stratégie de protection appliquée au message",
            it: "categoria del criterio di protezione applicata al messaggio",
            ja: "メッセージに適用された保護ポリシーのカテゴリ",
        }),
        "cip" => doc(Tr {
            en: "connecting IP address; usable in the IP Allow or Block List",
            fr: "adresse IP de connexion ; utilisable dans la liste d'adresses IP autorisées ou bloquées",
            it: "indirizzo IP di connessione; utilizzabile nell'elenco IP consentiti o bloccati",
            ja: "接続元 IP アドレス。IP 許可/禁止一覧で使えます",
        }),
        "ctry" => doc(Tr {
            en: "country or region of the connecting IP",
            fr: "pays ou région de l'IP de connexion",
            it: "paese o area geografica dell'IP di connessione",
            ja: "接続元 IP の国/地域",
        }),
        "dir" => doc(Tr {
            en: "direction of the message",
            fr: "sens du message",
            it: "direzione del messaggio",
            ja: "メッセージの方向",
        }),
        "h" => doc(Tr {
            en: "HELO or EHLO name of the connecting server",
            fr: "nom HELO ou EHLO du serveur de connexion",
            it: "nome HELO o EHLO del server di connessione",
            ja: "接続元サーバーの HELO/EHLO 名",
        }),
        "ipv" => doc(Tr {
            en: "IP filter verdict",
            fr: "verdict du filtre d'adresses IP",
            it: "verdetto del filtro IP",
            ja: "IP フィルターの判定",
        }),
        "lang" => doc(Tr {
            en: "language the message is written in",
            fr: "langue du message",
            it: "lingua del messaggio",
            ja: "メッセージの言語",
        }),
        "ptr" => doc(Tr {
            en: "reverse DNS (PTR) name of the connecting IP",
            fr: "nom DNS inverse (PTR) de l'IP de connexion",
            it: "nome DNS inverso (PTR) dell'IP di connessione",
            ja: "接続元 IP の逆引き (PTR) 名",
        }),
        "scl" => doc(Tr {
            en: "spam confidence level: -1 skipped, 0-1 not spam, 5-6 spam, 7-9 high confidence spam",
            fr: "niveau de confiance du courrier indésirable (SCL) : -1 ignoré, 0-1 non indésirable, 5-6 indésirable, 7-9 indésirable à haut niveau de confiance",
            it: "livello di probabilità di posta indesiderata (SCL): -1 ignorato, 0-1 non spam, 5-6 spam, 7-9 spam con alta probabilità",
            ja: "スパム信頼度 (SCL)。-1 はスキップ、0-1 はスパムではない、5-6 はスパム、7-9 は高確度スパム",
        }),
        "sfty" => doc(Tr {
            en: "the message was identified as phishing; the value names the safety tip",
            fr: "le message a été identifié comme hameçonnage ; la valeur désigne le conseil de sécurité",
            it: "il messaggio è stato identificato come phishing; il valore indica il suggerimento di sicurezza",
            ja: "フィッシングと判定されたメッセージ。値は安全のヒントの種類です",
        }),
        "sfv" => doc(Tr {
            en: "spam filtering verdict",
            fr: "verdict du filtrage du courrier indésirable",
            it: "verdetto del filtro della posta indesiderata",
            ja: "スパム フィルターの判定",
        }),
        "srv" => doc(Tr {
            en: "bulk mail status",
            fr: "état du courrier en nombre",
            it: "stato della posta massiva",
            ja: "バルク メールの状態",
        }),
        "x-customspam" => doc(Tr {
            en: "an Advanced Spam Filter (ASF) setting matched; the value names it",
            fr: "un paramètre du filtre avancé (ASF) a correspondu ; la valeur le nomme",
            it: "un'impostazione del filtro antispam avanzato (ASF) ha corrisposto; il valore la indica",
            ja: "高度なスパム フィルター (ASF) の設定に一致しました。値はその設定名です",
        }),
        "bcl" => doc(Tr {
            en: "bulk complaint level: 0 not bulk, 1-3 few complaints, 4-7 mixed, 8-9 many complaints",
            fr: "niveau de réclamation en nombre (BCL) : 0 pas en nombre, 1-3 peu de plaintes, 4-7 mitigé, 8-9 beaucoup de plaintes",
            it: "livello di reclami per posta massiva (BCL): 0 non massiva, 1-3 pochi reclami, 4-7 misto, 8-9 molti reclami",
            ja: "バルク苦情レベル (BCL)。0 はバルクではない、1-3 は苦情が少ない、4-7 は混在、8-9 は苦情が多い",
        }),
        "pcl" => doc(Tr {
            en: "phishing confidence level: 1-3 neutral, 4-8 suspicious",
            fr: "niveau de confiance d'hameçonnage (PCL) : 1-3 neutre, 4-8 suspect",
            it: "livello di probabilità di phishing (PCL): 1-3 neutro, 4-8 sospetto",
            ja: "フィッシング信頼度 (PCL)。1-3 は中立、4-8 は疑わしい",
        }),
        "sfs" => wild(Tr {
            en: "identifiers of the spam filter rules that matched; Microsoft does not publish their meaning",
            fr: "identifiants des règles de filtrage qui ont correspondu ; Microsoft n'en publie pas le sens",
            it: "identificativi delle regole di filtro che hanno corrisposto; Microsoft non ne pubblica il significato",
            ja: "一致したスパム フィルター ルールの ID。Microsoft は意味を公開していません",
        }),
        "dest" => wild(Tr {
            en: "folder the message was delivered to",
            fr: "dossier dans lequel le message a été remis",
            it: "cartella in cui il messaggio è stato recapitato",
            ja: "メッセージが配信されたフォルダー",
        }),
        "ucf" => wild(Tr {
            en: "1 when a user's custom mail flow rule applied",
            fr: "1 quand une règle de flux personnalisée de l'utilisateur s'est appliquée",
            it: "1 quando si è applicata una regola di flusso personalizzata dell'utente",
            ja: "ユーザー独自のメール フロー ルールが適用された場合は 1",
        }),
        "jmr" => wild(Tr {
            en: "1 when a junk mail rule applied",
            fr: "1 quand une règle de courrier indésirable s'est appliquée",
            it: "1 quando si è applicata una regola della posta indesiderata",
            ja: "迷惑メール ルールが適用された場合は 1",
        }),
        "auth" => wild(Tr {
            en: "1 when the sender was authenticated",
            fr: "1 quand l'expéditeur était authentifié",
            it: "1 quando il mittente era autenticato",
            ja: "送信者が認証済みの場合は 1",
        }),
        "ofr" => wild(Tr {
            en: "Outlook filter rule that applied (CustomRules: a move-to-folder rule; SpamFilterAuthJ: junked by a non-Outlook filter)",
            fr: "règle de filtrage Outlook appliquée (CustomRules : règle de déplacement ; SpamFilterAuthJ : classé indésirable par un filtre autre qu'Outlook)",
            it: "regola di filtro Outlook applicata (CustomRules: regola di spostamento; SpamFilterAuthJ: spostato nella posta indesiderata da un filtro non Outlook)",
            ja: "適用された Outlook のフィルター ルール (CustomRules はフォルダー移動ルール、SpamFilterAuthJ は Outlook 以外のフィルターによる迷惑メール判定)",
        }),
        "rf" => wild(Tr {
            en: "the folder a rule routed the message to (JunkEmail)",
            fr: "le dossier vers lequel une règle a dirigé le message (JunkEmail)",
            it: "la cartella verso cui una regola ha indirizzato il messaggio (JunkEmail)",
            ja: "ルールが振り分けたフォルダー (JunkEmail)",
        }),
        "abwl" | "wl" | "pcwl" | "iwl" | "dwl" | "rwl" => wild(Tr {
            en: "an allow list (safe senders, domains or recipients) took part in the decision",
            fr: "une liste d'autorisation (expéditeurs, domaines ou destinataires approuvés) a joué dans la décision",
            it: "un elenco di elementi consentiti (mittenti, domini o destinatari attendibili) ha inciso sulla decisione",
            ja: "許可リスト (信頼できる差出人、ドメイン、受信者) が判定に関わりました",
        }),
        _ => None,
    }
}

/// What a value of a Microsoft stamp key means.
pub fn value_meaning(key: &str, value: &str) -> Option<Meaning> {
    match key {
        "scl" => scl(value),
        "bcl" => bcl(value),
        "pcl" => pcl(value),
        "sfv" => sfv(value),
        "cat" => cat(value),
        "dir" => match value {
            "inb" => doc(Tr {
                en: "inbound",
                fr: "entrant",
                it: "in ingresso",
                ja: "受信",
            }),
            "out" => doc(Tr {
                en: "outbound",
                fr: "sortant",
                it: "in uscita",
                ja: "送信",
            }),
            "int" => doc(Tr {
                en: "internal",
                fr: "interne",
                it: "interno",
                ja: "内部",
            }),
            "oub" | "otb" => wild(Tr {
                en: "outbound (variant spelling)",
                fr: "sortant (variante d'écriture)",
                it: "in uscita (variante)",
                ja: "送信 (表記の揺れ)",
            }),
            _ => None,
        },
        "ipv" => match value {
            "cal" => doc(Tr {
                en: "spam filtering was skipped because the source IP is on the IP Allow List",
                fr: "le filtrage a été ignoré car l'IP source figure dans la liste d'adresses IP autorisées",
                it: "il filtro è stato saltato perché l'IP di origine è nell'elenco IP consentiti",
                ja: "送信元 IP が IP 許可一覧にあるため、スパム フィルターはスキップされました",
            }),
            "nli" => doc(Tr {
                en: "the IP is on no reputation list",
                fr: "l'IP ne figure sur aucune liste de réputation",
                it: "l'IP non è in alcun elenco di reputazione",
                ja: "IP はどの評価リストにも載っていません",
            }),
            _ => None,
        },
        "srv" => match value {
            "bulk" => doc(Tr {
                en: "identified as bulk mail by its BCL crossing the threshold",
                fr: "identifié comme courrier en nombre, son BCL dépassant le seuil",
                it: "identificato come posta massiva perché il BCL supera la soglia",
                ja: "BCL がしきい値を超えたためバルク メールと判定されました",
            }),
            _ => None,
        },
        "sfty" => match value {
            "9.19" => doc(Tr {
                en: "domain impersonation",
                fr: "usurpation de domaine",
                it: "imitazione di dominio",
                ja: "ドメインの偽装",
            }),
            "9.20" => doc(Tr {
                en: "user impersonation",
                fr: "usurpation d'utilisateur",
                it: "imitazione di utente",
                ja: "ユーザーの偽装",
            }),
            "9.25" => doc(Tr {
                en: "first-contact safety tip: the recipient rarely or never received mail from this sender",
                fr: "conseil de premier contact : le destinataire reçoit rarement ou jamais de courrier de cet expéditeur",
                it: "suggerimento di primo contatto: il destinatario riceve raramente o mai posta da questo mittente",
                ja: "初回連絡の安全のヒント: 受信者はこの送信者からほとんど、または一度もメールを受け取っていません",
            }),
            _ => None,
        },
        "dest" => match value {
            "i" => wild(Tr {
                en: "Inbox",
                fr: "Boîte de réception",
                it: "Posta in arrivo",
                ja: "受信トレイ",
            }),
            "j" => wild(Tr {
                en: "Junk Email",
                fr: "Courrier indésirable",
                it: "Posta indesiderata",
                ja: "迷惑メール",
            }),
            "c" => wild(Tr {
                en: "a custom folder, by the user's own rules",
                fr: "un dossier personnalisé, selon les règles de l'utilisateur",
                it: "una cartella personalizzata, secondo le regole dell'utente",
                ja: "ユーザー独自のルールによるカスタム フォルダー",
            }),
            _ => None,
        },
        _ => None,
    }
}

fn scl(value: &str) -> Option<Meaning> {
    match value.parse::<i8>().ok()? {
        -1 => doc(Tr {
            en: "filtering skipped (safe sender or recipient, IP Allow List, or a mail flow rule): delivered to the Inbox",
            fr: "filtrage ignoré (expéditeur ou destinataire approuvé, liste d'IP autorisées ou règle de flux) : remis en boîte de réception",
            it: "filtro saltato (mittente o destinatario attendibile, elenco IP consentiti o regola del flusso di posta): recapitato in Posta in arrivo",
            ja: "フィルター省略 (信頼できる差出人/受信者、IP 許可一覧、メール フロー ルール)。受信トレイに配信",
        }),
        0 | 1 => doc(Tr {
            en: "not spam: delivered to the Inbox",
            fr: "non indésirable : remis en boîte de réception",
            it: "non spam: recapitato in Posta in arrivo",
            ja: "スパムではありません。受信トレイに配信",
        }),
        2..=4 => doc(Tr {
            en: "spam filtering never stamps 2 to 4; another feature or a mail flow rule set it",
            fr: "le filtrage n'appose jamais 2 à 4 ; une autre fonction ou une règle de flux l'a fixé",
            it: "il filtro non assegna mai da 2 a 4; l'ha impostato un'altra funzione o una regola del flusso di posta",
            ja: "スパム フィルターは 2〜4 を付けません。別の機能かメール フロー ルールが設定しています",
        }),
        5 | 6 => doc(Tr {
            en: "spam: delivered to Junk Email (quarantined under the Strict preset policy)",
            fr: "indésirable : remis dans Courrier indésirable (mis en quarantaine avec la stratégie prédéfinie Strict)",
            it: "spam: recapitato in Posta indesiderata (in quarantena con il criterio predefinito Strict)",
            ja: "スパム。迷惑メールに配信 (Strict の事前設定ポリシーでは検疫)",
        }),
        7..=9 => doc(Tr {
            en: "high confidence spam: delivered to Junk Email or quarantined (Standard and Strict presets)",
            fr: "indésirable à haut niveau de confiance : remis dans Courrier indésirable ou mis en quarantaine (stratégies Standard et Strict)",
            it: "spam con alta probabilità: recapitato in Posta indesiderata o in quarantena (criteri Standard e Strict)",
            ja: "高確度スパム。迷惑メールに配信、または検疫 (Standard と Strict の事前設定)",
        }),
        _ => None,
    }
}

fn bcl(value: &str) -> Option<Meaning> {
    match value.parse::<u8>().ok()? {
        0 => doc(Tr {
            en: "not from a bulk sender",
            fr: "ne provient pas d'un expéditeur en nombre",
            it: "non proviene da un mittente di posta massiva",
            ja: "バルク送信者からではありません",
        }),
        1..=3 => doc(Tr {
            en: "bulk sender with few complaints",
            fr: "expéditeur en nombre avec peu de plaintes",
            it: "mittente di posta massiva con pochi reclami",
            ja: "苦情の少ないバルク送信者",
        }),
        4..=7 => doc(Tr {
            en: "bulk sender with a mixed number of complaints; the default threshold is 7 (Standard 6, Strict 5)",
            fr: "expéditeur en nombre aux plaintes partagées ; le seuil par défaut est 7 (Standard 6, Strict 5)",
            it: "mittente di posta massiva con reclami in quantità variabile; la soglia predefinita è 7 (Standard 6, Strict 5)",
            ja: "苦情の多少が混在するバルク送信者。既定のしきい値は 7 (Standard は 6、Strict は 5)",
        }),
        8 | 9 => doc(Tr {
            en: "bulk sender with many complaints",
            fr: "expéditeur en nombre avec beaucoup de plaintes",
            it: "mittente di posta massiva con molti reclami",
            ja: "苦情の多いバルク送信者",
        }),
        _ => None,
    }
}

fn pcl(value: &str) -> Option<Meaning> {
    match value.parse::<u8>().ok()? {
        0..=3 => doc(Tr {
            en: "neutral: not likely phishing",
            fr: "neutre : probablement pas de l'hameçonnage",
            it: "neutro: probabilmente non è phishing",
            ja: "中立。フィッシングの可能性は低い",
        }),
        4..=8 => doc(Tr {
            en: "suspicious: likely phishing",
            fr: "suspect : probablement de l'hameçonnage",
            it: "sospetto: probabilmente phishing",
            ja: "疑わしい。フィッシングの可能性が高い",
        }),
        _ => None,
    }
}

fn sfv(value: &str) -> Option<Meaning> {
    match value {
        "blk" => doc(Tr {
            en: "filtering skipped and the message blocked: the sender is on the recipient's Blocked Senders list",
            fr: "filtrage ignoré et message bloqué : l'expéditeur figure dans la liste des expéditeurs bloqués du destinataire",
            it: "filtro saltato e messaggio bloccato: il mittente è nell'elenco dei mittenti bloccati del destinatario",
            ja: "フィルターは省略されブロックされました。送信者は受信者の受信拒否リストにあります",
        }),
        "nspm" => doc(Tr {
            en: "not spam",
            fr: "non indésirable",
            it: "non spam",
            ja: "スパムではありません",
        }),
        "sfe" => doc(Tr {
            en: "filtering skipped and the message allowed: the sender is on the recipient's Safe Senders list",
            fr: "filtrage ignoré et message autorisé : l'expéditeur figure dans la liste des expéditeurs approuvés du destinataire",
            it: "filtro saltato e messaggio consentito: il mittente è nell'elenco dei mittenti attendibili del destinatario",
            ja: "フィルターは省略され許可されました。送信者は受信者の信頼できる差出人リストにあります",
        }),
        "ska" => doc(Tr {
            en: "allowed: the sender or domain is on an anti-spam policy's allow list",
            fr: "autorisé : l'expéditeur ou le domaine figure dans la liste d'autorisation d'une stratégie anti-spam",
            it: "consentito: il mittente o il dominio è nell'elenco consentiti di un criterio anti-spam",
            ja: "許可。送信者またはドメインがスパム対策ポリシーの許可リストにあります",
        }),
        "skb" => doc(Tr {
            en: "marked as spam: the sender or domain is on an anti-spam policy's block list",
            fr: "marqué comme indésirable : l'expéditeur ou le domaine figure dans la liste de blocage d'une stratégie anti-spam",
            it: "contrassegnato come spam: il mittente o il dominio è nell'elenco bloccati di un criterio anti-spam",
            ja: "スパムと判定。送信者またはドメインがスパム対策ポリシーの禁止リストにあります",
        }),
        "skn" => doc(Tr {
            en: "marked as not spam before filtering, for example by a mail flow rule setting SCL -1",
            fr: "marqué comme non indésirable avant le filtrage, par exemple par une règle de flux fixant SCL -1",
            it: "contrassegnato come non spam prima del filtro, ad esempio da una regola del flusso di posta che imposta SCL -1",
            ja: "フィルター前にスパムではないと判定 (例: SCL -1 を設定するメール フロー ルール)",
        }),
        "skq" => doc(Tr {
            en: "released from quarantine to the intended recipients",
            fr: "libéré de la quarantaine vers les destinataires prévus",
            it: "rilasciato dalla quarantena ai destinatari previsti",
            ja: "検疫から本来の受信者へ解放されました",
        }),
        "sks" => doc(Tr {
            en: "marked as spam before filtering, for example by a mail flow rule",
            fr: "marqué comme indésirable avant le filtrage, par exemple par une règle de flux",
            it: "contrassegnato come spam prima del filtro, ad esempio da una regola del flusso di posta",
            ja: "フィルター前にスパムと判定 (例: メール フロー ルール)",
        }),
        "spm" => doc(Tr {
            en: "marked as spam by spam filtering",
            fr: "marqué comme indésirable par le filtrage",
            it: "contrassegnato come spam dal filtro",
            ja: "スパム フィルターがスパムと判定しました",
        }),
        "ski" => wild(Tr {
            en: "filtering skipped, typically for mail within the same organization",
            fr: "filtrage ignoré, en général pour du courrier interne à l'organisation",
            it: "filtro saltato, di solito per posta interna all'organizzazione",
            ja: "フィルター省略 (多くは同じ組織内のメール)",
        }),
        "dms" => wild(Tr {
            en: "the spam verdict was ignored because of tenant settings",
            fr: "le verdict indésirable a été ignoré à cause des paramètres du locataire",
            it: "il verdetto spam è stato ignorato per le impostazioni del tenant",
            ja: "テナント設定によりスパム判定が無視されました",
        }),
        _ => None,
    }
}

fn cat(value: &str) -> Option<Meaning> {
    match value {
        "amp" => doc(Tr {
            en: "anti-malware",
            fr: "anti-programme malveillant",
            it: "antimalware",
            ja: "マルウェア対策",
        }),
        "bimp" => doc(Tr {
            en: "brand impersonation (Defender for Office 365)",
            fr: "usurpation de marque (Defender pour Office 365)",
            it: "imitazione del marchio (Defender per Office 365)",
            ja: "ブランドの偽装 (Defender for Office 365)",
        }),
        "bulk" => doc(Tr {
            en: "bulk mail",
            fr: "courrier en nombre",
            it: "posta massiva",
            ja: "バルク メール",
        }),
        "dimp" => doc(Tr {
            en: "domain impersonation (Defender for Office 365)",
            fr: "usurpation de domaine (Defender pour Office 365)",
            it: "imitazione di dominio (Defender per Office 365)",
            ja: "ドメインの偽装 (Defender for Office 365)",
        }),
        "ftbp" => doc(Tr {
            en: "anti-malware common attachments filter",
            fr: "filtre anti-programme malveillant des pièces jointes courantes",
            it: "filtro antimalware degli allegati comuni",
            ja: "マルウェア対策の一般的な添付ファイル フィルター",
        }),
        "gimp" => doc(Tr {
            en: "mailbox intelligence impersonation (Defender for Office 365)",
            fr: "usurpation détectée par l'intelligence de boîte aux lettres (Defender pour Office 365)",
            it: "imitazione rilevata dall'intelligence delle cassette postali (Defender per Office 365)",
            ja: "メールボックス インテリジェンスによる偽装 (Defender for Office 365)",
        }),
        "hphsh" | "hphish" => doc(Tr {
            en: "high confidence phishing",
            fr: "hameçonnage à haut niveau de confiance",
            it: "phishing con alta probabilità",
            ja: "高確度フィッシング",
        }),
        "hspm" => doc(Tr {
            en: "high confidence spam",
            fr: "indésirable à haut niveau de confiance",
            it: "spam con alta probabilità",
            ja: "高確度スパム",
        }),
        "intos" => doc(Tr {
            en: "intra-organization phishing",
            fr: "hameçonnage interne à l'organisation",
            it: "phishing interno all'organizzazione",
            ja: "組織内フィッシング",
        }),
        "malw" => doc(Tr {
            en: "malware",
            fr: "programme malveillant",
            it: "malware",
            ja: "マルウェア",
        }),
        "ospm" => doc(Tr {
            en: "outbound spam",
            fr: "courrier indésirable sortant",
            it: "spam in uscita",
            ja: "送信スパム",
        }),
        "phsh" => doc(Tr {
            en: "phishing",
            fr: "hameçonnage",
            it: "phishing",
            ja: "フィッシング",
        }),
        "sap" => doc(Tr {
            en: "Safe Attachments (Defender for Office 365)",
            fr: "Pièces jointes fiables (Defender pour Office 365)",
            it: "Allegati sicuri (Defender per Office 365)",
            ja: "安全な添付ファイル (Defender for Office 365)",
        }),
        "spm" => doc(Tr {
            en: "spam",
            fr: "courrier indésirable",
            it: "spam",
            ja: "スパム",
        }),
        "spoof" => doc(Tr {
            en: "spoofing",
            fr: "usurpation d'identité (spoofing)",
            it: "spoofing",
            ja: "なりすまし",
        }),
        "uimp" => doc(Tr {
            en: "user impersonation (Defender for Office 365)",
            fr: "usurpation d'utilisateur (Defender pour Office 365)",
            it: "imitazione di utente (Defender per Office 365)",
            ja: "ユーザーの偽装 (Defender for Office 365)",
        }),
        "none" => wild(Tr {
            en: "no category: the message was found clean",
            fr: "aucune catégorie : le message a été jugé sain",
            it: "nessuna categoria: il messaggio è risultato pulito",
            ja: "カテゴリなし。問題のないメッセージと判定されました",
        }),
        _ => None,
    }
}

/// What a stamp field as a whole is.
pub fn field_meaning(field: &str) -> Option<Tr> {
    Some(match field {
        "x-forefront-antispam-report" | "x-forefront-antispam-report-untrusted" => Tr {
            en: "X-Forefront-Antispam-Report: Microsoft 365's record of how its filters judged the message",
            fr: "X-Forefront-Antispam-Report : le relevé par Microsoft 365 du jugement de ses filtres sur le message",
            it: "X-Forefront-Antispam-Report: il resoconto di Microsoft 365 su come i suoi filtri hanno giudicato il messaggio",
            ja: "X-Forefront-Antispam-Report: Microsoft 365 のフィルターによる判定の記録",
        },
        "x-microsoft-antispam" | "x-microsoft-antispam-untrusted" => Tr {
            en: "X-Microsoft-Antispam: Microsoft 365's bulk and phishing levels",
            fr: "X-Microsoft-Antispam : les niveaux d'envoi en nombre et d'hameçonnage de Microsoft 365",
            it: "X-Microsoft-Antispam: i livelli di posta massiva e di phishing di Microsoft 365",
            ja: "X-Microsoft-Antispam: Microsoft 365 のバルクとフィッシングのレベル",
        },
        "x-microsoft-antispam-mailbox-delivery" => Tr {
            en: "X-Microsoft-Antispam-Mailbox-Delivery: how the mailbox delivered the message (folder, rules); not documented by Microsoft",
            fr: "X-Microsoft-Antispam-Mailbox-Delivery : comment la boîte a remis le message (dossier, règles) ; non documenté par Microsoft",
            it: "X-Microsoft-Antispam-Mailbox-Delivery: come la cassetta ha recapitato il messaggio (cartella, regole); non documentato da Microsoft",
            ja: "X-Microsoft-Antispam-Mailbox-Delivery: メールボックスでの配信方法 (フォルダー、ルール)。Microsoft は文書化していません",
        },
        "x-ms-exchange-organization-scl" => Tr {
            en: "X-MS-Exchange-Organization-SCL: the spam confidence level Exchange acted on",
            fr: "X-MS-Exchange-Organization-SCL : le niveau SCL selon lequel Exchange a agi",
            it: "X-MS-Exchange-Organization-SCL: il livello SCL in base al quale Exchange ha agito",
            ja: "X-MS-Exchange-Organization-SCL: Exchange が処理に使ったスパム信頼度",
        },
        "x-ms-exchange-organization-pcl" => Tr {
            en: "X-MS-Exchange-Organization-PCL: the phishing confidence level Exchange assigned",
            fr: "X-MS-Exchange-Organization-PCL : le niveau de confiance d'hameçonnage attribué par Exchange",
            it: "X-MS-Exchange-Organization-PCL: il livello di probabilità di phishing assegnato da Exchange",
            ja: "X-MS-Exchange-Organization-PCL: Exchange が付けたフィッシング信頼度",
        },
        "x-spam-status" => Tr {
            en: "X-Spam-Status: SpamAssassin's verdict, score, threshold and the rules that fired",
            fr: "X-Spam-Status : le verdict de SpamAssassin, son score, son seuil et les règles déclenchées",
            it: "X-Spam-Status: il verdetto di SpamAssassin, il punteggio, la soglia e le regole attivate",
            ja: "X-Spam-Status: SpamAssassin の判定、スコア、しきい値、該当したルール",
        },
        "x-spam-flag" => Tr {
            en: "X-Spam-Flag: set to YES by SpamAssassin when the score reaches the threshold",
            fr: "X-Spam-Flag : mis à YES par SpamAssassin quand le score atteint le seuil",
            it: "X-Spam-Flag: impostato a YES da SpamAssassin quando il punteggio raggiunge la soglia",
            ja: "X-Spam-Flag: スコアがしきい値に達すると SpamAssassin が YES にします",
        },
        _ => return None,
    })
}

pub const UNTRUSTED_COPY: Tr = Tr {
    en: "The -Untrusted variant was stamped by another Microsoft 365 organization the message passed through; it does not decide delivery here.",
    fr: "La variante -Untrusted a été apposée par une autre organisation Microsoft 365 traversée par le message ; elle ne décide pas de la remise ici.",
    it: "La variante -Untrusted è stata apposta da un'altra organizzazione Microsoft 365 attraversata dal messaggio; qui non decide il recapito.",
    ja: "-Untrusted 付きのものは、メッセージが経由した別の Microsoft 365 組織が記録したもので、ここでの配信は左右しません。",
};

pub const SPAM_YES: Tr = Tr {
    en: "SpamAssassin judged the message spam: score {score} reached the threshold {required}",
    fr: "SpamAssassin a jugé le message indésirable : le score {score} a atteint le seuil {required}",
    it: "SpamAssassin ha giudicato il messaggio spam: il punteggio {score} ha raggiunto la soglia {required}",
    ja: "SpamAssassin はスパムと判定しました。スコア {score} がしきい値 {required} に達しています",
};

pub const SPAM_NO: Tr = Tr {
    en: "SpamAssassin did not judge the message spam: score {score} below the threshold {required}",
    fr: "SpamAssassin n'a pas jugé le message indésirable : score {score} sous le seuil {required}",
    it: "SpamAssassin non ha giudicato il messaggio spam: punteggio {score} sotto la soglia {required}",
    ja: "SpamAssassin はスパムと判定しませんでした。スコア {score} はしきい値 {required} 未満です",
};

pub const SPAM_FLAG_YES: Tr = Tr {
    en: "SpamAssassin flagged the message as spam",
    fr: "SpamAssassin a signalé le message comme indésirable",
    it: "SpamAssassin ha segnalato il messaggio come spam",
    ja: "SpamAssassin はスパムとしてフラグを付けました",
};

pub const SPAM_FLAG_NO: Tr = Tr {
    en: "SpamAssassin did not flag the message as spam",
    fr: "SpamAssassin n'a pas signalé le message comme indésirable",
    it: "SpamAssassin non ha segnalato il messaggio come spam",
    ja: "SpamAssassin はスパムのフラグを付けませんでした",
};

pub const RULES: Tr = Tr {
    en: "rules that fired",
    fr: "règles déclenchées",
    it: "regole attivate",
    ja: "該当したルール",
};

/// A SpamAssassin rule family, by the naming conventions of the stock rule set.
pub fn spamassassin_rule(rule: &str) -> Tr {
    const FAMILIES: &[(&str, Tr)] = &[
        (
            "BAYES_",
            Tr {
                en: "Bayesian classifier: the number is the spam probability in percent (BAYES_99: 99 to 100%)",
                fr: "classifieur bayésien : le nombre est la probabilité de spam en pourcentage (BAYES_99 : 99 à 100 %)",
                it: "classificatore bayesiano: il numero è la probabilità di spam in percentuale (BAYES_99: dal 99 al 100%)",
                ja: "ベイズ分類器。数字はスパム確率 (%) です (BAYES_99 は 99〜100%)",
            },
        ),
        (
            "DKIM_",
            Tr {
                en: "DKIM signature check (DKIM_VALID, DKIM_INVALID, DKIM_SIGNED …)",
                fr: "vérification de signature DKIM (DKIM_VALID, DKIM_INVALID, DKIM_SIGNED …)",
                it: "verifica della firma DKIM (DKIM_VALID, DKIM_INVALID, DKIM_SIGNED …)",
                ja: "DKIM 署名の検査 (DKIM_VALID、DKIM_INVALID、DKIM_SIGNED など)",
            },
        ),
        (
            "SPF_",
            Tr {
                en: "SPF result (SPF_PASS, SPF_FAIL, SPF_SOFTFAIL …; SPF_HELO_ for the HELO name)",
                fr: "résultat SPF (SPF_PASS, SPF_FAIL, SPF_SOFTFAIL … ; SPF_HELO_ pour le nom HELO)",
                it: "risultato SPF (SPF_PASS, SPF_FAIL, SPF_SOFTFAIL …; SPF_HELO_ per il nome HELO)",
                ja: "SPF の結果 (SPF_PASS、SPF_FAIL、SPF_SOFTFAIL など。SPF_HELO_ は HELO 名)",
            },
        ),
        (
            "DMARC_",
            Tr {
                en: "DMARC result",
                fr: "résultat DMARC",
                it: "risultato DMARC",
                ja: "DMARC の結果",
            },
        ),
        (
            "RCVD_IN_",
            Tr {
                en: "a relaying IP is listed on a DNS block or allow list",
                fr: "une IP de relais figure dans une liste DNS de blocage ou d'autorisation",
                it: "un IP di inoltro è presente in una lista DNS di blocco o di autorizzazione",
                ja: "中継 IP が DNS のブロック/許可リストに載っています",
            },
        ),
        (
            "URIBL_",
            Tr {
                en: "a link's domain is listed on a URI block list",
                fr: "le domaine d'un lien figure dans une liste de blocage d'URI",
                it: "il dominio di un link è in una lista di blocco di URI",
                ja: "リンク先ドメインが URI ブロック リストに載っています",
            },
        ),
        (
            "HTML_",
            Tr {
                en: "HTML structure heuristic",
                fr: "heuristique sur la structure HTML",
                it: "euristica sulla struttura HTML",
                ja: "HTML 構造のヒューリスティック",
            },
        ),
        (
            "FREEMAIL_",
            Tr {
                en: "sent from, or replying to, a free mail provider",
                fr: "envoyé depuis un service de messagerie gratuit, ou réponse vers un tel service",
                it: "inviato da un servizio di posta gratuito, o risposta verso di esso",
                ja: "フリーメール サービスから送信、または返信先がフリーメール",
            },
        ),
        (
            "MISSING_",
            Tr {
                en: "a usual header field is missing",
                fr: "un en-tête habituel manque",
                it: "manca un'intestazione abituale",
                ja: "通常あるヘッダーがありません",
            },
        ),
        (
            "T_",
            Tr {
                en: "a rule still in testing, with a low score",
                fr: "une règle encore en test, au score faible",
                it: "una regola ancora in prova, con punteggio basso",
                ja: "テスト中のルール (スコアは低め)",
            },
        ),
    ];
    FAMILIES
        .iter()
        .find(|(prefix, _)| rule.starts_with(prefix))
        .map(|(_, tr)| *tr)
        .unwrap_or(Tr {
            en: "a SpamAssassin rule; its description is in the rule set (describe line)",
            fr: "une règle SpamAssassin ; sa description figure dans le jeu de règles (ligne describe)",
            it: "una regola di SpamAssassin; la sua descrizione è nel set di regole (riga describe)",
            ja: "SpamAssassin のルール。説明はルール セット (describe 行) にあります",
        })
}

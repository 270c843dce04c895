//! Sentences about DKIM-Signature, ARC-Seal and ARC-Message-Signature tags and their problems.

use crate::lang::Tr;

/// What a tag means (RFC 6376 §3.5, RFC 8617 §4.1).
pub fn tag_meaning(tag: &str) -> Option<Tr> {
    Some(match tag {
        "v" => Tr {
            en: "version of the signature format; must be 1",
            fr: "version du format de signature ; doit valoir 1",
            it: "versione del formato di firma; deve essere 1",
            ja: "署名形式のバージョン。1 でなければなりません",
        },
        "a" => Tr {
            en: "signing algorithm: rsa-sha256, or ed25519-sha256 (RFC 8463); rsa-sha1 is forbidden by RFC 8301",
            fr: "algorithme de signature : rsa-sha256, ou ed25519-sha256 (RFC 8463) ; rsa-sha1 est interdit par la RFC 8301",
            it: "algoritmo di firma: rsa-sha256, oppure ed25519-sha256 (RFC 8463); rsa-sha1 è vietato dalla RFC 8301",
            ja: "署名アルゴリズム。rsa-sha256 または ed25519-sha256 (RFC 8463)。rsa-sha1 は RFC 8301 で禁止されています",
        },
        "b" => Tr {
            en: "the signature itself, in base64",
            fr: "la signature elle-même, en base64",
            it: "la firma vera e propria, in base64",
            ja: "署名本体 (base64)",
        },
        "bh" => Tr {
            en: "hash of the canonicalized body, in base64; a mismatch means the body changed after signing",
            fr: "empreinte du corps canonisé, en base64 ; une différence signifie que le corps a changé après la signature",
            it: "hash del corpo canonicalizzato, in base64; una differenza indica che il corpo è cambiato dopo la firma",
            ja: "正規化した本文のハッシュ (base64)。一致しなければ署名後に本文が変わっています",
        },
        "c" => Tr {
            en: "canonicalization of headers/body: simple or relaxed (default simple/simple); relaxed survives whitespace changes",
            fr: "canonisation en-têtes/corps : simple ou relaxed (simple/simple par défaut) ; relaxed résiste aux changements d'espaces",
            it: "canonicalizzazione intestazioni/corpo: simple o relaxed (predefinito simple/simple); relaxed tollera le modifiche agli spazi",
            ja: "ヘッダー/本文の正規化方式 (simple または relaxed、既定は simple/simple)。relaxed は空白の変化に耐えます",
        },
        "d" => Tr {
            en: "signing domain (SDID); DMARC needs it aligned with the From domain",
            fr: "domaine signataire (SDID) ; DMARC exige qu'il soit aligné sur le domaine From",
            it: "dominio firmatario (SDID); DMARC richiede che sia allineato con il dominio From",
            ja: "署名ドメイン (SDID)。DMARC では From ドメインとのアラインが必要です",
        },
        "h" => Tr {
            en: "signed header fields, colon-separated; From must be among them, and listing a field more times than it appears prevents adding one later",
            fr: "en-têtes signés, séparés par des deux-points ; From doit y figurer, et citer un en-tête plus de fois qu'il n'apparaît empêche d'en ajouter un ensuite",
            it: "intestazioni firmate, separate da due punti; From deve esserci, e indicare un'intestazione più volte di quante compaia impedisce di aggiungerne altre in seguito",
            ja: "署名対象のヘッダー (コロン区切り)。From を必ず含みます。実際より多く列挙すると後からの追加を防げます",
        },
        "i" => Tr {
            en: "agent or user identifier (AUID): the signing domain, a subdomain or an address under it; in ARC headers, the instance number",
            fr: "identifiant d'agent ou d'utilisateur (AUID) : le domaine signataire, un sous-domaine ou une adresse de ce domaine ; dans les en-têtes ARC, le numéro d'instance",
            it: "identificativo di agente o utente (AUID): il dominio firmatario, un sottodominio o un indirizzo sotto di esso; nelle intestazioni ARC, il numero di istanza",
            ja: "エージェント/ユーザー ID (AUID)。署名ドメインかそのサブドメイン、または配下のアドレス。ARC ヘッダーではインスタンス番号です",
        },
        "l" => Tr {
            en: "body length: only this many bytes of the body are signed",
            fr: "longueur du corps : seuls ces octets du corps sont signés",
            it: "lunghezza del corpo: solo questi byte del corpo sono firmati",
            ja: "本文長。本文のうちこのバイト数だけが署名対象です",
        },
        "q" => Tr {
            en: "how to fetch the public key: dns/txt (the default and only defined method)",
            fr: "comment obtenir la clé publique : dns/txt (la valeur par défaut et la seule définie)",
            it: "come ottenere la chiave pubblica: dns/txt (il valore predefinito e l'unico definito)",
            ja: "公開鍵の取得方法。dns/txt (既定かつ唯一の定義済み方式)",
        },
        "s" => Tr {
            en: "selector: the public key is published in TXT at selector._domainkey.domain",
            fr: "sélecteur : la clé publique est publiée en TXT à sélecteur._domainkey.domaine",
            it: "selettore: la chiave pubblica è pubblicata in TXT in selettore._domainkey.dominio",
            ja: "セレクター。公開鍵は セレクター._domainkey.ドメイン の TXT に公開されています",
        },
        "t" => Tr {
            en: "signature timestamp, in seconds since 1970 (UTC)",
            fr: "horodatage de la signature, en secondes depuis 1970 (UTC)",
            it: "marca temporale della firma, in secondi dal 1970 (UTC)",
            ja: "署名時刻 (1970 年からの秒数、UTC)",
        },
        "x" => Tr {
            en: "signature expiration, in seconds since 1970 (UTC); must be later than t=",
            fr: "expiration de la signature, en secondes depuis 1970 (UTC) ; doit être postérieure à t=",
            it: "scadenza della firma, in secondi dal 1970 (UTC); deve essere successiva a t=",
            ja: "署名の有効期限 (1970 年からの秒数、UTC)。t= より後でなければなりません",
        },
        "z" => Tr {
            en: "copies of the signed header fields as they were at signing, for diagnosis",
            fr: "copies des en-têtes signés tels qu'ils étaient à la signature, pour le diagnostic",
            it: "copie delle intestazioni firmate com'erano al momento della firma, per la diagnosi",
            ja: "署名時点の署名対象ヘッダーの写し (診断用)",
        },
        "cv" => Tr {
            en: "chain validation status the sealer found: none (only for i=1), pass, or fail (the chain is broken and stays so)",
            fr: "état de validation de la chaîne constaté par le scelleur : none (seulement pour i=1), pass, ou fail (la chaîne est rompue pour de bon)",
            it: "stato di validazione della catena rilevato dal sigillatore: none (solo per i=1), pass, o fail (la catena è rotta definitivamente)",
            ja: "シール元が確認したチェーン検証状態。none (i=1 のみ)、pass、fail (チェーンは壊れたまま)",
        },
        _ => return None,
    })
}

pub const UNKNOWN_TAG: Tr = Tr {
    en: "`{tag}` is not a tag of this signature format; verifiers ignore it",
    fr: "`{tag}` n'est pas une balise de ce format de signature ; les vérificateurs l'ignorent",
    it: "`{tag}` non è un tag di questo formato di firma; i verificatori lo ignorano",
    ja: "`{tag}` はこの署名形式のタグではありません。検証側は無視します",
};

pub const DKIM_SIGNATURE: Tr = Tr {
    en: "A DKIM signature (RFC 6376) by {d}, selector {s}. It is checked against the public key in DNS; the verdict is in Authentication-Results.",
    fr: "Une signature DKIM (RFC 6376) de {d}, sélecteur {s}. Elle se vérifie avec la clé publique du DNS ; le verdict figure dans Authentication-Results.",
    it: "Una firma DKIM (RFC 6376) di {d}, selettore {s}. Si verifica con la chiave pubblica nel DNS; il verdetto è in Authentication-Results.",
    ja: "{d} による DKIM 署名 (RFC 6376)、セレクター {s}。DNS の公開鍵で検証され、判定は Authentication-Results にあります。",
};

pub const ARC_SEAL: Tr = Tr {
    en: "ARC seal (RFC 8617) of instance {i} by {d}: it signs the ARC headers of this and earlier instances, so a later receiver can trust the results this hop saw.",
    fr: "Sceau ARC (RFC 8617) d'instance {i} par {d} : il signe les en-têtes ARC de cette instance et des précédentes, pour qu'un destinataire ultérieur puisse se fier aux résultats vus à ce saut.",
    it: "Sigillo ARC (RFC 8617) di istanza {i} da parte di {d}: firma le intestazioni ARC di questa istanza e delle precedenti, così un ricevente successivo può fidarsi dei risultati visti in questo passaggio.",
    ja: "{d} による ARC シール (RFC 8617、インスタンス {i})。このインスタンスと以前の ARC ヘッダーに署名し、後の受信者がこのホップの認証結果を信頼できるようにします。",
};

pub const ARC_MESSAGE_SIGNATURE: Tr = Tr {
    en: "ARC message signature (RFC 8617) of instance {i} by {d}: a DKIM-like signature of the message as this hop passed it on.",
    fr: "Signature de message ARC (RFC 8617) d'instance {i} par {d} : une signature de type DKIM du message tel que ce saut l'a transmis.",
    it: "Firma del messaggio ARC (RFC 8617) di istanza {i} da parte di {d}: una firma simile a DKIM del messaggio così come questo passaggio l'ha inoltrato.",
    ja: "{d} による ARC メッセージ署名 (RFC 8617、インスタンス {i})。このホップが転送した時点のメッセージに対する DKIM 風の署名です。",
};

pub const UNKNOWN_VALUE: Tr = Tr {
    en: "(unknown)",
    fr: "(inconnu)",
    it: "(sconosciuto)",
    ja: "(不明)",
};

pub const MISSING_TAGS: Tr = Tr {
    en: "{field} lacks required tags {tags}: no verifier can accept it",
    fr: "{field} n'a pas les balises obligatoires {tags} : aucun vérificateur ne peut l'accepter",
    it: "{field} non ha i tag obbligatori {tags}: nessun verificatore può accettarla",
    ja: "{field} に必須タグ {tags} がありません。どの検証側も受け入れられません",
};

pub const DUPLICATE_TAG: Tr = Tr {
    en: "tag {tag}= appears twice: the signature is invalid (RFC 6376 §3.2)",
    fr: "la balise {tag}= apparaît deux fois : la signature est invalide (RFC 6376 §3.2)",
    it: "il tag {tag}= compare due volte: la firma non è valida (RFC 6376 §3.2)",
    ja: "タグ {tag}= が 2 回あります。署名は無効です (RFC 6376 §3.2)",
};

pub const BAD_VERSION: Tr = Tr {
    en: "v={value}: only version 1 exists, so verifiers reject this signature",
    fr: "v={value} : seule la version 1 existe, les vérificateurs rejettent donc cette signature",
    it: "v={value}: esiste solo la versione 1, quindi i verificatori rifiutano questa firma",
    ja: "v={value}: バージョン 1 しか存在しないため、検証側はこの署名を拒否します",
};

pub const SHA1: Tr = Tr {
    en: "a=rsa-sha1: RFC 8301 forbids SHA-1 for signing and verifying, so receivers treat this signature as failed; sign with rsa-sha256",
    fr: "a=rsa-sha1 : la RFC 8301 interdit SHA-1 pour signer comme pour vérifier, les destinataires considèrent donc cette signature comme en échec ; signez avec rsa-sha256",
    it: "a=rsa-sha1: la RFC 8301 vieta SHA-1 sia per firmare sia per verificare, quindi i riceventi considerano fallita questa firma; firma con rsa-sha256",
    ja: "a=rsa-sha1: RFC 8301 は署名にも検証にも SHA-1 を禁じているため、受信側はこの署名を失敗とみなします。rsa-sha256 で署名してください",
};

pub const BODY_LENGTH: Tr = Tr {
    en: "l={value}: only the first {value} bytes of the body are signed, so anyone can append content that still verifies (RFC 6376 §8.2); sign the whole body",
    fr: "l={value} : seuls les {value} premiers octets du corps sont signés, n'importe qui peut donc ajouter du contenu qui restera valide (RFC 6376 §8.2) ; signez tout le corps",
    it: "l={value}: solo i primi {value} byte del corpo sono firmati, quindi chiunque può aggiungere contenuto che resta valido (RFC 6376 §8.2); firma tutto il corpo",
    ja: "l={value}: 本文の先頭 {value} バイトしか署名されていないため、誰でも検証を通る内容を追記できます (RFC 6376 §8.2)。本文全体に署名してください",
};

pub const EXPIRES_BEFORE_TIMESTAMP: Tr = Tr {
    en: "x= ({x}) is not later than t= ({t}): RFC 6376 requires the expiration to follow the signing time, so the signature is invalid",
    fr: "x= ({x}) n'est pas postérieur à t= ({t}) : la RFC 6376 exige que l'expiration suive l'heure de signature, la signature est donc invalide",
    it: "x= ({x}) non è successivo a t= ({t}): la RFC 6376 richiede che la scadenza segua l'ora di firma, quindi la firma non è valida",
    ja: "x= ({x}) が t= ({t}) より後ではありません。RFC 6376 は有効期限が署名時刻より後であることを求めるため、署名は無効です",
};

pub const EXPIRED_AT_DATE: Tr = Tr {
    en: "x= ({x}) is earlier than the message Date: ({date}): the signature had expired when the message was written, so verifiers will not accept it",
    fr: "x= ({x}) est antérieur à la Date: du message ({date}) : la signature avait expiré quand le message a été écrit, les vérificateurs la refuseront",
    it: "x= ({x}) è precedente alla Date: del messaggio ({date}): la firma era scaduta quando il messaggio è stato scritto, quindi i verificatori non la accetteranno",
    ja: "x= ({x}) がメッセージの Date: ({date}) より前です。作成時点で署名は期限切れのため、検証側は受け入れません",
};

pub const TIMESTAMP_AFTER_DATE: Tr = Tr {
    en: "t= ({t}) is more than an hour after the message Date: ({date}): a clock is wrong on the signer or the sender, or the message was signed again later; verifiers may ignore signatures from the future",
    fr: "t= ({t}) dépasse de plus d'une heure la Date: du message ({date}) : une horloge est fausse chez le signataire ou l'expéditeur, ou le message a été signé de nouveau plus tard ; les vérificateurs peuvent ignorer les signatures venues du futur",
    it: "t= ({t}) supera di oltre un'ora la Date: del messaggio ({date}): un orologio è sbagliato presso il firmatario o il mittente, oppure il messaggio è stato firmato di nuovo più tardi; i verificatori possono ignorare le firme dal futuro",
    ja: "t= ({t}) がメッセージの Date: ({date}) より 1 時間以上後です。署名側か送信側の時計がずれているか、後で署名し直されています。検証側は未来の署名を無視することがあります",
};

pub const FROM_NOT_SIGNED: Tr = Tr {
    en: "h= does not list From: RFC 6376 requires the From field to be signed, so verifiers reject this signature",
    fr: "h= ne cite pas From : la RFC 6376 exige que l'en-tête From soit signé, les vérificateurs rejettent donc cette signature",
    it: "h= non elenca From: la RFC 6376 richiede che l'intestazione From sia firmata, quindi i verificatori rifiutano questa firma",
    ja: "h= に From が含まれていません。RFC 6376 は From の署名を必須としているため、検証側はこの署名を拒否します",
};

pub const NOT_ALIGNED: Tr = Tr {
    en: "d={d} is not aligned with the From domain {from}: even when it verifies, this signature cannot make DMARC pass; common when a service signs with its own domain",
    fr: "d={d} n'est pas aligné sur le domaine From {from} : même valide, cette signature ne peut pas faire réussir DMARC ; fréquent quand un service signe avec son propre domaine",
    it: "d={d} non è allineato con il dominio From {from}: anche se valida, questa firma non può far superare DMARC; capita quando un servizio firma con il proprio dominio",
    ja: "d={d} は From ドメイン {from} とアラインしていません。検証に成功しても、この署名では DMARC は合格しません。サービスが自社ドメインで署名する場合によくあります",
};

pub const ARC_DUPLICATE: Tr = Tr {
    en: "{field} instance i={i} appears more than once: the ARC chain is invalid (RFC 8617 §5.1.1)",
    fr: "l'instance i={i} de {field} apparaît plusieurs fois : la chaîne ARC est invalide (RFC 8617 §5.1.1)",
    it: "l'istanza i={i} di {field} compare più volte: la catena ARC non è valida (RFC 8617 §5.1.1)",
    ja: "{field} のインスタンス i={i} が重複しています。ARC チェーンは無効です (RFC 8617 §5.1.1)",
};

pub const ARC_GAP: Tr = Tr {
    en: "ARC instances must run from 1 without gaps, but {missing} is missing: the chain is invalid",
    fr: "les instances ARC doivent se suivre à partir de 1 sans trou, mais {missing} manque : la chaîne est invalide",
    it: "le istanze ARC devono susseguirsi da 1 senza buchi, ma manca {missing}: la catena non è valida",
    ja: "ARC インスタンスは 1 から欠番なく続く必要がありますが、{missing} がありません。チェーンは無効です",
};

pub const ARC_INCOMPLETE: Tr = Tr {
    en: "ARC set i={i} lacks {missing}: every instance needs an ARC-Seal, an ARC-Message-Signature and an ARC-Authentication-Results",
    fr: "le jeu ARC i={i} n'a pas de {missing} : chaque instance exige un ARC-Seal, un ARC-Message-Signature et un ARC-Authentication-Results",
    it: "il set ARC i={i} non ha {missing}: ogni istanza richiede un ARC-Seal, un ARC-Message-Signature e un ARC-Authentication-Results",
    ja: "ARC セット i={i} に {missing} がありません。各インスタンスには ARC-Seal、ARC-Message-Signature、ARC-Authentication-Results が必要です",
};

pub const ARC_RANGE: Tr = Tr {
    en: "ARC instance i={i} is outside 1 to 50 (RFC 8617 §4.2.1): the chain is invalid",
    fr: "l'instance ARC i={i} est hors de l'intervalle 1 à 50 (RFC 8617 §4.2.1) : la chaîne est invalide",
    it: "l'istanza ARC i={i} è fuori dall'intervallo da 1 a 50 (RFC 8617 §4.2.1): la catena non è valida",
    ja: "ARC インスタンス i={i} が 1〜50 の範囲外です (RFC 8617 §4.2.1)。チェーンは無効です",
};

pub const ARC_CV_FAIL: Tr = Tr {
    en: "cv=fail: the sealer of instance {i} found the ARC chain broken; it stays broken, so no receiver can use ARC to override a DMARC failure",
    fr: "cv=fail : le scelleur de l'instance {i} a trouvé la chaîne ARC rompue ; elle le reste, aucun destinataire ne peut donc s'appuyer sur ARC pour passer outre un échec DMARC",
    it: "cv=fail: il sigillatore dell'istanza {i} ha trovato la catena ARC rotta; resta rotta, quindi nessun ricevente può usare ARC per superare un fallimento DMARC",
    ja: "cv=fail: インスタンス {i} のシール元は ARC チェーンが壊れていると判断しました。以後も壊れたままなので、受信側は ARC で DMARC の失敗を上書きできません",
};

pub const ARC_CV_NONE_LATER: Tr = Tr {
    en: "cv=none on instance {i}: only the first instance may say none; a later sealer must report pass or fail, so the chain is invalid",
    fr: "cv=none sur l'instance {i} : seule la première instance peut indiquer none ; un scelleur ultérieur doit indiquer pass ou fail, la chaîne est donc invalide",
    it: "cv=none sull'istanza {i}: solo la prima istanza può indicare none; un sigillatore successivo deve indicare pass o fail, quindi la catena non è valida",
    ja: "インスタンス {i} で cv=none です。none を使えるのは最初のインスタンスだけで、以降のシール元は pass か fail を示す必要があるため、チェーンは無効です",
};

pub const ARC_CV_FIRST: Tr = Tr {
    en: "cv={cv} on instance 1: the first sealer has no chain to validate and must write cv=none",
    fr: "cv={cv} sur l'instance 1 : le premier scelleur n'a aucune chaîne à valider et doit écrire cv=none",
    it: "cv={cv} sull'istanza 1: il primo sigillatore non ha catene da validare e deve scrivere cv=none",
    ja: "インスタンス 1 で cv={cv} です。最初のシール元には検証するチェーンがないため、cv=none と書く必要があります",
};
